//! The screen as the terminal shows it: the cells of the last frame and
//! of the one being drawn. Each frame, only the cells that changed are
//! sent, through [`FrameWriter`].
//!
//! ratatui's `Terminal` does the same, but its comparison measured every
//! cell's width before comparing it, a third of a frame's instructions;
//! here equal cells cost a comparison of their style and symbol.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType};
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::{Rect, Size};
use ratatui::style::{Color, Modifier};

use super::Output;
use super::backend::{Cells, FrameWriter};
use crate::ui::Frame;

pub struct Term {
    backend: FrameWriter<Output>,
    /// The screen's size at the last frame.
    area: Rect,
    /// What the terminal shows; `None` when it is blank (at the start, after
    /// a new size), so that a first frame waits for one screen of cells to
    /// be made, not two.
    shown: Option<Buffer>,
    /// The frame being drawn, blank before each draw; after a first frame,
    /// empty until the next one (a reader left on its first screen never
    /// holds a second one).
    next: Buffer,
}

/// What a blank terminal shows in each cell.
static BLANK: Cell = Cell::EMPTY;

impl Term {
    pub fn new(backend: FrameWriter<Output>) -> io::Result<Term> {
        let area = area_of(backend.size()?);
        Ok(Term {
            backend,
            area,
            shown: None,
            next: Buffer::empty(area),
        })
    }

    pub fn size(&self) -> io::Result<Size> {
        self.backend.size()
    }

    pub fn backend_mut(&mut self) -> &mut FrameWriter<Output> {
        &mut self.backend
    }

    /// The terminal was given back, then taken and cleared: the next frame
    /// is sent whole.
    pub fn forget_shown(&mut self) {
        self.shown = None;
        self.backend.forget_cursor();
    }

    /// Draws a frame at the window's size and sends what changed.
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        let area = area_of(self.backend.size()?);
        if area != self.area {
            // A new size: cleared, then drawn whole.
            self.backend.clear_region(ClearType::All)?;
            self.area = area;
            self.shown = None;
            self.next = Buffer::empty(area);
        } else if self.next.area != area {
            // The second frame's screen.
            self.next = Buffer::empty(area);
        }
        let mut frame = Frame::new(&mut self.next);
        render(&mut frame);
        let cursor = frame.cursor();
        let mut at = Cells::new();
        let shown = self.shown.as_ref().map(|b| &b.content[..]);
        each_change(shown, &self.next, |x, y, cell| {
            self.backend.cell(&mut at, x, y, cell);
        });
        self.backend.end_cells(at);
        match cursor {
            None => self.backend.hide_cursor()?,
            Some(position) => {
                self.backend.show_cursor()?;
                self.backend.set_cursor_position(position)?;
            }
        }
        let drawn = std::mem::take(&mut self.next);
        let sent = Write::flush(&mut self.backend);
        // The next frame's blank screen: the one shown until now, reset;
        // after a first frame, made when a second one is drawn.
        self.next = match self.shown.replace(drawn) {
            Some(mut old) => {
                old.reset();
                old
            }
            None => Buffer::default(),
        };
        sent
    }
}

fn area_of(size: Size) -> Rect {
    Rect::new(0, 0, size.width, size.height)
}

/// Modifiers that show on a blank cell.
const SHOWN_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// The cells of `next` to send to a terminal showing `shown` (blank if
/// `None`), in order.
///
/// A cell equal to the one shown is left alone, and so are the columns a
/// wide character covers; two exceptions, for terminals that leave marks
/// behind: the columns under an emoji asking for its wide form (U+FE0F)
/// are sent when they changed, and where a narrower character replaces a
/// wide one whose style shows on blanks (a background, reverse, underline)
/// the columns it covered are sent again.
fn each_change<'a>(
    shown: Option<&[Cell]>,
    next: &'a Buffer,
    mut emit: impl FnMut(u16, u16, &'a Cell),
) {
    let width = usize::from(next.area.width);
    let new = &next.content;
    let len = shown.map_or(new.len(), |old| old.len().min(new.len()));
    let old = |i: usize| shown.map_or(&BLANK, |old| &old[i]);
    let place = |i: usize| {
        (
            next.area.x + (i % width) as u16,
            next.area.y + (i / width) as u16,
        )
    };
    let mut i = 0;
    while i < len {
        let (cell, before) = (&new[i], old(i));
        i += 1;
        // Most cells: one byte over one byte, each a cell wide, neither
        // skipped nor forced: sent if they differ, and nothing else.
        #[allow(deprecated)]
        if let (&[_], &[_]) = (cell.symbol().as_bytes(), before.symbol().as_bytes())
            && cell.diff_option == CellDiffOption::None
            && !cell.skip
        {
            if !same(cell, before) {
                let (x, y) = place(i - 1);
                emit(x, y, cell);
            }
            continue;
        }
        if skipped(cell) {
            continue;
        }
        if let CellDiffOption::ForcedWidth(w) = cell.diff_option {
            if !same(cell, before) {
                let (x, y) = place(i - 1);
                emit(x, y, cell);
            }
            i += usize::from(w.get()) - 1;
            continue;
        }
        let symbol = cell.symbol();
        let wide = may_be_wide(symbol) && symbol.cell_width() > 1;
        if cell.diff_option == CellDiffOption::None && same(cell, before) {
            if wide {
                i += usize::from(symbol.cell_width()) - 1;
            }
            continue;
        }
        let (x, y) = place(i - 1);
        emit(x, y, cell);
        let cells = usize::from(symbol.cell_width()).max(1);
        let before_cells = usize::from(before.symbol().cell_width()).max(1);
        if wide && symbol.contains('\u{FE0F}') {
            let end = (i - 1 + cells).min(len);
            while i < end {
                let j = i;
                i += usize::from(new[j].symbol().cell_width()).max(1);
                if !skipped(&new[j]) && new[j].symbol() != old(j).symbol() {
                    let (x, y) = place(j);
                    emit(x, y, &new[j]);
                }
            }
            i = i.max(end);
        } else if wide {
            i += cells - 1;
        } else if before_cells > cells
            && (before.bg != Color::Reset || before.modifier.intersects(SHOWN_ON_BLANK))
        {
            let end = (i - 1 + before_cells).min(len);
            while i < end {
                let j = i;
                i += usize::from(new[j].symbol().cell_width()).max(1);
                if !skipped(&new[j]) {
                    let (x, y) = place(j);
                    emit(x, y, &new[j]);
                }
            }
            i = i.max(end);
        }
    }
}

/// Whether a symbol may be wider than a cell: only characters from U+1000
/// on can be (their UTF-8 starts with 0xE1 or more), so text in Latin
/// scripts is told apart by its bytes, without looking widths up.
fn may_be_wide(symbol: &str) -> bool {
    symbol.bytes().any(|b| b >= 0xE1)
}

/// A cell the widget asked to leave as the terminal shows it.
#[allow(deprecated)]
fn skipped(cell: &Cell) -> bool {
    cell.diff_option == CellDiffOption::Skip
        || (cell.skip && cell.diff_option == CellDiffOption::None)
}

/// Whether two cells look the same: style first (cheap), then symbol.
fn same(a: &Cell, b: &Cell) -> bool {
    a.fg == b.fg
        && a.bg == b.bg
        && a.modifier == b.modifier
        && a.underline_color == b.underline_color
        && a.symbol() == b.symbol()
}

/// The cells [`each_change`] finds, as a list.
#[cfg(test)]
fn changes<'a>(shown: Option<&[Cell]>, next: &'a Buffer) -> Vec<(u16, u16, &'a Cell)> {
    let mut out = Vec::new();
    each_change(shown, next, |x, y, cell| out.push((x, y, cell)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    /// No character below U+1000, alone or with a mark that joins it in
    /// its cell, is wider than a cell.
    #[test]
    fn only_characters_from_u1000_on_are_wide() {
        let narrow: Vec<String> = (0..0x1000)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_control())
            .map(String::from)
            .collect();
        let marks: Vec<&String> = narrow.iter().filter(|s| s.cell_width() == 0).collect();
        for a in &narrow {
            assert!(!may_be_wide(a) && a.cell_width() <= 1, "{a:?}");
            for b in &marks {
                let pair = format!("{a}{b}");
                assert!(pair.cell_width() <= 1, "{pair:?}");
            }
        }
    }

    /// Random screens drawn one after another: the cells sent are the
    /// ones ratatui's comparison sends, wide characters and emoji included.
    /// (Screens start filled with spaces: a blank cell and a space, which
    /// look the same, are equal here and not to ratatui.)
    #[test]
    fn the_cells_sent_are_the_ones_ratatui_sends() {
        const WORDS: [&str; 10] = [
            "mot",
            "é",
            " ",
            "漢字",
            "❤️",
            "x",
            "l’élève",
            "»",
            "  ",
            "ｶﾞ",
        ];
        let mut dice = crate::test_dice::Dice(5);
        let mut roll = |n: usize| dice.roll(n);
        let styles = [
            Style::new(),
            Style::new().bg(Color::Blue),
            Style::new().add_modifier(Modifier::REVERSED),
            Style::new().fg(Color::Yellow),
        ];
        let area = Rect::new(0, 0, 17, 5);
        let blank = Buffer::filled(area, Cell::new(" "));
        let mut shown = blank.clone();
        for round in 0..2000 {
            let mut next = blank.clone();
            for y in 0..area.height {
                let mut x = roll(3) as u16;
                while x < area.width && roll(6) > 0 {
                    let word = WORDS[roll(WORDS.len())];
                    let left = usize::from(area.width - x);
                    let (end, _) = next.set_stringn(x, y, word, left, styles[roll(4)]);
                    x = end + roll(2) as u16;
                }
            }
            if roll(10) == 0 {
                next = shown.clone();
            }
            let ours: Vec<_> = changes(Some(&shown.content), &next)
                .into_iter()
                .map(|(x, y, c)| (x, y, c.clone()))
                .collect();
            let theirs: Vec<_> = shown
                .diff(&next)
                .into_iter()
                .map(|(x, y, c)| (x, y, c.clone()))
                .collect();
            assert_eq!(ours, theirs, "round {round}");
            // A blank terminal is a screen of empty cells.
            let empty = Buffer::empty(area);
            assert_eq!(
                changes(None, &next),
                changes(Some(&empty.content), &next),
                "round {round}"
            );
            shown = next;
        }
    }
}
