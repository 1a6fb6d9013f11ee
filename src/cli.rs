//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Read a French text with its glossary and questions, and drill its vocabulary.
#[derive(Debug, Parser)]
#[command(name = "liseuse", version, about, long_about = None)]
pub struct Cli {
    /// Open this pack instead of the built-in statement.
    #[arg(long, global = true, value_name = "FILE")]
    pub pack: Option<PathBuf>,
    /// Keep progress here instead of the platform data directory
    /// (also LISEUSE_DATA_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Pretend the time is this (Unix seconds): for trying schedules.
    #[arg(long, global = true, hide = true, value_name = "SECONDS")]
    pub now: Option<i64>,
    /// Draw the first frame and exit: for timing start-up against other tools.
    #[arg(long, global = true, hide = true)]
    pub first_frame_only: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the reader (the default).
    Read,
    /// Open straight into the vocabulary quiz.
    Quiz,
    /// Validate packs; print each problem as FILE:LINE:COLUMN: message.
    Check {
        /// Pack files (default: the built-in packs).
        files: Vec<PathBuf>,
    },
    /// Print the glossary for import into Anki.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Tsv)]
        format: ExportFormat,
    },
    /// Print learning statistics.
    Stats {
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Measure load, wrap and draw times.
    Bench,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Tsv,
}
