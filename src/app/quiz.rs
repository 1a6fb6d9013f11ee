//! The Quiz tab's state and the part of `update` that drives drills, deck
//! changes and saving progress.

use liseuse::pack::{Entry, Gender, Pos};
use liseuse::progress::{DeckStatus, Progress, Store};
use liseuse::quiz::cards::{Card, Face};
use liseuse::quiz::grade::{GradeOptions, Verdict};
use liseuse::quiz::schedule::{Rating, Scheduler};
use liseuse::quiz::session::{EntryStatus, Session, entry_status, scheduler_for};
use liseuse::quiz::stats::{Stats, stats};

use super::{App, InputMode, Tab};

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
pub struct Undo {
    progress: Progress,
    session: Session,
}

pub struct QuizView {
    pub session: Session,
    /// Cards left in the session, as of the last card drawn or answered.
    pub remaining: usize,
    pub card: Option<Card>,
    pub stage: Stage,
    undo: Option<Undo>,
    /// Whether the first card has been drawn since the tab was opened.
    started: bool,
}

impl QuizView {
    pub fn new() -> QuizView {
        QuizView {
            session: Session::due(),
            remaining: 0,
            card: None,
            stage: Stage::Asking,
            undo: None,
            started: false,
        }
    }
}

/// Where the time comes from: the system, or a fixed instant in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed(i64),
}

impl Clock {
    pub fn now(self) -> i64 {
        match self {
            Clock::System => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
            Clock::Fixed(t) => t,
        }
    }

    /// Seconds east of UTC, so that the learner's day starts at local
    /// midnight; a fixed clock (tests, `--now`) runs on UTC.
    pub fn utc_offset(self) -> i64 {
        match self {
            Clock::System => i64::from(chrono::Local::now().offset().local_minus_utc()),
            Clock::Fixed(_) => 0,
        }
    }
}

/// Progress storage as the app uses it.
pub struct Saved {
    pub progress: Progress,
    pub store: Option<Store>,
    pub scheduler: Scheduler,
    /// Seconds east of UTC where the learner's day starts.
    pub utc_offset: i64,
    /// An answer that could not be written yet.
    pub unsaved: bool,
    /// Each entry's status, for marking the text.
    pub statuses: Vec<EntryStatus>,
    /// The statistics the Stats tab shows, as of the last change.
    pub stats: Stats,
}

impl Saved {
    pub fn load(
        store: Option<Store>,
        pack_id: &str,
        entries: &[Entry],
        now: i64,
        utc_offset: i64,
    ) -> (Saved, Option<String>) {
        let (progress, notice) = match &store {
            Some(s) => {
                let outcome = s.load(pack_id, now);
                (outcome.progress, outcome.notice)
            }
            None => (
                Progress::new(pack_id),
                Some("No data directory: progress will not be saved".to_string()),
            ),
        };
        let scheduler = scheduler_for(&progress, utc_offset)
            .or_else(|_| scheduler_for(&Progress::new(pack_id), utc_offset))
            .unwrap_or_else(|_| unreachable_scheduler());
        let mut saved = Saved {
            progress,
            store,
            scheduler,
            utc_offset,
            unsaved: false,
            statuses: Vec::new(),
            stats: stats(entries, &Progress::new(pack_id), now, utc_offset),
        };
        saved.refresh(entries, now);
        (saved, notice)
    }

    /// Recomputes what is derived from progress: once per change, not
    /// per frame.
    pub fn refresh(&mut self, entries: &[Entry], now: i64) {
        self.statuses = entries
            .iter()
            .map(|e| entry_status(&self.progress, &e.id))
            .collect();
        self.stats = stats(entries, &self.progress, now, self.utc_offset);
    }
}

/// Default settings always make a valid scheduler.
fn unreachable_scheduler() -> Scheduler {
    match Scheduler::new(Default::default()) {
        Ok(s) => s,
        Err(e) => panic!("default scheduler settings are invalid: {e:?}"),
    }
}

impl App {
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Draws the next card when the Quiz tab needs one.
    pub(crate) fn quiz_opened(&mut self) {
        if !self.quiz.started || self.quiz.card.is_none() {
            self.quiz.started = true;
            self.next_card();
        } else if self.quiz_typing() {
            self.input_mode = InputMode::QuizAnswer;
        }
    }

    fn quiz_typing(&self) -> bool {
        self.quiz.stage == Stage::Asking
            && matches!(
                self.quiz.card.as_ref().map(|c| &c.face),
                Some(Face::Production { .. } | Face::Cloze { .. })
            )
    }

    fn next_card(&mut self) {
        let now = self.now();
        let entries = &self.study.pack.glossary;
        self.quiz.card =
            self.quiz
                .session
                .next_card(entries, &self.saved.progress, now, self.saved.utc_offset);
        if self.quiz.card.is_none() && self.quiz.session.is_practice() {
            self.quiz.session = Session::due();
        }
        self.count_remaining();
        self.quiz.stage = Stage::Asking;
        self.quiz.undo = None;
        self.input = tui_input::Input::default();
        self.input_mode = if self.quiz_typing() && self.tab == Tab::Quiz {
            InputMode::QuizAnswer
        } else if self.input_mode == InputMode::QuizAnswer {
            InputMode::None
        } else {
            self.input_mode
        };
        if let Some(card) = &self.quiz.card
            && let Some(i) = self.entry_index(&card.entry_id)
            && let Some(range) = self.study.entry_sentences.get(i).cloned().flatten()
        {
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

    fn count_remaining(&mut self) {
        self.quiz.remaining = self.quiz.session.remaining(
            &self.study.pack.glossary,
            &self.saved.progress,
            self.now(),
            self.saved.utc_offset,
        );
    }

    /// Space or Enter on the Quiz tab.
    pub(crate) fn quiz_reveal(&mut self) {
        match (&self.quiz.stage, self.quiz.card.as_ref().map(|c| &c.face)) {
            (_, None) => self.next_card(),
            (Stage::Asking, Some(Face::Recognition { .. })) => self.quiz.stage = Stage::Revealed,
            (Stage::Asking, Some(Face::Production { .. } | Face::Cloze { .. })) => {
                self.input_mode = InputMode::QuizAnswer;
            }
            (Stage::Graded { .. }, _) => self.next_card(),
            _ => {}
        }
    }

    /// Keys 1–4 on the Quiz tab: grade, pick an option, or override.
    pub(crate) fn quiz_key(&mut self, n: u8) {
        let Some(card) = self.quiz.card.clone() else {
            return;
        };
        match (&self.quiz.stage, &card.face) {
            (Stage::Revealed, _) => {
                if let Some(r) = Rating::from_number(u32::from(n)) {
                    self.record(&card, r, Response::default());
                    self.next_card();
                }
            }
            (Stage::Asking, Face::Choice { .. }) => {
                let picked = usize::from(n.saturating_sub(1));
                if let Some(r) = card.grade_choice(picked) {
                    let response = Response {
                        picked: Some(picked),
                        ..Response::default()
                    };
                    self.record(&card, r, response);
                }
            }
            (Stage::Graded { .. }, _) => {
                if let Some(r) = Rating::from_number(u32::from(n)) {
                    self.override_grade(&card, r);
                }
            }
            _ => {}
        }
    }

    /// Enter in the answer input of a typed card.
    pub(crate) fn quiz_submit(&mut self) {
        let Some(card) = self.quiz.card.clone() else {
            return;
        };
        let given = self.input.value().trim().to_string();
        if given.is_empty() {
            return;
        }
        let opts = GradeOptions {
            gender: self.asked_gender(&card),
        };
        if let Some(verdict) = card.grade_typed(&given, opts) {
            self.input_mode = InputMode::None;
            let rating = verdict.rating();
            let response = Response {
                verdict: Some(verdict),
                given: Some(given),
                picked: None,
            };
            self.record(&card, rating, response);
        }
    }

    fn record(&mut self, card: &Card, rating: Rating, response: Response) {
        self.quiz.undo = Some(Undo {
            progress: self.saved.progress.clone(),
            session: self.quiz.session.clone(),
        });
        self.apply_answer(card, rating, response, false);
    }

    /// Records an answer, shows it as graded and saves.
    fn apply_answer(&mut self, card: &Card, rating: Rating, response: Response, overridden: bool) {
        let now = self.now();
        self.quiz.session.answer(
            &mut self.saved.progress,
            &self.saved.scheduler,
            card,
            rating,
            now,
        );
        self.quiz.stage = Stage::Graded {
            rating,
            response,
            overridden,
        };
        self.save();
        self.count_remaining();
    }

    fn override_grade(&mut self, card: &Card, rating: Rating) {
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
        self.saved.progress = undo.progress;
        self.quiz.session = undo.session;
        self.apply_answer(card, rating, response, true);
    }

    /// `p`: a practice round when nothing is due.
    pub(crate) fn start_practice(&mut self) {
        if self.quiz.card.is_some() && !matches!(self.quiz.stage, Stage::Graded { .. }) {
            self.notice =
                Some("Finish the due cards first; p practises when nothing is due".into());
            return;
        }
        let session = Session::practice(&self.study.pack.glossary, &self.saved.progress, 20);
        if session.remaining(
            &self.study.pack.glossary,
            &self.saved.progress,
            self.now(),
            0,
        ) == 0
        {
            self.notice = Some("Nothing to practise yet: study some new cards first".into());
            return;
        }
        self.quiz.session = session;
        self.next_card();
    }

    /// `a` and `K` in the text: change the deck status of the word's entry.
    pub(crate) fn set_deck(&mut self, known: bool) {
        let Some(entry) = self
            .cursor
            .and_then(|c| self.study.tokens.get(c))
            .and_then(|t| self.study.index.entries_at(t.range.start).first().copied())
        else {
            self.notice = Some("Put the cursor (w/b or a click) on a glossary word first".into());
            return;
        };
        let e = &self.study.pack.glossary[entry];
        let id = e.id.clone();
        let term = e.term.clone();
        let current = self.saved.progress.deck_status(&id);
        let (status, message) = match (known, current) {
            (true, DeckStatus::Known) => (
                DeckStatus::Active,
                format!("« {term} » back in the quiz deck"),
            ),
            (true, _) => (DeckStatus::Known, format!("« {term} » marked as known")),
            (false, DeckStatus::Active) => (
                DeckStatus::Suspended,
                format!("« {term} » taken out of the quiz deck"),
            ),
            (false, _) => (
                DeckStatus::Active,
                format!("« {term} » added to the quiz deck"),
            ),
        };
        let now = self.now();
        self.saved.progress.set_deck_status(&id, status, now);
        self.notice = Some(message);
        self.save();
    }

    /// Saves progress now; on failure keeps it in memory and says so.
    pub fn save(&mut self) {
        let now = self.now();
        if let Some(store) = &self.saved.store {
            match store.save_merged(&self.saved.progress, now) {
                Ok(outcome) => {
                    self.saved.progress = outcome.progress;
                    self.saved.unsaved = false;
                    if let Some(n) = outcome.notice {
                        self.notice = Some(n);
                    } else if self
                        .notice
                        .as_deref()
                        .is_some_and(|n| n.starts_with("Not saved"))
                    {
                        self.notice = None;
                    }
                }
                Err(e) => {
                    self.saved.unsaved = true;
                    self.notice = Some(format!(
                        "Not saved: {e}. Your answers are kept and saving will be retried."
                    ));
                }
            }
        }
        self.saved.refresh(&self.study.pack.glossary, now);
    }

    /// Saves the result of a comprehension question.
    pub(crate) fn save_question(&mut self, question: usize, correct: bool, given: String) {
        let Some(q) = self.study.pack.questions.get(question) else {
            return;
        };
        let now = self.now();
        let id = q.id.clone();
        self.saved
            .progress
            .record_question(&id, correct, Some(given), now);
        let (right, done) = self.questions.score();
        if done == self.study.pack.questions.len() {
            self.saved
                .progress
                .record_round(right as u32, done as u32, now);
        }
        self.save();
    }
}
