//! Vocabulary drills: cards, grading of answers, scheduling, the choice of
//! what to show and study statistics.

pub mod cards;
pub mod fairness;
pub mod fsrs;
pub mod grade;
pub mod meaning;
pub mod schedule;
pub mod session;
pub mod stats;

pub use cards::{Card, CardKind, Face};
pub use grade::{GradeOptions, Verdict};
pub use schedule::{CardState, Phase, Rating, Scheduler, SchedulerSettings};
pub use session::{EntryStatus, Session, entry_status};
pub use stats::{Stats, stats};
