//! A line on the terminal while the pack opens, if that takes more than a
//! moment: a large pack opened for the first time is read, checked and
//! indexed before its first screen (about 1.4 s for 10 MB), and a blank
//! terminal for that long looks like a hang. The line says what is
//! happening and counts the seconds; it is cleared before the interface
//! starts. A pack found in the cache opens well within the delay, so
//! nothing is ever shown for it.

use std::io::{IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long an open may take before the line appears.
const DELAY: Duration = Duration::from_millis(250);

/// Shows the line from another thread until dropped.
pub struct SlowNotice {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl SlowNotice {
    /// Starts the clock for `what` (already made safe to print); nothing
    /// is shown unless standard error is a terminal.
    pub fn start(what: String) -> SlowNotice {
        if !std::io::stderr().is_terminal() {
            return SlowNotice {
                stop: None,
                thread: None,
            };
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let delay = delay();
        let thread = std::thread::spawn(move || {
            let began = Instant::now();
            let mut shown = false;
            let mut wait = delay;
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(wait) {
                let seconds = began.elapsed().as_secs();
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r\x1b[2K{}", line(&what, seconds));
                let _ = err.flush();
                shown = true;
                wait = Duration::from_secs(1);
            }
            if shown {
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r\x1b[2K");
                let _ = err.flush();
            }
        });
        SlowNotice {
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for SlowNotice {
    /// Stops the clock and clears the line, before anything else is drawn.
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The line for `what` after `seconds`.
fn line(what: &str, seconds: u64) -> String {
    if seconds == 0 {
        format!("{what}…")
    } else {
        format!("{what}… {seconds} s")
    }
}

/// [`DELAY`]; in debug builds a test can set it
/// (`LISEUSE_TEST_SLOW_NOTICE_MS`) to see the line without a slow pack.
fn delay() -> Duration {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("LISEUSE_TEST_SLOW_NOTICE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return Duration::from_millis(ms);
    }
    DELAY
}

/// The longest file name the line quotes whole.
const NAME_CHARS: usize = 24;

/// What the line says while the pack at `path`, of `bytes` bytes, opens.
pub fn opening(path: &std::path::Path, bytes: u64) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    // One line on a narrow terminal, so that clearing it clears it all.
    let mut name = liseuse::pack::sanitize::clean(&name, false);
    if let Some((cut, _)) = name.char_indices().nth(NAME_CHARS) {
        name.truncate(cut);
        name.push('…');
    }
    format!(
        "Opening {name} ({:.1} MB): checking and indexing it",
        bytes as f64 / 1_000_000.0
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_counts_seconds_and_names_the_file_safely() {
        let what = opening(
            std::path::Path::new("/x/big\u{1b}]0;t\u{7}.toml"),
            10_500_000,
        );
        assert!(
            !what.contains('\u{1b}') && !what.contains('\u{7}'),
            "{what}"
        );
        assert!(what.starts_with("Opening big"), "{what}");
        assert!(what.contains("(10.5 MB)"), "{what}");
        let long = opening(std::path::Path::new(&"é".repeat(100)), 1);
        assert!(line(&long, 99).chars().count() <= 80, "{long}");
        assert_eq!(line("x", 0), "x…");
        assert_eq!(line("x", 3), "x… 3 s");
    }
}
