//! `config.toml`: the learner's key bindings, colours and study settings.
//!
//! The file lives in the platform's config directory; `--config FILE` or
//! `LISEUSE_CONFIG` name another. This module reads and checks it without
//! knowing the interface: key and style *names* are checked by the tables
//! that define them (the app's keymap, the interface's theme), which report
//! their problems at the positions kept here. Every problem is collected, so
//! one run lists them all, and whatever is wrong falls back to its default.
//! `liseuse config --default` prints a complete file generated from those
//! same tables ([`default_file`]).

mod default_file;
mod parse;
pub mod style;
pub mod suggest;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

pub use default_file::{
    DICTIONARIES_SECTION, DefaultEntry, DefaultSection, render_default, study_section,
};
pub use parse::parse;
pub use style::{Colour, Modifiers, StyleSpec};

use crate::pack::error::{Position, Problem};

/// The largest config file read: far more than any real one.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// A value from the file with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub position: Position,
}

/// One `[keys]` line: an action and the keys it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyEntry {
    /// `Some("reader")` under `[keys.reader]`; `None` under `[keys]`.
    pub context: Option<At<String>>,
    pub action: At<String>,
    /// Key specs (`x`, `ctrl-q`, `pgdn`), unchecked: the keymap knows keys.
    pub keys: Vec<At<String>>,
}

/// One `[theme]` line: a style name and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleEntry {
    pub name: At<String>,
    pub style: StyleSpec,
}

/// `[study]`: what was set; `None` keeps the progress file's value.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StudySettings {
    pub new_per_day: Option<u32>,
    pub retention: Option<f64>,
}

impl StudySettings {
    /// The settings in force: these where set, else the progress file's
    /// (which older versions kept there).
    pub fn apply_to(&self, settings: &mut crate::progress::Settings) {
        if let Some(n) = self.new_per_day {
            settings.new_per_day = n;
        }
        if let Some(r) = self.retention {
            settings.retention = r;
        }
    }
}

/// Everything read from a config file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    pub keys: Vec<KeyEntry>,
    pub theme: Vec<StyleEntry>,
    pub study: StudySettings,
    /// Dictionaries named in `[dictionaries] paths`, read besides the ones
    /// found in the standard places.
    pub dictionaries: Vec<std::path::PathBuf>,
}

/// Where the config comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigPath {
    pub path: PathBuf,
    /// Named on the command line (`--config`): it must exist. A file named
    /// by `LISEUSE_CONFIG` may be absent, like the platform's (an
    /// environment set once for every run, or for tests, means "if any").
    pub chosen: bool,
}

/// The config file: `--config FILE`, else `LISEUSE_CONFIG`, else
/// `config.toml` in the platform's config directory. Empty values count as
/// unset.
pub fn locate(flag: Option<PathBuf>, env_value: Option<OsString>) -> Option<ConfigPath> {
    flag.filter(|p| !p.as_os_str().is_empty())
        .map(|path| ConfigPath { path, chosen: true })
        .or_else(|| {
            env_value.filter(|v| !v.is_empty()).map(|v| ConfigPath {
                path: PathBuf::from(v),
                chosen: false,
            })
        })
        .or_else(|| {
            directories::ProjectDirs::from("", "", "liseuse").map(|d| ConfigPath {
                path: d.config_dir().join("config.toml"),
                chosen: false,
            })
        })
}

/// A config with the problems found in it, all of them.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    pub problems: Vec<Problem>,
    /// The file read, if any.
    pub path: Option<PathBuf>,
}

impl Loaded {
    /// Adds problems found by the tables (unknown actions, bad keys,
    /// conflicts), in the file's name, sorted by position.
    pub fn add(&mut self, found: impl IntoIterator<Item = (Position, String)>) {
        let file = self.file_name();
        self.problems.extend(
            found
                .into_iter()
                .map(|(at, message)| Problem::new(&file, Some(at), message)),
        );
        self.problems
            .sort_by_key(|p| p.position.map(|p| (p.line, p.column)));
    }

    fn file_name(&self) -> String {
        self.path
            .as_deref()
            .map_or_else(|| "config.toml".into(), |p| p.display().to_string())
    }
}

/// Reads and parses the config at `at`. A missing platform config is no
/// problem (defaults apply); a missing chosen one, a FIFO or device, or an
/// unreadable file is one, and the defaults apply.
pub fn load(at: Option<&ConfigPath>) -> Loaded {
    let Some(at) = at else {
        return Loaded::default();
    };
    let mut loaded = Loaded {
        path: Some(at.path.clone()),
        ..Loaded::default()
    };
    match read(&at.path) {
        Ok(text) => {
            let (config, problems) = parse(&text);
            loaded.config = config;
            loaded.add(problems);
        }
        Err(None) if !at.chosen => loaded.path = None,
        Err(e) => {
            let why = e.unwrap_or_else(|| "no such file".into());
            loaded.problems.push(Problem::new(
                &loaded.file_name(),
                None,
                format!("cannot read the config ({why}); using the defaults"),
            ));
        }
    }
    loaded
}

/// The file's text; `Err(None)` when it does not exist.
fn read(path: &Path) -> Result<String, Option<String>> {
    match crate::files::read_regular(path, MAX_CONFIG_BYTES) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes).map_err(|e| {
                Some(format!(
                    "it is not UTF-8 text (byte {})",
                    e.utf8_error().valid_up_to()
                ))
            })?;
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            Ok(text.replace("\r\n", "\n"))
        }
        Err(crate::files::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(None)
        }
        Err(e) => Err(Some(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_then_env_then_platform() {
        let flag = Some(PathBuf::from("flag.toml"));
        let env = Some(OsString::from("env.toml"));
        let at = locate(flag.clone(), env.clone()).expect("a path");
        assert_eq!((at.path, at.chosen), (PathBuf::from("flag.toml"), true));
        let at = locate(None, env).expect("a path");
        assert_eq!((at.path, at.chosen), (PathBuf::from("env.toml"), false));
        let platform = locate(Some(PathBuf::new()), Some(OsString::new()));
        assert_eq!(platform, locate(None, None));
        if let Some(p) = platform {
            assert!(!p.chosen);
            assert!(p.path.ends_with("config.toml"));
            assert!(p.path.to_string_lossy().contains("liseuse"));
        }
    }

    #[test]
    fn missing_files_and_special_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        // The platform file may be absent: nothing to say.
        let quiet = load(Some(&ConfigPath {
            path: path.clone(),
            chosen: false,
        }));
        assert!(quiet.problems.is_empty() && quiet.path.is_none());
        // A file the user named must exist.
        let named = load(Some(&ConfigPath {
            path: path.clone(),
            chosen: true,
        }));
        assert_eq!(named.problems.len(), 1);
        assert!(named.problems[0].to_string().contains("no such file"));
        // A directory is refused, not read.
        let dir_config = load(Some(&ConfigPath {
            path: dir.path().to_path_buf(),
            chosen: false,
        }));
        assert!(
            dir_config.problems[0]
                .to_string()
                .contains("not a regular file")
        );
        std::fs::write(&path, "[study]\nnew_per_day = 7\n").expect("write");
        let ok = load(Some(&ConfigPath {
            path,
            chosen: false,
        }));
        assert!(ok.problems.is_empty());
        assert_eq!(ok.config.study.new_per_day, Some(7));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        let c = std::ffi::CString::new(path.to_string_lossy().as_bytes()).expect("path");
        // SAFETY: mkfifo reads a valid NUL-terminated path.
        let made = unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
        assert_eq!(made, 0, "mkfifo");
        let loaded = load(Some(&ConfigPath { path, chosen: true }));
        let message = loaded.problems[0].to_string();
        assert!(message.contains("a FIFO"), "{message}");
    }

    #[test]
    fn study_settings_win_over_the_progress_file() {
        let mut from_file = crate::progress::Settings {
            new_per_day: 5,
            ..Default::default()
        };
        StudySettings {
            new_per_day: None,
            retention: Some(0.85),
        }
        .apply_to(&mut from_file);
        assert_eq!(from_file.new_per_day, 5);
        assert_eq!(from_file.retention, 0.85);
    }
}
