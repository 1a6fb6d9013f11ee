//! Drawing. Everything here reads the state and changes nothing.

mod glossary;
mod help;
mod notes;
mod questions;
mod quiz;
mod reader;
mod stats;
mod status;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH};
use crate::app::{App, Focus, Tab};
use liseuse::quiz::session::EntryStatus;
use theme::Theme;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let area = frame.area();
    if app.screen.too_small || app.screen.area != area {
        too_small(frame, theme);
        return;
    }
    reader::draw(frame, app, theme);
    draw_side(frame, app, theme);
    status::draw(frame, app, theme);
    if app.help {
        help::draw(frame, app, theme);
    }
}

fn too_small(frame: &mut Frame, theme: Theme) {
    let area = frame.area();
    let text = vec![
        Line::styled("Terminal too small", theme.title()),
        Line::from(format!(
            "{}×{}: liseuse needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            area.width, area.height
        )),
        Line::from("Enlarge the window, or press q to quit."),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let inner = ratatui::layout::Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        inner,
    );
}

fn draw_side(frame: &mut Frame, app: &App, theme: Theme) {
    let s = app.screen;
    let block = Block::bordered().border_style(theme.border(app.focus == Focus::Side));
    frame.render_widget(block, s.side);
    let pad = crate::app::update::tab_padding(s.tabs.width);
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
    frame.render_widget(Paragraph::new(Line::from(spans)), s.tabs);
    match app.tab {
        Tab::Glossary => glossary::draw(frame, app, theme),
        Tab::Questions => questions::draw(frame, app, theme),
        Tab::Notes => notes::draw(frame, app, theme),
        Tab::Quiz => quiz::draw(frame, app, theme),
        Tab::Stats => stats::draw(frame, app, theme),
    }
}

/// How a glossary word is marked in the text, by its learning status.
pub fn entry_style(app: &App, entry: usize, theme: Theme) -> Style {
    match app.saved.statuses.get(entry) {
        Some(EntryStatus::Learning) => theme.gloss_learning(),
        Some(EntryStatus::Known) => theme.gloss_known(),
        _ => theme.gloss_new(),
    }
}

/// A key name followed by what it does, for hint lines.
pub fn hint<'a>(theme: Theme, pairs: &[(&'a str, &'a str)]) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    for (i, (key, what)) in pairs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(*key, theme.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(*what));
    }
    spans
}

#[cfg(test)]
mod tests;
