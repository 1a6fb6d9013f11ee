//! Where the time comes from: the system, or a fixed instant (tests,
//! `--now`). Only the event loop and the commands read it; `update` gets
//! the time as a value.

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
