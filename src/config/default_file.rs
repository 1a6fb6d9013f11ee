//! `liseuse config --default`: the complete default config, written from
//! the tables that define the defaults, so the two cannot drift.

use std::fmt::Write as _;

use super::parse::{MAX_NEW_PER_DAY, RETENTION_RANGE};

/// One setting of the default file, with the comment that explains it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultEntry {
    pub name: String,
    /// The value as TOML (`["q", "ctrl-c"]`, `"bold yellow"`, `20`).
    pub value: String,
    pub comment: String,
}

impl DefaultEntry {
    /// A key binding: the action's name and its keys.
    pub fn keys(name: &str, keys: &[String], comment: &str) -> DefaultEntry {
        let value = toml::Value::Array(keys.iter().cloned().map(toml::Value::String).collect());
        DefaultEntry {
            name: name.to_string(),
            value: value.to_string(),
            comment: comment.to_string(),
        }
    }

    /// A style or any other string setting.
    pub fn string(name: &str, value: &str, comment: &str) -> DefaultEntry {
        DefaultEntry {
            name: name.to_string(),
            value: toml::Value::String(value.to_string()).to_string(),
            comment: comment.to_string(),
        }
    }
}

/// A `[section]` of the default file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultSection {
    /// `keys`, `keys.reader`, `theme`, `study`.
    pub header: String,
    /// Lines said before the section.
    pub intro: Vec<String>,
    pub entries: Vec<DefaultEntry>,
}

/// `[study]` with the defaults the progress file has always used.
pub fn study_section() -> DefaultSection {
    let d = crate::progress::Settings::default();
    DefaultSection {
        header: "study".into(),
        intro: vec![
            "Study settings. They used to be kept in the progress file's [settings],".into(),
            "which is still read when they are not set here.".into(),
        ],
        entries: vec![
            DefaultEntry {
                name: "new_per_day".into(),
                value: d.new_per_day.to_string(),
                comment: format!("New words the quiz introduces a day (0 to {MAX_NEW_PER_DAY})."),
            },
            DefaultEntry {
                name: "retention".into(),
                value: format!("{:?}", d.retention),
                comment: format!(
                    "Chance of still knowing a word when it comes back ({} to {}); higher means more reviews.",
                    RETENTION_RANGE.0, RETENTION_RANGE.1
                ),
            },
        ],
    }
}

/// `[dictionaries]`, written commented out: none are named by default.
pub const DICTIONARIES_SECTION: &str = "\n\
# Dictionaries to read besides those found in the standard places\n\
# (/usr/share/dictd, ~/.stardict/dic, $XDG_DATA_HOME/stardict/dic,\n\
# /usr/share/stardict/dic): a dictd .index, a StarDict .ifo, or a folder.\n\
# [dictionaries]\n\
# paths = [\"/home/me/dicts/fra-eng.ifo\"]\n";

/// The whole file: a header, then each section with a comment per key.
pub fn render_default(sections: &[DefaultSection]) -> String {
    let mut out = String::from(
        "# liseuse configuration. Every setting is optional: delete what you do not\n\
         # change. `liseuse config --default` prints this file again; see docs/config.md.\n",
    );
    for section in sections {
        out.push('\n');
        for line in &section.intro {
            let _ = writeln!(out, "# {line}");
        }
        let _ = writeln!(out, "[{}]", section.header);
        for e in &section.entries {
            for line in e.comment.lines() {
                let _ = writeln!(out, "# {line}");
            }
            let _ = writeln!(out, "{} = {}", e.name, e.value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_study_section_parses_back_to_the_defaults() {
        let text = render_default(&[study_section()]);
        let (config, problems) = super::super::parse(&text);
        assert!(problems.is_empty(), "{problems:?}");
        let d = crate::progress::Settings::default();
        assert_eq!(config.study.new_per_day, Some(d.new_per_day));
        assert_eq!(config.study.retention, Some(d.retention));
    }

    #[test]
    fn values_are_quoted_as_toml() {
        let keys: Vec<String> = ["/", "\"", "\\", "'"].map(String::from).to_vec();
        let e = DefaultEntry::keys("search", &keys, "c");
        let text = render_default(&[DefaultSection {
            header: "keys".into(),
            intro: vec![],
            entries: vec![e],
        }]);
        let (config, problems) = super::super::parse(&text);
        assert!(problems.is_empty(), "{problems:?}");
        let read: Vec<&str> = config.keys[0]
            .keys
            .iter()
            .map(|k| k.value.as_str())
            .collect();
        assert_eq!(read, keys);
    }
}
