//! Terminal set-up and restore, on every way out: normal exit, error,
//! panic and signals.
//!
//! Signals are turned into flags by a watcher thread ([`Watch`]), which
//! wakes the event loop; the loop, which owns the terminal, acts on them
//! between events:
//! - SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE
//!   stop the program: the loop makes a last save, restores the terminal
//!   and exits with 128 + the signal's number. If the loop does not get
//!   there within [`GRACE`] (a closed window can make it wait on the
//!   terminal), the watcher restores the terminal and exits by itself.
//! - SIGTSTP (`kill -TSTP`, or Ctrl-Z when it is not a key) gives the
//!   terminal back before stopping; SIGCONT takes it again and redraws,
//!   whoever stopped the program.

mod backend;
mod screen;

use std::fs::File;
use std::io::{self, IsTerminal, Stdout, Write};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{event, execute, queue};
use signal_hook::consts::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGPIPE, SIGQUIT, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2,
};
use signal_hook::iterator::Signals;

/// How long the event loop gets to notice a stopping signal, save and
/// leave by itself.
const GRACE: Duration = Duration::from_secs(3);

/// Signals whose default action ends the program.
const STOPPING: [i32; 8] = [
    SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE,
];

/// What the signals asked for, read by the event loop.
pub struct Watch {
    flags: Arc<Flags>,
    /// The signals caught and what to wake, until [`Watch::listen`].
    waiting: Mutex<Option<(Signals, Wake)>>,
}

/// Set by the watcher thread, read by the event loop.
#[derive(Debug, Default)]
struct Flags {
    /// The first stopping signal received, 0 if none.
    stop: AtomicI32,
    suspend: AtomicBool,
    resumed: AtomicBool,
    /// Raised once the terminal is restored, so the watcher leaves it be.
    finished: AtomicBool,
}

/// What a signal wakes: the event loop.
type Wake = Box<dyn Fn() + Send>;

impl Watch {
    /// Catches the signals at once (their default actions no longer end
    /// the program); what they ask is noted from [`Watch::listen`] on, and
    /// `wake` is called after each, so the event loop acts on it at once.
    pub fn start(wake: impl Fn() + Send + 'static) -> io::Result<Arc<Watch>> {
        let signals = Signals::new(STOPPING.iter().chain(&[SIGTSTP, SIGCONT]))?;
        Ok(Arc::new(Watch {
            flags: Arc::default(),
            waiting: Mutex::new(Some((signals, Box::new(wake)))),
        }))
    }

    /// Starts the watcher thread, once the first frame is out (a thread is
    /// not free, and a signal caught before waits for it).
    pub fn listen(&self) {
        let Some((mut signals, wake)) = self.waiting.lock().ok().and_then(|mut w| w.take()) else {
            return;
        };
        let w = Arc::clone(&self.flags);
        std::thread::spawn(move || {
            for signal in signals.forever() {
                match signal {
                    SIGTSTP => w.suspend.store(true, Ordering::SeqCst),
                    SIGCONT => w.resumed.store(true, Ordering::SeqCst),
                    _ => {
                        if w.stop.swap(signal, Ordering::SeqCst) != 0 {
                            continue;
                        }
                        let w = Arc::clone(&w);
                        std::thread::spawn(move || {
                            std::thread::sleep(GRACE);
                            if !w.finished.load(Ordering::SeqCst) {
                                leave();
                                std::process::exit(128 + signal);
                            }
                        });
                    }
                }
                wake();
            }
        });
    }

    /// The stopping signal received, if any.
    pub fn stop_signal(&self) -> Option<i32> {
        Some(self.flags.stop.load(Ordering::SeqCst)).filter(|s| *s != 0)
    }

    /// Whether a SIGTSTP came since the last call.
    pub fn take_suspend(&self) -> bool {
        self.flags.suspend.swap(false, Ordering::SeqCst)
    }

    /// Whether a SIGCONT came since the last call.
    pub fn take_resumed(&self) -> bool {
        self.flags.resumed.swap(false, Ordering::SeqCst)
    }

    /// The terminal is restored: the watcher must not touch it again.
    pub fn finish(&self) {
        self.flags.finished.store(true, Ordering::SeqCst);
    }
}

/// Whether the interface can run here: standard output must be a terminal
/// and the process must have a controlling terminal to read keys from.
pub fn check_available() -> Result<(), String> {
    if !io::stdout().is_terminal() {
        return Err(
            "liseuse shows the text in a terminal, and its output is not one. \
                    To print the glossary instead, use `liseuse export`."
                .into(),
        );
    }
    if File::open("/dev/tty").is_err() {
        return Err(
            "liseuse needs a terminal to read keys from, and this process has none \
             (over ssh, use `ssh -t`). `liseuse check`, `stats` and `export` work without one."
                .into(),
        );
    }
    Ok(())
}

pub use screen::Term;

/// Set by the panic hook once it has given the terminal back.
static PANICKED: AtomicBool = AtomicBool::new(false);

/// Standard output, for the frame buffer: after a panic has given the
/// terminal back, whatever the buffer still holds (the set-up sequences
/// before the first frame, part of a frame) is dropped, where unwinding
/// would have written it after the restore and set every mode again.
pub struct Output(Stdout);

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if PANICKED.load(Ordering::SeqCst) {
            return Ok(buf.len());
        }
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        if PANICKED.load(Ordering::SeqCst) {
            return Ok(());
        }
        self.0.flush()
    }
}

/// Room for a full frame of a usual window with its colour sequences (it
/// grows for larger ones).
const FRAME_BUFFER: usize = 32 * 1024;

/// Enters the alternate screen with raw mode, mouse reporting and
/// bracketed paste.
///
/// The terminal's event reader starts first, so that its SIGWINCH handler is
/// in place before the size is read: a window resized at any moment of
/// start-up then yields a resize event, never a frame stuck at a stale size.
/// The set-up sequences wait in the buffer and leave with the first frame.
pub fn enter() -> io::Result<Term> {
    let _ = event::poll(Duration::ZERO);
    // The terminal is restored before the panic message is printed.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICKED.store(true, Ordering::SeqCst);
        leave();
        previous(info);
    }));
    enable_raw_mode()?;
    let mut out = backend::FrameWriter::new(Output(io::stdout()), FRAME_BUFFER);
    let started = queue!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
    .and_then(|()| Term::new(out));
    if started.is_err() {
        leave();
    }
    started
}

/// Gives the terminal back as it was: every mode `enter` set is undone,
/// the cursor shown. Errors are ignored (the terminal may be gone), and
/// nothing is printed about them.
pub fn leave() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Ctrl-Z or SIGTSTP: give the terminal back, stop, and take it again when
/// continued. SIGSTOP does the stopping: SIGTSTP is caught here.
pub fn suspend(terminal: &mut Term) -> io::Result<()> {
    let _ = terminal.backend_mut().flush();
    leave();
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    resume(terminal)
}

/// After SIGCONT: raw mode, the alternate screen, mouse reporting and
/// bracketed paste again (the shell may have reset them), and a full
/// redraw at the next frame.
pub fn resume(terminal: &mut Term) -> io::Result<()> {
    // Raw mode is set afresh even if this process thinks it is on.
    let _ = disable_raw_mode();
    enable_raw_mode()?;
    execute!(
        terminal.backend_mut(),
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    // The next frame is drawn whole.
    terminal.forget_shown();
    Ok(())
}
