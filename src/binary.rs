//! A small little-endian byte encoding for compiled data (the compiled
//! pack): integers, strings and arrays of `u32`, written in order and read
//! back in the same order.
//!
//! Reading never trusts the bytes: every read is bounds-checked and returns
//! `None` past the end, strings must be UTF-8, and a count is refused when
//! the bytes left could not hold that many items, so a damaged file can
//! neither panic nor make the reader allocate more than the file's size.
//!
//! Strings may also be kept apart, their contents one after the other in a
//! string of their own and only their lengths in the bytes: the built-in
//! pack is embedded that way with `include_str!`, so that the compiler
//! checks its strings are UTF-8 once and a start does not check them again
//! (a tenth of the work before the first frame). Each string read from
//! them is still a checked slice of a `str`, so nothing unchecked is read.

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
    /// Where strings' contents go when kept apart (see [`Writer::apart`]).
    pub strings: Option<String>,
}

impl Writer {
    /// A writer keeping strings' contents apart, in [`Writer::strings`].
    pub fn apart() -> Self {
        Writer {
            bytes: Vec::new(),
            strings: Some(String::new()),
        }
    }

    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A count or offset; compiled data refuses anything from 4 GiB on
    /// before writing, so this saturates only on a caller's bug.
    pub fn usize(&mut self, v: usize) {
        self.u32(u32::try_from(v).unwrap_or(u32::MAX));
    }

    pub fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }

    pub fn str(&mut self, s: &str) {
        self.usize(s.len());
        match &mut self.strings {
            Some(apart) => apart.push_str(s),
            None => self.bytes.extend_from_slice(s.as_bytes()),
        }
    }

    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }

    pub fn strs<S: AsRef<str>>(&mut self, list: &[S]) {
        self.usize(list.len());
        for s in list {
            self.str(s.as_ref());
        }
    }

    /// A count, then the values.
    pub fn u32s(&mut self, values: impl ExactSizeIterator<Item = u32>) {
        self.usize(values.len());
        self.bytes.reserve(values.len() * 4);
        for v in values {
            self.u32(v);
        }
    }
}

/// Reads values back, each read checked against the bytes left.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    /// The contents of the strings still to read, when kept apart.
    strings: Option<&'a str>,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader {
            bytes,
            strings: None,
        }
    }

    /// Reads what a [`Writer::apart`] wrote: `strings` holds the strings'
    /// contents, in order.
    pub fn apart(bytes: &'a [u8], strings: &'a str) -> Self {
        Reader {
            bytes,
            strings: Some(strings),
        }
    }

    /// The strings' contents left to read, when kept apart: all must be
    /// read for the data to be whole.
    pub fn strings_left(&self) -> usize {
        self.strings.map_or(0, str::len)
    }

    /// Whether everything was read: trailing bytes mean a format mismatch.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    #[inline(always)]
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }

    #[inline(always)]
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.bytes.split_first_chunk::<N>()?;
        self.bytes = rest;
        Some(*head)
    }

    #[inline(always)]
    pub fn u8(&mut self) -> Option<u8> {
        self.array::<1>().map(|[b]| b)
    }

    #[inline(always)]
    pub fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }

    #[inline(always)]
    pub fn u64(&mut self) -> Option<u64> {
        self.array().map(u64::from_le_bytes)
    }

    #[inline(always)]
    pub fn usize(&mut self) -> Option<usize> {
        self.u32().and_then(|v| usize::try_from(v).ok())
    }

    #[inline(always)]
    pub fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    /// A count of items each at least `item_size` bytes long: refused when
    /// the bytes left could not hold them.
    #[inline(always)]
    pub fn count(&mut self, item_size: usize) -> Option<usize> {
        let n = self.usize()?;
        let left = self.bytes.len() + self.strings_left();
        (n.checked_mul(item_size.max(1))? <= left).then_some(n)
    }

    #[inline(always)]
    pub fn str(&mut self) -> Option<&'a str> {
        match self.strings {
            Some(apart) => {
                let (s, rest) = apart.split_at_checked(self.usize()?)?;
                self.strings = Some(rest);
                Some(s)
            }
            None => {
                let n = self.count(1)?;
                std::str::from_utf8(self.take(n)?).ok()
            }
        }
    }

    /// Steps over a string without reading it (see [`Reader::str`]).
    #[inline(always)]
    pub fn skip_str(&mut self) -> Option<()> {
        let n = self.usize()?;
        match self.strings {
            Some(apart) => self.strings = Some(apart.get(n..)?),
            None => {
                self.take(n)?;
            }
        }
        Some(())
    }

    /// Steps over an optional string (see [`Reader::opt_str`]).
    pub fn skip_opt_str(&mut self) -> Option<()> {
        match self.u8()? {
            0 => Some(()),
            1 => self.skip_str(),
            _ => None,
        }
    }

    /// Steps over a list of strings; how many there were.
    pub fn skip_strs(&mut self) -> Option<usize> {
        let n = self.count(4)?;
        for _ in 0..n {
            self.skip_str()?;
        }
        Some(n)
    }

    /// An optional string, as [`Writer::opt_str`] wrote it.
    #[inline(always)]
    pub fn opt_str(&mut self) -> Option<Option<&'a str>> {
        match self.u8()? {
            0 => Some(None),
            1 => self.str().map(Some),
            _ => None,
        }
    }

    pub fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    /// A count, then that many `u32` values.
    pub fn u32s(&mut self) -> Option<Vec<u32>> {
        Some(self.u32_slice()?.iter().collect())
    }

    /// Like [`Reader::u32s`], left in place to be read on demand.
    pub fn u32_slice(&mut self) -> Option<U32s<'a>> {
        let n = self.count(4)?;
        self.take(n * 4).map(U32s)
    }
}

/// `n` items read by `item`, in a list of exactly that capacity (collecting
/// `Option`s grows a list by doubling: up to twice the memory for long
/// ones). `n` must have been checked with [`Reader::count`].
pub fn list<T>(n: usize, mut item: impl FnMut() -> Option<T>) -> Option<Vec<T>> {
    let mut items = Vec::with_capacity(n);
    for _ in 0..n {
        items.push(item()?);
    }
    Some(items)
}

/// `u32` values read in place from the bytes.
#[derive(Debug, Clone, Copy)]
pub struct U32s<'a>(&'a [u8]);

impl<'a> U32s<'a> {
    pub fn len(&self) -> usize {
        self.0.len() / 4
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = u32> + 'a {
        self.0
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list of strings as [`Writer::strs`] wrote it, copied (the library
    /// reads them as pieces of a source).
    fn read_strings(r: &mut Reader<'_>) -> Option<Vec<String>> {
        let n = r.count(4)?;
        list(n, || r.string())
    }

    #[test]
    fn values_read_back_in_order() {
        let mut w = Writer::default();
        w.u8(7);
        w.u32(70_000);
        w.u64(1 << 40);
        w.bool(true);
        w.str("l’État");
        w.opt_str(None);
        w.opt_str(Some("é"));
        w.strs(&["a".into(), String::new()]);
        w.u32s([1u32, 2, u32::MAX].into_iter());
        let mut r = Reader::new(&w.bytes);
        assert_eq!(r.u8(), Some(7));
        assert_eq!(r.u32(), Some(70_000));
        assert_eq!(r.u64(), Some(1 << 40));
        assert_eq!(r.bool(), Some(true));
        assert_eq!(r.str(), Some("l’État"));
        assert_eq!(r.opt_str(), Some(None));
        assert_eq!(r.opt_str(), Some(Some("é")));
        assert_eq!(read_strings(&mut r), Some(vec!["a".into(), String::new()]));
        assert_eq!(r.u32s(), Some(vec![1, 2, u32::MAX]));
        assert!(r.is_empty());
        assert_eq!(r.u8(), None);
    }

    #[test]
    fn strings_kept_apart_read_back() {
        let mut w = Writer::apart();
        w.str("l’État");
        w.opt_str(Some("é"));
        w.strs(&["a".into(), String::new()]);
        w.u32(7);
        let strings = w.strings.take().expect("kept apart");
        assert_eq!(strings, "l’Étatéa");
        let mut r = Reader::apart(&w.bytes, &strings);
        assert_eq!(r.str(), Some("l’État"));
        assert_eq!(r.opt_str(), Some(Some("é")));
        assert_eq!(read_strings(&mut r), Some(vec!["a".into(), String::new()]));
        assert_eq!(r.u32(), Some(7));
        assert!(r.is_empty());
        assert_eq!(r.strings_left(), 0);
        // A length past the strings, or cutting a character, is refused.
        assert_eq!(Reader::apart(&w.bytes, "l’").str(), None);
        assert_eq!(Reader::apart(&[2, 0, 0, 0], "’").str(), None);
    }

    #[test]
    fn damaged_bytes_are_refused_without_allocating() {
        // A count far larger than the bytes left.
        let mut w = Writer::default();
        w.u32(u32::MAX);
        w.u32(1);
        assert_eq!(Reader::new(&w.bytes).u32s(), None);
        assert_eq!(read_strings(&mut Reader::new(&w.bytes)), None);
        assert_eq!(Reader::new(&w.bytes).str(), None);
        // Invalid UTF-8, a bad flag, a cut value.
        assert_eq!(Reader::new(&[2, 0, 0, 0, 0xC3, 0x28]).str(), None);
        assert_eq!(Reader::new(&[2]).bool(), None);
        assert_eq!(Reader::new(&[2]).opt_str(), None);
        assert_eq!(Reader::new(&[1, 2, 3]).u32(), None);
    }
}
