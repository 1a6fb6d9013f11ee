//! Semantic checks a pack must pass beyond its TOML types: unique ids,
//! forms and quotations that really occur in the text, coherent questions.

use std::collections::HashSet;

use super::error::{Position, Problem};
use super::locate::{Locator, Step};
use super::model::{Pack, Pos, QuestionKind, is_id_char};
use crate::study::Study;
use crate::text::matching::{MAX_FORM_TOKENS, form_too_long};
use crate::text::quote::QuoteFinder;

/// Collects every problem; an empty list means the pack is valid.
///
/// Works on the built study so that matching and anchoring happen once.
pub fn validate(name: &str, source: &str, study: &Study, quotes: &QuoteFinder) -> Vec<Problem> {
    let pack = &study.pack;
    let mut v = Validator {
        name,
        source,
        locator: Locator::new(source),
        problems: Vec::new(),
    };
    v.meta(pack);
    v.glossary(study);
    v.questions(pack, quotes);
    v.translation(pack, study.paragraphs.len());
    v.notes(pack, quotes);
    v.problems
        .sort_by_key(|p| p.position.map(|p| (p.line, p.column)));
    v.problems
}

/// Advice that does not stop a pack from loading: questions that can be
/// passed without reading, answers the grader would never accept.
pub fn advice(name: &str, source: &str, pack: &Pack) -> Vec<Problem> {
    use crate::quiz::fairness::{STANDOUT_RATIO, blocked_answers, standout_option};
    let locator = Locator::new(source);
    let mut out = Vec::new();
    for (i, q) in pack.questions.iter().enumerate() {
        let mut warn = |key: &'static str, message: String| {
            let position = locator
                .offset(&[Step::Key("questions"), Step::Index(i), Step::Key(key)])
                .map(|o| Position::from_offset(source, o));
            out.push(Problem::warning(name, position, message));
        };
        for b in blocked_answers(q) {
            warn(
                "reject",
                format!(
                    "question \"{}\": the accepted answer \"{}\" contains the reject phrase \"{}\", so it is always marked wrong; expected a reject phrase no accepted answer contains",
                    q.id, b.answer, b.phrase
                ),
            );
        }
        if let Some((right, other)) = standout_option(q) {
            warn(
                "choices",
                format!(
                    "question \"{}\": the right option has {right} characters, the longest other {other}; expected no more than {}% longer, so that length gives nothing away",
                    q.id,
                    ((STANDOUT_RATIO - 1.0) * 100.0).round()
                ),
            );
        }
    }
    out.sort_by_key(|p| p.position.map(|p| (p.line, p.column)));
    out
}

/// The start of a long value, for a message.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

struct Validator<'a> {
    name: &'a str,
    source: &'a str,
    locator: Locator<'a>,
    problems: Vec<Problem>,
}

impl Validator<'_> {
    fn report(&mut self, path: &[Step<'_>], message: String) {
        let position = self
            .locator
            .offset(path)
            .map(|o| Position::from_offset(self.source, o));
        self.problems
            .push(Problem::new(self.name, position, message));
    }

    fn warn(&mut self, path: &[Step<'_>], message: String) {
        let position = self
            .locator
            .offset(path)
            .map(|o| Position::from_offset(self.source, o));
        self.problems
            .push(Problem::warning(self.name, position, message));
    }

    fn require(&mut self, path: &[Step<'_>], value: &str, what: &str) {
        if value.trim().is_empty() {
            self.report(path, format!("{what} is empty; expected some text"));
        }
    }

    fn quotation(&mut self, quotes: &QuoteFinder, path: &[Step<'_>], quote: &str, what: &str) {
        if quote.trim().is_empty() {
            self.report(
                path,
                format!("{what} is empty; expected a quotation from the text"),
            );
        } else if quotes.find(quote).is_none() {
            self.report(
                path,
                format!(
                    "{what} \"{quote}\" does not occur in the text; expected a verbatim quotation"
                ),
            );
        }
    }

    fn unique_id(&mut self, seen: &mut HashSet<String>, path: &[Step<'_>], id: &str, what: &str) {
        if id.is_empty() || !id.chars().all(is_id_char) {
            self.report(
                path,
                format!(
                    "{what} id \"{id}\" is not valid; an id holds letters (accents allowed), digits, '-' and '_'"
                ),
            );
        }
        if !seen.insert(id.to_string()) {
            self.report(
                path,
                format!("duplicate {what} id \"{id}\"; expected each id once"),
            );
        }
    }

    fn meta(&mut self, pack: &Pack) {
        let m = &pack.pack;
        let mut seen = HashSet::new();
        self.unique_id(
            &mut seen,
            &[Step::Key("pack"), Step::Key("id")],
            &m.id,
            "pack",
        );
        self.require(
            &[Step::Key("pack"), Step::Key("title")],
            &m.title,
            "the title",
        );
        self.require(
            &[Step::Key("text"), Step::Key("body")],
            &pack.text.body,
            "the text",
        );
    }

    fn glossary(&mut self, study: &Study) {
        let pack = &study.pack;
        let index = &study.index;
        let mut seen = HashSet::new();
        for (i, e) in pack.glossary.iter().enumerate() {
            let at = |key| [Step::Key("glossary"), Step::Index(i), Step::Key(key)];
            self.unique_id(&mut seen, &at("id"), &e.id, "glossary");
            self.require(&at("term"), &e.term, "the term");
            if e.todo {
                self.warn(
                    &at("todo"),
                    format!(
                        "glossary entry \"{}\" is marked todo: its meaning is still to be written",
                        e.id
                    ),
                );
            } else {
                self.require(&at("en"), &e.en, "the English meaning");
            }
            if e.pos == Pos::Noun && e.gender.is_none() {
                self.report(
                    &at("pos"),
                    format!(
                        "noun \"{}\" has no gender; expected gender = \"m\", \"f\" or \"mf\"",
                        e.term
                    ),
                );
            }
            // Forms left out were filled from the lemma: none means the
            // lemma was not found either.
            if e.forms.is_empty() {
                self.report(
                    &at("term"),
                    format!(
                        "entry \"{}\" matches nothing in the text: no form of \"{}\" occurs; \
                         expected forms = [\"…\"] as written in the text",
                        e.id, e.term
                    ),
                );
            }
            for (_, form, other) in study
                .lemma_matching
                .left_to_others
                .iter()
                .filter(|c| c.0 == i)
            {
                let other = pack.glossary.get(*other).map_or("", |o| o.id.as_str());
                self.warn(
                    &at("term"),
                    format!(
                        "entry \"{}\" would take \"{form}\" from entry \"{other}\", which lists it; \
                         it is left to \"{other}\" (list this entry's forms to choose otherwise)",
                        e.id
                    ),
                );
            }
            for (f, form) in e.forms.iter().enumerate() {
                if form_too_long(form) {
                    self.report(
                        &[Step::Key("glossary"), Step::Index(i), Step::Key("forms"), Step::Index(f)],
                        format!(
                            "form \"{}\" of entry \"{}\" is longer than {MAX_FORM_TOKENS} words; expected a word or an expression",
                            shorten(form),
                            e.id
                        ),
                    );
                } else if index.count_for_form(i, f) == 0 {
                    self.report(
                        &[Step::Key("glossary"), Step::Index(i), Step::Key("forms"), Step::Index(f)],
                        format!(
                            "form \"{form}\" of entry \"{}\" never occurs in the text; expected a form as written in the text",
                            e.id
                        ),
                    );
                }
            }
            // An entry without a sentence took the one where it first
            // occurs; one that never occurs is reported by its forms.
            if !e.sentence.trim().is_empty()
                && study.entry_sentences.get(i).is_none_or(Option::is_none)
            {
                self.report(
                    &at("sentence"),
                    format!(
                        "the sentence \"{}\" does not occur in the text; expected a verbatim quotation",
                        e.sentence
                    ),
                );
            }
        }
    }

    fn questions(&mut self, pack: &Pack, text: &QuoteFinder) {
        let mut seen = HashSet::new();
        for (i, q) in pack.questions.iter().enumerate() {
            let at = |key| [Step::Key("questions"), Step::Index(i), Step::Key(key)];
            self.unique_id(&mut seen, &at("id"), &q.id, "question");
            self.require(&at("prompt"), &q.prompt, "the prompt");
            self.require(&at("explanation"), &q.explanation, "the explanation");
            match q.kind {
                QuestionKind::Choice => {
                    if q.choices.len() < 2 {
                        self.report(
                            &at("choices"),
                            format!(
                                "question \"{}\" has {} choices; expected at least 2",
                                q.id,
                                q.choices.len()
                            ),
                        );
                    }
                    let distinct: HashSet<&String> = q.choices.iter().collect();
                    if distinct.len() != q.choices.len() {
                        self.report(
                            &at("choices"),
                            format!(
                                "question \"{}\" repeats a choice; expected distinct choices",
                                q.id
                            ),
                        );
                    }
                    match q.answer {
                        Some(a) if (1..=q.choices.len()).contains(&a) => {}
                        Some(a) => self.report(
                            &at("answer"),
                            format!(
                                "answer {a} of question \"{}\" is out of range; expected 1 to {}",
                                q.id,
                                q.choices.len()
                            ),
                        ),
                        None => self.report(
                            &at("kind"),
                            format!("choice question \"{}\" has no answer; expected answer = N (1-based)", q.id),
                        ),
                    }
                }
                QuestionKind::TrueFalse => {
                    if q.correct.is_none() {
                        self.report(
                            &at("kind"),
                            format!("true_false question \"{}\" has no `correct`; expected correct = true or false", q.id),
                        );
                    }
                }
                QuestionKind::Short => {
                    if q.accept.is_empty() {
                        self.report(
                            &at("kind"),
                            format!("short question \"{}\" accepts no answer; expected accept = [\"…\"]", q.id),
                        );
                    }
                }
            }
            if q.passages.is_empty() {
                self.report(
                    &at("passages"),
                    format!(
                        "question \"{}\" points at no passage; expected passages = [\"…\"]",
                        q.id
                    ),
                );
            }
            for (p, passage) in q.passages.iter().enumerate() {
                self.quotation(
                    text,
                    &[
                        Step::Key("questions"),
                        Step::Index(i),
                        Step::Key("passages"),
                        Step::Index(p),
                    ],
                    passage,
                    "the passage",
                );
            }
        }
    }

    fn translation(&mut self, pack: &Pack, count: usize) {
        let mut seen = HashSet::new();
        for (i, t) in pack.translation.iter().enumerate() {
            let at = |key| [Step::Key("translation"), Step::Index(i), Step::Key(key)];
            if !(1..=count).contains(&t.paragraph) {
                self.report(
                    &at("paragraph"),
                    format!(
                        "paragraph {} does not exist; expected 1 to {count}",
                        t.paragraph
                    ),
                );
            } else if !seen.insert(t.paragraph) {
                self.report(
                    &at("paragraph"),
                    format!(
                        "paragraph {} is translated twice; expected one translation each",
                        t.paragraph
                    ),
                );
            }
            self.require(&at("en"), &t.en, "the translation");
        }
    }

    fn notes(&mut self, pack: &Pack, text: &QuoteFinder) {
        let mut seen = HashSet::new();
        for (i, n) in pack.notes.iter().enumerate() {
            let at = |key| [Step::Key("notes"), Step::Index(i), Step::Key(key)];
            self.unique_id(&mut seen, &at("id"), &n.id, "note");
            self.require(&at("title"), &n.title, "the title");
            self.require(&at("body"), &n.body, "the body");
            for (p, passage) in n.passages.iter().enumerate() {
                self.quotation(
                    text,
                    &[
                        Step::Key("notes"),
                        Step::Index(i),
                        Step::Key("passages"),
                        Step::Index(p),
                    ],
                    passage,
                    "the passage",
                );
            }
        }
    }
}
