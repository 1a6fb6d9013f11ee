//! The built-in pack's study content: the text is the statement byte for
//! byte, and every entry, question and note is anchored in it.

use liseuse::pack::QuestionKind;
use liseuse::study::Study;
use liseuse::text::normalize::fold_key;
use sha2::{Digest, Sha256};

const STATEMENT_SHA256: &str = "38a30dc0792b2c535cd490e963b3dee887492f9cf8d8eb48b4db5e47c139a629";

fn study() -> Study {
    match Study::builtin() {
        Ok(s) => s,
        Err(e) => panic!("the built-in pack is invalid:\n{e}"),
    }
}

#[test]
fn the_text_is_the_statement_byte_for_byte() {
    let study = study();
    let digest = Sha256::digest(study.text().as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, STATEMENT_SHA256);
    assert!(study.text().contains("sécurité.Dans"));
    assert!(study.text().contains("❤️"));
}

#[test]
fn every_glossary_entry_is_marked_in_the_text() {
    let study = study();
    assert!(
        study.pack.glossary.len() > 100,
        "{} entries",
        study.pack.glossary.len()
    );
    for (i, e) in study.pack.glossary.iter().enumerate() {
        assert!(
            !study.index.of_entry(i).is_empty(),
            "entry {} is never marked",
            e.id
        );
        for (f, form) in e.forms.iter().enumerate() {
            assert!(
                study.index.count_for_form(i, f) > 0,
                "form {form:?} of {} never occurs",
                e.id
            );
        }
        assert!(
            study.entry_sentences[i].is_some(),
            "sentence of {} not found",
            e.id
        );
    }
}

#[test]
fn the_idioms_of_the_text_are_glossed() {
    let study = study();
    let terms: Vec<String> = study
        .pack
        .glossary
        .iter()
        .map(|e| fold_key(&e.term))
        .collect();
    for idiom in [
        "forces de l'ordre",
        "État de droit",
        "juste équilibre",
        "tenir compte de",
        "faire face à",
        "à l'échelle mondiale",
        "engager une action en justice",
        "il arrive que",
        "se mettre d'accord",
        "en tant que",
    ] {
        let key = fold_key(idiom);
        assert!(
            terms.iter().any(|t| t.contains(&key)),
            "no entry for « {idiom} »"
        );
    }
    for name in ["UE", "PDG", "Telegram", "$TON", "Dubaï"] {
        assert!(
            study.pack.glossary.iter().any(|e| e.term == name),
            "no entry for {name}"
        );
    }
}

#[test]
fn nouns_have_a_gender_and_ids_are_unique() {
    let study = study();
    let mut ids = std::collections::HashSet::new();
    for e in &study.pack.glossary {
        assert!(ids.insert(&e.id), "duplicate id {}", e.id);
        if e.pos == liseuse::pack::Pos::Noun {
            assert!(e.gender.is_some(), "{} has no gender", e.id);
        }
    }
}

#[test]
fn every_question_is_answerable_from_a_passage() {
    let study = study();
    let qs = &study.pack.questions;
    assert!(qs.len() >= 18, "{} questions", qs.len());
    for (i, q) in qs.iter().enumerate() {
        assert!(!q.passages.is_empty(), "{} has no passage", q.id);
        assert_eq!(
            study.question_passages[i].len(),
            q.passages.len(),
            "a passage of {} is not in the text",
            q.id
        );
        assert!(
            !q.explanation.trim().is_empty(),
            "{} has no explanation",
            q.id
        );
        match q.kind {
            QuestionKind::Choice => {
                assert_eq!(q.choices.len(), 4, "{} needs 4 options", q.id);
                let distinct: std::collections::HashSet<_> = q.choices.iter().collect();
                assert_eq!(distinct.len(), 4, "{} repeats an option", q.id);
                let right = q.answer.expect("a choice question has an answer");
                assert!(
                    (1..=4).contains(&right),
                    "{}: exactly one right option, in range",
                    q.id
                );
            }
            QuestionKind::TrueFalse => assert!(q.correct.is_some(), "{}", q.id),
            QuestionKind::Short => {
                assert!(!q.accept.is_empty(), "{}", q.id);
                assert!(q.model.is_some(), "{} has no model answer", q.id);
            }
        }
    }
    for kind in [
        QuestionKind::Choice,
        QuestionKind::TrueFalse,
        QuestionKind::Short,
    ] {
        assert!(
            qs.iter().filter(|q| q.kind == kind).count() >= 5,
            "too few {kind:?} questions"
        );
    }
}

#[test]
fn questions_cover_every_paragraph() {
    let study = study();
    let mut covered = vec![false; study.paragraphs.len()];
    for ranges in &study.question_passages {
        for r in ranges {
            if let Some(p) = study.paragraph_of(r.start) {
                covered[p] = true;
            }
        }
    }
    // Paragraph 1 is the header line; every paragraph after it is asked about.
    for (p, c) in covered.iter().enumerate().skip(1) {
        assert!(c, "no question on paragraph {}", p + 1);
    }
}

#[test]
fn translation_and_notes_are_complete() {
    let study = study();
    let mut paragraphs: Vec<usize> = study.pack.translation.iter().map(|t| t.paragraph).collect();
    paragraphs.sort_unstable();
    assert_eq!(paragraphs, (1..=study.paragraphs.len()).collect::<Vec<_>>());
    let grammar: Vec<_> = study
        .pack
        .notes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind == liseuse::pack::NoteKind::Grammar)
        .collect();
    assert!(grammar.len() >= 6, "{} grammar notes", grammar.len());
    for (i, n) in &grammar {
        assert!(
            !study.note_passages[*i].is_empty(),
            "grammar note {} is tied to no sentence",
            n.id
        );
    }
    assert!(
        study
            .pack
            .notes
            .iter()
            .any(|n| n.kind == liseuse::pack::NoteKind::Context)
    );
}

/// `liseuse check` warns about a right option that stands out by length and
/// an accepted answer that a reject phrase blocks, without failing the pack.
#[test]
fn check_warns_about_questions_passed_without_reading() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("unfair.toml");
    let source = r#"[pack]
id = "unfair"
title = "Injuste"
author = "A"
date = "2026"

[text]
body = "Aucun innovateur ne créera jamais de nouveaux outils."

[[questions]]
id = "long"
kind = "choice"
prompt = "Que dit la phrase ?"
choices = ["Rien", "Tout", "Que personne ne créera de nouveaux outils s’il risque d’être puni", "Non"]
answer = 3
explanation = "Voilà."
passages = ["Aucun innovateur ne créera jamais de nouveaux outils."]

[[questions]]
id = "negation"
kind = "short"
prompt = "Qui ne créera plus rien ?"
accept = ["les innovateurs", "aucun innovateur"]
reject = ["aucun"]
model = "Les innovateurs."
explanation = "Voilà."
passages = ["Aucun innovateur ne créera jamais de nouveaux outils."]
"#;
    std::fs::write(&pack, source).expect("write the pack");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_liseuse"))
        .arg("check")
        .arg(&pack)
        .env("LISEUSE_DATA_DIR", dir.path())
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let file = pack.display().to_string();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].starts_with(&format!("{file}:14:11: warning: question \"long\": the right option has 65 characters, the longest other 4")),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with(&format!("{file}:24:10: warning: question \"negation\": the accepted answer \"aucun innovateur\" contains the reject phrase \"aucun\"")),
        "{stdout}"
    );
    assert!(lines[2].starts_with(&format!("{file}: ok (")), "{stdout}");
}

#[test]
fn list_giveaways_tmp() {
    let study = study();
    for e in study.pack.glossary.iter().filter(|e| e.drill) {
        if let Some(g) = liseuse::quiz::fairness::card_giveaway(e) {
            println!("{}: {g}", e.id);
        }
    }
}
