//! The details of a word without a glossary entry: its readings from the
//! lexicon, its dictionary meanings and its IPA; and the IPA line of an
//! entry. Everything comes from `app.lookup`, filled off the drawing path.

use ratatui::text::{Line, Span};

use super::super::text::{hanging, para};
use super::super::theme::Theme;
use crate::app::App;
use crate::app::lookup::{Pending, WordLookup};

/// Meanings shown per dictionary entry, and entries shown at most.
const MAX_LINES: usize = 6;
const MAX_DEFINITIONS: usize = 4;

pub fn word_lines(out: &mut Vec<Line<'static>>, app: &App, text: &str, theme: Theme, width: usize) {
    out.extend(para(
        vec![
            Span::styled(format!("«\u{a0}{text}\u{a0}»"), theme.title()),
            Span::styled("  no glossary entry", theme.dim()),
        ],
        width,
    ));
    readings(out, app, text, theme, width, true);
    key_hints(out, app, theme, width);
}

/// `s say · S sentence · + add to my words`, from the reader's keys.
fn key_hints(out: &mut Vec<Line<'static>>, app: &App, theme: Theme, width: usize) {
    use crate::app::Action;
    use crate::app::keys::{Context, chain_of};
    let chain = chain_of(Context::Reader);
    let mut spans = Vec::new();
    for (action, what) in [
        (Action::SpeakWord, "say"),
        (Action::SpeakSentence, "sentence"),
        (Action::AddWord, "add to my words"),
    ] {
        if let Some(key) = app.keymap.key_label(&chain, &action) {
            if !spans.is_empty() {
                spans.push(Span::styled(" · ", theme.dim()));
            }
            spans.push(Span::styled(key, theme.key()));
            spans.push(Span::styled(format!(" {what}"), theme.dim()));
        }
    }
    out.push(Line::from(""));
    out.extend(para(spans, width));
}

/// Under an entry: the word of it under the cursor (`trouver` in `pour
/// trouver`, or `pays` itself), with its inflection here and what the
/// learner's dictionaries say.
/// Under an entry's head: the word of it under the cursor (`trouver` in
/// `pour trouver`, or `pays` itself) with its readings here; its
/// dictionary meanings come last (see [`dictionary_in_entry`]).
pub fn word_in_entry(out: &mut Vec<Line<'static>>, app: &App, theme: Theme, width: usize) {
    let Some(word) = app.lookup.word.as_ref() else {
        return;
    };
    out.extend(para(
        vec![
            Span::styled("Here ", theme.key()),
            Span::styled(format!("«\u{a0}{}\u{a0}»", word.text), theme.title()),
        ],
        width,
    ));
    analyses_lines(out, word, theme, width);
}

/// At the end of an entry: what the learner's dictionaries say of the word
/// under the cursor.
pub fn dictionary_in_entry(out: &mut Vec<Line<'static>>, app: &App, theme: Theme, width: usize) {
    let Some(word) = app.lookup.word.as_ref() else {
        return;
    };
    out.push(Line::from(""));
    definitions_lines(out, word, theme, width);
}

fn readings(
    out: &mut Vec<Line<'static>>,
    app: &App,
    text: &str,
    theme: Theme,
    width: usize,
    with_ipa: bool,
) {
    let Some(word) = app.lookup.word.as_ref().filter(|w| w.text == text) else {
        return;
    };
    analyses_lines(out, word, theme, width);
    if with_ipa {
        ipa_lines(out, app, theme, width);
    }
    definitions_lines(out, word, theme, width);
}

fn analyses_lines(out: &mut Vec<Line<'static>>, word: &WordLookup, theme: Theme, width: usize) {
    if word.analyses.is_empty() {
        out.extend(para(
            vec![Span::styled("Not in the lexicon.", theme.dim())],
            width,
        ));
    }
    for a in word.analyses.iter().take(4) {
        let mut spans = vec![
            Span::styled(a.lemma.clone(), theme.key()),
            Span::styled(format!("  {}", a.class.name()), theme.dim()),
        ];
        let inflection = a.inflection();
        if !inflection.is_empty() {
            spans.push(Span::raw(format!(" — {inflection}")));
        }
        out.extend(para(spans, width));
    }
    if word.analyses.len() > 4 {
        out.extend(para(
            vec![Span::styled(
                format!("… {} more readings", word.analyses.len() - 4),
                theme.dim(),
            )],
            width,
        ));
    }
}

fn definitions_lines(out: &mut Vec<Line<'static>>, word: &WordLookup, theme: Theme, width: usize) {
    match &word.definitions {
        Pending::Waiting => out.extend(para(
            vec![Span::styled("Looking it up…", theme.dim())],
            width,
        )),
        Pending::Failed(why) => {
            out.extend(para(vec![Span::styled(why.clone(), theme.dim())], width))
        }
        Pending::Ready(found) if found.is_empty() => out.extend(para(
            vec![Span::styled("Not in your dictionaries.", theme.dim())],
            width,
        )),
        Pending::Ready(found) => {
            for d in found.iter().take(MAX_DEFINITIONS) {
                let mut lines = d
                    .text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .peekable();
                // dictd entries repeat the headword first (`trouver /tʀuve/ <v>`).
                let head = lines
                    .next_if(|l| l.starts_with(d.headword.as_str()))
                    .map(|l| l[d.headword.len()..].trim().to_string())
                    .unwrap_or_default();
                out.extend(para(
                    vec![
                        Span::styled(d.headword.clone(), theme.key()),
                        Span::raw(format!(" {head}")),
                        Span::styled(format!("  ({})", d.dictionary), theme.dim()),
                    ],
                    width,
                ));
                for line in lines.take(MAX_LINES) {
                    out.extend(hanging(
                        vec![Span::raw("  ")],
                        vec![Span::styled(line.trim().to_string(), theme.translation())],
                        width,
                    ));
                }
            }
        }
    }
}

/// `IPA tʁuvˈe`, or nothing while it comes or when espeak-ng is absent
/// (the speak key says what to install).
pub fn ipa_lines(out: &mut Vec<Line<'static>>, app: &App, theme: Theme, width: usize) {
    if let Pending::Ready(ipa) = &app.lookup.ipa
        && !ipa.is_empty()
    {
        out.extend(hanging(
            vec![Span::styled("IPA ", theme.key())],
            vec![Span::raw(format!("/{ipa}/"))],
            width,
        ));
    }
}
