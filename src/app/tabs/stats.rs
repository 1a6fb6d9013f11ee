//! The Stats tab: what the learner knows, what falls due, how reviews
//! went. Read-only: `j`/`k` and the paging keys scroll.

use super::super::keys::Bind;
use super::super::{Action, App, Turn};

#[derive(Debug, Clone, Default)]
pub struct State {
    pub scroll: usize,
}

pub const KEYS: &[Bind] = &[
    Bind::new(Action::Down, &["j", "down"], "scroll a line down").hint("scroll"),
    Bind::new(Action::Up, &["k", "up"], "scroll a line up").hint("scroll"),
];

pub fn update(app: &mut App, action: &Action, _turn: &mut Turn) {
    match action {
        Action::Down => app.scroll_side(1),
        Action::Up => app.scroll_side(-1),
        _ => {}
    }
}

/// Cards fall due as time passes: counted afresh on opening.
pub fn opened(app: &mut App, turn: &mut Turn) {
    app.saved.refresh(&app.study.pack.glossary, turn.now);
}
