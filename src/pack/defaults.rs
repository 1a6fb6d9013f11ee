//! What a pack may leave out and gets on load: entry ids derived from the
//! terms, and the sentence of the text an entry comes from.

use std::collections::HashSet;
use std::ops::Range;

use super::model::{Pack, derive_id};

/// Gives every entry without an id one derived from its term, unique in
/// the pack: `manteau`, then `manteau-noun` for a second `manteau`, then
/// `manteau-2`… Ids given in the file are never changed.
pub fn fill_ids(pack: &mut Pack) {
    let mut taken: HashSet<String> = pack
        .glossary
        .iter()
        .filter(|e| !e.id.is_empty())
        .map(|e| e.id.to_string())
        .collect();
    for (i, e) in pack.glossary.iter_mut().enumerate() {
        if !e.id.is_empty() {
            continue;
        }
        let base = derive_id(&e.term);
        let base = if base.is_empty() {
            format!("entry-{}", i + 1)
        } else {
            base
        };
        let mut id = base.clone();
        if taken.contains(&id) {
            id = format!("{base}-{}", e.pos.name());
        }
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(id.clone());
        e.id = id.into();
    }
}

/// Characters that end a sentence.
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// The sentence of `text` around byte `at`: from after the previous
/// sentence end (`.`, `!`, `?`, `…` followed by white space) or line break,
/// to the next sentence end (closing quotes and brackets included) or line
/// break, without surrounding white space.
pub fn sentence_around(text: &str, at: usize) -> Range<usize> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let mut start = 0;
    let mut prev_end = false;
    let mut last_space_after_end = None;
    for (i, c) in before.char_indices() {
        if c == '\n' {
            start = i + 1;
            prev_end = false;
            last_space_after_end = None;
            continue;
        }
        if c.is_whitespace() {
            if prev_end && last_space_after_end.is_none() {
                last_space_after_end = Some(i);
            }
            continue;
        }
        if let Some(s) = last_space_after_end.take() {
            start = s;
        }
        prev_end = ends_sentence(c) || (prev_end && is_closing(c));
    }
    // The word starts a sentence: the previous one ended just before it.
    if let Some(s) = last_space_after_end {
        start = s;
    }
    let mut end = text.len();
    let mut in_end = false;
    for (i, c) in text[at..].char_indices() {
        let i = at + i;
        if c == '\n' {
            end = i;
            break;
        }
        if ends_sentence(c) || (in_end && is_closing(c)) {
            in_end = true;
            continue;
        }
        if in_end {
            if c.is_whitespace() && !is_no_break(c) {
                end = i;
                break;
            }
            in_end = false;
        }
    }
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    (start + lead).min(end - trail)..end - trail
}

/// Closing punctuation that belongs to the sentence it follows, and the
/// no-break spaces French puts before it.
fn is_closing(c: char) -> bool {
    matches!(c, '»' | '"' | '”' | ')' | ']' | '’' | '\'') || is_no_break(c)
}

fn is_no_break(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Str;

    fn around(text: &str, word: &str) -> String {
        let at = text.find(word).unwrap_or(0);
        text[sentence_around(text, at)].to_string()
    }

    #[test]
    fn finds_the_sentence_of_a_word() {
        let t = "Le mois dernier, j'ai été interrogé. On m'a dit que je pouvais être responsable ! Cela a été surprenant : \n\n1. Telegram a un représentant.";
        assert_eq!(
            around(t, "interrogé"),
            "Le mois dernier, j'ai été interrogé."
        );
        assert_eq!(
            around(t, "pouvais"),
            "On m'a dit que je pouvais être responsable !"
        );
        assert_eq!(around(t, "surprenant"), "Cela a été surprenant :");
        assert_eq!(around(t, "représentant"), "Telegram a un représentant.");
        assert_eq!(around(t, "Le mois"), "Le mois dernier, j'ai été interrogé.");
    }

    #[test]
    fn a_word_that_starts_a_sentence_gets_that_sentence() {
        let t = "Il pleut. Mon manteau est mouillé !";
        assert_eq!(around(t, "Mon"), "Mon manteau est mouillé !");
    }

    #[test]
    fn keeps_closing_quotes_and_glued_sentences() {
        let t = "Il a dit « Adresse Telegram UE ». Puis rien.";
        assert_eq!(around(t, "Adresse"), "Il a dit « Adresse Telegram UE ».");
        let t = "entre confidentialité et sécurité.Dans ces cas-là, nous partons.";
        assert_eq!(
            around(t, "partons"),
            "entre confidentialité et sécurité.Dans ces cas-là, nous partons."
        );
        assert_eq!(around("", "x"), "");
    }

    #[test]
    fn derived_ids_are_unique() {
        use crate::pack::{Entry, Pos};
        let entry = |id: &str, term: &str, pos| Entry {
            id: id.into(),
            term: term.into(),
            pos,
            gender: None,
            en: Str::EMPTY,
            extras: None,
            forms: Default::default(),
            sentence: Str::EMPTY,
            drill: true,
            todo: false,
        };
        let mut pack: Pack = toml::from_str(
            "[pack]\nid='p'\ntitle='T'\nauthor='A'\ndate='2024'\n[text]\nbody='x'\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        pack.glossary = vec![
            entry("", "Forces de l'ordre", Pos::Expression),
            entry("", "être", Pos::Verb),
            entry("", "être", Pos::Noun),
            entry("être-noun", "x", Pos::Noun),
            entry("", "…", Pos::Noun),
        ];
        fill_ids(&mut pack);
        let ids: Vec<&str> = pack.glossary.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "forces-de-l-ordre",
                "être",
                "être-2",
                "être-noun",
                "entry-5"
            ]
        );
    }

    #[test]
    fn a_pack_may_leave_out_ids_and_sentences() {
        let source = "[pack]\nid = 'p'\ntitle = 'T'\nauthor = 'A'\ndate = '2024'\n\n[text]\nbody = \"\"\"\nIl pleut. Mon manteau est mouillé !\n\nLe vent souffle.\"\"\"\n\n[[glossary]]\nterm = 'manteau'\npos = 'noun'\ngender = 'm'\nen = 'coat'\nforms = ['manteau']\n\n[[glossary]]\nterm = 'souffler'\npos = 'verb'\nforms = ['souffle']\ntodo = true\n";
        let (study, warnings) = crate::study::Study::load_with_warnings("p.toml", source)
            .unwrap_or_else(|e| panic!("{e}"));
        let g = &study.pack.glossary;
        assert_eq!(g[0].id, "manteau");
        assert_eq!(g[0].sentence, "Mon manteau est mouillé !");
        assert_eq!(g[1].sentence, "Le vent souffle.");
        assert!(g[1].todo);
        let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "p.toml:24:8: warning: glossary entry \"souffler\" is marked todo: its meaning is still to be written"
            ]
        );
        let range = study.entry_sentences[0].clone().unwrap_or_default();
        assert_eq!(&study.text()[range], "Mon manteau est mouillé !");
    }
}
