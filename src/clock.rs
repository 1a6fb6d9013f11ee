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
            Clock::System => local_offset(self.now()),
            Clock::Fixed(_) => 0,
        }
    }
}

/// Seconds east of UTC at `time` by the system's time zone rules (`TZ`,
/// else `/etc/localtime`); 0 if the C library cannot say.
fn local_offset(time: i64) -> i64 {
    // `time_t` and `long` are 64 bits wherever a date past 2038 matters.
    let time = time as libc::time_t;
    // SAFETY: `tm` is plain data, written by `localtime_r` from `time`
    // (the reentrant form: no shared buffer; the zone is read on first use).
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&time, &mut tm).is_null() {
            0
        } else {
            tm.tm_gmtoff as i64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offset_is_a_real_time_zone_offset() {
        // Whatever zone the machine is in: within ±14 hours, whole minutes.
        let offset = Clock::System.utc_offset();
        assert!(offset.abs() <= 14 * 3600, "{offset}");
        assert_eq!(offset % 60, 0, "{offset}");
        assert_eq!(Clock::Fixed(0).utc_offset(), 0);
    }
}
