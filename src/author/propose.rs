//! Choosing the glossary entries to propose for a text.

use std::collections::HashMap;
use std::ops::Range;

use super::Tools;
use super::expressions;
use super::false_friends::{self, FalseFriend};
use super::frequency::Level;
use super::morphology::Reading;
use super::sentence::{quotation, sentences};
use crate::pack::{Gender, Pos};
use crate::text::{Token, TokenKind, match_key, tokenize};

/// A proposed glossary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// Dictionary form.
    pub term: String,
    /// `None` if nothing said which part of speech it is.
    pub pos: Option<Pos>,
    pub gender: Option<Gender>,
    /// English meaning: ours for expressions, a dictionary's for words.
    pub en: Option<String>,
    /// The dictionary the meaning comes from (`None`: our list, or none).
    pub meaning_source: Option<String>,
    /// Forms as written in the text, in order of first occurrence.
    pub forms: Vec<String>,
    /// Bytes of the text quoted as the entry's sentence.
    pub sentence: Range<usize>,
    /// Bytes of the first occurrence.
    pub first: Range<usize>,
    /// How many times it occurs.
    pub count: usize,
    pub kind: Kind,
    /// Set when the word is a false friend: its meaning and note are ours.
    pub false_friend: Option<&'static FalseFriend>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A word, with the estimated centibels of its lemma (larger = rarer).
    Word {
        centibels: u16,
        in_lexicon: bool,
    },
    Expression,
}

impl Proposal {
    /// Whether anything is missing that the author must write.
    pub fn is_todo(&self) -> bool {
        self.en.is_none()
            || self.pos.is_none()
            || (self.pos == Some(Pos::Noun) && self.gender.is_none())
    }
}

/// Part-of-speech kinds a learner is never glossed: closed classes.
fn is_function_word(pos: Option<Pos>) -> bool {
    matches!(
        pos,
        Some(Pos::Determiner | Pos::Pronoun | Pos::Preposition | Pos::Conjunction)
    )
}

/// Proposes the entries for `text` at `level`: words rarest first, then
/// expressions in text order.
pub fn propose(text: &str, level: Level, tools: &Tools<'_>) -> Proposals {
    let tokens = tokenize(text);
    let sentences = sentences(text);
    let found = expressions::find(tools.expressions, text, &tokens, tools.morphology);
    let mut covered = vec![false; tokens.len()];
    let mut exprs: Vec<Proposal> = Vec::new();
    let mut by_expression: HashMap<usize, usize> = HashMap::new();
    for f in &found {
        let e = &tools.expressions.items[f.expression];
        if e.level.is_some_and(|l| l <= level) {
            continue;
        }
        covered[f.tokens.clone()].iter_mut().for_each(|c| *c = true);
        let form = display_form(&text[f.range.clone()], &e.term);
        let slot = *by_expression.entry(f.expression).or_insert_with(|| {
            exprs.push(Proposal {
                term: e.term.clone(),
                pos: Some(e.pos),
                gender: e.gender,
                en: Some(e.en.clone()),
                meaning_source: None,
                forms: Vec::new(),
                sentence: quotation(text, &sentences, f.range.clone()),
                first: f.range.clone(),
                count: 0,
                kind: Kind::Expression,
                false_friend: None,
            });
            exprs.len() - 1
        });
        add_form(&mut exprs[slot], &form);
    }
    let (mut entries, transparent) = words(text, &tokens, &covered, level, tools, &sentences);
    entries.extend(exprs);
    Proposals {
        entries,
        transparent,
    }
}

/// What `propose` found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Proposals {
    /// Words rarest first, then expressions in text order.
    pub entries: Vec<Proposal>,
    /// Rare words left out because a dictionary gives the same word in
    /// English (`patience`): a learner reads them without help.
    pub transparent: Vec<String>,
}

/// Whether a dictionary's meaning is the word itself (`patience` →
/// "patience", `municipalité` → "municipality" is not).
fn is_transparent(term: &str, en: &str) -> bool {
    let first = en.split([',', ';']).next().unwrap_or("").trim();
    let first = first.strip_prefix("to ").unwrap_or(first);
    crate::text::fold_key(first) == crate::text::fold_key(term)
}

fn add_form(p: &mut Proposal, form: &str) {
    p.count += 1;
    let key = match_key(form);
    if !p.forms.iter().any(|f| match_key(f) == key) {
        p.forms.push(form.to_string());
    }
}

/// A word's reading as `new` uses it.
struct WordInfo {
    lemma: String,
    pos: Option<Pos>,
    gender: Option<Gender>,
    in_lexicon: bool,
}

/// What comes before a word, as far as choosing its reading goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Context {
    /// First word of its sentence: a capital says nothing.
    SentenceStart,
    /// After an article, another determiner or a preposition: a noun
    /// (`une retraitée`, `en potager`).
    AfterDeterminer,
    /// After a form of avoir or être: a participle (`a compromis`).
    AfterAuxiliary,
    Other,
}

/// Determiners that are never pronouns.
const DETERMINERS: &[&str] = &[
    "un",
    "une",
    "des",
    "du",
    "au",
    "aux",
    "ces",
    "cette",
    "cet",
    "ce",
    "mon",
    "ma",
    "mes",
    "ton",
    "ta",
    "tes",
    "son",
    "sa",
    "ses",
    "notre",
    "nos",
    "votre",
    "vos",
    "leurs",
    "chaque",
    "quelques",
    "plusieurs",
    "aucun",
    "aucune",
    "certains",
    "certaines",
    "en",
    "de",
    "d'",
    "à",
    "pour",
    "par",
    "sans",
    "avec",
    "dans",
    "sur",
    "sous",
    "chez",
    "entre",
    "vers",
];

/// Forms of avoir and être, after which a participle is likelier than a
/// noun (`la sécheresse a compromis`).
const AUXILIARY_FORMS: &[&str] = &[
    "ai", "as", "a", "avons", "avez", "ont", "avait", "avaient", "aura", "auront", "aurait",
    "auraient", "ait", "aient", "eu", "suis", "es", "est", "sommes", "êtes", "sont", "était",
    "étaient", "sera", "seront", "serait", "seraient", "soit", "soient", "été",
];

/// Articles that are also object pronouns (`on la voit`).
const ARTICLES_OR_PRONOUNS: &[&str] = &["le", "la", "les", "l'", "leur"];

/// Words after which `le`, `la`, `les` are pronouns.
const SUBJECTS: &[&str] = &[
    "je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ne", "n'", "me", "m'",
    "te", "t'", "se", "s'",
];

/// The context of a word from the two words before it in its sentence.
fn context(before: &[&str]) -> Context {
    match before {
        [] => Context::SentenceStart,
        [.., prev] if DETERMINERS.contains(prev) => Context::AfterDeterminer,
        [.., prev] if AUXILIARY_FORMS.contains(prev) => Context::AfterAuxiliary,
        [.., pre, prev] if ARTICLES_OR_PRONOUNS.contains(prev) && SUBJECTS.contains(pre) => {
            Context::Other
        }
        [.., prev] if ARTICLES_OR_PRONOUNS.contains(prev) => Context::AfterDeterminer,
        _ => Context::Other,
    }
}

/// The reading a word most likely has here: a noun after a determiner or
/// preposition, a participle after an auxiliary;
/// else the reading of the most frequent lemma (`voisine` is voisin, not
/// voisiner), an adjective rather than a noun of the same lemma
/// (`plantes aromatiques`), the lexicon's order breaking ties.
fn choose<'r>(readings: &'r [Reading], context: Context, tools: &Tools<'_>) -> Option<&'r Reading> {
    let wanted = match context {
        Context::AfterDeterminer => Some(Pos::Noun),
        Context::AfterAuxiliary => Some(Pos::Verb),
        _ => None,
    };
    if let Some(reading) = readings
        .iter()
        .find(|r| wanted.is_some() && r.pos == wanted)
    {
        return Some(reading);
    }
    let floor = tools.frequencies.floor().saturating_add(1);
    let best = readings
        .iter()
        .enumerate()
        .min_by_key(|(i, r)| (tools.frequencies.centibels(&r.lemma).unwrap_or(floor), *i))
        .map(|(_, r)| r)?;
    if best.pos == Some(Pos::Noun)
        && let Some(adjective) = readings
            .iter()
            .find(|r| r.pos == Some(Pos::Adjective) && r.lemma == best.lemma)
    {
        return Some(adjective);
    }
    Some(best)
}

/// The lemma of one word of the text, or `None` for words never proposed
/// (names, numbers, function words).
fn analyse(surface: &str, context: Context, tools: &Tools<'_>) -> Option<WordInfo> {
    if surface.chars().any(|c| c.is_numeric()) || surface.chars().count() < 2 {
        return None;
    }
    let capital = surface.chars().next().is_some_and(char::is_uppercase);
    // Inside a sentence, a capital the lexicon does not spell so is a name
    // (`la rue des Tanneurs`), even if the word exists in lower case.
    if capital && context != Context::SentenceStart && !tools.morphology.knows(surface) {
        return None;
    }
    let mut readings = tools.morphology.readings(surface);
    if readings.is_empty() && capital {
        readings = tools.morphology.readings(&surface.to_lowercase());
    }
    match choose(&readings, context, tools) {
        Some(r) if r.pos == Some(Pos::ProperNoun) || is_function_word(r.pos) => None,
        Some(r) => Some(WordInfo {
            lemma: r.lemma.clone(),
            pos: r.pos,
            gender: lemma_gender(surface, r),
            in_lexicon: true,
        }),
        // A capitalised word no lexicon knows is a name.
        None if capital => None,
        None => {
            let head = compound_head(surface, tools);
            Some(WordInfo {
                lemma: surface.to_lowercase(),
                pos: head.as_ref().and_then(|h| h.pos),
                gender: head.and_then(|h| h.gender),
                in_lexicon: false,
            })
        }
    }
}

/// First parts after which a compound's gender is its last part's
/// (`une arrière-salle`, `un sous-marin`).
const COMPOUND_PREFIXES: &[&str] = &[
    "arrière", "avant", "après", "sous", "sur", "contre", "demi", "mi", "semi", "pré", "post",
    "ex", "non", "anti", "néo", "auto", "co", "multi", "mini", "micro", "super", "hyper", "vice",
    "pseudo", "quasi", "haut", "grand", "petit", "belle", "beau", "bien", "mal", "entre",
];

/// For a hyphenated word the lexicon lacks, the noun it is built on: its
/// last part after a prefix-like first part (`arrière-salle`: salle,
/// feminine), else its first part (`timbre-poste`: timbre).
fn compound_head(surface: &str, tools: &Tools<'_>) -> Option<WordInfo> {
    let lower = surface.to_lowercase();
    let (first, rest) = lower.split_once('-')?;
    let head = if COMPOUND_PREFIXES.contains(&first) {
        rest.rsplit('-').next()?
    } else {
        first
    };
    let readings = tools.morphology.readings(head);
    let noun = readings.iter().find(|r| r.pos == Some(Pos::Noun))?;
    Some(WordInfo {
        lemma: noun.lemma.clone(),
        pos: Some(Pos::Noun),
        gender: lemma_gender(head, noun),
        in_lexicon: false,
    })
}

/// The gender of a noun's lemma. The lexicon gives the form's: a feminine
/// form of another lemma (`retraitée` of retraité) is a noun of both
/// genders, `un retraité, une retraitée`.
fn lemma_gender(surface: &str, r: &Reading) -> Option<Gender> {
    if r.gender != Some(Gender::Feminine) {
        return r.gender;
    }
    let singular: Vec<String> = surface
        .split('-')
        .map(|part| {
            let lower = part.to_lowercase();
            match lower.strip_suffix(['s', 'x']) {
                Some(stem) if !stem.is_empty() => stem.to_string(),
                _ => lower,
            }
        })
        .collect();
    let lemma = r.lemma.to_lowercase();
    if singular.join("-") == lemma || surface.to_lowercase() == lemma {
        Some(Gender::Feminine)
    } else {
        Some(Gender::Both)
    }
}

/// For each token, the match keys of the (at most two) word-like tokens
/// before it in its sentence.
fn preceding_words<'t>(
    text: &str,
    tokens: &[Token],
    sentences: &[Range<usize>],
    keys: &'t [String],
) -> Vec<Vec<&'t str>> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut window: Vec<&str> = Vec::new();
    let mut sentence = 0;
    for (i, t) in tokens.iter().enumerate() {
        while sentence < sentences.len() && sentences[sentence].end <= t.start() {
            sentence += 1;
        }
        let starts_sentence = sentences.get(sentence).is_none_or(|s| t.start() <= s.start);
        if starts_sentence || matches!(t.kind, TokenKind::Newline) {
            window.clear();
        }
        out.push(window.clone());
        if t.is_wordlike() {
            window.push(keys[i].as_str());
            if window.len() > 2 {
                window.remove(0);
            }
        } else if t.kind == TokenKind::Punct
            && matches!(t.text(text), ":" | ";" | "(" | "«" | "\"" | "—" | "–")
        {
            window.clear();
        }
    }
    out
}

fn words(
    text: &str,
    tokens: &[Token],
    covered: &[bool],
    level: Level,
    tools: &Tools<'_>,
    sentences: &[Range<usize>],
) -> (Vec<Proposal>, Vec<String>) {
    let mut out: Vec<Proposal> = Vec::new();
    let mut by_lemma: HashMap<String, usize> = HashMap::new();
    let mut cache: HashMap<(&str, Context), Option<WordInfo>> = HashMap::new();
    let keys: Vec<String> = tokens.iter().map(|t| match_key(t.text(text))).collect();
    let before = preceding_words(text, tokens, sentences, &keys);
    for (i, t) in tokens.iter().enumerate() {
        if t.kind != TokenKind::Word || covered[i] {
            continue;
        }
        let surface = t.text(text);
        let context = context(&before[i]);
        let Some(info) = cache
            .entry((surface, context))
            .or_insert_with(|| analyse(surface, context, tools))
        else {
            continue;
        };
        let key = match_key(&info.lemma);
        let slot = *by_lemma.entry(key).or_insert_with(|| {
            out.push(Proposal {
                term: info.lemma.clone(),
                pos: info.pos,
                gender: info.gender,
                en: None,
                meaning_source: None,
                forms: Vec::new(),
                sentence: quotation(text, sentences, t.range()),
                first: t.range(),
                count: 0,
                kind: Kind::Word {
                    centibels: 0,
                    in_lexicon: info.in_lexicon,
                },
                false_friend: false_friends::lookup(&info.lemma),
            });
            out.len() - 1
        });
        add_form(&mut out[slot], &display_form(surface, &info.lemma));
    }
    let threshold = tools.frequencies.at_rank(level.known_forms());
    let lemmas = tools.frequencies.by_lemma(tools.morphology);
    for p in &mut out {
        let mut keys: Vec<String> = std::iter::once(match_key(&p.term))
            .chain(p.forms.iter().map(|f| match_key(f)))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        // The text's forms count even if the lexicon gives them no lemma.
        let from_text = tools.frequencies.combined(keys.iter().map(String::as_str));
        let centibels = lemmas
            .centibels(&p.term)
            .map_or(from_text, |n| n.min(from_text));
        if let Kind::Word { in_lexicon, .. } = p.kind {
            p.kind = Kind::Word {
                centibels,
                in_lexicon,
            };
        }
    }
    // A false friend is proposed however common: knowing the English
    // look-alike is what misleads.
    out.retain(|p| {
        p.false_friend.is_some()
            || matches!(p.kind, Kind::Word { centibels, .. } if centibels > threshold)
    });
    let mut transparent = Vec::new();
    for p in &mut out {
        if let Some(f) = p.false_friend {
            p.term = f.lemma.clone();
            p.pos = Some(f.pos);
            p.gender = f.gender.or(p.gender);
            p.en = Some(f.en.clone());
            p.meaning_source = None;
            continue;
        }
        if let Some(m) = tools.meanings.meaning(&p.term, p.pos) {
            if is_transparent(&p.term, &m.en) {
                transparent.push(p.term.clone());
            }
            p.en = Some(m.en);
            p.meaning_source = Some(m.source);
        }
    }
    out.retain(|p| !transparent.contains(&p.term));
    transparent.sort_by_cached_key(|t| crate::text::FrenchKey::new(t));
    out.sort_by(|a, b| {
        let rarity = |p: &Proposal| match p.kind {
            Kind::Word { centibels, .. } => centibels,
            Kind::Expression => 0,
        };
        rarity(b)
            .cmp(&rarity(a))
            .then(a.first.start.cmp(&b.first.start))
    });
    (out, transparent)
}

/// A form as the glossary lists it: a capital that only starts the
/// sentence is dropped (`Développer` → `développer`; forms match any case).
fn display_form(surface: &str, lemma: &str) -> String {
    let mut chars = surface.chars();
    let starts_lower = lemma.chars().next().is_some_and(char::is_lowercase);
    match chars.next() {
        Some(c) if c.is_uppercase() && starts_lower && chars.clone().all(|c| !c.is_uppercase()) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => surface.to_string(),
    }
}
