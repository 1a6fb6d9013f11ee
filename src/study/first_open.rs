//! A long pack opened for the first time: its first screen is shown as
//! soon as its metadata and text are read, while the rest (the glossary,
//! questions and notes, matching, anchoring, validation) goes on on
//! another thread. Before, the whole pack was compiled first: 10 MB took
//! about 0.7 s to its first screen, 1 MB about 0.1 s.
//!
//! A pack that turns out not to open is told the way any pack that does
//! not open is, once the interface has been taken down.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use super::{CacheAt, PackError, Progress, Study, Tell, compiled, preview_cut};
use crate::pack::{Meta, Pack, Text, sanitize};

/// What the compiling thread says, in this order.
enum Said {
    /// The beginning to show: the metadata, the text up to a line break
    /// past [`super::PREVIEW_BYTES`], and the whole text's length and
    /// fingerprint (progress is tied to them).
    Beginning {
        meta: Meta,
        beginning: String,
        text_len: usize,
        fingerprint: u64,
    },
    /// The whole pack, or why it does not open.
    Done(Box<Result<Study, PackError>>),
}

/// A first open as far as it went before something could be shown.
pub(super) enum Started {
    /// Nothing could be shown before the end (a short text, metadata after
    /// the text, a pack that does not open): the pack as loaded.
    Loaded(Result<Study, PackError>),
    /// A study of the text's beginning, and the rest still compiling.
    Previewing {
        preview: Study,
        text_len: usize,
        fingerprint: u64,
        compiling: Compiling,
    },
}

/// The pack still being compiled behind its preview.
pub struct Compiling {
    said: Receiver<Said>,
    progress: Arc<Progress>,
    /// The compiling thread, which writes the cache once it has handed
    /// the pack over: quitting waits for it a while.
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

/// Starts compiling `source` on another thread, waiting until either its
/// beginning can be shown or the pack is loaded. Its cache entry is
/// written by that thread only if a preview was shown (otherwise the
/// caller caches it once it is on screen, as for any pack). Kept out of
/// line: only a long pack's first open runs it, and inlined into its
/// caller it made the code every start runs 16 KB larger.
#[inline(never)]
pub(super) fn start(name: String, source: String, cache_at: Option<CacheAt>) -> Started {
    let (say, said) = channel();
    let progress = Arc::new(Progress::new(0));
    let counter = Arc::clone(&progress);
    let shown_name = name.clone();
    let thread = std::thread::spawn(move || -> std::io::Result<()> {
        let told = AtomicBool::new(false);
        // Called on the text's thread while this one reads on.
        let beginning = |meta: Meta, body: &str| {
            if let Some(said) = beginning_of(meta, body)
                && say.send(said).is_ok()
            {
                told.store(true, Ordering::Relaxed);
            }
        };
        let tell = Tell {
            beginning: &beginning,
            progress: &counter,
        };
        let loaded = Study::load_telling(&name, &source, Some(&tell));
        drop(source);
        let compiled = match (&loaded, &cache_at) {
            (Ok(study), Some(_)) if told.load(Ordering::Relaxed) => study.to_compiled(),
            _ => None,
        };
        // The receiver is gone only if the app already quit.
        let _ = say.send(Said::Done(Box::new(loaded)));
        match (compiled, cache_at) {
            (Some(bytes), Some(at)) => at.put(&bytes),
            _ => Ok(()),
        }
    });
    match said.recv() {
        Ok(Said::Beginning {
            meta,
            beginning,
            text_len,
            fingerprint,
        }) => Started::Previewing {
            preview: preview_study(meta, beginning),
            text_len,
            fingerprint,
            compiling: Compiling {
                said,
                progress,
                thread: Some(thread),
            },
        },
        Ok(Said::Done(loaded)) => Started::Loaded(*loaded),
        // The thread ended saying nothing: it panicked, and so does this.
        Err(_) => match thread.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(_) => Started::Loaded(Err(crate::pack::Problem::new(
                &shown_name,
                None,
                "the pack could not be read",
            )
            .into())),
        },
    }
}

/// What to say of the text read, if it is long enough to be worth a
/// preview and its metadata names the progress file.
fn beginning_of(meta: Meta, body: &str) -> Option<Said> {
    if !crate::library::is_file_safe_id(&meta.id) {
        return None;
    }
    let cut = preview_cut(body.as_bytes())?;
    Some(Said::Beginning {
        meta,
        beginning: body.get(..cut)?.to_string(),
        text_len: body.len(),
        fingerprint: compiled::text_fingerprint(body),
    })
}

/// A study of the beginning alone: no glossary, questions or notes yet.
fn preview_study(meta: Meta, beginning: String) -> Study {
    let mut shell = Pack {
        pack: meta,
        text: Text { body: beginning },
        glossary: Vec::new(),
        questions: Vec::new(),
        translation: Vec::new(),
        notes: Vec::new(),
    };
    sanitize::clean_fields(&mut shell);
    Study::new(shell)
}

/// How long waiting for the pack looks at its progress.
const LOOK: Duration = Duration::from_millis(20);

impl Compiling {
    /// Waits for the pack, copying how far it got to `progress`; `None`
    /// if the compiling thread died.
    pub fn wait_reporting(&self, progress: &Progress) -> Option<Result<Study, PackError>> {
        loop {
            match self.said.recv_timeout(LOOK) {
                Ok(Said::Done(loaded)) => {
                    progress.store(1000, Ordering::Relaxed);
                    return Some(*loaded);
                }
                Ok(Said::Beginning { .. }) => {}
                Err(RecvTimeoutError::Timeout) => {
                    progress.store(self.progress.load(Ordering::Relaxed), Ordering::Relaxed);
                }
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// The compiling thread, to wait for a while on quitting (it writes
    /// the cache).
    pub fn take_thread(&mut self) -> Option<JoinHandle<std::io::Result<()>>> {
        self.thread.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::PREVIEW_FROM;

    /// The built-in pack with its text repeated past [`PREVIEW_FROM`].
    fn long_source() -> String {
        let (_, source) = crate::pack::BUILTIN[0];
        let body = Study::load("p.toml", source)
            .expect("valid")
            .text()
            .to_string();
        let mut text = body.clone();
        while text.len() < PREVIEW_FROM + 1000 {
            text.push_str("\n\n");
            text.push_str(&body);
        }
        source.replacen(&body, &text, 1)
    }

    fn wait(compiling: &Compiling) -> Result<Study, PackError> {
        let progress = Progress::new(0);
        let loaded = compiling.wait_reporting(&progress).expect("answered");
        assert_eq!(progress.load(Ordering::Relaxed), 1000);
        loaded
    }

    /// The preview is the text's beginning with the pack's metadata and
    /// nothing else; the pack compiled behind it is the one loaded at once.
    #[test]
    fn a_long_pack_shows_its_beginning_first() {
        let source = long_source();
        let Started::Previewing {
            preview,
            text_len,
            fingerprint,
            compiling,
        } = start("p.toml".into(), source.clone(), None)
        else {
            panic!("no preview");
        };
        let whole = wait(&compiling).expect("valid");
        let loaded = Study::load("p.toml", &source).expect("valid");
        assert_eq!(whole.pack, loaded.pack);
        assert_eq!(whole.tokens, loaded.tokens);
        assert_eq!(text_len, whole.text().len());
        assert_eq!(fingerprint, compiled::text_fingerprint(whole.text()));
        assert_eq!(preview.pack.pack, whole.pack.pack);
        assert!(preview.pack.glossary.is_empty() && preview.pack.notes.is_empty());
        assert!(whole.text().starts_with(preview.text()));
        assert!(preview.text().len() < whole.text().len());
        assert_eq!(preview.tokens[..], whole.tokens[..preview.tokens.len()]);
    }

    /// No preview where it could mislead or is not worth it: metadata after
    /// the text (the progress file is named by it), or a short text.
    #[test]
    fn no_preview_without_metadata_first_or_for_a_short_text() {
        let source = long_source();
        let at = source.find("[text]").expect("a text table");
        // After the text's closing quotes, up to the next table.
        let open = at + source[at..].find("'''").expect("quoted") + 3;
        let close = open + source[open..].find("'''").expect("closed") + 3;
        let end = source[close..]
            .find("\n[")
            .map_or(source.len(), |i| close + i + 1);
        let moved = format!("{}{}{}", &source[at..end], &source[..at], &source[end..]);
        assert!(moved.find("[text]") < moved.find("[pack]"));
        let Started::Loaded(loaded) = start("p.toml".into(), moved.clone(), None) else {
            panic!("previewed without the metadata");
        };
        let loaded = loaded.expect("valid");
        assert_eq!(
            loaded.pack,
            Study::load("p.toml", &moved).expect("valid").pack
        );
        let (_, short) = crate::pack::BUILTIN[0];
        assert!(matches!(
            start("p.toml".into(), short.into(), None),
            Started::Loaded(Ok(_))
        ));
    }

    /// A pack that does not open is told, once compiled, with every
    /// problem `check` tells.
    #[test]
    fn a_faulty_long_pack_is_told_after_its_preview() {
        let source = long_source().replacen("[[glossary]]\nid = ", "[[glossary]]\nidd = ", 1);
        let Started::Previewing { compiling, .. } = start("p.toml".into(), source.clone(), None)
        else {
            panic!("no preview");
        };
        let told = wait(&compiling).err().expect("refused");
        let checked = Study::load("p.toml", &source).err().expect("refused");
        assert_eq!(told.to_string(), checked.to_string());
        assert!(told.to_string().contains("p.toml:"), "{told}");
    }
}
