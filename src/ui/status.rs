//! The status line: the main keys, or a notice when there is one.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::hint;
use super::theme::Theme;
use crate::app::{App, Focus, InputMode, Tab};

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let line = if let Some(notice) = &app.notice {
        Line::from(vec![
            Span::styled(format!(" {notice} "), theme.notice()),
            Span::styled(" Esc dismiss", theme.dim()),
        ])
    } else {
        let pairs: &[(&str, &str)] = match (app.input_mode, app.focus, app.tab) {
            (InputMode::Search, ..) => {
                &[("type", "to filter"), ("Enter", "keep"), ("Esc", "close")]
            }
            (InputMode::ShortAnswer, ..) => &[
                ("type", "your answer"),
                ("Enter", "submit"),
                ("Esc", "cancel"),
            ],
            (_, Focus::Reader, _) => &[
                ("?", "help"),
                ("q", "quit"),
                ("Tab", "side pane"),
                ("w/b", "word"),
                ("W/B", "glossed word"),
                ("/", "search"),
                ("t", "translation"),
            ],
            (_, Focus::Side, Tab::Questions) => &[
                ("?", "help"),
                ("j/k", "question"),
                ("a-d", "choose"),
                ("v/f", "vrai/faux"),
                ("Enter", "type answer"),
                ("Tab", "text"),
            ],
            (_, Focus::Side, _) => &[
                ("?", "help"),
                ("q", "quit"),
                ("Tab", "text"),
                ("[ ]", "tabs"),
                ("j/k", "move"),
                ("n/N", "occurrences"),
                ("/", "search"),
            ],
        };
        // As many hints as fit: the first ones matter most.
        let width = usize::from(app.screen.status.width);
        let mut shown = pairs.len();
        while shown > 1 && Line::from(hint(theme, &pairs[..shown])).width() > width {
            shown -= 1;
        }
        Line::from(hint(theme, &pairs[..shown]))
    };
    frame.render_widget(Paragraph::new(line), app.screen.status);
}
