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
            || crate::text::tokenize::tokenize_in_halves(text),
            || QuoteFinder::new(text),
        );
        TextWork {
            tokens,
            finder: Some(finder),
        }
    }
}

impl TextWork {
    /// The tokens alone, for checking: the finder is made after matching
    /// (see [`derive_for_checking`]).
    pub fn tokens_only(text: &str) -> TextWork {
        TextWork {
            tokens: tokenize_reporting(text, |_| {}),
            finder: None,
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
        pack.glossary[i].sentence = sentence.into();
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
    let sorting = || alphabetical(pack);
    let anchoring = || (QuoteFinder::new(text), sorting());
    let ((tokens, index), (finder, order)) = match work {
        Some(TextWork {
            tokens,
            finder: Some(finder),
        }) => {
            let (index, order) = side_by_side(
                large,
                || GlossaryIndex::scan(text, &tokens, glossary),
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
                let index = GlossaryIndex::scan(text, &tokens, glossary);
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
                let index = GlossaryIndex::scan(text, &tokens, glossary);
                report(950);
                (tokens, index)
            };
            // The two halves are independent: side by side on a large pack.
            side_by_side(large, matching, anchoring)
        }
    };
    let firsts = first_sentences(pack, &index);
    let anchors = anchor(pack, &finder, &firsts);
    let (derived, filled) = anchors.derived(pack, tokens, index, order, &firsts);
    report(1000);
    (derived, finder, filled)
}

/// Like [`derive_from`], for checking alone, in less memory: the text is
/// matched, what validation needs of the matches is kept (how often each
/// form occurs, where entries without a sentence first occur), and the
/// tokens and occurrences are let go before the quotation finder is made,
/// so that the largest structures are never held at once. What this
/// gives has neither tokens nor occurrences: it is checked, not read.
pub fn derive_for_checking(
    pack: &Pack,
    work: Option<TextWork>,
) -> (Derived, QuoteFinder, Vec<(usize, String)>) {
    let text = pack.text.body.as_str();
    let tokens = work.unwrap_or_else(|| TextWork::tokens_only(text)).tokens;
    let mut index = GlossaryIndex::scan(text, &tokens, &pack.glossary);
    drop(tokens);
    let firsts = first_sentences(pack, &index);
    index.keep_counts_only();
    let finder = QuoteFinder::new(text);
    let order = alphabetical(pack);
    let (derived, filled) =
        anchor(pack, &finder, &firsts).derived(pack, Vec::new(), index, order, &firsts);
    (derived, finder, filled)
}

/// Glossary entries in French alphabetical order.
fn alphabetical(pack: &Pack) -> Vec<usize> {
    let mut order: Vec<usize> = (0..pack.glossary.len()).collect();
    order.sort_by_cached_key(|&i| FrenchKey::new(&pack.glossary[i].term));
    order
}

/// For each entry without a sentence that occurs, the sentence around its
/// first occurrence: (entry, byte range).
fn first_sentences(pack: &Pack, index: &GlossaryIndex) -> Vec<(usize, Range<usize>)> {
    let text = pack.text.body.as_str();
    pack.glossary
        .iter()
        .enumerate()
        .filter(|(_, e)| e.sentence.is_empty())
        .filter_map(|(i, _)| {
            let first = index.entry_ranges(i).next()?;
            Some((i, crate::pack::defaults::sentence_around(text, first.start)))
        })
        .collect()
}

/// Where the pack's quotations are in the text.
struct Anchors {
    question_passages: Vec<Vec<Range<usize>>>,
    note_passages: Vec<Vec<Range<usize>>>,
    entry_sentences: Vec<Option<Range<usize>>>,
}

/// Every quotation of the pack looked up in one batch, so that many that
/// do not occur cost one scan of the text, not one each.
fn anchor(pack: &Pack, finder: &QuoteFinder, firsts: &[(usize, Range<usize>)]) -> Anchors {
    let all: Vec<&str> = pack
        .questions
        .iter()
        .flat_map(|q| &q.passages)
        .chain(pack.notes.iter().flat_map(|n| &n.passages))
        .map(crate::pack::Str::as_str)
        .chain(pack.glossary.iter().map(|e| e.sentence.as_str()))
        .collect();
    let mut found = finder.find_many(&all).into_iter();
    let mut take =
        |count: usize| -> Vec<Range<usize>> { found.by_ref().take(count).flatten().collect() };
    let question_passages = pack
        .questions
        .iter()
        .map(|q| take(q.passages.len()))
        .collect();
    let note_passages = pack.notes.iter().map(|n| take(n.passages.len())).collect();
    let mut entry_sentences: Vec<Option<Range<usize>>> = found.collect();
    // An entry without a sentence takes the one where it first occurs.
    for (i, range) in firsts {
        if let Some(slot) = entry_sentences.get_mut(*i) {
            *slot = Some(range.clone());
        }
    }
    Anchors {
        question_passages,
        note_passages,
        entry_sentences,
    }
}

impl Anchors {
    /// The derived study, and the sentences found for entries without one
    /// as (entry, sentence), for the caller to write into the pack.
    fn derived(
        self,
        pack: &Pack,
        tokens: Vec<Token>,
        index: GlossaryIndex,
        order: Vec<usize>,
        firsts: &[(usize, Range<usize>)],
    ) -> (Derived, Vec<(usize, String)>) {
        let text = pack.text.body.as_str();
        let filled = firsts
            .iter()
            .filter_map(|(i, range)| Some((*i, text.get(range.clone())?.to_string())))
            .collect();
        let derived = Derived {
            paragraphs: pack.paragraphs(),
            tokens,
            index,
            order,
            question_passages: self.question_passages,
            note_passages: self.note_passages,
            entry_sentences: self.entry_sentences,
        };
        (derived, filled)
    }
}
