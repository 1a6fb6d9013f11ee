//! Indexing a long text on another thread while its preview is on screen.
//!
//! The event loop starts it with the pack, shows the progress it reads
//! here in the status line, and hands the finished study to the app.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use liseuse::pack::Pack;
use liseuse::study::{Progress, Study};

pub struct Indexing {
    done: Receiver<Study>,
    progress: Arc<Progress>,
}

impl Indexing {
    pub fn start(pack: Pack) -> Indexing {
        let (send, done) = channel();
        let progress = Arc::new(Progress::new(0));
        let counter = Arc::clone(&progress);
        std::thread::spawn(move || {
            // The receiver is gone only if the app already quit.
            let _ = send.send(Study::new_reporting(pack, &counter));
        });
        Indexing { done, progress }
    }

    /// How far it got, in percent.
    pub fn percent(&self) -> u32 {
        self.progress.load(Ordering::Relaxed) / 10
    }

    /// The whole study, once indexed; `Err` if the thread died.
    pub fn finished(&self) -> Result<Option<Study>, ()> {
        match self.done.try_recv() {
            Ok(study) => Ok(Some(study)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(()),
        }
    }
}
