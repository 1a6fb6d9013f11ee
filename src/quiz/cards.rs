//! The four ways of drilling an entry, and building a card to show.
//!
//! Fresh cards are recognised (French → English, or picked among four
//! meanings); cards that have graduated are produced (English → French,
//! typed, or typed into the blank of the entry's sentence). Every choice is
//! deterministic given the entry id and its review count, so a card looks
//! the same after a restart and tests are stable.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::pack::Entry;
use crate::quiz::grade::{self, GradeOptions, Verdict};
use crate::quiz::schedule::{CardState, Phase, Rating};

/// How an entry is drilled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CardKind {
    /// French shown, English revealed, self-graded 1–4.
    Recognition,
    /// English shown, French typed.
    Production,
    /// French shown, the English meaning picked among four.
    Choice,
    /// The entry's sentence with the word blanked, typed.
    Cloze,
}

/// What a card shows and what it expects.
#[derive(Debug, Clone, PartialEq)]
pub enum Face {
    Recognition {
        term: String,
        en: String,
    },
    Production {
        en: String,
        answer: String,
        accept: Vec<String>,
    },
    Choice {
        term: String,
        options: Vec<String>,
        /// Index of the right option.
        correct: usize,
    },
    Cloze {
        /// The sentence before the blank.
        before: String,
        /// The sentence after the blank.
        after: String,
        /// The form blanked out, as written in the sentence.
        answer: String,
        /// The entry's meaning, as a hint.
        en: String,
    },
}

/// A card ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub entry_id: String,
    /// The kind actually built (cloze and choice fall back when the entry
    /// cannot support them).
    pub kind: CardKind,
    pub face: Face,
}

impl Card {
    /// Grades a typed answer to a production or cloze card; `None` for
    /// kinds that are not typed.
    pub fn grade_typed(&self, input: &str, opts: GradeOptions) -> Option<Verdict> {
        match &self.face {
            Face::Production { answer, accept, .. } => {
                Some(grade::grade(input, answer, accept, opts))
            }
            Face::Cloze { answer, .. } => Some(grade::grade(input, answer, &[], opts)),
            _ => None,
        }
    }

    /// The rating of a picked option of a choice card; `None` for other kinds.
    pub fn grade_choice(&self, picked: usize) -> Option<Rating> {
        match &self.face {
            Face::Choice { correct, .. } => Some(if picked == *correct {
                Rating::Good
            } else {
                Rating::Again
            }),
            _ => None,
        }
    }
}

/// The kind to show for `entry` in `state`: recognition or choice while the
/// card is new or in (re)learning, production or cloze once in review.
pub fn choose_kind(entry: &Entry, state: &CardState) -> CardKind {
    let coin = seed_for(&entry.id, state.reps).is_multiple_of(2);
    match state.phase {
        Phase::Review if coin && find_form(&entry.sentence, &entry.forms).is_some() => {
            CardKind::Cloze
        }
        Phase::Review => CardKind::Production,
        _ if coin => CardKind::Choice,
        _ => CardKind::Recognition,
    }
}

/// The card to show for `entry` in `state`, with choice distractors drawn
/// from `entries`.
pub fn card_for(entry: &Entry, state: &CardState, entries: &[Entry]) -> Card {
    build_card(
        entry,
        choose_kind(entry, state),
        entries,
        seed_for(&entry.id, state.reps),
    )
}

/// Builds a card of `kind`. A cloze without a form in the sentence becomes a
/// production card; a choice without any distractor a recognition card.
pub fn build_card(entry: &Entry, kind: CardKind, entries: &[Entry], seed: u64) -> Card {
    let production = || Card {
        entry_id: entry.id.to_string(),
        kind: CardKind::Production,
        face: Face::Production {
            en: entry.en.to_string(),
            answer: entry.term.to_string(),
            accept: entry.accept().iter().map(|a| a.to_string()).collect(),
        },
    };
    let recognition = || Card {
        entry_id: entry.id.to_string(),
        kind: CardKind::Recognition,
        face: Face::Recognition {
            term: entry.term.to_string(),
            en: entry.en.to_string(),
        },
    };
    match kind {
        CardKind::Recognition => recognition(),
        CardKind::Production => production(),
        CardKind::Cloze => {
            let sentence = nfc(&entry.sentence);
            match find_form(&sentence, &entry.forms) {
                Some(range) => Card {
                    entry_id: entry.id.to_string(),
                    kind: CardKind::Cloze,
                    face: Face::Cloze {
                        before: sentence[..range.start].to_string(),
                        after: blank_others(&sentence[range.end..], &entry.forms),
                        answer: sentence[range].to_string(),
                        en: entry.en.to_string(),
                    },
                },
                None => production(),
            }
        }
        CardKind::Choice => {
            let mut rng = SplitMix(seed);
            let distractors = distractors(entry, entries, &mut rng);
            if distractors.is_empty() {
                return recognition();
            }
            let mut options = vec![entry.en.to_string()];
            options.extend(distractors);
            rng.shuffle(&mut options);
            let correct = options.iter().position(|o| entry.en == *o).unwrap_or(0);
            Card {
                entry_id: entry.id.to_string(),
                kind: CardKind::Choice,
                face: Face::Choice {
                    term: entry.term.to_string(),
                    options,
                    correct,
                },
            }
        }
    }
}

/// Up to three other meanings, of the same part of speech first, none
/// reading like the right one or like each other.
fn distractors(entry: &Entry, entries: &[Entry], rng: &mut SplitMix) -> Vec<String> {
    let key = |s: &str| s.trim().to_lowercase();
    let mut taken = vec![key(&entry.en)];
    let mut out = Vec::new();
    for same_pos in [true, false] {
        let mut pool: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.id != entry.id && (e.pos == entry.pos) == same_pos)
            .collect();
        rng.shuffle(&mut pool);
        for e in pool {
            if out.len() == 3 {
                return out;
            }
            let k = key(&e.en);
            if !k.is_empty() && !taken.contains(&k) {
                taken.push(k);
                out.push(e.en.to_string());
            }
        }
    }
    out
}

/// `text` with every further occurrence of `forms` blanked too, so that a
/// sentence using the word twice does not show the answer after the gap.
fn blank_others<S: AsRef<str>>(text: &str, forms: &[S]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(range) = find_form(rest, forms) {
        out.push_str(&rest[..range.start]);
        out.push_str(BLANK);
        rest = &rest[range.end..];
    }
    out.push_str(rest);
    out
}

/// How a gap is written in a cloze card's text.
pub const BLANK: &str = "_____";

/// The byte range in `sentence` of the first of `forms` that occurs in it as
/// a whole word, ignoring case and the kind of apostrophe.
pub fn find_form<S: AsRef<str>>(sentence: &str, forms: &[S]) -> Option<Range<usize>> {
    forms.iter().find_map(|form| {
        let form = nfc(form.as_ref().trim());
        let key: Vec<char> = fold_chars(&form).collect();
        if key.is_empty() {
            return None;
        }
        sentence.char_indices().find_map(|(start, _)| {
            let before_ok = sentence[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            if !before_ok {
                return None;
            }
            let end = match_at(&sentence[start..], &key)? + start;
            let after_ok = sentence[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            after_ok.then_some(start..end)
        })
    })
}

/// If `text` starts with `key` (case- and apostrophe-folded), the byte
/// length of the matching prefix.
fn match_at(text: &str, key: &[char]) -> Option<usize> {
    let mut k = 0;
    for (i, c) in text.char_indices() {
        let mut buf = [0u8; 4];
        for f in fold_chars(c.encode_utf8(&mut buf)) {
            if key.get(k) != Some(&f) {
                return None;
            }
            k += 1;
        }
        if k == key.len() {
            return Some(i + c.len_utf8());
        }
    }
    None
}

/// `s` in NFC: a copy when it is NFC already (almost always), which the
/// quick check tells without composing.
fn nfc(s: &str) -> String {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

fn fold_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .map(|c| {
            if matches!(c, '’' | '‘' | 'ʼ') {
                '\''
            } else {
                c
            }
        })
        .flat_map(char::to_lowercase)
}

/// A seed from an entry id and a review count: FNV-1a, stable across Rust
/// versions unlike `DefaultHasher`.
pub fn seed_for(id: &str, reps: u32) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes().chain(reps.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    SplitMix(h).next_u64()
}

/// SplitMix64: tiny, seedable and good enough for shuffling options.
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::pack::Pos;

    pub(crate) fn entry(id: &str, term: &str, pos: Pos, en: &str) -> Entry {
        Entry {
            id: id.into(),
            term: term.into(),
            pos,
            gender: None,
            en: en.into(),
            extras: None,
            forms: vec![term.into()].into(),
            sentence: Default::default(),
            drill: true,
            todo: false,
        }
    }

    #[test]
    fn a_cloze_blanks_every_occurrence_of_its_word() {
        let mut e = entry("reflexion", "réflexion", Pos::Noun, "thought");
        e.forms = vec!["réflexions".into()].into();
        e.sentence =
            "faire des réflexions sur ce livre, mais ces Réflexions avaient pris un tour".into();
        let card = build_card(&e, CardKind::Cloze, &[], 1);
        let Face::Cloze {
            before,
            after,
            answer,
            ..
        } = card.face
        else {
            panic!("a cloze card");
        };
        assert_eq!(before, "faire des ");
        assert_eq!(answer, "réflexions");
        assert_eq!(after, " sur ce livre, mais ces _____ avaient pris un tour");
    }

    fn glossary() -> Vec<Entry> {
        let mut ordre = entry("ordre", "l'ordre", Pos::Noun, "order");
        ordre.forms = vec!["l'ordre".into(), "ordres".into()].into();
        ordre.sentence = "Il faut rétablir L’ordre public.".into();
        vec![
            ordre,
            entry("menace", "la menace", Pos::Noun, "threat"),
            entry("etat", "l'état", Pos::Noun, "state"),
            entry("loi", "la loi", Pos::Noun, "law"),
            entry("vie", "la vie", Pos::Noun, "life"),
            entry("vite", "vite", Pos::Adverb, "quickly"),
            entry("dire", "dire", Pos::Verb, "to say"),
        ]
    }

    #[test]
    fn choice_has_four_distinct_options_of_the_same_pos() {
        let g = glossary();
        let card = build_card(&g[0], CardKind::Choice, &g, 42);
        let Face::Choice {
            options, correct, ..
        } = &card.face
        else {
            panic!("not a choice card: {card:?}");
        };
        assert_eq!(options.len(), 4);
        assert_eq!(options[*correct], "order");
        let mut sorted = options.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 4);
        for o in options {
            assert!(["order", "threat", "state", "law", "life"].contains(&o.as_str()));
        }
        assert_eq!(card.grade_choice(*correct), Some(Rating::Good));
        assert_eq!(card.grade_choice(*correct + 1), Some(Rating::Again));
        // Deterministic for a seed.
        assert_eq!(build_card(&g[0], CardKind::Choice, &g, 42), card);
    }

    #[test]
    fn choice_falls_back_to_other_parts_of_speech_then_to_recognition() {
        let g = glossary();
        let card = build_card(&g[5], CardKind::Choice, &g, 7);
        let Face::Choice { options, .. } = &card.face else {
            panic!("not a choice card");
        };
        assert_eq!(options.len(), 4);
        let alone = vec![g[5].clone()];
        assert_eq!(
            build_card(&alone[0], CardKind::Choice, &alone, 7).kind,
            CardKind::Recognition
        );
    }

    #[test]
    fn cloze_blanks_the_first_form_found_whatever_the_apostrophe() {
        let g = glossary();
        let card = build_card(&g[0], CardKind::Cloze, &g, 1);
        assert_eq!(
            card.face,
            Face::Cloze {
                before: "Il faut rétablir ".into(),
                after: " public.".into(),
                answer: "L’ordre".into(),
                en: "order".into(),
            }
        );
        let verdict = card.grade_typed("l'ordre", GradeOptions::default());
        assert_eq!(verdict, Some(Verdict::Correct));
    }

    #[test]
    fn cloze_without_a_form_in_the_sentence_is_production() {
        let mut e = entry("vie", "la vie", Pos::Noun, "life");
        e.sentence = "La vieille ville.".into();
        e.forms = vec!["vie".into()].into();
        let card = build_card(&e, CardKind::Cloze, &[], 1);
        assert_eq!(card.kind, CardKind::Production);
    }

    #[test]
    fn find_form_respects_word_boundaries_and_case() {
        let forms = vec!["la".to_string(), "MENACES".to_string()];
        let s = "Une relation, des menaces; la fin.";
        let r = find_form(s, &forms).expect("found");
        assert_eq!(&s[r], "la");
        let r = find_form(s, &forms[1..]).expect("found");
        assert_eq!(&s[r], "menaces");
        assert_eq!(find_form("relation", &["la".to_string()]), None);
        assert_eq!(find_form("anything", &[String::new()]), None);
    }

    #[test]
    fn kinds_follow_the_phase_and_are_deterministic() {
        let g = glossary();
        let mut seen_new = std::collections::HashSet::new();
        let mut seen_review = std::collections::HashSet::new();
        for reps in 0..20 {
            let new = CardState {
                reps,
                ..CardState::default()
            };
            let k = choose_kind(&g[0], &new);
            assert_eq!(k, choose_kind(&g[0], &new));
            assert!(matches!(k, CardKind::Recognition | CardKind::Choice));
            seen_new.insert(k);
            let review = CardState {
                phase: Phase::Review,
                reps,
                ..CardState::default()
            };
            let k = choose_kind(&g[0], &review);
            assert!(matches!(k, CardKind::Production | CardKind::Cloze));
            seen_review.insert(k);
            // Without a sentence there is no cloze.
            assert_eq!(choose_kind(&g[1], &review), CardKind::Production);
        }
        assert_eq!(seen_new.len(), 2);
        assert_eq!(seen_review.len(), 2);
    }

    #[test]
    fn production_grades_against_term_and_alternatives() {
        let mut e = entry("etat", "l'état", Pos::Noun, "state");
        e.extras_mut().accept = vec!["la nation".into()];
        let card = card_for(
            &e,
            &CardState {
                phase: Phase::Review,
                ..CardState::default()
            },
            &[],
        );
        assert_eq!(card.kind, CardKind::Production);
        let opts = GradeOptions::default();
        assert_eq!(card.grade_typed("état", opts), Some(Verdict::Correct));
        assert_eq!(card.grade_typed("nation", opts), Some(Verdict::Correct));
        assert!(matches!(
            card.grade_typed("etat", opts),
            Some(Verdict::AccentsOff { .. })
        ));
        assert_eq!(card.grade_choice(0), None);
    }
}
