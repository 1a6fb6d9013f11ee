//! The reading pane: draws only the visible rows of the cached layout.

use ratatui::Frame;
use ratatui::layout::Margin;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::theme::Theme;
use crate::app::layout::Row;
use crate::app::{App, Focus, MarkKind};

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let s = app.screen;
    let rows = &app.reader_layout.rows;
    let height = app.text_height();
    let position = if rows.len() <= height {
        "all".to_string()
    } else {
        format!(
            "{}%",
            (app.scroll + height).min(rows.len()) * 100 / rows.len().max(1)
        )
    };
    let mut title = vec![Span::styled(
        format!(" {} ", app.study.pack.pack.title),
        theme.title(),
    )];
    if app.show_translation {
        title.push(Span::styled("[EN] ", theme.dim()));
    }
    let block = Block::bordered()
        .border_style(theme.border(app.focus == Focus::Reader))
        .title(Line::from(title))
        .title_bottom(Line::from(format!(" {position} ")).right_aligned());
    frame.render_widget(block, s.reader);

    let gutter = ratatui::layout::Rect {
        x: s.text.x.saturating_sub(crate::app::layout::GUTTER),
        width: crate::app::layout::GUTTER.min(s.text.x),
        ..s.text
    };
    let mut lines = Vec::with_capacity(height);
    let mut marks_col = Vec::with_capacity(height);
    for row in rows.iter().skip(app.scroll).take(height) {
        match row {
            Row::Text { range, first_token } => {
                let (line, marker) = text_line(app, theme, range.clone(), *first_token);
                lines.push(line);
                marks_col.push(Line::from(marker));
            }
            Row::Translation(t) => {
                // Indented by the two columns its wrap width left free.
                lines.push(Line::styled(format!("  {t}"), theme.translation()));
                marks_col.push(Line::styled("EN", theme.dim()));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), s.text);
    frame.render_widget(Paragraph::new(marks_col), gutter);

    if rows.len() > height {
        let mut state = ScrollbarState::new(app.max_scroll()).position(app.scroll);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight),
            s.reader.inner(Margin::new(0, 1)),
            &mut state,
        );
    }
}

/// One wrapped row, styled token by token, and its gutter marker.
fn text_line<'a>(
    app: &'a App,
    theme: Theme,
    range: std::ops::Range<usize>,
    first_token: usize,
) -> (Line<'a>, Span<'a>) {
    let text = app.study.text();
    let mut spans = Vec::new();
    let mut marker = Span::raw("");
    let marks = app.marks.as_ref();
    for (i, token) in app.study.tokens.iter().enumerate().skip(first_token) {
        if token.range.start >= range.end {
            break;
        }
        let start = token.range.start.max(range.start);
        let end = token.range.end.min(range.end);
        let Some(s) = text.get(start..end) else {
            continue;
        };
        let mut style = Style::new();
        if let Some(&o) = app.study.index.at_token(i).first() {
            let entry = app.study.index.occurrences()[o].entry;
            style = style.patch(super::entry_style(app, entry, theme));
        }
        if let Some(m) = marks
            && overlaps(&m.ranges, start, end)
        {
            let (mark, sign) = match m.kind {
                MarkKind::Occurrences => (theme.occurrence(), "•"),
                MarkKind::Passage => (theme.passage(), "▌"),
            };
            style = style.patch(mark);
            marker = Span::styled(sign, mark);
        }
        if app.cursor == Some(i) {
            style = style.patch(theme.cursor());
        }
        spans.push(Span::styled(s, style));
    }
    (Line::from(spans), marker)
}

/// Whether any of the sorted ranges overlaps `start..end`.
fn overlaps(ranges: &[std::ops::Range<usize>], start: usize, end: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= start);
    ranges.get(i).is_some_and(|r| r.start < end)
}
