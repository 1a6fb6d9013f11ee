//! Where each region of the screen goes, computed once per size, tab and
//! zoom, and read by drawing *and* by mouse hit-testing so that the two
//! cannot disagree.
//!
//! Plain arithmetic rather than ratatui's constraint solver: the solver
//! cost the first frame about as much as drawing the text pane, for two
//! splits a tested line each gives the same (see the tests).

use ratatui::layout::Rect;

/// Below this the app shows a message instead of its panes.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// From this width on, the panes sit side by side.
pub const SIDE_BY_SIDE_WIDTH: u16 = 100;
/// Columns left of the text for passage markers.
pub const GUTTER: u16 = 2;
/// Columns between the text and the scrollbar.
pub const MARGIN: u16 = 1;
/// Below this height, a tab that needs room gets a reading strip only.
const ROOMY_HEIGHT: u16 = 40;
/// Rows of the reading strip (two lines of text inside its border).
const STRIP: u16 = 4;

/// How much of the screen the side pane asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SideNeed {
    /// Reading with the glossary or notes beside: the text comes first.
    #[default]
    Balanced,
    /// A quiz card or a question with its options and explanation.
    Room,
    /// The learner asked for it (`z`, or `liseuse quiz`): nearly all.
    Zoomed,
}

/// The screen's regions for one terminal size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Screen {
    pub area: Rect,
    pub too_small: bool,
    pub stacked: bool,
    /// The reading pane with its border (may be empty when zoomed).
    pub reader: Rect,
    /// Where the text itself goes (inside the border, right of the gutter,
    /// left of the margin before the scrollbar).
    pub text: Rect,
    /// The side pane with its border.
    pub side: Rect,
    /// The side pane's tab bar row.
    pub tabs: Rect,
    /// The side pane's content under the tab bar.
    pub side_body: Rect,
    pub status: Rect,
}

impl Screen {
    pub fn new(width: u16, height: u16, need: SideNeed) -> Screen {
        let area = Rect::new(0, 0, width, height);
        if width < MIN_WIDTH || height < MIN_HEIGHT {
            return Screen {
                area,
                too_small: true,
                ..Screen::default()
            };
        }
        let main = Rect::new(0, 0, width, height - 1);
        let status = Rect::new(0, height - 1, width, 1);
        let stacked = width < SIDE_BY_SIDE_WIDTH;
        let roomy = height >= ROOMY_HEIGHT;
        let along = if stacked { main.height } else { main.width };
        // The reading pane's share; the side pane has the rest.
        let first = match (stacked, need) {
            (_, SideNeed::Zoomed) => 0,
            (true, SideNeed::Room) if !roomy => STRIP.min(along),
            (true, SideNeed::Room) => percent(along, 40),
            (true, SideNeed::Balanced) => percent(along, 45),
            (false, SideNeed::Room) => percent(along, 50),
            (false, SideNeed::Balanced) => percent(along, 58),
        };
        let (reader, side) = if stacked {
            (
                Rect {
                    height: first,
                    ..main
                },
                Rect {
                    y: main.y + first,
                    height: main.height - first,
                    ..main
                },
            )
        } else {
            (
                Rect {
                    width: first,
                    ..main
                },
                Rect {
                    x: main.x + first,
                    width: main.width - first,
                    ..main
                },
            )
        };
        let inner = inset(reader);
        let text = Rect {
            x: inner.x + GUTTER.min(inner.width),
            width: inner.width.saturating_sub(GUTTER + MARGIN),
            ..inner
        };
        let side_inner = inset(side);
        let tabs = Rect {
            height: side_inner.height.min(1),
            ..side_inner
        };
        let side_body = Rect {
            y: side_inner.y + tabs.height,
            height: side_inner.height - tabs.height,
            ..side_inner
        };
        Screen {
            area,
            too_small: false,
            stacked,
            reader,
            text,
            side,
            tabs,
            side_body,
            status,
        }
    }
}

/// `p` percent of `total`, rounded to the nearest cell (halves up).
fn percent(total: u16, p: u16) -> u16 {
    ((u32::from(total) * u32::from(p) + 50) / 100) as u16
}

/// The area inside a one-cell border.
pub fn inset(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

pub fn contains(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_by_side_from_100_columns() {
        assert!(!Screen::new(100, 30, SideNeed::Balanced).stacked);
        assert!(Screen::new(99, 30, SideNeed::Balanced).stacked);
        assert!(Screen::new(39, 30, SideNeed::Balanced).too_small);
        assert!(Screen::new(80, 11, SideNeed::Balanced).too_small);
        assert!(Screen::new(1, 1, SideNeed::Balanced).too_small);
    }

    /// The layout as ratatui's solver makes it, to compare with.
    fn solved(width: u16, height: u16, need: SideNeed) -> [Rect; 5] {
        use ratatui::layout::{Constraint, Direction, Layout};
        let area = Rect::new(0, 0, width, height);
        let [main, status] =
            Layout::vertical([Constraint::Length(height - 1), Constraint::Length(1)]).areas(area);
        let stacked = width < SIDE_BY_SIDE_WIDTH;
        let roomy = height >= ROOMY_HEIGHT;
        let split = match (stacked, need) {
            (_, SideNeed::Zoomed) => [Constraint::Length(0), Constraint::Fill(1)],
            (true, SideNeed::Room) if !roomy => [Constraint::Length(STRIP), Constraint::Fill(1)],
            (true, SideNeed::Room) => [Constraint::Percentage(40), Constraint::Fill(1)],
            (true, SideNeed::Balanced) => [Constraint::Percentage(45), Constraint::Fill(1)],
            (false, SideNeed::Room) => [Constraint::Percentage(50), Constraint::Fill(1)],
            (false, SideNeed::Balanced) => [Constraint::Percentage(58), Constraint::Fill(1)],
        };
        let direction = if stacked {
            Direction::Vertical
        } else {
            Direction::Horizontal
        };
        let [reader, side] = Layout::default()
            .direction(direction)
            .constraints(split)
            .areas(main);
        let [tabs, side_body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inset(side));
        [reader, side, tabs, side_body, status]
    }

    #[test]
    fn the_same_layout_as_ratatuis_solver_at_every_size() {
        let needs = [SideNeed::Balanced, SideNeed::Room, SideNeed::Zoomed];
        // Every width with a few heights, every height with a few widths.
        let sizes = (MIN_WIDTH..=260)
            .flat_map(|w| [MIN_HEIGHT, 24, 39, 40].map(|h| (w, h)))
            .chain((MIN_HEIGHT..=120).flat_map(|h| [40, 99, 100].map(|w| (w, h))));
        for (w, h) in sizes {
            for need in needs {
                let s = Screen::new(w, h, need);
                assert_eq!(
                    [s.reader, s.side, s.tabs, s.side_body, s.status],
                    solved(w, h, need),
                    "{w}x{h} {need:?}"
                );
            }
        }
    }

    #[test]
    fn a_quiz_at_80x24_gets_most_of_the_screen() {
        let s = Screen::new(80, 24, SideNeed::Room);
        assert_eq!(s.reader.height, STRIP);
        assert!(s.side_body.height >= 16, "{s:?}");
        let z = Screen::new(80, 24, SideNeed::Zoomed);
        assert_eq!(z.reader.height, 0);
        assert_eq!(z.side.height, 23);
    }
}
