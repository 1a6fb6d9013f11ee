//! The Notes tab: context, grammar and text notes, and the translation key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use crate::app::{App, Focus};

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let body = app.screen.side_body;
    let notes = &app.study.pack.notes;
    if notes.is_empty() {
        frame.render_widget(
            Paragraph::new("This pack has no notes. t shows the translation, if any."),
            body,
        );
        return;
    }
    let list_height = app.list_height().min(notes.len());
    let offset = app.note.saturating_sub(list_height.saturating_sub(1));
    let mut lines = Vec::new();
    for (i, n) in notes.iter().enumerate().skip(offset).take(list_height) {
        let selected = i == app.note;
        let style = match (selected, app.focus == Focus::Side) {
            (true, true) => theme.selected(),
            (true, false) => theme.title(),
            _ => Style::new(),
        };
        lines.push(Line::from(vec![
            Span::styled(if selected { "▶ " } else { "  " }, style),
            Span::styled(
                format!("{:<8}", n.kind.label().split(' ').next().unwrap_or("")),
                theme.dim(),
            ),
            Span::styled(n.title.as_str(), style),
        ]));
    }
    let list = Rect {
        height: list_height as u16,
        ..body
    };
    frame.render_widget(Paragraph::new(lines), list);

    let detail = Rect {
        y: list.bottom(),
        height: body.bottom().saturating_sub(list.bottom()),
        ..body
    };
    let Some(note) = notes.get(app.note) else {
        return;
    };
    let mut text = vec![
        Line::styled("─".repeat(usize::from(detail.width)), theme.dim()),
        Line::from(vec![
            Span::styled(format!("{}: ", note.kind.label()), theme.key()),
            Span::styled(note.title.as_str(), theme.title()),
        ]),
    ];
    for para in note.body.split('\n') {
        text.push(Line::raw(para));
    }
    if !note.passages.is_empty() {
        text.push(Line::styled(
            "▌ its passages are marked in the text",
            theme.dim(),
        ));
    }
    text.push(Line::styled(
        "t shows the English translation in the text",
        theme.dim(),
    ));
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .scroll((app.notes_scroll as u16, 0)),
        detail,
    );
}
