//! The backend ratatui draws through: the changed cells of a frame become
//! escape sequences in one buffer, sent to the terminal in one write.
//!
//! Written for speed, not generality (crossterm's backend formats every
//! command through `fmt`, which cost more than drawing the frame): a cursor
//! move only where the next cell is not the one after the last, and one
//! SGR sequence, starting from a reset, only where the style changes. The
//! colours are the ones crossterm sends (256-colour indices for the named
//! colours), so the screen looks as it did.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};

/// A frame's bytes, kept until [`Backend::flush`] writes them at once.
pub struct FrameWriter<W: Write> {
    out: W,
    pending: Vec<u8>,
    /// What the terminal was last told about the cursor (`None`: unknown,
    /// after the terminal was given back and taken again).
    cursor_shown: Option<bool>,
}

/// The style of the cells being written: what the terminal's pen holds.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    /// The pen after SGR 0, as every frame leaves it.
    const RESET: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }
}

/// SGR parameters of each modifier. Dim comes before bold: a terminal
/// that keeps only one intensity then shows bold, as it mostly did through
/// crossterm.
const MODIFIERS: [(Modifier, &[u8]); 9] = [
    (Modifier::DIM, b";2"),
    (Modifier::BOLD, b";1"),
    (Modifier::ITALIC, b";3"),
    (Modifier::UNDERLINED, b";4"),
    (Modifier::SLOW_BLINK, b";5"),
    (Modifier::RAPID_BLINK, b";6"),
    (Modifier::REVERSED, b";7"),
    (Modifier::HIDDEN, b";8"),
    (Modifier::CROSSED_OUT, b";9"),
];

impl<W: Write> FrameWriter<W> {
    pub fn new(out: W, capacity: usize) -> Self {
        FrameWriter {
            out,
            pending: Vec::with_capacity(capacity),
            cursor_shown: None,
        }
    }

    /// The terminal may have been changed behind our back (the program was
    /// stopped and continued): the cursor's state is said again.
    pub fn forget_cursor(&mut self) {
        self.cursor_shown = None;
    }

    fn move_to(&mut self, x: u16, y: u16) {
        self.pending.extend_from_slice(b"\x1b[");
        number(&mut self.pending, u32::from(y) + 1);
        self.pending.push(b';');
        number(&mut self.pending, u32::from(x) + 1);
        self.pending.push(b'H');
    }

    /// One SGR sequence that resets the pen and sets `pen`.
    fn set_pen(&mut self, pen: Pen) {
        let out = &mut self.pending;
        out.extend_from_slice(b"\x1b[0");
        for (modifier, code) in MODIFIERS {
            if pen.modifier.contains(modifier) {
                out.extend_from_slice(code);
            }
        }
        colour(out, b";38;", pen.fg);
        colour(out, b";48;", pen.bg);
        colour(out, b";58;", pen.underline);
        out.push(b'm');
    }
}

/// A colour's SGR parameters after `set` (`;38;`, `;48;` or `;58;`);
/// nothing for the default colour, which the reset before it has set.
fn colour(out: &mut Vec<u8>, set: &[u8], colour: Color) {
    let index = match colour {
        Color::Reset => return,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => i,
        Color::Rgb(r, g, b) => {
            out.extend_from_slice(set);
            out.extend_from_slice(b"2;");
            for (i, c) in [r, g, b].into_iter().enumerate() {
                if i > 0 {
                    out.push(b';');
                }
                number(out, u32::from(c));
            }
            return;
        }
    };
    out.extend_from_slice(set);
    out.extend_from_slice(b"5;");
    number(out, u32::from(index));
}

/// A number in decimal, without going through `fmt`.
fn number(out: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        Ok(buf.len())
    }

    /// Everything pending, in one write.
    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let written = self.out.write_all(&self.pending);
            self.pending.clear();
            written?;
        }
        self.out.flush()
    }
}

/// Where a frame's cells being written stand: the terminal's pen and the
/// last cell written (see [`FrameWriter::cell`]).
pub struct Cells {
    pen: Pen,
    last: Option<(u16, u16)>,
}

impl Cells {
    pub fn new() -> Cells {
        Cells {
            pen: Pen::RESET,
            last: None,
        }
    }
}

impl<W: Write> FrameWriter<W> {
    /// Writes one changed cell of a frame, in order: the cells are written
    /// as the comparison finds them, with no list of them in between.
    pub fn cell(&mut self, at: &mut Cells, x: u16, y: u16, cell: &Cell) {
        // The terminal's cursor is after the last cell written, except
        // after a wide one (terminals disagree on some widths) and at the
        // end of a row: then it is placed.
        if !matches!(at.last, Some((lx, ly)) if x == lx.wrapping_add(1) && y == ly) {
            self.move_to(x, y);
        }
        at.last = Some((x, y));
        let next = Pen::of(cell);
        if next != at.pen {
            self.set_pen(next);
            at.pen = next;
        }
        match cell.symbol().as_bytes() {
            // Most cells: one byte, without a copy routine's call.
            &[byte] => self.pending.push(byte),
            bytes => self.pending.extend_from_slice(bytes),
        }
    }

    /// After a frame's last cell: the pen is left reset.
    pub fn end_cells(&mut self, at: Cells) {
        if at.pen != Pen::RESET {
            self.pending.extend_from_slice(b"\x1b[0m");
        }
    }
}

impl<W: Write> Backend for FrameWriter<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut at = Cells::new();
        for (x, y, cell) in content {
            self.cell(&mut at, x, y, cell);
        }
        self.end_cells(at);
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(false) {
            self.pending.extend_from_slice(b"\x1b[?25l");
            self.cursor_shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(true) {
            self.pending.extend_from_slice(b"\x1b[?25h");
            self.cursor_shown = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Write::flush(self)?;
        ratatui::crossterm::cursor::position()
            .map(|(x, y)| Position { x, y })
            .map_err(io::Error::other)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let Position { x, y } = position.into();
        self.move_to(x, y);
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.pending.extend_from_slice(match clear_type {
            ClearType::All => b"\x1b[2J",
            ClearType::AfterCursor => b"\x1b[J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[K",
        });
        Ok(())
    }

    /// The window's size from standard output (a terminal, checked before
    /// the interface starts): one system call, where crossterm opens and
    /// closes `/dev/tty` around it, on every frame.
    fn size(&self) -> io::Result<Size> {
        if let Some((columns, rows)) = window_size_of(libc::STDOUT_FILENO) {
            return Ok(Size::new(columns, rows));
        }
        ratatui::crossterm::terminal::size().map(|(columns, rows)| Size::new(columns, rows))
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let size = ratatui::crossterm::terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size::new(size.columns, size.rows),
            pixels: Size::new(size.width, size.height),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(self)
    }
}

/// (columns, rows) of the terminal on `fd`, if it is one and knows.
fn window_size_of(fd: libc::c_int) -> Option<(u16, u16)> {
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `winsize` into the struct given.
    let ok = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0 && size.ws_row > 0).then_some((size.ws_col, size.ws_row))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::CrosstermBackend;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    const WIDTH: u16 = 23;
    const HEIGHT: u16 = 7;

    use crate::test_dice::Dice;

    /// Words to draw; the wide ones last.
    const WORDS: [&str; 12] = [
        "mot",
        "é",
        " ",
        "«\u{a0}",
        "─",
        "│",
        "x",
        "l’élève",
        "»",
        "   ",
        "漢字",
        "❤️",
    ];
    /// How many of [`WORDS`] are one cell a character.
    const NARROW: usize = 10;
    const COLOURS: [Color; 8] = [
        Color::Reset,
        Color::Red,
        Color::Yellow,
        Color::DarkGray,
        Color::LightCyan,
        Color::White,
        Color::Indexed(200),
        Color::Rgb(1, 128, 255),
    ];

    fn style(dice: &mut Dice) -> Style {
        let mut style = Style::new()
            .fg(COLOURS[dice.roll(COLOURS.len())])
            .bg(COLOURS[dice.roll(COLOURS.len())]);
        for (modifier, _) in MODIFIERS {
            if dice.roll(4) == 0 {
                style = style.add_modifier(modifier);
            }
        }
        style
    }

    /// A screen of random words (from the first `words` of [`WORDS`]) in
    /// random styles.
    fn frame(dice: &mut Dice, words: usize) -> Buffer {
        let mut buffer = Buffer::empty(Rect::new(0, 0, WIDTH, HEIGHT));
        for y in 0..HEIGHT {
            let mut x = dice.roll(3) as u16;
            while x < WIDTH && dice.roll(8) > 0 {
                let word = WORDS[dice.roll(words)];
                let (end, _) = buffer.set_stringn(x, y, word, usize::from(WIDTH - x), style(dice));
                x = end + dice.roll(2) as u16;
            }
        }
        buffer
    }

    /// What a backend writes, kept where the test can read it.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Every frame's changes drawn through `backend`, as a terminal shows
    /// them in the end.
    fn shown<B: Backend>(mut backend: B, written: &Shared, frames: &[Buffer]) -> vt100::Parser {
        let mut previous = Buffer::empty(Rect::new(0, 0, WIDTH, HEIGHT));
        for frame in frames {
            let _ = backend.draw(previous.diff(frame).into_iter());
            previous = frame.clone();
        }
        let _ = backend.flush();
        let size = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(size(HEIGHT), size(WIDTH), 0);
        parser.process(&written.0.borrow());
        parser
    }

    fn ours(frames: &[Buffer]) -> vt100::Parser {
        let written = Shared::default();
        shown(FrameWriter::new(written.clone(), 0), &written, frames)
    }

    /// Whether row `y` of any frame holds a character wider than a cell.
    fn has_wide(frames: &[Buffer], y: u16) -> bool {
        use ratatui::buffer::CellWidth;
        frames
            .iter()
            .any(|f| (0..WIDTH).any(|x| f[(x, y)].symbol().cell_width() > 1))
    }

    fn vt_colour(colour: Color) -> vt100::Color {
        match colour {
            Color::Reset => vt100::Color::Default,
            Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
            other => {
                let mut out = Vec::new();
                super::colour(&mut out, b"", other);
                let index = std::str::from_utf8(&out[2..]).unwrap().parse().unwrap();
                vt100::Color::Idx(index)
            }
        }
    }

    #[test]
    fn the_screen_shows_every_frame_as_drawn() {
        let mut dice = Dice(7);
        for round in 0..200 {
            let frames: Vec<Buffer> = (0..1 + dice.roll(3))
                .map(|_| frame(&mut dice, NARROW))
                .collect();
            let ours = ours(&frames);
            let last = frames.last().unwrap();
            for y in 0..HEIGHT {
                for x in 0..WIDTH {
                    let want = &last[(x, y)];
                    let Some(got) = ours.screen().cell(y, x) else {
                        panic!("round {round}: no cell at {x},{y}");
                    };
                    let place = format!("round {round}, cell {x},{y}");
                    let contents = if got.contents().is_empty() {
                        " "
                    } else {
                        got.contents()
                    };
                    assert_eq!(contents, want.symbol(), "{place}");
                    assert_eq!(got.fgcolor(), vt_colour(want.fg), "{place}");
                    assert_eq!(got.bgcolor(), vt_colour(want.bg), "{place}");
                    let m = want.modifier;
                    // vt100 keeps one intensity, as some terminals do.
                    let dim = m.contains(Modifier::DIM) && !m.contains(Modifier::BOLD);
                    assert_eq!(got.bold(), m.contains(Modifier::BOLD), "{place}");
                    assert_eq!(got.dim(), dim, "{place}");
                    assert_eq!(got.italic(), m.contains(Modifier::ITALIC), "{place}");
                    assert_eq!(got.underline(), m.contains(Modifier::UNDERLINED), "{place}");
                    assert_eq!(got.inverse(), m.contains(Modifier::REVERSED), "{place}");
                }
            }
        }
    }

    #[test]
    fn the_screen_is_the_one_crossterm_would_show() {
        // crossterm leaves colours out under NO_COLOR; the theme does that
        // itself, so only the comparison needs it unset.
        if std::env::var_os("NO_COLOR").is_some() {
            return;
        }
        let mut dice = Dice(11);
        for round in 0..200 {
            let frames: Vec<Buffer> = (0..1 + dice.roll(3))
                .map(|_| frame(&mut dice, WORDS.len()))
                .collect();
            let ours = ours(&frames);
            let written = Shared::default();
            let theirs = shown(CrosstermBackend::new(written.clone()), &written, &frames);
            let (ours, theirs) = (ours.screen(), theirs.screen());
            for y in 0..HEIGHT {
                for x in 0..WIDTH {
                    let (a, b) = (ours.cell(y, x).unwrap(), theirs.cell(y, x).unwrap());
                    let place = format!("round {round}, cell {x},{y}");
                    // Bold and dim together: vt100 keeps the last said,
                    // and crossterm's order depends on the cell before.
                    // Behind a wide character, the attributes shown
                    // depend on the emulator's idea of its width.
                    let last = frames.last().unwrap();
                    let both = Modifier::BOLD | Modifier::DIM;
                    if last[(x, y)].modifier.contains(both) || has_wide(&frames, y) {
                        continue;
                    }
                    assert_eq!(a.contents(), b.contents(), "{place}");
                    assert_eq!(a.fgcolor(), b.fgcolor(), "{place}");
                    assert_eq!(a.bgcolor(), b.bgcolor(), "{place}");
                    assert_eq!(
                        (a.bold(), a.dim(), a.italic(), a.underline(), a.inverse()),
                        (b.bold(), b.dim(), b.italic(), b.underline(), b.inverse()),
                        "{place}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_unchanged_style_is_not_said_again() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 6, 1));
        buffer.set_string(0, 0, "abcdef", Style::new().fg(Color::Yellow));
        let mut backend = FrameWriter::new(Vec::new(), 0);
        backend
            .draw(Buffer::empty(buffer.area).diff(&buffer).into_iter())
            .unwrap();
        Write::flush(&mut backend).unwrap();
        assert_eq!(backend.out, b"\x1b[1;1H\x1b[0;38;5;3mabcdef\x1b[0m");
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 100, 65535, u32::MAX] {
            let mut out = Vec::new();
            number(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes());
        }
    }
}
