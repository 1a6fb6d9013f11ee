//! The Stats tab, drawn with ratatui's chart widgets.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Gauge, Paragraph, Sparkline};

use super::theme::Theme;
use crate::app::App;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let body = app.screen.side_body;
    let s = &app.saved.stats;
    let total = (s.new + s.learning + s.known).max(1);
    let [counts, gauge, _, forecast, history, _] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(9),
        Constraint::Length(5),
        Constraint::Min(0),
    ])
    .areas(body);

    let retention = s.retention_label();
    let questions = s.questions_label();
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("{} new", s.new), theme.title()),
            Span::raw(format!(" · {} learning · {} known", s.learning, s.known)),
            Span::styled(format!(" · {} out of deck", s.suspended), theme.dim()),
        ]),
        Line::from(format!(
            "Due today {} (+{} new allowed)",
            s.due_today, s.new_today
        )),
        Line::from(format!(
            "Reviews today {} · in all {} · practice {}",
            s.reviews_today, s.reviews, s.practice
        )),
        Line::from(format!("Retention, 30 days: {retention}")),
        Line::from(format!("Questions: {questions}")),
    ];
    frame.render_widget(Paragraph::new(lines), counts);

    let known = s.known as f64 / total as f64;
    let gauge_style = if theme.color {
        Style::new().fg(Color::Green)
    } else {
        Style::new()
    };
    frame.render_widget(
        Gauge::default()
            .ratio(known.clamp(0.0, 1.0))
            .label(format!(
                "known {}/{} ({:.0}%)",
                s.known,
                total,
                known * 100.0
            ))
            .gauge_style(gauge_style)
            .use_unicode(true),
        gauge,
    );

    let bars: Vec<Bar> = s
        .forecast
        .iter()
        .enumerate()
        .map(|(day, &n)| {
            let label = if day == 0 {
                "t".to_string()
            } else {
                format!("{day}")
            };
            Bar::default().value(n).label(Line::from(label))
        })
        .collect();
    let bar_width = (forecast.width.saturating_sub(2) / 14)
        .saturating_sub(1)
        .clamp(1, 4);
    frame.render_widget(
        BarChart::default()
            .block(Block::new().title(Line::styled("Due, next 14 days (t = today)", theme.dim())))
            .data(BarGroup::default().bars(&bars))
            .bar_width(bar_width)
            .bar_gap(1),
        forecast,
    );

    frame.render_widget(
        Sparkline::default()
            .block(Block::new().title(Line::styled("Reviews per day, last 30 days", theme.dim())))
            .data(&s.reviews_per_day)
            .style(if theme.color {
                Style::new().fg(Color::Cyan)
            } else {
                Style::new()
            }),
        history,
    );
}
