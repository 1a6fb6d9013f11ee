//! Everything a pack's text gives once its entries have their forms:
//! tokens, glossary matches, anchored passages and sentences, the
//! glossary's alphabetical order and the paragraphs.
//!
//! Kept free of the lexicon and of I/O so that the build script derives the
//! built-in pack with this same code (see `build.rs`).

use std::ops::Range;

use crate::pack::Pack;
use crate::text::matching::GlossaryIndex;
use crate::text::normalize::FrenchKey;
use crate::text::quote::QuoteFinder;
use crate::text::tokenize::{Token, tokenize_reporting};

/// Texts from this size on are indexed on two threads.
pub const PARALLEL_FROM: usize = 64 * 1024;

/// What is derived from a pack's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub tokens: Vec<Token>,
    pub index: GlossaryIndex,
    /// Glossary entries in French alphabetical order.
    pub order: Vec<usize>,
    pub paragraphs: Vec<Range<usize>>,
    /// Byte ranges of each question's passages.
    pub question_passages: Vec<Vec<Range<usize>>>,
    /// Byte ranges of each note's passages.
    pub note_passages: Vec<Vec<Range<usize>>>,
    /// Where each entry's sentence sits in the text.
    pub entry_sentences: Vec<Option<Range<usize>>>,
}

/// [`Derived`]'s parts, borrowed (from a study, to compile it).
#[derive(Debug, Clone, Copy)]
pub struct DerivedView<'a> {
    pub tokens: &'a [Token],
    pub index: &'a GlossaryIndex,
    pub order: &'a [usize],
    pub paragraphs: &'a [Range<usize>],
    pub question_passages: &'a [Vec<Range<usize>>],
    pub note_passages: &'a [Vec<Range<usize>>],
    pub entry_sentences: &'a [Option<Range<usize>>],
}

impl Derived {
    pub fn view(&self) -> DerivedView<'_> {
        DerivedView {
            tokens: &self.tokens,
            index: &self.index,
            order: &self.order,
            paragraphs: &self.paragraphs,
            question_passages: &self.question_passages,
            note_passages: &self.note_passages,
            entry_sentences: &self.entry_sentences,
        }
    }
}

/// What is derived from the text alone, before the glossary is known: its
/// tokens and its quotation finder. Made while the rest of the pack is
/// read (see [`crate::pack::read::read_with_text`]).
pub struct TextWork {
    pub tokens: Vec<Token>,
    /// `None` if it was let go to make room (it is then made again).
    pub finder: Option<QuoteFinder>,
}

impl TextWork {
    /// Tokenizes `text` and normalizes it for quotations, side by side on
    /// a large text.
    pub fn new(text: &str) -> TextWork {
        let (tokens, finder) = side_by_side(
            text.len() >= PARALLEL_FROM,
            || tokenize_reporting(text, |_| {}),
            || QuoteFinder::new(text),
        );
        TextWork {
            tokens,
            finder: Some(finder),
        }
    }
}

/// Runs `a` on another thread while `b` runs on this one when `parallel`
/// (for large work: a thread costs more than a small job), else one after
/// the other.
fn side_by_side<A: Send, B>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B,
) -> (A, B) {
    if !parallel {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        match a.join() {
            Ok(a) => (a, b),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Derives everything from a pack whose ids and forms are filled in; an
/// entry without a sentence gets the one where it first occurs (written
/// into the pack). Also returns the quotation finder passages were
/// anchored with, for validation. `report` is told the progress in
/// thousandths.
pub fn derive(pack: &mut Pack, report: &(dyn Fn(u32) + Sync)) -> (Derived, QuoteFinder) {
    let (derived, finder, filled) = derive_from(pack, report, None);
    for (i, sentence) in filled {
        pack.glossary[i].sentence = sentence;
    }
    (derived, finder)
}

/// Like [`derive`], from what is made of the text already, leaving the
/// pack as it is: the sentences found for entries without one come back
/// as (entry, sentence), for the caller to write.
pub fn derive_from(
    pack: &Pack,
    report: &(dyn Fn(u32) + Sync),
    work: Option<TextWork>,
) -> (Derived, QuoteFinder, Vec<(usize, String)>) {
    let text = pack.text.body.as_str();
    let glossary = &pack.glossary;
    let large = text.len() >= PARALLEL_FROM;
    let sorting = || {
        let mut order: Vec<usize> = (0..glossary.len()).collect();
        order.sort_by_cached_key(|&i| FrenchKey::new(&glossary[i].term));
        order
    };
    let anchoring = || (QuoteFinder::new(text), sorting());
    let ((tokens, index), (finder, order)) = match work {
        Some(TextWork {
            tokens,
            finder: Some(finder),
        }) => {
            let (index, order) = side_by_side(
                large,
                || GlossaryIndex::build(text, &tokens, glossary),
                sorting,
            );
            ((tokens, index), (finder, order))
        }
        Some(TextWork {
            tokens,
            finder: None,
        }) => side_by_side(
            large,
            || {
                let index = GlossaryIndex::build(text, &tokens, glossary);
                (tokens, index)
            },
            anchoring,
        ),
        None => {
            let matching = || {
                // Tokenizing is about half the work, matching the other half.
                let tokens = tokenize_reporting(text, |done| {
                    report(u32::try_from(done * 500 / text.len().max(1)).unwrap_or(500));
                });
                let index = GlossaryIndex::build(text, &tokens, glossary);
                report(950);
                (tokens, index)
            };
            // The two halves are independent: side by side on a large pack.
            side_by_side(large, matching, anchoring)
        }
    };
    // Every quotation of the pack is looked up in one batch, so that
    // many that do not occur cost one scan of the text, not one each.
    let all: Vec<&str> = pack
        .questions
        .iter()
        .flat_map(|q| &q.passages)
        .chain(pack.notes.iter().flat_map(|n| &n.passages))
        .chain(glossary.iter().map(|e| &e.sentence))
        .map(String::as_str)
        .collect();
    let mut found = finder.find_many(&all).into_iter();
    let mut anchor =
        |count: usize| -> Vec<Range<usize>> { found.by_ref().take(count).flatten().collect() };
    let question_passages = pack
        .questions
        .iter()
        .map(|q| anchor(q.passages.len()))
        .collect();
    let note_passages = pack
        .notes
        .iter()
        .map(|n| anchor(n.passages.len()))
        .collect();
    let mut entry_sentences: Vec<Option<Range<usize>>> = found.collect();
    // An entry without a sentence takes the one where it first occurs.
    let mut filled = Vec::new();
    for (i, e) in glossary.iter().enumerate() {
        if let (true, Some(&o)) = (e.sentence.is_empty(), index.of_entry(i).first()) {
            let at = index.occurrences()[o].range().start;
            let range = crate::pack::defaults::sentence_around(text, at);
            filled.push((i, text[range.clone()].to_string()));
            entry_sentences[i] = Some(range);
        }
    }
    let derived = Derived {
        paragraphs: pack.paragraphs(),
        tokens,
        index,
        order,
        question_passages,
        note_passages,
        entry_sentences,
    };
    report(1000);
    (derived, finder, filled)
}
