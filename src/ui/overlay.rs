//! Overlays: the help (every binding in force, read from the key tables)
//! confirmation dialogs, and the pack picker.

use crate::ui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::text::{hanging, para};
use super::theme::Theme;
use super::{hint_spans, hints_width};
use crate::app::App;
use crate::app::effect::PackRow;
use crate::app::keys::Context;
use crate::app::overlay::Overlay;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    match &app.overlay {
        None => {}
        Some(Overlay::Help { scroll }) => help(frame, app, theme, *scroll),
        Some(Overlay::Confirm(c)) => confirm(frame, app, theme, &c.question, Context::Confirm),
        Some(Overlay::Unsaved { error }) => {
            let question = format!("Some answers are not saved: {error}.");
            confirm(frame, app, theme, &question, Context::Unsaved);
        }
        Some(Overlay::Picker { packs, selected }) => picker(frame, app, theme, packs, *selected),
    }
}

/// The packs to choose from: title, then id and progress as `liseuse
/// list` prints them, two rows each; the selected one is kept in view.
fn picker(frame: &mut Frame, app: &App, theme: Theme, packs: &[PackRow], selected: usize) {
    let area = app.screen.area;
    let width = area.width.saturating_sub(4).min(72);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let mut rows: Vec<Vec<Line<'static>>> = Vec::new();
    for (i, p) in packs.iter().enumerate() {
        let chosen = i == selected;
        let style = if chosen {
            theme.selected()
        } else {
            theme.title()
        };
        let marker = if chosen { "▶ " } else { "  " };
        let mut row = hanging(
            vec![Span::styled(marker, style)],
            vec![Span::styled(p.title.clone(), style)],
            inner_width,
        );
        let place = if p.builtin { " · built in" } else { "" };
        let current = if p.id == app.study.pack.pack.id {
            " · open now"
        } else {
            ""
        };
        row.extend(hanging(
            vec![Span::raw("  ")],
            vec![Span::styled(
                format!(
                    "{} · {} due · {} known{place}{current}",
                    p.id, p.due, p.known
                ),
                theme.dim(),
            )],
            inner_width,
        ));
        rows.push(row);
    }
    if packs.is_empty() {
        rows.push(para(
            vec![Span::styled("No pack to choose from.", theme.dim())],
            inner_width,
        ));
    }
    let hints = app.keymap.hints(Context::Picker);
    let hint_lines = para(hint_spans(theme, &hints), inner_width);
    let room = usize::from(area.height.saturating_sub(4))
        .saturating_sub(hint_lines.len() + 1)
        .max(1);
    // The first pack shown: the selected one and those before it that fit.
    let mut first = selected.min(rows.len().saturating_sub(1));
    let mut used = rows.get(first).map_or(0, Vec::len);
    while first > 0 && used + rows[first - 1].len() <= room {
        first -= 1;
        used += rows[first].len();
    }
    let mut lines: Vec<Line> = Vec::new();
    for row in rows.into_iter().skip(first) {
        if lines.len() + row.len() > room {
            break;
        }
        lines.extend(row);
    }
    lines.push(Line::raw(""));
    lines.extend(hint_lines);
    let popup = centred(area, width, lines.len());
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(" Choose a pack ")
                .border_style(theme.border(true)),
        ),
        popup,
    );
}

fn help_popup(app: &App) -> Rect {
    let area = app.screen.area;
    let width = area.width.saturating_sub(4).min(80);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 1,
        width,
        height: area.height.saturating_sub(2),
    }
}

/// Width of the keys column in the help.
const KEYS_COLUMN: usize = 20;

fn help_lines(app: &App, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for ctx in app.keymap.contexts() {
        let entries = app.keymap.help_lines(ctx);
        if entries.is_empty() {
            continue;
        }
        lines.push(Line::styled(ctx.title(), theme.title()));
        for (keys, what) in entries {
            let column = KEYS_COLUMN.max(keys.chars().count() + 3);
            let prefix = format!("  {keys:<w$}", w = column - 2);
            lines.extend(hanging(
                vec![Span::styled(prefix, theme.key())],
                vec![Span::raw(what)],
                width,
            ));
        }
        lines.push(Line::raw(""));
    }
    lines.extend(para(
        vec![Span::styled(
            "Keys can be changed in config.toml ([keys], by action name).",
            theme.dim(),
        )],
        width,
    ));
    lines
}

/// (rows of the help, rows shown), for scrolling it.
pub fn help_room(app: &App) -> (usize, usize) {
    let popup = help_popup(app);
    let inner = crate::app::screen::inset(popup);
    let lines = help_lines(app, Theme::new(false), usize::from(inner.width).max(1));
    (lines.len(), usize::from(inner.height))
}

fn help(frame: &mut Frame, app: &App, theme: Theme, scroll: usize) {
    let popup = help_popup(app);
    let inner = crate::app::screen::inset(popup);
    let lines = help_lines(app, theme, usize::from(inner.width).max(1));
    let (content, visible) = (lines.len(), usize::from(inner.height));
    let scroll = scroll.min(content.saturating_sub(visible));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(visible).collect();
    let hints = app.keymap.hints(Context::Help);
    let more = if scroll + visible < content {
        " ↓ more ·"
    } else {
        ""
    };
    let mut bottom = vec![Span::raw(more)];
    if hints_width(&hints) + 4 < usize::from(popup.width) {
        bottom.push(Span::raw(" "));
        bottom.extend(hint_spans(theme, &hints));
        bottom.push(Span::raw(" "));
    }
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(shown).block(
            Block::bordered()
                .title(" Help: every key in force ")
                .title_bottom(Line::from(bottom))
                .border_style(theme.border(true)),
        ),
        popup,
    );
}

fn confirm(frame: &mut Frame, app: &App, theme: Theme, question: &str, ctx: Context) {
    let area = app.screen.area;
    let width = area.width.saturating_sub(4).min(60);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let mut lines = para(
        vec![Span::styled(question.to_string(), theme.title())],
        inner_width,
    );
    lines.push(Line::raw(""));
    let hints = app.keymap.hints(ctx);
    lines.extend(para(hint_spans(theme, &hints), inner_width));
    let popup = centred(area, width, lines.len());
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().border_style(theme.border(true))),
        popup,
    );
}

/// A box `width` wide and tall enough for `lines` inside its border,
/// centred in `area` (cut to its height).
fn centred(area: Rect, width: u16, lines: usize) -> Rect {
    let height = (u16::try_from(lines).unwrap_or(u16::MAX).saturating_add(2)).min(area.height);
    Rect {
        x: area.x + area.width.saturating_sub(width) / 2,
        y: area.y + area.height.saturating_sub(height) / 2,
        width,
        height,
    }
}
