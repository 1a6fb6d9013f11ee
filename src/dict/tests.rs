use std::io::Write;
use std::path::{Path, PathBuf};

use super::*;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("gzip");
    e.finish().expect("gzip")
}

/// Writes a dictd dictionary of (headword, text) entries.
fn write_dictd(dir: &Path, name: &str, entries: &[(&str, &str)], compress: bool) -> PathBuf {
    let mut data = Vec::new();
    let mut index = String::from("00databaseshort\tA\tB\n");
    for (word, text) in entries {
        let offset = data.len() as u64;
        data.extend_from_slice(text.as_bytes());
        index.push_str(&format!(
            "{word}\t{}\t{}\n",
            dictd::encode_number(offset),
            dictd::encode_number(text.len() as u64)
        ));
    }
    let index_path = dir.join(format!("{name}.index"));
    std::fs::write(&index_path, index).expect("index");
    if compress {
        std::fs::write(dir.join(format!("{name}.dict.dz")), gzip(&data)).expect("dict");
    } else {
        std::fs::write(dir.join(format!("{name}.dict")), data).expect("dict");
    }
    index_path
}

/// Writes a StarDict dictionary; `types` is its sametypesequence, and each
/// entry's data is given raw.
fn write_stardict(dir: &Path, name: &str, types: Option<&str>, entries: &[(&str, Vec<u8>)]) {
    let mut idx = Vec::new();
    let mut dict = Vec::new();
    for (word, data) in entries {
        idx.extend_from_slice(word.as_bytes());
        idx.push(0);
        idx.extend_from_slice(&(dict.len() as u32).to_be_bytes());
        idx.extend_from_slice(&(data.len() as u32).to_be_bytes());
        dict.extend_from_slice(data);
    }
    let mut ifo = format!(
        "StarDict's dict ifo file\nversion=2.4.2\nbookname=Test {name}\nwordcount={}\nidxfilesize={}\n",
        entries.len(),
        idx.len()
    );
    if let Some(t) = types {
        ifo.push_str(&format!("sametypesequence={t}\n"));
    }
    std::fs::write(dir.join(format!("{name}.ifo")), ifo).expect("ifo");
    std::fs::write(dir.join(format!("{name}.idx")), idx).expect("idx");
    std::fs::write(dir.join(format!("{name}.dict.dz")), gzip(&dict)).expect("dict");
}

#[test]
fn dictd_numbers() {
    assert_eq!(dictd::decode_number("A"), Some(0));
    assert_eq!(dictd::decode_number("b"), Some(27));
    assert_eq!(dictd::decode_number("BA"), Some(64));
    assert_eq!(dictd::decode_number("Bawr"), Some(371_755));
    assert_eq!(dictd::decode_number(""), None);
    assert_eq!(dictd::decode_number("a-b"), None);
    assert_eq!(dictd::decode_number(&"/".repeat(20)), None);
    for n in [0, 1, 63, 64, 4095, 123_456_789] {
        assert_eq!(dictd::decode_number(&dictd::encode_number(n)), Some(n));
    }
}

#[test]
fn dictd_dictionary_compressed_and_plain() {
    let dir = tempfile::tempdir().expect("temp dir");
    for compress in [true, false] {
        let name = if compress { "fra-eng-dz" } else { "fra-eng" };
        let index = write_dictd(
            dir.path(),
            name,
            &[
                ("trouver", "trouver /tʀuve/ <v>\nfind\n"),
                ("mettre daccord", "mettre d'accord\nto reconcile\n"),
                ("été", "été <n, masc>\nsummer\n"),
            ],
            compress,
        );
        let file = as_dictionary(&index);
        let d = Dictionary::open(&file).expect("opens");
        assert_eq!(d.len(), 3, "meta lines are not words");
        let found = d.lookup("Trouver");
        assert_eq!(found.len(), 1);
        assert!(found[0].text.contains("find"));
        assert_eq!(found[0].headword, "trouver");
        assert!(d.lookup("mettre d’accord")[0].text.contains("reconcile"));
        assert!(d.lookup("ete").is_empty(), "accents count");
        assert!(d.lookup("absent").is_empty());
    }
}

fn as_dictionary(index: &Path) -> DictionaryFile {
    let found = find_dictionaries(&[], &[index.to_path_buf()]);
    found.into_iter().next().expect("the file is a dictionary")
}

#[test]
fn stardict_with_and_without_type_sequence() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_stardict(
        dir.path(),
        "fr-en",
        Some("m"),
        &[
            ("pays", b"country, land".to_vec()),
            ("trouver", b"to find".to_vec()),
        ],
    );
    let mut typed = b"h<b>d\xc3\xa9j\xc3\xa0</b><br>already &amp; before\0".to_vec();
    typed.extend_from_slice(b"W");
    typed.extend_from_slice(&3u32.to_be_bytes());
    typed.extend_from_slice(b"\x00\x01\x02");
    write_stardict(dir.path(), "fr-en-html", None, &[("déjà", typed)]);

    let d = Dictionary::open(&DictionaryFile::StarDict {
        ifo: dir.path().join("fr-en.ifo"),
    })
    .expect("opens");
    assert_eq!(d.name, "Test fr-en");
    assert_eq!(d.lookup("pays")[0].text, "country, land");
    let d = Dictionary::open(&DictionaryFile::StarDict {
        ifo: dir.path().join("fr-en-html.ifo"),
    })
    .expect("opens");
    assert_eq!(d.lookup("déjà")[0].text, "déjà\nalready & before");
}

#[test]
fn hostile_dictionaries_neither_panic_nor_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = write_dictd(
        dir.path(),
        "fra-bad",
        &[("piège", "trap\u{1b}[2J\u{7}\r\nend")],
        true,
    );
    // A line pointing past the data, and lines that are not entries.
    let mut text = std::fs::read_to_string(&index).expect("index");
    text.push_str("loin\t////\tB\nbroken line\n\t\t\n");
    std::fs::write(&index, text).expect("index");
    let d = Dictionary::open(&as_dictionary(&index)).expect("opens");
    let found = d.lookup("piège");
    assert!(!found[0].text.chars().any(|c| c.is_control() && c != '\n'));
    assert!(d.lookup("loin").is_empty());

    // A file name that would drive the terminal, shown as the
    // dictionary's name.
    let named = write_dictd(dir.path(), "fra-\u{1b}[2J", &[("mot", "word")], false);
    let d = Dictionary::open(&as_dictionary(&named)).expect("opens");
    assert!(!d.name.chars().any(char::is_control), "{:?}", d.name);
    assert_eq!(d.lookup("mot")[0].dictionary, d.name);

    // A truncated .idx and a .ifo that is not one.
    write_stardict(
        dir.path(),
        "fr-cut",
        Some("m"),
        &[("mot", b"word".to_vec())],
    );
    let idx = dir.path().join("fr-cut.idx");
    let bytes = std::fs::read(&idx).expect("idx");
    std::fs::write(&idx, &bytes[..bytes.len() - 3]).expect("idx");
    assert!(
        Dictionary::open(&DictionaryFile::StarDict {
            ifo: dir.path().join("fr-cut.ifo")
        })
        .is_err()
    );
    std::fs::write(dir.path().join("fr-fake.ifo"), "hello").expect("ifo");
    assert!(
        Dictionary::open(&DictionaryFile::StarDict {
            ifo: dir.path().join("fr-fake.ifo")
        })
        .is_err()
    );
}

#[test]
fn standard_places_take_only_french_dictionaries_listed_paths_all() {
    let dir = tempfile::tempdir().expect("temp dir");
    let place = dir.path().join("dictd");
    std::fs::create_dir(&place).expect("dir");
    write_dictd(&place, "freedict-fra-eng", &[("a", "b")], true);
    write_dictd(&place, "freedict-deu-eng", &[("a", "b")], true);
    let sub = dir.path().join("stardict/dic/some-french-dict");
    std::fs::create_dir_all(&sub).expect("dir");
    write_stardict(&sub, "french-english", Some("m"), &[("a", b"b".to_vec())]);
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).expect("dir");
    write_dictd(&mine, "lexique", &[("a", "b")], false);

    let found = find_dictionaries(
        &[place.clone(), dir.path().join("stardict/dic")],
        &[mine.clone(), dir.path().join("missing")],
    );
    let names: Vec<String> = found
        .iter()
        .map(|d| {
            d.path()
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "freedict-fra-eng.index",
            "french-english.ifo",
            "lexique.index"
        ]
    );
}

#[test]
fn define_falls_back_to_the_lemma() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = write_dictd(
        dir.path(),
        "fra-eng",
        &[("trouver", "trouver\nfind\n")],
        true,
    );
    let all = Dictionaries::load_from(&[], &[index]);
    assert_eq!(all.open.len(), 1);
    let found = all.define("trouvées", &["trouver".to_string()]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].headword, "trouver");
    assert!(all.define("rien", &[]).is_empty());
}

#[test]
fn dictzip_entries_are_read_a_chunk_at_a_time_even_across_chunks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let entries: Vec<(String, String)> = (0..60)
        .map(|i| {
            (
                format!("mot{i}"),
                format!("mot{i} <n>\nword number {i}, é à ç\n"),
            )
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = entries
        .iter()
        .map(|(w, t)| (w.as_str(), t.as_str()))
        .collect();
    let index = write_dictd(dir.path(), "fra-eng", &borrowed, false);
    let plain = std::fs::read(dir.path().join("fra-eng.dict")).expect("plain data");
    // Any gzip reader still reads it whole: it is gzip.
    let zipped = write_dictzip(&plain, 50).expect("small chunks");
    let mut whole = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(zipped.as_slice()),
        &mut whole,
    )
    .expect("valid gzip");
    assert_eq!(whole, plain);
    std::fs::remove_file(dir.path().join("fra-eng.dict")).expect("remove");
    std::fs::write(dir.path().join("fra-eng.dict.dz"), &zipped).expect("write");
    let d = Dictionary::open(&as_dictionary(&index)).expect("opens");
    assert!(
        matches!(d.data, data::Data::Chunked(_)),
        "the chunk table is used"
    );
    for (word, text) in &entries {
        let found = d.lookup(word);
        assert_eq!(found.len(), 1, "{word}");
        assert_eq!(found[0].text, text.trim(), "{word}");
    }
    // Cut short: the entries past the cut are missing, nothing panics.
    let cut = &zipped[..zipped.len() / 2];
    std::fs::write(dir.path().join("fra-eng.dict.dz"), cut).expect("write");
    if let Ok(d) = Dictionary::open(&as_dictionary(&index)) {
        for (word, _) in &entries {
            let _ = d.lookup(word);
        }
    }
    // A chunk table that lies about sizes: no panic either.
    let mut lying = zipped.clone();
    let first_size = 12 + 4 + 6;
    lying[first_size] = 0xff;
    lying[first_size + 1] = 0x7f;
    std::fs::write(dir.path().join("fra-eng.dict.dz"), &lying).expect("write");
    if let Ok(d) = Dictionary::open(&as_dictionary(&index)) {
        for (word, _) in &entries {
            let _ = d.lookup(word);
        }
    }
}
