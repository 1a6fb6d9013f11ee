//! The Questions tab: the question number and score stay put; the prompt,
//! the options (wrapped with a hanging indent), the verdict and the
//! explanation scroll.

use crate::ui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::super::text::{draw_lines, hanging, para};
use super::super::theme::Theme;
use super::super::{hint_spans, pane_hint};
use super::{Mark, choice_lines};
use crate::app::input::InputMode;
use crate::app::tabs::questions::letter;
use crate::app::{Action, App, Tab};
use liseuse::pack::QuestionKind;
use liseuse::quiz::meaning::Meaning;

pub fn top_rows(_app: &App) -> u16 {
    1
}

pub fn draw_top(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    let qs = &app.study.pack.questions;
    if qs.is_empty() || area.height == 0 {
        return;
    }
    let (right, done) = app.questions.score();
    let title = if app.questions.on_summary() {
        "Round summary".to_string()
    } else {
        format!("Question {}/{}", app.questions.current + 1, qs.len())
    };
    let line = Line::from(vec![
        Span::styled(title, theme.title()),
        Span::styled(format!(" · score {right}/{done}"), theme.dim()),
    ]);
    draw_lines(frame.buffer_mut(), area, &[line]);
}

pub fn body(app: &App, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let qs = &app.study.pack.questions;
    if app.questions.on_summary() {
        return summary(app, theme, width);
    }
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
                let mark = match answered {
                    Some(_) if right_one => Mark::Right,
                    Some(_) if chosen => Mark::PickedWrong,
                    _ => Mark::Plain,
                };
                out.extend(choice_lines(
                    mark,
                    &letter(i).to_string(),
                    choice,
                    theme,
                    width,
                ));
            }
            if answered.is_none() {
                out.push(Line::raw(""));
                out.extend(para(
                    hint_spans(
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
                    ),
                    width,
                ));
            }
        }
        QuestionKind::TrueFalse => {
            if answered.is_none() {
                out.extend(para(
                    hint_spans(
                        theme,
                        &[
                            pane_hint(app, Tab::Questions, &[Action::ChooseBool(true)], "vrai"),
                            pane_hint(app, Tab::Questions, &[Action::ChooseBool(false)], "faux"),
                        ],
                    ),
                    width,
                ));
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
                out.extend(para(
                    hint_spans(
                        theme,
                        &[pane_hint(app, Tab::Questions, &[Action::Activate], what)],
                    ),
                    width,
                ));
            }
        }
    }
    if let Some(a) = answered {
        out.push(Line::raw(""));
        let verdict = match (&a.meaning, a.correct, a.overridden) {
            (_, true, true) => Span::styled("✓ Counted as right", theme.right()),
            (Some(Meaning::Slip { .. }), true, _) => {
                Span::styled("✓ Correct, one letter off", theme.right())
            }
            (Some(Meaning::AccentsOff { .. }), true, _) => {
                Span::styled("✓ Correct, but mind the accents", theme.right())
            }
            (_, true, _) => Span::styled("✓ Correct", theme.right()),
            (_, false, _) => Span::styled("✗ Not quite", theme.wrong()),
        };
        out.extend(para(
            vec![
                verdict,
                Span::styled(format!("  (you: {})", a.given), theme.dim()),
            ],
            width,
        ));
        match &a.meaning {
            Some(Meaning::AccentsOff { accepted, marks } | Meaning::Slip { accepted, marks }) => {
                out.extend(super::quiz::marked(accepted, marks, theme, width));
            }
            Some(Meaning::Rejected { phrase }) => out.extend(para(
                vec![Span::styled(
                    format!("« {phrase} » changes the meaning of your answer."),
                    theme.wrong(),
                )],
                width,
            )),
            _ => {}
        }
        if a.can_override() {
            out.extend(para(
                hint_spans(
                    theme,
                    &[pane_hint(
                        app,
                        Tab::Questions,
                        &[Action::OverrideAnswer],
                        "count it as right if it says the same",
                    )],
                ),
                width,
            ));
        }
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

/// The end of a round: the score, and the questions missed with the
/// paragraphs to reread (their passages are marked in the text).
fn summary(app: &App, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let (right, done) = app.questions.score();
    let percent = (right * 100).checked_div(done).unwrap_or(0);
    out.extend(para(
        vec![Span::styled(
            format!("Round complete\u{a0}: {right}/{done} right ({percent}\u{a0}%)."),
            theme.title(),
        )],
        width,
    ));
    out.push(Line::raw(""));
    let missed = app.to_reread();
    if missed.is_empty() {
        out.extend(para(
            vec![Span::raw("Every answer right: nothing to reread.")],
            width,
        ));
    } else {
        out.extend(para(
            vec![Span::styled(
                "To reread (▌ marked in the text):",
                theme.key(),
            )],
            width,
        ));
        for (i, paragraphs) in missed {
            let Some(q) = app.study.pack.questions.get(i) else {
                continue;
            };
            let where_ = paragraphs
                .iter()
                .map(|p| format!("¶{p}"))
                .collect::<Vec<_>>()
                .join(" ");
            out.extend(hanging(
                vec![Span::styled(format!("{where_} "), theme.key())],
                vec![
                    Span::styled(format!("Q{} ", i + 1), theme.dim()),
                    Span::raw(q.prompt.clone()),
                ],
                width,
            ));
            if let Some(passage) = q.passages.first() {
                let (start, more) = beginning(passage, 60);
                out.extend(hanging(
                    vec![Span::raw("   ")],
                    vec![Span::styled(
                        format!("«\u{a0}{}{more}\u{a0}»", start.trim_end()),
                        theme.dim(),
                    )],
                    width,
                ));
            }
        }
    }
    out.push(Line::raw(""));
    out.extend(para(
        hint_spans(
            theme,
            &[
                pane_hint(app, Tab::Questions, &[Action::Up], "back to the questions"),
                pane_hint(app, Tab::Questions, &[Action::ResetQuestions], "new round"),
            ],
        ),
        width,
    ));
    out
}

/// The first words of `text` within `limit` characters, and `…` if cut.
fn beginning(text: &str, limit: usize) -> (String, &'static str) {
    if text.chars().count() <= limit {
        return (text.to_string(), "");
    }
    let cut: String = text.chars().take(limit).collect();
    let words = match cut.rfind(char::is_whitespace) {
        Some(i) => cut[..i].to_string(),
        None => cut,
    };
    (words, "…")
}
