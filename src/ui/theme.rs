//! Styles, with and without colour. Every mark carries a modifier
//! (underline, bold, reverse, italic) so colour is never the only signal.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Honours `NO_COLOR` (any non-empty value).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn fg(self, style: Style, color: Color) -> Style {
        if self.color { style.fg(color) } else { style }
    }

    fn bg(self, style: Style, color: Color) -> Style {
        if self.color { style.bg(color) } else { style }
    }

    /// A glossary word not yet learnt.
    pub fn gloss_new(self) -> Style {
        self.fg(
            Style::new().add_modifier(Modifier::UNDERLINED),
            Color::Yellow,
        )
    }

    /// A glossary word being learnt.
    pub fn gloss_learning(self) -> Style {
        self.fg(
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::ITALIC),
            Color::Cyan,
        )
    }

    /// A glossary word the learner knows: no underline, dimmed.
    pub fn gloss_known(self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::DIM), Color::Green)
    }

    /// Occurrences of the selected entry.
    pub fn occurrence(self) -> Style {
        self.bg(
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            Color::Magenta,
        )
    }

    /// A passage answering a question or illustrating a note.
    pub fn passage(self) -> Style {
        self.bg(Style::new().add_modifier(Modifier::BOLD), Color::Blue)
    }

    pub fn cursor(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn translation(self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::ITALIC), Color::Gray)
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Cyan)
        } else {
            self.fg(Style::new(), Color::DarkGray)
        }
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(self) -> Style {
        self.fg(Style::new(), Color::DarkGray)
    }

    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn right(self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Green)
    }

    pub fn wrong(self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Red)
    }

    pub fn key(self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::Yellow)
    }

    pub fn notice(self) -> Style {
        self.fg(Style::new().add_modifier(Modifier::BOLD), Color::LightRed)
    }
}
