//! A loaded pack with everything derived from it once: tokens, glossary
//! matches, anchored passages and the glossary's alphabetical order.
//!
//! Built on load so that nothing per frame has to search the text.

use std::ops::Range;

use std::path::Path;

use crate::cache::PackCache;
use crate::pack::{Pack, PackError, load, read, sanitize, validate};
use crate::text::matching::GlossaryIndex;
use crate::text::normalize::fold_key;
use crate::text::quote::QuoteFinder;
use crate::text::tokenize::{Token, TokenKind};

pub mod compiled;
pub mod derive;
pub mod first_open;

/// The built-in pack, compiled by `build.rs` (empty if it could not be),
/// its strings' contents apart in [`BUILTIN_STRINGS`].
const BUILTIN_COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin-pack.bin"));
/// The built-in pack's strings, known to be UTF-8 as they are a `str`.
const BUILTIN_STRINGS: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin-strings.txt"));

/// Glossaries from this many entries on have their quiz cards checked on
/// threads of their own while the text is matched.
const GIVEAWAYS_APART: usize = 256;

/// Texts from this size on open on a preview of their beginning while the
/// whole is indexed on another thread (see [`Study::preview`]).
pub const PREVIEW_FROM: usize = 256 * 1024;
/// About how much of a long text its preview holds: two screens of a
/// 200×60 terminal (the whole replaces it some 30 ms later for 1 MB; what
/// a preview reads and indexes is most of a cached text's open).
const PREVIEW_BYTES: usize = 16 * 1024;

/// How far indexing got, in thousandths, for a progress display.
pub type Progress = std::sync::atomic::AtomicU32;

/// A compiled pack whose text is long, still to be read whole (on another
/// thread while a preview of its beginning is on screen).
pub struct Whole {
    /// The whole text's length and fingerprint (the preview has its
    /// beginning): progress is tied to them, and what is read is checked
    /// to be that text.
    text_len: usize,
    fingerprint: u64,
    /// The id to give the pack (`--pack-id`).
    pack_id: Option<String>,
    from: WholeFrom,
}

/// Where a long text's whole comes from.
enum WholeFrom {
    /// A cache entry.
    Entry {
        /// The entry to read: removed should it not read back, so that
        /// the next open compiles the pack afresh.
        entry: std::path::PathBuf,
        /// The hash of the entry's head as the preview read it, and the
        /// contents of its strings: the whole is read only from that same
        /// head, its strings not read again (see
        /// [`crate::cache::read_head_again`]).
        head_check: u128,
        strings: std::sync::Arc<String>,
    },
    /// The pack file, being compiled for the first time.
    Compiling(first_open::Compiling),
}

/// A long text read whole (see [`Whole`]).
pub enum WholeRead {
    /// The whole study, with the learner's own words joined.
    Study(Box<Study>),
    /// A pack opened for the first time, compiled: its preview had no
    /// glossary, questions or notes, so everything made of them is made
    /// again. The learner's own words are joined.
    Opened(Box<Study>),
    /// A pack opened for the first time that turned out not to open, and
    /// why (every problem, as `check` tells them).
    Refused(String),
    /// The whole text and what is derived from it, to complete the preview
    /// with (see [`Study::complete`]): the preview already has the pack.
    Text(Box<compiled::Large>),
}

/// Where a long text's preview ends, given its first bytes: after the
/// first line break past [`PREVIEW_BYTES`]; `None` if there is none there.
fn preview_end(first: &[u8]) -> Option<usize> {
    first
        .get(PREVIEW_BYTES..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map(|i| PREVIEW_BYTES + i + 1)
}

/// Where a long text's preview ends, for texts from [`PREVIEW_FROM`]
/// bytes (see [`preview_end`]).
fn preview_cut(body: &[u8]) -> Option<usize> {
    (body.len() >= PREVIEW_FROM)
        .then(|| preview_end(body))
        .flatten()
}

/// A cache entry read whole by `decode` (given the head, the rest read on
/// demand and the rest's length): the rest is checked against its hash
/// in a pass first, and the head handed over, to be let go once read.
fn read_whole<T>(
    mut cached: crate::cache::CachedHead,
    decode: impl FnOnce(
        Vec<u8>,
        &compiled::Strings,
        &dyn Fn(usize, usize) -> Option<Vec<u8>>,
        usize,
    ) -> Option<T>,
) -> Option<T> {
    if !cached.rest_holds() {
        return None;
    }
    let rest_len = cached.rest_len()?;
    let head = std::mem::take(&mut cached.head);
    let strings = cached.strings_apart();
    decode(
        head,
        &strings,
        &|at, len| cached.read_rest(at, len),
        rest_len,
    )
}

impl Whole {
    /// The whole study; `None` if the bytes turn out inconsistent.
    /// `progress` reaches 1000 when it is read.
    pub fn study_reporting(self, progress: &Progress) -> Option<Study> {
        let mut study = self
            .read_with(progress, Study::decode_entry, |parts| {
                (parts.text_len, parts.text_fingerprint)
            })
            .map(Study::from_parts)?;
        if let Some(id) = self.pack_id {
            study.pack.pack.id = id;
        }
        Some(study)
    }

    /// The whole text and what is derived from it, without the pack's
    /// strings (the preview has them: see [`Study::complete`]); `None` if
    /// the bytes turn out inconsistent or the entry's head is not the one
    /// the preview read. `progress` reaches 1000 when it is read.
    pub fn text_reporting(self, progress: &Progress) -> Option<compiled::Large> {
        self.read_with(
            progress,
            |cached| read_whole(cached, compiled::decode_large),
            |large| (large.text.len(), large.text_fingerprint),
        )
    }

    /// The cache entry read whole by `read`, if its head is the one the
    /// preview read and its text is the preview's (`text` gives its length
    /// and fingerprint as the entry has them); the entry is removed
    /// otherwise, so that the next open compiles the pack afresh.
    /// `progress` reaches 1000 when it is read.
    fn read_with<T>(
        &self,
        progress: &Progress,
        read: impl FnOnce(crate::cache::CachedHead) -> Option<T>,
        text: impl Fn(&T) -> (usize, u64),
    ) -> Option<T> {
        let WholeFrom::Entry {
            entry,
            head_check,
            strings,
        } = &self.from
        else {
            return None;
        };
        let whole = crate::cache::read_head_again(entry.clone(), strings, *head_check)
            .and_then(read)
            .filter(|whole| text(whole) == (self.text_len, self.fingerprint));
        match whole {
            Some(_) => progress.store(1000, std::sync::atomic::Ordering::Relaxed),
            None => {
                let _ = std::fs::remove_file(entry);
            }
        }
        whole
    }

    /// Reads the whole: without the pack's strings unless the learner's
    /// `words` are to be joined to it (see [`WholeRead`]).
    pub fn read_reporting(
        self,
        progress: &Progress,
        words: &std::collections::BTreeMap<String, crate::progress::PersonalWord>,
    ) -> Option<WholeRead> {
        if let WholeFrom::Compiling(compiling) = &self.from {
            return Some(match compiling.wait_reporting(progress)? {
                Ok(mut study) => {
                    if let Some(id) = self.pack_id {
                        study.pack.pack.id = id;
                    }
                    if crate::personal::has_words(words) {
                        study = crate::personal::with_words(study, words);
                    }
                    WholeRead::Opened(Box::new(study))
                }
                Err(refused) => WholeRead::Refused(refused.to_string()),
            });
        }
        if !crate::personal::has_words(words) {
            self.text_reporting(progress)
                .map(|large| WholeRead::Text(Box::new(large)))
        } else {
            self.study_reporting(progress)
                .map(|study| WholeRead::Study(Box::new(crate::personal::with_words(study, words))))
        }
    }

    /// A pack compiled now: the thread compiling it, which then writes it
    /// to the cache (to wait for a while on quitting).
    pub fn take_caching(&mut self) -> Option<std::thread::JoinHandle<std::io::Result<()>>> {
        match &mut self.from {
            WholeFrom::Compiling(compiling) => compiling.take_thread(),
            WholeFrom::Entry { .. } => None,
        }
    }

    /// Whether the pack itself is still being compiled (its preview has
    /// the text's beginning alone), not only its text read.
    pub fn is_compiling(&self) -> bool {
        matches!(self.from, WholeFrom::Compiling(_))
    }

    /// The cache entry's strings as the preview read them.
    #[cfg(test)]
    fn strings_mut(&mut self) -> &mut std::sync::Arc<String> {
        match &mut self.from {
            WholeFrom::Entry { strings, .. } => strings,
            WholeFrom::Compiling(_) => panic!("no cache entry read"),
        }
    }

    /// Gives the pack another id (`--pack-id`).
    pub fn set_id(&mut self, id: &str) {
        self.pack_id = Some(id.to_string());
    }

    /// The whole text's fingerprint, as progress files keep it (see
    /// [`crate::library::text_hash`]).
    pub fn text_hash(&self) -> String {
        crate::library::format_text_hash(self.fingerprint)
    }
}

/// A pack just compiled from its file, still to be written to the cache
/// (see [`Study::open_deferring`]).
pub struct ToCache {
    at: CacheAt,
    opened: Opened,
}

/// Where a pack compiled from its file goes in the cache.
#[derive(Clone)]
struct CacheAt {
    cache: PackCache,
    /// The key of the file's bytes, which the entry is filed under.
    key: crate::cache::Key,
    /// The file's stat before it was read, remembered with the entry.
    seen: Option<crate::cache::FileStat>,
    path: std::path::PathBuf,
}

impl CacheAt {
    /// Writes the compiled pack, and remembers the file's stat with it.
    fn put(&self, compiled: &[u8]) -> std::io::Result<()> {
        self.cache.put_for(self.key, compiled)?;
        match &self.seen {
            Some(seen) => self.cache.remember(&self.path, seen, self.key),
            None => Ok(()),
        }
    }
}

/// What the study was when its pack was read, to know it again: its id,
/// its entries that look like the learner's own and how many there are.
#[derive(Debug, PartialEq, Eq)]
struct Opened {
    id: String,
    entries: usize,
    personal: Vec<String>,
    text_len: usize,
}

impl Opened {
    fn of(study: &Study) -> Opened {
        let glossary = &study.pack.glossary;
        Opened {
            id: study.pack.pack.id.clone(),
            entries: glossary.len(),
            personal: glossary
                .iter()
                .filter(|e| crate::personal::is_personal(e))
                .map(|e| e.id.to_string())
                .collect(),
            text_len: study.text().len(),
        }
    }
}

impl ToCache {
    /// Compiles `study` and writes it to the cache on another thread, if it
    /// is still the pack as read from its file: a study given another id
    /// (`--pack-id`) or joined with the learner's own words is not, and is
    /// not written (the cache holds the file's pack, for whoever opens it;
    /// write it before either change). The thread is handed back: it
    /// need not be waited for.
    pub fn write(self, study: &Study) -> Option<std::thread::JoinHandle<std::io::Result<()>>> {
        if Opened::of(study) != self.opened {
            return None;
        }
        let bytes = study.to_compiled()?;
        let at = self.at;
        Some(std::thread::spawn(move || at.put(&bytes)))
    }
}

pub struct Study {
    pub pack: Pack,
    pub tokens: Vec<Token>,
    pub index: GlossaryIndex,
    /// Glossary entries in French alphabetical order.
    pub order: Vec<usize>,
    pub paragraphs: Vec<Range<usize>>,
    /// Byte ranges of each question's passages.
    pub question_passages: Vec<Vec<Range<usize>>>,
    /// Byte ranges of each note's passages.
    pub note_passages: Vec<Vec<Range<usize>>>,
    /// Where each entry's sentence sits in the text.
    pub entry_sentences: Vec<Option<Range<usize>>>,
    /// Which entries had their forms found from their lemma, and the forms
    /// lemma matching left to entries that list them.
    pub lemma_matching: crate::lexicon::forms::LemmaMatching,
    /// Accent-folded search keys per entry: term, forms and meaning.
    /// Made on the first search: folding thousands of entries takes longer
    /// than the whole first screen of a large pack.
    search_keys: std::sync::OnceLock<Vec<String>>,
}

/// What a pack is loaded for: a check keeps only what validation needs.
#[derive(Clone, Copy)]
enum Purpose {
    /// To read, warnings included.
    Reading,
    /// To read, warnings left out (they are not shown): a pack that does
    /// not load is checked again in full, so that it is told as `check`
    /// tells it.
    Opening,
    Checking,
}

impl Purpose {
    fn derive(
        self,
        pack: &Pack,
        work: Option<derive::TextWork>,
    ) -> (derive::Derived, QuoteFinder, Vec<(usize, String)>) {
        match self {
            Purpose::Reading | Purpose::Opening => derive::derive_from(pack, &|_| {}, work),
            Purpose::Checking => derive::derive_for_checking(pack, work),
        }
    }

    /// Whether advice that never stops a pack from loading is worked out.
    fn warns(self) -> bool {
        !matches!(self, Purpose::Opening)
    }
}

/// Told, while a long pack opened for the first time is read, its
/// beginning and how far it got (see [`first_open`]).
pub(crate) struct Tell<'a> {
    /// The metadata and the whole text, cleaned, as soon as both are read
    /// (not called if the metadata came after the text or was faulty).
    pub beginning: &'a (dyn Fn(crate::pack::Meta, &str) + Sync),
    /// How far it got, in thousandths (see [`READING_SHARE`]).
    pub progress: &'a Progress,
}

/// How far a first open behind its preview is, in thousandths, once the
/// rest of its source is read (the glossary, questions and notes) and once
/// the text is matched and passages anchored; validating takes the rest
/// (seen on the benchmark's 10 MB pack: about 60, 350 and 250 ms).
const READING_SHARE: usize = 100;
const MATCHED_SHARE: u32 = 650;

impl Study {
    /// Parses, cleans, indexes and validates a pack's TOML source.
    /// Warnings are not worked out (the card checks behind them are a
    /// seventh of a large pack's first open); a pack that does not load is
    /// checked again in full and told as `check` tells it.
    pub fn load(name: &str, source: &str) -> Result<Study, PackError> {
        Study::load_telling(name, source, None)
    }

    /// Like [`Study::load`], telling `tell` what is read as it goes.
    pub(crate) fn load_telling(
        name: &str,
        source: &str,
        tell: Option<&Tell>,
    ) -> Result<Study, PackError> {
        match Study::load_checking(name, source, Purpose::Opening, tell) {
            Ok((mut study, _)) => {
                study.index.cover(&study.tokens);
                Ok(study)
            }
            Err(opening) => match Study::check(name, source) {
                Err(checked) => Err(checked),
                Ok(_) => Err(opening),
            },
        }
    }

    /// Like [`Study::load`], also returning the warnings of a pack that
    /// loads (unfinished entries, typography). A pack that does not load
    /// has its warnings among its problems.
    pub fn load_with_warnings(
        name: &str,
        source: &str,
    ) -> Result<(Study, Vec<crate::pack::Problem>), PackError> {
        let (mut study, warnings) = Study::load_checking(name, source, Purpose::Reading, None)?;
        study.index.cover(&study.tokens);
        Ok((study, warnings))
    }

    /// Checks a pack as [`Study::load_with_warnings`] does, for a caller
    /// that only needs the pack as loaded (ids and sentences filled in) and
    /// its warnings: `liseuse check` and `add`. What only a reader needs
    /// is not made, so a densely glossed text checks in less memory.
    pub fn check(name: &str, source: &str) -> Result<(Pack, Vec<crate::pack::Problem>), PackError> {
        Study::load_checking(name, source, Purpose::Checking, None)
            .map(|(study, warnings)| (study.pack, warnings))
    }

    /// Parses, cleans, indexes and validates a pack's source: a study
    /// whose index has no cover lists yet (see [`GlossaryIndex::scan`]),
    /// and the warnings. A study made for checking has neither tokens nor
    /// occurrences (see [`derive::derive_for_checking`]).
    fn load_checking(
        name: &str,
        source: &str,
        purpose: Purpose,
        tell: Option<&Tell>,
    ) -> Result<(Study, Vec<crate::pack::Problem>), PackError> {
        // Offsets into the text are 32-bit (pack files are limited far
        // below that anyway).
        if !compiled::fits(source.len()) {
            return Err(crate::pack::Problem::new(
                name,
                None,
                "the pack is larger than 4 GiB, more than a text can be; expected a smaller file",
            )
            .into());
        }
        let mut pending = read::Found::for_source(source);
        // The text is cleaned, tokenized and normalized for quotations on
        // another thread while the glossary and questions are read.
        let parallel_from = derive::PARALLEL_FROM;
        use std::sync::atomic::Ordering::Relaxed;
        let read_to = |done: usize, of: usize| {
            if let Some(tell) = tell {
                let share = done.saturating_mul(READING_SHARE) / of.max(1);
                tell.progress
                    .fetch_max(u32::try_from(share).unwrap_or(0), Relaxed);
            }
        };
        let (reading, work) = read::read_with_text(
            source,
            &mut pending,
            parallel_from,
            |mut body, meta| {
                // Read by doubling: kept as long as the study, at its size.
                body.shrink_to_fit();
                let changed = sanitize::clean_multiline(&mut body);
                if let (Some(tell), Some(meta)) = (tell, meta) {
                    (tell.beginning)(meta, &body);
                }
                let work = match purpose {
                    Purpose::Reading | Purpose::Opening => derive::TextWork::new(&body),
                    Purpose::Checking => derive::TextWork::tokens_only(&body),
                };
                (body, (work, changed))
            },
            &read_to,
        );
        let read::Reading {
            mut pack,
            mut spans,
            complete,
            meta_ok,
        } = reading;
        let problems = if complete {
            // The text was cleaned with its work (a pack with no text has
            // none to clean).
            sanitize::clean_fields(&mut pack);
            let (work, changed) = work.map_or((None, false), |(w, c)| (Some(w), c));
            if changed {
                // Cleaning changed the text: offsets into it no longer
                // map back to the source.
                spans.body = None;
            }
            // The quotation finder is large (a copy of the text and an
            // offset per word) and only validation needs it after
            // anchoring: it is dropped here.
            let (study, quotes, giveaways) = Study::build_checking(pack, work, purpose);
            if let Some(tell) = tell {
                tell.progress.fetch_max(MATCHED_SHARE, Relaxed);
            }
            let advice = purpose.warns().then_some(giveaways.as_slice());
            validate::validate(&study, &spans, &quotes, meta_ok, advice, &mut pending);
            let problems = crate::pack::error::locate_all(name, source, pending);
            if problems.iter().all(crate::pack::Problem::is_warning) {
                return Ok((study, problems));
            }
            problems
        } else {
            crate::pack::error::locate_all(name, source, pending)
        };
        Err(PackError { problems })
    }

    /// Like [`Study::load`], from raw bytes (any encoding problem reported).
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Study, PackError> {
        let source = load::decode(name, bytes)?;
        Study::load(name, &source)
    }

    /// Reads a pack file, refusing oversized ones before reading them.
    pub fn open(path: &Path) -> Result<Study, PackError> {
        let name = path.display().to_string();
        let source = load::read_file(path)?;
        Study::load(&name, &source)
    }

    /// Like [`Study::open`], through a cache of compiled packs: a pack
    /// opened before (the same source, wherever it now is) is neither
    /// parsed as TOML nor validated nor indexed again; one opened for the
    /// first time is, and is then cached (a cache that cannot be written is
    /// ignored, an entry that does not read back is compiled afresh).
    pub fn open_cached(path: &Path, cache: Option<&PackCache>) -> Result<Study, PackError> {
        let raw = load::read_bytes(path)?;
        if let Some(study) = cache
            .and_then(|c| c.get(&raw))
            .and_then(|bytes| Study::from_compiled(&bytes))
        {
            return Ok(study);
        }
        let name = path.display().to_string();
        let study = Study::load(&name, &load::decode(&name, &raw)?)?;
        if let (Some(cache), Some(bytes)) = (cache, study.to_compiled()) {
            let _ = cache.put(&raw, &bytes);
        }
        Ok(study)
    }

    /// Like [`Study::open_cached`], for reading: a file whose stat the
    /// cache remembers is not even read; a long text found in the cache
    /// opens on a study of its beginning (up to a line break past
    /// [`PREVIEW_BYTES`]), whose offsets and token numbers are those of the
    /// whole, and the whole comes back to be read on another thread. A pack
    /// compiled now is written to the cache on another thread, so that the
    /// first screen does not wait for the disk.
    pub fn open_previewing(
        path: &Path,
        cache: Option<&PackCache>,
    ) -> Result<(Study, Option<Whole>), PackError> {
        let (study, whole, to_cache) = Study::open_deferring(path, cache)?;
        if let Some(to_cache) = to_cache {
            to_cache.write(&study);
        }
        Ok((study, whole))
    }

    /// Like [`Study::open_previewing`], leaving a pack compiled now to be
    /// written to the cache by the caller ([`ToCache::write`]), once its
    /// first screen is out: compiling it takes as long as drawing that
    /// screen.
    pub fn open_deferring(
        path: &Path,
        cache: Option<&PackCache>,
    ) -> Result<(Study, Option<Whole>, Option<ToCache>), PackError> {
        let Some(cache) = cache else {
            return Study::open(path).map(|study| (study, None, None));
        };
        // Taken before the file is read: remembered only if unchanged since.
        let seen = crate::cache::FileStat::of(path);
        let (raw, key) = match seen.as_ref().and_then(|s| cache.known(s)) {
            Some(key) => (None, key),
            None => {
                let raw = load::read_bytes(path)?;
                let key = crate::cache::key(&raw);
                (Some(raw), key)
            }
        };
        if let Some((study, whole)) = Study::open_entry(cache, key) {
            if let (Some(_), Some(seen)) = (&raw, seen) {
                let (cache, path) = (cache.clone(), path.to_path_buf());
                std::thread::spawn(move || cache.remember(&path, &seen, key));
            }
            return Ok((study, whole, None));
        }
        let (raw, key) = match raw {
            Some(raw) => (raw, key),
            None => {
                // Read now: its key is of what was read.
                let raw = load::read_bytes(path)?;
                let key = crate::cache::key(&raw);
                (raw, key)
            }
        };
        let name = path.display().to_string();
        let source = load::decode_owned(&name, raw)?;
        let at = CacheAt {
            cache: cache.clone(),
            key,
            seen,
            path: path.to_path_buf(),
        };
        let study = if source.len() >= PREVIEW_FROM {
            match first_open::start(name, source, Some(at.clone())) {
                first_open::Started::Loaded(loaded) => loaded?,
                first_open::Started::Previewing {
                    preview,
                    text_len,
                    fingerprint,
                    compiling,
                } => {
                    let whole = Whole {
                        text_len,
                        fingerprint,
                        pack_id: None,
                        from: WholeFrom::Compiling(compiling),
                    };
                    return Ok((preview, Some(whole), None));
                }
            }
        } else {
            Study::load(&name, &source)?
        };
        let to_cache = ToCache {
            at,
            opened: Opened::of(&study),
        };
        Ok((study, None, Some(to_cache)))
    }

    /// The study cached under `key`: a preview and the whole to read for a
    /// long text, else the whole; `None` if there is no such entry or it
    /// does not read back.
    fn open_entry(cache: &PackCache, key: crate::cache::Key) -> Option<(Study, Option<Whole>)> {
        let cached = cache.head_for(key)?;
        let (text_len, fingerprint) = compiled::text_summary(&cached.head)?;
        if text_len >= PREVIEW_FROM
            && let Some(parts) = compiled::decode_preview(
                &cached.head,
                &cached.strings_apart(),
                &|at, len| cached.read_rest(at, len),
                &preview_end,
            )
        {
            let whole = Whole {
                text_len,
                fingerprint,
                pack_id: None,
                from: WholeFrom::Entry {
                    head_check: cached.check,
                    strings: std::sync::Arc::clone(&cached.strings),
                    entry: cached.path,
                },
            };
            return Some((Study::from_parts(parts), Some(whole)));
        }
        Study::decode_entry(cached).map(|parts| (Study::from_parts(parts), None))
    }

    /// The whole compiled pack of a cache entry, its rest checked in a
    /// pass and then read in parts.
    fn decode_entry(cached: crate::cache::CachedHead) -> Option<compiled::Parts> {
        read_whole(cached, compiled::decode_in_parts)
    }

    /// For a long text (from [`PREVIEW_FROM`] bytes), a study of its
    /// beginning (up to a line break past [`PREVIEW_BYTES`]) to show at once
    /// while the whole is indexed; the pack comes back whole either way.
    /// Offsets and token numbers of the preview are those of the whole.
    pub fn preview(mut pack: Pack) -> (Option<Study>, Pack) {
        let body = std::mem::take(&mut pack.text.body);
        let preview = preview_cut(body.as_bytes()).and_then(|cut| {
            let mut shell = pack.clone();
            shell.text.body = body.get(..cut)?.to_string();
            Some(Study::new(shell))
        });
        pack.text.body = body;
        (preview, pack)
    }

    /// Like [`Study::new`], counting its progress in thousandths.
    pub fn new_reporting(pack: Pack, progress: &Progress) -> Study {
        Study::build(pack, Some(progress)).0
    }

    /// The built-in statement, as compiled by the build script: no TOML to
    /// parse, nothing to validate, tokenize, match or anchor (a test checks
    /// the compiled study against the one loaded from the source). Should
    /// the compiled form ever fail to load, the source is loaded instead,
    /// with its problems reported.
    pub fn builtin() -> Result<Study, PackError> {
        match compiled::decode_apart(BUILTIN_COMPILED, BUILTIN_STRINGS).map(Study::from_parts) {
            Some(study) => Ok(study),
            None => {
                let (name, source) = crate::pack::BUILTIN[0];
                Study::load(name, source)
            }
        }
    }

    pub fn new(pack: Pack) -> Self {
        Study::build(pack, None).0
    }

    /// Derives everything from the pack, also returning the quotation
    /// finder it anchored passages with.
    fn build(mut pack: Pack, progress: Option<&Progress>) -> (Self, QuoteFinder) {
        crate::pack::defaults::fill_ids(&mut pack);
        // Entries without forms get those of their lemma in the text.
        let lemma_matching = crate::lexicon::forms::fill_forms(&mut pack);
        let report = |thousandths: u32| {
            if let Some(p) = progress {
                p.fetch_max(thousandths, std::sync::atomic::Ordering::Relaxed);
            }
        };
        let (mut derived, finder) = derive::derive(&mut pack, &report);
        derived.index.cover(&derived.tokens);
        (Study::from_derived(pack, derived, lemma_matching), finder)
    }

    /// Like [`Study::build`] from the text's work made while reading, for
    /// checking: also works out what gives each entry's quiz cards away
    /// (the longest check of a large glossary) while the text is matched.
    fn build_checking(
        mut pack: Pack,
        work: Option<derive::TextWork>,
        purpose: Purpose,
    ) -> (Self, QuoteFinder, Vec<Option<String>>) {
        crate::pack::defaults::fill_ids(&mut pack);
        let mut work = work;
        if pack.glossary.iter().any(|e| e.forms.is_empty())
            && let Some(work) = work.as_mut()
        {
            // Lemma matching holds a list of the text's words: the finder
            // makes room for it and is made again after.
            work.finder = None;
        }
        let tokens = work.as_ref().map(|w| w.tokens.as_slice());
        let lemma_matching = crate::lexicon::forms::fill_forms_from(&mut pack, tokens);
        // Entries without a sentence may get one from matching: theirs wait.
        let has_sentence = |e: &crate::pack::Entry| !e.sentence.is_empty();
        let waiting: Vec<usize> = (0..pack.glossary.len())
            .filter(|&i| !has_sentence(&pack.glossary[i]))
            .collect();
        // Two halves of the glossary on two threads: on a large glossary
        // this is the longest part, longer than matching the text. A small
        // pack is checked on this thread.
        let ((derived, finder, filled), mut giveaways) = if !purpose.warns() {
            (purpose.derive(&pack, work), Vec::new())
        } else if pack.glossary.len() < GIVEAWAYS_APART {
            let derived = purpose.derive(&pack, work);
            (
                derived,
                validate::card_giveaways(&pack.glossary, has_sentence),
            )
        } else {
            std::thread::scope(|scope| {
                let (first, second) = pack.glossary.split_at(pack.glossary.len() / 2);
                let first = scope.spawn(move || validate::card_giveaways(first, has_sentence));
                let second = scope.spawn(move || validate::card_giveaways(second, has_sentence));
                let derived = purpose.derive(&pack, work);
                match (first.join(), second.join()) {
                    (Ok(mut g), Ok(rest)) => {
                        g.extend(rest);
                        (derived, g)
                    }
                    (Err(panic), _) | (_, Err(panic)) => std::panic::resume_unwind(panic),
                }
            })
        };
        for (i, sentence) in filled {
            pack.glossary[i].sentence = sentence.into();
        }
        for i in waiting {
            if let (Some(g), Some(e)) = (giveaways.get_mut(i), pack.glossary.get(i)) {
                *g = validate::card_giveaways(std::slice::from_ref(e), |_| true)
                    .pop()
                    .flatten();
            }
        }
        let study = Study::from_derived(pack, derived, lemma_matching);
        (study, finder, giveaways)
    }

    fn from_derived(
        pack: Pack,
        derived: derive::Derived,
        lemma_matching: crate::lexicon::forms::LemmaMatching,
    ) -> Study {
        let derive::Derived {
            tokens,
            index,
            order,
            paragraphs,
            question_passages,
            note_passages,
            entry_sentences,
        } = derived;
        Study {
            pack,
            tokens,
            index,
            order,
            paragraphs,
            question_passages,
            note_passages,
            entry_sentences,
            lemma_matching,
            search_keys: std::sync::OnceLock::new(),
        }
    }

    /// A study from its [compiled](compiled) bytes; `None` if they are not
    /// a consistent compiled pack of this format (nothing is trusted).
    pub fn from_compiled(bytes: &[u8]) -> Option<Study> {
        compiled::decode(bytes).map(Study::from_parts)
    }

    /// A study from compiled parts read back (whole, or a preview).
    pub fn from_parts(parts: compiled::Parts) -> Study {
        let compiled::Parts {
            pack,
            derived,
            forms_derived,
            left_to_others,
            ..
        } = parts;
        let lemma_matching = crate::lexicon::forms::LemmaMatching {
            derived: forms_derived,
            left_to_others,
        };
        Study::from_derived(pack, derived, lemma_matching)
    }

    /// Completes a long text's preview with its whole, read apart from the
    /// pack (see [`Whole::text_reporting`]): the learner's own words, if
    /// any were joined meanwhile, are left out, to be joined again by the
    /// caller. `false`, and the study left as it was, unless the whole
    /// agrees with the pack's entries, questions and notes.
    pub fn complete(&mut self, large: compiled::Large) -> bool {
        let forms: Vec<usize> = self
            .pack
            .glossary
            .iter()
            .filter(|e| !crate::personal::is_personal(e))
            .map(|e| e.forms.len())
            .collect();
        if forms != large.forms
            || self.pack.questions.len() != large.questions
            || self.pack.notes.len() != large.notes
        {
            return false;
        }
        let mut pack = std::mem::take(&mut self.pack);
        pack.glossary.retain(|e| !crate::personal::is_personal(e));
        pack.text.body = large.text;
        let lemma_matching = crate::lexicon::forms::LemmaMatching {
            derived: large.forms_derived,
            left_to_others: large.left_to_others,
        };
        *self = Study::from_derived(pack, large.derived, lemma_matching);
        true
    }

    /// The study as [compiled](compiled) bytes; `None` for a text too large
    /// for 32-bit offsets.
    pub fn to_compiled(&self) -> Option<Vec<u8>> {
        let view = derive::DerivedView {
            tokens: &self.tokens,
            index: &self.index,
            order: &self.order,
            paragraphs: &self.paragraphs,
            question_passages: &self.question_passages,
            note_passages: &self.note_passages,
            entry_sentences: &self.entry_sentences,
        };
        compiled::encode(
            &self.pack,
            view,
            &self.lemma_matching.derived,
            &self.lemma_matching.left_to_others,
        )
    }

    pub fn text(&self) -> &str {
        &self.pack.text.body
    }

    /// Entries (in alphabetical order) whose term, forms or meaning contain
    /// the query, ignoring case and accents.
    pub fn filter(&self, query: &str) -> Vec<usize> {
        let q = fold_key(query.trim());
        self.order
            .iter()
            .copied()
            .filter(|&i| q.is_empty() || self.search_keys()[i].contains(&q))
            .collect()
    }

    /// Accent-folded search keys per entry: term, forms and meaning.
    fn search_keys(&self) -> &[String] {
        self.search_keys.get_or_init(|| {
            self.pack
                .glossary
                .iter()
                .map(|e| fold_key(&format!("{} {} {}", e.term, e.forms.join(" "), e.en)))
                .collect()
        })
    }

    /// The token containing a byte offset.
    pub fn token_at(&self, byte: usize) -> Option<usize> {
        if byte >= self.tokens.last().map_or(0, Token::end) {
            return None;
        }
        self.tokens
            .partition_point(|t| t.start() <= byte)
            .checked_sub(1)
    }

    /// Whether a token is something the word cursor can stop on.
    pub fn is_word(&self, token: usize) -> bool {
        self.tokens.get(token).is_some_and(|t| {
            matches!(
                t.kind,
                TokenKind::Word | TokenKind::Elision | TokenKind::Number
            )
        })
    }

    /// The text of a token.
    pub fn token_text(&self, token: usize) -> &str {
        self.tokens
            .get(token)
            .and_then(|t| self.text().get(t.range()))
            .unwrap_or("")
    }

    /// The paragraph holding a byte offset.
    pub fn paragraph_of(&self, byte: usize) -> Option<usize> {
        self.paragraphs
            .iter()
            .position(|p| p.start <= byte && byte <= p.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::text::tokenize::tokenize;

    /// Every field of two studies, compared (the search keys are a cache).
    fn assert_same(a: &Study, b: &Study) {
        assert_eq!(a.pack, b.pack);
        assert_eq!(a.tokens, b.tokens);
        assert_eq!(a.index, b.index);
        assert_eq!(a.order, b.order);
        assert_eq!(a.paragraphs, b.paragraphs);
        assert_eq!(a.question_passages, b.question_passages);
        assert_eq!(a.note_passages, b.note_passages);
        assert_eq!(a.entry_sentences, b.entry_sentences);
        assert_eq!(a.lemma_matching, b.lemma_matching);
    }

    /// A head read as the cache reads it, its strings' contents apart, gives
    /// the study the whole bytes give, its entries, questions, notes and
    /// translations borrowing those contents (no copy of each string);
    /// contents of another length are refused.
    #[test]
    fn entries_borrow_the_strings_read_apart() {
        let (name, source) = crate::pack::BUILTIN[0];
        let study = Study::load(name, source).expect("valid");
        let bytes = study.to_compiled().expect("fits");
        let head = compiled::head_len(&bytes).expect("compiled");
        let inline = compiled::strings_len(&bytes).expect("header");
        let contents = std::str::from_utf8(&bytes[head - inline..head]).expect("UTF-8");
        let all = std::sync::Arc::new(contents.to_string());
        let big = |at: usize, len: usize| bytes.get(head + at..head + at + len).map(<[u8]>::to_vec);
        let read_apart = |strings: std::sync::Arc<String>| {
            compiled::decode_in_parts(
                bytes[..head - inline].to_vec(),
                &compiled::Strings::Apart(strings),
                &big,
                bytes.len() - head,
            )
        };
        let parts = read_apart(std::sync::Arc::clone(&all)).expect("reads back");
        assert!(std::sync::Arc::strong_count(&all) > study.pack.glossary.len());
        let read = Study::from_parts(parts);
        assert_same(&read, &study);
        // Questions, notes and translations borrow theirs too.
        let within = |s: &str| {
            let (from, at) = (all.as_ptr() as usize, s.as_ptr() as usize);
            at >= from && at + s.len() <= from + all.len()
        };
        let pack = &read.pack;
        assert!(!pack.questions.is_empty() && !pack.notes.is_empty());
        assert!(
            pack.questions
                .iter()
                .all(|q| within(&q.prompt) && within(&q.explanation))
        );
        assert!(
            pack.questions
                .iter()
                .flat_map(|q| &q.choices)
                .all(|c| within(c))
        );
        assert!(
            pack.notes
                .iter()
                .all(|n| within(&n.title) && within(&n.body))
        );
        assert!(pack.translation.iter().all(|t| within(&t.en)));
        let shorter = std::sync::Arc::new(contents[1..].to_string());
        assert!(read_apart(shorter).is_none());
    }

    /// Reading a compiled study's whole apart from its pack steps over the
    /// pack exactly (every field of every entry, question, translation and
    /// note) and completes the study to what reading it all gives.
    #[test]
    fn the_whole_read_apart_completes_the_study() {
        let (name, source) = crate::pack::BUILTIN[0];
        let study = Study::load(name, source).expect("valid");
        let bytes = study.to_compiled().expect("fits");
        let head = compiled::head_len(&bytes).expect("compiled");
        let big = |at: usize, len: usize| bytes.get(head + at..head + at + len).map(<[u8]>::to_vec);
        let at_end = compiled::Strings::AtEnd;
        let large =
            compiled::decode_large(bytes[..head].to_vec(), &at_end, &big, bytes.len() - head)
                .expect("reads back");
        assert_eq!(large.text, study.text());
        let mut shell = Study::from_compiled(&bytes).expect("reads back");
        shell.pack.text.body.clear();
        shell.tokens.clear();
        assert!(shell.complete(large));
        assert_same(&shell, &study);
        // One byte short or long, it does not read.
        let short = compiled::decode_large(
            bytes[..head].to_vec(),
            &at_end,
            &big,
            bytes.len() - head - 1,
        );
        assert!(short.is_none());
    }

    /// The compiled built-in pack is exactly the study its TOML gives once
    /// parsed, cleaned, validated and indexed: start-up may skip all that.
    #[test]
    fn compiled_builtin_equals_the_validated_source() {
        let (name, source) = crate::pack::BUILTIN[0];
        let validated = Study::load(name, source).expect("the built-in pack is valid");
        let compiled = compiled::decode_apart(BUILTIN_COMPILED, BUILTIN_STRINGS)
            .map(Study::from_parts)
            .expect("the compiled pack loads");
        assert_same(&compiled, &validated);
        assert_same(&Study::builtin().expect("loads"), &validated);
    }

    /// The built-in pack's strings kept apart are read to the last, and
    /// strings that do not fit its bytes are refused, never misread.
    #[test]
    fn builtin_strings_apart_must_fit() {
        let mut shorter = BUILTIN_STRINGS.chars();
        shorter.next_back();
        assert!(compiled::decode_apart(BUILTIN_COMPILED, shorter.as_str()).is_none());
        let longer = format!("{BUILTIN_STRINGS}x").leak();
        assert!(compiled::decode_apart(BUILTIN_COMPILED, longer).is_none());
        assert!(compiled::decode(BUILTIN_COMPILED).is_none());
    }

    /// Checking a pack (its text worked on while the rest is read, quiz
    /// fairness worked out while the text is matched) gives the study the
    /// plain build gives, and the same warnings as checking each entry
    /// after the build: on a text long enough for the work to run on
    /// threads, with entries without forms or without a sentence.
    #[test]
    fn checking_while_reading_gives_the_plain_study() {
        let (_, source) = crate::pack::BUILTIN[0];
        let statement = Study::load("s.toml", source).expect("valid");
        let body = statement
            .text()
            .repeat(derive::PARALLEL_FROM / statement.text().len() + 2);
        let mut pack = statement.pack.clone();
        pack.text.body = body;
        pack.translation.clear();
        // Enough entries for their quiz cards to be checked on threads.
        let template = pack.glossary[0].clone();
        for k in 0..GIVEAWAYS_APART {
            let sentence = format!("Ici revient le motif{k} du texte.");
            pack.text.body.push_str(&format!("\n\n{sentence}"));
            pack.glossary.push(crate::pack::Entry {
                id: format!("motif{k}").into(),
                term: format!("motif{k}").into(),
                forms: vec![format!("motif{k}").into()].into(),
                en: format!("pattern {k}").into(),
                sentence: sentence.into(),
                ..template.clone()
            });
        }
        // Every third entry leaves out its forms where its lemma finds them.
        let mut bare = pack.clone();
        bare.glossary
            .iter_mut()
            .for_each(|e| e.forms.to_mut().clear());
        crate::lexicon::forms::fill_forms(&mut bare);
        for (i, (e, found)) in pack.glossary.iter_mut().zip(&bare.glossary).enumerate() {
            match i % 3 {
                0 if !found.forms.is_empty() => e.forms.to_mut().clear(),
                1 => e.sentence = crate::pack::Str::EMPTY,
                _ => {}
            }
        }
        assert!(pack.glossary.iter().filter(|e| e.forms.is_empty()).count() > 5);
        let toml = toml::to_string(&pack).expect("serialises");
        let (checked, warnings) = match Study::load_with_warnings("p.toml", &toml) {
            Ok(loaded) => loaded,
            Err(e) => panic!("{e}"),
        };
        let mut parsed = crate::pack::load::parse("p.toml", &toml).expect("parses");
        sanitize::clean_pack(&mut parsed);
        let plain = Study::new(parsed);
        assert_same(&checked, &plain);
        let giveaways = validate::card_giveaways(&plain.pack.glossary, |_| true);
        let told = warnings
            .iter()
            .filter(|w| w.message.contains("give the answer away"))
            .count();
        assert_eq!(told, giveaways.iter().flatten().count());

        // Checking alone, which lets the tokens and occurrences go before
        // quotations are looked up, finds the same pack and warnings.
        let opened = Study::load("p.toml", &toml).expect("opens");
        assert_same(&opened, &checked);
        let (alone, alone_warnings) = Study::check("p.toml", &toml).expect("checks");
        assert_eq!(alone, checked.pack);
        let told =
            |w: &[crate::pack::Problem]| w.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(told(&alone_warnings), told(&warnings));
        // And the same problems in a pack with faults of every kind it
        // looks at: a form and quotations that are not in the text.
        pack.glossary[1].forms.to_mut().push("introuvable".into());
        pack.glossary[2].sentence = "Une phrase qui n'y est pas.".into();
        if let Some(q) = pack.questions.first_mut() {
            q.passages = vec!["Un passage absent du texte.".into()];
        }
        let toml = toml::to_string(&pack).expect("serialises");
        let loaded = Study::load_with_warnings("p.toml", &toml).map(|(_, w)| w);
        let alone = Study::check("p.toml", &toml).map(|(_, w)| w);
        let opened = Study::load("p.toml", &toml).map(|_| ());
        let (Err(loaded), Err(alone), Err(opened)) = (loaded, alone, opened) else {
            panic!("the faulty pack loaded");
        };
        assert!(loaded.problems.len() >= 3, "{loaded}");
        assert!(loaded.problems.iter().any(|p| p.is_warning()), "{loaded}");
        assert_eq!(alone.to_string(), loaded.to_string());
        // Opening, which leaves warnings out, tells a pack that does not
        // load with them, as `check` does.
        assert_eq!(opened.to_string(), loaded.to_string());
    }

    /// A study written as compiled bytes reads back equal, for the
    /// statement and for packs that use every field.
    #[test]
    fn compiled_round_trip() {
        let study = Study::builtin().expect("valid");
        let bytes = study.to_compiled().expect("fits");
        assert_same(&Study::from_compiled(&bytes).expect("reads back"), &study);
    }

    /// Damaged compiled bytes are refused, never trusted and never a panic:
    /// every cut, and a flipped byte anywhere in a stretch of them.
    #[test]
    fn damaged_compiled_bytes_are_refused() {
        let bytes = Study::builtin()
            .expect("valid")
            .to_compiled()
            .expect("fits");
        for cut in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
            assert!(
                Study::from_compiled(&bytes[..cut]).is_none(),
                "cut at {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Study::from_compiled(&longer).is_none());
        // A byte changed anywhere may still read as a consistent pack (a
        // letter of a meaning); it must never panic or read out of bounds.
        for at in (0..bytes.len()).step_by(61) {
            for flip in [0x01, 0xFF] {
                let mut damaged = bytes.clone();
                damaged[at] ^= flip;
                if let Some(study) = Study::from_compiled(&damaged) {
                    assert!(
                        study
                            .tokens
                            .iter()
                            .all(|t| study.text().get(t.range()).is_some())
                    );
                }
            }
        }
        // Another format version is not read.
        let mut other = bytes.clone();
        other[8] ^= 1;
        assert!(Study::from_compiled(&other).is_none());
    }

    /// A long text's preview is its beginning, indexed exactly as the
    /// whole is there; tokenizing piece by piece changes nothing.
    #[test]
    fn preview_agrees_with_the_whole() {
        let (_, source) = crate::pack::BUILTIN[0];
        let mut pack = Study::load("p.toml", source).expect("valid").pack;
        let body = pack.text.body.clone();
        while pack.text.body.len() < PREVIEW_FROM + 1000 {
            pack.text.body.push_str("\n\n");
            pack.text.body.push_str(&body);
        }
        let (small, _) = Study::preview(Study::builtin().expect("valid").pack);
        assert!(small.is_none(), "the statement opens whole");
        let (preview, pack) = Study::preview(pack);
        let preview = preview.expect("a long text has a preview");
        let progress = Progress::new(0);
        let whole = Study::new_reporting(pack, &progress);
        assert_eq!(progress.load(std::sync::atomic::Ordering::Relaxed), 1000);
        let n = preview.text().len();
        assert!(n >= PREVIEW_BYTES && n < PREVIEW_BYTES + body.len());
        assert!(whole.text().starts_with(preview.text()));
        assert_eq!(preview.tokens[..], whole.tokens[..preview.tokens.len()]);
        assert_eq!(whole.tokens, tokenize(whole.text()));
        let in_preview = |o: &&crate::text::Occurrence| o.range().end <= n;
        assert_eq!(
            preview
                .index
                .occurrences()
                .iter()
                .filter(in_preview)
                .collect::<Vec<_>>(),
            whole
                .index
                .occurrences()
                .iter()
                .filter(in_preview)
                .collect::<Vec<_>>()
        );
        assert_eq!(preview.pack.glossary.len(), whole.pack.glossary.len());
    }

    /// A temporary folder with a pack cache, and the built-in pack's
    /// source written in it as `p.toml`.
    fn cached_pack_file() -> (
        tempfile::TempDir,
        PackCache,
        std::path::PathBuf,
        &'static str,
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = PackCache::new(&dir.path().join("cache"));
        let path = dir.path().join("p.toml");
        let (_, source) = crate::pack::BUILTIN[0];
        std::fs::write(&path, source).expect("written");
        (dir, cache, path, source)
    }

    /// A pack opened twice is compiled once: the second open reads the
    /// cache (here, a cache entry doctored to tell the two apart).
    #[test]
    fn open_cached_compiles_once() {
        let (_dir, cache, path, source) = cached_pack_file();
        let first = Study::open_cached(&path, Some(&cache)).expect("valid");
        assert_eq!(cache.get(source), first.to_compiled());
        let mut doctored = Study::open_cached(&path, None).expect("valid");
        doctored.pack.pack.title = "from the cache".into();
        cache
            .put(source, &doctored.to_compiled().expect("fits"))
            .expect("cached");
        let second = Study::open_cached(&path, Some(&cache)).expect("valid");
        assert_eq!(second.pack.pack.title, "from the cache");
        assert_eq!(second.tokens, first.tokens);
        // An edited pack is compiled (and checked) afresh.
        std::fs::write(
            &path,
            source.replace("[[glossary]]\nid = ", "[[glossary]]\nidd = "),
        )
        .expect("edited");
        assert!(Study::open_cached(&path, Some(&cache)).is_err());
        assert!(Study::open_cached(&path, None).is_err());
    }

    /// A pack compiled on opening is cached once written, as its file has
    /// it: never under another id, never with the learner's own words.
    #[test]
    fn a_deferred_pack_is_cached_as_its_file_has_it() {
        let (_dir, cache, path, source) = cached_pack_file();
        let open = || Study::open_deferring(&path, Some(&cache)).expect("valid");
        let (mut study, whole, to_cache) = open();
        assert!(whole.is_none());
        assert_eq!(cache.get(source), None, "nothing is written before asked");
        let own_id = std::mem::replace(&mut study.pack.pack.id, "other".into());
        assert!(to_cache.expect("compiled now").write(&study).is_none());
        study.pack.pack.id = own_id;
        let (_, _, to_cache) = open();
        let word = crate::progress::PersonalWord {
            lemma: "trouver".into(),
            pos: "verb".into(),
            en: "to find".into(),
            sentence: String::new(),
            added: 1,
            removed: None,
            extra: toml::Table::new(),
        };
        let words = [(crate::personal::word_id("trouver"), word)].into();
        assert!(crate::personal::may_join(&study, &words));
        let joined = crate::personal::with_words(study, &words);
        assert!(to_cache.expect("compiled now").write(&joined).is_none());
        assert_eq!(cache.get(source), None);
        let (study, _, to_cache) = open();
        let writing = to_cache.expect("compiled now").write(&study);
        writing
            .expect("written")
            .join()
            .expect("no panic")
            .expect("cached");
        assert_eq!(cache.get(source), study.to_compiled());
        let (again, whole, to_cache) = open();
        assert!(whole.is_none() && to_cache.is_none(), "read from the cache");
        assert_same(&again, &study);
    }

    /// A cache entry that is cut short, damaged, inconsistent or of another
    /// format version is compiled afresh (and replaced), never trusted and
    /// never a panic.
    #[test]
    fn bad_cache_entries_are_rebuilt() {
        let (_dir, cache, path, source) = cached_pack_file();
        let good = Study::open_cached(&path, None).expect("valid");
        let bytes = good.to_compiled().expect("fits");
        let mut other_version = bytes.clone();
        other_version[8..12].copy_from_slice(&(compiled::FORMAT + 1).to_le_bytes());
        // The last occurrence ending past the last token: the checksum
        // holds, the token number is refused.
        let mut wrong_offset = bytes.clone();
        let at = bytes.len() - 4;
        wrong_offset[at..].copy_from_slice(&u32::MAX.to_le_bytes());
        // An entry as the cache writes one, checks included, whatever the
        // bytes (their head as long as that of good bytes).
        let head_len = compiled::head_len(&bytes).expect("head");
        let put_raw = |compiled: &[u8]| {
            let cut = head_len.min(compiled.len());
            let mut entry = crate::cache::content_hash(&compiled[..cut])
                .to_le_bytes()
                .to_vec();
            entry.extend(crate::cache::content_hash(&compiled[cut..]).to_le_bytes());
            entry.extend(compiled);
            std::fs::write(cache.entry_path(source), entry).expect("written");
        };
        for bad in [
            Vec::new(),
            bytes[..bytes.len() / 3].to_vec(),
            other_version,
            wrong_offset,
            b"LSPACK\r\n".to_vec(),
        ] {
            std::fs::create_dir_all(cache.entry_path(source).parent().expect("dir")).expect("made");
            put_raw(&bad);
            let study = Study::open_cached(&path, Some(&cache)).expect("valid");
            assert_eq!(study.pack, good.pack);
            let (study, rest) = Study::open_previewing(&path, Some(&cache)).expect("valid");
            assert_eq!(study.pack, good.pack);
            assert!(rest.is_none());
        }
        // The entry is good again once compiled afresh.
        assert_eq!(cache.get(source), Some(bytes.clone()));
        // A byte changed in the rest, past the head: its check fails (the
        // title put in the head tells whether the entry was used).
        let mut doctored = Study::open_cached(&path, None).expect("valid");
        doctored.pack.pack.title = "from the cache".into();
        cache
            .put(source, &doctored.to_compiled().expect("fits"))
            .expect("cached");
        let entry = cache.entry_path(source);
        let mut damaged = std::fs::read(&entry).expect("read");
        // The first token's kind, a word made an elision: still a
        // consistent pack, caught by the check alone.
        let compiled_at = 32;
        let kinds = compiled_at
            + compiled::head_len(&damaged[compiled_at..]).expect("head")
            + good.text().len()
            + 4
            + 4 * good.tokens.len();
        damaged[kinds] ^= 1;
        std::fs::write(&entry, &damaged).expect("written");
        let (study, _) = Study::open_previewing(&path, Some(&cache)).expect("valid");
        assert_eq!(study.pack, good.pack);
    }

    /// A long text found in the cache opens on a preview of its beginning,
    /// which agrees with the whole read afterwards; a short one opens whole.
    #[test]
    fn cached_long_text_opens_on_a_preview() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = PackCache::new(&dir.path().join("cache"));
        let (_, source) = crate::pack::BUILTIN[0];
        let statement = Study::load("p.toml", source).expect("valid");
        let body = statement.text().to_string();
        let mut text = body.clone();
        while text.len() < PREVIEW_FROM + 1000 {
            text.push_str("\n\n");
            text.push_str(&body);
        }
        let long = source.replacen(&body, &text, 1);
        assert_ne!(long, source, "the text was made longer");
        let path = dir.path().join("long.toml");
        std::fs::write(&path, &long).expect("written");
        // Opened for the first time, it shows its beginning as soon as it
        // is read, while the pack is compiled (and then cached) behind it.
        let (glimpse, rest) = Study::open_previewing(&path, Some(&cache)).expect("valid");
        let mut rest = rest.expect("compiled behind a preview");
        assert!(rest.is_compiling());
        let caching = rest.take_caching().expect("cached by the compiling thread");
        let progress = Progress::new(0);
        let no_words = std::collections::BTreeMap::new();
        let Some(WholeRead::Opened(first)) = rest.read_reporting(&progress, &no_words) else {
            panic!("the long pack did not compile");
        };
        assert_eq!(progress.load(std::sync::atomic::Ordering::Relaxed), 1000);
        assert!(matches!(caching.join(), Ok(Ok(()))));
        let first = *first;
        let name = path.display().to_string();
        assert_same(&first, &Study::load(&name, &long).expect("valid"));
        assert!(glimpse.pack.glossary.is_empty() && glimpse.pack.questions.is_empty());
        assert_eq!(glimpse.pack.pack, first.pack.pack);
        assert!(first.text().starts_with(glimpse.text()));
        let n = glimpse.text().len();
        assert!(n >= PREVIEW_BYTES && n < first.text().len());
        assert_eq!(glimpse.tokens[..], first.tokens[..glimpse.tokens.len()]);
        assert!(cache.get(&long).is_some(), "cached");
        let (beginning, rest) = Study::open_previewing(&path, Some(&cache)).expect("valid");
        let mut rest = rest.expect("a long text is read whole later");
        assert_eq!(rest.text_hash(), crate::library::text_hash(first.text()));
        let n = beginning.text().len();
        assert!(n >= PREVIEW_BYTES && n < first.text().len());
        assert!(first.text().starts_with(beginning.text()));
        assert_eq!(beginning.tokens[..], first.tokens[..beginning.tokens.len()]);
        let in_preview = |o: &&crate::text::Occurrence| o.range().end <= n;
        let occurrences = |s: &Study| -> Vec<crate::text::Occurrence> {
            s.index
                .occurrences()
                .iter()
                .filter(in_preview)
                .cloned()
                .collect()
        };
        assert_eq!(occurrences(&beginning), occurrences(&first));
        assert_eq!(beginning.pack.glossary, first.pack.glossary);
        for t in 0..beginning.tokens.len() {
            assert_eq!(
                beginning.index.at_token(t).len(),
                first.index.at_token(t).len()
            );
        }
        // Read whole beside the preview, its entries borrow the preview's
        // strings (not read again); other strings of the same length, or
        // another head, are refused (the entry is then compiled afresh).
        let strings = std::sync::Arc::clone(rest.strings_mut());
        let before = std::sync::Arc::strong_count(&strings);
        let whole = rest.study_reporting(&Progress::new(0)).expect("reads back");
        assert_same(&whole, &first);
        assert!(std::sync::Arc::strong_count(&strings) >= before + whole.pack.glossary.len());
        drop(whole);
        let mut other = strings.to_string().into_bytes();
        let letter = other
            .iter()
            .position(u8::is_ascii_lowercase)
            .expect("a letter");
        other[letter] = other[letter].to_ascii_uppercase();
        let other = String::from_utf8(other).expect("UTF-8");
        for strings in [other, format!("{strings}.")] {
            let (_, rest) = Study::open_previewing(&path, Some(&cache)).expect("valid");
            let mut rest = rest.expect("read later");
            *rest.strings_mut() = std::sync::Arc::new(strings);
            assert!(rest.text_reporting(&Progress::new(0)).is_none());
            assert!(cache.get(&long).is_none(), "removed");
            cache
                .put(&long, &first.to_compiled().expect("fits"))
                .expect("cached");
        }
        // Read apart from the pack, the whole completes the preview to the
        // same study, the learner's own words left out to be joined again.
        let whole_apart = || {
            let (preview, rest) = Study::open_previewing(&path, Some(&cache)).expect("valid");
            let large = rest
                .expect("read later")
                .text_reporting(&Progress::new(0))
                .expect("reads back");
            (preview, large)
        };
        let (mut preview, large) = whole_apart();
        let mut own = preview.pack.glossary[0].clone();
        own.id = crate::personal::word_id("truc").into();
        preview.pack.glossary.push(own);
        assert!(preview.complete(large));
        assert_same(&preview, &first);
        // A preview whose pack does not agree is left as it was.
        let (mut preview, large) = whole_apart();
        let mut more = preview.pack.glossary[0].clone();
        more.id = "another".into();
        more.forms.to_mut().push("autre".into());
        preview.pack.glossary.push(more);
        assert!(!preview.complete(large));
        assert_eq!(preview.text().len(), n);
        assert_eq!(preview.pack.glossary.len(), first.pack.glossary.len() + 1);
        // Nor is a whole read from another head than the preview's: the
        // entry is then removed, to be compiled afresh.
        let (_, rest) = Study::open_previewing(&path, Some(&cache)).expect("valid");
        let mut rest = rest.expect("read later");
        if let WholeFrom::Entry { head_check, .. } = &mut rest.from {
            *head_check ^= 1;
        }
        assert!(rest.text_reporting(&Progress::new(0)).is_none());
        assert!(cache.get(&long).is_none());
        // An entry whose end does not read back (its last token past the
        // text) still shows its beginning; reading the whole fails, and the
        // entry is removed so that the next open compiles the pack afresh.
        let mut bad = Study::open_cached(&path, None).expect("valid");
        if let Some(t) = bad.tokens.last_mut() {
            t.set_end(t.end() + 1);
        }
        cache
            .put(&long, &bad.to_compiled().expect("fits"))
            .expect("cached");
        let (beginning, rest) = Study::open_previewing(&path, Some(&cache)).expect("valid");
        assert_eq!(beginning.text().len(), n);
        let rest = rest.expect("a long text is read whole later");
        assert!(rest.study_reporting(&Progress::new(0)).is_none());
        assert!(cache.get(&long).is_none());
        cache
            .put(&long, &bad.to_compiled().expect("fits"))
            .expect("cached");
        let (_, rest) = Study::open_previewing(&path, Some(&cache)).expect("valid");
        let rest = rest.expect("a long text is read whole later");
        assert!(rest.text_reporting(&Progress::new(0)).is_none());
        assert!(cache.get(&long).is_none());
        // The statement itself opens whole from the cache.
        let path = dir.path().join("p.toml");
        std::fs::write(&path, source).expect("written");
        let _ = Study::open_cached(&path, Some(&cache)).expect("valid");
        let (short, rest) = Study::open_previewing(&path, Some(&cache)).expect("valid");
        assert!(rest.is_none());
        assert_same(&short, &statement);
    }

    /// A file whose identity, size and times the cache remembers opens
    /// without being read (here its entry is doctored to tell); once the
    /// file is edited, it is read and compiled afresh. A file changed
    /// moments before, or between its stat and its reading, is not
    /// remembered.
    #[test]
    fn unchanged_files_are_known_by_their_stat() {
        use crate::cache::FileStat;
        let (_dir, cache, path, source) = cached_pack_file();
        let key = crate::cache::key(source.as_bytes());
        let stat = || FileStat::of(&path).expect("a file");
        let known = || cache.known(&stat());
        cache.remember(&path, &stat(), key).expect("nothing to do");
        assert_eq!(known(), None, "too recent to be remembered");
        // Stat taken, then the file changed before it is remembered: the
        // key read could be of either contents, so it is not kept.
        let before = stat().aged(3);
        std::fs::write(&path, source.replacen("[pack]", "# racing\n[pack]", 1)).expect("edited");
        std::fs::write(&path, source).expect("edited back");
        cache.remember(&path, &before, key).expect("nothing to do");
        assert_eq!(known(), None, "changed since its stat was taken");
        cache
            .remember(&path, &stat().aged(3), key)
            .expect("remembered");
        assert_eq!(known(), Some(key));
        // Known, but no entry yet: not held (its open would compile).
        let _ = std::fs::remove_file(cache.entry_path(source));
        assert!(!cache.holds(&path));
        let mut doctored = Study::open_cached(&path, None).expect("valid");
        doctored.pack.pack.title = "from the cache".into();
        cache
            .put(source, &doctored.to_compiled().expect("fits"))
            .expect("cached");
        assert!(cache.holds(&path));
        let (study, _) = Study::open_previewing(&path, Some(&cache)).expect("valid");
        assert_eq!(study.pack.pack.title, "from the cache");
        // Edited in place, even dated back to its old time: its
        // status-change time moved, so it is read again.
        let modified = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("dated");
        let edited = source.replacen("[[glossary]]", "# edited\n[[glossary]]", 1);
        std::fs::write(&path, &edited).expect("edited");
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(modified))
            .expect("dated");
        assert_eq!(known(), None);
        assert!(!cache.holds(&path));
        let (study, _) = Study::open_previewing(&path, Some(&cache)).expect("valid");
        assert_ne!(study.pack.pack.title, "from the cache");
        // A remembered key whose entry has gone: the file is read.
        let key = crate::cache::key(edited.as_bytes());
        cache
            .remember(&path, &stat().aged(3), key)
            .expect("remembered");
        let _ = std::fs::remove_file(cache.entry_path(&edited));
        let (study, _) = Study::open_previewing(&path, Some(&cache)).expect("valid");
        let compiled_now = Study::load("p.toml", &edited).expect("valid");
        assert_eq!(study.pack.pack.title, compiled_now.pack.pack.title);
    }
}
