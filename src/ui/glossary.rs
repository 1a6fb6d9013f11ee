//! The Glossary tab: a filter line, the alphabetical list, and the entry.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use crate::app::{App, Detail, Focus, InputMode};
use liseuse::pack::Entry;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let body = app.screen.side_body;
    if body.height == 0 {
        return;
    }
    let g = &app.glossary;
    let filter_line = if app.input_mode == InputMode::Search {
        Line::from(vec![
            Span::styled("/", theme.key()),
            Span::raw(app.input.value()),
            Span::styled(format!("  {} found", g.shown.len()), theme.dim()),
        ])
    } else if !g.filter.is_empty() {
        Line::from(vec![
            Span::styled(format!("filter: {}", g.filter), theme.title()),
            Span::styled(format!("  {} found · / edit", g.shown.len()), theme.dim()),
        ])
    } else {
        Line::styled(
            format!("{} entries · / search · Enter marks in text", g.shown.len()),
            theme.dim(),
        )
    };
    frame.render_widget(Paragraph::new(filter_line), Rect { height: 1, ..body });
    if app.input_mode == InputMode::Search {
        let x = body.x + 1 + app.input.visual_cursor() as u16;
        frame.set_cursor_position((x.min(body.right().saturating_sub(1)), body.y));
    }

    let list_height = app.list_height();
    let list = Rect {
        y: body.y + 1,
        height: (list_height as u16).min(body.height.saturating_sub(1)),
        ..body
    };
    let focused = app.focus == Focus::Side;
    let mut lines = Vec::new();
    for (row, &entry) in g.shown.iter().enumerate().skip(g.offset).take(list_height) {
        let e = &app.study.pack.glossary[entry];
        let selected = row == g.selected && g.detail == Detail::Selected;
        let marker = if selected { "▶ " } else { "  " };
        let style = if selected && focused {
            theme.selected()
        } else if selected {
            theme.title()
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(marker, style),
            Span::styled(e.term.clone(), style),
            Span::styled(format!("  {}", e.en), theme.dim()),
        ]));
    }
    if g.shown.is_empty() {
        lines.push(Line::styled("  no entry matches", theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), list);

    let detail = Rect {
        y: list.bottom(),
        height: body.bottom().saturating_sub(list.bottom()),
        ..body
    };
    if detail.height == 0 {
        return;
    }
    let mut text = vec![Line::styled(
        "─".repeat(usize::from(detail.width)),
        theme.dim(),
    )];
    match (&g.detail, app.selected_entry()) {
        (Detail::NoEntry(word), _) => {
            text.push(Line::from(vec![
                Span::styled(format!("« {word} »"), theme.title()),
                Span::raw(" has no glossary entry."),
            ]));
        }
        (_, Some(entry)) => {
            entry_lines(
                &mut text,
                app,
                &app.study.pack.glossary[entry],
                entry,
                theme,
            );
        }
        _ => {}
    }
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), detail);
}

fn entry_lines<'a>(
    out: &mut Vec<Line<'a>>,
    app: &'a App,
    e: &'a Entry,
    index: usize,
    theme: Theme,
) {
    let mut head = vec![
        Span::styled(e.term.as_str(), theme.title()),
        Span::styled(format!("  {}", e.pos.name()), theme.dim()),
    ];
    if let Some(g) = e.gender {
        head.push(Span::styled(format!(", {}", g.label()), theme.dim()));
    }
    out.push(Line::from(head));
    out.push(Line::from(vec![
        Span::styled("EN ", theme.key()),
        Span::raw(e.en.as_str()),
    ]));
    if let Some(lit) = &e.literal {
        out.push(Line::from(vec![
            Span::styled("lit. ", theme.key()),
            Span::styled(lit.as_str(), theme.translation()),
        ]));
    }
    let count = app.study.index.of_entry(index).len();
    out.push(Line::from(vec![
        Span::styled("In the text ", theme.key()),
        Span::raw(e.forms.join(", ")),
        Span::styled(format!("  ({count}×, n/N)"), theme.dim()),
    ]));
    if let Some(note) = &e.note {
        out.push(Line::from(vec![
            Span::styled("Note ", theme.key()),
            Span::raw(note.as_str()),
        ]));
    }
    out.push(Line::from(vec![
        Span::styled("« ", theme.dim()),
        Span::styled(e.sentence.as_str(), theme.translation()),
        Span::styled(" »", theme.dim()),
    ]));
}
