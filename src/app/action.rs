//! Everything the user can ask for, independent of which key asked.

use tui_input::InputRequest;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    ToggleHelp,
    /// Esc: close the overlay or input, or clear the marks in the text.
    Back,
    SwitchFocus,
    NextTab,
    PrevTab,
    SelectTab(Tab),
    /// Move up or down in whatever has focus (lines, entries, questions).
    Up(usize),
    Down(usize),
    PageUp,
    PageDown,
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
    /// Edit the open text input.
    Edit(InputRequest),
    /// Submit the open text input.
    Submit,
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
    /// Start a new round of comprehension questions.
    ResetQuestions,
    /// Time passes: retry a failed save.
    Tick,
    Resize(u16, u16),
    Click(u16, u16),
    ScrollAt {
        column: u16,
        row: u16,
        down: bool,
    },
}

/// The side pane's tabs, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Glossary,
    Questions,
    Quiz,
    Stats,
    Notes,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Glossary,
        Tab::Questions,
        Tab::Quiz,
        Tab::Stats,
        Tab::Notes,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Glossary => "Glossary",
            Tab::Questions => "Questions",
            Tab::Quiz => "Quiz",
            Tab::Stats => "Stats",
            Tab::Notes => "Notes",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn offset(self, by: isize) -> Tab {
        let n = Tab::ALL.len() as isize;
        Tab::ALL[(self.index() as isize + by).rem_euclid(n) as usize]
    }
}
