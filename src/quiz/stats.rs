//! Study statistics for a pack, for the stats screen and `--json` output.
//!
//! Review counts leave practice answers out (they are counted apart), since
//! practice does not move the schedule and would flatter retention.

use serde::Serialize;

use crate::pack::Entry;
use crate::progress::{Progress, Score};
use crate::quiz::schedule::{Phase, Rating, day_index, day_start};
use crate::quiz::session::{EntryStatus, entry_status, in_deck, new_remaining_today};

/// Days of the due forecast.
pub const FORECAST_DAYS: usize = 14;
/// Days of review history and of the retention window.
pub const HISTORY_DAYS: usize = 30;

/// Comprehension question scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionStats {
    pub best: Option<Score>,
    pub last: Option<Score>,
    /// Questions of the pack answered at least once.
    pub answered: u64,
    /// Of those, answered right the last time.
    pub correct: u64,
}

/// Statistics of one pack at one moment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// Entries by status; entries out of the deck count by their status too.
    pub new: u64,
    pub learning: u64,
    pub known: u64,
    /// Entries suspended by the learner.
    pub suspended: u64,
    /// Drilled cards due by the end of today, overdue included.
    pub due_today: u64,
    /// New cards that may still be introduced today.
    pub new_today: u64,
    /// Reviews (not practice) today.
    pub reviews_today: u64,
    /// Reviews (not practice) ever.
    pub reviews: u64,
    /// Practice answers ever.
    pub practice: u64,
    /// Share of reviews of graduated cards in the last 30 days graded Hard
    /// or better; `None` without any.
    pub retention: Option<f64>,
    /// Cards falling due on each of the next 14 days; today (with overdue
    /// cards) first.
    pub forecast: Vec<u64>,
    /// Reviews on each of the last 30 days, oldest first, today last.
    pub reviews_per_day: Vec<u64>,
    pub questions: QuestionStats,
}

impl Stats {
    /// Retention as people read it: "87%", or that there is none yet.
    pub fn retention_label(&self) -> String {
        self.retention.map_or("no reviews yet".to_string(), |r| {
            format!("{:.0}%", r * 100.0)
        })
    }

    /// Question scores: the last and best rounds, or the answers so far.
    pub fn questions_label(&self) -> String {
        let q = &self.questions;
        match (&q.last, &q.best) {
            (Some(l), Some(b)) => format!(
                "last round {}/{}, best {}/{}",
                l.correct, l.total, b.correct, b.total
            ),
            _ => format!("{} answered, {} right", q.answered, q.correct),
        }
    }
}

/// Computes the statistics of `progress` over the pack's `entries`.
pub fn stats(entries: &[Entry], progress: &Progress, now: i64, utc_offset: i64) -> Stats {
    let today = day_index(now, utc_offset);
    let mut s = Stats {
        new: 0,
        learning: 0,
        known: 0,
        suspended: 0,
        due_today: 0,
        new_today: 0,
        reviews_today: 0,
        reviews: 0,
        practice: 0,
        retention: None,
        forecast: vec![0; FORECAST_DAYS],
        reviews_per_day: vec![0; HISTORY_DAYS],
        questions: QuestionStats {
            best: progress.questions.best,
            last: progress.questions.last,
            answered: 0,
            correct: 0,
        },
    };

    for entry in entries {
        let record = progress.cards.get(entry.id.as_str());
        // An entry whose meaning is still to be written is not a card yet.
        if !entry.has_meaning() {
            continue;
        }
        // Entries the pack keeps out of the deck count only once studied.
        if !entry.drill
            && record.is_none_or(|r| r.deck_changed.is_none() && r.state.phase == Phase::New)
        {
            continue;
        }
        match entry_status(progress, &entry.id) {
            EntryStatus::New => s.new += 1,
            EntryStatus::Learning => s.learning += 1,
            EntryStatus::Known => s.known += 1,
        }
        let Some(record) = progress.cards.get(entry.id.as_str()) else {
            continue;
        };
        if record.deck == crate::progress::DeckStatus::Suspended {
            s.suspended += 1;
        }
        if !record.deck.is_drilled() || record.state.phase == Phase::New {
            continue;
        }
        let offset = (day_index(record.state.due, utc_offset) - today).max(0);
        if let Some(slot) = usize::try_from(offset)
            .ok()
            .and_then(|i| s.forecast.get_mut(i))
        {
            *slot += 1;
        }
    }
    s.due_today = s.forecast[0];
    let new_drillable = entries
        .iter()
        .filter(|e| {
            let record = progress.cards.get(e.id.as_str());
            !progress.is_unreadable_card(&e.id)
                && in_deck(e, record)
                && record.is_none_or(|r| r.state.phase == Phase::New)
        })
        .count() as u64;
    s.new_today = u64::from(new_remaining_today(progress, now, utc_offset)).min(new_drillable);

    let window_start = day_start(today - (HISTORY_DAYS as i64 - 1), utc_offset);
    let (mut passed, mut graded) = (0u64, 0u64);
    for log in &progress.log {
        if log.practice {
            s.practice += 1;
            continue;
        }
        s.reviews += 1;
        let ago = today - day_index(log.time, utc_offset);
        if ago == 0 {
            s.reviews_today += 1;
        }
        if let Some(slot) = usize::try_from(ago)
            .ok()
            .filter(|a| *a < HISTORY_DAYS)
            .and_then(|a| s.reviews_per_day.get_mut(HISTORY_DAYS - 1 - a))
        {
            *slot += 1;
        }
        if log.time >= window_start && log.time <= now && log.phase == Phase::Review {
            graded += 1;
            if log.rating >= Rating::Hard {
                passed += 1;
            }
        }
    }
    s.retention = (graded > 0).then(|| passed as f64 / graded as f64);

    for answer in progress.questions.answered.values() {
        s.questions.answered += 1;
        if answer.correct {
            s.questions.correct += 1;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Pos;
    use crate::progress::{CardRecord, DeckStatus, ReviewLogEntry};
    use crate::quiz::cards::CardKind;
    use crate::quiz::cards::tests::entry;
    use crate::quiz::schedule::{CardState, DAY};

    const NOW: i64 = 1_767_225_600 + 12 * 3600; // 2026-01-01 12:00 UTC

    fn card(phase: Phase, stability: f64, due: i64) -> CardRecord {
        CardRecord {
            state: CardState {
                phase,
                stability,
                difficulty: 5.0,
                due,
                last_review: Some(NOW - DAY),
                reps: 3,
                lapses: 0,
            },
            ..CardRecord::default()
        }
    }

    fn log(time: i64, phase: Phase, rating: Rating, practice: bool) -> ReviewLogEntry {
        ReviewLogEntry {
            id: None,
            time,
            card: "a".into(),
            kind: CardKind::Production,
            rating,
            elapsed_days: 1,
            phase,
            practice,
            extra: toml::Table::new(),
        }
    }

    #[test]
    fn counts_forecast_history_and_retention() {
        let entries: Vec<Entry> = ["a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|id| entry(id, id, Pos::Noun, id))
            .collect();
        let mut p = Progress::new("p");
        p.settings.new_per_day = 10;
        p.cards
            .insert("a".into(), card(Phase::Review, 30.0, NOW - 2 * DAY));
        p.cards
            .insert("b".into(), card(Phase::Review, 4.0, NOW + 3 * DAY));
        p.cards.insert(
            "c".into(),
            card(Phase::Learning { step: 1 }, 1.0, NOW + 600),
        );
        p.cards.insert("d".into(), card(Phase::Review, 5.0, NOW));
        p.set_deck_status("d", DeckStatus::Suspended, NOW);
        p.set_deck_status("e", DeckStatus::Known, NOW);
        p.log = vec![
            log(NOW - 40 * DAY, Phase::Review, Rating::Again, false),
            log(NOW - 3 * DAY, Phase::Review, Rating::Good, false),
            log(NOW - 3 * DAY + 60, Phase::Review, Rating::Again, false),
            log(NOW - 60, Phase::Review, Rating::Hard, false),
            log(NOW - 30, Phase::Review, Rating::Again, true),
            log(NOW - 20, Phase::New, Rating::Again, false),
        ];
        p.record_question("q1", true, None, NOW);
        p.record_question("q2", false, None, NOW);
        p.record_round(1, 2, NOW);

        let s = stats(&entries, &p, NOW, 0);
        assert_eq!((s.new, s.learning, s.known), (1, 3, 2), "{s:?}");
        assert_eq!(s.suspended, 1);
        assert_eq!(s.due_today, 2, "a overdue, c later today; d suspended");
        assert_eq!(s.forecast.len(), FORECAST_DAYS);
        assert_eq!(s.forecast[3], 1);
        assert_eq!(s.forecast.iter().sum::<u64>(), 3);
        assert_eq!(s.reviews, 5);
        assert_eq!(s.practice, 1);
        assert_eq!(s.reviews_today, 2);
        assert_eq!(s.reviews_per_day.len(), HISTORY_DAYS);
        assert_eq!(s.reviews_per_day[HISTORY_DAYS - 1], 2);
        assert_eq!(s.reviews_per_day[HISTORY_DAYS - 4], 2);
        assert_eq!(s.reviews_per_day.iter().sum::<u64>(), 4);
        // Within 30 days, graduated, not practice: Good, Again, Hard.
        let r = s.retention.expect("some reviews");
        assert!((r - 2.0 / 3.0).abs() < 1e-9, "{r}");
        assert_eq!(s.new_today, 1, "only f is new and drilled");
        assert_eq!((s.questions.answered, s.questions.correct), (2, 1));
        assert_eq!(s.questions.best.map(|b| b.correct), Some(1));

        let json = serde_json::to_value(&s).expect("json");
        for key in ["reviews", "due_today", "new", "learning", "known"] {
            assert!(json.get(key).is_some(), "{key} missing");
        }
    }

    #[test]
    fn empty_progress() {
        let entries = vec![entry("a", "a", Pos::Noun, "a")];
        let s = stats(&entries, &Progress::new("p"), NOW, 3600);
        assert_eq!((s.new, s.learning, s.known, s.due_today), (1, 0, 0, 0));
        assert_eq!(s.retention, None);
        assert_eq!(s.new_today, 1);
    }
}
