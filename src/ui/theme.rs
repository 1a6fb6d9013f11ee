//! Styles, with and without colour, as data: each named style has a
//! default here and may be changed under `[theme]` in `config.toml`.
//! Every mark carries a modifier (underline, bold, reverse, italic) so
//! colour is never the only signal, and `NO_COLOR` drops every colour,
//! configured ones included.

use liseuse::config::{Colour, StyleEntry, StyleSpec};
use liseuse::pack::error::Position;
use ratatui::style::{Color, Modifier, Style};

/// The named styles: (name in `config.toml`, default, what it styles).
/// The order is [`Slot`]'s.
pub const STYLES: [(&str, StyleSpec, &str); SLOTS] = [
    (
        "gloss_new",
        StyleSpec::new().underlined().fg(Colour::Yellow),
        "a glossary word not yet learnt",
    ),
    (
        "gloss_learning",
        StyleSpec::new().underlined().italic().fg(Colour::Cyan),
        "a glossary word being learnt",
    ),
    (
        "gloss_known",
        StyleSpec::new().dim().fg(Colour::Green),
        "a glossary word the learner knows",
    ),
    (
        "occurrence",
        StyleSpec::new().bold().underlined().bg(Colour::Magenta),
        "occurrences of the selected glossary entry",
    ),
    (
        "passage",
        StyleSpec::new().bold().bg(Colour::Blue),
        "the passage a question or note is about",
    ),
    ("cursor", StyleSpec::new().reversed(), "the word cursor"),
    (
        "translation",
        StyleSpec::new().italic().fg(Colour::Gray),
        "the English translation under each paragraph",
    ),
    (
        "border_focused",
        StyleSpec::new().bold().fg(Colour::Cyan),
        "the border of the pane that has the keys",
    ),
    (
        "border",
        StyleSpec::new().fg(Colour::DarkGray),
        "other borders",
    ),
    ("title", StyleSpec::new().bold(), "titles and headings"),
    (
        "dim",
        StyleSpec::new().fg(Colour::DarkGray),
        "secondary text: counts, hints, scroll signs",
    ),
    (
        "selected",
        StyleSpec::new().reversed().bold(),
        "the selected line of a list",
    ),
    (
        "right",
        StyleSpec::new().bold().fg(Colour::Green),
        "a right answer, and chart bars for good results",
    ),
    (
        "wrong",
        StyleSpec::new().bold().fg(Colour::Red),
        "a wrong answer, and chart bars for lapses",
    ),
    (
        "key",
        StyleSpec::new().bold().fg(Colour::Yellow),
        "key names in hints and help",
    ),
    (
        "notice",
        StyleSpec::new().bold().fg(Colour::LightRed),
        "messages in the status line",
    ),
];

const SLOTS: usize = 16;

/// A named style, by its place in [`STYLES`].
#[derive(Debug, Clone, Copy)]
enum Slot {
    GlossNew,
    GlossLearning,
    GlossKnown,
    Occurrence,
    Passage,
    Cursor,
    Translation,
    BorderFocused,
    Border,
    Title,
    Dim,
    Selected,
    Right,
    Wrong,
    Key,
    Notice,
}

const fn default_specs() -> [StyleSpec; SLOTS] {
    let mut out = [StyleSpec::new(); SLOTS];
    let mut i = 0;
    while i < SLOTS {
        out[i] = STYLES[i].1;
        i += 1;
    }
    out
}

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
    specs: [StyleSpec; SLOTS],
}

impl Theme {
    /// The default styles, with or without colour.
    pub const fn new(color: bool) -> Theme {
        Theme {
            color,
            specs: default_specs(),
        }
    }

    /// The same styles with or without colour.
    #[cfg(test)]
    pub const fn with_color(self, color: bool) -> Theme {
        Theme { color, ..self }
    }

    /// Honours `NO_COLOR` (any non-empty value).
    pub fn from_env() -> Theme {
        Theme::new(!no_color())
    }

    /// The defaults with `[theme]` applied, honouring `NO_COLOR`; unknown
    /// style names come back as problems at their positions.
    pub fn from_config(entries: &[StyleEntry]) -> (Theme, Vec<(Position, String)>) {
        let mut theme = Theme::from_env();
        let mut problems = Vec::new();
        let names: Vec<&str> = STYLES.iter().map(|(n, ..)| *n).collect();
        for e in entries {
            match names.iter().position(|n| *n == e.name.value) {
                Some(i) => theme.specs[i] = e.style,
                None => {
                    let hint = liseuse::config::suggest::nearest(&e.name.value, &names)
                        .map(|n| format!("; did you mean `{n}`?"))
                        .unwrap_or_default();
                    problems.push((
                        e.name.position,
                        format!(
                            "no style is called `{}`{hint} (`liseuse config --default` lists them all)",
                            e.name.value
                        ),
                    ));
                }
            }
        }
        (theme, problems)
    }

    fn get(self, slot: Slot) -> Style {
        to_style(self.specs[slot as usize], self.color)
    }

    pub fn gloss_new(self) -> Style {
        self.get(Slot::GlossNew)
    }

    pub fn gloss_learning(self) -> Style {
        self.get(Slot::GlossLearning)
    }

    pub fn gloss_known(self) -> Style {
        self.get(Slot::GlossKnown)
    }

    pub fn occurrence(self) -> Style {
        self.get(Slot::Occurrence)
    }

    pub fn passage(self) -> Style {
        self.get(Slot::Passage)
    }

    pub fn cursor(self) -> Style {
        self.get(Slot::Cursor)
    }

    pub fn translation(self) -> Style {
        self.get(Slot::Translation)
    }

    pub fn border(self, focused: bool) -> Style {
        self.get(if focused {
            Slot::BorderFocused
        } else {
            Slot::Border
        })
    }

    pub fn title(self) -> Style {
        self.get(Slot::Title)
    }

    pub fn dim(self) -> Style {
        self.get(Slot::Dim)
    }

    pub fn selected(self) -> Style {
        self.get(Slot::Selected)
    }

    pub fn right(self) -> Style {
        self.get(Slot::Right)
    }

    pub fn wrong(self) -> Style {
        self.get(Slot::Wrong)
    }

    pub fn key(self) -> Style {
        self.get(Slot::Key)
    }

    pub fn notice(self) -> Style {
        self.get(Slot::Notice)
    }
}

/// Whether `NO_COLOR` asks for no colour (any non-empty value).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The `[theme]` section of `liseuse config --default`.
pub fn default_section() -> liseuse::config::DefaultSection {
    liseuse::config::DefaultSection {
        header: "theme".into(),
        intro: vec![
            "Styles: modifiers (bold, dim, italic, underlined, reversed, crossed_out), a".into(),
            "colour (a name like yellow or light_cyan, #rrggbb, or 0-255) and `on` a".into(),
            "background colour. NO_COLOR=1 in the environment drops every colour.".into(),
        ],
        entries: STYLES
            .iter()
            .map(|(name, spec, what)| {
                liseuse::config::DefaultEntry::string(name, &spec.to_string(), what)
            })
            .collect(),
    }
}

fn to_style(spec: StyleSpec, color: bool) -> Style {
    let m = spec.modifiers;
    let mut modifier = Modifier::empty();
    for (on, flag) in [
        (m.bold, Modifier::BOLD),
        (m.dim, Modifier::DIM),
        (m.italic, Modifier::ITALIC),
        (m.underlined, Modifier::UNDERLINED),
        (m.reversed, Modifier::REVERSED),
        (m.crossed_out, Modifier::CROSSED_OUT),
    ] {
        if on {
            modifier |= flag;
        }
    }
    let mut style = Style::new().add_modifier(modifier);
    if color {
        if let Some(c) = spec.fg {
            style = style.fg(to_color(c));
        }
        if let Some(c) = spec.bg {
            style = style.bg(to_color(c));
        }
    }
    style
}

fn to_color(c: Colour) -> Color {
    match c {
        Colour::Black => Color::Black,
        Colour::Red => Color::Red,
        Colour::Green => Color::Green,
        Colour::Yellow => Color::Yellow,
        Colour::Blue => Color::Blue,
        Colour::Magenta => Color::Magenta,
        Colour::Cyan => Color::Cyan,
        Colour::Gray => Color::Gray,
        Colour::DarkGray => Color::DarkGray,
        Colour::LightRed => Color::LightRed,
        Colour::LightGreen => Color::LightGreen,
        Colour::LightYellow => Color::LightYellow,
        Colour::LightBlue => Color::LightBlue,
        Colour::LightMagenta => Color::LightMagenta,
        Colour::LightCyan => Color::LightCyan,
        Colour::White => Color::White,
        Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
        Colour::Indexed(i) => Color::Indexed(i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use liseuse::config::At;

    #[test]
    fn slots_follow_the_table() {
        let names: Vec<&str> = STYLES.iter().map(|(n, ..)| *n).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), SLOTS, "names are unique");
        let t = Theme::new(true);
        assert_eq!(t.gloss_new(), to_style(STYLES[0].1, true));
        assert_eq!(t.notice(), to_style(STYLES[SLOTS - 1].1, true));
        assert_eq!(t.border(false), to_style(STYLES[8].1, true));
        assert_eq!(names[8], "border");
    }

    #[test]
    fn marks_never_rely_on_colour_alone() {
        for (name, spec, _) in STYLES {
            let marks = [
                "gloss_new",
                "gloss_learning",
                "gloss_known",
                "occurrence",
                "passage",
                "cursor",
                "selected",
                "right",
                "wrong",
            ];
            if marks.contains(&name) {
                assert!(!spec.modifiers.is_empty(), "{name}");
            }
        }
    }

    #[test]
    fn config_styles_apply_and_no_color_still_wins() {
        let at = |s: &str| At {
            value: s.to_string(),
            position: Position { line: 3, column: 1 },
        };
        let entries = [
            StyleEntry {
                name: at("cursor"),
                style: StyleSpec::new().bold().fg(Colour::Rgb(1, 2, 3)),
            },
            StyleEntry {
                name: at("cursr"),
                style: StyleSpec::new(),
            },
        ];
        let (theme, problems) = Theme::from_config(&entries);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].1.contains("did you mean `cursor`?"),
            "{problems:?}"
        );
        let colored = theme.with_color(true);
        assert_eq!(
            colored.cursor(),
            Style::new()
                .add_modifier(Modifier::BOLD)
                .fg(Color::Rgb(1, 2, 3))
        );
        let plain = theme.with_color(false);
        assert_eq!(plain.cursor(), Style::new().add_modifier(Modifier::BOLD));
    }
}
