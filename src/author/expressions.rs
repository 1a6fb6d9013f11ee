//! Multi-word expressions: the built-in list (`data/expressions.txt`, our
//! own glosses) and finding them in a text, inflected.
//!
//! A pattern is the expression's words; `<lemma>` stands for any form of
//! that lemma (`se <rendre> compte` finds `s'est rendu compte`), and `se` or
//! `s'` for any reflexive pronoun (`nous nous sommes rendu compte`). Elided
//! and contracted words match their full form (`de` finds `d'` and `du`,
//! `à` finds `au`). Idioms with a verb may have a few words between theirs
//! (`ne se rend pas compte`, `mettre ces règles en place`); fixed phrases
//! (`en revanche`) must be written exactly. A compound tense keeps its
//! auxiliary: `a eu lieu`, `n'a pas été mis en place`.

use std::ops::Range;

use super::frequency::Level;
use super::morphology::Morphology;
use crate::pack::{Gender, Pos};
use crate::text::{Token, TokenKind, match_key, tokenize};

/// The list shipped with the project.
// Linked apart from the data a start reads (see `FORMS_BYTES` in
// src/lexicon/mod.rs).
#[cfg_attr(target_os = "linux", unsafe(link_section = ".lrodata.expressions"))]
static BUILTIN_BYTES: [u8; include_bytes!("../../data/expressions.txt").len()] =
    *include_bytes!("../../data/expressions.txt");
static BUILTIN: &str = match std::str::from_utf8(&BUILTIN_BYTES) {
    Ok(s) => s,
    Err(_) => panic!("data/expressions.txt is not UTF-8"),
};

/// Words allowed between the reflexive pronoun and its verb.
const MAX_GAP_AFTER_PRONOUN: usize = 3;
/// Words allowed after the verb before the rest (an object, an adverb).
const MAX_GAP_AFTER_VERB: usize = 3;
/// Words allowed between two other words of a verb idiom (`ne`, `pas`).
const MAX_GAP_OTHER: usize = 2;

/// Negation, clitics and short adverbs that sit inside verb idioms.
const SMALL_WORDS: &[&str] = &[
    "ne", "n'", "pas", "plus", "jamais", "rien", "point", "guère", "en", "y", "le", "la", "les",
    "l'", "lui", "leur", "bien", "toujours", "déjà", "vraiment", "encore", "souvent", "tout",
    "trop", "peu", "mal", "enfin", "aussi", "même", "beaucoup", "mieux", "vite", "parfois",
];

/// Forms of avoir and être that make compound tenses and passives.
const AUXILIARIES: &[&str] = &[
    "ai", "as", "a", "avons", "avez", "ont", "avais", "avait", "avions", "aviez", "avaient",
    "aurai", "auras", "aura", "aurons", "aurez", "auront", "aurais", "aurait", "aurions", "auriez",
    "auraient", "aie", "aies", "ait", "ayons", "ayez", "aient", "eus", "eut", "eûmes", "eurent",
    "eût", "avoir", "ayant", "eu", "suis", "es", "est", "sommes", "êtes", "sont", "étais", "était",
    "étions", "étiez", "étaient", "serai", "seras", "sera", "serons", "serez", "seront", "serais",
    "serait", "serions", "seriez", "seraient", "sois", "soit", "soyons", "soyez", "soient", "fus",
    "fut", "fûmes", "furent", "fût", "être", "étant", "été",
];

/// Reflexive pronouns, elided or not.
const REFLEXIVES: &[&str] = &["me", "te", "se", "nous", "vous", "m'", "t'", "s'"];

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Element {
    /// This word (its match key), or its elided or contracted form.
    Word(String),
    /// Any form of this lemma (match key).
    Lemma(String),
    /// Any reflexive pronoun.
    Reflexive,
}

/// An expression of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    /// Dictionary form, as the glossary shows it.
    pub term: String,
    pub pos: Pos,
    pub gender: Option<Gender>,
    /// English meaning, in our words.
    pub en: String,
    /// Learners at this level or above know it already.
    pub level: Option<Level>,
    pattern: Vec<Element>,
}

impl Expression {
    /// Whether the expression is a verb idiom: only those may have other
    /// words inside them (`ne se rend pas compte`); a noun phrase with an
    /// inflecting word (`<régime> <autoritaire>`) is still written as one.
    fn is_verb_idiom(&self) -> bool {
        self.pos == Pos::Expression && self.pattern.iter().any(|e| matches!(e, Element::Lemma(_)))
    }
}

/// The expressions `new` looks for.
#[derive(Debug, Clone, Default)]
pub struct ExpressionList {
    pub items: Vec<Expression>,
}

/// A problem in an expression list, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListError {
    pub line: usize,
    pub message: String,
}

impl ExpressionList {
    /// The built-in list. It is ours and tested; a bad line would be skipped.
    pub fn builtin() -> Self {
        ExpressionList::parse(BUILTIN).0
    }

    /// Reads lines `PATTERN [= TERM] | POS [GENDER] | ENGLISH`; `#` starts
    /// a comment. Returns the expressions read and the lines refused.
    pub fn parse(source: &str) -> (Self, Vec<ListError>) {
        let (items, errors) = parse_list(source, parse_line);
        (ExpressionList { items }, errors)
    }
}

/// Reads a list shipped in `data/`: one item per line, `#` starts a
/// comment, blank lines skipped. Returns the items read and the lines
/// refused, with why.
pub(super) fn parse_list<T>(
    source: &str,
    parse_line: impl Fn(&str) -> Result<T, String>,
) -> (Vec<T>, Vec<ListError>) {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match parse_line(line) {
            Ok(item) => items.push(item),
            Err(message) => errors.push(ListError {
                line: n + 1,
                message,
            }),
        }
    }
    (items, errors)
}

fn parse_line(line: &str) -> Result<Expression, String> {
    let fields: Vec<&str> = line.split('|').map(str::trim).collect();
    let [head, kind, en] = fields[..] else {
        return Err("expected PATTERN | POS | ENGLISH".into());
    };
    let (pattern_text, term) = match head.split_once('=') {
        Some((p, t)) => (p.trim(), t.trim().to_string()),
        None => (head, head.replace(['<', '>'], "")),
    };
    let mut kind_words = kind.split_whitespace();
    let pos_name = kind_words.next().ok_or("missing part of speech")?;
    let pos = Pos::ALL
        .into_iter()
        .find(|p| p.name() == pos_name)
        .ok_or_else(|| format!("unknown part of speech \"{pos_name}\""))?;
    let mut gender = None;
    let mut level = None;
    for word in kind_words {
        match word {
            "m" => gender = Some(Gender::Masculine),
            "f" => gender = Some(Gender::Feminine),
            "mf" => gender = Some(Gender::Both),
            other => match other.parse::<Level>() {
                Ok(l) => level = Some(l),
                Err(_) => return Err(format!("unknown gender or level \"{other}\"")),
            },
        }
    }
    if pos == Pos::Noun && gender.is_none() {
        return Err("a noun phrase needs its gender".into());
    }
    if en.is_empty() || term.is_empty() {
        return Err("empty term or meaning".into());
    }
    let pattern = parse_pattern(pattern_text)?;
    if pattern.len() < 2 {
        return Err("an expression has at least two words".into());
    }
    Ok(Expression {
        term,
        pos,
        gender,
        en: en.to_string(),
        level,
        pattern,
    })
}

fn parse_pattern(text: &str) -> Result<Vec<Element>, String> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let (literal, lemma) = match word.find('<') {
            Some(i) => {
                let inner = word[i + 1..]
                    .strip_suffix('>')
                    .ok_or_else(|| format!("unclosed <…> in \"{word}\""))?;
                (&word[..i], Some(inner))
            }
            None => (word, None),
        };
        if literal.ends_with(['\'', '’']) && !literal.contains(char::is_whitespace) {
            // An elided word on its own: `s'<agir>`, `qu' <avoir>`.
            out.push(Element::Word(match_key(literal)));
        } else {
            push_literal(literal, &mut out)?;
        }
        if let Some(lemma) = lemma {
            out.push(Element::Lemma(match_key(lemma)));
        }
    }
    let inflects = out.iter().any(|e| matches!(e, Element::Lemma(_)));
    if inflects {
        for e in &mut out {
            if matches!(e, Element::Word(w) if w == "se" || w == "s'") {
                *e = Element::Reflexive;
            }
        }
    }
    Ok(out)
}

fn push_literal(literal: &str, out: &mut Vec<Element>) -> Result<(), String> {
    for t in tokenize(literal) {
        if t.is_wordlike() {
            out.push(Element::Word(match_key(t.text(literal))));
        } else if !matches!(t.kind, TokenKind::Space) {
            return Err(format!("unexpected \"{}\" in the pattern", t.text(literal)));
        }
    }
    Ok(())
}

/// Where an expression occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Index in the list.
    pub expression: usize,
    /// Indices of the text's tokens, first to last matched.
    pub tokens: Range<usize>,
    /// Bytes of the text.
    pub range: Range<usize>,
    /// Words of the text inside the match that are not the expression's
    /// and not mere fillers (`ne`, `pas`, `bien`, adverbs in -ment): the
    /// fewer, the surer the match.
    pub gaps: usize,
}

/// A word of the text as the matcher sees it.
struct Word {
    token: usize,
    key: String,
    /// Lemmas of its readings (match keys).
    lemmas: Vec<String>,
    /// Whether a punctuation mark or line break comes right before it.
    after_break: bool,
}

/// Finds every expression of `list` in `text`, in text order, at most one
/// per word of the text.
pub fn find(
    list: &ExpressionList,
    text: &str,
    tokens: &[Token],
    morph: &dyn Morphology,
) -> Vec<Found> {
    let words = words(text, tokens, morph);
    let mut found = Vec::new();
    for (e, expr) in list.items.iter().enumerate() {
        let mut i = 0;
        while i < words.len() {
            match match_at(expr, &words, i) {
                Some((end, loose)) => {
                    let start = extend_to_auxiliary(expr, &words, i);
                    let first = words[start].token;
                    let last = words[end].token;
                    found.push(Found {
                        expression: e,
                        tokens: first..last + 1,
                        range: tokens[first].start()..tokens[last].end(),
                        gaps: loose,
                    });
                    i = end + 1;
                }
                None => i += 1,
            }
        }
    }
    // Where matches overlap, the tightest wins, then the longest
    // expression: `être tenu responsable` over `être tenu de` in `seront
    // tenus responsables de`, `se mettre d'accord` over `d'accord`.
    found.sort_by_key(|f| {
        (
            f.gaps,
            std::cmp::Reverse(list.items[f.expression].pattern.len()),
            f.tokens.start,
            f.expression,
        )
    });
    let mut kept: Vec<Found> = Vec::new();
    for f in found {
        let overlaps = kept
            .iter()
            .any(|k| k.tokens.start < f.tokens.end && f.tokens.start < k.tokens.end);
        if !overlaps {
            kept.push(f);
        }
    }
    kept.sort_by_key(|f| (f.tokens.start, f.tokens.end, f.expression));
    kept
}

fn words(text: &str, tokens: &[Token], morph: &dyn Morphology) -> Vec<Word> {
    let mut out = Vec::new();
    let mut after_break = true;
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            TokenKind::Space => {}
            TokenKind::Word | TokenKind::Elision | TokenKind::Number => {
                let surface = t.text(text);
                let lemmas = if t.kind == TokenKind::Word {
                    morph
                        .readings(surface)
                        .into_iter()
                        .map(|r| match_key(&r.lemma))
                        .collect()
                } else {
                    Vec::new()
                };
                out.push(Word {
                    token: i,
                    key: match_key(surface),
                    lemmas,
                    after_break,
                });
                after_break = false;
            }
            _ => after_break = true,
        }
    }
    out
}

/// Whether the text word `key` is the pattern word `w`, elided, or (if
/// `last`, a preposition before a noun) contracted with an article.
fn word_matches(w: &str, key: &str, last: bool) -> bool {
    if w == key {
        return true;
    }
    if let Some(stem) = key.strip_suffix('\'') {
        // l' = le/la, qu' = que, s' = se/si, jusqu' = jusque.
        if let Some(rest) = w.strip_prefix(stem)
            && matches!(rest, "e" | "a" | "i")
        {
            return true;
        }
    }
    last && matches!((w, key), ("à", "au" | "aux") | ("de", "du" | "des"))
}

fn element_matches(e: &Element, word: &Word, last: bool) -> bool {
    match e {
        Element::Word(w) => word_matches(w, &word.key, last),
        Element::Lemma(l) => &word.key == l || word.lemmas.iter().any(|x| x == l),
        Element::Reflexive => REFLEXIVES.contains(&word.key.as_str()),
    }
}

fn is_small(word: &Word) -> bool {
    SMALL_WORDS.contains(&word.key.as_str()) || AUXILIARIES.contains(&word.key.as_str())
}

/// Matches `expr` with its first word at `words[start]`; returns the index
/// of the last matched word and how many words in between were neither
/// small words nor adverbs (see [`is_filler`]).
fn match_at(expr: &Expression, words: &[Word], start: usize) -> Option<(usize, usize)> {
    let first = expr.pattern.first()?;
    if !element_matches(first, words.get(start)?, expr.pattern.len() == 1) {
        return None;
    }
    match_rest(expr, words, 1, start)
}

/// Words that sit inside an idiom without loosening it: small words and
/// adverbs in -ment (`peut être personnellement tenu responsable` is as
/// tight as `peut être tenu responsable`).
fn is_filler(word: &Word) -> bool {
    is_small(word) || (word.key.ends_with("ment") && word.key.chars().count() >= 7)
}

/// Matches pattern elements from `k` on, the previous one at `words[at]`.
fn match_rest(expr: &Expression, words: &[Word], k: usize, at: usize) -> Option<(usize, usize)> {
    let Some(element) = expr.pattern.get(k) else {
        return Some((at, 0));
    };
    let (max_gap, any_word) = if !expr.is_verb_idiom() {
        (0, false)
    } else {
        match &expr.pattern[k - 1] {
            Element::Reflexive => (MAX_GAP_AFTER_PRONOUN, false),
            Element::Lemma(_) => (MAX_GAP_AFTER_VERB, true),
            Element::Word(_) => (MAX_GAP_OTHER, false),
        }
    };
    let mut loose = 0;
    for gap in 0..=max_gap {
        let next = at + 1 + gap;
        let word = words.get(next)?;
        if word.after_break {
            return None;
        }
        if element_matches(element, word, k + 1 == expr.pattern.len())
            && let Some((end, inner)) = match_rest(expr, words, k + 1, next)
        {
            return Some((end, loose + inner));
        }
        if !(any_word || is_small(word)) {
            return None;
        }
        if !is_filler(word) {
            loose += 1;
        }
    }
    None
}

/// Where an occurrence starting with an inflected verb really starts: at
/// its auxiliaries, if a compound tense or a passive (`a eu lieu`,
/// `n'a pas eu lieu`, `ont été mises en place`).
fn extend_to_auxiliary(expr: &Expression, words: &[Word], start: usize) -> usize {
    let Some(Element::Lemma(lemma)) = expr.pattern.first() else {
        return start;
    };
    if &words[start].key == lemma {
        return start;
    }
    let mut begin = start;
    let mut i = start;
    let mut skipped = 0;
    while i > 0 && !words[i].after_break && skipped <= 2 {
        i -= 1;
        let key = words[i].key.as_str();
        if AUXILIARIES.contains(&key) {
            begin = i;
            skipped = 0;
        } else if SMALL_WORDS.contains(&key) {
            skipped += 1;
        } else {
            break;
        }
    }
    begin
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::author::morphology::{FormTable, NoMorphology};

    fn list(lines: &str) -> ExpressionList {
        let (list, errors) = ExpressionList::parse(lines);
        assert!(errors.is_empty(), "{errors:?}");
        list
    }

    fn lexicon() -> FormTable {
        let mut t = FormTable::new();
        t.word(
            "rendre",
            Pos::Verb,
            None,
            &["rendu", "rend", "rendons", "rendue"],
        );
        t.word("avoir", Pos::Verb, None, &["a", "eu", "avait", "aura"]);
        t.word("mettre", Pos::Verb, None, &["mis", "mises", "met"]);
        t.word("être", Pos::Verb, None, &["est", "sommes", "été"]);
        t
    }

    fn found(list: &ExpressionList, text: &str, morph: &dyn Morphology) -> Vec<String> {
        let tokens = tokenize(text);
        find(list, text, &tokens, morph)
            .into_iter()
            .map(|f| format!("{}: {}", list.items[f.expression].term, &text[f.range]))
            .collect()
    }

    #[test]
    fn the_builtin_list_reads_without_errors() {
        let (list, errors) = ExpressionList::parse(BUILTIN);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(list.items.len() >= 250, "{}", list.items.len());
        let mut terms: Vec<&str> = list.items.iter().map(|e| e.term.as_str()).collect();
        terms.sort_unstable();
        let before = terms.len();
        terms.dedup();
        assert_eq!(before, terms.len(), "a term is listed twice");
    }

    #[test]
    fn refuses_bad_lines() {
        let (_, errors) =
            ExpressionList::parse("a b | noun | x\n<a b | expression | x\nmot | verb | x\n");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 3]);
    }

    #[test]
    fn reflexive_idioms_in_compound_tenses() {
        let l = list("se <rendre> compte | expression | to realise\n");
        let lex = lexicon();
        assert_eq!(
            found(&l, "Elle s’est rendu compte de tout.", &lex),
            ["se rendre compte: s’est rendu compte"]
        );
        assert_eq!(
            found(
                &l,
                "Nous nous sommes rendu compte, puis il ne se rend pas compte.",
                &lex
            ),
            [
                "se rendre compte: nous sommes rendu compte",
                "se rendre compte: se rend pas compte"
            ]
        );
        // Without a lexicon only the infinitive is found.
        assert_eq!(
            found(
                &l,
                "Se rendre compte. Il s'est rendu compte.",
                &NoMorphology
            ),
            ["se rendre compte: Se rendre compte"]
        );
    }

    #[test]
    fn compound_tenses_keep_their_auxiliary() {
        let l = list(
            "<avoir> lieu | expression | to take place\n<mettre> en place | expression | to set up\n",
        );
        let lex = lexicon();
        assert_eq!(
            found(
                &l,
                "La fête n'a pas eu lieu. Les règles mises en place.",
                &lex
            ),
            [
                "avoir lieu: a pas eu lieu",
                "mettre en place: mises en place"
            ]
        );
        assert_eq!(
            found(&l, "On met ces deux règles en place.", &lex),
            ["mettre en place: met ces deux règles en place"]
        );
    }

    #[test]
    fn fixed_phrases_are_exact_but_elide_and_contract() {
        let l = list(
            "en revanche | adverb | on the other hand\nau lieu de | preposition | instead of\nfaire face à | expression | to face\n",
        );
        let text = "En revanche, au lieu d’attendre, il faut faire face au danger. En, revanche.";
        assert_eq!(
            found(&l, text, &NoMorphology),
            [
                "en revanche: En revanche",
                "au lieu de: au lieu d’",
                "faire face à: faire face au"
            ]
        );
    }

    #[test]
    fn a_shorter_expression_inside_a_longer_one_is_dropped() {
        let l = list(
            "<mettre> d'accord | expression | to reconcile\nse <mettre> d'accord | expression | to agree\n",
        );
        assert_eq!(
            found(&l, "Ils veulent se mettre d'accord.", &lexicon()),
            ["se mettre d'accord: se mettre d'accord"]
        );
    }

    #[test]
    fn an_adverb_inside_the_longer_idiom_does_not_make_it_lose() {
        let l = list(
            "<tenir> <responsable> = tenir responsable | expression | to hold responsible\n\
             <être> <tenir> <responsable> = être tenu responsable | expression | to be held responsible\n",
        );
        let mut morph = lexicon();
        morph.word("tenir", Pos::Verb, None, &["tenu", "tenus"]);
        morph.word("responsable", Pos::Adjective, None, &["responsables"]);
        for text in [
            "Il peut être personnellement tenu responsable de tout.",
            "Il peut être tenu responsable de tout.",
        ] {
            let got = found(&l, text, &morph);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert!(got[0].starts_with("être tenu responsable: être"), "{got:?}");
        }
        // A noun in between is not a filler: the tighter match wins.
        assert_eq!(
            found(&l, "Il veut être juge tenu responsable.", &morph),
            ["tenir responsable: tenu responsable"]
        );
    }

    #[test]
    fn matches_stop_at_punctuation_and_line_breaks() {
        let l = list("<avoir> lieu | expression | to take place\n");
        assert!(found(&l, "avoir\nlieu", &lexicon()).is_empty());
        assert!(found(&l, "avoir, lieu", &lexicon()).is_empty());
    }
}
