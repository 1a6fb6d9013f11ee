//! Spaced repetition: FSRS memory states with Anki-style learning steps.
//!
//! FSRS models memory in days, so fresh and lapsed cards first go through
//! short steps (minutes) before they get day intervals. Review cards fall due
//! at the start of a day, so a card answered late in the evening does not
//! wait until the same late hour the next time.

use super::fsrs::{self, Memory};
use serde::{Deserialize, Serialize};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// How well the learner remembered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// The rating for a key 1–4 of self-grading.
    pub fn from_number(n: u32) -> Option<Rating> {
        match n {
            1 => Some(Rating::Again),
            2 => Some(Rating::Hard),
            3 => Some(Rating::Good),
            4 => Some(Rating::Easy),
            _ => None,
        }
    }

    pub fn number(self) -> u32 {
        self as u32
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }
}

/// Where a card is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Phase {
    /// Never answered.
    #[default]
    New,
    /// Going through the learning steps (index into them).
    Learning { step: u32 },
    /// Graduated: due dates in whole days.
    Review,
    /// Forgotten after graduating; going through the relearning steps.
    Relearning { step: u32 },
}

/// Written as `new`, `learning-1`, `review`, `relearning-0` so a progress
/// file stays one line per field.
impl From<Phase> for String {
    fn from(phase: Phase) -> String {
        match phase {
            Phase::New => "new".into(),
            Phase::Learning { step } => format!("learning-{step}"),
            Phase::Review => "review".into(),
            Phase::Relearning { step } => format!("relearning-{step}"),
        }
    }
}

impl TryFrom<String> for Phase {
    type Error = String;

    fn try_from(s: String) -> Result<Phase, String> {
        let step = |rest: &str| {
            rest.parse::<u32>()
                .map_err(|_| format!("bad step in phase {s:?}"))
        };
        match s.as_str() {
            "new" => Ok(Phase::New),
            "review" => Ok(Phase::Review),
            "learning" => Ok(Phase::Learning { step: 0 }),
            "relearning" => Ok(Phase::Relearning { step: 0 }),
            other => {
                if let Some(rest) = other.strip_prefix("learning-") {
                    Ok(Phase::Learning { step: step(rest)? })
                } else if let Some(rest) = other.strip_prefix("relearning-") {
                    Ok(Phase::Relearning { step: step(rest)? })
                } else {
                    Err(format!("unknown phase {s:?}"))
                }
            }
        }
    }
}

impl Phase {
    /// Learning or relearning: due within minutes, not days.
    pub fn is_learning(self) -> bool {
        matches!(self, Phase::Learning { .. } | Phase::Relearning { .. })
    }
}

/// The schedule of one card. Stability and difficulty are FSRS's memory
/// state (see [`fsrs`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CardState {
    pub phase: Phase,
    /// Days until recall probability falls to 90%; 0 for a new card.
    #[serde(default)]
    pub stability: f64,
    /// FSRS difficulty, 1–10; 0 for a new card.
    #[serde(default)]
    pub difficulty: f64,
    /// Unix seconds from which the card is due.
    #[serde(default)]
    pub due: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_review: Option<i64>,
    #[serde(default)]
    pub reps: u32,
    #[serde(default)]
    pub lapses: u32,
}

impl CardState {
    /// A card never seen; due at once.
    pub fn new_card() -> CardState {
        CardState::default()
    }

    pub fn is_due(&self, now: i64) -> bool {
        self.phase != Phase::New && self.due <= now
    }

    fn memory(&self) -> Option<Memory> {
        let usable = self.phase != Phase::New
            && self.stability.is_finite()
            && self.stability > 0.0
            && self.difficulty.is_finite()
            && self.difficulty > 0.0;
        usable.then_some(Memory {
            stability: self.stability as f32,
            difficulty: self.difficulty as f32,
        })
    }
}

/// The day number (days since the epoch) of `time` in a zone `utc_offset`
/// seconds east of UTC: days roll over at local midnight.
pub fn day_index(time: i64, utc_offset: i64) -> i64 {
    // Saturating: a hand-edited file may hold any time.
    time.saturating_add(utc_offset).div_euclid(DAY)
}

/// Unix seconds at which local day `day` starts.
pub fn day_start(day: i64, utc_offset: i64) -> i64 {
    day.saturating_mul(DAY).saturating_sub(utc_offset)
}

/// Tunable scheduling.
#[derive(Debug, Clone, PartialEq)]
pub struct SchedulerSettings {
    /// Delays (seconds) of the learning steps of new cards.
    pub learning_steps: Vec<i64>,
    /// Delays (seconds) of the relearning steps of lapsed cards.
    pub relearning_steps: Vec<i64>,
    /// Recall probability at which reviews fall due.
    pub desired_retention: f32,
    /// Longest interval, in days.
    pub maximum_interval: u32,
    /// Seconds east of UTC; where days roll over.
    pub utc_offset: i64,
}

impl Default for SchedulerSettings {
    fn default() -> Self {
        SchedulerSettings {
            learning_steps: vec![60, 600],
            relearning_steps: vec![600],
            desired_retention: 0.9,
            maximum_interval: 36_500,
            utc_offset: 0,
        }
    }
}

/// The scheduler could not be set up.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleError(pub String);

impl std::fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "scheduler setup failed: {}", self.0)
    }
}

impl std::error::Error for ScheduleError {}

/// Computes the next state of a card after an answer.
#[derive(Debug, Clone)]
pub struct Scheduler {
    settings: SchedulerSettings,
}

impl Scheduler {
    /// A scheduler with FSRS's default parameters. The retention is kept
    /// within 0.7–0.99, where FSRS intervals stay sensible.
    pub fn new(mut settings: SchedulerSettings) -> Result<Scheduler, ScheduleError> {
        settings.desired_retention = if settings.desired_retention.is_finite() {
            settings.desired_retention.clamp(0.7, 0.99)
        } else {
            0.9
        };
        settings.maximum_interval = settings.maximum_interval.max(1);
        settings.learning_steps.retain(|s| *s > 0);
        settings.relearning_steps.retain(|s| *s > 0);
        Ok(Scheduler { settings })
    }

    pub fn settings(&self) -> &SchedulerSettings {
        &self.settings
    }

    /// The local day number of `time`.
    pub fn day(&self, time: i64) -> i64 {
        day_index(time, self.settings.utc_offset)
    }

    /// The state of `card` after answering it with `rating` at `now`.
    pub fn review(&self, card: &CardState, rating: Rating, now: i64) -> CardState {
        let states = self.next_states(card, now);
        let memory = pick(&states, rating);
        let mut next = card.clone();
        next.stability = round4(memory.stability);
        next.difficulty = round4(memory.difficulty);
        next.reps = card.reps.saturating_add(1);
        next.last_review = Some(now);
        let learning = &self.settings.learning_steps;
        let relearning = &self.settings.relearning_steps;
        match card.phase {
            Phase::New => self.stepped(&mut next, learning, 0, rating, now, false),
            Phase::Learning { step } => self.stepped(&mut next, learning, step, rating, now, false),
            Phase::Relearning { step } => {
                self.stepped(&mut next, relearning, step, rating, now, true)
            }
            Phase::Review if rating == Rating::Again => {
                next.lapses = card.lapses.saturating_add(1);
                match relearning.first() {
                    Some(delay) => {
                        next.phase = Phase::Relearning { step: 0 };
                        next.due = now.saturating_add(*delay);
                    }
                    None => self.graduate(&mut next, now, 0),
                }
            }
            Phase::Review => {
                let [_, hard, good, easy] = states;
                let hard = self.interval_days(hard.stability);
                let good = self.interval_days(good.stability).max(hard + 1);
                let easy = self.interval_days(easy.stability).max(good + 1);
                let days = match rating {
                    Rating::Hard => hard,
                    Rating::Good => good,
                    _ => easy,
                };
                next.phase = Phase::Review;
                next.due =
                    self.due_in_days(now, days.min(i64::from(self.settings.maximum_interval)));
            }
        }
        next
    }

    /// What each rating would do to `card`, for labels on the answer keys.
    pub fn preview(&self, card: &CardState, now: i64) -> [(Rating, CardState); 4] {
        Rating::ALL.map(|r| (r, self.review(card, r, now)))
    }

    /// Moves a (re)learning card through `steps`, graduating it past the last.
    fn stepped(
        &self,
        next: &mut CardState,
        steps: &[i64],
        step: u32,
        rating: Rating,
        now: i64,
        relearning: bool,
    ) {
        let step = (step as usize).min(steps.len().saturating_sub(1));
        let phase = |s: usize| {
            let s = u32::try_from(s).unwrap_or(u32::MAX);
            if relearning {
                Phase::Relearning { step: s }
            } else {
                Phase::Learning { step: s }
            }
        };
        let stay = match rating {
            Rating::Again => steps.first().map(|d| (0, *d)),
            Rating::Hard => hard_delay(steps, step).map(|d| (step, d)),
            Rating::Good => steps.get(step + 1).map(|d| (step + 1, *d)),
            Rating::Easy => None,
        };
        match stay {
            Some((s, delay)) => {
                next.phase = phase(s);
                next.due = now.saturating_add(delay);
            }
            None => self.graduate(next, now, 1),
        }
    }

    /// Into review with the interval FSRS gives for the new stability.
    fn graduate(&self, next: &mut CardState, now: i64, min_days: i64) {
        let days = self
            .interval_days(next.stability as f32)
            .max(min_days.max(1));
        next.phase = Phase::Review;
        next.due = self.due_in_days(now, days.min(i64::from(self.settings.maximum_interval)));
    }

    /// FSRS's interval for `stability` at the desired retention, in whole
    /// days, at least one.
    fn interval_days(&self, stability: f32) -> i64 {
        let raw = fsrs::interval(stability, self.settings.desired_retention);
        if raw.is_finite() {
            (raw.round() as i64).clamp(1, i64::from(self.settings.maximum_interval))
        } else {
            1
        }
    }

    /// The start of the local day `days` after today.
    fn due_in_days(&self, now: i64, days: i64) -> i64 {
        day_start(self.day(now).saturating_add(days), self.settings.utc_offset)
    }

    /// The memory after each rating, Again to Easy; a state that cannot
    /// be computed with counts as a card's first answer.
    fn next_states(&self, card: &CardState, now: i64) -> [Memory; 4] {
        let elapsed = elapsed_days(card.last_review, now);
        fsrs::next_states(card.memory(), elapsed)
            .or_else(|| fsrs::next_states(None, 0))
            .unwrap_or_else(fallback_states)
    }
}

/// Whole days since the last review (0 when never reviewed or clock skew).
pub fn elapsed_days(last_review: Option<i64>, now: i64) -> u32 {
    last_review.map_or(0, |t| {
        u32::try_from(now.saturating_sub(t).max(0) / DAY).unwrap_or(u32::MAX)
    })
}

/// Anki's Hard delay: between the first two steps on the first step, or
/// half as long again when there is one step.
fn hard_delay(steps: &[i64], step: usize) -> Option<i64> {
    match (steps.get(step), steps.get(step + 1)) {
        (Some(a), Some(b)) if step == 0 => Some((a + b) / 2),
        (Some(a), None) if step == 0 => Some((a * 3 / 2).min(a + DAY)),
        (Some(a), _) => Some(*a),
        (None, _) => None,
    }
}

fn pick(states: &[Memory; 4], rating: Rating) -> Memory {
    states[rating as usize - 1]
}

/// FSRS-6 default initial states, should even those not compute.
fn fallback_states() -> [Memory; 4] {
    [
        (0.212, 6.4133),
        (1.2931, 5.1122),
        (2.3065, 2.1181),
        (8.2956, 1.0),
    ]
    .map(|(stability, difficulty)| Memory {
        stability,
        difficulty,
    })
}

/// Four decimals keep the progress file readable and lose nothing that
/// matters to intervals in whole days.
fn round4(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_767_225_600; // 2026-01-01 00:00 UTC

    fn scheduler() -> Scheduler {
        Scheduler::new(SchedulerSettings::default()).expect("default parameters")
    }

    #[test]
    fn new_card_walks_the_learning_steps_then_graduates() {
        let s = scheduler();
        let now = T0 + 10 * 3600;
        let c = s.review(&CardState::new_card(), Rating::Good, now);
        assert_eq!(c.phase, Phase::Learning { step: 1 });
        assert_eq!(c.due, now + 600);
        assert_eq!(c.reps, 1);
        let later = now + 600;
        let c = s.review(&c, Rating::Good, later);
        assert_eq!(c.phase, Phase::Review);
        assert!(c.due >= day_start(s.day(later) + 1, 0));
        assert_eq!(c.due % DAY, 0, "review cards fall due at day start");
        assert!(c.stability > 1.0);
    }

    #[test]
    fn again_and_hard_on_a_new_card() {
        let s = scheduler();
        let c = s.review(&CardState::new_card(), Rating::Again, T0);
        assert_eq!(c.phase, Phase::Learning { step: 0 });
        assert_eq!(c.due, T0 + 60);
        let c = s.review(&CardState::new_card(), Rating::Hard, T0);
        assert_eq!(c.phase, Phase::Learning { step: 0 });
        assert_eq!(c.due, T0 + 330);
    }

    #[test]
    fn easy_graduates_at_once_with_a_longer_interval() {
        let s = scheduler();
        let good = s.review(
            &s.review(&CardState::new_card(), Rating::Good, T0),
            Rating::Good,
            T0 + 600,
        );
        let easy = s.review(&CardState::new_card(), Rating::Easy, T0);
        assert_eq!(easy.phase, Phase::Review);
        assert!(easy.due > good.due);
    }

    #[test]
    fn lapse_goes_to_relearning_and_back() {
        let s = scheduler();
        let mut c = s.review(&CardState::new_card(), Rating::Easy, T0);
        let review_at = c.due + 3600;
        let before = c.stability;
        c = s.review(&c, Rating::Again, review_at);
        assert_eq!(c.phase, Phase::Relearning { step: 0 });
        assert_eq!(c.lapses, 1);
        assert_eq!(c.due, review_at + 600);
        assert!(c.stability < before);
        c = s.review(&c, Rating::Good, review_at + 600);
        assert_eq!(c.phase, Phase::Review);
        assert!(c.due > review_at + 600);
    }

    #[test]
    fn review_intervals_are_ordered_and_in_whole_days() {
        let s = scheduler();
        let c = s.review(&CardState::new_card(), Rating::Good, T0);
        let c = s.review(&c, Rating::Good, T0 + 600);
        let at = c.due + 5 * 3600;
        let [_, (_, hard), (_, good), (_, easy)] = s.preview(&c, at);
        assert!(hard.due < good.due && good.due < easy.due);
        for st in [&hard, &good, &easy] {
            assert_eq!(st.phase, Phase::Review);
            assert_eq!((st.due - day_start(s.day(at), 0)) % DAY, 0);
        }
    }

    #[test]
    fn days_roll_over_at_local_midnight() {
        assert_eq!(day_index(T0, 0), day_index(T0 + DAY - 1, 0));
        assert_eq!(day_index(T0 - 1, 0), day_index(T0, 0) - 1);
        // 23:30 UTC is already tomorrow at UTC+2.
        assert_eq!(day_index(T0 - 1800, 7200), day_index(T0, 0));
        assert_eq!(day_start(day_index(T0, 3600), 3600), T0 - 3600);
    }

    #[test]
    fn a_damaged_state_is_treated_as_fresh_memory() {
        let s = scheduler();
        let broken = CardState {
            phase: Phase::Review,
            stability: f64::NAN,
            difficulty: -3.0,
            due: T0,
            last_review: Some(T0 - DAY),
            reps: 3,
            lapses: 0,
        };
        let c = s.review(&broken, Rating::Good, T0);
        assert!(c.stability.is_finite() && c.stability > 0.0);
        assert_eq!(c.phase, Phase::Review);
    }

    #[test]
    fn ratings_round_trip_keys() {
        for r in Rating::ALL {
            assert_eq!(Rating::from_number(r.number()), Some(r));
        }
        assert_eq!(Rating::from_number(5), None);
    }
}
