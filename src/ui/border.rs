//! Bordered boxes, drawn as `Block::bordered()` draws them (a test
//! compares the two) without its styling of every cell inside, which cost
//! a tenth of a frame for two panes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// A box's titles: one on its top border, one on its bottom border, each
/// placed by its own alignment (left unless said).
#[derive(Default)]
pub struct Titles<'a> {
    pub top: Option<Line<'a>>,
    pub bottom: Option<Line<'a>>,
}

/// Draws the border of `area` in `style`, then its titles. A centred
/// title goes through `Block`.
pub fn draw(buf: &mut Buffer, area: Rect, style: Style, titles: &Titles) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let centred = [&titles.top, &titles.bottom]
        .into_iter()
        .flatten()
        .any(|t| t.alignment == Some(Alignment::Center));
    if centred {
        let mut block = ratatui::widgets::Block::bordered().border_style(style);
        if let Some(top) = &titles.top {
            block = block.title(top.clone());
        }
        if let Some(bottom) = &titles.bottom {
            block = block.title_bottom(bottom.clone());
        }
        block.render(area, buf);
        return;
    }
    let (left, top) = (area.left(), area.top());
    let (right, bottom) = (area.right() - 1, area.bottom() - 1);
    let mut put = |x: u16, y: u16, symbol: &str| {
        buf[(x, y)].set_symbol(symbol).set_style(style);
    };
    // Sides, then corners, in Block's order (it matters in a box one cell
    // wide or high).
    for y in top..=bottom {
        put(left, y, "│");
    }
    for x in left..=right {
        put(x, top, "─");
    }
    for y in top..=bottom {
        put(right, y, "│");
    }
    for x in left..=right {
        put(x, bottom, "─");
    }
    put(right, bottom, "┘");
    put(right, top, "┐");
    put(left, bottom, "└");
    put(left, top, "┌");
    for (title, y) in [(&titles.top, top), (&titles.bottom, bottom)] {
        let Some(title) = title else { continue };
        let inside = Rect {
            x: left + 1,
            y,
            width: area.width.saturating_sub(2),
            height: 1,
        };
        if inside.is_empty() {
            continue;
        }
        let width = u16::try_from(title.width()).unwrap_or(u16::MAX);
        let x = if title.alignment == Some(Alignment::Right) {
            inside.right().saturating_sub(width).max(inside.left())
        } else {
            inside.x
        };
        let place = Rect {
            x,
            width: width.min(inside.width),
            ..inside
        };
        title.render(place, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;
    use ratatui::widgets::Block;

    /// Boxes of every small size, with and without titles of every
    /// alignment, longer and shorter than the border, over a drawn
    /// background: the cells are Block's.
    #[test]
    fn boxes_are_drawn_as_block_draws_them() {
        let style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
        let title = |text: &str, alignment: Option<Alignment>| {
            let mut line = Line::from(vec![
                Span::styled(text.to_string(), Style::new().add_modifier(Modifier::BOLD)),
                Span::raw(" «\u{a0}é»"),
            ]);
            line.alignment = alignment;
            line
        };
        let bounds = Rect::new(0, 0, 14, 7);
        let mut n = 0;
        for (x, y) in [(0, 0), (2, 1)] {
            for width in 0..=12 {
                for height in 0..=6 {
                    for alignments in [
                        (None, None),
                        (Some(Alignment::Left), Some(Alignment::Right)),
                        (Some(Alignment::Right), None),
                        (Some(Alignment::Center), Some(Alignment::Right)),
                    ] {
                        for text in ["", " Titre ", " un titre bien trop long "] {
                            let area = Rect::new(x, y, width, height);
                            let titles = Titles {
                                top: Some(title(text, alignments.0)),
                                bottom: (n % 2 == 0).then(|| title("5%", alignments.1)),
                            };
                            let mut want = Buffer::empty(bounds);
                            let mut got = Buffer::empty(bounds);
                            for b in [&mut want, &mut got] {
                                b.set_string(0, 2, "0123456789abcd", Style::new().fg(Color::Red));
                            }
                            let mut block = Block::bordered().border_style(style);
                            if let Some(top) = &titles.top {
                                block = block.title(top.clone());
                            }
                            if let Some(bottom) = &titles.bottom {
                                block = block.title_bottom(bottom.clone());
                            }
                            block.render(area, &mut want);
                            draw(&mut got, area, style, &titles);
                            assert_eq!(got, want, "{area:?} {alignments:?} {text:?}");
                            n += 1;
                        }
                    }
                }
            }
        }
    }
}
