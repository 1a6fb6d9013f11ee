//! The command line, run as a user would run it.

use std::path::PathBuf;
use std::process::{Command, Output};

fn liseuse(args: &[&str]) -> Output {
    let data = tempfile::tempdir().expect("temp dir");
    Command::new(env!("CARGO_BIN_EXE_liseuse"))
        .args(args)
        .env("LISEUSE_DATA_DIR", data.path())
        .env(
            "LISEUSE_CONFIG",
            std::path::Path::new(&data.path()).join("config.toml"),
        )
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn help_and_version() {
    let help = liseuse(&["--help"]);
    assert!(help.status.success());
    let text = stdout(&help);
    for word in ["check", "export", "quiz", "stats", "--pack", "--data-dir"] {
        assert!(text.contains(word), "--help lacks {word}: {text}");
    }
    let version = liseuse(&["--version"]);
    assert_eq!(
        stdout(&version).trim(),
        format!("liseuse {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn check_passes_on_the_builtin_pack() {
    let out = liseuse(&["check"]);
    assert!(out.status.success(), "{}", stdout(&out));
    // The statement is kept verbatim: typography warnings are allowed.
    let text = stdout(&out);
    let last = text.lines().last().unwrap_or_default();
    assert!(last.starts_with("data/durov-2024-09.toml: ok ("), "{text}");
    assert!(
        text.lines()
            .rev()
            .skip(1)
            .all(|l| l.contains(": warning: the text has a plain space")),
        "{text}"
    );
}

#[test]
fn check_passes_on_the_documented_example() {
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/example-pack.toml");
    let out = liseuse(&["check", &example.display().to_string()]);
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn check_locates_a_syntax_error() {
    let file = fixture("syntax-error.toml");
    let out = liseuse(&["check", &file]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.starts_with(&format!("{file}:4:")), "{text}");
}

#[test]
fn check_reports_semantic_problems_with_positions() {
    let file = fixture("bad-glossary.toml");
    let out = liseuse(&["check", &file]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.contains(
            &format!("{file}:20:6: glossary entry \"menace\": id \"menace\" is used twice; expected each id once")
                .as_str()
        ),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "{file}:25:10: glossary entry \"menace\": form \"chat\""
        ))),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("{file}:34:13:"))
                && l.contains("does not occur in the text")),
        "{text}"
    );
}

#[test]
fn opening_a_bad_pack_prints_the_problem_and_exits_1() {
    let file = fixture("syntax-error.toml");
    let out = liseuse(&["--pack", &file]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with(&format!("{file}:4:")), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn export_prints_anki_tsv() {
    let out = liseuse(&["export", "--format", "tsv"]);
    assert!(out.status.success());
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "#separator:tab");
    assert_eq!(lines[1], "#html:false");
    assert!(
        lines.iter().any(|l| l.starts_with("forces de l'ordre\t")),
        "{text}"
    );
    for row in lines.iter().filter(|l| !l.starts_with('#')) {
        assert_eq!(row.split('\t').count(), 5, "{row}");
    }
}

/// Saves one review of `menace` into a data directory, as the app would.
fn one_review_in(dir: &std::path::Path, now: i64) {
    use liseuse::progress::{Progress, Store};
    use liseuse::quiz::cards::CardKind;
    use liseuse::quiz::schedule::Rating;
    use liseuse::quiz::session::{record_answer, scheduler_for};
    let mut progress = Progress::new("durov-2024-09");
    let scheduler = scheduler_for(&progress, 0).expect("default settings");
    record_answer(
        &mut progress,
        &scheduler,
        "menace",
        CardKind::Recognition,
        Rating::Good,
        now,
        false,
    );
    Store::new(dir).save(&progress, now).expect("save");
}

fn stats_json(args: &[&str], env_dir: Option<&std::path::Path>) -> serde_json::Value {
    // No config of the developer's can change the statistics.
    let config = tempfile::tempdir().expect("temp dir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_liseuse"));
    cmd.args(args)
        .env_remove("LISEUSE_DATA_DIR")
        .env("LISEUSE_CONFIG", config.path().join("config.toml"));
    if let Some(d) = env_dir {
        cmd.env("LISEUSE_DATA_DIR", d);
    }
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn stats_json_reads_the_data_directory_from_the_environment() {
    let now = 1_767_603_600;
    let dir = tempfile::tempdir().expect("temp dir");
    one_review_in(dir.path(), now);
    let now_arg = now.to_string();
    let s = stats_json(&["stats", "--json", "--now", &now_arg], Some(dir.path()));
    for key in ["reviews", "due_today", "new", "learning", "known"] {
        assert!(s.get(key).is_some(), "no {key} in {s}");
    }
    assert_eq!(s["reviews"], 1);
    assert_eq!(s["learning"], 1);
    assert_eq!(s["new"], 77);
}

#[test]
fn data_dir_flag_overrides_the_environment() {
    let now = 1_767_603_600;
    let with = tempfile::tempdir().expect("temp dir");
    let empty = tempfile::tempdir().expect("temp dir");
    one_review_in(with.path(), now);
    let dir_arg = with.path().display().to_string();
    let s = stats_json(
        &["stats", "--json", "--data-dir", &dir_arg],
        Some(empty.path()),
    );
    assert_eq!(s["reviews"], 1);
    let s = stats_json(&["stats", "--json"], Some(empty.path()));
    assert_eq!(s["reviews"], 0);
}

/// Runs the binary with a given data directory, in a given folder.
fn liseuse_in(dir: &std::path::Path, data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_liseuse"))
        .args(args)
        .current_dir(dir)
        .env("LISEUSE_DATA_DIR", data)
        .env(
            "LISEUSE_CONFIG",
            std::path::Path::new(&data).join("config.toml"),
        )
        .output()
        .expect("the binary runs")
}

const RAIN: &str = "[pack]\nid = \"pluie\"\ntitle = \"La pluie\"\nauthor = \"A\"\ndate = \"2024\"\n\n[text]\nbody = '''\nIl pleut. Mon manteau est mouillé.'''\n\n[[glossary]]\nterm = \"manteau\"\npos = \"noun\"\ngender = \"m\"\nen = \"coat\"\nforms = [\"manteau\"]\n";

#[test]
fn add_list_and_open_by_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    std::fs::write(dir.path().join("pluie.toml"), RAIN).expect("write");

    let added = liseuse_in(dir.path(), &data, &["add", "pluie.toml"]);
    assert!(added.status.success(), "{added:?}");
    let copy = data.join("packs").join("pluie.toml");
    assert_eq!(
        stdout(&added).trim_end(),
        format!(
            "added \"La pluie\" in the library as {}; open it with: liseuse --pack pluie",
            copy.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&copy).expect("copied"), RAIN);

    let list = liseuse_in(dir.path(), &data, &["list"]);
    assert!(list.status.success());
    let lines: Vec<String> = stdout(&list).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(lines[1].starts_with("durov-2024-09 "), "{lines:?}");
    assert!(lines[1].ends_with("(built in)"), "{lines:?}");
    assert!(lines[2].starts_with("pluie "), "{lines:?}");
    assert!(lines[2].contains(" 0/1  La pluie"), "{lines:?}");

    // --pack takes the id; check and export work on it from anywhere.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let export = liseuse_in(elsewhere.path(), &data, &["--pack", "pluie", "export"]);
    assert!(export.status.success(), "{export:?}");
    assert!(stdout(&export).contains("manteau"));
    let check = liseuse_in(elsewhere.path(), &data, &["--pack", "pluie", "check"]);
    assert!(check.status.success(), "{check:?}");
    let missing = liseuse_in(elsewhere.path(), &data, &["--pack", "neige", "stats"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr).starts_with("neige: no such pack file"),
        "{missing:?}"
    );

    // A different text under the same id is not added over it.
    std::fs::write(
        dir.path().join("autre.toml"),
        RAIN.replace("Il pleut.", "Il neige."),
    )
    .expect("write");
    let refused = liseuse_in(dir.path(), &data, &["add", "autre.toml"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("and a different text"),
        "{refused:?}"
    );
    // A bad pack is not added, and says why.
    std::fs::write(dir.path().join("bad.toml"), RAIN.replace("en = ", "em = ")).expect("write");
    let bad = liseuse_in(dir.path(), &data, &["add", "bad.toml"]);
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("bad.toml:11:1: glossary entry \"manteau\""),
        "{stderr}"
    );
    assert!(
        stderr.trim_end().ends_with("the pack was not added"),
        "{stderr}"
    );
}

#[test]
fn two_texts_with_one_id_never_share_progress() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("data dir");
    // Progress of "pluie" tied to another text.
    std::fs::write(
        data.join("pluie.toml"),
        "version = 1\npack_id = \"pluie\"\ntext_hash = \"fnv1a64:0000000000000000\"\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("pluie.toml"), RAIN).expect("write");
    let shared = liseuse_in(dir.path(), &data, &["--pack", "pluie.toml", "stats"]);
    assert_eq!(shared.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&shared.stderr).trim_end(),
        format!(
            "a pack with id \"pluie\" but a different text already has progress in {}; use --pack-id to keep this pack's progress under another id, or rename the pack's id",
            data.join("pluie.toml").display()
        )
    );
    let apart = liseuse_in(
        dir.path(),
        &data,
        &["--pack", "pluie.toml", "--pack-id", "pluie-2", "stats"],
    );
    assert!(apart.status.success(), "{apart:?}");
    assert!(stdout(&apart).starts_with("La pluie\n"));
}
