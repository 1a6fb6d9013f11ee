//! dictd dictionaries: `NAME.index` (text, `headword<TAB>offset<TAB>length`
//! with offset and length in dictd's base64 digits) and `NAME.dict` or
//! `NAME.dict.dz` (dictzip: read a chunk at a time, see `data.rs`).

use std::path::Path;

use super::headwords::Headwords;
use super::{Dictionary, Span};

/// A number in dictd's base-64 digits, as [`decode_number`] reads it back
/// (for the tests and fuzz harness, which write dictionaries).
pub fn encode_number(mut n: u64) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    loop {
        out.push(char::from(DIGITS[(n % 64) as usize]));
        n /= 64;
        if n == 0 {
            break;
        }
    }
    out.iter().rev().collect()
}

/// dictd's number digits: `A`–`Z` `a`–`z` `0`–`9` `+` `/`, most significant
/// first.
pub fn decode_number(s: &str) -> Option<u64> {
    let mut n: u64 = 0;
    if s.is_empty() {
        return None;
    }
    for b in s.bytes() {
        let digit = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        n = n.checked_mul(64)?.checked_add(u64::from(digit))?;
    }
    Some(n)
}

pub(super) fn open(index: &Path, data: &Path) -> Result<Dictionary, String> {
    let index_bytes = std::fs::read(index).map_err(|e| format!("{}: {e}", index.display()))?;
    let index_text = String::from_utf8_lossy(&index_bytes);
    // A line per headword; keys and headwords take about twice the text.
    let mut entries = Headwords::with_capacity(
        index_text.lines().count(),
        index_text.len().saturating_mul(2),
    );
    for line in index_text.lines() {
        let mut fields = line.split('\t');
        let (Some(word), Some(offset), Some(length)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // Meta entries (`00databaseinfo`…) describe the file, not words.
        if word.starts_with("00database") || word.starts_with("00-database") {
            continue;
        }
        let (Some(offset), Some(length)) = (decode_number(offset), decode_number(length)) else {
            continue;
        };
        entries.push(word, Span { offset, length });
    }
    let entries = entries.finish();
    if entries.is_empty() {
        return Err(format!("{}: no entries", index.display()));
    }
    let data = super::data::Data::open(data)?;
    let name = index
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Dictionary {
        name,
        entries,
        data,
        types: None,
    })
}
