//! The built-in pack's study content: the text is the statement byte for
//! byte, and every entry, question and note is anchored in it.

use liseuse::pack::QuestionKind;
use liseuse::quiz::fairness;
use liseuse::quiz::meaning::grade_short;
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

[[glossary]]
id = "innovateur"
term = "innovateur"
pos = "noun"
gender = "m"
en = "innovator"
forms = ["innovateur"]
sentence = "Aucun innovateur ne créera jamais de nouveaux outils."

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
        .env(
            "LISEUSE_CONFIG",
            std::path::Path::new(&dir.path()).join("config.toml"),
        )
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let file = pack.display().to_string();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(
        lines[0].starts_with(&format!("{file}:15:6: warning: entry \"innovateur\": its quiz cards give the answer away (the meaning \"innovator\" shows « innovator »)")),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with(&format!("{file}:23:11: warning: question \"long\": the right option has 65 characters, the longest other 4")),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with(&format!("{file}:33:10: warning: question \"negation\": the accepted answer \"aucun innovateur\" contains the reject phrase \"aucun\"")),
        "{stdout}"
    );
    assert!(lines[3].starts_with(&format!("{file}: ok (")), "{stdout}");
}

/// Choice questions: length and word-for-word copying give nothing away.
#[test]
fn choice_questions_are_fair() {
    let study = study();
    let qs = &study.pack.questions;
    let (longest, choice) = fairness::longest_right_share(qs);
    assert!(choice >= 12, "{choice} choice questions");
    assert!(
        longest * 3 <= choice,
        "the right option is the longest in {longest} of {choice} choice questions"
    );
    for q in qs.iter().filter(|q| q.kind == QuestionKind::Choice) {
        assert_eq!(fairness::standout_option(q), None, "{}", q.id);
        let right = &q.choices[q.answer.unwrap_or(1) - 1];
        let copied = fairness::copied_words(right, study.text());
        assert!(
            copied <= 3,
            "{}: the right option repeats {copied} words of the text",
            q.id
        );
    }
}

/// Short questions: every accepted answer can be given, and answers a
/// teacher would accept are, in the words learners write.
#[test]
fn short_answers_are_graded_on_meaning() {
    let study = study();
    let question = |id: &str| {
        study
            .pack
            .questions
            .iter()
            .find(|q| q.id == id)
            .unwrap_or_else(|| panic!("no question {id}"))
    };
    for q in &study.pack.questions {
        assert!(fairness::blocked_answers(q).is_empty(), "{}", q.id);
        if let Some(model) = &q.model {
            assert!(grade_short(model, q).is_right(), "{}: model answer", q.id);
        }
    }
    #[rustfmt::skip]
    let right: &[(&str, &str)] = &[
        // the examples of the review
        ("q02", "Il a été interrogé pendant 4 jours."),
        ("q05", "pas de réponse"),
        ("q10", "en faisant une recherche Google"),
        ("q14", "au consulat français de Dubaï"),
        ("q18", "traduire en justice"),
        ("q20", "P.-D.G."),
        // more of what learners write
        ("q02", "quatre jours"),
        ("q02", "Pendant QUATRE jours"),
        ("q02", "4"),
        ("q05", "Des réponses à leurs demandes."),
        ("q05", "Telegram n'a pas répondu"),
        ("q07", "Il donne trois raisons."),
        ("q07", "3"),
        ("q10", "sur google"),
        ("q10", "Il suffit de chercher sur Google."),
        ("q14", "Au consulat de France a Dubai"),
        ("q14", "le consulat"),
        ("q18", "poursuivre"),
        ("q18", "On peut dire poursuivre le service en justice."),
        ("q18", "attaquer en justice"),
        ("q20", "PDG"),
        ("q20", "president directeur general"),
        ("q22", "les innovateurs"),
        ("q22", "Les innovateurs ne créeraient plus rien."),
        ("q22", "les inventeurs"),
        ("q26", "avec les regulateurs"),
        ("q26", "Telegram collabore avec les régulateurs."),
        ("q29", "parvenir"),
        ("q29", "parvenir à"),
        ("q34", "avec les lois sur la confidentialité"),
        ("q34", "la vie privée"),
        ("q37", "Dans les pays où l'État de droit est faible."),
        ("q37", "dans les régimes autoritaires"),
        ("q37", "les dictatures"),
    ];
    for (id, answer) in right {
        let verdict = grade_short(answer, question(id));
        assert!(verdict.is_right(), "{id}: « {answer} » graded {verdict:?}");
    }
    #[rustfmt::skip]
    let wrong: &[(&str, &str)] = &[
        ("q22", "aucun innovateur"),
        ("q22", "Aucun innovateur ne créera jamais de nouveaux outils."),
        ("q02", "cinq jours"),
        ("q02", "4 heures"),
        ("q02", "pendant 4 semaines"),
        ("q05", "de l'argent"),
        ("q07", "deux"),
        ("q07", "plusieurs"),
        ("q10", "On ne peut pas la trouver sur Google."),
        ("q10", "par le consulat"),
        ("q14", "à Paris"),
        ("q14", "à l'ambassade"),
        ("q18", "accuser"),
        ("q20", "DG"),
        ("q20", "UE"),
        ("q26", "les utilisateurs"),
        ("q29", "réussir"),
        ("q34", "les lois locales"),
        ("q37", "dans les pays où l'État de droit est fort"),
        ("q37", "en France"),
    ];
    for (id, answer) in wrong {
        let verdict = grade_short(answer, question(id));
        assert!(!verdict.is_right(), "{id}: « {answer} » graded {verdict:?}");
    }
}

/// The deck: only words worth drilling, in the order of the text, and no
/// card that shows its own answer.
#[test]
fn the_deck_is_worth_drilling() {
    use liseuse::pack::Pos;
    use liseuse::quiz::cards::{CardKind, Face, build_card};
    let study = study();
    let glossary = &study.pack.glossary;
    let first = |i: usize| study.index.entry_ranges(i).next().map(|r| r.start);
    let mut previous = 0;
    for (i, e) in glossary.iter().enumerate().filter(|(_, e)| e.drill) {
        assert!(
            !matches!(e.pos, Pos::ProperNoun | Pos::Acronym)
                && !e.tags().iter().any(|t| t == "name"),
            "{} is a name or an acronym: drill = false",
            e.id
        );
        assert_eq!(fairness::card_giveaway(e), None, "{}", e.id);
        let at = first(i).unwrap_or_default();
        assert!(
            at >= previous,
            "{} comes before the entry above it in the text",
            e.id
        );
        previous = at;
        for kind in [
            CardKind::Recognition,
            CardKind::Production,
            CardKind::Choice,
            CardKind::Cloze,
        ] {
            let card = build_card(e, kind, glossary, 7);
            let (prompt, answer) = match &card.face {
                Face::Production { en, answer, .. } => (en.clone(), answer.clone()),
                Face::Cloze {
                    before,
                    after,
                    answer,
                    en,
                } => (format!("{before} {after} {en}"), answer.clone()),
                Face::Recognition { term, en } => (term.clone(), en.clone()),
                Face::Choice {
                    term,
                    options,
                    correct,
                } => (term.clone(), options[*correct].clone()),
            };
            assert_eq!(
                fairness::giveaway(&prompt, [answer.as_str()]),
                None,
                "{} ({kind:?}): « {prompt} » shows « {answer} »",
                e.id
            );
        }
    }
    let drilled = glossary.iter().filter(|e| e.drill).count();
    assert!(drilled >= 70, "{drilled} entries drilled");
    // A new learner's first twenty cards.
    let progress = liseuse::progress::Progress::new(&study.pack.pack.id);
    let queue = liseuse::quiz::session::due_queue(glossary, &progress, 1_767_225_600, 0);
    assert_eq!(queue.len(), 20);
    for item in &queue {
        let e = glossary
            .iter()
            .find(|e| e.id == item.entry_id)
            .expect("an entry");
        assert!(e.drill, "{}", e.id);
        assert!(!["ton", "durev", "police", "par", "telegram"].contains(&e.id.as_str()));
    }
}
