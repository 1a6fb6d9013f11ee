//! Terminal set-up and restore, on every way out: normal exit, error,
//! panic and signals.

use std::io::{self, BufWriter, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use ratatui::crossterm::{event, execute, queue};
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

/// The terminal, written through one buffer: ratatui flushes it once per
/// frame, so a frame reaches the terminal in one write rather than in the
/// 1 KB pieces stdout's own buffer would make of it.
pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Room for a full frame of a large window with its colour sequences.
const FRAME_BUFFER: usize = 256 * 1024;

/// Enters the alternate screen with raw mode and mouse reporting.
///
/// The terminal's event reader starts first, so that its SIGWINCH handler is
/// in place before the size is read: a window resized at any moment of
/// start-up then yields a resize event, never a frame stuck at a stale size.
/// The set-up sequences wait in the buffer and leave with the first frame.
pub fn enter() -> io::Result<Term> {
    let _ = event::poll(Duration::ZERO);
    // Installed before the restoring hook, so it runs after the restore.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    let restoring = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        restoring(info);
    }));
    enable_raw_mode()?;
    let mut out = BufWriter::with_capacity(FRAME_BUFFER, io::stdout());
    let started = queue!(out, EnterAlternateScreen, EnableMouseCapture)
        .and_then(|()| Terminal::new(CrosstermBackend::new(out)));
    if started.is_err() {
        ratatui::restore();
    }
    started
}

pub fn leave() {
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    let _ = io::stdout().flush();
}

/// Ctrl-Z: give the terminal back, stop, and take it again on `fg`.
pub fn suspend(terminal: &mut Term) -> io::Result<()> {
    terminal.backend_mut().flush()?;
    leave();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    enable_raw_mode()?;
    execute!(
        terminal.backend_mut(),
        EnterAlternateScreen,
        EnableMouseCapture
    )?;
    terminal.clear()
}
