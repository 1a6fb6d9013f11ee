//! Drawing: one file per region. Everything here reads the state and
//! changes nothing; every string goes through `text` (the French
//! line-breaker) and every key shown comes from the key tables.

mod border;
mod frame;
pub mod overlay;
mod reader;
pub mod status;
pub mod tabs;
pub mod text;
pub mod theme;

use ratatui::layout::Alignment;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub use crate::app::keys::Hint;
use crate::app::keys::{Context, chain_of};
use crate::app::screen::{MIN_HEIGHT, MIN_WIDTH};
use crate::app::{Action, App, Tab};
pub use frame::Frame;
use liseuse::quiz::session::EntryStatus;
use theme::Theme;

/// Draws the app on a ratatui frame (the tests' `TestBackend`).
#[cfg(test)]
pub fn draw(frame: &mut ratatui::Frame, app: &App, theme: Theme) {
    let mut own = Frame::new(frame.buffer_mut());
    render(&mut own, app, theme);
    if let Some(cursor) = own.cursor() {
        frame.set_cursor_position(cursor);
    }
}

/// Draws the app: the whole screen, every frame.
pub fn render(frame: &mut Frame, app: &App, theme: Theme) {
    #[cfg(debug_assertions)]
    panic_if_asked();
    let area = frame.area();
    if app.screen.too_small || app.screen.area != area {
        too_small(frame, app, theme);
        return;
    }
    if app.screen.reader.height > 0 {
        reader::draw(frame, app, theme);
    }
    tabs::draw(frame, app, theme);
    status::draw(frame, app, theme);
    overlay::draw(frame, app, theme);
}

/// For tests only, and only in debug builds (release builds have no such
/// trigger): with `LISEUSE_TEST_PANIC_AT_FRAME=N`, drawing the Nth frame
/// panics, so that a test in a pseudo-terminal can check that a panic at
/// any moment gives the terminal back and exits with a message. Nothing
/// else can make drawing panic on purpose.
#[cfg(debug_assertions)]
fn panic_if_asked() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static FRAMES: AtomicUsize = AtomicUsize::new(0);
    let frame = FRAMES.fetch_add(1, Ordering::Relaxed) + 1;
    let asked = std::env::var("LISEUSE_TEST_PANIC_AT_FRAME")
        .ok()
        .and_then(|n| n.parse::<usize>().ok());
    if asked == Some(frame) {
        panic!("drawing frame {frame}, as LISEUSE_TEST_PANIC_AT_FRAME asked");
    }
}

fn too_small(frame: &mut Frame, app: &App, theme: Theme) {
    let area = frame.area();
    let quit = app
        .keymap
        .key_label(&chain_of(Context::Reader), &Action::Quit)
        .unwrap_or_default();
    let width = usize::from(area.width);
    let mut lines = text::para(
        vec![Span::styled("Terminal too small", theme.title())],
        width,
    );
    lines.extend(text::para(
        vec![Span::raw(format!(
            "{}×{}: liseuse needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            area.width, area.height
        ))],
        width,
    ));
    lines.extend(text::para(
        vec![Span::raw(format!(
            "Enlarge the window, or press {quit} to quit."
        ))],
        width,
    ));
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let inner = ratatui::layout::Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), inner);
}

/// How a glossary word is marked in the text, by its learning status.
pub fn entry_style(app: &App, entry: usize, theme: Theme) -> Style {
    match app.saved.statuses.get(entry) {
        Some(EntryStatus::Learning) => theme.gloss_learning(),
        Some(EntryStatus::Known) => theme.gloss_known(),
        _ => theme.gloss_new(),
    }
}

/// A hint drawn in a tab, its keys taken from the tab's tables.
pub fn pane_hint(app: &App, tab: Tab, actions: &[Action], what: &'static str) -> Hint {
    app.keymap
        .hint_for(&chain_of(Context::Tab(tab)), actions, what)
}

/// Hints as spans: the keys highlighted, what they do plain.
pub fn hint_spans(theme: Theme, hints: &[Hint]) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (i, h) in hints.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(h.keys.clone(), theme.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(h.what));
    }
    spans
}

/// The width of hints drawn on one line.
pub fn hints_width(hints: &[Hint]) -> usize {
    Line::from(hint_spans(Theme::new(false), hints)).width()
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_questions;
