//! The reading pane's wrapped rows: the text cut to the pane's width, with
//! translations interleaved when shown. Built on load, on resize and on
//! `t`, never per frame.
//!
//! Everything outside this file goes through the small API below
//! (`build`, `row_count`, `visible`, `row_of`, `top_byte`,
//! `first_token_from`), so the way rows are computed (all at once today)
//! can change without touching the reader or the drawing.

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

/// The text wrapped to the pane's width, translations interleaved if shown.
#[derive(Debug, Clone, Default)]
pub struct ReaderLayout {
    width: u16,
    translations: bool,
    rows: Vec<Row>,
}

impl ReaderLayout {
    pub fn build(study: &Study, width: u16, translations: bool) -> ReaderLayout {
        let text = study.text();
        let mut rows = Vec::new();
        let mut translated: Vec<Option<&str>> = vec![None; study.paragraphs.len()];
        if translations {
            for t in &study.pack.translation {
                if let Some(slot) = t
                    .paragraph
                    .checked_sub(1)
                    .and_then(|i| translated.get_mut(i))
                {
                    *slot = Some(t.en.as_str());
                }
            }
        }
        let mut next_paragraph = 0;
        for line in wrap(text, width) {
            let start = line.range.start;
            let first_token = study.tokens.partition_point(|t| t.range.end <= start);
            let end = line.range.end;
            rows.push(Row::Text {
                range: line.range,
                first_token,
            });
            while let Some(p) = study.paragraphs.get(next_paragraph) {
                if end < p.end {
                    break;
                }
                if end == p.end
                    && !line_is_blank(text, start, end)
                    && let Some(en) = translated[next_paragraph]
                {
                    for t in wrap(en, width.saturating_sub(2)) {
                        if let Some(s) = en.get(t.range) {
                            rows.push(Row::Translation(s.to_string()));
                        }
                    }
                }
                next_paragraph += 1;
            }
        }
        ReaderLayout {
            width,
            translations,
            rows,
        }
    }

    /// The width the rows were wrapped to.
    pub fn width(&self) -> u16 {
        self.width
    }

    /// Whether translations are interleaved.
    pub fn translations(&self) -> bool {
        self.translations
    }

    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// The rows drawn from `first`, at most `height` of them.
    pub fn visible(&self, first: usize, height: usize) -> &[Row] {
        let start = first.min(self.rows.len());
        let end = start.saturating_add(height).min(self.rows.len());
        &self.rows[start..end]
    }

    /// The first text byte at or after row `row`, to keep the reader's
    /// place across re-wraps.
    pub fn top_byte(&self, row: usize) -> Option<usize> {
        self.rows.iter().skip(row).find_map(|r| match r {
            Row::Text { range, .. } => Some(range.start),
            Row::Translation(_) => None,
        })
    }

    /// The first token at or after row `row`.
    pub fn first_token_from(&self, row: usize) -> Option<usize> {
        self.rows.iter().skip(row).find_map(|r| match r {
            Row::Text { first_token, .. } => Some(*first_token),
            Row::Translation(_) => None,
        })
    }

    /// The row holding a byte offset of the text.
    pub fn row_of(&self, byte: usize) -> Option<usize> {
        let mut best = None;
        for (i, row) in self.rows.iter().enumerate() {
            if let Row::Text { range, .. } = row {
                if range.start > byte {
                    break;
                }
                best = Some(i);
            }
        }
        best
    }
}

fn line_is_blank(text: &str, start: usize, end: usize) -> bool {
    text.get(start..end).is_none_or(|s| s.trim().is_empty())
}
