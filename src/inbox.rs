//! Everything that wakes the event loop arrives here, in one queue: the
//! terminal's events (read on a thread of their own), the worker's
//! results and the signal watcher's news. The loop sleeps until one of
//! them comes, so a dictionary answer or a stopping signal is acted on at
//! once rather than at the next tick of a timer, and an idle app uses no
//! processor at all.

use std::io;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

use crate::app::Outcome;

/// Why the event loop woke.
#[derive(Debug)]
pub enum Wake {
    /// A key, a paste, a mouse event or a new window size.
    Input(Event),
    /// The terminal could not be read (it is gone).
    InputFailed(io::Error),
    /// A slow effect's result (dictionary, IPA, speech).
    Result(Outcome),
    /// A signal came: the loop looks at [`crate::terminal::Watch`].
    Signal,
}

/// The queue the event loop sleeps on.
pub struct Inbox {
    receiver: Receiver<Wake>,
    sender: Sender<Wake>,
    reading: bool,
}

impl Inbox {
    pub fn new() -> Inbox {
        let (sender, receiver) = channel();
        Inbox {
            receiver,
            sender,
            reading: false,
        }
    }

    /// Where others put what must wake the loop.
    pub fn sender(&self) -> Sender<Wake> {
        self.sender.clone()
    }

    /// Starts reading the terminal on its own thread (once). Events typed
    /// before wait in the terminal meanwhile: nothing is lost by starting
    /// it only once the first frame is out.
    pub fn read_terminal(&mut self) {
        if self.reading {
            return;
        }
        self.reading = true;
        let sender = self.sender.clone();
        std::thread::spawn(move || {
            loop {
                let wake = match event::read() {
                    Ok(event) => Wake::Input(event),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => Wake::InputFailed(e),
                };
                let failed = matches!(wake, Wake::InputFailed(_));
                // The loop is gone once the app quits: so is this thread.
                if sender.send(wake).is_err() || failed {
                    return;
                }
            }
        });
    }

    /// The next thing to act on, waiting at most `timeout` (`None`: for as
    /// long as it takes); `None` when the time ran out.
    pub fn wait(&self, timeout: Option<Duration>) -> Option<Wake> {
        match timeout {
            Some(t) => self.receiver.recv_timeout(t).ok(),
            // The inbox holds a sender itself, so this never disconnects.
            None => self.receiver.recv().ok(),
        }
    }

    /// What is already waiting, without waiting.
    pub fn ready(&self) -> Option<Wake> {
        self.receiver.try_recv().ok()
    }
}
