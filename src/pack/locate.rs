//! Finds where a value sits in a pack's TOML source, so that problems found
//! after deserializing can still name a line and column.

use toml::de::{DeTable, DeValue};

/// One step of a path into the document: a key or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The parsed document, kept only for looking up spans. It is parsed on
/// the first lookup: a valid pack never pays for it.
pub struct Locator<'i> {
    source: &'i str,
    root: std::cell::OnceCell<Option<toml::Spanned<DeTable<'i>>>>,
}

impl<'i> Locator<'i> {
    pub fn new(source: &'i str) -> Self {
        Locator {
            source,
            root: std::cell::OnceCell::new(),
        }
    }

    /// The byte offset of the deepest part of `path` that exists.
    ///
    /// A missing field is reported at the table that should hold it.
    pub fn offset(&self, path: &[Step<'_>]) -> Option<usize> {
        let root = self
            .root
            .get_or_init(|| DeTable::parse(self.source).ok())
            .as_ref()?;
        let mut best = root.span().start;
        let mut table: Option<&DeTable<'i>> = Some(root.get_ref());
        let mut value: Option<&DeValue<'i>> = None;
        for step in path {
            let next = match (step, table, value) {
                (Step::Key(k), Some(t), _) => t.get(*k),
                (Step::Key(k), None, Some(v)) => v.get(*k),
                (Step::Index(i), _, Some(v)) => v.get(*i),
                _ => None,
            };
            let Some(next) = next else { break };
            best = next.span().start;
            table = None;
            value = Some(next.get_ref());
        }
        Some(best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let src = "[pack]\nid = \"x\"\n\n[[glossary]]\nid = \"a\"\n\n[[glossary]]\nid = \"b\"\nforms = [\"u\", \"v\"]\n";
        let loc = Locator::new(src);
        let at = loc
            .offset(&[
                Step::Key("glossary"),
                Step::Index(1),
                Step::Key("forms"),
                Step::Index(1),
            ])
            .unwrap_or(0);
        assert_eq!(&src[at..at + 3], "\"v\"");
        let id = loc
            .offset(&[Step::Key("glossary"), Step::Index(0), Step::Key("id")])
            .unwrap_or(0);
        assert_eq!(&src[id..id + 3], "\"a\"");
    }

    #[test]
    fn missing_key_points_at_its_table() {
        let src = "[pack]\nid = \"x\"\n";
        let loc = Locator::new(src);
        let at = loc.offset(&[Step::Key("pack"), Step::Key("title")]);
        assert!(at.is_some());
    }
}
