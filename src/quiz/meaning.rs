//! Grading short comprehension answers on what they say, not how they are
//! typed.
//!
//! A learner answers « Pendant combien de temps… ? » with « Il a été
//! interrogé pendant 4 jours. », « quatre jours » or « 4 jours »: all say the
//! same thing. So an answer is compared word by word after normalising case,
//! punctuation, apostrophes, spaces and accents; articles never count, a
//! preposition in front of the accepted answer is optional, numbers are the
//! same in digits and in words, and an answer that *contains* an accepted
//! answer as whole words is right (a full sentence works). Containment would
//! also accept « aucun innovateur » where « les innovateurs » is meant, so a
//! question lists `reject` phrases that make an answer wrong whatever else
//! it contains. Missing accents are pointed out, and one slip in a long word
//! is right but noted, as in the vocabulary quiz.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::pack::{Question, Str};
use crate::quiz::grade::{TYPO_MIN_LETTERS, single_edit};

/// What a short answer is worth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meaning {
    /// It says what an accepted answer says.
    Right,
    /// Right, but accents are missing or wrong; `marks` are the char
    /// positions in `accepted` to point at.
    AccentsOff { accepted: String, marks: Vec<usize> },
    /// Right but for one slip in a long word; `marks` as above.
    Slip { accepted: String, marks: Vec<usize> },
    /// It contains a phrase the question rejects (a negation that turns the
    /// right answer into its opposite).
    Rejected { phrase: String },
    /// It contains no accepted answer.
    Wrong,
}

impl Meaning {
    /// Whether the answer counts as right (possibly with a remark).
    pub fn is_right(&self) -> bool {
        matches!(
            self,
            Meaning::Right | Meaning::AccentsOff { .. } | Meaning::Slip { .. }
        )
    }

    fn rank(&self) -> u8 {
        match self {
            Meaning::Right => 3,
            Meaning::AccentsOff { .. } => 2,
            Meaning::Slip { .. } => 1,
            Meaning::Rejected { .. } | Meaning::Wrong => 0,
        }
    }
}

/// Grades a typed answer to a short question against its accepted answers,
/// its model answer and its reject phrases.
pub fn grade_short(input: &str, question: &Question) -> Meaning {
    let accepted: Vec<&str> = question
        .accept
        .iter()
        .chain(question.model.as_ref())
        .map(Str::as_str)
        .collect();
    let reject: Vec<&str> = question.reject.iter().map(Str::as_str).collect();
    grade_answer(input, &accepted, &reject)
}

/// [`grade_short`] on plain lists.
pub fn grade_answer(input: &str, accepted: &[&str], reject: &[&str]) -> Meaning {
    let said = Words::of(input);
    if said.words.is_empty() {
        return Meaning::Wrong;
    }
    for phrase in reject {
        let words = Words::of(phrase);
        if !words.words.is_empty() && best_window(&said, &words.words).is_some() {
            return Meaning::Rejected {
                phrase: words.display,
            };
        }
    }
    let mut best = Meaning::Wrong;
    for answer in accepted {
        let answer = Words::of(answer);
        let core = without_leading_preposition(&answer.words);
        if core.is_empty() {
            continue;
        }
        let Some(found) = best_window(&said, core) else {
            continue;
        };
        let verdict = match found {
            Fit::Exact => Meaning::Right,
            Fit::Accents(marks) => Meaning::AccentsOff {
                accepted: answer.display.clone(),
                marks,
            },
            Fit::Slip(marks) => Meaning::Slip {
                accepted: answer.display.clone(),
                marks,
            },
        };
        if verdict.rank() > best.rank() {
            best = verdict;
        }
        if best == Meaning::Right {
            break;
        }
    }
    if best == Meaning::Right {
        // The answer holds an accepted one; its other words may still miss
        // accents that an accepted answer shows (« Dubai » for « Dubaï »).
        if let Some(remark) = accents_elsewhere(&said, accepted) {
            return remark;
        }
    }
    best
}

/// Words this short are not checked for accents outside the accepted
/// answer: `a`/`à`, `ou`/`où`, `sur`/`sûr` are different words.
const ACCENT_CHECK_MIN_LETTERS: usize = 4;

/// The learner's own answer with the accents of accepted answers put back
/// on words that lack them, and those letters marked.
fn accents_elsewhere(said: &Words, accepted: &[&str]) -> Option<Meaning> {
    let known: Vec<Word> = accepted
        .iter()
        .flat_map(|a| Words::of(a).words)
        .filter(|w| w.folded.chars().count() >= ACCENT_CHECK_MIN_LETTERS)
        .collect();
    let mut chars: Vec<char> = said.display.chars().collect();
    let mut marks = Vec::new();
    for g in &said.words {
        let Some(positions) = &g.positions else {
            continue;
        };
        if known.iter().any(|w| w.text == g.text) {
            continue;
        }
        let Some(w) = known.iter().find(|w| w.folded == g.folded) else {
            continue;
        };
        let right: Vec<char> = w.text.chars().collect();
        let typed: Vec<char> = g.text.chars().collect();
        if right.len() != typed.len() || positions.len() != typed.len() {
            continue;
        }
        for ((r, t), &p) in right.iter().zip(&typed).zip(positions) {
            if r != t
                && let Some(c) = chars.get_mut(p)
            {
                *c = if c.is_uppercase() {
                    r.to_uppercase().next().unwrap_or(*r)
                } else {
                    *r
                };
                marks.push(p);
            }
        }
    }
    (!marks.is_empty()).then(|| Meaning::AccentsOff {
        accepted: chars.into_iter().collect(),
        marks,
    })
}

/// Whether `text` contains `phrase` as whole words, by the same rules as
/// answers (case, accents, articles and number spelling aside; one slip in a
/// long word allowed).
pub fn contains_phrase(text: &str, phrase: &str) -> bool {
    let phrase = Words::of(phrase);
    !phrase.words.is_empty() && best_window(&Words::of(text), &phrase.words).is_some()
}

/// One word of an answer after normalisation.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    /// Lowercase, NFC, accents kept: what accents are checked against.
    text: String,
    /// `text` without accents, œ as oe: what words are compared by.
    folded: String,
    /// Char position in the display string of each char of `text`, or
    /// `None` for a word rewritten by normalisation (a number, `du` → `de`).
    positions: Option<Vec<usize>>,
}

/// An answer as words, with the display string positions refer to.
struct Words {
    display: String,
    words: Vec<Word>,
}

/// Elided words, by what they stand for (`l'` is an article, `d'` is `de`).
fn unelide(stem: &str) -> Option<&'static str> {
    Some(match stem {
        "l" => "le",
        "d" => "de",
        "qu" => "que",
        "n" => "ne",
        "s" => "se",
        "j" => "je",
        "m" => "me",
        "t" => "te",
        "c" => "ce",
        "lorsqu" => "lorsque",
        "puisqu" => "puisque",
        "jusqu" => "jusque",
        "quoiqu" => "quoique",
        _ => return None,
    })
}

const ARTICLES: [&str; 4] = ["le", "la", "les", "une"];

/// Contractions and partitives, as the preposition they contain.
fn contraction(word: &str) -> Option<&'static str> {
    Some(match word {
        "du" | "des" => "de",
        "au" | "aux" => "à",
        _ => return None,
    })
}

/// Prepositions an accepted answer may start with while the learner leaves
/// them out (« au consulat » / « le consulat »).
const PREPOSITIONS: [&str; 18] = [
    "à", "de", "en", "par", "pour", "avec", "sur", "dans", "chez", "pendant", "contre", "vers",
    "depuis", "sous", "entre", "après", "avant", "durant",
];

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´')
}

fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        match c {
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            c if is_combining_mark(c) => {}
            c => out.push(c),
        }
    }
    out
}

impl Words {
    fn of(s: &str) -> Words {
        let display: String = {
            let nfc: String = s.nfc().collect();
            nfc.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let raw = raw_words(&display);
        let numbered = read_numbers(raw);
        let words = numbered
            .into_iter()
            .filter(|w| !ARTICLES.contains(&w.text.as_str()) && w.text != "un")
            .collect();
        Words { display, words }
    }
}

fn word(text: String, positions: Option<Vec<usize>>) -> Word {
    Word {
        folded: fold(&text),
        text,
        positions,
    }
}

/// Splits a display string into lowercase words: letters (with their
/// accents) or digits; apostrophes end an elided word, every other sign
/// separates. Acronyms written with dots or hyphens (`P.-D.G.`) are one word.
fn raw_words(display: &str) -> Vec<Word> {
    let chars: Vec<char> = display.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some(end) = dotted_acronym(&chars, i) {
            let letters: Vec<(usize, char)> = (i..end)
                .filter(|&k| chars[k].is_alphabetic())
                .map(|k| (k, chars[k]))
                .collect();
            let mut text = String::new();
            let mut positions = Vec::new();
            for (k, c) in letters {
                for l in c.to_lowercase() {
                    text.push(l);
                    positions.push(k);
                }
            }
            out.push(word(text, Some(positions)));
            i = end;
            continue;
        }
        let c = chars[i];
        if !(c.is_alphabetic() || c.is_ascii_digit()) {
            i += 1;
            continue;
        }
        let digits = c.is_ascii_digit();
        let start = i;
        while i < chars.len()
            && (if digits {
                chars[i].is_ascii_digit()
            } else {
                (chars[i].is_alphabetic() || is_combining_mark(chars[i]))
                    && !chars[i].is_ascii_digit()
            })
        {
            i += 1;
        }
        let mut text = String::new();
        let mut positions = Vec::new();
        for (k, c) in chars.iter().enumerate().take(i).skip(start) {
            for l in c.to_lowercase() {
                text.push(l);
                positions.push(k);
            }
        }
        let elided = chars.get(i).is_some_and(|&c| is_apostrophe(c));
        match elided.then(|| unelide(&text)).flatten() {
            Some(full) => out.push(word(full.to_string(), None)),
            None => match contraction(&text) {
                Some(prep) => out.push(word(prep.to_string(), None)),
                None => out.push(word(text, Some(positions))),
            },
        }
    }
    out
}

/// If an acronym like `P.D.G.`, `P.-D.G` or `U.E.` starts at `i` (single
/// letters joined by dots or hyphens, at least one dot, at a word start),
/// where it ends.
fn dotted_acronym(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && chars[i - 1].is_alphanumeric() {
        return None;
    }
    let mut k = i;
    let mut letters = 0;
    let mut dots = 0;
    loop {
        if !chars.get(k).is_some_and(|c| c.is_alphabetic()) {
            break;
        }
        k += 1;
        letters += 1;
        let mut seps = 0;
        while let Some(&c) = chars.get(k) {
            if c == '.' {
                dots += 1;
            } else if c != '-' {
                break;
            }
            k += 1;
            seps += 1;
        }
        if seps == 0 {
            if chars.get(k).is_some_and(|c| c.is_alphanumeric()) {
                return None;
            }
            break;
        }
    }
    (letters >= 2 && dots >= 1).then_some(k)
}

/// The value of a French number word, 0 to 1000.
fn number_word(w: &str) -> Option<u32> {
    Some(match w {
        "zéro" | "zero" => 0,
        "un" | "une" => 1,
        "deux" => 2,
        "trois" => 3,
        "quatre" => 4,
        "cinq" => 5,
        "six" => 6,
        "sept" => 7,
        "huit" => 8,
        "neuf" => 9,
        "dix" => 10,
        "onze" => 11,
        "douze" => 12,
        "treize" => 13,
        "quatorze" => 14,
        "quinze" => 15,
        "seize" => 16,
        "vingt" | "vingts" => 20,
        "trente" => 30,
        "quarante" => 40,
        "cinquante" => 50,
        "soixante" => 60,
        "cent" | "cents" => 100,
        "mille" | "mil" => 1000,
        _ => return None,
    })
}

/// Replaces runs of number words (`quatre`, `vingt et un`,
/// `deux mille vingt-quatre`) by their value in digits. A lone `un`/`une`
/// is left alone: it is far more often an article.
fn read_numbers(words: Vec<Word>) -> Vec<Word> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let starts = number_word(&words[i].text).is_some()
            && !(matches!(words[i].text.as_str(), "un" | "une"));
        if !starts {
            out.push(words[i].clone());
            i += 1;
            continue;
        }
        let (mut total, mut current) = (0u32, 0u32);
        let mut k = i;
        while k < words.len() {
            let w = words[k].text.as_str();
            let value = match number_word(w) {
                Some(v) => v,
                None if w == "et"
                    && words
                        .get(k + 1)
                        .is_some_and(|n| number_word(&n.text).is_some()) =>
                {
                    k += 1;
                    continue;
                }
                None => break,
            };
            match value {
                1000 => {
                    total = total.saturating_add(current.max(1).saturating_mul(1000));
                    current = 0;
                }
                100 => current = current.max(1).saturating_mul(100),
                20 if current % 100 == 4 => current += 76,
                v => current = current.saturating_add(v),
            }
            k += 1;
        }
        out.push(word(total.saturating_add(current).to_string(), None));
        i = k;
    }
    out
}

fn without_leading_preposition(words: &[Word]) -> &[Word] {
    match words.split_first() {
        Some((first, rest)) if !rest.is_empty() && PREPOSITIONS.contains(&first.text.as_str()) => {
            rest
        }
        _ => words,
    }
}

/// How well a run of the answer fits the accepted words.
#[derive(Debug, Clone, PartialEq)]
enum Fit {
    Exact,
    Accents(Vec<usize>),
    Slip(Vec<usize>),
}

impl Fit {
    fn rank(&self) -> u8 {
        match self {
            Fit::Exact => 2,
            Fit::Accents(_) => 1,
            Fit::Slip(_) => 0,
        }
    }
}

/// The best fit of `wanted` over every run of `said` as long as it.
fn best_window(said: &Words, wanted: &[Word]) -> Option<Fit> {
    let mut best: Option<Fit> = None;
    for run in said.words.windows(wanted.len()) {
        if let Some(fit) = fit(run, wanted)
            && best.as_ref().is_none_or(|b| fit.rank() > b.rank())
        {
            best = Some(fit);
            if best == Some(Fit::Exact) {
                break;
            }
        }
    }
    best
}

/// Word by word: accents may differ anywhere, and one word of
/// [`TYPO_MIN_LETTERS`] or more may hold one slip.
fn fit(got: &[Word], want: &[Word]) -> Option<Fit> {
    let mut accents = Vec::new();
    let mut slip: Option<Vec<usize>> = None;
    for (g, w) in got.iter().zip(want) {
        if g.text == w.text {
            continue;
        }
        if g.folded == w.folded {
            accents.extend(accent_marks(g, w));
            continue;
        }
        if slip.is_some() || w.folded.chars().count() < TYPO_MIN_LETTERS {
            return None;
        }
        let a: Vec<char> = w.folded.chars().collect();
        let b: Vec<char> = g.folded.chars().collect();
        single_edit(&a, &b)?;
        slip = Some(word_marks(w, &a, &b));
    }
    Some(match (slip, accents.is_empty()) {
        (Some(mut marks), _) => {
            marks.extend(accents);
            marks.sort_unstable();
            marks.dedup();
            Fit::Slip(marks)
        }
        (None, true) => Fit::Exact,
        (None, false) => Fit::Accents(accents),
    })
}

/// Positions of the accepted word's chars whose accents the learner missed.
fn accent_marks(got: &Word, want: &Word) -> Vec<usize> {
    let Some(positions) = &want.positions else {
        return Vec::new();
    };
    let g: Vec<char> = got.text.chars().collect();
    let w: Vec<char> = want.text.chars().collect();
    if g.len() != w.len() {
        // A ligature typed as two letters (cœur / coeur): point at the word.
        return positions.first().copied().into_iter().collect();
    }
    let mut marks: Vec<usize> = w
        .iter()
        .zip(&g)
        .zip(positions)
        .filter(|((a, b), _)| a != b)
        .map(|(_, &p)| p)
        .collect();
    marks.dedup();
    marks
}

/// Where a slip sits in the accepted word, for pointing at it.
fn word_marks(want: &Word, a: &[char], b: &[char]) -> Vec<usize> {
    let Some(positions) = &want.positions else {
        return Vec::new();
    };
    let edited = single_edit(a, b).unwrap_or_default();
    if a.len() != positions.len() {
        return positions.first().copied().into_iter().collect();
    }
    let mut marks: Vec<usize> = edited
        .iter()
        .filter_map(|&k| positions.get(k).copied())
        .collect();
    marks.dedup();
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(input: &str, accepted: &[&str], reject: &[&str]) -> Meaning {
        grade_answer(input, accepted, reject)
    }

    fn right(input: &str, accepted: &[&str]) -> bool {
        judge(input, accepted, &[]) == Meaning::Right
    }

    #[test]
    fn case_punctuation_spaces_and_apostrophes_do_not_count() {
        let accepted = ["l'État de droit"];
        assert!(right("L’ÉTAT DE DROIT.", &accepted));
        assert!(right("  l' État   de droit !", &accepted));
        assert!(right("« l’État de droit »", &accepted));
        assert!(right("l'e\u{301}tat de droit", &accepted), "NFD input");
        assert!(!right("le droit", &accepted));
    }

    #[test]
    fn missing_accents_are_right_and_pointed_out() {
        assert_eq!(
            judge("le regulateur", &["le régulateur"], &[]),
            Meaning::AccentsOff {
                accepted: "le régulateur".into(),
                marks: vec![4]
            }
        );
        assert_eq!(
            judge(
                "au consulat de France a Dubai",
                &["au consulat de France à Dubaï"],
                &[]
            ),
            Meaning::AccentsOff {
                accepted: "au consulat de France à Dubaï".into(),
                marks: vec![22, 28]
            }
        );
        assert!(judge("confidentialite", &["confidentialité"], &[]).is_right());
        // accents missed outside the part that makes the answer right
        assert_eq!(
            judge(
                "au consulat de France a Dubai",
                &["consulat", "Au consulat de France à Dubaï."],
                &[]
            ),
            Meaning::AccentsOff {
                accepted: "au consulat de France a Dubaï".into(),
                marks: vec![28]
            }
        );
        assert_eq!(
            judge(
                "Consulat francais, DUBAI",
                &["consulat", "consulat français", "Dubaï"],
                &[]
            ),
            Meaning::AccentsOff {
                accepted: "Consulat français, DUBAÏ".into(),
                marks: vec![13, 23]
            }
        );
        // « a » for « à » is another word, not a missing accent
        assert_eq!(
            judge(
                "Il a été invité au consulat",
                &["consulat", "au consulat à Dubaï"],
                &[]
            ),
            Meaning::Right
        );
        // œ typed as oe
        assert!(matches!(
            judge("mise en oeuvre", &["mise en œuvre"], &[]),
            Meaning::AccentsOff { .. }
        ));
    }

    #[test]
    fn articles_and_a_leading_preposition_are_optional() {
        assert!(right("régulateurs", &["avec les régulateurs"]));
        assert!(right("avec les régulateurs", &["régulateurs"]));
        assert!(right("les régulateurs", &["avec les régulateurs"]));
        assert!(right("le consulat", &["au consulat"]));
        assert!(right("du consulat", &["au consulat"]));
        assert!(right("des réponses", &["réponses"]));
        assert!(right("une réponse", &["de réponse"]));
        assert!(right("l'innovateur", &["innovateur"]));
        assert!(right("les forces de l’ordre", &["forces de ordre"]));
        // the preposition is optional only in front
        assert!(!right("consulat France", &["consulat de France"]));
    }

    #[test]
    fn a_sentence_containing_an_accepted_answer_is_right() {
        assert!(right("Il a été interrogé pendant 4 jours.", &["4 jours"]));
        assert!(right(
            "Ils n'ont pas reçu de réponses de Telegram.",
            &["réponses"]
        ));
        assert!(right(
            "Il était souvent invité au consulat français de Dubaï.",
            &["consulat"]
        ));
        // whole words only
        assert!(!right("Il a été interrogé 4 joursss", &["4 jours"]));
        assert!(!right("consulats", &["consul"]));
        assert!(!right("réponsesTelegram", &["réponses"]));
    }

    #[test]
    fn a_reject_phrase_makes_the_answer_wrong() {
        let accepted = ["innovateurs", "innovateur"];
        assert_eq!(
            judge("aucun innovateur", &accepted, &["aucun innovateur"]),
            Meaning::Rejected {
                phrase: "aucun innovateur".into()
            }
        );
        assert_eq!(
            judge("Aucun innovateur ne créera jamais", &accepted, &["aucun"]),
            Meaning::Rejected {
                phrase: "aucun".into()
            }
        );
        // negation flips the meaning: « pas » rejected
        assert!(matches!(
            judge(
                "Il n'est pas facile de trouver l'équilibre",
                &["facile"],
                &["pas"]
            ),
            Meaning::Rejected { .. }
        ));
        assert!(judge("C'est facile", &["facile"], &["pas"]).is_right());
        assert!(judge("les innovateurs", &accepted, &["aucun innovateur"]).is_right());
        // a slip does not get a negation past the rule
        assert!(matches!(
            judge("aucun inovateur", &accepted, &["aucun innovateur"]),
            Meaning::Rejected { .. }
        ));
        // accents and case do not either
        assert!(matches!(
            judge("JAMAIS", &["toujours", "jamais de la vie"], &["jamais"]),
            Meaning::Rejected { .. }
        ));
    }

    #[test]
    fn numbers_match_in_digits_and_words() {
        for input in [
            "4",
            "quatre",
            "4 jours",
            "quatre jours",
            "Pendant QUATRE jours.",
        ] {
            assert!(right(input, &["4 jours", "4"]), "{input}");
        }
        assert!(right("pendant 4 jours", &["quatre jours"]));
        assert!(right("trois raisons", &["3"]));
        assert!(right("vingt et un", &["21"]));
        assert!(right("soixante-dix", &["70"]));
        assert!(right("soixante et onze", &["71"]));
        assert!(right("quatre-vingts", &["80"]));
        assert!(right("quatre-vingt-dix-neuf", &["99"]));
        assert!(right("dix-sept", &["17"]));
        assert!(right("cent", &["100"]));
        assert!(right("en deux mille vingt-quatre", &["2024"]));
        assert!(right("en 2024", &["deux mille vingt-quatre"]));
        assert!(right("mille neuf cent quatre-vingt-dix-neuf", &["1999"]));
        assert!(!right("cinq jours", &["4 jours"]));
        assert!(!right("14 jours", &["4 jours"]));
        assert!(!right("quarante jours", &["4 jours"]));
        // a lone « un » is an article, not a number
        assert!(right(
            "un représentant officiel",
            &["représentant officiel"]
        ));
    }

    #[test]
    fn one_slip_in_a_long_word_is_right_but_noted() {
        assert_eq!(
            judge("les regulatuers", &["les régulateurs"], &[]),
            Meaning::Slip {
                accepted: "les régulateurs".into(),
                marks: vec![11, 12]
            }
        );
        assert!(judge("innovateurs", &["innovateur"], &[]).is_right());
        assert!(matches!(
            judge("le consulta", &["consulat"], &[]),
            Meaning::Slip { .. }
        ));
        // short words, or two slips, are wrong
        assert_eq!(judge("4 jour", &["4 jours"], &[]), Meaning::Wrong);
        assert_eq!(judge("lois", &["loi"], &[]), Meaning::Wrong);
        assert_eq!(judge("regulatuer", &["régulateurs"], &[]), Meaning::Wrong);
        assert_eq!(
            judge("conslat fronce", &["consulat de France"], &[]),
            Meaning::Wrong
        );
    }

    #[test]
    fn acronyms_with_dots_or_hyphens() {
        for input in ["PDG", "P.D.G.", "P.-D.G.", "p-d.g", "le P.D.G."] {
            assert!(right(input, &["PDG"]), "{input}");
        }
        assert!(right("U.E.", &["UE"]));
        // hyphenated words are not acronyms
        assert!(!right("e-mail", &["em"]));
        assert!(right("lui-même", &["lui même"]));
    }

    #[test]
    fn empty_and_junk_answers_are_wrong() {
        assert_eq!(judge("", &["4"], &[]), Meaning::Wrong);
        assert_eq!(judge("  ... ", &["4"], &[]), Meaning::Wrong);
        assert_eq!(judge("le", &["le"], &[]), Meaning::Wrong);
        assert_eq!(judge("oui", &[], &[]), Meaning::Wrong);
    }

    proptest::proptest! {
        #[test]
        fn grading_never_panics(input in "\\PC{0,40}", accepted in "\\PC{0,30}", reject in "\\PC{0,10}") {
            let _ = grade_answer(&input, &[&accepted], &[&reject]);
        }

        #[test]
        fn an_accepted_answer_is_right_inside_any_sentence(
            before in "[a-z ]{0,12}", after in "[a-z .!]{0,12}",
        ) {
            let input = format!("{before} au consulat de France à Dubaï {after}");
            proptest::prop_assert!(grade_answer(&input, &["au consulat de France à Dubaï"], &[]).is_right());
        }
    }
}
