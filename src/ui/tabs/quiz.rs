//! The Quiz tab: the count of cards stays put; the card, the answer input,
//! the verdict and the grade keys scroll (at 80×24 they all fit).

use crate::ui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::super::text::{draw_lines, hanging, para, quoted};
use super::super::theme::Theme;
use super::super::{hint_spans, pane_hint};
use super::{Mark, choice_lines};
use crate::app::input::InputMode;
use crate::app::tabs::quiz::Stage;
use crate::app::{Action, App, Tab};
use liseuse::quiz::cards::{CardKind, Face, find_form};
use liseuse::quiz::grade::Verdict;
use liseuse::quiz::schedule::Rating;

pub fn top_rows(_app: &App) -> u16 {
    1
}

pub fn draw_top(frame: &mut Frame, app: &App, theme: Theme, area: Rect) {
    if area.height == 0 {
        return;
    }
    let remaining = app.quiz.remaining;
    let mode = if app.quiz.session.is_practice() {
        "practice (schedule untouched)"
    } else {
        "to study today"
    };
    let line = Line::from(vec![
        Span::styled(format!("{remaining} {mode}"), theme.title()),
        Span::styled(
            format!(" · {} answered this sitting", app.quiz.session.answered),
            theme.dim(),
        ),
    ]);
    draw_lines(frame.buffer_mut(), area, &[line]);
}

fn grade_hint(app: &App, what: &'static str) -> super::super::Hint {
    pane_hint(
        app,
        Tab::Quiz,
        &[
            Action::Grade(1),
            Action::Grade(2),
            Action::Grade(3),
            Action::Grade(4),
        ],
        what,
    )
}

pub fn body(app: &App, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let glossary = &app.study.pack.glossary;
    let mut out = Vec::new();
    let Some(card) = &app.quiz.card else {
        out.push(Line::styled(
            "Nothing is due right now. Well done!",
            theme.right(),
        ));
        out.push(Line::raw(""));
        out.extend(para(
            hint_spans(
                theme,
                &[pane_hint(
                    app,
                    Tab::Quiz,
                    &[Action::Practice],
                    "practise anyway (the schedule is untouched)",
                )],
            ),
            width,
        ));
        out.extend(para(
            vec![Span::styled(
                "The Stats tab shows what falls due when.",
                theme.dim(),
            )],
            width,
        ));
        return out;
    };
    let entry = app.entry_index(&card.entry_id).map(|i| &glossary[i]);
    let kind = match card.kind {
        CardKind::Recognition => "Recognise · French → English",
        CardKind::Production => "Produce · English → French",
        CardKind::Choice => "Choose the meaning",
        CardKind::Cloze => "Fill the gap · type the word as in the text",
    };
    out.push(Line::styled(kind, theme.dim()));
    out.push(Line::raw(""));
    let graded = matches!(app.quiz.stage, Stage::Graded { .. });
    match &card.face {
        Face::Recognition { term, en } => {
            out.extend(para(vec![Span::styled(term.clone(), theme.title())], width));
            if let Some(e) = entry {
                out.extend(sentence_lines(&e.sentence, &e.forms, theme, width));
            }
            out.push(Line::raw(""));
            if app.quiz.stage == Stage::Asking {
                out.extend(para(
                    hint_spans(
                        theme,
                        &[pane_hint(app, Tab::Quiz, &[Action::Reveal], "reveal")],
                    ),
                    width,
                ));
            } else {
                out.extend(hanging(
                    vec![Span::styled("EN ", theme.key())],
                    vec![Span::raw(en.clone())],
                    width,
                ));
                if let Some(note) = entry.and_then(|e| e.note()) {
                    out.extend(para(vec![Span::styled(note.clone(), theme.dim())], width));
                }
                if !graded {
                    out.extend(para(
                        hint_spans(theme, &[grade_hint(app, "grade: again, hard, good, easy")]),
                        width,
                    ));
                }
            }
        }
        Face::Choice {
            term,
            options,
            correct,
        } => {
            out.extend(para(vec![Span::styled(term.clone(), theme.title())], width));
            if let Some(e) = entry {
                out.extend(sentence_lines(&e.sentence, &e.forms, theme, width));
            }
            out.push(Line::raw(""));
            let picked = match &app.quiz.stage {
                Stage::Graded { response, .. } => response.picked,
                _ => None,
            };
            for (i, option) in options.iter().enumerate() {
                let mark = match picked {
                    Some(_) if i == *correct => Mark::Right,
                    Some(p) if p == i => Mark::PickedWrong,
                    _ => Mark::Plain,
                };
                out.extend(choice_lines(
                    mark,
                    &(i + 1).to_string(),
                    option,
                    theme,
                    width,
                ));
            }
            if !graded {
                out.push(Line::raw(""));
                out.extend(para(hint_spans(theme, &[grade_hint(app, "choose")]), width));
            }
        }
        Face::Production { en, .. } => {
            out.extend(hanging(
                vec![Span::styled("EN ", theme.key())],
                vec![Span::styled(en.clone(), theme.title())],
                width,
            ));
            let ask = match app.asked_gender(card) {
                Some(_) => "Type the French noun with its article (le/la, un/une)",
                None => "Type the French",
            };
            out.extend(para(vec![Span::styled(ask, theme.dim())], width));
            input_lines(&mut out, app, theme, width);
        }
        Face::Cloze {
            before, after, en, ..
        } => {
            out.extend(para(
                vec![
                    Span::raw(before.clone()),
                    Span::styled("_____", theme.key()),
                    Span::raw(after.clone()),
                ],
                width,
            ));
            out.extend(hanging(
                vec![Span::styled("hint ", theme.key())],
                vec![Span::styled(en.clone(), theme.dim())],
                width,
            ));
            input_lines(&mut out, app, theme, width);
        }
    }
    if let Stage::Graded {
        rating,
        response,
        overridden,
    } = &app.quiz.stage
    {
        out.push(Line::raw(""));
        verdict_lines(
            &mut out,
            response.verdict.as_ref(),
            response.given.as_deref(),
            theme,
            width,
        );
        let how = if *overridden { "you set" } else { "graded" };
        let saved = if app.saved.unsaved {
            "· not saved yet"
        } else {
            "· saved"
        };
        out.push(Line::from(vec![
            Span::styled(format!("{how} {} ", rating_name(*rating)), theme.title()),
            Span::styled(saved, theme.dim()),
        ]));
        out.extend(para(
            hint_spans(
                theme,
                &[
                    pane_hint(app, Tab::Quiz, &[Action::Reveal], "next card"),
                    grade_hint(app, "change the grade"),
                ],
            ),
            width,
        ));
    }
    out
}

fn rating_name(r: Rating) -> &'static str {
    match r {
        Rating::Again => "1 again",
        Rating::Hard => "2 hard",
        Rating::Good => "3 good",
        Rating::Easy => "4 easy",
    }
}

fn input_lines(out: &mut Vec<Line<'static>>, app: &App, theme: Theme, width: usize) {
    if app.input.mode == InputMode::QuizAnswer {
        out.extend(hanging(
            vec![Span::styled("> ", theme.key())],
            vec![
                Span::raw(app.input.field.value().to_string()),
                Span::styled("▏", theme.key()),
            ],
            width,
        ));
        let input = crate::app::keys::chain_of(crate::app::keys::Context::Input);
        let check = app.keymap.hint_for(&input, &[Action::Submit], "check");
        let leave = app
            .keymap
            .hint_for(&input, &[Action::Back], "leave the input");
        out.extend(para(hint_spans(theme, &[check, leave]), width));
    } else if app.quiz.stage == Stage::Asking {
        out.extend(para(
            hint_spans(
                theme,
                &[pane_hint(
                    app,
                    Tab::Quiz,
                    &[Action::Reveal],
                    "type your answer",
                )],
            ),
            width,
        ));
    }
}

/// The entry's sentence in « », with its form underlined.
fn sentence_lines(
    sentence: &str,
    forms: &[liseuse::pack::Str],
    theme: Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let (open, s, close) = quoted(sentence);
    let mut spans = vec![Span::styled(open, theme.dim())];
    match find_form(s, forms) {
        Some(r) => {
            spans.push(Span::styled(s[..r.start].to_string(), theme.translation()));
            spans.push(Span::styled(s[r.clone()].to_string(), theme.occurrence()));
            spans.push(Span::styled(s[r.end..].to_string(), theme.translation()));
        }
        None => spans.push(Span::styled(s.to_string(), theme.translation())),
    }
    spans.push(Span::styled(close, theme.dim()));
    para(spans, width)
}

/// Right, almost, or wrong, with the letters that differ marked.
fn verdict_lines(
    out: &mut Vec<Line<'static>>,
    verdict: Option<&Verdict>,
    given: Option<&str>,
    theme: Theme,
    width: usize,
) {
    let Some(verdict) = verdict else {
        return;
    };
    if let Some(g) = given {
        out.extend(hanging(
            vec![Span::styled("you ", theme.dim())],
            vec![Span::raw(g.to_string())],
            width,
        ));
    }
    match verdict {
        Verdict::Correct => out.push(Line::styled("✓ Right", theme.right())),
        Verdict::AccentsOff { expected, marks } => {
            out.push(Line::styled(
                "✓ Right, but mind the accents:",
                theme.right(),
            ));
            out.extend(marked(expected, marks, theme, width));
        }
        Verdict::Almost { expected, marks } => {
            out.push(Line::styled("≈ Almost: one letter off", theme.key()));
            out.extend(marked(expected, marks, theme, width));
        }
        Verdict::ArticleOff { expected, article } => {
            out.push(Line::styled(
                format!("≈ Right word — the article is {article}:"),
                theme.key(),
            ));
            out.extend(para(
                vec![Span::styled(expected.clone(), theme.title())],
                width,
            ));
        }
        Verdict::Wrong { expected } => {
            out.push(Line::styled("✗ Not this time. The answer:", theme.wrong()));
            out.extend(para(
                vec![Span::styled(expected.clone(), theme.title())],
                width,
            ));
        }
    }
}

/// The expected answer with the characters at `marks` reversed and
/// underlined, so the difference shows without colour.
pub(super) fn marked(
    expected: &str,
    marks: &[usize],
    theme: Theme,
    width: usize,
) -> Vec<Line<'static>> {
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
    para(spans, width)
}
