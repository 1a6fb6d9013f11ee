//! Builds the French lexicon shipped in `data/lexicon/` from the Hunspell
//! French dictionary (Dicollecte/Grammalecte, MPL-2.0).
//!
//! ```sh
//! cargo run --release --example build_lexicon -- fr.dic fr.aff data/lexicon
//! ```
//!
//! Every stem of `fr.dic` is expanded through its suffix rules (the `SFX`
//! blocks of `fr.aff`, whose morphology gives mood, tense, person, gender and
//! number); prefix rules are not expanded (they only add elided articles and
//! pronouns, which the tokenizer splits off, and unit prefixes). The result:
//!
//! - `forms.fst`: an `fst` map from each surface form to a pattern number;
//! - `patterns.txt`: one line per pattern, the form's readings most likely
//!   first, each as `strip:append:tag` (the lemma is the form minus its last
//!   `strip` characters plus `append`), separated by `|`;
//! - `tags.txt`: one line per tag, the `po:`/`is:` fields of a reading.
//!
//! Patterns rather than lemmas keep the map small: thousands of forms share
//! "strip 3 characters, add `er`, first-group verb, present, 1st plural".
//! The library reads these files in `src/lexicon/`; nothing else runs this.

use std::collections::{BTreeMap, HashMap};
use std::error::Error;
use std::fs;
use std::path::Path;

/// A character class of a rule's condition.
enum Class {
    Any,
    Set(Vec<char>),
    NotSet(Vec<char>),
}

impl Class {
    fn matches(&self, c: char) -> bool {
        match self {
            Class::Any => true,
            Class::Set(set) => set.contains(&c),
            Class::NotSet(set) => !set.contains(&c),
        }
    }
}

fn parse_condition(condition: &str) -> Vec<Class> {
    let mut classes = Vec::new();
    let mut chars = condition.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => classes.push(Class::Any),
            '[' => {
                let mut set = Vec::new();
                let mut negated = false;
                for (i, c) in chars.by_ref().enumerate() {
                    match c {
                        '^' if i == 0 => negated = true,
                        ']' => break,
                        c => set.push(c),
                    }
                }
                classes.push(if negated {
                    Class::NotSet(set)
                } else {
                    Class::Set(set)
                });
            }
            c => classes.push(Class::Set(vec![c])),
        }
    }
    classes
}

/// One suffix rule.
struct Rule {
    strip: String,
    add: String,
    condition: Vec<Class>,
    morph: Vec<String>,
}

impl Rule {
    fn applies(&self, stem: &str) -> bool {
        if !stem.ends_with(&self.strip) {
            return false;
        }
        let chars: Vec<char> = stem.chars().collect();
        if chars.len() < self.condition.len() {
            return false;
        }
        let tail = &chars[chars.len() - self.condition.len()..];
        tail.iter().zip(&self.condition).all(|(&c, k)| k.matches(c))
    }
}

/// Flags are two characters each (`FLAG long`).
fn flags(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    chars.chunks(2).map(|c| c.iter().collect()).collect()
}

fn zero(s: &str) -> &str {
    if s == "0" { "" } else { s }
}

/// The `po:`/`is:`/`st:` fields that matter; `ds:` and others are dropped.
fn morph_fields<'a>(fields: impl Iterator<Item = &'a str>) -> Vec<String> {
    fields
        .filter(|f| f.starts_with("po:") || f.starts_with("is:") || f.starts_with("st:"))
        .map(|f| verb_traits(f.trim_end_matches('!')))
        .collect()
}

/// A verb's traits (`po:v1_it_q__a`) keep only what the library reads:
/// group, pronominal (`p` at 6) and auxiliaries (`e` at 8, `a` at 9); the
/// rest (transitivity…) would multiply tags and patterns for nothing.
fn verb_traits(field: &str) -> String {
    let b = field.as_bytes();
    if b.len() == 13 && field.starts_with("po:v") && b[4].is_ascii_digit() {
        let keep = |i: usize, c: u8| if b[3 + i] == c { c as char } else { '_' };
        format!(
            "po:v{}____{}_{}{}",
            b[4] as char,
            keep(6, b'p'),
            keep(8, b'e'),
            keep(9, b'a')
        )
    } else {
        field.to_string()
    }
}

fn parse_aff(aff: &str) -> HashMap<String, Vec<Rule>> {
    let mut rules: HashMap<String, Vec<Rule>> = HashMap::new();
    for line in aff.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.first() != Some(&"SFX") || fields.len() < 5 {
            continue;
        }
        // The block header is `SFX flag Y count`.
        if matches!(fields[2], "Y" | "N") && fields[3].parse::<usize>().is_ok() && fields.len() == 4
        {
            continue;
        }
        let add = fields[3].split('/').next().unwrap_or("");
        rules.entry(fields[1].to_string()).or_default().push(Rule {
            strip: zero(fields[2]).to_string(),
            add: zero(add).to_string(),
            condition: parse_condition(fields[4]),
            morph: morph_fields(fields[5..].iter().copied()),
        });
    }
    rules
}

/// Verbs whose forms are read first when a form is ambiguous.
const COMMON_VERBS: [&str; 16] = [
    "être", "avoir", "faire", "aller", "pouvoir", "devoir", "vouloir", "savoir", "dire", "voir",
    "venir", "prendre", "mettre", "falloir", "falloir", "tenir",
];

/// How likely a reading is, without a frequency list: function words first,
/// then common verbs, then the 3rd person, infinitives and participles of any
/// verb, nouns, adjectives, and last the 1st/2nd persons of verbs and names.
fn score(lemma: &str, morph: &[String]) -> i32 {
    let has = |f: &str| morph.iter().any(|m| m == f);
    if has("po:err") {
        return 0;
    }
    if has("po:mg") {
        return 90;
    }
    let verb = morph
        .iter()
        .any(|m| m.starts_with("po:v") && m.len() > 4 && m.as_bytes()[4].is_ascii_digit());
    if verb {
        let persons: Vec<&String> = morph
            .iter()
            .filter(|m| m.len() >= 6 && m.as_bytes()[3].is_ascii_digit())
            .collect();
        // `aimé` is also `aimé-je` (1st person): the participle is what counts.
        let nonfinite = has("po:infi") || has("po:ppas") || has("po:ppre");
        let third =
            nonfinite || persons.is_empty() || persons.iter().any(|p| p.starts_with("po:3"));
        let base = if third { 70 } else { 40 };
        let common = if COMMON_VERBS.contains(&lemma) { 45 } else { 0 };
        return base + common;
    }
    if has("po:adv") {
        return 65;
    }
    if has("po:nom") {
        return 60;
    }
    if has("po:adj") {
        return 55;
    }
    if has("po:npr") || has("po:prn") || has("po:patr") {
        return 20;
    }
    50
}

/// A reading before it is interned.
struct Reading {
    score: i32,
    strip: usize,
    append: String,
    tag: String,
}

fn reading(form: &str, lemma: &str, morph: &[String]) -> Reading {
    let common = form
        .chars()
        .zip(lemma.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let tag: Vec<&str> = morph
        .iter()
        .filter(|m| !m.starts_with("st:"))
        .map(String::as_str)
        .collect();
    Reading {
        score: score(lemma, morph),
        strip: form.chars().count() - common,
        append: lemma.chars().skip(common).collect(),
        tag: tag.join(" "),
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dic, aff, out] = args.as_slice() else {
        return Err("usage: build_lexicon fr.dic fr.aff OUTPUT_DIR".into());
    };
    let rules = parse_aff(&fs::read_to_string(aff)?);
    let dic = fs::read_to_string(dic)?;
    let mut forms: BTreeMap<String, Vec<Reading>> = BTreeMap::new();
    for line in dic.lines().skip(1) {
        let mut fields = line.split_whitespace();
        let Some(head) = fields.next() else { continue };
        let (stem, stem_flags) = match head.split_once('/') {
            Some((s, f)) => (s, flags(f)),
            None => (head, Vec::new()),
        };
        let has = |f: &str| stem_flags.iter().any(|g| g == f);
        if has("{}") {
            continue;
        }
        let morph = morph_fields(fields);
        let lemma = morph
            .iter()
            .find_map(|m| m.strip_prefix("st:"))
            .unwrap_or(stem)
            .to_string();
        let mut add = |form: String, morph: &[String]| {
            let r = reading(&form, &lemma, morph);
            forms.entry(form).or_default().push(r);
        };
        if !has("()") {
            add(stem.to_string(), &morph);
        }
        for flag in &stem_flags {
            for rule in rules.get(flag).into_iter().flatten() {
                if rule.applies(stem) {
                    let base = &stem[..stem.len() - rule.strip.len()];
                    let mut m = morph.clone();
                    m.extend(rule.morph.iter().cloned());
                    add(format!("{base}{}", rule.add), &m);
                }
            }
        }
    }

    let mut tags: Vec<String> = Vec::new();
    let mut tag_ids: HashMap<String, usize> = HashMap::new();
    let mut patterns: Vec<String> = Vec::new();
    let mut pattern_ids: HashMap<String, u64> = HashMap::new();
    let out = Path::new(out);
    let mut map = fst::MapBuilder::new(fs::File::create(out.join("forms.fst"))?)?;
    let mut readings_total = 0usize;
    for (form, mut readings) in forms {
        readings.sort_by_key(|r| std::cmp::Reverse(r.score));
        let mut parts: Vec<String> = Vec::new();
        for r in readings {
            let next = tag_ids.len();
            let tag = *tag_ids.entry(r.tag.clone()).or_insert(next);
            if tag == tags.len() {
                tags.push(r.tag);
            }
            let part = format!("{}:{}:{}", r.strip, r.append, tag);
            if !parts.contains(&part) {
                parts.push(part);
            }
        }
        readings_total += parts.len();
        let line = parts.join("|");
        let next = pattern_ids.len() as u64;
        let id = *pattern_ids.entry(line.clone()).or_insert(next);
        if id as usize == patterns.len() {
            patterns.push(line);
        }
        map.insert(form.as_bytes(), id)?;
    }
    let forms_count = map.bytes_written();
    map.finish()?;
    fs::write(out.join("tags.txt"), tags.join("\n") + "\n")?;
    fs::write(out.join("patterns.txt"), patterns.join("\n") + "\n")?;
    eprintln!(
        "{forms_count} bytes of map, {readings_total} readings, {} patterns, {} tags",
        patterns.len(),
        tags.len()
    );
    Ok(())
}
