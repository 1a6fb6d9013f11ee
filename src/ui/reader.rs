//! The reading pane: draws only the visible rows of the wrapped-rows cache.

use crate::ui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::border::{self, Titles};
use super::text::{draw_lines, fit};
use super::theme::Theme;
use crate::app::reader::MarkKind;
use crate::app::reader::rows::Row;
use crate::app::screen::GUTTER;
use crate::app::{App, Focus};

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let s = app.screen;
    let height = app.text_height();
    let mut title = vec![Span::styled(
        format!(
            " {} ",
            fit(
                &app.study.pack.pack.title,
                usize::from(s.reader.width).saturating_sub(12)
            )
        ),
        theme.title(),
    )];
    if app.reader.show_translation {
        title.push(Span::styled("[EN] ", theme.dim()));
    }
    let titles = Titles {
        top: Some(Line::from(title)),
        bottom: Some(Line::from(format!(" {} ", app.position_label())).right_aligned()),
    };
    let style = theme.border(app.focus == Focus::Reader);
    border::draw(frame.buffer_mut(), s.reader, style, &titles);

    let gutter = Rect {
        x: s.text.x.saturating_sub(GUTTER),
        width: GUTTER.min(s.text.x),
        ..s.text
    };
    let mut lines = Vec::with_capacity(height);
    let mut marks_col = Vec::with_capacity(height);
    for row in app
        .reader
        .rows
        .visible(&app.study, app.reader.scroll, height)
    {
        match row {
            Row::Text { range, first_token } => {
                let (line, marker) = text_line(app, theme, range, first_token);
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
    draw_lines(frame.buffer_mut(), s.text, &lines);
    draw_lines(frame.buffer_mut(), gutter, &marks_col);

    if app.reader.rows.row_count() > height {
        let mut state = ScrollbarState::new(app.max_scroll()).position(app.reader.scroll);
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
    let marks = app.reader.marks.as_ref();
    for (i, token) in app.study.tokens.iter().enumerate().skip(first_token) {
        if token.start() >= range.end {
            break;
        }
        let start = token.start().max(range.start);
        let end = token.end().min(range.end);
        let Some(s) = text.get(start..end) else {
            continue;
        };
        let mut style = Style::new();
        if let Some(&o) = app.study.index.at_token(i).first() {
            let entry = app.study.index.occurrences()[o as usize].entry();
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
        if app.reader.cursor == Some(i) {
            style = style.patch(theme.cursor());
        }
        if overlaps(&app.reader.masks, start, end) {
            let hidden = "_".repeat(liseuse::text::wrap::display_width(s));
            spans.push(Span::styled(hidden, theme.key()));
        } else {
            spans.push(Span::styled(s, style));
        }
    }
    (Line::from(spans), marker)
}

/// Whether any of the sorted ranges overlaps `start..end`.
fn overlaps(ranges: &[std::ops::Range<usize>], start: usize, end: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= start);
    ranges.get(i).is_some_and(|r| r.start < end)
}
