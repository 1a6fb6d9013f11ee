//! The dictionary harness: arbitrary bytes written as a dictd or StarDict
//! dictionary (plain, or dictzip with a byte changed), opened and looked up
//! as the reader does. A dictionary is the learner's file, not ours, and
//! its text reaches the terminal.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::dict::{Dictionary, DictionaryFile, write_dictzip};

/// Lookups tried per input, so that the fuzzer stays fast.
const MAX_LOOKUPS: usize = 64;

/// Writes `bytes` as a dictionary and looks up its headwords and the
/// queries it carries; how many definitions were found (so that tests can
/// tell a dictionary that opened from one refused).
///
/// The first byte chooses: bit 0, StarDict rather than dictd; bit 1, the
/// data as dictzip; bit 2, a byte of that dictzip file changed; bits 3–4,
/// the chunk length (16, 50, 300 or 4,000 bytes); bit 5, the first query
/// as StarDict's `sametypesequence`. Then come the lengths of the index
/// and of the data (two bytes each, little-endian), the index, the data,
/// and queries one per line; with bit 2, the queries' first three bytes
/// are the position (two bytes) and the byte to XOR there.
pub fn exercise_dictionaries(bytes: &[u8]) -> usize {
    let Some((&mode, rest)) = bytes.split_first() else {
        return 0;
    };
    let (index, rest) = take_part(rest);
    let (data, queries) = take_part(rest);
    let stardict = mode & 1 != 0;
    let (edit, queries) = match *queries {
        [high, low, xor, ref rest @ ..] if mode & 4 != 0 => (
            Some((usize::from(u16::from_be_bytes([high, low])), xor)),
            rest,
        ),
        _ => (None, queries),
    };
    let queries = String::from_utf8_lossy(queries);
    let data = if mode & 2 != 0 {
        let chunk = [16, 50, 300, 4000][usize::from((mode >> 3) & 3)];
        let Some(mut zipped) = write_dictzip(data, chunk) else {
            return 0;
        };
        if let Some((at, xor)) = edit
            && let Some(byte) = zipped.get_mut(at)
        {
            *byte ^= xor;
        }
        zipped
    } else {
        data.to_vec()
    };
    let dir = Scratch::new();
    let Some(file) = dir.write(
        stardict,
        mode & 2 != 0,
        index,
        &data,
        &queries,
        mode & 32 != 0,
    ) else {
        return 0;
    };
    let Ok(dictionary) = Dictionary::open(&file) else {
        return 0;
    };
    assert!(
        shown_safely(&dictionary.name, false),
        "{:?}",
        dictionary.name
    );
    let words = headwords(index, stardict).chain(queries.lines().map(str::to_string));
    let mut definitions = 0;
    for word in words.take(MAX_LOOKUPS) {
        for found in dictionary.lookup(&word) {
            assert!(shown_safely(&found.headword, false), "{found:?}");
            assert!(shown_safely(&found.text, true), "{found:?}");
            assert!(!found.text.is_empty(), "an empty definition");
            definitions += 1;
        }
    }
    definitions
}

/// A part given by its two-byte length, and what follows it.
fn take_part(bytes: &[u8]) -> (&[u8], &[u8]) {
    let Some((len, rest)) = bytes.split_first_chunk::<2>() else {
        return (&[], &[]);
    };
    rest.split_at(usize::from(u16::from_le_bytes(*len)).min(rest.len()))
}

/// The headwords the index names, as the reader would look them up.
fn headwords(index: &[u8], stardict: bool) -> impl Iterator<Item = String> + '_ {
    let words: Vec<&[u8]> = if stardict {
        idx_words(index)
    } else {
        index
            .split(|&b| b == b'\n')
            .filter_map(|line| line.split(|&b| b == b'\t').next())
            .collect()
    };
    words
        .into_iter()
        .map(|w| String::from_utf8_lossy(w).into_owned())
}

/// The words of a StarDict `.idx`: each ends at a NUL, and 8 bytes of
/// offset and size follow it.
fn idx_words(idx: &[u8]) -> Vec<&[u8]> {
    let mut words = Vec::new();
    let mut rest = idx;
    while let Some(nul) = rest.iter().position(|&b| b == 0) {
        words.push(&rest[..nul]);
        rest = rest.get(nul + 9..).unwrap_or_default();
    }
    words
}

/// No character that drives the terminal: controls other than the line
/// breaks a definition keeps.
fn shown_safely(text: &str, lines: bool) -> bool {
    !text
        .chars()
        .any(|c| c.is_control() && !(lines && c == '\n'))
}

/// A directory of its own for one input, removed after it.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("liseuse-fuzz-dict-{}-{n}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        Scratch(dir)
    }

    /// Writes the dictionary's files; `None` if they cannot be written.
    fn write(
        &self,
        stardict: bool,
        zipped: bool,
        index: &[u8],
        data: &[u8],
        queries: &str,
        types: bool,
    ) -> Option<DictionaryFile> {
        let data_name = if zipped { "fuzz.dict.dz" } else { "fuzz.dict" };
        let put = |name: &str, bytes: &[u8]| std::fs::write(self.0.join(name), bytes).ok();
        put(data_name, data)?;
        if !stardict {
            put("fuzz.index", index)?;
            return Some(DictionaryFile::Dictd {
                index: self.0.join("fuzz.index"),
                data: self.0.join(data_name),
            });
        }
        let mut ifo = format!(
            "StarDict's dict ifo file\nversion=2.4.2\nbookname=fuzz\nwordcount={}\nidxfilesize={}\n",
            idx_words(index).len(),
            index.len()
        );
        if types {
            let sequence = queries.lines().next().unwrap_or_default();
            ifo.push_str(&format!("sametypesequence={sequence}\n"));
        }
        put("fuzz.ifo", ifo.as_bytes())?;
        put("fuzz.idx", index)?;
        Some(DictionaryFile::StarDict {
            ifo: self.0.join("fuzz.ifo"),
        })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
