//! Packs: a text with its glossary, questions, translation and notes.

pub mod defaults;
pub mod error;
pub mod load;
pub mod model;
pub mod read;
pub mod sanitize;
pub mod split;
pub mod strings;
pub mod validate;

pub use error::{PackError, Position, Problem, Severity};
pub use model::*;
pub use strings::{Str, Strs};

/// The packs compiled into the binary: (file name, TOML source).
pub static BUILTIN: &[(&str, &str)] = &[("data/durov-2024-09.toml", DUROV)];

// Linked apart from the data a start reads (see `FORMS_BYTES` in
// src/lexicon/mod.rs).
#[cfg_attr(target_os = "linux", unsafe(link_section = ".lrodata.packs"))]
static DUROV_BYTES: [u8; include_bytes!("../../data/durov-2024-09.toml").len()] =
    *include_bytes!("../../data/durov-2024-09.toml");
static DUROV: &str = match std::str::from_utf8(&DUROV_BYTES) {
    Ok(s) => s,
    Err(_) => panic!("data/durov-2024-09.toml is not UTF-8"),
};
