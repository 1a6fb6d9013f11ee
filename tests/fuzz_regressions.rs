//! The fuzz targets' code path (`liseuse::fuzzing`) on the seed corpus, on
//! hand-made inputs that are hard for a parser, tokenizer or wrapper, and on
//! every input the fuzzer found a problem with, so that `cargo test` covers
//! them without running the fuzzer. See fuzz/README.md.

use liseuse::dict::dictd::encode_number;
use liseuse::fuzzing::{exercise, exercise_compiled, exercise_dictionaries, exercise_text};
use liseuse::study::Study;

/// A TOML basic string holding `s`, escaped.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A valid pack around `body`, with one glossary entry whose form and
/// sentence are `form` and `sentence`.
fn pack(body: &str, form: &str, sentence: &str) -> String {
    format!(
        "[pack]\nid = \"t\"\ntitle = \"T\"\nauthor = \"A\"\ndate = \"2024\"\n\n\
         [text]\nbody = {}\n\n\
         [[glossary]]\nid = \"e\"\nterm = {}\npos = \"expression\"\nen = \"x\"\n\
         forms = [{}]\nsentence = {}\n",
        quoted(body),
        quoted(form),
        quoted(form),
        quoted(sentence)
    )
}

/// Runs a text through both targets: as a pack's body (with itself as the
/// form and sentence) and as the text target's input.
fn both(body: &str) {
    exercise(pack(body, body, body).as_bytes());
    let mut input = vec![7u8];
    input.extend_from_slice(body.as_bytes());
    input.push(0);
    input.extend_from_slice(body.as_bytes());
    exercise_text(&input);
}

#[test]
fn seeds() {
    for bytes in [
        &include_bytes!("../data/durov-2024-09.toml")[..],
        include_bytes!("../docs/example-pack.toml"),
        include_bytes!("fixtures/bad-glossary.toml"),
        include_bytes!("fixtures/syntax-error.toml"),
    ] {
        exercise(bytes);
        exercise_text(bytes);
    }
    // The seeds load (or fail) as they should through the harness too.
    assert!(Study::from_bytes("d", include_bytes!("../data/durov-2024-09.toml")).is_ok());
    assert!(Study::from_bytes("e", include_bytes!("../docs/example-pack.toml")).is_ok());
    assert!(Study::from_bytes("b", include_bytes!("fixtures/bad-glossary.toml")).is_err());
}

#[test]
fn the_hand_made_pack_is_valid() {
    let src = pack("La police a interrogé le témoin.", "témoin", "le témoin");
    if let Err(e) = Study::from_bytes("t", src.as_bytes()) {
        panic!("{e}");
    }
}

#[test]
fn empty_and_blank_inputs() {
    for bytes in [
        &b""[..],
        b" ",
        b"\n\r\n\t",
        b"\xEF\xBB\xBF",
        b"\xEF\xBB\xBF\r\n",
        b"\0",
        b"\0\0\0",
    ] {
        exercise(bytes);
        exercise_text(bytes);
    }
    both("");
    both("\n\n\n");
}

#[test]
fn a_very_long_word() {
    both(&"a".repeat(100_000));
    both(&"é".repeat(30_000));
    both(&"東".repeat(30_000));
    both(&format!(
        "x {} y",
        "anticonstitutionnellement".repeat(2_000)
    ));
}

#[test]
fn deep_nesting() {
    for depth in [10, 100, 1_000, 20_000] {
        let arrays = format!("a = {}{}\n", "[".repeat(depth), "]".repeat(depth));
        let tables = format!("a = {}{}\n", "{ b = ".repeat(depth), "}".repeat(depth));
        let dotted = format!("{} = 1\n", vec!["k"; depth].join("."));
        let headers = format!("[{}]\n", vec!["k"; depth].join("."));
        for src in [arrays, tables, dotted, headers] {
            exercise(src.as_bytes());
            exercise(format!("{}{src}", pack("a", "a", "a")).as_bytes());
        }
    }
}

#[test]
fn invalid_utf8() {
    for bytes in [
        &b"[pack]\nid = \"\xff\""[..],
        b"\xc3",
        b"\xc3(",
        b"\xc0\xaf",
        b"\xed\xa0\x80",
        b"\xf4\x90\x80\x80",
        b"\xEF\xBB\xBF\xff",
        b"\xfe\xff\0[\0p\0a\0c\0k\0]",
    ] {
        exercise(bytes);
        exercise_text(bytes);
    }
}

#[test]
fn nul_and_control_characters() {
    exercise(b"[pack]\0\nid = \"t\"");
    exercise(pack("a\u{0}b", "a\u{0}b", "a").as_bytes());
    both("a\u{0}b\u{7}c\u{1b}[31md\u{9b}2J\u{7f}e\u{85}f");
    both("\r\r\r\n\r");
    both("a\rb\r\nc\n\r");
    both("\t\t a\u{b}\u{c}b");
}

#[test]
fn escaped_surrogates_and_odd_escapes() {
    for s in [
        "\\uD800",
        "\\uDFFF",
        "\\uD83D\\uDE00",
        "\\U0010FFFF",
        "\\U00110000",
        "\\u00",
        "\\x41",
        "\\e",
        "\\",
    ] {
        let src = pack("a", "a", "a").replace("body = \"a\"", &format!("body = \"{s}\""));
        exercise(src.as_bytes());
    }
}

#[test]
fn huge_and_odd_numbers() {
    for n in [
        "0",
        "-1",
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999999999999999",
        "-9223372036854775808",
        "1e999",
        "nan",
        "inf",
        "0x7fffffffffffffff",
        "1979-05-27",
    ] {
        let base = pack("a", "a", "a");
        exercise(format!("{base}\n[[translation]]\nparagraph = {n}\nen = \"x\"\n").as_bytes());
        let question = format!(
            "{base}\n[[questions]]\nid = \"q\"\nkind = \"choice\"\nprompt = \"p\"\n\
             choices = [\"a\", \"b\"]\nanswer = {n}\nexplanation = \"e\"\npassages = [\"a\"]\n"
        );
        exercise(question.as_bytes());
    }
}

#[test]
fn crlf_and_bom() {
    let src = pack("Bonjour.\n\nAu revoir.", "Bonjour", "Bonjour.");
    let crlf = src.replace('\n', "\r\n");
    exercise(crlf.as_bytes());
    exercise(format!("\u{feff}{crlf}").as_bytes());
    exercise(format!("\u{feff}\u{feff}{src}").as_bytes());
    exercise(src.replace('\n', "\r").as_bytes());
    // A BOM inside the text is dropped by the cleaning.
    exercise(pack("a\u{feff}b", "ab", "ab").as_bytes());
    let body_crlf = "[pack]\r\nid = \"t\"\r\ntitle = \"T\"\r\nauthor = \"A\"\r\ndate = \"2\"\r\n\
                     [text]\r\nbody = '''\r\nUn\r\n\r\nDeux\r\n'''\r\n";
    exercise(body_crlf.as_bytes());
}

#[test]
fn combining_marks_and_wide_clusters() {
    both("e\u{301}e\u{301} \u{301}\u{301} a\u{300}\u{301}\u{302}\u{303}");
    // One cluster of a thousand marks.
    both(&format!("a{}", "\u{301}".repeat(1_000)));
    both("ｶﾞｷﾞ ﾞﾞ \u{1100}\u{1161}\u{11a8} \u{0915}\u{094d}\u{0937}");
}

#[test]
fn cjk_emoji_and_rtl() {
    both("東京は日本の首都です。「こんにちは」、世界！");
    both("👨‍👩‍👧‍👦 ❤️ 🇫🇷🇪🇺 👍🏽 🏳️‍🌈 1️⃣ 👨‍💻");
    both(&"👨‍👩‍👧‍👦".repeat(2_000));
    both("مرحبا بالعالم — שלום עולם, l’État");
    both("a\u{202e}b\u{2067}c\u{200f}d\u{61c}e\u{200b}f\u{2060}g");
}

#[test]
fn french_edge_cases() {
    both("l’ l' qu’ jusqu'à lorsqu’il L’État d'' '' ’’ l'’ -- - -a a- $ # @ $TON #tag @x a@b");
    both("12:30 3.14 1,5 2023-2024 COVID-19 sécurité.Dans a-t-il lui-même");
    both("«\u{202f}oui\u{202f}»\u{a0}! ? : ; … « »");
}

#[test]
fn many_entries_and_problems() {
    let mut src = pack("Le chat dort. Le chien aussi.", "chat", "Le chat dort.");
    for i in 0..500 {
        src.push_str(&format!(
            "\n[[glossary]]\nid = \"e{}\"\nterm = \"\"\npos = \"noun\"\nen = \"\"\n\
             forms = [\"absent\", \"le\", \"\"]\nsentence = \"nowhere {i}\"\n",
            i % 7
        ));
    }
    exercise(src.as_bytes());
}

/// Found with the hand-made inputs: a form as long as a text of one
/// repeated word was walked from every token of the text, so loading cost
/// text × form tokens (6.5 s in release for 30,000 CJK characters, minutes
/// in a debug build). Forms of more than 32 tokens are now never matched,
/// and validation says why.
#[test]
fn a_form_as_long_as_a_repetitive_text() {
    let body = "東".repeat(2_000);
    let err = match Study::from_bytes("t", pack(&body, &body, &body).as_bytes()) {
        Ok(_) => panic!("a 2,000-word form was accepted"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("is longer than 32 words"), "{err}");
    assert!(!err.contains("never occurs"), "{err}");
    // Still matched: a 32-word form.
    let form = "東".repeat(32);
    if let Err(e) = Study::from_bytes("t", pack(&body, &form, &form).as_bytes()) {
        panic!("{e}");
    }
    // What the fuzz harness does with it, at a size that took minutes.
    both(&"東".repeat(30_000));
    both(&"a ".repeat(30_000));
}

/// A common word as the form of a thousand entries used to build fifty
/// million occurrences (13 s, 3 GB). The index now keeps a bounded number
/// of occurrences per token of the text (the innermost), so such a pack
/// loads in time and memory linear in its text, with every form's count
/// still exact.
#[test]
fn a_thousand_entries_sharing_one_common_form_load_in_bounded_time_and_memory() {
    use liseuse::text::matching::MAX_AT_TOKEN;
    let mut pack = String::from(
        "[pack]\nid = \"t\"\ntitle = \"T\"\nauthor = \"A\"\ndate = \"2024\"\n\n[text]\nbody = '''\n",
    );
    pack.push_str(&"a ".repeat(50_000));
    pack.push_str("'''\n");
    for i in 0..1_000 {
        pack.push_str(&format!(
            "\n[[glossary]]\nid = \"e{i}\"\nterm = \"a\"\npos = \"noun\"\ngender = \"m\"\nen = \"a\"\nforms = [\"a\"]\nsentence = \"a a\"\n"
        ));
    }
    let start = std::time::Instant::now();
    let study = match liseuse::study::Study::from_bytes("many.toml", pack.as_bytes()) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    let words = 50_000;
    let index = &study.index;
    assert!(
        index.occurrences().len() <= MAX_AT_TOKEN * words,
        "{} occurrences",
        index.occurrences().len()
    );
    assert!((0..study.tokens.len()).all(|t| index.at_token(t).len() <= MAX_AT_TOKEN));
    assert_eq!(index.count_for_form(0, 0), words);
    assert_eq!(index.count_for_form(999, 0), words);
}

/// The compiled-pack target on the built-in pack intact, cut and damaged
/// at spread-out places, and on raw bytes: none may panic, and what loads
/// keeps the harness's promises.
#[test]
fn compiled_packs_damaged_anywhere() {
    let compiled = Study::builtin()
        .expect("built in")
        .to_compiled()
        .expect("fits");
    let mut raw = vec![0u8];
    raw.extend_from_slice(&compiled);
    exercise_compiled(&raw);
    exercise_compiled(&raw[..raw.len() / 2]);
    exercise_compiled(b"");
    exercise_compiled(b"\0LSPACK\r\n");
    exercise_compiled(&[1]);
    for step in [1usize, 7, 61, 509, 4093] {
        for flip in [0u8, 1, 0x80, 0xff] {
            let mut edits = vec![1u8];
            let mut at = step;
            while at < compiled.len() && edits.len() < 3 * 64 {
                let pos = u16::try_from(at).unwrap_or(u16::MAX);
                edits.extend_from_slice(&pos.to_le_bytes());
                edits.push(flip);
                at += step * 37;
            }
            exercise_compiled(&edits);
        }
    }
}

/// The dictionary harness's input: a mode byte, the index and the data
/// each after its length, then the queries.
fn dictionary_input(mode: u8, index: &[u8], data: &[u8], queries: &str) -> Vec<u8> {
    let mut out = vec![mode];
    for part in [index, data] {
        out.extend(u16::try_from(part.len()).expect("short part").to_le_bytes());
        out.extend(part);
    }
    out.extend(queries.as_bytes());
    out
}

/// A dictd index and data of (headword, text) entries, and a StarDict
/// `.idx` and data of the same.
fn dictionaries(entries: &[(&str, &str)]) -> (String, Vec<u8>, Vec<u8>) {
    let (mut index, mut idx, mut data) = (String::new(), Vec::new(), Vec::new());
    for (word, text) in entries {
        index.push_str(&format!(
            "{word}\t{}\t{}\n",
            encode_number(data.len() as u64),
            encode_number(text.len() as u64)
        ));
        idx.extend(word.as_bytes());
        idx.push(0);
        idx.extend(u32::try_from(data.len()).expect("small").to_be_bytes());
        idx.extend(u32::try_from(text.len()).expect("small").to_be_bytes());
        data.extend(text.as_bytes());
    }
    (index, idx, data)
}

const HOSTILE_ENTRIES: &[(&str, &str)] = &[
    ("piège", "trap\u{1b}[2J\u{7}\r\nend"),
    ("mot\u{1b}]0;title\u{7}", "word <b>bold</b>&amp;\u{9b}31m"),
    ("déjà", "already\n\u{0}before"),
    ("rien", ""),
];

#[test]
fn dictionaries_of_both_kinds_plain_and_dictzip_are_read_through_the_harness() {
    let (index, idx, data) = dictionaries(HOSTILE_ENTRIES);
    // dictd, plain and dictzip at each chunk length.
    let plain = exercise_dictionaries(&dictionary_input(0, index.as_bytes(), &data, "absent"));
    assert_eq!(plain, 3, "the three entries with text are found");
    for chunk in 0..4u8 {
        let mode = 2 | (chunk << 3);
        let input = dictionary_input(mode, index.as_bytes(), &data, "absent\npiège");
        assert_eq!(exercise_dictionaries(&input), 4, "chunk choice {chunk}");
    }
    // StarDict with a type sequence, and without one (each entry's data
    // then starts with its type: here `m`, `o`, `a`… read as types).
    let typed = dictionary_input(1 | 32, &idx, &data, "m\ndéjà");
    assert!(exercise_dictionaries(&typed) >= 3);
    let zipped = dictionary_input(1 | 2 | 32, &idx, &data, "h");
    assert!(exercise_dictionaries(&zipped) >= 3);
    exercise_dictionaries(&dictionary_input(1, &idx, &data, ""));
}

#[test]
fn every_byte_of_a_dictzip_file_changed_neither_panics_nor_reaches_the_terminal() {
    let long: Vec<(String, String)> = (0..20)
        .map(|i| {
            (
                format!("mot{i}"),
                format!("mot{i}: word \u{1b}[{i}m number {i}\n"),
            )
        })
        .collect();
    let entries: Vec<(&str, &str)> = long.iter().map(|(w, t)| (w.as_str(), t.as_str())).collect();
    let (index, idx, data) = dictionaries(&entries);
    let size = liseuse::dict::write_dictzip(&data, 50)
        .expect("dictzip")
        .len();
    // Every byte of the header and chunk table, then one in eleven: the
    // compressed data's damage is all alike to the reader.
    let header = 12 + 4 + 6 + 2 * data.len().div_ceil(50) + b"fra-eng.dict\0".len();
    let mut read = 0;
    for at in (0..size).filter(|&at| at < header + 8 || at % 11 == 0) {
        let at = u16::try_from(at).expect("small");
        for xor in [0x01, 0xff] {
            let [high, low] = at.to_be_bytes();
            for (mode, index) in [(0, index.as_bytes()), (1 | 32, &idx[..])] {
                let mut input = dictionary_input(mode | 2 | 4 | (1 << 3), index, &data, "");
                input.extend([high, low, xor]);
                input.extend(if mode == 0 { "mot3" } else { "m" }.as_bytes());
                read += exercise_dictionaries(&input);
            }
        }
    }
    assert!(read > 0, "most changes leave entries readable");
}
