//! The reading pane's wrapped rows: the text cut to the pane's width, with
//! translations interleaved when shown.
//!
//! Rows are made lazily, so that what a resize, `t` or a keystroke costs
//! follows the screen, not the text. The text is split once into
//! *segments* (its source lines, each carrying the translation of the
//! paragraph it ends). For the current width every segment has a row
//! count, estimated from its length until the segment is first wrapped,
//! exact from then on; the counts sit in a Fenwick tree, so the row of a
//! byte and the segment of a row are found in O(log n), and a segment made
//! exact updates the totals in O(log n). Only segments that are looked at
//! (the screen and what a motion reaches) are ever wrapped, and their rows
//! are kept in a small cache. Counts are kept for the last few widths, so
//! resizing back and forth or toggling `t` re-wraps nothing already seen.
//!
//! Row numbers are stable where the learner looks: making a segment exact
//! only moves the rows after it, and a segment is made exact when a row of
//! it is asked for, before that row's place is used. Rows produced this way
//! are exactly those of a full wrap (a property test checks it).
//!
//! While the app is idle, estimated counts are made exact a slice at a
//! time (`refine`), so that on a long text the scrollbar and the
//! percentage become exact soon after the text is on screen, without ever
//! wrapping the whole text in one go.
//!
//! Everything outside this file goes through the small API below
//! (`build`, `relayout`, `row_count`, `visible`, `row_of`, `top_byte`,
//! `first_token_from`, `is_estimated`, `refine`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use liseuse::study::Study;
use liseuse::text::wrap::wrap;

/// One row of the reading pane.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// A slice of the text, with the index of its first token.
    Text {
        range: Range<usize>,
        first_token: usize,
    },
    /// A line of a paragraph's translation.
    Translation(String),
}

/// Texts up to this size are wrapped whole at once: it costs a fraction of
/// a millisecond, and every count (the scrollbar, the percentage) is exact.
/// A long text's preview (some 32 KB) is wrapped as far as it is seen.
const EAGER_BYTES: usize = 16 * 1024;
/// Widths whose row counts are kept besides the current one.
const KEPT_WIDTHS: usize = 4;
/// Wrapped segments kept before the cache is emptied.
const CACHED_SEGMENTS: usize = 1024;

/// One source line of the text.
#[derive(Debug, Clone, Copy)]
struct Segment {
    start: u32,
    /// End of its content ('\n' and a '\r' before it left out).
    end: u32,
    /// The translation shown after it (it ends a translated paragraph).
    translation: Option<u32>,
}

/// Row counts for one width, summed by a Fenwick tree.
#[derive(Debug, Clone, Default)]
struct Counts {
    width: u16,
    translations: bool,
    /// The count of each segment.
    count: Vec<u32>,
    exact: Vec<bool>,
    /// Fenwick tree over `count` (1-based).
    tree: Vec<u64>,
    total: u64,
    /// Every segment before this one is exact.
    exact_upto: usize,
}

impl Counts {
    fn new(count: Vec<u32>, width: u16, translations: bool) -> Counts {
        let n = count.len();
        let mut tree = vec![0u64; n + 1];
        for (i, &c) in count.iter().enumerate() {
            tree[i + 1] += u64::from(c);
            let parent = (i + 1) + ((i + 1) & (i + 1).wrapping_neg());
            if parent <= n {
                tree[parent] += tree[i + 1];
            }
        }
        Counts {
            width,
            translations,
            exact: vec![false; n],
            total: count.iter().map(|&c| u64::from(c)).sum(),
            count,
            tree,
            exact_upto: 0,
        }
    }

    /// The first segment whose count is still an estimate.
    fn first_estimate(&mut self) -> Option<usize> {
        while self.exact.get(self.exact_upto) == Some(&true) {
            self.exact_upto += 1;
        }
        (self.exact_upto < self.exact.len()).then_some(self.exact_upto)
    }

    fn set(&mut self, seg: usize, value: u32) {
        let old = self.count[seg];
        self.count[seg] = value;
        self.exact[seg] = true;
        if old == value {
            return;
        }
        let delta = i64::from(value) - i64::from(old);
        self.total = self.total.saturating_add_signed(delta);
        let mut i = seg + 1;
        while i < self.tree.len() {
            self.tree[i] = self.tree[i].saturating_add_signed(delta);
            i += i & i.wrapping_neg();
        }
    }

    /// Rows before segment `seg`.
    fn before(&self, seg: usize) -> u64 {
        let mut i = seg.min(self.count.len());
        let mut sum = 0;
        while i > 0 {
            sum += self.tree[i];
            i -= i & i.wrapping_neg();
        }
        sum
    }

    /// The segment holding row `row`, and the row's place in it.
    fn find(&self, row: u64) -> Option<(usize, usize)> {
        if row >= self.total {
            return None;
        }
        let n = self.count.len();
        let (mut pos, mut left) = (0usize, row);
        let mut step = n.next_power_of_two();
        while step > 0 {
            let next = pos + step;
            if next <= n && self.tree[next] <= left {
                pos = next;
                left -= self.tree[next];
            }
            step /= 2;
        }
        Some((pos, usize::try_from(left).unwrap_or(usize::MAX)))
    }
}

#[derive(Debug, Clone, Default)]
struct Lazy {
    /// Whether every segment is wrapped as soon as a width is chosen.
    eager: bool,
    segments: Vec<Segment>,
    counts: Counts,
    /// Counts for other widths, most recent last.
    kept: Vec<Counts>,
    /// Rows of wrapped segments at the current width.
    rows: HashMap<usize, Vec<Row>>,
}

/// The text wrapped to the pane's width, translations interleaved if shown.
#[derive(Debug, Clone, Default)]
pub struct ReaderLayout {
    width: u16,
    translations: bool,
    lazy: RefCell<Lazy>,
}

fn compact(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The text's source lines, each with the translation of the paragraph it
/// ends, if any.
fn segments(study: &Study) -> Vec<Segment> {
    let text = study.text();
    let mut translated: Vec<Option<u32>> = vec![None; study.paragraphs.len()];
    for (i, t) in study.pack.translation.iter().enumerate() {
        if let Some(slot) = t
            .paragraph
            .checked_sub(1)
            .and_then(|p| translated.get_mut(p))
        {
            *slot = Some(compact(i));
        }
    }
    let mut out = Vec::with_capacity(text.len() / 256 + 1);
    let mut next_paragraph = 0;
    let mut pos = 0;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let content_end = if end < text.len() && text[pos..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        // A paragraph ends where its last line's content ends.
        let mut translation = None;
        while let Some(p) = study.paragraphs.get(next_paragraph) {
            if p.end > content_end {
                break;
            }
            if p.end == content_end {
                translation = translation.or(translated[next_paragraph]);
            }
            next_paragraph += 1;
        }
        out.push(Segment {
            start: compact(pos),
            end: compact(content_end),
            translation,
        });
        pos = end + 1;
    }
    out
}

/// A guess at a segment's rows, before wrapping it: its characters over
/// the width, less what ragged line ends waste.
fn estimate(study: &Study, seg: &Segment, width: u16, translations: bool) -> u32 {
    let per_row = (usize::from(width) * 9 / 10).max(1);
    let guess = |len: usize| compact(len.div_ceil(per_row)).max(1);
    let mut rows = guess((seg.end - seg.start) as usize);
    if translations && let Some(t) = translation_of(study, seg) {
        rows += guess(t.len() * 10 / 9);
    }
    rows
}

fn translation_of<'a>(study: &'a Study, seg: &Segment) -> Option<&'a str> {
    let i = seg.translation? as usize;
    study.pack.translation.get(i).map(|t| t.en.as_str())
}

/// The rows of one segment, exactly as a wrap of the whole text gives them.
fn wrap_segment(study: &Study, seg: &Segment, width: u16, translations: bool) -> Vec<Row> {
    let text = study.text();
    let (start, end) = (seg.start as usize, seg.end as usize);
    let first_token = |at: usize| study.tokens.partition_point(|t| t.end() <= at);
    let mut rows: Vec<Row> = match text.get(start..end) {
        Some(line) if !line.is_empty() => wrap(line, width)
            .into_iter()
            .map(|l| Row::Text {
                range: start + l.range.start..start + l.range.end,
                first_token: first_token(start + l.range.start),
            })
            .collect(),
        _ => vec![Row::Text {
            range: start..start,
            first_token: first_token(start),
        }],
    };
    if translations && let Some(en) = translation_of(study, seg) {
        for t in wrap(en, width.saturating_sub(2)) {
            if let Some(s) = en.get(t.range) {
                rows.push(Row::Translation(s.to_string()));
            }
        }
    }
    rows
}

impl Lazy {
    fn fresh_counts(&self, study: &Study, width: u16, translations: bool) -> Counts {
        let count = self
            .segments
            .iter()
            .map(|s| estimate(study, s, width, translations))
            .collect();
        Counts::new(count, width, translations)
    }

    /// With a short text, wraps everything now.
    fn settle(&mut self, study: &Study) {
        if self.eager {
            for seg in 0..self.segments.len() {
                self.rows_of(study, seg);
            }
        }
    }

    /// Makes a segment's count exact (wrapping it if needed) and returns
    /// its rows.
    fn rows_of(&mut self, study: &Study, seg: usize) -> &[Row] {
        if !self.rows.contains_key(&seg) {
            if self.rows.len() >= CACHED_SEGMENTS {
                self.rows.clear();
            }
            let s = self.segments[seg];
            let rows = wrap_segment(study, &s, self.counts.width, self.counts.translations);
            self.counts.set(seg, compact(rows.len()));
            self.rows.insert(seg, rows);
        }
        self.rows.get(&seg).map_or(&[], Vec::as_slice)
    }

    /// The segment holding row `row` and the row's place in it, that
    /// segment's count made exact first.
    fn locate(&mut self, study: &Study, row: usize) -> Option<(usize, usize)> {
        loop {
            let (seg, at) = self.counts.find(row as u64)?;
            if self.counts.exact[seg] {
                self.rows_of(study, seg);
                return Some((seg, at));
            }
            self.rows_of(study, seg);
        }
    }

    /// Rows from `first`, as many as `take` returns true for.
    fn walk(&mut self, study: &Study, first: usize, mut take: impl FnMut(&Row) -> bool) {
        let Some((mut seg, mut at)) = self.locate(study, first) else {
            return;
        };
        while seg < self.segments.len() {
            for row in self.rows_of(study, seg).iter().skip(at) {
                if !take(row) {
                    return;
                }
            }
            seg += 1;
            at = 0;
        }
    }
}

impl ReaderLayout {
    pub fn build(study: &Study, width: u16, translations: bool) -> ReaderLayout {
        ReaderLayout::build_with(study, width, translations, EAGER_BYTES)
    }

    /// Like [`ReaderLayout::build`]; texts up to `eager_bytes` are wrapped
    /// whole at once.
    fn build_with(
        study: &Study,
        width: u16,
        translations: bool,
        eager_bytes: usize,
    ) -> ReaderLayout {
        let mut lazy = Lazy {
            eager: study.text().len() <= eager_bytes,
            segments: segments(study),
            ..Lazy::default()
        };
        lazy.counts = lazy.fresh_counts(study, width, translations);
        lazy.settle(study);
        ReaderLayout {
            width,
            translations,
            lazy: RefCell::new(lazy),
        }
    }

    /// Switches to another width or translation setting, keeping the
    /// counts already made exact for the last few.
    pub fn relayout(&mut self, study: &Study, width: u16, translations: bool) {
        if width == self.width && translations == self.translations {
            return;
        }
        let lazy = self.lazy.get_mut();
        if lazy.segments.is_empty() && !study.text().is_empty() {
            *self = ReaderLayout::build(study, width, translations);
            return;
        }
        let kept = lazy
            .kept
            .iter()
            .position(|c| c.width == width && c.translations == translations);
        let next = match kept {
            Some(i) => lazy.kept.remove(i),
            None => lazy.fresh_counts(study, width, translations),
        };
        let previous = std::mem::replace(&mut lazy.counts, next);
        lazy.kept.push(previous);
        if lazy.kept.len() > KEPT_WIDTHS {
            lazy.kept.remove(0);
        }
        lazy.rows.clear();
        lazy.settle(study);
        self.width = width;
        self.translations = translations;
    }

    /// The width the rows were wrapped to.
    pub fn width(&self) -> u16 {
        self.width
    }

    /// Whether translations are interleaved.
    pub fn translations(&self) -> bool {
        self.translations
    }

    /// Whether some row counts are still estimates (the scrollbar and the
    /// percentage are then approximate).
    pub fn is_estimated(&self) -> bool {
        self.lazy.borrow_mut().counts.first_estimate().is_some()
    }

    /// Makes estimated counts exact, for segments holding about `budget`
    /// bytes of text, without keeping their rows: done while the app is
    /// idle, so that counts become exact without ever wrapping the whole
    /// text at once. `top` is the first row on screen; returns by how much
    /// it moved (segments before it were made exact), for the view to stay
    /// on the same text.
    pub fn refine(&self, study: &Study, top: usize, budget: usize) -> i64 {
        let mut lazy = self.lazy.borrow_mut();
        let top_seg = lazy
            .counts
            .find(top as u64)
            .map_or(usize::MAX, |(seg, _)| seg);
        let mut shift = 0i64;
        let mut spent = 0usize;
        while spent < budget
            && let Some(seg) = lazy.counts.first_estimate()
        {
            let s = lazy.segments[seg];
            let rows = wrap_segment(study, &s, lazy.counts.width, lazy.counts.translations);
            let value = compact(rows.len());
            if seg < top_seg {
                shift += i64::from(value) - i64::from(lazy.counts.count[seg]);
            }
            lazy.counts.set(seg, value);
            spent += (s.end - s.start) as usize + 1;
        }
        shift
    }

    /// How many rows there are: exact for the segments seen, estimated for
    /// the rest.
    pub fn row_count(&self) -> usize {
        usize::try_from(self.lazy.borrow().counts.total).unwrap_or(usize::MAX)
    }

    /// The rows drawn from `first`, at most `height` of them.
    pub fn visible(&self, study: &Study, first: usize, height: usize) -> Vec<Row> {
        let mut out = Vec::with_capacity(height.min(512));
        if height > 0 {
            self.lazy.borrow_mut().walk(study, first, |row| {
                out.push(row.clone());
                out.len() < height
            });
        }
        out
    }

    /// The first text byte at or after row `row`, to keep the reader's
    /// place across re-wraps.
    pub fn top_byte(&self, study: &Study, row: usize) -> Option<usize> {
        let mut found = None;
        self.lazy.borrow_mut().walk(study, row, |r| match r {
            Row::Text { range, .. } => {
                found = Some(range.start);
                false
            }
            Row::Translation(_) => true,
        });
        found
    }

    /// The first token at or after row `row`.
    pub fn first_token_from(&self, study: &Study, row: usize) -> Option<usize> {
        let mut found = None;
        self.lazy.borrow_mut().walk(study, row, |r| match r {
            Row::Text { first_token, .. } => {
                found = Some(*first_token);
                false
            }
            Row::Translation(_) => true,
        });
        found
    }

    /// The row holding a byte offset of the text (the last row starting at
    /// or before it).
    pub fn row_of(&self, study: &Study, byte: usize) -> Option<usize> {
        let mut lazy = self.lazy.borrow_mut();
        let seg = lazy
            .segments
            .partition_point(|s| s.start as usize <= byte)
            .checked_sub(1)?;
        let within = lazy
            .rows_of(study, seg)
            .iter()
            .rposition(|r| matches!(r, Row::Text { range, .. } if range.start <= byte))
            .unwrap_or(0);
        usize::try_from(lazy.counts.before(seg))
            .ok()
            .map(|b| b + within)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use liseuse::pack::{Meta, Pack, Text, Translation};
    use proptest::prelude::*;

    fn study(text: &str, translations: &[(usize, &str)]) -> Study {
        Study::new(Pack {
            pack: Meta {
                id: "t".into(),
                title: "T".into(),
                author: "A".into(),
                date: "2024".into(),
                source: String::new(),
                level: String::new(),
                language: "fr".into(),
            },
            text: Text { body: text.into() },
            glossary: Vec::new(),
            questions: Vec::new(),
            translation: translations
                .iter()
                .map(|&(paragraph, en)| Translation {
                    paragraph,
                    en: en.into(),
                })
                .collect(),
            notes: Vec::new(),
        })
    }

    /// The rows of a whole-text wrap: every visual line, and each
    /// translated paragraph's translation after its last line.
    fn full(study: &Study, width: u16, translations: bool) -> Vec<Row> {
        let text = study.text();
        let mut rows = Vec::new();
        let mut ends: HashMap<usize, &str> = HashMap::new();
        if translations {
            for t in &study.pack.translation {
                if let Some(p) = t
                    .paragraph
                    .checked_sub(1)
                    .and_then(|p| study.paragraphs.get(p))
                {
                    ends.insert(p.end, t.en.as_str());
                }
            }
        }
        let lines = wrap(text, width);
        for (i, line) in lines.iter().enumerate() {
            let start = line.range.start;
            rows.push(Row::Text {
                range: line.range.clone(),
                first_token: study.tokens.partition_point(|t| t.end() <= start),
            });
            // The last visual line of a source line carries the translation
            // of a paragraph ending on that source line.
            let line_end = text[start..].find('\n').map_or(text.len(), |j| start + j);
            let content_end = if text[..line_end].ends_with('\r') && line_end < text.len() {
                line_end - 1
            } else {
                line_end
            };
            let last_of_line = lines.get(i + 1).is_none_or(|n| n.range.start > line_end);
            if last_of_line && let Some(en) = ends.get(&content_end) {
                for t in wrap(en, width.saturating_sub(2)) {
                    rows.push(Row::Translation(en[t.range].to_string()));
                }
            }
        }
        rows
    }

    /// Reads the lazy layout from the top in windows of `height` rows.
    fn lazily(layout: &ReaderLayout, study: &Study, height: usize) -> Vec<Row> {
        let mut out = Vec::new();
        loop {
            let window = layout.visible(study, out.len(), height);
            if window.is_empty() {
                return out;
            }
            out.extend(window);
        }
    }

    const PARAGRAPHS: &str = "Le mois dernier, j'ai été interrogé par la police pendant 4 jours.\n\nCela a été surprenant pour plusieurs raisons : \n\n1. Telegram a un représentant officiel dans l'UE.\nSon adresse e-mail est accessible au public.\n\n\n  Il n’est pas facile d’établir le juste équilibre.";

    /// A layout that wraps nothing before it is asked to.
    fn lazy_layout(study: &Study, width: u16, translations: bool) -> ReaderLayout {
        ReaderLayout::build_with(study, width, translations, 0)
    }

    #[test]
    fn lazy_rows_equal_a_full_wrap() {
        let s = study(
            PARAGRAPHS,
            &[
                (1, "Last month I was questioned."),
                (2, "It was surprising."),
                (3, "Telegram has a representative in the EU."),
            ],
        );
        for width in [1, 5, 12, 30, 80, 200] {
            for translations in [false, true] {
                let expected = full(&s, width, translations);
                let layout = lazy_layout(&s, width, translations);
                assert_eq!(lazily(&layout, &s, 3), expected, "width {width}");
                assert_eq!(layout.row_count(), expected.len());
                let eager = ReaderLayout::build(&s, width, translations);
                assert_eq!(eager.row_count(), expected.len());
                assert_eq!(lazily(&eager, &s, 3), expected);
            }
        }
    }

    #[test]
    fn row_of_and_top_byte_agree_with_the_rows() {
        let s = study(PARAGRAPHS, &[(2, "It was surprising.")]);
        let rows = full(&s, 20, true);
        let holding = |byte: usize| {
            rows.iter()
                .rfind(|r| matches!(r, Row::Text { range, .. } if range.start <= byte))
                .cloned()
        };
        // Asked from the end first, so that estimates stand before the row:
        // row numbers may differ from a full wrap's, never the row found.
        let layout = lazy_layout(&s, 20, true);
        for byte in (0..s.text().len()).rev() {
            let row = layout.row_of(&s, byte).expect("a row");
            assert_eq!(
                layout.visible(&s, row, 1).first(),
                holding(byte).as_ref(),
                "byte {byte}"
            );
        }
        // Once all is seen, numbers are a full wrap's.
        let layout = lazy_layout(&s, 20, true);
        assert_eq!(lazily(&layout, &s, 4), rows);
        for byte in 0..s.text().len() {
            let expected = rows
                .iter()
                .rposition(|r| matches!(r, Row::Text { range, .. } if range.start <= byte));
            assert_eq!(layout.row_of(&s, byte), expected, "byte {byte}");
        }
        for (i, r) in rows.iter().enumerate() {
            if let Row::Text { range, first_token } = r {
                assert_eq!(layout.top_byte(&s, i), Some(range.start));
                assert_eq!(layout.first_token_from(&s, i), Some(*first_token));
            }
        }
        assert_eq!(layout.top_byte(&s, rows.len()), None);
    }

    /// Refining makes every count exact, one budget at a time, and keeps
    /// the first row on screen on the same text.
    #[test]
    fn refining_makes_counts_exact() {
        let para = "Le mois dernier, j'ai été interrogé par la police pendant 4 jours. ";
        let text: Vec<String> = (0..400).map(|i| para.repeat(1 + i % 7)).collect();
        let study = study(&text.join("\n\n"), &[]);
        let layout = lazy_layout(&study, 37, false);
        let rows = full(&study, 37, false);
        let mut top = 250;
        let byte = layout.top_byte(&study, top);
        assert!(layout.is_estimated());
        let mut rounds = 0;
        while layout.is_estimated() {
            let shift = layout.refine(&study, top, 4096);
            top = usize::try_from(top as i64 + shift).expect("a row");
            assert_eq!(layout.top_byte(&study, top), byte, "round {rounds}");
            rounds += 1;
        }
        assert!(rounds > 1, "done in slices");
        assert_eq!(layout.row_count(), rows.len());
        assert_eq!(layout.refine(&study, top, 4096), 0);
    }

    #[test]
    fn widths_are_remembered() {
        let s = study(PARAGRAPHS, &[]);
        let mut layout = lazy_layout(&s, 20, false);
        let at_20 = lazily(&layout, &s, 7);
        layout.relayout(&s, 50, false);
        assert_eq!(lazily(&layout, &s, 7), full(&s, 50, false));
        layout.relayout(&s, 20, false);
        assert_eq!(
            layout
                .lazy
                .borrow()
                .counts
                .exact
                .iter()
                .filter(|&&e| e)
                .count(),
            layout.lazy.borrow().segments.len()
        );
        assert_eq!(lazily(&layout, &s, 7), at_20);
        let empty = study("", &[]);
        let layout = ReaderLayout::build(&empty, 20, false);
        assert_eq!(layout.row_count(), 0);
        assert!(layout.visible(&empty, 0, 10).is_empty());
        assert_eq!(layout.row_of(&empty, 0), None);
    }

    /// Texts mixing what makes wrapping and paragraphs hard.
    fn text() -> impl Strategy<Value = String> {
        let atoms = prop::sample::select(vec![
            " ",
            " ",
            "  ",
            "\n",
            "\n\n",
            "\r\n",
            "\u{a0}",
            "\u{202f}",
            "a",
            "mot",
            "très",
            "anticonstitutionnellement",
            "東京",
            "❤️",
            "e\u{301}",
            "!",
            "»",
            "\t",
        ]);
        prop::collection::vec(atoms, 0..80).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn lazy_equals_full_for_random_texts(
            body in text(),
            width in 1u16..=60,
            height in 1usize..=12,
            translations in any::<bool>(),
            translated in prop::collection::vec(1usize..6, 0..4),
        ) {
            let tr: Vec<(usize, &str)> = translated.iter().map(|&p| (p, "An English line to wrap.")).collect();
            let s = study(&body, &tr);
            let layout = lazy_layout(&s, width, translations);
            let expected = full(&s, width, translations);
            prop_assert_eq!(lazily(&layout, &s, height), expected.clone());
            prop_assert_eq!(layout.row_count(), expected.len());
            // From any width to this one, and any row asked for first.
            let mut other = lazy_layout(&s, width.saturating_add(7), !translations);
            let probe = body.len() / 2;
            let _ = other.row_of(&s, probe);
            other.relayout(&s, width, translations);
            let _ = other.row_of(&s, probe);
            prop_assert_eq!(lazily(&other, &s, height), expected);
        }
    }
}
