//! The French lexicon: surface form → lemma(s), word class, gender, number
//! and, for verbs, tense and person.
//!
//! Built from the Hunspell French dictionary (Dicollecte/Grammalecte,
//! MPL-2.0) by `examples/build_lexicon.rs` into `data/lexicon/`, which is
//! compiled into the binary. Nothing is read or parsed until the first
//! lookup, so start-up does not pay for it; the form map is used in place.
//!
//! [`lookup`] takes a word as it appears in a text and copes with what texts
//! do to words: elision (`l’État`, `qu'il`), either apostrophe, a capital at
//! the start of a sentence, a word in capitals, pronouns and particles joined
//! by hyphens (`a-t-il`, `cas-là`, `dis-moi`). Accents are kept: `du` (de +
//! le) and `dû` (devoir) are different words.

pub mod forms;
mod tag;

use tag::Packed;
pub use tag::{Analysis, Auxiliary, Gender, Number, Person, Tag, Tense, WordClass};

use std::sync::OnceLock;

use fst::Map;
use unicode_normalization::UnicodeNormalization;

// Data files a start does not read are linked apart (`.lrodata`, before the
// rest of the read-only data): the kernel maps up to 64 KB around each page
// a process touches, and among the small tables a start reads they made
// about 130 KB more of the binary resident. The same goes for the packs',
// the frequency list's and the authoring lists' files.
#[cfg_attr(target_os = "linux", unsafe(link_section = ".lrodata.lexicon"))]
static FORMS_BYTES: [u8; include_bytes!("../../data/lexicon/forms.fst").len()] =
    *include_bytes!("../../data/lexicon/forms.fst");
static FORMS: &[u8] = &FORMS_BYTES;
#[cfg_attr(target_os = "linux", unsafe(link_section = ".lrodata.lexicon"))]
static PATTERNS_BYTES: [u8; include_bytes!("../../data/lexicon/patterns.txt").len()] =
    *include_bytes!("../../data/lexicon/patterns.txt");
static PATTERNS: &str = match std::str::from_utf8(&PATTERNS_BYTES) {
    Ok(s) => s,
    Err(_) => panic!("data/lexicon/patterns.txt is not UTF-8"),
};
#[cfg(test)]
static TAGS: &str = include_str!("../../data/lexicon/tags.txt");

// `PATTERN_STARTS`, the byte offset of each line of `patterns.txt` (and its
// length), and `TAG_BITS`, each line of `tags.txt` packed: written by the
// build (`build.rs`), so that opening the lexicon reads and allocates
// nothing but the form map's header.
include!(concat!(env!("OUT_DIR"), "/lexicon-tables.rs"));

/// The lexicon, opened on first use.
pub struct Lexicon {
    /// `None` only if the shipped map were broken: no readings then.
    forms: Option<Map<&'static [u8]>>,
}

/// The shipped lexicon, opened on first call.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::open)
}

/// Every reading of a word as found in a text, most likely first; empty if
/// the lexicon does not know it.
pub fn lookup(word: &str) -> Vec<Analysis> {
    lexicon().lookup(word)
}

/// Words that elide, with the full words they stand for.
const ELIDED: [(&str, &[&str]); 13] = [
    ("l", &["le", "la"]),
    ("d", &["de"]),
    ("j", &["je"]),
    ("m", &["me"]),
    ("n", &["ne"]),
    ("s", &["se", "si"]),
    ("t", &["te"]),
    ("c", &["ce"]),
    ("qu", &["que"]),
    ("jusqu", &["jusque"]),
    ("lorsqu", &["lorsque"]),
    ("puisqu", &["puisque"]),
    ("quoiqu", &["quoique"]),
];

/// Pronouns and particles joined to a word by a hyphen (`a-t-il`,
/// `dis-moi`, `cas-là`): dropped, longest first, to find the word.
const ENCLITICS: [&str; 21] = [
    "-t-elles", "-t-elle", "-t-ils", "-t-il", "-t-on", "-elles", "-elle", "-ils", "-il", "-on",
    "-je", "-tu", "-nous", "-vous", "-moi", "-toi", "-les", "-lui", "-leur", "-là", "-ci",
];
const MORE_ENCLITICS: [&str; 5] = ["-le", "-la", "-en", "-y", "-ce"];

/// Prefixes written with a hyphen before any word (`pré-smartphone`,
/// `ex-ministre`): the reading is the word's, the lemma keeps the prefix.
const PREFIXES: [&str; 26] = [
    "anti", "archi", "auto", "co", "contre", "demi", "ex", "extra", "hyper", "inter", "méga", "mi",
    "micro", "mini", "multi", "néo", "non", "post", "pré", "pro", "quasi", "semi", "sous", "super",
    "ultra", "vice",
];

/// A reading for a word the dictionary lacks, from its shape: digits are a
/// number; a cashtag, hashtag or mention, or a capitalised word, a name
/// (`Telegram`, `$TON`). Callers that know the word starts a sentence may
/// want to discount the latter.
fn guess(word: String) -> Option<Analysis> {
    let first = word.chars().next()?;
    if word
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
    {
        Some(Analysis::bare(word, WordClass::Numeral))
    } else if matches!(first, '$' | '#' | '@') || first.is_uppercase() {
        Some(Analysis::bare(word, WordClass::ProperNoun))
    } else {
        None
    }
}

fn elided(prefix: &str) -> Option<&'static [&'static str]> {
    let lower = prefix.to_lowercase();
    ELIDED
        .iter()
        .find(|(short, _)| *short == lower)
        .map(|(_, full)| *full)
}

impl Lexicon {
    fn open() -> Lexicon {
        // The map was written by `fst` itself; if the build ever shipped a
        // broken one, an empty lexicon is better than a crash.
        Lexicon {
            forms: Map::new(FORMS).ok(),
        }
    }

    /// Readings of exactly this spelling (straight apostrophes, NFC).
    fn exact(&self, form: &str, out: &mut Vec<Analysis>) -> bool {
        let Some(id) = self.forms.as_ref().and_then(|m| m.get(form.as_bytes())) else {
            return false;
        };
        let Some(line) = usize::try_from(id).ok().and_then(|i| self.pattern(i)) else {
            return false;
        };
        let chars = form.chars().count();
        for part in line.split('|') {
            let mut fields = part.splitn(3, ':');
            let (Some(strip), Some(append), Some(tag)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let (Ok(strip), Ok(tag)) = (strip.parse::<usize>(), tag.parse::<usize>()) else {
                continue;
            };
            let Some(&tag) = TAG_BITS.get(tag) else {
                continue;
            };
            let tag = Packed(tag);
            let mut lemma: String = form.chars().take(chars.saturating_sub(strip)).collect();
            lemma.push_str(append);
            for class in tag.classes() {
                let a = tag.analysis(lemma.clone(), class);
                if !out.contains(&a) {
                    out.push(a);
                }
            }
        }
        true
    }

    fn pattern(&self, i: usize) -> Option<&'static str> {
        let start = *PATTERN_STARTS.get(i)? as usize;
        let end = *PATTERN_STARTS.get(i + 1)? as usize;
        PATTERNS.get(start..end).map(|s| s.trim_end_matches('\n'))
    }

    /// The spelling as it is, with its first letter lowered, all lowered,
    /// and a capital `E` read as `É` (`Etat`): capitals often lose accents.
    fn cased(&self, form: &str, out: &mut Vec<Analysis>) -> bool {
        let mut found = self.exact(form, out);
        let mut chars = form.chars();
        let Some(first) = chars.next() else {
            return found;
        };
        if first.is_uppercase() {
            let rest = chars.as_str();
            let lower_first: String = first.to_lowercase().chain(rest.chars()).collect();
            found |= self.exact(&lower_first, out);
            let lower = form.to_lowercase();
            if lower != lower_first {
                found |= self.exact(&lower, out);
            }
            if !found && first == 'E' {
                found |= self.exact(&format!("é{}", rest.to_lowercase()), out);
            }
        }
        found
    }

    /// See [`lookup`].
    pub fn lookup(&self, word: &str) -> Vec<Analysis> {
        let word: String = word
            .trim()
            .nfc()
            .map(|c| {
                if matches!(c, '’' | 'ʼ' | '‘') {
                    '\''
                } else {
                    c
                }
            })
            .collect();
        let mut out = Vec::new();
        if word.is_empty() {
            return out;
        }
        // An elided word on its own: `l'`, `qu’`.
        if let Some(full) = word.strip_suffix('\'').and_then(elided) {
            for w in full {
                self.exact(w, &mut out);
            }
            return out;
        }
        if self.cased(&word, &mut out) {
            return out;
        }
        // `l'État`, `qu'il`: the word after the elided one.
        if let Some((prefix, rest)) = word.split_once('\'')
            && elided(prefix).is_some()
            && !rest.is_empty()
        {
            return self.lookup(rest);
        }
        if word.contains('-') {
            let lower = word.to_lowercase();
            for clitic in ENCLITICS.iter().chain(&MORE_ENCLITICS) {
                if let Some(head) = lower.strip_suffix(clitic) {
                    let head = &word[..head.len()];
                    if !head.is_empty() {
                        let found = self.lookup(head);
                        if !found.is_empty() {
                            return found;
                        }
                    }
                }
            }
        }
        if let Some((prefix, head)) = word.split_once('-')
            && PREFIXES.contains(&prefix.to_lowercase().as_str())
            && !head.is_empty()
        {
            let mut found = self.lookup(head);
            for a in &mut found {
                a.lemma = format!("{prefix}-{}", a.lemma);
            }
            if !found.is_empty() {
                return found;
            }
        }
        out.extend(guess(word));
        out
    }

    /// Whether the lexicon knows this exact spelling.
    pub fn contains(&self, form: &str) -> bool {
        self.forms
            .as_ref()
            .is_some_and(|m| m.contains_key(form.as_bytes()))
    }

    /// How many surface forms the lexicon holds.
    pub fn len(&self) -> usize {
        self.forms.as_ref().map_or(0, |m| m.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests;
