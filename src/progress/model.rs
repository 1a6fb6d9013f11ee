//! What is saved for one pack: card schedules, the review log, question
//! scores and per-pack settings.
//!
//! Every table keeps the fields it does not know in `extra`, so a file
//! written by a newer liseuse loses nothing when an older one saves it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::quiz::cards::CardKind;
use crate::quiz::schedule::{CardState, Phase, Rating};

/// The format version this build writes.
pub const FORMAT_VERSION: u32 = 1;

/// Whether an entry is drilled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeckStatus {
    #[default]
    Active,
    /// Taken out of the deck by the learner.
    Suspended,
    /// Marked as already known by the learner.
    Known,
}

impl DeckStatus {
    pub fn is_drilled(self) -> bool {
        self == DeckStatus::Active
    }

    fn is_active(&self) -> bool {
        *self == DeckStatus::Active
    }
}

/// Saved state of one glossary entry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CardRecord {
    #[serde(flatten)]
    pub state: CardState,
    #[serde(default, skip_serializing_if = "DeckStatus::is_active")]
    pub deck: DeckStatus,
    /// When `deck` last changed, so merging keeps the newer choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deck_changed: Option<i64>,
    #[serde(flatten)]
    pub extra: toml::Table,
}

/// One answered card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewLogEntry {
    /// This answer's own id ([`new_answer_id`]), so that merging the logs of
    /// two copies never takes two answers for one. Older files have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Unix seconds.
    pub time: i64,
    /// Entry id.
    pub card: String,
    pub kind: CardKind,
    pub rating: Rating,
    /// Whole days since the previous review of this card.
    #[serde(default)]
    pub elapsed_days: u32,
    /// The card's phase before this answer: retention only counts reviews
    /// of graduated cards, and the daily limit counts cards that were new.
    #[serde(default = "review_phase")]
    pub phase: Phase,
    /// Answered in practice mode: the schedule was left alone.
    #[serde(default, skip_serializing_if = "is_false")]
    pub practice: bool,
    #[serde(flatten)]
    pub extra: toml::Table,
}

fn review_phase() -> Phase {
    Phase::Review
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A round of comprehension questions: right answers out of asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub correct: u32,
    pub total: u32,
    /// Unix seconds at the end of the round.
    pub time: i64,
}

impl Score {
    /// Whether `self` is a better score than `other`: a higher share right,
    /// then more questions, then the newer.
    pub fn beats(&self, other: &Score) -> bool {
        let lhs = u64::from(self.correct) * u64::from(other.total.max(1));
        let rhs = u64::from(other.correct) * u64::from(self.total.max(1));
        (lhs, self.total, self.time) > (rhs, other.total, other.time)
    }
}

/// The last answer to one comprehension question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionAnswer {
    pub time: i64,
    pub correct: bool,
    /// What the learner answered, for review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    #[serde(flatten)]
    pub extra: toml::Table,
}

/// Comprehension question scores.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Questions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best: Option<Score>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<Score>,
    /// By question id.
    #[serde(default)]
    pub answered: BTreeMap<String, QuestionAnswer>,
    #[serde(flatten)]
    pub extra: toml::Table,
}

/// Per-pack study settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// New cards introduced per day.
    #[serde(default = "default_new_per_day")]
    pub new_per_day: u32,
    /// Desired recall probability at review time.
    #[serde(default = "default_retention")]
    pub retention: f64,
    #[serde(flatten)]
    pub extra: toml::Table,
}

fn default_new_per_day() -> u32 {
    20
}

fn default_retention() -> f64 {
    0.9
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            new_per_day: default_new_per_day(),
            retention: default_retention(),
            extra: toml::Table::new(),
        }
    }
}

/// A word the learner added to the deck from the text (not in the pack's
/// glossary, or in it with their own meaning). Kept with the progress, never
/// in the pack file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonalWord {
    /// Dictionary form (the lemma of the word chosen).
    pub lemma: String,
    /// Part of speech as packs name it (`noun`, `verb`…); may be empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pos: String,
    /// The learner's meaning (from a dictionary, edited).
    #[serde(default)]
    pub en: String,
    /// The sentence of the text it came from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sentence: String,
    /// Unix seconds when added.
    pub added: i64,
    /// Unix seconds when removed: kept so that merging with an older copy
    /// does not bring it back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<i64>,
    #[serde(flatten)]
    pub extra: toml::Table,
}

impl PersonalWord {
    /// When it last changed, for merging.
    pub fn changed(&self) -> i64 {
        self.removed.map_or(self.added, |r| r.max(self.added))
    }

    pub fn is_removed(&self) -> bool {
        self.removed.is_some()
    }
}

/// Everything saved for one pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    pub pack_id: String,
    #[serde(default)]
    pub settings: Settings,
    #[serde(default)]
    pub questions: Questions,
    /// By entry id.
    #[serde(default)]
    pub cards: BTreeMap<String, CardRecord>,
    #[serde(default)]
    pub log: Vec<ReviewLogEntry>,
    /// The learner's own words, by entry id (`mine-…`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub words: BTreeMap<String, PersonalWord>,
    #[serde(flatten)]
    pub extra: toml::Table,
    /// What this version could not read, written back untouched.
    #[serde(skip)]
    pub unreadable: Unreadable,
}

/// Parts of a progress file this version cannot read: values it does not
/// know (a newer version's card kind, phase or rating) or of the wrong type.
/// They are written back as they were, and left out of scheduling and
/// statistics, so a file from a newer version is never damaged.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Unreadable {
    /// Card records, by entry id: such a card is not drilled.
    pub cards: BTreeMap<String, toml::Value>,
    /// Review log entries.
    pub log: Vec<toml::Value>,
    /// Answers to comprehension questions, by question id.
    pub answered: BTreeMap<String, toml::Value>,
    /// Top-level fields and sections (`version`, `settings`, `cards`…).
    pub fields: toml::Table,
    /// Fields of the `questions` section (`best`, `last`, `answered`).
    pub question_fields: toml::Table,
}

impl Unreadable {
    pub fn is_empty(&self) -> bool {
        self.cards.is_empty()
            && self.log.is_empty()
            && self.answered.is_empty()
            && self.fields.is_empty()
            && self.question_fields.is_empty()
    }
}

/// A fresh id for an answer: 64 random bits as 16 hex digits. Randomness
/// comes from the standard library's per-process hash keys, mixed with the
/// time, the process id and a counter, so two copies answering in the same
/// instant still get different ids.
pub fn new_answer_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(nanos);
    hasher.write_u32(std::process::id());
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!("{:016x}", hasher.finish())
}

impl Progress {
    /// Nothing studied yet.
    pub fn new(pack_id: &str) -> Progress {
        Progress {
            version: FORMAT_VERSION,
            pack_id: pack_id.to_string(),
            settings: Settings::default(),
            questions: Questions::default(),
            cards: BTreeMap::new(),
            log: Vec::new(),
            words: BTreeMap::new(),
            extra: toml::Table::new(),
            unreadable: Unreadable::default(),
        }
    }

    /// Whether an entry's saved record could not be read: it is kept as it
    /// was and the entry is not drilled.
    pub fn is_unreadable_card(&self, entry_id: &str) -> bool {
        self.unreadable.cards.contains_key(entry_id)
    }

    /// The schedule of an entry; a new card when it has none.
    pub fn state(&self, entry_id: &str) -> CardState {
        self.cards
            .get(entry_id)
            .map(|r| r.state.clone())
            .unwrap_or_default()
    }

    pub fn deck_status(&self, entry_id: &str) -> DeckStatus {
        self.cards.get(entry_id).map(|r| r.deck).unwrap_or_default()
    }

    /// Suspends, restores or marks an entry known, leaving its schedule.
    pub fn set_deck_status(&mut self, entry_id: &str, status: DeckStatus, now: i64) {
        let record = self.cards.entry(entry_id.to_string()).or_default();
        record.deck = status;
        record.deck_changed = Some(now);
    }

    /// Records one answer to a comprehension question.
    pub fn record_question(
        &mut self,
        question_id: &str,
        correct: bool,
        answer: Option<String>,
        now: i64,
    ) {
        self.questions.answered.insert(
            question_id.to_string(),
            QuestionAnswer {
                time: now,
                correct,
                answer,
                extra: toml::Table::new(),
            },
        );
    }

    /// Records the score of a finished round of questions.
    pub fn record_round(&mut self, correct: u32, total: u32, now: i64) {
        let score = Score {
            correct: correct.min(total),
            total,
            time: now,
        };
        self.questions.last = Some(score);
        if self.questions.best.is_none_or(|b| score.beats(&b)) {
            self.questions.best = Some(score);
        }
    }

    /// The file text, with the parts this version could not read put back.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        super::lenient::to_toml(self)
    }

    /// Parses a file's text. Only text that is not TOML, or TOML without a
    /// `pack_id`, is an error: whatever else does not fit is kept aside in
    /// [`Progress::unreadable`].
    pub fn from_toml(text: &str) -> Result<Progress, super::lenient::ParseError> {
        super::lenient::from_toml(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample() -> Progress {
        let mut p = Progress::new("le-monde-2024");
        p.cards.insert(
            "ordre".into(),
            CardRecord {
                state: CardState {
                    phase: Phase::Learning { step: 1 },
                    stability: 2.3065,
                    difficulty: 2.1181,
                    due: 1_767_226_200,
                    last_review: Some(1_767_225_600),
                    reps: 1,
                    lapses: 0,
                },
                ..CardRecord::default()
            },
        );
        p.set_deck_status("vite", DeckStatus::Known, 1_767_225_000);
        p.log.push(ReviewLogEntry {
            id: Some(new_answer_id()),
            time: 1_767_225_600,
            card: "ordre".into(),
            kind: CardKind::Choice,
            rating: Rating::Good,
            elapsed_days: 0,
            phase: Phase::New,
            practice: false,
            extra: toml::Table::new(),
        });
        p.record_question("q1", true, Some("en 1905".into()), 1_767_225_700);
        p.record_round(3, 4, 1_767_225_800);
        p
    }

    #[test]
    fn toml_round_trip() {
        let p = sample();
        let text = p.to_toml().expect("serializes");
        assert!(text.contains("phase = \"learning-1\""), "{text}");
        assert!(text.contains("deck = \"known\""), "{text}");
        let back = Progress::from_toml(&text).expect("parses");
        assert_eq!(back, p);
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let text = r#"
version = 7
pack_id = "p"
future_top = "keep me"

[settings]
new_per_day = 5
theme = "dark"

[questions]
streak = 3

[cards.ordre]
phase = "review"
stability = 12.5
difficulty = 4.0
due = 100
reps = 4
lapses = 0
ease_hint = [1, 2]

[[log]]
time = 5
card = "ordre"
kind = "production"
rating = "good"
elapsed_days = 3
phase = "review"
device = "laptop"
"#;
        let p = Progress::from_toml(text).expect("parses");
        assert_eq!(p.version, 7);
        assert_eq!(
            p.extra.get("future_top").and_then(|v| v.as_str()),
            Some("keep me")
        );
        assert_eq!(p.settings.new_per_day, 5);
        let record = &p.cards["ordre"];
        assert_eq!(record.state.phase, Phase::Review);
        assert!(record.extra.contains_key("ease_hint"));
        let again = Progress::from_toml(&p.to_toml().expect("serializes")).expect("parses");
        assert_eq!(again, p);
        assert!(again.settings.extra.contains_key("theme"));
        assert!(again.questions.extra.contains_key("streak"));
        assert!(again.log[0].extra.contains_key("device"));
    }

    #[test]
    fn best_score_keeps_the_highest_share() {
        let mut p = Progress::new("p");
        p.record_round(3, 4, 10);
        p.record_round(2, 4, 20);
        assert_eq!(p.questions.best.map(|s| s.correct), Some(3));
        assert_eq!(p.questions.last.map(|s| s.time), Some(20));
        p.record_round(4, 4, 30);
        assert_eq!(p.questions.best.map(|s| s.time), Some(30));
    }
}
