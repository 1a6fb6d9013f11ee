//! The subcommands that print instead of opening the terminal UI.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::ExportFormat;
use crate::clock::Clock;
use crate::output::{out, outln};
use liseuse::pack::{self, PackError};
use liseuse::progress::Store;
use liseuse::study::Study;

/// `liseuse check`: validates packs, exit 1 if any has a problem.
/// Warnings are printed too but do not fail the check.
pub fn check(files: &[PathBuf]) -> ExitCode {
    let sources: Vec<(String, Result<String, PackError>)> = if files.is_empty() {
        pack::BUILTIN
            .iter()
            .map(|(name, source)| (name.to_string(), Ok(source.to_string())))
            .collect()
    } else {
        files
            .iter()
            .map(|f| (f.display().to_string(), pack::load::read_file(f)))
            .collect()
    };
    let mut failed = false;
    for (name, source) in sources {
        let result = source.and_then(|source| {
            let (study, mut warnings) = Study::load_with_warnings(&name, &source)?;
            warnings.extend(pack::validate::advice(&name, &source, &study.pack));
            warnings.sort_by_key(|p| p.position.map(|p| (p.line, p.column)));
            Ok((warnings, study))
        });
        match result {
            Ok((warnings, Study { pack: p, .. })) => {
                for warning in warnings {
                    outln!("{warning}");
                }
                let todo = p.glossary.iter().filter(|e| e.todo).count();
                let todo = if todo > 0 {
                    format!(", {todo} to finish")
                } else {
                    String::new()
                };
                outln!(
                    "{}: ok ({} glossary entries{todo}, {} questions, {} translated paragraphs, {} notes)",
                    pack::sanitize::clean(&name, false),
                    p.glossary.len(),
                    p.questions.len(),
                    p.translation.len(),
                    p.notes.len()
                );
            }
            Err(e) => {
                failed = true;
                outln!("{e}");
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `liseuse export`: the glossary as Anki-ready TSV.
pub fn export(study: &Study, format: ExportFormat) {
    match format {
        ExportFormat::Tsv => out!("{}", liseuse::export::anki_tsv(&study.pack)),
    }
}

/// `liseuse stats`: learning statistics, as text or one JSON object.
pub fn stats(study: &Study, store: Option<Store>, clock: Clock, json: bool) -> Result<(), String> {
    let store = store.ok_or("no data directory: set LISEUSE_DATA_DIR or --data-dir")?;
    let now = clock.now();
    // Read only: a file that cannot be used is reported, never set aside.
    let loaded = store.peek(&study.pack.pack.id);
    if let Some(notice) = loaded.notice {
        eprintln!("{notice}");
    }
    let s = liseuse::quiz::stats::stats(
        &study.pack.glossary,
        &loaded.progress,
        now,
        clock.utc_offset(),
    );
    if json {
        let text = serde_json::to_string(&s).map_err(|e| format!("cannot write JSON: {e}"))?;
        outln!("{text}");
        return Ok(());
    }
    outln!("{}", study.pack.pack.title);
    outln!(
        "words: {} new, {} learning, {} known ({} out of the deck)",
        s.new,
        s.learning,
        s.known,
        s.suspended
    );
    outln!("due today: {} (+ up to {} new)", s.due_today, s.new_today);
    outln!(
        "reviews: {} today, {} in all ({} practice)",
        s.reviews_today,
        s.reviews,
        s.practice
    );
    outln!("retention (30 days): {}", s.retention_label());
    let forecast: Vec<String> = s.forecast.iter().map(u64::to_string).collect();
    outln!("due in the next 14 days: {}", forecast.join(" "));
    outln!("questions: {}", s.questions_label());
    Ok(())
}
