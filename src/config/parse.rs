//! From TOML text to a [`Config`], with every problem located.
//!
//! The TOML parser recovers from syntax errors, so one run reports them all;
//! a value of the wrong kind is reported and skipped, the rest applies.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::style::StyleSpec;
use super::suggest::nearest;
use super::{At, Config, KeyEntry, StyleEntry};
use crate::pack::error::Position;

/// Sections a config may have.
const SECTIONS: &[&str] = &["keys", "theme", "study", "dictionaries"];
/// Settings under `[study]`.
const STUDY_KEYS: &[&str] = &["new_per_day", "retention"];
/// The range the scheduler accepts for the desired retention.
pub const RETENTION_RANGE: (f64, f64) = (0.7, 0.99);
/// At most this many new cards a day.
pub const MAX_NEW_PER_DAY: u32 = 1000;

/// Parses config text. Problems come with their positions; the config
/// holds everything that was understood.
pub fn parse(text: &str) -> (Config, Vec<(Position, String)>) {
    let mut p = Parser {
        text,
        config: Config::default(),
        problems: Vec::new(),
    };
    let (root, errors) = DeTable::parse_recoverable(text);
    let mut syntax_lines = Vec::new();
    for e in errors {
        let at = e.span().map_or(0, |s| s.start);
        p.problem(at, syntax_message(e.message()));
        syntax_lines.extend(p.problems.last().map(|(pos, _)| pos.line));
    }
    let syntax_count = p.problems.len();
    for (key, value) in root.get_ref() {
        let name = key.get_ref().as_ref();
        match (name, value.get_ref()) {
            ("keys", DeValue::Table(t)) => p.keys(t),
            ("theme", DeValue::Table(t)) => p.theme(t),
            ("study", DeValue::Table(t)) => p.study(t),
            ("dictionaries", DeValue::Table(t)) => p.dictionaries(t),
            (n, _) if SECTIONS.contains(&n) => {
                p.problem(
                    key.span().start,
                    format!("`{n}` must be a section: write [{n}]"),
                );
            }
            (n, _) => {
                let hint = hint(n, SECTIONS);
                p.problem(
                    key.span().start,
                    format!("unknown setting `{n}`{hint}; a config has the sections [keys], [theme], [study] and [dictionaries]"),
                );
            }
        }
    }
    // A line the parser could not read has said all there is to say.
    let mut problems = p.problems;
    let mut i = syntax_count;
    while i < problems.len() {
        if syntax_lines.contains(&problems[i].0.line) {
            problems.remove(i);
        } else {
            i += 1;
        }
    }
    problems.sort_by_key(|(pos, _)| (pos.line, pos.column));
    (p.config, problems)
}

/// `; did you mean `x`?` when a name is close to one of `names`.
fn hint(name: &str, names: &[&str]) -> String {
    nearest(name, names)
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default()
}

/// The TOML parser's message on one line, in plain words.
fn syntax_message(message: &str) -> String {
    let line = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    if line.contains("duplicate key") {
        return "this setting is written twice; keep one".into();
    }
    format!("not valid TOML here: {line}")
}

struct Parser<'t> {
    text: &'t str,
    config: Config,
    problems: Vec<(Position, String)>,
}

impl Parser<'_> {
    fn problem(&mut self, offset: usize, message: String) {
        self.problems
            .push((Position::from_offset(self.text, offset), message));
    }

    fn at<T>(&self, value: T, span: Range<usize>) -> At<T> {
        At {
            value,
            position: Position::from_offset(self.text, span.start),
        }
    }

    fn keys(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            match value.get_ref() {
                DeValue::Table(inner) => {
                    let context = self.at(name.to_string(), key.span());
                    for (action, v) in inner {
                        if let DeValue::Table(_) = v.get_ref() {
                            self.problem(
                                action.span().start,
                                format!("[keys.{name}] cannot hold another section"),
                            );
                            continue;
                        }
                        self.binding(Some(context.clone()), action, v);
                    }
                }
                _ => self.binding(None, key, value),
            }
        }
    }

    fn binding(
        &mut self,
        context: Option<At<String>>,
        action: &Spanned<toml::de::DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
    ) {
        let mut keys = Vec::new();
        match value.get_ref() {
            DeValue::String(s) => keys.push(self.at(s.to_string(), value.span())),
            DeValue::Array(items) => {
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => keys.push(self.at(s.to_string(), item.span())),
                        other => {
                            self.problem(
                                item.span().start,
                                format!(
                                    "a key is written as a string like \"x\" or \"ctrl-q\", not a {}",
                                    kind(other)
                                ),
                            );
                        }
                    }
                }
            }
            other => {
                self.problem(
                    value.span().start,
                    format!(
                        "expected a list of keys like [\"x\", \"ctrl-q\"], not a {}",
                        kind(other)
                    ),
                );
                return;
            }
        }
        let action = self.at(action.get_ref().to_string(), action.span());
        self.config.keys.push(KeyEntry {
            context,
            action,
            keys,
        });
    }

    fn theme(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let DeValue::String(s) = value.get_ref() else {
                self.problem(
                    value.span().start,
                    format!(
                        "a style is written as a string like \"bold yellow on blue\", not a {}",
                        kind(value.get_ref())
                    ),
                );
                continue;
            };
            match StyleSpec::parse(s) {
                Ok(style) => {
                    let name = self.at(key.get_ref().to_string(), key.span());
                    self.config.theme.push(StyleEntry { name, style });
                }
                Err((offset, message)) => {
                    let at = self.offset_in_string(value.span(), s, offset);
                    self.problem(at, message);
                }
            }
        }
    }

    /// The byte in the file of byte `offset` of the string value written at
    /// `span`: exact for a plain "…" or '…' string, else its start.
    fn offset_in_string(&self, span: Range<usize>, value: &str, offset: usize) -> usize {
        let raw = self.text.get(span.clone()).unwrap_or("");
        let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
        if inner == value {
            span.start + 1 + offset
        } else {
            span.start
        }
    }

    /// `[dictionaries] paths = [...]`: dictionaries to read besides those
    /// found in the standard places (a dictd `.index`, a StarDict `.ifo`,
    /// or a folder holding them).
    fn dictionaries(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            let at = value.span().start;
            match (name, value.get_ref()) {
                ("paths", DeValue::Array(items)) => {
                    for item in items.iter() {
                        match item.get_ref() {
                            DeValue::String(s) => {
                                self.config.dictionaries.push(std::path::PathBuf::from(s.as_ref()));
                            }
                            _ => self.problem(
                                item.span().start,
                                "each dictionary path is a quoted file or folder name".to_string(),
                            ),
                        }
                    }
                }
                ("paths", _) => self.problem(
                    at,
                    "paths is a list of file or folder names: paths = [\"/home/me/dicts/fra-eng.ifo\"]".to_string(),
                ),
                (other, _) => {
                    let hint = hint(other, &["paths"]);
                    self.problem(
                        key.span().start,
                        format!("unknown dictionaries setting `{other}`{hint}; [dictionaries] has paths"),
                    );
                }
            }
        }
    }

    fn study(&mut self, table: &DeTable<'_>) {
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            let at = value.span().start;
            match name {
                "new_per_day" => match integer(value.get_ref()) {
                    Some(n) if (0..=i128::from(MAX_NEW_PER_DAY)).contains(&n) => {
                        self.config.study.new_per_day = u32::try_from(n).ok();
                    }
                    _ => self.problem(
                        at,
                        format!(
                            "new_per_day is a whole number of new cards a day, from 0 to {MAX_NEW_PER_DAY}"
                        ),
                    ),
                },
                "retention" => match number(value.get_ref()) {
                    Some(r) if (RETENTION_RANGE.0..=RETENTION_RANGE.1).contains(&r) => {
                        self.config.study.retention = Some(r);
                    }
                    _ => self.problem(
                        at,
                        format!(
                            "retention is the chance of remembering a card when it comes back, from {} to {} (0.9 = 90%)",
                            RETENTION_RANGE.0, RETENTION_RANGE.1
                        ),
                    ),
                },
                other => {
                    let hint = hint(other, STUDY_KEYS);
                    self.problem(
                        key.span().start,
                        format!(
                            "unknown study setting `{other}`{hint}; [study] has new_per_day and retention"
                        ),
                    );
                }
            }
        }
    }
}

fn integer(v: &DeValue<'_>) -> Option<i128> {
    match v {
        DeValue::Integer(i) => i128::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

fn number(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Float(f) => f.as_str().parse().ok().filter(|x: &f64| x.is_finite()),
        DeValue::Integer(_) => integer(v).map(|i| i as f64),
        _ => None,
    }
}

/// A TOML value's kind, in words.
fn kind(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "string",
        DeValue::Integer(_) => "number",
        DeValue::Float(_) => "number",
        DeValue::Boolean(_) => "true/false value",
        DeValue::Datetime(_) => "date",
        DeValue::Array(_) => "list",
        DeValue::Table(_) => "section",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        parse(text)
            .1
            .into_iter()
            .map(|(p, m)| format!("{}:{}: {m}", p.line, p.column))
            .collect()
    }

    #[test]
    fn a_good_config() {
        let text = r##"
[keys]
quit = ["x", "ctrl-q"]
help = "F1"

[keys.input]
quit = ["ctrl-q"]

[theme]
cursor = "bold reversed"
gloss_new = "underlined #ffaa00 on 236"

[study]
new_per_day = 12
retention = 0.85
"##;
        let (config, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(config.keys.len(), 3);
        let quit = config
            .keys
            .iter()
            .find(|k| k.action.value == "quit" && k.context.is_none())
            .expect("quit");
        let keys: Vec<&str> = quit.keys.iter().map(|k| k.value.as_str()).collect();
        assert_eq!(keys, ["x", "ctrl-q"]);
        assert_eq!(
            (quit.keys[1].position.line, quit.keys[1].position.column),
            (3, 14)
        );
        let input = config
            .keys
            .iter()
            .find(|k| k.context.is_some())
            .expect("input");
        assert_eq!(
            input.context.as_ref().map(|c| c.value.as_str()),
            Some("input")
        );
        assert_eq!(config.theme.len(), 2);
        assert_eq!(config.study.new_per_day, Some(12));
        assert_eq!(config.study.retention, Some(0.85));
    }

    #[test]
    fn every_problem_with_its_position() {
        let text = "[keys]\n\
                    quit = 3\n\
                    help = [\"?\", 4]\n\
                    [theme]\n\
                    cursor = \"bold yelow\"\n\
                    marks = 7\n\
                    [study]\n\
                    new_per_day = -1\n\
                    retention = 1.5\n\
                    retension = 0.9\n\
                    [colours]\n\
                    [them]\n";
        assert_eq!(
            problems(text),
            [
                "2:8: expected a list of keys like [\"x\", \"ctrl-q\"], not a number",
                "3:14: a key is written as a string like \"x\" or \"ctrl-q\", not a number",
                "5:16: `yelow` is neither a colour nor a modifier; did you mean `yellow`? (colours: names like red or light_cyan, #rrggbb, 0-255; modifiers: bold, dim, italic, underlined, reversed, crossed_out)",
                "6:9: a style is written as a string like \"bold yellow on blue\", not a number",
                "8:15: new_per_day is a whole number of new cards a day, from 0 to 1000",
                "9:13: retention is the chance of remembering a card when it comes back, from 0.7 to 0.99 (0.9 = 90%)",
                "10:1: unknown study setting `retension`; did you mean `retention`?; [study] has new_per_day and retention",
                "11:2: unknown setting `colours`; a config has the sections [keys], [theme], [study] and [dictionaries]",
                "12:2: unknown setting `them`; did you mean `theme`?; a config has the sections [keys], [theme], [study] and [dictionaries]",
            ]
        );
    }

    #[test]
    fn syntax_errors_are_all_reported_and_the_rest_applies() {
        let text = "[study]\nnew_per_day = 9\nretention = \nfoo bar\n";
        let (config, found) = parse(text);
        let lines: Vec<usize> = found.iter().map(|(p, _)| p.line).collect();
        assert_eq!(lines, [3, 4], "{found:?}");
        assert!(
            found
                .iter()
                .all(|(_, m)| m.starts_with("not valid TOML here: "))
        );
        assert_eq!(config.study.new_per_day, Some(9));
        assert_eq!(
            problems("[keys]\nquit = [\"x\"]\nquit = [\"y\"]\n"),
            ["3:1: this setting is written twice; keep one"]
        );
        assert_eq!(
            problems("keys = 1\n"),
            ["1:1: `keys` must be a section: write [keys]"]
        );
    }

    #[test]
    fn nothing_panics_on_odd_input() {
        for text in [
            "",
            "\u{feff}",
            "[keys.reader.deep]\nx = 1",
            "keys = []",
            "[[keys]]",
            "[theme]\nx = \"on\"",
            "[study]\nnew_per_day = 99999999999999999999999",
            "[study]\nretention = nan",
            "[theme]\nx = \"\"\"\nbold\n\"\"\"",
        ] {
            let _ = parse(text);
        }
    }

    #[test]
    fn dictionary_paths_are_read_and_bad_ones_located() {
        let (config, found) =
            parse("[dictionaries]\npaths = [\"/d/fra-eng.ifo\", 3]\nplaces = 1\n");
        assert_eq!(
            config.dictionaries,
            vec![std::path::PathBuf::from("/d/fra-eng.ifo")]
        );
        let messages: Vec<String> = found
            .iter()
            .map(|(at, m)| format!("{}:{}: {m}", at.line, at.column))
            .collect();
        assert_eq!(
            messages,
            [
                "2:28: each dictionary path is a quoted file or folder name",
                "3:1: unknown dictionaries setting `places`; [dictionaries] has paths",
            ]
        );
    }
}
