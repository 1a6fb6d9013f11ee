//! Choosing what to drill, and recording answers.
//!
//! The queue is recomputed from the saved progress at every step, so there
//! is no session state to lose or to keep in sync: due (re)learning cards
//! first, then due reviews, then new cards within the daily limit.

use std::collections::{BTreeSet, VecDeque};

use crate::pack::Entry;
use crate::progress::{CardRecord, DeckStatus, Progress, ReviewLogEntry};
use crate::quiz::cards::{Card, CardKind, card_for};
use crate::quiz::schedule::{
    CardState, Phase, Rating, ScheduleError, Scheduler, SchedulerSettings, day_index, elapsed_days,
};

/// Learning cards due within this many seconds are shown early when nothing
/// else is left, so a sitting can finish without waiting out a step.
pub const LEARN_AHEAD_SECS: i64 = 20 * 60;

/// Review cards this stable (days) count as known in the reader.
pub const KNOWN_STABILITY_DAYS: f64 = 21.0;

/// Where a queued card comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bucket {
    /// Learning or relearning, due (or nearly).
    Learning,
    /// A graduated card that is due.
    Review,
    /// Never seen, within today's new-card limit.
    New,
    /// Served in practice mode; the schedule is not changed.
    Practice,
}

/// One card waiting to be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueItem {
    pub entry_id: String,
    pub bucket: Bucket,
}

/// How an entry is doing, for marking it in the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryStatus {
    New,
    Learning,
    Known,
}

/// The status of an entry: known once its review stability reaches
/// [`KNOWN_STABILITY_DAYS`] or when the learner says so.
pub fn entry_status(progress: &Progress, entry_id: &str) -> EntryStatus {
    match progress.cards.get(entry_id) {
        None => EntryStatus::New,
        Some(r) if r.deck == DeckStatus::Known => EntryStatus::Known,
        Some(r) => match r.state.phase {
            Phase::New => EntryStatus::New,
            Phase::Review if r.state.stability >= KNOWN_STABILITY_DAYS => EntryStatus::Known,
            _ => EntryStatus::Learning,
        },
    }
}

/// A scheduler with the pack's retention and the learner's day boundary.
pub fn scheduler_for(progress: &Progress, utc_offset: i64) -> Result<Scheduler, ScheduleError> {
    Scheduler::new(SchedulerSettings {
        desired_retention: progress.settings.retention as f32,
        utc_offset,
        ..SchedulerSettings::default()
    })
}

/// Cards first answered (not in practice) on the local day of `now`.
pub fn new_introduced_today(progress: &Progress, now: i64, utc_offset: i64) -> u32 {
    let today = day_index(now, utc_offset);
    let ids: BTreeSet<&str> = progress
        .log
        .iter()
        .filter(|e| !e.practice && e.phase == Phase::New && day_index(e.time, utc_offset) == today)
        .map(|e| e.card.as_str())
        .collect();
    u32::try_from(ids.len()).unwrap_or(u32::MAX)
}

/// How many new cards may still be introduced today.
pub fn new_remaining_today(progress: &Progress, now: i64, utc_offset: i64) -> u32 {
    progress
        .settings
        .new_per_day
        .saturating_sub(new_introduced_today(progress, now, utc_offset))
}

/// Whether an entry is in the quiz deck. The learner's own choice (taking
/// it out, putting it back) wins; otherwise the pack decides with `drill`
/// (names, acronyms and transparent cognates stay out), and a word marked
/// known or suspended is out. An entry whose meaning is still to be written
/// is never drilled: there would be nothing to ask or to check.
pub fn in_deck(entry: &Entry, record: Option<&CardRecord>) -> bool {
    if !entry.has_meaning() {
        return false;
    }
    match record {
        Some(r) if r.deck_changed.is_some() => r.deck.is_drilled(),
        Some(r) => entry.drill && r.deck.is_drilled(),
        None => entry.drill,
    }
}

fn drilled<'a>(
    entries: &'a [Entry],
    progress: &'a Progress,
) -> impl Iterator<Item = (&'a Entry, Option<&'a CardRecord>)> + 'a {
    entries
        .iter()
        .filter(|e| !progress.is_unreadable_card(&e.id))
        .map(|e| (e, progress.cards.get(e.id.as_str())))
        .filter(|(e, r)| in_deck(e, *r))
}

/// What is due at `now`, in the order to show it: learning cards by due
/// time, reviews most overdue first, then new cards in glossary order (the
/// order of the text; the learner's own words first) up to the day's limit. Learning cards due within [`LEARN_AHEAD_SECS`] follow
/// when nothing else is left.
pub fn due_queue(
    entries: &[Entry],
    progress: &Progress,
    now: i64,
    utc_offset: i64,
) -> Vec<QueueItem> {
    let mut learning = Vec::new();
    let mut ahead = Vec::new();
    let mut review = Vec::new();
    let mut new = Vec::new();
    for (entry, record) in drilled(entries, progress) {
        let Some(state) = record.map(|r| &r.state) else {
            new.push(entry);
            continue;
        };
        match state.phase {
            Phase::New => new.push(entry),
            Phase::Learning { .. } | Phase::Relearning { .. } if state.due <= now => {
                learning.push((state.due, entry));
            }
            Phase::Learning { .. } | Phase::Relearning { .. }
                if state.due <= now + LEARN_AHEAD_SECS =>
            {
                ahead.push((state.due, entry));
            }
            Phase::Review if state.due <= now => review.push((state.due, entry)),
            _ => {}
        }
    }
    learning.sort_by_key(|(due, _)| *due);
    ahead.sort_by_key(|(due, _)| *due);
    review.sort_by_key(|(due, _)| *due);
    // Words the learner added come first among new cards: they asked for them.
    new.sort_by_key(|e| !crate::personal::is_personal(e));
    let limit = new_remaining_today(progress, now, utc_offset) as usize;
    let item = |entry: &Entry, bucket| QueueItem {
        entry_id: entry.id.to_string(),
        bucket,
    };
    let mut queue: Vec<QueueItem> = learning
        .iter()
        .map(|(_, e)| item(e, Bucket::Learning))
        .chain(review.iter().map(|(_, e)| item(e, Bucket::Review)))
        .chain(new.iter().take(limit).map(|e| item(e, Bucket::New)))
        .collect();
    if queue.is_empty() {
        queue.extend(ahead.iter().map(|(_, e)| item(e, Bucket::Learning)));
    }
    queue
}

/// Cards for practice when nothing is due: studied, drilled cards, the
/// least stable first, at most `limit`.
pub fn practice_queue(entries: &[Entry], progress: &Progress, limit: usize) -> Vec<QueueItem> {
    let mut studied: Vec<(f64, &Entry)> = drilled(entries, progress)
        .filter_map(|(e, r)| {
            r.filter(|r| r.state.phase != Phase::New)
                .map(|r| (r.state.stability, e))
        })
        .collect();
    studied.sort_by(|a, b| a.0.total_cmp(&b.0));
    studied
        .into_iter()
        .take(limit)
        .map(|(_, e)| QueueItem {
            entry_id: e.id.to_string(),
            bucket: Bucket::Practice,
        })
        .collect()
}

/// Applies an answer: reschedules the card (unless `practice`) and logs it.
pub fn record_answer(
    progress: &mut Progress,
    scheduler: &Scheduler,
    entry_id: &str,
    kind: CardKind,
    rating: Rating,
    now: i64,
    practice: bool,
) {
    let before = progress.state(entry_id);
    progress.log.push(ReviewLogEntry {
        id: Some(crate::progress::new_answer_id()),
        time: now,
        card: entry_id.to_string(),
        kind,
        rating,
        elapsed_days: elapsed_days(before.last_review, now),
        phase: before.phase,
        practice,
        extra: toml::Table::new(),
    });
    if practice {
        return;
    }
    let after: CardState = scheduler.review(&before, rating, now);
    progress
        .cards
        .entry(entry_id.to_string())
        .or_default()
        .state = after;
}

/// A sitting of drills: serves cards one at a time and records answers.
#[derive(Debug, Clone)]
pub struct Session {
    practice: Option<VecDeque<String>>,
    /// Answers recorded in this session.
    pub answered: u32,
}

impl Session {
    /// Due cards, as [`due_queue`] gives them.
    pub fn due() -> Session {
        Session {
            practice: None,
            answered: 0,
        }
    }

    /// Practice: up to `limit` studied cards, least stable first, served
    /// without touching their schedule. Cards answered Again come round
    /// again at the end.
    pub fn practice(entries: &[Entry], progress: &Progress, limit: usize) -> Session {
        Session {
            practice: Some(
                practice_queue(entries, progress, limit)
                    .into_iter()
                    .map(|q| q.entry_id)
                    .collect(),
            ),
            answered: 0,
        }
    }

    pub fn is_practice(&self) -> bool {
        self.practice.is_some()
    }

    /// The card to show now, or `None` when the session is done.
    pub fn next_card(
        &self,
        entries: &[Entry],
        progress: &Progress,
        now: i64,
        utc_offset: i64,
    ) -> Option<Card> {
        let id = match &self.practice {
            Some(queue) => queue.front().cloned()?,
            None => {
                due_queue(entries, progress, now, utc_offset)
                    .into_iter()
                    .next()?
                    .entry_id
            }
        };
        let entry = entries.iter().find(|e| e.id == id)?;
        Some(card_for(entry, &progress.state(&id), entries))
    }

    /// Records the answer to `card` (returned by [`Session::next_card`]).
    pub fn answer(
        &mut self,
        progress: &mut Progress,
        scheduler: &Scheduler,
        card: &Card,
        rating: Rating,
        now: i64,
    ) {
        let practice = self.practice.is_some();
        record_answer(
            progress,
            scheduler,
            &card.entry_id,
            card.kind,
            rating,
            now,
            practice,
        );
        if let Some(queue) = &mut self.practice
            && queue.front() == Some(&card.entry_id)
        {
            queue.pop_front();
            if rating == Rating::Again {
                queue.push_back(card.entry_id.clone());
            }
        }
        self.answered += 1;
    }

    /// Cards left: what is due now, or the practice queue.
    pub fn remaining(
        &self,
        entries: &[Entry],
        progress: &Progress,
        now: i64,
        utc_offset: i64,
    ) -> usize {
        match &self.practice {
            Some(queue) => queue.len(),
            None => due_queue(entries, progress, now, utc_offset).len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Pos;
    use crate::progress::Store;
    use crate::quiz::cards::tests::entry;
    use crate::quiz::schedule::{DAY, day_start};

    /// 2026-01-01 09:00 UTC.
    const DAY1: i64 = 1_767_225_600 + 9 * 3600;

    /// A hand-moved clock, passed to the code under test as `now`.
    struct Clock(i64);

    impl Clock {
        fn now(&self) -> i64 {
            self.0
        }
        fn advance(&mut self, secs: i64) {
            self.0 += secs;
        }
    }

    fn glossary(n: usize) -> Vec<Entry> {
        (0..n)
            .map(|i| {
                entry(
                    &format!("e{i:02}"),
                    &format!("mot{i}"),
                    Pos::Noun,
                    &format!("word {i}"),
                )
            })
            .collect()
    }

    fn ids(q: &[QueueItem]) -> Vec<&str> {
        q.iter().map(|i| i.entry_id.as_str()).collect()
    }

    /// Answers whatever is due, with `rating`, until nothing is.
    fn drain(
        entries: &[Entry],
        progress: &mut Progress,
        s: &Scheduler,
        clock: &mut Clock,
        rating: Rating,
    ) -> u32 {
        let mut session = Session::due();
        while let Some(card) = session.next_card(entries, progress, clock.now(), 0) {
            session.answer(progress, s, &card, rating, clock.now());
            clock.advance(60 * 11);
            assert!(session.answered < 1000, "runaway session");
        }
        session.answered
    }

    #[test]
    fn new_card_goes_through_learning_into_review() {
        let entries = glossary(1);
        let mut p = Progress::new("p");
        let s = scheduler_for(&p, 0).expect("scheduler");
        let mut clock = Clock(DAY1);
        assert_eq!(entry_status(&p, "e00"), EntryStatus::New);

        let card = Session::due()
            .next_card(&entries, &p, clock.now(), 0)
            .expect("a card");
        assert!(matches!(
            card.kind,
            CardKind::Recognition | CardKind::Choice
        ));
        let mut session = Session::due();
        session.answer(&mut p, &s, &card, Rating::Good, clock.now());
        assert_eq!(p.state("e00").phase, Phase::Learning { step: 1 });
        assert_eq!(entry_status(&p, "e00"), EntryStatus::Learning);

        // Not due yet, but learn-ahead serves it when nothing else is left.
        let q = due_queue(&entries, &p, clock.now(), 0);
        assert_eq!(q[0].bucket, Bucket::Learning);
        clock.advance(600);
        let card = session
            .next_card(&entries, &p, clock.now(), 0)
            .expect("a card");
        session.answer(&mut p, &s, &card, Rating::Good, clock.now());
        let st = p.state("e00");
        assert_eq!(st.phase, Phase::Review);
        assert!(st.due >= day_start(day_index(clock.now(), 0) + 1, 0));
        assert!(session.next_card(&entries, &p, clock.now(), 0).is_none());
        assert_eq!(p.log.len(), 2);
        assert_eq!(p.log[0].phase, Phase::New);
        assert_eq!(p.log[1].phase, Phase::Learning { step: 1 });
    }

    #[test]
    fn lapse_sends_a_review_card_to_relearning() {
        let entries = glossary(1);
        let mut p = Progress::new("p");
        let s = scheduler_for(&p, 0).expect("scheduler");
        let mut clock = Clock(DAY1);
        record_answer(
            &mut p,
            &s,
            "e00",
            CardKind::Recognition,
            Rating::Easy,
            clock.now(),
            false,
        );
        assert_eq!(p.state("e00").phase, Phase::Review);
        clock.0 = p.state("e00").due + 3600;
        let card = Session::due()
            .next_card(&entries, &p, clock.now(), 0)
            .expect("due");
        assert!(matches!(card.kind, CardKind::Production | CardKind::Cloze));
        Session::due().answer(&mut p, &s, &card, Rating::Again, clock.now());
        let st = p.state("e00");
        assert_eq!(st.phase, Phase::Relearning { step: 0 });
        assert_eq!(st.lapses, 1);
        assert_eq!(
            p.log.last().map(|l| l.elapsed_days),
            Some((clock.now() - DAY1) as u32 / DAY as u32)
        );
        assert_eq!(
            due_queue(&entries, &p, clock.now() + 600, 0)[0].bucket,
            Bucket::Learning
        );
    }

    #[test]
    fn daily_new_card_limit() {
        let entries = glossary(30);
        let mut p = Progress::new("p");
        p.settings.new_per_day = 5;
        let s = scheduler_for(&p, 0).expect("scheduler");
        let mut clock = Clock(DAY1);
        let q = due_queue(&entries, &p, clock.now(), 0);
        assert_eq!(ids(&q), vec!["e00", "e01", "e02", "e03", "e04"]);

        drain(&entries, &mut p, &s, &mut clock, Rating::Good);
        assert_eq!(new_introduced_today(&p, clock.now(), 0), 5);
        assert!(due_queue(&entries, &p, clock.now(), 0).is_empty());
        // Practice answers do not use up the limit.
        let mut practice = Session::practice(&entries, &p, 3);
        let card = practice
            .next_card(&entries, &p, clock.now(), 0)
            .expect("card");
        practice.answer(&mut p, &s, &card, Rating::Good, clock.now());
        assert_eq!(new_introduced_today(&p, clock.now(), 0), 5);

        // The next local day brings five more.
        clock.0 = day_start(day_index(DAY1, 0) + 1, 0) + 60;
        let q = due_queue(&entries, &p, clock.now(), 0);
        let new: Vec<_> = q.iter().filter(|i| i.bucket == Bucket::New).collect();
        assert_eq!(new.len(), 5);
        assert_eq!(new[0].entry_id, "e05");
    }

    #[test]
    fn day_boundary_follows_the_utc_offset() {
        let entries = glossary(3);
        let mut p = Progress::new("p");
        p.settings.new_per_day = 1;
        let offset = -5 * 3600; // UTC-5: DAY1 09:00 UTC is 04:00 local.
        let s = scheduler_for(&p, offset).expect("scheduler");
        record_answer(
            &mut p,
            &s,
            "e00",
            CardKind::Choice,
            Rating::Good,
            DAY1,
            false,
        );
        assert!(
            due_queue(&entries, &p, DAY1 + 3 * 3600, offset)
                .iter()
                .all(|i| i.bucket != Bucket::New)
        );
        // 05:00 UTC next day is still the same local day at UTC-5...
        let next_utc_midnight = day_start(day_index(DAY1, 0) + 1, 0);
        assert_eq!(new_remaining_today(&p, next_utc_midnight + 3600, offset), 0);
        // ...but a new one at UTC.
        assert_eq!(new_remaining_today(&p, next_utc_midnight + 3600, 0), 1);
        assert_eq!(
            new_remaining_today(&p, next_utc_midnight + 6 * 3600, offset),
            1
        );
    }

    #[test]
    fn suspended_and_known_entries_are_not_drilled() {
        let entries = glossary(3);
        let mut p = Progress::new("p");
        p.set_deck_status("e00", DeckStatus::Suspended, DAY1);
        p.set_deck_status("e01", DeckStatus::Known, DAY1);
        assert_eq!(ids(&due_queue(&entries, &p, DAY1, 0)), vec!["e02"]);
        assert_eq!(entry_status(&p, "e01"), EntryStatus::Known);
        assert_eq!(entry_status(&p, "e00"), EntryStatus::New);
        p.set_deck_status("e00", DeckStatus::Active, DAY1 + 1);
        assert_eq!(ids(&due_queue(&entries, &p, DAY1, 0)), vec!["e00", "e02"]);
    }

    #[test]
    fn entries_the_pack_keeps_out_are_not_drilled_unless_the_learner_asks() {
        let mut entries = glossary(3);
        entries[0].drill = false;
        entries[2].drill = false;
        let mut p = Progress::new("p");
        assert_eq!(ids(&due_queue(&entries, &p, DAY1, 0)), vec!["e01"]);
        // studied before the pack changed: still out
        p.cards.entry("e02".into()).or_default().state.reps = 3;
        assert_eq!(ids(&due_queue(&entries, &p, DAY1, 0)), vec!["e01"]);
        // the learner puts one back in the deck
        p.set_deck_status("e00", DeckStatus::Active, DAY1);
        assert_eq!(ids(&due_queue(&entries, &p, DAY1, 0)), vec!["e00", "e01"]);
        assert!(in_deck(&entries[0], p.cards.get("e00")));
        assert!(!in_deck(&entries[2], p.cards.get("e02")));
        assert!(in_deck(&entries[1], None));
        let s = crate::quiz::stats::stats(&entries, &p, DAY1, 0);
        assert_eq!((s.new, s.new_today), (2, 2));
    }

    #[test]
    fn practice_leaves_the_schedule_alone() {
        let entries = glossary(4);
        let mut p = Progress::new("p");
        let s = scheduler_for(&p, 0).expect("scheduler");
        let mut clock = Clock(DAY1);
        drain(&entries, &mut p, &s, &mut clock, Rating::Good);
        record_answer(
            &mut p,
            &s,
            "e02",
            CardKind::Recognition,
            Rating::Again,
            clock.now(),
            false,
        );
        drain(&entries, &mut p, &s, &mut clock, Rating::Good);
        assert!(due_queue(&entries, &p, clock.now(), 0).is_empty());
        let cards_before = p.cards.clone();
        let log_before = p.log.len();

        let mut session = Session::practice(&entries, &p, 10);
        assert!(session.is_practice());
        assert_eq!(session.remaining(&entries, &p, clock.now(), 0), 4);
        let first = session
            .next_card(&entries, &p, clock.now(), 0)
            .expect("card");
        let least_stable = p
            .cards
            .iter()
            .min_by(|a, b| a.1.state.stability.total_cmp(&b.1.state.stability))
            .map(|(id, _)| id.clone());
        assert_eq!(Some(first.entry_id.clone()), least_stable);
        session.answer(&mut p, &s, &first, Rating::Again, clock.now());
        let mut served = 1;
        while let Some(card) = session.next_card(&entries, &p, clock.now(), 0) {
            session.answer(&mut p, &s, &card, Rating::Good, clock.now());
            served += 1;
        }
        assert_eq!(served, 5, "the card answered Again came round again");
        assert_eq!(p.cards, cards_before);
        assert_eq!(p.log.len(), log_before + 5);
        assert!(p.log[log_before..].iter().all(|l| l.practice));
    }

    #[test]
    fn two_days_with_a_reload_from_disk() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let store = Store::new(tmp.path());
        let entries = glossary(6);
        let mut clock = Clock(DAY1);

        let mut p = store.load("p", clock.now()).progress;
        p.settings.new_per_day = 4;
        let s = scheduler_for(&p, 0).expect("scheduler");
        // Day 1: e00 easy (long interval), e01 good twice (graduates to a
        // couple of days), e02 and e03 left in learning.
        let answer = |p: &mut Progress, id: &str, r: Rating, at: i64| {
            record_answer(p, &s, id, CardKind::Recognition, r, at, false);
        };
        answer(&mut p, "e00", Rating::Easy, clock.now());
        answer(&mut p, "e01", Rating::Good, clock.now());
        answer(&mut p, "e02", Rating::Again, clock.now());
        answer(&mut p, "e03", Rating::Good, clock.now());
        clock.advance(600);
        answer(&mut p, "e01", Rating::Good, clock.now());
        store.save(&p, clock.now()).expect("saved");
        assert_eq!(new_remaining_today(&p, clock.now(), 0), 0);
        assert!(
            due_queue(&entries, &p, clock.now() + LEARN_AHEAD_SECS + 60, 0)
                .iter()
                .all(|i| i.bucket == Bucket::Learning)
        );

        // Day 2, a fresh start of the app.
        clock.0 = DAY1 + DAY;
        let p2 = store.load("p", clock.now()).progress;
        assert_eq!(p2, p);
        let q = due_queue(&entries, &p2, clock.now(), 0);
        let learning: Vec<_> = q
            .iter()
            .filter(|i| i.bucket == Bucket::Learning)
            .map(|i| i.entry_id.as_str())
            .collect();
        let new: Vec<_> = q
            .iter()
            .filter(|i| i.bucket == Bucket::New)
            .map(|i| i.entry_id.as_str())
            .collect();
        assert_eq!(
            learning,
            vec!["e02", "e03"],
            "left-over learning cards first"
        );
        assert_eq!(new, vec!["e04", "e05"]);
        assert!(!ids(&q).contains(&"e00"));
        let e01_due = p2.state("e01").due;
        assert_eq!(ids(&q).contains(&"e01"), e01_due <= clock.now());
        // On the day e01 falls due, it is in the queue as a review.
        clock.0 = e01_due;
        let q = due_queue(&entries, &p2, clock.now(), 0);
        assert!(
            q.iter()
                .any(|i| i.entry_id == "e01" && i.bucket == Bucket::Review)
        );
        assert!(!ids(&q).contains(&"e00"));
    }

    #[test]
    fn known_once_stable_enough() {
        let mut p = Progress::new("p");
        p.cards.insert(
            "a".into(),
            CardRecord {
                state: CardState {
                    phase: Phase::Review,
                    stability: KNOWN_STABILITY_DAYS,
                    ..CardState::default()
                },
                ..CardRecord::default()
            },
        );
        assert_eq!(entry_status(&p, "a"), EntryStatus::Known);
        if let Some(r) = p.cards.get_mut("a") {
            r.state.stability = 3.0;
        }
        assert_eq!(entry_status(&p, "a"), EntryStatus::Learning);
    }
}
