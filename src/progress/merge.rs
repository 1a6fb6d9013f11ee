//! Merging two versions of one pack's progress, for two instances of the
//! app studying the same pack: nothing either of them recorded is lost.

use std::collections::BTreeMap;

use std::collections::BTreeSet;

use super::model::{CardRecord, Progress, Questions, ReviewLogEntry, Score, Unreadable};

/// Merges the file on disk with the progress about to be saved. Ties go to
/// `mine`, the newer writer.
pub fn merge(disk: &Progress, mine: &Progress) -> Progress {
    let mut out = mine.clone();
    out.version = disk.version.max(mine.version);
    out.extra = merged_table(&disk.extra, &mine.extra);
    out.settings.extra = merged_table(&disk.settings.extra, &mine.settings.extra);

    for (id, theirs) in &disk.cards {
        let merged = match mine.cards.get(id) {
            Some(ours) => merge_card(theirs, ours),
            None => theirs.clone(),
        };
        out.cards.insert(id.clone(), merged);
    }

    out.log = merge_logs(&disk.log, &mine.log);

    // The learner's own words: the later change wins (a removal is one).
    for (id, theirs) in &disk.words {
        match mine.words.get(id) {
            Some(ours) if ours.changed() >= theirs.changed() => {}
            _ => {
                out.words.insert(id.clone(), theirs.clone());
            }
        }
    }

    out.questions = merge_questions(&disk.questions, &mine.questions);
    out.unreadable = merge_unreadable(&disk.unreadable, &mine.unreadable);
    settle_unreadable(&mut out);
    out
}

/// Both logs, in time order. Answers with an id are one answer when their
/// ids are equal. Answers from before ids (the same time, card and kind)
/// are one answer, but one log may hold several such answers: a card
/// answered twice within a second. Each is kept as many times as the log
/// holding it more often has it, so nothing is merged away.
fn merge_logs(disk: &[ReviewLogEntry], mine: &[ReviewLogEntry]) -> Vec<ReviewLogEntry> {
    let key = |e: &ReviewLogEntry| (e.time, e.card.clone(), e.kind);
    let mut ids = BTreeSet::new();
    let mut unmatched: BTreeMap<_, usize> = BTreeMap::new();
    for e in mine {
        match &e.id {
            Some(id) => {
                ids.insert(id.as_str());
            }
            None => *unmatched.entry(key(e)).or_default() += 1,
        }
    }
    let mut log = mine.to_vec();
    for e in disk {
        match &e.id {
            Some(id) if ids.contains(id.as_str()) => {}
            Some(_) => log.push(e.clone()),
            None => match unmatched.get_mut(&key(e)) {
                Some(n) if *n > 0 => *n -= 1,
                _ => log.push(e.clone()),
            },
        }
    }
    // Stable: answers in one second to one card stay in the order given.
    log.sort_by(|a, b| (a.time, &a.card).cmp(&(b.time, &b.card)));
    log
}

/// The schedule reviewed last wins; the deck status changed last wins.
fn merge_card(theirs: &CardRecord, ours: &CardRecord) -> CardRecord {
    let mut out = if theirs.state.last_review > ours.state.last_review {
        CardRecord {
            deck: ours.deck,
            deck_changed: ours.deck_changed,
            extra: ours.extra.clone(),
            ..theirs.clone()
        }
    } else {
        ours.clone()
    };
    if theirs.deck_changed > ours.deck_changed {
        out.deck = theirs.deck;
        out.deck_changed = theirs.deck_changed;
    }
    out.extra = merged_table(&theirs.extra, &ours.extra);
    out
}

fn merge_questions(theirs: &Questions, ours: &Questions) -> Questions {
    let best = match (theirs.best, ours.best) {
        (Some(t), Some(o)) => Some(if t.beats(&o) { t } else { o }),
        (t, o) => o.or(t),
    };
    let newest = |t: Option<Score>, o: Option<Score>| match (t, o) {
        (Some(t), Some(o)) => Some(if t.time > o.time { t } else { o }),
        (t, o) => o.or(t),
    };
    let mut answered = ours.answered.clone();
    for (id, t) in &theirs.answered {
        if answered.get(id).is_none_or(|o| t.time > o.time) {
            answered.insert(id.clone(), t.clone());
        }
    }
    Questions {
        best,
        last: newest(theirs.last, ours.last),
        answered,
        extra: merged_table(&theirs.extra, &ours.extra),
    }
}

/// What neither side could read, from both: equal log entries are one;
/// on the same card or question, ours.
fn merge_unreadable(theirs: &Unreadable, ours: &Unreadable) -> Unreadable {
    let mut out = ours.clone();
    // Compared as written: a NaN in an entry would make it unequal to
    // itself, and the entry would be doubled by every save.
    let written: BTreeSet<String> = ours.log.iter().map(toml::Value::to_string).collect();
    for entry in &theirs.log {
        if !written.contains(&entry.to_string()) {
            out.log.push(entry.clone());
        }
    }
    for (id, raw) in &theirs.cards {
        out.cards.entry(id.clone()).or_insert_with(|| raw.clone());
    }
    for (id, raw) in &theirs.answered {
        out.answered
            .entry(id.clone())
            .or_insert_with(|| raw.clone());
    }
    out.fields = merged_table(&theirs.fields, &ours.fields);
    out.question_fields = merged_table(&theirs.question_fields, &ours.question_fields);
    out
}

/// A card or answer both readable on one side and unreadable on the other
/// keeps the newer of the two: for a card, the later `last_review`; for an
/// answer, the later `time`. A tie keeps the unreadable one, which a newer
/// version wrote.
fn settle_unreadable(p: &mut Progress) {
    let int = |raw: &toml::Value, key: &str| raw.get(key).and_then(toml::Value::as_integer);
    let unreadable = &mut p.unreadable;
    unreadable.cards.retain(|id, raw| match p.cards.get(id) {
        Some(known) if known.state.last_review > int(raw, "last_review") => false,
        Some(_) => {
            p.cards.remove(id);
            true
        }
        None => true,
    });
    let answered = &mut p.questions.answered;
    unreadable
        .answered
        .retain(|id, raw| match answered.get(id) {
            Some(known) if Some(known.time) > int(raw, "time") => false,
            Some(_) => {
                answered.remove(id);
                true
            }
            None => true,
        });
}

/// Unknown fields from both; ours win on a clash.
fn merged_table(theirs: &toml::Table, ours: &toml::Table) -> toml::Table {
    let mut out = theirs.clone();
    out.extend(ours.iter().map(|(k, v)| (k.clone(), v.clone())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::model::{DeckStatus, ReviewLogEntry};
    use crate::quiz::cards::CardKind;
    use crate::quiz::schedule::{CardState, Phase, Rating};

    fn reviewed(p: &mut Progress, id: &str, time: i64, rating: Rating) {
        p.cards.insert(
            id.into(),
            CardRecord {
                state: CardState {
                    phase: Phase::Review,
                    stability: 3.0,
                    difficulty: 5.0,
                    due: time + 86_400,
                    last_review: Some(time),
                    reps: 1,
                    lapses: 0,
                },
                ..CardRecord::default()
            },
        );
        p.log.push(ReviewLogEntry {
            id: Some(crate::progress::new_answer_id()),
            time,
            card: id.into(),
            kind: CardKind::Recognition,
            rating,
            elapsed_days: 0,
            phase: Phase::New,
            practice: false,
            extra: toml::Table::new(),
        });
    }

    #[test]
    fn both_sides_survive() {
        let mut base = Progress::new("p");
        reviewed(&mut base, "a", 100, Rating::Good);
        let mut one = base.clone();
        let mut two = base.clone();
        reviewed(&mut one, "b", 200, Rating::Good);
        reviewed(&mut two, "c", 300, Rating::Hard);
        reviewed(&mut two, "a", 250, Rating::Easy);
        one.record_question("q1", true, None, 210);
        two.record_question("q1", false, None, 205);
        two.set_deck_status("d", DeckStatus::Suspended, 220);

        let merged = merge(&one, &two);
        assert_eq!(merged.cards.len(), 4);
        assert_eq!(merged.cards["a"].state.last_review, Some(250));
        assert_eq!(merged.log.len(), 4, "base entry deduplicated");
        assert!(merged.log.windows(2).all(|w| w[0].time <= w[1].time));
        assert!(merged.questions.answered["q1"].correct);
        assert_eq!(merged.cards["d"].deck, DeckStatus::Suspended);

        // The other way round gives the same result.
        let other = merge(&two, &one);
        assert_eq!(other.cards, merged.cards);
        assert_eq!(other.log, merged.log);
    }

    #[test]
    fn answers_repeated_within_a_second_are_all_kept() {
        let mut disk = Progress::new("p");
        reviewed(&mut disk, "a", 100, Rating::Again);
        let mut mine = disk.clone();
        reviewed(&mut mine, "a", 100, Rating::Again);
        reviewed(&mut mine, "b", 100, Rating::Good);
        let merged = merge(&disk, &mine);
        assert_eq!(merged.log, mine.log);
        // Merging again, or the other way round, adds or loses nothing.
        assert_eq!(merge(&merged, &merged).log, mine.log);
        assert_eq!(merge(&mine, &disk).log, mine.log);
        // A third instance's answer in that second comes in too.
        let mut third = disk.clone();
        reviewed(&mut third, "c", 100, Rating::Hard);
        let all = merge(&merged, &third);
        let cards: Vec<&str> = all.log.iter().map(|e| e.card.as_str()).collect();
        assert_eq!(cards, ["a", "a", "b", "c"]);
    }

    #[test]
    fn newer_deck_change_wins_even_on_the_older_schedule() {
        let mut theirs = Progress::new("p");
        reviewed(&mut theirs, "a", 500, Rating::Good);
        let mut ours = Progress::new("p");
        reviewed(&mut ours, "a", 100, Rating::Good);
        ours.set_deck_status("a", DeckStatus::Known, 600);
        let m = merge(&theirs, &ours);
        assert_eq!(m.cards["a"].state.last_review, Some(500));
        assert_eq!(m.cards["a"].deck, DeckStatus::Known);
    }

    #[test]
    fn scores_take_the_best_and_the_newest() {
        let mut theirs = Progress::new("p");
        theirs.record_round(4, 4, 100);
        let mut ours = Progress::new("p");
        ours.record_round(1, 4, 200);
        let m = merge(&theirs, &ours);
        assert_eq!(m.questions.best.map(|s| s.correct), Some(4));
        assert_eq!(m.questions.last.map(|s| s.time), Some(200));
    }

    fn word(lemma: &str, added: i64, removed: Option<i64>) -> crate::progress::model::PersonalWord {
        crate::progress::model::PersonalWord {
            lemma: lemma.into(),
            pos: "verb".into(),
            en: "to find".into(),
            sentence: "On trouve.".into(),
            added,
            removed,
            extra: toml::Table::new(),
        }
    }

    #[test]
    fn personal_words_merge_by_latest_change() {
        let mut disk = Progress::new("p");
        let mut mine = Progress::new("p");
        disk.words
            .insert("mine-trouver".into(), word("trouver", 100, None));
        disk.words
            .insert("mine-pays".into(), word("pays", 100, Some(300)));
        mine.words
            .insert("mine-pays".into(), word("pays", 100, None));
        mine.words
            .insert("mine-déjà".into(), word("déjà", 200, None));
        let merged = merge(&disk, &mine);
        assert_eq!(merged.words.len(), 3);
        // Removed on disk after this copy added it: stays removed.
        assert!(merged.words["mine-pays"].is_removed());
        assert!(!merged.words["mine-trouver"].is_removed());
        // Re-added after a removal: back.
        let mut again = merged.clone();
        again
            .words
            .insert("mine-pays".into(), word("pays", 400, None));
        assert!(!merge(&merged, &again).words["mine-pays"].is_removed());
        // Saved and read back through the lenient reader.
        let text = crate::progress::lenient::to_toml(&merged).expect("serializes");
        let back = crate::progress::lenient::from_toml(&text).expect("parses");
        assert_eq!(back.words, merged.words);
    }
}
