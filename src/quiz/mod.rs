//! Vocabulary drills: cards, grading of answers and scheduling.
