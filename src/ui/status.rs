//! The status line: what the next Esc does, then the keys of the focused
//! context (from its table), as many as fit; or a notice.

use crate::ui::Frame;
use ratatui::text::{Line, Span};

use super::text::{draw_lines, fit};
use super::theme::Theme;
use super::{Hint, hint_spans, hints_width};
use crate::app::keys::chain_of;
use crate::app::{Action, App};

/// The hints the status line shows, in order, before fitting to width.
pub fn hints(app: &App) -> Vec<Hint> {
    let chain = chain_of(app.context());
    let mut out = Vec::new();
    if let Some(what) = app.esc_label() {
        out.push(app.keymap.hint_for(&chain, &[Action::Back], what));
    }
    let esc = out.first().map(|h| h.keys.clone());
    for c in &chain {
        // Esc is said once, first, with what it does now.
        out.extend(
            app.keymap
                .hints_where(*c, |action| app.offers(*c, action))
                .into_iter()
                .filter(|h| Some(&h.keys) != esc.as_ref()),
        );
    }
    out
}

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let width = usize::from(app.screen.status.width);
    let line = if let Some(notice) = &app.notice {
        // Notices may quote files (a progress file's error, a path): the
        // one sanitiser sees them before the terminal does.
        let notice = liseuse::pack::sanitize::clean(notice, false);
        let esc = app
            .keymap
            .key_label(&chain_of(app.context()), &Action::Back)
            .unwrap_or_default();
        let tail = format!("  {esc} dismiss");
        let room = width.saturating_sub(tail.chars().count() + 2);
        Line::from(vec![
            Span::styled(format!(" {} ", fit(&notice, room)), theme.notice()),
            Span::styled(tail, theme.dim()),
        ])
    } else {
        let mut spans = Vec::new();
        let mut room = width;
        // While a long text is indexed, its progress comes first.
        if let Some(p) = app.reader.indexing {
            let what = if app.opening { "pack" } else { "text" };
            let text = format!(" indexing the {what} {p}% ");
            room = room.saturating_sub(text.chars().count());
            spans.push(Span::styled(text, theme.notice()));
        }
        if let Some(flash) = &app.flash {
            let text = fit(flash, room);
            room = room.saturating_sub(text.chars().count() + 3);
            spans.push(Span::styled(text, theme.title()));
            spans.push(Span::styled(" · ", theme.dim()));
        }
        let all = hints(app);
        // As many hints as fit: the first ones matter most.
        let mut shown = all.len();
        while shown > 0 && hints_width(&all[..shown]) > room {
            shown -= 1;
        }
        spans.extend(hint_spans(theme, &all[..shown]));
        Line::from(spans)
    };
    draw_lines(frame.buffer_mut(), app.screen.status, &[line]);
}
