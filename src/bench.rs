//! `liseuse bench`: load, re-wrap and draw times on the statement and on a
//! generated ~1 MB pack with a 5,000-entry glossary.
//!
//! A measurement to read, not a test: nothing here asserts a time.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::{App, Start};
use crate::ui::{self, theme::Theme};
use liseuse::pack::BUILTIN;
use liseuse::study::Study;

/// Size of the generated text, in bytes.
const LARGE_TEXT: usize = 1_000_000;
const LARGE_GLOSSARY: usize = 5_000;

pub fn run() -> Result<(), String> {
    let (name, statement) = BUILTIN[0];
    let large = generated_pack(LARGE_TEXT, LARGE_GLOSSARY);
    println!("liseuse bench (release build recommended; medians)");
    let first = first_frame(name, statement)?;
    println!(
        "statement: first frame (load + index + wrap + draw, 100×30): {}",
        ms(first)
    );
    let small = measure("statement", name, statement, 30)?;
    let big = measure("generated", "generated.toml", &large, 5)?;
    println!(
        "draw per frame ratio, 1 MB / statement: {:.2}",
        big.draw.as_secs_f64() / small.draw.as_secs_f64().max(1e-9)
    );
    Ok(())
}

struct Figures {
    draw: Duration,
}

fn measure(label: &str, name: &str, source: &str, runs: usize) -> Result<Figures, String> {
    let load = median(runs, || {
        black_box(Study::load(name, source).map_err(|e| e.to_string()))
    })?;
    let study = Study::load(name, source).map_err(|e| e.to_string())?;
    let words = study.tokens.len();
    let entries = study.pack.glossary.len();
    let matches = study.index.occurrences().len();
    let start = Start::fresh(&study, 0);
    let mut app = App::new(study, start, 200, 60);
    let rewrap = median(runs, || {
        app.resize(160, 60);
        app.resize(200, 60);
        Ok(())
    })? / 2;
    app.reader.scroll = app.max_scroll() / 2;
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).map_err(|e| e.to_string())?;
    let theme = Theme::new(true);
    let draw = median(200, || {
        terminal
            .draw(|f| ui::draw(f, &app, theme))
            .map_err(|e| e.to_string())?;
        Ok(())
    })?;
    let mut line = String::new();
    let _ = write!(
        line,
        "{label}: {} bytes, {words} tokens, {entries} entries, {matches} matches | load+index {} | re-wrap {} | draw 200×60 {}",
        source.len(),
        ms(load),
        ms(rewrap),
        ms(draw)
    );
    println!("{line}");
    Ok(Figures { draw })
}

/// Time to the first frame as a user sees it: load, index, lay out, draw.
fn first_frame(name: &str, source: &str) -> Result<Duration, String> {
    median(20, || {
        let study = Study::load(name, source).map_err(|e| e.to_string())?;
        let start = Start::fresh(&study, 0);
        let app = App::new(study, start, 100, 30);
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).map_err(|e| e.to_string())?;
        terminal
            .draw(|f| ui::draw(f, &app, Theme::new(true)))
            .map_err(|e| e.to_string())?;
        Ok(())
    })
}

fn median<T>(runs: usize, mut f: impl FnMut() -> Result<T, String>) -> Result<Duration, String> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        black_box(f()?);
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times[times.len() / 2])
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// A pack of about `bytes` of French text with `entries` glossary entries,
/// each occurring in the text, built from the statement's paragraphs.
pub fn generated_pack(bytes: usize, entries: usize) -> String {
    let (_, statement) = BUILTIN[0];
    let base = Study::load("statement", statement)
        .map(|s| s.pack.text.body)
        .unwrap_or_default();
    let sentences: Vec<&str> = base
        .split_inclusive(". ")
        .flat_map(|s| s.split("\n\n"))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut text = String::with_capacity(bytes + 4096);
    let mut i = 0usize;
    while text.len() < bytes && !sentences.is_empty() {
        text.push_str(sentences[i % sentences.len()]);
        let _ = write!(
            text,
            " Ici revient le motif{} du texte.",
            i % entries.max(1)
        );
        text.push_str(if i % 4 == 3 { "\n\n" } else { " " });
        i += 1;
    }
    let mut out = String::with_capacity(text.len() + entries * 200);
    out.push_str("[pack]\nid = \"generated\"\ntitle = \"Generated\"\nauthor = \"bench\"\ndate = \"2026\"\n\n");
    out.push_str("[text]\nbody = '''\n");
    out.push_str(text.trim_end().trim_end_matches('\''));
    out.push_str("'''\n");
    for j in 0..entries.min(i) {
        let _ = write!(
            out,
            "\n[[glossary]]\nid = \"motif{j}\"\nterm = \"motif{j}\"\npos = \"noun\"\ngender = \"m\"\nen = \"pattern {j}\"\nforms = [\"motif{j}\"]\nsentence = \"Ici revient le motif{j} du texte.\"\n"
        );
    }
    out
}
