//! The worker thread for slow effects: dictionary lookups (the first one
//! opens every dictionary found), IPA and speech with espeak-ng. Jobs go in
//! through a channel; each result is handed to a `deliver` function (the
//! event loop's inbox, which wakes it) as an outcome to feed to `update`.
//! When jobs pile up (the cursor running over words), only the latest of
//! each kind is done.
//!
//! The thread starts with the first job or when [`Worker::warm_up`] is
//! called once the first frame is out; its first task then is to open the
//! lexicon, so that the interface thread never waits for that.

use std::path::PathBuf;
use std::process::Child;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use liseuse::dict::{Dictionaries, HOW_TO_INSTALL};
use liseuse::speech::Espeak;

use crate::app::{Effect, Outcome};

/// Where results go: called on the worker thread; `false` once nobody
/// listens any more (the thread then ends).
pub type Deliver = Box<dyn Fn(Outcome) -> bool + Send>;

pub struct Worker {
    /// Jobs for the thread, once it is started.
    jobs: Option<Sender<Effect>>,
    /// Jobs held until the frame that asked for them is out.
    held: Vec<Effect>,
    /// What the thread needs to start: the config's dictionaries and
    /// where results go.
    unstarted: Option<(Vec<PathBuf>, Deliver)>,
    /// Jobs sent and not answered yet (speech answers only on failure).
    pending: usize,
}

impl Worker {
    /// A worker whose thread starts when needed; `dictionaries` are paths
    /// from the config, beside the standard places.
    pub fn new(dictionaries: Vec<PathBuf>, deliver: Deliver) -> Worker {
        Worker {
            jobs: None,
            held: Vec::new(),
            unstarted: Some((dictionaries, deliver)),
            pending: 0,
        }
    }

    /// Starts the thread now (it opens the lexicon first), if not started.
    pub fn warm_up(&mut self) {
        if let Some((dictionaries, deliver)) = self.unstarted.take() {
            let (jobs, inbox) = channel::<Effect>();
            thread::spawn(move || {
                behind_the_interface();
                liseuse::lexicon::lexicon();
                serve(&inbox, &*deliver, &dictionaries);
            });
            self.jobs = Some(jobs);
        }
    }

    /// Whether the effect is one for the worker.
    pub fn takes(effect: &Effect) -> bool {
        matches!(
            effect,
            Effect::Define { .. } | Effect::Pronounce { .. } | Effect::Speak { .. }
        )
    }

    /// Takes a job, to be sent by [`Worker::dispatch`]: the frame showing
    /// what the key did goes out first, with no lookup competing with it
    /// for the processor.
    pub fn submit(&mut self, effect: Effect) {
        if !matches!(effect, Effect::Speak { .. }) {
            self.pending += 1;
        }
        self.held.push(effect);
    }

    /// Sends the jobs taken since the last call to the thread.
    pub fn dispatch(&mut self) {
        if self.held.is_empty() {
            return;
        }
        self.warm_up();
        for effect in self.held.drain(..) {
            // A worker that died leaves lookups waiting: nothing else breaks.
            if let Some(jobs) = &self.jobs {
                let _ = jobs.send(effect);
            }
        }
    }

    /// A result came back (delivered through `deliver`).
    pub fn answered(&mut self, outcome: &Outcome) {
        if !matches!(outcome, Outcome::SpeechFailed(_)) {
            self.pending = self.pending.saturating_sub(1);
        }
    }

    /// Whether results are still expected.
    #[cfg(test)]
    pub fn busy(&self) -> bool {
        self.pending > 0
    }
}

/// Lookups run behind the interface: on Linux this thread, and the
/// espeak-ng processes it starts, get a lower priority (nice 10), so that
/// on a busy machine a key's frame never waits for them.
fn behind_the_interface() {
    #[cfg(target_os = "linux")]
    // SAFETY: changes the nice value of the calling thread only (Linux
    // keeps one per thread); nothing is read or written in memory.
    unsafe {
        let _ = libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 10);
    }
}

fn serve(inbox: &Receiver<Effect>, deliver: &dyn Fn(Outcome) -> bool, extra: &[PathBuf]) {
    let mut dictionaries: Option<Dictionaries> = None;
    let espeak = Espeak::default();
    let mut speaking: Option<Child> = None;
    while let Ok(first) = inbox.recv() {
        // Keep only the newest job of each kind; older ones still get an
        // answer (stale, dropped by the app) so the pending count settles.
        let mut batch = vec![first];
        batch.extend(inbox.try_iter());
        let newest = |kind: fn(&Effect) -> bool| batch.iter().rposition(kind);
        let define = newest(|e| matches!(e, Effect::Define { .. }));
        let pronounce = newest(|e| matches!(e, Effect::Pronounce { .. }));
        let speak = newest(|e| matches!(e, Effect::Speak { .. }));
        for (i, job) in batch.into_iter().enumerate() {
            let outcome = match job {
                Effect::Define { word, lemmas } if Some(i) == define => {
                    let dicts = dictionaries.get_or_insert_with(|| Dictionaries::load(extra));
                    let result = if dicts.is_empty() {
                        Err(HOW_TO_INSTALL.to_string())
                    } else {
                        Ok(dicts.define(&word, &lemmas))
                    };
                    Some(Outcome::Defined { word, result })
                }
                Effect::Define { word, .. } => Some(Outcome::Defined {
                    word,
                    result: Ok(Vec::new()),
                }),
                Effect::Pronounce { text } if Some(i) == pronounce => {
                    let result = espeak.ipa(&text).map_err(|e| e.to_string());
                    Some(Outcome::Pronounced { text, result })
                }
                Effect::Pronounce { text } => Some(Outcome::Pronounced {
                    text,
                    result: Err(String::new()),
                }),
                Effect::Speak { text } if Some(i) == speak => {
                    if let Some(mut child) = speaking.take() {
                        let _ = child.kill();
                        let _ = child.wait();
                    }
                    match espeak.speak(&text) {
                        Ok(child) => {
                            speaking = Some(child);
                            None
                        }
                        Err(e) => Some(Outcome::SpeechFailed(e.to_string())),
                    }
                }
                _ => None,
            };
            if let Some(outcome) = outcome
                && !deliver(outcome)
            {
                return;
            }
        }
        // Reap a finished speech so no zombie is left.
        if let Some(child) = speaking.as_mut()
            && matches!(child.try_wait(), Ok(Some(_)))
        {
            speaking = None;
        }
    }
    if let Some(mut child) = speaking {
        let _ = child.kill();
        let _ = child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn wait_for(worker: &mut Worker, results: &Receiver<Outcome>) -> Outcome {
        let outcome = results
            .recv_timeout(Duration::from_secs(10))
            .expect("a result");
        worker.answered(&outcome);
        outcome
    }

    #[test]
    fn lookups_come_back_as_outcomes() {
        // A dictionary the test writes; the standard places may add more,
        // so only this one's meaning is looked for.
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("t.index"), "liseusetest\tA\tF\n").expect("index");
        std::fs::write(dir.path().join("t.dict"), "found").expect("dict");
        let (sender, results) = channel();
        let deliver: Deliver = Box::new(move |o| sender.send(o).is_ok());
        let mut worker = Worker::new(vec![dir.path().join("t.index")], deliver);
        worker.submit(Effect::Define {
            word: "liseusetests".into(),
            lemmas: vec!["liseusetest".into()],
        });
        worker.dispatch();
        assert!(worker.busy());
        match wait_for(&mut worker, &results) {
            Outcome::Defined { word, result } => {
                assert_eq!(word, "liseusetests");
                let found = result.expect("a dictionary is open");
                assert!(found.iter().any(|d| d.text == "found"), "{found:?}");
            }
            other => panic!("{other:?}"),
        }
        assert!(!worker.busy());
    }
}
