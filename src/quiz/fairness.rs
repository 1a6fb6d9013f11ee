//! Whether questions test reading rather than guessing: the measures
//! `liseuse check` reports to pack authors and the content tests enforce.
//!
//! A right option that is much longer than the others, or that repeats the
//! text word for word, can be picked without understanding anything; an
//! accepted answer that one of the question's own reject phrases blocks can
//! never be given.

use crate::pack::{Question, QuestionKind, Str};
use crate::quiz::cards::{CardKind, Face, build_card};
use crate::quiz::meaning::contains_phrase;
use crate::text::normalize::fold_key;

/// The right option is reported when it is longer than every other option
/// by more than this share.
pub const STANDOUT_RATIO: f64 = 1.2;

/// An accepted answer (or the model answer) that a reject phrase blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    pub answer: String,
    pub phrase: String,
}

/// Accepted answers of a short question that contain one of its reject
/// phrases, so a learner giving them would be marked wrong.
pub fn blocked_answers(q: &Question) -> Vec<Blocked> {
    if q.kind != QuestionKind::Short {
        return Vec::new();
    }
    q.accept
        .iter()
        .chain(q.model.as_ref())
        .filter_map(|answer| {
            q.reject
                .iter()
                .find(|phrase| contains_phrase(answer, phrase))
                .map(|phrase| Blocked {
                    answer: answer.to_string(),
                    phrase: phrase.to_string(),
                })
        })
        .collect()
}

/// Length of an option as a reader sees it, in characters.
fn length(option: &str) -> usize {
    option.trim().chars().count()
}

/// The right option of a choice question, if it is valid.
fn right_option(q: &Question) -> Option<(usize, &Str)> {
    if q.kind != QuestionKind::Choice {
        return None;
    }
    let i = q.answer?.checked_sub(1)?;
    q.choices.get(i).map(|c| (i, c))
}

/// The longest wrong option's length, if there is a wrong option.
fn longest_other(q: &Question, right: usize) -> Option<usize> {
    q.choices
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != right)
        .map(|(_, c)| length(c))
        .max()
}

/// Whether the right option is at least as long as every other one.
pub fn right_is_longest(q: &Question) -> bool {
    right_option(q)
        .is_some_and(|(i, right)| longest_other(q, i).is_some_and(|other| length(right) >= other))
}

/// `(right, longest other)` in characters when the right option is longer
/// than every other by more than [`STANDOUT_RATIO`].
pub fn standout_option(q: &Question) -> Option<(usize, usize)> {
    let (i, right) = right_option(q)?;
    let other = longest_other(q, i)?;
    let right = length(right);
    (right as f64 > other as f64 * STANDOUT_RATIO).then_some((right, other))
}

/// The share of choice questions whose right option is the longest.
pub fn longest_right_share(questions: &[Question]) -> (usize, usize) {
    let choice: Vec<&Question> = questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Choice)
        .collect();
    let longest = choice.iter().filter(|q| right_is_longest(q)).count();
    (longest, choice.len())
}

/// The longest run of consecutive words that `option` shares with `text`,
/// compared without case, accents or punctuation.
pub fn copied_words(option: &str, text: &str) -> usize {
    let words = |s: &str| -> Vec<String> {
        fold_key(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let a = words(option);
    let b = words(text);
    // Longest common substring over words, one row at a time.
    let mut best = 0;
    let mut prev = vec![0usize; b.len() + 1];
    for x in &a {
        let mut row = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            if x == y {
                row[j + 1] = prev[j] + 1;
                best = best.max(row[j + 1]);
            }
        }
        prev = row;
    }
    best
}

/// Shared beginnings this long (in letters) make a word an obvious part of
/// another: `respons…` gives `responsable` away from "responsible".
pub const GIVEAWAY_PREFIX: usize = 5;

fn words_of(s: &str) -> Vec<String> {
    fold_key(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A word of `prompt` that gives away one of `answers`: the same word (of
/// four letters or more: `des`, `nous` around a blank are grammar, not
/// the answer), or one sharing its first [`GIVEAWAY_PREFIX`] letters with it.
pub fn giveaway<'a>(prompt: &str, answers: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let shown = words_of(prompt);
    let hidden: Vec<String> = answers.into_iter().flat_map(words_of).collect();
    shown.into_iter().find(|p| {
        hidden.iter().any(|h| {
            let (pc, hc) = (p.chars().count(), h.chars().count());
            (p == h && pc >= 4)
                || (pc >= GIVEAWAY_PREFIX
                    && hc >= GIVEAWAY_PREFIX
                    && p.chars()
                        .zip(h.chars())
                        .take(GIVEAWAY_PREFIX)
                        .filter(|(a, b)| a == b)
                        .count()
                        == GIVEAWAY_PREFIX)
        })
    })
}

/// What gives a drilled entry's cards away: its English meaning (the
/// prompt of a production card, the answer of a recognition card) sharing a
/// word with its French, or its sentence holding the blanked form twice.
pub fn card_giveaway(entry: &crate::pack::Entry) -> Option<String> {
    use crate::pack::strings::Str;
    let french = || {
        std::iter::once(entry.term.as_str())
            .chain(entry.forms.iter().map(Str::as_str))
            .chain(entry.accept().iter().map(Str::as_str))
    };
    if let Some(word) = giveaway(&entry.en, french()) {
        return Some(format!("the meaning \"{}\" shows « {word} »", entry.en));
    }
    let card = build_card(entry, CardKind::Cloze, &[], 0);
    let Face::Cloze {
        before,
        after,
        answer,
        ..
    } = card.face
    else {
        return None;
    };
    giveaway(&format!("{before} … {after}"), [answer.as_str()])
        .map(|word| format!("the sentence around the blank shows « {word} »"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(options: &[&str], answer: usize) -> Question {
        Question {
            id: "q".into(),
            kind: QuestionKind::Choice,
            prompt: "Que dit le texte ?".into(),
            choices: options.iter().map(|&s| Str::from(s)).collect(),
            answer: Some(answer),
            correct: None,
            accept: vec![],
            reject: vec![],
            model: None,
            explanation: "Parce que.".into(),
            passages: vec![],
            tags: vec![],
        }
    }

    fn short(accept: &[&str], reject: &[&str], model: &str) -> Question {
        Question {
            kind: QuestionKind::Short,
            choices: vec![],
            answer: None,
            accept: accept.iter().map(|&s| Str::from(s)).collect(),
            reject: reject.iter().map(|&s| Str::from(s)).collect(),
            model: Some(model.into()),
            ..choice(&[], 1)
        }
    }

    #[test]
    fn an_accepted_answer_blocked_by_a_reject_phrase_is_found() {
        let q = short(
            &["les innovateurs", "aucun innovateur", "innovateurs"],
            &["aucun"],
            "Aucun innovateur ne créerait plus rien.",
        );
        let blocked = blocked_answers(&q);
        assert_eq!(
            blocked,
            vec![
                Blocked {
                    answer: "aucun innovateur".into(),
                    phrase: "aucun".into()
                },
                Blocked {
                    answer: "Aucun innovateur ne créerait plus rien.".into(),
                    phrase: "aucun".into()
                },
            ]
        );
        let fine = short(&["les innovateurs"], &["pas"], "Les innovateurs.");
        assert!(blocked_answers(&fine).is_empty());
        // whole words: « pas » does not block « passer »
        let q = short(&["passer par Google"], &["pas"], "En passant par Google.");
        assert!(blocked_answers(&q).is_empty());
    }

    #[test]
    fn a_right_option_longer_by_more_than_a_fifth_stands_out() {
        // 93 characters against at most 65: the old q15
        let q = choice(
            &[
                "Il a fermé tous les comptes Telegram liés au terrorisme en France",
                "Il leur a donné accès aux messages privés des utilisateurs",
                "Il a ouvert un bureau de Telegram à Paris",
                "Il les a aidées à mettre en place une ligne directe avec Telegram contre la menace terroriste",
            ],
            4,
        );
        assert_eq!(standout_option(&q), Some((93, 65)));
        assert!(right_is_longest(&q));
        // 12 against 10: 20 % exactly is not reported, but it is the longest
        let q = choice(&["abcdefghijkl", "abcdefghij", "abc"], 1);
        assert_eq!(standout_option(&q), None);
        assert!(right_is_longest(&q));
        let q = choice(&["abcdefghijklm", "abcdefghij", "abc"], 1);
        assert_eq!(standout_option(&q), Some((13, 10)));
        // a shorter right option
        let q = choice(&["Au consulat", "Dans une ambassade à Paris"], 1);
        assert_eq!(standout_option(&q), None);
        assert!(!right_is_longest(&q));
        assert_eq!(longest_right_share(&[q, choice(&["aa", "a"], 1)]), (1, 2));
        // not a choice question, or a broken one
        assert_eq!(standout_option(&short(&["a"], &[], "a")), None);
        assert_eq!(standout_option(&choice(&["a", "b"], 3)), None);
    }

    #[test]
    fn copying_is_measured_in_words() {
        let text =
            "la pratique établie est d'engager une action en justice contre le service lui-même";
        assert_eq!(
            copied_words(
                "On engage une action en justice contre le service lui-même",
                text
            ),
            9
        );
        assert_eq!(
            copied_words("On poursuit l’entreprise devant un tribunal", text),
            0
        );
        assert_eq!(copied_words("ETABLIE EST", text), 2);
    }
}
