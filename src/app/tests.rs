//! `update` without a terminal and without a file system: actions in,
//! state and effects out, at a fixed time.

use super::input::InputMode;
use super::overlay::Overlay;
use super::*;
use liseuse::pack::QuestionKind;

const NOW: i64 = 1_767_603_600;

fn app(width: u16, height: u16) -> App {
    let study = Study::builtin().expect("the built-in pack is valid");
    let start = Start::fresh(&study, NOW);
    App::new(study, start, width, height)
}

fn act(app: &mut App, actions: &[Action]) -> Vec<Effect> {
    actions
        .iter()
        .flat_map(|a| app.update(a.clone(), NOW))
        .collect()
}

#[test]
fn answering_a_question_asks_for_a_save_and_does_not_write() {
    let mut app = app(80, 24);
    let right = app.study.pack.questions[0].answer.unwrap_or(1);
    let effects = act(
        &mut app,
        &[Action::SelectTab(Tab::Questions), Action::Choose(right - 1)],
    );
    assert_eq!(effects, vec![Effect::SaveProgress]);
    assert_eq!(app.questions.score(), (1, 1));
    assert!(app.saved.unsaved, "unsaved until the result comes back");
    let progress = app.saved.progress.clone();
    app.update(
        Action::Done(Outcome::Saved {
            progress: Box::new(progress),
            notice: None,
        }),
        NOW,
    );
    assert!(!app.saved.unsaved);
}

#[test]
fn a_failed_save_is_said_and_quitting_asks_first() {
    let mut app = app(80, 24);
    act(
        &mut app,
        &[Action::SelectTab(Tab::Questions), Action::Choose(0)],
    );
    app.update(Action::Done(Outcome::SaveFailed("disk full".into())), NOW);
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("disk full"))
    );
    // Quitting tries one last save first.
    assert_eq!(act(&mut app, &[Action::Quit]), vec![Effect::SaveProgress]);
    assert!(!app.quit);
    app.update(Action::Done(Outcome::SaveFailed("disk full".into())), NOW);
    assert!(matches!(&app.overlay, Some(Overlay::Unsaved { error }) if error == "disk full"));
    act(&mut app, &[Action::No]);
    assert!(!app.quit && app.overlay.is_none());
    // Retried, and this time it works: the app leaves.
    assert_eq!(act(&mut app, &[Action::Quit]), vec![Effect::SaveProgress]);
    app.update(Action::Done(Outcome::SaveFailed("disk full".into())), NOW);
    assert_eq!(
        act(&mut app, &[Action::RetrySave]),
        vec![Effect::SaveProgress]
    );
    assert!(app.overlay.is_none() && !app.quit);
    let progress = Box::new(app.saved.progress.clone());
    app.update(
        Action::Done(Outcome::Saved {
            progress,
            notice: None,
        }),
        NOW,
    );
    assert!(app.quit);
}

#[test]
fn quitting_unsaved_can_write_elsewhere_or_quit_anyway() {
    let unsaved = || {
        let mut app = app(80, 24);
        act(
            &mut app,
            &[Action::SelectTab(Tab::Questions), Action::Choose(0)],
        );
        act(&mut app, &[Action::Quit]);
        app.update(Action::Done(Outcome::SaveFailed("read-only".into())), NOW);
        assert_eq!(app.context(), keys::Context::Unsaved);
        app
    };
    let mut app = unsaved();
    assert_eq!(
        act(&mut app, &[Action::WriteElsewhere]),
        vec![Effect::WriteElsewhere]
    );
    // Nowhere to write: said, and the question stays.
    app.update(
        Action::Done(Outcome::WrittenElsewhere(Err("no room".into()))),
        NOW,
    );
    assert!(!app.quit && app.notice.as_deref().is_some_and(|n| n.contains("no room")));
    assert_eq!(app.context(), keys::Context::Unsaved);
    let written = ("/home/l/liseuse-p.toml".into(), "/data/p.toml".into());
    app.update(Action::Done(Outcome::WrittenElsewhere(Ok(written))), NOW);
    assert!(app.quit);
    let farewell = app.farewell.clone().unwrap_or_default();
    assert!(farewell.contains("/home/l/liseuse-p.toml") && farewell.contains("/data/p.toml"));

    let mut app = unsaved();
    act(&mut app, &[Action::Yes]);
    assert!(app.quit);
    let mut app = unsaved();
    act(&mut app, &[Action::Quit]);
    assert!(app.quit, "Ctrl-C in the question quits anyway");
}

#[test]
fn a_100_kb_paste_goes_in_at_once_up_to_the_input_limit() {
    let mut app = app(80, 24);
    act(&mut app, &[Action::StartSearch, Action::Paste("ab".into())]);
    app.input.field = tui_input::Input::new("ab".into()).with_cursor(1);
    let pasted: String = "é\n".repeat(50_000);
    let start = std::time::Instant::now();
    act(&mut app, &[Action::Paste(pasted)]);
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
    let value = app.input.field.value();
    assert_eq!(value.chars().count(), input::MAX_INPUT_CHARS);
    assert!(
        value.starts_with("aé é") && value.ends_with('b'),
        "{value:.20}"
    );
    assert_eq!(app.input.field.cursor(), input::MAX_INPUT_CHARS - 1);
    assert!(app.notice.as_deref().is_some_and(|n| n.contains("at most")));
    // Full: typing adds nothing more, and says so.
    act(
        &mut app,
        &[Action::Edit(tui_input::InputRequest::InsertChar('x'))],
    );
    assert_eq!(
        app.input.field.value().chars().count(),
        input::MAX_INPUT_CHARS
    );
}

#[test]
fn a_new_round_is_confirmed_before_answers_go() {
    let mut app = app(100, 30);
    act(
        &mut app,
        &[Action::SelectTab(Tab::Questions), Action::Choose(0)],
    );
    act(&mut app, &[Action::ResetQuestions]);
    assert_eq!(app.questions.score().1, 1, "nothing thrown away yet");
    act(&mut app, &[Action::Back]);
    assert_eq!(app.questions.score().1, 1, "Esc says no");
    act(&mut app, &[Action::ResetQuestions, Action::Yes]);
    assert_eq!(app.questions.score().1, 0);
}

#[test]
fn esc_closes_the_innermost_thing_first() {
    let mut app = app(100, 30);
    act(&mut app, &[Action::StartSearch]);
    for c in "abus".chars() {
        act(
            &mut app,
            &[Action::Edit(tui_input::InputRequest::InsertChar(c))],
        );
    }
    assert_eq!(app.esc_label(), Some("close search"));
    act(&mut app, &[Action::Back]);
    assert_eq!(app.input.mode, InputMode::None);
    assert_eq!(app.esc_label(), Some("clear filter"));
    act(&mut app, &[Action::Back]);
    assert!(app.glossary.filter.is_empty());
    assert_eq!(app.esc_label(), Some("clear marks"));
    act(&mut app, &[Action::Back]);
    assert!(app.reader.marks.is_none());
    // n finds the selected entry again rather than complaining.
    act(&mut app, &[Action::NextOccurrence]);
    assert!(app.reader.marks.is_some());
}

#[test]
fn tab_while_typing_keeps_the_answer() {
    let mut app = app(100, 30);
    let short = app
        .study
        .pack
        .questions
        .iter()
        .position(|q| q.kind == liseuse::pack::QuestionKind::Short)
        .expect("a short question");
    act(&mut app, &[Action::SelectTab(Tab::Questions)]);
    for _ in 0..short {
        act(&mut app, &[Action::Down]);
    }
    act(&mut app, &[Action::Activate]);
    assert_eq!(app.input.mode, InputMode::ShortAnswer);
    for c in "la police".chars() {
        act(
            &mut app,
            &[Action::Edit(tui_input::InputRequest::InsertChar(c))],
        );
    }
    act(&mut app, &[Action::SwitchFocus]);
    assert_eq!(app.focus, Focus::Reader);
    act(&mut app, &[Action::SwitchFocus, Action::Activate]);
    assert_eq!(app.input.field.value(), "la police");
}

#[test]
fn the_reader_keeps_its_place() {
    let mut app = app(80, 24);
    assert_eq!(app.position_label(), "top");
    act(&mut app, &[Action::End]);
    assert_eq!(app.position_label(), "end");
    let bottom = app.reader.scroll;
    // After G, w starts from what is on screen.
    act(&mut app, &[Action::NextWord]);
    assert!(app.cursor_on_screen());
    assert_eq!(app.reader.scroll, bottom);
    // The translation keeps the cursor on screen.
    act(&mut app, &[Action::Home]);
    for _ in 0..30 {
        act(&mut app, &[Action::Down]);
    }
    act(&mut app, &[Action::NextWord, Action::NextWord]);
    let cursor = app.reader.cursor;
    act(&mut app, &[Action::ToggleTranslation]);
    assert!(app.cursor_on_screen());
    assert_eq!(app.reader.cursor, cursor);
}

#[test]
fn paste_types_into_the_open_input_only() {
    let mut app = app(100, 30);
    act(&mut app, &[Action::Paste("abus\n".into())]);
    assert!(app.glossary.filter.is_empty());
    act(
        &mut app,
        &[Action::StartSearch, Action::Paste("abus\u{1b}[31m".into())],
    );
    assert_eq!(app.input.field.value(), "abus[31m");
}

#[test]
fn the_quiz_tab_gets_the_room_on_a_small_terminal() {
    let mut app = app(80, 24);
    let reading = app.screen.side.height;
    act(&mut app, &[Action::SelectTab(Tab::Quiz)]);
    assert!(app.screen.side.height > reading + 5);
    act(&mut app, &[Action::Zoom]);
    assert_eq!(app.screen.reader.height, 0);
}

#[test]
fn the_status_line_offers_the_keys_of_the_question_on_screen() {
    let mut app = app(100, 30);
    act(&mut app, &[Action::SelectTab(Tab::Questions)]);
    assert_eq!(app.context(), Context::Tab(Tab::Questions));
    let offered = |app: &App| -> Vec<&'static str> {
        crate::ui::status::hints(app)
            .into_iter()
            .map(|h| h.what)
            .collect()
    };
    let kinds: Vec<QuestionKind> = app.study.pack.questions.iter().map(|q| q.kind).collect();
    for (i, kind) in kinds.iter().enumerate() {
        let whats = offered(&app);
        let (choose, vrai, answer) = (
            whats.contains(&"choose"),
            whats.contains(&"vrai") && whats.contains(&"faux"),
            whats.contains(&"answer"),
        );
        match kind {
            QuestionKind::Choice => assert!(choose && !vrai && !answer, "q{i}: {whats:?}"),
            QuestionKind::TrueFalse => assert!(!choose && vrai && !answer, "q{i}: {whats:?}"),
            QuestionKind::Short => assert!(!choose && !vrai && answer, "q{i}: {whats:?}"),
        }
        act(&mut app, &[Action::Down]);
    }
}
