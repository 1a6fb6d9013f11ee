//! `liseuse new`: drafting a pack from a text, through the library with a
//! small fixture lexicon, and through the binary as a user runs it.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use liseuse::author::morphology::{FormTable, Reading};
use liseuse::author::{
    Drafted, ExpressionList, Frequencies, Level, Meanings, NoMeanings, Tools, draft,
};
use liseuse::pack::{Gender, Pack, Pos, load};
use liseuse::study::Study;

/// A few words with their forms, as a lexicon would give them.
fn lexicon() -> FormTable {
    let mut t = FormTable::new();
    t.word("rendre", Pos::Verb, None, &["rendu", "rend", "rendue"]);
    t.word("avoir", Pos::Verb, None, &["a", "eu", "ont", "avait"]);
    t.word("être", Pos::Verb, None, &["est", "sont", "été"]);
    t.word("mettre", Pos::Verb, None, &["mis", "mises", "met"]);
    t.word(
        "chaumière",
        Pos::Noun,
        Some(Gender::Feminine),
        &["chaumières"],
    );
    t.word("ornière", Pos::Noun, Some(Gender::Feminine), &["ornières"]);
    t.word("maison", Pos::Noun, Some(Gender::Feminine), &["maisons"]);
    t.word("grand", Pos::Adjective, None, &["grande", "grands"]);
    t.word("chemin", Pos::Noun, Some(Gender::Masculine), &["chemins"]);
    t.word("cahoter", Pos::Verb, None, &["cahotait"]);
    t.word(
        "charrette",
        Pos::Noun,
        Some(Gender::Feminine),
        &["charrettes"],
    );
    t.word("fête", Pos::Noun, Some(Gender::Feminine), &[]);
    t.word("règle", Pos::Noun, Some(Gender::Feminine), &["règles"]);
    t.word("village", Pos::Noun, Some(Gender::Masculine), &[]);
    // Homographs, most likely first as a lexicon would list them.
    t.add(
        "retraitée",
        Reading::new("retraiter", Some(Pos::Verb), None),
    );
    t.add(
        "retraitée",
        Reading::new("retraité", Some(Pos::Noun), Some(Gender::Feminine)),
    );
    t.add(
        "compromis",
        Reading::new("compromis", Some(Pos::Noun), Some(Gender::Masculine)),
    );
    t.add(
        "compromis",
        Reading::new("compromettre", Some(Pos::Verb), None),
    );
    t.add("voisine", Reading::new("voisiner", Some(Pos::Verb), None));
    t.add(
        "voisine",
        Reading::new("voisin", Some(Pos::Adjective), None),
    );
    t.word("tanneur", Pos::Noun, Some(Gender::Masculine), &["tanneurs"]);
    t
}

const TEXT: &str = "Au village, la grande maison est devenue une chaumière.\n\n\
La charrette cahotait dans les ornières du chemin. Elle s’est rendu compte \
qu'il était tard.\n\nLa fête a eu lieu hier, et des règles ont été mises en place.\n";

fn run(text: &str, level: Level, meanings: &dyn Meanings) -> Drafted {
    let lex = lexicon();
    let frequencies = Frequencies::builtin();
    let expressions = ExpressionList::builtin();
    let tools = Tools {
        morphology: &lex,
        meanings,
        frequencies: &frequencies,
        expressions: &expressions,
    };
    draft(text, Some("Au village"), level, &tools)
}

/// The draft as the app loads it: checked, ids and sentences filled in.
fn parse(source: &str) -> Pack {
    let source = load::decode("p.toml", source.as_bytes()).expect("decodes");
    match Study::load_with_warnings("p.toml", &source) {
        Ok((study, _warnings)) => study.pack,
        Err(e) => panic!("the draft does not load: {e}\n{source}"),
    }
}

fn terms(pack: &Pack) -> Vec<&str> {
    pack.glossary.iter().map(|e| e.term.as_str()).collect()
}

#[test]
fn drafting_twice_gives_the_same_bytes() {
    let a = run(TEXT, Level::B1, &NoMeanings);
    let b = run(TEXT, Level::B1, &NoMeanings);
    assert_eq!(a.source, b.source);
}

#[test]
fn rare_lemmas_are_proposed_rarest_first_and_common_ones_not() {
    let pack = parse(&run(TEXT, Level::B1, &NoMeanings).source);
    let terms = terms(&pack);
    for rare in ["chaumière", "ornière", "cahoter", "charrette"] {
        assert!(terms.contains(&rare), "{rare} missing from {terms:?}");
    }
    for common in [
        "maison", "grand", "chemin", "village", "avoir", "être", "fête",
    ] {
        assert!(!terms.contains(&common), "{common} proposed: {terms:?}");
    }
    // Words come rarest first, before the expressions.
    let words: Vec<&str> = pack
        .glossary
        .iter()
        .filter(|e| e.pos != Pos::Expression && !e.tags().iter().any(|t| t == "expression"))
        .map(|e| e.term.as_str())
        .collect();
    let f = Frequencies::builtin();
    let rarity = |t: &str| f.centibels(t).unwrap_or(u16::MAX);
    assert!(
        words
            .windows(2)
            .all(|w| rarity(w[0]) >= rarity(w[1]) || w[0] == "cahoter"),
        "{words:?}"
    );
    // The inflected form is listed, the lemma is the term.
    let orniere = pack
        .glossary
        .iter()
        .find(|e| e.term == "ornière")
        .expect("ornière");
    assert_eq!(orniere.forms[..], ["ornières"]);
    assert_eq!(orniere.gender, Some(Gender::Feminine));
}

#[test]
fn a_higher_level_gets_fewer_words() {
    let b1 = run(TEXT, Level::B1, &NoMeanings);
    let c2 = run(TEXT, Level::C2, &NoMeanings);
    let a1 = run(TEXT, Level::A1, &NoMeanings);
    assert!(c2.words < b1.words, "{} < {}", c2.words, b1.words);
    assert!(a1.words > b1.words, "{} > {}", a1.words, b1.words);
}

#[test]
fn expressions_are_found_inflected_with_their_lemma() {
    let pack = parse(&run(TEXT, Level::B1, &NoMeanings).source);
    let find = |term: &str| {
        pack.glossary
            .iter()
            .find(|e| e.term == term)
            .unwrap_or_else(|| panic!("{term} missing from {:?}", terms(&pack)))
    };
    assert_eq!(find("se rendre compte").forms[..], ["s’est rendu compte"]);
    assert_eq!(find("avoir lieu").forms[..], ["a eu lieu"]);
    assert_eq!(
        find("mettre en place").forms[..],
        ["ont été mises en place"]
    );
    let e = find("avoir lieu");
    assert_eq!(e.pos, Pos::Expression);
    assert_eq!(e.en, "to take place, to happen");
    assert_eq!(
        e.sentence,
        "La fête a eu lieu hier, et des règles ont été mises en place."
    );
    assert!(!e.todo);
}

#[test]
fn entries_without_a_meaning_are_marked_todo() {
    let none = parse(&run(TEXT, Level::B1, &NoMeanings).source);
    let words: Vec<_> = none
        .glossary
        .iter()
        .filter(|e| e.pos != Pos::Expression)
        .collect();
    assert!(!words.is_empty());
    assert!(words.iter().all(|e| e.todo && e.en.is_empty()), "{words:?}");

    let mut dict: HashMap<String, String> = HashMap::new();
    dict.insert("chaumière".into(), "thatched cottage".into());
    let some = parse(&run(TEXT, Level::B1, &dict).source);
    let chaumiere = some
        .glossary
        .iter()
        .find(|e| e.term == "chaumière")
        .expect("chaumière");
    assert_eq!(chaumiere.en, "thatched cottage");
    assert!(!chaumiere.todo);
    let orniere = some
        .glossary
        .iter()
        .find(|e| e.term == "ornière")
        .expect("ornière");
    assert!(orniere.todo);
}

#[test]
fn words_no_lexicon_knows_are_todo_and_names_are_left_out() {
    let pack = parse(
        &run(
            "Mireille a trouvé un zorglub à Tanneville.",
            Level::B1,
            &NoMeanings,
        )
        .source,
    );
    let terms = terms(&pack);
    assert!(terms.contains(&"zorglub"), "{terms:?}");
    assert!(
        !terms
            .iter()
            .any(|t| t.contains("Mireille") || t.contains("Tanneville"))
    );
    assert!(pack.glossary.iter().all(|e| e.todo));
}

#[test]
fn the_context_chooses_among_homographs() {
    let text = "Une retraitée de la rue des Tanneurs raconte que la sécheresse a compromis \
                la récolte de l'école voisine.";
    let pack = parse(&run(text, Level::A1, &NoMeanings).source);
    let entry = |term: &str| pack.glossary.iter().find(|e| e.term == term);
    // After an article, a noun; a feminine form of a masculine lemma is
    // a noun of both genders.
    let retraite = entry("retraité").expect("retraité, the noun");
    assert_eq!(
        (retraite.pos, retraite.gender),
        (Pos::Noun, Some(Gender::Both))
    );
    // After an auxiliary, a participle.
    assert_eq!(entry("compromettre").map(|e| e.pos), Some(Pos::Verb));
    // Else the most frequent lemma.
    assert!(entry("voisiner").is_none(), "{:?}", terms(&pack));
    // A capital inside a sentence is a name, even if the word exists.
    assert!(entry("tanneur").is_none(), "{:?}", terms(&pack));
}

#[test]
fn words_the_dictionary_gives_back_unchanged_are_left_out_and_named() {
    let mut dict: HashMap<String, String> = HashMap::new();
    dict.insert("chaumière".into(), "thatched cottage".into());
    dict.insert("ornière".into(), "ornière, rut".into());
    let source = run(TEXT, Level::B1, &dict).source;
    let pack = parse(&source);
    assert!(!terms(&pack).contains(&"ornière"), "{:?}", terms(&pack));
    assert!(source.contains("# ornière\n"), "{source}");
    assert!(source.contains("# Meaning from table: check it against the sentence.\n[[glossary]]\nterm = \"chaumière\""), "{source}");
}

// ── The binary ─────────────────────────────────────────────────

fn liseuse(args: &[&str], dir: &Path, stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_liseuse"))
        .args(args)
        .current_dir(dir)
        .env("LISEUSE_DATA_DIR", dir.join("data"))
        .env(
            "LISEUSE_CONFIG",
            std::path::Path::new(&dir.join("data")).join("config.toml"),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(bytes) = stdin {
        input.write_all(bytes).expect("stdin written");
    }
    drop(input);
    child.wait_with_output().expect("the binary finishes")
}

fn text_of(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Awkward texts: every one must come back from the pack byte for byte.
const AWKWARD: &[&str] = &[
    "Ligne un.\r\nLigne deux.\r\n\r\nDeux « guillemets » et des \"doubles\".\r\n",
    "Tab\tici, et '''trois apostrophes''' là.\n",
    "Une fin sur une apostrophe : aujourd'hui c'est l'",
    "Emoji ❤️ et 🇫🇷, barre \\ oblique, \\n pas une fin de ligne.",
    "\n\nDébut par des lignes vides, fin sans saut de ligne",
    "Mélange\r\nde fins\nde ligne\rseule.\n",
];

#[test]
fn the_text_is_kept_byte_for_byte_and_the_pack_checks() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (i, text) in AWKWARD.iter().enumerate() {
        let input = dir.path().join(format!("t{i}.txt"));
        std::fs::write(&input, text).expect("text written");
        let pack = format!("p{i}.toml");
        let out = liseuse(
            &["new", &format!("t{i}.txt"), "-o", &pack],
            dir.path(),
            None,
        );
        assert!(out.status.success(), "{}", text_of(&out));
        let source = std::fs::read(dir.path().join(&pack)).expect("pack written");
        let source = load::decode(&pack, &source).expect("decodes");
        let parsed = load::parse(&pack, &source).expect("parses");
        assert_eq!(parsed.text.body.as_bytes(), text.as_bytes(), "text {i}");
        let check = liseuse(&["check", &pack], dir.path(), None);
        assert!(check.status.success(), "text {i}: {}", text_of(&check));
    }
}

#[test]
fn new_reads_standard_input_and_writes_standard_output_twice_alike() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "La charrette cahotait dans les ornières.\n";
    let a = liseuse(
        &["new", "-", "--title", "Ornières", "--level", "b2"],
        dir.path(),
        Some(text.as_bytes()),
    );
    let b = liseuse(
        &["new", "-", "--title", "Ornières", "--level", "B2"],
        dir.path(),
        Some(text.as_bytes()),
    );
    assert!(a.status.success(), "{}", text_of(&a));
    assert_eq!(a.stdout, b.stdout);
    let pack = parse(&String::from_utf8_lossy(&a.stdout));
    assert_eq!(pack.pack.title, "Ornières");
    assert_eq!(pack.pack.level, "B2");
    assert_eq!(pack.text.body, text);
}

/// A dictd dictionary of two entries, as FreeDict writes them.
fn write_dictd(dir: &Path) -> std::path::PathBuf {
    let b64 = |n: usize| liseuse::dict::dictd::encode_number(n as u64);
    let entries = [
        (
            "chaumière",
            "chaumière /ʃomjɛʁ/ <n, fem>\nthatched cottage\n",
        ),
        ("ornière", "ornière /ɔʁnjɛʁ/ <n, fem>\n1. rut\n2. groove\n"),
    ];
    let mut data = String::new();
    let mut index = String::new();
    for (head, body) in entries {
        index.push_str(&format!(
            "{head}\t{}\t{}\n",
            b64(data.len()),
            b64(body.len())
        ));
        data.push_str(body);
    }
    let path = dir.join("test-fra-eng.index");
    std::fs::write(&path, index).expect("index written");
    std::fs::write(dir.join("test-fra-eng.dict"), data).expect("data written");
    path
}

#[test]
fn meanings_come_from_the_dictionaries_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = write_dictd(dir.path());
    std::fs::write(
        dir.path().join("t.txt"),
        "La charrette cahotait dans les ornières, loin de la chaumière.\n",
    )
    .expect("written");
    let index = index.display().to_string();
    let out = liseuse(
        &[
            "new",
            "t.txt",
            "--no-dictionary",
            "--dictionary",
            &index,
            "--level",
            "C1",
        ],
        dir.path(),
        None,
    );
    assert!(out.status.success(), "{}", text_of(&out));
    let source = String::from_utf8_lossy(&out.stdout).into_owned();
    let pack = parse(&source);
    let find = |t: &str| pack.glossary.iter().find(|e| e.term == t);
    assert_eq!(
        find("ornière").map(|e| e.en.as_str()),
        Some("rut; groove"),
        "{source}"
    );
    assert_eq!(find("chaumière").map(|e| e.todo), Some(false), "{source}");
    assert!(source.contains("# Meaning from test-fra-eng"), "{source}");
}

#[test]
fn new_refuses_to_overwrite_and_reports_bad_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("t.txt"), "Un texte.\n").expect("written");
    std::fs::write(dir.path().join("p.toml"), "mon travail").expect("written");
    let out = liseuse(&["new", "t.txt", "-o", "p.toml"], dir.path(), None);
    assert!(!out.status.success());
    assert!(
        text_of(&out).contains("already exists"),
        "{}",
        text_of(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.toml")).expect("kept"),
        "mon travail"
    );
    let forced = liseuse(
        &["new", "t.txt", "-o", "p.toml", "--force"],
        dir.path(),
        None,
    );
    assert!(forced.status.success(), "{}", text_of(&forced));

    std::fs::write(dir.path().join("latin1.txt"), b"caf\xe9\n").expect("written");
    let out = liseuse(&["new", "latin1.txt"], dir.path(), None);
    assert!(!out.status.success());
    assert!(text_of(&out).contains("not UTF-8"), "{}", text_of(&out));

    let out = liseuse(&["new", "-"], dir.path(), Some(b"  \n"));
    assert!(text_of(&out).contains("empty"), "{}", text_of(&out));

    let out = liseuse(&["new", "t.txt", "--level", "B3"], dir.path(), None);
    assert!(!out.status.success());
    assert!(
        text_of(&out).contains("A1, A2, B1, B2, C1, C2"),
        "{}",
        text_of(&out)
    );
}

#[test]
fn false_friends_are_proposed_at_every_level_with_our_meaning_and_a_note() {
    let text = "Il attend une réponse éventuelle. Elle reste actuellement à la librairie.\n";
    let mut lex = lexicon();
    lex.word("attendre", Pos::Verb, None, &["attend"]);
    lex.word("éventuel", Pos::Adjective, None, &["éventuelle"]);
    lex.word("rester", Pos::Verb, None, &["reste"]);
    lex.word("actuellement", Pos::Adverb, None, &[]);
    lex.word("librairie", Pos::Noun, Some(Gender::Feminine), &[]);
    lex.word("réponse", Pos::Noun, Some(Gender::Feminine), &[]);
    let frequencies = Frequencies::builtin();
    let expressions = ExpressionList::builtin();
    let tools = Tools {
        morphology: &lex,
        meanings: &NoMeanings,
        frequencies: &frequencies,
        expressions: &expressions,
    };
    // Even at C2, where every one of these words counts as known.
    let drafted = draft(text, Some("Faux amis"), Level::C2, &tools);
    let pack = parse(&drafted.source);
    for (term, en, trap) in [
        ("attendre", "to wait", "to attend"),
        ("éventuel", "possible", "eventual"),
        ("rester", "to stay", "to rest"),
        ("actuellement", "currently", "actually"),
        ("librairie", "bookshop", "library"),
    ] {
        let entry = pack
            .glossary
            .iter()
            .find(|e| e.term == term)
            .unwrap_or_else(|| panic!("{term} proposed:\n{}", drafted.source));
        assert!(entry.en.contains(en), "{term}: {}", entry.en);
        let note = entry.note().map(|n| n.as_str()).unwrap_or_default();
        assert!(note.contains(trap), "{term}: {note}");
        assert!(entry.tags().iter().any(|t| t == "false friend"));
        assert!(!entry.todo, "{term}: nothing left to write");
    }
    assert_eq!(
        pack.glossary
            .iter()
            .find(|e| e.term == "librairie")
            .and_then(|e| e.gender),
        Some(Gender::Feminine)
    );
    // A common word that is no false friend stays out.
    assert!(!pack.glossary.iter().any(|e| e.term == "réponse"));
}
