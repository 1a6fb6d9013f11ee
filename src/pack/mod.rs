//! Packs: a text with its glossary, questions, translation and notes.

pub mod model;

pub use model::*;
