//! Reading a pack's TOML document field by field, so that every problem of
//! every table is found in one run and told in the author's words: which
//! entry, which field, what was expected and what was found.
//!
//! The TOML library parses the document (recovering after syntax errors);
//! everything after that is ours. Each table is consumed as it is read, so
//! the parsed document shrinks while the pack grows.

use super::model::Extras;
use super::strings::Str;
use std::borrow::Cow;
use std::collections::HashMap;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::error::Severity;
use super::model::{Entry, Gender, Meta, Note, NoteKind, Pack, Pos, Question, QuestionKind, Text};
use super::model::{Translation, is_id_char};
use super::split;

/// A problem found before positions are worked out: a byte offset into the
/// source. Positions of all problems are computed together, in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub offset: Option<usize>,
    pub severity: Severity,
    pub message: String,
}

impl Pending {
    pub fn error(offset: usize, message: String) -> Pending {
        Pending {
            offset: Some(offset),
            severity: Severity::Error,
            message,
        }
    }

    pub fn warning(offset: usize, message: String) -> Pending {
        Pending {
            offset: Some(offset),
            severity: Severity::Warning,
            message,
        }
    }
}

/// The problems found so far. A pack can hold many more problems than
/// bytes (`[[notes]]` alone lacks four fields, each told in a sentence), so
/// past a budget proportional to the pack's size problems are only counted,
/// and told as one last line: memory stays bounded whatever the pack holds,
/// while any pack a person wrote has every problem listed.
#[derive(Debug)]
pub struct Found {
    list: Vec<Pending>,
    /// Bytes still to spend on problems kept.
    room: usize,
    /// Problems counted but not kept, and whether any is an error.
    untold: usize,
    untold_errors: bool,
}

/// What a problem kept costs beyond its message, about: its place in the
/// list while found and once located.
const PROBLEM_COST: usize = 160;

impl Found {
    /// Room for problems worth four times the source's size (at least a
    /// megabyte).
    pub fn for_source(source: &str) -> Found {
        Found {
            list: Vec::new(),
            room: source.len().saturating_mul(4).max(1 << 20),
            untold: 0,
            untold_errors: false,
        }
    }

    pub fn push(&mut self, problem: Pending) {
        let cost = problem.message.len() + PROBLEM_COST;
        if cost <= self.room {
            self.room -= cost;
            self.list.push(problem);
        } else {
            self.untold += 1;
            self.untold_errors |= problem.severity == Severity::Error;
        }
    }

    pub fn has_errors(&self) -> bool {
        self.untold_errors || self.list.iter().any(|p| p.severity == Severity::Error)
    }

    /// Keeps the errors only.
    pub fn retain_errors(&mut self) {
        self.list.retain(|p| p.severity == Severity::Error);
        if !self.untold_errors {
            self.untold = 0;
        }
    }

    /// The problems kept, and a last one telling how many more there are.
    pub fn into_parts(self) -> (Vec<Pending>, Option<Pending>) {
        let more = (self.untold > 0).then(|| Pending {
            offset: None,
            severity: if self.untold_errors {
                Severity::Error
            } else {
                Severity::Warning
            },
            message: format!(
                "and {} more problems, not listed: the {} above are all that is shown of a pack with this many; fix those and check again",
                self.untold,
                self.list.len()
            ),
        });
        (self.list, more)
    }
}

/// Where the values of one table (the metadata, an entry, a question…)
/// start in the source, for messages about them after reading.
///
/// Kept for every item of a pack until validation, so kept small: field
/// names as their index in [`FIELD_NAMES`], offsets as 32 bits, and lists
/// sized exactly.
#[derive(Debug, Clone, Default)]
pub struct ItemSpans {
    /// The table's header (or opening brace).
    pub table: u32,
    fields: Box<[(u8, u32)]>,
    /// Where each element of a list field starts.
    elements: Box<[(u8, Box<[u32]>)]>,
}

/// Every field name of every kind of table, to refer to one by a byte.
const FIELD_NAMES: &[&str] = &[
    "id",
    "title",
    "author",
    "date",
    "source",
    "level",
    "language",
    "body",
    "term",
    "pos",
    "gender",
    "en",
    "literal",
    "forms",
    "sentence",
    "note",
    "accept",
    "tags",
    "drill",
    "todo",
    "kind",
    "prompt",
    "choices",
    "answer",
    "correct",
    "reject",
    "model",
    "explanation",
    "passages",
    "paragraph",
];

/// A field name's index in [`FIELD_NAMES`] (`u8::MAX` for another name,
/// which is never recorded).
fn field_index(key: &str) -> u8 {
    FIELD_NAMES
        .iter()
        .position(|k| *k == key)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(u8::MAX)
}

impl ItemSpans {
    fn new(table: usize) -> ItemSpans {
        ItemSpans {
            table: offset32(table),
            ..ItemSpans::default()
        }
    }

    /// Where a field's value starts; the table itself when it is absent.
    pub fn field(&self, key: &str) -> usize {
        let key = field_index(key);
        self.fields
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(self.table, |(_, at)| *at) as usize
    }

    /// Where element `i` of a list field starts; the field when unknown.
    pub fn element(&self, key: &str, i: usize) -> usize {
        let index = field_index(key);
        self.elements
            .iter()
            .find(|(k, _)| *k == index)
            .and_then(|(_, e)| e.get(i))
            .map_or_else(|| self.field(key), |&at| at as usize)
    }
}

/// Where everything read sits, parallel to the pack's lists.
#[derive(Debug, Clone, Default)]
pub struct Spans {
    pub pack: ItemSpans,
    pub text: ItemSpans,
    /// Where the text's first byte is in the source, when the body is a
    /// literal string copied verbatim (so offsets into the text map back).
    pub body: Option<usize>,
    pub glossary: Vec<ItemSpans>,
    pub questions: Vec<ItemSpans>,
    pub translation: Vec<ItemSpans>,
    pub notes: Vec<ItemSpans>,
}

/// What reading produced: the pack made of every table that read cleanly.
pub struct Reading {
    pub pack: Pack,
    pub spans: Spans,
    /// Whether the document parsed and `[text]` read cleanly: only then
    /// are deeper checks (the text against the glossary) useful. A faulty
    /// `[pack]` table does not stop them: all problems come in one run.
    pub complete: bool,
    /// Whether `[pack]` read cleanly (its own checks are skipped if not:
    /// what is missing there was said already).
    pub meta_ok: bool,
}

fn offset32(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// Reads a pack; every problem found goes to `out`.
///
/// The source is parsed one top-level table at a time (see [`split`]):
/// each table is read into the pack and its tree dropped before the next
/// is parsed, so memory follows the pack read, not the TOML tree.
pub fn read(source: &str, out: &mut Found) -> Reading {
    let mut doc = Document::new(source, out);
    for piece in split::pieces(source) {
        doc.piece(piece);
    }
    doc.finish()
}

/// Like [`read`], handing the text to `work` as soon as `[text]` is read,
/// on another thread while the rest of the pack is read (the glossary
/// tables usually follow the text) if the text has `parallel_from` bytes
/// or more: `work` gives the text back (it may clean it) with what it made
/// of it, which comes back with the reading; `None` if the pack has no
/// text. `work` is also given the pack's metadata if it came before the
/// text and read cleanly (a long text's first screen can then be shown
/// while the rest is read). `read_to` is told, after each table read
/// past the text, how many bytes of the source outside the text are read
/// and how many there are, to show progress.
pub fn read_with_text<W: Send>(
    source: &str,
    out: &mut Found,
    parallel_from: usize,
    work: impl FnOnce(String, Option<Meta>) -> (String, W) + Send,
    read_to: &dyn Fn(usize, usize),
) -> (Reading, Option<W>) {
    let mut doc = Document::new(source, out);
    let mut pieces = split::pieces(source);
    let mut text_piece = 0;
    for piece in pieces.by_ref() {
        let len = piece.range.len();
        doc.piece(piece);
        if doc.text.is_some() {
            text_piece = len;
            break;
        }
    }
    let Some(text) = doc.text.as_mut() else {
        return (doc.finish(), None);
    };
    let outside = source.len().saturating_sub(text_piece);
    let read_rest = |doc: &mut Document| {
        for piece in pieces {
            let end = piece.range.end;
            doc.piece(piece);
            read_to(end.saturating_sub(text_piece), outside);
        }
    };
    let body = std::mem::take(&mut text.0);
    let meta = match &doc.meta {
        Some((meta, true)) => Some(meta.clone()),
        _ => None,
    };
    if body.len() < parallel_from {
        // A thread would cost more than it saves.
        let (body, made) = work(body, meta);
        if let Some(text) = doc.text.as_mut() {
            text.0 = body;
        }
        read_rest(&mut doc);
        return (doc.finish(), Some(made));
    }
    let made = std::thread::scope(|scope| {
        let worker = scope.spawn(move || work(body, meta));
        read_rest(&mut doc);
        match worker.join() {
            Ok(made) => made,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let (body, made) = made;
    if let Some(text) = doc.text.as_mut() {
        text.0 = body;
    }
    (doc.finish(), Some(made))
}

/// How a top-level key was defined, to tell a table defined twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Defined {
    /// `[key]`, or a value (`key = …`, `key.sub = …`) before any header.
    Once,
    /// `[[key]]`: each header adds a table to the list.
    List,
}

/// The pack's lists as read so far, and how their last item was named.
#[derive(Default)]
struct Lists {
    glossary: Vec<Entry>,
    questions: Vec<Question>,
    translation: Vec<Translation>,
    notes: Vec<Note>,
    /// Items seen per list (read cleanly or not), to number them.
    seen: [usize; 4],
}

struct Document<'s, 'o> {
    source: &'s str,
    r: Reader<'o>,
    any_syntax: bool,
    defined: HashMap<String, Defined>,
    meta: Option<(Meta, bool)>,
    text: Option<(String, Option<usize>, bool)>,
    lists: Lists,
    spans: Spans,
}

impl<'s, 'o> Document<'s, 'o> {
    fn new(source: &'s str, out: &'o mut Found) -> Self {
        Document {
            source,
            r: Reader {
                out,
                syntax: false,
                base: 0,
            },
            any_syntax: false,
            defined: HashMap::new(),
            meta: None,
            text: None,
            lists: Lists::default(),
            spans: Spans::default(),
        }
    }

    /// Parses one piece of the source and reads its tables.
    fn piece(&mut self, piece: split::Piece) {
        let base = piece.range.start;
        let Some(text) = self.source.get(piece.range) else {
            return;
        };
        let (root, errors) = DeTable::parse_recoverable(text);
        self.r.syntax = !errors.is_empty();
        self.r.base = base;
        self.any_syntax |= self.r.syntax;
        for e in errors {
            self.r.out.push(syntax_problem(text, base, &e));
        }
        let how = match &piece.header {
            None => Some(Defined::Once),
            Some(h) if h.dotted => None,
            Some(h) if h.array => Some(Defined::List),
            Some(_) => Some(Defined::Once),
        };
        for (key, value) in root.into_inner() {
            let at = base + key.span().start;
            let name = key.into_inner();
            match how {
                None => self.sub_table(&name, value),
                Some(how) => self.top(at, &name, how, value),
            }
        }
    }

    /// A top-level key with its value.
    fn top(&mut self, at: usize, name: &str, how: Defined, value: Spanned<DeValue<'_>>) {
        let first = !self.defined.contains_key(name);
        match self.defined.get(name) {
            Some(Defined::List) if how == Defined::List => {}
            Some(_) => {
                let message = format!(
                    "`{}` is defined twice; expected each key once in its table",
                    shorten(name)
                );
                self.r.out.push(Pending::error(at, message));
                return;
            }
            None => {
                self.defined.insert(name.to_string(), how);
            }
        }
        let r = &mut self.r;
        let (lists, spans) = (&mut self.lists, &mut self.spans);
        match name {
            "pack" => {
                let (meta, pack_spans, ok) = r.meta(value);
                spans.pack = pack_spans;
                self.meta = Some((meta, ok));
            }
            "text" => {
                let (body, text_spans, body_at, ok) = r.text(value, self.source);
                spans.text = text_spans;
                self.text = Some((body, body_at, ok));
            }
            "glossary" => {
                let read = r.list(
                    value,
                    0,
                    &mut lists.seen[0],
                    &mut spans.glossary,
                    Reader::entry,
                );
                lists.glossary.extend(read);
            }
            "questions" => {
                let read = r.list(
                    value,
                    1,
                    &mut lists.seen[1],
                    &mut spans.questions,
                    Reader::question,
                );
                lists.questions.extend(read);
            }
            "translation" => {
                let read = r.list(
                    value,
                    2,
                    &mut lists.seen[2],
                    &mut spans.translation,
                    Reader::translation,
                );
                lists.translation.extend(read);
            }
            "notes" => {
                let read = r.list(value, 3, &mut lists.seen[3], &mut spans.notes, Reader::note);
                lists.notes.extend(read);
            }
            _ if first => {
                r.unknown(at, "the pack", name, TOP_LEVEL);
            }
            _ => {}
        }
    }

    /// A sub-table header (`[pack.more]`) away from its table: whatever it
    /// holds is an unknown field of that table (or of the list's last item).
    fn sub_table(&mut self, name: &str, value: Spanned<DeValue<'_>>) {
        let base = self.r.base;
        let (what, known) = match name {
            "pack" => ("[pack]".to_string(), META_FIELDS),
            "text" => ("[text]".to_string(), &["body"][..]),
            _ => match LIST_NAMES.iter().position(|(key, _, _)| *key == name) {
                Some(i) => {
                    let (key, noun, known) = LIST_NAMES[i];
                    let what = match self.lists.seen[i] {
                        0 => format!("[[{key}]]"),
                        n => format!("{noun} {n}"),
                    };
                    (what, known)
                }
                None => {
                    let at = base + value.span().start;
                    if self
                        .defined
                        .insert(name.to_string(), Defined::Once)
                        .is_none()
                    {
                        self.r.unknown(at, "the pack", name, TOP_LEVEL);
                    }
                    return;
                }
            },
        };
        if let DeValue::Table(table) = value.into_inner() {
            for (key, _) in table {
                let at = base + key.span().start;
                self.r.unknown(at, &what, &key.into_inner(), known);
            }
        }
    }

    fn finish(self) -> Reading {
        let Document {
            r,
            any_syntax,
            meta,
            text,
            lists,
            mut spans,
            ..
        } = self;
        if meta.is_none() && !any_syntax {
            r.out.push(Pending::error(
                0,
                "the pack has no [pack] table; expected one, with id, title, author and date"
                    .to_string(),
            ));
        }
        if text.is_none() && !any_syntax {
            r.out.push(Pending::error(
                0,
                "the pack has no [text] table; expected one, with the text as body = '''…'''"
                    .to_string(),
            ));
        }
        // Lists grew by doubling: what is kept until the study is built
        // holds exactly what was read.
        let mut lists = lists;
        lists.glossary.shrink_to_fit();
        lists.questions.shrink_to_fit();
        lists.translation.shrink_to_fit();
        lists.notes.shrink_to_fit();
        for spans in [
            &mut spans.glossary,
            &mut spans.questions,
            &mut spans.translation,
            &mut spans.notes,
        ] {
            spans.shrink_to_fit();
        }
        let (meta, meta_ok) = meta.unwrap_or_else(|| (empty_meta(), false));
        let (body, body_at, text_ok) = text.unwrap_or_default();
        spans.body = body_at;
        Reading {
            pack: Pack {
                pack: meta,
                text: Text { body },
                glossary: lists.glossary,
                questions: lists.questions,
                translation: lists.translation,
                notes: lists.notes,
            },
            spans,
            complete: !any_syntax && text_ok,
            meta_ok,
        }
    }
}

/// The lists of tables: key, what one item is called, its fields.
const LIST_NAMES: [(&str, &str, &[&str]); 4] = [
    ("glossary", "glossary entry", ENTRY_FIELDS),
    ("questions", "question", QUESTION_FIELDS),
    ("translation", "translation", TRANSLATION_FIELDS),
    ("notes", "note", NOTE_FIELDS),
];

const TOP_LEVEL: &[&str] = &[
    "pack",
    "text",
    "glossary",
    "questions",
    "translation",
    "notes",
];
const META_FIELDS: &[&str] = &[
    "id", "title", "author", "date", "source", "level", "language",
];
const ENTRY_FIELDS: &[&str] = &[
    "id", "term", "pos", "gender", "en", "literal", "forms", "sentence", "note", "accept", "tags",
    "drill", "todo",
];
const QUESTION_FIELDS: &[&str] = &[
    "id",
    "kind",
    "prompt",
    "choices",
    "answer",
    "correct",
    "accept",
    "reject",
    "model",
    "explanation",
    "passages",
    "tags",
];
const TRANSLATION_FIELDS: &[&str] = &["paragraph", "en"];
const NOTE_FIELDS: &[&str] = &["id", "kind", "title", "body", "passages"];

/// Fields that only one kind of question has.
const KIND_FIELDS: &[(&str, QuestionKind)] = &[
    ("choices", QuestionKind::Choice),
    ("answer", QuestionKind::Choice),
    ("correct", QuestionKind::TrueFalse),
    ("accept", QuestionKind::Short),
    ("reject", QuestionKind::Short),
    ("model", QuestionKind::Short),
];

const POS_NAMES: &[(&str, Pos)] = &[
    ("noun", Pos::Noun),
    ("verb", Pos::Verb),
    ("adjective", Pos::Adjective),
    ("adverb", Pos::Adverb),
    ("preposition", Pos::Preposition),
    ("conjunction", Pos::Conjunction),
    ("pronoun", Pos::Pronoun),
    ("determiner", Pos::Determiner),
    ("interjection", Pos::Interjection),
    ("expression", Pos::Expression),
    ("proper-noun", Pos::ProperNoun),
    ("acronym", Pos::Acronym),
];
const GENDER_NAMES: &[(&str, Gender)] = &[
    ("m", Gender::Masculine),
    ("f", Gender::Feminine),
    ("mf", Gender::Both),
];
const KIND_NAMES: &[(&str, QuestionKind)] = &[
    ("choice", QuestionKind::Choice),
    ("true_false", QuestionKind::TrueFalse),
    ("short", QuestionKind::Short),
];
const NOTE_KIND_NAMES: &[(&str, NoteKind)] = &[
    ("context", NoteKind::Context),
    ("grammar", NoteKind::Grammar),
    ("text", NoteKind::Text),
];

fn kind_name(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Choice => "choice",
        QuestionKind::TrueFalse => "true_false",
        QuestionKind::Short => "short",
    }
}

/// What a question of each kind answers with, for messages.
fn kind_fields(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Choice => "`choices` and `answer`",
        QuestionKind::TrueFalse => "`correct`",
        QuestionKind::Short => "`accept` (and optionally `reject` and `model`)",
    }
}

/// A syntax error, reworded where the TOML library's words are obscure.
fn syntax_problem(source: &str, base: usize, e: &toml::de::Error) -> Pending {
    let message = e.message().trim();
    let span = e.span();
    let at = span.clone().map(|s| s.start);
    let text = |s: std::ops::Range<usize>| source.get(s).unwrap_or("").to_string();
    let message = if message == "duplicate key" {
        let key = span.map(text).unwrap_or_default();
        format!(
            "`{}` is defined twice; expected each key once in its table",
            shorten(&key)
        )
    } else if message == "recursion limit" || message.contains("recurse") {
        "keys or values are nested too deeply; expected a pack of plain tables and lists"
            .to_string()
    } else {
        format!("TOML syntax: {message}")
    };
    Pending {
        offset: at.or_else(|| deep_key_line(source)).map(|at| base + at),
        severity: Severity::Error,
        message,
    }
}

/// The start of the first line whose dotted key or table header has too
/// many parts for the TOML reader, which reports it without a position.
/// One pass over the source; multi-line strings are skipped.
fn deep_key_line(source: &str) -> Option<usize> {
    let mut in_string: Option<&str> = None;
    let mut at = 0;
    for line in source.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if let Some(delim) = in_string {
            if line.matches(delim).count() % 2 == 1 {
                in_string = None;
            }
            continue;
        }
        for delim in ["'''", "\"\"\""] {
            if line.matches(delim).count() % 2 == 1 {
                in_string = Some(delim);
            }
        }
        let key = line.split('=').next().unwrap_or("");
        if key.matches('.').count() >= 60 {
            return Some(start);
        }
    }
    None
}

/// The start of a long value, for a message.
pub fn shorten(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// What a value is, in words: `the text "2"`, `the number 2`, `a date`…
fn found(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("the text \"{}\"", shorten(s)),
        DeValue::Integer(i) => format!("the number {i}"),
        DeValue::Float(f) => format!("the number {f}"),
        DeValue::Boolean(b) => format!("{b}"),
        DeValue::Datetime(d) => match (d.date.is_some(), d.time.is_some()) {
            (true, true) => format!("a date and time ({d})"),
            (true, false) => format!("a date ({d})"),
            _ => format!("a time ({d})"),
        },
        DeValue::Array(_) => "a list".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}

/// The closest of `names` to `name`, if it is close enough to be a typo:
/// a name differing only in case first, then the config's rule (one
/// function for every "did you mean").
fn nearest<'n>(name: &str, names: &[&'n str]) -> Option<&'n str> {
    let lower = name.to_lowercase();
    names
        .iter()
        .find(|k| **k == lower)
        .copied()
        .or_else(|| crate::config::suggest::nearest(&lower, names))
}

fn list_names(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

struct Reader<'o> {
    out: &'o mut Found,
    /// Syntax errors make some fields look missing: say nothing of those.
    syntax: bool,
    /// Where the piece of source being read starts in the whole source:
    /// the TOML parser's spans are relative to the piece.
    base: usize,
}

/// One table being read: its fields are taken out as they are read, and
/// what is left at the end is unknown.
struct Item<'i> {
    table: DeTable<'i>,
    /// Where the piece of source the table is in starts.
    base: usize,
    what: Label<'i>,
    /// The table's header (or opening brace).
    at: usize,
    /// Fields taken so far and where their values start (see [`ItemSpans`]).
    fields: Vec<(u8, u32)>,
    elements: Vec<(u8, Box<[u32]>)>,
    ok: bool,
    /// Missing fields, told at the end unless a misspelt field explains them.
    missing: Vec<(&'static str, String)>,
}

/// How an item is named in messages, put into words only when a message
/// is told (most items of a glossary have none).
enum Label<'i> {
    /// `[pack]`, `[text]`.
    Table(&'static str),
    /// `glossary entry "maison"` by its id or term, else `glossary entry 3`
    /// by its number.
    Item {
        noun: &'static str,
        name: Option<Cow<'i, str>>,
        n: usize,
    },
}

impl Label<'_> {
    fn words(&self) -> String {
        match self {
            Label::Table(key) => format!("[{key}]"),
            Label::Item {
                noun,
                name: Some(name),
                ..
            } => format!("{noun} \"{}\"", shorten(name)),
            Label::Item { noun, n, .. } => format!("{noun} {n}"),
        }
    }
}

impl<'i> Item<'i> {
    fn new(table: DeTable<'i>, at: usize, base: usize, what: Label<'i>) -> Item<'i> {
        Item {
            table,
            base,
            what,
            at,
            fields: Vec::new(),
            elements: Vec::new(),
            ok: true,
            missing: Vec::new(),
        }
    }

    /// The string value of a field, without taking it (to name the item):
    /// a copy only if it is not the source's own text.
    fn peek(&self, key: &str) -> Option<Cow<'i, str>> {
        match self.table.get(key).map(Spanned::get_ref) {
            Some(DeValue::String(s)) => Some(s.clone()),
            _ => None,
        }
    }

    /// Whether a field was there (read well or not).
    fn had(&self, key: &str) -> bool {
        let key = field_index(key);
        self.fields.iter().any(|(k, _)| *k == key)
    }

    /// Where a field's value starts, if it was there.
    fn field_at(&self, key: &str) -> usize {
        let key = field_index(key);
        self.fields
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(self.at, |(_, at)| *at as usize)
    }

    /// The spans of what was read, sized exactly.
    fn into_spans(self) -> ItemSpans {
        ItemSpans {
            table: offset32(self.at),
            fields: self.fields.into_boxed_slice(),
            elements: self.elements.into_boxed_slice(),
        }
    }

    fn take(&mut self, key: &'static str) -> Option<(usize, DeValue<'i>)> {
        let v = self.table.remove(key)?;
        let at = self.base + v.span().start;
        self.fields.push((field_index(key), offset32(at)));
        Some((at, v.into_inner()))
    }
}

impl Reader<'_> {
    fn error(&mut self, item: &mut Item<'_>, at: usize, message: String) {
        item.ok = false;
        self.out.push(Pending::error(
            at,
            format!("{}: {message}", item.what.words()),
        ));
    }

    fn missing(&mut self, item: &mut Item<'_>, key: &'static str, expect: &str) {
        item.ok = false;
        if !self.syntax {
            let message = format!(
                "{}: field `{key}` is missing; expected {expect}",
                item.what.words()
            );
            item.missing.push((key, message));
        }
    }

    fn wrong(&mut self, item: &mut Item<'_>, key: &str, at: usize, expect: &str, v: &DeValue<'_>) {
        let message = format!("field `{key}` must be {expect}; found {}", found(v));
        self.error(item, at, message);
    }

    /// Reports an unknown field; returns the field it is probably a
    /// misspelling of.
    fn unknown(
        &mut self,
        at: usize,
        what: &str,
        name: &str,
        known: &[&'static str],
    ) -> Option<&'static str> {
        let near = nearest(name, known);
        let hint = match near {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("the fields here are {}", list_names(known)),
        };
        self.out.push(Pending::error(
            at,
            format!("{what}: unknown field `{}`; {hint}", shorten(name)),
        ));
        near
    }

    /// Reports whatever is left in the table as unknown (or as belonging
    /// to another kind of question) and hands back its spans.
    fn finish(
        &mut self,
        mut item: Item<'_>,
        known: &[&'static str],
        kind: Option<QuestionKind>,
    ) -> (ItemSpans, bool) {
        let table = std::mem::take(&mut item.table);
        let mut misspelt = Vec::new();
        for (key, _) in table {
            let at = item.base + key.span().start;
            let name = key.into_inner();
            item.ok = false;
            let foreign = KIND_FIELDS.iter().find(|(k, _)| *k == name.as_ref());
            match (foreign, kind) {
                (Some((_, owner)), Some(kind)) if *owner != kind => {
                    let message = format!(
                        "field `{name}` belongs to {} questions; a {} question has {}",
                        kind_name(*owner),
                        kind_name(kind),
                        kind_fields(kind)
                    );
                    self.error(&mut item, at, message);
                }
                _ => misspelt.extend(self.unknown(at, &item.what.words(), &name, known)),
            }
        }
        let at = item.at;
        for (key, message) in std::mem::take(&mut item.missing) {
            if !misspelt.contains(&key) {
                self.out.push(Pending::error(at, message));
            }
        }
        let ok = item.ok;
        (item.into_spans(), ok)
    }

    fn text_field(
        &mut self,
        item: &mut Item<'_>,
        key: &'static str,
        required: Option<&str>,
    ) -> Option<String> {
        match item.take(key) {
            None => {
                if let Some(expect) = required {
                    self.missing(item, key, expect);
                }
                None
            }
            Some((_, DeValue::String(s))) => Some(s.into_owned()),
            Some((at, v)) => {
                self.wrong(item, key, at, "text in quotes", &v);
                None
            }
        }
    }

    /// `date` may also be written as a TOML date (`date = 2024-09-05`).
    fn date_field(&mut self, item: &mut Item<'_>) -> Option<String> {
        match item.take("date") {
            None => {
                self.missing(item, "date", "the date of the text, such as \"2024-09-05\"");
                None
            }
            Some((_, DeValue::String(s))) => Some(s.into_owned()),
            Some((_, DeValue::Datetime(d))) => Some(d.to_string()),
            Some((at, v)) => {
                self.wrong(item, "date", at, "a date, such as \"2024-09-05\"", &v);
                None
            }
        }
    }

    fn id_field(&mut self, item: &mut Item<'_>, required: bool) -> Option<String> {
        let expect = "an id in quotes: letters (accents allowed), digits, '-' and '_'";
        let id = self.text_field(item, "id", required.then_some(expect))?;
        if id.is_empty() || !id.chars().all(is_id_char) {
            let at = item.field_at("id");
            self.error(
                item,
                at,
                format!("id \"{}\" is not valid; an id holds letters (accents allowed), digits, '-' and '_'", shorten(&id)),
            );
        }
        Some(id)
    }

    fn bool_field(
        &mut self,
        item: &mut Item<'_>,
        key: &'static str,
        required: bool,
    ) -> Option<bool> {
        let expect = "true or false, without quotes";
        match item.take(key) {
            None => {
                if required {
                    self.missing(item, key, expect);
                }
                None
            }
            Some((_, DeValue::Boolean(b))) => Some(b),
            Some((at, v)) => {
                self.wrong(item, key, at, expect, &v);
                None
            }
        }
    }

    fn list_field(
        &mut self,
        item: &mut Item<'_>,
        key: &'static str,
        expect: &str,
        required: bool,
    ) -> Option<Vec<String>> {
        let (at, value) = match item.take(key) {
            None => {
                if required {
                    self.missing(item, key, expect);
                }
                return None;
            }
            Some(found) => found,
        };
        let DeValue::Array(mut array) = value else {
            self.wrong(item, key, at, expect, &value);
            return None;
        };
        let mut out = Vec::with_capacity(array.len());
        let mut starts = Vec::with_capacity(array.len());
        let mut ok = true;
        for (i, element) in array.iter_mut().enumerate() {
            let element_at = item.base + element.span().start;
            starts.push(offset32(element_at));
            match std::mem::replace(element.get_mut(), DeValue::Boolean(false)) {
                DeValue::String(s) => out.push(s.into_owned()),
                other => {
                    ok = false;
                    let message = format!(
                        "item {} of `{key}` must be text in quotes; found {}",
                        i + 1,
                        found(&other)
                    );
                    self.error(item, element_at, message);
                }
            }
        }
        item.elements
            .push((field_index(key), starts.into_boxed_slice()));
        ok.then_some(out)
    }

    fn choice_field<T: Copy>(
        &mut self,
        item: &mut Item<'_>,
        key: &'static str,
        options: &[(&'static str, T)],
        noun: &str,
        required: bool,
    ) -> Option<T> {
        // The words of a message are made only when one is told: this runs
        // for every entry of a glossary, which is most often right.
        let names = || options.iter().map(|(n, _)| *n).collect::<Vec<&str>>();
        let list = || {
            names()
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let expect = || format!("{noun}, one of {}", list());
        match item.take(key) {
            None => {
                if required {
                    self.missing(item, key, &expect());
                }
                None
            }
            Some((at, DeValue::String(s))) => {
                if let Some((_, v)) = options.iter().find(|(n, _)| *n == s.as_ref()) {
                    return Some(*v);
                }
                let hint = match nearest(&s, &names()) {
                    Some(near) => format!("; did you mean \"{near}\"?"),
                    None => String::new(),
                };
                let message = format!(
                    "field `{key}` is \"{}\", which is not {noun}; expected one of {}{hint}",
                    shorten(&s),
                    list()
                );
                self.error(item, at, message);
                None
            }
            Some((at, v)) => {
                self.wrong(item, key, at, &format!("{} (in quotes)", expect()), &v);
                None
            }
        }
    }

    /// A positive whole number.
    fn number_field(
        &mut self,
        item: &mut Item<'_>,
        key: &'static str,
        expect: &str,
    ) -> Option<(usize, usize)> {
        match item.take(key) {
            None => None,
            Some((at, DeValue::Integer(i))) => {
                let n = i64::from_str_radix(i.as_str(), i.radix()).ok();
                match n.and_then(|n| usize::try_from(n).ok()) {
                    Some(n) => Some((at, n)),
                    None => {
                        let message =
                            format!("field `{key}` must be {expect}; found the number {i}");
                        self.error(item, at, message);
                        None
                    }
                }
            }
            Some((at, v)) => {
                self.wrong(item, key, at, expect, &v);
                None
            }
        }
    }

    /// A table that must be a table (`[pack]`, `[text]`).
    fn section<'i>(&mut self, value: Spanned<DeValue<'i>>, key: &'static str) -> Option<Item<'i>> {
        let at = self.base + value.span().start;
        match value.into_inner() {
            DeValue::Table(t) => Some(Item::new(t, at, self.base, Label::Table(key))),
            other => {
                self.out.push(Pending::error(
                    at,
                    format!(
                        "`{key}` must be a table written [{key}]; found {}",
                        found(&other)
                    ),
                ));
                None
            }
        }
    }

    fn meta(&mut self, value: Spanned<DeValue<'_>>) -> (Meta, ItemSpans, bool) {
        let mut meta = empty_meta();
        let at = self.base + value.span().start;
        let Some(mut item) = self.section(value, "pack") else {
            return (meta, ItemSpans::new(at), false);
        };
        meta.id = self.id_field(&mut item, true).unwrap_or_default();
        meta.title = self
            .text_field(&mut item, "title", Some("the title of the text, in quotes"))
            .unwrap_or_default();
        meta.author = self
            .text_field(&mut item, "author", Some("who wrote the text, in quotes"))
            .unwrap_or_default();
        meta.date = self.date_field(&mut item).unwrap_or_default();
        meta.source = self
            .text_field(&mut item, "source", None)
            .unwrap_or_default();
        meta.level = self
            .text_field(&mut item, "level", None)
            .unwrap_or_default();
        if let Some(language) = self.text_field(&mut item, "language", None) {
            meta.language = language;
        }
        let (spans, ok) = self.finish(item, META_FIELDS, None);
        (meta, spans, ok)
    }

    fn text(
        &mut self,
        value: Spanned<DeValue<'_>>,
        source: &str,
    ) -> (String, ItemSpans, Option<usize>, bool) {
        let at = self.base + value.span().start;
        let Some(mut item) = self.section(value, "text") else {
            return (String::new(), ItemSpans::new(at), None, false);
        };
        let body = self.text_field(&mut item, "body", Some("the text, as body = '''…'''"));
        let (spans, ok) = self.finish(item, &["body"], None);
        let body = body.unwrap_or_default();
        let body_at = literal_start(source, spans.field("body"), &body);
        (body, spans, body_at, ok)
    }

    /// Reads a list of tables (`[[glossary]]`, or `glossary = [{…}]`),
    /// returning the items that read cleanly. `seen` counts the list's
    /// items so far, to number them.
    fn list<'i, T>(
        &mut self,
        value: Spanned<DeValue<'i>>,
        which: usize,
        seen: &mut usize,
        spans: &mut Vec<ItemSpans>,
        mut read_one: impl FnMut(&mut Self, DeTable<'i>, (usize, usize)) -> (Option<T>, ItemSpans),
    ) -> Vec<T> {
        let (key, noun, _) = LIST_NAMES[which];
        let at = self.base + value.span().start;
        let mut array = match value.into_inner() {
            DeValue::Array(a) => a,
            other => {
                self.out.push(Pending::error(
                    at,
                    format!(
                        "`{key}` must be a list of tables, each {noun} under its own [[{key}]] header; found {}",
                        found(&other)
                    ),
                ));
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(array.len());
        for element in array.iter_mut() {
            *seen += 1;
            let n = *seen;
            let element_at = self.base + element.span().start;
            match std::mem::replace(element.get_mut(), DeValue::Boolean(false)) {
                DeValue::Table(t) => {
                    let (value, item_spans) = read_one(self, t, (element_at, n));
                    if let Some(value) = value {
                        out.push(value);
                        spans.push(item_spans);
                    }
                }
                other => self.out.push(Pending::error(
                    element_at,
                    format!(
                        "{noun} {n} must be a table, written [[{key}]] followed by its fields; found {}",
                        found(&other)
                    ),
                )),
            }
        }
        out
    }

    /// How an item is named in messages: by its id, else by `fallback`
    /// (the term of an entry), else by its number.
    fn name_item<'i>(
        &self,
        table: DeTable<'i>,
        at: usize,
        noun: &'static str,
        n: usize,
        fallback: &str,
    ) -> Item<'i> {
        let unnamed = Label::Item {
            noun,
            name: None,
            n,
        };
        let mut item = Item::new(table, at, self.base, unnamed);
        let name = item.peek("id").or_else(|| item.peek(fallback));
        item.what = Label::Item { noun, name, n };
        item
    }

    fn entry<'i>(
        &mut self,
        table: DeTable<'i>,
        (at, n): (usize, usize),
    ) -> (Option<Entry>, ItemSpans) {
        let mut item = self.name_item(table, at, "glossary entry", n, "term");
        let id = self.id_field(&mut item, false);
        let term = self.text_field(&mut item, "term", Some("the dictionary form, in quotes"));
        let pos = self.choice_field(&mut item, "pos", POS_NAMES, "a part of speech", true);
        let gender = self.choice_field(&mut item, "gender", GENDER_NAMES, "a gender", false);
        let todo = self.bool_field(&mut item, "todo", false).unwrap_or(false);
        let en_expect =
            "the English meaning in this text, in quotes (or todo = true while it is unwritten)";
        let en = self.text_field(&mut item, "en", (!todo).then_some(en_expect));
        let literal = self.text_field(&mut item, "literal", None);
        let forms = self.list_field(
            &mut item,
            "forms",
            "a list of the forms as written in the text, such as [\"manteau\", \"manteaux\"]",
            false,
        );
        // Left out, the forms are those of the term's lemma in the text.
        let forms = if item.table.contains_key("forms") || item.had("forms") {
            forms
        } else {
            Some(Vec::new())
        };
        let sentence = self.text_field(&mut item, "sentence", None);
        let note = self.text_field(&mut item, "note", None);
        let accept = self.list_field(&mut item, "accept", "a list of answers in quotes", false);
        let tags = self.list_field(&mut item, "tags", "a list of tags in quotes", false);
        let drill = self.bool_field(&mut item, "drill", false).unwrap_or(true);
        let (spans, ok) = self.finish(item, ENTRY_FIELDS, None);
        let (Some(term), Some(pos), Some(forms), true) = (term, pos, forms, ok) else {
            return (None, spans);
        };
        let entry = Entry {
            id: id.map(Str::from).unwrap_or_default(),
            term: term.into(),
            pos,
            gender,
            en: en.map(Str::from).unwrap_or_default(),
            forms: Str::all(forms).into(),
            sentence: sentence.map(Str::from).unwrap_or_default(),
            drill,
            todo,
            extras: Extras {
                literal: literal.map(Str::from),
                note: note.map(Str::from),
                accept: accept.map(Str::all).unwrap_or_default(),
                tags: tags.map(Str::all).unwrap_or_default(),
            }
            .boxed(),
        };
        (Some(entry), spans)
    }

    fn question<'i>(
        &mut self,
        table: DeTable<'i>,
        (at, n): (usize, usize),
    ) -> (Option<Question>, ItemSpans) {
        let mut item = self.name_item(table, at, "question", n, "id");
        let id = self.id_field(&mut item, true);
        let kind = self.choice_field(&mut item, "kind", KIND_NAMES, "a kind of question", true);
        let prompt = self.text_field(
            &mut item,
            "prompt",
            Some("the question, in French, in quotes"),
        );
        let explanation = self.text_field(
            &mut item,
            "explanation",
            Some("why the answer is right, in quotes"),
        );
        let passages = self.list_field(
            &mut item,
            "passages",
            "a list of quotations from the text that answer the question",
            true,
        );
        let tags = self.list_field(&mut item, "tags", "a list of tags in quotes", false);
        let (mut choices, mut answer, mut correct) = (Vec::new(), None, None);
        let (mut accept, mut reject, mut model) = (Vec::new(), Vec::new(), None);
        match kind {
            Some(QuestionKind::Choice) => {
                choices = self
                    .list_field(
                        &mut item,
                        "choices",
                        "a list of the choices, in quotes",
                        true,
                    )
                    .unwrap_or_default();
                let n = choices.len();
                let expect = if n >= 2 {
                    format!("the number of the right choice, 1 to {n}")
                } else {
                    "the number of the right choice, 1 to the number of choices".to_string()
                };
                match self.number_field(&mut item, "answer", &expect) {
                    None if !item.table.contains_key("answer") && !item.had("answer") => {
                        self.missing(&mut item, "answer", &expect);
                    }
                    None => {}
                    Some((at, a)) => {
                        if n >= 2 && !(1..=n).contains(&a) {
                            let message =
                                format!("field `answer` must be {expect}; found the number {a}");
                            self.error(&mut item, at, message);
                        }
                        answer = Some(a);
                    }
                }
            }
            Some(QuestionKind::TrueFalse) => correct = self.bool_field(&mut item, "correct", true),
            Some(QuestionKind::Short) => {
                accept = self
                    .list_field(
                        &mut item,
                        "accept",
                        "a list of the answers accepted, in quotes",
                        true,
                    )
                    .unwrap_or_default();
                reject = self
                    .list_field(
                        &mut item,
                        "reject",
                        "a list of phrases that make an answer wrong",
                        false,
                    )
                    .unwrap_or_default();
                model = self.text_field(&mut item, "model", None);
            }
            None => {}
        }
        let (spans, ok) = self.finish(item, QUESTION_FIELDS, kind);
        let (Some(id), Some(kind), Some(prompt), Some(explanation), Some(passages), true) =
            (id, kind, prompt, explanation, passages, ok)
        else {
            return (None, spans);
        };
        let question = Question {
            id: id.into(),
            kind,
            prompt: prompt.into(),
            choices: Str::all(choices),
            answer,
            correct,
            accept: Str::all(accept),
            reject: Str::all(reject),
            model: model.map(Str::from),
            explanation: explanation.into(),
            passages: Str::all(passages),
            tags: Str::all(tags.unwrap_or_default()),
        };
        (Some(question), spans)
    }

    fn translation<'i>(
        &mut self,
        table: DeTable<'i>,
        (at, n): (usize, usize),
    ) -> (Option<Translation>, ItemSpans) {
        let what = Label::Item {
            noun: "translation",
            name: None,
            n,
        };
        let mut item = Item::new(table, at, self.base, what);
        let expect = "the number of the paragraph translated, from 1";
        let paragraph = self.number_field(&mut item, "paragraph", expect);
        if paragraph.is_none() && !item.had("paragraph") {
            self.missing(&mut item, "paragraph", expect);
        }
        let en = self.text_field(&mut item, "en", Some("the English translation, in quotes"));
        let (spans, ok) = self.finish(item, TRANSLATION_FIELDS, None);
        let (Some((_, paragraph)), Some(en), true) = (paragraph, en, ok) else {
            return (None, spans);
        };
        let en = en.into();
        (Some(Translation { paragraph, en }), spans)
    }

    fn note<'i>(
        &mut self,
        table: DeTable<'i>,
        (at, n): (usize, usize),
    ) -> (Option<Note>, ItemSpans) {
        let mut item = self.name_item(table, at, "note", n, "title");
        let id = self.id_field(&mut item, true);
        let kind = self.choice_field(&mut item, "kind", NOTE_KIND_NAMES, "a kind of note", true);
        let title = self.text_field(&mut item, "title", Some("a title, in quotes"));
        let body = self.text_field(&mut item, "body", Some("the note itself, in quotes"));
        let passages = self.list_field(
            &mut item,
            "passages",
            "a list of quotations from the text",
            false,
        );
        let (spans, ok) = self.finish(item, NOTE_FIELDS, None);
        let (Some(id), Some(kind), Some(title), Some(body), true) = (id, kind, title, body, ok)
        else {
            return (None, spans);
        };
        let note = Note {
            id: id.into(),
            kind,
            title: title.into(),
            body: body.into(),
            passages: Str::all(passages.unwrap_or_default()),
        };
        (Some(note), spans)
    }
}

/// The metadata of a pack whose `[pack]` is missing or unreadable.
fn empty_meta() -> Meta {
    Meta {
        id: String::new(),
        title: String::new(),
        author: String::new(),
        date: String::new(),
        source: String::new(),
        level: String::new(),
        language: "fr".to_string(),
    }
}

/// Where the body's first byte is in the source, if the body was written
/// as a literal string (`'''…'''` or `'…'`) and so appears there verbatim.
fn literal_start(source: &str, value_at: usize, body: &str) -> Option<usize> {
    let rest = source.get(value_at..)?;
    let start = if let Some(r) = rest.strip_prefix("'''") {
        value_at + 3 + usize::from(r.starts_with('\n'))
    } else if rest.starts_with('\'') {
        value_at + 1
    } else {
        return None;
    };
    source.get(start..)?.starts_with(body).then_some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(source: &str) -> Vec<String> {
        pending(source).into_iter().map(|p| p.message).collect()
    }

    fn pending(source: &str) -> Vec<Pending> {
        let mut out = Found::for_source(source);
        read(source, &mut out);
        let (mut list, more) = out.into_parts();
        list.sort_by_key(|p| p.offset);
        list.extend(more);
        list
    }

    const META: &str = "[pack]\nid = 'p'\ntitle = 'T'\nauthor = 'A'\ndate = 2024-09-05\n\n[text]\nbody = 'Le chat.'\n";

    #[test]
    fn a_clean_pack_reads_without_problems() {
        let mut out = Found::for_source(META);
        let r = read(META, &mut out);
        assert!(out.into_parts().0.is_empty());
        assert!(r.complete);
        assert_eq!(r.pack.pack.date, "2024-09-05");
        assert_eq!(r.spans.body, Some(META.find("Le chat").unwrap_or(0)));
    }

    #[test]
    fn every_problem_of_every_entry_is_reported() {
        let src = format!(
            "{META}\n[[glossary]]\nid = 'manteau'\nterm = 'manteau'\npos = 'nom'\nforms = 'manteau'\nx = 1\n\n[[glossary]]\nterm = 'chat'\npos = 'noun'\nen = 3\nforms = ['chat', 2]\nfroms = []\n"
        );
        assert_eq!(
            problems(&src),
            [
                "glossary entry \"manteau\": field `en` is missing; expected the English meaning in this text, in quotes (or todo = true while it is unwritten)",
                "glossary entry \"manteau\": field `pos` is \"nom\", which is not a part of speech; expected one of \"noun\", \"verb\", \"adjective\", \"adverb\", \"preposition\", \"conjunction\", \"pronoun\", \"determiner\", \"interjection\", \"expression\", \"proper-noun\", \"acronym\"",
                "glossary entry \"manteau\": field `forms` must be a list of the forms as written in the text, such as [\"manteau\", \"manteaux\"]; found the text \"manteau\"",
                "glossary entry \"manteau\": unknown field `x`; the fields here are `id`, `term`, `pos`, `gender`, `en`, `literal`, `forms`, `sentence`, `note`, `accept`, `tags`, `drill`, `todo`",
                "glossary entry \"chat\": field `en` must be text in quotes; found the number 3",
                "glossary entry \"chat\": item 2 of `forms` must be text in quotes; found the number 2",
                "glossary entry \"chat\": unknown field `froms`; did you mean `forms`?",
            ]
        );
    }

    #[test]
    fn questions_speak_of_choices_and_kinds() {
        let src = format!(
            "{META}\n[[questions]]\nid = 'q1'\nkind = 'choice'\nprompt = 'P'\nchoices = ['a', 'b', 'c', 'd']\nanswer = \"2\"\ncorrect = true\nexplanation = 'E'\npassages = ['Le chat.']\n\n[[questions]]\nid = 'q2'\nkind = 'choice'\nprompt = 'P'\nchoices = ['a', 'b']\nanswer = 3\nexplanation = 'E'\npassages = ['Le chat.']\n"
        );
        assert_eq!(
            problems(&src),
            [
                "question \"q1\": field `answer` must be the number of the right choice, 1 to 4; found the text \"2\"",
                "question \"q1\": field `correct` belongs to true_false questions; a choice question has `choices` and `answer`",
                "question \"q2\": field `answer` must be the number of the right choice, 1 to 2; found the number 3",
            ]
        );
    }

    #[test]
    fn suggestions_only_for_close_names() {
        assert_eq!(nearest("autor", META_FIELDS), Some("author"));
        assert_eq!(nearest("x", ENTRY_FIELDS), None);
        assert_eq!(nearest("EN", ENTRY_FIELDS), Some("en"));
        assert_eq!(nearest("glossaire", TOP_LEVEL), Some("glossary"));
        assert_eq!(nearest("zzzz", ENTRY_FIELDS), None);
    }

    #[test]
    fn syntax_messages_name_the_key() {
        let src = format!("{META}\n[pack]\n");
        let out = pending(&src);
        assert_eq!(
            out[0].message,
            "`pack` is defined twice; expected each key once in its table"
        );
        let twice = format!("{META}\n[[glossary]]\nterm = 'a'\nterm = 'b'\n");
        let out = pending(&twice);
        assert_eq!(
            out[0].message,
            "`term` is defined twice; expected each key once in its table"
        );
        assert_eq!(out[0].offset, twice.rfind("term"));
        // Too deep to parse, in a key, a header or a value: still located.
        for deep in [
            format!("{META}{} = 1\n", vec!["a"; 100].join(".")),
            format!("{META}[{}]\n", vec!["a"; 100].join(".")),
        ] {
            let out = pending(&deep);
            assert_eq!(out[0].offset, Some(META.len()), "{out:?}");
            assert!(out[0].message.contains("nested too deeply"), "{out:?}");
        }
        let deep = format!(
            "{META}[[glossary]]\nx = {}{}\n",
            "[".repeat(200),
            "]".repeat(200)
        );
        let out = pending(&deep);
        let told = out.iter().find(|p| p.message.contains("nested too deeply"));
        assert!(
            told.is_some_and(|p| p.offset.is_some_and(|at| at > META.len())),
            "{out:?}"
        );
    }

    #[test]
    fn tables_read_one_at_a_time_keep_their_positions_and_duplicates() {
        let entry = "[[glossary]]\nterm = 'chat'\npos = 'noun'\ngender = 'm'\nen = 'cat'\nforms = ['chat']\n";
        let src = format!(
            "{META}\n{entry}\n[glossary]\nx = 1\n\n[pack]\nid = 'q'\n\n[[zz]]\n[[zz]]\n[text.more]\nsub = 2\n"
        );
        let out = pending(&src);
        let told: Vec<(usize, &str)> = out
            .iter()
            .map(|p| (p.offset.unwrap_or(usize::MAX), p.message.as_str()))
            .collect();
        let at = |needle: &str| src.find(needle).unwrap_or(usize::MAX);
        assert_eq!(
            told,
            [
                (
                    at("glossary]\nx"),
                    "`glossary` is defined twice; expected each key once in its table"
                ),
                (
                    at("pack]\nid = 'q'"),
                    "`pack` is defined twice; expected each key once in its table"
                ),
                (
                    at("zz"),
                    "the pack: unknown field `zz`; the fields here are `pack`, `text`, `glossary`, `questions`, `translation`, `notes`"
                ),
                (
                    at("more"),
                    "[text]: unknown field `more`; the fields here are `body`"
                ),
            ]
        );
        // The entry itself read well, after the document was cut up.
        let mut found = Found::for_source(&src);
        assert_eq!(read(&src, &mut found).pack.glossary.len(), 1);
    }

    #[test]
    fn an_inline_list_and_its_headers_are_one_list_defined_twice() {
        let src = format!(
            "glossary = [{{ term = 'chat', pos = 'noun', en = 'cat' }}]\n{META}\n[[glossary]]\nterm = 'a'\n"
        );
        let out = problems(&src);
        assert_eq!(
            out,
            ["`glossary` is defined twice; expected each key once in its table"]
        );
    }

    #[test]
    fn syntax_errors_in_one_table_leave_the_others_read() {
        let src = format!(
            "{META}\n[[glossary]]\nterm = 'chat\n\n[[glossary]]\nterm = 'chien'\npos = 'nom'\n"
        );
        let out = pending(&src);
        assert!(out[0].message.starts_with("TOML syntax"), "{out:?}");
        assert!(out[0].offset.is_some_and(|at| at > META.len()), "{out:?}");
        assert!(
            out.iter()
                .any(|p| p.message.contains("\"nom\", which is not a part of speech")),
            "{out:?}"
        );
    }

    #[test]
    fn past_a_budget_problems_are_counted_not_kept() {
        // Four missing fields per ten bytes.
        let src = format!("{META}{}", "[[notes]]\n".repeat(4000));
        let out = pending(&src);
        let last = out.last().map(|p| p.message.as_str()).unwrap_or_default();
        let untold: usize = last
            .strip_prefix("and ")
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(untold > 0, "{last}");
        assert_eq!(out.len() - 1 + untold, 4 * 4000);
        assert_eq!(out.last().map(|p| p.offset), Some(None));
    }

    #[test]
    fn every_field_has_a_short_name() {
        let all = [
            META_FIELDS,
            ENTRY_FIELDS,
            QUESTION_FIELDS,
            TRANSLATION_FIELDS,
            NOTE_FIELDS,
            &["body"],
        ];
        for name in all.into_iter().flatten() {
            assert!(field_index(name) < u8::MAX, "{name}");
        }
    }

    #[test]
    fn a_datetime_is_called_a_date() {
        for (value, called) in [
            ("2024-09-05T10:00:00", "a date and time"),
            ("2024-09-05", "a date"),
            ("10:00:00", "a time"),
        ] {
            let src = META.replace("title = 'T'", &format!("title = {value}"));
            assert_eq!(
                problems(&src),
                [format!(
                    "[pack]: field `title` must be text in quotes; found {called} ({value})"
                )]
            );
        }
    }

    /// The reader and the model's serde derive (used for the compiled
    /// built-in pack) must agree on every field: a field added to the model
    /// but not read here fails this test.
    #[test]
    fn reads_every_field_the_model_has() {
        let full = format!(
            "{META}\n[[glossary]]\nid = 'chat'\nterm = 'chat'\npos = 'noun'\ngender = 'm'\nen = 'cat'\nliteral = 'l'\nforms = ['chat']\nsentence = 'Le chat.'\nnote = 'n'\naccept = ['a']\ntags = ['t']\ndrill = false\ntodo = true\n\n[[questions]]\nid = 'q'\nkind = 'short'\nprompt = 'P'\naccept = ['a']\nreject = ['r']\nmodel = 'm'\nexplanation = 'E'\npassages = ['Le chat.']\ntags = ['t']\n\n[[translation]]\nparagraph = 1\nen = 'The cat.'\n\n[[notes]]\nid = 'n'\nkind = 'grammar'\ntitle = 'T'\nbody = 'B'\npassages = ['chat']\n"
        );
        let full = full.replace(
            "date = 2024-09-05",
            "date = '2024-09-05'\nsource = 's'\nlevel = 'B1'\nlanguage = 'fr'",
        );
        for source in [full.as_str(), crate::pack::BUILTIN[0].1] {
            let mut out = Found::for_source(source);
            let ours = read(source, &mut out).pack;
            assert!(!out.has_errors(), "{out:?}");
            let theirs: Pack = toml::from_str(source).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(ours, theirs);
            let written = toml::to_string(&theirs).unwrap_or_else(|e| panic!("{e}"));
            let mut out = Found::for_source(&written);
            assert_eq!(read(&written, &mut out).pack, theirs, "{out:?}");
        }
    }
}
