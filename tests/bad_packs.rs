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
        .env(
            "LISEUSE_CONFIG",
            std::path::Path::new(&data.path()).join("config.toml"),
        )
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
        ":5:8: [pack]: field `date` must be a date, such as \"2024-09-05\"; found the number 2024",
    );
}

#[test]
fn missing_field() {
    expect(
        "missing-field.toml",
        ":1:1: [pack]: field `title` is missing; expected the title of the text, in quotes",
    );
}

#[test]
fn unknown_field_suggests_the_nearest() {
    expect(
        "unknown-field.toml",
        ":16:1: glossary entry \"chat\": unknown field `form`; did you mean `forms`?",
    );
}

#[test]
fn unknown_part_of_speech() {
    expect(
        "bad-pos.toml",
        ":13:7: glossary entry \"chat\": field `pos` is \"nom\", which is not a part of speech; \
         expected one of \"noun\", \"verb\", \"adjective\", \"adverb\", \"preposition\", \
         \"conjunction\", \"pronoun\", \"determiner\", \"interjection\", \"expression\", \
         \"proper-noun\", \"acronym\"",
    );
}

#[test]
fn duplicate_ids() {
    expect(
        "duplicate-id.toml",
        ":20:6: glossary entry \"chat\": id \"chat\" is used twice; expected each id once",
    );
}

#[test]
fn nesting_deep_enough_to_exhaust_the_stack() {
    let file = fixture("deep-nesting.toml");
    let out = check(&file);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        format!(
            "{file}:9:1: [text]: unknown field `x`; the fields here are `body`\n\
             {file}:9:85: keys or values are nested too deeply; expected a pack of plain tables and lists"
        )
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
        .env(
            "LISEUSE_CONFIG",
            std::path::Path::new(&data.path()).join("config.toml"),
        )
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        format!(
            "{file}:20:6: glossary entry \"chat\": id \"chat\" is used twice; expected each id once"
        )
    );
    // The terminal was never touched: no escape sequence was written.
    assert!(out.stdout.is_empty());
}

/// Runs `liseuse ARGS` in a fresh folder holding `p.toml`, so that
/// messages name the file as `p.toml`. Returns (status, stdout, stderr).
fn run_on(pack: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("p.toml"), pack).expect("write");
    let data = dir.path().join("data");
    let out = Command::new(env!("CARGO_BIN_EXE_liseuse"))
        .args(args)
        .current_dir(dir.path())
        .env("LISEUSE_DATA_DIR", &data)
        .env(
            "LISEUSE_CONFIG",
            std::path::Path::new(&&data).join("config.toml"),
        )
        .output()
        .expect("the binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn check_lines(pack: &str) -> (Option<i32>, Vec<String>) {
    let (code, stdout, _) = run_on(pack, &["check", "p.toml"]);
    (code, stdout.lines().map(str::to_string).collect())
}

const HEAD: &str = "[pack]\nid = \"p\"\ntitle = \"T\"\nauthor = \"A\"\ndate = 2024-09-05\n\n[text]\nbody = '''\nJ'ai un manteau. Le chat dort.'''\n";

#[test]
fn every_problem_is_reported_in_one_run_in_the_users_words() {
    let pack = format!(
        "{HEAD}
[[glossary]]
id = \"manteau\"
term = \"manteau\"
pos = \"noun\"
gender = \"m\"
forms = [\"manteau\"]

[[glossary]]
term = \"chat\"
pos = \"noun\"
gender = \"x\"
en = \"cat\"
forms = [\"chat\"]

[[questions]]
id = \"q1\"
kind = \"choice\"
prompt = \"Qui dort ?\"
choices = [\"le chat\", \"le chien\", \"le manteau\", \"personne\"]
answer = \"2\"
correct = true
explanation = \"E\"
passages = [\"Le chat dort.\"]

[[questions]]
id = \"q2\"
kind = \"short\"
prompt = \"Qui dort ?\"
accept = [\"le chat\"]
explanation = \"E\"
passages = [\"Le chien dort.\"]
x = 1
"
    );
    let (code, lines) = check_lines(&pack);
    assert_eq!(code, Some(1));
    assert_eq!(
        lines,
        [
            "p.toml:11:1: glossary entry \"manteau\": field `en` is missing; expected the English meaning in this text, in quotes (or todo = true while it is unwritten)",
            "p.toml:21:10: glossary entry \"chat\": field `gender` is \"x\", which is not a gender; expected one of \"m\", \"f\", \"mf\"",
            "p.toml:30:10: question \"q1\": field `answer` must be the number of the right choice, 1 to 4; found the text \"2\"",
            "p.toml:31:1: question \"q1\": field `correct` belongs to true_false questions; a choice question has `choices` and `answer`",
            "p.toml:42:1: question \"q2\": unknown field `x`; the fields here are `id`, `kind`, `prompt`, `choices`, `answer`, `correct`, `accept`, `reject`, `model`, `explanation`, `passages`, `tags`",
        ]
    );
}

#[test]
fn a_passage_is_shown_where_it_stops_matching() {
    let pack = "[pack]\nid = \"p\"\ntitle = \"T\"\nauthor = \"A\"\ndate = \"2024\"\n\n[text]\nbody = '''\nIl a dit « Bonjour le monde\u{202F}!» et il est parti.'''\n\n[[questions]]\nid = \"q\"\nkind = \"true_false\"\nprompt = \"Il part ?\"\ncorrect = true\nexplanation = \"E\"\npassages = [\"Bonjour le monde!»\", \"il est sorti\"]\n";
    let (code, lines) = check_lines(pack);
    assert_eq!(code, Some(1));
    assert_eq!(
        lines,
        [
            "p.toml:9:11: warning: the text has a plain space after «; French typography wants a no-break space there (the text is kept as written)",
            "p.toml:17:13: question \"q\": passage 1 stops matching the text: …our le monde! — the text has a narrow no-break space before !",
            "p.toml:17:35: question \"q\": passage 2 stops matching the text: il est s — the text has \"p\" where the quotation has \"s\"",
        ]
    );
}

#[test]
fn warnings_do_not_fail_the_check() {
    let pack = "[pack]\nid = \"p\"\ntitle = \"T\"\nauthor = \"A\"\ndate = \"2024\"\n\n[text]\nbody = '''\nQuoi ? Il pleut ; « vraiment ».'''\n\n[[glossary]]\nterm = \"pleuvoir\"\npos = \"verb\"\nforms = [\"pleut\"]\ntodo = true\n";
    let (code, lines) = check_lines(pack);
    assert_eq!(code, Some(0), "{lines:?}");
    let advice = "French typography wants a no-break space there (the text is kept as written)";
    assert_eq!(
        lines,
        [
            format!("p.toml:9:5: warning: the text has a plain space before ?; {advice}"),
            format!("p.toml:9:16: warning: the text has a plain space before ;; {advice}"),
            format!("p.toml:9:20: warning: the text has a plain space after «; {advice}"),
            format!("p.toml:9:29: warning: the text has a plain space before »; {advice}"),
            "p.toml:15:8: warning: glossary entry \"pleuvoir\" is marked todo: its meaning is still to be written".to_string(),
            "p.toml: ok (1 glossary entries, 1 to finish, 0 questions, 0 translated paragraphs, 0 notes)".to_string(),
        ]
    );
}

#[test]
fn toml_level_messages_name_keys_dates_and_deep_keys() {
    let dup = HEAD.replace("author = \"A\"", "author = \"A\"\ntitle = \"U\"");
    let (_, lines) = check_lines(&dup);
    assert_eq!(
        lines,
        ["p.toml:5:1: `title` is defined twice; expected each key once in its table"]
    );
    let date = HEAD.replace("title = \"T\"", "title = 2024-09-05");
    let (_, lines) = check_lines(&date);
    assert_eq!(
        lines,
        ["p.toml:3:9: [pack]: field `title` must be text in quotes; found a date (2024-09-05)"]
    );
    let deep = format!("{HEAD}{} = 1\n", vec!["k"; 100].join("."));
    let (_, lines) = check_lines(&deep);
    assert_eq!(
        lines,
        [
            "p.toml:10:1: keys or values are nested too deeply; expected a pack of plain tables and lists"
        ]
    );
    let far = HEAD.replace("author = \"A\"", "author = \"A\"\nx = 1\nautor = \"B\"");
    let (_, lines) = check_lines(&far);
    assert_eq!(
        lines,
        [
            "p.toml:5:1: [pack]: unknown field `x`; the fields here are `id`, `title`, `author`, `date`, `source`, `level`, `language`",
            "p.toml:6:1: [pack]: unknown field `autor`; did you mean `author`?",
        ]
    );
}

#[test]
fn check_with_pack_checks_that_pack() {
    let bad = HEAD.replace("title = \"T\"\n", "");
    let (code, stdout, _) = run_on(&bad, &["--pack", "p.toml", "check"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stdout.trim_end(),
        "p.toml:1:1: [pack]: field `title` is missing; expected the title of the text, in quotes"
    );
}

/// No byte of a pack reaches the terminal unescaped, whichever message
/// carries it: field names, values, suggestions, through `check` (stdout)
/// and `--pack` (stderr).
#[test]
fn escape_sequences_never_reach_the_terminal() {
    let evil = "\\u001b]0;PWNED\\u0007\\u001b[2J";
    let cases = [
        HEAD.replace("[text]", &format!("\"{evil}\" = 1\n\n[text]")),
        HEAD.replace("[text]", &format!("\"{evil}autor\" = 1\n\n[text]")),
        format!(
            "{HEAD}\n[[glossary]]\nterm = \"manteau\"\npos = \"{evil}\"\nen = \"coat\"\nforms = [\"manteau\"]\n"
        ),
        format!(
            "{HEAD}\n[[glossary]]\nid = \"{evil}\"\nterm = \"manteau\"\npos = \"noun\"\ngender = \"{evil}\"\nen = \"coat\"\nforms = [\"manteau\"]\n"
        ),
        format!(
            "{HEAD}\n[[glossary]]\nterm = \"{evil}\"\npos = \"verb\"\nen = \"coat\"\nforms = [\"{evil}\"]\nsentence = \"{evil}\"\n"
        ),
        format!(
            "{HEAD}\n[[questions]]\nid = \"q\"\nkind = \"{evil}\"\nprompt = \"P\"\nexplanation = \"E\"\npassages = [\"{evil}\"]\n"
        ),
        HEAD.replace("[text]", &format!("[\"{evil}\"]\nx = 1\n\n[text]")),
        format!("{HEAD}\n\"{evil}\" = 1\n\"{evil}\" = 2\n"),
    ];
    for pack in cases {
        let (code, stdout, _) = run_on(&pack, &["check", "p.toml"]);
        assert_eq!(code, Some(1), "{stdout}");
        assert!(
            !stdout.contains(['\u{1b}', '\u{7}']),
            "check printed {stdout:?}"
        );
        assert!(
            stdout.contains("PWNED"),
            "the message shows the key: {stdout:?}"
        );
        let (code, _, stderr) = run_on(&pack, &["--pack", "p.toml", "stats"]);
        assert_eq!(code, Some(1));
        assert!(
            !stderr.contains(['\u{1b}', '\u{7}']),
            "--pack printed {stderr:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn special_files_are_refused_not_waited_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pack.toml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let mut special = vec!["/dev/zero".to_string()];
    if made.is_ok_and(|s| s.success()) {
        special.push(fifo.display().to_string());
    }
    for file in special {
        let out = check(&file);
        assert_eq!(out.status.code(), Some(1));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.starts_with(&format!("{file}: cannot open the pack: it is a ")),
            "{stdout}"
        );
        assert!(
            stdout.trim_end().ends_with(", not a regular file"),
            "{stdout}"
        );
    }
}

#[test]
fn a_faulty_pack_table_does_not_hide_the_glossarys_problems() {
    let pack = "[pack]\nid = \"p\"\ntitle = \"T\"\n\n[text]\nbody = '''\nLe chat dort.'''\n\n\
                [[glossary]]\nid = \"chat\"\nterm = \"chat\"\npos = \"noun\"\nen = \"cat\"\nforms = [\"chat\"]\n";
    let (code, lines) = check_lines(pack);
    assert_eq!(code, Some(1));
    let joined = lines.join("\n");
    assert!(
        joined.contains("p.toml:1:1: [pack]: field `author` is missing"),
        "{joined}"
    );
    assert!(joined.contains("field `date` is missing"), "{joined}");
    assert!(
        joined.contains("p.toml:12:7: glossary entry \"chat\": a noun needs its gender"),
        "{joined}"
    );
    // Nothing said twice about [pack].
    assert_eq!(
        lines.iter().filter(|l| l.contains("[pack]")).count(),
        2,
        "{joined}"
    );
}
