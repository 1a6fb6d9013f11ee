//! Everything the user can ask for, independent of which key asked, and
//! everything that comes back from the event loop (terminal events, the
//! results of effects).
//!
//! Actions a key can trigger have a name (`quit`, `page_down`, `choose_b`):
//! `config.toml` binds keys to these names.

use tui_input::InputRequest;

use super::effect::Outcome;
use super::tabs::Tab;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    /// Ctrl-Z: give the terminal back to the shell.
    Suspend,
    ToggleHelp,
    /// Esc: close the innermost thing (input, overlay, filter, marks).
    Back,
    SwitchFocus,
    NextTab,
    PrevTab,
    SelectTab(Tab),
    /// Give the side pane most of the screen, or give it back.
    Zoom,
    /// Move the selection (side pane) or scroll a line (text).
    Up,
    Down,
    /// Scroll what has focus, leaving the selection alone.
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Home,
    End,
    /// Move the word cursor in the text.
    NextWord,
    PrevWord,
    /// Move the word cursor to the next or previous glossary word.
    NextGlossed,
    PrevGlossed,
    /// Enter: open the entry under the cursor, or start typing an answer.
    Activate,
    StartSearch,
    NextOccurrence,
    PrevOccurrence,
    ToggleTranslation,
    /// Answer a choice question (0-based option).
    Choose(usize),
    /// Answer a true/false question.
    ChooseBool(bool),
    /// Grade a drill card 1–4 (Again, Hard, Good, Easy), or override the grader.
    Grade(u8),
    /// Reveal a card's answer, or go on to the next card.
    Reveal,
    /// Start a practice round when nothing is due.
    Practice,
    /// Toggle the word under the cursor in the drill deck.
    ToggleDeck,
    /// Mark the word under the cursor as known.
    MarkKnown,
    /// Say the word under the cursor (a glossed expression whole), its
    /// sentence or its paragraph aloud.
    SpeakWord,
    SpeakSentence,
    SpeakParagraph,
    /// Add the word under the cursor to the learner's own words.
    AddWord,
    /// Remove the selected entry from the learner's own words.
    RemoveWord,
    /// Start a new round of comprehension questions (asks first).
    ResetQuestions,
    /// Count a typed answer the grader refused as right.
    OverrideAnswer,
    /// List the packs (built-in and the library's) to open another.
    OpenPicker,
    /// Answer a confirmation dialog.
    Yes,
    No,
    /// Answers not saved on quitting: try saving again.
    RetrySave,
    /// Answers not saved on quitting: write them to a file elsewhere.
    WriteElsewhere,
    /// Edit the open text input.
    Edit(InputRequest),
    /// Submit the open text input.
    Submit,
    /// Text pasted into the terminal.
    Paste(String),
    /// Time passes: retry a failed save.
    Tick,
    /// The pack was made again behind the screen (a first open, compiled
    /// behind its preview): the tab in front opens again on it.
    Reopened,
    Resize(u16, u16),
    Click(u16, u16),
    ScrollAt {
        column: u16,
        row: u16,
        down: bool,
    },
    /// What an effect produced, fed back by the event loop.
    Done(Outcome),
}

/// Every action a key can be bound to, by the name `config.toml` uses.
pub const NAMED: &[(&str, Action)] = &[
    ("quit", Action::Quit),
    ("suspend", Action::Suspend),
    ("help", Action::ToggleHelp),
    ("back", Action::Back),
    ("switch_focus", Action::SwitchFocus),
    ("next_tab", Action::NextTab),
    ("prev_tab", Action::PrevTab),
    ("tab_glossary", Action::SelectTab(Tab::Glossary)),
    ("tab_questions", Action::SelectTab(Tab::Questions)),
    ("tab_quiz", Action::SelectTab(Tab::Quiz)),
    ("tab_stats", Action::SelectTab(Tab::Stats)),
    ("tab_notes", Action::SelectTab(Tab::Notes)),
    ("zoom", Action::Zoom),
    ("up", Action::Up),
    ("down", Action::Down),
    ("page_up", Action::PageUp),
    ("page_down", Action::PageDown),
    ("half_page_up", Action::HalfPageUp),
    ("half_page_down", Action::HalfPageDown),
    ("top", Action::Home),
    ("bottom", Action::End),
    ("next_word", Action::NextWord),
    ("prev_word", Action::PrevWord),
    ("next_glossed", Action::NextGlossed),
    ("prev_glossed", Action::PrevGlossed),
    ("activate", Action::Activate),
    ("search", Action::StartSearch),
    ("next_occurrence", Action::NextOccurrence),
    ("prev_occurrence", Action::PrevOccurrence),
    ("translation", Action::ToggleTranslation),
    ("choose_a", Action::Choose(0)),
    ("choose_b", Action::Choose(1)),
    ("choose_c", Action::Choose(2)),
    ("choose_d", Action::Choose(3)),
    ("vrai", Action::ChooseBool(true)),
    ("faux", Action::ChooseBool(false)),
    ("grade_1", Action::Grade(1)),
    ("grade_2", Action::Grade(2)),
    ("grade_3", Action::Grade(3)),
    ("grade_4", Action::Grade(4)),
    ("reveal", Action::Reveal),
    ("practice", Action::Practice),
    ("toggle_deck", Action::ToggleDeck),
    ("mark_known", Action::MarkKnown),
    ("speak_word", Action::SpeakWord),
    ("speak_sentence", Action::SpeakSentence),
    ("speak_paragraph", Action::SpeakParagraph),
    ("add_word", Action::AddWord),
    ("remove_word", Action::RemoveWord),
    ("new_round", Action::ResetQuestions),
    ("override", Action::OverrideAnswer),
    ("submit", Action::Submit),
    ("packs", Action::OpenPicker),
    ("yes", Action::Yes),
    ("no", Action::No),
    ("retry_save", Action::RetrySave),
    ("write_elsewhere", Action::WriteElsewhere),
];

impl Action {
    /// The name `config.toml` knows this action by, if a key can trigger it.
    pub fn name(&self) -> Option<&'static str> {
        NAMED.iter().find(|(_, a)| a == self).map(|(n, _)| *n)
    }

    pub fn from_name(name: &str) -> Option<Action> {
        NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| a.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for (name, action) in NAMED {
            assert_eq!(action.name(), Some(*name));
            assert_eq!(Action::from_name(name).as_ref(), Some(action));
        }
        let mut names: Vec<_> = NAMED.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), NAMED.len());
    }
}
