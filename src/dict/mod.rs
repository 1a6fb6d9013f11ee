//! The learner's installed dictionaries: dictd (FreeDict's `fra-eng`…) and
//! StarDict, found in their standard places and in paths the config lists.
//! They are read at run time, never shipped (FreeDict is GPL).
//!
//! Opening a dictionary reads its whole index (a dictzip data file only
//! its chunk table), so callers do it off the interface thread; a lookup is
//! then a binary search and, for dictzip, the inflating of a chunk or two.
//! Every text that comes out is cleaned of control characters: a
//! dictionary is untrusted input that reaches the terminal.

mod data;
pub mod dictd;
mod headwords;
pub mod locate;
pub mod stardict;

use std::path::{Path, PathBuf};

use headwords::Headwords;

use unicode_normalization::UnicodeNormalization;

pub use data::write_dictzip;
pub use locate::{DictionaryFile, find_dictionaries, standard_places};

/// One meaning from one dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The dictionary's name (its file stem or StarDict `bookname`).
    pub dictionary: String,
    /// The headword found (the lemma when the surface form was absent).
    pub headword: String,
    /// The entry's text, cleaned, lines kept.
    pub text: String,
}

/// Where an entry's text lies in a dictionary's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    offset: u64,
    length: u64,
}

/// An open dictionary of either kind: headwords by folded key, and its
/// data.
#[derive(Debug)]
pub struct Dictionary {
    pub name: String,
    entries: Headwords,
    data: data::Data,
    /// StarDict's `sametypesequence`; `None` for dictd (plain text).
    types: Option<stardict::Types>,
}

/// Entries longer than this are cut: a hostile file could claim gigabytes.
const MAX_ENTRY: u64 = 64 * 1024;

impl Dictionary {
    /// Opens a dictionary file found by [`find_dictionaries`].
    pub fn open(file: &DictionaryFile) -> Result<Dictionary, String> {
        let mut dictionary = match file {
            DictionaryFile::Dictd { index, data } => dictd::open(index, data),
            DictionaryFile::StarDict { ifo } => stardict::open(ifo),
        }?;
        // Shown beside each definition: a file's name or a `bookname`,
        // cleaned like the text.
        dictionary.name = clean_line(&dictionary.name);
        Ok(dictionary)
    }

    /// Definitions of a headword (case, accents kept; apostrophes, hyphens
    /// and spaces folded as dictd does).
    pub fn lookup(&self, word: &str) -> Vec<Definition> {
        self.entries
            .get(word)
            .filter_map(|(headword, span)| {
                let text = self.text(span)?;
                Some(Definition {
                    dictionary: self.name.clone(),
                    headword: clean_line(headword),
                    text,
                })
            })
            .collect()
    }

    fn text(&self, span: Span) -> Option<String> {
        let bytes = self.data.read(span.offset, span.length.min(MAX_ENTRY))?;
        let bytes = bytes.as_ref();
        let raw = match &self.types {
            None => String::from_utf8_lossy(bytes).into_owned(),
            Some(types) => stardict::entry_text(types, bytes),
        };
        let text = crate::pack::sanitize::clean(raw.trim(), true);
        (!text.is_empty()).then_some(text)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The key headwords are stored and looked up under: lower case, NFC,
/// apostrophes, hyphens and spaces dropped (dictd's index stores
/// `mettre d'accord` as `mettre daccord`).
pub fn fold(word: &str) -> String {
    word.nfc()
        .flat_map(char::to_lowercase)
        .filter(|c| !matches!(c, '\'' | '’' | 'ʼ' | '-' | ' ' | '\u{a0}'))
        .collect()
}

fn clean_line(s: &str) -> String {
    crate::pack::sanitize::clean(s.trim(), false)
}

/// Reads a file, inflating it if it is gzip (dictzip is gzip).
fn read_maybe_gzip(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes.as_slice())
            .take(data::MAX_DATA)
            .read_to_end(&mut out)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(out)
    } else {
        Ok(bytes)
    }
}

/// Every open dictionary, looked up in order.
#[derive(Debug, Default)]
pub struct Dictionaries {
    pub open: Vec<Dictionary>,
    /// Files that could not be opened, with why.
    pub failed: Vec<(PathBuf, String)>,
}

impl Dictionaries {
    /// Finds and opens every dictionary in the standard places and in
    /// `extra` (slow: run it off the interface thread).
    pub fn load(extra: &[PathBuf]) -> Dictionaries {
        Dictionaries::load_from(&standard_places(), extra)
    }

    /// Like [`Dictionaries::load`], with the standard places given.
    pub fn load_from(places: &[PathBuf], extra: &[PathBuf]) -> Dictionaries {
        let mut all = Dictionaries::default();
        for file in find_dictionaries(places, extra) {
            match Dictionary::open(&file) {
                Ok(d) => all.open.push(d),
                Err(e) => all.failed.push((file.path().to_path_buf(), e)),
            }
        }
        all
    }

    /// Definitions of the word as written, else of its lemmas.
    pub fn define(&self, word: &str, lemmas: &[String]) -> Vec<Definition> {
        let mut out = Vec::new();
        let mut tried: Vec<String> = Vec::new();
        for w in std::iter::once(word).chain(lemmas.iter().map(String::as_str)) {
            let key = fold(w);
            if tried.contains(&key) {
                continue;
            }
            tried.push(key);
            for d in &self.open {
                out.extend(d.lookup(w));
            }
            if !out.is_empty() {
                break;
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }
}

/// What to tell a learner who has no dictionary.
pub const HOW_TO_INSTALL: &str = "No dictionary found. On Debian or Ubuntu: \
apt install dict-freedict-fra-eng. Elsewhere: put a French StarDict dictionary \
(.ifo, .idx, .dict or .dict.dz) in ~/.stardict/dic, or list dictionary files \
under `dictionaries` in the config file.";

#[cfg(test)]
mod tests;
