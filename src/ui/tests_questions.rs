//! Questions answered in the app as a learner types them, the round's
//! summary, and the answers of drill cards hidden in the text until the
//! learner has answered.

use super::tests::{Harness, app_in, render};
use super::theme::Theme;
use crate::app::{Action, Focus, Tab};
use liseuse::quiz::cards::{CardKind, Face, build_card};
use liseuse::quiz::meaning::Meaning;

const COLOR: Theme = Theme::new(true);

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Opens the Questions tab on the question `id`.
fn go_to(app: &mut Harness, id: &str) -> usize {
    let i = app
        .study
        .pack
        .questions
        .iter()
        .position(|q| q.id == id)
        .expect("question exists");
    app.act(Action::SelectTab(Tab::Questions));
    app.focus = Focus::Side;
    app.act(Action::Home);
    while app.questions.current > i {
        app.act(Action::Up);
    }
    while app.questions.current < i {
        app.act(Action::Down);
    }
    i
}

/// Types an answer to the short question `id`, as a learner would.
fn answer(app: &mut Harness, id: &str, text: &str) -> usize {
    let i = go_to(app, id);
    app.act(Action::Activate);
    for c in text.chars() {
        app.act(Action::Edit(tui_input::InputRequest::InsertChar(c)));
    }
    app.act(Action::Submit);
    i
}

#[test]
fn the_reviews_examples_are_right_and_a_negation_is_not() {
    let dir = temp();
    let mut app = app_in(&dir, 80, 24);
    for (id, text) in [
        ("q02", "Il a été interrogé pendant 4 jours."),
        ("q05", "pas de réponse"),
        ("q10", "en faisant une recherche Google"),
        ("q14", "au consulat français de Dubaï"),
        ("q18", "traduire en justice"),
        ("q20", "P.-D.G."),
    ] {
        let i = answer(&mut app, id, text);
        let a = app.questions.answers[i].clone().expect("answered");
        assert!(a.correct, "{id}: « {text} » marked wrong");
        assert_eq!(a.given, text);
    }
    let i = answer(&mut app, "q22", "aucun innovateur");
    let a = app.questions.answers[i].clone().expect("answered");
    assert!(!a.correct);
    assert!(matches!(a.meaning, Some(Meaning::Rejected { .. })));
    let drawn = format!("{:?}", render(&app, COLOR).backend());
    assert!(drawn.contains("changes the meaning"), "{drawn}");
    // The learner may still overrule the grader, and it is saved so.
    app.act(Action::OverrideAnswer);
    let a = app.questions.answers[i].clone().expect("answered");
    assert!(a.correct && a.overridden);
    assert!(
        app.saved
            .progress
            .questions
            .answered
            .get("q22")
            .is_some_and(|r| r.correct)
    );
    assert_eq!(app.questions.score(), (7, 7));
}

#[test]
fn options_cannot_be_overridden() {
    let dir = temp();
    let mut app = app_in(&dir, 80, 24);
    let i = go_to(&mut app, "q01");
    let right = app.study.pack.questions[i].answer.unwrap_or(1);
    app.act(Action::Choose(right % 4));
    app.act(Action::OverrideAnswer);
    assert_eq!(app.questions.score(), (0, 1));
}

#[test]
fn missing_accents_are_pointed_out() {
    let dir = temp();
    let mut app = app_in(&dir, 80, 24);
    answer(&mut app, "q14", "au consulat de France a Dubai");
    insta::assert_snapshot!("question_accents_80x24", render(&app, COLOR).backend());
    let dir = temp();
    let mut app = app_in(&dir, 100, 30);
    answer(&mut app, "q22", "les inovateurs");
    insta::assert_snapshot!("question_slip_100x30", render(&app, COLOR).backend());
}

#[test]
fn a_round_ends_with_its_summary() {
    let dir = temp();
    let mut app = app_in(&dir, 100, 30);
    let count = app.study.pack.questions.len();
    for i in 0..count {
        go_to_index(&mut app, i);
        let q = app.study.pack.questions[i].clone();
        match q.kind {
            // Two choice questions wrong, the rest right.
            liseuse::pack::QuestionKind::Choice => {
                let right = q.answer.unwrap_or(1) - 1;
                let pick = if q.id == "q04" || q.id == "q35" {
                    (right + 1) % 4
                } else {
                    right
                };
                app.act(Action::Choose(pick));
            }
            liseuse::pack::QuestionKind::TrueFalse => {
                app.act(Action::ChooseBool(q.correct.unwrap_or(true)));
            }
            liseuse::pack::QuestionKind::Short => {
                let model = q.model.clone().unwrap_or_default();
                answer(&mut app, &q.id, &model);
            }
        }
    }
    assert_eq!(app.questions.score(), (count - 2, count));
    assert!(
        app.flash
            .as_deref()
            .is_some_and(|n| n.contains("Round complete"))
    );
    app.act(Action::End);
    app.act(Action::Down);
    assert!(app.questions.on_summary());
    let missed = app.to_reread();
    assert_eq!(missed.len(), 2);
    assert_eq!(missed[0].1, vec![3], "q04 is answered in paragraph 3");
    assert_eq!(missed[1].1, vec![8], "q35 is answered in paragraph 8");
    insta::assert_snapshot!("questions_summary_100x30", render(&app, COLOR).backend());
    // Both passages are marked in the text.
    let marks = app.reader.marks.clone().expect("passages marked");
    assert_eq!(marks.ranges.len(), 2);
    app.act(Action::Down);
    assert!(app.questions.on_summary(), "the summary is the end");
    app.act(Action::Up);
    assert_eq!(app.questions.current, count - 1);
    // R asks before throwing the round away.
    app.act(Action::ResetQuestions);
    assert_eq!(app.questions.score().1, count);
    app.act(Action::Yes);
    assert_eq!(app.questions.score(), (0, 0));
    assert!(!app.questions.on_summary());
}

fn go_to_index(app: &mut Harness, i: usize) {
    let id = app.study.pack.questions[i].id.clone();
    go_to(app, &id);
}

/// Shows a card for the entry `id` the way the Quiz tab does.
fn show(app: &mut Harness, id: &str, kind: CardKind) {
    let entries = &app.study.pack.glossary;
    let entry = entries.iter().find(|e| e.id == id).expect("entry exists");
    let card = build_card(entry, kind, entries, 7);
    app.act(Action::SelectTab(Tab::Quiz));
    app.focus = Focus::Side;
    app.quiz.card = Some(card);
    app.quiz.stage = crate::app::tabs::quiz::Stage::Asking;
    app.input = crate::app::input::TextInput::default();
    app.input.open(
        crate::app::input::InputMode::QuizAnswer,
        crate::app::input::Owner::Card,
    );
    app.mark_card();
}

fn submit(app: &mut Harness, text: &str) {
    for c in text.chars() {
        app.act(Action::Edit(tui_input::InputRequest::InsertChar(c)));
    }
    app.act(Action::Submit);
}

#[test]
fn a_production_card_hides_its_answer_in_the_text_until_answered() {
    let dir = temp();
    let mut app = app_in(&dir, 80, 24);
    show(&mut app, "soutien", CardKind::Production);
    let before = format!("{:?}", render(&app, COLOR).backend());
    insta::assert_snapshot!("production_masked_80x24", render(&app, COLOR).backend());
    assert!(before.contains("votre _______ et"), "{before}");
    assert!(!before.contains("soutien et votre amour"), "{before}");
    submit(&mut app, "soutien");
    let after = format!("{:?}", render(&app, COLOR).backend());
    assert!(after.contains("votre soutien et votre amour"), "{after}");
    // soutien typed without its article: right word, article missing.
    assert!(after.contains("the article is le"), "{after}");
}

#[test]
fn a_gap_card_hides_its_answer_in_the_text_until_answered() {
    let dir = temp();
    let mut app = app_in(&dir, 100, 30);
    show(&mut app, "confidentialite", CardKind::Cloze);
    insta::assert_snapshot!("cloze_masked_100x30", render(&app, COLOR).backend());
    submit(&mut app, "confidentialité");
    insta::assert_snapshot!("cloze_revealed_100x30", render(&app, COLOR).backend());
    assert!(app.reader.masks.is_empty());
}

/// Over the whole deck: while a gap or production card is open, every
/// occurrence of its entry in the marked sentence is masked.
#[test]
fn no_card_shows_its_answer_in_the_marked_passage() {
    let dir = temp();
    let mut app = app_in(&dir, 80, 24);
    let ids: Vec<String> = app
        .study
        .pack
        .glossary
        .iter()
        .filter(|e| e.drill)
        .map(|e| e.id.to_string())
        .collect();
    for id in ids {
        for kind in [CardKind::Cloze, CardKind::Production] {
            show(&mut app, &id, kind);
            let i = app.entry_index(&id).expect("entry");
            let sentence = app.study.entry_sentences[i].clone().expect("sentence");
            let inside: Vec<_> = app
                .study
                .index
                .entry_ranges(i)
                .filter(|r| r.start >= sentence.start && r.end <= sentence.end)
                .collect();
            assert!(!inside.is_empty(), "{id}: no occurrence in its sentence");
            for r in &inside {
                assert!(
                    app.reader.masks.contains(r),
                    "{id} ({kind:?}): « {} » shown",
                    &app.study.text()[r.clone()]
                );
            }
            if let Some(Face::Cloze { answer, .. }) = app.quiz.card.as_ref().map(|c| &c.face) {
                assert!(!answer.is_empty());
            }
        }
    }
}
