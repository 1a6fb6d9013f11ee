//! Every string drawn in the side pane, the overlays and the status line
//! goes through here, and from here through the one French line-breaker:
//! no line starts with `: ; ! ? »`, none ends with `«`, and no-break
//! spaces hold.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use liseuse::text::wrap::{clusters, display_width};

/// The line-breaker: byte ranges of `text` for lines `width` cells wide.
/// This is the only call to it in the interface.
pub fn breaks(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = u16::try_from(width.max(1)).unwrap_or(u16::MAX);
    liseuse::text::break_lines(text, width, 0, 0)
        .into_iter()
        .map(|l| l.range)
        .collect()
}

/// A paragraph of styled pieces, wrapped to `width`.
pub fn para(spans: Vec<Span<'_>>, width: usize) -> Vec<Line<'static>> {
    hanging(Vec::new(), spans, width)
}

/// A paragraph after a prefix (`A) `, `• `): its continuation lines are
/// indented by the prefix's width, so wrapped options line up.
pub fn hanging(prefix: Vec<Span<'_>>, spans: Vec<Span<'_>>, width: usize) -> Vec<Line<'static>> {
    let indent: usize = prefix.iter().map(|s| s.content.width()).sum();
    let body_width = if indent + 8 > width {
        width
    } else {
        width - indent
    };
    let indent = if body_width == width { 0 } else { indent };
    let mut text = String::new();
    let mut pieces: Vec<(Range<usize>, Style)> = Vec::new();
    for s in &spans {
        let start = text.len();
        text.push_str(&s.content);
        pieces.push((start..text.len(), s.style));
    }
    let mut out = Vec::new();
    let owned_prefix: Vec<Span<'static>> = prefix
        .into_iter()
        .map(|s| Span::styled(s.content.into_owned(), s.style))
        .collect();
    let ranges = breaks(&text, body_width);
    if indent == 0 && !owned_prefix.is_empty() {
        out.push(Line::from(owned_prefix.clone()));
    }
    for (n, range) in ranges.iter().enumerate() {
        let mut line: Vec<Span<'static>> = Vec::new();
        if indent > 0 {
            if n == 0 {
                line.extend(owned_prefix.iter().cloned());
            } else {
                line.push(Span::raw(" ".repeat(indent)));
            }
        }
        for (piece, style) in &pieces {
            let start = piece.start.max(range.start);
            let end = piece.end.min(range.end);
            if start < end
                && let Some(s) = text.get(start..end)
            {
                line.push(Span::styled(s.to_string(), *style));
            }
        }
        out.push(Line::from(line));
    }
    if ranges.is_empty() && indent > 0 {
        out.push(Line::from(owned_prefix));
    }
    out
}

/// Draws `lines` into `area`, one a row, each cut at the area's width: the
/// cells `Paragraph::new(lines)` draws (a test compares them), without its
/// grapheme iterators and per-cell styling of the whole area, which cost
/// more than the rest of a frame. Plain ASCII, most of any screen, is
/// copied a byte a cell; other text goes grapheme by grapheme as ratatui
/// does; a centred or right-aligned line is left to `Paragraph`.
pub fn draw_lines(buf: &mut Buffer, area: Rect, lines: &[Line]) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    for (y, line) in (area.y..area.bottom()).zip(lines) {
        if matches!(line.alignment, Some(Alignment::Center | Alignment::Right)) {
            let row = Rect {
                y,
                height: 1,
                ..area
            };
            Paragraph::new(line.clone()).render(row, buf);
            continue;
        }
        draw_line(buf, area.x, y, area.width, line);
    }
}

/// One left-aligned line from (`x`, `y`), `max` cells at most: a grapheme
/// that would cross the edge ends the line, one wider than the whole row
/// is left out, control characters are dropped (as ratatui does).
fn draw_line(buf: &mut Buffer, x: u16, y: u16, max: u16, line: &Line) {
    let start = buf.index_of(x, y);
    let row = &mut buf.content[start..start + usize::from(max)];
    let mut used = 0;
    for span in &line.spans {
        let style = line.style.patch(span.style);
        let text: &str = &span.content;
        if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            let room = row.len() - used;
            for (i, cell) in row[used..].iter_mut().take(text.len()).enumerate() {
                cell.set_symbol(&text[i..=i]).set_style(style);
            }
            if text.len() > room {
                return;
            }
            used += text.len();
            continue;
        }
        // Clusters as ratatui cuts and measures them, control characters
        // 0 wide (and never drawn), most without segmentation tables.
        for (grapheme, width) in clusters(text) {
            if width > row.len() {
                continue;
            }
            if used + width > row.len() {
                return;
            }
            if width > 0 {
                row[used].set_symbol(grapheme).set_style(style);
                used += width;
            }
        }
    }
}

/// Cuts a one-line string to `width` cells, ending with `…` if cut.
pub fn fit(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = display_width(c.encode_utf8(&mut [0; 4]));
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Quotes a sentence in « », unless it already opens with one (then its
/// own closing » is kept and none is added).
pub fn quoted(sentence: &str) -> (String, &str, String) {
    let s = sentence.trim();
    if s.starts_with('«') {
        (String::new(), s, String::new())
    } else if s.ends_with('»') {
        ("«\u{a0}".to_string(), s, String::new())
    } else {
        ("«\u{a0}".to_string(), s, "\u{a0}»".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn options_wrap_with_a_hanging_indent() {
        let lines = hanging(
            vec![Span::raw("A) ")],
            vec![Span::raw("une phrase assez longue pour passer à la ligne")],
            20,
        );
        let text = plain(&lines);
        assert!(text.len() > 1);
        assert!(text[0].starts_with("A) une"));
        for l in &text[1..] {
            assert!(l.starts_with("   ") && !l.starts_with("    "), "{l:?}");
        }
        assert!(text.iter().all(|l| display_width(l) <= 20));
    }

    #[test]
    fn styles_survive_wrapping() {
        let bold = Style::new().add_modifier(ratatui::style::Modifier::BOLD);
        let lines = para(
            vec![
                Span::styled("Explication\u{a0}: ", bold),
                Span::raw("mot ".repeat(10)),
            ],
            16,
        );
        assert_eq!(lines[0].spans[0].style, bold);
        assert!(!plain(&lines).iter().any(|l| l.starts_with(':')));
    }

    /// `draw_lines` draws what `Paragraph` draws, whatever the text:
    /// ASCII, accents, wide characters, emoji, combining marks, control
    /// characters, styles on spans and lines, alignments, narrow areas.
    #[test]
    fn lines_are_drawn_as_paragraph_draws_them() {
        use ratatui::style::{Color, Modifier};
        const PIECES: [&str; 14] = [
            "mot ",
            "é",
            "l’élève",
            "漢字",
            "❤️",
            "e\u{301}",
            "\t",
            "a\u{7}b",
            "«\u{a0}",
            "",
            " ",
            "\u{202f}?",
            "ｶﾞ",
            "xyz",
        ];
        let mut dice = crate::test_dice::Dice(3);
        let mut roll = |n: usize| dice.roll(n);
        let styles = [
            Style::new(),
            Style::new().fg(Color::Yellow),
            Style::new().add_modifier(Modifier::BOLD),
            Style::new().bg(Color::Blue).remove_modifier(Modifier::BOLD),
        ];
        for round in 0..500 {
            let area = Rect::new(
                roll(3) as u16,
                roll(2) as u16,
                roll(14) as u16,
                roll(5) as u16,
            );
            let lines: Vec<Line> = (0..roll(6))
                .map(|_| {
                    let spans: Vec<Span> = (0..roll(5))
                        .map(|_| {
                            let text: String = (0..1 + roll(3)).map(|_| PIECES[roll(14)]).collect();
                            Span::styled(text, styles[roll(4)])
                        })
                        .collect();
                    let line = Line::from(spans).style(styles[roll(4)]);
                    match roll(6) {
                        0 => line.centered(),
                        1 => line.right_aligned(),
                        2 => line.left_aligned(),
                        _ => line,
                    }
                })
                .collect();
            let bounds = Rect::new(0, 0, 16, 6);
            let mut want = Buffer::empty(bounds);
            let mut got = Buffer::empty(bounds);
            // Something under the text, to see what is overwritten.
            for b in [&mut want, &mut got] {
                b.set_string(0, 1, "0123456789abcdef", Style::new().fg(Color::Red));
            }
            Paragraph::new(lines.clone()).render(area, &mut want);
            draw_lines(&mut got, area, &lines);
            assert_eq!(got, want, "round {round}: {lines:?} in {area:?}");
        }
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("interroger", 6), "inter…");
        assert_eq!(fit("mot", 6), "mot");
    }

    #[test]
    fn quoting_never_doubles_guillemets() {
        assert_eq!(quoted("« Ça arrive »").0, "");
        assert_eq!(quoted("Ça arrive").0, "«\u{a0}");
    }
}
