//! The side pane: its border and tab bar, and the tab in front. Each tab's
//! drawing is split in two: rows fixed at the top (a list, a header) and a
//! body that scrolls, with a scrollbar and a "more" sign when it is taller
//! than its area. `scroll_room` measures the body for `update`.

mod glossary;
mod lookup;
mod notes;
mod questions;
mod quiz;
mod stats;

use crate::ui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::border::Titles;
use super::text::draw_lines;
use super::theme::Theme;
use crate::app::{App, Focus, Tab, tab_padding};

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let s = app.screen;
    let area = scroll_area(app);
    // Wrapped once a frame: the body is measured from the lines drawn.
    let lines = body_lines(app, theme, usize::from(area.width));
    let (content, visible) = (lines.len(), usize::from(area.height));
    let scroll = app.side_scroll().min(content.saturating_sub(visible));
    let more = match (scroll > 0, scroll + visible < content) {
        (false, false) => None,
        (false, true) => Some(" ↓ more "),
        (true, true) => Some(" ↑↓ more "),
        (true, false) => Some(" ↑ more "),
    };
    let titles = Titles {
        top: None,
        bottom: more.map(|more| Line::styled(more, theme.dim()).right_aligned()),
    };
    let style = theme.border(app.focus == Focus::Side);
    super::border::draw(frame.buffer_mut(), s.side, style, &titles);
    tab_bar(frame, app, theme);

    let body = s.side_body;
    let top = top_rows(app).min(body.height);
    let top_area = Rect {
        height: top,
        ..body
    };
    match app.tab {
        Tab::Glossary => glossary::draw_top(frame, app, theme, top_area),
        Tab::Questions => questions::draw_top(frame, app, theme, top_area),
        Tab::Quiz => quiz::draw_top(frame, app, theme, top_area),
        Tab::Stats => {}
        Tab::Notes => notes::draw_top(frame, app, theme, top_area),
    }
    draw_lines(frame.buffer_mut(), area, lines.get(scroll..).unwrap_or(&[]));
    if content > visible {
        let mut state = ScrollbarState::new(content.saturating_sub(visible)).position(scroll);
        let bar_area = Rect {
            x: s.side.x,
            width: s.side.width,
            ..area
        };
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None),
            bar_area.inner(Margin::new(0, 0)),
            &mut state,
        );
    }
}

fn tab_bar(frame: &mut Frame, app: &App, theme: Theme) {
    let s = app.screen;
    let pad = tab_padding(s.tabs.width);
    let mut spans = Vec::new();
    for (i, tab) in Tab::ALL.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", theme.dim()));
        }
        let style = if tab == app.tab {
            theme.selected()
        } else {
            Style::new()
        };
        spans.push(Span::styled(format!("{pad}{}{pad}", tab.title()), style));
    }
    draw_lines(frame.buffer_mut(), s.tabs, &[Line::from(spans)]);
}

/// Rows at the top of the tab that do not scroll.
fn top_rows(app: &App) -> u16 {
    if app.opening {
        return 0;
    }
    match app.tab {
        Tab::Glossary => glossary::top_rows(app),
        Tab::Questions => questions::top_rows(app),
        Tab::Quiz => quiz::top_rows(app),
        Tab::Stats => 0,
        Tab::Notes => notes::top_rows(app),
    }
}

/// Where the scrolling body goes: under the fixed rows, one column clear
/// of the scrollbar.
fn scroll_area(app: &App) -> Rect {
    let body = app.screen.side_body;
    let top = top_rows(app).min(body.height);
    Rect {
        y: body.y + top,
        height: body.height - top,
        width: body.width.saturating_sub(1),
        ..body
    }
}

/// The tab's scrolling body, wrapped to `width`.
fn body_lines(app: &App, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    if app.opening {
        return super::text::para(
            vec![Span::styled(
                "Reading the glossary, questions and notes… the text can be read meanwhile.",
                theme.dim(),
            )],
            width,
        );
    }
    match app.tab {
        Tab::Glossary => glossary::body(app, theme, width),
        Tab::Questions => questions::body(app, theme, width),
        Tab::Quiz => quiz::body(app, theme, width),
        Tab::Stats => stats::body(app, theme, width),
        Tab::Notes => notes::body(app, theme, width),
    }
}

/// (rows of the body, rows it has on screen), for scrolling.
pub fn scroll_room(app: &App) -> (usize, usize) {
    if app.screen.too_small {
        return (0, 0);
    }
    let area = scroll_area(app);
    let lines = body_lines(app, Theme::new(false), usize::from(area.width));
    (lines.len(), usize::from(area.height))
}

/// A separator across the pane.
/// How an option of a multiple choice is marked once answered.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Not answered yet, or neither right nor picked.
    Plain,
    /// The right option (✓).
    Right,
    /// The option picked, which was wrong (✗): never marked by colour alone.
    PickedWrong,
}

/// One option of a multiple choice (questions and quiz alike): its mark,
/// its label (`a)`, `1)`), then its text with a hanging indent.
fn choice_lines(
    mark: Mark,
    label: &str,
    option: &str,
    theme: Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let (sign, style) = match mark {
        Mark::Right => ("✓", theme.right()),
        Mark::PickedWrong => ("✗", theme.wrong()),
        Mark::Plain => (" ", Style::new()),
    };
    super::text::hanging(
        vec![Span::styled(format!("{sign} {label}) "), theme.key())],
        vec![Span::styled(option.to_string(), style)],
        width,
    )
}

fn rule(width: usize, theme: Theme) -> Line<'static> {
    Line::styled("─".repeat(width), theme.dim())
}
