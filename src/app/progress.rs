//! The learner's progress as the app holds it, with what is derived from
//! it (each entry's status, the statistics). Reading and writing the file
//! is the event loop's job: `save` only asks for it.

use liseuse::pack::Entry;
use liseuse::progress::Progress;
use liseuse::quiz::schedule::Scheduler;
use liseuse::quiz::session::{EntryStatus, entry_status, scheduler_for};
use liseuse::quiz::stats::{Stats, stats};

use super::effect::{Effect, Outcome};
use super::overlay::Overlay;
use super::{App, Turn};

pub struct Saved {
    pub progress: Progress,
    /// Whether there is a data directory to save to.
    pub persist: bool,
    pub scheduler: Scheduler,
    /// Seconds east of UTC where the learner's day starts.
    pub utc_offset: i64,
    /// Changes not on disk yet (a save failed and will be retried).
    pub unsaved: bool,
    /// Each entry's status, for marking the text.
    pub statuses: Vec<EntryStatus>,
    /// The statistics the Stats tab shows, as of the last change.
    pub stats: Stats,
    /// Whether `stats` are still to be made over the entries (see
    /// [`Saved::settle`]).
    stats_due: bool,
    /// When they were computed.
    pub as_of: i64,
}

impl Saved {
    pub fn new(
        progress: Progress,
        persist: bool,
        entries: &[Entry],
        now: i64,
        utc_offset: i64,
        stats_later: bool,
    ) -> Saved {
        let scheduler = scheduler_for(&progress, utc_offset)
            .or_else(|_| scheduler_for(&Progress::new(&progress.pack_id), utc_offset))
            .unwrap_or_else(|_| default_scheduler());
        // Later, those of no entry stand in (the history's alone).
        let counted = if stats_later { &[] } else { entries };
        let mut saved = Saved {
            stats: stats(counted, &progress, now, utc_offset),
            stats_due: stats_later,
            progress,
            persist,
            scheduler,
            utc_offset,
            unsaved: false,
            statuses: Vec::new(),
            as_of: now,
        };
        // The statistics are made above, once: a large glossary takes a
        // while.
        saved.statuses = saved.statuses_of(entries);
        saved
    }

    /// Makes the statistics if they were left for later: before any action
    /// is applied, so before anything can show them.
    pub fn settle(&mut self, entries: &[Entry], now: i64) {
        if self.stats_due {
            self.stats = stats(entries, &self.progress, now, self.utc_offset);
            self.as_of = now;
            self.stats_due = false;
        }
    }

    /// Recomputes what is derived from progress: once per change, not
    /// per frame.
    pub fn refresh(&mut self, entries: &[Entry], now: i64) {
        self.statuses = self.statuses_of(entries);
        self.stats = stats(entries, &self.progress, now, self.utc_offset);
        self.stats_due = false;
        self.as_of = now;
    }

    fn statuses_of(&self, entries: &[Entry]) -> Vec<EntryStatus> {
        entries
            .iter()
            .map(|e| entry_status(&self.progress, &e.id))
            .collect()
    }

    /// Drill answers (practice aside) in the last 30 days: (graded Hard or
    /// better, all), learning steps included, unlike retention.
    pub fn recent_answers(&self) -> (usize, usize) {
        let since = self.as_of - 30 * 86_400;
        self.progress
            .log
            .iter()
            .filter(|l| !l.practice && l.time > since && l.time <= self.as_of)
            .fold((0, 0), |(right, all), l| {
                let ok = l.rating >= liseuse::quiz::schedule::Rating::Hard;
                (right + usize::from(ok), all + 1)
            })
    }
}

/// Default settings always make a valid scheduler.
fn default_scheduler() -> Scheduler {
    match Scheduler::new(Default::default()) {
        Ok(s) => s,
        Err(e) => panic!("default scheduler settings are invalid: {e:?}"),
    }
}

impl App {
    /// Progress changed: derived figures follow, and it is written out.
    pub(crate) fn save(&mut self, turn: &mut Turn) {
        if self.saved.persist {
            self.saved.unsaved = true;
            turn.effects.push(Effect::SaveProgress);
        }
        self.saved.refresh(&self.study.pack.glossary, turn.now);
    }

    /// What came back from writing progress.
    pub(crate) fn saved_outcome(&mut self, outcome: Outcome, now: i64) {
        match outcome {
            Outcome::Saved { progress, notice } => {
                self.saved.progress = *progress;
                self.saved.unsaved = false;
                if self.quitting {
                    self.quit = true;
                }
                if let Some(n) = notice {
                    self.notice = Some(n);
                } else if self
                    .notice
                    .as_deref()
                    .is_some_and(|n| n.starts_with("Not saved"))
                {
                    self.notice = None;
                }
                self.saved.refresh(&self.study.pack.glossary, now);
            }
            Outcome::SaveFailed(e) => {
                self.saved.unsaved = true;
                self.notice = Some(format!(
                    "Not saved: {e}. Your answers are kept and saving will be retried."
                ));
                if std::mem::take(&mut self.quitting) {
                    self.overlay = Some(Overlay::Unsaved { error: e });
                }
            }
            Outcome::WrittenElsewhere(Ok((path, target))) => {
                self.overlay = None;
                self.farewell = Some(format!(
                    "Your progress could not be saved, so it was written to {}. \
                     Once the data folder can be written, copy it to {}.",
                    path.display(),
                    target.display()
                ));
                self.quit = true;
            }
            Outcome::WrittenElsewhere(Err(e)) => {
                self.notice = Some(format!("Not written elsewhere either: {e}"));
            }
            // Lookups and speech are the lookup module's.
            _ => {}
        }
    }
}
