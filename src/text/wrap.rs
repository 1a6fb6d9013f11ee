//! Wrapping the text to the reading pane, as byte ranges of the original.
//!
//! The French rules (where a line may break, what stays together) live in
//! [`super::linebreak`], shared with every other string drawn; this module
//! holds the cell-width primitives they use. Widths are counted per grapheme
//! cluster exactly as ratatui's buffer counts them, so a line never spills.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::linebreak::{fill_line, for_each_source_line};

/// One screen line: a byte range of the text and its display width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisualLine {
    pub range: Range<usize>,
    pub width: u16,
}

/// Display width of one grapheme cluster, mirroring ratatui's
/// `Buffer::set_stringn`: clusters with a control character are not drawn,
/// a single byte is one cell, and halfwidth (han)dakuten take a cell of
/// their own.
fn grapheme_width(g: &str) -> usize {
    if g.len() == 1 {
        return usize::from(!g.as_bytes()[0].is_ascii_control());
    }
    if g.chars().any(char::is_control) {
        return 0;
    }
    g.width()
        + g.chars()
            .filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}'))
            .count()
}

/// Characters that never join a neighbour into a cluster (Grapheme_Cluster_Break
/// "Other" or "Control"): ASCII, Latin-1 and Latin Extended letters, general
/// punctuation (’ « » … and the narrow no-break space). A cluster boundary
/// lies between two of them, CR LF excepted.
fn is_simple(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{7F}'
            | '\u{A0}'..='\u{AC}'
            | '\u{AE}'..='\u{2FF}'
            | '\u{2010}'..='\u{2027}'
            | '\u{202F}'
            | '\u{2030}'..='\u{205E}'
    )
}

/// Grapheme clusters with their byte offsets and widths. Runs of simple
/// characters (see [`is_simple`]) skip the segmentation tables, which is
/// nearly all of a French text.
pub(crate) struct Graphemes<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Graphemes<'a> {
    pub(crate) fn new(s: &'a str) -> Self {
        Graphemes { s, pos: 0 }
    }
}

impl<'a> Iterator for Graphemes<'a> {
    /// (offset, cluster, display width)
    type Item = (usize, &'a str, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let i = self.pos;
        let (len, width) = cluster_at(self.s, i)?;
        self.pos = i + len;
        Some((i, &self.s[i..i + len], width))
    }
}

/// The length of the cluster at `i` when its bytes alone say it is one
/// cell wide (and no place to break): printable ASCII, a letter of Latin-1
/// (U+00C0 to U+00FF: é, à, ç…) or a mark of U+2010 to U+2027 (’ – …),
/// followed by ASCII or such a letter, none of which join a neighbour
/// (see [`is_simple`]). `None` when [`cluster_at`] must look.
pub(crate) fn one_cell(bytes: &[u8], i: usize) -> Option<usize> {
    let len = match *bytes.get(i)? {
        0x21..=0x7E => 1,
        0xC3 => 2,
        0xE2 if bytes.get(i + 1) == Some(&0x80)
            && bytes.get(i + 2).is_some_and(|b| (0x90..=0xA7).contains(b)) =>
        {
            3
        }
        _ => return None,
    };
    let next = *bytes.get(i + len)?;
    (next < 0x80 || next == 0xC3).then_some(len)
}

/// Length and display width of the cluster starting at byte `i` of `s`,
/// which must be a cluster boundary (segmenting from a boundary agrees with
/// segmenting the whole string). `None` at the end of `s`.
pub(crate) fn cluster_at(s: &str, i: usize) -> Option<(usize, usize)> {
    match one_cell(s.as_bytes(), i) {
        Some(len) => Some((len, 1)),
        None => look_up_cluster(s, i),
    }
}

/// [`cluster_at`] without [`one_cell`].
fn look_up_cluster(s: &str, i: usize) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let &b = bytes.get(i)?;
    // Byte-level fast path: two ASCII bytes never join, except CR LF.
    if b.is_ascii() {
        let alone = match bytes.get(i + 1) {
            None => true,
            Some(&n) => n.is_ascii() && !(b == b'\r' && n == b'\n'),
        };
        if alone {
            return Some((1, usize::from(!b.is_ascii_control())));
        }
    }
    let rest = s.get(i..)?;
    let mut chars = rest.chars();
    let c = chars.next()?;
    let n = chars.next();
    if is_simple(c) && n.is_none_or(is_simple) && !(c == '\r' && n == Some('\n')) {
        let w = if c.is_ascii() {
            usize::from(!c.is_ascii_control())
        } else {
            UnicodeWidthChar::width(c).unwrap_or(0)
        };
        return Some((c.len_utf8(), w));
    }
    let g = rest.graphemes(true).next().unwrap_or(rest);
    Some((g.len(), grapheme_width(g)))
}

/// The grapheme clusters of `s` with their display widths, as ratatui's
/// buffer draws them (a cluster with a control character is 0 wide and not
/// drawn): for drawing text without the segmentation tables for most of
/// it (see [`Graphemes`]).
pub fn clusters(s: &str) -> impl Iterator<Item = (&str, usize)> {
    Graphemes::new(s).map(|(_, g, w)| (g, w))
}

/// Display width of `s` in terminal cells, as ratatui draws it.
pub fn display_width(s: &str) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    let (mut i, mut total) = (0, 0);
    while let Some((len, w)) = cluster_at(s, i) {
        total += w;
        i += len;
    }
    total
}

/// Whether the cluster at `i` (of length `len`) is a place to break.
pub(crate) fn is_break_at(s: &str, i: usize, len: usize) -> bool {
    len == 1 && matches!(s.as_bytes().get(i), Some(b' ' | b'\t'))
}

fn to_u16(w: usize) -> u16 {
    u16::try_from(w).unwrap_or(u16::MAX)
}

/// Wraps `text` to `width` cells with the French rules of
/// [`super::linebreak`]. Each source line (split at '\n'; a '\r' before it
/// is dropped) gives at least one visual line; a blank one gives an empty
/// range at its start. Spaces where a line breaks, and trailing spaces,
/// belong to no line; leading spaces of a source line are kept as
/// indentation when they fit with the first word.
/// A word wider than `width` is split between grapheme clusters, and a single
/// cluster wider than `width` gets a line of its own (the only way a line can
/// exceed `width`). With `width` 0 nothing fits, so every source line gives
/// one empty line. An empty text gives no lines, and a final '\n' does not
/// start a new one.
pub fn wrap(text: &str, width: u16) -> Vec<VisualLine> {
    let width = usize::from(width);
    let mut out = Vec::with_capacity(text.len() / width.max(1) + 1);
    for_each_source_line(text, |line| {
        if width == 0 {
            out.push(VisualLine {
                range: line.start..line.start,
                width: 0,
            });
        } else {
            fill_line(text, line, width, width, &mut |range, w| {
                out.push(VisualLine {
                    range,
                    width: to_u16(w),
                });
            });
        }
    });
    out
}

/// The visual line showing `byte` (or the last line starting before it, for
/// bytes in dropped spaces), to scroll to a glossary occurrence or passage.
pub fn line_of(lines: &[VisualLine], byte: usize) -> Option<usize> {
    lines
        .partition_point(|l| l.range.start <= byte)
        .checked_sub(1)
        .or(if lines.is_empty() { None } else { Some(0) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::buffer::CellWidth;

    use crate::text::statement as body;

    /// The lines' texts.
    fn texts<'a>(text: &'a str, lines: &[VisualLine]) -> Vec<&'a str> {
        lines.iter().map(|l| &text[l.range.clone()]).collect()
    }

    /// Width as ratatui's `Buffer::set_stringn` counts it.
    fn ratatui_width(s: &str) -> usize {
        s.graphemes(true)
            .filter(|g| !g.contains(char::is_control))
            .map(|g| usize::from(g.cell_width()))
            .sum()
    }

    /// Checks widths, order and cover; returns an error message on failure.
    fn check(text: &str, width: u16, lines: &[VisualLine]) -> Result<(), String> {
        let mut covered = vec![0u8; text.len()];
        let mut prev_end = 0;
        for l in lines {
            let Some(s) = text.get(l.range.clone()) else {
                return Err(format!("bad range {l:?}"));
            };
            if l.range.start < prev_end {
                return Err(format!("out of order {l:?}"));
            }
            prev_end = l.range.end;
            if usize::from(l.width) != display_width(s) {
                return Err(format!(
                    "width {} != {} for {s:?}",
                    l.width,
                    display_width(s)
                ));
            }
            if display_width(s) != ratatui_width(s) {
                return Err(format!("differs from ratatui for {s:?}"));
            }
            if l.width > width && s.graphemes(true).count() != 1 {
                return Err(format!("line {s:?} wider ({}) than {width}", l.width));
            }
            let starts_with_break = cluster_at(s, 0).is_some_and(|(len, _)| is_break_at(s, 0, len));
            let at_source_start = l.range.start == 0 || text.as_bytes()[l.range.start - 1] == b'\n';
            if starts_with_break && !at_source_start {
                return Err(format!("continuation starts with a space: {s:?}"));
            }
            if s.contains('\n') {
                return Err(format!("line contains a newline: {s:?}"));
            }
            for c in &mut covered[l.range.clone()] {
                *c += 1;
            }
        }
        let bytes = text.as_bytes();
        for (i, &n) in covered.iter().enumerate() {
            let b = bytes[i];
            let droppable = b == b' '
                || b == b'\t'
                || b == b'\n'
                || (b == b'\r' && bytes.get(i + 1) == Some(&b'\n'));
            if n > 1 || (n == 0 && !droppable) {
                return Err(format!("byte {i} ({b:#x}) covered {n} times"));
            }
        }
        Ok(())
    }

    /// Whenever the bytes alone say a cluster is one cell, looking it up
    /// says so too: before every character of Latin scripts and general
    /// punctuation, joiners and wide ones.
    #[test]
    fn one_cell_agrees_with_cluster_lookup() {
        let chars: Vec<char> = (0x09..0x180)
            .chain(0x2000..0x2070)
            .chain([0x301, 0x200D, 0xFE0F, 0x1F600, 0x4E00, 0xFF9E])
            .filter_map(char::from_u32)
            .collect();
        let mut s = String::new();
        for &a in &chars {
            for &b in &chars {
                s.clear();
                s.push(a);
                s.push(b);
                if let Some(len) = one_cell(s.as_bytes(), 0) {
                    assert_eq!(look_up_cluster(&s, 0), Some((len, 1)), "{s:?}");
                    assert!(!is_break_at(&s, 0, len), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn simple_wrapping() {
        let text = "le juste équilibre entre confidentialité et sécurité";
        let lines = wrap(text, 20);
        assert_eq!(
            texts(text, &lines),
            vec![
                "le juste équilibre",
                "entre",
                "confidentialité et",
                "sécurité"
            ]
        );
        assert_eq!(lines[0].width, 18);
        check(text, 20, &lines).expect("valid");
    }

    #[test]
    fn exact_fit_and_break_spaces_excluded() {
        let text = "abc def";
        assert_eq!(texts(text, &wrap(text, 7)), vec!["abc def"]);
        let lines = wrap(text, 6);
        assert_eq!(texts(text, &lines), vec!["abc", "def"]);
        assert_eq!(lines[1].range, 4..7);
        let text = "abc    def   ";
        let lines = wrap(text, 5);
        assert_eq!(texts(text, &lines), vec!["abc", "def"]);
    }

    #[test]
    fn never_breaks_at_no_break_spaces() {
        let text = "votre soutien et votre amour\u{a0}! « oui\u{202f}»\u{a0}; bon\u{a0}:";
        for w in 1..=40 {
            let lines = wrap(text, w);
            check(text, w, &lines).expect("valid");
            for s in texts(text, &lines) {
                for mark in ['!', '»', ':', ';'] {
                    // A mark may start a line only if a word had to be split.
                    if s.starts_with(mark) {
                        assert!(w < 8, "{s:?} at width {w}");
                    }
                }
            }
        }
        let lines = wrap(text, 29);
        assert_eq!(texts(text, &lines)[0], "votre soutien et votre");
        assert_eq!(
            texts(text, &lines)[1],
            "amour\u{a0}! « oui\u{202f}»\u{a0}; bon\u{a0}:"
        );
    }

    #[test]
    fn blank_lines_and_line_structure() {
        let text = "a\n\nb c\r\n\r\n  \nd\n";
        let lines = wrap(text, 10);
        assert_eq!(
            lines,
            vec![
                VisualLine {
                    range: 0..1,
                    width: 1
                },
                VisualLine {
                    range: 2..2,
                    width: 0
                },
                VisualLine {
                    range: 3..6,
                    width: 3
                },
                VisualLine {
                    range: 8..8,
                    width: 0
                },
                VisualLine {
                    range: 10..10,
                    width: 0
                },
                VisualLine {
                    range: 13..14,
                    width: 1
                },
            ]
        );
        assert!(wrap("", 10).is_empty());
        assert_eq!(
            wrap("\n", 10),
            vec![VisualLine {
                range: 0..0,
                width: 0
            }]
        );
    }

    #[test]
    fn indentation_is_kept() {
        let text = "  a b";
        assert_eq!(texts(text, &wrap(text, 10)), vec!["  a b"]);
        assert_eq!(texts(text, &wrap(text, 3)), vec!["  a", "b"]);
    }

    #[test]
    fn long_words_split_at_graphemes() {
        let text = "pré-smartphone";
        let lines = wrap(text, 4);
        assert_eq!(texts(text, &lines), vec!["pré-", "smar", "tpho", "ne"]);
        let text = "x anticonstitutionnellement y";
        let lines = wrap(text, 10);
        assert_eq!(
            texts(text, &lines),
            vec!["x", "anticonsti", "tutionnell", "ement y"]
        );
        check(text, 10, &lines).expect("valid");
    }

    #[test]
    fn wide_and_zero_width_graphemes() {
        assert_eq!(display_width("❤️"), 2);
        assert_eq!(display_width("👨‍👩‍👧"), 2);
        assert_eq!(display_width("東京"), 4);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("\u{301}"), 0);
        assert_eq!(display_width("a\tb"), 2);
        assert_eq!(display_width("amour\u{a0}!"), 7);
        // unicode-width already counts U+FF9E as 1 and ratatui adds 1 more;
        // what matters is agreeing with the buffer.
        assert_eq!(display_width("ｶﾞ"), ratatui_width("ｶﾞ"));
        let text = "東京東京東";
        let lines = wrap(text, 3);
        assert_eq!(texts(text, &lines), vec!["東", "京", "東", "京", "東"]);
        assert!(lines.iter().all(|l| l.width == 2));
        let text = "❤️ Merci";
        assert_eq!(texts(text, &wrap(text, 2)), vec!["❤️", "Me", "rc", "i"]);
        // A cluster wider than the line goes alone rather than vanishing.
        let lines = wrap("東a", 1);
        assert_eq!(texts("東a", &lines), vec!["東", "a"]);
        assert_eq!(lines[0].width, 2);
        // Combining marks stay with their letter.
        let text = "e\u{301}e\u{301}e\u{301}";
        assert_eq!(
            texts(text, &wrap(text, 2)),
            vec!["e\u{301}e\u{301}", "e\u{301}"]
        );
    }

    #[test]
    fn former_proptest_failures() {
        // A space carrying a combining mark is a cluster of its own, not a
        // break, so it may start a line.
        for (text, w) in [
            ("東\u{a0}  \u{301}", 1),
            ("東\n !!     \u{a0}  \u{ff9e}  ", 9),
            // Indentation that does not fit with the first word is dropped.
            ("  \u{a0}", 1),
        ] {
            check(text, w, &wrap(text, w)).unwrap_or_else(|e| panic!("{text:?} at {w}: {e}"));
        }
        assert_eq!(texts("  \u{a0}", &wrap("  \u{a0}", 1)), vec!["\u{a0}"]);
    }

    #[test]
    fn zero_width_does_not_loop() {
        let text = "abc def\n\nghi";
        let lines = wrap(text, 0);
        assert_eq!(
            lines,
            vec![
                VisualLine {
                    range: 0..0,
                    width: 0
                },
                VisualLine {
                    range: 8..8,
                    width: 0
                },
                VisualLine {
                    range: 9..9,
                    width: 0
                },
            ]
        );
    }

    #[test]
    fn statement_wraps_cleanly() {
        let body = body();
        for w in [1, 2, 3, 10, 20, 40, 60, 80, 100, 200, u16::MAX] {
            let lines = wrap(&body, w);
            check(&body, w, &lines).unwrap_or_else(|e| panic!("width {w}: {e}"));
        }
        let lines = wrap(&body, 60);
        let t = texts(&body, &lines);
        assert_eq!(t[0], "$TON Un message de Durev");
        assert_eq!(t[1], "");
        assert_eq!(
            t[2],
            "❤️ Merci à tous pour votre soutien et votre amour\u{a0}!"
        );
        assert_eq!(lines[2].width, 51);
        assert!(t.iter().all(|l| !l.starts_with(['!', ':', '»', ';', '?'])));
        // Unwrapped, there is one line per source line.
        assert_eq!(wrap(&body, u16::MAX).len(), body.lines().count());
    }

    #[test]
    fn line_of_finds_the_line() {
        let text = "abc def ghi";
        let lines = wrap(text, 4);
        assert_eq!(line_of(&lines, 0), Some(0));
        assert_eq!(line_of(&lines, 3), Some(0));
        assert_eq!(line_of(&lines, 4), Some(1));
        assert_eq!(line_of(&lines, 10), Some(2));
        assert_eq!(line_of(&lines, 99), Some(2));
        assert_eq!(line_of(&[], 0), None);
    }

    /// A ~1 MB text at width 100. Run with
    /// `cargo test --release --lib bench_ -- --ignored --nocapture`.
    #[test]
    #[ignore = "timing; run in release"]
    fn bench_wrap_large() {
        use std::time::{Duration, Instant};
        let body = body();
        let mut text = String::new();
        while text.len() < 1_000_000 {
            text.push_str(&body);
            text.push_str("\n\n");
        }
        let mut best = Duration::MAX;
        let mut n = 0;
        for _ in 0..7 {
            let t0 = Instant::now();
            n = wrap(&text, 100).len();
            best = best.min(t0.elapsed());
        }
        let mut dw = Duration::MAX;
        let mut w = 0;
        for _ in 0..7 {
            let t0 = Instant::now();
            w = display_width(&text);
            dw = dw.min(t0.elapsed());
        }
        println!(
            "wrap {} bytes at 100: {n} lines in {best:?}; display_width {w} in {dw:?}",
            text.len()
        );
    }

    /// Strings mixing what makes wrapping hard.
    fn soup() -> impl Strategy<Value = String> {
        let atoms = prop::sample::select(vec![
            " ",
            " ",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\u{a0}",
            "\u{202f}",
            "a",
            "mot",
            "très",
            "anticonstitutionnellement",
            "東",
            "京都",
            "❤️",
            "👨‍👩‍👧",
            "🇫🇷",
            "e\u{301}",
            "\u{301}",
            "\u{200b}",
            "\u{ad}",
            "ｶﾞ",
            "ﾞ",
            "\u{1100}\u{1161}",
            "!",
            "»",
            "\r",
            "\u{7}",
            "\u{600}",
        ]);
        prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
    }

    /// Every simple character, for checking the fast path against the tables.
    fn simple_chars() -> Vec<char> {
        (0u32..0x2060)
            .filter_map(char::from_u32)
            .filter(|&c| is_simple(c))
            .collect()
    }

    #[test]
    fn simple_characters_never_join() {
        let simple = simple_chars();
        for &c in &simple {
            for &d in simple
                .iter()
                .step_by(7)
                .chain(['a', '\r', '\n', ' '].iter())
            {
                if c == '\r' && d == '\n' {
                    continue;
                }
                let s = format!("{c}{d}");
                assert_eq!(s.graphemes(true).count(), 2, "{s:?}");
            }
            let s = c.to_string();
            assert_eq!(display_width(&s), ratatui_width(&s), "{s:?}");
        }
    }

    /// Strings of simple characters mixed with ones that join clusters.
    fn cluster_soup() -> impl Strategy<Value = String> {
        let simple = simple_chars();
        let joining = vec![
            '\u{301}',
            '\u{200d}',
            '\u{fe0f}',
            '\u{1f600}',
            '\u{1f1eb}',
            '\u{600}',
            '\u{903}',
            '\u{1100}',
            '\u{1161}',
            '\u{ff9e}',
            '\u{ad}',
            '\r',
            '\n',
            '東',
        ];
        prop::collection::vec(
            prop_oneof![prop::sample::select(simple), prop::sample::select(joining)],
            0..24,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn fast_segmentation_agrees(s in cluster_soup()) {
            let ours: Vec<&str> = Graphemes::new(&s).map(|(_, g, _)| g).collect();
            let theirs: Vec<&str> = s.graphemes(true).collect();
            prop_assert_eq!(ours, theirs);
            prop_assert_eq!(display_width(&s), ratatui_width(&s));
        }

        #[test]
        fn wrap_soup(text in soup(), width in 1u16..=200) {
            let lines = wrap(&text, width);
            if let Err(e) = check(&text, width, &lines) {
                prop_assert!(false, "{} (width {}, text {:?})", e, width, text);
            }
        }

        #[test]
        fn wrap_arbitrary(text in any::<String>(), width in 1u16..=200) {
            let lines = wrap(&text, width);
            if let Err(e) = check(&text, width, &lines) {
                prop_assert!(false, "{} (width {}, text {:?})", e, width, text);
            }
        }

        #[test]
        fn wrap_narrow(text in soup(), width in 1u16..=4) {
            let lines = wrap(&text, width);
            if let Err(e) = check(&text, width, &lines) {
                prop_assert!(false, "{} (width {}, text {:?})", e, width, text);
            }
        }

        #[test]
        fn display_width_matches_ratatui(text in "\\PC{0,40}") {
            prop_assert_eq!(display_width(&text), ratatui_width(&text));
        }

        #[test]
        fn zero_width_is_one_empty_line_per_source_line(text in soup()) {
            let lines = wrap(&text, 0);
            prop_assert_eq!(lines.len(), text.lines().count());
            prop_assert!(lines.iter().all(|l| l.range.is_empty() && l.width == 0));
        }
    }
}
