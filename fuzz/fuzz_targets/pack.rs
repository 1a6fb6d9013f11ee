//! Arbitrary bytes as a pack file: decoding, TOML, cleaning, indexing,
//! validation, then wrapping and lookups on what loaded.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| liseuse::fuzzing::exercise(data));
