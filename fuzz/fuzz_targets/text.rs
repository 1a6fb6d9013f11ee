//! Arbitrary text with glossary forms and quotations after NUL bytes:
//! tokenizing, matching, quotation lookup and wrapping, uncleaned.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| liseuse::fuzzing::exercise_text(data));
