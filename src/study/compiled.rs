//! The compiled pack: a pack with everything derived from it, as bytes
//! that load in a fraction of a millisecond for the statement (no TOML, no
//! tokenizing, no matching, no quotation anchoring).
//!
//! The build script writes the built-in pack in this form, and the pack
//! cache keeps users' packs in it. All offsets are 32-bit (packs are far
//! below 4 GiB: larger texts are refused before compiling). What is cheap
//! to rebuild and would be redundant is not stored: token starts (each
//! token starts where the previous one ends), occurrences' byte ranges
//! (those of their tokens), the per-entry occurrence lists.
//!
//! Loading checks everything: a count larger than the bytes left, an
//! offset out of bounds or off a character boundary, an entry or token
//! number that does not exist, an alphabetical order that is not a
//! permutation, trailing bytes — any of these makes the whole load `None`,
//! and the caller compiles the pack from its source instead.

use std::ops::Range;

use super::derive::{Derived, DerivedView};
use crate::binary::{Reader, Writer, list};
use crate::pack::strings::{Source, Str, Strs};
use crate::pack::{
    Entry, Gender, Meta, Note, NoteKind, Pack, Pos, Question, QuestionKind, Text, Translation,
};
use crate::text::matching::{FormNodes, GlossaryIndex, Occurrence};
use crate::text::tokenize::{MAX_TOKEN_BYTES, Token, TokenKind};
use std::sync::Arc;

/// Identifies compiled data.
const MAGIC: &[u8; 8] = b"LSPACK\r\n";

/// Bumped whenever the layout or the meaning of what is stored changes:
/// data of another version is never read.
pub const FORMAT: u32 = 3;

/// Everything a compiled pack holds, as read back.
#[derive(Debug, Clone)]
pub struct Parts {
    pub pack: Pack,
    pub derived: Derived,
    /// Per entry: whether its forms came from its lemma.
    pub forms_derived: Vec<bool>,
    /// Forms an entry's lemma left to another entry listing them.
    pub left_to_others: Vec<(usize, String, usize)>,
    /// The whole text's length (a preview holds its beginning).
    pub text_len: usize,
    /// The whole text's [`text_fingerprint`].
    pub text_fingerprint: u64,
}

/// Whether a text can be compiled: offsets are stored in 32 bits.
pub fn fits(text_len: usize) -> bool {
    u32::try_from(text_len).is_ok()
}

/// The compiled bytes of a pack and what is derived from it, given as
/// in [`Parts`]. `None` for a text too large for 32-bit offsets.
pub fn encode(
    pack: &Pack,
    derived: DerivedView<'_>,
    forms_derived: &[bool],
    left_to_others: &[(usize, String, usize)],
) -> Option<Vec<u8>> {
    let w = write(
        Writer::apart(),
        pack,
        derived,
        forms_derived,
        left_to_others,
        true,
    )?;
    Some(w.bytes)
}

/// Like [`encode`], with the strings' contents kept apart (see
/// [`crate::binary`]): the bytes, then the strings, for [`decode_apart`].
/// The build script embeds the built-in pack this way.
pub fn encode_apart(
    pack: &Pack,
    derived: DerivedView<'_>,
    forms_derived: &[bool],
    left_to_others: &[(usize, String, usize)],
) -> Option<(Vec<u8>, String)> {
    let w = write(
        Writer::apart(),
        pack,
        derived,
        forms_derived,
        left_to_others,
        false,
    )?;
    Some((w.bytes, w.strings.unwrap_or_default()))
}

/// Writes with the strings' contents kept apart by `w`: at the end of the
/// head if `inline` (checked as UTF-8 at once when read, not string by
/// string), else left in `w` for the caller.
fn write(
    mut w: Writer,
    pack: &Pack,
    derived: DerivedView<'_>,
    forms_derived: &[bool],
    left_to_others: &[(usize, String, usize)],
    inline: bool,
) -> Option<Writer> {
    if !fits(pack.text.body.len()) || !fits(derived.tokens.len()) {
        return None;
    }
    w.bytes.extend_from_slice(MAGIC);
    w.u32(FORMAT);
    // The head's length and its strings', filled in below.
    w.u64(0);
    w.u64(0);
    write_pack(&mut w, pack);
    w.usize(forms_derived.len());
    for &d in forms_derived {
        w.bool(d);
    }
    w.usize(left_to_others.len());
    for (entry, form, other) in left_to_others {
        w.usize(*entry);
        w.str(form);
        w.usize(*other);
    }
    write_small(&mut w, derived);
    if inline && let Some(strings) = w.strings.take() {
        w.bytes.extend_from_slice(strings.as_bytes());
        let len = strings.len() as u64;
        w.bytes[STRINGS_LEN_AT..HEADER].copy_from_slice(&len.to_le_bytes());
    }
    let head = w.bytes.len() as u64;
    w.bytes[HEAD_LEN_AT..STRINGS_LEN_AT].copy_from_slice(&head.to_le_bytes());
    w.bytes.extend_from_slice(pack.text.body.as_bytes());
    write_big(&mut w, derived);
    Some(w)
}

/// Reads compiled bytes back; `None` if they are not exactly what
/// [`encode`] writes for a consistent pack of this [`FORMAT`].
pub fn decode(bytes: &[u8]) -> Option<Parts> {
    decode_whole(bytes, Strings::AtEnd)
}

/// Reads back what [`encode_apart`] wrote, as [`decode`] does (and as
/// warily: only the strings are known to be UTF-8).
/// The entries read borrow the strings (the program's own: no copies).
pub fn decode_apart(bytes: &[u8], strings: &'static str) -> Option<Parts> {
    decode_whole(bytes, Strings::Static(strings))
}

fn decode_whole(bytes: &[u8], strings: Strings) -> Option<Parts> {
    let head = bytes.get(..head_len(bytes)?)?;
    let big = |at: usize, len: usize| bytes.get(head.len() + at..head.len() + at + len);
    let (parts, used) = decode_parts(head, &strings, &big, None)?;
    (used == bytes.len() - head.len()).then_some(parts)
}

/// Like [`decode`], from the head and the `rest_len` bytes after it read
/// on demand (`big(at, len)`: `len` bytes from `at` past the head), so
/// that no copy of all the bytes is held at once: the head is let go once
/// read, and the large arrays are read a piece at a time.
pub fn decode_in_parts<B: AsRef<[u8]> + Into<Vec<u8>>>(
    head: Vec<u8>,
    strings: &Strings,
    big: &dyn Fn(usize, usize) -> Option<B>,
    rest_len: usize,
) -> Option<Parts> {
    let (parts, used) = decode_parts(head, strings, big, None)?;
    (used == rest_len).then_some(parts)
}

/// Compiled data is a head (the pack and everything small derived from
/// it) and then the large part (the text, tokens and occurrences), so
/// that a preview reads the head, the beginning of the text and the first
/// few thousand items of each array. How long the head is; `None` if
/// these are not compiled bytes of this format.
pub fn head_len(bytes: &[u8]) -> Option<usize> {
    let mut r = Reader::new(bytes);
    if r.take(MAGIC.len())? != MAGIC || r.u32()? != FORMAT {
        return None;
    }
    usize::try_from(r.u64()?).ok().filter(|&n| n >= HEADER)
}

/// How many bytes start compiled data and hold its [`head_len`] and the
/// length of the strings that end the head.
pub const HEADER: usize = 28;
const HEAD_LEN_AT: usize = 12;
const STRINGS_LEN_AT: usize = 20;

/// Where the contents of a head's strings are (their lengths are in the
/// head). Entries read from the head borrow them (see [`Source`]).
#[derive(Debug, Clone)]
pub enum Strings {
    /// At the head's end: the head is whole.
    AtEnd,
    /// In the program: the built-in pack's, whose head holds none.
    Static(&'static str),
    /// Read apart into a string of their own, the head being what comes
    /// before them ([`strings_len`] says how long they are): the cache
    /// reads them so, to be borrowed without a copy.
    Apart(Arc<String>),
}

/// How long the contents of the strings at the end of a head are, given
/// its first [`HEADER`] bytes.
pub fn strings_len(header: &[u8]) -> Option<usize> {
    let at = header.get(STRINGS_LEN_AT..STRINGS_LEN_AT + 8)?;
    usize::try_from(u64::from_le_bytes(at.try_into().ok()?)).ok()
}

/// A head (of [`head_len`] bytes, less its strings when they are read
/// apart) split into its bytes and its strings' contents, those at its
/// end checked as UTF-8 at once.
fn split_head<'s, 'h: 's>(head: &'h [u8], strings: &'s Strings) -> Option<(&'h [u8], &'s str)> {
    let len = head_len(head)?;
    let inline = strings_len(head)?;
    let split = len.checked_sub(inline).filter(|&n| n >= HEADER)?;
    let contents = match strings {
        Strings::AtEnd if head.len() == len => std::str::from_utf8(head.get(split..)?).ok()?,
        Strings::Static(all) if head.len() == len && inline == 0 => all,
        Strings::Apart(all) if head.len() == split && all.len() == inline => all.as_str(),
        _ => return None,
    };
    Some((head.get(HEADER..split)?, contents))
}

/// A reader of a head (see [`split_head`]).
fn head_reader<'a>(head: &'a [u8], strings: &'a Strings) -> Option<Reader<'a>> {
    split_head(head, strings).map(|(bytes, contents)| Reader::apart(bytes, contents))
}

/// A head's bytes and where the entries read from it take their strings:
/// the program's or those read apart, else one copy of those at the
/// head's end, so that the head can be let go and no entry's string is a
/// copy of its own.
fn head_strings<'a>(head: &'a [u8], strings: &Strings) -> Option<(&'a [u8], Source)> {
    let (bytes, contents) = split_head(head, strings)?;
    let source = match strings {
        Strings::AtEnd => Source::Shared(Arc::new(contents.to_string())),
        Strings::Static(all) => Source::Static(all),
        Strings::Apart(all) => Source::Shared(Arc::clone(all)),
    };
    Some((bytes, source))
}

/// The fingerprint that ties progress to a text (64-bit FNV-1a of its
/// bytes): stable across versions and platforms, and stored with a
/// compiled text so that a long one is tied without a pass over it.
pub fn text_fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// The length and [`text_fingerprint`] of the text of a compiled head;
/// `None` if it is not one of this format.
pub fn text_summary(head: &[u8]) -> Option<(usize, u64)> {
    head_len(head)?;
    // The strings' contents are apart: the description's seven strings
    // are seven lengths here (their contents are checked when read).
    let mut r = Reader::new(head.get(HEADER..)?);
    for _ in 0..7 {
        r.usize()?;
    }
    Some((r.usize()?, r.u64()?))
}

/// Like [`decode`], from the head and the large part read on demand
/// (`big(at, len)`: `len` bytes from `at` past the head, `None` past the
/// end), keeping only the beginning of the text: `cut`, given the text's
/// first bytes, says where the preview ends (at a line break), or `None`
/// to be given more. Only that much of the text and of the arrays is read
/// and checked (the rest is when the whole is read); the parts say the
/// whole text's length and fingerprint. `None` also when `cut` finds no
/// end before the text's: then the whole is to be read.
pub fn decode_preview<B: AsRef<[u8]> + Into<Vec<u8>>>(
    head: &[u8],
    strings: &Strings,
    big: &dyn Fn(usize, usize) -> Option<B>,
    cut: &PreviewCut,
) -> Option<Parts> {
    decode_parts(head, strings, big, Some(cut)).map(|(parts, _)| parts)
}

/// The beginning of the text, `len` bytes in all, up to where `cut` says,
/// reading a window that doubles until it does.
fn text_beginning<B: AsRef<[u8]>>(
    big: &dyn Fn(usize, usize) -> Option<B>,
    len: usize,
    cut: &PreviewCut,
) -> Option<String> {
    let mut window = PREVIEW_WINDOW.min(len);
    loop {
        let bytes = big(0, window)?;
        let bytes = bytes.as_ref();
        if let Some(at) = cut(bytes) {
            return std::str::from_utf8(bytes.get(..at)?)
                .ok()
                .map(str::to_string);
        }
        if window == len {
            return None;
        }
        window = window.saturating_mul(2).min(len);
    }
}

/// Where a preview ends, given the text's first bytes (see
/// [`decode_preview`]).
type PreviewCut = dyn Fn(&[u8]) -> Option<usize>;

/// How much of a long text a preview reads first.
const PREVIEW_WINDOW: usize = 32 * 1024;

/// Reads everything back, or with `cut` a preview (see
/// [`decode_preview`]), the strings' contents where `strings` says. Also
/// says how many bytes of the large part were read.
fn decode_parts<H: AsRef<[u8]>, B: AsRef<[u8]> + Into<Vec<u8>>>(
    head: H,
    strings: &Strings,
    big: &dyn Fn(usize, usize) -> Option<B>,
    cut: Option<&PreviewCut>,
) -> Option<(Parts, usize)> {
    let (bytes, source) = head_strings(head.as_ref(), strings)?;
    let mut r = Reader::apart(bytes, source.all());
    let (meta, text_len, fingerprint) = read_meta(&mut r)?;
    let n = r.count(ENTRY_BYTES)?;
    // Every entry's forms in one list, split once all are read.
    // Most entries list a form or two.
    let (mut forms, mut ends) = (Vec::with_capacity(n + n / 4), Vec::with_capacity(n));
    // Each read in place: an entry is large, and moving it from the reader
    // to the list was a tenth of the reading.
    let mut glossary = Vec::with_capacity(n);
    for _ in 0..n {
        glossary.push(blank_entry());
        read_entry(&mut r, &source, &mut forms, glossary.last_mut()?)?;
        ends.push(u32::try_from(forms.len()).ok()?);
    }
    for (entry, forms) in glossary.iter_mut().zip(Strs::split(forms, &ends)?) {
        entry.forms = forms;
    }
    let (questions, translation, notes) = read_questions_notes(&mut r, &source)?;
    let body = match cut {
        Some(cut) => text_beginning(big, text_len, cut)?,
        None => whole_text(big, text_len, fingerprint)?,
    };
    let shape = Shape {
        text: &body,
        forms: glossary.iter().map(|e| e.forms.len()).collect(),
        questions: questions.len(),
        notes: notes.len(),
    };
    let (forms_derived, left_to_others, small) = read_after_pack(&mut r, &shape, text_len)?;
    // Everything is read from the head: a cache entry's is let go before
    // the large arrays are read beside the text.
    drop(head);
    let arrays = |at: usize, len: usize| big(text_len.checked_add(at)?, len);
    let (tokens, occurrences, used) = read_big(&arrays, shape.text, text_len)?;
    let derived = assemble(&shape, small, tokens, occurrences)?;
    Some((
        Parts {
            pack: Pack {
                pack: meta,
                text: Text { body },
                glossary,
                questions,
                translation,
                notes,
            },
            derived,
            forms_derived,
            left_to_others,
            text_len,
            text_fingerprint: fingerprint,
        },
        text_len + used,
    ))
}

/// The whole text, checked against its fingerprint; taken as read, with
/// no second copy of a long text.
fn whole_text<B: AsRef<[u8]> + Into<Vec<u8>>>(
    big: &dyn Fn(usize, usize) -> Option<B>,
    text_len: usize,
    fingerprint: u64,
) -> Option<String> {
    let text = String::from_utf8(big(0, text_len)?.into()).ok()?;
    (text_fingerprint(&text) == fingerprint).then_some(text)
}

/// What the derived parts are checked against: the text as read (the
/// whole, or a preview's beginning), how many forms each entry lists, how
/// many questions and notes there are.
struct Shape<'a> {
    text: &'a str,
    forms: Vec<usize>,
    questions: usize,
    notes: usize,
}

/// What follows the pack in the head: the lemma matching's parts and the
/// small derived parts, checked against `shape`; the head must end there.
fn read_after_pack(r: &mut Reader, shape: &Shape, text_len: usize) -> Option<AfterPack> {
    let n = r.count(1)?;
    let forms_derived = bools(r.take(n)?)?;
    let n = r.count(9)?;
    let entries = shape.forms.len();
    let left_to_others = list(n, || {
        let entry = r.usize().filter(|&e| e < entries)?;
        let form = r.string()?;
        let other = r.usize().filter(|&e| e < entries)?;
        Some((entry, form, other))
    })?;
    if forms_derived.len() != entries {
        return None;
    }
    let small = read_small(r, shape, text_len)?;
    if !r.is_empty() || r.strings_left() != 0 {
        return None;
    }
    Some((forms_derived, left_to_others, small))
}

/// A byte per flag, each 0 or 1 (checked first: the list is made at its
/// length, with no `Option` per flag).
fn bools(bytes: &[u8]) -> Option<Vec<bool>> {
    bytes
        .iter()
        .all(|&b| b <= 1)
        .then(|| bytes.iter().map(|&b| b == 1).collect())
}

/// Per entry whether its forms came from its lemma, the forms left to
/// other entries, and the small derived parts.
type AfterPack = (Vec<bool>, Vec<(usize, String, usize)>, Small);

/// What reading a long text whole adds to its preview, which already has
/// the pack: the whole text and everything derived from it (see
/// [`decode_large`]).
#[derive(Debug)]
pub struct Large {
    pub text: String,
    /// The text's [`text_fingerprint`], as the head gives it (the text was
    /// checked to have it).
    pub text_fingerprint: u64,
    pub derived: Derived,
    pub forms_derived: Vec<bool>,
    pub left_to_others: Vec<(usize, String, usize)>,
    /// How many forms each entry lists, questions and notes there are: the
    /// preview is checked to have the same.
    pub forms: Vec<usize>,
    pub questions: usize,
    pub notes: usize,
}

/// Like [`decode_in_parts`], leaving out the pack's own strings: the
/// glossary, questions and notes are stepped over, not read (a preview
/// of the same head has them), so that a long text is read whole without
/// a second copy of its glossary beside the preview's.
pub fn decode_large<B: AsRef<[u8]> + Into<Vec<u8>>>(
    head: Vec<u8>,
    strings: &Strings,
    big: &dyn Fn(usize, usize) -> Option<B>,
    rest_len: usize,
) -> Option<Large> {
    let mut r = head_reader(&head, strings)?;
    let (text_len, fingerprint, forms, questions, notes) = skim_pack(&mut r)?;
    let text = whole_text(big, text_len, fingerprint)?;
    let shape = Shape {
        text: &text,
        forms,
        questions,
        notes,
    };
    let (forms_derived, left_to_others, small) = read_after_pack(&mut r, &shape, text_len)?;
    drop(head);
    let arrays = |at: usize, len: usize| big(text_len.checked_add(at)?, len);
    let (tokens, occurrences, used) = read_big(&arrays, shape.text, text_len)?;
    let derived = assemble(&shape, small, tokens, occurrences)?;
    if text_len + used != rest_len {
        return None;
    }
    let Shape {
        forms,
        questions,
        notes,
        ..
    } = shape;
    Some(Large {
        text,
        text_fingerprint: fingerprint,
        derived,
        forms_derived,
        left_to_others,
        forms,
        questions,
        notes,
    })
}

/// Steps over the pack as [`read_pack`] reads it, keeping only the
/// text's length and fingerprint and the counts the derived parts are
/// checked against (see [`Shape`]). Nothing is allocated but the list of
/// form counts, and the strings are not read: a caller uses this only on
/// a head known to be one already read whole.
fn skim_pack(r: &mut Reader<'_>) -> Option<(usize, u64, Vec<usize>, usize, usize)> {
    for _ in 0..7 {
        r.skip_str()?;
    }
    let text_len = r.usize()?;
    let fingerprint = r.u64()?;
    let n = r.count(ENTRY_BYTES)?;
    let forms = list(n, || skip_entry(r))?;
    // Few and short: read as usual (copied: there is no source to borrow
    // from, and they are only counted).
    let (questions, _, notes) = read_questions_notes(r, &Source::Static(""))?;
    Some((text_len, fingerprint, forms, questions.len(), notes.len()))
}

fn write_pack(w: &mut Writer, pack: &Pack) {
    let m = &pack.pack;
    for s in [
        &m.id,
        &m.title,
        &m.author,
        &m.date,
        &m.source,
        &m.level,
        &m.language,
    ] {
        w.str(s);
    }
    // The text itself opens the large part: a long text's preview reads
    // only its beginning. Its fingerprint ties progress to it without a
    // pass over it.
    w.usize(pack.text.body.len());
    w.u64(text_fingerprint(&pack.text.body));
    w.usize(pack.glossary.len());
    for e in &pack.glossary {
        w.str(&e.id);
        w.str(&e.term);
        w.u8(pos_code(e.pos));
        w.u8(match e.gender {
            None => 0,
            Some(Gender::Masculine) => 1,
            Some(Gender::Feminine) => 2,
            Some(Gender::Both) => 3,
        });
        w.str(&e.en);
        w.opt_str(e.literal().map(Str::as_str));
        w.strs(&e.forms);
        w.str(&e.sentence);
        w.opt_str(e.note().map(Str::as_str));
        w.strs(e.accept());
        w.strs(e.tags());
        w.bool(e.drill);
        w.bool(e.todo);
    }
    w.usize(pack.questions.len());
    for q in &pack.questions {
        w.str(&q.id);
        w.u8(match q.kind {
            QuestionKind::Choice => 0,
            QuestionKind::TrueFalse => 1,
            QuestionKind::Short => 2,
        });
        w.str(&q.prompt);
        w.strs(&q.choices);
        match q.answer {
            Some(a) => {
                w.u8(1);
                w.u64(a as u64);
            }
            None => w.u8(0),
        }
        w.u8(match q.correct {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        });
        w.strs(&q.accept);
        w.strs(&q.reject);
        w.opt_str(q.model.as_deref());
        w.str(&q.explanation);
        w.strs(&q.passages);
        w.strs(&q.tags);
    }
    w.usize(pack.translation.len());
    for t in &pack.translation {
        w.u64(t.paragraph as u64);
        w.str(&t.en);
    }
    w.usize(pack.notes.len());
    for n in &pack.notes {
        w.str(&n.id);
        w.u8(match n.kind {
            NoteKind::Context => 0,
            NoteKind::Grammar => 1,
            NoteKind::Text => 2,
        });
        w.str(&n.title);
        w.str(&n.body);
        w.strs(&n.passages);
    }
}

/// The pack's description, then its text's length and fingerprint (the
/// text is in the large part).
fn read_meta(r: &mut Reader<'_>) -> Option<(Meta, usize, u64)> {
    let meta = Meta {
        id: r.string()?,
        title: r.string()?,
        author: r.string()?,
        date: r.string()?,
        source: r.string()?,
        level: r.string()?,
        language: r.string()?,
    };
    Some((meta, r.usize()?, r.u64()?))
}

/// Every item takes at least this many bytes: counts are checked against
/// what is left before anything is allocated.
const ENTRY_BYTES: usize = 40;

/// An entry with nothing in it, to read one into.
fn blank_entry() -> Entry {
    Entry {
        id: Str::EMPTY,
        term: Str::EMPTY,
        pos: Pos::Expression,
        gender: None,
        en: Str::EMPTY,
        forms: Strs::default(),
        sentence: Str::EMPTY,
        drill: true,
        todo: false,
        extras: None,
    }
}

/// Reads an entry into `e` (a [`blank_entry`]), its strings borrowed from
/// `source` (the reader's strings); its forms are added to `forms`, the
/// entry's left empty.
fn read_entry(
    r: &mut Reader<'_>,
    source: &Source,
    forms: &mut Vec<Str>,
    e: &mut Entry,
) -> Option<()> {
    e.id = str_from(r, source)?;
    e.term = str_from(r, source)?;
    (e.pos, e.gender) = read_class(r)?;
    e.en = str_from(r, source)?;
    let literal = r.opt_str()?;
    read_strs(r, source, forms)?;
    e.sentence = str_from(r, source)?;
    let note = r.opt_str()?;
    // Most entries have no extras: none are made for them, and no empty
    // list is made (nor dropped, a tenth of the reading when it was).
    if literal.is_some() || note.is_some() {
        let extras = e.extras_mut();
        extras.literal = literal.map(|s| source.make(s));
        extras.note = note.map(|s| source.make(s));
    }
    match r.count(4)? {
        0 => {}
        n => read_strs_n(r, source, &mut e.extras_mut().accept, n)?,
    }
    match r.count(4)? {
        0 => {}
        n => read_strs_n(r, source, &mut e.extras_mut().tags, n)?,
    }
    e.drill = r.bool()?;
    e.todo = r.bool()?;
    Some(())
}

/// A list of strings, added to `to` (most lists are empty: that case is
/// kept small enough to inline).
#[inline(always)]
fn read_strs(r: &mut Reader<'_>, source: &Source, to: &mut Vec<Str>) -> Option<()> {
    match r.count(4)? {
        0 => Some(()),
        n => read_strs_n(r, source, to, n),
    }
}

fn read_strs_n(r: &mut Reader<'_>, source: &Source, to: &mut Vec<Str>, n: usize) -> Option<()> {
    to.reserve(n);
    for _ in 0..n {
        to.push(str_from(r, source)?);
    }
    Some(())
}

/// An entry's word class and gender.
fn read_class(r: &mut Reader<'_>) -> Option<(Pos, Option<Gender>)> {
    let pos = *Pos::ALL.get(usize::from(r.u8()?))?;
    let gender = match r.u8()? {
        0 => None,
        1 => Some(Gender::Masculine),
        2 => Some(Gender::Feminine),
        3 => Some(Gender::Both),
        _ => return None,
    };
    Some((pos, gender))
}

/// Steps over an entry as [`read_entry`] reads it, strings unread; how
/// many forms it lists.
fn skip_entry(r: &mut Reader<'_>) -> Option<usize> {
    r.skip_str()?;
    r.skip_str()?;
    r.take(2)?;
    r.skip_str()?;
    r.skip_opt_str()?;
    let forms = r.skip_strs()?;
    r.skip_str()?;
    r.skip_opt_str()?;
    r.skip_strs()?;
    r.skip_strs()?;
    r.take(2)?;
    Some(forms)
}

/// Questions, translations and notes, as written after the glossary.
fn read_questions_notes(
    r: &mut Reader<'_>,
    source: &Source,
) -> Option<(Vec<Question>, Vec<Translation>, Vec<Note>)> {
    let n = r.count(40)?;
    let questions = list(n, || {
        Some(Question {
            id: str_from(r, source)?,
            kind: match r.u8()? {
                0 => QuestionKind::Choice,
                1 => QuestionKind::TrueFalse,
                2 => QuestionKind::Short,
                _ => return None,
            },
            prompt: str_from(r, source)?,
            choices: strs_from(r, source)?,
            answer: match r.u8()? {
                0 => None,
                1 => Some(usize::try_from(r.u64()?).ok()?),
                _ => return None,
            },
            correct: match r.u8()? {
                0 => None,
                1 => Some(false),
                2 => Some(true),
                _ => return None,
            },
            accept: strs_from(r, source)?,
            reject: strs_from(r, source)?,
            model: opt_str_from(r, source)?,
            explanation: str_from(r, source)?,
            passages: strs_from(r, source)?,
            tags: strs_from(r, source)?,
        })
    })?;
    let n = r.count(12)?;
    let translation = list(n, || {
        Some(Translation {
            paragraph: usize::try_from(r.u64()?).ok()?,
            en: str_from(r, source)?,
        })
    })?;
    let n = r.count(17)?;
    let notes = list(n, || {
        Some(Note {
            id: str_from(r, source)?,
            kind: match r.u8()? {
                0 => NoteKind::Context,
                1 => NoteKind::Grammar,
                2 => NoteKind::Text,
                _ => return None,
            },
            title: str_from(r, source)?,
            body: str_from(r, source)?,
            passages: strs_from(r, source)?,
        })
    })?;
    Some((questions, translation, notes))
}

/// A string, borrowed from `source` where it lies (see [`Source::make`]).
#[inline]
fn str_from(r: &mut Reader<'_>, source: &Source) -> Option<Str> {
    r.str().map(|s| source.make(s))
}

fn opt_str_from(r: &mut Reader<'_>, source: &Source) -> Option<Option<Str>> {
    r.opt_str().map(|s| s.map(|s| source.make(s)))
}

fn strs_from(r: &mut Reader<'_>, source: &Source) -> Option<Vec<Str>> {
    let mut out = Vec::new();
    read_strs(r, source, &mut out)?;
    Some(out)
}

fn pos_code(pos: Pos) -> u8 {
    Pos::ALL
        .iter()
        .position(|&p| p == pos)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(u8::MAX)
}

const KINDS: [TokenKind; 7] = [
    TokenKind::Word,
    TokenKind::Elision,
    TokenKind::Number,
    TokenKind::Punct,
    TokenKind::Space,
    TokenKind::Newline,
    TokenKind::Symbol,
];

fn kind_code(kind: TokenKind) -> u8 {
    KINDS
        .iter()
        .position(|&k| k == kind)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(u8::MAX)
}

/// Offsets as stored: callers have checked the text [`fits`].
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn write_ranges(w: &mut Writer, ranges: &[Range<usize>]) {
    w.u32s(
        ranges
            .iter()
            .flat_map(|r| [small(r.start), small(r.end)])
            .collect::<Vec<_>>()
            .into_iter(),
    );
}

/// What is small and derived: form nodes and their counts, the
/// alphabetical order, paragraphs, passages and sentences.
fn write_small(w: &mut Writer, d: DerivedView<'_>) {
    let parts = d.index.parts();
    w.u32s(parts.form_nodes.flat().iter().copied());
    w.u32s(parts.node_hits.iter().copied());
    w.u32s(d.order.iter().map(|&i| small(i)));
    write_ranges(w, d.paragraphs);
    for list in [d.question_passages, d.note_passages] {
        w.usize(list.len());
        for ranges in list {
            write_ranges(w, ranges);
        }
    }
    w.usize(d.entry_sentences.len());
    for s in d.entry_sentences {
        match s {
            Some(r) => {
                w.u8(1);
                w.u32(small(r.start));
                w.u32(small(r.end));
            }
            None => w.u8(0),
        }
    }
}

/// The large arrays: token ends, token kinds (tokens cover the text end to
/// end: that says it all), occurrences as (entry, form, first token, end
/// token), sorted by their start.
fn write_big(w: &mut Writer, d: DerivedView<'_>) {
    w.u32s(d.tokens.iter().map(|t| small(t.end())));
    w.bytes.extend(d.tokens.iter().map(|t| kind_code(t.kind)));
    let occurrences = d.index.parts().occurrences;
    w.usize(occurrences.len());
    for o in occurrences {
        for v in [o.entry(), o.form(), o.tokens().start, o.tokens().end] {
            w.u32(small(v));
        }
    }
}

/// A byte range of the text, `text_len` bytes long, of which `text` is
/// the beginning: checked to be on character boundaries where it lies in
/// `text`, and within the text past it (a preview drops such ranges; the
/// whole is checked when it is read).
fn text_range(text: &str, text_len: usize, start: u32, end: u32) -> Option<Range<usize>> {
    let range = start as usize..end as usize;
    if range.end <= text.len() {
        text.get(range.clone()).map(|_| range)
    } else {
        (range.start <= range.end && range.end <= text_len).then_some(range)
    }
}

fn read_ranges(r: &mut Reader, text: &str, text_len: usize) -> Option<Vec<Range<usize>>> {
    let flat = r.u32s()?;
    if flat.len() % 2 != 0 {
        return None;
    }
    flat.chunks_exact(2)
        .map(|p| text_range(text, text_len, p[0], p[1]))
        .collect()
}

/// What [`write_small`] wrote, read and checked against the text.
struct Small {
    form_nodes: FormNodes,
    node_hits: Vec<u32>,
    order: Vec<usize>,
    paragraphs: Vec<Range<usize>>,
    question_passages: Vec<Vec<Range<usize>>>,
    note_passages: Vec<Vec<Range<usize>>>,
    entry_sentences: Vec<Option<Range<usize>>>,
}

fn read_small(r: &mut Reader, shape: &Shape, text_len: usize) -> Option<Small> {
    let text = shape.text;
    let form_nodes = FormNodes::from_flat(r.u32s()?, &shape.forms)?;
    let node_hits = r.u32s()?;
    let order: Vec<usize> = r.u32s()?.into_iter().map(|i| i as usize).collect();
    let mut seen = vec![false; shape.forms.len()];
    for &i in &order {
        if std::mem::replace(seen.get_mut(i)?, true) {
            return None;
        }
    }
    if order.len() != seen.len() {
        return None;
    }
    let paragraphs = read_ranges(r, text, text_len)?;
    let mut passages = |count: usize| -> Option<Vec<Vec<Range<usize>>>> {
        if r.count(4)? != count {
            return None;
        }
        list(count, || read_ranges(r, text, text_len))
    };
    let question_passages = passages(shape.questions)?;
    let note_passages = passages(shape.notes)?;
    if r.count(1)? != shape.forms.len() {
        return None;
    }
    let entry_sentences = list(shape.forms.len(), || match r.u8()? {
        0 => Some(None),
        1 => text_range(text, text_len, r.u32()?, r.u32()?).map(Some),
        _ => None,
    })?;
    Some(Small {
        form_nodes,
        node_hits,
        order,
        paragraphs,
        question_passages,
        note_passages,
        entry_sentences,
    })
}

/// How many tokens or occurrences are read at a time: a preview reads
/// only the first pieces, and the whole is read without a copy of its
/// arrays beside what they become.
const BATCH: usize = 16 * 1024;

/// The pieces `(first item, count)` in which `n` items are read: of
/// [`BATCH`] items, or for a preview (which stops somewhere early) from a
/// small one doubling up to it, so that little past the preview is read.
fn batches(n: usize, preview: bool) -> impl Iterator<Item = (usize, usize)> {
    let mut size = if preview { BATCH / 16 } else { BATCH };
    let mut from = 0;
    std::iter::from_fn(move || {
        let count = size.min(n.checked_sub(from)?);
        if count == 0 {
            return None;
        }
        let piece = (from, count);
        from += count;
        size = (size * 2).min(BATCH);
        Some(piece)
    })
}

fn u32_at(bytes: &[u8], i: usize) -> Option<u32> {
    let b = bytes.get(i * 4..i * 4 + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The tokens and occurrences of the text, which is the whole
/// (`text_len` bytes) or, for a preview, its beginning: then only what lies
/// there is read and checked. Also says how many bytes were read.
fn read_big<B: AsRef<[u8]>>(
    big: &dyn Fn(usize, usize) -> Option<B>,
    text: &str,
    text_len: usize,
) -> Option<(Vec<Token>, Vec<Occurrence>, usize)> {
    let kept = text.len();
    let preview = kept < text_len;
    let n = u32_at(big(0, 4)?.as_ref(), 0)? as usize;
    // Every token covers at least a byte: a preview needs at most `kept`.
    let wanted = if preview { n.min(kept) } else { n };
    let kinds_at = n.checked_mul(4)?.checked_add(4)?;
    let at = kinds_at.checked_add(n)?;
    // The count of occurrences follows the tokens' arrays, and the last
    // occurrence ends the data: both counts are known to fit in the bytes
    // before anything is allocated for them.
    let m = u32_at(big(at, 4)?.as_ref(), 0)? as usize;
    let end = m.checked_mul(16)?.checked_add(at + 4)?;
    big(end, 0)?;
    // A preview's capacity past what it reads is never touched.
    let mut tokens = Vec::with_capacity(wanted);
    let mut start = 0usize;
    'tokens: for (from, count) in batches(wanted, preview) {
        let ends = big(4 + from * 4, count * 4)?;
        let kinds = big(kinds_at + from, count)?;
        for (i, &kind) in kinds.as_ref().iter().enumerate() {
            if start == kept && preview {
                break 'tokens;
            }
            let range = text_range(text, kept, small(start), u32_at(ends.as_ref(), i)?)?;
            let kind = *KINDS.get(usize::from(kind))?;
            if range.is_empty() || range.end > kept || range.len() > MAX_TOKEN_BYTES {
                return None;
            }
            start = range.end;
            tokens.push(Token::new(range, kind));
        }
    }
    if start != kept {
        return None;
    }
    let mut occurrences = Vec::with_capacity(if preview { m.min(tokens.len()) } else { m });
    'batches: for (read, count) in batches(m, preview) {
        let batch = big(at + 4 + read * 16, count * 16)?;
        for o in batch.as_ref().chunks_exact(16) {
            let v = |i: usize| u32_at(o, i).map(|v| v as usize);
            let (entry, form, first, last) = (v(0)?, v(1)?, v(2)?, v(3)?);
            // Sorted by start: past a preview's end, the rest is too.
            if preview && first >= tokens.len() {
                break 'batches;
            }
            if first >= last || last > n {
                return None;
            }
            // One running past a preview's end is left out.
            if last <= tokens.len() {
                occurrences.push(Occurrence::new(
                    entry,
                    form,
                    tokens[first].start()..tokens[last - 1].end(),
                    first..last,
                )?);
            }
        }
    }
    Some((tokens, occurrences, end))
}

/// The derived study from its checked parts; for a preview, cut to its
/// text.
fn assemble(
    shape: &Shape,
    small: Small,
    tokens: Vec<Token>,
    occurrences: Vec<Occurrence>,
) -> Option<Derived> {
    let Small {
        form_nodes,
        node_hits,
        order,
        mut paragraphs,
        mut question_passages,
        mut note_passages,
        mut entry_sentences,
    } = small;
    let index =
        GlossaryIndex::from_parts(occurrences, form_nodes, node_hits, &tokens, &shape.forms)?;
    let kept = shape.text.len();
    if tokens.last().map_or(0, Token::end) != kept {
        return None;
    }
    if paragraphs.last().is_some_and(|p| p.end > kept) {
        // A paragraph the preview cuts ends where the preview does.
        paragraphs = crate::pack::paragraph_ranges(shape.text);
    }
    for ranges in question_passages.iter_mut().chain(&mut note_passages) {
        ranges.retain(|r| r.end <= kept);
    }
    for s in &mut entry_sentences {
        if s.as_ref().is_some_and(|r| r.end > kept) {
            *s = None;
        }
    }
    Some(Derived {
        tokens,
        index,
        order,
        paragraphs,
        question_passages,
        note_passages,
        entry_sentences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Batches cover every item once, in order; a preview's start small.
    #[test]
    fn batches_cover_every_item_in_order() {
        for preview in [false, true] {
            for n in [0, 1, BATCH - 1, BATCH, 3 * BATCH + 5] {
                let pieces: Vec<(usize, usize)> = batches(n, preview).collect();
                let mut next = 0;
                for &(from, count) in &pieces {
                    assert_eq!(from, next);
                    assert!(count > 0 && count <= BATCH);
                    next += count;
                }
                assert_eq!(next, n);
            }
        }
        let sizes: Vec<usize> = batches(3 * BATCH, true).map(|(_, c)| c).take(6).collect();
        assert_eq!(
            sizes,
            [BATCH / 16, BATCH / 8, BATCH / 4, BATCH / 2, BATCH, BATCH]
        );
    }
}
