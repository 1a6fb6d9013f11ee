//! Splitting French text into tokens that cover every byte.
//!
//! Word boundaries come from Unicode (UAX #29) and are then adjusted for
//! French: elided articles and pronouns ("l’", "qu'") become tokens of their
//! own so that "État" is found in "L’État", while hyphenated compounds
//! ("lui-même", "e-mail") stay whole. A full stop or colon with no space after
//! it ("sécurité.Dans") separates words, whatever UAX #29 says about it.
//!
//! Cashtags, hashtags and mentions ("$TON", "#tag", "@durov") are one `Word`
//! including the sigil, so a glossary form "$TON" names exactly that word.
//! An eliding word typed with a space after its apostrophe ("l' État") is
//! still an `Elision`. Times ("12:30") split at the colon, as UAX #29 does.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// What a token is, as far as reading and matching care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters (possibly with digits, hyphens or inner apostrophes).
    Word,
    /// An elided word with its apostrophe: "l’", "qu'", "jusqu’".
    Elision,
    /// Digits, with inner separators ("3.14", "1,5").
    Number,
    /// Punctuation marks, one token per mark.
    Punct,
    /// A run of whitespace other than a line break, no-break spaces included.
    Space,
    /// "\n" or "\r\n".
    Newline,
    /// Anything else: emoji, currency and math signs.
    Symbol,
}

/// A token: a byte range of the text and its kind, in 8 bytes (a text has
/// about one token per 2.5 bytes, so this is the largest structure a long
/// text keeps): a 32-bit start and a 24-bit length. Texts are far below
/// 4 GiB; [`tokenize`] cuts the rare token longer than [`MAX_TOKEN_BYTES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    start: u32,
    len_low: u16,
    len_high: u8,
    pub kind: TokenKind,
}

/// The longest token: 16 MiB less a byte (packs are limited to 16 MiB).
pub const MAX_TOKEN_BYTES: usize = (1 << 24) - 1;

/// A byte offset as stored: offsets past 4 GiB are kept as `u32::MAX`.
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Token {
    /// A token over `range`, which must lie below 4 GiB and be at most
    /// [`MAX_TOKEN_BYTES`] long (offsets past 4 GiB are kept as `u32::MAX`,
    /// a longer range is cut to that length).
    pub fn new(range: Range<usize>, kind: TokenKind) -> Token {
        let start = offset(range.start);
        let mut token = Token {
            start,
            len_low: 0,
            len_high: 0,
            kind,
        };
        token.set_end(range.end);
        token
    }

    /// A token of a piece of the text that starts `by` bytes in, made a
    /// token of the whole.
    fn move_by(&mut self, by: usize) {
        let end = self.end() + by;
        self.start = offset(self.start() + by);
        self.set_end(end);
    }

    /// The bytes of the text the token covers.
    pub fn range(&self) -> Range<usize> {
        self.start()..self.end()
    }

    pub fn start(&self) -> usize {
        self.start as usize
    }

    pub fn len(&self) -> usize {
        usize::from(self.len_low) | usize::from(self.len_high) << 16
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn end(&self) -> usize {
        self.start() + self.len()
    }

    /// Moves the token's end (joining the next piece to it); the token
    /// stays within 4 GiB and [`MAX_TOKEN_BYTES`].
    pub fn set_end(&mut self, end: usize) {
        let len = (offset(end) as usize)
            .saturating_sub(self.start())
            .min(MAX_TOKEN_BYTES);
        self.len_low = (len & 0xFFFF) as u16;
        self.len_high = (len >> 16) as u8;
    }

    /// The token's text; empty if `text` is not the text it came from.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.range()).unwrap_or_default()
    }

    /// Whether the token can carry meaning on its own (and be looked up).
    pub fn is_wordlike(&self) -> bool {
        matches!(
            self.kind,
            TokenKind::Word | TokenKind::Elision | TokenKind::Number
        )
    }
}

/// Words that elide before a vowel. Lowercase; compared case-insensitively.
const ELIDING: [&str; 13] = [
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn is_eliding(prefix: &str) -> bool {
    prefix.len() <= 6 && ELIDING.iter().any(|e| e.eq_ignore_ascii_case(prefix))
}

fn is_hyphen(s: &str) -> bool {
    matches!(s, "-" | "\u{2010}" | "\u{2011}")
}

/// Punctuation: ASCII punctuation except the symbols $ + < = > ^ | ~ and the
/// backtick, the Latin-1 marks French uses, the General Punctuation block
/// (dashes, quotes, …) and common CJK and fullwidth marks. Std has no Unicode
/// general category, and this subset is what the reader needs to tell marks
/// from emoji and currency signs.
fn is_punct(c: char) -> bool {
    matches!(
        c,
        '!' | '"'
            | '#'
            | '%'
            | '&'
            | '\''
            | '('
            | ')'
            | '*'
            | ','
            | '-'
            | '.'
            | '/'
            | ':'
            | ';'
            | '?'
            | '@'
            | '['
            | '\\'
            | ']'
            | '_'
            | '{'
            | '}'
            | '¡'
            | '§'
            | '«'
            | '¶'
            | '·'
            | '»'
            | '¿'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205E}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{FF01}'..='\u{FF03}'
            | '\u{FF05}'..='\u{FF0A}'
            | '\u{FF0C}'..='\u{FF0F}'
            | '\u{FF1A}'
            | '\u{FF1B}'
            | '\u{FF1F}'
    )
}

/// Separators UAX #29 keeps inside words but French puts only between
/// sentences or words ("sécurité.Dans"); kept between digits ("3.14", "12:30").
fn is_inner_stop(c: char) -> bool {
    matches!(
        c,
        '.' | ':' | '\u{2024}' | '\u{FE13}' | '\u{FE52}' | '\u{FE55}' | '\u{FF0E}' | '\u{FF1A}'
    )
}

/// Splits `text` into tokens that are contiguous and cover it completely.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut pieces = Vec::with_capacity(text.len() / 3);
    word_bounds(text, |start, seg| classify_segment(start, seg, &mut pieces));
    let joined = join_pieces(text, pieces);
    let mut tokens = split_elisions(text, joined);
    if tokens.iter().any(|t| t.len() == MAX_TOKEN_BYTES) {
        tokens = cut_long_tokens(text, tokens);
    }
    tokens.shrink_to_fit();
    tokens
}

/// Cuts tokens that reached [`MAX_TOKEN_BYTES`] (a 16 MiB run of one
/// kind, which only a hostile text has) into pieces that each fit, at
/// character boundaries, so that the tokens still cover the text.
fn cut_long_tokens(text: &str, tokens: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(tokens.len() + 1);
    let ends: Vec<usize> = tokens
        .iter()
        .skip(1)
        .map(Token::start)
        .chain([text.len()])
        .collect();
    for (t, end) in tokens.into_iter().zip(ends) {
        let mut start = t.start();
        while end - start > MAX_TOKEN_BYTES {
            let mut cut = start + MAX_TOKEN_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            out.push(Token::new(start..cut, t.kind));
            start = cut;
        }
        out.push(Token::new(start..end, t.kind));
    }
    out
}

/// Long texts are tokenized in pieces of about this size (cut after a line
/// break, where tokens never continue): to report progress, and so that
/// the working lists of one piece, not of the whole text, are held at once.
pub const PIECE_BYTES: usize = 64 * 1024;

/// Tokenizes `text` piece by piece (see [`PIECE_BYTES`]), giving `each`
/// the bytes of each piece and its tokens, with offsets into the whole:
/// together they are the tokens of the whole text.
pub fn tokenize_pieces(text: &str, mut each: impl FnMut(usize, usize, Vec<Token>)) {
    let mut start = 0;
    while start < text.len() {
        let end = text.as_bytes()[start..]
            .iter()
            .skip(PIECE_BYTES)
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| start + PIECE_BYTES + i + 1);
        let mut tokens = tokenize(&text[start..end]);
        if start > 0 {
            tokens.iter_mut().for_each(|t| t.move_by(start));
        }
        each(start, end, tokens);
        start = end;
    }
}

/// [`tokenize`], piece by piece (see [`tokenize_pieces`]), into a list
/// sized to what it holds; `done` is told how many bytes are tokenized
/// after each piece.
pub fn tokenize_reporting(text: &str, mut done: impl FnMut(usize)) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    tokenize_pieces(text, |start, end, piece| {
        // Room for the rest at the density seen so far, and a little more:
        // growing by doubling would leave up to half the list unused.
        let rest = piece.len() * (text.len() - end) / (end - start).max(1);
        if tokens.capacity() - tokens.len() < piece.len() {
            tokens.reserve_exact(piece.len() + rest + rest / 16);
        }
        tokens.extend(piece);
        done(end);
    });
    tokens.shrink_to_fit();
    tokens
}

/// [`tokenize`] for a long text: its two halves, cut after a line break
/// near the middle (where tokens never continue, as [`tokenize_pieces`]
/// relies on), are tokenized side by side on two threads. A long pack's
/// first opening waits for its text's tokens.
pub fn tokenize_in_halves(text: &str) -> Vec<Token> {
    let middle = text.len() / 2;
    match text.as_bytes()[middle..].iter().position(|&b| b == b'\n') {
        Some(i) => tokenize_cut_after(text, middle + i + 1),
        None => tokenize_reporting(text, |_| {}),
    }
}

/// The tokens of `text[..cut]` and of `text[cut..]`, each made on a
/// thread of its own, one list after the other; `cut` follows a line
/// break.
fn tokenize_cut_after(text: &str, cut: usize) -> Vec<Token> {
    let (Some(first), Some(second)) = (text.get(..cut), text.get(cut..)) else {
        return tokenize_reporting(text, |_| {});
    };
    let (mut tokens, rest) = std::thread::scope(|scope| {
        let rest = scope.spawn(|| tokenize_reporting(second, |_| {}));
        let tokens = tokenize_reporting(first, |_| {});
        match rest.join() {
            Ok(rest) => (tokens, rest),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    tokens.reserve_exact(rest.len());
    tokens.extend(rest.into_iter().map(|mut t| {
        t.move_by(cut);
        t
    }));
    tokens
}

/// The segments of UAX #29 word boundaries, exactly as
/// `split_word_bound_indices` gives them, most of them found without its
/// tables (which cost most of tokenizing a French text).
///
/// A run of ASCII spaces between two ASCII characters that are not spaces
/// is a segment of its own: nothing joins an ASCII character to a space
/// but another space (WB3d), nor a space to a following ASCII character
/// (no ASCII character is Extend, Format or ZWJ, WB4). The stretches
/// between such runs are segmented alone, which gives what the whole text
/// gives: the rules that look past a character (WB6, WB7, WB7b, WB7c,
/// WB11, WB12, WB15/16) see a space there or the text's edge, and decide
/// alike. Most stretches are words, told apart without tables (see
/// [`one_segment`]).
fn word_bounds<'t>(text: &'t str, mut each: impl FnMut(usize, &'t str)) {
    let bytes = text.as_bytes();
    let mut stretch = 0;
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b' ') {
        let start = i + at;
        let end = bytes[start..]
            .iter()
            .position(|&b| b != b' ')
            .map_or(bytes.len(), |n| start + n);
        let cut_before = start == stretch || bytes[start - 1].is_ascii();
        let cut_after = end == bytes.len() || bytes[end].is_ascii();
        if cut_before && cut_after {
            stretch_bounds(text, stretch..start, &mut each);
            each(start, &text[start..end]);
            stretch = end;
        }
        i = end;
    }
    stretch_bounds(text, stretch..bytes.len(), &mut each);
}

/// The segments of `text[range]`, a stretch that [`word_bounds`] cut.
fn stretch_bounds<'t>(text: &'t str, range: Range<usize>, each: &mut impl FnMut(usize, &'t str)) {
    let Some(stretch) = text.get(range.clone()) else {
        return;
    };
    if stretch.is_empty() {
        return;
    }
    if one_segment(stretch) {
        each(range.start, stretch);
        return;
    }
    // A word with a mark before or after it ("(mot", "mot,"): any ASCII
    // mark but `_` (ExtendNumLet) is cut from letters and digits when no
    // letter or digit is on its other side (WB6, WB7, WB11, WB12, WB13a/b).
    let cuttable = |b: u8| b.is_ascii_punctuation() && b != b'_';
    let bytes = stretch.as_bytes();
    let lead = usize::from(bytes.first().is_some_and(|&b| cuttable(b)));
    let trail = usize::from(bytes.len() > lead + 1 && bytes.last().is_some_and(|&b| cuttable(b)));
    let core = lead..stretch.len() - trail;
    if (lead + trail > 0)
        && let Some(word) = stretch.get(core.clone())
        && one_segment(word)
    {
        if lead > 0 {
            each(range.start, &stretch[..lead]);
        }
        each(range.start + core.start, word);
        if trail > 0 {
            each(range.start + core.end, &stretch[core.end..]);
        }
        return;
    }
    for (at, seg) in stretch.split_word_bound_indices() {
        each(range.start + at, seg);
    }
}

/// Whether `s` is one UAX #29 segment for sure: ASCII digits (WB8), or
/// Latin letters with single marks between them that join letters
/// (`'`, `’`, `.`, `:`; WB5, WB6, WB7): "homme", "j'ai", "sécurité.Dans".
fn one_segment(s: &str) -> bool {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let mut after_letter = false;
    for c in s.chars() {
        if is_latin_letter(c) {
            after_letter = true;
        } else if after_letter && matches!(c, '\'' | '\u{2019}' | '.' | ':') {
            after_letter = false;
        } else {
            return false;
        }
    }
    after_letter
}

/// A Latin letter (ASCII, Latin-1, Latin Extended-A and B): all are
/// ALetter for UAX #29.
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (matches!(c, '\u{C0}'..='\u{24F}') && c.is_alphabetic())
}

/// Turns one UAX #29 segment into pieces, splitting words at inner stops.
fn classify_segment(start: usize, seg: &str, out: &mut Vec<Token>) {
    let end = start + seg.len();
    // Most segments are a plain space or a word of letters alone (no
    // stop, apostrophe or space inside): nothing to split.
    if seg == " " {
        out.push(Token::new(start..end, TokenKind::Space));
        return;
    }
    if seg.chars().all(char::is_alphabetic) {
        out.push(Token::new(start..end, TokenKind::Word));
        return;
    }
    if seg == "\n" || seg == "\r\n" {
        out.push(Token::new(start..end, TokenKind::Newline));
        return;
    }
    if seg.chars().all(char::is_whitespace) {
        out.push(Token::new(start..end, TokenKind::Space));
        return;
    }
    if !seg.chars().any(char::is_alphanumeric) {
        let kind = match seg.chars().next() {
            Some(c) if is_punct(c) => TokenKind::Punct,
            _ => TokenKind::Symbol,
        };
        out.push(Token::new(start..end, kind));
        return;
    }
    // A word-like segment: split at stops that are not between two digits,
    // and at U+202F, which UAX #29 joins to words (for Mongolian).
    let mut piece_start = 0;
    let mut prev: Option<char> = None;
    let mut iter = seg.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let between_digits =
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        let kind = if c.is_whitespace() {
            Some(TokenKind::Space)
        } else if is_inner_stop(c) && !between_digits {
            Some(TokenKind::Punct)
        } else {
            None
        };
        if let Some(kind) = kind {
            if piece_start < i {
                out.push(word_piece(start, &seg[piece_start..i], piece_start));
            }
            out.push(Token::new(start + i..start + i + c.len_utf8(), kind));
            piece_start = i + c.len_utf8();
        }
        prev = Some(c);
    }
    if piece_start < seg.len() {
        out.push(word_piece(start, &seg[piece_start..], piece_start));
    }
}

/// A piece of a word-like segment: a `Word` if it has letters, else a `Number`.
fn word_piece(seg_start: usize, piece: &str, offset: usize) -> Token {
    let kind = if piece.chars().any(char::is_alphabetic) {
        TokenKind::Word
    } else if piece.chars().any(char::is_numeric) {
        TokenKind::Number
    } else {
        TokenKind::Symbol
    };
    let start = seg_start + offset;
    Token::new(start..start + piece.len(), kind)
}

/// Joins sigils to the following word and hyphenated compounds into one word,
/// and attaches a lone apostrophe to an eliding word ("l' État").
fn join_pieces(text: &str, pieces: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(pieces.len());
    let mut i = 0;
    while i < pieces.len() {
        let cur = &pieces[i];
        let s = &text[cur.range()];
        let next = pieces.get(i + 1);
        let last_kind = out.last().map(|t| t.kind);
        let follows_word = matches!(
            last_kind,
            Some(TokenKind::Word | TokenKind::Number | TokenKind::Elision)
        );

        // "$TON", "#tag", "@durov", but not the "@" of "a@b".
        if matches!(s, "$" | "#" | "@")
            && !follows_word
            && next.is_some_and(|n| n.kind == TokenKind::Word)
            && let Some(n) = next
        {
            out.push(Token::new(cur.start()..n.end(), TokenKind::Word));
            i += 2;
            continue;
        }

        // "lui-même", "a-t-il", "COVID-19"; not "2023-2024".
        if is_hyphen(s)
            && let (Some(last), Some(n)) = (out.last_mut(), next)
            && matches!(last.kind, TokenKind::Word | TokenKind::Number)
            && matches!(n.kind, TokenKind::Word | TokenKind::Number)
            && !(last.kind == TokenKind::Number && n.kind == TokenKind::Number)
        {
            last.set_end(n.end());
            last.kind = TokenKind::Word;
            i += 2;
            continue;
        }

        // "l' État": an elision typed with a space after the apostrophe.
        if s.chars().count() == 1
            && s.chars().all(is_apostrophe)
            && next.is_none_or(|n| n.kind == TokenKind::Space)
            && let Some(last) = out.last_mut()
            && last.kind == TokenKind::Word
            && is_eliding(&text[last.range()])
        {
            last.set_end(cur.end());
            last.kind = TokenKind::Elision;
            i += 1;
            continue;
        }

        // UAX #29 splits " \t " into three segments; one run reads better.
        if cur.kind == TokenKind::Space
            && let Some(last) = out.last_mut()
            && last.kind == TokenKind::Space
        {
            last.set_end(cur.end());
            i += 1;
            continue;
        }

        out.push(cur.clone());
        i += 1;
    }
    out
}

/// Splits leading elisions off words: "L’État" → "L’" + "État",
/// "qu'aujourd'hui" → "qu'" + "aujourd'hui".
fn split_elisions(text: &str, tokens: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(tokens.len() + tokens.len() / 16);
    for tok in tokens {
        if tok.kind != TokenKind::Word {
            out.push(tok);
            continue;
        }
        let mut start = tok.start();
        let end = tok.end();
        loop {
            let word = &text[start..end];
            let Some((i, apos)) = word.char_indices().find(|&(_, c)| is_apostrophe(c)) else {
                break;
            };
            if !is_eliding(&word[..i]) {
                break;
            }
            let cut = start + i + apos.len_utf8();
            out.push(Token::new(start..cut, TokenKind::Elision));
            start = cut;
            if start == end {
                break;
            }
        }
        if start < end {
            out.push(Token::new(start..end, TokenKind::Word));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Offsets are kept in 32 bits: up to 4 GiB exactly; past it (texts are
    /// refused long before) an offset stays at 4 GiB, past any text.
    #[test]
    fn offsets_are_32_bit() {
        assert_eq!(std::mem::size_of::<Token>(), 8);
        let max = u32::MAX as usize;
        let t = Token::new(max - 3..max, TokenKind::Word);
        assert_eq!(t.range(), max - 3..max);
        let past = Token::new(max - 3..max + 2, TokenKind::Word);
        assert_eq!(past.end(), max);
        assert!(crate::study::compiled::fits(max));
        assert!(!crate::study::compiled::fits(max + 1));
        let long = Token::new(5..5 + MAX_TOKEN_BYTES + 9, TokenKind::Space);
        assert_eq!(long.range(), 5..5 + MAX_TOKEN_BYTES);
    }

    /// A long text tokenized piece by piece has the tokens of the whole.
    #[test]
    fn pieces_make_the_whole() {
        let text = body().repeat(3 * PIECE_BYTES / body().len() + 1);
        let mut pieces = Vec::new();
        let mut ends = Vec::new();
        tokenize_pieces(&text, |_, end, tokens| {
            pieces.extend(tokens);
            ends.push(end);
        });
        assert!(ends.len() >= 3, "{ends:?}");
        assert_eq!(ends.last(), Some(&text.len()));
        assert_eq!(pieces, tokenize(&text));
    }

    /// Halves tokenized apart, cut after any line break, have the tokens
    /// of the whole.
    #[test]
    fn halves_make_the_whole() {
        let text = body();
        let whole = tokenize(&text);
        assert_eq!(tokenize_in_halves(&text), whole);
        let breaks: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
        assert!(breaks.len() > 5);
        for cut in breaks {
            assert_eq!(tokenize_cut_after(&text, cut), whole, "cut at {cut}");
        }
    }

    /// A token longer than a token can be is cut at character boundaries,
    /// and the pieces still cover the text.
    #[test]
    fn over_long_tokens_are_cut() {
        let text = format!("a {}", "é".repeat(MAX_TOKEN_BYTES / 2 + 10));
        let tokens = vec![
            Token::new(0..1, Word),
            Token::new(1..2, Space),
            Token::new(2..text.len(), Word),
        ];
        let cut = cut_long_tokens(&text, tokens);
        assert_covers(&text, &cut);
        assert_eq!(cut.len(), 4);
        assert!(cut.iter().all(|t| t.kind == Word || t.kind == Space));
        assert_eq!(cut[2].len(), MAX_TOKEN_BYTES - 1);
    }

    /// (text, kind) pairs of the tokens of `s`, for readable assertions.
    fn toks(s: &str) -> Vec<(&str, TokenKind)> {
        tokenize(s)
            .into_iter()
            .map(|t| (&s[t.range()], t.kind))
            .collect()
    }

    /// The texts of the word-like tokens of `s`.
    fn words(s: &str) -> Vec<&str> {
        tokenize(s)
            .into_iter()
            .filter(|t| t.kind != TokenKind::Space && t.kind != TokenKind::Newline)
            .map(|t| &s[t.range()])
            .collect()
    }

    fn assert_covers(s: &str, tokens: &[Token]) {
        let mut pos = 0;
        for t in tokens {
            assert_eq!(t.start(), pos, "gap or overlap in {s:?}: {tokens:?}");
            assert!(t.end() > t.start(), "empty token in {s:?}");
            assert!(s.is_char_boundary(t.end()));
            pos = t.end();
        }
        assert_eq!(pos, s.len(), "text not covered: {s:?}");
    }

    use crate::text::statement as body;

    use TokenKind::*;

    #[test]
    fn empty_text_has_no_tokens() {
        assert!(tokenize("").is_empty());
    }

    #[test]
    fn elisions_are_split_with_either_apostrophe_and_any_case() {
        assert_eq!(toks("L’État"), vec![("L’", Elision), ("État", Word)]);
        assert_eq!(toks("qu’il"), vec![("qu’", Elision), ("il", Word)]);
        assert_eq!(toks("lorsqu'on"), vec![("lorsqu'", Elision), ("on", Word)]);
        assert_eq!(toks("d’un"), vec![("d’", Elision), ("un", Word)]);
        assert_eq!(toks("QU'IL"), vec![("QU'", Elision), ("IL", Word)]);
        assert_eq!(toks("Jusqu’à"), vec![("Jusqu’", Elision), ("à", Word)]);
        assert_eq!(
            toks("puisqu'elle"),
            vec![("puisqu'", Elision), ("elle", Word)]
        );
        assert_eq!(toks("lʼUE"), vec![("lʼ", Elision), ("UE", Word)]);
        for p in ["l", "d", "j", "m", "n", "s", "t", "c"] {
            let s = format!("{p}'ai");
            assert_eq!(toks(&s), vec![(&s[..2], Elision), ("ai", Word)], "{s}");
        }
    }

    #[test]
    fn non_eliding_apostrophes_stay_inside_words() {
        assert_eq!(toks("aujourd’hui"), vec![("aujourd’hui", Word)]);
        assert_eq!(toks("presqu'île"), vec![("presqu'île", Word)]);
        assert_eq!(toks("don't"), vec![("don't", Word)]);
        assert_eq!(
            toks("qu'aujourd'hui"),
            vec![("qu'", Elision), ("aujourd'hui", Word)]
        );
    }

    #[test]
    fn elision_with_a_stray_space() {
        assert_eq!(
            toks("l' État"),
            vec![("l'", Elision), (" ", Space), ("État", Word)]
        );
        // A quote mark after an ordinary word is left alone.
        assert_eq!(
            toks("le ' x"),
            vec![
                ("le", Word),
                (" ", Space),
                ("'", Punct),
                (" ", Space),
                ("x", Word)
            ]
        );
    }

    #[test]
    fn hyphenated_words_stay_whole() {
        for w in [
            "e-mail",
            "lui-même",
            "pré-smartphone",
            "cas-là",
            "a-t-il",
            "COVID-19",
        ] {
            assert_eq!(toks(w), vec![(w, Word)], "{w}");
        }
        assert_eq!(
            toks("c'est-à-dire"),
            vec![("c'", Elision), ("est-à-dire", Word)]
        );
        assert_eq!(
            toks("2023-2024"),
            vec![("2023", Number), ("-", Punct), ("2024", Number)]
        );
        assert_eq!(
            toks("oui - non"),
            vec![
                ("oui", Word),
                (" ", Space),
                ("-", Punct),
                (" ", Space),
                ("non", Word)
            ]
        );
        assert_eq!(toks("-oui"), vec![("-", Punct), ("oui", Word)]);
    }

    #[test]
    fn missing_space_after_full_stop_separates_words() {
        assert_eq!(
            toks("sécurité.Dans"),
            vec![("sécurité", Word), (".", Punct), ("Dans", Word)]
        );
        assert_eq!(
            toks("raisons:Un"),
            vec![("raisons", Word), (":", Punct), ("Un", Word)]
        );
        assert_eq!(toks("3.14"), vec![("3.14", Number)]);
        // UAX #29 keeps a colon only between letters, so times split.
        assert_eq!(
            toks("12:30"),
            vec![("12", Number), (":", Punct), ("30", Number)]
        );
        assert_eq!(toks("1,5"), vec![("1,5", Number)]);
    }

    #[test]
    fn numbered_points() {
        assert_eq!(
            toks("1. Telegram"),
            vec![
                ("1", Number),
                (".", Punct),
                (" ", Space),
                ("Telegram", Word)
            ]
        );
        assert_eq!(toks("4 jours")[0], ("4", Number));
    }

    #[test]
    fn sigils_join_the_following_word() {
        assert_eq!(toks("$TON"), vec![("$TON", Word)]);
        assert_eq!(
            toks("$TON Un"),
            vec![("$TON", Word), (" ", Space), ("Un", Word)]
        );
        assert_eq!(toks("#tag"), vec![("#tag", Word)]);
        assert_eq!(toks("@durov"), vec![("@durov", Word)]);
        assert_eq!(toks("a@b"), vec![("a", Word), ("@", Punct), ("b", Word)]);
        assert_eq!(
            toks("5 $"),
            vec![("5", Number), (" ", Space), ("$", Symbol)]
        );
    }

    #[test]
    fn emoji_is_a_symbol() {
        assert_eq!(
            toks("❤️ Merci"),
            vec![("❤️", Symbol), (" ", Space), ("Merci", Word)]
        );
        assert_eq!(toks("👨‍👩‍👧"), vec![("👨‍👩‍👧", Symbol)]);
        assert_eq!(toks("€"), vec![("€", Symbol)]);
    }

    #[test]
    fn whitespace_and_newlines() {
        assert_eq!(
            toks("amour\u{a0}!\n\nLe"),
            vec![
                ("amour", Word),
                ("\u{a0}", Space),
                ("!", Punct),
                ("\n", Newline),
                ("\n", Newline),
                ("Le", Word)
            ]
        );
        assert_eq!(
            toks("a \t b\r\nc"),
            vec![
                ("a", Word),
                (" \t ", Space),
                ("b", Word),
                ("\r\n", Newline),
                ("c", Word)
            ]
        );
        assert_eq!(
            toks("«\u{a0}Adresse\u{202f}»"),
            vec![
                ("«", Punct),
                ("\u{a0}", Space),
                ("Adresse", Word),
                ("\u{202f}", Space),
                ("»", Punct)
            ]
        );
    }

    #[test]
    fn punctuation_and_symbols() {
        assert_eq!(
            toks("«oui»…—"),
            vec![
                ("«", Punct),
                ("oui", Word),
                ("»", Punct),
                ("…", Punct),
                ("—", Punct)
            ]
        );
        assert_eq!(toks("+"), vec![("+", Symbol)]);
    }

    #[test]
    fn statement_tokens() {
        let body = body();
        let tokens = tokenize(&body);
        assert_covers(&body, &tokens);
        let w = words(&body);
        for expected in [
            "$TON",
            "❤️",
            "e-mail",
            "lui-même",
            "pré-smartphone",
            "cas-là",
            "Dans",
            "sécurité",
        ] {
            assert!(w.contains(&expected), "{expected} not a token");
        }
        assert!(w.contains(&"l’") && w.contains(&"État"));
        assert!(w.contains(&"lorsqu'") && w.contains(&"qu’"));
        // No word keeps an eliding prefix.
        for t in &tokens {
            if t.kind == Word {
                let s = &body[t.range()];
                let lower = s.to_lowercase();
                assert!(
                    !(lower.starts_with("l'")
                        || lower.starts_with("l’")
                        || lower.starts_with("d’")),
                    "{s}"
                );
            }
        }
        let kinds: Vec<_> = tokens.iter().map(|t| t.kind).collect();
        assert!(kinds.contains(&Symbol));
        assert!(kinds.contains(&Number));
    }

    #[test]
    fn token_helpers() {
        let s = "l’ami";
        let t = tokenize(s);
        assert_eq!(t[0].text(s), "l’");
        assert!(t[0].is_wordlike());
        assert_eq!(t[0].text("x"), "");
    }

    /// Strings mixing the characters that make French text awkward.
    fn french_soup() -> impl Strategy<Value = String> {
        let atoms = prop::sample::select(vec![
            "l'",
            "L’",
            "qu’",
            "d'",
            "jusqu'",
            "État",
            "e-mail",
            "-",
            "‑",
            ".",
            ":",
            "sécurité",
            "Dans",
            "1",
            "3.14",
            "$",
            "TON",
            "#",
            "@",
            "❤️",
            "👨‍👩‍👧",
            "\u{a0}",
            "\u{202f}",
            " ",
            "\n",
            "\r\n",
            "\r",
            "«",
            "»",
            "!",
            "'",
            "’",
            "ʼ",
            "\u{301}",
            "東京",
            "a",
            "\t",
        ]);
        prop::collection::vec(atoms, 0..24).prop_map(|v| v.concat())
    }

    /// Every character [`word_bounds`] treats apart, and the ones rules
    /// look past, so that each meets each.
    fn boundary_soup() -> impl Strategy<Value = String> {
        let atoms = prop::sample::select(vec![
            " ",
            "  ",
            "a",
            "Z",
            "é",
            "ÿ",
            "ǅ",
            "ɏ",
            "×",
            "ª",
            "1",
            ".",
            ",",
            ":",
            ";",
            "'",
            "’",
            "\"",
            "-",
            "_",
            "$",
            "\n",
            "\r",
            "\t",
            "\u{A0}",
            "\u{202F}",
            "\u{2000}",
            "\u{3000}",
            "\u{1680}",
            "\u{301}",
            "\u{200D}",
            "\u{AD}",
            "\u{200B}",
            "\u{FEFF}",
            "\u{1F1EB}",
            "\u{1F1F7}",
            "\u{1F600}",
            "\u{2764}",
            "\u{FE0F}",
            "א",
            "ש",
            "カ",
            "タ",
            "東",
            "한",
            "ก",
            "٣",
            "\u{FF0E}",
            "\u{FE13}",
            "·",
            "12",
            "(",
            ")",
            "!",
            "?",
            "#",
            "@",
            "/",
            "«",
            "»",
        ]);
        prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The segments are UAX #29's, whatever the text.
        #[test]
        fn word_bounds_are_uax29s(s in boundary_soup()) {
            let mut ours = Vec::new();
            word_bounds(&s, |at, seg| ours.push((at, seg)));
            let theirs: Vec<(usize, &str)> = s.split_word_bound_indices().collect();
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn word_bounds_of_any_text_are_uax29s(s in any::<String>()) {
            let mut ours = Vec::new();
            word_bounds(&s, |at, seg| ours.push((at, seg)));
            let theirs: Vec<(usize, &str)> = s.split_word_bound_indices().collect();
            prop_assert_eq!(ours, theirs);
        }
    }

    proptest! {
        #[test]
        fn tokens_cover_arbitrary_text(s in "\\PC{0,64}") {
            assert_covers(&s, &tokenize(&s));
        }

        #[test]
        fn tokens_cover_any_text(s in any::<String>()) {
            assert_covers(&s, &tokenize(&s));
        }

        #[test]
        fn halves_cut_after_any_line_break_make_the_whole(s in french_soup()) {
            let whole = tokenize(&s);
            for (i, _) in s.match_indices('\n') {
                prop_assert_eq!(&tokenize_cut_after(&s, i + 1), &whole, "cut at {}", i + 1);
            }
        }

        #[test]
        fn tokens_cover_french_soup(s in french_soup()) {
            let tokens = tokenize(&s);
            assert_covers(&s, &tokens);
            for t in &tokens {
                let text = &s[t.range()];
                match t.kind {
                    Newline => prop_assert!(text == "\n" || text == "\r\n"),
                    Space => prop_assert!(text.chars().all(char::is_whitespace)),
                    Elision => prop_assert!(text.chars().last().is_some_and(is_apostrophe)),
                    _ => prop_assert!(!text.contains('\n')),
                }
            }
        }
    }
}
