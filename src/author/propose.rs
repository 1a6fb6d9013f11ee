//! Choosing the glossary entries to propose for a text.

use std::collections::HashMap;
use std::ops::Range;

use super::Tools;
use super::expressions;
use super::frequency::Level;
use super::sentence::{quotation, sentences};
use crate::pack::{Gender, Pos};
use crate::text::{Token, TokenKind, match_key, tokenize};

/// A proposed glossary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// Dictionary form.
    pub term: String,
    /// `None` if nothing said which part of speech it is.
    pub pos: Option<Pos>,
    pub gender: Option<Gender>,
    /// English meaning: ours for expressions, a dictionary's for words.
    pub en: Option<String>,
    /// Forms as written in the text, in order of first occurrence.
    pub forms: Vec<String>,
    /// Bytes of the text quoted as the entry's sentence.
    pub sentence: Range<usize>,
    /// Bytes of the first occurrence.
    pub first: Range<usize>,
    /// How many times it occurs.
    pub count: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A word, with the estimated centibels of its lemma (larger = rarer).
    Word {
        centibels: u16,
        in_lexicon: bool,
    },
    Expression,
}

impl Proposal {
    /// Whether anything is missing that the author must write.
    pub fn is_todo(&self) -> bool {
        self.en.is_none()
            || self.pos.is_none()
            || (self.pos == Some(Pos::Noun) && self.gender.is_none())
    }
}

/// Part-of-speech kinds a learner is never glossed: closed classes.
fn is_function_word(pos: Option<Pos>) -> bool {
    matches!(
        pos,
        Some(Pos::Determiner | Pos::Pronoun | Pos::Preposition | Pos::Conjunction)
    )
}

/// Proposes the entries for `text` at `level`: words rarest first, then
/// expressions in text order.
pub fn propose(text: &str, level: Level, tools: &Tools<'_>) -> Vec<Proposal> {
    let tokens = tokenize(text);
    let sentences = sentences(text);
    let found = expressions::find(tools.expressions, text, &tokens, tools.morphology);
    let mut covered = vec![false; tokens.len()];
    let mut exprs: Vec<Proposal> = Vec::new();
    let mut by_expression: HashMap<usize, usize> = HashMap::new();
    for f in &found {
        let e = &tools.expressions.items[f.expression];
        if e.level.is_some_and(|l| l <= level) {
            continue;
        }
        covered[f.tokens.clone()].iter_mut().for_each(|c| *c = true);
        let form = &text[f.range.clone()];
        let slot = *by_expression.entry(f.expression).or_insert_with(|| {
            exprs.push(Proposal {
                term: e.term.clone(),
                pos: Some(e.pos),
                gender: e.gender,
                en: Some(e.en.clone()),
                forms: Vec::new(),
                sentence: quotation(text, &sentences, f.range.clone()),
                first: f.range.clone(),
                count: 0,
                kind: Kind::Expression,
            });
            exprs.len() - 1
        });
        add_form(&mut exprs[slot], form);
    }
    let mut words = words(text, &tokens, &covered, level, tools, &sentences);
    words.extend(exprs);
    words
}

fn add_form(p: &mut Proposal, form: &str) {
    p.count += 1;
    let key = match_key(form);
    if !p.forms.iter().any(|f| match_key(f) == key) {
        p.forms.push(form.to_string());
    }
}

/// A word's reading as `new` uses it.
struct WordInfo {
    lemma: String,
    pos: Option<Pos>,
    gender: Option<Gender>,
    in_lexicon: bool,
}

/// The lemma of one word of the text, or `None` for words never proposed
/// (names, numbers, function words).
fn analyse(surface: &str, tools: &Tools<'_>) -> Option<WordInfo> {
    if surface.chars().any(|c| c.is_numeric()) || surface.chars().count() < 2 {
        return None;
    }
    let mut readings = tools.morphology.readings(surface);
    let capital = surface.chars().next().is_some_and(char::is_uppercase);
    if readings.is_empty() && capital {
        readings = tools.morphology.readings(&surface.to_lowercase());
    }
    match readings.first() {
        Some(r) if r.pos == Some(Pos::ProperNoun) || is_function_word(r.pos) => None,
        Some(r) => Some(WordInfo {
            lemma: r.lemma.clone(),
            pos: r.pos,
            gender: r.gender,
            in_lexicon: true,
        }),
        // A capitalised word no lexicon knows is a name.
        None if capital => None,
        None => Some(WordInfo {
            lemma: surface.to_lowercase(),
            pos: None,
            gender: None,
            in_lexicon: false,
        }),
    }
}

fn words(
    text: &str,
    tokens: &[Token],
    covered: &[bool],
    level: Level,
    tools: &Tools<'_>,
    sentences: &[Range<usize>],
) -> Vec<Proposal> {
    let mut out: Vec<Proposal> = Vec::new();
    let mut by_lemma: HashMap<(String, Option<Pos>), usize> = HashMap::new();
    let mut cache: HashMap<&str, Option<WordInfo>> = HashMap::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Word || covered[i] {
            continue;
        }
        let surface = t.text(text);
        let Some(info) = cache
            .entry(surface)
            .or_insert_with(|| analyse(surface, tools))
        else {
            continue;
        };
        let key = (match_key(&info.lemma), info.pos);
        let slot = *by_lemma.entry(key).or_insert_with(|| {
            out.push(Proposal {
                term: info.lemma.clone(),
                pos: info.pos,
                gender: info.gender,
                en: None,
                forms: Vec::new(),
                sentence: quotation(text, sentences, t.range.clone()),
                first: t.range.clone(),
                count: 0,
                kind: Kind::Word {
                    centibels: 0,
                    in_lexicon: info.in_lexicon,
                },
            });
            out.len() - 1
        });
        add_form(&mut out[slot], &display_form(surface, &info.lemma));
    }
    let threshold = tools.frequencies.at_rank(level.known_forms());
    for p in &mut out {
        let mut keys: Vec<String> = std::iter::once(match_key(&p.term))
            .chain(p.forms.iter().map(|f| match_key(f)))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let centibels = tools.frequencies.combined(keys.iter().map(String::as_str));
        if let Kind::Word { in_lexicon, .. } = p.kind {
            p.kind = Kind::Word {
                centibels,
                in_lexicon,
            };
        }
    }
    out.retain(|p| matches!(p.kind, Kind::Word { centibels, .. } if centibels > threshold));
    for p in &mut out {
        p.en = tools.meanings.meaning(&p.term, p.pos);
    }
    out.sort_by(|a, b| {
        let rarity = |p: &Proposal| match p.kind {
            Kind::Word { centibels, .. } => centibels,
            Kind::Expression => 0,
        };
        rarity(b)
            .cmp(&rarity(a))
            .then(a.first.start.cmp(&b.first.start))
    });
    out
}

/// A form as the glossary lists it: a capital that only starts the
/// sentence is dropped (`Développer` → `développer`; forms match any case).
fn display_form(surface: &str, lemma: &str) -> String {
    let mut chars = surface.chars();
    let starts_lower = lemma.chars().next().is_some_and(char::is_lowercase);
    match chars.next() {
        Some(c) if c.is_uppercase() && starts_lower && chars.clone().all(|c| !c.is_uppercase()) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => surface.to_string(),
    }
}
