//! The Questions tab: comprehension questions one at a time, answered by
//! choosing or typing; once answered, the verdict, the explanation and the
//! passage that answers it (marked in the text).

use liseuse::pack::QuestionKind;
use liseuse::quiz::grade::lenient_match;

use super::super::input::{InputMode, Owner};
use super::super::keys::Bind;
use super::super::overlay::{Confirm, Intent, Overlay};
use super::super::{Action, App, Turn};

/// A learner's answer to one comprehension question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    pub given: String,
    pub correct: bool,
}

#[derive(Debug, Clone, Default)]
pub struct State {
    pub current: usize,
    pub answers: Vec<Option<Answered>>,
    /// First row of the question drawn.
    pub scroll: usize,
}

impl State {
    pub fn score(&self) -> (usize, usize) {
        let answered = self.answers.iter().flatten().count();
        let right = self.answers.iter().flatten().filter(|a| a.correct).count();
        (right, answered)
    }
}

pub const KEYS: &[Bind] = &[
    Bind::new(Action::Choose(0), &["a", "1"], "choose an option").hint("choose"),
    Bind::new(Action::Choose(1), &["b", "2"], "choose an option").hint("choose"),
    Bind::new(Action::Choose(2), &["c", "3"], "choose an option").hint("choose"),
    Bind::new(Action::Choose(3), &["d", "4"], "choose an option").hint("choose"),
    Bind::new(Action::ChooseBool(true), &["v"], "vrai").hint("vrai"),
    Bind::new(Action::ChooseBool(false), &["f"], "faux").hint("faux"),
    Bind::new(
        Action::Activate,
        &["enter", "i"],
        "type a short answer (Enter again submits)",
    )
    .hint("answer"),
    Bind::new(
        Action::ResetQuestions,
        &["R"],
        "new round: every question open again (asks first)",
    )
    .hint("new round"),
];

pub fn update(app: &mut App, action: &Action, turn: &mut Turn) {
    match action {
        Action::Down => app.go_to_question(1),
        Action::Up => app.go_to_question(-1),
        Action::Choose(i) => app.answer_choice(*i, turn),
        Action::ChooseBool(b) => app.answer_bool(*b, turn),
        Action::Activate => app.open_short_answer(),
        Action::ResetQuestions if app.questions.answers.iter().any(Option::is_some) => {
            let (right, done) = app.questions.score();
            app.overlay = Some(Overlay::Confirm(Confirm {
                question: format!(
                    "Start a new round? This round ({right}/{done} so far) stays in your statistics, and every question opens again."
                ),
                yes: Intent::NewRound,
            }));
        }
        _ => {}
    }
}

pub fn opened(app: &mut App) {
    app.mark_question_if_answered();
}

impl App {
    fn go_to_question(&mut self, delta: isize) {
        let last = self.study.pack.questions.len().saturating_sub(1);
        self.questions.current = self
            .questions
            .current
            .saturating_add_signed(delta)
            .min(last);
        self.questions.scroll = 0;
        self.mark_question_if_answered();
    }

    fn current_question_open(&self) -> bool {
        self.questions
            .answers
            .get(self.questions.current)
            .is_some_and(Option::is_none)
    }

    fn open_short_answer(&mut self) {
        let q = self.study.pack.questions.get(self.questions.current);
        if q.is_some_and(|q| q.kind == QuestionKind::Short) && self.current_question_open() {
            self.input.open(
                InputMode::ShortAnswer,
                Owner::Question(self.questions.current),
            );
        }
    }

    /// Enter in the short answer's input.
    pub(crate) fn submit_short_answer(&mut self, turn: &mut Turn) {
        let given = self.input.field.value().trim().to_string();
        if given.is_empty() {
            return;
        }
        self.input.close();
        self.input.field.reset();
        let Some(q) = self.study.pack.questions.get(self.questions.current) else {
            return;
        };
        let mut accepted = q.accept.clone();
        accepted.extend(q.model.clone());
        let correct = lenient_match(&given, &accepted);
        self.record_answer(given, correct, turn);
    }

    fn answer_choice(&mut self, i: usize, turn: &mut Turn) {
        if !self.current_question_open() {
            return;
        }
        let Some(q) = self.study.pack.questions.get(self.questions.current) else {
            return;
        };
        match q.kind {
            QuestionKind::Choice => {
                let Some(choice) = q.choices.get(i) else {
                    return;
                };
                let given = format!("{}) {choice}", letter(i));
                let correct = q.answer == Some(i + 1);
                self.record_answer(given, correct, turn);
            }
            QuestionKind::TrueFalse if i < 2 => self.answer_bool(i == 0, turn),
            _ => {}
        }
    }

    fn answer_bool(&mut self, value: bool, turn: &mut Turn) {
        if !self.current_question_open() {
            return;
        }
        let Some(q) = self.study.pack.questions.get(self.questions.current) else {
            return;
        };
        if q.kind != QuestionKind::TrueFalse {
            return;
        }
        let given = if value { "vrai" } else { "faux" }.to_string();
        let correct = q.correct == Some(value);
        self.record_answer(given, correct, turn);
    }

    fn record_answer(&mut self, given: String, correct: bool, turn: &mut Turn) {
        let current = self.questions.current;
        if let Some(slot) = self.questions.answers.get_mut(current) {
            *slot = Some(Answered {
                given: given.clone(),
                correct,
            });
        }
        self.mark_question_if_answered();
        let Some(q) = self.study.pack.questions.get(current) else {
            return;
        };
        let id = q.id.clone();
        let now = turn.now;
        self.saved
            .progress
            .record_question(&id, correct, Some(given), now);
        let (right, done) = self.questions.score();
        if done == self.study.pack.questions.len() {
            self.saved
                .progress
                .record_round(right as u32, done as u32, now);
        }
        self.save(turn);
    }

    /// Marks the passages of the current question once it is answered.
    pub(crate) fn mark_question_if_answered(&mut self) {
        let i = self.questions.current;
        if self.questions.answers.get(i).is_some_and(Option::is_some) {
            let ranges = self
                .study
                .question_passages
                .get(i)
                .cloned()
                .unwrap_or_default();
            self.mark_passages(ranges);
        } else {
            self.clear_passages();
        }
    }

    /// Every question open again (after the learner said yes).
    pub(crate) fn new_round(&mut self) {
        self.questions.answers.iter_mut().for_each(|a| *a = None);
        self.questions.current = 0;
        self.questions.scroll = 0;
        self.clear_passages();
        self.notice = Some("New round: every question is open again".into());
    }
}

/// The letter of an option: A, B, C…
pub fn letter(i: usize) -> char {
    (b'A' + (i % 26) as u8) as char
}
