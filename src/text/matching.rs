//! Finding the glossary's forms in the text, once per load.
//!
//! Forms are tokenized like the text and compared token by token on their
//! [`match_key`](super::normalize::match_key), so case and apostrophe style
//! never matter, spaces (of any kind and number) are skipped on both sides,
//! and a line break in the text ends any match. Every key is interned to a
//! `u32` first, and forms are stored as a trie over those ids, so the scan
//! costs one lookup per text token plus one per token a form shares with the
//! text there (tens of milliseconds for 1 MB and 5,000 entries).
//!
//! All matches are kept, nested or overlapping ones included ("forces" inside
//! "forces de l'ordre"): the reader shows the innermost entry first.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::normalize::push_match_key;
use super::tokenize::{Token, TokenKind, tokenize};
use crate::pack::Entry;

/// One place where a glossary form occurs in the text, in 16 bytes (a
/// glossed text has one every 15 bytes or so, a densely glossed one every
/// five): offsets are 32-bit, as texts are (see [`compact`]), and the
/// rest is as small as an occurrence ever is (see [`Occurrence::new`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    start: u32,
    first_token: u32,
    /// The entry in the upper 24 bits, the number of tokens in the lower 8.
    entry_tokens: u32,
    form: u16,
    len: u16,
}

/// Entries past this many are never matched (a 16 MiB pack holds under a
/// million).
const MAX_ENTRIES: usize = 1 << 24;

impl Occurrence {
    /// Form `form` of entry `entry` over `range` of the text, which is
    /// tokens `tokens`; `None` if it does not fit: an entry past
    /// [`MAX_ENTRIES`], a form past the 65,536th of its entry, more than
    /// 255 tokens or 64 KiB (a form has at most [`MAX_FORM_TOKENS`] words,
    /// so only a hostile pack comes near), or an offset past 4 GiB.
    pub fn new(
        entry: usize,
        form: usize,
        range: Range<usize>,
        tokens: Range<usize>,
    ) -> Option<Self> {
        let count = u8::try_from(tokens.end.checked_sub(tokens.start)?).ok()?;
        if entry >= MAX_ENTRIES {
            return None;
        }
        Some(Occurrence {
            start: u32::try_from(range.start).ok()?,
            first_token: u32::try_from(tokens.start).ok()?,
            entry_tokens: (entry as u32) << 8 | u32::from(count),
            form: u16::try_from(form).ok()?,
            len: u16::try_from(range.end.checked_sub(range.start)?).ok()?,
        })
    }

    /// Index of the entry in the glossary.
    pub fn entry(&self) -> usize {
        (self.entry_tokens >> 8) as usize
    }

    /// Index of the matched form in the entry's `forms`.
    pub fn form(&self) -> usize {
        usize::from(self.form)
    }

    /// Bytes of the text, from the first matched token to the last.
    pub fn range(&self) -> Range<usize> {
        let start = self.start as usize;
        start..start + usize::from(self.len)
    }

    /// Tokens of the text, spaces in between included.
    pub fn tokens(&self) -> Range<usize> {
        let first = self.first_token as usize;
        first..first + (self.entry_tokens & 0xff) as usize
    }
}

/// The stored parts of a [`GlossaryIndex`], borrowed for writing.
pub struct IndexParts<'a> {
    pub occurrences: &'a [Occurrence],
    pub form_nodes: &'a FormNodes,
    pub node_hits: &'a [u32],
}

/// Key given to line breaks in the text; no form key ever equals it.
const BARRIER: u32 = u32::MAX;

/// Key given to a word of the text that no form has.
const ABSENT: u32 = u32::MAX - 1;

/// Forms of more tokens than this (spaces not counted) are never matched.
/// A form is a word or an expression; a far longer one (a whole repetitive
/// text pasted as a form) would make the scan cost text × form tokens.
pub const MAX_FORM_TOKENS: usize = 32;

/// Whether a form has more tokens than are ever matched.
pub fn form_too_long(form: &str) -> bool {
    tokenize(form)
        .iter()
        .filter(|t| !matches!(t.kind, TokenKind::Space | TokenKind::Newline))
        .nth(MAX_FORM_TOKENS)
        .is_some()
}

/// At most this many occurrences are kept per starting token, and at most
/// this many are listed as covering one token (the innermost ones). Real
/// packs never come near it (a word inside an expression inside another has
/// three); a hostile one (a common word as the form of a thousand entries,
/// or forms nested thirty deep) is what it bounds: the index then holds at
/// most this many occurrences per token of the text, so memory stays linear
/// in the text whatever the glossary, and the scan, which follows at most
/// [`MAX_FORM_TOKENS`] trie edges per token, stays linear in time.
pub const MAX_AT_TOKEN: usize = 4;

/// Where item `i`'s run lies in a list of runs laid end to end, given
/// where each starts (`starts[i]..starts[i + 1]`); `None` for an unknown
/// item.
fn run(starts: &[u32], i: usize) -> Option<std::ops::Range<usize>> {
    Some(*starts.get(i)? as usize..*starts.get(i.checked_add(1)?)? as usize)
}

/// The trie node of each entry's each form (`NONE` if it cannot match),
/// in one list: entry `e`'s are `nodes[start[e]..start[e + 1]]`, not one
/// allocation each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormNodes {
    nodes: Vec<u32>,
    start: Vec<u32>,
}

impl Default for FormNodes {
    fn default() -> Self {
        FormNodes {
            nodes: Vec::new(),
            start: vec![0],
        }
    }
}

impl FormNodes {
    /// `NONE` for every form, given how many forms each entry lists.
    pub fn none(forms: impl Iterator<Item = usize>) -> FormNodes {
        let mut start = vec![0];
        let mut total = 0u32;
        for n in forms {
            total = total.saturating_add(compact(n));
            start.push(total);
        }
        FormNodes {
            nodes: vec![NONE; total as usize],
            start,
        }
    }

    /// The nodes as stored (all entries' in a row) and how many forms each
    /// entry lists; `None` if those do not add up.
    pub fn from_flat(nodes: Vec<u32>, forms: &[usize]) -> Option<FormNodes> {
        let mut start = Vec::with_capacity(forms.len() + 1);
        start.push(0u32);
        let mut total = 0usize;
        for &n in forms {
            total = total.checked_add(n)?;
            start.push(u32::try_from(total).ok()?);
        }
        (total == nodes.len()).then_some(FormNodes { nodes, start })
    }

    /// Entry `entry`'s nodes, one per form; empty for an unknown entry.
    pub fn of(&self, entry: usize) -> &[u32] {
        run(&self.start, entry)
            .and_then(|r| self.nodes.get(r))
            .unwrap_or(&[])
    }

    fn of_mut(&mut self, entry: usize) -> &mut [u32] {
        run(&self.start, entry)
            .and_then(|r| self.nodes.get_mut(r))
            .unwrap_or(&mut [])
    }

    /// How many entries there are.
    pub fn entries(&self) -> usize {
        self.start.len() - 1
    }

    /// Every entry's nodes in a row, as stored.
    pub fn flat(&self) -> &[u32] {
        &self.nodes
    }
}

/// All occurrences of all forms, with the lookups a reader needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GlossaryIndex {
    /// Sorted by start, longer first, then by entry and form.
    occurrences: Vec<Occurrence>,
    /// Occurrence indices of each entry, in text order.
    by_entry: Vec<u32>,
    /// `by_entry[entry_start[e]..entry_start[e + 1]]` are entry `e`'s: one
    /// list for all entries, not one allocation each.
    entry_start: Vec<u32>,
    /// The trie node of each entry's each form (`NONE` if it cannot match).
    form_nodes: FormNodes,
    /// How many times the scan reached each trie node: the raw match count
    /// of every form ending there.
    node_hits: Vec<u32>,
    /// The tokens some occurrence covers, in text order, each with its
    /// first byte: only those have cover lists (a text glossed sparsely,
    /// or not at all, pays nothing per token).
    covered: Vec<(u32, u32)>,
    /// `cover[cover_start[i]..cover_start[i + 1]]` are the occurrences
    /// covering the token `covered[i]`, shortest first.
    cover_start: Vec<u32>,
    cover: Vec<u32>,
}

/// A byte or token offset as stored: texts are under 4 GiB (packs are
/// limited to 16 MiB).
fn compact(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// FxHash (as in rustc): keys are short and local, so hashing speed matters
/// and flooding resistance does not.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Interns match keys so that the scan compares integers.
#[derive(Default)]
struct Interner {
    ids: FxMap<String, u32>,
    buf: String,
}

impl Interner {
    fn key(&mut self, s: &str) {
        self.buf.clear();
        push_match_key(s, &mut self.buf);
    }

    /// The id of `s`'s key, adding it if new.
    fn intern(&mut self, s: &str) -> u32 {
        self.key(s);
        if let Some(&id) = self.ids.get(self.buf.as_str()) {
            return id;
        }
        // Ids stay below ABSENT: a glossary has far fewer than 4 billion
        // words.
        let id = u32::try_from(self.ids.len()).unwrap_or(ABSENT - 1);
        self.ids.insert(self.buf.clone(), id);
        id
    }

    /// The id of `s`'s key if the text has it.
    fn get(&mut self, s: &str) -> Option<u32> {
        self.key(s);
        self.ids.get(self.buf.as_str()).copied()
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

/// The glossary's forms as a trie over token keys: the scan walks it from
/// each text token and only ever follows edges that match, so forms sharing
/// a first token ("l'État", "l'ordre", … hundreds of "l'…" or "de …") cost
/// nothing until they diverge from the text.
struct Trie {
    /// Children of the root by key id (dense: key ids are small integers);
    /// `NONE` if no form starts with that key.
    root: Vec<u32>,
    /// Edges below the root: (node, key) → child.
    edges: FxMap<(u32, u32), u32>,
    /// The (entry, form) pairs whose keys end at each node; forms differing
    /// only in case or apostrophe share a node.
    ends: Vec<Vec<(usize, usize)>>,
}

const NONE: u32 = u32::MAX;

impl Trie {
    /// Interns every form's words and stores the forms. Also returns each
    /// form's node (`NONE` for a form that can never be kept: an empty one,
    /// one of more than [`MAX_FORM_TOKENS`] words, or one an
    /// [`Occurrence`] cannot name).
    fn new(entries: &[Entry], interner: &mut Interner) -> (Self, FormNodes) {
        let mut trie = Trie {
            root: Vec::new(),
            edges: FxMap::default(),
            ends: vec![Vec::new()],
        };
        let mut form_nodes = FormNodes::none(entries.iter().map(|e| e.forms.len()));
        let mut keys = Vec::new();
        for (e, entry) in entries.iter().enumerate() {
            let nodes = form_nodes.of_mut(e);
            let nameable = entry.forms.len().min(usize::from(u16::MAX) + 1);
            'form: for (f, form) in entry.forms.iter().enumerate().take(nameable) {
                if e >= MAX_ENTRIES {
                    break;
                }
                keys.clear();
                for t in tokenize(form) {
                    if matches!(t.kind, TokenKind::Space | TokenKind::Newline) {
                        continue;
                    }
                    if keys.len() == MAX_FORM_TOKENS {
                        continue 'form;
                    }
                    keys.push(interner.intern(&form[t.range()]));
                }
                if trie.root.len() < interner.len() {
                    trie.root.resize(interner.len(), NONE);
                }
                if let Some(node) = trie.insert(&keys) {
                    trie.ends[node as usize].push((e, f));
                    nodes[f] = node;
                }
            }
        }
        (trie, form_nodes)
    }

    /// The node for `keys`, created as needed; `None` for an empty form.
    fn insert(&mut self, keys: &[u32]) -> Option<u32> {
        let (&first, rest) = keys.split_first()?;
        let slot = self.root.get_mut(first as usize)?;
        if *slot == NONE {
            *slot = new_node(&mut self.ends);
        }
        let mut node = *slot;
        for &k in rest {
            node = *self
                .edges
                .entry((node, k))
                .or_insert_with(|| new_node(&mut self.ends));
        }
        Some(node)
    }

    fn child(&self, node: u32, key: u32) -> Option<u32> {
        self.edges.get(&(node, key)).copied()
    }
}

fn new_node(ends: &mut Vec<Vec<(usize, usize)>>) -> u32 {
    ends.push(Vec::new());
    u32::try_from(ends.len() - 1).unwrap_or(NONE)
}

impl GlossaryIndex {
    /// Finds every form of every entry in `text`, whose tokens are `tokens`
    /// (as returned by [`tokenize`]), with the lookups a reader needs.
    pub fn build(text: &str, tokens: &[Token], entries: &[Entry]) -> Self {
        let mut index = GlossaryIndex::scan(text, tokens, entries);
        index.cover(tokens);
        index
    }

    /// Like [`build`](Self::build) without the cover lists, which only
    /// drawing uses (checking or compiling a pack never draws it): on a
    /// densely glossed text they are as large as the occurrences.
    /// [`cover`](Self::cover) adds them.
    pub fn scan(text: &str, tokens: &[Token], entries: &[Entry]) -> Self {
        // With no form to look for (a text alone, or entries whose forms
        // lemma matching did not find), the text's keys are not needed.
        let no_forms = entries
            .iter()
            .flat_map(|e| &e.forms)
            .all(|f| f.trim().is_empty());
        if no_forms {
            let form_nodes = FormNodes::none(entries.iter().map(|e| e.forms.len()));
            return GlossaryIndex::assemble(entries.len(), Vec::new(), form_nodes, vec![0]);
        }
        let mut interner = Interner::default();
        let (trie, form_nodes) = Trie::new(entries, &mut interner);

        // Each token's key is made when the scan first reaches it, and only
        // the words a form could still be matching over are held: no list
        // of keys as long as the text. Spellings already seen skip
        // normalization; a word no form has gets a key no edge has.
        let mut seen: FxMap<&str, u32> = FxMap::default();
        let mut key_of = |t: &Token| match t.kind {
            TokenKind::Newline => BARRIER,
            _ => match text.get(t.range()) {
                Some(s) => *seen
                    .entry(s)
                    .or_insert_with(|| interner.get(s).unwrap_or(ABSENT)),
                None => BARRIER,
            },
        };
        let mut words = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.kind != TokenKind::Space);
        let mut window: VecDeque<(u32, u32)> = VecDeque::with_capacity(MAX_FORM_TOKENS + 2);

        // From each word, follow the trie as far as the text agrees with
        // some form (at most MAX_FORM_TOKENS edges); count every node
        // reached, keep at most MAX_AT_TOKEN occurrences starting there.
        let mut node_hits = vec![0u32; trie.ends.len()];
        let mut occurrences = Vec::new();
        loop {
            if window.is_empty() {
                match words.next() {
                    Some((i, t)) => window.push_back((compact(i), key_of(t))),
                    None => break,
                }
            }
            let (first_tok, key) = window[0];
            let first_tok = first_tok as usize;
            let mut node = trie.root.get(key as usize).copied().unwrap_or(NONE);
            let mut q = 0;
            let mut kept = 0;
            while node != NONE {
                let ends = &trie.ends[node as usize];
                if !ends.is_empty() {
                    node_hits[node as usize] = node_hits[node as usize].saturating_add(1);
                    let last_tok = window[q].0 as usize;
                    let mut previous = None;
                    for &(entry, form) in ends {
                        // Forms of one entry that differ only in case or
                        // apostrophe end at the same node: one occurrence.
                        if kept == MAX_AT_TOKEN || previous == Some(entry) {
                            continue;
                        }
                        previous = Some(entry);
                        if let Some(o) = Occurrence::new(
                            entry,
                            form,
                            tokens[first_tok].start()..tokens[last_tok].end(),
                            first_tok..last_tok + 1,
                        ) {
                            kept += 1;
                            occurrences.push(o);
                        }
                    }
                }
                q += 1;
                if q == window.len()
                    && let Some((i, t)) = words.next()
                {
                    window.push_back((compact(i), key_of(t)));
                }
                node = match window.get(q) {
                    Some(&(_, k)) if k != BARRIER => trie.child(node, k).unwrap_or(NONE),
                    _ => NONE,
                };
            }
            window.pop_front();
        }
        drop(seen);

        // The scan went from token to token, so occurrences are in order of
        // start already: only those sharing a start (a handful) are sorted.
        for group in occurrences.chunk_by_mut(|a, b| a.range().start == b.range().start) {
            group.sort_unstable_by(|a, b| {
                b.range()
                    .end
                    .cmp(&a.range().end)
                    .then(a.entry().cmp(&b.entry()))
                    .then(a.form().cmp(&b.form()))
            });
        }
        // Two forms of one entry on the same span ("l'ordre" and "l’ordre")
        // are one occurrence: keep the first form.
        occurrences.dedup_by(|b, a| a.entry() == b.entry() && a.range() == b.range());
        // The list grew by doubling; the study keeps it for as long as the
        // text is open.
        occurrences.shrink_to_fit();

        GlossaryIndex::assemble(entries.len(), occurrences, form_nodes, node_hits)
    }

    /// The index around sorted occurrences, without cover lists: the
    /// lists by entry follow from the occurrences alone.
    fn assemble(
        entry_count: usize,
        occurrences: Vec<Occurrence>,
        form_nodes: FormNodes,
        node_hits: Vec<u32>,
    ) -> GlossaryIndex {
        // Counted, then placed: occurrences are in text order, and so is
        // each entry's list.
        let mut entry_start = vec![0u32; entry_count + 1];
        for o in &occurrences {
            if let Some(n) = entry_start.get_mut(o.entry() + 1) {
                *n += 1;
            }
        }
        for e in 0..entry_count {
            entry_start[e + 1] += entry_start[e];
        }
        let mut by_entry = vec![0u32; occurrences.len()];
        let mut next = entry_start.clone();
        for (i, o) in occurrences.iter().enumerate() {
            if let Some(at) = next.get_mut(o.entry()) {
                by_entry[*at as usize] = compact(i);
                *at += 1;
            }
        }
        GlossaryIndex {
            occurrences,
            by_entry,
            entry_start,
            form_nodes,
            node_hits,
            ..GlossaryIndex::default()
        }
    }

    /// Lets the occurrences go, keeping how often each form occurs (all a
    /// pack check asks of the index once sentences are found).
    pub fn keep_counts_only(&mut self) {
        *self = GlossaryIndex {
            form_nodes: std::mem::take(&mut self.form_nodes),
            node_hits: std::mem::take(&mut self.node_hits),
            ..GlossaryIndex::default()
        };
    }

    /// Adds the cover lists (which occurrences cover each token), from the
    /// tokens the occurrences were found in.
    pub fn cover(&mut self, tokens: &[Token]) {
        let (covered, cover_start, cover) = cover_lists(tokens, &self.occurrences);
        self.covered = covered;
        self.cover_start = cover_start;
        self.cover = cover;
    }

    /// What compiled data keeps of an index: occurrences, form nodes and
    /// their hit counts; the rest is rebuilt from these and the tokens by
    /// [`GlossaryIndex::from_parts`].
    pub fn parts(&self) -> IndexParts<'_> {
        IndexParts {
            occurrences: &self.occurrences,
            form_nodes: &self.form_nodes,
            node_hits: &self.node_hits,
        }
    }

    /// An index from its [`parts`](Self::parts), read back from compiled
    /// data: `None` unless every part agrees with the tokens and entries
    /// (every offset in bounds, occurrences sorted and on token bounds), so
    /// that no lookup can go out of bounds whatever the bytes were.
    pub fn from_parts(
        occurrences: Vec<Occurrence>,
        form_nodes: FormNodes,
        node_hits: Vec<u32>,
        tokens: &[Token],
        forms_per_entry: &[usize],
    ) -> Option<Self> {
        for o in &occurrences {
            let first = tokens.get(o.tokens().start)?;
            let last = tokens.get(o.tokens().end.checked_sub(1)?)?;
            let forms = *forms_per_entry.get(o.entry())?;
            if o.form() >= forms
                || o.tokens().start >= o.tokens().end
                || o.range() != (first.start()..last.end())
            {
                return None;
            }
        }
        let sorted = occurrences.windows(2).all(|w| {
            let (a, b) = (&w[0], &w[1]);
            (
                a.range().start,
                std::cmp::Reverse(a.range().end),
                a.entry(),
                a.form(),
            ) < (
                b.range().start,
                std::cmp::Reverse(b.range().end),
                b.entry(),
                b.form(),
            )
        });
        let nodes_fit = form_nodes.entries() == forms_per_entry.len()
            && forms_per_entry
                .iter()
                .enumerate()
                .all(|(e, &forms)| form_nodes.of(e).len() == forms)
            && form_nodes
                .flat()
                .iter()
                .all(|&n| n == NONE || (n as usize) < node_hits.len());
        if !(sorted && nodes_fit) {
            return None;
        }
        let mut index =
            GlossaryIndex::assemble(forms_per_entry.len(), occurrences, form_nodes, node_hits);
        index.cover(tokens);
        Some(index)
    }

    /// Every occurrence, sorted by start (longer first on equal starts).
    pub fn occurrences(&self) -> &[Occurrence] {
        &self.occurrences
    }

    /// Indices into [`occurrences`](Self::occurrences) of one entry, in text
    /// order; empty for an unknown entry.
    pub fn of_entry(&self, entry: usize) -> &[u32] {
        run(&self.entry_start, entry)
            .and_then(|r| self.by_entry.get(r))
            .unwrap_or(&[])
    }

    /// The byte ranges of one entry's occurrences, in text order.
    pub fn entry_ranges(&self, entry: usize) -> impl Iterator<Item = Range<usize>> + '_ {
        self.of_entry(entry)
            .iter()
            .filter_map(|&o| self.occurrences.get(o as usize))
            .map(Occurrence::range)
    }

    /// How many times a form matched, counting spans another form of the same
    /// entry also matched; 0 means the form never occurs (worth a warning).
    pub fn count_for_form(&self, entry: usize, form: usize) -> usize {
        self.form_nodes
            .of(entry)
            .get(form)
            .and_then(|&node| self.node_hits.get(node as usize))
            .map_or(0, |&n| n as usize)
    }

    /// Every (entry, form) that never matched, for pack checks.
    pub fn unmatched_forms(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for e in 0..self.form_nodes.entries() {
            for f in 0..self.form_nodes.of(e).len() {
                if self.count_for_form(e, f) == 0 {
                    out.push((e, f));
                }
            }
        }
        out
    }

    /// Occurrences covering token `token`, shortest (innermost) first.
    /// Spaces inside a multi-word occurrence are covered too, so underlines
    /// run unbroken.
    pub fn at_token(&self, token: usize) -> &[u32] {
        let Ok(t) = u32::try_from(token) else {
            return &[];
        };
        self.covered
            .binary_search_by_key(&t, |&(t, _)| t)
            .map_or(&[], |i| self.cover_list(i))
    }

    /// The cover list of the `i`th covered token.
    fn cover_list(&self, i: usize) -> &[u32] {
        match (self.cover_start.get(i), self.cover_start.get(i + 1)) {
            (Some(&a), Some(&b)) => self.cover.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Whether any occurrence covers token `token` (to underline it).
    pub fn is_covered(&self, token: usize) -> bool {
        !self.at_token(token).is_empty()
    }

    /// Occurrences covering byte `byte`, shortest first.
    pub fn occurrences_at(&self, byte: usize) -> &[u32] {
        // The last covered token starting at or before `byte` holds it if
        // its innermost occurrence reaches past `byte`: had `byte` been in
        // a later token of that occurrence, that token would be covered.
        let i = self
            .covered
            .partition_point(|&(_, start)| start as usize <= byte);
        let Some(list) = i.checked_sub(1).map(|i| self.cover_list(i)) else {
            return &[];
        };
        match list.first().and_then(|&o| self.occurrences.get(o as usize)) {
            Some(o) if byte < o.range().end => list,
            _ => &[],
        }
    }

    /// Entries with an occurrence covering `byte`, innermost first, each once.
    pub fn entries_at(&self, byte: usize) -> Vec<usize> {
        self.entries_of(self.occurrences_at(byte))
    }

    /// Entries with an occurrence covering token `token`, innermost first,
    /// each once.
    pub fn entries_at_token(&self, token: usize) -> Vec<usize> {
        self.entries_of(self.at_token(token))
    }

    fn entries_of(&self, occurrences: &[u32]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for &o in occurrences {
            let e = self.occurrences[o as usize].entry();
            if !out.contains(&e) {
                out.push(e);
            }
        }
        out
    }

    /// The first occurrence starting after `byte`, to jump to the next
    /// glossary word.
    pub fn next_after(&self, byte: usize) -> Option<usize> {
        let i = self
            .occurrences
            .partition_point(|o| o.range().start <= byte);
        (i < self.occurrences.len()).then_some(i)
    }

    /// The last occurrence starting before `byte`.
    pub fn prev_before(&self, byte: usize) -> Option<usize> {
        self.occurrences
            .partition_point(|o| o.range().start < byte)
            .checked_sub(1)
    }

    /// Merged byte ranges covered by any occurrence, in order: what to
    /// underline when drawing line by line.
    pub fn covered_ranges(&self) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        for o in &self.occurrences {
            match out.last_mut() {
                Some(last) if o.range().start <= last.end => {
                    last.end = last.end.max(o.range().end);
                }
                _ => out.push(o.range()),
            }
        }
        out
    }
}

/// Lists of covering occurrences for the covered tokens, flattened (CSR
/// layout) so a large text costs three allocations rather than one per
/// token: the covered tokens with their first byte, where each list starts,
/// and the lists. Each token lists at most [`MAX_AT_TOKEN`] occurrences,
/// the innermost (shortest) first. `occurrences` are sorted by start.
type CoverLists = (Vec<(u32, u32)>, Vec<u32>, Vec<u32>);

fn cover_lists(tokens: &[Token], occurrences: &[Occurrence]) -> CoverLists {
    // Sorted by start, the union of their token ranges comes in order.
    let mut covered: Vec<(u32, u32)> = Vec::new();
    let mut next = 0;
    for o in occurrences {
        for t in o.tokens().start.max(next)..o.tokens().end {
            if let Some(token) = tokens.get(t) {
                covered.push((compact(t), compact(token.start())));
            }
        }
        next = next.max(o.tokens().end);
    }
    covered.shrink_to_fit();
    // Where each occurrence's first token is among the covered ones (its
    // tokens are consecutive there), in one walk: both are in text order.
    let mut first_slots: Vec<u32> = Vec::with_capacity(occurrences.len());
    let mut slot = 0;
    for o in occurrences {
        while covered
            .get(slot)
            .is_some_and(|&(t, _)| (t as usize) < o.tokens().start)
        {
            slot += 1;
        }
        first_slots.push(compact(slot));
    }
    let first_slot = |i: usize| {
        let slot = first_slots[i] as usize;
        let t = occurrences[i].tokens().start;
        covered
            .get(slot)
            .is_some_and(|&(c, _)| c as usize == t)
            .then_some(slot)
    };
    // Occurrences shortest first: filling tokens in this order keeps the
    // innermost ones when a token is covered more often than the bound.
    let order = shortest_first(occurrences);
    // At most MAX_AT_TOKEN each: a byte per covered token.
    const _: () = assert!(MAX_AT_TOKEN <= u8::MAX as usize);
    let mut count = vec![0u8; covered.len()];
    for &i in &order {
        let o = &occurrences[i as usize];
        let Some(first) = first_slot(i as usize) else {
            continue;
        };
        for c in count.iter_mut().skip(first).take(o.tokens().len()) {
            if usize::from(*c) < MAX_AT_TOKEN {
                *c += 1;
            }
        }
    }
    let mut start = Vec::with_capacity(covered.len() + 1);
    let mut total = 0u32;
    start.push(0);
    for &c in &count {
        total += u32::from(c);
        start.push(total);
    }
    let mut cover = vec![0u32; total as usize];
    let mut fill = count;
    fill.fill(0);
    for &i in &order {
        let o = &occurrences[i as usize];
        let Some(first) = first_slot(i as usize) else {
            continue;
        };
        for slot in first..(first + o.tokens().len()).min(fill.len()) {
            if usize::from(fill[slot]) < MAX_AT_TOKEN {
                cover[(start[slot] + u32::from(fill[slot])) as usize] = i;
                fill[slot] += 1;
            }
        }
    }
    (covered, start, cover)
}

/// Occurrence numbers by length in bytes, text order among equal lengths.
/// Lengths are short: counted into one bucket each (a tenth of a sort's
/// time for a preview's occurrences), sorted only if one is very long.
fn shortest_first(occurrences: &[Occurrence]) -> Vec<u32> {
    /// Longer occurrences than this (or more than the occurrences) sort.
    const BUCKETS: usize = 256;
    let longest = occurrences
        .iter()
        .map(|o| o.range().len())
        .max()
        .unwrap_or(0);
    if longest >= BUCKETS.max(occurrences.len()) {
        let mut order: Vec<u32> = (0..compact(occurrences.len())).collect();
        order.sort_unstable_by_key(|&i| (occurrences[i as usize].range().len(), i));
        return order;
    }
    // Where each length's occurrences go: counts, then their running sums.
    let mut next = vec![0u32; longest + 1];
    for o in occurrences {
        next[o.range().len()] += 1;
    }
    let mut total = 0;
    for slot in &mut next {
        (*slot, total) = (total, total + *slot);
    }
    let mut order = vec![0u32; occurrences.len()];
    for (i, o) in occurrences.iter().enumerate() {
        let slot = &mut next[o.range().len()];
        order[*slot as usize] = compact(i);
        *slot += 1;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::{Entry, Pos, Str};

    fn entry(id: &str, forms: &[&str]) -> Entry {
        Entry {
            id: id.into(),
            term: forms.first().copied().unwrap_or_default().into(),
            pos: Pos::Expression,
            gender: None,
            en: Str::EMPTY,
            extras: None,
            forms: forms.iter().map(|&f| f.into()).collect(),
            sentence: Str::EMPTY,
            drill: true,
            todo: false,
        }
    }

    fn index(text: &str, entries: &[Entry]) -> GlossaryIndex {
        GlossaryIndex::build(text, &tokenize(text), entries)
    }

    /// The matched texts of an entry.
    fn found<'a>(text: &'a str, idx: &GlossaryIndex, e: usize) -> Vec<&'a str> {
        idx.entry_ranges(e).map(|r| &text[r]).collect()
    }

    use crate::text::statement as body;

    #[test]
    fn forms_longer_than_the_limit_are_not_matched() {
        let form = |n: usize| vec!["a"; n].join(" ");
        assert!(!form_too_long(&form(MAX_FORM_TOKENS)));
        assert!(form_too_long(&form(MAX_FORM_TOKENS + 1)));
        let text = form(100);
        let tokens = tokenize(&text);
        let entries: Vec<Entry> = [MAX_FORM_TOKENS, MAX_FORM_TOKENS + 1]
            .iter()
            .map(|&n| Entry {
                forms: vec![form(n).into()].into(),
                ..entry("a", &[])
            })
            .collect();
        let index = GlossaryIndex::build(&text, &tokens, &entries);
        assert_eq!(index.count_for_form(0, 0), 100 - MAX_FORM_TOKENS + 1);
        assert_eq!(index.count_for_form(1, 0), 0);
    }

    #[test]
    fn statement_matches() {
        let body = body();
        let entries = vec![
            entry("forces-ordre", &["forces de l'ordre"]),
            entry("etat-droit", &["État de droit"]),
            entry("etre", &["soient"]),
            entry("dans", &["Dans"]),
            entry("ton", &["$TON"]),
            entry("interroge", &["j'ai été interrogé"]),
            entry("accord", &["d'accord"]),
            entry("lui-meme", &["lui-même"]),
            entry("coeur", &["❤️"]),
            entry("email", &["adresse e-mail"]),
            entry("cas", &["dans ces cas-là"]),
            entry("absent", &["n'existe pas", "forces de l’ordre"]),
            entry("ue", &["l’UE", "UE"]),
        ];
        let idx = index(&body, &entries);
        assert_eq!(
            found(&body, &idx, 0),
            vec!["forces de l'ordre", "forces de l’ordre"]
        );
        assert_eq!(found(&body, &idx, 1), vec!["État de droit"]);
        assert_eq!(found(&body, &idx, 2), vec!["soient", "soient"]);
        // "Dans" after "sécurité." with no space; "dans" elsewhere too.
        let dans = found(&body, &idx, 3);
        assert!(dans.contains(&"Dans"), "{dans:?}");
        assert!(
            idx.entry_ranges(3)
                .any(|r| body[..r.start].ends_with("sécurité."))
        );
        assert_eq!(found(&body, &idx, 4), vec!["$TON"]);
        assert_eq!(found(&body, &idx, 5), vec!["j'ai été interrogé"]);
        assert_eq!(found(&body, &idx, 6), vec!["d’accord"]);
        assert_eq!(found(&body, &idx, 7), vec!["lui-même"]);
        assert_eq!(found(&body, &idx, 8), vec!["❤️"]);
        assert_eq!(found(&body, &idx, 9), vec!["adresse e-mail"]);
        assert_eq!(found(&body, &idx, 10), vec!["Dans ces cas-là"]);
        assert_eq!(idx.count_for_form(11, 0), 0);
        assert_eq!(idx.count_for_form(11, 1), 2);
        assert_eq!(idx.unmatched_forms(), vec![(11, 0)]);
        // "l’UE" and "UE" both match at "l’UE": two nested occurrences.
        assert!(idx.count_for_form(12, 0) >= 4);
        assert!(idx.count_for_form(12, 1) > idx.count_for_form(12, 0));
    }

    /// Entries whose forms nest in the statement ("forces" inside "forces
    /// de l'ordre", "lois" inside "les lois").
    fn nested_entries() -> Vec<Entry> {
        vec![
            entry("forces", &["forces"]),
            entry("forces-ordre", &["forces de l'ordre"]),
            entry("ordre", &["ordre"]),
            entry("lois", &["lois", "les lois"]),
        ]
    }

    #[test]
    fn occurrences_are_sorted_and_consistent() {
        let body = body();
        let entries = nested_entries();
        let tokens = tokenize(&body);
        let idx = GlossaryIndex::build(&body, &tokens, &entries);
        let occ = idx.occurrences();
        assert!(!occ.is_empty());
        for w in occ.windows(2) {
            assert!(w[0].range().start <= w[1].range().start);
        }
        for o in occ {
            assert_eq!(o.range().start, tokens[o.tokens().start].start());
            assert_eq!(o.range().end, tokens[o.tokens().end - 1].end());
        }
        // Every occurrence is listed under its entry exactly once.
        let total: usize = (0..entries.len()).map(|e| idx.of_entry(e).len()).sum();
        assert_eq!(total, occ.len());
    }

    #[test]
    fn innermost_entry_first() {
        let text = "les forces de l’ordre arrivent";
        let entries = vec![
            entry("forces-ordre", &["forces de l'ordre"]),
            entry("ordre", &["ordre"]),
            entry("forces", &["forces"]),
        ];
        let idx = index(text, &entries);
        let ordre = text.find("ordre").expect("in text");
        assert_eq!(idx.entries_at(ordre), vec![1, 0]);
        assert_eq!(idx.entries_at(ordre + 2), vec![1, 0]);
        assert_eq!(
            idx.entries_at(text.find("forces").expect("in text")),
            vec![2, 0]
        );
        // The space inside the expression belongs to it, not to "forces".
        assert_eq!(idx.entries_at(text.find(" de").expect("in text")), vec![0]);
        assert_eq!(idx.entries_at(0), Vec::<usize>::new());
        assert_eq!(idx.entries_at(text.len()), Vec::<usize>::new());
        assert_eq!(idx.entries_at(usize::MAX), Vec::<usize>::new());
        assert_eq!(
            idx.covered_ranges(),
            vec![text.find("forces").expect("in text")..ordre + "ordre".len()]
        );
    }

    #[test]
    fn matching_ignores_case_apostrophes_and_spacing() {
        let text = "L’ÉTAT\u{a0}de   droit, l'état de droit";
        let entries = vec![entry("etat", &["l'État de droit"])];
        let idx = index(text, &entries);
        assert_eq!(
            found(text, &idx, 0),
            vec!["L’ÉTAT\u{a0}de   droit", "l'état de droit"]
        );
    }

    #[test]
    fn matching_keeps_accents_and_whole_tokens() {
        let text = "où ou ouvert sou";
        let idx = index(text, &[entry("ou", &["ou"])]);
        assert_eq!(found(text, &idx, 0), vec!["ou"]);
    }

    #[test]
    fn newline_breaks_a_match() {
        let text = "forces de\nl'ordre; forces de l'ordre";
        let idx = index(text, &[entry("f", &["forces de l'ordre"])]);
        assert_eq!(found(text, &idx, 0), vec!["forces de l'ordre"]);
        assert_eq!(
            idx.occurrences()[0].range().start,
            text.rfind("forces").unwrap_or(0)
        );
    }

    #[test]
    fn elision_forms() {
        let text = "Il n’est pas facile d’établir; qu'il sait; lorsqu’on m'a";
        let entries = vec![
            entry("etablir", &["établir"]),
            entry("d-etablir", &["d'établir"]),
            entry("qu-il", &["qu’il"]),
            entry("lorsqu-on", &["lorsqu'on m’a"]),
            entry("est", &["n'est pas"]),
        ];
        let idx = index(text, &entries);
        assert_eq!(found(text, &idx, 0), vec!["établir"]);
        assert_eq!(found(text, &idx, 1), vec!["d’établir"]);
        assert_eq!(found(text, &idx, 2), vec!["qu'il"]);
        assert_eq!(found(text, &idx, 3), vec!["lorsqu’on m'a"]);
        assert_eq!(found(text, &idx, 4), vec!["n’est pas"]);
    }

    #[test]
    fn forms_sharing_first_tokens() {
        let text = "l’État de droit est faible; l’État aussi; l’échelle";
        let entries = vec![
            entry("etat", &["l'État"]),
            entry("etat-droit", &["l'État de droit"]),
            entry("etat-droit-faible", &["l'État de droit est fort"]),
            entry("echelle", &["l’échelle mondiale", "l'échelle"]),
            entry("le", &["l'"]),
        ];
        let idx = index(text, &entries);
        assert_eq!(found(text, &idx, 0), vec!["l’État", "l’État"]);
        assert_eq!(found(text, &idx, 1), vec!["l’État de droit"]);
        assert!(found(text, &idx, 2).is_empty());
        assert_eq!(found(text, &idx, 3), vec!["l’échelle"]);
        assert_eq!(idx.count_for_form(3, 0), 0);
        assert_eq!(found(text, &idx, 4).len(), 3);
        let first = idx.occurrences()[0].clone();
        assert_eq!(
            (first.entry(), first.range()),
            (1, 0..text.find(" est").unwrap_or(0))
        );
        assert_eq!(idx.entries_at(0), vec![4, 0, 1]);
    }

    #[test]
    fn same_span_of_one_entry_counts_once() {
        let text = "forces de l’ordre";
        let entries = vec![entry("f", &["forces de l'ordre", "forces de l’ordre"])];
        let idx = index(text, &entries);
        assert_eq!(idx.occurrences().len(), 1);
        assert_eq!(idx.occurrences()[0].form, 0);
        assert_eq!(idx.count_for_form(0, 0), 1);
        assert_eq!(idx.count_for_form(0, 1), 1);
    }

    /// Cover lists are kept for covered tokens only: looking one up by byte
    /// gives what looking up that byte's token gives, at every byte, and
    /// tokens no occurrence covers have none.
    #[test]
    fn byte_lookups_agree_with_token_lookups() {
        let body = body();
        let mut entries = nested_entries();
        entries.push(entry("de", &["de"]));
        let tokens = tokenize(&body);
        let idx = GlossaryIndex::build(&body, &tokens, &entries);
        let mut covered = 0;
        for (t, token) in tokens.iter().enumerate() {
            let expected: Vec<usize> = idx
                .occurrences()
                .iter()
                .enumerate()
                .filter(|(_, o)| o.tokens().contains(&t))
                .map(|(i, _)| i)
                .collect();
            let list = idx.at_token(t);
            assert_eq!(list.len(), expected.len().min(MAX_AT_TOKEN), "{t}");
            assert!(list.iter().all(|&o| expected.contains(&(o as usize))));
            covered += usize::from(!list.is_empty());
            for byte in token.range() {
                assert_eq!(idx.occurrences_at(byte), list, "byte {byte}");
            }
        }
        assert!(covered > 0 && covered < tokens.len());
        assert!(idx.occurrences_at(body.len()).is_empty());
    }

    /// An occurrence keeps 32-bit offsets and small counts: 16 bytes, not
    /// 48; one that cannot be named so is refused, never cut short.
    #[test]
    fn occurrences_are_compact() {
        assert_eq!(std::mem::size_of::<Occurrence>(), 16);
        let o = Occurrence::new(7, 2, 10..25, 3..6).expect("fits");
        assert_eq!(
            (o.entry(), o.form(), o.range(), o.tokens()),
            (7, 2, 10..25, 3..6)
        );
        let big = Occurrence::new(MAX_ENTRIES - 1, 65_535, 0..65_535, 0..255).expect("fits");
        assert_eq!(
            (big.entry(), big.form(), big.range(), big.tokens()),
            (MAX_ENTRIES - 1, 65_535, 0..65_535, 0..255)
        );
        assert!(Occurrence::new(MAX_ENTRIES, 0, 0..1, 0..1).is_none());
        assert!(Occurrence::new(0, 65_536, 0..1, 0..1).is_none());
        assert!(Occurrence::new(0, 0, 0..65_536, 0..1).is_none());
        assert!(Occurrence::new(0, 0, 0..1, 0..256).is_none());
        // Reversed ranges, as damaged compiled data could give.
        let (five, three) = (5, 3);
        assert!(Occurrence::new(0, 0, five..1, 0..1).is_none());
        assert!(Occurrence::new(0, 0, 0..1, three..1).is_none());
    }

    /// Without forms to find, the index is the one a scan would give.
    #[test]
    fn no_forms_is_an_empty_index() {
        let body = body();
        let tokens = tokenize(&body);
        let entries = vec![entry("a", &[]), entry("b", &["", " "])];
        let idx = GlossaryIndex::build(&body, &tokens, &entries);
        assert!(idx.occurrences().is_empty());
        assert_eq!(idx.unmatched_forms(), vec![(1, 0), (1, 1)]);
        // A scan that finds nothing says the same.
        let with_one = [entry("a", &["zzz"]), entries[1].clone()];
        let scanned = GlossaryIndex::build(&body, &tokens, &with_one);
        assert!(scanned.occurrences().is_empty());
        assert_eq!(scanned.unmatched_forms(), vec![(0, 0), (1, 0), (1, 1)]);
        assert_eq!(
            scanned.parts().form_nodes.of(1),
            idx.parts().form_nodes.of(1)
        );
    }

    #[test]
    fn degenerate_inputs() {
        let idx = index("", &[entry("a", &["a"])]);
        assert!(idx.occurrences().is_empty());
        assert!(idx.occurrences_at(0).is_empty());
        let idx = index("a b", &[entry("empty", &["", "  "]), entry("none", &[])]);
        assert!(idx.occurrences().is_empty());
        assert_eq!(idx.unmatched_forms(), vec![(0, 0), (0, 1)]);
        assert_eq!(idx.of_entry(99), &[] as &[u32]);
        assert_eq!(idx.count_for_form(99, 0), 0);
        assert_eq!(idx.at_token(99), &[] as &[u32]);
        // Tokens of another text do not panic.
        let idx = GlossaryIndex::build("ab", &tokenize("a b c d"), &[entry("a", &["a"])]);
        assert!(idx.occurrences().len() <= 1);
    }

    #[test]
    fn navigation() {
        let text = "un chat, un chien, un chat";
        let idx = index(
            text,
            &[entry("chat", &["chat"]), entry("chien", &["chien"])],
        );
        let starts: Vec<usize> = idx.occurrences().iter().map(|o| o.range().start).collect();
        assert_eq!(starts.len(), 3);
        assert_eq!(idx.next_after(0), Some(0));
        assert_eq!(idx.next_after(starts[0]), Some(1));
        assert_eq!(idx.next_after(starts[2]), None);
        assert_eq!(idx.prev_before(starts[1]), Some(0));
        assert_eq!(idx.prev_before(starts[0]), None);
        assert_eq!(idx.prev_before(usize::MAX), Some(2));
    }

    /// Forms nested thirty deep over a repetitive text, each the form of
    /// several entries: every count stays exact, the index stays within its
    /// bound per token.
    #[test]
    fn nested_forms_are_bounded_per_token() {
        let words = 2_000;
        let text = "a ".repeat(words);
        let mut entries = Vec::new();
        for k in 1..=MAX_FORM_TOKENS {
            let form = vec!["a"; k].join(" ");
            for copy in 0..5 {
                entries.push(entry(&format!("e{k}-{copy}"), &[&form]));
            }
        }
        let idx = index(&text, &entries);
        assert!(idx.occurrences().len() <= MAX_AT_TOKEN * words);
        assert!((0..words * 2).all(|t| idx.at_token(t).len() <= MAX_AT_TOKEN));
        for (e, en) in entries.iter().enumerate() {
            let k = en.forms[0].split(' ').count();
            assert_eq!(idx.count_for_form(e, 0), words + 1 - k, "{:?}", en.forms[0]);
        }
        // The innermost occurrences are the ones kept.
        let first = idx.at_token(0);
        assert!(
            first
                .iter()
                .all(|&o| idx.occurrences()[o as usize].tokens().len() == 1)
        );
    }

    /// Match counts by brute force: every form at every non-space token.
    fn naive_counts(text: &str, entries: &[Entry]) -> Vec<Vec<usize>> {
        use crate::text::normalize::match_key;
        let keys = |s: &str| -> Vec<Option<String>> {
            tokenize(s)
                .into_iter()
                .filter(|t| t.kind != TokenKind::Space)
                .map(|t| (t.kind != TokenKind::Newline).then(|| match_key(&s[t.range()])))
                .collect()
        };
        let text_keys = keys(text);
        entries
            .iter()
            .map(|e| {
                e.forms
                    .iter()
                    .map(|f| {
                        let fk: Vec<Option<String>> =
                            keys(f).into_iter().filter(Option::is_some).collect();
                        if fk.is_empty() {
                            return 0;
                        }
                        text_keys
                            .windows(fk.len())
                            .filter(|w| w.iter().zip(&fk).all(|(a, b)| a.is_some() && a == b))
                            .count()
                    })
                    .collect()
            })
            .collect()
    }

    proptest::proptest! {
        /// Counting by length orders occurrences as sorting them by
        /// (length, number) does, with short and very long ones alike.
        #[test]
        fn shortest_first_is_the_sorted_order(
            lengths in proptest::collection::vec(
                proptest::prop_oneof![4 => 1usize..40, 1 => 1usize..2000],
                0..300,
            )
        ) {
            let occurrences: Vec<Occurrence> = lengths
                .iter()
                .enumerate()
                .filter_map(|(i, &len)| Occurrence::new(i % 7, 0, i..i + len, i..i + 1))
                .collect();
            proptest::prop_assert_eq!(occurrences.len(), lengths.len());
            let mut sorted: Vec<u32> = (0..compact(occurrences.len())).collect();
            sorted.sort_by_key(|&i| (occurrences[i as usize].range().len(), i));
            proptest::prop_assert_eq!(shortest_first(&occurrences), sorted);
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_brute_force(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "l'", "L’", "État", "état", "de", "droit", "forces", "ordre", "d’", "accord",
                    " ", "\u{a0}", "\n", ".", "Dans", "$TON", "e-mail", "qu'", "il",
                ]),
                0..40,
            ),
            forms in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "l'", "État", "de", "droit", "forces", "ordre", "d'", "accord", " ",
                        ".", "dans", "$ton", "E-MAIL", "qu’", "il",
                    ]),
                    0..5,
                ),
                1..8,
            ),
        ) {
            let text: String = words.concat();
            let forms: Vec<String> = forms.iter().map(|f| f.join(" ")).collect();
            let entries: Vec<Entry> = forms
                .chunks(2)
                .enumerate()
                .map(|(i, fs)| {
                    let fs: Vec<&str> = fs.iter().map(String::as_str).collect();
                    entry(&i.to_string(), &fs)
                })
                .collect();
            let idx = index(&text, &entries);
            let naive = naive_counts(&text, &entries);
            for (e, counts) in naive.iter().enumerate() {
                for (f, &n) in counts.iter().enumerate() {
                    proptest::prop_assert_eq!(idx.count_for_form(e, f), n, "{:?} in {:?}", entries[e].forms[f], text);
                }
            }
            for o in idx.occurrences() {
                proptest::prop_assert!(!text[o.range()].contains('\n'));
            }
        }
    }

    /// A deterministic pseudo-word for the benchmark.
    fn pseudo_word(n: usize) -> String {
        const SYL: [&str; 16] = [
            "ba", "ré", "lo", "qui", "ten", "ma", "sé", "por", "ti", "ven", "dré", "cu", "ol",
            "an", "gè", "su",
        ];
        let mut w = String::new();
        let mut n = n + 17;
        while n > 0 {
            w.push_str(SYL[n % 16]);
            n /= 16;
        }
        w
    }

    /// A ~1 MB text and a 5,000-entry glossary of distinct terms. Run with
    /// `cargo test --release --lib bench_ -- --ignored --nocapture`.
    #[test]
    #[ignore = "timing; run in release"]
    fn bench_build_large() {
        use std::time::Instant;
        let body = body();
        // Half the statement repeated, half pseudo-words from a 20,000-word
        // vocabulary with French punctuation and elisions.
        let mut text = String::new();
        while text.len() < 500_000 {
            text.push_str(&body);
            text.push_str("\n\n");
        }
        let mut seed: u64 = 42;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        while text.len() < 1_000_000 {
            let w = pseudo_word(next() % 20_000);
            match next() % 12 {
                0 => text.push_str("l’"),
                1 => text.push_str("d'"),
                _ => {}
            }
            text.push_str(&w);
            match next() % 20 {
                0 => text.push_str(".\n\n"),
                1 => text.push_str(", "),
                2 => text.push_str("\u{a0}: "),
                _ => text.push(' '),
            }
        }
        let mut distinct: Vec<&str> = body
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        let mut entries = Vec::new();
        for w in &distinct {
            entries.push(entry(w, &[w, &w.to_uppercase()]));
        }
        let mut n = 0;
        while entries.len() < 5000 {
            let a = pseudo_word(n * 3);
            let form = match n % 3 {
                0 => a.clone(),
                1 => format!("{a} {}", pseudo_word(n * 3 + 1)),
                _ => format!("l'{a}"),
            };
            entries.push(entry(&a, &[&form, &format!("{a}s")]));
            n += 1;
        }
        // Best of several runs: the machine may be busy.
        let mut best = (std::time::Duration::MAX, std::time::Duration::MAX);
        let mut tokens = Vec::new();
        let mut idx = GlossaryIndex::default();
        for _ in 0..7 {
            let t0 = Instant::now();
            tokens = tokenize(&text);
            let t1 = Instant::now();
            idx = GlossaryIndex::build(&text, &tokens, &entries);
            let t2 = Instant::now();
            best = (best.0.min(t1 - t0), best.1.min(t2 - t1));
        }
        println!(
            "{} bytes, {} tokens, {} entries, {} occurrences: tokenize {:?}, build {:?}",
            text.len(),
            tokens.len(),
            entries.len(),
            idx.occurrences().len(),
            best.0,
            best.1
        );
    }
}
