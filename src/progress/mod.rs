//! Progress: saved review state, the review log and question scores.
