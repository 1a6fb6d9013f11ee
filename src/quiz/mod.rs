//! Vocabulary drills: cards, grading of answers and scheduling.

pub mod cards;
pub mod grade;
pub mod schedule;
