//! The side pane's tabs. Each tab is one module with its state, its key
//! table, and its part of `update`; its drawing is the file of the same
//! name in `ui/tabs/`. This file lists them and routes actions to the
//! focused one. Adding a tab: one module here, one in `ui/tabs/`, one
//! entry in [`Tab`] and in the three `match`es below.

pub mod glossary;
pub mod notes;
pub mod questions;
pub mod quiz;
pub mod stats;

use super::keys::Bind;
use super::{Action, App, Turn};

/// The side pane's tabs, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tab {
    Glossary,
    Questions,
    Quiz,
    Stats,
    Notes,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Glossary,
        Tab::Questions,
        Tab::Quiz,
        Tab::Stats,
        Tab::Notes,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Glossary => "Glossary",
            Tab::Questions => "Questions",
            Tab::Quiz => "Quiz",
            Tab::Stats => "Stats",
            Tab::Notes => "Notes",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn offset(self, by: isize) -> Tab {
        let n = Tab::ALL.len() as isize;
        Tab::ALL[(self.index() as isize + by).rem_euclid(n) as usize]
    }

    /// Whether the tab wants the screen more than the text does.
    pub fn needs_room(self) -> bool {
        matches!(self, Tab::Questions | Tab::Quiz | Tab::Stats)
    }
}

/// Keys every tab shares: the paging keys scroll the details. (`j`/`k`
/// are in each tab's table: they select an item where there is a list,
/// and scroll where there is none. Selecting and scrolling are separate
/// gestures.)
pub const SIDE_KEYS: &[Bind] = &[
    Bind::new(
        Action::PageDown,
        &["pagedown", "ctrl-f"],
        "scroll the details a page down",
    )
    .hint("scroll"),
    Bind::new(
        Action::PageUp,
        &["pageup", "ctrl-b"],
        "scroll the details a page up",
    )
    .hint("scroll"),
    Bind::new(
        Action::HalfPageDown,
        &["ctrl-d"],
        "scroll the details half a page down",
    ),
    Bind::new(
        Action::HalfPageUp,
        &["ctrl-u"],
        "scroll the details half a page up",
    ),
    Bind::new(
        Action::Home,
        &["g", "home"],
        "scroll the details to the top",
    ),
    Bind::new(Action::End, &["G", "end"], "scroll the details to the end"),
];

/// The key table of a tab.
pub fn keys(tab: Tab) -> &'static [Bind] {
    match tab {
        Tab::Glossary => glossary::KEYS,
        Tab::Questions => questions::KEYS,
        Tab::Quiz => quiz::KEYS,
        Tab::Stats => stats::KEYS,
        Tab::Notes => notes::KEYS,
    }
}

/// Routes an action to the tab in front; the paging keys scroll its
/// details whichever it is.
pub fn update(app: &mut App, action: &Action, turn: &mut Turn) {
    let page = app.side_page() as isize;
    match action {
        Action::PageDown => app.scroll_side(page),
        Action::PageUp => app.scroll_side(-page),
        Action::HalfPageDown => app.scroll_side((page / 2).max(1)),
        Action::HalfPageUp => app.scroll_side(-(page / 2).max(1)),
        Action::Home => app.scroll_side(isize::MIN / 2),
        Action::End => app.scroll_side(isize::MAX / 2),
        _ => match app.tab {
            Tab::Glossary => glossary::update(app, action, turn),
            Tab::Questions => questions::update(app, action, turn),
            Tab::Quiz => quiz::update(app, action, turn),
            Tab::Stats => stats::update(app, action, turn),
            Tab::Notes => notes::update(app, action, turn),
        },
    }
}

/// A tab comes to the front.
pub fn opened(app: &mut App, turn: &mut Turn) {
    match app.tab {
        Tab::Glossary => {}
        Tab::Questions => questions::opened(app),
        Tab::Quiz => quiz::opened(app, turn),
        Tab::Stats => stats::opened(app, turn),
        Tab::Notes => notes::opened(app),
    }
}

impl App {
    /// The scroll offset of the details of the tab in front.
    pub fn side_scroll(&self) -> usize {
        match self.tab {
            Tab::Glossary => self.glossary.scroll,
            Tab::Questions => self.questions.scroll,
            Tab::Quiz => self.quiz.scroll,
            Tab::Stats => self.stats.scroll,
            Tab::Notes => self.notes.scroll,
        }
    }

    fn side_scroll_mut(&mut self) -> &mut usize {
        match self.tab {
            Tab::Glossary => &mut self.glossary.scroll,
            Tab::Questions => &mut self.questions.scroll,
            Tab::Quiz => &mut self.quiz.scroll,
            Tab::Stats => &mut self.stats.scroll,
            Tab::Notes => &mut self.notes.scroll,
        }
    }

    /// Rows one page of the details scrolls by.
    fn side_page(&self) -> usize {
        let (_, visible) = crate::ui::tabs::scroll_room(self);
        visible.saturating_sub(1).max(1)
    }

    pub(crate) fn scroll_side(&mut self, delta: isize) {
        let s = self.side_scroll_mut();
        *s = s.saturating_add_signed(delta);
        self.clamp_side_scroll();
    }

    /// Keeps the details' scroll within what there is to show. At the top
    /// there is nothing to measure (the body is wrapped to be measured,
    /// which would cost most of a frame on every key).
    pub(crate) fn clamp_side_scroll(&mut self) {
        if self.side_scroll() == 0 {
            return;
        }
        let (content, visible) = crate::ui::tabs::scroll_room(self);
        let max = content.saturating_sub(visible);
        let s = self.side_scroll_mut();
        *s = (*s).min(max);
    }
}
