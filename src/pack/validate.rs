//! Checks a pack must pass beyond the shape of its fields (which `read`
//! checks): unique ids, forms and quotations that really occur in the
//! text, coherent questions, and advice that does not stop it loading.

use std::collections::HashSet;
use std::fmt::Display;

use super::model::{Entry, Pack, Pos, QuestionKind, is_id_char};
use super::read::{Found, ItemSpans, Pending, Spans, shorten};
use super::strings::Str;
use crate::study::Study;
use crate::text::matching::{MAX_FORM_TOKENS, form_too_long};
use crate::text::quote::QuoteFinder;

/// How many quotations that do not occur get a diagnosis of where they
/// stop matching (each costs a few searches); the rest are only named.
const DIAGNOSED_QUOTES: usize = 20;
/// How many typography warnings are listed one by one.
const TYPOGRAPHY_LISTED: usize = 20;

/// Collects every problem of a pack that read cleanly into `out`.
///
/// Works on the built study so that matching and anchoring happen once.
///
/// `meta_ok` says whether `[pack]` read cleanly; if not, its checks are
/// skipped (reading said what is wrong there) and the rest is checked.
///
/// `advice` holds what gives each entry's quiz cards away (see
/// [`card_giveaways`]), worked out beforehand on another thread; `None`
/// leaves out the advice that never stops a pack from loading (typography,
/// giveaways, fairness), for a caller that does not show it.
pub fn validate(
    study: &Study,
    spans: &Spans,
    quotes: &QuoteFinder,
    meta_ok: bool,
    advice: Option<&[Option<String>]>,
    out: &mut Found,
) {
    let pack = &study.pack;
    let mut v = Validator {
        text: study.text(),
        spans,
        out,
        diagnosed: 0,
    };
    v.meta(pack, meta_ok);
    v.glossary(study, quotes);
    // Which passages occur, in one batch (anchoring kept only those found).
    let passages: Vec<&str> = pack
        .questions
        .iter()
        .flat_map(|q| &q.passages)
        .chain(pack.notes.iter().flat_map(|n| &n.passages))
        .map(Str::as_str)
        .collect();
    let mut found = quotes.find_many(&passages).into_iter().map(|r| r.is_some());
    v.questions(pack, &mut found, quotes);
    v.translation(pack, study.paragraphs.len());
    v.notes(pack, &mut found, quotes);
    if let Some(giveaways) = advice {
        v.typography(study.text());
        v.advice(pack, giveaways);
    }
}

/// What gives each drilled entry's quiz cards away, if anything, for the
/// entries `which` selects (`None` for the others).
pub fn card_giveaways(entries: &[Entry], which: impl Fn(&Entry) -> bool) -> Vec<Option<String>> {
    entries
        .iter()
        .map(|e| {
            (e.drill && !e.todo && which(e))
                .then(|| crate::quiz::fairness::card_giveaway(e))
                .flatten()
        })
        .collect()
}

/// A glossary entry as messages name it, put into words only when one
/// is told (most entries of a glossary have none).
struct EntryName<'a>(&'a str);

impl Display for EntryName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "glossary entry \"{}\"", shorten(self.0))
    }
}

/// An entry's sentence as messages name it.
struct Sentence<'a>(&'a str);

impl Display for Sentence<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: the sentence", EntryName(self.0))
    }
}

struct Validator<'a> {
    text: &'a str,
    spans: &'a Spans,
    out: &'a mut Found,
    diagnosed: usize,
}

impl Validator<'_> {
    fn report(&mut self, at: usize, message: String) {
        self.out.push(Pending::error(at, message));
    }

    fn require(&mut self, at: usize, what: &dyn Display, key: &str, value: &str) {
        if value.trim().is_empty() {
            self.report(
                at,
                format!("{what}: field `{key}` is empty; expected some text"),
            );
        }
    }

    fn quotation(
        &mut self,
        quotes: &QuoteFinder,
        at: usize,
        what: &dyn Display,
        quote: &str,
        found: bool,
    ) {
        if quote.trim().is_empty() {
            self.report(
                at,
                format!("{what} is empty; expected a quotation from the text"),
            );
            return;
        }
        if found {
            return;
        }
        let mut message = format!(
            "{what} \"{}\" does not occur in the text; expected a verbatim quotation",
            shorten(quote)
        );
        if self.diagnosed < DIAGNOSED_QUOTES {
            self.diagnosed += 1;
            if let Some(why) = where_it_stops(quotes, self.text, quote) {
                message = format!("{what} stops matching the text: {why}");
            }
        }
        self.report(at, message);
    }

    fn unique_id<'p>(
        &mut self,
        seen: &mut HashSet<&'p str>,
        at: usize,
        what: &dyn Display,
        id: &'p str,
    ) {
        if id.is_empty() || !id.chars().all(is_id_char) {
            self.report(
                at,
                format!(
                    "{what}: id \"{}\" is not valid; an id holds letters (accents allowed), digits, '-' and '_'",
                    shorten(id)
                ),
            );
        }
        if !seen.insert(id) {
            self.report(
                at,
                format!(
                    "{what}: id \"{}\" is used twice; expected each id once",
                    shorten(id)
                ),
            );
        }
    }

    fn meta(&mut self, pack: &Pack, meta_ok: bool) {
        if meta_ok {
            let s = &self.spans.pack;
            let mut seen = HashSet::new();
            let (id, title) = (s.field("id"), s.field("title"));
            self.unique_id(&mut seen, id, &"[pack]", &pack.pack.id);
            self.require(title, &"[pack]", "title", &pack.pack.title);
        }
        let body = self.spans.text.field("body");
        self.require(body, &"[text]", "body", &pack.text.body);
    }

    fn glossary(&mut self, study: &Study, quotes: &QuoteFinder) {
        let pack = &study.pack;
        let index = &study.index;
        let none = ItemSpans::default();
        let mut seen = HashSet::new();
        // Forms lemma matching left to entries that list them, by entry.
        let mut left: Vec<Vec<(&str, usize)>> = vec![Vec::new(); pack.glossary.len()];
        for (entry, form, other) in &study.lemma_matching.left_to_others {
            if let Some(l) = left.get_mut(*entry) {
                l.push((form.as_str(), *other));
            }
        }
        for (i, e) in pack.glossary.iter().enumerate() {
            let s = self.spans.glossary.get(i).unwrap_or(&none);
            let what = EntryName(&e.id);
            self.unique_id(&mut seen, s.field("id"), &what, &e.id);
            self.require(s.field("term"), &what, "term", &e.term);
            if e.todo {
                self.out.push(Pending::warning(
                    s.field("todo"),
                    format!("{what} is marked todo: its meaning is still to be written"),
                ));
            } else {
                self.require(s.field("en"), &what, "en", &e.en);
            }
            if e.pos == Pos::Noun && e.gender.is_none() {
                self.report(
                    s.field("pos"),
                    format!(
                        "{what}: a noun needs its gender; expected gender = \"m\", \"f\" or \"mf\""
                    ),
                );
            }
            // Forms left out were filled from the lemma: none means the
            // lemma was not found either.
            if e.forms.is_empty() {
                self.report(
                    s.field("term"),
                    format!(
                        "{what}: matches nothing in the text: no form of \"{}\" occurs; \
                         expected forms = [\"…\"] as written in the text",
                        shorten(&e.term)
                    ),
                );
            }
            for (form, other) in left.get(i).into_iter().flatten() {
                let other = pack.glossary.get(*other).map_or("", |o| o.id.as_str());
                self.out.push(Pending::warning(
                    s.field("term"),
                    format!(
                        "{what} would take \"{form}\" from entry \"{other}\", which lists it; \
                         it is left to \"{other}\" (list this entry's forms to choose otherwise)"
                    ),
                ));
            }
            for (f, form) in e.forms.iter().enumerate() {
                let at = s.element("forms", f);
                // A form of fewer characters has fewer tokens than that.
                if form.chars().nth(MAX_FORM_TOKENS).is_some() && form_too_long(form) {
                    self.report(
                        at,
                        format!(
                            "{what}: form \"{}\" is longer than {MAX_FORM_TOKENS} words; expected a word or an expression",
                            shorten(form)
                        ),
                    );
                } else if index.count_for_form(i, f) == 0 {
                    self.report(
                        at,
                        format!(
                            "{what}: form \"{}\" never occurs in the text; expected a form as written in the text",
                            shorten(form)
                        ),
                    );
                }
            }
            // An entry without a sentence took the one where it first
            // occurs; one that never occurs is reported by its forms.
            if !e.sentence.trim().is_empty() {
                let found = study.entry_sentences.get(i).is_some_and(Option::is_some);
                let what = Sentence(&e.id);
                self.quotation(quotes, s.field("sentence"), &what, &e.sentence, found);
            }
        }
    }

    fn questions(
        &mut self,
        pack: &Pack,
        found: &mut impl Iterator<Item = bool>,
        quotes: &QuoteFinder,
    ) {
        let none = ItemSpans::default();
        let mut seen = HashSet::new();
        for (i, q) in pack.questions.iter().enumerate() {
            let s = self.spans.questions.get(i).unwrap_or(&none);
            let what = format!("question \"{}\"", shorten(&q.id));
            self.unique_id(&mut seen, s.field("id"), &what, &q.id);
            self.require(s.field("prompt"), &what, "prompt", &q.prompt);
            self.require(s.field("explanation"), &what, "explanation", &q.explanation);
            match q.kind {
                QuestionKind::Choice => {
                    if q.choices.len() < 2 {
                        self.report(
                            s.field("choices"),
                            format!(
                                "{what}: has {} choices; expected at least 2",
                                q.choices.len()
                            ),
                        );
                    }
                    let distinct: HashSet<&str> = q.choices.iter().map(Str::as_str).collect();
                    if distinct.len() != q.choices.len() {
                        self.report(
                            s.field("choices"),
                            format!("{what}: a choice is given twice; expected distinct choices"),
                        );
                    }
                }
                QuestionKind::TrueFalse => {}
                QuestionKind::Short => {
                    if q.accept.is_empty() {
                        self.report(
                            s.field("accept"),
                            format!("{what}: accepts no answer; expected accept = [\"…\"]"),
                        );
                    }
                }
            }
            if q.passages.is_empty() {
                self.report(
                    s.field("passages"),
                    format!("{what}: points at no passage; expected passages = [\"…\"]"),
                );
            }
            for (p, passage) in q.passages.iter().enumerate() {
                let what = format!("{what}: passage {}", p + 1);
                let ok = found.next().unwrap_or(false);
                self.quotation(quotes, s.element("passages", p), &what, passage, ok);
            }
        }
    }

    fn translation(&mut self, pack: &Pack, count: usize) {
        let none = ItemSpans::default();
        let mut seen = HashSet::new();
        for (i, t) in pack.translation.iter().enumerate() {
            let s = self.spans.translation.get(i).unwrap_or(&none);
            let what = format!("translation {}", i + 1);
            if !(1..=count).contains(&t.paragraph) {
                self.report(
                    s.field("paragraph"),
                    format!(
                        "{what}: paragraph {} does not exist; the text has paragraphs 1 to {count}",
                        t.paragraph
                    ),
                );
            } else if !seen.insert(t.paragraph) {
                self.report(
                    s.field("paragraph"),
                    format!(
                        "{what}: paragraph {} is translated twice; expected one translation each",
                        t.paragraph
                    ),
                );
            }
            self.require(s.field("en"), &what, "en", &t.en);
        }
    }

    fn notes(&mut self, pack: &Pack, found: &mut impl Iterator<Item = bool>, quotes: &QuoteFinder) {
        let none = ItemSpans::default();
        let mut seen = HashSet::new();
        for (i, n) in pack.notes.iter().enumerate() {
            let s = self.spans.notes.get(i).unwrap_or(&none);
            let what = format!("note \"{}\"", shorten(&n.id));
            self.unique_id(&mut seen, s.field("id"), &what, &n.id);
            self.require(s.field("title"), &what, "title", &n.title);
            self.require(s.field("body"), &what, "body", &n.body);
            for (p, passage) in n.passages.iter().enumerate() {
                let what = format!("{what}: passage {}", p + 1);
                let ok = found.next().unwrap_or(false);
                self.quotation(quotes, s.element("passages", p), &what, passage, ok);
            }
        }
    }

    /// Plain spaces where French typography wants a no-break one: before
    /// `; : ! ? »` and after `«`. The text is kept as it is; this is advice.
    fn typography(&mut self, text: &str) {
        let base = self.spans.body;
        let fallback = self.spans.text.field("body");
        let mut count = 0;
        let mut first_unlisted = None;
        let mut prev: Option<(usize, char)> = None;
        for (i, c) in text.char_indices() {
            let hit = match (prev, c) {
                (Some((at, ' ')), ';' | ':' | '!' | '?' | '»') => {
                    Some((at, format!("a plain space before {c}")))
                }
                (Some((_, '«')), ' ') => Some((i, "a plain space after «".to_string())),
                _ => None,
            };
            prev = Some((i, c));
            let Some((at, what)) = hit else { continue };
            // "12 : 30" or a colon in a URL are not French punctuation
            // spacing questions; only flag after a letter, digit or quote.
            count += 1;
            let at = base.map_or(fallback, |b| b + at);
            if count <= TYPOGRAPHY_LISTED {
                self.out.push(Pending::warning(
                    at,
                    format!(
                        "the text has {what}; French typography wants a no-break space there \
                         (the text is kept as written)"
                    ),
                ));
            } else if first_unlisted.is_none() {
                first_unlisted = Some(at);
            }
        }
        if let Some(at) = first_unlisted {
            self.out.push(Pending::warning(
                at,
                format!(
                    "and {} more plain spaces around ; : ! ? « » from here on",
                    count - TYPOGRAPHY_LISTED
                ),
            ));
        }
    }

    /// Advice that does not stop a pack from loading: questions that can be
    /// passed without reading, answers the grader would never accept.
    fn advice(&mut self, pack: &Pack, giveaways: &[Option<String>]) {
        use crate::quiz::fairness::{STANDOUT_RATIO, blocked_answers, standout_option};
        let none = ItemSpans::default();
        for (i, q) in pack.questions.iter().enumerate() {
            let s = self.spans.questions.get(i).unwrap_or(&none);
            for b in blocked_answers(q) {
                self.out.push(Pending::warning(
                    s.field("reject"),
                    format!(
                        "question \"{}\": the accepted answer \"{}\" contains the reject phrase \"{}\", so it is always marked wrong; expected a reject phrase no accepted answer contains",
                        q.id, b.answer, b.phrase
                    ),
                ));
            }
            if let Some((right, other)) = standout_option(q) {
                self.out.push(Pending::warning(
                    s.field("choices"),
                    format!(
                        "question \"{}\": the right option has {right} characters, the longest other {other}; expected no more than {}% longer, so that length gives nothing away",
                        q.id,
                        ((STANDOUT_RATIO - 1.0) * 100.0).round()
                    ),
                ));
            }
        }
        for (i, e) in pack.glossary.iter().enumerate() {
            if !e.drill || e.todo {
                continue;
            }
            if let Some(reason) = giveaways.get(i).and_then(Option::as_ref) {
                let s = self.spans.glossary.get(i).unwrap_or(&none);
                self.out.push(Pending::warning(
                    s.field("en"),
                    format!(
                        "entry \"{}\": its quiz cards give the answer away ({reason}); expected drill = false for a name or a transparent word, or a meaning in other words",
                        e.id
                    ),
                ));
            }
        }
    }
}

/// Where a quotation stops matching the text, in words:
/// `…monde!» — the text has a narrow no-break space before !`.
///
/// The longest start of the quotation that occurs is found by halving
/// (a start that occurs has every shorter start occurring too).
pub fn where_it_stops(quotes: &QuoteFinder, text: &str, quote: &str) -> Option<String> {
    let quote = quote.trim();
    let bounds: Vec<usize> = quote
        .char_indices()
        .map(|(i, _)| i)
        .skip(1)
        .chain(std::iter::once(quote.len()))
        .collect();
    // bounds[k] is the end of the first k+1 characters.
    let (mut lo, mut hi) = (0usize, bounds.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if quotes.find(&quote[..bounds[mid - 1]]).is_some() {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    // A start of a few characters found somewhere says nothing of where
    // the author meant: only a good part of the quotation is worth showing.
    if lo < 8.min(bounds.len() / 2).max(1) || lo >= bounds.len() {
        return None;
    }
    // Quotations are compared trimmed, with white space runs alike: a
    // start ending in white space matched without it, and the difference
    // is at the first character after the spaces, or the spaces themselves.
    let trimmed = quote[..bounds[lo - 1]].trim_end().len();
    let found = quotes.find(&quote[..trimmed])?;
    let mut rest = text.get(found.end..)?;
    let mut wanted_rest = &quote[trimmed..];
    if wanted_rest.starts_with(char::is_whitespace) && rest.starts_with(char::is_whitespace) {
        rest = rest.trim_start();
        wanted_rest = wanted_rest.trim_start();
    }
    let wanted = wanted_rest.chars().next()?;
    let have = rest.chars().next();
    let wanted_at = quote.len() - wanted_rest.len();
    let tail_start = quote[..wanted_at]
        .char_indices()
        .rev()
        .nth(11)
        .map_or(0, |(i, _)| i);
    let shown_end = wanted_at + wanted.len_utf8();
    let ellipsis = if tail_start > 0 { "…" } else { "" };
    let shown = format!("{ellipsis}{}", &quote[tail_start..shown_end]);
    let why = match have {
        None => "the text ends there".to_string(),
        Some(h) if is_space_like(h) && !is_space_like(wanted) => {
            format!("the text has {} before {wanted}", char_name(h))
        }
        Some(h) if !is_space_like(h) && is_space_like(wanted) => {
            format!("the text has no space there, but {h}")
        }
        Some(h) => format!(
            "the text has {} where the quotation has {}",
            char_name(h),
            char_name(wanted)
        ),
    };
    Some(format!("{shown} — {why}"))
}

fn is_space_like(c: char) -> bool {
    c.is_whitespace()
}

/// A character as a reader would name it, for the invisible ones.
fn char_name(c: char) -> String {
    match c {
        '\u{202F}' => "a narrow no-break space".to_string(),
        '\u{A0}' => "a no-break space".to_string(),
        ' ' => "a space".to_string(),
        '\n' => "a line break".to_string(),
        c if c.is_whitespace() => format!("a space (U+{:04X})", u32::from(c)),
        c => format!("\"{c}\""),
    }
}
