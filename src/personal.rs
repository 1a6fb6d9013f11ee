//! The learner's own words: entries added from the text with a key, kept in
//! the progress file (never in the pack) and joined to the pack's glossary
//! on load, so the glossary, the marks in the text, the quiz and `export`
//! treat them like the author's entries. Their forms come from lemma
//! matching.

use std::collections::BTreeMap;

use crate::pack::{Entry, Pack, derive_id};
use crate::progress::PersonalWord;
use crate::study::Study;

/// Ids of the learner's entries start with this.
pub const PREFIX: &str = "mine-";

/// The tag every personal entry carries (shown in exports).
pub const TAG: &str = "mine";

/// The id a lemma gets as a personal entry.
pub fn word_id(lemma: &str) -> String {
    format!("{PREFIX}{}", derive_id(lemma))
}

pub fn is_personal(entry: &Entry) -> bool {
    entry.id.starts_with(PREFIX)
}

/// The glossary entry of a personal word; `None` if it cannot be one (no
/// lemma).
pub fn entry_of(id: &str, word: &PersonalWord) -> Option<Entry> {
    let lemma = crate::pack::sanitize::clean(word.lemma.trim(), false);
    if lemma.is_empty() {
        return None;
    }
    let mut table = toml::Table::new();
    table.insert("id".into(), id.into());
    table.insert("term".into(), lemma.into());
    let pos = if crate::pack::Pos::ALL.iter().any(|p| p.name() == word.pos) {
        word.pos.as_str()
    } else {
        "expression"
    };
    table.insert("pos".into(), pos.into());
    table.insert(
        "en".into(),
        crate::pack::sanitize::clean(word.en.trim(), false).into(),
    );
    table.insert(
        "sentence".into(),
        crate::pack::sanitize::clean(&word.sentence, false).into(),
    );
    table.insert("tags".into(), vec![TAG].into());
    table.try_into().ok()
}

/// Adds the learner's words (not removed, not already entries) to a pack.
pub fn add_to_pack(pack: &mut Pack, words: &BTreeMap<String, PersonalWord>) {
    for (id, word) in words {
        if word.is_removed() || pack.glossary.iter().any(|e| e.id == *id) {
            continue;
        }
        if let Some(entry) = entry_of(id, word) {
            pack.glossary.push(entry);
        }
    }
}

/// The study indexed again with the learner's words as they are now (after
/// one was added or removed).
pub fn rejoin(study: &Study, words: &BTreeMap<String, PersonalWord>) -> Study {
    let mut pack = study.pack.clone();
    pack.glossary.retain(|e| !is_personal(e));
    add_to_pack(&mut pack, words);
    Study::new(pack)
}

/// Whether [`with_words`] may give another study than `study`: if not, it
/// gives `study` itself (which can then be cached as its pack's own).
pub fn may_join(study: &Study, words: &BTreeMap<String, PersonalWord>) -> bool {
    has_words(words) || study.pack.glossary.iter().any(is_personal)
}

/// Whether the learner has words of their own (not all removed).
pub fn has_words(words: &BTreeMap<String, PersonalWord>) -> bool {
    !words.values().all(PersonalWord::is_removed)
}

/// The study with the learner's words joined (indexed again if any).
pub fn with_words(study: Study, words: &BTreeMap<String, PersonalWord>) -> Study {
    // Nothing to join or to drop: no copy of a long text's pack.
    if !may_join(&study, words) {
        return study;
    }
    let mut pack = study.pack.clone();
    // Personal entries already joined are dropped, so a removal shows.
    pack.glossary.retain(|e| !is_personal(e));
    let before = pack.glossary.len();
    add_to_pack(&mut pack, words);
    if pack.glossary.len() == before && pack.glossary.len() == study.pack.glossary.len() {
        return study;
    }
    Study::new(pack)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(lemma: &str, removed: Option<i64>) -> PersonalWord {
        PersonalWord {
            lemma: lemma.into(),
            pos: "verb".into(),
            en: "to find\u{1b}[2J".into(),
            sentence: "Il trouve.".into(),
            added: 1,
            removed,
            extra: toml::Table::new(),
        }
    }

    #[test]
    fn words_become_entries_matched_by_lemma() {
        let study = Study::builtin().expect("built-in pack");
        let before = study.pack.glossary.len();
        let mut words = BTreeMap::new();
        words.insert(word_id("trouver"), word("trouver", None));
        words.insert(word_id("nager"), word("nager", Some(5)));
        let study = with_words(study, &words);
        assert_eq!(study.pack.glossary.len(), before + 1);
        let i = before;
        let e = &study.pack.glossary[i];
        assert!(is_personal(e));
        assert_eq!(e.id, "mine-trouver");
        assert!(!e.en.contains('\u{1b}'));
        assert!(e.tags().iter().any(|t| t == TAG));
        // Its forms in the statement are marked.
        assert!(!study.index.of_entry(i).is_empty(), "{:?}", e.forms);

        // It is drilled, first among new cards.
        let progress = crate::progress::Progress::new(&study.pack.pack.id);
        let queue = crate::quiz::session::due_queue(&study.pack.glossary, &progress, 1_000, 0);
        assert_eq!(
            queue.first().map(|q| q.entry_id.as_str()),
            Some("mine-trouver")
        );
        // Exported with the pack's entries, tagged as the learner's.
        let tsv = crate::export::anki_tsv(&study.pack);
        assert!(
            tsv.lines()
                .any(|l| l.starts_with("trouver\t") && l.contains(TAG)),
            "{tsv}"
        );

        // Removing it takes it out again.
        words.get_mut("mine-trouver").expect("there").removed = Some(9);
        let study = with_words(study, &words);
        assert_eq!(study.pack.glossary.len(), before);
    }
}
