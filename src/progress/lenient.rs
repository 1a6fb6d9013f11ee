//! Reading a progress file leniently and writing it back whole.
//!
//! A newer liseuse may write values this one does not know (a card kind, a
//! phase, a rating) or change a field's type. Such a part is kept aside as
//! raw TOML in [`Unreadable`] — per log entry, per card, per answered
//! question, else per field — and put back where it was on save, so the file
//! is never set aside or damaged for it. Only text that is not TOML, or a
//! table without a `pack_id`, fails to parse.

use std::fmt;

use serde::de::DeserializeOwned;
use toml::{Table, Value};

use super::model::{FORMAT_VERSION, Progress, Questions, Unreadable};

/// Why a file is not a progress file at all.
#[derive(Debug, Clone, PartialEq)]
pub enum ParseError {
    /// Not TOML: the parser's message.
    NotToml(String),
    /// TOML, but without a string `pack_id`.
    NoPackId,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::NotToml(msg) => write!(
                f,
                "is not TOML ({})",
                crate::pack::sanitize::clean(msg, false)
            ),
            ParseError::NoPackId => write!(f, "is not a progress file (it has no pack_id)"),
        }
    }
}

impl std::error::Error for ParseError {}

pub fn from_toml(text: &str) -> Result<Progress, ParseError> {
    let mut table: Table = text
        .parse()
        .map_err(|e: toml::de::Error| ParseError::NotToml(e.message().trim_end().to_string()))?;
    let pack_id = match table.remove("pack_id") {
        Some(Value::String(id)) => id,
        _ => return Err(ParseError::NoPackId),
    };
    let mut unreadable = Unreadable::default();
    let fields = &mut unreadable.fields;
    let version = match table.remove("version") {
        None => FORMAT_VERSION,
        Some(v) => match v.as_integer().and_then(|n| u32::try_from(n).ok()) {
            Some(n) => n,
            None => {
                fields.insert("version".into(), v);
                FORMAT_VERSION
            }
        },
    };
    let settings = take(&mut table, "settings", fields);

    let mut cards = std::collections::BTreeMap::new();
    match table.remove("cards") {
        None => {}
        Some(Value::Table(records)) => {
            for (id, raw) in records {
                match raw.clone().try_into() {
                    Ok(record) => {
                        cards.insert(id, record);
                    }
                    Err(_) => {
                        unreadable.cards.insert(id, raw);
                    }
                }
            }
        }
        Some(other) => {
            unreadable.fields.insert("cards".into(), other);
        }
    }

    let mut log = Vec::new();
    match table.remove("log") {
        None => {}
        Some(Value::Array(entries)) => {
            for raw in entries {
                match raw.clone().try_into() {
                    Ok(entry) => log.push(entry),
                    Err(_) => unreadable.log.push(raw),
                }
            }
        }
        Some(other) => {
            unreadable.fields.insert("log".into(), other);
        }
    }

    let questions = match table.remove("questions") {
        None => Questions::default(),
        Some(Value::Table(mut section)) => {
            let qf = &mut unreadable.question_fields;
            let best = take(&mut section, "best", qf);
            let last = take(&mut section, "last", qf);
            let mut answered = std::collections::BTreeMap::new();
            match section.remove("answered") {
                None => {}
                Some(Value::Table(answers)) => {
                    for (id, raw) in answers {
                        match raw.clone().try_into() {
                            Ok(answer) => {
                                answered.insert(id, answer);
                            }
                            Err(_) => {
                                unreadable.answered.insert(id, raw);
                            }
                        }
                    }
                }
                Some(other) => {
                    qf.insert("answered".into(), other);
                }
            }
            Questions {
                best,
                last,
                answered,
                extra: section,
            }
        }
        Some(other) => {
            unreadable.fields.insert("questions".into(), other);
            Questions::default()
        }
    };

    let words = take(&mut table, "words", &mut unreadable.fields);
    Ok(Progress {
        version,
        pack_id,
        settings,
        questions,
        cards,
        log,
        words,
        extra: table,
        unreadable,
    })
}

/// `table[key]` as a `T`; when absent, the default; when it does not fit,
/// the default too, with the raw value kept in `aside`.
fn take<T: DeserializeOwned + Default>(table: &mut Table, key: &str, aside: &mut Table) -> T {
    match table.remove(key) {
        None => T::default(),
        Some(raw) => raw.clone().try_into().unwrap_or_else(|_| {
            aside.insert(key.to_string(), raw);
            T::default()
        }),
    }
}

pub fn to_toml(progress: &Progress) -> Result<String, toml::ser::Error> {
    let un = &progress.unreadable;
    if un.is_empty() {
        return toml::to_string(progress);
    }
    let mut table = Table::try_from(progress)?;
    let fresh = Table::try_from(Progress::new(&progress.pack_id))?;
    // A whole field that could not be read goes back unless this session
    // wrote something there (then keeping it would lose an answer).
    for (key, raw) in &un.fields {
        if table.get(key) == fresh.get(key) || !table.contains_key(key) {
            table.insert(key.clone(), raw.clone());
        }
    }
    if !un.cards.is_empty()
        && let Some(cards) = section(&mut table, "cards")
    {
        for (id, raw) in &un.cards {
            cards.insert(id.clone(), raw.clone());
        }
    }
    if !un.log.is_empty()
        && let Value::Array(log) = table
            .entry("log")
            .or_insert_with(|| Value::Array(Vec::new()))
    {
        log.extend(un.log.iter().cloned());
        // In time order, as the log is kept; stable, so answers in one
        // second keep their order. Entries without a time go last.
        log.sort_by(|a, b| log_key(a).cmp(&log_key(b)));
    }
    if (!un.answered.is_empty() || !un.question_fields.is_empty())
        && let Some(questions) = section(&mut table, "questions")
    {
        for (key, raw) in &un.question_fields {
            questions.entry(key.clone()).or_insert_with(|| raw.clone());
        }
        if !un.answered.is_empty()
            && let Some(answered) = section(questions, "answered")
        {
            for (id, raw) in &un.answered {
                answered.insert(id.clone(), raw.clone());
            }
        }
    }
    toml::to_string(&table)
}

fn log_key(entry: &Value) -> (i64, &str) {
    (
        entry
            .get("time")
            .and_then(Value::as_integer)
            .unwrap_or(i64::MAX),
        entry
            .get("card")
            .and_then(Value::as_str)
            .unwrap_or_default(),
    )
}

/// The table at `table[key]`, made if absent; `None` if `key` holds
/// something else.
fn section<'a>(table: &'a mut Table, key: &str) -> Option<&'a mut Table> {
    table
        .entry(key.to_string())
        .or_insert_with(|| Value::Table(Table::new()))
        .as_table_mut()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file as a newer version might write it: a new card kind in the
    /// log, a new phase and deck status in cards, new types here and there.
    const NEWER: &str = r#"
version = 4
pack_id = "p"
hint = "kept"

[settings]
new_per_day = "adaptive"

[questions]
best = "top"

[questions.answered.q1]
time = 10
correct = true

[questions.answered.q2]
time = 11
correct = "partly"

[cards.a]
phase = "review"
due = 100
last_review = 50

[cards.b]
phase = "mastered"
due = 100
last_review = 60

[cards.c]
phase = "review"
due = 100
deck = "archived"

[[log]]
id = "0000000000000001"
time = 50
card = "a"
kind = "recognition"
rating = "good"

[[log]]
id = "0000000000000002"
time = 55
card = "b"
kind = "listening"
rating = "good"

[[log]]
time = 60
card = "b"
kind = "recognition"
rating = "perfect"
"#;

    #[test]
    fn unknown_values_are_kept_aside_and_written_back_untouched() {
        let p = from_toml(NEWER).expect("a progress file");
        assert_eq!(p.version, 4);
        assert_eq!(p.cards.keys().collect::<Vec<_>>(), ["a"]);
        assert!(p.is_unreadable_card("b") && p.is_unreadable_card("c"));
        assert_eq!(p.log.len(), 1);
        assert_eq!(p.unreadable.log.len(), 2);
        assert_eq!(p.questions.answered.len(), 1);
        assert!(p.unreadable.answered.contains_key("q2"));
        assert_eq!(p.settings, crate::progress::Settings::default());
        assert!(p.unreadable.fields.contains_key("settings"));
        assert!(p.unreadable.question_fields.contains_key("best"));

        let text = to_toml(&p).expect("serializes");
        let before: Table = NEWER.parse().expect("toml");
        let after: Table = text.parse().expect("toml");
        for path in [
            "hint",
            "version",
            "settings",
            "questions.best",
            "questions.answered.q2",
            "cards.b",
            "cards.c",
            "log.1",
            "log.2",
        ] {
            let at = |t: &Table| {
                let mut parts = path.split('.');
                let first = parts.next().and_then(|k| t.get(k)).cloned();
                parts.fold(first, |v, k| match v? {
                    Value::Array(a) => a.get(k.parse::<usize>().ok()?).cloned(),
                    other => other.get(k).cloned(),
                })
            };
            assert!(at(&before).is_some(), "{path}");
            assert_eq!(at(&after), at(&before), "{path} in\n{text}");
        }
        assert_eq!(from_toml(&text).expect("parses"), p);
    }

    #[test]
    fn a_field_this_session_wrote_is_not_overwritten_by_its_unreadable_form() {
        let mut p = from_toml("pack_id = \"p\"\ncards = 5\nlog = \"x\"\n").expect("parses");
        assert!(p.cards.is_empty() && p.log.is_empty());
        let text = to_toml(&p).expect("serializes");
        assert!(
            text.contains("cards = 5") && text.contains("log = \"x\""),
            "{text}"
        );
        p.set_deck_status("a", crate::progress::DeckStatus::Known, 5);
        let text = to_toml(&p).expect("serializes");
        assert!(text.contains("[cards.a]"), "{text}");
        assert!(text.contains("log = \"x\""), "{text}");
    }

    #[test]
    fn only_non_toml_or_a_table_without_pack_id_fails() {
        assert!(matches!(from_toml("[[[ x"), Err(ParseError::NotToml(_))));
        assert_eq!(from_toml(""), Err(ParseError::NoPackId));
        assert_eq!(from_toml("pack_id = 3"), Err(ParseError::NoPackId));
        let p = from_toml("pack_id = \"p\"").expect("parses");
        assert_eq!(p, Progress::new("p"));
    }
}
