//! A loaded pack with everything derived from it once: tokens, glossary
//! matches, anchored passages and the glossary's alphabetical order.
//!
//! Built on load so that nothing per frame has to search the text.

use std::ops::Range;

use std::path::Path;

use crate::cache::PackCache;
use crate::pack::{Pack, PackError, load, read, sanitize, validate};
use crate::text::matching::GlossaryIndex;
use crate::text::normalize::{FrenchKey, fold_key};
use crate::text::quote::QuoteFinder;
use crate::text::tokenize::{Token, TokenKind, tokenize};

/// The built-in pack, checked and turned into JSON by `build.rs`.
const BUILTIN_COMPILED: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin-pack.json"));

/// Texts from this size on are indexed on two threads.
const PARALLEL_FROM: usize = 64 * 1024;

/// Texts from this size on open on a preview of their beginning while the
/// whole is indexed on another thread (see [`Study::preview`]).
pub const PREVIEW_FROM: usize = 256 * 1024;
/// About how much of a long text its preview holds: several screens.
const PREVIEW_BYTES: usize = 32 * 1024;
/// Texts are tokenized in pieces of about this size (cut after a line
/// break, where tokens never continue), to report progress.
const TOKENIZE_PIECE: usize = 256 * 1024;

/// How far indexing got, in thousandths, for a progress display.
pub type Progress = std::sync::atomic::AtomicU32;

/// A pack ready to study, from [`Study::open_compiled`].
pub enum Compiled {
    /// Compiled now: parsing and validating it built the whole study.
    Checked(Box<Study>),
    /// Compiled before: the cleaned, validated pack, still to index.
    Cached(Box<Pack>),
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

impl Study {
    /// Parses, cleans, indexes and validates a pack's TOML source.
    pub fn load(name: &str, source: &str) -> Result<Study, PackError> {
        Study::load_with_warnings(name, source).map(|(study, _)| study)
    }

    /// Like [`Study::load`], also returning the warnings of a pack that
    /// loads (unfinished entries, typography). A pack that does not load
    /// has its warnings among its problems.
    pub fn load_with_warnings(
        name: &str,
        source: &str,
    ) -> Result<(Study, Vec<crate::pack::Problem>), PackError> {
        let mut pending = Vec::new();
        let read::Reading {
            mut pack,
            mut spans,
            complete,
        } = read::read(source, &mut pending);
        let problems = if complete {
            let body_len = pack.text.body.len();
            sanitize::clean_pack(&mut pack);
            if pack.text.body.len() != body_len {
                // Cleaning changed the text: offsets into it no longer
                // map back to the source.
                spans.body = None;
            }
            // The quotation finder is large (an offset per byte of text) and
            // only validation needs it after anchoring: it is dropped here.
            let (study, quotes) = Study::build(pack, None);
            validate::validate(&study, &spans, &quotes, &mut pending);
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
    /// parsed as TOML nor validated again; one opened for the first time is,
    /// and is then cached (a cache that cannot be written is ignored).
    pub fn open_cached(path: &Path, cache: Option<&PackCache>) -> Result<Study, PackError> {
        let name = path.display().to_string();
        let source = load::read_file(path)?;
        if let Some(pack) = cache.and_then(|c| c.get(&source)) {
            return Ok(Study::new(pack));
        }
        let study = Study::load(&name, &source)?;
        if let Some(cache) = cache {
            let _ = cache.put(&source, &study.pack);
        }
        Ok(study)
    }

    /// Like [`Study::open_cached`], leaving a cached pack's indexing to the
    /// caller, who may show a [`Study::preview`] of a long text first.
    pub fn open_compiled(path: &Path, cache: Option<&PackCache>) -> Result<Compiled, PackError> {
        let name = path.display().to_string();
        let source = load::read_file(path)?;
        if let Some(pack) = cache.and_then(|c| c.get(&source)) {
            return Ok(Compiled::Cached(Box::new(pack)));
        }
        let study = Study::load(&name, &source)?;
        if let Some(cache) = cache {
            let _ = cache.put(&source, &study.pack);
        }
        Ok(Compiled::Checked(Box::new(study)))
    }

    /// For a long text (from [`PREVIEW_FROM`] bytes), a study of its
    /// beginning (up to a line break past [`PREVIEW_BYTES`]) to show at once
    /// while the whole is indexed; the pack comes back whole either way.
    /// Offsets and token numbers of the preview are those of the whole.
    pub fn preview(mut pack: Pack) -> (Option<Study>, Pack) {
        let body = std::mem::take(&mut pack.text.body);
        let cut = (body.len() >= PREVIEW_FROM)
            .then(|| body.as_bytes().get(PREVIEW_BYTES..))
            .flatten()
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map(|i| PREVIEW_BYTES + i + 1);
        let preview = cut.and_then(|cut| {
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
    /// parse and nothing to validate (a test checks the compiled form
    /// against the validated source). Should the compiled form ever fail to
    /// load, the source is loaded instead, with its problems reported.
    pub fn builtin() -> Result<Study, PackError> {
        match serde_json::from_str::<Pack>(BUILTIN_COMPILED) {
            Ok(mut pack) => {
                crate::pack::defaults::fill_ids(&mut pack);
                Ok(Study::new(pack))
            }
            Err(_) => {
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
        let report = |thousandths: u32| {
            if let Some(p) = progress {
                p.fetch_max(thousandths, std::sync::atomic::Ordering::Relaxed);
            }
        };
        // Entries without forms get those of their lemma in the text.
        let lemma_matching = crate::lexicon::forms::fill_forms(&mut pack);
        let text = pack.text.body.as_str();
        let glossary = &pack.glossary;
        let matching = || {
            // Tokenizing is about half the work, matching the other half.
            let tokens = tokenize_reporting(text, |done| {
                report(u32::try_from(done * 500 / text.len().max(1)).unwrap_or(500));
            });
            let index = GlossaryIndex::build(text, &tokens, glossary);
            report(950);
            (tokens, index)
        };
        let anchoring = || {
            let finder = QuoteFinder::new(text);
            let mut order: Vec<usize> = (0..glossary.len()).collect();
            order.sort_by_cached_key(|&i| FrenchKey::new(&glossary[i].term));
            (finder, order)
        };
        // The two halves are independent: on a large pack they run side by
        // side; on a small one a thread would cost more than it saves.
        let ((tokens, index), (finder, order)) = if text.len() < PARALLEL_FROM {
            (matching(), anchoring())
        } else {
            std::thread::scope(|scope| {
                let matched = scope.spawn(matching);
                let anchored = anchoring();
                match matched.join() {
                    Ok(m) => (m, anchored),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            })
        };
        // Every quotation of the pack is looked up in one batch, so that
        // many that do not occur cost one scan of the text, not one each.
        let all: Vec<&str> = pack
            .questions
            .iter()
            .flat_map(|q| &q.passages)
            .chain(pack.notes.iter().flat_map(|n| &n.passages))
            .chain(glossary.iter().map(|e| &e.sentence))
            .map(String::as_str)
            .collect();
        let mut found = finder.find_many(&all).into_iter();
        let mut anchor =
            |count: usize| -> Vec<Range<usize>> { found.by_ref().take(count).flatten().collect() };
        let question_passages = pack
            .questions
            .iter()
            .map(|q| anchor(q.passages.len()))
            .collect();
        let note_passages = pack
            .notes
            .iter()
            .map(|n| anchor(n.passages.len()))
            .collect();
        let mut entry_sentences: Vec<Option<Range<usize>>> = found.collect();
        // An entry without a sentence takes the one where it first occurs.
        let mut filled = Vec::new();
        for (i, e) in glossary.iter().enumerate() {
            if let (true, Some(&o)) = (e.sentence.is_empty(), index.of_entry(i).first()) {
                let at = index.occurrences()[o].range.start;
                let range = crate::pack::defaults::sentence_around(text, at);
                filled.push((i, text[range.clone()].to_string()));
                entry_sentences[i] = Some(range);
            }
        }
        let mut pack = pack;
        for (i, sentence) in filled {
            pack.glossary[i].sentence = sentence;
        }
        let study = Study {
            paragraphs: pack.paragraphs(),
            pack,
            tokens,
            index,
            order,
            question_passages,
            note_passages,
            entry_sentences,
            lemma_matching,
            search_keys: std::sync::OnceLock::new(),
        };
        report(1000);
        (study, finder)
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
        self.index.token_at(byte)
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
            .and_then(|t| self.text().get(t.range.clone()))
            .unwrap_or("")
    }

    /// The paragraph holding a byte offset.
    pub fn paragraph_of(&self, byte: usize) -> Option<usize> {
        self.paragraphs
            .iter()
            .position(|p| p.start <= byte && byte <= p.end)
    }
}

/// [`tokenize`], piece by piece: pieces end after a line break, where no
/// token continues, so the tokens are those of the whole text. `done` is
/// told how many bytes are tokenized after each piece.
fn tokenize_reporting(text: &str, mut done: impl FnMut(usize)) -> Vec<Token> {
    if text.len() <= TOKENIZE_PIECE {
        return tokenize(text);
    }
    let mut tokens = Vec::with_capacity(text.len() / 3);
    let mut start = 0;
    while start < text.len() {
        let end = text.as_bytes()[start..]
            .iter()
            .skip(TOKENIZE_PIECE)
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| start + TOKENIZE_PIECE + i + 1);
        tokens.extend(tokenize(&text[start..end]).into_iter().map(|t| Token {
            range: t.range.start + start..t.range.end + start,
            kind: t.kind,
        }));
        start = end;
        done(start);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compiled built-in pack is exactly the pack its TOML gives once
    /// parsed, cleaned and validated: start-up may skip all three.
    #[test]
    fn compiled_builtin_equals_the_validated_source() {
        let (name, source) = crate::pack::BUILTIN[0];
        let validated = Study::load(name, source).expect("the built-in pack is valid");
        let compiled: Pack =
            serde_json::from_str(BUILTIN_COMPILED).expect("the compiled pack deserializes");
        assert_eq!(compiled, validated.pack);
        let built = Study::builtin().expect("loads");
        assert_eq!(built.pack, validated.pack);
        assert_eq!(built.tokens, validated.tokens);
        assert_eq!(built.question_passages, validated.question_passages);
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
        let in_preview = |o: &&crate::text::Occurrence| o.range.end <= n;
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

    /// A pack opened twice is compiled once: the second open reads the
    /// cache (here, a cache entry doctored to tell the two apart).
    #[test]
    fn open_cached_compiles_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = PackCache::new(&dir.path().join("cache"));
        let path = dir.path().join("p.toml");
        let (_, source) = crate::pack::BUILTIN[0];
        std::fs::write(&path, source).expect("written");
        let first = Study::open_cached(&path, Some(&cache)).expect("valid");
        let mut doctored = first.pack.clone();
        doctored.pack.title = "from the cache".into();
        cache.put(source, &doctored).expect("cached");
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
}
