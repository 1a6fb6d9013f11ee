//! A dictionary's headwords, kept compact: one string holding every folded
//! key and headword, and one list, sorted by key, of where each lies and
//! where its entry's text is. FreeDict's French–English index (8,500
//! headwords, 134 KB of text) took 2.4 MB as a map of strings to lists of
//! strings; this is about a fifth of that.

use super::{Span, fold};

/// Headwords by folded key (see [`fold`]), each with its entry's span.
#[derive(Debug, Default)]
pub(super) struct Headwords {
    /// Every key, then its headword, one after the other.
    text: String,
    /// Sorted by key; headwords of one key in the order they were added.
    items: Vec<Item>,
}

/// Where a key and its headword lie in [`Headwords::text`], and the span.
#[derive(Debug, Clone, Copy)]
struct Item {
    key: u32,
    key_len: u32,
    word_len: u32,
    span: Span,
}

impl Headwords {
    /// Room for `items` headwords and `text` bytes of keys and headwords
    /// (a list grown by doubling holds up to twice what it needs).
    pub(super) fn with_capacity(items: usize, text: usize) -> Headwords {
        Headwords {
            text: String::with_capacity(text),
            items: Vec::with_capacity(items),
        }
    }

    /// Adds a headword and where its entry's text is. Left out past 4 GB
    /// of headwords (offsets are 32-bit; no real index comes near).
    pub(super) fn push(&mut self, word: &str, span: Span) {
        let key = fold(word);
        let (Ok(at), Ok(key_len), Ok(word_len)) = (
            u32::try_from(self.text.len()),
            u32::try_from(key.len()),
            u32::try_from(word.len()),
        ) else {
            return;
        };
        if at
            .checked_add(key_len)
            .and_then(|n| n.checked_add(word_len))
            .is_none()
        {
            return;
        }
        self.text.push_str(&key);
        self.text.push_str(word);
        self.items.push(Item {
            key: at,
            key_len,
            word_len,
            span,
        });
    }

    /// Sorts what was added by key, keeping the order of headwords that
    /// share one.
    pub(super) fn finish(mut self) -> Headwords {
        let text = &self.text;
        // Items lie in the text in the order added: that breaks ties, and
        // no buffer is needed as a stable sort would.
        self.items
            .sort_unstable_by(|a, b| key_of(text, a).cmp(key_of(text, b)).then(a.key.cmp(&b.key)));
        self.items.shrink_to_fit();
        self.text.shrink_to_fit();
        self
    }

    /// The headwords whose key is `word`'s, with their spans, in the order
    /// they were added.
    pub(super) fn get(&self, word: &str) -> impl Iterator<Item = (&str, Span)> {
        let key = fold(word);
        let text = &self.text;
        let from = self
            .items
            .partition_point(|i| key_of(text, i) < key.as_str());
        self.items[from..]
            .iter()
            .take_while(move |i| key_of(text, i) == key)
            .map(move |i| (word_of(text, i), i.span))
    }

    /// How many distinct keys there are.
    pub(super) fn len(&self) -> usize {
        let text = &self.text;
        self.items
            .chunk_by(|a, b| key_of(text, a) == key_of(text, b))
            .count()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

fn key_of<'a>(text: &'a str, item: &Item) -> &'a str {
    let at = item.key as usize;
    text.get(at..at + item.key_len as usize).unwrap_or_default()
}

fn word_of<'a>(text: &'a str, item: &Item) -> &'a str {
    let at = item.key as usize + item.key_len as usize;
    text.get(at..at + item.word_len as usize)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(offset: u64) -> Span {
        Span { offset, length: 1 }
    }

    #[test]
    fn headwords_are_found_by_key_in_the_order_added() {
        let mut h = Headwords::default();
        for (i, word) in ["mettre d'accord", "Été", "abc", "été", "mettre daccord"]
            .into_iter()
            .enumerate()
        {
            h.push(word, span(i as u64));
        }
        let h = h.finish();
        assert_eq!(h.len(), 3, "three keys");
        let found: Vec<(&str, Span)> = h.get("ÉTÉ").collect();
        assert_eq!(found, vec![("Été", span(1)), ("été", span(3))]);
        let found: Vec<&str> = h.get("mettre-d’accord").map(|(w, _)| w).collect();
        assert_eq!(found, vec!["mettre d'accord", "mettre daccord"]);
        assert_eq!(h.get("abc").count(), 1);
        assert_eq!(h.get("ab").count(), 0);
        assert_eq!(h.get("abcd").count(), 0);
        assert_eq!(h.get("").count(), 0);
        assert!(Headwords::default().finish().is_empty());
    }
}
