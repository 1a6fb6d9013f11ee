use super::*;
use crate::pack::{Meta, Text};

fn entry(term: &str, pos: Pos) -> Entry {
    let source = format!(
        "id = \"x\"\nterm = \"{term}\"\npos = \"{}\"\nen = \"x\"\n",
        pos.name()
    );
    toml::from_str(&source).expect("a fixture entry parses")
}

fn pack(text: &str, glossary: Vec<Entry>) -> Pack {
    Pack {
        pack: Meta {
            id: "t".into(),
            title: "t".into(),
            author: "t".into(),
            date: "t".into(),
            source: String::new(),
            level: String::new(),
            language: "fr".into(),
        },
        text: Text { body: text.into() },
        glossary,
        questions: Vec::new(),
        translation: Vec::new(),
        notes: Vec::new(),
    }
}

fn forms_of(text: &str, term: &str, pos: Pos) -> Vec<String> {
    let mut p = pack(text, vec![entry(term, pos)]);
    fill_forms(&mut p);
    p.glossary
        .remove(0)
        .forms
        .into_iter()
        .map(|f| f.to_string())
        .collect()
}

#[test]
fn a_verb_in_every_tense() {
    let text = "Il trouve la clé. Nous trouverons. Ils l’avaient trouvée hier. Trouver !";
    assert_eq!(
        forms_of(text, "trouver", Pos::Verb),
        ["trouve", "trouverons", "trouvée", "Trouver"]
    );
}

#[test]
fn adjective_and_noun_agreement() {
    let text = "Des lois françaises, une loi française, le français.";
    assert_eq!(
        forms_of(text, "français", Pos::Adjective),
        // The noun spelt like the lemma is kept: same word, same gloss.
        ["françaises", "française", "français"]
    );
    assert_eq!(forms_of(text, "loi", Pos::Noun), ["lois", "loi"]);
}

#[test]
fn reflexive_verb_in_a_compound_tense() {
    let text = "Elle s’est rendu compte de tout. Nous ne nous en sommes pas rendu compte. \
                Je me rends compte. Se rendre compte, enfin.";
    assert_eq!(
        forms_of(text, "se rendre compte", Pos::Verb),
        [
            "s’est rendu compte",
            "nous en sommes pas rendu compte",
            "me rends compte",
            "Se rendre compte"
        ]
    );
}

#[test]
fn multi_word_verb_takes_its_auxiliary() {
    let text = "Il a fait face à la crise ; elle fera face à tout. La réunion a eu lieu.";
    assert_eq!(
        forms_of(text, "faire face à", Pos::Verb),
        ["a fait face à", "fera face à"]
    );
    assert_eq!(forms_of(text, "avoir lieu", Pos::Verb), ["a eu lieu"]);
}

#[test]
fn no_match_across_punctuation_or_lines() {
    let text = "Il se rend.\nCompte tenu de tout, il rend compte.";
    assert!(forms_of(text, "se rendre compte", Pos::Verb).is_empty());
}

#[test]
fn listed_forms_stay_and_are_not_taken() {
    let text = "Il a dû partir. Le dû est payé.";
    let mut listed = entry("dû", Pos::Noun);
    listed.forms = vec!["Le dû".into()].into();
    let mut p = pack(text, vec![entry("devoir", Pos::Verb), listed]);
    let result = fill_forms(&mut p);
    assert_eq!(p.glossary[0].forms[..], ["dû"]);
    assert_eq!(p.glossary[1].forms[..], ["Le dû"]);
    assert_eq!(result.derived, [true, false]);
    assert!(result.left_to_others.is_empty());

    let mut noun = entry("dû", Pos::Noun);
    noun.forms = vec!["dû".into()].into();
    let mut p = pack(text, vec![entry("devoir", Pos::Verb), noun]);
    let result = fill_forms(&mut p);
    assert!(p.glossary[0].forms.is_empty());
    assert_eq!(result.left_to_others, [(0, "dû".to_string(), 1)]);
}

#[test]
fn the_built_in_pack_marks_the_same_with_lemma_matching() {
    // Its entries list their forms: lemma matching must leave every mark
    // exactly where the listed forms put it (whatever the pack holds now).
    let (_, source) = crate::pack::BUILTIN[0];
    let pack: Pack = toml::from_str(source).expect("the built-in pack parses");
    let with = crate::study::Study::new(pack.clone());
    let without = {
        let text = pack.text.body.as_str();
        let tokens = tokenize(text);
        crate::text::GlossaryIndex::build(text, &tokens, &pack.glossary)
    };
    let marks = |index: &crate::text::GlossaryIndex| -> Vec<(usize, std::ops::Range<usize>)> {
        index
            .occurrences()
            .iter()
            .map(|o| (o.entry(), o.range()))
            .collect()
    };
    assert!(!marks(&without).is_empty());
    assert_eq!(marks(&with.index), marks(&without));
    assert!(with.lemma_matching.derived.iter().all(|d| !d));
}
