//! Lemma matching: the forms of a glossary entry found in the text from its
//! lemma alone, so that a pack can give `term = "se rendre compte"` and have
//! `s’est rendu compte` marked.
//!
//! The result is a list of spellings as written in the text, which the
//! ordinary matcher then marks: an entry whose `forms` the author left out
//! gets these. An entry that lists its forms keeps exactly those.
//!
//! A term is a sequence of slots. A single word matches any form whose
//! lemma is the term (of the entry's part of speech when the lexicon can
//! tell). In a multi-word term, a leading `se`/`s’` matches any reflexive
//! pronoun, the verb matches any of its forms, or a past participle after a
//! form of `avoir`/`être` (included in the match, with adverbs such as
//! `pas` in between: `s’est pas rendu compte`), nouns and adjectives match
//! their inflections, and other words match as written.

use std::collections::HashMap;

use super::{Analysis, WordClass, lookup};
use crate::pack::strings::Str;
use crate::pack::{Entry, Pack, Pos};
use crate::text::normalize::match_key;
use crate::text::tokenize::{Token, TokenKind, tokenize, tokenize_reporting};

/// What lemma matching did to a pack.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LemmaMatching {
    /// Per entry: whether its forms came from its lemma.
    pub derived: Vec<bool>,
    /// Forms an entry's lemma would have taken from another entry that lists
    /// them: (entry, form, other entry). The other entry keeps them.
    pub left_to_others: Vec<(usize, String, usize)>,
}

/// Fills the `forms` of every entry that has none with the spellings of its
/// lemma found in the text. Entries with forms are left as they are.
pub fn fill_forms(pack: &mut Pack) -> LemmaMatching {
    fill_forms_from(pack, None)
}

/// Like [`fill_forms`], with the text's tokens if they are made already
/// (they are made otherwise).
pub fn fill_forms_from(pack: &mut Pack, tokens: Option<&[Token]>) -> LemmaMatching {
    let mut result = LemmaMatching {
        derived: pack.glossary.iter().map(|e| e.forms.is_empty()).collect(),
        left_to_others: Vec::new(),
    };
    if !result.derived.contains(&true) {
        return result;
    }
    let text = pack.text.body.as_str();
    let patterns: Vec<Option<Pattern>> = pack
        .glossary
        .iter()
        .zip(&result.derived)
        .map(|(e, &derived)| derived.then(|| Pattern::new(e)))
        .collect();
    let made;
    let tokens = match tokens {
        Some(tokens) => tokens,
        None => {
            made = tokenize_reporting(text, |_| {});
            &made
        }
    };
    let words = Words::new(text, tokens, patterns.iter().flatten());
    // Keys of every listed form, to leave them to the entry listing them.
    let mut listed: HashMap<String, usize> = HashMap::new();
    for (i, e) in pack.glossary.iter().enumerate() {
        for f in &e.forms {
            listed.entry(match_key(f)).or_insert(i);
        }
    }
    let mut found: Vec<Vec<String>> = vec![Vec::new(); pack.glossary.len()];
    let mut conflicts = std::collections::HashSet::new();
    for (i, pattern) in patterns.iter().enumerate() {
        let Some(pattern) = pattern else {
            continue;
        };
        for form in words.find(pattern) {
            let key = match_key(&form);
            match listed.get(&key) {
                Some(&other) if other != i => {
                    // Told once per entry and form (a set: a list searched
                    // for each would take quadratic time on a long glossary).
                    if conflicts.insert((i, form.clone(), other)) {
                        result.left_to_others.push((i, form, other));
                    }
                }
                _ => {
                    if !found[i].contains(&form) {
                        found[i].push(form);
                    }
                }
            }
        }
    }
    for (e, forms) in pack.glossary.iter_mut().zip(found) {
        if e.forms.is_empty() {
            e.forms = Str::all(forms).into();
        }
    }
    result
}

/// Reflexive pronouns, as match keys (elided ones with their apostrophe).
const REFLEXIVE: [&str; 8] = ["me", "te", "se", "nous", "vous", "m'", "t'", "s'"];

/// Words that may stand between a reflexive pronoun, an auxiliary and a
/// participle: negation, common adverbs, `en` and `y`.
const BETWEEN: [&str; 16] = [
    "pas", "plus", "jamais", "rien", "guère", "point", "bien", "déjà", "toujours", "encore",
    "vraiment", "souvent", "aussi", "même", "en", "y",
];

/// One word of a term.
enum Slot {
    /// `se`/`s'` at the start of a verb.
    Reflexive,
    /// The verb: any form of this lemma.
    Verb(String),
    /// A noun or adjective: any form of this lemma.
    Inflected(String, WordClass),
    /// Anything else: as written.
    Literal(String),
}

struct Pattern {
    slots: Vec<Slot>,
    /// Multi-word verbs take their auxiliary into the match.
    with_auxiliary: bool,
}

fn lower(s: &str) -> String {
    match_key(s).to_lowercase()
}

fn class_of(pos: Pos) -> Option<WordClass> {
    Some(match pos {
        Pos::Noun => WordClass::Noun,
        Pos::Verb => WordClass::Verb,
        Pos::Adjective => WordClass::Adjective,
        Pos::Adverb => WordClass::Adverb,
        Pos::Preposition => WordClass::Preposition,
        Pos::Conjunction => WordClass::Conjunction,
        Pos::Pronoun => WordClass::Pronoun,
        Pos::Determiner => WordClass::Determiner,
        Pos::Interjection => WordClass::Interjection,
        Pos::ProperNoun => WordClass::ProperNoun,
        Pos::Expression | Pos::Acronym => return None,
    })
}

fn is_infinitive(word: &str) -> bool {
    lookup(word)
        .iter()
        .any(|a| a.is_verb() && lower(&a.lemma) == lower(word))
}

fn inflected_class(word: &str) -> Option<WordClass> {
    lookup(word)
        .iter()
        .find(|a| {
            matches!(a.class, WordClass::Noun | WordClass::Adjective)
                && lower(&a.lemma) == lower(word)
        })
        .map(|a| a.class)
}

impl Pattern {
    /// The keys a match may start with (besides an auxiliary before a
    /// verb, which [`Words`] lists apart).
    fn first_keys(&self) -> Vec<&str> {
        match self.slots.first() {
            None => Vec::new(),
            Some(Slot::Reflexive) => REFLEXIVE.to_vec(),
            Some(Slot::Literal(key) | Slot::Inflected(key, _) | Slot::Verb(key)) => vec![key],
        }
    }

    fn new(entry: &Entry) -> Pattern {
        let term = entry.term.trim();
        let words: Vec<String> = tokenize(term)
            .iter()
            .filter(|t| t.is_wordlike())
            .map(|t| t.text(term).to_string())
            .collect();
        if let [word] = words.as_slice() {
            let lemma = lower(word);
            let slot = match class_of(entry.pos) {
                Some(WordClass::Verb) => Slot::Verb(lemma),
                Some(class) => Slot::Inflected(lemma, class),
                None => Slot::Literal(lemma),
            };
            return Pattern {
                slots: vec![slot],
                with_auxiliary: false,
            };
        }
        let mut slots = Vec::new();
        let mut verb_seen = false;
        for (i, word) in words.iter().enumerate() {
            let key = lower(word);
            let next_is_verb = words.get(i + 1).is_some_and(|w| is_infinitive(w));
            let slot = if i == 0 && matches!(key.as_str(), "se" | "s'") && next_is_verb {
                Slot::Reflexive
            } else if !verb_seen && is_infinitive(word) {
                verb_seen = true;
                Slot::Verb(key)
            } else if let Some(class) = inflected_class(word) {
                Slot::Inflected(key, class)
            } else {
                Slot::Literal(key)
            };
            slots.push(slot);
        }
        Pattern {
            slots,
            with_auxiliary: verb_seen,
        }
    }
}

/// Whether a word may be an auxiliary: a form of avoir or être other than
/// a past participle.
fn is_auxiliary(readings: &[Analysis]) -> bool {
    readings.iter().any(|a| {
        a.is_verb() && (a.lemma == "avoir" || a.lemma == "être") && !a.is_past_participle()
    })
}

/// What matching needs about one spelling of the text, worked out once.
struct Spelling {
    /// Its match key, lower case.
    key: String,
    readings: Vec<Analysis>,
    auxiliary: bool,
}

impl Spelling {
    /// The spelling of `s`, and its key with the lemmas it may be a form
    /// of, each once.
    fn new(s: &str) -> (Spelling, Vec<String>) {
        let readings = lookup(s);
        let key = lower(s);
        let mut keys = vec![key.clone()];
        for a in &readings {
            let lemma = lower(&a.lemma);
            if !keys.contains(&lemma) {
                keys.push(lemma);
            }
        }
        let auxiliary = is_auxiliary(&readings);
        let spelling = Spelling {
            key,
            readings,
            auxiliary,
        };
        (spelling, keys)
    }
}

/// A word of the text, in 12 bytes (a text has a word every five bytes or
/// so): its token and its spelling.
struct Word {
    token: u32,
    spelling: u32,
    /// A line break or a punctuation mark (other than an apostrophe or a
    /// hyphen) comes before the next word: no match runs across it.
    stop_after: bool,
}

struct Words<'t> {
    text: &'t str,
    tokens: &'t [Token],
    /// Each spelling of the text once, in order of first use.
    spellings: Vec<Spelling>,
    words: Vec<Word>,
    /// Where a match may start, by the word's key and by each lemma it
    /// may be a form of: a pattern is tried only at the words its first
    /// slot can match, not at every word of the text for every entry.
    /// Only the keys some pattern starts with are listed.
    starts: HashMap<String, Vec<u32>>,
    /// Where an auxiliary (a form of avoir or être) is.
    auxiliaries: Vec<u32>,
}

impl<'t> Words<'t> {
    /// The words of `text`, whose tokens are `tokens`, where `patterns`
    /// will be looked for.
    fn new<'p>(
        text: &'t str,
        tokens: &'t [Token],
        patterns: impl Iterator<Item = &'p Pattern>,
    ) -> Words<'t> {
        let mut starts: HashMap<String, Vec<u32>> = HashMap::new();
        for pattern in patterns {
            for key in pattern.first_keys() {
                starts.entry(key.to_string()).or_default();
            }
        }
        let mut ids: HashMap<&str, (u32, Vec<String>)> = HashMap::new();
        let mut spellings: Vec<Spelling> = Vec::new();
        let mut words: Vec<Word> = Vec::new();
        let mut auxiliaries = Vec::new();
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        for (i, t) in tokens.iter().enumerate() {
            match t.kind {
                TokenKind::Word | TokenKind::Elision => {
                    let s = t.text(text);
                    let (id, keys) = ids.entry(s).or_insert_with(|| {
                        let (spelling, mut keys) = Spelling::new(s);
                        spellings.push(spelling);
                        keys.retain(|k| starts.contains_key(k.as_str()));
                        (offset(spellings.len() - 1), keys)
                    });
                    let at = offset(words.len());
                    for key in keys.iter() {
                        if let Some(list) = starts.get_mut(key.as_str()) {
                            list.push(at);
                        }
                    }
                    if spellings[*id as usize].auxiliary {
                        auxiliaries.push(at);
                    }
                    words.push(Word {
                        token: offset(i),
                        spelling: *id,
                        stop_after: false,
                    });
                }
                TokenKind::Space => {}
                _ => {
                    if let Some(w) = words.last_mut() {
                        w.stop_after = true;
                    }
                }
            }
        }
        words.shrink_to_fit();
        Words {
            text,
            tokens,
            spellings,
            words,
            starts,
            auxiliaries,
        }
    }

    /// The spelling of a word.
    fn spelling(&self, word: &Word) -> &Spelling {
        &self.spellings[word.spelling as usize]
    }

    /// The words a match of `pattern` may start at, in text order.
    fn candidates(&self, pattern: &Pattern) -> Vec<u32> {
        let keys = pattern.first_keys();
        let auxiliaries =
            pattern.with_auxiliary && matches!(pattern.slots.first(), Some(Slot::Verb(_)));
        let mut out: Vec<u32> = keys
            .iter()
            .filter_map(|k| self.starts.get(*k))
            .flatten()
            .copied()
            .collect();
        if auxiliaries {
            out.extend(&self.auxiliaries);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The text's spellings of the pattern, in text order.
    fn find(&self, pattern: &Pattern) -> Vec<String> {
        let mut out = Vec::new();
        let mut start = 0;
        for candidate in self.candidates(pattern) {
            let candidate = candidate as usize;
            if candidate < start {
                continue;
            }
            let Some(end) = self.match_at(pattern, candidate) else {
                continue;
            };
            let token = |w: usize| self.tokens.get(self.words[w].token as usize);
            let (Some(first), Some(last)) = (token(candidate), token(end)) else {
                continue;
            };
            if let Some(s) = self.text.get(first.start()..last.end()) {
                out.push(s.to_string());
            }
            // `fait face à` inside `a fait face à` is the same occurrence.
            start = end + 1;
        }
        out
    }

    fn has_lemma(&self, word: &Word, lemma: &str, class: Option<WordClass>) -> bool {
        let spelling = self.spelling(word);
        spelling.key == lemma
            || spelling
                .readings
                .iter()
                .any(|a| class.is_none_or(|c| c == a.class) && lower(&a.lemma) == lemma)
    }

    /// The next word after `i` (skipping `BETWEEN` words when `skip`), if
    /// no stop lies before it.
    fn next(&self, i: usize, skip: bool) -> Option<usize> {
        let mut j = i;
        loop {
            if self.words.get(j)?.stop_after {
                return None;
            }
            j += 1;
            let w = self.words.get(j)?;
            if !(skip && BETWEEN.contains(&self.spelling(w).key.as_str())) {
                return Some(j);
            }
        }
    }

    /// The last word of a match of `pattern` starting at word `start`.
    fn match_at(&self, pattern: &Pattern, start: usize) -> Option<usize> {
        self.match_slots(pattern, 0, start)
    }

    /// Matches slot `n` and the following ones from word `at`; a verb may
    /// be read as itself or as an auxiliary before its participle, so both
    /// are tried (`a eu lieu`: `a` is `avoir`, but the auxiliary here).
    fn match_slots(&self, pattern: &Pattern, n: usize, at: usize) -> Option<usize> {
        let slot = pattern.slots.get(n)?;
        let word = self.words.get(at)?;
        let mut ends: Vec<usize> = Vec::new();
        match slot {
            Slot::Reflexive => {
                if REFLEXIVE.contains(&self.spelling(word).key.as_str()) {
                    ends.push(at);
                }
            }
            Slot::Literal(key) => {
                if self.spelling(word).key == *key {
                    ends.push(at);
                }
            }
            Slot::Inflected(lemma, class) => {
                if self.has_lemma(word, lemma, Some(*class)) {
                    ends.push(at);
                }
            }
            Slot::Verb(lemma) => {
                if self.has_lemma(word, lemma, Some(WordClass::Verb)) {
                    ends.push(at);
                }
                if pattern.with_auxiliary && self.spelling(word).auxiliary {
                    // `a fait face`, `s'est pas rendu compte`.
                    if let Some(p) = self.next(at, true) {
                        let participle = self
                            .spelling(&self.words[p])
                            .readings
                            .iter()
                            .any(|a| a.is_past_participle() && lower(&a.lemma) == *lemma);
                        if participle {
                            ends.push(p);
                        }
                    }
                }
            }
        }
        for end in ends {
            let Some(following) = pattern.slots.get(n + 1) else {
                return Some(end);
            };
            // Adverbs may only come after the reflexive pronoun and before
            // the verb, not inside the rest of an idiom.
            let skip = matches!(slot, Slot::Reflexive) || matches!(following, Slot::Verb(_));
            if let Some(next) = self.next(end, skip)
                && let Some(last) = self.match_slots(pattern, n + 1, next)
            {
                return Some(last);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests;
