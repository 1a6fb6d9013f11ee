//! Where each region of the screen goes, and the reader's wrapped lines.
//!
//! Both are computed on load and on resize, never per frame: drawing and
//! mouse handling read them.

use std::ops::Range;

use ratatui::layout::{Constraint, Direction, Layout, Rect};

use liseuse::study::Study;
use liseuse::text::wrap::wrap;

/// Below this the app shows a message instead of its panes.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this width on, the panes sit side by side.
pub const SIDE_BY_SIDE_WIDTH: u16 = 100;
/// Columns left of the text for passage markers.
pub const GUTTER: u16 = 2;

/// The screen's regions for one terminal size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Screen {
    pub area: Rect,
    pub too_small: bool,
    pub stacked: bool,
    /// The reading pane with its border.
    pub reader: Rect,
    /// Where the text itself goes (inside the border, right of the gutter).
    pub text: Rect,
    /// The side pane with its border.
    pub side: Rect,
    /// The side pane's tab bar row.
    pub tabs: Rect,
    /// The side pane's content under the tab bar.
    pub side_body: Rect,
    pub status: Rect,
}

impl Screen {
    pub fn new(width: u16, height: u16) -> Screen {
        let area = Rect::new(0, 0, width, height);
        if width < MIN_WIDTH || height < MIN_HEIGHT {
            return Screen {
                area,
                too_small: true,
                ..Screen::default()
            };
        }
        let [main, status] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
        let stacked = width < SIDE_BY_SIDE_WIDTH;
        let (direction, split) = if stacked {
            (
                Direction::Vertical,
                [Constraint::Percentage(50), Constraint::Percentage(50)],
            )
        } else {
            (
                Direction::Horizontal,
                [Constraint::Percentage(58), Constraint::Percentage(42)],
            )
        };
        let [reader, side] = Layout::default()
            .direction(direction)
            .constraints(split)
            .areas(main);
        let inner = inset(reader);
        let text = Rect {
            x: inner.x + GUTTER,
            width: inner.width.saturating_sub(GUTTER),
            ..inner
        };
        let side_inner = inset(side);
        let [tabs, side_body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(side_inner);
        Screen {
            area,
            too_small: false,
            stacked,
            reader,
            text,
            side,
            tabs,
            side_body,
            status,
        }
    }
}

/// The area inside a one-cell border.
pub fn inset(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

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
    pub width: u16,
    pub rows: Vec<Row>,
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
        ReaderLayout { width, rows }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_by_side_from_100_columns() {
        assert!(!Screen::new(100, 30).stacked);
        assert!(Screen::new(99, 30).stacked);
        assert!(Screen::new(39, 30).too_small);
        assert!(Screen::new(80, 11).too_small);
        assert!(Screen::new(1, 1).too_small);
    }
}
