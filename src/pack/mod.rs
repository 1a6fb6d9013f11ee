//! Packs: a text with its glossary, questions, translation and notes.

pub mod error;
pub mod load;
pub mod locate;
pub mod model;

pub use error::{PackError, Position, Problem};
pub use model::*;
