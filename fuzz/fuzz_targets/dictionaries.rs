//! Arbitrary bytes as a dictd or StarDict dictionary (plain, or dictzip
//! with a byte changed): opening it and looking words up.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    liseuse::fuzzing::exercise_dictionaries(data);
});
