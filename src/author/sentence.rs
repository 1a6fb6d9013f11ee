//! Sentences of a text, to quote with each proposed entry.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or
//! brackets after it) followed by a space, a line break, the end of the text
//! or, when the author forgot the space, a capital ("sécurité.Dans"); and at
//! the end of each paragraph. A full stop after an abbreviation (`M.`,
//! `Mme.`), an initial (`J.`) or a list number at the start of a line (`1.`)
//! ends nothing, and neither does a mark followed by a small letter
//! (`« Non ! » dit-il.`). Quotations longer than [`LONG_WORDS`] words are narrowed to
//! the clause around the word.

use std::ops::Range;

use crate::pack::paragraph_ranges;

/// Sentences longer than this are narrowed to a clause.
pub const LONG_WORDS: usize = 40;
/// A narrowed quotation grows by clauses until it has this many words.
const CLAUSE_WORDS: usize = 8;
/// Words kept either side of the word when no clause is short enough.
const WINDOW_WORDS: usize = 12;

/// Abbreviations whose full stop ends no sentence (compared in lowercase).
const ABBREVIATIONS: &[&str] = &[
    "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "st", "ste", "cf", "p", "pp",
    "av", "bd", "n°", "no", "vol", "chap", "éd", "ex", "env", "fig", "tél", "apr", "vs",
];

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closing(c: char) -> bool {
    matches!(c, '»' | '"' | '”' | ')' | ']')
}

/// Byte ranges of the sentences of `text`, without surrounding white space.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for para in paragraph_ranges(text) {
        let body = &text[para.clone()];
        let mut start = 0;
        let chars: Vec<(usize, char)> = body.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (at, c) = chars[i];
            if !is_terminator(c) || (c == '.' && !ends_sentence(body, at)) {
                i += 1;
                continue;
            }
            // Swallow a run of terminators and closing marks (`?!`, `… »`),
            // but a no-break space only if a closing mark follows it.
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                if is_terminator(d) || is_closing(d) {
                    j += 1;
                } else if d.is_whitespace()
                    && d != '\n'
                    && chars.get(j + 1).is_some_and(|n| matches!(n.1, '»' | '”'))
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(body.len(), |c| c.0);
            let next = chars.get(j).map(|c| c.1);
            // The next sentence starts with anything but a small letter:
            // « Non ! » dit-il. is one sentence.
            let next_visible = chars[j..].iter().map(|c| c.1).find(|c| !c.is_whitespace());
            let boundary = match next {
                None => true,
                Some(n) if n.is_whitespace() => !next_visible.is_some_and(char::is_lowercase),
                Some(n) => n.is_uppercase(),
            };
            if boundary {
                push_trimmed(&mut out, para.start, &body[start..end], start);
                start = end;
            }
            i = j.max(i + 1);
        }
        push_trimmed(&mut out, para.start, &body[start..], start);
    }
    out
}

fn push_trimmed(out: &mut Vec<Range<usize>>, base: usize, piece: &str, offset: usize) {
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if trimmed.chars().any(char::is_alphanumeric) {
        let s = base + offset + lead;
        out.push(s..s + trimmed.len());
    }
}

/// Whether the full stop at byte `at` of `body` ends a sentence.
fn ends_sentence(body: &str, at: usize) -> bool {
    let before = &body[..at];
    let word_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '°'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return true;
    }
    // A list number at the start of a line: "1. Telegram…".
    if word.chars().all(|c| c.is_ascii_digit()) {
        let line_start = before[..word_start].rfind('\n').map_or(0, |i| i + 1);
        return !before[line_start..word_start].trim().is_empty();
    }
    // An initial: "J. K. Rowling".
    let mut letters = word.chars();
    if let (Some(first), None) = (letters.next(), letters.next()) {
        return !first.is_uppercase();
    }
    let lower = word.to_lowercase();
    !ABBREVIATIONS.contains(&lower.as_str())
}

/// The quotation for a word at `at`: its sentence, narrowed to the clause
/// around it when the sentence is long. Always a substring of `text`.
pub fn quotation(text: &str, sentences: &[Range<usize>], at: Range<usize>) -> Range<usize> {
    let sentence = sentences
        .iter()
        .find(|s| s.start <= at.start && at.end <= s.end)
        .cloned()
        .unwrap_or_else(|| at.clone());
    if word_count(&text[sentence.clone()]) <= LONG_WORDS {
        return sentence;
    }
    let clause = narrow(text, sentence, &at);
    if word_count(&text[clause.clone()]) <= LONG_WORDS {
        return clause;
    }
    window(text, clause, &at)
}

fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Pieces of `range` split after `, ; : —`, grown from the one holding
/// `at` until it has [`CLAUSE_WORDS`] words.
fn narrow(text: &str, range: Range<usize>, at: &Range<usize>) -> Range<usize> {
    let body = &text[range.clone()];
    let mut cuts = vec![0];
    for (i, c) in body.char_indices() {
        if matches!(c, ',' | ';' | ':' | '—' | '–') {
            cuts.push(i + c.len_utf8());
        }
    }
    cuts.push(body.len());
    cuts.dedup();
    let pieces: Vec<Range<usize>> = cuts
        .windows(2)
        .map(|w| range.start + w[0]..range.start + w[1])
        .collect();
    let Some(first) = pieces.iter().position(|p| p.end > at.start) else {
        return range;
    };
    let last = pieces
        .iter()
        .rposition(|p| p.start < at.end)
        .unwrap_or(first)
        .max(first);
    let (mut lo, mut hi) = (first, last);
    let words = |lo: usize, hi: usize| word_count(&text[pieces[lo].start..pieces[hi].end]);
    while words(lo, hi) < CLAUSE_WORDS && (lo > 0 || hi + 1 < pieces.len()) {
        if hi + 1 < pieces.len() {
            hi += 1;
        }
        if words(lo, hi) < CLAUSE_WORDS && lo > 0 {
            lo -= 1;
        }
    }
    trim(text, pieces[lo].start..pieces[hi].end)
}

/// At most [`WINDOW_WORDS`] words either side of `at`, cut at spaces.
fn window(text: &str, range: Range<usize>, at: &Range<usize>) -> Range<usize> {
    let before = &text[range.start..at.start.max(range.start)];
    let mut start = range.start;
    let mut seen = 0;
    for (i, c) in before.char_indices().rev() {
        if c.is_whitespace() {
            seen += 1;
            if seen > WINDOW_WORDS {
                start = range.start + i + c.len_utf8();
                break;
            }
        }
    }
    let after = &text[at.end.min(range.end)..range.end];
    let mut end = range.end;
    seen = 0;
    for (i, c) in after.char_indices() {
        if c.is_whitespace() {
            seen += 1;
            if seen > WINDOW_WORDS {
                end = at.end.min(range.end) + i;
                break;
            }
        }
    }
    trim(text, start..end)
}

/// Drops white space and separating punctuation at both ends.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let t = s.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '—' | '–')
    });
    let start = range.start + (s.len() - t.len());
    let t =
        t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '—' | '–'));
    start..start + t.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_at_terminators_and_paragraphs() {
        let t = "Il pleut. Tu viens ? Oui !\n\nUn titre\n\n« Non… » dit-il.";
        assert_eq!(
            texts(t),
            [
                "Il pleut.",
                "Tu viens ?",
                "Oui !",
                "Un titre",
                "« Non… » dit-il."
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_initials_and_list_numbers() {
        let t = "M. Dupont a vu J. Martin.\n1. Le premier point.";
        assert_eq!(
            texts(t),
            ["M. Dupont a vu J. Martin.", "1. Le premier point."]
        );
    }

    #[test]
    fn splits_a_missing_space_before_a_capital() {
        assert_eq!(
            texts("la sécurité.Dans ces cas"),
            ["la sécurité.", "Dans ces cas"]
        );
        assert_eq!(
            texts("le site exemple.fr marche"),
            ["le site exemple.fr marche"]
        );
    }

    #[test]
    fn long_sentences_are_narrowed_to_the_clause() {
        let long = format!(
            "{}, le mot rare est ici, {}.",
            "un deux trois quatre cinq six sept huit neuf dix ".repeat(3),
            "onze douze treize quatorze quinze seize dix-sept ".repeat(3)
        );
        let s = sentences(&long);
        let at = long.find("rare").unwrap();
        let q = quotation(&long, &s, at..at + 4);
        let quoted = &long[q];
        assert!(quoted.contains("rare"), "{quoted}");
        assert!(word_count(quoted) <= LONG_WORDS, "{quoted}");
        assert!(long.contains(quoted));
    }

    #[test]
    fn a_sentence_without_commas_is_cut_to_a_window() {
        let long = format!("{} rare {}", "mot ".repeat(50), "mot ".repeat(50));
        let s = sentences(&long);
        let at = long.find("rare").unwrap();
        let quoted = &long[quotation(&long, &s, at..at + 4)];
        assert!(quoted.contains("rare"));
        assert!(word_count(quoted) <= 2 * WINDOW_WORDS + 1, "{quoted}");
    }
}
