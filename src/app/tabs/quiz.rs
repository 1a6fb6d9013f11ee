//! The Quiz tab: spaced-repetition drills on the glossary (recognition,
//! production, choice and gap cards), deck changes and grading.

use liseuse::pack::{Gender, Pos};
use liseuse::progress::DeckStatus;
use liseuse::progress::Progress;
use liseuse::quiz::cards::{Card, Face};
use liseuse::quiz::grade::{GradeOptions, Verdict};
use liseuse::quiz::schedule::Rating;
use liseuse::quiz::session::Session;

use super::super::input::{InputMode, Owner};
use super::super::keys::Bind;
use super::super::{Action, App, Turn};
use super::Tab;

pub const KEYS: &[Bind] = &[
    Bind::new(Action::Down, &["j", "down"], "scroll a line down"),
    Bind::new(Action::Up, &["k", "up"], "scroll a line up"),
    Bind::new(
        Action::Reveal,
        &["space", "enter"],
        "reveal the answer or type it; then go on to the next card",
    )
    .hint("reveal/next"),
    Bind::new(
        Action::Grade(1),
        &["1"],
        "grade again, choose option 1, or change the grade",
    )
    .hint("grade"),
    Bind::new(
        Action::Grade(2),
        &["2"],
        "grade hard, choose option 2, or change the grade",
    )
    .hint("grade"),
    Bind::new(
        Action::Grade(3),
        &["3"],
        "grade good, choose option 3, or change the grade",
    )
    .hint("grade"),
    Bind::new(
        Action::Grade(4),
        &["4"],
        "grade easy, choose option 4, or change the grade",
    )
    .hint("grade"),
    Bind::new(
        Action::Practice,
        &["p"],
        "practise when nothing is due (the schedule is untouched)",
    )
    .hint("practise"),
];

pub fn update(app: &mut App, action: &Action, turn: &mut Turn) {
    match action {
        Action::Down => app.scroll_side(1),
        Action::Up => app.scroll_side(-1),
        Action::Reveal | Action::Activate => app.quiz_reveal(turn),
        Action::Grade(n) => app.quiz_key(*n, turn),
        Action::Practice => app.start_practice(turn),
        _ => {}
    }
}

/// Draws the next card when the tab needs one.
pub fn opened(app: &mut App, turn: &mut Turn) {
    if !app.quiz.started || app.quiz.card.is_none() {
        app.quiz.started = true;
        app.next_card(turn);
    } else if app.quiz_typing() {
        app.input.open(InputMode::QuizAnswer, Owner::Card);
    }
}

/// Where the current card stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// The question is shown.
    Asking,
    /// A recognition card's answer is shown; the learner grades it.
    Revealed,
    /// Answered and saved; `Enter` goes on, `1`–`4` override the grade.
    Graded {
        rating: Rating,
        response: Response,
        overridden: bool,
    },
}

/// What the learner answered, kept to show it back.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Response {
    /// The grader's verdict on a typed answer.
    pub verdict: Option<Verdict>,
    /// The option picked on a choice card.
    pub picked: Option<usize>,
    /// The typed answer.
    pub given: Option<String>,
}

/// What is needed to take an answer back when the learner overrides it.
#[derive(Debug, Clone)]
struct Undo {
    progress: Progress,
    session: Session,
}

pub struct State {
    pub session: Session,
    /// Cards left in the session, as of the last card drawn or answered.
    pub remaining: usize,
    pub card: Option<Card>,
    pub stage: Stage,
    undo: Option<Undo>,
    /// Whether the first card has been drawn since the tab was opened.
    started: bool,
    /// First row of the card drawn.
    pub scroll: usize,
}

impl State {
    pub fn new() -> State {
        State {
            session: Session::due(),
            remaining: 0,
            card: None,
            stage: Stage::Asking,
            undo: None,
            started: false,
            scroll: 0,
        }
    }
}

impl App {
    fn quiz_typing(&self) -> bool {
        self.quiz.stage == Stage::Asking
            && matches!(
                self.quiz.card.as_ref().map(|c| &c.face),
                Some(Face::Production { .. } | Face::Cloze { .. })
            )
    }

    fn next_card(&mut self, turn: &mut Turn) {
        let now = turn.now;
        let entries = &self.study.pack.glossary;
        self.quiz.card =
            self.quiz
                .session
                .next_card(entries, &self.saved.progress, now, self.saved.utc_offset);
        if self.quiz.card.is_none() && self.quiz.session.is_practice() {
            self.quiz.session = Session::due();
        }
        self.count_remaining(now);
        self.quiz.stage = Stage::Asking;
        self.quiz.undo = None;
        self.quiz.scroll = 0;
        if self.input.owner == Some(Owner::Card) {
            self.input.field.reset();
            self.input.close();
        }
        if self.quiz_typing() && self.tab == Tab::Quiz {
            self.input.open(InputMode::QuizAnswer, Owner::Card);
        }
        self.mark_card();
    }

    /// Marks the current card's sentence in the text and, while a gap or
    /// production card waits for its answer, masks the answer there.
    pub(crate) fn mark_card(&mut self) {
        self.set_masks(Vec::new());
        if let Some(card) = &self.quiz.card
            && let Some(i) = self.entry_index(&card.entry_id)
            && let Some(range) = self.study.entry_sentences.get(i).cloned().flatten()
        {
            // A gap or production card's answer must not be readable in the
            // text beside it until the learner has answered.
            if matches!(card.face, Face::Cloze { .. } | Face::Production { .. }) {
                let hidden = self
                    .study
                    .index
                    .entry_ranges(i)
                    .filter(|r| r.start >= range.start && r.end <= range.end)
                    .collect();
                self.set_masks(hidden);
            }
            self.mark_passages(vec![range]);
        }
    }

    pub fn entry_index(&self, id: &str) -> Option<usize> {
        self.study.pack.glossary.iter().position(|e| e.id == id)
    }

    /// The gender a production card asks for: single nouns of one gender.
    pub fn asked_gender(&self, card: &Card) -> Option<Gender> {
        let entry = self
            .entry_index(&card.entry_id)
            .map(|i| &self.study.pack.glossary[i])?;
        let single = !entry.term.contains(' ');
        match (entry.pos, entry.gender, &card.face) {
            (
                Pos::Noun,
                Some(g @ (Gender::Masculine | Gender::Feminine)),
                Face::Production { .. },
            ) if single => Some(g),
            _ => None,
        }
    }

    fn count_remaining(&mut self, now: i64) {
        self.quiz.remaining = self.quiz.session.remaining(
            &self.study.pack.glossary,
            &self.saved.progress,
            now,
            self.saved.utc_offset,
        );
    }

    /// Space or Enter on the Quiz tab.
    fn quiz_reveal(&mut self, turn: &mut Turn) {
        match (&self.quiz.stage, self.quiz.card.as_ref().map(|c| &c.face)) {
            (_, None) => self.next_card(turn),
            (Stage::Asking, Some(Face::Recognition { .. })) => self.quiz.stage = Stage::Revealed,
            (Stage::Asking, Some(Face::Production { .. } | Face::Cloze { .. })) => {
                self.input.open(InputMode::QuizAnswer, Owner::Card);
            }
            (Stage::Graded { .. }, _) => self.next_card(turn),
            _ => {}
        }
    }

    /// Keys 1–4 on the Quiz tab: grade, pick an option, or override.
    fn quiz_key(&mut self, n: u8, turn: &mut Turn) {
        let Some(card) = self.quiz.card.clone() else {
            return;
        };
        match (&self.quiz.stage, &card.face) {
            (Stage::Revealed, _) => {
                if let Some(r) = Rating::from_number(u32::from(n)) {
                    self.record(&card, r, Response::default(), turn);
                    self.next_card(turn);
                }
            }
            (Stage::Asking, Face::Choice { .. }) => {
                let picked = usize::from(n.saturating_sub(1));
                if let Some(r) = card.grade_choice(picked) {
                    let response = Response {
                        picked: Some(picked),
                        ..Response::default()
                    };
                    self.record(&card, r, response, turn);
                }
            }
            (Stage::Graded { .. }, _) => {
                if let Some(r) = Rating::from_number(u32::from(n)) {
                    self.override_grade(&card, r, turn);
                }
            }
            _ => {}
        }
    }

    /// Enter in the answer input of a typed card.
    pub(crate) fn quiz_submit(&mut self, turn: &mut Turn) {
        let Some(card) = self.quiz.card.clone() else {
            return;
        };
        let given = self.input.field.value().trim().to_string();
        if given.is_empty() {
            return;
        }
        let opts = GradeOptions {
            gender: self.asked_gender(&card),
        };
        if let Some(verdict) = card.grade_typed(&given, opts) {
            self.input.close();
            self.input.field.reset();
            let rating = verdict.rating();
            let response = Response {
                verdict: Some(verdict),
                given: Some(given),
                picked: None,
            };
            self.record(&card, rating, response, turn);
        }
    }

    fn record(&mut self, card: &Card, rating: Rating, response: Response, turn: &mut Turn) {
        self.quiz.undo = Some(Undo {
            progress: self.saved.progress.clone(),
            session: self.quiz.session.clone(),
        });
        self.apply_answer(card, rating, response, None, turn);
    }

    /// Records an answer, shows it as graded and saves. An override
    /// `replaces` the answer saved before: it takes that answer's id, so
    /// merging with the file keeps only the new one.
    fn apply_answer(
        &mut self,
        card: &Card,
        rating: Rating,
        response: Response,
        replaces: Option<Option<String>>,
        turn: &mut Turn,
    ) {
        let now = turn.now;
        let overridden = replaces.is_some();
        self.quiz.session.answer(
            &mut self.saved.progress,
            &self.saved.scheduler,
            card,
            rating,
            now,
        );
        if let Some(id) = replaces
            && let Some(answer) = self.saved.progress.log.last_mut()
        {
            answer.id = id;
        }
        self.quiz.stage = Stage::Graded {
            rating,
            response,
            overridden,
        };
        self.set_masks(Vec::new());
        self.save(turn);
        self.count_remaining(now);
    }

    fn override_grade(&mut self, card: &Card, rating: Rating, turn: &mut Turn) {
        let Some(undo) = self.quiz.undo.clone() else {
            return;
        };
        let Stage::Graded {
            rating: old,
            response,
            ..
        } = self.quiz.stage.clone()
        else {
            return;
        };
        if old == rating {
            return;
        }
        let replaced = (self.saved.progress.log.iter().rev())
            .find(|e| e.card == card.entry_id)
            .and_then(|e| e.id.clone());
        self.saved.progress = undo.progress;
        self.quiz.session = undo.session;
        self.apply_answer(card, rating, response, Some(replaced), turn);
    }

    /// `p`: a practice round when nothing is due.
    fn start_practice(&mut self, turn: &mut Turn) {
        if self.quiz.card.is_some() && !matches!(self.quiz.stage, Stage::Graded { .. }) {
            self.flash = Some("Finish the due cards first; p practises when nothing is due".into());
            return;
        }
        let session = Session::practice(&self.study.pack.glossary, &self.saved.progress, 20);
        if session.remaining(&self.study.pack.glossary, &self.saved.progress, turn.now, 0) == 0 {
            self.flash = Some("Nothing to practise yet: study some new cards first".into());
            return;
        }
        self.quiz.session = session;
        self.next_card(turn);
    }

    /// `a` and `K` in the text: change the deck status of the word's entry.
    pub(crate) fn set_deck(&mut self, known: bool, turn: &mut Turn) {
        let Some(entry) = self
            .reader
            .cursor
            .and_then(|c| self.study.tokens.get(c))
            .and_then(|t| self.study.index.entries_at(t.start()).first().copied())
        else {
            self.flash = Some("Put the cursor (w/b or a click) on a glossary word first".into());
            return;
        };
        let e = &self.study.pack.glossary[entry];
        let id = e.id.to_string();
        let term = e.term.to_string();
        let current = self.saved.progress.deck_status(&id);
        let drilled = liseuse::quiz::session::in_deck(e, self.saved.progress.cards.get(&id));
        let (status, message) = match (known, current) {
            (true, DeckStatus::Known) => (
                DeckStatus::Active,
                format!("« {term} » back in the quiz deck"),
            ),
            (true, _) => (DeckStatus::Known, format!("« {term} » marked as known")),
            (false, DeckStatus::Active) if drilled => (
                DeckStatus::Suspended,
                format!("« {term} » taken out of the quiz deck"),
            ),
            (false, _) => (
                DeckStatus::Active,
                format!("« {term} » added to the quiz deck"),
            ),
        };
        self.saved.progress.set_deck_status(&id, status, turn.now);
        self.flash = Some(message);
        self.save(turn);
    }
}
