//! The subcommands that print instead of opening the terminal UI.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::ExportFormat;
use liseuse::pack::{self, PackError};
use liseuse::study::Study;

/// `liseuse check`: validates packs, exit 1 if any has a problem.
pub fn check(files: &[PathBuf]) -> ExitCode {
    let results: Vec<(String, Result<pack::Pack, PackError>)> = if files.is_empty() {
        pack::BUILTIN
            .iter()
            .map(|(name, source)| (name.to_string(), pack::from_source(name, source)))
            .collect()
    } else {
        files
            .iter()
            .map(|f| (f.display().to_string(), pack::open(f)))
            .collect()
    };
    let mut failed = false;
    for (name, result) in results {
        match result {
            Ok(p) => println!(
                "{name}: ok ({} glossary entries, {} questions, {} translated paragraphs, {} notes)",
                p.glossary.len(),
                p.questions.len(),
                p.translation.len(),
                p.notes.len()
            ),
            Err(e) => {
                failed = true;
                println!("{e}");
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
        ExportFormat::Tsv => print!("{}", liseuse::export::anki_tsv(&study.pack)),
    }
}

pub fn stats(_study: &Study, _json: bool) {}

pub fn bench(_study: &Study) {}
