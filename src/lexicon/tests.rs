use super::*;

fn lemmas(word: &str) -> Vec<String> {
    lookup(word).into_iter().map(|a| a.lemma).collect()
}

fn first(word: &str) -> Analysis {
    lookup(word)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{word} is not in the lexicon"))
}

#[test]
fn infinitive_and_conjugated_forms() {
    let a = first("trouver");
    assert_eq!((a.lemma.as_str(), a.class), ("trouver", WordClass::Verb));
    assert_eq!(a.tenses, vec![Tense::Infinitive]);
    let a = first("trouvons");
    assert_eq!(a.lemma, "trouver");
    assert_eq!(a.persons, vec![Person::FirstPlural]);
}

#[test]
fn participle_agreement() {
    let a = first("interrogée");
    assert_eq!(a.lemma, "interroger");
    assert_eq!(a.inflection(), "past participle, feminine singular");
}

#[test]
fn nouns_have_gender_and_number() {
    let a = first("pays");
    assert_eq!(a.lemma, "pays");
    assert_eq!(a.class, WordClass::Noun);
    assert_eq!(a.gender, Some(Gender::Masculine));
    assert_eq!(a.number, Some(Number::Invariable));
    let a = first("autorités");
    assert_eq!(
        (a.lemma.as_str(), a.gender, a.number),
        ("autorité", Some(Gender::Feminine), Some(Number::Plural))
    );
}

#[test]
fn ambiguity_lists_every_reading_verb_first() {
    let l = lemmas("sommes");
    assert_eq!(l.first().map(String::as_str), Some("être"));
    assert!(l.iter().any(|x| x == "somme"), "{l:?}");
    assert!(l.iter().any(|x| x == "sommer"), "{l:?}");
    assert_eq!(first("est").lemma, "être");
}

#[test]
fn du_and_du_with_circumflex_differ() {
    let du = first("du");
    assert_eq!(du.class, WordClass::Determiner);
    let du_circ = lookup("dû");
    assert!(
        du_circ
            .iter()
            .any(|a| a.lemma == "devoir" && a.is_past_participle()),
        "{du_circ:?}"
    );
    assert!(!lookup("du").iter().any(|a| a.lemma == "devoir"));
}

#[test]
fn elision_either_apostrophe() {
    for word in ["l’État", "l'État", "L’État"] {
        assert_eq!(first(word).lemma, "état", "{word}");
    }
    assert_eq!(first("qu’il").lemma, "il");
    assert_eq!(first("s'est").lemma, "être");
    let l = lemmas("l’");
    assert!(l.contains(&"le".to_string()) && l.contains(&"la".to_string()));
    assert_eq!(first("qu'").lemma, "que");
    assert_eq!(first("aujourd’hui").lemma, "aujourd'hui");
}

#[test]
fn capitals_at_sentence_start_and_in_capitals() {
    assert_eq!(first("Dans").lemma, "dans");
    assert_eq!(first("Cela").lemma, "cela");
    assert_eq!(first("ÉTAT").lemma, "état");
    assert_eq!(first("Etat").lemma.to_lowercase(), "état");
    assert_eq!(first("Paris").lemma, "Paris");
}

#[test]
fn hyphenated_forms() {
    let a = first("a-t-il");
    assert_eq!((a.lemma.as_str(), a.class), ("avoir", WordClass::Verb));
    assert_eq!(first("cas-là").lemma, "cas");
    assert_eq!(first("dis-moi").lemma, "dire");
    assert_eq!(first("peut-être").lemma, "peut-être");
    assert_eq!(first("e-mail").lemma, "e-mail");
    let a = first("pré-smartphone");
    assert_eq!(
        (a.lemma.as_str(), a.class),
        ("pré-smartphone", WordClass::Noun)
    );
}

#[test]
fn unknown_words_and_numbers() {
    assert!(lookup("zzxq").is_empty());
    assert!(lookup("").is_empty());
    assert_eq!(first("2024").class, WordClass::Numeral);
    // Names the dictionary lacks are read as names, sigils included.
    let a = first("Telegram");
    assert_eq!(
        (a.lemma.as_str(), a.class),
        ("Telegram", WordClass::ProperNoun)
    );
    assert_eq!(first("$TON").class, WordClass::ProperNoun);
}

/// Share of a text's word tokens (words and elisions) with a lemma from the
/// dictionary (names guessed from a capital do not count).
pub(crate) fn coverage(text: &str) -> (usize, usize, Vec<String>) {
    use crate::text::{TokenKind, tokenize};
    let mut words = 0;
    let mut missing = Vec::new();
    for t in tokenize(text) {
        if matches!(t.kind, TokenKind::Word | TokenKind::Elision) {
            words += 1;
            let w = t.text(text);
            let found = lookup(w);
            if found.is_empty()
                || found.iter().all(|a| {
                    a.class == WordClass::ProperNoun && a.lemma == w && !lexicon().contains(w)
                })
            {
                missing.push(w.to_string());
            }
        }
    }
    (words - missing.len(), words, missing)
}

#[test]
fn statement_coverage() {
    let (found, words, missing) = coverage(&crate::text::statement());
    let share = found as f64 / words as f64;
    eprintln!(
        "statement: {found}/{words} = {:.1}%, missing {missing:?}",
        share * 100.0
    );
    assert!(share >= 0.95, "{share} {missing:?}");
}

/// A text written for this test: everyday narration in several tenses, with
/// elisions, inversions, agreement and a few names.
pub(crate) const SECOND_TEXT: &str = "\
Samedi dernier, ma sœur et moi sommes allées au marché de la Croix-Rousse. \
Il faisait froid, mais les étals débordaient déjà de clémentines, de choux et \
de fromages qu’on ne trouve qu'en hiver. « Goûtez-moi ça ! » nous a lancé un \
vieux marchand en nous tendant une tranche de comté. Ma sœur s’est rendu compte \
qu'elle avait oublié son porte-monnaie ; heureusement, j'avais pris le mien. \
Nous avons acheté des poireaux, quelques pommes de terre et un pain de campagne \
encore tiède. Plus loin, une femme vendait des fleurs séchées qu’elle cueille \
elle-même dans les collines. Pourquoi les gens viennent-ils si tôt ? Parce que \
les meilleurs produits partent avant neuf heures, nous a-t-elle expliqué en riant. \
En rentrant, nous nous sommes arrêtées dans un café où l'on servait un chocolat \
épais comme une crème. Si nous avions eu plus de temps, nous serions restées \
jusqu'à midi à regarder passer les passants. La semaine prochaine, nous y \
retournerons, à moins qu'il ne pleuve : on dit que la pluie fera fuir les \
vendeurs les moins courageux. Cette petite habitude nous est devenue précieuse, \
car elle nous oblige à ralentir et à parler avec des inconnus.";

#[test]
fn second_text_coverage() {
    let (found, words, missing) = coverage(SECOND_TEXT);
    let share = found as f64 / words as f64;
    eprintln!(
        "second text: {found}/{words} = {:.1}%, missing {missing:?}",
        share * 100.0
    );
    assert!(share >= 0.98, "{share} {missing:?}");
}

#[test]
#[ignore = "prints every reading of the statement's words, for eyes"]
fn dump_statement() {
    use crate::text::{TokenKind, tokenize};
    let text = crate::text::statement();
    for t in tokenize(&text) {
        if matches!(t.kind, TokenKind::Word | TokenKind::Elision) {
            let w = t.text(&text);
            let r: Vec<String> = lookup(w)
                .iter()
                .map(|a| format!("{} {} ({})", a.lemma, a.class.name(), a.inflection()))
                .collect();
            eprintln!("{w}: {}", r.join(" / "));
        }
    }
}

#[test]
fn packed_tags_read_as_the_parsed_lines() {
    let lines: Vec<&str> = TAGS.lines().collect();
    assert_eq!(lines.len(), TAG_BITS.len());
    for (line, &bits) in lines.iter().zip(&TAG_BITS) {
        let tag = Tag::parse(line);
        let packed = Packed(bits);
        assert_eq!(packed.tag(), tag, "{line}");
        assert_eq!(packed.classes().collect::<Vec<_>>(), tag.classes, "{line}");
        for &class in &tag.classes {
            assert_eq!(
                packed.analysis("lemme".into(), class),
                Analysis::new("lemme".into(), class, &tag),
                "{line}"
            );
        }
    }
}

#[test]
fn pattern_starts_are_where_the_lines_start() {
    let mut starts = vec![0];
    starts.extend(PATTERNS.match_indices('\n').map(|(i, _)| i as u32 + 1));
    assert_eq!(PATTERN_STARTS.to_vec(), starts);
}

#[test]
fn a_tag_that_does_not_fit_is_not_packed() {
    let tenses = "po:ipre po:spre po:iimp po:ipsi po:ifut po:cond po:simp";
    assert_eq!(
        Packed::new(&Tag::parse(&format!("po:v1_it_q__a {tenses}"))),
        None
    );
    let tag = Tag::parse("po:v1_it_q__a po:ipre po:spre po:1sg po:3sg");
    assert_eq!(Packed::new(&tag).map(Packed::tag), Some(tag));
}
