//! Packs: a text with its glossary, questions, translation and notes.

pub mod error;
pub mod load;
pub mod locate;
pub mod model;
pub mod sanitize;
pub mod validate;

use std::path::Path;

pub use error::{PackError, Position, Problem};
pub use model::*;

/// The packs compiled into the binary: (file name, TOML source).
pub const BUILTIN: &[(&str, &str)] = &[(
    "data/durov-2024-09.toml",
    include_str!("../../data/durov-2024-09.toml"),
)];

/// Parses, cleans and validates a pack's source.
pub fn from_source(name: &str, source: &str) -> Result<Pack, PackError> {
    let mut pack = load::parse(name, source)?;
    let problems = validate::validate(name, source, &pack);
    if !problems.is_empty() {
        return Err(PackError { problems });
    }
    sanitize::clean_pack(&mut pack);
    Ok(pack)
}

/// Reads, parses, cleans and validates a pack file.
pub fn open(path: &Path) -> Result<Pack, PackError> {
    let name = path.display().to_string();
    let source = load::read_file(path)?;
    from_source(&name, &source)
}

/// The default pack: the statement.
pub fn builtin() -> Result<Pack, PackError> {
    let (name, source) = BUILTIN[0];
    from_source(name, source)
}
