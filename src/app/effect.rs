//! What `update` asks the outside world to do, and what comes back.
//!
//! `update` never touches the file system, the clock or a process: it
//! returns effects, the event loop carries them out (see `crate::effects`)
//! and turns their results into `Action::Done(Outcome)`. Adding a slow
//! job (a dictionary lookup, speech, loading a pack) means one variant
//! here, one arm in the executor, and one `Outcome` if something comes back.

use std::path::PathBuf;

use liseuse::progress::Progress;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write `App::saved.progress` (drill reviews, deck changes, question
    /// results) to the data directory.
    SaveProgress,
    /// Ctrl-Z: hand the terminal back to the shell until `fg`.
    Suspend,
    /// Look a word up in the learner's dictionaries (its lemmas when the
    /// form itself is absent): a worker thread, `Outcome::Defined`.
    Define { word: String, lemmas: Vec<String> },
    /// The IPA of a word or expression (espeak-ng): `Outcome::Pronounced`.
    Pronounce { text: String },
    /// Say a word, sentence or paragraph aloud (espeak-ng), stopping what
    /// was being said; only a failure comes back.
    Speak { text: String },
    /// Quitting, the data folder cannot be written: put the progress in a
    /// new file elsewhere (the home folder, else the temporary folder).
    WriteElsewhere,
    /// List the packs with their progress: `Outcome::Packs`.
    ListPacks,
    /// Open another pack (an id of the library or a built-in one) as
    /// `--pack ID` does, in place of the one studied: the event loop's own.
    OpenPack { id: String },
}

/// The result of an effect, delivered as `Action::Done`.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Progress is on disk; `progress` is what the file now holds (merged
    /// with changes another run made), `notice` anything worth saying.
    Saved {
        progress: Box<Progress>,
        notice: Option<String>,
    },
    /// Progress could not be written; the app keeps it and retries.
    SaveFailed(String),
    /// Dictionary meanings of `word`, or why there are none (no
    /// dictionary installed: what to install).
    Defined {
        word: String,
        result: Result<Vec<liseuse::dict::Definition>, String>,
    },
    /// The IPA of `text`, or why there is none (no espeak-ng).
    Pronounced {
        text: String,
        result: Result<String, String>,
    },
    /// Speaking failed (no espeak-ng): what to install.
    SpeechFailed(String),
    /// [`Effect::WriteElsewhere`]: the file written and the progress file
    /// it stands in for, or why not.
    WrittenElsewhere(Result<(PathBuf, PathBuf), String>),
    /// [`Effect::ListPacks`]: every pack, built-in first.
    Packs(Vec<PackRow>),
}

/// One pack as the picker (and `liseuse list`) shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackRow {
    pub id: String,
    pub title: String,
    pub builtin: bool,
    /// Cards due today, and known/total, or `-` for a pack that does not load.
    pub due: String,
    pub known: String,
}
