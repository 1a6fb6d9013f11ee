//! The Notes tab: the list of notes stays put; the selected note scrolls.

use crate::ui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::super::text::{draw_lines, fit, para};
use super::super::theme::Theme;
use super::super::{hint_spans, pane_hint};
use crate::app::{Action, App, Focus, Tab};

pub fn top_rows(app: &App) -> u16 {
    let list = app.notes_list_height();
    if list == 0 { 0 } else { (list + 1) as u16 }
}

pub fn draw_top(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let notes = &app.study.pack.notes;
    let list_height = app.notes_list_height();
    if list_height == 0 || area.height == 0 {
        return;
    }
    let width = usize::from(area.width);
    let offset = app.notes.selected.saturating_sub(list_height - 1);
    let mut lines = Vec::new();
    for (i, n) in notes.iter().enumerate().skip(offset).take(list_height) {
        let selected = i == app.notes.selected;
        let style = match (selected, app.focus == Focus::Side) {
            (true, true) => theme.selected(),
            (true, false) => theme.title(),
            _ => Style::new(),
        };
        let kind = format!("{:<8}", n.kind.label().split(' ').next().unwrap_or(""));
        lines.push(Line::from(vec![
            Span::styled(if selected { "▶ " } else { "  " }, style),
            Span::styled(kind, theme.dim()),
            Span::styled(fit(&n.title, width.saturating_sub(10)), style),
        ]));
    }
    draw_lines(
        frame.buffer_mut(),
        Rect {
            height: (list_height as u16).min(area.height),
            ..area
        },
        &lines,
    );
    if area.height > list_height as u16 {
        draw_lines(
            frame.buffer_mut(),
            Rect {
                y: area.y + list_height as u16,
                height: 1,
                ..area
            },
            &[super::rule(width, theme)],
        );
    }
}

pub fn body(app: &App, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let notes = &app.study.pack.notes;
    let mut out = Vec::new();
    let Some(note) = notes.get(app.notes.selected) else {
        out.extend(para(vec![Span::raw("This pack has no notes.")], width));
        return out;
    };
    out.extend(para(
        vec![
            Span::styled(format!("{}: ", note.kind.label()), theme.key()),
            Span::styled(note.title.clone(), theme.title()),
        ],
        width,
    ));
    for p in note.body.split('\n') {
        out.extend(para(vec![Span::raw(p.to_string())], width));
    }
    if !note.passages.is_empty() {
        out.extend(para(
            vec![Span::styled(
                "▌ its passages are marked in the text",
                theme.dim(),
            )],
            width,
        ));
    }
    out.extend(para(
        hint_spans(
            theme,
            &[pane_hint(
                app,
                Tab::Notes,
                &[Action::ToggleTranslation],
                "shows the English translation in the text",
            )],
        ),
        width,
    ));
    out
}
