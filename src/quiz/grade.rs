//! Grading of typed French answers.
//!
//! Learners type on keyboards without easy accents, in any case, with either
//! apostrophe, so those never decide between right and wrong on their own:
//! an answer that is right but for its accents is shown as right with the
//! accents pointed out, and a single slip of the fingers in a long word is
//! "almost". Both are graded Hard so the scheduler still takes note.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::pack::{Entry, Gender};
use crate::quiz::schedule::Rating;

/// Words this long or longer forgive one typo; shorter words are too easily
/// turned into another word by a single edit.
pub const TYPO_MIN_LETTERS: usize = 6;

/// What a typed answer is worth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Right, up to case, spacing, apostrophes and optional articles.
    Correct,
    /// Right except for accents; `marks` are the char positions in
    /// `expected` whose accents the learner missed or got wrong.
    AccentsOff { expected: String, marks: Vec<usize> },
    /// One typo in a word of [`TYPO_MIN_LETTERS`] or more letters; `marks`
    /// are the char positions in `expected` around the slip.
    Almost { expected: String, marks: Vec<usize> },
    /// The right word with a missing or wrong article, when the gender is
    /// asked: `article` is the one to learn (`le`, `la`, or `un`/`une`
    /// before a vowel, where `l'` would hide the gender).
    ArticleOff { expected: String, article: String },
    /// Anything else.
    Wrong { expected: String },
}

impl Verdict {
    /// The scheduler rating this verdict earns.
    pub fn rating(&self) -> Rating {
        match self {
            Verdict::Correct => Rating::Good,
            Verdict::AccentsOff { .. } | Verdict::Almost { .. } | Verdict::ArticleOff { .. } => {
                Rating::Hard
            }
            Verdict::Wrong { .. } => Rating::Again,
        }
    }

    /// Whether the answer is to be shown as right (possibly with remarks).
    pub fn is_accepted(&self) -> bool {
        matches!(self, Verdict::Correct | Verdict::AccentsOff { .. })
    }

    fn rank(&self) -> u8 {
        match self {
            Verdict::Correct => 4,
            Verdict::AccentsOff { .. } => 3,
            Verdict::ArticleOff { .. } => 2,
            Verdict::Almost { .. } => 1,
            Verdict::Wrong { .. } => 0,
        }
    }
}

/// How strict a production drill is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GradeOptions {
    /// When set, the answer must start with an article showing this gender
    /// (`le`/`un` or `la`/`une`); `l'` and `les` do not show it, so they do
    /// not count. When unset, a leading article is optional.
    pub gender: Option<Gender>,
}

/// Grades `input` against an entry's term and its accepted alternatives.
pub fn grade_entry(input: &str, entry: &Entry, opts: GradeOptions) -> Verdict {
    let accept = entry.accept().iter().map(|s| s.as_str());
    grade_among(input, &entry.term, accept, opts)
}

/// Grades `input` against `expected` and the listed `alternatives`; the best
/// verdict over all of them wins. `Wrong` shows `expected`.
pub fn grade(input: &str, expected: &str, alternatives: &[String], opts: GradeOptions) -> Verdict {
    grade_among(
        input,
        expected,
        alternatives.iter().map(String::as_str),
        opts,
    )
}

/// [`grade`], the alternatives given one by one.
fn grade_among<'a>(
    input: &str,
    expected: &'a str,
    alternatives: impl Iterator<Item = &'a str>,
    opts: GradeOptions,
) -> Verdict {
    let mut best: Option<Verdict> = None;
    for candidate in std::iter::once(expected).chain(alternatives) {
        let verdict = grade_one(input, candidate, opts);
        if best.as_ref().is_none_or(|b| verdict.rank() > b.rank()) {
            best = Some(verdict);
        }
        if best.as_ref().is_some_and(|b| b.rank() == 4) {
            break;
        }
    }
    best.unwrap_or_else(|| Verdict::Wrong {
        expected: display_form(expected, opts),
    })
}

/// One normalised char of an answer, with its char index in the display form.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Unit {
    ch: char,
    pos: usize,
}

/// The article an answer starts with, by what it says about gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Article {
    Masculine,
    Feminine,
    Unmarked,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´')
}

/// NFC with whitespace trimmed and collapsed: what is shown to the learner.
fn display(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lowercased units of a display form, with one apostrophe and no spaces
/// around apostrophes (`l' ordre` is `l'ordre`).
fn units(display: &str) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for (pos, c) in display.chars().enumerate() {
        let c = if is_apostrophe(c) { '\'' } else { c };
        if c == '\'' && out.last().is_some_and(|u| u.ch == ' ') {
            out.pop();
        }
        if c == ' ' && out.last().is_some_and(|u| u.ch == '\'') {
            continue;
        }
        for l in c.to_lowercase() {
            out.push(Unit { ch: l, pos });
        }
    }
    out
}

/// Splits a leading article off, if something is left after it.
fn split_article(units: &[Unit]) -> (Option<Article>, &[Unit]) {
    const ARTICLES: [(&str, Article); 6] = [
        ("l'", Article::Unmarked),
        ("les ", Article::Unmarked),
        ("le ", Article::Masculine),
        ("la ", Article::Feminine),
        ("une ", Article::Feminine),
        ("un ", Article::Masculine),
    ];
    for (text, article) in ARTICLES {
        let n = text.chars().count();
        if units.len() > n && units.iter().zip(text.chars()).all(|(u, c)| u.ch == c) {
            return (Some(article), &units[n..]);
        }
    }
    (None, units)
}

/// A char without its accents; ligatures spelled out, since learners type
/// `oe` for `œ`.
fn fold_char(c: char) -> String {
    match c {
        'œ' => "oe".to_string(),
        'æ' => "ae".to_string(),
        _ => std::iter::once(c)
            .nfd()
            .filter(|d| !is_combining_mark(*d))
            .collect(),
    }
}

/// Accent-free chars, each remembering which unit it came from.
fn fold(units: &[Unit]) -> Vec<(char, usize)> {
    units
        .iter()
        .enumerate()
        .flat_map(|(i, u)| {
            fold_char(u.ch)
                .chars()
                .map(move |c| (c, i))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The form shown for a candidate; with gender asked it carries `un`/`une`,
/// which never elide and so always show the gender.
fn display_form(candidate: &str, opts: GradeOptions) -> String {
    let shown = display(candidate);
    let Some(gender) = opts.gender else {
        return shown;
    };
    let u = units(&shown);
    let (article, rest) = split_article(&u);
    let has_right_article = matches!(
        (gender, article),
        (Gender::Masculine, Some(Article::Masculine))
            | (Gender::Feminine, Some(Article::Feminine))
            | (Gender::Both, Some(Article::Masculine | Article::Feminine))
    );
    if has_right_article {
        return shown;
    }
    let word: String = match rest.first() {
        Some(first) => shown.chars().skip(first.pos).collect(),
        None => shown,
    };
    let prefix = match gender {
        Gender::Masculine => "un",
        Gender::Feminine => "une",
        Gender::Both => "un/une",
    };
    format!("{prefix} {word}")
}

fn grade_one(input: &str, candidate: &str, opts: GradeOptions) -> Verdict {
    let expected = display_form(candidate, opts);
    let wrong = || Verdict::Wrong {
        expected: expected.clone(),
    };
    let input_units = units(&display(input));
    let expected_units = units(&expected);
    let (input_article, got) = split_article(&input_units);
    let (_, want) = split_article(&expected_units);
    if got.is_empty() {
        return wrong();
    }
    if let Some(gender) = opts.gender {
        let ok = matches!(
            (gender, input_article),
            (Gender::Masculine, Some(Article::Masculine))
                | (Gender::Feminine, Some(Article::Feminine))
                | (Gender::Both, Some(Article::Masculine | Article::Feminine))
        );
        if !ok {
            let same_word = fold(got)
                .iter()
                .map(|f| f.0)
                .eq(fold(want).iter().map(|f| f.0));
            return match (same_word, article_for(gender, want)) {
                (true, Some(article)) => {
                    let word: String = match want.first() {
                        Some(first) => expected.chars().skip(first.pos).collect(),
                        None => expected.clone(),
                    };
                    Verdict::ArticleOff {
                        expected: format!("{article} {word}"),
                        article: article.to_string(),
                    }
                }
                _ => wrong(),
            };
        }
    }
    if got.iter().map(|u| u.ch).eq(want.iter().map(|u| u.ch)) {
        return Verdict::Correct;
    }
    let got_folded = fold(got);
    let want_folded = fold(want);
    if got_folded
        .iter()
        .map(|f| f.0)
        .eq(want_folded.iter().map(|f| f.0))
    {
        let marks = accent_marks(got, want, &got_folded, &want_folded);
        return Verdict::AccentsOff { expected, marks };
    }
    let a: Vec<char> = want_folded.iter().map(|f| f.0).collect();
    let b: Vec<char> = got_folded.iter().map(|f| f.0).collect();
    if let Some(edited) = single_edit(&a, &b) {
        let mut marks: Vec<usize> = edited.iter().map(|&k| want[want_folded[k].1].pos).collect();
        marks.dedup();
        let long_enough = marks
            .first()
            .is_some_and(|&p| word_letters_at(&expected, p) >= TYPO_MIN_LETTERS);
        if long_enough {
            return Verdict::Almost { expected, marks };
        }
    }
    wrong()
}

/// The article that shows a noun's gender: `le`/`la`, or `un`/`une` before
/// a vowel or a mute h, where `l'` would hide it.
fn article_for(gender: Gender, word: &[Unit]) -> Option<&'static str> {
    let first = fold_char(word.first()?.ch);
    let elides = first.starts_with(['a', 'e', 'i', 'o', 'u', 'y', 'h']);
    match (gender, elides) {
        (Gender::Masculine, false) => Some("le"),
        (Gender::Masculine, true) => Some("un"),
        (Gender::Feminine, false) => Some("la"),
        (Gender::Feminine, true) => Some("une"),
        (Gender::Both, _) => None,
    }
}

/// Display positions of expected units whose accents differ from the input,
/// given that both fold to the same chars.
fn accent_marks(
    got: &[Unit],
    want: &[Unit],
    got_folded: &[(char, usize)],
    want_folded: &[(char, usize)],
) -> Vec<usize> {
    let mut marks = Vec::new();
    for (wi, w) in want.iter().enumerate() {
        let aligned: Vec<usize> = want_folded
            .iter()
            .zip(got_folded)
            .filter(|(wf, _)| wf.1 == wi)
            .map(|(_, gf)| gf.1)
            .collect();
        let same = match aligned.as_slice() {
            [first, rest @ ..] => {
                rest.iter().all(|g| g == first)
                    && got_folded.iter().filter(|g| g.1 == *first).count() == aligned.len()
                    && got.get(*first).is_some_and(|g| g.ch == w.ch)
            }
            [] => true,
        };
        if !same && marks.last() != Some(&w.pos) {
            marks.push(w.pos);
        }
    }
    marks
}

/// If `b` is `a` with exactly one insertion, deletion, substitution or
/// transposition of neighbours, the indices of `a` involved.
pub(crate) fn single_edit(a: &[char], b: &[char]) -> Option<Vec<usize>> {
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let last = a.len().checked_sub(1)?;
    if a.len() == b.len() {
        if p == a.len() {
            return None;
        }
        if a[p + 1..] == b[p + 1..] {
            return Some(vec![p]);
        }
        if p + 1 < a.len() && a[p] == b[p + 1] && a[p + 1] == b[p] && a[p + 2..] == b[p + 2..] {
            return Some(vec![p, p + 1]);
        }
        None
    } else if b.len() == a.len() + 1 {
        (a[p..] == b[p + 1..]).then(|| vec![p.min(last)])
    } else if a.len() == b.len() + 1 {
        (a[p + 1..] == b[p..]).then(|| vec![p])
    } else {
        None
    }
}

/// Letters in the word of `text` holding char position `pos`.
fn word_letters_at(text: &str, pos: usize) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let is_letter = |c: char| c.is_alphabetic() || is_combining_mark(c);
    if !chars.get(pos).is_some_and(|&c| is_letter(c)) {
        return 0;
    }
    let start = chars[..pos]
        .iter()
        .rposition(|&c| !is_letter(c))
        .map_or(0, |i| i + 1);
    let end = chars[pos..]
        .iter()
        .position(|&c| !is_letter(c))
        .map_or(chars.len(), |i| pos + i);
    end - start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Want {
        Correct,
        Accents(&'static [usize]),
        Almost(&'static [usize]),
        Article(&'static str),
        Wrong,
    }

    #[test]
    fn grading_table() {
        let none = GradeOptions::default();
        let masc = GradeOptions {
            gender: Some(Gender::Masculine),
        };
        let fem = GradeOptions {
            gender: Some(Gender::Feminine),
        };
        #[rustfmt::skip]
        let cases: &[(&str, &str, &[&str], GradeOptions, Want)] = &[
            // exact, case, spacing
            ("état", "état", &[], none, Want::Correct),
            ("ÉTAT", "état", &[], none, Want::Correct),
            ("  état  ", "état", &[], none, Want::Correct),
            ("mise  en   œuvre", "mise en œuvre", &[], none, Want::Correct),
            // NFD input is the same text
            ("e\u{301}tat", "état", &[], none, Want::Correct),
            ("état", "e\u{301}tat", &[], none, Want::Correct),
            // accents
            ("etat", "état", &[], none, Want::Accents(&[0])),
            ("ETAT", "état", &[], none, Want::Accents(&[0])),
            ("élève", "élève", &[], none, Want::Correct),
            ("eleve", "élève", &[], none, Want::Accents(&[0, 2])),
            ("élevé", "élève", &[], none, Want::Accents(&[2, 4])),
            ("coeur", "cœur", &[], none, Want::Accents(&[1])),
            // apostrophes
            ("l’ordre", "l'ordre", &[], none, Want::Correct),
            ("l'ordre", "l’ordre", &[], none, Want::Correct),
            ("l' ordre", "l'ordre", &[], none, Want::Correct),
            ("aujourd'hui", "aujourd’hui", &[], none, Want::Correct),
            // optional articles
            ("ordre", "l'ordre", &[], none, Want::Correct),
            ("l'ordre", "ordre", &[], none, Want::Correct),
            ("menace", "la menace", &[], none, Want::Correct),
            ("la menace", "menace", &[], none, Want::Correct),
            ("une menace", "menace", &[], none, Want::Correct),
            ("les menaces", "menaces", &[], none, Want::Correct),
            // articles when gender is asked
            ("la menace", "menace", &[], fem, Want::Correct),
            ("une menace", "la menace", &[], fem, Want::Correct),
            ("le menace", "menace", &[], fem, Want::Article("la menace")),
            ("soutien", "soutien", &[], masc, Want::Article("le soutien")),
            ("la soutien", "soutien", &[], masc, Want::Article("le soutien")),
            ("une soutein", "soutien", &[], masc, Want::Wrong),
            ("ordre", "l'ordre", &[], masc, Want::Article("un ordre")),
            ("exigence", "exigence", &[], fem, Want::Article("une exigence")),
            ("menace", "la menace", &[], fem, Want::Article("la menace")),
            ("un ordre", "l'ordre", &[], masc, Want::Correct),
            ("l'ordre", "l'ordre", &[], masc, Want::Article("un ordre")),
            ("le ordre", "ordre", &[], masc, Want::Correct),
            // typos: one in a word of 6+ letters is almost
            ("confidentialit", "confidentialité", &[], none, Want::Almost(&[14])),
            ("confidentalité", "confidentialité", &[], none, Want::Almost(&[9])),
            ("confidentiallité", "confidentialité", &[], none, Want::Almost(&[12])),
            ("confidnetialité", "confidentialité", &[], none, Want::Almost(&[6, 7])),
            ("confodentialité", "confidentialité", &[], none, Want::Almost(&[4])),
            ("la confidentalite", "la confidentialité", &[], none, Want::Almost(&[12])),
            // two typos, or a typo in a short word, are wrong
            ("confidentalit", "confidentialité", &[], none, Want::Wrong),
            ("cnofidentalité", "confidentialité", &[], none, Want::Wrong),
            ("ordra", "ordre", &[], none, Want::Wrong),
            ("l'ordra", "l'ordre", &[], none, Want::Wrong),
            ("etta", "état", &[], none, Want::Wrong),
            // alternatives
            ("dispositif", "mécanisme", &["dispositif"], none, Want::Correct),
            ("dispositf", "mécanisme", &["dispositif"], none, Want::Almost(&[8])),
            ("mecanisme", "mécanisme", &["dispositif"], none, Want::Accents(&[1])),
            // nonsense and empty
            ("", "état", &[], none, Want::Wrong),
            ("la", "la menace", &[], none, Want::Wrong),
            ("chien", "chat", &[], none, Want::Wrong),
        ];
        for (input, expected, alts, opts, want) in cases {
            let verdict = grade(input, expected, &strs(alts), *opts);
            let ok = match (&verdict, want) {
                (Verdict::Correct, Want::Correct) | (Verdict::Wrong { .. }, Want::Wrong) => true,
                (Verdict::AccentsOff { marks, .. }, Want::Accents(m))
                | (Verdict::Almost { marks, .. }, Want::Almost(m)) => marks.as_slice() == *m,
                (Verdict::ArticleOff { expected, .. }, Want::Article(e)) => expected == e,
                _ => false,
            };
            assert!(
                ok,
                "{input:?} vs {expected:?}: got {verdict:?}, want {want:?}"
            );
        }
    }

    #[test]
    fn ratings_follow_verdicts() {
        let none = GradeOptions::default();
        assert_eq!(grade("état", "état", &[], none).rating(), Rating::Good);
        assert_eq!(grade("etat", "état", &[], none).rating(), Rating::Hard);
        assert_eq!(
            grade("confidentialit", "confidentialité", &[], none).rating(),
            Rating::Hard
        );
        assert_eq!(grade("chien", "état", &[], none).rating(), Rating::Again);
    }

    #[test]
    fn expected_keeps_the_pack_spelling() {
        let v = grade("etat", "  l’état ", &[], GradeOptions::default());
        assert_eq!(
            v,
            Verdict::AccentsOff {
                expected: "l’état".into(),
                marks: vec![2]
            }
        );
        let v = grade(
            "x",
            "menace",
            &[],
            GradeOptions {
                gender: Some(Gender::Feminine),
            },
        );
        assert_eq!(
            v,
            Verdict::Wrong {
                expected: "une menace".into()
            }
        );
        let v = grade(
            "x",
            "l'ordre",
            &[],
            GradeOptions {
                gender: Some(Gender::Masculine),
            },
        );
        assert_eq!(
            v,
            Verdict::Wrong {
                expected: "un ordre".into()
            }
        );
    }

    proptest::proptest! {
        #[test]
        fn an_answer_matches_itself_in_any_case_and_normal_form(
            word in "[a-zàâçéèêëîïôûùüÿœ' ’-]{1,24}",
        ) {
            let none = GradeOptions::default();
            let shown = display(&word);
            proptest::prop_assume!(!units(&shown).is_empty());
            let nfd: String = word.nfd().collect();
            proptest::prop_assert_eq!(grade(&word, &word, &[], none), Verdict::Correct);
            proptest::prop_assert_eq!(grade(&nfd, &word, &[], none), Verdict::Correct);
            proptest::prop_assert_eq!(grade(&word.to_uppercase(), &word, &[], none), Verdict::Correct);
        }

        #[test]
        fn grading_never_panics(input in "\\PC{0,30}", expected in "\\PC{0,30}") {
            let _ = grade(&input, &expected, &[], GradeOptions::default());
            let _ = grade(&input, &expected, &[], GradeOptions { gender: Some(Gender::Both) });
        }
    }
}
