//! Reading a long compiled text whole on another thread while its preview
//! is on screen (or, on a first open, waiting for the pack being compiled
//! behind it).
//!
//! The event loop starts it with the pack, shows the progress it reads
//! here in the status line, and hands the finished study to the app.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use liseuse::study::{Progress, Whole, WholeRead};

pub struct Indexing {
    done: Receiver<Option<WholeRead>>,
    progress: Arc<Progress>,
}

impl Indexing {
    /// Reads `whole` and joins the learner's own `words` to it, as the
    /// preview has them.
    pub fn start(
        whole: Whole,
        words: std::collections::BTreeMap<String, liseuse::progress::PersonalWord>,
    ) -> Indexing {
        let (send, done) = channel();
        let progress = Arc::new(Progress::new(0));
        let counter = Arc::clone(&progress);
        std::thread::spawn(move || {
            // The receiver is gone only if the app already quit.
            let _ = send.send(whole.read_reporting(&counter, &words));
        });
        Indexing { done, progress }
    }

    /// How far it got, in percent.
    pub fn percent(&self) -> u32 {
        self.progress.load(Ordering::Relaxed) / 10
    }

    /// The whole, once indexed; `Err` if the thread died or the compiled
    /// pack did not read back.
    pub fn finished(&self) -> Result<Option<WholeRead>, ()> {
        match self.done.try_recv() {
            Ok(Some(study)) => Ok(Some(study)),
            Ok(None) => Err(()),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(()),
        }
    }
}
