//! No byte of a file reaches the terminal unescaped: escape sequences fed
//! through each kind of message (pack problems, config problems, progress
//! files that cannot be used or hold values this version does not know, the
//! library's titles) come out with their controls replaced by the one
//! sanitiser, on stdout and on stderr. (Dictionary text: the
//! `hostile_dictionaries_neither_panic_nor_reach_the_terminal` unit test;
//! everything drawn: `pack_strings_never_put_controls_on_screen`.)

mod common;

use std::process::Output;

use common::Liseuse;

/// A window title, a screen clear, the 8-bit CSI and a right-to-left
/// override, as a TOML basic string spells them.
const PAYLOAD: &str = r"\u001b]0;PWNED\u0007\u001b[2J\u009b31m\u202e";

/// The same, as raw characters.
const RAW: &str = "\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{9b}31m\u{202e}";

fn is_raw(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Nothing raw on either stream, and `expected` (a part of the message
/// that proves the message was printed) on one of them.
fn assert_clean(what: &str, out: &Output, expected: &[&str]) {
    let mut all = String::new();
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let raw: Vec<char> = text.chars().filter(|&c| is_raw(c)).collect();
        assert!(raw.is_empty(), "{what}: {stream} holds {raw:?}: {text:?}");
        all.push_str(&text);
    }
    for e in expected {
        assert!(all.contains(e), "{what}: {e:?} not in {all:?}");
    }
}

const META: &str = "[pack]\nid = \"p\"\ntitle = \"T\"\nauthor = \"A\"\ndate = \"2024\"\n\n[text]\nbody = '''\nLe chat dort.'''\n";

#[test]
fn pack_problems_quote_names_and_values_escaped() {
    let l = Liseuse::new();
    let pack = l.file(
        "bad.toml",
        &format!(
            "{META}\n\"{PAYLOAD}\" = 1\n\n[[glossary]]\nterm = \"chat\"\npos = \"{PAYLOAD}\"\ngender = \"{PAYLOAD}\"\nen = \"cat\"\n\"{PAYLOAD}x\" = 2\n\n[[questions]]\nid = \"q\"\nkind = \"{PAYLOAD}\"\nprompt = \"P\"\nexplanation = \"E\"\npassages = [\"Le chat\"]\n"
        ),
    );
    let pack = pack.to_str().expect("utf-8");
    let out = l.run(&["check", pack]);
    assert_eq!(out.status.code(), Some(1));
    assert_clean(
        "check",
        &out,
        &[
            "unknown field",
            "not a part of speech",
            "not a gender",
            "PWNED",
        ],
    );
    for args in [
        ["--pack", pack, "export"],
        ["--pack", pack, "stats"],
        ["--pack", pack, "check"],
    ] {
        let out = l.run(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_clean(&format!("{args:?}"), &out, &["unknown field", "PWNED"]);
    }
    // The file's own name is quoted in every message.
    let named = l.file(&format!("{RAW}.toml"), "[pack]\n");
    let out = l.run(&["check", named.to_str().expect("utf-8")]);
    assert_clean("a file name", &out, &["PWNED", "[text]"]);
}

#[test]
fn config_problems_quote_names_and_values_escaped() {
    let l = Liseuse::new();
    let config = l.file(
        "config.toml",
        &format!(
            "[keys]\n\"{PAYLOAD}\" = [\"x\"]\nquit = [\"{PAYLOAD}\"]\n[theme]\ncursor = \"{PAYLOAD}\"\n[study]\n\"{PAYLOAD}\" = 1\n[\"{PAYLOAD}\"]\n"
        ),
    );
    let out = l.run(&["--config", config.to_str().expect("utf-8"), "config"]);
    assert_eq!(out.status.code(), Some(1));
    assert_clean("config", &out, &["PWNED"]);
    // The same file in force for a command that prints.
    let out = l.run(&["stats"]);
    assert_clean("stats with that config", &out, &["words:"]);
}

/// The built-in pack's progress file.
fn progress_file(l: &Liseuse, contents: &str) {
    common::write(&l.data_dir().join("durov-2024-09.toml"), contents);
}

#[test]
fn progress_files_that_cannot_be_used_are_told_escaped() {
    // Not TOML, with the raw bytes in it.
    let l = Liseuse::new();
    progress_file(&l, &format!("pack_id = \"durov-2024-09\"\n{RAW} = 1\n"));
    let out = l.run(&["stats"]);
    assert!(out.status.success());
    assert_clean(
        "a file that is not TOML",
        &out,
        &["is not TOML", "left as it is"],
    );

    // Another pack's, its id the payload.
    let l = Liseuse::new();
    progress_file(&l, &format!("pack_id = \"{PAYLOAD}\"\n"));
    let out = l.run(&["stats"]);
    assert_clean(
        "another pack's file",
        &out,
        &["belongs to another pack", "PWNED"],
    );
    for args in [&["list"][..], &["export"], &["stats", "--json"]] {
        let out = l.run(args);
        assert!(out.status.success(), "{args:?}");
        assert_clean(&format!("{args:?}"), &out, &[]);
    }
}

#[test]
fn unknown_values_in_progress_are_kept_and_never_shown_raw() {
    let l = Liseuse::new();
    progress_file(
        &l,
        &format!(
            "pack_id = \"durov-2024-09\"\n\"{PAYLOAD}\" = \"{PAYLOAD}\"\n\n[cards.\"{PAYLOAD}\"]\nphase = \"{PAYLOAD}\"\ndue = 1\n\n[[log]]\nid = \"00000000000000aa\"\ntime = 1767225000\ncard = \"{PAYLOAD}\"\nkind = \"{PAYLOAD}\"\nrating = \"{PAYLOAD}\"\n"
        ),
    );
    for args in [&["stats"][..], &["stats", "--json"], &["list"], &["export"]] {
        let out = l.run(args);
        assert!(out.status.success(), "{args:?}: {}", common::stderr(&out));
        assert_clean(&format!("{args:?}"), &out, &[]);
    }
    // Kept untouched: nothing was set aside.
    let names: Vec<_> = std::fs::read_dir(l.data_dir())
        .expect("data folder")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["durov-2024-09.toml"]);
}

#[test]
fn library_titles_and_ids_are_shown_escaped() {
    let l = Liseuse::new();
    let pack = l.file(
        "titled.toml",
        &META.replace("title = \"T\"", &format!("title = \"{PAYLOAD}\"")),
    );
    let out = l.run(&["add", pack.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert_clean("add", &out, &["PWNED"]);
    let out = l.run(&["list"]);
    assert_clean("list", &out, &["PWNED"]);
}

/// Paths are quoted too: a data folder whose name holds the payload.
#[test]
fn paths_in_messages_are_shown_escaped() {
    let l = Liseuse::new();
    let data = l.home.path().join(RAW);
    let run = |args: &[&str]| {
        l.command(args)
            .env("LISEUSE_DATA_DIR", &data)
            .output()
            .expect("the binary runs")
    };
    common::write(&data.join("durov-2024-09.toml"), "not toml at all [");
    let out = run(&["stats"]);
    assert_clean("stats", &out, &["is not TOML", "PWNED"]);
    let out = run(&["list"]);
    assert_clean("list", &out, &["library folder", "PWNED"]);
    let pack = l.file("p.toml", META);
    let out = run(&["add", pack.to_str().expect("utf-8")]);
    assert_clean("add", &out, &["in the library as", "PWNED"]);
}
