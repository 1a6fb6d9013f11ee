//! Cutting a pack's TOML source into its top-level tables without parsing
//! it, so that each table can be parsed, read and dropped in turn: a whole
//! document's tree costs tens of bytes per byte of source, one table's
//! tree only a few kilobytes.
//!
//! One pass of the TOML lexer (strings and comments are single tokens, so
//! a `[` inside them is never taken for a header). A piece starts at each
//! table header (`[pack]`, `[[glossary]]`) at the start of a line; a header
//! of a sub-table (`[pack.more]`) right after its table stays in that
//! table's piece, where the TOML parser sees them together.

use std::ops::Range;

use toml_parser::Source;
use toml_parser::lexer::{Token, TokenKind};

/// One top-level table of the source (or what precedes the first header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub range: Range<usize>,
    /// `None` for the key/value pairs before the first header.
    pub header: Option<Header>,
}

/// What a piece's header says, as far as splitting needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The first key of the header, unquoted where that is simple.
    pub key: String,
    /// `[[key]]`: one more table of a list.
    pub array: bool,
    /// `[a.b]`: a sub-table, not a table of its own.
    pub dotted: bool,
}

/// The pieces of `source`, in order; together they cover it exactly.
pub fn pieces(source: &str) -> Pieces<'_> {
    Pieces {
        source,
        lexer: Source::new(source).lex(),
        start: 0,
        header: None,
        line: Line::Start,
        depth: 0,
        done: false,
    }
}

pub struct Pieces<'s> {
    source: &'s str,
    lexer: toml_parser::lexer::Lexer<'s>,
    /// Where the piece being gathered starts, and its header.
    start: usize,
    header: Option<Header>,
    line: Line,
    /// How many `[` and `{` of values are open (values may span lines).
    depth: usize,
    done: bool,
}

/// Where the lexer is in the current line, looking for a header.
#[derive(Debug, Clone)]
enum Line {
    /// Only white space so far.
    Start,
    /// A header seemingly being read.
    Header(Candidate),
    /// Anything else: the rest of the line is not a header.
    Other,
}

#[derive(Debug, Clone)]
struct Candidate {
    /// Where the header's `[` is.
    at: usize,
    brackets: u8,
    closing: u8,
    keys: usize,
    /// A key was read last (a `.` or a closing bracket may follow).
    after_key: bool,
    /// Every key so far is a bare word that is not a value (`true`, `1`):
    /// such a line inside an unclosed list is still taken as a header.
    bare_words: bool,
    /// The header's brackets are closed: only white space, a comment and
    /// the end of the line may follow.
    closed: bool,
}

impl Iterator for Pieces<'_> {
    type Item = Piece;

    fn next(&mut self) -> Option<Piece> {
        if self.done {
            return None;
        }
        for token in self.lexer.by_ref() {
            if let Some(piece) = step(
                self.source,
                token,
                &mut self.line,
                &mut self.depth,
                &mut self.start,
                &mut self.header,
            ) {
                return Some(piece);
            }
        }
        self.done = true;
        Some(Piece {
            range: self.start..self.source.len(),
            header: self.header.take(),
        })
    }
}

/// Takes one token; returns the piece that a header ends, if any.
fn step(
    source: &str,
    token: Token,
    line: &mut Line,
    depth: &mut usize,
    start: &mut usize,
    header: &mut Option<Header>,
) -> Option<Piece> {
    let kind = token.kind();
    let span = token.span();
    let text = source.get(span.start()..span.end()).unwrap_or_default();
    if matches!(kind, TokenKind::Newline | TokenKind::Eof) {
        let ended = std::mem::replace(line, Line::Start);
        if let Line::Header(c) = ended
            && c.closed
            && (*depth == 0 || c.bare_words)
        {
            *depth = 0;
            return cut(source, &c, start, header);
        }
        return None;
    }
    match line {
        Line::Start => match kind {
            TokenKind::Whitespace | TokenKind::Comment => {}
            TokenKind::LeftSquareBracket => {
                *line = Line::Header(Candidate {
                    at: span.start(),
                    brackets: 1,
                    closing: 0,
                    keys: 0,
                    after_key: false,
                    bare_words: true,
                    closed: false,
                });
            }
            _ => {
                *line = Line::Other;
                count(kind, depth);
            }
        },
        Line::Header(c) => {
            if !advance(c, kind, text) {
                // Not a header after all: its brackets count as values'.
                let opened = usize::from(c.brackets);
                let closed = usize::from(c.closing);
                *depth = (*depth + opened).saturating_sub(closed);
                *line = Line::Other;
                count(kind, depth);
            }
        }
        Line::Other => count(kind, depth),
    }
    None
}

/// Follows a header's grammar one token further; false when the line
/// turns out not to be a header.
fn advance(c: &mut Candidate, kind: TokenKind, text: &str) -> bool {
    if c.closed {
        return matches!(kind, TokenKind::Whitespace | TokenKind::Comment);
    }
    match kind {
        TokenKind::Whitespace => true,
        TokenKind::LeftSquareBracket => {
            let ok = c.brackets == 1 && c.keys == 0 && !c.after_key;
            c.brackets += 1;
            ok
        }
        TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString
            if !c.after_key && c.closing == 0 =>
        {
            c.keys += 1;
            c.after_key = true;
            if kind != TokenKind::Atom || is_value_word(text) {
                c.bare_words = false;
            }
            true
        }
        TokenKind::Dot if c.after_key && c.closing == 0 => {
            c.after_key = false;
            true
        }
        TokenKind::RightSquareBracket if c.after_key => {
            c.closing += 1;
            if c.closing == c.brackets {
                c.closed = true;
            }
            c.closing <= c.brackets
        }
        _ => false,
    }
}

/// Where the key's name is within its token: inside the quotes.
fn key_range(kind: TokenKind, text: &str) -> Range<usize> {
    match kind {
        TokenKind::LiteralString if text.len() >= 2 => 1..text.len() - 1,
        TokenKind::BasicString if text.len() >= 2 && !text.contains('\\') => 1..text.len() - 1,
        _ => 0..text.len(),
    }
}

/// A bare word that TOML could read as a value (a number, a boolean, a
/// date), which a list may hold on a line of its own.
fn is_value_word(word: &str) -> bool {
    let word = word.trim_start_matches(['+', '-']);
    matches!(word, "true" | "false" | "inf" | "nan")
        || word.chars().next().is_none_or(|c| c.is_ascii_digit())
}

fn count(kind: TokenKind, depth: &mut usize) {
    match kind {
        TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => *depth += 1,
        TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
            *depth = depth.saturating_sub(1);
        }
        _ => {}
    }
}

/// Ends the piece before the header `c` unless `c` continues it (a
/// sub-table of the piece's table); starts the header's piece.
fn cut(
    source: &str,
    c: &Candidate,
    start: &mut usize,
    header: &mut Option<Header>,
) -> Option<Piece> {
    // The key's range was taken within its token: find the token again.
    let key = first_key(source, c.at);
    let dotted = c.keys > 1;
    if dotted && header.as_ref().is_some_and(|h| h.key == key) {
        return None;
    }
    let piece = Piece {
        range: *start..c.at,
        header: header.replace(Header {
            key,
            array: c.brackets == 2,
            dotted,
        }),
    };
    *start = c.at;
    // The very start of the file is not a piece of its own when a header
    // opens it.
    (!piece.range.is_empty() || piece.header.is_some()).then_some(piece)
}

/// The first key of the header whose `[` is at `at`.
fn first_key(source: &str, at: usize) -> String {
    let rest = source.get(at..).unwrap_or_default();
    let rest = rest.trim_start_matches(['[', ' ', '\t']);
    let token = Source::new(rest).lex().next();
    match token {
        Some(t) => {
            let text = rest
                .get(t.span().start()..t.span().end())
                .unwrap_or_default();
            let range = key_range(t.kind(), text);
            text.get(range).unwrap_or_default().to_string()
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut_up(source: &str) -> Vec<(&str, Option<(String, bool)>)> {
        let all: Vec<Piece> = pieces(source).collect();
        let mut end = 0;
        for p in &all {
            assert_eq!(p.range.start, end, "pieces cover the source: {all:?}");
            end = p.range.end;
        }
        assert_eq!(end, source.len());
        all.into_iter()
            .map(|p| (&source[p.range], p.header.map(|h| (h.key, h.dotted))))
            .collect()
    }

    fn h(key: &str, dotted: bool) -> Option<(String, bool)> {
        Some((key.to_string(), dotted))
    }

    #[test]
    fn each_top_level_table_is_a_piece() {
        let src = "a = 1\n[pack]\nid = 'x'\n\n[[glossary]]\nterm = 'a'\n[[glossary]]\nterm = 'b'\n";
        assert_eq!(
            cut_up(src),
            [
                ("a = 1\n", None),
                ("[pack]\nid = 'x'\n\n", h("pack", false)),
                ("[[glossary]]\nterm = 'a'\n", h("glossary", false)),
                ("[[glossary]]\nterm = 'b'\n", h("glossary", false)),
            ]
        );
    }

    #[test]
    fn a_header_first_makes_no_empty_piece() {
        let src = "[pack]\nid = 1\n";
        assert_eq!(cut_up(src), [(src, h("pack", false))]);
        assert_eq!(cut_up(""), [("", None)]);
    }

    #[test]
    fn sub_tables_stay_with_their_table() {
        let src = "[[glossary]]\nx = 1\n[glossary.more]\ny = 2\n[ \"glossary\" . 'z' ] # c\n[text]\n[pack.late]\n";
        assert_eq!(
            cut_up(src),
            [
                (
                    "[[glossary]]\nx = 1\n[glossary.more]\ny = 2\n[ \"glossary\" . 'z' ] # c\n",
                    h("glossary", false)
                ),
                ("[text]\n", h("text", false)),
                ("[pack.late]\n", h("pack", true)),
            ]
        );
    }

    #[test]
    fn brackets_in_strings_values_and_comments_are_not_headers() {
        let src = "[text]\nbody = '''\n[pack]\n'''\nb = \"\"\"\n[[glossary]]\"\"\"\nlist = [\n  [1, 2],\n  ['x'],\n  [true]\n]\n# [pack]\nt = { a = [\n[3]] }\n";
        assert_eq!(cut_up(src), [(src, h("text", false))]);
    }

    #[test]
    fn a_header_after_an_unclosed_list_still_cuts() {
        let src = "[pack]\nx = [1, 2\n[[glossary]]\nterm = 'a'\n";
        assert_eq!(
            cut_up(src),
            [
                ("[pack]\nx = [1, 2\n", h("pack", false)),
                ("[[glossary]]\nterm = 'a'\n", h("glossary", false)),
            ]
        );
    }

    #[test]
    fn malformed_headers_stay_in_the_piece_before() {
        let src = "[pack]\n[glossary\n[[x]] = 1\n[a..b]\n";
        assert_eq!(cut_up(src), [(src, h("pack", false))]);
    }
}
