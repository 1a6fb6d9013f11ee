//! The Questions tab: comprehension questions one at a time, answered by
//! choosing or typing; once answered, the verdict, the explanation and the
//! passage that answers it (marked in the text).

use liseuse::pack::QuestionKind;
use liseuse::quiz::meaning::{Meaning, grade_short};

use super::super::input::{InputMode, Owner};
use super::super::keys::Bind;
use super::super::overlay::{Confirm, Intent, Overlay};
use super::super::{Action, App, Turn};

/// A learner's answer to one comprehension question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    pub given: String,
    pub correct: bool,
    /// How a typed answer was graded, for its remarks (accents, a slip, a
    /// rejected phrase); `None` for options and answers from earlier sittings.
    pub meaning: Option<Meaning>,
    /// The learner counted a typed answer the grader refused as right.
    pub overridden: bool,
}

impl Answered {
    pub fn new(given: String, correct: bool) -> Answered {
        Answered {
            given,
            correct,
            meaning: None,
            overridden: false,
        }
    }

    /// Whether `o` may count this answer as right: a typed answer graded
    /// wrong (options and vrai/faux are not a matter of wording).
    pub fn can_override(&self) -> bool {
        !self.correct && self.meaning.is_some()
    }
}

#[derive(Debug, Clone, Default)]
pub struct State {
    /// The question shown; one past the last is the round's summary.
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

    /// Every question of the round answered.
    pub fn complete(&self) -> bool {
        !self.answers.is_empty() && self.answers.iter().all(Option::is_some)
    }

    /// Whether the summary of the round is shown instead of a question.
    pub fn on_summary(&self) -> bool {
        self.current >= self.answers.len() && self.complete()
    }
}

pub const KEYS: &[Bind] = &[
    Bind::new(Action::Down, &["j", "down"], "next question").hint("question"),
    Bind::new(Action::Up, &["k", "up"], "previous question").hint("question"),
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
        Action::OverrideAnswer,
        &["o"],
        "count my typed answer as right after all",
    ),
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
        Action::OverrideAnswer => app.override_answer(turn),
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
        let count = self.study.pack.questions.len();
        // Past the last question of a finished round: its summary.
        let last = if self.questions.complete() {
            count
        } else {
            count.saturating_sub(1)
        };
        self.questions.current = self
            .questions
            .current
            .saturating_add_signed(delta)
            .min(last);
        self.questions.scroll = 0;
        if self.questions.on_summary() {
            self.flash = None;
        }
        self.mark_question_if_answered();
    }

    fn current_question_open(&self) -> bool {
        self.questions
            .answers
            .get(self.questions.current)
            .is_some_and(Option::is_none)
    }

    /// Whether a Questions key does something for the question on
    /// screen, so that the status line offers only those keys.
    pub(crate) fn question_offers(&self, action: &Action) -> bool {
        let open = self.current_question_open();
        let kind = self
            .study
            .pack
            .questions
            .get(self.questions.current)
            .map(|q| q.kind);
        match action {
            // Nothing to move through or open again while there is no
            // question (a first open's preview, before the pack is read).
            Action::Down | Action::Up | Action::ResetQuestions => {
                !self.study.pack.questions.is_empty()
            }
            Action::Choose(_) => open && kind == Some(QuestionKind::Choice),
            Action::ChooseBool(_) => open && kind == Some(QuestionKind::TrueFalse),
            Action::Activate => open && kind == Some(QuestionKind::Short),
            _ => true,
        }
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
        let meaning = grade_short(&given, q);
        let answered = Answered {
            correct: meaning.is_right(),
            meaning: Some(meaning),
            ..Answered::new(given, false)
        };
        self.record_answer(answered, turn);
    }

    /// `o` after a typed answer was graded wrong: the learner knows better.
    fn override_answer(&mut self, turn: &mut Turn) {
        let current = self.questions.current;
        let Some(Some(a)) = self.questions.answers.get(current) else {
            return;
        };
        if !a.can_override() {
            return;
        }
        let answered = Answered {
            correct: true,
            overridden: true,
            ..a.clone()
        };
        self.record_answer(answered, turn);
        self.flash = Some("Counted as right".into());
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
                self.record_answer(Answered::new(given, correct), turn);
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
        self.record_answer(Answered::new(given, correct), turn);
    }

    fn record_answer(&mut self, answered: Answered, turn: &mut Turn) {
        let current = self.questions.current;
        let (given, correct) = (answered.given.clone(), answered.correct);
        if let Some(slot) = self.questions.answers.get_mut(current) {
            *slot = Some(answered);
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
            self.flash = Some(format!(
                "Round complete: {right}/{done}. Go past the last question (j) for the summary"
            ));
        }
        self.save(turn);
    }

    /// The questions of the round answered wrong, with the paragraphs
    /// their passages are in (1-based), for the summary.
    pub fn to_reread(&self) -> Vec<(usize, Vec<usize>)> {
        self.questions
            .answers
            .iter()
            .enumerate()
            .filter(|(_, a)| a.as_ref().is_some_and(|a| !a.correct))
            .map(|(i, _)| {
                let mut paragraphs: Vec<usize> = self
                    .study
                    .question_passages
                    .get(i)
                    .into_iter()
                    .flatten()
                    .filter_map(|r| self.study.paragraph_of(r.start))
                    .map(|p| p + 1)
                    .collect();
                paragraphs.sort_unstable();
                paragraphs.dedup();
                (i, paragraphs)
            })
            .collect()
    }

    /// Marks the passages of the current question once it is answered.
    pub(crate) fn mark_question_if_answered(&mut self) {
        let i = self.questions.current;
        if self.questions.on_summary() {
            // The summary marks every passage to reread.
            let ranges = self
                .to_reread()
                .iter()
                .flat_map(|(q, _)| {
                    self.study
                        .question_passages
                        .get(*q)
                        .cloned()
                        .unwrap_or_default()
                })
                .collect();
            self.mark_passages(ranges);
        } else if self.questions.answers.get(i).is_some_and(Option::is_some) {
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
        self.flash = Some("New round: every question is open again".into());
    }
}

/// The letter of an option: A, B, C…
pub fn letter(i: usize) -> char {
    (b'A' + (i % 26) as u8) as char
}
