//! The application: its state and the one function that changes it.
//!
//! ```text
//! terminal event ─► App::action_for (the key tables of the focused context)
//!   ─► Action ─► App::update(action, now) ─► new state + Vec<Effect>
//!   ─► the event loop carries the effects out (crate::effects) and feeds
//!      their results back as Action::Done(Outcome)
//!   ─► ui::draw(&App): each region reads its state; nothing changes while drawing
//! ```
//!
//! - `update` is pure: no file system, no clock (time comes in as `now`),
//!   no process. Tests drive it with actions and a fixed time.
//! - Keys are data ([`keys`]): one table per context (reader, each tab,
//!   text input, overlays); the keymap, the help, the status line and the
//!   hints in the panes are all read from them. Actions have names, so
//!   `config.toml` can rebind them.
//! - Regions: [`reader`] (the text, its cursor, marks and masks, and its
//!   wrapped rows in `reader/rows.rs`), [`tabs`] (one module per side-pane
//!   tab behind a small dispatcher), [`input`] (the text field),
//!   [`overlay`] (help and confirmation dialogs). [`screen`] computes
//!   where each region goes, for drawing and for the mouse alike.
//! - Esc closes the innermost thing: overlay, input, glossary filter,
//!   marks in the text, then the notice ([`App::esc_label`] says which).

pub mod action;
pub mod effect;
pub mod input;
pub mod keys;
pub mod lookup;
pub mod overlay;
pub mod progress;
pub mod reader;
pub mod screen;
pub mod tabs;

use ratatui::crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};
use tui_input::backend::crossterm::to_input_request;

use liseuse::progress::Progress;
use liseuse::study::Study;

pub use action::Action;
pub use effect::{Effect, Outcome};
use input::{InputMode, Owner, TextInput};
use keys::{Context, Key, Keymap, chain_of};
use overlay::Overlay;
use reader::Reader;
use screen::{Screen, SideNeed, contains};
pub use tabs::Tab;

/// Which pane receives movement keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Reader,
    Side,
}

/// What one call of `update` knows and asks for.
pub struct Turn {
    /// Seconds since the epoch, passed in by the caller.
    pub now: i64,
    pub effects: Vec<Effect>,
}

pub struct App {
    pub study: Study,
    pub keymap: Keymap,
    pub screen: Screen,
    pub reader: Reader,
    pub focus: Focus,
    pub tab: Tab,
    /// The side pane takes nearly the whole screen (`z`, `liseuse quiz`).
    pub zoom: bool,
    pub input: TextInput,
    pub glossary: tabs::glossary::State,
    pub questions: tabs::questions::State,
    pub quiz: tabs::quiz::State,
    pub stats: tabs::stats::State,
    pub notes: tabs::notes::State,
    /// The word under the cursor looked up, IPA, a word being added.
    pub lookup: lookup::State,
    pub overlay: Option<Overlay>,
    /// A message for the status line that stays until Esc (save errors).
    pub notice: Option<String>,
    /// A message about the last action ("occurrence 2/3"), gone at the
    /// next key.
    pub flash: Option<String>,
    pub quit: bool,
    /// Quitting once the last save is done.
    pub quitting: bool,
    /// Said on the terminal once it is given back (where unsaved answers
    /// were written).
    pub farewell: Option<String>,
    pub saved: progress::Saved,
    /// The pack is a preview of a long text opened for the first time:
    /// its glossary, questions and notes are still being read (see
    /// [`App::finish_opening`]).
    pub opening: bool,
}

/// What the app starts from, besides the pack.
pub struct Start {
    pub progress: Progress,
    /// Whether progress can be saved (there is a data directory).
    pub persist: bool,
    pub notice: Option<String>,
    pub keymap: Keymap,
    pub now: i64,
    pub utc_offset: i64,
    /// Whether the statistics may wait for the first action: only the
    /// Stats tab shows them, and a large glossary takes a while (a start
    /// draws its first frame first).
    pub stats_later: bool,
}

impl Start {
    /// A fresh start for `study` at `now`: no saved progress, default keys.
    #[cfg(test)]
    pub fn fresh(study: &Study, now: i64) -> Start {
        Start {
            progress: Progress::new(&study.pack.pack.id),
            persist: true,
            notice: None,
            keymap: Keymap::new(&std::collections::BTreeMap::new()).0,
            now,
            utc_offset: 0,
            stats_later: false,
        }
    }
}

impl App {
    pub fn new(study: Study, start: Start, width: u16, height: u16) -> App {
        let shown = study.filter("");
        let saved = progress::Saved::new(
            start.progress,
            start.persist,
            &study.pack.glossary,
            start.now,
            start.utc_offset,
            start.stats_later,
        );
        // Answers from earlier sittings are shown as answered.
        let answers = study
            .pack
            .questions
            .iter()
            .map(|q| {
                saved
                    .progress
                    .questions
                    .answered
                    .get(q.id.as_str())
                    .map(|a| {
                        tabs::questions::Answered::new(
                            a.answer.clone().unwrap_or_default(),
                            a.correct,
                        )
                    })
            })
            .collect();
        let mut app = App {
            study,
            keymap: start.keymap,
            screen: Screen::default(),
            reader: Reader::default(),
            focus: Focus::Reader,
            tab: Tab::Glossary,
            zoom: false,
            input: TextInput::default(),
            glossary: tabs::glossary::State::new(shown),
            questions: tabs::questions::State {
                answers,
                ..Default::default()
            },
            quiz: tabs::quiz::State::new(),
            stats: Default::default(),
            notes: Default::default(),
            lookup: Default::default(),
            overlay: None,
            notice: start.notice,
            flash: None,
            quit: false,
            quitting: false,
            farewell: None,
            saved,
            opening: false,
        };
        app.resize(width, height);
        app
    }

    /// The context whose keys are in force.
    /// Whether `action`, bound in `ctx`, does something at the moment;
    /// the status line offers only those keys.
    pub fn offers(&self, ctx: Context, action: &Action) -> bool {
        match ctx {
            Context::Tab(Tab::Questions) => self.question_offers(action),
            _ => true,
        }
    }

    pub fn context(&self) -> Context {
        match (&self.overlay, self.input.is_open(), self.focus) {
            (Some(Overlay::Help { .. }), ..) => Context::Help,
            (Some(Overlay::Confirm(_)), ..) => Context::Confirm,
            (Some(Overlay::Unsaved { .. }), ..) => Context::Unsaved,
            (Some(Overlay::Picker { .. }), ..) => Context::Picker,
            (None, true, _) => Context::Input,
            (None, false, Focus::Reader) => Context::Reader,
            (None, false, Focus::Side) => Context::Tab(self.tab),
        }
    }

    /// Turns a terminal event into an action, through the key tables.
    pub fn action_for(&self, event: &Event) -> Option<Action> {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => {
                let ctx = self.context();
                let found =
                    Key::from_event(key).and_then(|k| self.keymap.lookup(&chain_of(ctx), k));
                match found {
                    Some(action) => Some(action),
                    None if ctx == Context::Input => to_input_request(event).map(Action::Edit),
                    None => None,
                }
            }
            Event::Paste(text) => Some(Action::Paste(text.clone())),
            Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
            Event::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
                MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Action::ScrollAt {
                    column: m.column,
                    row: m.row,
                    down: m.kind == MouseEventKind::ScrollDown,
                }),
                _ => None,
            },
            _ => None,
        }
    }

    /// The one function that changes the state. `now` is the time in
    /// seconds; the effects returned are for the event loop to carry out.
    pub fn update(&mut self, action: Action, now: i64) -> Vec<Effect> {
        let mut turn = Turn {
            now,
            effects: Vec::new(),
        };
        self.saved.settle(&self.study.pack.glossary, now);
        self.apply(action, &mut turn);
        // Nothing is looked up on the way out.
        if !self.quit {
            self.refresh_lookup(&mut turn);
        }
        self.keep_selection_visible();
        self.clamp_side_scroll();
        turn.effects
    }

    fn apply(&mut self, action: Action, turn: &mut Turn) {
        // Events and results, whatever has focus.
        match action {
            Action::Resize(w, h) => return self.resize(w, h),
            Action::Done(
                outcome @ (Outcome::Defined { .. }
                | Outcome::Pronounced { .. }
                | Outcome::SpeechFailed(_)),
            ) => return self.lookup_outcome(outcome),
            Action::Done(Outcome::Packs(packs)) => {
                let selected = packs
                    .iter()
                    .position(|p| p.id == self.study.pack.pack.id)
                    .unwrap_or(0);
                self.input.close();
                self.overlay = Some(Overlay::Picker { packs, selected });
                return;
            }
            Action::Done(outcome) => return self.saved_outcome(outcome, turn.now),
            Action::Tick => {
                if self.saved.unsaved && self.saved.persist {
                    turn.effects.push(Effect::SaveProgress);
                }
                return;
            }
            Action::Suspend => return turn.effects.push(Effect::Suspend),
            Action::Reopened => return tabs::opened(self, turn),
            _ => self.flash = None,
        }
        if self.overlay.is_some() {
            return overlay::update(self, &action, turn);
        }
        if self.input.is_open() && input::update(self, &action, turn) {
            return;
        }
        match action {
            Action::Quit => self.request_quit(turn),
            Action::ToggleHelp => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::OpenPicker => turn.effects.push(Effect::ListPacks),
            Action::Back => self.back(),
            Action::SwitchFocus => {
                self.focus = match self.focus {
                    Focus::Reader => Focus::Side,
                    Focus::Side => Focus::Reader,
                };
                if self.focus == Focus::Side {
                    tabs::opened(self, turn);
                }
            }
            // Choosing a tab means using it: its keys go to the side pane.
            Action::NextTab => self.open_tab(self.tab.offset(1), turn),
            Action::PrevTab => self.open_tab(self.tab.offset(-1), turn),
            Action::SelectTab(tab) => self.open_tab(tab, turn),
            Action::Zoom => {
                self.zoom = !self.zoom;
                self.relayout_screen();
            }
            Action::StartSearch => {
                self.open_tab(Tab::Glossary, turn);
                self.input.open(InputMode::Search, Owner::Search);
                self.input.field = tui_input::Input::new(self.glossary.filter.clone());
            }
            Action::NextOccurrence | Action::PrevOccurrence => {
                if self.reader.marks.is_none() && self.selected_entry().is_some() {
                    self.mark_selected_entry(false);
                }
                self.step_mark(action == Action::NextOccurrence);
            }
            Action::ToggleTranslation => self.toggle_translation(),
            Action::Click(x, y) => self.click(x, y, turn),
            Action::ScrollAt { column, row, down } => self.scroll_at(column, row, down, turn),
            other => match self.focus {
                Focus::Reader => reader::update(self, &other, turn),
                Focus::Side => tabs::update(self, &other, turn),
            },
        }
    }

    /// `q`: leave, asking first if some progress is not on disk.
    /// With answers not on disk, one last save is tried first: the app
    /// leaves once it succeeds, or asks what to do (see
    /// [`Overlay::Unsaved`]) if it fails.
    pub(crate) fn request_quit(&mut self, turn: &mut Turn) {
        if self.saved.unsaved && self.saved.persist {
            self.quitting = true;
            self.notice = Some("Saving before quitting…".into());
            turn.effects.push(Effect::SaveProgress);
        } else {
            self.quit = true;
        }
    }

    /// Esc: closes the innermost thing (see [`App::esc_label`]).
    fn back(&mut self) {
        if !self.glossary.filter.is_empty() && self.tab == Tab::Glossary {
            self.apply_filter(String::new());
            self.input.field.reset();
        } else if self.reader.marks.is_some() {
            self.reader.marks = None;
            self.reader.cursor = None;
        } else if self.reader.cursor.is_some() {
            self.reader.cursor = None;
        } else {
            self.notice = None;
        }
    }

    /// What the next Esc will do, for the status line.
    pub fn esc_label(&self) -> Option<&'static str> {
        match (&self.overlay, self.input.mode) {
            (Some(Overlay::Help { .. }), _) => Some("close help"),
            (Some(Overlay::Confirm(_)), _) => Some("no"),
            (Some(Overlay::Unsaved { .. }), _) => Some("stay"),
            (Some(Overlay::Picker { .. }), _) => Some("close"),
            (None, InputMode::Search) => Some("close search"),
            (None, InputMode::ShortAnswer | InputMode::QuizAnswer) => Some("leave answer"),
            (None, InputMode::AddWord) => Some("cancel"),
            (None, InputMode::None) => {
                if !self.glossary.filter.is_empty() && self.tab == Tab::Glossary {
                    Some("clear filter")
                } else if self.reader.marks.is_some() {
                    Some("clear marks")
                } else if self.reader.cursor.is_some() {
                    Some("hide cursor")
                } else if self.notice.is_some() {
                    Some("dismiss")
                } else {
                    None
                }
            }
        }
    }

    fn open_tab(&mut self, tab: Tab, turn: &mut Turn) {
        self.focus = Focus::Side;
        if self.tab != tab {
            self.select_tab(tab);
        }
        tabs::opened(self, turn);
    }

    /// Brings a tab to the front without giving it focus.
    pub(crate) fn select_tab(&mut self, tab: Tab) {
        if self.tab != tab && self.input.mode != InputMode::None {
            self.input.close();
        }
        self.tab = tab;
        self.relayout_screen();
    }

    /// How much room the side pane asks for now.
    fn side_need(&self) -> SideNeed {
        if self.zoom {
            SideNeed::Zoomed
        } else if self.tab.needs_room() {
            SideNeed::Room
        } else {
            SideNeed::Balanced
        }
    }

    fn relayout_screen(&mut self) {
        let area = self.screen.area;
        self.resize(area.width, area.height);
    }

    /// Lays the screen out again and re-wraps the text if its width changed.
    pub fn resize(&mut self, width: u16, height: u16) {
        let old = self.screen;
        self.screen = Screen::new(width, height, self.side_need());
        // Keep the top row where it was when the pane only changed height.
        if old.text.width == self.screen.text.width && old.text.height != 0 {
            self.clamp_scroll();
        }
        self.relayout();
        self.keep_selection_visible();
        self.clamp_side_scroll();
    }

    fn click(&mut self, x: u16, y: u16, turn: &mut Turn) {
        let s = self.screen;
        if s.too_small {
            return;
        }
        if contains(s.reader, x, y) {
            self.input.close();
            self.focus = Focus::Reader;
            if contains(s.text, x, y)
                && let Some(token) = self.token_at_cell(x, y)
                && self.study.is_word(token)
            {
                self.set_cursor(token);
            }
        } else if contains(s.side, x, y) {
            self.focus = Focus::Side;
            if y == s.tabs.y {
                if let Some(tab) = tab_at(x.saturating_sub(s.tabs.x), s.tabs.width) {
                    self.open_tab(tab, turn);
                }
            } else if contains(s.side_body, x, y) {
                self.click_glossary(usize::from(y - s.side_body.y));
            }
        }
    }

    /// The mouse wheel scrolls what is under the pointer, never moving a
    /// selection.
    fn scroll_at(&mut self, x: u16, y: u16, down: bool, _turn: &mut Turn) {
        let s = self.screen;
        let delta = if down { 3 } else { -3 };
        if let Some(Overlay::Help { .. }) = self.overlay {
            return;
        }
        if contains(s.side, x, y) {
            self.scroll_side(delta);
        } else {
            self.scroll_reader(delta);
        }
    }
}

/// Spaces around each tab title: none when the bar is too narrow for them.
pub fn tab_padding(width: u16) -> &'static str {
    let titles: usize = Tab::ALL.iter().map(|t| t.title().len() + 3).sum();
    if usize::from(width) + 1 >= titles {
        " "
    } else {
        ""
    }
}

/// The tab whose title is drawn at a column of a tab bar `width` wide.
pub fn tab_at(column: u16, width: u16) -> Option<Tab> {
    let pad = tab_padding(width).len() as u16;
    let mut x = 0u16;
    for tab in Tab::ALL {
        // Titles are drawn padded, followed by a one-cell divider.
        let w = tab.title().len() as u16 + 2 * pad;
        if column < x + w {
            return Some(tab);
        }
        x += w + 1;
    }
    None
}

#[cfg(test)]
mod tests;
