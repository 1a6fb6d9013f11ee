//! Anchoring quotations (question passages, entry sentences, notes) in the text.
//!
//! Pack authors copy sentences by hand, so apostrophe style and whitespace
//! (plain, no-break, narrow no-break, line breaks, runs of them) may differ
//! from the text; everything else must match exactly, case and accents
//! included, so that a wrong quotation is reported rather than guessed at.

use std::collections::HashMap;
use std::ops::Range;

/// Whitespace in quotations: any Unicode white space, line breaks included.
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Normalizes a quotation: apostrophes as ', whitespace runs as one space,
/// no space at either end.
fn normalize_quote(quote: &str) -> String {
    let mut out = String::with_capacity(quote.len());
    let mut pending_space = false;
    for c in quote.chars() {
        if is_space(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(if is_apostrophe(c) { '\'' } else { c });
    }
    out
}

/// A text normalized once for many quotation lookups.
#[derive(Debug, Clone)]
pub struct QuoteFinder {
    normalized: String,
    /// Where a character of `normalized` comes from in the original, kept
    /// sparsely: (normalized offset, original offset) at every character
    /// from which the two differ by a new amount (after a run of white
    /// space longer than one byte, or an apostrophe written in several
    /// bytes). Between two such points the difference is constant. An
    /// offset per byte would cost eight bytes of memory per byte of text.
    shifts: Vec<(usize, usize)>,
    text_len: usize,
    /// For every word start of `normalized`, the hash of the [`PREFIX`]
    /// bytes starting there (high half) and its position (low half),
    /// sorted: a quotation at least that long is checked only where its
    /// first bytes hash alike, first occurrence first.
    word_starts: Vec<u64>,
}

/// How many places with a quotation's first bytes are checked one by one.
const CANDIDATES: usize = 64;

/// How many leading bytes of a quotation select the places to check.
const PREFIX: usize = 24;

/// 32 bits: a word start then costs 8 bytes (about 1.6 per byte of French).
/// Three multiplications for the [`PREFIX`] bytes, not one per byte: a
/// long text has a word start every five bytes, and this is computed at
/// each.
fn prefix_hash(bytes: &[u8]) -> u32 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let h = bytes.chunks(8).fold(0u64, |h, chunk| {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        (h.rotate_left(26) ^ u64::from_le_bytes(word)).wrapping_mul(K)
    });
    (h >> 32) as u32 ^ h as u32
}

/// How many leading bytes of a quotation the scan for quotations looks
/// for (see [`QuoteFinder::find_many`]).
const SCAN_HEAD: usize = 32;

/// Up to this many quotations agreeing on their first bytes are compared
/// one by one where those bytes are seen; more are looked up (see
/// [`Pieces`]).
const SHARED_HEAD: usize = 16;

/// Quotations that agree on their first `depth` bytes, waiting to be
/// found where the scan sees those bytes.
enum Pieces<'q> {
    /// Few: each is compared with the text there.
    Few(Vec<(&'q [u8], usize)>),
    /// Many: the text there is looked up among them a [`SCAN_HEAD`]-byte
    /// piece at a time, those that end within the next piece by their rest,
    /// the others by their next piece. A place costs a lookup per length of
    /// rest (at most `SCAN_HEAD` + 1) and per piece the text agrees with
    /// many quotations for; memory stays a few words per quotation.
    Many {
        depth: usize,
        /// Rests (bytes past `depth`) of the quotations ending within the
        /// next piece, with their numbers, and the rests' lengths.
        ends: HashMap<&'q [u8], Vec<usize>>,
        end_lengths: Vec<usize>,
        /// The others by their next piece.
        next: HashMap<&'q [u8], Pieces<'q>>,
    },
}

impl<'q> Pieces<'q> {
    /// `quotes` (bytes, number) all agree on their first `depth` bytes.
    fn new(depth: usize, quotes: Vec<(&'q [u8], usize)>) -> Self {
        if quotes.len() <= SHARED_HEAD {
            return Pieces::Few(quotes);
        }
        let mut ends: HashMap<&[u8], Vec<usize>> = HashMap::new();
        let mut longer: HashMap<&[u8], Vec<(&[u8], usize)>> = HashMap::new();
        for (q, i) in quotes {
            let rest = q.get(depth..).unwrap_or_default();
            match rest.get(..SCAN_HEAD) {
                Some(piece) if rest.len() > SCAN_HEAD => {
                    longer.entry(piece).or_default().push((q, i))
                }
                _ => ends.entry(rest).or_default().push(i),
            }
        }
        let mut end_lengths: Vec<usize> = ends.keys().map(|r| r.len()).collect();
        end_lengths.sort_unstable();
        end_lengths.dedup();
        let next = longer
            .into_iter()
            .map(|(piece, quotes)| (piece, Pieces::new(depth + SCAN_HEAD, quotes)))
            .collect();
        Pieces::Many {
            depth,
            ends,
            end_lengths,
            next,
        }
    }

    /// Tells `found` (number, length) each quotation not found before that
    /// starts `text`, and forgets it.
    fn find_at(&mut self, text: &[u8], found: &mut impl FnMut(usize, usize)) {
        let mut node = self;
        loop {
            match node {
                Pieces::Few(quotes) => {
                    quotes.retain(|&(q, i)| {
                        let here = text.starts_with(q);
                        if here {
                            found(i, q.len());
                        }
                        !here
                    });
                    return;
                }
                Pieces::Many {
                    depth,
                    ends,
                    end_lengths,
                    next,
                } => {
                    let Some(after) = text.get(*depth..) else {
                        return;
                    };
                    for &len in end_lengths.iter() {
                        if let Some(ids) = after.get(..len).and_then(|rest| ends.remove(rest)) {
                            ids.into_iter().for_each(|i| found(i, *depth + len));
                        }
                    }
                    match after.get(..SCAN_HEAD).and_then(|piece| next.get_mut(piece)) {
                        Some(child) => node = child,
                        None => return,
                    }
                }
            }
        }
    }
}

/// The first [`SCAN_HEAD`] bytes of `q`, or fewer to end on a character.
fn head(q: &str) -> &str {
    let mut end = q.len().min(SCAN_HEAD);
    while !q.is_char_boundary(end) {
        end -= 1;
    }
    &q[..end]
}

/// The character of `text` at byte `i`, if one starts there.
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|rest| rest.chars().next())
}

/// `text` with every apostrophe as `'` and every run of white space as
/// one space, and the points where offsets into the two start to differ
/// by a new amount (see [`QuoteFinder::shifts`]). Stretches that need no
/// change (nearly all of a text) are copied whole.
fn normalize_text(text: &str) -> (String, Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut shifts: Vec<(usize, usize)> = Vec::new();
    // Appends `piece`, which stands for the original from `at` on.
    let mut append = |out: &mut Vec<u8>, piece: &[u8], at: usize| {
        if !piece.is_empty() && at - out.len() != shifts.last().map_or(0, |&(n, o)| o - n) {
            shifts.push((out.len(), at));
        }
        out.extend_from_slice(piece);
    };
    let mut unchanged = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // A space between words, the commonest change-free byte after
        // letters, is not a run to shorten.
        if b == b' '
            && bytes
                .get(i + 1)
                .is_some_and(|&n| n.is_ascii() && !is_space(char::from(n)))
        {
            i += 1;
            continue;
        }
        let (c, width) = if b.is_ascii() {
            (char::from(b), 1)
        } else {
            match char_at(text, i) {
                Some(c) => (c, c.len_utf8()),
                None => break,
            }
        };
        let space = is_space(c);
        let changed = space || (is_apostrophe(c) && c != '\'');
        if !changed {
            i += width;
            continue;
        }
        append(&mut out, &bytes[unchanged..i], unchanged);
        append(&mut out, if space { b" " } else { b"'" }, i);
        i += width;
        if space {
            // The rest of the run is left out.
            while let Some(c) = char_at(text, i)
                && is_space(c)
            {
                i += c.len_utf8();
            }
        }
        unchanged = i;
    }
    append(&mut out, &bytes[unchanged..], unchanged);
    // Only whole characters were copied or replaced by ASCII.
    let normalized = String::from_utf8(out).unwrap_or_default();
    (normalized, shifts)
}

/// The sorted hash and position of every word start of `normalized` that
/// has [`PREFIX`] bytes after it (see [`QuoteFinder::word_starts`]).
fn index_word_starts(normalized: &str) -> Vec<u64> {
    let bytes = normalized.as_bytes();
    // French has a word start every five bytes or more.
    let mut starts = Vec::with_capacity(bytes.len() / 4);
    let mut previous_alnum = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (alnum, width) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            match char_at(normalized, i) {
                Some(c) => (c.is_alphanumeric(), c.len_utf8()),
                None => break,
            }
        };
        if alnum
            && !previous_alnum
            && let Some(prefix) = bytes.get(i..i + PREFIX)
            && let Ok(at) = u32::try_from(i)
        {
            starts.push(u64::from(prefix_hash(prefix)) << 32 | u64::from(at));
        }
        previous_alnum = alnum;
        i += width;
    }
    starts.shrink_to_fit();
    starts.sort_unstable();
    starts
}

/// The prefix hash of a [`QuoteFinder::word_starts`] item.
fn hash_of(item: u64) -> u32 {
    (item >> 32) as u32
}

/// The position of a [`QuoteFinder::word_starts`] item.
fn position_of(item: u64) -> usize {
    (item & u64::from(u32::MAX)) as usize
}

impl QuoteFinder {
    /// Normalizes `text`; lookups then cost one substring search each.
    pub fn new(text: &str) -> Self {
        let (normalized, shifts) = normalize_text(text);
        let word_starts = index_word_starts(&normalized);
        QuoteFinder {
            normalized,
            shifts,
            text_len: text.len(),
            word_starts,
        }
    }

    /// The first start of `q` (normalized) in the normalized text.
    fn locate(&self, q: &str) -> Option<usize> {
        // Short quotations, or ones starting mid-word: a plain search.
        self.locate_indexed(q).or_else(|| self.normalized.find(q))
    }

    /// The first start of `q` among the word starts whose first bytes
    /// hash alike; `None` when `q` is short or not found there.
    fn locate_indexed(&self, q: &str) -> Option<usize> {
        if let Some(prefix) = q.as_bytes().get(..PREFIX) {
            let h = prefix_hash(prefix);
            let from = self.word_starts.partition_point(|&k| hash_of(k) < h);
            let found = self.word_starts[from..]
                .iter()
                .take_while(|&&k| hash_of(k) == h)
                // Sorted by position: the first that matches is the first
                // occurrence. A text repeating one phrase thousands of times
                // would make a near miss check every repeat: after a few,
                // the caller's single scan is cheaper.
                .take(CANDIDATES)
                .map(|&k| position_of(k))
                .find(|&at| self.normalized.as_bytes()[at..].starts_with(q.as_bytes()));
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// Maps a match in the normalized text back to the original bytes.
    fn original(&self, start: usize, len: usize) -> Option<Range<usize>> {
        let end = start + len;
        if end > self.normalized.len() {
            return None;
        }
        let first = self.to_original(start);
        let last_end = if end == self.normalized.len() {
            self.text_len
        } else {
            self.to_original(end)
        };
        Some(first..last_end)
    }

    /// Where the character at a normalized offset starts in the original.
    fn to_original(&self, at: usize) -> usize {
        match self.shifts.partition_point(|&(n, _)| n <= at) {
            0 => at,
            i => {
                let (n, o) = self.shifts[i - 1];
                o + (at - n)
            }
        }
    }

    /// The first place `quote` occurs, as a byte range of the original text.
    pub fn find(&self, quote: &str) -> Option<Range<usize>> {
        let q = normalize_quote(quote);
        if q.is_empty() {
            return None;
        }
        let start = self.locate(&q)?;
        self.original(start, q.len())
    }

    /// The first place of each quotation, as [`find`](Self::find) would
    /// give it, in one pass over the text for all those the word index
    /// cannot find at once: many quotations that do not occur (a pack
    /// being written) cost one scan, not one scan each.
    pub fn find_many(&self, quotes: &[&str]) -> Vec<Option<Range<usize>>> {
        let normalized: Vec<String> = quotes.iter().map(|q| normalize_quote(q)).collect();
        let mut out: Vec<Option<Range<usize>>> = vec![None; quotes.len()];
        let mut rest: Vec<usize> = Vec::new();
        for (i, q) in normalized.iter().enumerate() {
            if q.is_empty() {
                continue;
            }
            match self.locate_indexed(q) {
                Some(start) => out[i] = self.original(start, q.len()),
                None => rest.push(i),
            }
        }
        if rest.is_empty() {
            return out;
        }
        // The scan looks for the quotations' first bytes only, each
        // distinct beginning once, and checks the whole quotations where one
        // is seen: an automaton of whole quotations grows with their total
        // length (a pack of 25,000 long sentences not in its text took
        // 630 MB and 13 s to build one). Where many quotations share their
        // first bytes, the text there is looked up among them a piece at a
        // time (see [`Pieces`]), not compared with each.
        let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
        for &i in &rest {
            groups.entry(head(&normalized[i])).or_default().push(i);
        }
        let mut patterns: Vec<&str> = Vec::new();
        let mut waiting: Vec<Pieces> = Vec::new();
        for (head, group) in groups {
            patterns.push(head);
            let quotes = group
                .iter()
                .map(|&i| (normalized[i].as_bytes(), i))
                .collect();
            waiting.push(Pieces::new(head.len(), quotes));
        }
        let Ok(automaton) = aho_corasick::AhoCorasick::new(&patterns) else {
            for &i in &rest {
                out[i] = self.find(quotes[i]);
            }
            return out;
        };
        let mut left = rest.len();
        let text = self.normalized.as_bytes();
        for m in automaton.find_overlapping_iter(&self.normalized) {
            let Some(here) = text.get(m.start()..) else {
                continue;
            };
            let mut found = |i: usize, len: usize| {
                out[i] = self.original(m.start(), len);
                left -= 1;
            };
            if let Some(pieces) = waiting.get_mut(m.pattern().as_usize()) {
                pieces.find_at(here, &mut found);
            }
            if left == 0 {
                break;
            }
        }
        out
    }

    /// Every non-overlapping place `quote` occurs, in order.
    pub fn find_all(&self, quote: &str) -> Vec<Range<usize>> {
        let q = normalize_quote(quote);
        if q.is_empty() {
            return Vec::new();
        }
        self.normalized
            .match_indices(&q)
            .filter_map(|(start, m)| self.original(start, m.len()))
            .collect()
    }
}

/// Finds `quote` in `text` (see the module docs for what may differ).
/// For many quotations in one text, build a [`QuoteFinder`] once instead.
pub fn find_quote(text: &str, quote: &str) -> Option<Range<usize>> {
    QuoteFinder::new(text).find(quote)
}

/// Every non-overlapping occurrence of `quote` in `text`, in order.
pub fn find_all_quotes(text: &str, quote: &str) -> Vec<Range<usize>> {
    QuoteFinder::new(text).find_all(quote)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::text::statement as body;

    /// What [`normalize_text`] gives, one character at a time.
    fn normalize_by_character(text: &str) -> (String, Vec<(usize, usize)>) {
        let mut normalized = String::new();
        let mut shifts = Vec::new();
        let mut shift = 0;
        let mut in_space = false;
        for (i, c) in text.char_indices() {
            if is_space(c) && in_space {
                continue;
            }
            in_space = is_space(c);
            if i - normalized.len() != shift {
                shift = i - normalized.len();
                shifts.push((normalized.len(), i));
            }
            normalized.push(match c {
                c if is_space(c) => ' ',
                c if is_apostrophe(c) => '\'',
                c => c,
            });
        }
        (normalized, shifts)
    }

    /// Where words start with [`PREFIX`] bytes after them, one character
    /// at a time.
    fn word_starts_by_character(normalized: &str) -> Vec<usize> {
        let mut previous_alnum = false;
        let mut starts = Vec::new();
        for (i, c) in normalized.char_indices() {
            let alnum = c.is_alphanumeric();
            if alnum && !previous_alnum && i + PREFIX <= normalized.len() {
                starts.push(i);
            }
            previous_alnum = alnum;
        }
        starts
    }

    fn found<'a>(text: &'a str, quote: &str) -> Option<&'a str> {
        find_quote(text, quote).map(|r| &text[r])
    }

    #[test]
    fn exact_quotation() {
        let body = body();
        assert_eq!(
            found(
                &body,
                "Développer une technologie est déjà assez difficile."
            ),
            Some("Développer une technologie est déjà assez difficile.")
        );
    }

    #[test]
    fn apostrophes_either_way() {
        let body = body();
        // The text has ’ here; the quotation uses '.
        assert_eq!(
            found(&body, "des forces de l'ordre, et les lois locales"),
            Some("des forces de l’ordre, et les lois locales")
        );
        // And the reverse.
        assert_eq!(
            found(&body, "j’ai été interrogé par la police"),
            Some("j'ai été interrogé par la police")
        );
    }

    #[test]
    fn no_break_spaces_and_line_breaks() {
        let body = body();
        assert_eq!(found(&body, "votre amour !"), Some("votre amour\u{a0}!"));
        assert_eq!(
            found(
                &body,
                "sur Google « Adresse Telegram UE pour les forces de l'ordre »"
            ),
            Some("sur Google «\u{a0}Adresse Telegram UE pour les forces de l'ordre\u{a0}»")
        );
        // Across a paragraph break, with a narrow no-break space typed instead.
        let r = find_quote(&body, "plusieurs raisons\u{202f}:\n1. Telegram").expect("found");
        assert_eq!(&body[r], "plusieurs raisons\u{a0}:\u{a0}\n\n1. Telegram");
        // Runs of spaces in the quotation.
        assert_eq!(found("a\u{a0}b", "  a \t\n b  "), Some("a\u{a0}b"));
    }

    #[test]
    fn otherwise_exact() {
        let body = body();
        assert_eq!(found(&body, "développer une technologie"), None);
        assert_eq!(found(&body, "Developper une technologie"), None);
        assert_eq!(found(&body, "sécurité. Dans"), None);
        assert_eq!(found(&body, "sécuritéDans"), None);
        assert_eq!(
            found(&body, "sécurité.Dans ces cas-là"),
            Some("sécurité.Dans ces cas-là")
        );
        assert_eq!(found("a b", "ab"), None);
    }

    #[test]
    fn emoji_and_cashtag() {
        let body = body();
        assert_eq!(
            found(&body, "$TON Un message de Durev ❤️ Merci"),
            Some("$TON Un message de Durev\n\n❤️ Merci")
        );
    }

    #[test]
    fn empty_or_missing() {
        assert_eq!(find_quote("abc", ""), None);
        assert_eq!(find_quote("abc", " \n "), None);
        assert_eq!(find_quote("", "a"), None);
        assert_eq!(find_quote("abc", "abcd"), None);
        assert!(find_all_quotes("abc", "").is_empty());
    }

    #[test]
    fn all_occurrences() {
        let body = body();
        let all = find_all_quotes(&body, "forces de l’ordre");
        assert_eq!(all.len(), 2);
        assert_eq!(&body[all[0].clone()], "forces de l'ordre");
        assert_eq!(&body[all[1].clone()], "forces de l’ordre");
        assert!(all[0].end <= all[1].start);
        let finder = QuoteFinder::new(&body);
        assert_eq!(finder.find_all("soient").len(), 2);
        assert_eq!(finder.find("soient"), Some(all_first(&finder, "soient")));
        assert_eq!(find_all_quotes("aaa", "aa"), vec![0..2]);
    }

    fn all_first(finder: &QuoteFinder, q: &str) -> Range<usize> {
        finder.find_all(q).first().cloned().unwrap_or_default()
    }

    #[test]
    fn every_sentence_of_the_statement_is_found() {
        let body = body();
        let finder = QuoteFinder::new(&body);
        for sentence in body.split_inclusive(['.', '!', ':']) {
            let r = finder
                .find(sentence)
                .unwrap_or_else(|| panic!("{sentence:?}"));
            assert_eq!(body[r].trim(), sentence.trim());
        }
    }

    /// Looked up together, quotations are found where each is found
    /// alone, whichever way the scan groups them: few or many sharing
    /// their first bytes, of few or many lengths, shorter than those bytes,
    /// starting inside a word, repeated, absent.
    #[test]
    fn many_at_once_agree_with_one_at_a_time() {
        let mut text = String::new();
        for k in 0..300 {
            text.push_str(&format!(
                "« Le chat mange la souris dans le jardin » dit-il {k} fois. Le chien dort.\n"
            ));
        }
        let finder = QuoteFinder::new(&text);
        let shared = "« Le chat mange la souris dans le jardin » dit-il";
        let mut quotes: Vec<String> = Vec::new();
        // Many sharing a beginning, ending within a piece: some there, some
        // not.
        for k in (0..120).step_by(3) {
            quotes.push(format!("{shared} {k} fois."));
            quotes.push(format!("{shared} {k} foix."));
        }
        // Many sharing another beginning, ending in the first, second or
        // third piece after it: beginnings of a passage, cut anywhere, and
        // altered.
        let passage = "Le chien dort. « Le chat mange la souris dans le jardin » dit-il 5 fois. \
                       Le chien dort. « Le chat mange la souris dans le jardin » dit-il 6 fois.";
        let cuts: Vec<&str> = (33..passage.len())
            .filter_map(|end| passage.get(..end))
            .collect();
        assert!(cuts.len() > 2 * SCAN_HEAD);
        for cut in cuts {
            quotes.push(cut.to_string());
            quotes.push(format!("{cut}x"));
        }
        // Few sharing theirs; short; inside a word; repeated; absent.
        quotes.extend(
            [
                "Le chien dort. « Le chat mange la souris",
                "hat mange la souris dans le jardin » dit",
                "dit-il 7",
                "ien d",
                "Le chien dort.",
                "Le chien dort.",
                "Le chien ronfle. « Le chat mange",
                "",
            ]
            .map(String::from),
        );
        let refs: Vec<&str> = quotes.iter().map(String::as_str).collect();
        let together = finder.find_many(&refs);
        let mut found = 0;
        for (q, got) in refs.iter().zip(&together) {
            assert_eq!(got, &finder.find(q), "{q:?}");
            found += usize::from(got.is_some());
        }
        assert!(
            found > 100 && found < refs.len() - 100,
            "{found} of {}",
            refs.len()
        );
    }

    proptest! {
        #[test]
        fn many_found_at_once_as_one_at_a_time(
            words in prop::collection::vec(prop::sample::select(vec!["le", "chat", "la", "souris", "l’eau", "«", "»", "dort", "dans"]), 1..80),
            picks in prop::collection::vec((0usize..80, 1usize..40, any::<bool>()), 0..40),
        ) {
            let text = words.join(" ");
            let finder = QuoteFinder::new(&text);
            let quotes: Vec<String> = picks
                .iter()
                .map(|&(from, len, change)| {
                    let from = from % words.len();
                    let to = (from + len).min(words.len());
                    let q = words[from..to].join(" ");
                    if change { format!("{q}x") } else { q }
                })
                .collect();
            let refs: Vec<&str> = quotes.iter().map(String::as_str).collect();
            let together = finder.find_many(&refs);
            for (q, got) in refs.iter().zip(&together) {
                prop_assert_eq!(got, &finder.find(q), "{:?}", q);
            }
        }

        #[test]
        fn any_slice_is_found_with_reformatted_whitespace(
            words in prop::collection::vec("[a-zé’'«»!:]{1,6}", 1..12),
            seps in prop::collection::vec(prop::sample::select(vec![" ", "\u{a0}", "\u{202f}", "\n", "\n\n", " \u{a0}"]), 12),
            from in 0usize..12,
            len in 1usize..12,
        ) {
            let mut text = String::new();
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    text.push_str(seps[i]);
                }
                text.push_str(w);
            }
            let from = from % words.len();
            let to = (from + len).min(words.len());
            let quote = words[from..to].join(" ").replace('’', "'");
            let r = find_quote(&text, &quote);
            prop_assert!(r.is_some(), "{quote:?} in {text:?}");
            let r = r.unwrap_or_default();
            let got = normalize_quote(&text[r]);
            prop_assert_eq!(got, normalize_quote(&quote));
        }

        #[test]
        fn normalized_as_character_by_character(
            pieces in prop::collection::vec(prop::sample::select(vec![
                "mot", "é", "L", "9", " ", "  ", "\u{a0}", "\u{202f}", "\n", "\r\n", "\t", "\u{3000}",
                "’", "'", "\u{2bc}", "«", "»", "😀", "\u{301}", "-", ".",
            ]), 0..60),
        ) {
            let text = pieces.concat();
            let (normalized, shifts) = normalize_text(&text);
            let (want, want_shifts) = normalize_by_character(&text);
            prop_assert_eq!(&normalized, &want);
            prop_assert_eq!(shifts, want_shifts);
            let mut got: Vec<usize> = index_word_starts(&normalized).iter().map(|&k| position_of(k)).collect();
            got.sort_unstable();
            prop_assert_eq!(got, word_starts_by_character(&normalized));
        }

        #[test]
        fn ranges_are_char_boundaries(text in "\\PC{0,40}", q in "\\PC{0,4}") {
            for r in find_all_quotes(&text, &q) {
                prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                prop_assert!(r.start < r.end);
            }
        }
    }
}
