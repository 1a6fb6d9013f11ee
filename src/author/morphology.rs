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
}

/// Looks meanings up: the learner's installed dictionaries, or nothing.
pub trait Meanings {
    /// A short English meaning of `lemma`, if a dictionary has one.
    fn meaning(&self, lemma: &str, pos: Option<Pos>) -> Option<String>;
}

/// No dictionary installed: every meaning is left to the author.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoMeanings;

impl Meanings for NoMeanings {
    fn meaning(&self, _lemma: &str, _pos: Option<Pos>) -> Option<String> {
        None
    }
}

/// Meanings from a table, for tests.
impl Meanings for std::collections::HashMap<String, String> {
    fn meaning(&self, lemma: &str, _pos: Option<Pos>) -> Option<String> {
        self.get(lemma).cloned()
    }
}

/// The French lexicon shipped with the project.
impl Morphology for crate::lexicon::Lexicon {
    fn readings(&self, form: &str) -> Vec<Reading> {
        self.lookup(form).into_iter().map(reading).collect()
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
