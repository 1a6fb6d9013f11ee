//! Terminal set-up and restore, on every way out: normal exit, error,
//! panic and signals.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

/// How long the event loop gets to notice a signal and leave by itself.
const GRACE: Duration = Duration::from_millis(600);

/// Raised by SIGTERM, SIGHUP, SIGQUIT or SIGINT; the event loop checks it.
///
/// A watcher thread also restores the terminal and exits if the loop has
/// not left within a grace period: when the window is closed, reads from
/// the terminal fail and the event loop may never get to check the flag.
/// `finished` is raised by the caller once the terminal is restored.
pub fn stop_flag(finished: Arc<AtomicBool>) -> io::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGQUIT, SIGINT])?;
    let raised = Arc::clone(&flag);
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            raised.store(true, Ordering::Relaxed);
            std::thread::sleep(GRACE);
            if !finished.load(Ordering::Relaxed) {
                leave();
                std::process::exit(128 + signal);
            }
        }
    });
    Ok(flag)
}

pub fn stopped(flag: &AtomicBool) -> bool {
    flag.load(Ordering::Relaxed)
}

/// Enters the alternate screen with raw mode and mouse reporting.
pub fn enter() -> DefaultTerminal {
    // Installed before ratatui's own hook, so it runs after the restore.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    let terminal = ratatui::init();
    let _ = execute!(io::stdout(), EnableMouseCapture);
    terminal
}

pub fn leave() {
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    let _ = io::stdout().flush();
}

/// Ctrl-Z: give the terminal back, stop, and take it again on `fg`.
pub fn suspend(terminal: &mut DefaultTerminal) -> io::Result<()> {
    leave();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    *terminal = ratatui::init();
    execute!(io::stdout(), EnableMouseCapture)?;
    terminal.clear()
}
