//! Any word of the text, looked up: its readings from the built-in lexicon
//! (in `update`: the lexicon is in memory), its meaning from the learner's
//! dictionaries and its IPA from espeak-ng (effects run by a worker thread,
//! results back as `Outcome`s). Also speaking aloud and the learner's own
//! words (`+` adds the word under the cursor, with a meaning to edit).

use liseuse::dict::Definition;
use liseuse::lexicon::Analysis;
use liseuse::progress::PersonalWord;

use super::input::{InputMode, Owner};
use super::tabs::glossary::Detail;
use super::{App, Effect, Outcome, Turn};

/// A result on its way from a worker.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Pending<T> {
    #[default]
    Waiting,
    Ready(T),
    Failed(String),
}

/// The word the details are about, when it has no glossary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct WordLookup {
    pub text: String,
    pub token: usize,
    pub analyses: Vec<Analysis>,
    pub definitions: Pending<Vec<Definition>>,
}

/// A word being added to the learner's deck: the meaning is in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Adding {
    pub lemma: String,
    pub pos: String,
    pub sentence: String,
}

#[derive(Debug, Clone, Default)]
pub struct State {
    pub word: Option<WordLookup>,
    /// What the IPA is of (the word, or the selected entry's term).
    pub ipa_of: Option<String>,
    pub ipa: Pending<String>,
    pub adding: Option<Adding>,
}

/// Part of speech as packs name it, from the lexicon's class.
fn pos_name(a: &Analysis) -> &'static str {
    use liseuse::lexicon::WordClass as C;
    match a.class {
        C::Noun => "noun",
        C::ProperNoun => "proper-noun",
        C::Adjective => "adjective",
        C::Verb => "verb",
        C::Adverb => "adverb",
        C::Determiner => "determiner",
        C::Pronoun => "pronoun",
        C::Preposition => "preposition",
        C::Conjunction => "conjunction",
        C::Interjection => "interjection",
        C::Numeral | C::Other => "expression",
    }
}

impl App {
    /// After every update: if the details now show another word or entry,
    /// look it up (lexicon now, dictionary and IPA through effects).
    pub(crate) fn refresh_lookup(&mut self, turn: &mut Turn) {
        // Only what is on screen: the details live in the Glossary tab.
        if self.tab != super::Tab::Glossary {
            return;
        }
        let subject = match &self.glossary.detail {
            Detail::Word { text, token } => Some((text.clone(), Some(*token))),
            Detail::Selected => self.selected_entry().map(|e| {
                // A word of a glossed expression under the cursor (`trouver`
                // in `pour trouver`) is looked up too.
                let inside = self.reader.cursor.filter(|&t| {
                    self.study
                        .tokens
                        .get(t)
                        .is_some_and(|tok| self.study.index.entries_at(tok.start()).contains(&e))
                });
                (self.study.pack.glossary[e].term.to_string(), inside)
            }),
        };
        let word = match &subject {
            Some((_, Some(token))) => Some((self.study.token_text(*token).to_string(), *token)),
            _ => None,
        };
        match &word {
            Some((text, token)) => {
                let same = self
                    .lookup
                    .word
                    .as_ref()
                    .is_some_and(|w| w.token == *token && w.text == *text);
                if !same {
                    let analyses = liseuse::lexicon::lookup(text);
                    let mut lemmas: Vec<String> = Vec::new();
                    for a in &analyses {
                        if !lemmas.contains(&a.lemma) {
                            lemmas.push(a.lemma.clone());
                        }
                    }
                    turn.effects.push(Effect::Define {
                        word: text.clone(),
                        lemmas,
                    });
                    self.lookup.word = Some(WordLookup {
                        text: text.clone(),
                        token: *token,
                        analyses,
                        definitions: Pending::Waiting,
                    });
                }
            }
            _ => self.lookup.word = None,
        }
        let ipa_of = subject.map(|(text, _)| text);
        if ipa_of != self.lookup.ipa_of {
            self.lookup.ipa = Pending::Waiting;
            if let Some(text) = &ipa_of {
                turn.effects.push(Effect::Pronounce { text: text.clone() });
            }
            self.lookup.ipa_of = ipa_of;
        }
    }

    /// A worker's result; stale ones (the cursor moved on) are dropped.
    pub(crate) fn lookup_outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Defined { word, result } => {
                if let Some(w) = self.lookup.word.as_mut().filter(|w| w.text == word) {
                    w.definitions = match result {
                        Ok(d) => Pending::Ready(d),
                        Err(e) => Pending::Failed(e),
                    };
                }
            }
            Outcome::Pronounced { text, result }
                if self.lookup.ipa_of.as_deref() == Some(text.as_str()) =>
            {
                self.lookup.ipa = match result {
                    Ok(ipa) => Pending::Ready(ipa),
                    Err(e) => Pending::Failed(e),
                };
            }
            Outcome::SpeechFailed(why) => self.notice = Some(why),
            _ => {}
        }
    }

    /// The word under the cursor, or a message asking for one.
    fn cursor_token(&mut self) -> Option<usize> {
        let token = self.reader.cursor.filter(|&t| self.study.is_word(t));
        if token.is_none() {
            self.notice = Some("Put the cursor (w/b or a click) on a word first".into());
        }
        token
    }

    /// `s`, `S`, `p`: say the word, its sentence or its paragraph.
    pub(crate) fn speak(&mut self, what: Span, turn: &mut Turn) {
        let Some(token) = self.cursor_token() else {
            return;
        };
        let Some(range) = self.study.tokens.get(token).map(|t| t.range()) else {
            return;
        };
        let text = self.study.text();
        let span = match what {
            Span::Word => match self.study.index.entries_at(range.start).first() {
                // A glossed expression is said whole.
                Some(&e) => self
                    .study
                    .index
                    .entry_ranges(e)
                    .find(|r| r.start <= range.start && range.end <= r.end)
                    .unwrap_or(range),
                None => range,
            },
            Span::Sentence => liseuse::pack::defaults::sentence_around(text, range.start),
            Span::Paragraph => self
                .study
                .paragraph_of(range.start)
                .and_then(|p| self.study.paragraphs.get(p).cloned())
                .unwrap_or(range),
        };
        if let Some(s) = text.get(span) {
            turn.effects.push(Effect::Speak {
                text: s.to_string(),
            });
        }
    }

    /// `+`: add the word under the cursor to the learner's deck; the input
    /// opens with the dictionary's meaning to edit (Enter saves).
    pub(crate) fn start_adding(&mut self) {
        let Some(token) = self.cursor_token() else {
            return;
        };
        let text = self.study.token_text(token).to_string();
        let analyses = match &self.lookup.word {
            Some(w) if w.token == token => w.analyses.clone(),
            _ => liseuse::lexicon::lookup(&text),
        };
        let (lemma, pos) = match analyses.first() {
            Some(a) => (a.lemma.clone(), pos_name(a).to_string()),
            None => (text.clone(), "expression".to_string()),
        };
        let meaning = match &self.lookup.word {
            Some(WordLookup {
                definitions: Pending::Ready(d),
                token: t,
                ..
            }) if *t == token => d
                .first()
                .map(|d| first_meaning(&d.text))
                .unwrap_or_default(),
            _ => String::new(),
        };
        let start = self.study.tokens[token].start();
        let sentence = self
            .study
            .text()
            .get(liseuse::pack::defaults::sentence_around(
                self.study.text(),
                start,
            ))
            .unwrap_or_default()
            .to_string();
        self.lookup.adding = Some(Adding {
            lemma,
            pos,
            sentence,
        });
        self.input.open(InputMode::AddWord, Owner::AddWord);
        self.input.field = tui_input::Input::new(meaning);
    }

    /// Enter in the add-word input: save the word with the meaning typed.
    pub(crate) fn finish_adding(&mut self, turn: &mut Turn) {
        self.input.close();
        let Some(adding) = self.lookup.adding.take() else {
            return;
        };
        let id = liseuse::personal::word_id(&adding.lemma);
        let word = PersonalWord {
            lemma: adding.lemma.clone(),
            pos: adding.pos,
            en: self.input.field.value().trim().to_string(),
            sentence: adding.sentence,
            added: turn.now,
            removed: None,
            extra: toml::Table::new(),
        };
        self.saved.progress.words.insert(id, word);
        self.notice = Some(format!(
            "« {} » added to your words (✚ in the Glossary; - removes it)",
            adding.lemma
        ));
        self.rejoin_words(turn);
    }

    /// `x` in the Glossary tab: remove the learner's selected word.
    pub(crate) fn remove_word(&mut self, turn: &mut Turn) {
        let Some(entry) = self.selected_entry() else {
            return;
        };
        let e = &self.study.pack.glossary[entry];
        if !liseuse::personal::is_personal(e) {
            self.notice = Some("Only your own words (✚) can be removed".into());
            return;
        }
        let (id, term) = (e.id.to_string(), e.term.to_string());
        if let Some(w) = self.saved.progress.words.get_mut(&id) {
            w.removed = Some(turn.now);
        }
        self.notice = Some(format!("« {term} » removed from your words"));
        self.rejoin_words(turn);
    }

    /// Joins the learner's words to the glossary again and saves.
    fn rejoin_words(&mut self, turn: &mut Turn) {
        self.study = liseuse::personal::rejoin(&self.study, &self.saved.progress.words);
        self.glossary.shown = self.study.filter(&self.glossary.filter);
        let last = self.glossary.shown.len().saturating_sub(1);
        self.glossary.selected = self.glossary.selected.min(last);
        self.reader.marks = None;
        self.lookup.word = None;
        // The word under the cursor may have an entry now, or no more.
        if let Some(token) = self.reader.cursor {
            self.show_word(token);
        }
        self.save(turn);
    }
}

/// What a cursor motion or key asks to be said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Word,
    Sentence,
    Paragraph,
}

/// The first line of a dictionary entry that is a meaning (FreeDict puts
/// the headword and its pronunciation first).
fn first_meaning(text: &str) -> String {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or_default();
    let looks_like_head = first.contains('/') || first.contains('<');
    let meaning = if looks_like_head {
        lines.next().unwrap_or(first)
    } else {
        first
    };
    meaning.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, Start, Tab};
    use liseuse::study::Study;

    const NOW: i64 = 1_764_000_000;

    fn app() -> App {
        let study = Study::builtin().expect("built-in pack");
        let start = Start::fresh(&study, NOW);
        App::new(study, start, 100, 30)
    }

    /// The first token spelt `word` that no glossary entry covers.
    fn token_of(app: &App, word: &str) -> usize {
        (0..app.study.tokens.len())
            .find(|&t| {
                app.study.token_text(t) == word
                    && app
                        .study
                        .index
                        .entries_at(app.study.tokens[t].start())
                        .is_empty()
            })
            .unwrap_or_else(|| panic!("no unglossed {word}"))
    }

    fn cursor_on(app: &mut App, word: &str) -> Vec<Effect> {
        app.update(Action::SelectTab(Tab::Glossary), NOW);
        app.update(Action::SwitchFocus, NOW);
        let token = token_of(app, word);
        app.set_cursor(token);
        app.update(Action::Tick, NOW)
    }

    #[test]
    fn a_word_without_entry_is_analysed_and_looked_up() {
        let mut app = app();
        let effects = cursor_on(&mut app, "votre");
        assert!(effects.contains(&Effect::Define {
            word: "votre".into(),
            lemmas: vec!["votre".into()],
        }));
        assert!(effects.contains(&Effect::Pronounce {
            text: "votre".into()
        }));
        let word = app.lookup.word.clone().expect("looked up");
        assert_eq!(word.analyses[0].lemma, "votre");
        assert_eq!(word.definitions, Pending::Waiting);
        // The same word again asks nothing more.
        assert!(app.update(Action::Tick, NOW).is_empty());

        // Results come back; a stale one is dropped.
        let found = vec![Definition {
            dictionary: "d".into(),
            headword: "votre".into(),
            text: "your".into(),
        }];
        app.update(
            Action::Done(Outcome::Defined {
                word: "autre".into(),
                result: Ok(Vec::new()),
            }),
            NOW,
        );
        assert_eq!(
            app.lookup.word.as_ref().map(|w| &w.definitions),
            Some(&Pending::Waiting)
        );
        app.update(
            Action::Done(Outcome::Defined {
                word: "votre".into(),
                result: Ok(found.clone()),
            }),
            NOW,
        );
        app.update(
            Action::Done(Outcome::Pronounced {
                text: "votre".into(),
                result: Ok("vˈotʁ".into()),
            }),
            NOW,
        );
        assert_eq!(
            app.lookup.word.as_ref().map(|w| &w.definitions),
            Some(&Pending::Ready(found))
        );
        assert_eq!(app.lookup.ipa, Pending::Ready("vˈotʁ".into()));
    }

    #[test]
    fn speaking_asks_for_the_word_sentence_or_paragraph() {
        let mut app = app();
        cursor_on(&mut app, "votre");
        app.focus = crate::app::Focus::Reader;
        let said = |effects: Vec<Effect>| match effects.as_slice() {
            [Effect::Speak { text }] => text.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(said(app.update(Action::SpeakWord, NOW)), "votre");
        let sentence = said(app.update(Action::SpeakSentence, NOW));
        assert!(
            sentence.contains("Merci à tous") && sentence.ends_with('!'),
            "{sentence}"
        );
        assert!(said(app.update(Action::SpeakParagraph, NOW)).contains("votre amour"));
        app.update(
            Action::Done(Outcome::SpeechFailed("install espeak-ng".into())),
            NOW,
        );
        assert_eq!(app.notice.as_deref(), Some("install espeak-ng"));
    }

    #[test]
    fn adding_and_removing_a_word_of_ones_own() {
        let mut app = app();
        cursor_on(&mut app, "votre");
        let before = app.study.pack.glossary.len();
        app.focus = crate::app::Focus::Reader;
        app.update(Action::AddWord, NOW);
        assert_eq!(app.input.mode, InputMode::AddWord);
        app.update(Action::Paste("your".into()), NOW);
        let effects = app.update(Action::Submit, NOW);
        assert!(effects.contains(&Effect::SaveProgress));
        let w = &app.saved.progress.words["mine-votre"];
        assert_eq!((w.lemma.as_str(), w.en.as_str()), ("votre", "your"));
        assert!(w.sentence.contains("Merci à tous"), "{}", w.sentence);
        assert_eq!(app.study.pack.glossary.len(), before + 1);
        let entry = before;
        assert!(
            !app.study.index.of_entry(entry).is_empty(),
            "marked in the text"
        );
        assert!(
            app.glossary.shown.contains(&entry),
            "listed in the Glossary"
        );

        // Selected in the Glossary, `-` removes it.
        app.show_entry(entry, false);
        app.focus = crate::app::Focus::Side;
        app.update(Action::RemoveWord, NOW + 5);
        assert!(app.saved.progress.words["mine-votre"].is_removed());
        assert_eq!(app.study.pack.glossary.len(), before);
    }
}
