//! The help overlay: every key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::App;

/// Every key the app knows, grouped, as (keys, what they do).
pub const KEYS: &[(&str, &[(&str, &str)])] = &[
    (
        "Everywhere",
        &[
            ("?", "this help (Esc closes it)"),
            ("q  Ctrl-C", "quit (Ctrl-C also while typing)"),
            ("Tab", "switch between the text and the side pane"),
            ("[  ]  F1-F5", "previous / next tab, or go to a tab"),
            ("/", "search the glossary (accents optional)"),
            ("n  N", "next / previous occurrence of the selected entry"),
            ("t", "show or hide the English translation"),
            ("Esc", "close input, clear marks in the text"),
            ("mouse", "click a word or tab, scroll with the wheel"),
        ],
    ),
    (
        "Text",
        &[
            ("j k  ↓ ↑", "scroll a line"),
            ("PgDn PgUp Space", "scroll a page"),
            ("g G  Home End", "top / bottom"),
            ("w b  l h  → ←", "next / previous word"),
            ("W B", "next / previous glossary word"),
            ("Enter", "open the word's glossary entry"),
            ("a", "add the word to the quiz deck, or take it out"),
            ("K", "mark the word as known"),
        ],
    ),
    (
        "Glossary",
        &[
            ("j k  ↓ ↑", "select an entry (its occurrences are marked)"),
            ("Enter", "go to the first occurrence"),
        ],
    ),
    (
        "Questions",
        &[
            ("j k", "next / previous question"),
            ("a-d  1-4", "choose an option"),
            ("v  f", "vrai / faux"),
            ("Enter", "type a short answer, Enter again to submit"),
        ],
    ),
    (
        "Quiz",
        &[
            ("Space Enter", "reveal the answer, then go on"),
            (
                "1 2 3 4",
                "grade: again, hard, good, easy (also overrides the grader)",
            ),
            ("type + Enter", "answer typed cards"),
            ("p", "practise when nothing is due"),
        ],
    ),
];

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let area = app.screen.area;
    let width = area.width.saturating_sub(4).min(78);
    let height = area.height.saturating_sub(2);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 1,
        width,
        height,
    };
    let mut lines = Vec::new();
    for (group, keys) in KEYS {
        lines.push(Line::styled(*group, theme.title()));
        for (key, what) in *keys {
            lines.push(Line::from(vec![
                Span::styled(format!("  {key:<18}"), theme.key()),
                Span::raw(*what),
            ]));
        }
        lines.push(Line::raw(""));
    }
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((app.help_scroll as u16, 0))
            .block(
                Block::bordered()
                    .title(" Help ")
                    .title_bottom(" j/k scroll · Esc close ")
                    .border_style(theme.border(true)),
            ),
        popup,
    );
}
