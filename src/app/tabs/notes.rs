//! The Notes tab: context, grammar and text notes, each with its passages
//! marked in the text.

use super::super::keys::Bind;
use super::super::{Action, App, Turn};

#[derive(Debug, Clone, Default)]
pub struct State {
    pub selected: usize,
    /// First row of the note drawn.
    pub scroll: usize,
}

pub const KEYS: &[Bind] = &[
    Bind::new(Action::Down, &["j", "down"], "select the next note").hint("select"),
    Bind::new(Action::Up, &["k", "up"], "select the previous note").hint("select"),
];

pub fn update(app: &mut App, action: &Action, _turn: &mut Turn) {
    let delta = match action {
        Action::Down => 1,
        Action::Up => -1,
        _ => return,
    };
    let last = app.study.pack.notes.len().saturating_sub(1);
    app.notes.selected = app.notes.selected.saturating_add_signed(delta).min(last);
    app.notes.scroll = 0;
    app.mark_note();
}

pub fn opened(app: &mut App) {
    app.mark_note();
}

impl App {
    fn mark_note(&mut self) {
        let ranges = self
            .study
            .note_passages
            .get(self.notes.selected)
            .cloned()
            .unwrap_or_default();
        if ranges.is_empty() {
            self.clear_passages();
        } else {
            self.mark_passages(ranges);
        }
    }

    /// Rows of the notes list.
    pub fn notes_list_height(&self) -> usize {
        let body = usize::from(self.screen.side_body.height);
        (body * 2 / 5)
            .max(2)
            .min(self.study.pack.notes.len())
            .min(body)
    }
}
