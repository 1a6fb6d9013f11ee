//! False friends (faux amis): French words an English speaker reads with
//! the wrong meaning because they look like an English word. `new`
//! proposes them at every level, with our meaning and a note naming the
//! look-alike (`data/false-friends.txt`, our own wording).

use std::sync::OnceLock;

use super::expressions::ListError;
use crate::pack::{Gender, Pos};
use crate::text::match_key;

/// The list shipped with the project.
// Linked apart from the data a start reads (see `FORMS_BYTES` in
// src/lexicon/mod.rs).
#[cfg_attr(target_os = "linux", unsafe(link_section = ".lrodata.false_friends"))]
static BUILTIN_BYTES: [u8; include_bytes!("../../data/false-friends.txt").len()] =
    *include_bytes!("../../data/false-friends.txt");
static BUILTIN: &str = match std::str::from_utf8(&BUILTIN_BYTES) {
    Ok(s) => s,
    Err(_) => panic!("data/false-friends.txt is not UTF-8"),
};

/// One false friend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FalseFriend {
    /// Dictionary form.
    pub lemma: String,
    pub pos: Pos,
    pub gender: Option<Gender>,
    /// What it means, in our words.
    pub en: String,
    /// The English word it is mistaken for.
    pub looks_like: String,
    /// What French says for that English word.
    pub french_for_it: String,
}

impl FalseFriend {
    /// The glossary note: the trap, said once.
    pub fn note(&self) -> String {
        format!(
            "False friend: it does not mean “{}” (in French: {}).",
            self.looks_like, self.french_for_it
        )
    }
}

/// The false friend whose dictionary form is `lemma` (any case, accents
/// as written), if it is one.
pub fn lookup(lemma: &str) -> Option<&'static FalseFriend> {
    let key = match_key(lemma);
    builtin().iter().find(|f| match_key(&f.lemma) == key)
}

fn builtin() -> &'static [FalseFriend] {
    static LIST: OnceLock<Vec<FalseFriend>> = OnceLock::new();
    LIST.get_or_init(|| parse(BUILTIN).0)
}

/// The list's entries, and the lines that could not be read, with why.
fn parse(text: &str) -> (Vec<FalseFriend>, Vec<ListError>) {
    super::expressions::parse_list(text, parse_line)
}

fn parse_line(line: &str) -> Result<FalseFriend, String> {
    let fields: Vec<&str> = line.split('|').map(str::trim).collect();
    let [lemma, kind, en, looks_like, french_for_it] = fields[..] else {
        return Err("expected LEMMA | POS [GENDER] | ENGLISH | LOOK-ALIKE | FRENCH FOR IT".into());
    };
    let mut kind_words = kind.split_whitespace();
    let pos_name = kind_words.next().ok_or("missing part of speech")?;
    let pos = Pos::ALL
        .into_iter()
        .find(|p| p.name() == pos_name)
        .ok_or_else(|| format!("unknown part of speech \"{pos_name}\""))?;
    let gender = match kind_words.next() {
        None => None,
        Some("m") => Some(Gender::Masculine),
        Some("f") => Some(Gender::Feminine),
        Some("mf") => Some(Gender::Both),
        Some(other) => return Err(format!("unknown gender \"{other}\"")),
    };
    if pos == Pos::Noun && gender.is_none() {
        return Err("a noun needs its gender".into());
    }
    if [lemma, en, looks_like, french_for_it]
        .iter()
        .any(|f| f.is_empty())
    {
        return Err("an empty field".into());
    }
    Ok(FalseFriend {
        lemma: lemma.to_string(),
        pos,
        gender,
        en: en.to_string(),
        looks_like: looks_like.to_string(),
        french_for_it: french_for_it.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_list_reads_without_errors_or_repeats() {
        let (list, errors) = parse(BUILTIN);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(list.len() >= 30, "{}", list.len());
        let mut keys: Vec<String> = list.iter().map(|f| match_key(&f.lemma)).collect();
        keys.sort();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "a word is listed twice");
    }

    #[test]
    fn lookup_finds_the_word_in_any_case_and_says_the_trap() {
        let f = lookup("Éventuel").expect("listed");
        assert_eq!(f.pos, Pos::Adjective);
        assert!(f.en.contains("possible"));
        assert!(f.note().contains("eventual"), "{}", f.note());
        assert!(lookup("eventuel").is_none(), "accents count");
        assert!(lookup("maison").is_none());
    }

    #[test]
    fn bad_lines_are_refused_with_their_number() {
        let (list, errors) = parse(
            "# c\nlibrairie | noun | bookshop | library | bibliothèque\nx | adverb | y | z\nok | adverb | a | b | c\n",
        );
        assert_eq!(list.len(), 1);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3]);
    }
}
