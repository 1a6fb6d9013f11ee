//! [`Str`], the string type of glossary entries: an entry read from a
//! compiled pack borrows its strings from the bytes it was read from
//! instead of copying each one. A 5,000-entry glossary holds some 26,000
//! strings; allocating and copying them was most of the time a cached
//! long text took to open.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A string of a glossary entry, read like a `&str` (it derefs to one).
/// Written or parsed, it owns its bytes; read from a compiled pack, it is
/// a piece of the pack's strings (built in: static; cached: shared).
#[derive(Clone)]
pub struct Str(Repr);

#[derive(Clone)]
enum Repr {
    Static(&'static str),
    Owned(Box<str>),
    /// `len` bytes from `start` of `all`: both ends are character
    /// boundaries (checked when made), so reading never fails.
    Shared {
        all: Arc<String>,
        start: u32,
        len: u32,
    },
}

impl Str {
    /// The empty string (no allocation).
    pub const EMPTY: Str = Str(Repr::Static(""));

    /// Owned strings as [`Str`]s (the list's memory is reused).
    pub fn all(list: Vec<String>) -> Vec<Str> {
        list.into_iter().map(Str::from).collect()
    }

    /// The string as a `&str` (what `Deref` gives).
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(s) => s,
            Repr::Owned(s) => s,
            Repr::Shared { all, start, len } => {
                let start = *start as usize;
                match all.as_bytes().get(start..start + *len as usize) {
                    // SAFETY: a shared piece is made only by
                    // `Source::make`, of a `str` lying within `all`
                    // (never changed: it is behind an `Arc`), so it starts
                    // and ends on character boundaries of `all`.
                    Some(piece) => unsafe { std::str::from_utf8_unchecked(piece) },
                    None => "",
                }
            }
        }
    }
}

/// A list of [`Str`]s, read like a slice (it derefs to one): an entry's
/// forms. Written or parsed, it owns its items; read from a compiled
/// pack, it is a piece of one list holding every entry's forms, so that a
/// glossary is read without an allocation per entry.
#[derive(Clone, Default)]
pub struct Strs(StrsRepr);

#[derive(Clone)]
enum StrsRepr {
    Owned(Vec<Str>),
    /// `len` items from `start` of `all` (in bounds: checked when made).
    Shared {
        all: Arc<Vec<Str>>,
        start: u32,
        len: u32,
    },
}

impl Default for StrsRepr {
    fn default() -> Self {
        StrsRepr::Owned(Vec::new())
    }
}

impl Strs {
    /// The items as a slice (what `Deref` gives).
    #[inline]
    pub fn as_slice(&self) -> &[Str] {
        match &self.0 {
            StrsRepr::Owned(items) => items,
            StrsRepr::Shared { all, start, len } => {
                let start = *start as usize;
                all.get(start..start + *len as usize).unwrap_or_default()
            }
        }
    }

    /// The items to change, as a list of their own (copied first if
    /// shared).
    pub fn to_mut(&mut self) -> &mut Vec<Str> {
        if let StrsRepr::Shared { .. } = self.0 {
            self.0 = StrsRepr::Owned(self.as_slice().to_vec());
        }
        match &mut self.0 {
            StrsRepr::Owned(items) => items,
            StrsRepr::Shared { .. } => unreachable!("made owned above"),
        }
    }

    /// The lists of `ends.len()` entries, all their items in `all` one
    /// list after the other, each ending where `ends` says; `None` if an
    /// end is out of order or past the items. Made as they are taken: no
    /// list of the lists (a fifth of a long glossary's fresh pages).
    pub fn split(all: Vec<Str>, ends: &[u32]) -> Option<impl Iterator<Item = Strs> + '_> {
        let total = u32::try_from(all.len()).ok()?;
        let in_order = ends.windows(2).all(|w| w[0] <= w[1]);
        if !in_order || ends.last().is_some_and(|&end| end > total) {
            return None;
        }
        let all = Arc::new(all);
        let starts = std::iter::once(0).chain(ends.iter().copied());
        Some(starts.zip(ends).map(move |(start, &end)| {
            if end == start {
                Strs::default()
            } else {
                Strs(StrsRepr::Shared {
                    all: Arc::clone(&all),
                    start,
                    len: end - start,
                })
            }
        }))
    }
}

impl Deref for Strs {
    type Target = [Str];
    fn deref(&self) -> &[Str] {
        self.as_slice()
    }
}

impl From<Vec<Str>> for Strs {
    fn from(items: Vec<Str>) -> Self {
        Strs(StrsRepr::Owned(items))
    }
}

impl FromIterator<Str> for Strs {
    fn from_iter<I: IntoIterator<Item = Str>>(iter: I) -> Self {
        Strs(StrsRepr::Owned(iter.into_iter().collect()))
    }
}

impl<'a> IntoIterator for &'a Strs {
    type Item = &'a Str;
    type IntoIter = std::slice::Iter<'a, Str>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl fmt::Debug for Strs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl PartialEq for Strs {
    fn eq(&self, other: &Strs) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Strs {}

impl Serialize for Strs {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Strs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Str>::deserialize(deserializer).map(Strs::from)
    }
}

/// Where the strings of a compiled pack live, so that entries read from it
/// can borrow them ([`Source::make`]).
#[derive(Clone)]
pub enum Source {
    /// The built-in pack's strings, in the program itself.
    Static(&'static str),
    /// A cached pack's strings, read once and shared by its entries.
    Shared(Arc<String>),
}

impl Source {
    /// All the strings entries borrow from (none when copied).
    pub fn all(&self) -> &str {
        match self {
            Source::Static(all) => all,
            Source::Shared(all) => all,
        }
    }

    /// `s` as a [`Str`]: borrowed when it lies within this source's
    /// strings, copied otherwise.
    #[inline]
    pub fn make(&self, s: &str) -> Str {
        // A string lying within another begins and ends on its character
        // boundaries: reading it back never fails.
        if let Source::Shared(all) = self
            && !s.is_empty()
            && let Some(at) = offset_in(all, s)
            && let (Ok(start), Ok(len)) = (u32::try_from(at), u32::try_from(s.len()))
        {
            return Str(Repr::Shared {
                all: Arc::clone(all),
                start,
                len,
            });
        }
        self.make_otherwise(s)
    }

    /// [`Source::make`] for the built-in pack, empty strings and strings
    /// from elsewhere (copied).
    #[cold]
    fn make_otherwise(&self, s: &str) -> Str {
        let piece = match self {
            Source::Static(all) => offset_in(all, s).and_then(|at| all.get(at..at + s.len())),
            Source::Shared(_) => None,
        };
        match piece {
            Some(piece) => Str(Repr::Static(piece)),
            None => Str::from(s),
        }
    }
}

/// Where `piece` starts within `all`, when it lies wholly inside it.
fn offset_in(all: &str, piece: &str) -> Option<usize> {
    let at = (piece.as_ptr() as usize).checked_sub(all.as_ptr() as usize)?;
    (at.checked_add(piece.len())? <= all.len()).then_some(at)
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Default for Str {
    fn default() -> Self {
        Str::EMPTY
    }
}

impl From<String> for Str {
    fn from(s: String) -> Self {
        if s.is_empty() {
            return Str::EMPTY;
        }
        Str(Repr::Owned(s.into_boxed_str()))
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Self {
        if s.is_empty() {
            return Str::EMPTY;
        }
        Str(Repr::Owned(s.into()))
    }
}

impl From<&String> for Str {
    fn from(s: &String) -> Self {
        Str::from(s.as_str())
    }
}

impl From<Str> for String {
    fn from(s: Str) -> Self {
        match s.0 {
            Repr::Owned(s) => s.into_string(),
            _ => s.as_str().to_string(),
        }
    }
}

/// For drawing: the built-in pack's strings are not copied.
impl From<Str> for std::borrow::Cow<'static, str> {
    fn from(s: Str) -> Self {
        match s.0 {
            Repr::Static(s) => std::borrow::Cow::Borrowed(s),
            _ => std::borrow::Cow::Owned(s.into()),
        }
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        self
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        self
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Str {}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Str {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Str> for str {
    fn eq(&self, other: &Str) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Str> for &str {
    fn eq(&self, other: &Str) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Str> for String {
    fn eq(&self, other: &Str) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Str) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Str) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Str {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Serialize for Str {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

impl<'de> Deserialize<'de> for Str {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Str::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_pieces_read_back_and_compare_as_strings() {
        let all = Arc::new(String::from("abus\u{e9}t\u{e9}fin"));
        let source = Source::Shared(Arc::clone(&all));
        let piece = source.make(&all[4..9]);
        assert_eq!(piece, "\u{e9}t\u{e9}");
        assert!(matches!(
            piece.0,
            Repr::Shared {
                start: 4,
                len: 5,
                ..
            }
        ));
        assert_eq!(Arc::strong_count(&all), 3);
        // A string from elsewhere is copied, not misread.
        let other = String::from("ailleurs");
        assert!(matches!(source.make(&other).0, Repr::Owned(_)));
        assert_eq!(source.make(&other), "ailleurs");
        assert!(matches!(source.make("").0, Repr::Static("")));
    }

    #[test]
    fn static_pieces_borrow_the_program_s_strings() {
        static ALL: &str = "termeautre";
        let piece = Source::Static(ALL).make(&ALL[5..]);
        assert!(matches!(piece.0, Repr::Static("autre")));
        assert_eq!(String::from(piece), "autre");
    }

    #[test]
    fn lists_split_from_one_read_back_in_order() {
        let all: Vec<Str> = ["a", "b", "c"].into_iter().map(Str::from).collect();
        let lists: Vec<Strs> = Strs::split(all.clone(), &[1, 1, 3])
            .expect("in order")
            .collect();
        assert_eq!(lists.len(), 3);
        assert_eq!(&*lists[0], &all[..1]);
        assert!(lists[1].is_empty());
        assert_eq!(&*lists[2], &all[1..]);
        assert_eq!(lists[2], Strs::from(vec![Str::from("b"), Str::from("c")]));
        assert!(Strs::split(all.clone(), &[2, 1]).is_none());
        assert!(Strs::split(all, &[4]).is_none());
    }

    #[test]
    fn order_hash_and_serde_follow_the_text() {
        let a = Str::from("abc");
        let b = Source::Shared(Arc::new("xabc".to_string()));
        let b = match &b {
            Source::Shared(all) => b.make(&all[1..]),
            _ => unreachable!(),
        };
        assert_eq!(a, b);
        assert_eq!(a.cmp(&Str::from("abd")), std::cmp::Ordering::Less);
        let json = serde_json::to_string(&b).unwrap_or_default();
        assert_eq!(json, "\"abc\"");
        let back: Str = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, a);
    }
}
