//! The Questions tab: one question at a time, its options, the verdict and
//! the explanation once answered.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use crate::app::update::letter;
use crate::app::{App, InputMode};
use liseuse::pack::QuestionKind;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let body = app.screen.side_body;
    let qs = &app.study.pack.questions;
    let Some(q) = qs.get(app.questions.current) else {
        frame.render_widget(Paragraph::new("This pack has no questions."), body);
        return;
    };
    let answered = app
        .questions
        .answers
        .get(app.questions.current)
        .and_then(Option::as_ref);
    let (right, done) = app.questions.score();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("Question {}/{}", app.questions.current + 1, qs.len()),
                theme.title(),
            ),
            Span::styled(format!("  ·  score {right}/{done}"), theme.dim()),
        ]),
        Line::raw(""),
        Line::styled(q.prompt.as_str(), theme.title()),
        Line::raw(""),
    ];
    match q.kind {
        QuestionKind::Choice => {
            for (i, choice) in q.choices.iter().enumerate() {
                let right_one = q.answer == Some(i + 1);
                let chosen =
                    answered.is_some_and(|a| a.given.starts_with(&format!("{}) ", letter(i))));
                let (sign, style) = match answered {
                    Some(_) if right_one => ("✓", theme.right()),
                    Some(_) if chosen => ("✗", theme.wrong()),
                    _ => (" ", Style::new()),
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{sign} {}) ", letter(i)), theme.key()),
                    Span::styled(choice.as_str(), style),
                ]));
            }
        }
        QuestionKind::TrueFalse => {
            lines.push(Line::from(vec![
                Span::styled("  v", theme.key()),
                Span::raw(") vrai     "),
                Span::styled("f", theme.key()),
                Span::raw(") faux"),
            ]));
        }
        QuestionKind::Short => {
            if app.input_mode == InputMode::ShortAnswer {
                lines.push(Line::from(vec![
                    Span::styled("> ", theme.key()),
                    Span::raw(app.input.value()),
                    Span::styled("▏", theme.key()),
                ]));
            } else if answered.is_none() {
                lines.push(Line::from(vec![
                    Span::styled("Enter", theme.key()),
                    Span::raw(" to type your answer"),
                ]));
            }
        }
    }
    if let Some(a) = answered {
        lines.push(Line::raw(""));
        let verdict = if a.correct {
            Span::styled("✓ Correct", theme.right())
        } else {
            Span::styled("✗ Not quite", theme.wrong())
        };
        lines.push(Line::from(vec![
            verdict,
            Span::styled(format!("  (you: {})", a.given), theme.dim()),
        ]));
        match q.kind {
            QuestionKind::TrueFalse => {
                let truth = if q.correct == Some(true) {
                    "vrai"
                } else {
                    "faux"
                };
                lines.push(Line::from(format!("Réponse : {truth}")));
            }
            QuestionKind::Short => {
                if let Some(model) = &q.model {
                    lines.push(Line::from(vec![
                        Span::styled("Réponse modèle : ", theme.key()),
                        Span::raw(model.as_str()),
                    ]));
                }
            }
            QuestionKind::Choice => {}
        }
        lines.push(Line::from(vec![
            Span::styled("Explication : ", theme.key()),
            Span::raw(q.explanation.as_str()),
        ]));
        lines.push(Line::styled(
            "▌ the answering passage is marked in the text",
            theme.dim(),
        ));
    }
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    frame.render_widget(paragraph, body);
}
