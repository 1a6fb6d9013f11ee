//! What is drawn: snapshots of the main screens on a `TestBackend`, style
//! checks, and a property test that no key sequence at any size panics.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::style::Modifier;

use super::theme::Theme;
use crate::app::keymap::action_for;
use crate::app::{Action, App, Focus, Tab};
use liseuse::study::Study;

pub fn app(width: u16, height: u16) -> App {
    let pack = liseuse::pack::builtin().expect("the built-in pack is valid");
    App::new(Study::new(pack), width, height)
}

pub fn render(app: &App, theme: Theme) -> Terminal<TestBackend> {
    let backend = TestBackend::new(app.screen.area.width, app.screen.area.height);
    let mut terminal = Terminal::new(backend).expect("test terminal");
    terminal.draw(|f| super::draw(f, app, theme)).expect("draw");
    terminal
}

fn key(app: &mut App, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = action_for(app, &event) {
        app.update(action);
    }
}

fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

const COLOR: Theme = Theme { color: true };

#[test]
fn main_screen_80x24() {
    let app = app(80, 24);
    insta::assert_snapshot!(render(&app, COLOR).backend());
}

#[test]
fn main_screen_120x40() {
    let app = app(120, 40);
    insta::assert_snapshot!(render(&app, COLOR).backend());
}

#[test]
fn selected_glossary_entry() {
    let mut app = app(120, 40);
    keys(&mut app, "/forces");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Focus::Side);
    insta::assert_snapshot!(render(&app, COLOR).backend());
}

#[test]
fn answered_question() {
    let mut app = app(120, 40);
    app.update(Action::SelectTab(Tab::Questions));
    app.update(Action::SwitchFocus);
    let right = app.study.pack.questions[0].answer.unwrap_or(1);
    app.update(Action::Choose(right - 1));
    assert_eq!(app.questions.score(), (1, 1));
    insta::assert_snapshot!(render(&app, COLOR).backend());
}

#[test]
fn help_overlay() {
    let mut app = app(100, 40);
    keys(&mut app, "?");
    insta::assert_snapshot!(render(&app, COLOR).backend());
}

#[test]
fn too_small_message() {
    let app = app(30, 10);
    let terminal = render(&app, COLOR);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn glossary_words_are_underlined_without_colour() {
    let app = app(120, 40);
    let terminal = render(&app, Theme { color: false });
    let buffer = terminal.backend().buffer();
    let underlined = buffer
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::UNDERLINED))
        .count();
    assert!(underlined > 50, "only {underlined} underlined cells");
    assert!(
        buffer
            .content()
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset)
    );
}

fn event_strategy() -> impl Strategy<Value = Event> {
    let codes = prop_oneof![
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::Backspace),
        Just(KeyCode::F(3)),
        prop::sample::select(
            " ?/[]abcdefghijklnNtvwpKGg1234é'"
                .chars()
                .collect::<Vec<_>>()
        )
        .prop_map(KeyCode::Char),
    ];
    prop_oneof![
        8 => codes.prop_map(|c| Event::Key(KeyEvent::new(c, KeyModifiers::NONE))),
        1 => (1u16..=250, 1u16..=80).prop_map(|(w, h)| Event::Resize(w, h)),
        1 => (0u16..250, 0u16..80, 0u8..3).prop_map(|(x, y, k)| {
            let kind = match k {
                0 => MouseEventKind::Down(MouseButton::Left),
                1 => MouseEventKind::ScrollDown,
                _ => MouseEventKind::ScrollUp,
            };
            Event::Mouse(MouseEvent { kind, column: x, row: y, modifiers: KeyModifiers::NONE })
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_key_sequence_at_any_size_panics(
        width in 1u16..=250,
        height in 1u16..=80,
        events in prop::collection::vec(event_strategy(), 0..60),
    ) {
        let mut app = app(width, height);
        let backend = TestBackend::new(width, height);
        let mut terminal = Terminal::new(backend).expect("test terminal");
        for event in &events {
            if let Event::Resize(w, h) = event {
                terminal.backend_mut().resize(*w, *h);
            }
            if let Some(action) = action_for(&app, event) {
                app.update(action);
            }
            if app.quit {
                break;
            }
            terminal.draw(|f| super::draw(f, &app, COLOR)).expect("draw");
        }
    }
}
