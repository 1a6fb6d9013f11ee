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
use crate::text::tokenize::{self, Token};

/// Texts from this size on are indexed on two threads.
const PARALLEL_FROM: usize = 64 * 1024;

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

/// Derives everything from a pack whose ids and forms are filled in; an
/// entry without a sentence gets the one where it first occurs (written
/// into the pack). Also returns the quotation finder passages were
/// anchored with, for validation. `report` is told the progress in
/// thousandths.
pub fn derive(pack: &mut Pack, report: &(dyn Fn(u32) + Sync)) -> (Derived, QuoteFinder) {
    let text = pack.text.body.as_str();
    let glossary = &pack.glossary;
    let matching = || {
        // Tokenizing is about half the work, matching the other half.
        let tokens = tokenize_reporting(text, |done| {
            report(u32::try_from(done * 500 / text.len().max(1)).unwrap_or(500));
        });
        let index = GlossaryIndex::build(text, &tokens, glossary);
        report(950);
        (tokens, index)
    };
    let anchoring = || {
        let finder = QuoteFinder::new(text);
        let mut order: Vec<usize> = (0..glossary.len()).collect();
        order.sort_by_cached_key(|&i| FrenchKey::new(&glossary[i].term));
        (finder, order)
    };
    // The two halves are independent: on a large pack they run side by
    // side; on a small one a thread would cost more than it saves.
    let ((tokens, index), (finder, order)) = if text.len() < PARALLEL_FROM {
        (matching(), anchoring())
    } else {
        std::thread::scope(|scope| {
            let matched = scope.spawn(matching);
            let anchored = anchoring();
            match matched.join() {
                Ok(m) => (m, anchored),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
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
            let at = index.occurrences()[o].range.start;
            let range = crate::pack::defaults::sentence_around(text, at);
            filled.push((i, text[range.clone()].to_string()));
            entry_sentences[i] = Some(range);
        }
    }
    for (i, sentence) in filled {
        pack.glossary[i].sentence = sentence;
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
    (derived, finder)
}

/// [`tokenize::tokenize`], piece by piece (see [`tokenize::tokenize_pieces`]):
/// `done` is told how many bytes are tokenized after each piece.
pub fn tokenize_reporting(text: &str, mut done: impl FnMut(usize)) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    tokenize::tokenize_pieces(text, |start, end, piece| {
        // Room for the rest at the density seen so far, and a little more:
        // growing by doubling would leave up to half the list unused.
        let rest = piece.len() * (text.len() - end) / (end - start).max(1);
        if tokens.capacity() - tokens.len() < piece.len() {
            tokens.reserve_exact(piece.len() + rest + rest / 16);
        }
        tokens.extend(piece);
        done(end);
    });
    tokens.shrink_to_fit();
    tokens
}
