//! liseuse: the domain of a terminal reader for learners of French.
//!
//! Nothing here touches the terminal: the pack format and its validation,
//! tokenizing and glossary matching, wrapping, grading, scheduling and
//! progress storage. The `liseuse` binary drives it.

pub mod author;
pub mod binary;
pub mod cache;
pub mod config;
pub mod dict;
pub mod export;
pub mod files;
pub mod fuzzing;
pub mod lexicon;
pub mod library;
pub mod pack;
pub mod personal;
pub mod progress;
pub mod quiz;
pub mod speech;
pub mod study;
pub mod text;
