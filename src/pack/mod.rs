//! Packs: a text with its glossary, questions, translation and notes.

pub mod defaults;
pub mod error;
pub mod load;
pub mod model;
pub mod read;
pub mod sanitize;
pub mod split;
pub mod validate;

pub use error::{PackError, Position, Problem, Severity};
pub use model::*;

/// The packs compiled into the binary: (file name, TOML source).
pub const BUILTIN: &[(&str, &str)] = &[(
    "data/durov-2024-09.toml",
    include_str!("../../data/durov-2024-09.toml"),
)];
