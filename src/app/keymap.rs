//! Turns terminal events into actions. Which action a key means depends on
//! whether a text input is open and on the pane and tab with focus.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use tui_input::backend::crossterm::to_input_request;

use super::{Action, App, Focus, InputMode, Tab};

/// Every key the app knows, grouped, as (keys, what they do).
pub const HELP: &[(&str, &[(&str, &str)])] = &[
    (
        "Everywhere",
        &[
            ("?", "this help (Esc closes it)"),
            ("q  Ctrl-C", "quit (Ctrl-C also while typing)"),
            ("Tab", "switch between the text and the side pane"),
            ("[  ]  F1-F5", "previous / next tab, or go to a tab"),
            ("/", "search the glossary (accents optional)"),
            ("n  N", "next / previous occurrence of the selected entry"),
            ("t", "show or hide the English translation"),
            ("Esc", "close input, clear marks in the text"),
            ("mouse", "click a word or tab, scroll with the wheel"),
        ],
    ),
    (
        "Text",
        &[
            ("j k  ↓ ↑", "scroll a line"),
            ("PgDn PgUp Space", "scroll a page"),
            ("g G  Home End", "top / bottom"),
            ("w b  l h  → ←", "next / previous word"),
            ("W B", "next / previous glossary word"),
            ("Enter", "open the word's glossary entry"),
            ("a", "take the word out of the quiz deck, or put it back"),
            ("K", "mark the word as known (again: back to the deck)"),
        ],
    ),
    (
        "Glossary",
        &[
            ("j k  ↓ ↑", "select an entry (its occurrences are marked)"),
            ("Enter", "go to the first occurrence"),
        ],
    ),
    (
        "Questions",
        &[
            ("j k", "next / previous question"),
            ("a-d  1-4", "choose an option"),
            ("v  f", "vrai / faux"),
            ("Enter", "type a short answer, Enter again to submit"),
            ("R", "start a new round: all questions open again"),
        ],
    ),
    (
        "Quiz",
        &[
            ("Space Enter", "reveal the answer, then go on"),
            (
                "1 2 3 4",
                "grade: again, hard, good, easy (also overrides the grader)",
            ),
            ("type + Enter", "answer typed cards"),
            ("p", "practise when nothing is due"),
        ],
    ),
    (
        "Notes",
        &[("j k", "select a note (its passages are marked)")],
    ),
];

/// Lines of the help text: each group's keys, its title and a blank line.
pub fn help_lines() -> usize {
    HELP.iter().map(|(_, keys)| keys.len() + 2).sum()
}

pub fn action_for(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_action(app, event, key),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            MouseEventKind::ScrollDown => Some(Action::ScrollAt {
                column: m.column,
                row: m.row,
                down: true,
            }),
            MouseEventKind::ScrollUp => Some(Action::ScrollAt {
                column: m.column,
                row: m.row,
                down: false,
            }),
            _ => None,
        },
        _ => None,
    }
}

fn key_action(app: &App, event: &Event, key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if app.input_mode != InputMode::None {
        return match key.code {
            KeyCode::Enter => Some(Action::Submit),
            KeyCode::Esc => Some(Action::Back),
            KeyCode::Tab => Some(Action::SwitchFocus),
            KeyCode::Up => Some(Action::Up(1)),
            KeyCode::Down => Some(Action::Down(1)),
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                Some(Action::Edit(tui_input::InputRequest::InsertChar(c)))
            }
            _ => to_input_request(event).map(Action::Edit),
        };
    }
    if app.help {
        return match key.code {
            KeyCode::Char('q') => Some(Action::Quit),
            KeyCode::Char('j') | KeyCode::Down => Some(Action::Down(1)),
            KeyCode::Char('k') | KeyCode::Up => Some(Action::Up(1)),
            _ => Some(Action::Back),
        };
    }
    let side = app.focus == Focus::Side;
    let action = match key.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Esc => Action::Back,
        KeyCode::Tab | KeyCode::BackTab => Action::SwitchFocus,
        KeyCode::Char(']') => Action::NextTab,
        KeyCode::Char('[') => Action::PrevTab,
        KeyCode::F(n @ 1..=5) => Action::SelectTab(Tab::ALL[usize::from(n - 1)]),
        KeyCode::Char('/') => Action::StartSearch,
        KeyCode::Char('n') => Action::NextOccurrence,
        KeyCode::Char('N') => Action::PrevOccurrence,
        KeyCode::Char('t') => Action::ToggleTranslation,
        KeyCode::Up | KeyCode::Char('k') => Action::Up(1),
        KeyCode::Down | KeyCode::Char('j') => Action::Down(1),
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Home | KeyCode::Char('g') => Action::Home,
        KeyCode::End | KeyCode::Char('G') => Action::End,
        KeyCode::Right | KeyCode::Char('l') | KeyCode::Char('w') if !side => Action::NextWord,
        KeyCode::Left | KeyCode::Char('h') | KeyCode::Char('b') if !side => Action::PrevWord,
        KeyCode::Char('W') if !side => Action::NextGlossed,
        KeyCode::Char('B') if !side => Action::PrevGlossed,
        KeyCode::Char('a') if !side => Action::ToggleDeck,
        KeyCode::Char('K') if !side => Action::MarkKnown,
        KeyCode::Char(' ') if !side => Action::PageDown,
        KeyCode::Enter => Action::Activate,
        _ if side => return side_key(app, key),
        _ => return None,
    };
    Some(action)
}

/// Keys that mean something only in the side pane's current tab.
fn side_key(app: &App, key: &KeyEvent) -> Option<Action> {
    match (app.tab, key.code) {
        (Tab::Questions, KeyCode::Char(c @ 'a'..='d')) => {
            Some(Action::Choose(usize::from(c as u8 - b'a')))
        }
        (Tab::Questions, KeyCode::Char(c @ '1'..='4')) => {
            Some(Action::Choose(usize::from(c as u8 - b'1')))
        }
        (Tab::Questions, KeyCode::Char('v')) => Some(Action::ChooseBool(true)),
        (Tab::Questions, KeyCode::Char('f')) => Some(Action::ChooseBool(false)),
        (Tab::Questions, KeyCode::Char('i')) => Some(Action::Activate),
        (Tab::Questions, KeyCode::Char('R')) => Some(Action::ResetQuestions),
        (Tab::Quiz, KeyCode::Char(c @ '1'..='4')) => Some(Action::Grade(c as u8 - b'0')),
        (Tab::Quiz, KeyCode::Char(' ')) => Some(Action::Reveal),
        (Tab::Quiz, KeyCode::Char('p')) => Some(Action::Practice),
        _ => None,
    }
}
