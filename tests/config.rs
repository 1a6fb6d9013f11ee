//! `config.toml` from the command line: the default file, bad files,
//! and which file wins. Every test uses its own temporary directory and
//! never the user's own config.

use std::path::Path;
use std::process::{Command, Output};

/// Runs liseuse with `LISEUSE_CONFIG` set to `env_config` (or unset, with
/// the platform config directory moved into a temporary one).
fn liseuse(args: &[&str], env_config: Option<&Path>) -> Output {
    let home = tempfile::tempdir().expect("temp dir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_liseuse"));
    cmd.args(args)
        .env("LISEUSE_DATA_DIR", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("HOME", home.path())
        .env_remove("LISEUSE_CONFIG");
    if let Some(c) = env_config {
        cmd.env("LISEUSE_CONFIG", c);
    }
    cmd.output().expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_default_file_loads_without_a_problem() {
    let out = liseuse(&["config", "--default"], None);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("[keys]\n") && text.contains("[theme]\n") && text.contains("[study]\n"));
    assert!(text.contains("quit = [\"q\", \"ctrl-c\"]"));
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("config.toml");
    std::fs::write(&file, &text).expect("write");
    let check = liseuse(&["--config", file.to_str().expect("utf-8"), "config"], None);
    assert!(check.status.success(), "{}", stdout(&check));
    assert_eq!(stdout(&check).lines().count(), 1, "{}", stdout(&check));
}

#[test]
fn a_bad_config_is_reported_line_by_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bad.toml");
    std::fs::write(
        &file,
        "[keys]\nquit = [\"x\", \"hyper-x\"]\n[theme]\ncursor = \"blod\"\n[study]\nnew_per_day = \"many\"\n",
    )
    .expect("write");
    let out = liseuse(&["config"], Some(&file));
    assert_eq!(out.status.code(), Some(1));
    let name = file.display().to_string();
    let text = stdout(&out);
    let problems: Vec<&str> = text.lines().filter(|l| l.starts_with(&name)).collect();
    let positions: Vec<&str> = problems
        .iter()
        .map(|l| l[name.len()..].split(": ").next().unwrap_or(""))
        .collect();
    assert_eq!(positions, [":2:14", ":4:11", ":6:15"], "{text}");
    assert!(text.contains("did you mean `bold`?"), "{text}");
}

#[test]
fn the_flag_wins_over_the_environment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.toml");
    let good = dir.path().join("good.toml");
    std::fs::write(&bad, "[study]\nnew_per_day = -3\n").expect("write");
    std::fs::write(&good, "[study]\nnew_per_day = 3\n").expect("write");
    let flag = liseuse(
        &["--config", good.to_str().expect("utf-8"), "config"],
        Some(&bad),
    );
    assert!(flag.status.success(), "{}", stdout(&flag));
    let env = liseuse(&["config"], Some(&bad));
    assert_eq!(env.status.code(), Some(1));
    // A file named on the command line must exist; one named by the
    // environment, or the platform's, may be absent.
    let none = dir.path().join("none.toml");
    let missing = liseuse(&["--config", none.to_str().expect("utf-8"), "config"], None);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stdout(&missing).contains("no such file"));
    let env_missing = liseuse(&["config"], Some(&none));
    assert!(env_missing.status.success(), "{}", stdout(&env_missing));
    let platform = liseuse(&["config"], None);
    assert!(platform.status.success());
    assert!(
        stdout(&platform).contains("the defaults apply"),
        "{}",
        stdout(&platform)
    );
}

#[test]
fn stats_follow_the_config_study_settings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "[study]\nnew_per_day = 3\n").expect("write");
    let out = liseuse(&["stats", "--json"], Some(&file));
    assert!(out.status.success());
    assert!(stdout(&out).contains("\"new_today\":3"), "{}", stdout(&out));
}
