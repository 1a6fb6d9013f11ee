//! Times the lexicon: opening it (first lookup) and looking up every word of
//! the built-in statement, many times over.
//!
//! ```sh
//! cargo run --release --example lexicon_bench
//! ```

use std::time::Instant;

use liseuse::lexicon;
use liseuse::study::Study;
use liseuse::text::TokenKind;

fn main() {
    let study = match Study::builtin() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    let text = study.text();
    let words: Vec<&str> = study
        .tokens
        .iter()
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Elision))
        .map(|t| t.text(text))
        .collect();
    let start = Instant::now();
    let lex = lexicon::lexicon();
    let load = start.elapsed();
    println!(
        "load: {:.2} ms ({} forms)",
        load.as_secs_f64() * 1e3,
        lex.len()
    );
    let rounds = 200;
    let start = Instant::now();
    let mut readings = 0;
    for _ in 0..rounds {
        for w in &words {
            readings += lex.lookup(w).len();
        }
    }
    let per_word = start.elapsed().as_secs_f64() * 1e6 / (rounds * words.len()) as f64;
    println!(
        "lookup: {per_word:.2} µs per word ({} words × {rounds}, {} readings)",
        words.len(),
        readings / rounds
    );
    // Each word's best of five runs, so that a busy machine's pauses do
    // not pass for the lexicon's cost.
    let mut slowest = (0.0, "");
    for w in &words {
        let t = (0..5)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..20 {
                    lex.lookup(w);
                }
                start.elapsed().as_secs_f64() * 1e6 / 20.0
            })
            .fold(f64::INFINITY, f64::min);
        if t > slowest.0 {
            slowest = (t, w);
        }
    }
    println!("slowest word: {:.2} µs ({})", slowest.0, slowest.1);
}
