//! The pack format: the serde types a pack file deserializes into.
//!
//! Every table denies unknown fields so that a typo in a pack is reported
//! instead of silently ignored.

use crate::pack::strings::{Str, Strs};
use serde::{Deserialize, Serialize};

/// One study pack: a text with its glossary, questions, translation and notes.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub pack: Meta,
    pub text: Text,
    #[serde(default)]
    pub glossary: Vec<Entry>,
    #[serde(default)]
    pub questions: Vec<Question>,
    #[serde(default)]
    pub translation: Vec<Translation>,
    #[serde(default)]
    pub notes: Vec<Note>,
}

/// Who wrote the text, when, and for which level.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Stable identifier; progress files are named after it.
    pub id: String,
    pub title: String,
    pub author: String,
    pub date: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub level: String,
    #[serde(default = "default_language")]
    pub language: String,
}

fn default_language() -> String {
    "fr".to_string()
}

/// The text itself, kept byte for byte as published.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub body: String,
}

/// Part of speech, as a closed list so quiz distractors can be picked by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pos {
    Noun,
    Verb,
    Adjective,
    Adverb,
    Preposition,
    Conjunction,
    Pronoun,
    Determiner,
    Interjection,
    Expression,
    ProperNoun,
    Acronym,
}

impl Pos {
    pub const ALL: [Pos; 12] = [
        Pos::Noun,
        Pos::Verb,
        Pos::Adjective,
        Pos::Adverb,
        Pos::Preposition,
        Pos::Conjunction,
        Pos::Pronoun,
        Pos::Determiner,
        Pos::Interjection,
        Pos::Expression,
        Pos::ProperNoun,
        Pos::Acronym,
    ];

    /// The spelling used in pack files.
    pub fn name(self) -> &'static str {
        match self {
            Pos::Noun => "noun",
            Pos::Verb => "verb",
            Pos::Adjective => "adjective",
            Pos::Adverb => "adverb",
            Pos::Preposition => "preposition",
            Pos::Conjunction => "conjunction",
            Pos::Pronoun => "pronoun",
            Pos::Determiner => "determiner",
            Pos::Interjection => "interjection",
            Pos::Expression => "expression",
            Pos::ProperNoun => "proper-noun",
            Pos::Acronym => "acronym",
        }
    }

    /// A short label for narrow panes.
    pub fn abbrev(self) -> &'static str {
        match self {
            Pos::Noun => "n.",
            Pos::Verb => "v.",
            Pos::Adjective => "adj.",
            Pos::Adverb => "adv.",
            Pos::Preposition => "prep.",
            Pos::Conjunction => "conj.",
            Pos::Pronoun => "pron.",
            Pos::Determiner => "det.",
            Pos::Interjection => "interj.",
            Pos::Expression => "expr.",
            Pos::ProperNoun => "prop. n.",
            Pos::Acronym => "abbr.",
        }
    }
}

/// Grammatical gender of a noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Gender {
    #[serde(rename = "m")]
    Masculine,
    #[serde(rename = "f")]
    Feminine,
    /// Nouns used in both genders (`un/une responsable`).
    #[serde(rename = "mf")]
    Both,
}

impl Gender {
    pub fn label(self) -> &'static str {
        match self {
            Gender::Masculine => "m",
            Gender::Feminine => "f",
            Gender::Both => "m/f",
        }
    }
}

/// A glossary entry. `id` is stable so that progress survives edits.
///
/// `id` and `sentence` may be left out of a pack file: the id is then
/// derived from the term ([`derive_id`]) and the sentence is the one of the
/// text where the entry first occurs. Both are filled in on load.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(from = "EntryFields", into = "EntryFields")]
pub struct Entry {
    pub id: Str,
    /// Dictionary form: infinitive, masculine singular.
    pub term: Str,
    pub pos: Pos,
    pub gender: Option<Gender>,
    /// English meaning in this text's context (may be empty while `todo`).
    pub en: Str,
    /// Every form as it appears in the text; the reader marks each one.
    /// Left out, the forms of the term's lemma found in the text (lemma
    /// matching, `lexicon::forms`); given, exactly these.
    pub forms: Strs,
    /// A quotation of the sentence the entry comes from.
    pub sentence: Str,
    /// Whether the entry becomes quiz cards. Names, acronyms and transparent
    /// cognates stay in the glossary with `drill = false`.
    pub drill: bool,
    /// Not finished yet (a proposed entry whose meaning is still to be
    /// written): `check` warns, the app says so instead of a meaning.
    pub todo: bool,
    /// What few entries have, kept apart so that an entry is small (a
    /// long glossary is read faster): `None` when it would be all empty.
    pub extras: Option<Box<Extras>>,
}

/// The parts of an [`Entry`] most entries leave out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extras {
    /// Word-for-word meaning where an idiom's sense differs.
    pub literal: Option<Str>,
    pub note: Option<Str>,
    /// Other French answers a production drill accepts.
    pub accept: Vec<Str>,
    pub tags: Vec<Str>,
}

impl Extras {
    /// These extras boxed, or `None` when there are none.
    pub fn boxed(self) -> Option<Box<Extras>> {
        let none = self.literal.is_none()
            && self.note.is_none()
            && self.accept.is_empty()
            && self.tags.is_empty();
        (!none).then(|| Box::new(self))
    }
}

/// An entry as a pack file writes it (every field at the top).
#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct EntryFields {
    #[serde(default, skip_serializing_if = "str::is_empty")]
    id: Str,
    term: Str,
    pos: Pos,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gender: Option<Gender>,
    #[serde(default)]
    en: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    literal: Option<Str>,
    #[serde(default, skip_serializing_if = "<[Str]>::is_empty")]
    forms: Strs,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    sentence: Str,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<Str>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    accept: Vec<Str>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tags: Vec<Str>,
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    drill: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    todo: bool,
}

impl From<EntryFields> for Entry {
    fn from(f: EntryFields) -> Entry {
        let extras = Extras {
            literal: f.literal,
            note: f.note,
            accept: f.accept,
            tags: f.tags,
        };
        Entry {
            id: f.id,
            term: f.term,
            pos: f.pos,
            gender: f.gender,
            en: f.en,
            forms: f.forms,
            sentence: f.sentence,
            drill: f.drill,
            todo: f.todo,
            extras: extras.boxed(),
        }
    }
}

impl From<Entry> for EntryFields {
    fn from(e: Entry) -> EntryFields {
        let extras = e.extras.map(|x| *x).unwrap_or_default();
        EntryFields {
            id: e.id,
            term: e.term,
            pos: e.pos,
            gender: e.gender,
            en: e.en,
            literal: extras.literal,
            forms: e.forms,
            sentence: e.sentence,
            note: extras.note,
            accept: extras.accept,
            tags: extras.tags,
            drill: e.drill,
            todo: e.todo,
        }
    }
}

/// What the app shows where the English meaning of an entry still to be
/// written would be.
pub const MEANING_TO_BE_WRITTEN: &str = "meaning to be written";

impl Entry {
    /// The word-for-word meaning, where given.
    pub fn literal(&self) -> Option<&Str> {
        self.extras.as_ref().and_then(|x| x.literal.as_ref())
    }

    /// The note, where given.
    pub fn note(&self) -> Option<&Str> {
        self.extras.as_ref().and_then(|x| x.note.as_ref())
    }

    /// Other French answers a production drill accepts.
    pub fn accept(&self) -> &[Str] {
        self.extras.as_ref().map_or(&[], |x| &x.accept)
    }

    pub fn tags(&self) -> &[Str] {
        self.extras.as_ref().map_or(&[], |x| &x.tags)
    }

    /// The extras to change (made if there were none).
    pub fn extras_mut(&mut self) -> &mut Extras {
        self.extras.get_or_insert_with(Box::default)
    }

    /// Whether the English meaning is written: an entry marked `todo` may
    /// have none yet, and then it is shown as such and never drilled.
    pub fn has_meaning(&self) -> bool {
        !self.en.trim().is_empty()
    }

    /// The English meaning, or [`MEANING_TO_BE_WRITTEN`] while it is unwritten.
    pub fn meaning(&self) -> &str {
        if self.has_meaning() {
            &self.en
        } else {
            MEANING_TO_BE_WRITTEN
        }
    }
}

fn default_true() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Whether a character may appear in an id: letters of any alphabet
/// (accents included), digits, `-` and `_`.
pub fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// The id an entry gets when its pack gives none: the term in lower case,
/// with every run of other characters (spaces, apostrophes, punctuation)
/// turned into one `-`. `forces de l'ordre` becomes `forces-de-l-ordre`,
/// `être` stays `être`.
pub fn derive_id(term: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut id = String::with_capacity(term.len());
    let mut gap = false;
    for c in term.nfc().flat_map(char::to_lowercase) {
        if is_id_char(c) && c != '-' {
            if gap && !id.is_empty() {
                id.push('-');
            }
            gap = false;
            id.push(c);
        } else {
            gap = true;
        }
    }
    id
}

/// The three kinds of comprehension question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Choice,
    TrueFalse,
    Short,
}

/// A comprehension question. Which answer field applies depends on `kind`;
/// validation checks the combination.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: Str,
    pub kind: QuestionKind,
    pub prompt: Str,
    /// Options of a `choice` question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Str>,
    /// 1-based index of the right option of a `choice` question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<usize>,
    /// The right answer of a `true_false` question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correct: Option<bool>,
    /// Accepted answers of a `short` question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<Str>,
    /// Phrases that make a `short` answer wrong even when it contains an
    /// accepted answer (a negation that flips the meaning: « aucun innovateur »).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reject: Vec<Str>,
    /// The model answer shown after a `short` question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Str>,
    pub explanation: Str,
    /// Quotations of the sentence(s) that answer the question.
    pub passages: Vec<Str>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Str>,
}

/// An English rendering of one paragraph.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// 1-based index of the paragraph (blocks separated by blank lines).
    pub paragraph: usize,
    pub en: Str,
}

/// What a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    Context,
    Grammar,
    Text,
}

impl NoteKind {
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Context => "Context",
            NoteKind::Grammar => "Grammar",
            NoteKind::Text => "About the text",
        }
    }
}

/// A context, grammar or text note, tied to passages of the text.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub id: Str,
    pub kind: NoteKind,
    pub title: Str,
    pub body: Str,
    #[serde(default)]
    pub passages: Vec<Str>,
}

impl Pack {
    /// Paragraphs as byte ranges of the text: blocks of non-blank lines.
    pub fn paragraphs(&self) -> Vec<std::ops::Range<usize>> {
        paragraph_ranges(&self.text.body)
    }
}

/// Splits a text into paragraphs (runs of non-blank lines), as byte ranges.
pub fn paragraph_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(s..end);
            }
        } else {
            if start.is_none() {
                start = Some(pos);
            }
            end = pos + content.len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    out
}
