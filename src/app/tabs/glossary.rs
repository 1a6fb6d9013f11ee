//! The Glossary tab: a filter line, the alphabetical list of entries, and
//! the details of the selected entry — or of any word of the text the
//! cursor is on, with or without an entry.

use super::super::keys::Bind;
use super::super::reader::{MarkKind, Marks};
use super::super::{Action, App, Turn};
use super::Tab;

/// What the details under the list are about.
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    /// The entry selected in the list.
    Selected,
    /// A word of the text with no glossary entry (the token under the
    /// cursor). Dictionary lookups show their results here.
    Word { text: String, token: usize },
}

#[derive(Debug, Clone)]
pub struct State {
    pub filter: String,
    /// Entries shown, in alphabetical order, after filtering.
    pub shown: Vec<usize>,
    /// Index into `shown`.
    pub selected: usize,
    /// First list row drawn.
    pub offset: usize,
    pub detail: Detail,
    /// First row of the details drawn.
    pub scroll: usize,
}

impl State {
    pub fn new(shown: Vec<usize>) -> State {
        State {
            filter: String::new(),
            shown,
            selected: 0,
            offset: 0,
            detail: Detail::Selected,
            scroll: 0,
        }
    }
}

pub const KEYS: &[Bind] = &[
    Bind::new(Action::Down, &["j", "down"], "select the next entry").hint("select"),
    Bind::new(Action::Up, &["k", "up"], "select the previous entry").hint("select"),
    Bind::new(
        Action::Activate,
        &["enter"],
        "go to the entry's first occurrence in the text",
    )
    .hint("go to text"),
    Bind::new(
        Action::RemoveWord,
        &["-", "delete"],
        "remove the selected word from your own words (✚)",
    ),
];

pub fn update(app: &mut App, action: &Action, turn: &mut Turn) {
    match action {
        Action::Down => app.move_selection(1),
        Action::Up => app.move_selection(-1),
        Action::Activate => app.mark_selected_entry(true),
        Action::RemoveWord => app.remove_word(turn),
        _ => {}
    }
}

impl App {
    /// The entry the details are about.
    pub fn selected_entry(&self) -> Option<usize> {
        match self.glossary.detail {
            Detail::Selected => self.glossary.shown.get(self.glossary.selected).copied(),
            Detail::Word { .. } => None,
        }
    }

    fn move_selection(&mut self, delta: isize) {
        let last = self.glossary.shown.len().saturating_sub(1);
        self.glossary.selected = self
            .glossary
            .selected
            .saturating_add_signed(delta)
            .min(last);
        self.glossary.detail = Detail::Selected;
        self.glossary.scroll = 0;
        self.mark_selected_entry(true);
    }

    /// Shows a word of the text in the details: its entry if it has one.
    pub(crate) fn show_word(&mut self, token: usize) {
        let byte = self.study.tokens.get(token).map(|t| t.start());
        match byte.and_then(|b| self.study.index.entries_at(b).first().copied()) {
            Some(entry) => self.show_entry(entry, false),
            None => {
                self.glossary.detail = Detail::Word {
                    text: self.study.token_text(token).to_string(),
                    token,
                };
                self.glossary.scroll = 0;
            }
        }
    }

    /// Selects an entry in the list, clearing a filter that hides it.
    pub(crate) fn show_entry(&mut self, entry: usize, scroll_text: bool) {
        if !self.glossary.shown.contains(&entry) {
            self.glossary.filter.clear();
            self.glossary.shown = self.study.filter("");
        }
        if let Some(pos) = self.glossary.shown.iter().position(|&e| e == entry) {
            self.glossary.selected = pos;
        }
        self.glossary.detail = Detail::Selected;
        self.glossary.scroll = 0;
        self.mark_selected_entry(scroll_text);
    }

    /// Marks every occurrence of the selected entry, optionally scrolling
    /// the text to the first.
    pub(crate) fn mark_selected_entry(&mut self, scroll_text: bool) {
        let Some(entry) = self.selected_entry() else {
            return;
        };
        let ranges: Vec<_> = self.study.index.entry_ranges(entry).collect();
        if scroll_text && let Some(first) = ranges.first() {
            self.ensure_visible(first.start);
        }
        let current = self
            .cursor_byte()
            .and_then(|b| ranges.iter().position(|r| r.start <= b && b < r.end))
            .unwrap_or(0);
        self.reader.marks = Some(Marks {
            kind: MarkKind::Occurrences,
            ranges,
            current,
        });
    }

    /// The filter changed: the list follows.
    pub(crate) fn apply_filter(&mut self, filter: String) {
        self.glossary.shown = self.study.filter(&filter);
        self.glossary.filter = filter;
        self.glossary.selected = 0;
        self.glossary.offset = 0;
        self.glossary.scroll = 0;
        self.glossary.detail = Detail::Selected;
        if self.glossary.shown.is_empty() {
            self.reader.marks = None;
        } else {
            self.mark_selected_entry(true);
        }
    }

    /// Rows of the glossary list (the rest of the pane shows the details).
    pub fn list_height(&self) -> usize {
        let body = usize::from(self.screen.side_body.height).saturating_sub(1);
        let wanted = (body * 2 / 5).max(3);
        wanted.min(self.glossary.shown.len().max(1)).min(body)
    }

    /// Scrolls the list so that its selected row is drawn.
    pub(crate) fn keep_selection_visible(&mut self) {
        let height = self.list_height().max(1);
        let g = &mut self.glossary;
        if g.selected < g.offset {
            g.offset = g.selected;
        } else if g.selected >= g.offset + height {
            g.offset = g.selected + 1 - height;
        }
        g.offset = g.offset.min(g.shown.len().saturating_sub(height));
    }

    /// A click on a row of the list selects its entry.
    pub(crate) fn click_glossary(&mut self, row: usize) {
        // The list starts one row below the filter line.
        if row == 0 || self.tab != Tab::Glossary {
            return;
        }
        let index = self.glossary.offset + row - 1;
        let end = self
            .glossary
            .shown
            .len()
            .min(self.glossary.offset + self.list_height());
        if row - 1 < self.list_height() && index < end {
            self.glossary.selected = index;
            self.glossary.detail = Detail::Selected;
            self.glossary.scroll = 0;
            self.mark_selected_entry(true);
        }
    }
}
