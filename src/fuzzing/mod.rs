//! The fuzz harness: what the fuzz targets in `fuzz/` run on every input,
//! shared with `tests/fuzz_regressions.rs` so that `cargo test` replays the
//! seeds, the hand-made tricky inputs and every crash the fuzzer ever found.
//!
//! Every entry point takes arbitrary bytes and panic only when the library
//! breaks one of its own promises (a panic inside the library, or a broken
//! invariant checked here); for any other input they return quietly.
//! Checks are kept linear in the input so that the fuzzer stays fast.

mod dictionaries;

pub use dictionaries::exercise_dictionaries;

use crate::study::compiled;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::pack::{Entry, Pos};
use crate::study::Study;
use crate::text::matching::GlossaryIndex;
use crate::text::normalize::{FrenchKey, fold_key, match_key};
use crate::text::quote::QuoteFinder;
use crate::text::tokenize::{Token, tokenize};
use crate::text::wrap::{display_width, line_of, wrap};

/// Loads `bytes` as a pack file, as `liseuse` does, and exercises what the
/// reader does with a loaded pack: wrapping at several widths, looking up
/// entries and tokens at byte offsets, filtering the glossary.
pub fn exercise(bytes: &[u8]) {
    match Study::from_bytes("fuzz.toml", bytes) {
        Ok(study) => exercise_study(&study, bytes),
        Err(e) => {
            assert!(!e.problems.is_empty(), "an error without a problem");
            let shown = e.to_string();
            assert!(!shown.is_empty(), "an error that says nothing");
        }
    }
}

/// Reads `bytes` as a compiled pack (as the pack cache would give them),
/// whole and as a long text's preview, and exercises what loads as
/// [`exercise`] does. With an odd first byte the rest are edits to the
/// built-in pack's compiled bytes (a position in two bytes, then the byte
/// to put there; a zero byte cuts them short), so that damage deep inside
/// a consistent pack is tried, not only bytes the magic number refuses.
pub fn exercise_compiled(bytes: &[u8]) {
    let data = match bytes.split_first() {
        Some((mode, edits)) if mode % 2 == 1 => {
            static BUILTIN: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
            let mut data = BUILTIN
                .get_or_init(|| {
                    Study::builtin()
                        .ok()
                        .and_then(|study| study.to_compiled())
                        .unwrap_or_default()
                })
                .clone();
            for edit in edits.chunks_exact(3) {
                if data.is_empty() {
                    break;
                }
                let at = usize::from(u16::from_le_bytes([edit[0], edit[1]])) % data.len();
                match edit[2] {
                    0 => data.truncate(at),
                    b => data[at] ^= b,
                }
            }
            data
        }
        _ => bytes.get(1..).unwrap_or_default().to_vec(),
    };
    if let Some(study) = Study::from_compiled(&data) {
        exercise_study(&study, bytes);
    }
    let Some(head) = compiled::head_len(&data).and_then(|n| data.get(..n)) else {
        return;
    };
    let big = |at: usize, len: usize| {
        data.get(head.len() + at..head.len().checked_add(at)?.checked_add(len)?)
    };
    // As the cache reads a head too: its strings' contents apart.
    let apart = compiled::strings_len(head)
        .and_then(|n| head.len().checked_sub(n))
        .filter(|&n| n >= compiled::HEADER)
        .and_then(|n| Some((&head[..n], String::from_utf8(head[n..].to_vec()).ok()?)))
        .map(|(bytes, s)| (bytes, compiled::Strings::Apart(std::sync::Arc::new(s))));
    for (head_read, strings) in [(head, compiled::Strings::AtEnd)].into_iter().chain(apart) {
        preview_then_whole(head_read, &strings, &big, data.len() - head.len(), bytes);
    }
}

/// A preview of a compiled head as a long text's open reads it, then its
/// whole read apart from the pack.
fn preview_then_whole<'d>(
    head: &[u8],
    strings: &compiled::Strings,
    big: &dyn Fn(usize, usize) -> Option<&'d [u8]>,
    rest: usize,
    bytes: &[u8],
) {
    // A preview of whatever the text holds past its 8th byte.
    let cut = |first: &[u8]| {
        first
            .get(8..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map(|i| 9 + i)
    };
    if let Some(parts) = compiled::decode_preview(head, strings, big, &cut) {
        assert!(
            parts.pack.text.body.len() <= parts.text_len,
            "a preview longer than its text"
        );
        let mut study = Study::from_parts(parts);
        exercise_study(&study, bytes);
        // The whole read apart from the pack completes the preview only
        // if it agrees with it.
        if let Some(large) = compiled::decode_large(head.to_vec(), strings, big, rest)
            && study.complete(large)
        {
            exercise_study(&study, bytes);
        }
    }
}

/// Treats `bytes` as a text followed by glossary forms and quotations, each
/// after a NUL byte, and exercises tokenizing, glossary matching, quotation
/// lookup, the normalization keys and wrapping on them directly, without the
/// pack format's cleaning (so control characters and CR reach them too).
pub fn exercise_text(bytes: &[u8]) {
    let (config, rest) = bytes.split_first().unwrap_or((&0, &[]));
    let input = String::from_utf8_lossy(rest);
    let mut parts = input.split('\0');
    let text = parts.next().unwrap_or_default();
    let extras: Vec<&str> = parts.take(32).collect();

    let tokens = tokenize(text);
    check_tokens(text, &tokens);

    // Entries of up to three forms each; every extra is also a quotation.
    let entries: Vec<Entry> = extras
        .chunks(3)
        .enumerate()
        .map(|(i, forms)| entry(i, forms))
        .collect();
    let index = GlossaryIndex::build(text, &tokens, &entries);
    check_index(text, &tokens, &entries, &index);
    for byte in offsets(text.len(), bytes) {
        for e in index.entries_at(byte) {
            assert!(e < entries.len(), "entry {e} out of range");
        }
    }

    let finder = QuoteFinder::new(text);
    for q in &extras {
        let found = finder.find(q);
        let all = finder.find_all(q);
        assert_eq!(
            found.is_some(),
            !all.is_empty(),
            "find and find_all on {q:?}"
        );
        if let Some(r) = &found {
            check_range(text, r, "quotation");
            assert!(r.start < r.end, "empty quotation match {r:?}");
        }
        let mut prev_end = 0;
        for r in &all {
            check_range(text, r, "quotation");
            assert!(prev_end <= r.start && r.start < r.end, "find_all order");
            prev_end = r.end;
        }
        let _ = (match_key(q), fold_key(q), FrenchKey::new(q));
    }

    for width in [0, 1, 2, u16::from(*config % 16), u16::from(*config)] {
        check_wrap(text, width);
    }
}

fn entry(i: usize, forms: &[&str]) -> Entry {
    let first = forms.first().copied().unwrap_or_default();
    Entry {
        id: format!("e{i}").into(),
        term: first.into(),
        pos: Pos::ALL[i % Pos::ALL.len()],
        gender: None,
        en: first.into(),
        extras: None,
        forms: forms.iter().map(|&f| f.into()).collect(),
        sentence: first.into(),
        drill: true,
        todo: false,
    }
}

fn exercise_study(study: &Study, bytes: &[u8]) {
    let text = study.text();
    check_tokens(text, &study.tokens);
    check_index(text, &study.tokens, &study.pack.glossary, &study.index);

    let glossary = study.pack.glossary.len();
    assert_eq!(study.order.len(), glossary, "order is not a permutation");
    let mut seen = vec![false; glossary];
    for &i in &study.order {
        assert!(!std::mem::replace(&mut seen[i], true), "entry {i} twice");
    }
    for r in study
        .question_passages
        .iter()
        .chain(&study.note_passages)
        .flatten()
        .chain(study.entry_sentences.iter().flatten())
        .chain(&study.paragraphs)
    {
        check_range(text, r, "passage");
    }

    // Widths from narrow to unwrapped, some of them from the input.
    let seed = bytes
        .iter()
        .fold(0u16, |h, &b| h.rotate_left(3) ^ u16::from(b));
    for width in [0, 1, 2, 3, 1 + seed % 8, 10 + seed % 90, 80, u16::MAX] {
        check_wrap(text, width);
    }

    for byte in offsets(text.len(), bytes) {
        for e in study.index.entries_at(byte) {
            assert!(e < glossary, "entry {e} out of range");
        }
        if let Some(t) = study.token_at(byte) {
            let range = &study.tokens[t].range();
            assert!(range.contains(&byte), "token {range:?} misses byte {byte}");
            let _ = (study.is_word(t), study.token_text(t));
        }
        let _ = study.paragraph_of(byte);
    }

    // Queries: the whole input's first bytes, a slice from the middle, none.
    let half = bytes.len() / 2;
    for query in [
        &bytes[..bytes.len().min(8)],
        &bytes[half..bytes.len().min(half + 5)],
        &[][..],
    ] {
        let query = String::from_utf8_lossy(query);
        let found = study.filter(&query);
        assert!(found.len() <= glossary, "filter returned extra entries");
        assert!(found.iter().all(|&i| i < glossary), "filter out of range");
    }
}

/// Byte offsets to look things up at: the ends, the middle, and a few taken
/// from the input; some fall inside a character or past the end.
fn offsets(len: usize, bytes: &[u8]) -> Vec<usize> {
    let mut out = vec![0, 1, len / 2, len.saturating_sub(1), len, len + 1];
    out.extend(bytes.iter().take(4).map(|&b| usize::from(b) * len / 256));
    out
}

fn check_range(text: &str, r: &Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && text.get(r.clone()).is_some(),
        "{what} range {r:?} is not a slice of a {}-byte text",
        text.len()
    );
}

/// Tokens are contiguous and cover the whole text.
fn check_tokens(text: &str, tokens: &[Token]) {
    let mut at = 0;
    for t in tokens {
        assert_eq!(t.start(), at, "tokens not contiguous at {t:?}");
        assert!(t.start() < t.end(), "empty token {t:?}");
        check_range(text, &t.range(), "token");
        at = t.end();
    }
    assert_eq!(at, text.len(), "tokens do not cover the text");
}

fn check_index(text: &str, tokens: &[Token], entries: &[Entry], index: &GlossaryIndex) {
    let mut prev_start = 0;
    for o in index.occurrences() {
        check_range(text, &o.range(), "occurrence");
        assert!(o.range().start >= prev_start, "occurrences out of order");
        prev_start = o.range().start;
        assert!(
            entries
                .get(o.entry())
                .is_some_and(|e| o.form() < e.forms.len()),
            "occurrence of a form that does not exist: {o:?}"
        );
        assert!(o.tokens().end <= tokens.len(), "occurrence tokens {o:?}");
    }
}

/// Wraps at `width` and checks the promises of [`wrap`]: lines are slices of
/// the text, in order, without a newline, as wide as they say, and no wider
/// than `width` unless they are a single grapheme cluster.
fn check_wrap(text: &str, width: u16) {
    let lines = wrap(text, width);
    let mut prev_end = 0;
    for l in &lines {
        let s = text.get(l.range.clone());
        let Some(s) = s else {
            panic!("line {l:?} is not a slice of the text");
        };
        assert!(l.range.start >= prev_end, "line {l:?} out of order");
        prev_end = l.range.end;
        assert!(!s.contains('\n'), "line {l:?} holds a newline");
        let w = display_width(s);
        assert_eq!(
            usize::from(l.width),
            w.min(usize::from(u16::MAX)),
            "line {l:?} has the wrong width"
        );
        if l.width > width {
            assert!(
                s.graphemes(true).nth(1).is_none(),
                "line {l:?} is wider than {width}"
            );
        }
    }
    if width == 0 {
        assert_eq!(
            lines.len(),
            text.lines().count(),
            "one line per source line"
        );
    }
    assert_eq!(
        line_of(&lines, text.len()),
        lines.len().checked_sub(1),
        "the end of the text is not on the last line"
    );
}

/// Reads `bytes` as a progress file, as the store does, and exercises what
/// the app does with one: writing it back (the same text again on a second
/// round), merging it with its own copy (nothing doubled), statistics, the
/// due queue and answering each of its cards.
pub fn exercise_progress(bytes: &[u8]) {
    use crate::progress::{Progress, merge};
    use crate::quiz::session::{due_queue, record_answer, scheduler_for};
    use crate::quiz::{CardKind, Rating};

    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let Ok(progress) = Progress::from_toml(text) else {
        return;
    };
    let written = match progress.to_toml() {
        Ok(w) => w,
        Err(e) => panic!("a progress file that was read cannot be written: {e}"),
    };
    let again = match Progress::from_toml(&written) {
        Ok(p) => p,
        Err(e) => panic!("what was written does not read back: {e}\n{written}"),
    };
    // Compared as text: a NaN read back is not equal to itself.
    assert_eq!(again.to_toml().ok().as_deref(), Some(written.as_str()));

    let merged = merge(&progress, &again);
    assert_eq!(
        merged.log.len(),
        progress.log.len(),
        "merging doubled answers"
    );
    assert_eq!(merged.unreadable.log.len(), progress.unreadable.log.len());
    assert!(merge(&merged, &progress).to_toml().is_ok());

    let ids = progress
        .cards
        .keys()
        .chain(progress.unreadable.cards.keys());
    let entries: Vec<Entry> = ids
        .take(16)
        .enumerate()
        .map(|(i, id)| Entry {
            id: id.into(),
            ..entry(i, &[id.as_str()])
        })
        .collect();
    let times = progress.log.iter().map(|e| e.time);
    let last = times.max().unwrap_or(0);
    for now in [1_767_225_600, last] {
        for offset in [0, 3_600, -43_200] {
            let _ = crate::quiz::stats::stats(&entries, &progress, now, offset);
            let _ = due_queue(&entries, &progress, now, offset);
        }
    }
    let Ok(scheduler) = scheduler_for(&progress, 0) else {
        return;
    };
    let mut answered = progress.clone();
    for (i, e) in entries.iter().enumerate() {
        let rating = Rating::ALL[i % 4];
        record_answer(
            &mut answered,
            &scheduler,
            &e.id,
            CardKind::Recognition,
            rating,
            last,
            i % 5 == 4,
        );
    }
    assert_eq!(answered.log.len(), progress.log.len() + entries.len());
    assert!(answered.to_toml().is_ok());
}
