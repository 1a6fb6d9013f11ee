//! The one-line text input (glossary search, typed answers): its state,
//! its keys, and its part of `update`. While it is open, keys type.

use tui_input::{Input, InputRequest};

use super::keys::Bind;
use super::{Action, App, Focus, Turn};

/// What the open text input is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputMode {
    /// Closed: keys are commands.
    None,
    Search,
    ShortAnswer,
    QuizAnswer,
    /// The meaning of a word being added to the learner's deck.
    AddWord,
}

/// Whose draft the field holds, so leaving the input (Tab) keeps the text
/// for when the learner comes back to the same question or card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Search,
    Question(usize),
    Card,
    AddWord,
}

#[derive(Debug, Clone)]
pub struct TextInput {
    pub mode: InputMode,
    pub field: Input,
    pub owner: Option<Owner>,
}

impl Default for TextInput {
    fn default() -> TextInput {
        TextInput {
            mode: InputMode::None,
            field: Input::default(),
            owner: None,
        }
    }
}

impl TextInput {
    pub fn is_open(&self) -> bool {
        self.mode != InputMode::None
    }

    /// Opens the input; a draft of the same owner is kept.
    pub fn open(&mut self, mode: InputMode, owner: Owner) {
        if self.owner != Some(owner) {
            self.field = Input::default();
            self.owner = Some(owner);
        }
        self.mode = mode;
    }

    pub fn close(&mut self) {
        self.mode = InputMode::None;
    }
}

pub const KEYS: &[Bind] = &[
    Bind::new(
        Action::Submit,
        &["enter"],
        "submit (search: keep the filter)",
    )
    .hint("submit"),
    Bind::new(Action::Back, &["esc"], "close the input").hint("close"),
    Bind::new(
        Action::SwitchFocus,
        &["tab"],
        "leave the input, keeping what is typed",
    )
    .hint("leave"),
    Bind::new(Action::Down, &["down"], "search: select the next entry"),
    Bind::new(Action::Up, &["up"], "search: select the previous entry"),
    Bind::new(Action::Quit, &["ctrl-c"], "quit"),
];

/// The input's part of `update`; `false` if the action is not for it.
pub fn update(app: &mut App, action: &Action, turn: &mut Turn) -> bool {
    match action {
        Action::Edit(req) => edit(app, *req),
        Action::Paste(text) => {
            for c in text.chars() {
                let c = if c.is_whitespace() { ' ' } else { c };
                if !c.is_control() {
                    app.input.field.handle(InputRequest::InsertChar(c));
                }
            }
            after_edit(app);
        }
        Action::Submit => match app.input.mode {
            InputMode::None => {}
            InputMode::Search => app.input.close(),
            InputMode::QuizAnswer => app.quiz_submit(turn),
            InputMode::ShortAnswer => app.submit_short_answer(turn),
            InputMode::AddWord => app.finish_adding(turn),
        },
        Action::Back => app.input.close(),
        Action::SwitchFocus => {
            app.input.close();
            app.focus = Focus::Reader;
        }
        Action::Up | Action::Down if app.input.mode == InputMode::Search => {
            super::tabs::glossary::update(app, action, turn);
        }
        _ => return false,
    }
    true
}

fn edit(app: &mut App, req: InputRequest) {
    app.input.field.handle(req);
    after_edit(app);
}

fn after_edit(app: &mut App) {
    if app.input.mode == InputMode::Search {
        let filter = app.input.field.value().to_string();
        app.apply_filter(filter);
    }
}
