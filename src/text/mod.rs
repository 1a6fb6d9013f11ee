//! French text: tokenizing, glossary matching, quotation lookup, and the
//! French line-breaker used for every string drawn.
//!
//! Everything works on byte ranges into the original text so that the reader
//! can style the text exactly as published, quirks included.

pub mod linebreak;
pub mod matching;
pub mod normalize;
pub mod quote;
pub mod tokenize;
pub mod wrap;

pub use linebreak::{BrokenLine, StyledLine, break_lines, break_spans, quote};
pub use matching::{GlossaryIndex, Occurrence};
pub use normalize::{FrenchKey, fold_key, french_cmp, match_key};
pub use quote::{QuoteFinder, find_all_quotes, find_quote};
pub use tokenize::{Token, TokenKind, tokenize};
pub use wrap::{VisualLine, display_width, line_of, wrap};

/// The statement's text, for tests on real French.
#[cfg(test)]
pub(crate) fn statement() -> String {
    let (_, source) = crate::pack::BUILTIN[0];
    let pack: crate::pack::Pack = toml::from_str(source).expect("the built-in pack parses");
    pack.text.body
}
