//! Arbitrary bytes, or edits to the built-in pack's, as a compiled pack
//! from the cache: read whole and as a preview, then wrapping and lookups
//! on what loaded.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| liseuse::fuzzing::exercise_compiled(data));
