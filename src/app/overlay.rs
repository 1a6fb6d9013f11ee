//! Overlays drawn above the panes: the help, and questions asked before
//! acting ("Start a new round?"). While one
//! is open it takes every key, through its own key table. Quitting with
//! answers not saved has its own overlay, [`Overlay::Unsaved`]: retry,
//! write elsewhere, quit anyway or stay.
//!
//! To ask before doing something: put an [`Intent`] for it here, carry it
//! out in [`perform`], and open `Overlay::Confirm` where the action starts.
//! A new kind of overlay (a pack picker, say) is one more `Overlay`
//! variant with its key table, its arm in [`update`], and its drawing in
//! `ui/overlay.rs`.

use super::keys::Bind;
use super::{Action, App, Turn};

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// Every key in force; `scroll` is the first row drawn.
    Help {
        scroll: usize,
    },
    Confirm(Confirm),
    /// Quitting, and the last save failed: retry, write elsewhere, quit
    /// anyway or stay. `error` says why the save failed.
    Unsaved {
        error: String,
    },
    /// The packs to choose from; Enter opens the selected one.
    Picker {
        packs: Vec<super::effect::PackRow>,
        selected: usize,
    },
}

/// A yes/no question; `yes` is done only if the learner agrees.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub yes: Intent,
}

/// Something done once the learner has said yes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Throw the current round of questions away.
    NewRound,
}

pub const HELP_KEYS: &[Bind] = &[
    Bind::new(Action::Down, &["j", "down"], "scroll a line down").hint("scroll"),
    Bind::new(Action::Up, &["k", "up"], "scroll a line up").hint("scroll"),
    Bind::new(
        Action::PageDown,
        &["pagedown", "space"],
        "scroll a page down",
    )
    .hint("page"),
    Bind::new(Action::PageUp, &["pageup"], "scroll a page up").hint("page"),
    Bind::new(Action::Home, &["g", "home"], "top"),
    Bind::new(Action::End, &["G", "end"], "end"),
    Bind::new(Action::Back, &["esc", "q", "?"], "close the help").hint("close"),
    Bind::new(Action::Quit, &["ctrl-c"], "quit"),
];

pub const CONFIRM_KEYS: &[Bind] = &[
    Bind::new(Action::Yes, &["y", "enter"], "yes, do it").hint("yes"),
    Bind::new(Action::No, &["n", "esc"], "no, leave things as they are").hint("no"),
    Bind::new(Action::Quit, &["ctrl-c"], "quit"),
];

pub const PICKER_KEYS: &[Bind] = &[
    Bind::new(Action::Down, &["j", "down"], "next pack").hint("move"),
    Bind::new(Action::Up, &["k", "up"], "previous pack").hint("move"),
    Bind::new(Action::Activate, &["enter"], "open the selected pack").hint("open"),
    Bind::new(Action::Back, &["esc", "q"], "keep the pack open now").hint("close"),
    Bind::new(Action::Quit, &["ctrl-c"], "quit"),
];

pub const UNSAVED_KEYS: &[Bind] = &[
    Bind::new(
        Action::RetrySave,
        &["r", "enter"],
        "try saving again, then quit",
    )
    .hint("retry"),
    Bind::new(
        Action::WriteElsewhere,
        &["w"],
        "write the answers to a new file in your home folder, then quit",
    )
    .hint("write elsewhere"),
    Bind::new(
        Action::Yes,
        &["y", "ctrl-c"],
        "quit anyway: the answers are lost",
    )
    .hint("quit anyway"),
    Bind::new(Action::No, &["n", "esc"], "stay (saving is retried)").hint("stay"),
];

/// The open overlay's part of `update`.
pub fn update(app: &mut App, action: &Action, turn: &mut Turn) {
    let Some(overlay) = app.overlay.clone() else {
        return;
    };
    match overlay {
        Overlay::Help { scroll } => {
            let (content, visible) = crate::ui::overlay::help_room(app);
            let max = content.saturating_sub(visible);
            let page = visible.saturating_sub(1).max(1) as isize;
            let to = |delta: isize| scroll.saturating_add_signed(delta).min(max);
            let scroll = match action {
                Action::Down => to(1),
                Action::Up => to(-1),
                Action::PageDown => to(page),
                Action::PageUp => to(-page),
                Action::Home => 0,
                Action::End => max,
                Action::Quit => {
                    app.overlay = None;
                    app.request_quit(turn);
                    return;
                }
                Action::Back | Action::ToggleHelp | Action::Click(..) => {
                    app.overlay = None;
                    return;
                }
                _ => scroll,
            };
            app.overlay = Some(Overlay::Help { scroll });
        }
        Overlay::Confirm(confirm) => match action {
            Action::Yes => {
                app.overlay = None;
                perform(app, confirm.yes, turn);
            }
            Action::No | Action::Back => app.overlay = None,
            Action::Quit => {
                app.overlay = None;
                app.request_quit(turn);
            }
            _ => {}
        },
        Overlay::Picker { packs, selected } => match action {
            Action::Down | Action::Up => {
                let last = packs.len().saturating_sub(1);
                let selected = if *action == Action::Down {
                    (selected + 1).min(last)
                } else {
                    selected.saturating_sub(1)
                };
                app.overlay = Some(Overlay::Picker { packs, selected });
            }
            Action::Activate => {
                app.overlay = None;
                if let Some(row) = packs.get(selected)
                    && row.id != app.study.pack.pack.id
                {
                    turn.effects
                        .push(super::Effect::OpenPack { id: row.id.clone() });
                }
            }
            Action::Back | Action::OpenPicker => app.overlay = None,
            Action::Quit => {
                app.overlay = None;
                app.request_quit(turn);
            }
            _ => {}
        },
        Overlay::Unsaved { .. } => match action {
            Action::RetrySave => {
                app.overlay = None;
                app.request_quit(turn);
            }
            Action::WriteElsewhere => turn.effects.push(super::Effect::WriteElsewhere),
            Action::Yes | Action::Quit => {
                app.overlay = None;
                app.quit = true;
            }
            Action::No | Action::Back => app.overlay = None,
            _ => {}
        },
    }
}

/// Does what the learner agreed to.
fn perform(app: &mut App, intent: Intent, _turn: &mut Turn) {
    match intent {
        Intent::NewRound => app.new_round(),
    }
}
