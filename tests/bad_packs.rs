//! Malformed packs: each gets a message naming the file, the line and
//! column where there is one, and what was expected — with exit status 1
//! and never a panic.

use std::path::PathBuf;
use std::process::{Command, Output};

fn check(path: &str) -> Output {
    let data = tempfile::tempdir().expect("temp dir");
    Command::new(env!("CARGO_BIN_EXE_liseuse"))
        .args(["check", path])
        .env("LISEUSE_DATA_DIR", data.path())
        .output()
        .expect("the binary runs")
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(name)
        .display()
        .to_string()
}

/// Runs `check` on a fixture and compares its whole output.
fn expect(name: &str, message: &str) {
    let file = fixture(name);
    let out = check(&file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{name}: {stdout}{stderr}");
    assert_eq!(stdout.trim_end(), format!("{file}{message}"), "{name}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn empty_file() {
    expect(
        "empty.toml",
        ": the file is empty; expected a pack with [pack], [text] and a body",
    );
}

#[test]
fn invalid_utf8() {
    expect(
        "invalid-utf8.toml",
        ":8:14: invalid UTF-8; expected the pack to be saved as UTF-8 text",
    );
}

#[test]
fn wrong_type() {
    expect(
        "wrong-type.toml",
        ":5:8: invalid type: integer `2024`, expected a string",
    );
}

#[test]
fn missing_field() {
    expect("missing-field.toml", ":1:1: missing field `title`");
}

#[test]
fn unknown_field_suggests_the_nearest() {
    expect(
        "unknown-field.toml",
        ":16:1: unknown field `form`, expected one of `id`, `term`, `pos`, `gender`, `en`, `literal`, \
         `forms`, `sentence`, `note`, `accept`, `tags`, `drill`, `todo`; did you mean `forms`?",
    );
}

#[test]
fn unknown_part_of_speech() {
    expect(
        "bad-pos.toml",
        ":13:7: unknown variant `nom`, expected one of `noun`, `verb`, `adjective`, `adverb`, \
         `preposition`, `conjunction`, `pronoun`, `determiner`, `interjection`, `expression`, \
         `proper-noun`, `acronym`",
    );
}

#[test]
fn duplicate_ids() {
    expect(
        "duplicate-id.toml",
        ":20:6: duplicate glossary id \"chat\"; expected each id once",
    );
}

#[test]
fn nesting_deep_enough_to_exhaust_the_stack() {
    expect(
        "deep-nesting.toml",
        ":9:85: arrays or tables are nested too deeply; expected a pack of plain tables and arrays",
    );
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let out = check(&fixture("bom-crlf.toml"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn oversized_pack_is_refused_with_the_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.toml");
    let mut bytes = b"[pack]\n".to_vec();
    bytes.resize(17 * 1024 * 1024, b'#');
    std::fs::write(&path, bytes).expect("write");
    let file = path.display().to_string();
    let out = check(&file);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        format!("{file}: the pack is larger than the limit of 16 MiB; expected a smaller file")
    );
}

#[test]
fn opening_a_bad_pack_shows_the_same_message() {
    let file = fixture("duplicate-id.toml");
    let data = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_liseuse"))
        .args(["--pack", &file])
        .env("LISEUSE_DATA_DIR", data.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        format!("{file}:20:6: duplicate glossary id \"chat\"; expected each id once")
    );
    // The terminal was never touched: no escape sequence was written.
    assert!(out.stdout.is_empty());
}
