//! Arbitrary bytes as a progress file: lenient reading, writing back,
//! merging, statistics, the due queue and answering cards.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| liseuse::fuzzing::exercise_progress(data));
