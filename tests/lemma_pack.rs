//! A pack for a text we did not write (the opening of Proust's *Du côté de
//! chez Swann*, 1913, in the public domain) whose glossary gives only lemmas:
//! `check` accepts it and the inflected forms are marked, a compound tense
//! and a reflexive multi-word verb included.

use std::process::Command;

use liseuse::study::Study;

const PACK: &str = r#"
[pack]
id = "swann-ouverture"
title = "Du côté de chez Swann (début)"
author = "Marcel Proust"
date = "1913"

[text]
body = '''
Longtemps, je me suis couché de bonne heure. Parfois, à peine ma bougie éteinte, mes yeux se fermaient si vite que je n’avais pas le temps de me dire : « Je m’endors. » Et, une demi-heure après, la pensée qu’il était temps de chercher le sommeil m’éveillait ; je voulais poser le volume que je croyais avoir encore dans les mains et souffler ma lumière ; je n’avais pas cessé en dormant de faire des réflexions sur ce que je venais de lire, mais ces réflexions avaient pris un tour un peu particulier.'''

[[glossary]]
term = "se coucher de bonne heure"
pos = "verb"
en = "to go to bed early"

[[glossary]]
term = "éteindre"
pos = "verb"
en = "to put out (a light)"

[[glossary]]
term = "se fermer"
pos = "verb"
en = "to close"

[[glossary]]
term = "s'endormir"
pos = "verb"
en = "to fall asleep"

[[glossary]]
term = "prendre un tour"
pos = "verb"
en = "to take a turn"

[[glossary]]
term = "réflexion"
pos = "noun"
gender = "f"
en = "thought"

[[glossary]]
term = "cesser"
pos = "verb"
en = "to stop"
"#;

fn forms(study: &Study, term: &str) -> Vec<String> {
    let i = study
        .pack
        .glossary
        .iter()
        .position(|e| e.term == term)
        .unwrap_or_else(|| panic!("no entry {term}"));
    let text = study.text();
    study
        .index
        .entry_ranges(i)
        .map(|r| text[r].to_string())
        .collect()
}

#[test]
fn lemma_only_pack_passes_check_and_marks_inflected_forms() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("swann.toml");
    std::fs::write(&path, PACK).expect("pack written");
    let out = Command::new(env!("CARGO_BIN_EXE_liseuse"))
        .arg("check")
        .arg(&path)
        .env("LISEUSE_DATA_DIR", dir.path())
        .env(
            "LISEUSE_CONFIG",
            std::path::Path::new(&dir.path()).join("config.toml"),
        )
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    // Typography advice about the text itself is allowed; nothing else.
    assert!(
        !stdout
            .lines()
            .any(|l| l.contains("warning") && !l.contains("plain space")),
        "{stdout}"
    );

    let study = Study::open(&path).expect("the pack loads");
    // A reflexive multi-word verb in the passé composé.
    assert_eq!(
        forms(&study, "se coucher de bonne heure"),
        ["me suis couché de bonne heure"]
    );
    // A multi-word verb in the plus-que-parfait, with its auxiliary.
    assert_eq!(forms(&study, "prendre un tour"), ["avaient pris un tour"]);
    // Agreement of a participle, a plural, reflexive verbs.
    assert_eq!(forms(&study, "éteindre"), ["éteinte"]);
    assert_eq!(forms(&study, "réflexion"), ["réflexions", "réflexions"]);
    assert_eq!(forms(&study, "se fermer"), ["se fermaient"]);
    assert_eq!(forms(&study, "s'endormir"), ["m’endors"]);
    assert_eq!(forms(&study, "cesser"), ["cessé"]);
    // Sentences were taken from the text where each entry first occurs.
    let e = &study.pack.glossary[1];
    assert!(e.sentence.contains("bougie éteinte"), "{}", e.sentence);
}

#[test]
fn check_reports_an_entry_that_matches_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("swann.toml");
    let pack =
        format!("{PACK}\n[[glossary]]\nterm = \"chanter\"\npos = \"verb\"\nen = \"to sing\"\n");
    std::fs::write(&path, pack).expect("pack written");
    let out = Command::new(env!("CARGO_BIN_EXE_liseuse"))
        .arg("check")
        .arg(&path)
        .env("LISEUSE_DATA_DIR", dir.path())
        .env(
            "LISEUSE_CONFIG",
            std::path::Path::new(&dir.path()).join("config.toml"),
        )
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(stdout.contains("matches nothing"), "{stdout}");
    assert!(stdout.contains("chanter"), "{stdout}");
}
