//! The Glossary tab: the filter line and the list stay put; the details of
//! the selected entry (or of the word under the cursor) scroll.

use crate::ui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::super::text::{draw_lines, fit, hanging, para, quoted};
use super::super::theme::Theme;
use super::super::{hint_spans, pane_hint};
use crate::app::input::InputMode;
use crate::app::tabs::glossary::Detail;
use crate::app::{Action, App, Focus, Tab};
use liseuse::pack::Entry;

pub fn top_rows(app: &App) -> u16 {
    // Filter line, list, rule.
    (app.list_height() + 2) as u16
}

pub fn draw_top(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    if area.height == 0 {
        return;
    }
    let g = &app.glossary;
    let width = usize::from(area.width);
    let filter_line = if app.input.mode == InputMode::AddWord {
        let lemma = app.lookup.adding.as_ref().map_or("", |a| a.lemma.as_str());
        let label = fit(&format!("✚ {lemma}: "), width / 2);
        Line::from(vec![
            Span::styled(label, theme.key()),
            Span::raw(fit(
                app.input.field.value(),
                width.saturating_sub(width / 2),
            )),
        ])
    } else if app.input.mode == InputMode::Search {
        Line::from(vec![
            Span::styled("/", theme.key()),
            Span::raw(fit(app.input.field.value(), width.saturating_sub(12))),
            Span::styled(format!("  {} found", g.shown.len()), theme.dim()),
        ])
    } else if !g.filter.is_empty() {
        let mut spans = vec![Span::styled(
            fit(&format!("filter: {}", g.filter), width / 2),
            theme.title(),
        )];
        spans.push(Span::styled(
            format!("  {} found · ", g.shown.len()),
            theme.dim(),
        ));
        spans.extend(hint_spans(
            theme,
            &[pane_hint(app, Tab::Glossary, &[Action::Back], "clear")],
        ));
        Line::from(spans)
    } else {
        let count = format!("{} entries · ", g.shown.len());
        let mut hints = vec![
            pane_hint(app, Tab::Glossary, &[Action::StartSearch], "search"),
            pane_hint(app, Tab::Glossary, &[Action::Activate], "go to text"),
        ];
        // Whole hints or none: a hint cut in the middle says nothing.
        while !hints.is_empty() && count.chars().count() + super::super::hints_width(&hints) > width
        {
            hints.pop();
        }
        let mut spans = vec![Span::styled(count, theme.dim())];
        spans.extend(hint_spans(theme, &hints));
        Line::from(spans)
    };
    draw_lines(
        frame.buffer_mut(),
        Rect { height: 1, ..area },
        &[fit_line(filter_line, width)],
    );
    if app.input.mode == InputMode::AddWord {
        let lemma = app.lookup.adding.as_ref().map_or("", |a| a.lemma.as_str());
        let label = liseuse::text::wrap::display_width(&fit(&format!("✚ {lemma}: "), width / 2));
        let x = area.x + (label + app.input.field.visual_cursor()) as u16;
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }
    if app.input.mode == InputMode::Search {
        let x = area.x + 1 + app.input.field.visual_cursor() as u16;
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }

    let list_height = app.list_height();
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
        let sign = if liseuse::personal::is_personal(e) {
            "✚ "
        } else {
            ""
        };
        let term = fit(&format!("{sign}{}", e.term), width.saturating_sub(2));
        let rest = width.saturating_sub(2 + liseuse::text::wrap::display_width(&term) + 2);
        let mut spans = vec![Span::styled(marker, style), Span::styled(term, style)];
        if rest > 0 {
            spans.push(Span::styled(
                format!("  {}", fit(e.meaning(), rest)),
                theme.dim(),
            ));
        }
        lines.push(Line::from(spans));
    }
    if g.shown.is_empty() {
        lines.push(Line::styled("  no entry matches", theme.dim()));
    }
    let list = Rect {
        y: area.y + 1,
        height: (list_height as u16).min(area.height.saturating_sub(1)),
        ..area
    };
    draw_lines(frame.buffer_mut(), list, &lines);
    if area.height > list.height + 1 {
        draw_lines(
            frame.buffer_mut(),
            Rect {
                y: list.bottom(),
                height: 1,
                ..area
            },
            &[super::rule(width, theme)],
        );
    }
}

/// Cuts a one-row line to the width, with `…` where it is cut.
fn fit_line(line: Line<'_>, width: usize) -> Line<'static> {
    let mut left = width;
    let mut spans = Vec::new();
    for s in line.spans {
        if left == 0 {
            break;
        }
        let w = liseuse::text::wrap::display_width(&s.content);
        if w <= left {
            left -= w;
            spans.push(Span::styled(s.content.into_owned(), s.style));
        } else {
            spans.push(Span::styled(fit(&s.content, left), s.style));
            left = 0;
        }
    }
    Line::from(spans)
}

pub fn body(app: &App, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    match (&app.glossary.detail, app.selected_entry()) {
        (Detail::Word { text, .. }, _) => {
            super::lookup::word_lines(&mut out, app, text, theme, width);
        }
        (_, Some(entry)) => {
            entry_lines(
                &mut out,
                app,
                &app.study.pack.glossary[entry],
                entry,
                theme,
                width,
            );
        }
        _ => {}
    }
    out
}

fn entry_lines(
    out: &mut Vec<Line<'static>>,
    app: &App,
    e: &Entry,
    index: usize,
    theme: Theme,
    width: usize,
) {
    let mut head = vec![
        Span::styled(e.term.clone(), theme.title()),
        Span::styled(format!("  {}", e.pos.name()), theme.dim()),
    ];
    if let Some(g) = e.gender {
        head.push(Span::styled(format!(", {}", g.label()), theme.dim()));
    }
    if liseuse::personal::is_personal(e) {
        head.push(Span::styled("  ✚ your word", theme.key()));
    }
    out.extend(para(head, width));
    super::lookup::ipa_lines(out, app, theme, width);
    super::lookup::word_in_entry(out, app, theme, width);
    out.extend(hanging(
        vec![Span::styled("EN ", theme.key())],
        vec![if e.has_meaning() {
            Span::raw(e.en.clone())
        } else {
            Span::styled(e.meaning().to_string(), theme.dim())
        }],
        width,
    ));
    if let Some(lit) = e.literal() {
        out.extend(hanging(
            vec![Span::styled("lit. ", theme.key())],
            vec![Span::styled(lit.clone(), theme.translation())],
            width,
        ));
    }
    let count = app.study.index.of_entry(index).len();
    let step = app
        .keymap
        .key_label(
            &crate::app::keys::chain_of(crate::app::keys::Context::Tab(Tab::Glossary)),
            &Action::NextOccurrence,
        )
        .unwrap_or_default();
    out.extend(para(
        vec![
            Span::styled("In the text ", theme.key()),
            Span::raw(e.forms.join(", ")),
            Span::styled(format!("  ({count}×, {step} steps)"), theme.dim()),
        ],
        width,
    ));
    if let Some(note) = e.note() {
        out.extend(para(
            vec![Span::styled("Note ", theme.key()), Span::raw(note.clone())],
            width,
        ));
    }
    let (open, sentence, close) = quoted(&e.sentence);
    out.extend(para(
        vec![
            Span::styled(open, theme.dim()),
            Span::styled(sentence.to_string(), theme.translation()),
            Span::styled(close, theme.dim()),
        ],
        width,
    ));
    super::lookup::dictionary_in_entry(out, app, theme, width);
}
