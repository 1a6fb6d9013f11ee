//! Styles as `config.toml` writes them: `"bold underlined yellow on blue"`.
//!
//! Words in any order: modifiers, a foreground colour, `on` and a
//! background colour. Colours are names (`red`, `light_cyan`, `dark_gray`),
//! `#rrggbb`, or a palette index `0`–`255`. The interface maps a style to
//! the terminal's and drops the colours when `NO_COLOR` is set.

use std::fmt;

/// A colour, by name, RGB or palette index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
    Rgb(u8, u8, u8),
    Indexed(u8),
}

const COLOUR_NAMES: &[(&str, Colour)] = &[
    ("black", Colour::Black),
    ("red", Colour::Red),
    ("green", Colour::Green),
    ("yellow", Colour::Yellow),
    ("blue", Colour::Blue),
    ("magenta", Colour::Magenta),
    ("cyan", Colour::Cyan),
    ("gray", Colour::Gray),
    ("dark_gray", Colour::DarkGray),
    ("light_red", Colour::LightRed),
    ("light_green", Colour::LightGreen),
    ("light_yellow", Colour::LightYellow),
    ("light_blue", Colour::LightBlue),
    ("light_magenta", Colour::LightMagenta),
    ("light_cyan", Colour::LightCyan),
    ("white", Colour::White),
];

/// Text attributes; each one is a signal that survives `NO_COLOR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Modifiers {
    pub bold: bool,
    pub dim: bool,
    pub italic: bool,
    pub underlined: bool,
    pub reversed: bool,
    pub crossed_out: bool,
}

/// Modifier words, in the order they are written back.
const MODIFIER_NAMES: &[&str] = &[
    "bold",
    "dim",
    "italic",
    "underlined",
    "reversed",
    "crossed_out",
];

impl Modifiers {
    fn flag(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "bold" => &mut self.bold,
            "dim" => &mut self.dim,
            "italic" => &mut self.italic,
            "underlined" | "underline" => &mut self.underlined,
            "reversed" | "reverse" => &mut self.reversed,
            "crossed_out" | "strikethrough" => &mut self.crossed_out,
            _ => return None,
        })
    }

    fn get(self, name: &str) -> bool {
        let mut copy = self;
        copy.flag(name).is_some_and(|f| *f)
    }

    pub fn is_empty(self) -> bool {
        self == Modifiers::default()
    }
}

/// A named style's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StyleSpec {
    pub fg: Option<Colour>,
    pub bg: Option<Colour>,
    pub modifiers: Modifiers,
}

impl StyleSpec {
    pub const fn new() -> StyleSpec {
        StyleSpec {
            fg: None,
            bg: None,
            modifiers: Modifiers {
                bold: false,
                dim: false,
                italic: false,
                underlined: false,
                reversed: false,
                crossed_out: false,
            },
        }
    }

    pub const fn fg(mut self, c: Colour) -> StyleSpec {
        self.fg = Some(c);
        self
    }

    pub const fn bg(mut self, c: Colour) -> StyleSpec {
        self.bg = Some(c);
        self
    }

    pub const fn bold(mut self) -> StyleSpec {
        self.modifiers.bold = true;
        self
    }

    pub const fn dim(mut self) -> StyleSpec {
        self.modifiers.dim = true;
        self
    }

    pub const fn italic(mut self) -> StyleSpec {
        self.modifiers.italic = true;
        self
    }

    pub const fn underlined(mut self) -> StyleSpec {
        self.modifiers.underlined = true;
        self
    }

    pub const fn reversed(mut self) -> StyleSpec {
        self.modifiers.reversed = true;
        self
    }

    /// Parses a style string. On error: the byte offset of the bad word in
    /// `s` and what is wrong with it.
    pub fn parse(s: &str) -> Result<StyleSpec, (usize, String)> {
        let mut spec = StyleSpec::default();
        let mut words = word_offsets(s).peekable();
        while let Some((at, word)) = words.next() {
            let lower = word.to_ascii_lowercase();
            if lower == "plain" || lower == "none" {
                continue;
            }
            if lower == "on" {
                let Some((at, colour)) = words.next() else {
                    return Err((at, "`on` must be followed by a background colour".into()));
                };
                spec.bg = Some(parse_colour(colour).map_err(|e| (at, e))?);
                continue;
            }
            if let Some(flag) = spec.modifiers.flag(&lower) {
                *flag = true;
                continue;
            }
            match parse_colour(word) {
                Ok(c) if spec.fg.is_none() => spec.fg = Some(c),
                Ok(_) => {
                    return Err((
                        at,
                        format!("a second colour `{word}`: write `on {word}` for a background"),
                    ));
                }
                Err(e) => return Err((at, e)),
            }
        }
        Ok(spec)
    }
}

/// Words of `s` with their byte offsets.
fn word_offsets(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

fn parse_colour(word: &str) -> Result<Colour, String> {
    let lower = word.to_ascii_lowercase().replace('-', "_");
    let lower = match lower.as_str() {
        "grey" => "gray".to_string(),
        "dark_grey" | "darkgray" | "darkgrey" => "dark_gray".to_string(),
        l => match l.strip_prefix("light") {
            Some(rest) if !rest.starts_with('_') => format!("light_{rest}"),
            _ => l.to_string(),
        },
    };
    if let Some((_, c)) = COLOUR_NAMES.iter().find(|(n, _)| *n == lower) {
        return Ok(*c);
    }
    if let Some(hex) = lower.strip_prefix('#') {
        if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
            return Ok(Colour::Rgb(byte(0), byte(2), byte(4)));
        }
        return Err(format!(
            "`{word}` is not a colour: write six hex digits, like #1e90ff"
        ));
    }
    if lower.chars().all(|c| c.is_ascii_digit()) {
        return lower
            .parse::<u8>()
            .map(Colour::Indexed)
            .map_err(|_| format!("`{word}`: a palette colour is a number from 0 to 255"));
    }
    let mut known: Vec<&str> = MODIFIER_NAMES.to_vec();
    known.extend(COLOUR_NAMES.iter().map(|(n, _)| *n));
    let hint = super::suggest::nearest(&lower, &known)
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default();
    Err(format!(
        "`{word}` is neither a colour nor a modifier{hint} (colours: names like red or light_cyan, #rrggbb, 0-255; modifiers: {})",
        MODIFIER_NAMES.join(", ")
    ))
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Colour::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
            Colour::Indexed(i) => write!(f, "{i}"),
            named => {
                let name = COLOUR_NAMES
                    .iter()
                    .find(|(_, c)| c == named)
                    .map_or("white", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

impl fmt::Display for StyleSpec {
    /// The canonical string: modifiers, colour, `on` background; `plain`
    /// for no style at all.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut words: Vec<String> = MODIFIER_NAMES
            .iter()
            .filter(|m| self.modifiers.get(m))
            .map(|m| m.to_string())
            .collect();
        if let Some(c) = self.fg {
            words.push(c.to_string());
        }
        if let Some(c) = self.bg {
            words.push(format!("on {c}"));
        }
        if words.is_empty() {
            f.write_str("plain")
        } else {
            f.write_str(&words.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_parse_and_print_back() {
        let s = StyleSpec::parse("bold underlined yellow on #1E90ff").expect("parses");
        assert_eq!(s.fg, Some(Colour::Yellow));
        assert_eq!(s.bg, Some(Colour::Rgb(0x1e, 0x90, 0xff)));
        assert!(s.modifiers.bold && s.modifiers.underlined && !s.modifiers.dim);
        assert_eq!(s.to_string(), "bold underlined yellow on #1e90ff");
        for text in [
            "plain",
            "reversed",
            "dim dark_gray",
            "italic light_cyan on 17",
            "crossed_out white on black",
        ] {
            let spec = StyleSpec::parse(text).expect(text);
            assert_eq!(spec.to_string(), text);
            assert_eq!(StyleSpec::parse(&spec.to_string()), Ok(spec));
        }
        assert_eq!(
            StyleSpec::parse("Grey on Dark-Grey lightred").map(|s| s.to_string()),
            Err((
                18,
                "a second colour `lightred`: write `on lightred` for a background".into()
            ))
        );
        assert_eq!(
            StyleSpec::parse("LightRed").map(|s| s.fg),
            Ok(Some(Colour::LightRed))
        );
    }

    #[test]
    fn bad_words_are_located_and_explained() {
        let (at, msg) = StyleSpec::parse("bold yelow").expect_err("bad colour");
        assert_eq!(at, 5);
        assert!(msg.contains("did you mean `yellow`?"), "{msg}");
        let (_, msg) = StyleSpec::parse("sparkly").expect_err("bad");
        assert!(!msg.contains("did you mean"), "{msg}");
        let (at, msg) = StyleSpec::parse("bold on").expect_err("no background");
        assert_eq!(at, 5);
        assert!(msg.contains("background"));
        assert!(StyleSpec::parse("#12345").is_err());
        assert!(StyleSpec::parse("300").is_err());
    }
}
