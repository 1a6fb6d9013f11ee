//! Getting a pack's source from bytes or a file: what kind of file, size
//! limit, encoding. Its fields are read by `read`, checked by `validate`.

use std::io::Read;
use std::path::Path;

use super::error::{PackError, Position, Problem};

/// Packs larger than this are refused before they are read in full.
pub const MAX_PACK_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a pack file as TOML source, refusing oversized files up front.
pub fn read_file(path: &Path) -> Result<String, PackError> {
    decode(&path.display().to_string(), &read_bytes(path)?)
}

/// Reads a pack file's bytes, refusing oversized files up front (the
/// cache of compiled packs is keyed by them: a cached pack is never
/// decoded as text).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, PackError> {
    let name = path.display().to_string();
    // A FIFO or a device is refused before it is read: it could block or
    // stream forever.
    let file = crate::files::open_regular(path)
        .map_err(|e| Problem::new(&name, None, format!("cannot open the pack: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_PACK_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Problem::new(&name, None, format!("cannot read the pack: {e}")))?;
    if bytes.len() as u64 > MAX_PACK_BYTES {
        return Err(Problem::new(
            &name,
            None,
            format!(
                "the pack is larger than the limit of {} MiB; expected a smaller file",
                MAX_PACK_BYTES / (1024 * 1024)
            ),
        )
        .into());
    }
    Ok(bytes)
}

/// Reads a pack's fields, without checking them against its text (no
/// matching, no quotations): for tools that only need the pack as written.
pub fn parse(name: &str, source: &str) -> Result<super::Pack, PackError> {
    let mut pending = super::read::Found::for_source(source);
    let reading = super::read::read(source, &mut pending);
    pending.retain_errors();
    if !pending.has_errors() {
        Ok(reading.pack)
    } else {
        Err(PackError {
            problems: super::error::locate_all(name, source, pending),
        })
    }
}

/// Turns raw bytes into TOML source: UTF-8 only, a byte order mark and CRLF
/// line endings accepted.
pub fn decode(name: &str, bytes: &[u8]) -> Result<String, PackError> {
    decode_owned(name, bytes.to_vec())
}

/// [`decode`], keeping the bytes as the text when they need no change (a
/// pack file's text is not copied).
pub fn decode_owned(name: &str, bytes: Vec<u8>) -> Result<String, PackError> {
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid_up_to = e.utf8_error().valid_up_to();
            return Err(invalid_utf8(name, &e.as_bytes()[..valid_up_to]).into());
        }
    };
    if text.starts_with(BOM) {
        text.drain(..BOM.len_utf8());
    }
    if text.trim().is_empty() {
        return Err(Problem::new(
            name,
            None,
            "the file is empty; expected a pack with [pack], [text] and a body",
        )
        .into());
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n");
    }
    Ok(text)
}

/// A byte order mark, which a file may start with.
const BOM: char = '\u{FEFF}';

/// Invalid UTF-8 right after `valid` (a byte order mark at its start is
/// not counted in the position).
fn invalid_utf8(name: &str, valid: &[u8]) -> Problem {
    let valid = valid.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(valid);
    // The valid prefix is UTF-8 by construction.
    let prefix = std::str::from_utf8(valid).unwrap_or_default();
    let pos = Position::from_offset(prefix, prefix.len());
    Problem::new(
        name,
        Some(pos),
        "invalid UTF-8; expected the pack to be saved as UTF-8 text",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "[pack]\nid = \"t\"\ntitle = \"T\"\nauthor = \"A\"\ndate = \"2024\"\n\n[text]\nbody = \"Bonjour.\"\n";

    #[test]
    fn accepts_bom_and_crlf() {
        let bytes = format!("\u{feff}{}", MINIMAL.replace('\n', "\r\n"));
        let source = decode("p.toml", bytes.as_bytes()).expect("decodes");
        assert!(crate::study::Study::load("p.toml", &source).is_ok());
    }

    #[test]
    fn rejects_empty_and_bad_utf8() {
        let empty = decode("e.toml", b"  \n").unwrap_err();
        assert!(empty.to_string().starts_with("e.toml: the file is empty"));
        let bad = decode("b.toml", b"[pack]\nid = \"\xff\"").unwrap_err();
        assert_eq!(
            bad.to_string(),
            "b.toml:2:7: invalid UTF-8; expected the pack to be saved as UTF-8 text"
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_counted_in_positions() {
        let bad = decode("b.toml", b"\xEF\xBB\xBFid = \"\xff\"").unwrap_err();
        assert_eq!(
            bad.to_string(),
            "b.toml:1:7: invalid UTF-8; expected the pack to be saved as UTF-8 text"
        );
        let text = decode_owned("b.toml", b"\xEF\xBB\xBF[pack]\r\n".to_vec()).expect("decodes");
        assert_eq!(text, "[pack]\n");
    }

    #[test]
    fn text_that_needs_no_change_keeps_its_buffer() {
        let bytes = MINIMAL.as_bytes().to_vec();
        let at = bytes.as_ptr();
        let text = decode_owned("p.toml", bytes).expect("decodes");
        assert_eq!(text, MINIMAL);
        assert_eq!(text.as_ptr(), at);
    }

    #[test]
    fn positions_count_characters() {
        let src = "é\nàb";
        assert_eq!(
            Position::from_offset(src, 5),
            Position { line: 2, column: 2 }
        );
    }
}
