//! The one French line-breaker: every string drawn (the text, prompts,
//! choices, notes, help) is cut into lines here.
//!
//! French typography puts a space before `: ; ! ? »` and after `«`. Pack
//! authors often type it as a plain space, so a naive wrapper starts lines
//! with a stray mark. Here:
//! - lines break only at plain spaces and tabs, never at U+00A0 or U+202F;
//! - a space before `:` `;` `!` `?` `»` `›`, or after `«` `‹`, binds the mark
//!   to its word, whatever kind of space it is;
//! - a word (or a run of words bound that way) is cut between grapheme
//!   clusters only when it is wider than a whole line, and then preferably
//!   after a hyphen, never before a closing mark or after an opening one
//!   unless the run has no other place to cut.
//!
//! Widths are counted per grapheme cluster exactly as ratatui's buffer counts
//! them (see [`super::display_width`]), so a line never spills. Results are byte
//! ranges of the input, so callers can style any part of a line.

use std::ops::Range;

use super::wrap::{Graphemes, cluster_at, is_break_at, one_cell};

/// Marks that stay with the word before them.
pub fn is_closing_mark(c: char) -> bool {
    matches!(c, ':' | ';' | '!' | '?' | '»' | '›')
}

/// Marks that stay with the word after them.
pub fn is_opening_mark(c: char) -> bool {
    matches!(c, '«' | '‹')
}

/// Whether the spaces between two words must not break: the word after
/// starts with a closing mark, or the word before ends with an opening one.
/// (Checked between every two words of the text: ASCII bytes decide
/// without decoding.)
pub(crate) fn binds(word_before: &str, word_after: &str) -> bool {
    let closes = match word_after.as_bytes().first() {
        Some(b':' | b';' | b'!' | b'?') => true,
        Some(&b) if b >= 0x80 => word_after.chars().next().is_some_and(is_closing_mark),
        _ => false,
    };
    closes
        || (word_before.as_bytes().last().is_some_and(|&b| b >= 0x80)
            && word_before.chars().next_back().is_some_and(is_opening_mark))
}

/// Whether a plain space is at `i`, a cluster of its own (nothing or ASCII
/// follows): a place to break, one cell wide, found without
/// [`cluster_at`].
fn lone_space(bytes: &[u8], i: usize) -> bool {
    bytes.get(i) == Some(&b' ') && bytes.get(i + 1).is_none_or(u8::is_ascii)
}

/// One line of broken text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLine {
    /// The line's text, as a byte range of the input (no '\n' inside).
    pub range: Range<usize>,
    /// Blank cells to leave before it.
    pub indent: u16,
    /// Display width of the text, indent not included.
    pub width: u16,
}

impl BrokenLine {
    /// The line's text within `text`, the string it was broken from.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.range.clone()).unwrap_or("")
    }
}

/// Breaks `text` into lines at most `width` cells wide, indents included.
///
/// The first line is indented by `first_indent` cells and every other line
/// (after a '\n' too) by `hanging_indent`, so a choice `B) …` can hang its
/// continuation under its text. An indent is capped at half the width, so
/// text always has room. Each '\n' ends a line (a '\r' before it is
/// dropped); a blank source line gives an empty line; a final '\n' adds
/// none. Spaces where a line breaks belong to no line. Only a single
/// grapheme cluster wider than the room left can exceed `width`.
/// With `width` 0 every source line gives one empty line.
pub fn break_lines(
    text: &str,
    width: u16,
    first_indent: u16,
    hanging_indent: u16,
) -> Vec<BrokenLine> {
    let first_indent = first_indent.min(width / 2);
    let hanging_indent = hanging_indent.min(width / 2);
    let mut out: Vec<BrokenLine> = Vec::new();
    let room = |indent: u16| usize::from(width - indent);
    for_each_source_line(text, |line| {
        if width == 0 {
            out.push(BrokenLine {
                range: line.start..line.start,
                indent: 0,
                width: 0,
            });
            return;
        }
        let first = if out.is_empty() {
            room(first_indent)
        } else {
            room(hanging_indent)
        };
        fill_line(text, line, first, room(hanging_indent), &mut |range, w| {
            let indent = if out.is_empty() {
                first_indent
            } else {
                hanging_indent
            };
            out.push(BrokenLine {
                range,
                indent,
                width: u16::try_from(w).unwrap_or(u16::MAX),
            });
        });
    });
    out
}

/// Calls `f` with the byte range of each source line of `text`: split at
/// '\n', a '\r' before it dropped, no line after a final '\n'.
pub(crate) fn for_each_source_line(text: &str, mut f: impl FnMut(Range<usize>)) {
    let mut pos = 0;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let content_end = if end < text.len() && text[pos..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        f(pos..content_end);
        pos = end + 1;
    }
}

/// The line being filled.
#[derive(Clone, Copy)]
struct Open {
    start: usize,
    end: usize,
    width: usize,
}

/// Words bound together by the French rules: they go on one line together.
#[derive(Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    width: usize,
    /// Width of the breaking spaces before it.
    space_before: usize,
    /// Whether those spaces start the source line (indentation to keep).
    at_line_start: bool,
}

/// Breaks one source line (`line` is a range of `text` with no '\n'),
/// greedily, run by run. The first line emitted has room for `first` cells,
/// the others for `rest` (both at least 1). `emit` receives each line's byte
/// range and width; there is always at least one line, empty for a blank
/// source line. Spaces starting the source line are kept as indentation when
/// they fit with the first word.
pub(crate) fn fill_line(
    text: &str,
    line: Range<usize>,
    first: usize,
    rest: usize,
    emit: &mut impl FnMut(Range<usize>, usize),
) {
    let mut filler = Filler {
        text,
        first: first.max(1),
        rest: rest.max(1),
        emitted: false,
        open: None,
        emit,
    };
    let base = line.start;
    let s = &text[line];
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut pending: Option<Run> = None;
    loop {
        let space_start = i;
        let mut space_w = 0;
        while lone_space(bytes, i) {
            space_w += 1;
            i += 1;
        }
        // A word starting with a one-cell cluster is known without a look.
        while let Some((len, w)) = one_cell(bytes, i).map_or_else(|| cluster_at(s, i), |_| None) {
            if !is_break_at(s, i, len) {
                break;
            }
            space_w += w;
            i += len;
        }
        let word_start = i;
        let mut word_w = 0;
        loop {
            // Most of a French word goes by without looking up clusters.
            while let Some(len) = one_cell(bytes, i) {
                word_w += 1;
                i += len;
            }
            if lone_space(bytes, i) {
                break;
            }
            match cluster_at(s, i) {
                Some((len, w)) if !is_break_at(s, i, len) => {
                    word_w += w;
                    i += len;
                }
                _ => break,
            }
        }
        if word_start == i {
            break; // Only trailing spaces remain.
        }
        let (ws, we) = (base + word_start, base + i);
        match pending.as_mut() {
            Some(run) if binds(&text[run.start..run.end], &text[ws..we]) => {
                run.end = we;
                run.width += space_w + word_w;
            }
            _ => {
                if let Some(run) = pending.take() {
                    filler.place(run);
                }
                pending = Some(Run {
                    start: ws,
                    end: we,
                    width: word_w,
                    space_before: space_w,
                    at_line_start: space_start == 0,
                });
            }
        }
    }
    if let Some(run) = pending {
        filler.place(run);
    }
    match filler.open.take() {
        Some(o) => filler.push(o.start..o.end, o.width),
        None => filler.push(base..base, 0),
    }
}

struct Filler<'t, 'e, E> {
    text: &'t str,
    first: usize,
    rest: usize,
    emitted: bool,
    open: Option<Open>,
    emit: &'e mut E,
}

impl<E: FnMut(Range<usize>, usize)> Filler<'_, '_, E> {
    fn room(&self) -> usize {
        if self.emitted { self.rest } else { self.first }
    }

    fn push(&mut self, range: Range<usize>, width: usize) {
        (self.emit)(range, width);
        self.emitted = true;
    }

    /// Adds a run after the open line, or starts a new line with it.
    fn place(&mut self, run: Run) {
        match self.open {
            Some(o) if o.width + run.space_before + run.width <= self.room() => {
                self.open = Some(Open {
                    start: o.start,
                    end: run.end,
                    width: o.width + run.space_before + run.width,
                });
            }
            Some(o) => {
                self.push(o.start..o.end, o.width);
                self.open = None;
                self.start_with(run.start..run.end, run.width);
            }
            None if run.at_line_start && run.space_before + run.width <= self.room() => {
                self.open = Some(Open {
                    start: run.start - self.indentation_len(run.start),
                    end: run.end,
                    width: run.space_before + run.width,
                });
            }
            None => self.start_with(run.start..run.end, run.width),
        }
    }

    /// Bytes of the breaking spaces just before `at`.
    fn indentation_len(&self, at: usize) -> usize {
        self.text[..at]
            .bytes()
            .rev()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count()
    }

    /// Opens a line with `range`, cutting it first if it is wider than a
    /// whole line.
    fn start_with(&mut self, range: Range<usize>, width: usize) {
        if width <= self.room() {
            self.open = Some(Open {
                start: range.start,
                end: range.end,
                width,
            });
            return;
        }
        let gs: Vec<Cluster> = Graphemes::new(&self.text[range.clone()])
            .map(|(i, g, w)| Cluster::new(range.start + i, g, w))
            .collect();
        let mut k = 0;
        while k < gs.len() {
            let room = self.room();
            // The most clusters that fit (at least one).
            let mut n = k;
            let mut w = 0;
            while n < gs.len() && (n == k || w + gs[n].width <= room) {
                w += gs[n].width;
                n += 1;
            }
            if n == gs.len() {
                self.open = Some(Open {
                    start: gs[k].start,
                    end: range.end,
                    width: w,
                });
                return;
            }
            let cut = choose_cut(&gs, k, n, room);
            let mut end = cut;
            while end > k && gs[end - 1].space {
                end -= 1;
            }
            let line_w = gs[k..end].iter().map(|g| g.width).sum();
            self.push(gs[k].start..gs[end - 1].end, line_w);
            k = cut;
            while k < gs.len() && gs[k].space {
                k += 1;
            }
        }
    }
}

/// A grapheme cluster of a run being cut, with what the rules need to know.
struct Cluster {
    start: usize,
    end: usize,
    width: usize,
    space: bool,
    closing: bool,
    opening: bool,
    hyphen: bool,
}

impl Cluster {
    fn new(start: usize, g: &str, width: usize) -> Self {
        Cluster {
            start,
            end: start + g.len(),
            width,
            space: g == " " || g == "\t",
            closing: g.chars().next().is_some_and(is_closing_mark),
            opening: g.chars().next_back().is_some_and(is_opening_mark),
            hyphen: matches!(g, "-" | "\u{2010}" | "/"),
        }
    }
}

/// Where to cut the clusters `gs[k..]` whose first `n - k` fit in `room`:
/// the index of the first cluster of the next line, in `k + 1..=n`. The last
/// place allowed by the rules, or after a hyphen if that fills the line at
/// least halfway; if the rules allow no place, as many clusters as fit.
fn choose_cut(gs: &[Cluster], k: usize, n: usize, room: usize) -> usize {
    let allowed = |j: usize| {
        let (a, b) = (&gs[j - 1], &gs[j]);
        !(a.space || b.space || b.closing || a.opening)
    };
    let mut last_allowed = None;
    for j in (k + 1..=n).rev() {
        if !allowed(j) {
            continue;
        }
        last_allowed.get_or_insert(j);
        if gs[j - 1].hyphen {
            let w: usize = gs[k..j].iter().map(|g| g.width).sum();
            if 3 * w >= room {
                return j;
            }
        }
    }
    last_allowed.unwrap_or(n)
}

/// A line of styled pieces, from [`break_spans`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyledLine<'a, S> {
    /// Blank cells to leave before the first piece.
    pub indent: u16,
    /// Display width of the pieces, indent not included.
    pub width: u16,
    /// Consecutive pieces of the input spans, each with its span's style.
    pub pieces: Vec<(&'a str, S)>,
}

/// Breaks styled text: like [`break_lines`] on the spans' concatenation
/// (a word may straddle spans), each line given back as pieces of the input
/// spans with their styles. The style type is the caller's (a ratatui
/// `Style` in the interface), so the library stays free of terminal code.
pub fn break_spans<'a, S: Clone>(
    spans: &[(&'a str, S)],
    width: u16,
    first_indent: u16,
    hanging_indent: u16,
) -> Vec<StyledLine<'a, S>> {
    let joined: String = spans.iter().map(|(t, _)| *t).collect();
    // Where each span starts in `joined`.
    let mut starts = Vec::with_capacity(spans.len());
    let mut at = 0;
    for (t, _) in spans {
        starts.push(at);
        at += t.len();
    }
    break_lines(&joined, width, first_indent, hanging_indent)
        .into_iter()
        .map(|line| {
            let mut pieces = Vec::new();
            for (i, (t, style)) in spans.iter().enumerate() {
                let (s0, s1) = (starts[i], starts[i] + t.len());
                let (a, b) = (line.range.start.max(s0), line.range.end.min(s1));
                if a < b {
                    pieces.push((&t[a - s0..b - s0], style.clone()));
                }
            }
            StyledLine {
                indent: line.indent,
                width: line.width,
                pieces,
            }
        })
        .collect()
}

/// Breaks `text` and gives each line as a string, its indent as spaces:
/// for plain text and for tests.
pub fn break_to_strings(
    text: &str,
    width: u16,
    first_indent: u16,
    hanging_indent: u16,
) -> Vec<String> {
    break_lines(text, width, first_indent, hanging_indent)
        .iter()
        .map(|l| format!("{}{}", " ".repeat(usize::from(l.indent)), l.text(text)))
        .collect()
}

/// Puts `text` between French quotation marks, with no-break spaces inside
/// so the marks stay with the words. A text that already opens with `«`
/// keeps that mark alone (French does not double a shared opening mark,
/// and `« «` would read as a typo); likewise for a closing `»`.
pub fn quote(text: &str) -> String {
    let t = text.trim();
    let mut out = String::with_capacity(t.len() + 8);
    if !t.starts_with('«') {
        out.push_str("«\u{a0}");
    }
    out.push_str(t);
    if !t.ends_with('»') {
        out.push_str("\u{a0}»");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    use crate::text::{display_width, statement};

    fn strings(text: &str, width: u16) -> Vec<String> {
        break_to_strings(text, width, 0, 0)
    }

    /// Sentences from the built-in pack that came out badly in the side pane.
    const POLICE: &str = "Le texte dit « pendant 4 jours ». Être interrogé [to be questioned] \
         par la police : la police pose des questions à quelqu’un.";
    const RAISON: &str = "Selon les autorités, elles « n’ont pas reçu de réponses de Telegram \
         ». C’est la raison (« car » [because]) pour laquelle Durov pouvait être tenu \
         responsable. Après une négation, « des » devient « de » : « pas de réponses ».";
    const PRONOM: &str =
        "Dans « je les ai personnellement aidés », à qui renvoie le pronom « les » ?";

    #[test]
    fn colon_stays_with_the_word_before() {
        // "police :" is 8 cells; at 46 a naive wrapper ends a line with
        // "police" and starts the next with ":".
        let lines = strings(POLICE, 46);
        assert!(lines.iter().all(|l| !l.starts_with(':')), "{lines:#?}");
        assert!(lines.iter().any(|l| l.ends_with("police :")), "{lines:#?}");
        for w in 10..=80 {
            check_marks(POLICE, w);
        }
    }

    #[test]
    fn guillemets_stay_with_their_words() {
        for w in 10..=100 {
            check_marks(RAISON, w);
            check_marks(PRONOM, w);
        }
        // The closing mark and the question mark stay with « les ».
        assert_eq!(
            strings(PRONOM, 30),
            [
                "Dans « je les ai",
                "personnellement aidés », à qui",
                "renvoie le pronom « les » ?",
            ]
        );
    }

    /// No line of `text` at `width` starts with a closing mark or ends
    /// with an opening one.
    fn check_marks(text: &str, width: u16) {
        for l in strings(text, width) {
            assert!(!l.starts_with(is_closing_mark), "{l:?} at {width}");
            assert!(!l.ends_with(is_opening_mark), "{l:?} at {width}");
        }
    }

    #[test]
    fn no_break_spaces_hold() {
        let text = "votre amour\u{a0}! Point\u{202f}: oui";
        assert_eq!(
            strings(text, 10),
            ["votre", "amour\u{a0}!", "Point\u{202f}:", "oui"]
        );
    }

    #[test]
    fn hanging_indent_for_choices() {
        let text = "B) Parce que les autorités n’ont pas reçu de réponses de Telegram.";
        let lines = break_lines(text, 30, 0, 3);
        assert_eq!(lines[0].indent, 0);
        assert!(lines[1..].iter().all(|l| l.indent == 3));
        assert!(lines.iter().all(|l| l.indent + l.width <= 30));
        assert_eq!(
            break_to_strings(text, 30, 0, 3),
            [
                "B) Parce que les autorités",
                "   n’ont pas reçu de réponses",
                "   de Telegram.",
            ]
        );
        // A first-line indent, and indents capped at half the width.
        assert_eq!(break_to_strings("un deux", 20, 2, 0), ["  un deux"]);
        let capped = break_lines("un deux trois quatre", 10, 9, 9);
        assert!(capped.iter().all(|l| l.indent == 5 && l.width <= 5));
    }

    #[test]
    fn newlines_end_lines() {
        let text = "Raccourcis :\n\n  q  quitter\r\n? aide\n";
        assert_eq!(
            strings(text, 40),
            ["Raccourcis :", "", "  q  quitter", "? aide"]
        );
        let lines = break_lines("a\nb", 20, 4, 1);
        assert_eq!((lines[0].indent, lines[1].indent), (4, 1));
        assert!(break_lines("", 20, 0, 0).is_empty());
        assert_eq!(break_lines("a\nb", 0, 0, 0).len(), 2);
    }

    #[test]
    fn long_words_cut_only_when_they_must() {
        // Fits on a line of its own: moved, not cut.
        assert_eq!(strings("la confidentialité", 15), ["la", "confidentialité"]);
        assert_eq!(
            strings("la confidentialité", 14),
            ["la", "confidentialit", "é"]
        );
        // Cut after the hyphen rather than mid-word.
        assert_eq!(
            strings("l’ère pré-smartphone", 10),
            ["l’ère", "pré-", "smartphone"]
        );
        // Never leaves the closing mark alone when cutting.
        assert_eq!(strings("Extraordinaire !", 15), ["Extraordinair", "e !"]);
        assert_eq!(
            strings("« anticonstitutionnellement »", 12),
            ["« anticonsti", "tutionnellem", "ent »"]
        );
    }

    #[test]
    fn quoting_never_doubles_marks() {
        assert_eq!(quote("Ça arrive"), "«\u{a0}Ça arrive\u{a0}»");
        assert_eq!(quote("« Ça arrive. »"), "« Ça arrive. »");
        assert_eq!(
            quote("« Ça arrive », dit-il."),
            "« Ça arrive », dit-il.\u{a0}»"
        );
        assert_eq!(quote("  mot  "), "«\u{a0}mot\u{a0}»");
        let q = quote("« Ça arrive », dit-il.");
        assert!(!q.contains("« «") && !q.contains("«\u{a0}«"));
        for w in 10..40 {
            check_marks(&q, w);
        }
    }

    #[test]
    fn styled_spans_keep_their_styles() {
        let spans = [
            ("Être interrogé ", 0u8),
            ("[to be questioned]", 1),
            (" par la police : la police pose", 0),
        ];
        let lines = break_spans(&spans, 20, 0, 2);
        let flat: Vec<Vec<(&str, u8)>> = lines.iter().map(|l| l.pieces.clone()).collect();
        assert_eq!(
            flat,
            vec![
                vec![("Être interrogé ", 0), ("[to", 1)],
                vec![("be questioned]", 1), (" par", 0)],
                vec![("la police : la", 0)],
                vec![("police pose", 0)],
            ]
        );
        assert_eq!(lines[1].indent, 2);
        for l in &lines {
            let w: usize = l.pieces.iter().map(|(t, _)| display_width(t)).sum();
            assert_eq!(usize::from(l.width), w);
        }
    }

    #[test]
    fn statement_breaks_cleanly() {
        let body = statement();
        for w in [10, 20, 33, 40, 60, 80, 100] {
            if let Err(e) = check(&body, w, 0, 0, &break_lines(&body, w, 0, 0)) {
                panic!("width {w}: {e}");
            }
        }
    }

    /// Break spaces and line ends: what a line break may drop.
    fn droppable(bytes: &[u8], i: usize) -> bool {
        let b = bytes[i];
        b == b' ' || b == b'\t' || b == b'\n' || (b == b'\r' && bytes.get(i + 1) == Some(&b'\n'))
    }

    /// Whether the rules allow a cut inside `line` anywhere.
    fn has_allowed_cut(line: &str) -> bool {
        let gs: Vec<&str> = line.graphemes(true).collect();
        gs.windows(2).any(|p| {
            let (a, b) = (p[0], p[1]);
            let space = |g: &str| g == " " || g == "\t";
            !(space(a)
                || space(b)
                || b.chars().next().is_some_and(is_closing_mark)
                || a.chars().next_back().is_some_and(is_opening_mark))
        })
    }

    /// Every property the line-breaker promises; an error message if one fails.
    fn check(
        text: &str,
        width: u16,
        first: u16,
        hanging: u16,
        lines: &[BrokenLine],
    ) -> Result<(), String> {
        let bytes = text.as_bytes();
        let mut covered = vec![0u8; text.len()];
        let mut prev: Option<&BrokenLine> = None;
        for (n, l) in lines.iter().enumerate() {
            let s = text
                .get(l.range.clone())
                .ok_or_else(|| format!("bad range {l:?}"))?;
            if s.contains('\n') {
                return Err(format!("newline inside {s:?}"));
            }
            let want_indent = if n == 0 { first } else { hanging }.min(width / 2);
            if l.indent != want_indent {
                return Err(format!("indent {} for {s:?}", l.indent));
            }
            if usize::from(l.width) != display_width(s) {
                return Err(format!("width {} for {s:?}", l.width));
            }
            if l.indent + l.width > width && s.graphemes(true).count() != 1 {
                return Err(format!("{s:?} wider than {width} with indent {}", l.indent));
            }
            if let Some(p) = prev {
                if l.range.start < p.range.end {
                    return Err(format!("out of order at {s:?}"));
                }
                let gap = &text[p.range.end..l.range.start];
                let soft = !gap.contains('\n');
                let before = p.text(text);
                let bad = s.starts_with(is_closing_mark) || before.ends_with(is_opening_mark);
                if soft && bad && has_allowed_cut(before) {
                    return Err(format!("bad break between {before:?} and {s:?}"));
                }
                if soft && matches!(s.graphemes(true).next(), Some(" " | "\t")) {
                    return Err(format!("continuation starts with a space: {s:?}"));
                }
            }
            for c in &mut covered[l.range.clone()] {
                *c += 1;
            }
            prev = Some(l);
        }
        for (i, &n) in covered.iter().enumerate() {
            if n > 1 || (n == 0 && !droppable(bytes, i)) {
                return Err(format!("byte {i} covered {n} times"));
            }
        }
        // Joining the lines gives back the words.
        let words = |s: &str| -> String {
            s.split([' ', '\t', '\n', '\r'])
                .collect::<Vec<_>>()
                .concat()
        };
        let joined: String = lines.iter().map(|l| l.text(text)).collect();
        if words(&joined) != words(text) {
            return Err("words lost or changed".into());
        }
        Ok(())
    }

    /// French-flavoured strings with every mark in every spacing.
    fn french() -> impl Strategy<Value = String> {
        let atoms = prop::sample::select(vec![
            " ",
            " ",
            " ",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\u{a0}",
            "\u{202f}",
            "«",
            "»",
            ":",
            ";",
            "!",
            "?",
            "« ",
            " »",
            " :",
            " ?",
            " !",
            " ;",
            "‹",
            "›",
            "la",
            "police",
            "très",
            "qu’il",
            "l'ère",
            "pré-smartphone",
            "anticonstitutionnellement",
            "東京",
            "❤️",
            "👨‍👩‍👧",
            "e\u{301}",
            "\u{301}",
            "\u{7}",
            "ｶﾞ",
            "-",
            "/",
            ",",
            ".",
        ]);
        prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn french_rules_hold(
            text in french(),
            width in 10u16..=120,
            first in 0u16..=12,
            hanging in 0u16..=12,
        ) {
            let lines = break_lines(&text, width, first, hanging);
            if let Err(e) = check(&text, width, first, hanging, &lines) {
                prop_assert!(false, "{} (width {}, {}/{}, text {:?})", e, width, first, hanging, text);
            }
        }

        #[test]
        fn any_string(text in any::<String>(), width in 10u16..=120, hanging in 0u16..=8) {
            let lines = break_lines(&text, width, 0, hanging);
            if let Err(e) = check(&text, width, 0, hanging, &lines) {
                prop_assert!(false, "{} (width {}, text {:?})", e, width, text);
            }
        }

        #[test]
        fn narrow_never_panics(text in french(), width in 0u16..10, first in 0u16..20) {
            let lines = break_lines(&text, width, first, first);
            if width > 0
                && let Err(e) = check(&text, width, first, first, &lines)
            {
                prop_assert!(false, "{} (width {}, text {:?})", e, width, text);
            }
        }

        #[test]
        fn spans_agree_with_plain_text(
            parts in prop::collection::vec(french(), 0..4),
            width in 10u16..=60,
        ) {
            let spans: Vec<(&str, usize)> =
                parts.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
            let joined = parts.concat();
            let plain = break_to_strings(&joined, width, 0, 2);
            let styled: Vec<String> = break_spans(&spans, width, 0, 2)
                .iter()
                .map(|l| {
                    let text: String = l.pieces.iter().map(|(t, _)| *t).collect();
                    format!("{}{}", " ".repeat(usize::from(l.indent)), text)
                })
                .collect();
            prop_assert_eq!(plain, styled);
        }
    }
}
