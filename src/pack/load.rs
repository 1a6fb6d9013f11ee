//! Reading a pack from bytes or a file: size limit, encoding, TOML syntax
//! and types. Semantic checks live in `validate`.

use std::io::Read;
use std::path::Path;

use super::error::{PackError, Position, Problem};
use super::model::Pack;

/// Packs larger than this are refused before they are read in full.
pub const MAX_PACK_BYTES: u64 = 16 * 1024 * 1024;

/// Field names a pack may use, for "did you mean" hints.
const KNOWN_FIELDS: &[&str] = &[
    "pack",
    "text",
    "glossary",
    "questions",
    "translation",
    "notes",
    "id",
    "title",
    "author",
    "date",
    "source",
    "level",
    "language",
    "body",
    "term",
    "pos",
    "gender",
    "en",
    "literal",
    "forms",
    "sentence",
    "note",
    "accept",
    "tags",
    "drill",
    "kind",
    "prompt",
    "choices",
    "answer",
    "correct",
    "model",
    "reject",
    "explanation",
    "passages",
    "paragraph",
];

/// Reads a pack file as TOML source, refusing oversized files up front.
pub fn read_file(path: &Path) -> Result<String, PackError> {
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
    decode(&name, &bytes)
}

/// Turns raw bytes into TOML source: UTF-8 only, a byte order mark and CRLF
/// line endings accepted.
pub fn decode(name: &str, bytes: &[u8]) -> Result<String, PackError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            // The valid prefix is UTF-8 by construction.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let pos = Position::from_offset(prefix, prefix.len());
            return Err(Problem::new(
                name,
                Some(pos),
                "invalid UTF-8; expected the pack to be saved as UTF-8 text",
            )
            .into());
        }
    };
    if text.trim().is_empty() {
        return Err(Problem::new(
            name,
            None,
            "the file is empty; expected a pack with [pack], [text] and a body",
        )
        .into());
    }
    Ok(text.replace("\r\n", "\n"))
}

/// Parses TOML source into a pack, with syntax and type errors located.
pub fn parse(name: &str, source: &str) -> Result<Pack, PackError> {
    toml::from_str::<Pack>(source).map_err(|e| {
        let position = e.span().map(|s| Position::from_offset(source, s.start));
        Problem::new(name, position, describe(e.message())).into()
    })
}

/// Rewords the TOML library's message and adds a hint for misspelt fields.
fn describe(message: &str) -> String {
    let message = message.trim().to_string();
    if message.contains("recurse") {
        return "arrays or tables are nested too deeply; expected a pack of plain tables and arrays"
            .to_string();
    }
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some(end) = rest.find('`')
    {
        let field = &rest[..end];
        if let Some(near) = nearest(field) {
            return format!("{message}; did you mean `{near}`?");
        }
    }
    message
}

fn nearest(field: &str) -> Option<&'static str> {
    KNOWN_FIELDS
        .iter()
        .map(|k| (edit_distance(field, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "[pack]\nid = \"t\"\ntitle = \"T\"\nauthor = \"A\"\ndate = \"2024\"\n\n[text]\nbody = \"Bonjour.\"\n";

    #[test]
    fn parses_a_minimal_pack() {
        let pack = parse("p.toml", MINIMAL).expect("minimal pack parses");
        assert_eq!(pack.text.body, "Bonjour.");
        assert!(pack.glossary.is_empty());
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let bytes = format!("\u{feff}{}", MINIMAL.replace('\n', "\r\n"));
        let source = decode("p.toml", bytes.as_bytes()).expect("decodes");
        assert!(parse("p.toml", &source).is_ok());
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
    fn locates_type_errors() {
        let src = MINIMAL.replace("id = \"t\"", "id = 3");
        let err = parse("p.toml", &src).unwrap_err().to_string();
        assert!(err.starts_with("p.toml:2:6: "), "{err}");
        assert!(err.contains("string"), "{err}");
    }

    #[test]
    fn suggests_the_nearest_field() {
        let src = MINIMAL.replace("author", "autor");
        let err = parse("p.toml", &src).unwrap_err().to_string();
        assert!(err.contains("unknown field `autor`"), "{err}");
        assert!(err.contains("did you mean `author`?"), "{err}");
    }

    #[test]
    fn reports_missing_fields() {
        let src = MINIMAL.replace("title = \"T\"\n", "");
        let err = parse("p.toml", &src).unwrap_err().to_string();
        assert!(err.contains("missing field `title`"), "{err}");
        assert!(err.starts_with("p.toml:1:1: "), "{err}");
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
