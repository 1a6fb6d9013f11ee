//! What `new` needs to know about a word: its lemma, part of speech and
//! gender. Behind a trait so that the French lexicon, a test fixture or
//! nothing at all can answer.

use crate::pack::{Gender, Pos};

/// One reading of a word form: `mises` → mettre, verb, past participle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// Dictionary form: infinitive, masculine singular.
    pub lemma: String,
    /// `None` when the source does not say.
    pub pos: Option<Pos>,
    /// For nouns (and adjectives used as nouns).
    pub gender: Option<Gender>,
}

impl Reading {
    pub fn new(lemma: impl Into<String>, pos: Option<Pos>, gender: Option<Gender>) -> Self {
        Reading {
            lemma: lemma.into(),
            pos,
            gender,
        }
    }
}

/// Lemmatizes word forms. Forms come as written in the text (capitals
/// included, elisions already split off); readings come most likely first.
pub trait Morphology {
    fn readings(&self, form: &str) -> Vec<Reading>;

    /// Whether this exact spelling is a word (`État` is; `Tanneurs`, a
    /// street's name, is not, though `tanneurs` is).
    fn knows(&self, form: &str) -> bool {
        !self.readings(form).is_empty()
    }
}

/// No lexicon at all: every word is its own lemma, of unknown kind.
/// Verb idioms then match only their infinitive.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoMorphology;

impl Morphology for NoMorphology {
    fn readings(&self, _form: &str) -> Vec<Reading> {
        Vec::new()
    }
}

/// A small hand-made lexicon: form → readings. For tests, and for anyone
/// who wants to feed `new` their own word list.
#[derive(Debug, Clone, Default)]
pub struct FormTable {
    forms: std::collections::HashMap<String, Vec<Reading>>,
}

impl FormTable {
    pub fn new() -> Self {
        FormTable::default()
    }

    /// Adds a reading for `form` (lowercase); later readings rank lower.
    pub fn add(&mut self, form: &str, reading: Reading) -> &mut Self {
        self.forms
            .entry(crate::text::match_key(form))
            .or_default()
            .push(reading);
        self
    }

    /// Adds `lemma` with its forms (the lemma itself is added as a form too).
    pub fn word(
        &mut self,
        lemma: &str,
        pos: Pos,
        gender: Option<Gender>,
        forms: &[&str],
    ) -> &mut Self {
        let reading = Reading::new(lemma, Some(pos), gender);
        for form in std::iter::once(&lemma).chain(forms) {
            self.add(form, reading.clone());
        }
        self
    }
}

impl Morphology for FormTable {
    fn readings(&self, form: &str) -> Vec<Reading> {
        self.forms
            .get(&crate::text::match_key(form))
            .cloned()
            .unwrap_or_default()
    }

    /// Forms are stored in lower case: a capitalised one is not a word.
    fn knows(&self, form: &str) -> bool {
        form.chars().next().is_some_and(char::is_lowercase) && !self.readings(form).is_empty()
    }
}

/// A meaning found for a lemma, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meaning {
    /// Short English meaning, one line.
    pub en: String,
    /// The dictionary's name, said in the pack so the author checks it.
    pub source: String,
}

/// Looks meanings up: the learner's installed dictionaries, or nothing.
pub trait Meanings {
    /// A short English meaning of `lemma`, if a dictionary has one.
    fn meaning(&self, lemma: &str, pos: Option<Pos>) -> Option<Meaning>;
}

/// No dictionary installed: every meaning is left to the author.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoMeanings;

impl Meanings for NoMeanings {
    fn meaning(&self, _lemma: &str, _pos: Option<Pos>) -> Option<Meaning> {
        None
    }
}

/// Meanings from a table (lemma → meaning), for tests.
impl Meanings for std::collections::HashMap<String, String> {
    fn meaning(&self, lemma: &str, _pos: Option<Pos>) -> Option<Meaning> {
        self.get(lemma).map(|en| Meaning {
            en: en.clone(),
            source: "table".into(),
        })
    }
}

/// The learner's installed dictionaries (dictd, StarDict).
impl Meanings for crate::dict::Dictionaries {
    fn meaning(&self, lemma: &str, pos: Option<Pos>) -> Option<Meaning> {
        let found = self.define(lemma, &[]);
        let exact: Vec<_> = found
            .iter()
            .filter(|d| crate::dict::fold(&d.headword) == crate::dict::fold(lemma))
            .collect();
        let best = exact
            .iter()
            .find(|d| pos.is_some() && entry_pos(&d.text) == pos)
            .or(exact.first())?;
        let en = condense(&best.text, lemma);
        (!en.is_empty()).then(|| Meaning {
            en,
            source: best.dictionary.clone(),
        })
    }
}

/// The part of speech a FreeDict-style entry states on its first line
/// (`chaumière /ʃomjɛʁ/ <n, fem>`).
fn entry_pos(text: &str) -> Option<Pos> {
    let first = text.lines().next()?;
    let tag = first.split_once('<')?.1.split_once('>')?.0;
    let kind = tag.split([',', ' ']).next()?.trim();
    Some(match kind {
        "n" => Pos::Noun,
        "v" | "vt" | "vi" => Pos::Verb,
        "adj" => Pos::Adjective,
        "adv" => Pos::Adverb,
        "prep" => Pos::Preposition,
        "conj" => Pos::Conjunction,
        "pron" => Pos::Pronoun,
        "int" | "interj" => Pos::Interjection,
        _ => return None,
    })
}

/// Longest meaning kept from a dictionary entry, in characters.
const MAX_MEANING: usize = 80;

/// A dictionary entry as one short line: the headword line (with its
/// pronunciation and grammar) dropped, numbered senses joined with `; `,
/// cut after whole senses at [`MAX_MEANING`] characters.
fn condense(text: &str, lemma: &str) -> String {
    let mut senses: Vec<String> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        let is_head = i == 0
            && (line.contains('<')
                || line.contains('/')
                || crate::dict::fold(line).starts_with(&crate::dict::fold(lemma)));
        if line.is_empty() || is_head {
            continue;
        }
        let sense = line
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(['.', ')'])
            .trim();
        if !sense.is_empty() {
            senses.push(sense.to_string());
        }
    }
    let mut out = String::new();
    for sense in senses {
        let extra = if out.is_empty() { 0 } else { 2 };
        if !out.is_empty() && out.chars().count() + extra + sense.chars().count() > MAX_MEANING {
            break;
        }
        if !out.is_empty() {
            out.push_str("; ");
        }
        out.push_str(&sense);
    }
    if out.chars().count() > MAX_MEANING {
        let cut: String = out.chars().take(MAX_MEANING - 1).collect();
        out = format!("{}…", cut.trim_end());
    }
    out
}

/// The French lexicon shipped with the project.
impl Morphology for crate::lexicon::Lexicon {
    fn readings(&self, form: &str) -> Vec<Reading> {
        self.lookup(form).into_iter().map(reading).collect()
    }

    fn knows(&self, form: &str) -> bool {
        self.contains(form)
    }
}

fn reading(a: crate::lexicon::Analysis) -> Reading {
    use crate::lexicon::{Gender as G, WordClass as W};
    let pos = match a.class {
        W::Noun => Some(Pos::Noun),
        W::ProperNoun => Some(Pos::ProperNoun),
        W::Adjective => Some(Pos::Adjective),
        W::Verb => Some(Pos::Verb),
        W::Adverb => Some(Pos::Adverb),
        W::Determiner => Some(Pos::Determiner),
        W::Pronoun => Some(Pos::Pronoun),
        W::Preposition => Some(Pos::Preposition),
        W::Conjunction => Some(Pos::Conjunction),
        W::Interjection => Some(Pos::Interjection),
        W::Numeral | W::Other => None,
    };
    // A noun's gender is its lemma's; an adjective's agrees and says nothing.
    let gender = match (pos, a.gender) {
        (Some(Pos::Noun), Some(G::Masculine)) => Some(Gender::Masculine),
        (Some(Pos::Noun), Some(G::Feminine)) => Some(Gender::Feminine),
        (Some(Pos::Noun), Some(G::Either)) => Some(Gender::Both),
        _ => None,
    };
    Reading::new(a.lemma, pos, gender)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_entries_are_condensed_to_a_line() {
        let text = "diminuer /diminye/ <v>\n1. decrease, decline, wane\n2. abate, abridge";
        assert_eq!(
            condense(text, "diminuer"),
            "decrease, decline, wane; abate, abridge"
        );
        assert_eq!(entry_pos(text), Some(Pos::Verb));
        assert_eq!(
            entry_pos("chaumière /ʃomjɛʁ/ <n, fem>\ncottage"),
            Some(Pos::Noun)
        );
        let long = format!("mot <n>\n{}\n{}", "a".repeat(70), "b".repeat(70));
        assert_eq!(condense(&long, "mot"), "a".repeat(70));
        assert!(condense(&format!("mot <n>\n{}", "c".repeat(200)), "mot").ends_with('…'));
    }
}
