//! What drawing writes into: the screen's cells and where the cursor
//! goes. ratatui's own `Frame` only comes out of its `Terminal`, whose
//! buffer comparison cost a third of a frame; this one is made by ours
//! (`terminal::Term`) and, for the tests, from ratatui's.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::{StatefulWidget, Widget};

pub struct Frame<'a> {
    buffer: &'a mut Buffer,
    cursor: Option<Position>,
}

impl<'a> Frame<'a> {
    pub fn new(buffer: &'a mut Buffer) -> Self {
        Frame {
            buffer,
            cursor: None,
        }
    }

    /// The whole screen.
    pub fn area(&self) -> Rect {
        self.buffer.area
    }

    pub fn buffer_mut(&mut self) -> &mut Buffer {
        self.buffer
    }

    pub fn render_widget<W: Widget>(&mut self, widget: W, area: Rect) {
        widget.render(area, self.buffer);
    }

    pub fn render_stateful_widget<W: StatefulWidget>(
        &mut self,
        widget: W,
        area: Rect,
        state: &mut W::State,
    ) {
        widget.render(area, self.buffer, state);
    }

    /// Shows the cursor there once the frame is out (it is hidden
    /// otherwise).
    pub fn set_cursor_position<P: Into<Position>>(&mut self, position: P) {
        self.cursor = Some(position.into());
    }

    pub fn cursor(&self) -> Option<Position> {
        self.cursor
    }
}
