//! Makes pack strings safe to print: a pack is untrusted input, and its text
//! reaches the terminal. Everything is cleaned once, on load.

/// Shown in place of a control character, so that tampering stays visible.
pub const PLACEHOLDER: char = '\u{FFFD}';

/// Cleans one string. `keep_newlines` is for multi-line fields.
///
/// C0 and C1 controls, DEL and bidirectional overrides become the
/// placeholder (ESC with them, so no escape sequence survives); tabs become
/// spaces; carriage returns and invisible zero-width characters are dropped.
/// Joiners (U+200C, U+200D) stay: scripts and emoji sequences need them.
pub fn clean(s: &str, keep_newlines: bool) -> String {
    if !s.chars().any(needs_work) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' | '\t' => out.push(' '),
            '\r' | '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\u{061C}' => {}
            c if is_control(c) || is_bidi_control(c) => out.push(PLACEHOLDER),
            c => out.push(c),
        }
    }
    out
}

/// Whether [`clean`] would change `s`, looking at bytes: of the
/// characters it changes, the ASCII ones are below a space or DEL, and the
/// others start with one of four bytes (C1 controls 0xC2, U+061C 0xD8,
/// U+200B… 0xE2, U+FEFF 0xEF), so most text is passed over a byte at a time.
fn needs_cleaning(s: &str, keep_newlines: bool) -> bool {
    let bytes = s.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\n' => !keep_newlines,
        0..0x20 | 0x7F => true,
        0xC2 | 0xD8 | 0xE2 | 0xEF => s
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(needs_work),
        _ => false,
    })
}

fn needs_work(c: char) -> bool {
    is_control(c)
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        )
}

fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Cleans a multi-line string in place, rebuilding it only if it needs
/// it (a long text is not copied); says whether it changed.
pub fn clean_multiline(s: &mut String) -> bool {
    clean_in_place(s, true)
}

/// Cleans `s` in place, rebuilt only if it needs it (a long text is not
/// copied); whether it did. For the pack's `String`s and its entries'
/// [`Str`](super::Str)s alike.
fn clean_in_place<S: AsRef<str> + From<String>>(s: &mut S, keep_newlines: bool) -> bool {
    let needs = needs_cleaning(s.as_ref(), keep_newlines);
    if needs {
        *s = clean(s.as_ref(), keep_newlines).into();
    }
    needs
}

/// Cleans every string of a pack in place.
pub fn clean_pack(pack: &mut super::Pack) {
    clean_multiline(&mut pack.text.body);
    clean_fields(pack);
}

/// Cleans a one-line field (a `String` or a [`Str`](super::Str)).
fn one_line<S: AsRef<str> + From<String>>(s: &mut S) {
    clean_in_place(s, false);
}

/// Cleans a field that keeps its line breaks.
fn multiline<S: AsRef<str> + From<String>>(s: &mut S) {
    clean_in_place(s, true);
}

/// Cleans every string of a pack but its text (cleaned on its own, while
/// the rest is read).
pub fn clean_fields(pack: &mut super::Pack) {
    let m = &mut pack.pack;
    for s in [
        &mut m.id,
        &mut m.title,
        &mut m.author,
        &mut m.date,
        &mut m.source,
        &mut m.level,
        &mut m.language,
    ] {
        one_line(s);
    }
    for e in &mut pack.glossary {
        for s in [&mut e.id, &mut e.term, &mut e.en, &mut e.sentence] {
            one_line(s);
        }
        if let Some(extras) = &mut e.extras {
            extras.literal.iter_mut().for_each(one_line);
            if let Some(note) = &mut extras.note {
                multiline(note);
            }
            extras
                .accept
                .iter_mut()
                .chain(&mut extras.tags)
                .for_each(one_line);
        }
        if e.forms.iter().any(|f| needs_cleaning(f, false)) {
            e.forms.to_mut().iter_mut().for_each(one_line);
        }
    }
    for q in &mut pack.questions {
        for s in [&mut q.id, &mut q.prompt] {
            one_line(s);
        }
        multiline(&mut q.explanation);
        q.model.iter_mut().for_each(one_line);
        q.choices
            .iter_mut()
            .chain(&mut q.accept)
            .chain(&mut q.reject)
            .chain(&mut q.passages)
            .chain(&mut q.tags)
            .for_each(one_line);
    }
    for t in &mut pack.translation {
        multiline(&mut t.en);
    }
    for n in &mut pack.notes {
        for s in [&mut n.id, &mut n.title] {
            one_line(s);
        }
        multiline(&mut n.body);
        n.passages.iter_mut().for_each(one_line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_escape_sequences() {
        let s = clean("a\u{1b}[31mred\u{7}\u{9b}2J\u{1b}]0;title\u{7}", false);
        assert!(!s.chars().any(|c| c.is_control()), "{s:?}");
        assert!(s.contains(PLACEHOLDER));
    }

    #[test]
    fn neutralises_bidi_and_zero_width() {
        let s = clean("a\u{202E}b\u{2067}c\u{200B}d\u{FEFF}", false);
        assert_eq!(s, "a\u{FFFD}b\u{FFFD}cd");
    }

    #[test]
    fn keeps_french_text_intact() {
        let t = "❤️ Merci à tous\u{a0}!\n\nL’État de droit.";
        assert_eq!(clean(t, true), t);
        assert_eq!(clean("a\tb\r\nc", true), "a b\nc");
        assert_eq!(clean("a\nb", false), "a b");
    }

    /// Every string of a question is cleaned, those never drawn too (the
    /// phrases that reject a typed answer reach the terminal through
    /// `check`'s messages).
    #[test]
    fn every_question_string_is_cleaned() {
        let (_, source) = crate::pack::BUILTIN[0];
        let mut pack = crate::pack::load::parse("p.toml", source).expect("parses");
        let bad = "x\u{1b}[2Jy";
        let q = &mut pack.questions[0];
        q.reject = vec![bad.into()];
        q.accept = vec![bad.into()];
        q.tags = vec![bad.into()];
        clean_fields(&mut pack);
        let q = &pack.questions[0];
        for s in q.reject.iter().chain(&q.accept).chain(&q.tags) {
            assert!(!s.chars().any(char::is_control), "{s:?}");
        }
    }

    proptest::proptest! {
        /// The byte scan says a string needs cleaning exactly when cleaning
        /// changes it, with or without line breaks kept.
        #[test]
        fn the_byte_scan_agrees_with_cleaning(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'é', ' ', '\n', '\t', '\r', '\u{0}', '\u{1b}', '\u{7f}', '\u{80}',
                '\u{9f}', '\u{a0}', '\u{c2}', '\u{61c}', '\u{200b}', '\u{200d}',
                '\u{2019}', '\u{202e}', '\u{202f}', '\u{2060}', '\u{2069}', '\u{feff}',
                '\u{fffd}', '❤',
            ]), 0..12),
            keep in proptest::bool::ANY,
        ) {
            let s: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(needs_cleaning(&s, keep), clean(&s, keep) != s);
        }
    }
}
