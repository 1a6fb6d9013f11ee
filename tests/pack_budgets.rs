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

    // Growing in place, as the system allocator does for large blocks,
    // never holds the old and the new block at once.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grown = new_size - layout.size();
                let now = NOW.fetch_add(grown, Ordering::Relaxed) + grown;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                NOW.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// About `kib` KiB of French text in paragraphs of eight sentences.
fn text(kib: usize) -> String {
    let sentence =
        "Le chat mange la souris dans le jardin pendant que le chien dort sous la table. ";
    let mut text = String::new();
    while text.len() < kib * 1024 {
        for _ in 0..8 {
            text.push_str(sentence);
        }
        text.push_str("\n\n");
    }
    text
}

fn header(text: &str) -> String {
    format!(
        "[pack]\nid = \"big\"\ntitle = \"Big\"\nauthor = \"A\"\ndate = \"2024\"\n\n[text]\nbody = '''\n{text}'''\n"
    )
}

/// A pack of about `text_kib` KiB of text and `faults` faulty entries:
/// one in two of the wrong type, the others with forms and sentences
/// not in the text; a question with a passage not in the text for every
/// ten entries.
fn faulty_pack(text_kib: usize, faults: usize) -> String {
    let mut pack = header(&text(text_kib));
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

/// A pack of `kib` KiB made mostly of small, correct glossary entries.
fn small_entries(kib: usize) -> String {
    let words = ["chat", "souris", "jardin", "chien", "table"];
    let mut pack = header(&text(16));
    let mut k = 0;
    while pack.len() < kib * 1024 {
        let w = words[k % words.len()];
        pack.push_str(&format!(
            "\n[[glossary]]\nid = \"e{k}\"\nterm = \"{w}\"\npos = \"noun\"\ngender = \"m\"\nen = \"w{k}\"\nforms = [\"{w}\"]\n"
        ));
        k += 1;
    }
    pack
}

/// A pack of `kib` KiB of text, with no glossary.
fn one_long_text(kib: usize) -> String {
    header(&text(kib))
}

/// A pack of `kib` KiB of text and `entries` entries that leave out their
/// forms (their lemma's forms in the text are found for them), none of
/// which occurs.
fn entries_without_forms(kib: usize, entries: usize) -> String {
    let mut pack = header(&text(kib));
    for k in 0..entries {
        pack.push_str(&format!(
            "\n[[glossary]]\nid = \"e{k}\"\nterm = \"mot{k}\"\npos = \"noun\"\ngender = \"m\"\nen = \"w{k}\"\n"
        ));
    }
    pack
}

/// A pack of `kib` KiB of text whose commonest words are glossed, as a
/// reader's pack for a novel would be: an occurrence every eight bytes or
/// so, some nested in an expression.
fn densely_glossed(kib: usize) -> String {
    let mut pack = header(&text(kib));
    let words = [
        ("le", "the"),
        ("la", "the"),
        ("dans", "in"),
        ("que", "that"),
        ("sous", "under"),
        ("chat", "cat"),
        ("chien", "dog"),
        ("pendant que", "while"),
    ];
    for (k, (term, en)) in words.iter().enumerate() {
        pack.push_str(&format!(
            "\n[[glossary]]\nid = \"e{k}\"\nterm = \"{term}\"\npos = \"noun\"\ngender = \"m\"\nen = \"{en}\"\nforms = [\"{term}\"]\n"
        ));
    }
    pack
}

/// A pack of about `kib` KiB of entries whose long sentences are not in
/// the text (each told with where it stops matching).
fn long_sentences_not_in_the_text(kib: usize) -> (String, usize) {
    let mut pack = header(&text(16));
    let mut k = 0;
    while pack.len() < kib * 1024 {
        let sentence = format!(
            "Le chat {k} mange la souris dans le jardin pendant que le chien dort sous la table, et le jardin dort pendant que la souris mange le chat {k}."
        );
        pack.push_str(&format!(
            "\n[[glossary]]\nid = \"e{k}\"\nterm = \"chat\"\npos = \"noun\"\ngender = \"m\"\nen = \"cat\"\nforms = [\"chat\"]\nsentence = \"{sentence}\"\n"
        ));
        k += 1;
    }
    (pack, k)
}

/// A pack of about `kib` KiB of passages that begin alike, as the text's
/// sentences do, and end otherwise.
fn passages_beginning_alike(kib: usize) -> (String, usize) {
    let mut pack = header(&text(256));
    pack.push_str("\n[[questions]]\nid = \"q\"\nkind = \"true_false\"\nprompt = \"P\"\ncorrect = true\nexplanation = \"E\"\npassages = [\n");
    let mut k = 0;
    while pack.len() < kib * 1024 {
        pack.push_str(&format!(
            "  \"Le chat mange la souris dans le jardin pendant que le chien dort {k} fois.\",\n"
        ));
        k += 1;
    }
    pack.push_str("]\n");
    (pack, k)
}

/// A pack of about `kib` KiB of passages that begin alike and go on with
/// tails of every length, none alike.
fn passages_with_many_tails(kib: usize) -> (String, usize) {
    let mut pack = header(&text(256));
    pack.push_str("\n[[questions]]\nid = \"q\"\nkind = \"true_false\"\nprompt = \"P\"\ncorrect = true\nexplanation = \"E\"\npassages = [\n");
    let letters = b"abcdefghijklmnopqrstuvwxyz ";
    let mut k: usize = 0;
    while pack.len() < kib * 1024 {
        let tail: String = (0..10 + k % 190)
            .map(|j| char::from(letters[(k * 7 + j * j * 13 + j) % letters.len()]))
            .collect();
        pack.push_str(&format!(
            "  \"Le chat mange la souris dans le jardin pendant que {k}{tail}\",\n"
        ));
        k += 1;
    }
    pack.push_str("]\n");
    (pack, k)
}

/// A pack of `kib` KiB of small tables, each with an unknown field and a
/// value of the wrong type.
fn unknown_fields(kib: usize) -> String {
    let mut pack = header(&text(4));
    let mut k = 0;
    while pack.len() < kib * 1024 {
        pack.push_str(&format!(
            "\n[[translation]]\nparagraph = \"{k}\"\nen = \"x\"\nzz{k} = 1\n"
        ));
        k += 1;
    }
    pack
}

/// Checks `pack` as `liseuse check` does, measuring the memory allocated
/// at the peak (beyond the source itself) and the time; returns the
/// problems found.
fn check_within_budget(shape: &str, pack: &str, budget: usize) -> Vec<liseuse::pack::Problem> {
    let size = pack.len();
    let before = NOW.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let problems = match Study::check("big.toml", pack) {
        Ok((_, warnings)) => warnings,
        Err(e) => e.problems,
    };
    let elapsed = started.elapsed();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    eprintln!(
        "{shape}: {size} bytes, {} problems: {elapsed:?}, peak {peak} bytes ({:.1} per pack byte)",
        problems.len(),
        peak as f64 / size as f64
    );
    assert!(
        peak < budget * size,
        "{shape}: checking used {peak} bytes at most for a pack of {size} bytes"
    );
    // Quadratic checking took seconds per thousand faults; linear takes
    // well under that even unoptimised on a busy machine.
    assert!(elapsed.as_secs() < 60, "{shape}: {elapsed:?}");
    problems
}

/// The budget: under 10 bytes of memory per byte of pack, whatever the
/// pack holds. The source itself, one byte per byte, is read before and is
/// not counted here: 9 bytes are left.
const BUDGET: usize = 9;

/// One test, so that no other test allocates while one is measured.
#[test]
fn checking_any_pack_is_linear_and_bounded() {
    let faults = 20_000;
    let pack = faulty_pack(1024, faults);
    let problems = check_within_budget("faulty entries and a long text", &pack, BUDGET);
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

    let problems = check_within_budget("faulty entries", &faulty_pack(16, faults), BUDGET);
    let errors = problems.iter().filter(|p| !p.is_warning()).count();
    assert_eq!(errors, faults + faults / 10 + faults / 2);

    let problems = check_within_budget("small entries", &small_entries(2048), BUDGET);
    assert!(
        problems.iter().all(|p| p.is_warning()),
        "{:?}",
        &problems[..1]
    );

    let problems = check_within_budget("one long text", &one_long_text(2048), BUDGET);
    assert!(
        problems.iter().all(|p| p.is_warning()),
        "{:?}",
        &problems[..1]
    );

    // Lemma matching looked for every entry at every word of the text:
    // 2,000 entries over 1 MiB took 46 s optimised.
    let problems = check_within_budget(
        "entries without forms",
        &entries_without_forms(1024, 2000),
        BUDGET,
    );
    let errors = problems.iter().filter(|p| !p.is_warning()).count();
    assert_eq!(errors, 2000);

    // One occurrence every eight bytes of text: the index is the largest
    // part of the study.
    let problems = check_within_budget("densely glossed", &densely_glossed(2048), BUDGET);
    assert!(
        problems.iter().all(|p| p.is_warning()),
        "{:?}",
        &problems[..1]
    );

    // Quotations not in the text are looked for in one scan: an automaton
    // of them all took 40 bytes per byte of a pack of long sentences.
    let (pack, sentences) = long_sentences_not_in_the_text(2048);
    let problems = check_within_budget("long sentences not in the text", &pack, BUDGET);
    let errors = problems.iter().filter(|p| !p.is_warning()).count();
    assert_eq!(errors, sentences);
    let (pack, passages) = passages_beginning_alike(2048);
    let problems = check_within_budget("passages beginning alike", &pack, BUDGET);
    let last = problems.last().map(ToString::to_string).unwrap_or_default();
    assert!(
        last.contains("passage") || last.starts_with("and "),
        "{last}"
    );
    assert!(problems.len() > passages.min(1000), "{}", problems.len());
    let (pack, passages) = passages_with_many_tails(2048);
    let problems = check_within_budget("passages with many tails", &pack, BUDGET);
    assert!(problems.len() > passages.min(1000), "{}", problems.len());

    // Two problems per 50 bytes: past a budget, problems are counted and
    // the count told last.
    let pack = unknown_fields(2048);
    let tables = pack.matches("[[translation]]").count();
    let problems = check_within_budget("unknown fields", &pack, BUDGET);
    let last = problems
        .last()
        .map(|p| p.message.clone())
        .unwrap_or_default();
    let untold: usize = last
        .strip_prefix("and ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{last}"));
    assert_eq!(problems.len() - 1 + untold, 2 * tables, "{last}");
    assert!(problems.len() > 10_000, "{}", problems.len());
}
