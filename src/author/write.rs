//! Writing a draft pack as TOML: the text byte for byte, the proposals,
//! and room for questions. Written by hand rather than serialised, for the
//! comments, the order and a body a person can read.

use std::fmt::Write as _;

use super::frequency::Level;
use super::propose::{Kind, Proposal};
use crate::pack::{Gender, Pos};
use crate::text::fold_key;

/// Everything a draft pack is made of.
pub struct Draft<'a> {
    pub text: &'a str,
    pub title: &'a str,
    pub level: Level,
    /// Words first, then expressions.
    pub proposals: &'a [Proposal],
    /// Rare words left out as the same word in English, named in a comment.
    pub transparent: &'a [String],
    /// Per proposal: leave `sentence` out, because the pack's default (the
    /// sentence where the entry first occurs) is the same. Missing: write it.
    pub omit_sentence: &'a [bool],
}

/// The pack's TOML source.
pub fn write_pack(d: &Draft<'_>) -> String {
    let mut out = String::new();
    let words = d
        .proposals
        .iter()
        .filter(|p| matches!(p.kind, Kind::Word { .. }))
        .count();
    let expressions = d.proposals.len() - words;
    let todo = d.proposals.iter().filter(|p| p.is_todo()).count();
    let _ = writeln!(
        out,
        "# A study pack drafted by `liseuse new` for level {}.",
        d.level
    );
    let _ = writeln!(
        out,
        "# Glossary: {words} {} a {} learner probably does not know (rarest first), then",
        plural(words, "word", "words"),
        d.level
    );
    let _ = writeln!(
        out,
        "# {expressions} {} found in the text. {todo} {} marked todo = true: write the",
        plural(expressions, "expression", "expressions"),
        plural(todo, "entry is", "entries are"),
    );
    out.push_str(
        "# meaning in this text, check the part of speech and gender, then delete the todo\n\
         # line. Delete the entries a learner does not need. `liseuse check` lists what is left.\n\n",
    );
    out.push_str("[pack]\n");
    let _ = writeln!(out, "id = {}", basic_string(&pack_id(d.title)));
    let _ = writeln!(out, "title = {}", basic_string(d.title));
    out.push_str("author = \"\"\ndate = \"\"\nsource = \"\"\n");
    let _ = writeln!(out, "level = {}", basic_string(d.level.name()));
    out.push_str("language = \"fr\"\n\n[text]\n");
    let _ = writeln!(out, "body = {}", body_string(d.text));
    out.push_str("\n# ══ Glossary ══════════════════════════════════════════════════\n");
    if words > 0 {
        out.push_str("\n# ── Words, rarest first ──────────────────────────────────────\n");
    }
    let mut in_expressions = false;
    for (i, p) in d.proposals.iter().enumerate() {
        if p.kind == Kind::Expression && !in_expressions {
            out.push_str("\n# ── Expressions ─────────────────────────────────────────────\n");
            in_expressions = true;
        }
        let omit = d.omit_sentence.get(i).copied().unwrap_or(false);
        entry(&mut out, d, p, omit);
    }
    if !d.transparent.is_empty() {
        out.push_str(
            "\n# Left out as the same word in English (the dictionary says so); add them back\n\
             # if a learner may need them:\n",
        );
        let words: Vec<String> = d.transparent.iter().map(|t| one_line(t)).collect();
        let _ = writeln!(out, "# {}", words.join(", "));
    }
    questions(&mut out, d);
    out
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn entry(out: &mut String, d: &Draft<'_>, p: &Proposal, omit_sentence: bool) {
    out.push('\n');
    if matches!(
        p.kind,
        Kind::Word {
            in_lexicon: false,
            ..
        }
    ) {
        out.push_str("# Not in the lexicon: the part of speech and gender are guesses.\n");
    }
    let (pos, gender) = match p.pos {
        Some(pos) => (pos, p.gender),
        None => guess(&p.term),
    };
    let gender = match (pos, gender) {
        (Pos::Noun, None) => {
            out.push_str("# The lexicon gives no gender: the gender is a guess.\n");
            guess(&p.term).1
        }
        (_, g) => g,
    };
    if let Some(source) = &p.meaning_source {
        let _ = writeln!(
            out,
            "# Meaning from {}: check it against the sentence.",
            source
                .chars()
                .filter(|c| !c.is_control())
                .collect::<String>()
        );
    }
    out.push_str("[[glossary]]\n");
    let _ = writeln!(out, "term = {}", basic_string(&p.term));
    let _ = writeln!(out, "pos = {}", basic_string(pos.name()));
    if let Some(g) = gender {
        let _ = writeln!(out, "gender = {}", basic_string(gender_name(g)));
    }
    let _ = writeln!(out, "en = {}", basic_string(p.en.as_deref().unwrap_or("")));
    let forms: Vec<String> = p.forms.iter().map(|f| basic_string(f)).collect();
    let _ = writeln!(out, "forms = [{}]", forms.join(", "));
    let quoted = d.text.get(p.sentence.clone()).unwrap_or_default();
    if !omit_sentence {
        let _ = writeln!(out, "sentence = {}", basic_string(&one_line(quoted)));
    }
    if let Some(f) = p.false_friend {
        let _ = writeln!(out, "note = {}", basic_string(&f.note()));
        out.push_str("tags = [\"false friend\"]\n");
    }
    if p.kind == Kind::Expression {
        out.push_str("tags = [\"expression\"]\n");
    }
    if p.is_todo() {
        out.push_str("todo = true\n");
    }
}

fn gender_name(g: Gender) -> &'static str {
    match g {
        Gender::Masculine => "m",
        Gender::Feminine => "f",
        Gender::Both => "mf",
    }
}

/// A guess for a word no lexicon knows (often a borrowing: `hotline`):
/// an adverb in -ment, else a noun, feminine by its ending.
fn guess(term: &str) -> (Pos, Option<Gender>) {
    if term.ends_with("ment") && term.chars().count() > 6 {
        return (Pos::Adverb, None);
    }
    const FEMININE: &[&str] = &[
        "tion", "sion", "té", "ure", "ette", "ence", "ance", "ie", "ise", "ade", "ine", "elle",
        "esse", "ude", "ée", "ière",
    ];
    let gender = if FEMININE.iter().any(|s| term.ends_with(s)) {
        Gender::Feminine
    } else {
        Gender::Masculine
    };
    (Pos::Noun, Some(gender))
}

/// White space runs holding line breaks or tabs as one space: a quotation
/// is compared ignoring white space, and a one-line string reads better.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if matches!(c, '\n' | '\r' | '\t') {
            pending = true;
            continue;
        }
        if pending {
            if !c.is_whitespace() && !out.ends_with(char::is_whitespace) {
                out.push(' ');
            }
            pending = false;
        }
        out.push(c);
    }
    out
}

fn questions(out: &mut String, d: &Draft<'_>) {
    let first = super::sentence::sentences(d.text)
        .first()
        .map(|r| one_line(&d.text[r.clone()]))
        .unwrap_or_default();
    out.push_str(
        "\n# ══ Questions ═════════════════════════════════════════════════\n\
         # None are invented: write them in French, answerable from the text, one\n\
         # [[questions]] table each (see the pack format), for example:\n\
         #\n\
         # [[questions]]\n\
         # id = \"q1\"\n\
         # kind = \"choice\"\n\
         # prompt = \"De quoi parle le premier paragraphe ?\"\n\
         # choices = [\"…\", \"…\", \"…\", \"…\"]\n\
         # answer = 1\n\
         # explanation = \"…\"\n",
    );
    let _ = writeln!(out, "# passages = [{}]", basic_string(&first));
}

/// An id for the pack from its title: ASCII letters and digits, words
/// joined by `-`, at most 48 characters; `texte` if nothing is left.
pub fn pack_id(title: &str) -> String {
    let mut id = String::new();
    for c in fold_key(title).chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
        if id.len() >= 48 {
            break;
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        "texte".to_string()
    } else {
        id.to_string()
    }
}

/// A title from the text: its first line if short, else its first words.
pub fn default_title(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut title = String::new();
    for word in line.split_whitespace() {
        if title.chars().count() + word.chars().count() > 60 {
            title.push('…');
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    let title: String = title.chars().filter(|c| !c.is_control()).collect();
    if title.is_empty() {
        "Sans titre".to_string()
    } else {
        title
    }
}

/// A TOML basic string: `"…"` with `\`, `"` and control characters escaped.
pub fn basic_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    escape_into(s, &mut out, false);
    out.push('"');
    out
}

fn escape_into(s: &str, out: &mut String, keep_newlines: bool) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push('\t'),
            c if is_toml_control(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
}

/// Characters TOML allows in no string unescaped.
fn is_toml_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{A}'..='\u{1F}' | '\u{7F}')
}

/// The text as a TOML string that gives it back byte for byte: a literal
/// multi-line string (`'''`, nothing escaped) when the text allows one,
/// else a multi-line basic string (`"""`) with escapes (needed for carriage
/// returns, since packs are read with CRLF turned into LF, for control
/// characters and for `'''`). Each form is checked by parsing it back.
pub fn body_string(text: &str) -> String {
    let literal = format!("'''\n{text}'''");
    if literal_allowed(text) && round_trips(&literal, text) {
        return literal;
    }
    let mut basic = String::from("\"\"\"\n");
    escape_into(text, &mut basic, true);
    basic.push_str("\"\"\"");
    if round_trips(&basic, text) {
        return basic;
    }
    // Not expected; the one-line form cannot go wrong.
    basic_string(text)
}

fn literal_allowed(text: &str) -> bool {
    !text.contains("'''")
        && !text.ends_with('\'')
        && !text
            .chars()
            .any(|c| c == '\r' || (is_toml_control(c) && c != '\n'))
}

/// Whether `value`, read as a pack is read, is `text`.
fn round_trips(value: &str, text: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Body {
        body: String,
    }
    let source = format!("body = {value}\n");
    let Ok(source) = crate::pack::load::decode("body", source.as_bytes()) else {
        return false;
    };
    toml::from_str::<Body>(&source).is_ok_and(|b| b.body == text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_round_trip() {
        for text in [
            "Bonjour.\n",
            "a\r\nb\r\n",
            "x '''y''' z",
            "fin'",
            "tab\there \"quoted\" \\ back",
            "\u{7}bell and \u{1b}[31m",
            "\nstarts with a line break",
            "❤️ emoji",
            "",
        ] {
            let v = body_string(text);
            assert!(round_trips(&v, text), "{text:?} → {v}");
        }
        assert!(body_string("Bonjour\n").starts_with("'''"));
        assert!(body_string("a\r\nb").starts_with("\"\"\""));
    }

    proptest::proptest! {
        #[test]
        fn any_text_round_trips(text in proptest::prelude::any::<String>()) {
            proptest::prop_assert!(round_trips(&body_string(&text), &text));
        }

        #[test]
        fn texts_full_of_quotes_and_line_ends_round_trip(
            text in "(['\"\\\\\r\n\t ]|é|❤️|a|''')*"
        ) {
            proptest::prop_assert!(round_trips(&body_string(&text), &text));
        }
    }

    #[test]
    fn ids_and_titles() {
        assert_eq!(pack_id("L’État et moi : « non » !"), "l-etat-et-moi-non");
        assert_eq!(pack_id("« »"), "texte");
        assert_eq!(default_title("\n\n  Le titre  \n\nLe texte."), "Le titre");
        assert_eq!(default_title(""), "Sans titre");
        assert!(default_title(&"mot ".repeat(40)).ends_with('…'));
    }

    #[test]
    fn one_line_quotations() {
        assert_eq!(one_line("a\r\nb\tc"), "a b c");
        assert_eq!(one_line("a \nb"), "a b");
    }
}
