//! The Quiz tab: the current card, the answer input, and the verdict.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use crate::app::quiz::Stage;
use crate::app::{App, InputMode};
use liseuse::quiz::cards::{CardKind, Face, find_form};
use liseuse::quiz::grade::Verdict;
use liseuse::quiz::schedule::Rating;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let body = app.screen.side_body;
    let glossary = &app.study.pack.glossary;
    let remaining = app.quiz.remaining;
    let mode = if app.quiz.session.is_practice() {
        "practice (schedule untouched)"
    } else {
        "to study today"
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{remaining} {mode}"), theme.title()),
        Span::styled(
            format!("  ·  {} answered this sitting", app.quiz.session.answered),
            theme.dim(),
        ),
    ])];
    lines.push(Line::raw(""));
    let Some(card) = &app.quiz.card else {
        lines.push(Line::styled(
            "Nothing is due right now. Well done!",
            theme.right(),
        ));
        lines.push(Line::raw(""));
        lines.push(Line::from(super::hint(
            theme,
            &[("p", "practise anyway (does not change the schedule)")],
        )));
        lines.push(Line::from(super::hint(
            theme,
            &[("Stats", "tab shows what falls due when")],
        )));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
        return;
    };
    let entry = app.entry_index(&card.entry_id).map(|i| &glossary[i]);
    let kind = match card.kind {
        CardKind::Recognition => "Recognise · French → English",
        CardKind::Production => "Produce · English → French",
        CardKind::Choice => "Choose the meaning",
        CardKind::Cloze => "Fill the gap · type the word as in the text",
    };
    lines.push(Line::styled(kind, theme.dim()));
    lines.push(Line::raw(""));
    let graded = matches!(app.quiz.stage, Stage::Graded { .. });
    match &card.face {
        Face::Recognition { term, en } => {
            lines.push(Line::styled(term.as_str(), theme.title()));
            if let Some(e) = entry {
                lines.push(sentence_line(&e.sentence, &e.forms, theme));
            }
            lines.push(Line::raw(""));
            if app.quiz.stage == Stage::Asking {
                lines.push(Line::from(super::hint(theme, &[("Space", "reveal")])));
            } else {
                lines.push(Line::from(vec![
                    Span::styled("EN ", theme.key()),
                    Span::raw(en.as_str()),
                ]));
                if let Some(note) = entry.and_then(|e| e.note.as_ref()) {
                    lines.push(Line::styled(note.as_str(), theme.dim()));
                }
                lines.push(Line::raw(""));
                lines.push(Line::from(super::hint(
                    theme,
                    &[("1", "again"), ("2", "hard"), ("3", "good"), ("4", "easy")],
                )));
            }
        }
        Face::Choice {
            term,
            options,
            correct,
        } => {
            lines.push(Line::styled(term.as_str(), theme.title()));
            if let Some(e) = entry {
                lines.push(sentence_line(&e.sentence, &e.forms, theme));
            }
            lines.push(Line::raw(""));
            let picked = match &app.quiz.stage {
                Stage::Graded { response, .. } => response.picked,
                _ => None,
            };
            for (i, option) in options.iter().enumerate() {
                let (sign, style) = match picked {
                    Some(_) if i == *correct => ("✓", theme.right()),
                    Some(p) if p == i => ("✗", theme.wrong()),
                    _ => (" ", Style::new()),
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{sign} {}) ", i + 1), theme.key()),
                    Span::styled(option.as_str(), style),
                ]));
            }
        }
        Face::Production { en, .. } => {
            lines.push(Line::from(vec![
                Span::styled("EN ", theme.key()),
                Span::styled(en.as_str(), theme.title()),
            ]));
            if let Some(g) = app.asked_gender(card) {
                let article = match g {
                    liseuse::pack::Gender::Feminine | liseuse::pack::Gender::Masculine => {
                        "with its article (le/la, un/une)"
                    }
                    liseuse::pack::Gender::Both => "",
                };
                lines.push(Line::styled(
                    format!("Type the French noun {article}"),
                    theme.dim(),
                ));
            } else {
                lines.push(Line::styled("Type the French", theme.dim()));
            }
            input_line(&mut lines, app, theme);
        }
        Face::Cloze {
            before, after, en, ..
        } => {
            lines.push(Line::from(vec![
                Span::raw(before.as_str()),
                Span::styled("_____", theme.key()),
                Span::raw(after.as_str()),
            ]));
            lines.push(Line::from(vec![
                Span::styled("hint ", theme.key()),
                Span::styled(en.as_str(), theme.dim()),
            ]));
            input_line(&mut lines, app, theme);
        }
    }
    if let Stage::Graded {
        rating,
        response,
        overridden,
    } = &app.quiz.stage
    {
        lines.push(Line::raw(""));
        verdict_lines(
            &mut lines,
            response.verdict.as_ref(),
            response.given.as_deref(),
            theme,
        );
        let how = if *overridden { "you set" } else { "graded" };
        lines.push(Line::from(vec![
            Span::styled(format!("{how} {} ", rating_name(*rating)), theme.title()),
            Span::styled("· saved", theme.dim()),
        ]));
        lines.push(Line::from(super::hint(
            theme,
            &[("Enter", "next card"), ("1-4", "change the grade")],
        )));
    } else if !graded && matches!(card.face, Face::Choice { .. }) {
        lines.push(Line::raw(""));
        lines.push(Line::from(super::hint(theme, &[("1-4", "choose")])));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
}

fn rating_name(r: Rating) -> &'static str {
    match r {
        Rating::Again => "1 again",
        Rating::Hard => "2 hard",
        Rating::Good => "3 good",
        Rating::Easy => "4 easy",
    }
}

fn input_line<'a>(lines: &mut Vec<Line<'a>>, app: &'a App, theme: Theme) {
    if app.input_mode == InputMode::QuizAnswer {
        lines.push(Line::from(vec![
            Span::styled("> ", theme.key()),
            Span::raw(app.input.value()),
            Span::styled("▏", theme.key()),
        ]));
        lines.push(Line::from(super::hint(
            theme,
            &[("Enter", "check"), ("Esc", "leave the input")],
        )));
    } else if app.quiz.stage == Stage::Asking {
        lines.push(Line::from(super::hint(
            theme,
            &[("Enter", "type your answer")],
        )));
    }
}

/// The entry's sentence with its form underlined.
fn sentence_line<'a>(sentence: &'a str, forms: &[String], theme: Theme) -> Line<'a> {
    match find_form(sentence, forms) {
        Some(r) => Line::from(vec![
            Span::styled("« ", theme.dim()),
            Span::styled(&sentence[..r.start], theme.translation()),
            Span::styled(&sentence[r.clone()], theme.occurrence()),
            Span::styled(&sentence[r.end..], theme.translation()),
            Span::styled(" »", theme.dim()),
        ]),
        None => Line::styled(sentence, theme.translation()),
    }
}

/// Right, almost, or wrong, with the letters that differ marked.
fn verdict_lines<'a>(
    lines: &mut Vec<Line<'a>>,
    verdict: Option<&'a Verdict>,
    given: Option<&'a str>,
    theme: Theme,
) {
    let Some(verdict) = verdict else {
        return;
    };
    if let Some(g) = given {
        lines.push(Line::from(vec![
            Span::styled("you ", theme.dim()),
            Span::raw(g),
        ]));
    }
    match verdict {
        Verdict::Correct => lines.push(Line::styled("✓ Right", theme.right())),
        Verdict::AccentsOff { expected, marks } => {
            lines.push(Line::styled(
                "✓ Right, but mind the accents:",
                theme.right(),
            ));
            lines.push(marked(expected, marks, theme));
        }
        Verdict::Almost { expected, marks } => {
            lines.push(Line::styled("≈ Almost: one letter off", theme.key()));
            lines.push(marked(expected, marks, theme));
        }
        Verdict::Wrong { expected } => {
            lines.push(Line::styled("✗ Not this time. The answer:", theme.wrong()));
            lines.push(Line::styled(expected.as_str(), theme.title()));
        }
    }
}

/// The expected answer with the characters at `marks` reversed and
/// underlined, so the difference shows without colour.
fn marked<'a>(expected: &'a str, marks: &[usize], theme: Theme) -> Line<'a> {
    let spans = expected
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let style = if marks.contains(&i) {
                theme
                    .selected()
                    .add_modifier(ratatui::style::Modifier::UNDERLINED)
            } else {
                theme.title()
            };
            Span::styled(c.to_string(), style)
        })
        .collect::<Vec<_>>();
    Line::from(spans)
}
