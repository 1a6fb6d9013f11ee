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
use crate::binary::{Reader, Writer};
use crate::pack::{
    Entry, Gender, Meta, Note, NoteKind, Pack, Pos, Question, QuestionKind, Text, Translation,
};
use crate::text::matching::{GlossaryIndex, Occurrence};
use crate::text::tokenize::{Token, TokenKind};

/// Identifies compiled data.
const MAGIC: &[u8; 8] = b"LSPACK\r\n";

/// Bumped whenever the layout or the meaning of what is stored changes:
/// data of another version is never read.
pub const FORMAT: u32 = 1;

/// Everything a compiled pack holds, as read back.
#[derive(Debug, Clone)]
pub struct Parts {
    pub pack: Pack,
    pub derived: Derived,
    /// Per entry: whether its forms came from its lemma.
    pub forms_derived: Vec<bool>,
    /// Forms an entry's lemma left to another entry listing them.
    pub left_to_others: Vec<(usize, String, usize)>,
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
    if !fits(pack.text.body.len()) || !fits(derived.tokens.len()) {
        return None;
    }
    let mut w = Writer::default();
    w.bytes.extend_from_slice(MAGIC);
    w.u32(FORMAT);
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
    write_derived(&mut w, derived);
    Some(w.bytes)
}

/// Reads compiled bytes back; `None` if they are not exactly what
/// [`encode`] writes for a consistent pack of this [`FORMAT`].
pub fn decode(bytes: &[u8]) -> Option<Parts> {
    decode_upto(bytes, |_| None)
}

/// Like [`decode`], keeping only the beginning of the text that `cut`
/// chooses (a length at a line break, given the whole text), and of what is
/// derived, only what lies there: the whole is checked all the same.
pub fn decode_upto(bytes: &[u8], cut: impl Fn(&str) -> Option<usize>) -> Option<Parts> {
    let mut r = Reader::new(bytes);
    if r.take(MAGIC.len())? != MAGIC || r.u32()? != FORMAT {
        return None;
    }
    let (pack, whole) = read_pack(&mut r, &cut)?;
    let n = r.count(1)?;
    let forms_derived = (0..n).map(|_| r.bool()).collect::<Option<Vec<_>>>()?;
    let n = r.count(9)?;
    let entries = pack.glossary.len();
    let left_to_others = (0..n)
        .map(|_| {
            let entry = r.usize().filter(|&e| e < entries)?;
            let form = r.string()?;
            let other = r.usize().filter(|&e| e < entries)?;
            Some((entry, form, other))
        })
        .collect::<Option<Vec<_>>>()?;
    if forms_derived.len() != entries {
        return None;
    }
    let derived = read_derived(&mut r, &pack, whole)?;
    r.is_empty().then_some(Parts {
        pack,
        derived,
        forms_derived,
        left_to_others,
    })
}

/// The text of compiled bytes, read in place; `None` if they are not
/// compiled data of this format.
pub fn text(bytes: &[u8]) -> Option<&str> {
    let mut r = Reader::new(bytes);
    if r.take(MAGIC.len())? != MAGIC || r.u32()? != FORMAT {
        return None;
    }
    for _ in 0..7 {
        r.str()?;
    }
    r.str()
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
    w.str(&pack.text.body);
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
        w.opt_str(e.literal.as_deref());
        w.strs(&e.forms);
        w.str(&e.sentence);
        w.opt_str(e.note.as_deref());
        w.strs(&e.accept);
        w.strs(&e.tags);
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

/// The pack, its text cut where `cut` says, and the whole text in place.
fn read_pack<'a>(
    r: &mut Reader<'a>,
    cut: &impl Fn(&str) -> Option<usize>,
) -> Option<(Pack, &'a str)> {
    let pack = Meta {
        id: r.string()?,
        title: r.string()?,
        author: r.string()?,
        date: r.string()?,
        source: r.string()?,
        level: r.string()?,
        language: r.string()?,
    };
    let whole = r.str()?;
    let kept = cut(whole).and_then(|c| whole.get(..c)).unwrap_or(whole);
    let text = Text {
        body: kept.to_string(),
    };
    // Every item takes at least this many bytes: counts are checked
    // against what is left before anything is allocated.
    let n = r.count(40)?;
    let glossary = (0..n)
        .map(|_| {
            Some(Entry {
                id: r.string()?,
                term: r.string()?,
                pos: *Pos::ALL.get(usize::from(r.u8()?))?,
                gender: match r.u8()? {
                    0 => None,
                    1 => Some(Gender::Masculine),
                    2 => Some(Gender::Feminine),
                    3 => Some(Gender::Both),
                    _ => return None,
                },
                en: r.string()?,
                literal: r.opt_string()?,
                forms: r.strings()?,
                sentence: r.string()?,
                note: r.opt_string()?,
                accept: r.strings()?,
                tags: r.strings()?,
                drill: r.bool()?,
                todo: r.bool()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let n = r.count(40)?;
    let questions = (0..n)
        .map(|_| {
            Some(Question {
                id: r.string()?,
                kind: match r.u8()? {
                    0 => QuestionKind::Choice,
                    1 => QuestionKind::TrueFalse,
                    2 => QuestionKind::Short,
                    _ => return None,
                },
                prompt: r.string()?,
                choices: r.strings()?,
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
                accept: r.strings()?,
                reject: r.strings()?,
                model: r.opt_string()?,
                explanation: r.string()?,
                passages: r.strings()?,
                tags: r.strings()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let n = r.count(12)?;
    let translation = (0..n)
        .map(|_| {
            Some(Translation {
                paragraph: usize::try_from(r.u64()?).ok()?,
                en: r.string()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let n = r.count(17)?;
    let notes = (0..n)
        .map(|_| {
            Some(Note {
                id: r.string()?,
                kind: match r.u8()? {
                    0 => NoteKind::Context,
                    1 => NoteKind::Grammar,
                    2 => NoteKind::Text,
                    _ => return None,
                },
                title: r.string()?,
                body: r.string()?,
                passages: r.strings()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let pack = Pack {
        pack,
        text,
        glossary,
        questions,
        translation,
        notes,
    };
    Some((pack, whole))
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

fn write_derived(w: &mut Writer, d: DerivedView<'_>) {
    // Tokens cover the text end to end: their ends and kinds say it all.
    w.u32s(d.tokens.iter().map(|t| small(t.end())));
    w.usize(d.tokens.len());
    for t in d.tokens {
        w.u8(kind_code(t.kind));
    }
    let parts = d.index.parts();
    w.u32s(
        parts
            .occurrences
            .iter()
            .flat_map(|o| {
                [
                    small(o.entry),
                    small(o.form),
                    small(o.tokens.start),
                    small(o.tokens.end),
                ]
            })
            .collect::<Vec<_>>()
            .into_iter(),
    );
    w.u32s(
        parts
            .form_nodes
            .iter()
            .flatten()
            .copied()
            .collect::<Vec<_>>()
            .into_iter(),
    );
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

/// A byte range of the text, on character boundaries.
fn text_range(text: &str, start: u32, end: u32) -> Option<Range<usize>> {
    let range = start as usize..end as usize;
    text.get(range.clone()).map(|_| range)
}

fn read_ranges(r: &mut Reader, text: &str) -> Option<Vec<Range<usize>>> {
    let flat = r.u32s()?;
    if flat.len() % 2 != 0 {
        return None;
    }
    flat.chunks_exact(2)
        .map(|p| text_range(text, p[0], p[1]))
        .collect()
}

/// What is derived, read back for `pack`, whose text is `whole` or, for a
/// preview, its beginning: then only what lies there is read and checked
/// (the rest is checked when the whole is read).
fn read_derived(r: &mut Reader, pack: &Pack, whole: &str) -> Option<Derived> {
    let kept = pack.text.body.len();
    let preview = kept < whole.len();
    let ends = r.u32_slice()?;
    let n = ends.len();
    if r.count(1)? != n {
        return None;
    }
    let kinds = r.take(n)?;
    let mut tokens = Vec::with_capacity(if preview { 0 } else { n });
    let mut start = 0usize;
    for (end, &kind) in ends.iter().zip(kinds) {
        if start == kept && preview {
            break;
        }
        let range = text_range(whole, small(start), end)?;
        let kind = *KINDS.get(usize::from(kind))?;
        if range.is_empty() || range.end > kept {
            return None;
        }
        start = range.end;
        tokens.push(Token::new(range, kind));
    }
    if start != kept {
        return None;
    }
    let flat = r.u32_slice()?;
    if flat.len() % 4 != 0 {
        return None;
    }
    let mut occurrences = Vec::with_capacity(if preview { 0 } else { flat.len() / 4 });
    let mut values = flat.iter();
    while let (Some(entry), Some(form), Some(first), Some(last)) =
        (values.next(), values.next(), values.next(), values.next())
    {
        let (first, last) = (first as usize, last as usize);
        // Sorted by start: past a preview's end, the rest is too.
        if preview && first >= tokens.len() {
            break;
        }
        if first >= last || last > n {
            return None;
        }
        // One running past a preview's end is left out.
        if last <= tokens.len() {
            occurrences.push(Occurrence {
                entry: entry as usize,
                form: form as usize,
                range: tokens[first].start()..tokens[last - 1].end(),
                tokens: first..last,
            });
        }
    }
    let flat_nodes = r.u32s()?;
    let mut nodes = flat_nodes.into_iter();
    let form_nodes: Vec<Vec<u32>> = pack
        .glossary
        .iter()
        .map(|e| nodes.by_ref().take(e.forms.len()).collect())
        .collect();
    if nodes.next().is_some() {
        return None;
    }
    let node_hits = r.u32s()?;
    let index =
        GlossaryIndex::from_parts(occurrences, form_nodes, node_hits, &tokens, &pack.glossary)?;
    let order: Vec<usize> = r.u32s()?.into_iter().map(|i| i as usize).collect();
    let mut seen = vec![false; pack.glossary.len()];
    for &i in &order {
        if std::mem::replace(seen.get_mut(i)?, true) {
            return None;
        }
    }
    if order.len() != seen.len() {
        return None;
    }
    let paragraphs = read_ranges(r, whole)?;
    let mut passages = |count: usize| -> Option<Vec<Vec<Range<usize>>>> {
        if r.count(4)? != count {
            return None;
        }
        (0..count).map(|_| read_ranges(r, whole)).collect()
    };
    let mut question_passages = passages(pack.questions.len())?;
    let mut note_passages = passages(pack.notes.len())?;
    if r.count(1)? != pack.glossary.len() {
        return None;
    }
    let mut entry_sentences = (0..pack.glossary.len())
        .map(|_| match r.u8()? {
            0 => Some(None),
            1 => text_range(whole, r.u32()?, r.u32()?).map(Some),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let paragraphs = if preview {
        // A paragraph the preview cuts ends where the preview does.
        crate::pack::paragraph_ranges(&pack.text.body)
    } else {
        paragraphs
    };
    if preview {
        for ranges in question_passages.iter_mut().chain(&mut note_passages) {
            ranges.retain(|r| r.end <= kept);
        }
        for s in &mut entry_sentences {
            if s.as_ref().is_some_and(|r| r.end > kept) {
                *s = None;
            }
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
