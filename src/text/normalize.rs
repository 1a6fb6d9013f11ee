//! Normalization keys for matching, searching and sorting French text.
//!
//! Published French mixes typographic (’) and typewriter (') apostrophes and
//! puts no-break spaces before high punctuation; learners type neither
//! consistently. These keys let the rest of the crate compare what a reader
//! means rather than which keyboard the author used.

use std::cmp::Ordering;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Maps typographic variants onto the character a keyboard produces.
fn unify(c: char) -> char {
    match c {
        '\u{2019}' | '\u{02BC}' => '\'',
        '\u{00A0}' | '\u{202F}' => ' ',
        c => c,
    }
}

/// Appends the match key of `s` to `out`; lets hot loops reuse one buffer.
pub(crate) fn push_match_key(s: &str, out: &mut String) {
    // Most tokens are ASCII; NFC and Unicode lowercasing are the identity there
    // apart from case, so skip the iterator machinery.
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    // Text is almost always NFC already; composing is the slow part.
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        push_lower(s.chars(), out);
    } else {
        push_lower(s.nfc(), out);
    }
}

fn push_lower(chars: impl Iterator<Item = char>, out: &mut String) {
    for c in chars {
        for l in c.to_lowercase() {
            out.push(unify(l));
        }
    }
}

/// Case- and apostrophe-insensitive key: NFC, lowercase, ’ and ʼ as ', and
/// no-break spaces as plain spaces. Accents are kept: "ou" and "où" differ.
pub fn match_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_match_key(s, &mut out);
    out
}

/// Accent-insensitive key for search: [`match_key`] without diacritics, and
/// with œ/æ spelled out, so that "etat" finds "État" and "coeur" finds "cœur".
pub fn fold_key(s: &str) -> String {
    let key = match_key(s);
    // ASCII has no accents or ligatures to fold.
    if key.is_ascii() {
        return key;
    }
    // Each character decomposed on its own (marks are dropped, so their
    // canonical order does not matter).
    let mut out = String::with_capacity(key.len());
    let mut push = |d: char| match d {
        'œ' => out.push_str("oe"),
        'æ' => out.push_str("ae"),
        d if is_combining_mark(d) => {}
        d => out.push(d),
    };
    for c in key.chars() {
        if c.is_ascii() {
            push(c);
        } else {
            decompose_canonical(c, &mut push);
        }
    }
    if out.is_ascii() {
        return out;
    }
    // Recompose what decomposing split apart without marks (Hangul).
    out.nfc().collect()
}

/// Secondary weight of a combining mark, in the order French dictionaries
/// use: e < é < è < ê < ë.
fn accent_weight(mark: char) -> u32 {
    match mark {
        '\u{0301}' => 1, // acute
        '\u{0300}' => 2, // grave
        '\u{0302}' => 3, // circumflex
        '\u{0308}' => 4, // diaeresis
        '\u{0327}' => 5, // cedilla
        other => 16 + u32::from(other),
    }
}

/// Secondary weight given to both letters of a spelled-out ligature, so that
/// "oe" sorts just before "œ".
const LIGATURE: u32 = 8;

/// A French collation key: sorting by it is sorting with [`french_cmp`],
/// without rebuilding keys at every comparison (`sort_by_cached_key`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct FrenchKey {
    /// Base letters and digits, lowercase, without accents or punctuation.
    primary: Vec<char>,
    /// One accent weight per primary character (0 = no accent).
    secondary: Vec<u32>,
    /// One case weight per primary character (0 = lowercase).
    tertiary: Vec<u8>,
    /// The string itself, so that only equal strings have equal keys.
    raw: String,
}

impl FrenchKey {
    pub fn new(s: &str) -> Self {
        let mut key = FrenchKey {
            raw: s.to_string(),
            ..FrenchKey::default()
        };
        // ASCII is its own decomposition.
        if s.is_ascii() {
            key.push_chars(s.chars());
        } else {
            key.push_chars(s.nfd());
        }
        key
    }

    /// Adds the weights of `chars`, decomposed (NFD).
    fn push_chars(&mut self, chars: impl Iterator<Item = char>) {
        let key = self;
        // Whether the previous character was a letter or digit that a
        // combining mark can belong to.
        let mut after_base = false;
        for c in chars {
            if is_combining_mark(c) {
                if after_base
                    && let Some(w) = key.secondary.last_mut()
                    && *w == 0
                {
                    *w = accent_weight(c);
                }
                continue;
            }
            after_base = c.is_alphanumeric();
            if !after_base {
                // Punctuation, spaces and the "$" of cashtags do not sort.
                continue;
            }
            let case = u8::from(c.is_uppercase());
            for l in c.to_lowercase() {
                match l {
                    'œ' => key.push_ligature('o', 'e', case),
                    'æ' => key.push_ligature('a', 'e', case),
                    l if is_combining_mark(l) => {
                        if let Some(w) = key.secondary.last_mut() {
                            *w = accent_weight(l);
                        }
                    }
                    l => {
                        key.primary.push(l);
                        key.secondary.push(0);
                        key.tertiary.push(case);
                    }
                }
            }
        }
    }

    fn push_ligature(&mut self, a: char, b: char, case: u8) {
        for l in [a, b] {
            self.primary.push(l);
            self.secondary.push(LIGATURE);
            self.tertiary.push(case);
        }
    }
}

/// French alphabetical order for glossary lists: letters first (ignoring
/// accents, case, punctuation and a cashtag's "$"), then accents, then case
/// (lowercase first). Ties fall back to the raw strings, so the order is total
/// and only equal strings compare `Equal`.
pub fn french_cmp(a: &str, b: &str) -> Ordering {
    FrenchKey::new(a).cmp(&FrenchKey::new(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_key_lowercases_and_unifies_apostrophes() {
        assert_eq!(match_key("L’État"), "l'état");
        assert_eq!(match_key("lʼUE"), "l'ue");
        assert_eq!(match_key("FORCES DE L'ORDRE"), "forces de l'ordre");
    }

    #[test]
    fn match_key_unifies_no_break_spaces() {
        assert_eq!(match_key("amour\u{a0}!"), "amour !");
        assert_eq!(match_key("«\u{202f}oui\u{202f}»"), "« oui »");
    }

    #[test]
    fn match_key_composes_to_nfc() {
        // "é" written as e + combining acute.
        assert_eq!(match_key("E\u{301}tat"), "état");
        assert_eq!(match_key("E\u{301}tat"), match_key("État"));
    }

    #[test]
    fn match_key_keeps_accents() {
        assert_ne!(match_key("ou"), match_key("où"));
    }

    #[test]
    fn fold_key_strips_accents_and_ligatures() {
        assert_eq!(fold_key("État"), "etat");
        assert_eq!(fold_key("pré-smartphone"), "pre-smartphone");
        assert_eq!(fold_key("Dubaï"), "dubai");
        assert_eq!(fold_key("Cœur"), "coeur");
        assert_eq!(fold_key("ÆTHER"), "aether");
        assert_eq!(fold_key("façonnée"), "faconnee");
        assert_eq!(fold_key("l’ère"), "l'ere");
    }

    #[test]
    fn fold_key_leaves_other_scripts_composed() {
        assert_eq!(fold_key("한국어"), "한국어");
        assert_eq!(fold_key("ǽ"), "ae");
        assert_eq!(fold_key("東京"), "東京");
    }

    #[test]
    fn french_cmp_puts_etat_among_the_es() {
        let mut words = vec![
            "zèbre", "État", "Europe", "être", "école", "$TON", "abri", "état", "ecole", "eu",
        ];
        words.sort_by(|a, b| french_cmp(a, b));
        assert_eq!(
            words,
            vec![
                "abri", "ecole", "école", "état", "État", "être", "eu", "Europe", "$TON", "zèbre"
            ]
        );
    }

    #[test]
    fn french_cmp_ignores_punctuation_at_first() {
        let mut words = vec!["porte-monnaie", "portefeuille", "porter", "l'ordre", "lois"];
        words.sort_by(|a, b| french_cmp(a, b));
        assert_eq!(
            words,
            vec!["lois", "l'ordre", "portefeuille", "porte-monnaie", "porter"]
        );
    }

    #[test]
    fn french_cmp_accent_order() {
        let mut words = vec!["ë", "ê", "è", "é", "e"];
        words.sort_by(|a, b| french_cmp(a, b));
        assert_eq!(words, vec!["e", "é", "è", "ê", "ë"]);
        assert_eq!(french_cmp("oe", "œ"), Ordering::Less);
        assert_eq!(french_cmp("œuf", "of"), Ordering::Less);
    }

    #[test]
    fn french_key_sorts_like_french_cmp() {
        let mut a = vec![
            "zèbre", "État", "$TON", "être", "état", "œuf", "oeuf", "Oeuf", "cas-là",
        ];
        let mut b = a.clone();
        a.sort_by(|x, y| french_cmp(x, y));
        b.sort_by_cached_key(|s| FrenchKey::new(s));
        assert_eq!(a, b);
        assert_eq!(a[..3], ["cas-là", "état", "État"]);
    }

    #[test]
    fn marks_without_a_base_are_ignored() {
        assert_eq!(french_cmp("a-\u{301}", "a-"), "a-\u{301}".cmp("a-"));
        // Equal up to the raw fallback: the mark did not become an accent.
        assert_eq!(french_cmp("a-\u{301}b", "ab"), "a-\u{301}b".cmp("ab"));
        assert_eq!(french_cmp("a-\u{301}b", "áb"), Ordering::Less);
    }

    #[test]
    fn french_cmp_is_total() {
        assert_eq!(french_cmp("état", "état"), Ordering::Equal);
        assert_ne!(french_cmp("lui-même", "lui même"), Ordering::Equal);
        assert_eq!(
            french_cmp("lui-même", "lui même"),
            french_cmp("lui même", "lui-même").reverse()
        );
        assert_eq!(french_cmp("$TON", "TON"), Ordering::Less);
        assert_eq!(french_cmp("", "a"), Ordering::Less);
    }

    #[test]
    fn french_cmp_handles_decomposed_input() {
        assert_eq!(french_cmp("E\u{301}tat", "État"), "E\u{301}tat".cmp("État"));
        assert_eq!(french_cmp("e\u{301}", "è"), Ordering::Less);
    }

    proptest::proptest! {
        #[test]
        fn french_cmp_is_antisymmetric(a in "\\PC{0,8}", b in "\\PC{0,8}") {
            proptest::prop_assert_eq!(french_cmp(&a, &b), french_cmp(&b, &a).reverse());
            proptest::prop_assert_eq!(french_cmp(&a, &b) == Ordering::Equal, a == b);
        }

        #[test]
        fn keys_are_idempotent(s in "\\PC{0,16}") {
            let k = match_key(&s);
            proptest::prop_assert_eq!(match_key(&k), k.clone());
            let f = fold_key(&s);
            proptest::prop_assert_eq!(fold_key(&f), f);
        }
    }

    proptest::proptest! {
        /// Folding a character at a time gives what folding the whole
        /// decomposed string gives.
        #[test]
        fn folding_per_character_is_folding_the_whole(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'E', 'é', 'È', 'ç', 'œ', 'Œ', 'æ', 'ǽ', '\u{301}', '\u{327}', '’', '…',
                '«', '\u{a0}', '한', '\u{1100}', '\u{1161}', 'Å', '\u{212b}', 'ﬁ', ' ',
            ]), 0..10),
        ) {
            let s: String = chars.into_iter().collect();
            let whole: String = {
                let mut out = String::new();
                for c in match_key(&s).nfd() {
                    match c {
                        'œ' => out.push_str("oe"),
                        'æ' => out.push_str("ae"),
                        c if is_combining_mark(c) => {}
                        c => out.push(c),
                    }
                }
                out.nfc().collect()
            };
            proptest::prop_assert_eq!(fold_key(&s), whole);
        }
    }
}
