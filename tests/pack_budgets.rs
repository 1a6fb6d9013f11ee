//! Budgets for checking big, faulty packs: every problem is found, in time
//! and memory linear in the pack. Memory is measured exactly, by counting
//! what is allocated (deterministic, whatever the machine).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use liseuse::study::Study;

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only
// counters are updated around it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// A pack of about `text_kib` KiB of text and `faults` faulty entries:
/// one in two of the wrong type, the others with forms and sentences
/// not in the text; a question with a passage not in the text for every
/// ten entries.
fn faulty_pack(text_kib: usize, faults: usize) -> String {
    let sentence =
        "Le chat mange la souris dans le jardin pendant que le chien dort sous la table. ";
    let mut text = String::new();
    while text.len() < text_kib * 1024 {
        for _ in 0..8 {
            text.push_str(sentence);
        }
        text.push_str("\n\n");
    }
    let mut pack = format!(
        "[pack]\nid = \"big\"\ntitle = \"Big\"\nauthor = \"A\"\ndate = \"2024\"\n\n[text]\nbody = '''\n{text}'''\n"
    );
    for k in 0..faults {
        let en = if k % 2 == 0 {
            format!("{k}")
        } else {
            format!("\"w{k}\"")
        };
        pack.push_str(&format!(
            "\n[[glossary]]\nid = \"e{k}\"\nterm = \"mot{k}\"\npos = \"noun\"\ngender = \"m\"\nen = {en}\nforms = [\"absent{k}\"]\nsentence = \"pas là {k}\"\n"
        ));
        if k % 10 == 0 {
            pack.push_str(&format!(
                "\n[[questions]]\nid = \"q{k}\"\nkind = \"true_false\"\nprompt = \"P\"\ncorrect = true\nexplanation = \"E\"\npassages = [\"Le chat mange la souris dans le jardin pendant que le chien dort sur la table {k}\"]\n"
            ));
        }
    }
    pack
}

#[test]
fn checking_many_faults_is_linear_and_bounded() {
    let faults = 20_000;
    let pack = faulty_pack(1024, faults);
    let size = pack.len();
    let before = NOW.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let problems = match Study::load_with_warnings("big.toml", &pack) {
        Ok(_) => panic!("the faulty pack loaded"),
        Err(e) => e.problems,
    };
    let elapsed = started.elapsed();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    // Every fault is found: one per entry, one per question.
    let errors = problems.iter().filter(|p| !p.is_warning()).count();
    assert_eq!(
        errors,
        faults + faults / 10 + faults / 2,
        "{:?}",
        &problems[..3]
    );
    // Positions are right at the end of the file too.
    let last = problems.last().map(ToString::to_string).unwrap_or_default();
    assert!(last.starts_with("big.toml:"), "{last}");
    eprintln!(
        "{size} bytes, {} problems: {elapsed:?}, peak {peak} bytes ({:.1} per pack byte)",
        problems.len(),
        peak as f64 / size as f64
    );
    // The goal is under 10 bytes per pack byte. Today the TOML parser
    // holds every token of the document at once (about 30 bytes per byte
    // of small tables) and the study of the text (tokens, glossary index)
    // about 30 bytes per byte of text: this bound keeps what is measured
    // (about 21) from growing while those are reduced.
    assert!(
        peak < 25 * size,
        "checking used {peak} bytes at most for a pack of {size} bytes"
    );
    // Quadratic checking took seconds per thousand faults; linear takes
    // well under that even unoptimised on a busy machine.
    assert!(elapsed.as_secs() < 60, "{elapsed:?}");
}
