//! The command line.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Read a French text with its glossary and questions, and drill its vocabulary.
#[derive(Debug, Parser)]
#[command(name = "liseuse", version, about, long_about = None)]
pub struct Cli {
    /// Open this pack instead of the built-in statement: a pack file, or
    /// the id of a pack in the library (see `liseuse list`).
    #[arg(long, global = true, value_name = "FILE|ID")]
    pub pack: Option<PathBuf>,
    /// Keep progress under this id instead of the pack's own: for two
    /// different texts that share an id.
    #[arg(long, global = true, value_name = "ID")]
    pub pack_id: Option<String>,
    /// Keep progress here instead of the platform data directory
    /// (also LISEUSE_DATA_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Read keys, theme and study settings from this file instead of
    /// config.toml in the platform config directory (also LISEUSE_CONFIG).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Pretend the time is this (Unix seconds): for trying schedules.
    #[arg(long, global = true, hide = true, value_name = "SECONDS")]
    pub now: Option<i64>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The command line. The usual starts, a bare `liseuse` and
    /// `liseuse --pack FILE`, skip building the parser: that alone cost
    /// more than a tenth of the instructions before the first frame (a
    /// test holds them equal to what clap parses).
    pub fn read() -> Cli {
        let args: Vec<OsString> = std::env::args_os().skip(1).collect();
        Cli::quick(&args).unwrap_or_else(Cli::parse)
    }

    /// `args` (the program's name left out) read without the parser when
    /// they are none or `--pack FILE` (`--pack=FILE`); `None` otherwise, and
    /// for a value clap could read otherwise (empty, or starting with `-`).
    fn quick(args: &[OsString]) -> Option<Cli> {
        let plain = |value: &OsStr| {
            let bytes = value.as_encoded_bytes();
            (!bytes.is_empty() && !bytes.starts_with(b"-")).then(|| PathBuf::from(value))
        };
        let pack = match args {
            [] => None,
            [flag, value] if flag == "--pack" => Some(plain(value)?),
            [arg] => Some(plain(OsStr::new(arg.to_str()?.strip_prefix("--pack=")?))?),
            _ => return None,
        };
        Some(Cli {
            pack,
            ..Cli::bare()
        })
    }

    /// What `liseuse` without arguments parses to.
    fn bare() -> Cli {
        Cli {
            pack: None,
            pack_id: None,
            data_dir: None,
            config: None,
            now: None,
            command: None,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the reader (the default).
    Read,
    /// Open straight into the vocabulary quiz.
    Quiz,
    /// Validate packs; print each problem as FILE:LINE:COLUMN: message.
    Check {
        /// Pack files (default: the pack given with --pack, else the
        /// built-in packs).
        files: Vec<PathBuf>,
    },
    /// Check a pack and copy it into the library, to open it by its id.
    Add {
        /// The pack file.
        file: PathBuf,
    },
    /// List the built-in and library packs with their progress.
    List,
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
    /// Draft a study pack from a French text: the text verbatim and a
    /// proposed glossary to finish.
    New(NewArgs),
    /// Check the config file and say where it is; --default prints a
    /// complete one with every key, style and setting explained.
    Config {
        /// Print the default config (a comment for each setting).
        #[arg(long)]
        default: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Tsv,
}

/// `liseuse new`'s options.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The text: a UTF-8 file, or - for standard input.
    pub text: PathBuf,
    /// Write the pack to this file instead of standard output.
    #[arg(short, long, value_name = "PACK")]
    pub output: Option<PathBuf>,
    /// The pack's title (default: the text's first line).
    #[arg(long)]
    pub title: Option<String>,
    /// The learner's level, A1 to C2: words they probably know are left out.
    #[arg(long, default_value = "B1", value_name = "LEVEL")]
    pub level: liseuse::author::Level,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Take meanings from this dictionary too (dictd .index or StarDict .ifo
    /// file, or a directory of them).
    #[arg(long, value_name = "PATH")]
    pub dictionary: Vec<PathBuf>,
    /// Do not look in the standard places for installed dictionaries.
    #[arg(long)]
    pub no_dictionary: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_command_line_is_what_clap_parses() {
        let parsed = Cli::try_parse_from(["liseuse"]).expect("no arguments parse");
        assert_eq!(format!("{parsed:?}"), format!("{:?}", Cli::bare()));
    }

    /// The command lines read without the parser read as clap reads them;
    /// any other is left to clap.
    #[test]
    fn quick_command_lines_are_what_clap_parses() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        for line in [
            &[][..],
            &["--pack", "texte.toml"],
            &["--pack=texte.toml"],
            &["--pack", "quiz"],
            &["--pack", "dossier/mon texte à moi.toml"],
        ] {
            let quick = Cli::quick(&args(line)).expect("read without the parser");
            let parsed =
                Cli::try_parse_from(std::iter::once("liseuse").chain(line.iter().copied()))
                    .expect("parses");
            assert_eq!(format!("{quick:?}"), format!("{parsed:?}"), "{line:?}");
        }
        for line in [
            &["--pack"][..],
            &["--pack", "-x"],
            &["--pack", ""],
            &["--pack="],
            &["quiz"],
            &["--pack", "a.toml", "quiz"],
            &["--pack-id", "a"],
            &["--help"],
            &["--version"],
        ] {
            assert!(Cli::quick(&args(line)).is_none(), "{line:?}");
        }
    }
}
