//! The Questions tab: the question number and score stay put; the prompt,
//! the options (wrapped with a hanging indent), the verdict and the
//! explanation scroll.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::text::{hanging, para};
use super::super::theme::Theme;
use super::super::{hint_spans, pane_hint};
use crate::app::input::InputMode;
use crate::app::tabs::questions::letter;
use crate::app::{Action, App, Tab};
use liseuse::pack::QuestionKind;

pub fn top_rows(_app: &App) -> u16 {
    1
}

pub fn draw_top(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let qs = &app.study.pack.questions;
    if qs.is_empty() || area.height == 0 {
        return;
    }
    let (right, done) = app.questions.score();
    let line = Line::from(vec![
        Span::styled(
            format!("Question {}/{}", app.questions.current + 1, qs.len()),
            theme.title(),
        ),
        Span::styled(format!(" · score {right}/{done}"), theme.dim()),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

pub fn body(app: &App, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let qs = &app.study.pack.questions;
    let Some(q) = qs.get(app.questions.current) else {
        out.push(Line::raw("This pack has no questions."));
        return out;
    };
    let answered = app
        .questions
        .answers
        .get(app.questions.current)
        .and_then(Option::as_ref);
    out.extend(para(
        vec![Span::styled(q.prompt.clone(), theme.title())],
        width,
    ));
    out.push(Line::raw(""));
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
                out.extend(hanging(
                    vec![Span::styled(format!("{sign} {}) ", letter(i)), theme.key())],
                    vec![Span::styled(choice.clone(), style)],
                    width,
                ));
            }
            if answered.is_none() {
                out.push(Line::raw(""));
                out.push(Line::from(hint_spans(
                    theme,
                    &[pane_hint(
                        app,
                        Tab::Questions,
                        &[
                            Action::Choose(0),
                            Action::Choose(1),
                            Action::Choose(2),
                            Action::Choose(3),
                        ],
                        "choose",
                    )],
                )));
            }
        }
        QuestionKind::TrueFalse => {
            if answered.is_none() {
                out.push(Line::from(hint_spans(
                    theme,
                    &[
                        pane_hint(app, Tab::Questions, &[Action::ChooseBool(true)], "vrai"),
                        pane_hint(app, Tab::Questions, &[Action::ChooseBool(false)], "faux"),
                    ],
                )));
            }
        }
        QuestionKind::Short => {
            if app.input.mode == InputMode::ShortAnswer {
                out.extend(hanging(
                    vec![Span::styled("> ", theme.key())],
                    vec![
                        Span::raw(app.input.field.value().to_string()),
                        Span::styled("▏", theme.key()),
                    ],
                    width,
                ));
            } else if answered.is_none() {
                let draft = app.input.field.value();
                let what = if draft.is_empty()
                    || app.input.owner
                        != Some(crate::app::input::Owner::Question(app.questions.current))
                {
                    "type your answer"
                } else {
                    "go on typing your answer"
                };
                out.push(Line::from(hint_spans(
                    theme,
                    &[pane_hint(app, Tab::Questions, &[Action::Activate], what)],
                )));
            }
        }
    }
    if let Some(a) = answered {
        out.push(Line::raw(""));
        let verdict = if a.correct {
            Span::styled("✓ Correct", theme.right())
        } else {
            Span::styled("✗ Not quite", theme.wrong())
        };
        out.extend(para(
            vec![
                verdict,
                Span::styled(format!("  (you: {})", a.given), theme.dim()),
            ],
            width,
        ));
        match q.kind {
            QuestionKind::TrueFalse => {
                let truth = if q.correct == Some(true) {
                    "vrai"
                } else {
                    "faux"
                };
                out.extend(para(
                    vec![Span::raw(format!("Réponse\u{a0}: {truth}"))],
                    width,
                ));
            }
            QuestionKind::Short => {
                if let Some(model) = &q.model {
                    out.extend(para(
                        vec![
                            Span::styled("Réponse modèle\u{a0}: ", theme.key()),
                            Span::raw(model.clone()),
                        ],
                        width,
                    ));
                }
            }
            QuestionKind::Choice => {}
        }
        out.extend(para(
            vec![
                Span::styled("Explication\u{a0}: ", theme.key()),
                Span::raw(q.explanation.clone()),
            ],
            width,
        ));
        out.extend(para(
            vec![Span::styled(
                "▌ the answering passage is marked in the text",
                theme.dim(),
            )],
            width,
        ));
    }
    out
}
