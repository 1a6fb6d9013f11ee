//! The application state and the one function that changes it.

pub mod action;
pub mod keymap;
pub mod layout;
pub mod quiz;
pub mod update;

use std::ops::Range;

use tui_input::Input;

use liseuse::study::Study;

pub use action::{Action, Tab};
use layout::{ReaderLayout, Screen};

/// Which pane receives movement keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Reader,
    Side,
}

/// What the open text input is for; `None` means keys are commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    None,
    Search,
    ShortAnswer,
    QuizAnswer,
}

/// Why parts of the text are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// All occurrences of the selected glossary entry.
    Occurrences,
    /// The passage that answers a question, or a note's passages.
    Passage,
}

/// Ranges of the text to mark, sorted by start.
#[derive(Debug, Clone, PartialEq)]
pub struct Marks {
    pub kind: MarkKind,
    pub ranges: Vec<Range<usize>>,
    /// The occurrence `n`/`N` last went to.
    pub current: usize,
}

/// What the glossary's detail view shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    /// The entry selected in the list.
    Selected,
    /// A word under the cursor with no entry.
    NoEntry(String),
}

#[derive(Debug, Clone)]
pub struct GlossaryView {
    pub filter: String,
    /// Entries shown, in alphabetical order, after filtering.
    pub shown: Vec<usize>,
    /// Index into `shown`.
    pub selected: usize,
    /// First list row drawn.
    pub offset: usize,
    pub detail: Detail,
}

/// A learner's answer to one comprehension question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    pub given: String,
    pub correct: bool,
}

#[derive(Debug, Clone, Default)]
pub struct QuestionsView {
    pub current: usize,
    pub answers: Vec<Option<Answered>>,
}

impl QuestionsView {
    pub fn score(&self) -> (usize, usize) {
        let answered = self.answers.iter().flatten().count();
        let right = self.answers.iter().flatten().filter(|a| a.correct).count();
        (right, answered)
    }
}

pub struct App {
    pub study: Study,
    pub screen: Screen,
    pub reader_layout: ReaderLayout,
    pub focus: Focus,
    pub tab: Tab,
    pub input_mode: InputMode,
    pub input: Input,
    /// First row of the reading pane drawn.
    pub scroll: usize,
    /// Token under the word cursor.
    pub cursor: Option<usize>,
    pub marks: Option<Marks>,
    pub show_translation: bool,
    pub glossary: GlossaryView,
    pub questions: QuestionsView,
    /// Selected note in the Notes tab.
    pub note: usize,
    pub notes_scroll: usize,
    pub help: bool,
    pub help_scroll: usize,
    /// A message for the status line (save errors, notices).
    pub notice: Option<String>,
    pub quit: bool,
    pub quiz: quiz::QuizView,
    pub saved: quiz::Saved,
    pub clock: quiz::Clock,
}

impl App {
    pub fn new(
        study: Study,
        store: Option<liseuse::progress::Store>,
        clock: quiz::Clock,
        width: u16,
        height: u16,
    ) -> App {
        let shown = study.filter("");
        let (saved, notice) = quiz::Saved::load(
            store,
            &study.pack.pack.id,
            &study.pack.glossary,
            clock.now(),
            clock.utc_offset(),
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
                    .get(&q.id)
                    .map(|a| Answered {
                        given: a.answer.clone().unwrap_or_default(),
                        correct: a.correct,
                    })
            })
            .collect();
        let questions = QuestionsView {
            current: 0,
            answers,
        };
        let mut app = App {
            study,
            screen: Screen::default(),
            reader_layout: ReaderLayout::default(),
            focus: Focus::Reader,
            tab: Tab::Glossary,
            input_mode: InputMode::None,
            input: Input::default(),
            scroll: 0,
            cursor: None,
            marks: None,
            show_translation: false,
            glossary: GlossaryView {
                filter: String::new(),
                shown,
                selected: 0,
                offset: 0,
                detail: Detail::Selected,
            },
            questions,
            note: 0,
            notes_scroll: 0,
            help: false,
            help_scroll: 0,
            notice,
            quit: false,
            quiz: quiz::QuizView::new(),
            saved,
            clock,
        };
        app.resize(width, height);
        app
    }

    /// The entry the glossary's detail view is about.
    pub fn selected_entry(&self) -> Option<usize> {
        match self.glossary.detail {
            Detail::Selected => self.glossary.shown.get(self.glossary.selected).copied(),
            Detail::NoEntry(_) => None,
        }
    }

    /// Visible height of the reading pane's text.
    pub fn text_height(&self) -> usize {
        usize::from(self.screen.text.height)
    }

    /// Re-lays out the screen and re-wraps the text if the width changed.
    pub fn resize(&mut self, width: u16, height: u16) {
        let anchor = self.top_byte();
        self.screen = Screen::new(width, height);
        let text_width = self.screen.text.width.max(1);
        if text_width != self.reader_layout.width || self.reader_layout.rows.is_empty() {
            self.relayout();
            if let Some(byte) = anchor {
                self.scroll = self.reader_layout.row_of(byte).unwrap_or(0);
            }
        }
        self.clamp_scroll();
    }

    /// Rebuilds the wrapped text for the current width and options.
    pub fn relayout(&mut self) {
        let width = self.screen.text.width.max(1);
        self.reader_layout = ReaderLayout::build(&self.study, width, self.show_translation);
    }

    /// The text offset at the top of the reading pane, to keep the reader's
    /// place across re-wraps.
    pub(crate) fn top_byte(&self) -> Option<usize> {
        self.reader_layout
            .rows
            .iter()
            .skip(self.scroll)
            .find_map(|r| match r {
                layout::Row::Text { range, .. } => Some(range.start),
                layout::Row::Translation(_) => None,
            })
    }

    pub fn max_scroll(&self) -> usize {
        self.reader_layout
            .rows
            .len()
            .saturating_sub(self.text_height().max(1))
    }

    pub fn clamp_scroll(&mut self) {
        self.scroll = self.scroll.min(self.max_scroll());
    }
}
