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
        Action::Paste(text) => paste(app, text),
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

/// The most characters the input holds: more than any answer or search
/// needs, and few enough that every edit stays instant.
pub const MAX_INPUT_CHARS: usize = 1_000;

fn too_long_notice() -> String {
    format!("The input holds at most {MAX_INPUT_CHARS} characters; the rest was left out.")
}

fn edit(app: &mut App, req: InputRequest) {
    if matches!(req, InputRequest::InsertChar(_))
        && app.input.field.value().chars().count() >= MAX_INPUT_CHARS
    {
        app.notice = Some(too_long_notice());
        return;
    }
    app.input.field.handle(req);
    after_edit(app);
}

/// A paste goes in whole, at the cursor, in one step (however long it is):
/// line breaks and tabs become spaces, control characters are dropped, and
/// what does not fit under [`MAX_INPUT_CHARS`] is left out with a notice.
fn paste(app: &mut App, text: &str) {
    let field = &app.input.field;
    let cursor = field.cursor();
    let before: String = field.value().chars().take(cursor).collect();
    let after: String = field.value().chars().skip(cursor).collect();
    let room = MAX_INPUT_CHARS.saturating_sub(before.chars().count() + after.chars().count());
    let cleaned = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control());
    let mut inserted = 0;
    let mut value = before;
    let mut cut = false;
    for c in cleaned {
        if inserted == room {
            cut = true;
            break;
        }
        value.push(c);
        inserted += 1;
    }
    value.push_str(&after);
    app.input.field = Input::new(value).with_cursor(cursor + inserted);
    if cut {
        app.notice = Some(too_long_notice());
    }
    after_edit(app);
}

fn after_edit(app: &mut App) {
    if app.input.mode == InputMode::Search {
        let filter = app.input.field.value().to_string();
        app.apply_filter(filter);
    }
}
