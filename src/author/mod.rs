//! `liseuse new`: a draft study pack for any French text.
//!
//! The text is kept byte for byte. The proposed glossary holds one entry
//! per lemma a learner at the chosen level probably does not know (ranked
//! by the frequency list, rarest first) and every expression of the
//! built-in list found in the text, plus every false friend of the
//! built-in list whatever the level, each with lemma, part of speech,
//! gender, its forms in the text and, where a dictionary is installed, a
//! meaning. What could not be filled in is marked `todo = true`. The same
//! text and options always give the same bytes.

pub mod expressions;
pub mod false_friends;
pub mod frequency;
pub mod morphology;
pub mod propose;
pub mod sentence;
pub mod write;

pub use expressions::ExpressionList;
pub use frequency::{Frequencies, Level};
pub use morphology::{Meaning, Meanings, Morphology, NoMeanings, NoMorphology, Reading};
pub use propose::{Proposal, Proposals, propose};
pub use write::{Draft, write_pack};

/// What `new` consults: a lexicon, dictionaries, the frequency list and
/// the expression list.
pub struct Tools<'a> {
    pub morphology: &'a dyn Morphology,
    pub meanings: &'a dyn Meanings,
    pub frequencies: &'a Frequencies,
    pub expressions: &'a ExpressionList,
}

/// Texts larger than this are refused: their pack would exceed the pack
/// size limit.
pub const MAX_TEXT_BYTES: usize = 12 * 1024 * 1024;

/// A draft pack and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Drafted {
    /// The pack's TOML source.
    pub source: String,
    pub words: usize,
    pub expressions: usize,
    pub todo: usize,
}

/// Drafts the pack for `text` (its title defaults to the first line).
pub fn draft(text: &str, title: Option<&str>, level: Level, tools: &Tools<'_>) -> Drafted {
    let Proposals {
        entries: proposals,
        transparent,
    } = propose(text, level, tools);
    let title = match title.map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => write::default_title(text),
    };
    let mut d = Draft {
        text,
        title: &title,
        level,
        proposals: &proposals,
        transparent: &transparent,
        omit_sentence: &[],
    };
    // Quote a sentence only where the pack's default would quote another.
    let all_omitted = vec![true; proposals.len()];
    d.omit_sentence = &all_omitted;
    let defaults = default_sentences(&write_pack(&d));
    let omit: Vec<bool> = proposals
        .iter()
        .enumerate()
        .map(|(i, p)| {
            defaults
                .get(i)
                .is_some_and(|s| s.as_ref() == Some(&p.sentence))
        })
        .collect();
    d.omit_sentence = &omit;
    let source = write_pack(&d);
    let words = proposals
        .iter()
        .filter(|p| matches!(p.kind, propose::Kind::Word { .. }))
        .count();
    Drafted {
        source,
        words,
        expressions: proposals.len() - words,
        todo: proposals.iter().filter(|p| p.is_todo()).count(),
    }
}

/// The sentence each entry of a pack without sentences gets on load, as
/// byte ranges of its text (not cleaned, so they are ranges of ours).
fn default_sentences(source: &str) -> Vec<Option<std::ops::Range<usize>>> {
    let parsed = crate::pack::load::decode("draft", source.as_bytes())
        .and_then(|s| crate::pack::load::parse("draft", &s));
    match parsed {
        Ok(pack) => crate::study::Study::new(pack).entry_sentences,
        Err(_) => Vec::new(),
    }
}

/// The text of a file's bytes: UTF-8, a leading byte order mark dropped
/// (it marks the encoding; it is not part of the text).
pub fn decode_text(bytes: &[u8]) -> Result<&str, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(format!(
            "the text is larger than {} MiB; expected a shorter text (split it into several packs)",
            MAX_TEXT_BYTES / (1024 * 1024)
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("line {line}: the text is not UTF-8; expected it saved as UTF-8 (convert it with iconv -f LATIN1 -t UTF-8, for example)")
    })?;
    if text.trim().is_empty() {
        return Err("the text is empty; expected some French text".into());
    }
    Ok(text)
}
