//! StarDict dictionaries: `NAME.ifo` (text: `bookname`, `wordcount`,
//! `sametypesequence`, `idxoffsetbits`…), `NAME.idx` or `NAME.idx.gz`
//! (entries `word\0` + big-endian offset + big-endian size, 32-bit unless
//! `idxoffsetbits=64`), and `NAME.dict` or `NAME.dict.dz`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::headwords::Headwords;
use super::{Dictionary, Span, read_maybe_gzip};

/// The field types of every entry (`sametypesequence=m`), or `None` when
/// each field carries its own type byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Types(Option<Vec<u8>>);

/// The `key=value` lines of an `.ifo` file.
pub fn parse_ifo(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The first of these files that exists.
fn first_existing(candidates: &[PathBuf]) -> Option<PathBuf> {
    candidates.iter().find(|p| p.is_file()).cloned()
}

pub(super) fn open(ifo: &Path) -> Result<Dictionary, String> {
    let info = std::fs::read_to_string(ifo).map_err(|e| format!("{}: {e}", ifo.display()))?;
    if !info.starts_with("StarDict's dict ifo file") {
        return Err(format!("{}: not a StarDict .ifo file", ifo.display()));
    }
    let info = parse_ifo(&info);
    let wide = info.get("idxoffsetbits").is_some_and(|b| b == "64");
    let base = ifo.with_extension("");
    let with = |ext: &str| PathBuf::from(format!("{}.{ext}", base.display()));
    let idx = first_existing(&[with("idx"), with("idx.gz")])
        .ok_or_else(|| format!("{}: no .idx file beside it", ifo.display()))?;
    let dict = first_existing(&[with("dict"), with("dict.dz")])
        .ok_or_else(|| format!("{}: no .dict file beside it", ifo.display()))?;
    let entries = parse_idx(&read_maybe_gzip(&idx)?, wide);
    if entries.is_empty() {
        return Err(format!("{}: no entries", idx.display()));
    }
    let name = info.get("bookname").cloned().unwrap_or_else(|| {
        base.file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let types = Types(
        info.get("sametypesequence")
            .filter(|s| !s.is_empty())
            .map(|s| s.as_bytes().to_vec()),
    );
    Ok(Dictionary {
        name,
        entries,
        data: super::data::Data::open(&dict)?,
        types: Some(types),
    })
}

/// Reads the `.idx` entries; a truncated last entry is dropped.
fn parse_idx(bytes: &[u8], wide: bool) -> Headwords {
    let mut entries = Headwords::default();
    let width = if wide { 8 } else { 4 };
    let mut rest = bytes;
    while let Some(nul) = rest.iter().position(|&b| b == 0) {
        let word = String::from_utf8_lossy(&rest[..nul]);
        let numbers = &rest[nul + 1..];
        if numbers.len() < width + 4 {
            break;
        }
        let number = |b: &[u8]| b.iter().fold(0u64, |n, &x| (n << 8) | u64::from(x));
        let offset = number(&numbers[..width]);
        let length = number(&numbers[width..width + 4]);
        entries.push(&word, Span { offset, length });
        rest = &numbers[width + 4..];
    }
    entries.finish()
}

/// The readable text of one entry's data.
pub(super) fn entry_text(types: &Types, bytes: &[u8]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut rest = bytes;
    let mut field = |t: u8, data: &[u8]| {
        if let Some(text) = field_text(t, data) {
            parts.push(text);
        }
    };
    match &types.0 {
        Some(sequence) => {
            for (i, &t) in sequence.iter().enumerate() {
                let last = i + 1 == sequence.len();
                let (data, next) = split_field(t, rest, last);
                field(t, data);
                rest = next;
            }
        }
        None => {
            while let Some((&t, after)) = rest.split_first() {
                let (data, next) = split_field(t, after, false);
                field(t, data);
                rest = next;
            }
        }
    }
    parts.join("\n")
}

/// A field's data and what follows it: lower-case types end at a NUL (or
/// run to the end when last in a `sametypesequence`), upper-case types have
/// a 32-bit big-endian size first.
fn split_field(t: u8, bytes: &[u8], last: bool) -> (&[u8], &[u8]) {
    if t.is_ascii_uppercase() {
        if bytes.len() < 4 {
            return (&[], &[]);
        }
        let size = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
        let data = &bytes[4..];
        let size = size.min(data.len());
        (&data[..size], &data[size..])
    } else if last {
        (bytes, &[])
    } else {
        match bytes.iter().position(|&b| b == 0) {
            Some(nul) => (&bytes[..nul], &bytes[nul + 1..]),
            None => (bytes, &[]),
        }
    }
}

/// Text types become text (markup stripped); sounds, pictures and other
/// binary types are skipped.
fn field_text(t: u8, data: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(data);
    match t {
        b'm' | b'l' | b't' | b'y' | b'k' | b'w' | b'r' => Some(text.into_owned()),
        b'g' | b'h' | b'x' => Some(strip_markup(&text)),
        _ => None,
    }
}

/// Drops `<…>` tags, turns `<br>` and block ends into line breaks and
/// decodes the common entities.
pub fn strip_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].to_ascii_lowercase();
        let name = tag.trim_start_matches('/');
        if name.starts_with("br")
            || name.starts_with("p")
            || name.starts_with("div")
            || name.starts_with("li")
        {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}
