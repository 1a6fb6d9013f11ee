//! The Stats tab, drawn as lines so that it scrolls like the others: the
//! counts, a gauge, the forecast of due cards with a labelled day axis,
//! and the reviews of the last 30 days.

use ratatui::text::{Line, Span};

use super::super::text::para;
use super::super::theme::Theme;
use crate::app::App;

/// Rows of the forecast's bars.
const BAR_ROWS: usize = 5;
const EIGHTHS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

pub fn body(app: &App, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let s = &app.saved.stats;
    let mut out = Vec::new();
    let total = (s.new + s.learning + s.known).max(1);
    out.extend(para(
        vec![
            Span::styled(format!("{} new", s.new), theme.title()),
            Span::raw(format!(" · {} learning · {} known", s.learning, s.known)),
            Span::styled(format!(" · {} out of the deck", s.suspended), theme.dim()),
        ],
        width,
    ));
    out.extend(para(
        vec![Span::raw(format!(
            "Due today {} (+{} new allowed)",
            s.due_today, s.new_today
        ))],
        width,
    ));
    out.extend(para(
        vec![Span::raw(format!(
            "Reviews today {} · in all {} · practice {}",
            s.reviews_today, s.reviews, s.practice
        ))],
        width,
    ));
    let (right, answers) = app.saved.recent_answers();
    let recall = match (right * 100).checked_div(answers) {
        Some(share) => format!("{share}% ({right} of {answers})"),
        None => "no answers yet".to_string(),
    };
    out.extend(para(
        vec![Span::raw(format!("Answers right, last 30 days: {recall}"))],
        width,
    ));
    let retention = match s.retention {
        Some(_) => s.retention_label(),
        None if s.reviews > 0 => {
            "none reviewed yet (learnt cards come back after a day or more)".into()
        }
        None => "no reviews yet".into(),
    };
    out.extend(para(
        vec![Span::raw(format!("Retention of learnt cards: {retention}"))],
        width,
    ));
    out.extend(para(
        vec![Span::raw(format!("Questions: {}", s.questions_label()))],
        width,
    ));
    out.push(Line::raw(""));
    // Known share as a bar of full blocks.
    let label = format!(
        " known {}/{} ({:.0}%)",
        s.known,
        total,
        s.known as f64 * 100.0 / total as f64
    );
    let bar_w = width.saturating_sub(label.chars().count()).min(40);
    let filled = (s.known as usize * bar_w)
        .div_ceil(total as usize)
        .min(bar_w);
    out.push(Line::from(vec![
        Span::styled("█".repeat(filled), theme.right()),
        Span::styled("░".repeat(bar_w - filled), theme.dim()),
        Span::raw(label),
    ]));
    out.push(Line::raw(""));
    out.extend(para(
        vec![Span::styled(
            "Cards due on each of the next 14 days (0 = today, overdue included)",
            theme.dim(),
        )],
        width,
    ));
    if s.forecast.iter().all(|&n| n == 0) {
        out.extend(para(
            vec![Span::raw("Nothing falls due in the next 14 days.")],
            width,
        ));
    } else {
        out.extend(forecast(&s.forecast, theme, width));
    }
    out.push(Line::raw(""));
    out.extend(para(
        vec![Span::styled(
            format!(
                "Reviews per day, last 30 days (most in a day: {})",
                s.reviews_per_day.iter().max().copied().unwrap_or(0)
            ),
            theme.dim(),
        )],
        width,
    ));
    out.push(sparkline(&s.reviews_per_day, theme));
    let days = s.reviews_per_day.len();
    if days >= 12 {
        let gap = days.saturating_sub(7 + 5);
        out.push(Line::styled(
            format!("{days}d ago{}today", " ".repeat(gap.max(1))),
            theme.dim(),
        ));
    }
    out
}

/// Vertical bars, one slot per day, each labelled under it with its day
/// number and with its count above it.
fn forecast(values: &[u64], theme: Theme, width: usize) -> Vec<Line<'static>> {
    let n = values.len().max(1);
    let slot = (width / n).clamp(2, 5);
    let bar = (slot - 1).max(1);
    let max = values.iter().max().copied().unwrap_or(0).max(1);
    let mut rows = Vec::new();
    // Counts above the bars.
    let mut counts = String::new();
    for &v in values {
        let label = if v == 0 { String::new() } else { v.to_string() };
        counts.push_str(&format!("{label:<slot$}"));
    }
    rows.push(Line::styled(counts.trim_end().to_string(), theme.dim()));
    for r in (0..BAR_ROWS).rev() {
        let mut line = String::new();
        for &v in values {
            // Height in eighths of a row.
            let eighths = (v * (BAR_ROWS as u64) * 8).div_ceil(max) as usize;
            let here = eighths.saturating_sub(r * 8).min(8);
            let c = if v > 0 && r == 0 && here == 0 {
                EIGHTHS[1]
            } else {
                EIGHTHS[here]
            };
            line.extend(std::iter::repeat_n(c, bar));
            line.push_str(&" ".repeat(slot - bar));
        }
        rows.push(Line::styled(line.trim_end().to_string(), theme.key()));
    }
    let mut axis = String::new();
    for day in 0..values.len() {
        // With narrow slots every other label is shown.
        let label = if slot >= 3 || day % 2 == 0 {
            day.to_string()
        } else {
            String::new()
        };
        axis.push_str(&format!("{label:<slot$}"));
    }
    rows.push(Line::raw(axis.trim_end().to_string()));
    rows
}

fn sparkline(values: &[u64], theme: Theme) -> Line<'static> {
    let max = values.iter().max().copied().unwrap_or(0);
    let line: String = values
        .iter()
        .map(|&v| {
            if v == 0 || max == 0 {
                '·'
            } else {
                EIGHTHS[((v * 8).div_ceil(max) as usize).clamp(1, 8)]
            }
        })
        .collect();
    Line::styled(line, theme.key())
}
