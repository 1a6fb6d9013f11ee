//! The worker thread for slow effects: dictionary lookups (the first one
//! opens every dictionary found), IPA and speech with espeak-ng. Jobs go in
//! through a channel; results come back as outcomes the event loop feeds to
//! `update`. When jobs pile up (the cursor running over words), only the
//! latest of each kind is done.

use std::path::PathBuf;
use std::process::Child;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread;

use liseuse::dict::{Dictionaries, HOW_TO_INSTALL};
use liseuse::speech::Espeak;

use crate::app::{Effect, Outcome};

pub struct Worker {
    jobs: Sender<Effect>,
    results: Receiver<Outcome>,
    /// Jobs sent and not answered yet (speech answers only on failure).
    pending: usize,
}

impl Worker {
    /// Starts the thread; `dictionaries` are paths from the config, beside
    /// the standard places.
    pub fn start(dictionaries: Vec<PathBuf>) -> Worker {
        let (jobs, inbox) = channel::<Effect>();
        let (outbox, results) = channel::<Outcome>();
        thread::spawn(move || serve(&inbox, &outbox, &dictionaries));
        Worker {
            jobs,
            results,
            pending: 0,
        }
    }

    /// Whether the effect is one for the worker.
    pub fn takes(effect: &Effect) -> bool {
        matches!(
            effect,
            Effect::Define { .. } | Effect::Pronounce { .. } | Effect::Speak { .. }
        )
    }

    pub fn submit(&mut self, effect: Effect) {
        if !matches!(effect, Effect::Speak { .. }) {
            self.pending += 1;
        }
        // A worker that died leaves lookups waiting: nothing else breaks.
        let _ = self.jobs.send(effect);
    }

    /// A result, if one is ready.
    pub fn try_result(&mut self) -> Option<Outcome> {
        match self.results.try_recv() {
            Ok(outcome) => {
                if !matches!(outcome, Outcome::SpeechFailed(_)) {
                    self.pending = self.pending.saturating_sub(1);
                }
                Some(outcome)
            }
            Err(TryRecvError::Empty | TryRecvError::Disconnected) => None,
        }
    }

    /// Whether results are still expected (the event loop polls sooner).
    pub fn busy(&self) -> bool {
        self.pending > 0
    }
}

fn serve(inbox: &Receiver<Effect>, outbox: &Sender<Outcome>, extra: &[PathBuf]) {
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
                && outcome_sent(outbox, outcome).is_err()
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

fn outcome_sent(outbox: &Sender<Outcome>, outcome: Outcome) -> Result<(), ()> {
    outbox.send(outcome).map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn wait_for(worker: &mut Worker) -> Outcome {
        let start = Instant::now();
        loop {
            if let Some(o) = worker.try_result() {
                return o;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "no result");
            thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn lookups_come_back_as_outcomes() {
        // A dictionary the test writes; the standard places may add more,
        // so only this one's meaning is looked for.
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("t.index"), "liseusetest\tA\tF\n").expect("index");
        std::fs::write(dir.path().join("t.dict"), "found").expect("dict");
        let mut worker = Worker::start(vec![dir.path().join("t.index")]);
        worker.submit(Effect::Define {
            word: "liseusetests".into(),
            lemmas: vec!["liseusetest".into()],
        });
        assert!(worker.busy());
        match wait_for(&mut worker) {
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
