//! What is drawn: snapshots of every tab at 80×24 and 100×30, style
//! checks, and property tests: no key sequence at any size panics, and the
//! hints drawn agree with the key tables.

use std::ops::{Deref, DerefMut};

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::style::Modifier;

use super::theme::Theme;
use crate::app::{Action, App, Focus, Start, Tab};
use liseuse::progress::Store;
use liseuse::study::Study;

/// 2026-01-05 09:00 UTC: a fixed clock keeps snapshots stable.
pub const NOW: i64 = 1_767_603_600;

/// An app with its progress store and a clock, run as the event loop runs
/// it (effects carried out), without a terminal.
pub struct Harness {
    pub app: App,
    pub store: Store,
    pub now: i64,
}

impl Deref for Harness {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

impl DerefMut for Harness {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.app
    }
}

impl Harness {
    pub fn act(&mut self, action: Action) {
        crate::effects::run(&mut self.app, action, Some(&self.store), self.now);
    }

    fn event(&mut self, event: &Event) {
        if let Some(action) = self.app.action_for(event) {
            self.act(action);
        }
    }
}

/// An app on the built-in pack with progress in a temporary directory.
pub fn app_in(dir: &tempfile::TempDir, width: u16, height: u16) -> Harness {
    let study = Study::builtin().expect("the built-in pack is valid");
    open(study, dir, width, height)
}

fn open(study: Study, dir: &tempfile::TempDir, width: u16, height: u16) -> Harness {
    let store = Store::new(dir.path());
    let (progress, notice) = crate::effects::load_progress(Some(&store), &study.pack.pack.id, NOW);
    let start = Start {
        progress,
        notice,
        ..Start::fresh(&study, NOW)
    };
    Harness {
        app: App::new(study, start, width, height),
        store,
        now: NOW,
    }
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

pub fn render(app: &App, theme: Theme) -> Terminal<TestBackend> {
    let backend = TestBackend::new(app.screen.area.width, app.screen.area.height);
    let mut terminal = Terminal::new(backend).expect("test terminal");
    terminal.draw(|f| super::draw(f, app, theme)).expect("draw");
    terminal
}

fn key(app: &mut Harness, code: KeyCode) {
    app.event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn keys(app: &mut Harness, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

const COLOR: Theme = Theme::new(true);

/// Each tab as a learner first meets it, at the sizes that matter most.
#[test]
fn every_tab_at_80x24_and_100x30() {
    for (w, h) in [(80, 24), (100, 30)] {
        let dir = temp();
        let mut app = app_in(&dir, w, h);
        insta::assert_snapshot!(format!("glossary_{w}x{h}"), render(&app, COLOR).backend());
        app.act(Action::SelectTab(Tab::Questions));
        let wrong = app.study.pack.questions[0].answer.unwrap_or(1) % 4;
        app.act(Action::Choose(wrong));
        insta::assert_snapshot!(format!("questions_{w}x{h}"), render(&app, COLOR).backend());
        app.act(Action::SelectTab(Tab::Quiz));
        insta::assert_snapshot!(format!("quiz_{w}x{h}"), render(&app, COLOR).backend());
        for _ in 0..6 {
            answer_current_card(&mut app);
        }
        app.act(Action::SelectTab(Tab::Stats));
        insta::assert_snapshot!(format!("stats_{w}x{h}"), render(&app, COLOR).backend());
        app.act(Action::SelectTab(Tab::Notes));
        insta::assert_snapshot!(format!("notes_{w}x{h}"), render(&app, COLOR).backend());
        app.act(Action::ToggleHelp);
        insta::assert_snapshot!(format!("help_{w}x{h}"), render(&app, COLOR).backend());
    }
}

/// A start leaves the statistics for later (the first frame does not show
/// them); the first action makes them, so the Stats tab never shows the
/// stand-in.
#[test]
fn statistics_left_for_later_are_made_before_they_show() {
    let dir = temp();
    let mut now = app_in(&dir, 100, 30);
    let study = Study::builtin().expect("the built-in pack is valid");
    let start = Start {
        stats_later: true,
        ..Start::fresh(&study, NOW)
    };
    let mut later = Harness {
        app: App::new(study, start, 100, 30),
        store: Store::new(dir.path()),
        now: NOW,
    };
    assert_eq!(later.app.saved.stats.new, 0, "nothing counted yet");
    assert!(now.app.saved.stats.new > 0);
    for app in [&mut now, &mut later] {
        app.act(Action::SelectTab(Tab::Stats));
    }
    assert_eq!(later.app.saved.stats, now.app.saved.stats);
    assert_eq!(
        render(&later.app, COLOR).backend().to_string(),
        render(&now.app, COLOR).backend().to_string()
    );
}

#[test]
fn selected_glossary_entry() {
    let dir = temp();
    let mut app = app_in(&dir, 120, 40);
    keys(&mut app, "/forces");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Focus::Side);
    insta::assert_snapshot!(render(&app, COLOR).backend());
}

#[test]
fn answered_question() {
    let dir = temp();
    let mut app = app_in(&dir, 120, 40);
    app.act(Action::SelectTab(Tab::Questions));
    assert_eq!(app.focus, Focus::Side, "choosing a tab gives it the keys");
    let right = app.study.pack.questions[0].answer.unwrap_or(1);
    app.act(Action::Choose(right - 1));
    assert_eq!(app.questions.score(), (1, 1));
    insta::assert_snapshot!(render(&app, COLOR).backend());
}

#[test]
fn too_small_message() {
    let dir = temp();
    let app = app_in(&dir, 30, 10);
    let terminal = render(&app, COLOR);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn glossary_words_are_underlined_without_colour() {
    let dir = temp();
    let app = app_in(&dir, 120, 40);
    let terminal = render(&app, Theme::new(false));
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
        1 => (1u16..=400, 1u16..=150).prop_map(|(w, h)| Event::Resize(w, h)),
        // A burst of resizes, as a window being dragged sends.
        1 => prop::collection::vec((1u16..=400, 1u16..=150), 2..8)
            .prop_map(|sizes| {
                let (w, h) = sizes.last().copied().unwrap_or((80, 24));
                Event::Resize(w, h)
            }),
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

    /// Any key sequence at any size: no panic, and every hint the status
    /// line draws is true of the key table in force.
    #[test]
    fn no_key_sequence_at_any_size_panics_and_hints_match_the_table(
        width in 1u16..=400,
        height in 1u16..=150,
        events in prop::collection::vec(event_strategy(), 0..60),
    ) {
        let dir = temp();
        let mut app = app_in(&dir, width, height);
        let backend = TestBackend::new(width, height);
        let mut terminal = Terminal::new(backend).expect("test terminal");
        for event in &events {
            if !step(&mut app, &mut terminal, event) {
                break;
            }
            if app.screen.too_small || app.notice.is_some() || app.flash.is_some() {
                continue;
            }
            let status = app.screen.status;
            let drawn: String = (status.x..status.right())
                .map(|x| terminal.backend().buffer()[(x, status.y)].symbol().to_string())
                .collect();
            check_hints(&app, drawn.trim_end())?;
        }
    }
}

/// The app takes `event` (the terminal resized with it) and is drawn;
/// `false` once it quits.
fn step(app: &mut Harness, terminal: &mut Terminal<TestBackend>, event: &Event) -> bool {
    if let Event::Resize(w, h) = event {
        terminal.backend_mut().resize(*w, *h);
    }
    app.event(event);
    if app.quit {
        return false;
    }
    terminal.draw(|f| super::draw(f, app, COLOR)).expect("draw");
    true
}

/// Each hint drawn (`keys what`, separated by ` · `) names keys that do
/// what it says in the focused context.
fn check_hints(app: &App, drawn: &str) -> Result<(), TestCaseError> {
    use crate::app::keys::chain_of;
    let chain = chain_of(app.context());
    let all = super::status::hints(app);
    let width = usize::from(app.screen.status.width);
    let mut shown = all.len();
    while shown > 0 && super::hints_width(&all[..shown]) > width {
        shown -= 1;
    }
    let mut expected = String::new();
    for (i, h) in all[..shown].iter().enumerate() {
        if i > 0 {
            expected.push_str(" · ");
        }
        expected.push_str(&format!("{} {}", h.keys, h.what));
        let esc = Some(h.what) == app.esc_label();
        let tokens: Vec<&str> = if h.keys == "/" {
            vec!["/"]
        } else {
            h.keys.split('/').collect()
        };
        for token in tokens {
            let labels: Vec<String> = match token.split_once('-') {
                Some((a, b)) if a.chars().count() == 1 && b.chars().count() == 1 => {
                    let (a, b) = (
                        a.chars().next().unwrap_or('a'),
                        b.chars().next().unwrap_or('a'),
                    );
                    (a..=b).map(String::from).collect()
                }
                _ => vec![token.to_string()],
            };
            for label in labels {
                let key = chain
                    .iter()
                    .flat_map(|c| app.keymap.bindings(*c))
                    .flat_map(|b| b.keys.iter())
                    .find(|k| k.label() == label);
                prop_assert!(key.is_some(), "hint key {label} is in no table: {drawn}");
                let action = key.and_then(|k| app.keymap.lookup(&chain, *k));
                let binding = chain
                    .iter()
                    .flat_map(|c| app.keymap.bindings(*c))
                    .find(|b| Some(&b.action) == action.as_ref());
                let ok = if esc {
                    action == Some(Action::Back)
                } else {
                    binding.is_some_and(|b| b.hint == Some(h.what))
                };
                prop_assert!(
                    ok,
                    "hint `{} {}` disagrees with the table ({action:?}): {drawn}",
                    h.keys,
                    h.what
                );
            }
        }
    }
    prop_assert_eq!(drawn, expected.as_str());
    Ok(())
}

/// Shows a card of one kind for the entry `id`, as the Quiz tab would.
fn show_card(app: &mut Harness, id: &str, kind: liseuse::quiz::cards::CardKind) {
    let entries = &app.study.pack.glossary;
    let entry = entries.iter().find(|e| e.id == id).expect("entry exists");
    let card = liseuse::quiz::cards::build_card(entry, kind, entries, 7);
    app.act(Action::SelectTab(Tab::Quiz));
    app.focus = Focus::Side;
    app.quiz.card = Some(card);
    app.quiz.stage = crate::app::tabs::quiz::Stage::Asking;
    app.input = crate::app::input::TextInput::default();
    if matches!(
        kind,
        liseuse::quiz::cards::CardKind::Production | liseuse::quiz::cards::CardKind::Cloze
    ) {
        app.input.open(
            crate::app::input::InputMode::QuizAnswer,
            crate::app::input::Owner::Card,
        );
    }
    app.mark_card();
}

fn typed(app: &mut Harness, s: &str) {
    for c in s.chars() {
        app.act(Action::Edit(tui_input::InputRequest::InsertChar(c)));
    }
    app.act(Action::Submit);
}

fn saved_reviews(dir: &tempfile::TempDir) -> usize {
    let text = std::fs::read_to_string(dir.path().join("durov-2024-09.toml")).unwrap_or_default();
    text.matches("[[log]]").count()
}

#[test]
fn recognition_card_before_and_after() {
    use liseuse::quiz::cards::CardKind;
    let dir = temp();
    let mut app = app_in(&dir, 80, 24);
    show_card(&mut app, "menace", CardKind::Recognition);
    insta::assert_snapshot!("recognition_asking", render(&app, COLOR).backend());
    key(&mut app, KeyCode::Char(' '));
    insta::assert_snapshot!("recognition_revealed", render(&app, COLOR).backend());
    key(&mut app, KeyCode::Char('3'));
    assert_eq!(
        saved_reviews(&dir),
        1,
        "the answer is on disk before the next card"
    );
}

#[test]
fn choice_card_before_and_after() {
    use liseuse::quiz::cards::{CardKind, Face};
    let dir = temp();
    let mut app = app_in(&dir, 80, 24);
    show_card(&mut app, "soutien", CardKind::Choice);
    insta::assert_snapshot!("choice_asking", render(&app, COLOR).backend());
    let Some(Face::Choice { correct, .. }) = app.quiz.card.as_ref().map(|c| c.face.clone()) else {
        panic!("a choice card")
    };
    let wrong = (correct + 1) % 4;
    key(&mut app, KeyCode::Char((b'1' + wrong as u8) as char));
    insta::assert_snapshot!("choice_answered_wrong", render(&app, COLOR).backend());
    assert_eq!(saved_reviews(&dir), 1);
}

#[test]
fn production_card_accepts_answer_without_accents_as_hard() {
    use liseuse::quiz::cards::CardKind;
    use liseuse::quiz::schedule::Rating;
    let dir = temp();
    let mut app = app_in(&dir, 80, 24);
    show_card(&mut app, "menace", CardKind::Production);
    insta::assert_snapshot!("production_asking", render(&app, COLOR).backend());
    typed(&mut app, "la menace");
    insta::assert_snapshot!("production_answered", render(&app, COLOR).backend());
    assert!(matches!(
        app.quiz.stage,
        crate::app::tabs::quiz::Stage::Graded {
            rating: Rating::Good,
            ..
        }
    ));

    show_card(&mut app, "securite", CardKind::Production);
    typed(&mut app, "la securite");
    assert!(matches!(
        app.quiz.stage,
        crate::app::tabs::quiz::Stage::Graded {
            rating: Rating::Hard,
            ..
        }
    ));
    // The learner disagrees with the grader: override to Good.
    key(&mut app, KeyCode::Char('3'));
    assert!(matches!(
        app.quiz.stage,
        crate::app::tabs::quiz::Stage::Graded {
            rating: Rating::Good,
            overridden: true,
            ..
        }
    ));
    let text = std::fs::read_to_string(dir.path().join("durov-2024-09.toml")).unwrap_or_default();
    assert_eq!(
        text.matches("card = \"securite\"").count(),
        1,
        "the override replaces the review"
    );
    assert!(text.contains("rating = \"good\""));
}

#[test]
fn cloze_card_before_and_after() {
    use liseuse::quiz::cards::CardKind;
    let dir = temp();
    let mut app = app_in(&dir, 80, 24);
    show_card(&mut app, "confidentialite", CardKind::Cloze);
    insta::assert_snapshot!("cloze_asking", render(&app, COLOR).backend());
    typed(&mut app, "confidentialte");
    insta::assert_snapshot!("cloze_answered_almost", render(&app, COLOR).backend());
}

/// Answers whatever card is shown, rightly, and goes on.
fn answer_current_card(app: &mut Harness) {
    use liseuse::quiz::cards::Face;
    let Some(card) = app.quiz.card.clone() else {
        return;
    };
    match &card.face {
        Face::Recognition { .. } => {
            app.act(Action::Reveal);
            app.act(Action::Grade(3));
            return;
        }
        Face::Choice { correct, .. } => app.act(Action::Grade(*correct as u8 + 1)),
        Face::Production { answer, .. } | Face::Cloze { answer, .. } => typed(app, answer),
    }
    app.act(Action::Reveal);
}

#[test]
fn two_days_of_quizzing_keep_progress_and_schedule_sensibly() {
    const DAY: i64 = 86_400;
    let dir = temp();
    let mut app = app_in(&dir, 120, 40);
    app.act(Action::SelectTab(Tab::Quiz));
    app.focus = Focus::Side;
    // Day 1: twenty new cards, each answered until nothing is due.
    let mut answered = 0;
    for minute in 0..400 {
        if app.quiz.card.is_none() {
            app.now = NOW + minute * 60;
            app.act(Action::Reveal);
            if app.quiz.card.is_none() {
                continue;
            }
        }
        answer_current_card(&mut app);
        answered += 1;
    }
    assert!(
        answered >= 40,
        "learning steps repeat new cards: {answered}"
    );
    let day1 = liseuse::quiz::stats::stats(
        &app.study.pack.glossary,
        &app.saved.progress,
        NOW + 400 * 60,
        0,
    );
    assert_eq!(
        day1.new_today, 0,
        "the daily limit of 20 new cards is reached"
    );
    assert_eq!(day1.learning + day1.known, 20);
    drop(app);

    // The next day: a new run on the same data directory.
    let later = NOW + DAY + 3600;
    let mut app = app_in(&dir, 120, 40);
    app.now = later;
    let day2 = liseuse::quiz::stats::stats(&app.study.pack.glossary, &app.saved.progress, later, 0);
    assert_eq!(day2.reviews, day1.reviews, "nothing lost between runs");
    assert_eq!(day2.learning + day2.known, 20);
    assert_eq!(day2.new_today, 20, "a new day allows new cards again");
    let soon: u64 = day2.forecast.iter().take(7).sum();
    assert_eq!(
        soon, 20,
        "every card learnt yesterday falls due within a week"
    );

    // The day the first of them falls due, it is served before new cards.
    let first_due = app
        .saved
        .progress
        .cards
        .values()
        .map(|c| c.state.due)
        .min()
        .expect("cards were studied");
    assert!(
        first_due > NOW + 400 * 60,
        "nothing comes back the same day once learnt"
    );
    app.now = first_due;
    app.act(Action::SelectTab(Tab::Quiz));
    let card = app.quiz.card.clone().expect("a card is due");
    assert!(
        app.saved.progress.state(&card.entry_id).reps > 0,
        "reviews come before new cards"
    );
}

/// Strings with every kind of control a hostile pack could carry.
fn hostile_string() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[a-zàéèêçœ ’']{0,12}",
        Just("\u{1b}[31m".to_string()),
        Just("\u{1b}]0;pwned\u{7}".to_string()),
        Just("\u{1b}]52;c;aGk=\u{7}".to_string()),
        Just("\u{9b}2J".to_string()),
        Just("\u{202e}\u{2066}".to_string()),
        Just("\u{200b}\u{feff}".to_string()),
        Just("\r\t\u{7f}\u{0}".to_string()),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 1..6).prop_map(|v| v.concat())
}

fn is_forbidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever a pack's strings hold, no control character reaches the
    /// screen: every tab is drawn and every cell checked.
    #[test]
    fn pack_strings_never_put_controls_on_screen(
        title in hostile_string(),
        body in hostile_string(),
        term in hostile_string(),
        note in hostile_string(),
        prompt in hostile_string(),
        choice in hostile_string(),
        note_body in hostile_string(),
    ) {
        use liseuse::pack::*;
        let text = format!("mot {body} fin\n\nsuite {body}");
        let mut pack = Pack {
            pack: Meta {
                id: "p".into(), title: title.clone(), author: title.clone(), date: "2024".into(),
                source: String::new(), level: String::new(), language: "fr".into(),
            },
            text: Text { body: text },
            glossary: vec![Entry {
                id: "mot".into(), term: term.as_str().into(), pos: Pos::Noun, gender: Some(Gender::Masculine),
                en: note.as_str().into(), forms: vec!["mot".into(), term.as_str().into()].into(),
                sentence: format!("mot {body}").into(), drill: true, todo: false,
                extras: liseuse::pack::Extras {
                    literal: Some(note.as_str().into()), note: Some(note.as_str().into()), ..Default::default()
                }.boxed(),
            }],
            questions: vec![Question {
                id: "q".into(), kind: QuestionKind::Choice, prompt: prompt.as_str().into(),
                choices: vec![choice.as_str().into(), format!("{choice}2").into(), "c".into(), "d".into()],
                answer: Some(1), correct: None, accept: vec![], reject: vec![], model: Some(prompt.as_str().into()),
                explanation: note_body.as_str().into(), passages: vec!["mot".into()], tags: vec![],
            }],
            translation: vec![Translation { paragraph: 1, en: note_body.as_str().into() }],
            notes: vec![Note {
                id: "n".into(), kind: NoteKind::Grammar, title: title.as_str().into(), body: note_body.as_str().into(),
                passages: vec!["suite".into()],
            }],
        };
        sanitize::clean_pack(&mut pack);
        let dir = temp();
        let mut app = open(Study::new(pack), &dir, 120, 40);
        app.act(Action::ToggleTranslation);
        app.act(Action::NextWord);
        let mut screens = vec![render(&app, COLOR)];
        app.act(Action::SwitchFocus);
        for tab in Tab::ALL {
            app.act(Action::SelectTab(tab));
            app.act(Action::Choose(0));
            app.act(Action::Reveal);
            screens.push(render(&app, COLOR));
        }
        app.act(Action::ToggleHelp);
        screens.push(render(&app, COLOR));
        for terminal in &screens {
            for cell in terminal.backend().buffer().content() {
                prop_assert!(
                    !cell.symbol().chars().any(is_forbidden),
                    "control on screen: {:?}", cell.symbol()
                );
            }
        }
    }
}

/// Texts that stress width computation: one 100,000-character word,
/// combining marks, wide CJK, emoji ZWJ sequences, right-to-left script.
#[test]
fn hard_texts_keep_borders_straight() {
    let long_word = "a".repeat(100_000);
    let texts = [
        long_word.as_str(),
        "e\u{301}te\u{301} cafe\u{301}\u{327}\u{308} na\u{303}o",
        "東京は日本の首都です。漢字とかなを混ぜた文。",
        "👩‍👩‍👧‍👦 famille 🏳️‍🌈 drapeau ❤️ cœur 👍🏽 bien",
        "مرحبا بالعالم — שלום עולם — texte mêlé",
    ];
    for text in texts {
        let source = format!(
            "[pack]\nid = \"t\"\ntitle = \"T\"\nauthor = \"A\"\ndate = \"2024\"\n\n[text]\nbody = '''\n{text}\n\n{text}'''\n"
        );
        let dir = temp();
        for (w, h) in [(120, 40), (80, 24), (41, 12)] {
            let mut app = open(Study::load("t.toml", &source).expect("valid"), &dir, w, h);
            app.act(Action::End);
            let terminal = render(&app, COLOR);
            let buffer = terminal.backend().buffer();
            let r = app.screen.reader;
            for y in r.y + 1..r.bottom() - 1 {
                let left = buffer[(r.x, y)].symbol();
                let right = buffer[(r.right() - 1, y)].symbol();
                assert_eq!(left, "│", "left border broken at row {y}, {w}×{h}");
                assert!(
                    ["│", "║", "█", "▲", "▼"].contains(&right),
                    "right border broken at row {y}, {w}×{h}: {right:?}"
                );
            }
        }
    }
}

/// With the data directory unwritable, answers stay in memory, the learner
/// is told, and the save is retried until it works.
#[test]
fn unwritable_data_directory_keeps_answers_and_retries() {
    let root = temp();
    // A regular file where the data directory should be: no write can work.
    let blocked = root.path().join("data");
    std::fs::write(&blocked, "not a directory").expect("write");
    let study = Study::builtin().expect("valid");
    let mut app = app_in(&root, 120, 40);
    drop(study);
    app.store = liseuse::progress::Store::new(blocked.join("liseuse"));
    app.act(Action::SelectTab(Tab::Quiz));
    app.focus = Focus::Side;
    answer_current_card(&mut app);
    assert!(app.saved.unsaved);
    let notice = app.notice.clone().unwrap_or_default();
    assert!(notice.starts_with("Not saved:"), "{notice}");
    let screen = format!("{}", render(&app, COLOR).backend());
    assert!(screen.contains("Not saved:"), "the status line says so");
    assert_eq!(
        app.saved.progress.log.len(),
        1,
        "the answer is kept in memory"
    );
    // The app keeps working: another card can be answered.
    answer_current_card(&mut app);
    assert_eq!(app.saved.progress.log.len(), 2);

    // The directory becomes writable: the next retry saves everything.
    std::fs::remove_file(&blocked).expect("remove");
    app.act(Action::Tick);
    assert!(!app.saved.unsaved);
    let text = std::fs::read_to_string(blocked.join("liseuse/durov-2024-09.toml")).expect("saved");
    assert_eq!(text.matches("[[log]]").count(), 2);
}

/// Answers that could not be saved are saved on quitting once the folder
/// can be written again, without waiting for the next retry.
#[test]
fn quitting_saves_what_could_not_be_saved_before() {
    let root = temp();
    let blocked = root.path().join("data");
    std::fs::write(&blocked, "not a directory").expect("write");
    let mut app = app_in(&root, 120, 40);
    app.store = liseuse::progress::Store::new(blocked.join("liseuse"));
    app.act(Action::SelectTab(Tab::Quiz));
    app.focus = Focus::Side;
    for _ in 0..3 {
        answer_current_card(&mut app);
    }
    assert!(app.saved.unsaved);
    // Still blocked: quitting asks what to do, and says so on screen.
    app.act(Action::Quit);
    assert!(!app.quit);
    let screen = format!("{}", render(&app, COLOR).backend());
    for words in ["not saved", "retry", "write elsewhere", "quit anyway"] {
        assert!(screen.contains(words), "{words}:\n{screen}");
    }
    app.act(Action::No);
    // Room again: quitting saves first, then leaves.
    std::fs::remove_file(&blocked).expect("remove");
    app.act(Action::Quit);
    assert!(app.quit && !app.saved.unsaved);
    let text = std::fs::read_to_string(blocked.join("liseuse/durov-2024-09.toml")).expect("saved");
    assert_eq!(text.matches("[[log]]").count(), 3);
}

/// Clicking a tab's title selects it, whether titles are padded or not.
#[test]
fn clicking_tab_titles_selects_them() {
    for width in [100, 160, 80] {
        let dir = temp();
        let mut app = app_in(&dir, width, 30);
        for tab in Tab::ALL {
            // The layout follows the tab in front: draw it afresh.
            let terminal = render(&app, COLOR);
            let buffer = terminal.backend().buffer();
            let tabs = app.screen.tabs;
            let x = (tabs.x..tabs.right())
                .find(|&x| {
                    let word: String = (x..(x + 4).min(tabs.right()))
                        .map(|x| buffer[(x, tabs.y)].symbol().to_string())
                        .collect();
                    word == tab.title()[..4]
                })
                .unwrap_or_else(|| panic!("{} not drawn at width {width}", tab.title()));
            app.act(Action::Click(x + 1, tabs.y));
            assert_eq!(app.tab, tab, "click at {x} at width {width}");
        }
    }
}

#[test]
fn glossary_words_can_be_stepped_through() {
    let dir = temp();
    let mut app = app_in(&dir, 120, 40);
    keys(&mut app, "W");
    let first = app.reader.cursor.expect("a cursor");
    assert_eq!(app.study.token_text(first), "$TON");
    keys(&mut app, "WW");
    let third = app.reader.cursor.expect("a cursor");
    assert!(
        !app.study.index.at_token(third).is_empty(),
        "the cursor sits on a glossary word"
    );
    assert!(
        app.selected_entry().is_some(),
        "the side pane shows its entry"
    );
    keys(&mut app, "B");
    assert!(app.reader.cursor < Some(third));
}

#[test]
fn the_selected_entry_is_always_in_the_drawn_list() {
    let dir = temp();
    let mut app = app_in(&dir, 100, 30);
    keys(&mut app, "WWWWWW");
    let entry = app.selected_entry().expect("an entry");
    let term = app.study.pack.glossary[entry].term.clone();
    let screen = format!("{}", render(&app, COLOR).backend());
    assert!(
        screen.contains(&format!("▶ {term}")),
        "{term} not in the list:\n{screen}"
    );
}

#[test]
fn translation_toggles_under_each_paragraph() {
    let dir = temp();
    let mut app = app_in(&dir, 120, 40);
    let before = format!("{}", render(&app, COLOR).backend());
    assert!(!before.contains("Last month"));
    keys(&mut app, "t");
    let after = format!("{}", render(&app, COLOR).backend());
    assert!(after.contains("EN  Last month"), "{after}");
    keys(&mut app, "t");
    assert_eq!(format!("{}", render(&app, COLOR).backend()), before);
}

#[test]
fn clicking_a_word_puts_the_cursor_on_it_and_shows_its_entry() {
    let dir = temp();
    let mut app = app_in(&dir, 120, 40);
    let terminal = render(&app, COLOR);
    let buffer = terminal.backend().buffer();
    let text = app.screen.text;
    // Find "soutien" on screen and click its second letter.
    let (x, y) = (text.y..text.bottom())
        .find_map(|y| {
            let row: String = (text.x..text.right())
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            row.find("soutien")
                .map(|i| (text.x + row[..i].chars().count() as u16, y))
        })
        .expect("soutien is on screen");
    app.act(Action::Click(x + 1, y));
    assert_eq!(
        app.reader.cursor.map(|c| app.study.token_text(c)),
        Some("soutien")
    );
    let entry = app.selected_entry().expect("an entry");
    assert_eq!(app.study.pack.glossary[entry].id, "soutien");
}

#[test]
fn n_and_shift_n_step_through_occurrences() {
    let dir = temp();
    let mut app = app_in(&dir, 120, 40);
    keys(&mut app, "/forces de l");
    key(&mut app, KeyCode::Enter);
    let marks = app.reader.marks.clone().expect("occurrences marked");
    assert_eq!(
        marks.ranges.len(),
        2,
        "forces de l'ordre occurs twice, once per apostrophe"
    );
    keys(&mut app, "n");
    let second = app.reader.cursor.expect("cursor");
    assert_eq!(app.study.tokens[second].start(), marks.ranges[1].start);
    keys(&mut app, "n");
    assert_eq!(
        app.study.tokens[app.reader.cursor.expect("cursor")]
            .range()
            .start,
        marks.ranges[0].start
    );
    keys(&mut app, "N");
    assert_eq!(app.reader.cursor, Some(second));
}

#[test]
fn words_can_be_taken_out_of_the_deck_or_marked_known() {
    use liseuse::progress::DeckStatus;
    use liseuse::quiz::session::EntryStatus;
    let dir = temp();
    let mut app = app_in(&dir, 120, 40);
    keys(&mut app, "W");
    // The first glossed word, $TON, is kept out of the deck by the pack:
    // `a` puts it in.
    let first = app.selected_entry().expect("an entry");
    assert!(!app.study.pack.glossary[first].drill);
    keys(&mut app, "a");
    let ton = &app.study.pack.glossary[first];
    assert!(liseuse::quiz::session::in_deck(
        ton,
        app.saved.progress.cards.get(ton.id.as_str())
    ));
    while app
        .selected_entry()
        .is_none_or(|e| !app.study.pack.glossary[e].drill)
    {
        keys(&mut app, "W");
    }
    let entry = app.selected_entry().expect("an entry");
    let id = app.study.pack.glossary[entry].id.clone();
    keys(&mut app, "a");
    assert_eq!(app.saved.progress.deck_status(&id), DeckStatus::Suspended);
    keys(&mut app, "a");
    assert_eq!(app.saved.progress.deck_status(&id), DeckStatus::Active);
    keys(&mut app, "K");
    assert_eq!(app.saved.progress.deck_status(&id), DeckStatus::Known);
    assert_eq!(
        app.saved.statuses[entry],
        EntryStatus::Known,
        "the text shows it as known"
    );
    let saved = std::fs::read_to_string(dir.path().join("durov-2024-09.toml")).unwrap_or_default();
    assert!(saved.contains("known"), "the change is on disk");
}

#[test]
fn leaving_and_reopening_the_answer_input() {
    use liseuse::quiz::cards::CardKind;
    let dir = temp();
    let mut app = app_in(&dir, 120, 40);
    show_card(&mut app, "menace", CardKind::Production);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.input.mode, crate::app::input::InputMode::None);
    keys(&mut app, "q");
    assert!(app.quit, "with the input closed, q quits");
    app.quit = false;
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.input.mode, crate::app::input::InputMode::QuizAnswer);
    keys(&mut app, "q");
    assert!(!app.quit, "while typing, q is a letter");
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.input.mode, crate::app::input::InputMode::None);
}

/// Side-pane rows (inside the border) of a drawn screen, trimmed.
fn side_rows(app: &App) -> Vec<String> {
    let terminal = render(app, COLOR);
    let buffer = terminal.backend().buffer();
    let body = app.screen.side_body;
    (body.y..body.bottom())
        .map(|y| {
            (body.x..body.right())
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect()
}

/// Every page of the tab in front, scrolled from top to end.
fn every_page(app: &mut Harness, out: &mut Vec<String>) {
    app.act(Action::Home);
    for _ in 0..50 {
        out.extend(side_rows(app));
        let before = app.side_scroll();
        app.act(Action::PageDown);
        if app.side_scroll() == before {
            break;
        }
    }
}

/// The scan the French typography asks for: at widths 80, 100, 130 and
/// 200, every glossary entry, question (answered), note, the stats and
/// the help, scrolled to their ends: no row starts with : ; ! ? » and
/// none ends with «.
#[test]
fn no_side_pane_row_breaks_french_typography() {
    for width in [80, 100, 130, 200] {
        let dir = temp();
        let mut app = app_in(&dir, width, 30);
        let mut rows = Vec::new();
        app.act(Action::SelectTab(Tab::Glossary));
        for _ in 0..app.study.pack.glossary.len() {
            every_page(&mut app, &mut rows);
            app.act(Action::Down);
        }
        app.act(Action::SelectTab(Tab::Questions));
        for i in 0..app.study.pack.questions.len() {
            app.act(Action::Choose(i % 2));
            app.act(Action::ChooseBool(i % 2 == 0));
            every_page(&mut app, &mut rows);
            app.act(Action::Down);
        }
        app.act(Action::SelectTab(Tab::Notes));
        for _ in 0..app.study.pack.notes.len() {
            every_page(&mut app, &mut rows);
            app.act(Action::Down);
        }
        app.act(Action::SelectTab(Tab::Quiz));
        for _ in 0..8 {
            every_page(&mut app, &mut rows);
            answer_current_card(&mut app);
        }
        app.act(Action::SelectTab(Tab::Stats));
        every_page(&mut app, &mut rows);
        for row in &rows {
            let first = row.chars().next();
            assert!(
                !matches!(first, Some(':' | ';' | '!' | '?' | '»')),
                "width {width}: a row starts with a closing mark: {row:?}"
            );
            assert!(
                !row.ends_with('«'),
                "width {width}: a row ends with «: {row:?}"
            );
        }
        assert!(rows.len() > 500, "only {} rows scanned", rows.len());
    }
}

/// An entry whose meaning is still to be written says so where the meaning
/// would be, in the list and in the detail, and is never drilled.
#[test]
fn an_entry_marked_todo_shows_its_meaning_is_to_be_written() {
    let source = "[pack]\nid = 'todo-pack'\ntitle = 'Le vent'\nauthor = 'A'\ndate = '2024'\n\n[text]\nbody = \"\"\"\nIl pleut. Mon manteau est mouillé.\n\nLe vent souffle.\"\"\"\n\n[[glossary]]\nterm = 'manteau'\npos = 'noun'\ngender = 'm'\nen = 'coat'\nforms = ['manteau']\n\n[[glossary]]\nterm = 'souffler'\npos = 'verb'\nforms = ['souffle']\ntodo = true\n";
    let study = Study::load("todo-pack.toml", source).expect("the pack loads");
    let dir = temp();
    let mut app = open(study, &dir, 80, 24);
    app.act(Action::SelectTab(Tab::Glossary));
    let list = render(&app, COLOR).backend().to_string();
    assert!(list.contains("coat"), "{list}");
    assert!(list.contains("meaning to be written"), "{list}");

    keys(&mut app, "/souffler");
    key(&mut app, KeyCode::Enter);
    let detail = render(&app, COLOR).backend().to_string();
    let shown = detail
        .lines()
        .filter(|l| l.contains("meaning to be written"))
        .count();
    assert!(shown >= 2, "list row and detail: {detail}");

    let todo = app.study.pack.glossary[1].clone();
    assert!(todo.todo && !todo.has_meaning());
    assert!(!liseuse::quiz::session::in_deck(&todo, None));
    app.act(Action::SelectTab(Tab::Quiz));
    for _ in 0..6 {
        if let Some(card) = &app.quiz.card {
            assert_ne!(card.entry_id, todo.id, "a card for an unwritten meaning");
        }
        answer_current_card(&mut app);
    }
}

/// `P` lists the packs, the picker shows them with their progress, `j`
/// moves and Enter asks the event loop to open the chosen one.
#[test]
fn the_pack_picker_lists_packs_and_opens_the_chosen_one() {
    use crate::app::{Effect, Outcome};
    let dir = temp();
    let source = "[pack]\nid = 'mon-texte'\ntitle = 'Mon texte à moi'\nauthor = 'A'\ndate = '2024'\n\n[text]\nbody = 'Le chat dort.'\n";
    let file = dir.path().join("p.toml");
    std::fs::write(&file, source).expect("pack written");
    liseuse::library::Library::new(dir.path())
        .add(&file)
        .expect("the pack is added");
    let mut app = app_in(&dir, 80, 24);

    let p = Event::Key(KeyEvent::new(KeyCode::Char('P'), KeyModifiers::SHIFT));
    let action = app.action_for(&p).expect("P is bound");
    assert_eq!(action, Action::OpenPicker);
    let effects = app.app.update(action, NOW);
    assert!(effects.contains(&Effect::ListPacks), "{effects:?}");
    let listed = crate::effects::perform(&Effect::ListPacks, &app.app, Some(&app.store), NOW);
    let Some(Action::Done(Outcome::Packs(packs))) = listed else {
        panic!("no list: {listed:?}");
    };
    let ids: Vec<&str> = packs.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["durov-2024-09", "mon-texte"]);
    assert!(packs[0].builtin && !packs[1].builtin);
    assert_eq!(packs[1].known, "0/0");
    app.app.update(Action::Done(Outcome::Packs(packs)), NOW);

    let drawn = render(&app, COLOR).backend().to_string();
    assert!(drawn.contains("Choose a pack"), "{drawn}");
    assert!(drawn.contains("Mon texte à moi"), "{drawn}");
    assert!(drawn.contains("mon-texte · 0 due · 0/0 known"), "{drawn}");
    assert!(drawn.contains("built in · open now"), "{drawn}");
    insta::assert_snapshot!("pack_picker_80x24", render(&app, COLOR).backend());

    let j = Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    let enter = Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    let down = app.action_for(&j).expect("j is bound");
    app.app.update(down, NOW);
    let open = app.action_for(&enter).expect("enter is bound");
    let effects = app.app.update(open, NOW);
    let wanted = Effect::OpenPack {
        id: "mon-texte".into(),
    };
    assert!(effects.contains(&wanted), "{effects:?}");
    assert!(app.overlay.is_none());

    // Esc closes it without opening anything.
    app.act(Action::OpenPicker);
    assert!(app.overlay.is_some());
    let esc = Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    let back = app.action_for(&esc).expect("esc is bound");
    let effects = app.app.update(back, NOW);
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::OpenPack { .. })),
        "{effects:?}"
    );
    assert!(app.overlay.is_none());
}

/// The statement's first lines alone, as a long pack opened for the first
/// time shows its beginning before the rest is compiled.
fn statement_beginning() -> Study {
    let whole = Study::builtin().expect("the built-in pack is valid");
    let text = whole.text();
    let cut = text
        .match_indices('\n')
        .nth(8)
        .map_or(text.len(), |(i, _)| i + 1);
    let mut shell = whole.pack.clone();
    shell.text.body = text[..cut].to_string();
    shell.glossary.clear();
    shell.questions.clear();
    shell.translation.clear();
    shell.notes.clear();
    Study::new(shell)
}

/// While the pack is compiled the side pane says so; once it is, the app
/// is made again on it, the learner's place, tab and focus kept.
#[test]
fn a_first_open_reads_on_while_the_pack_is_compiled() {
    for (w, h) in [(80, 24), (100, 30)] {
        let dir = temp();
        let mut app = open(statement_beginning(), &dir, w, h);
        app.app.opening = true;
        app.app.reader.indexing = Some(40);
        insta::assert_snapshot!(format!("opening_{w}x{h}"), render(&app, COLOR).backend());
        // The Questions tab offers no key for questions not read yet.
        app.act(Action::SelectTab(Tab::Questions));
        let drawn = format!("{}", render(&app, COLOR).backend());
        let status = drawn.lines().last().unwrap_or_default().to_string();
        assert!(
            !status.contains("question") && !status.contains("new round"),
            "{status}"
        );
        app.act(Action::SwitchFocus);
        keys(&mut app, "jwww");
        app.act(Action::SelectTab(Tab::Notes));
        let (cursor, scroll, focus) = (app.reader.cursor, app.reader.scroll, app.focus);
        assert!(cursor.is_some());
        let whole = Study::builtin().expect("the built-in pack is valid");
        let (entries, questions) = (whole.pack.glossary.len(), whole.pack.questions.len());
        app.app.finish_opening(whole, NOW);
        assert!(!app.opening && app.reader.indexing.is_none());
        assert_eq!(app.tab, Tab::Notes);
        assert_eq!(
            (app.reader.cursor, app.reader.scroll, app.focus),
            (cursor, scroll, focus)
        );
        assert_eq!(app.glossary.shown.len(), entries);
        assert_eq!(app.questions.answers.len(), questions);
        let drawn = format!("{}", render(&app, COLOR).backend());
        assert!(!drawn.contains("Reading the glossary"), "{drawn}");
        app.act(Action::SelectTab(Tab::Glossary));
        let drawn = format!("{}", render(&app, COLOR).backend());
        assert!(drawn.contains(&format!("{entries} entries")), "{drawn}");
    }
}

/// `liseuse quiz` on a first open: the quiz in front has nothing to ask
/// until the pack is compiled, and asks once it is opened again on it.
#[test]
fn a_first_open_in_the_quiz_asks_once_compiled() {
    let dir = temp();
    let mut app = open(statement_beginning(), &dir, 80, 24);
    app.app.opening = true;
    app.act(Action::Zoom);
    app.act(Action::SelectTab(Tab::Quiz));
    assert!(app.quiz.card.is_none());
    let whole = Study::builtin().expect("the built-in pack is valid");
    app.app.finish_opening(whole, NOW);
    app.act(Action::Reopened);
    assert_eq!((app.tab, app.zoom), (Tab::Quiz, true));
    assert!(app.quiz.card.is_some());
    let drawn = format!("{}", render(&app, COLOR).backend());
    assert!(drawn.contains("to study today"), "{drawn}");
    assert!(!drawn.contains("Nothing is due"), "{drawn}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any key sequence on a first open's preview, then on the pack it
    /// becomes, at any size: no panic.
    #[test]
    fn no_key_sequence_on_a_first_open_panics(
        width in 1u16..=400,
        height in 1u16..=150,
        before in prop::collection::vec(event_strategy(), 0..30),
        after in prop::collection::vec(event_strategy(), 0..30),
    ) {
        let dir = temp();
        let mut app = open(statement_beginning(), &dir, width, height);
        app.app.opening = true;
        let backend = TestBackend::new(width, height);
        let mut terminal = Terminal::new(backend).expect("test terminal");
        for (i, event) in before.iter().chain(&after).enumerate() {
            if i == before.len() {
                let whole = Study::builtin().expect("the built-in pack is valid");
                app.app.finish_opening(whole, NOW);
                app.act(Action::Reopened);
            }
            if !step(&mut app, &mut terminal, event) {
                break;
            }
        }
    }
}
