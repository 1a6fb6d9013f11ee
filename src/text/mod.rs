//! French text: tokenizing, glossary matching, quotation lookup and wrapping.
