//! The config in force: `config.toml` read and checked by the library,
//! its keys and styles applied by the tables that define them (the app's
//! keymap, the interface's theme), every problem gathered in one list.

use std::path::PathBuf;
use std::process::ExitCode;

use liseuse::config::{self, ConfigPath, StudySettings};
use liseuse::pack::error::Problem;

use crate::app::keys::Keymap;
use crate::output::{out, outln};
use crate::ui::theme::{self, Theme};

/// What the config sets, with the defaults wherever it says nothing or
/// says something wrong.
pub struct InForce {
    pub keymap: Keymap,
    pub theme: Theme,
    pub study: StudySettings,
    /// Dictionaries the config names, for the lookup worker.
    pub dictionaries: Vec<PathBuf>,
    pub problems: Vec<Problem>,
}

/// The config file: `--config FILE`, `LISEUSE_CONFIG`, or the platform's.
pub fn locate(flag: Option<PathBuf>) -> Option<ConfigPath> {
    config::locate(flag, std::env::var_os("LISEUSE_CONFIG"))
}

/// Reads the config at `at` and applies it to the default tables.
pub fn load(at: Option<&ConfigPath>) -> InForce {
    let mut loaded = config::load(at);
    let (keymap, key_problems) = Keymap::from_config(&loaded.config.keys);
    let (theme, style_problems) = Theme::from_config(&loaded.config.theme);
    loaded.add(key_problems.into_iter().chain(style_problems));
    InForce {
        keymap,
        theme,
        study: loaded.config.study,
        dictionaries: loaded.config.dictionaries,
        problems: loaded.problems,
    }
}

/// The status-line notice when the config has problems.
pub fn notice(problems: &[Problem]) -> Option<String> {
    match problems.len() {
        0 => None,
        n => Some(format!(
            "The config has {n} problem{}; defaults are used there. They are listed when you quit (or run `liseuse config`).",
            if n == 1 { "" } else { "s" }
        )),
    }
}

/// The complete default file, from the key tables, the theme's styles and
/// the study defaults.
pub fn default_file() -> String {
    let mut sections = Keymap::default().default_sections();
    sections.push(theme::default_section());
    sections.push(config::study_section());
    let mut text = config::render_default(&sections);
    text.push_str(config::DICTIONARIES_SECTION);
    text
}

/// `liseuse config`: says which file is in force and lists its problems
/// (exit 1 if any); with `--default`, prints the complete default file.
pub fn command(flag: Option<PathBuf>, default: bool) -> ExitCode {
    if default {
        out!("{}", default_file());
        return ExitCode::SUCCESS;
    }
    let Some(at) = locate(flag) else {
        outln!("No config directory on this system: name a file with --config FILE.");
        return ExitCode::SUCCESS;
    };
    let shown = liseuse::pack::sanitize::clean(&at.path.display().to_string(), false);
    let in_force = load(Some(&at));
    if at.path.is_file() {
        outln!("Config: {shown}");
    } else if !at.chosen {
        outln!(
            "Config: {shown} (not there: the defaults apply; `liseuse config --default > FILE` writes one)"
        );
    }
    for p in &in_force.problems {
        outln!("{p}");
    }
    if in_force.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Action;
    use crate::app::keys::{Context, Key, chain_of};

    fn write_config(text: &str) -> (tempfile::TempDir, ConfigPath) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).expect("write");
        (dir, ConfigPath { path, chosen: true })
    }

    fn messages(in_force: &InForce) -> Vec<String> {
        in_force.problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_default_file_round_trips() {
        let text = default_file();
        let (_dir, at) = write_config(&text);
        let in_force = load(Some(&at));
        assert_eq!(messages(&in_force), Vec::<String>::new());
        assert!(in_force.keymap == Keymap::default(), "keys changed");
        let d = liseuse::progress::Settings::default();
        assert_eq!(in_force.study.new_per_day, Some(d.new_per_day));
        assert_eq!(in_force.study.retention, Some(d.retention));
        for (name, spec, _) in theme::STYLES {
            assert!(
                text.contains(&format!("{name} = \"{spec}\"")),
                "{name} missing from the default file"
            );
        }
        // Every named action is in it, with a comment above it.
        for (name, _) in crate::app::action::NAMED {
            let line = format!("\n{name} = [");
            let at = text.find(&line).unwrap_or_else(|| panic!("{name} missing"));
            assert!(text[..at].ends_with(|c| c != '\n'), "{name} has no comment");
        }
        // The themes read back equal, with colour and without.
        for color in [true, false] {
            let defaults = Theme::new(color);
            let read = in_force.theme.with_color(color);
            assert_eq!(format!("{read:?}"), format!("{defaults:?}"));
        }
    }

    #[test]
    fn quit_on_x_and_help_shows_it() {
        let (_dir, at) = write_config("[keys]\nquit = [\"x\"]\n");
        let in_force = load(Some(&at));
        assert!(in_force.problems.is_empty(), "{:?}", messages(&in_force));
        let map = &in_force.keymap;
        let x = Key::parse("x").expect("key");
        let q = Key::parse("q").expect("key");
        for ctx in [
            Context::Reader,
            Context::Side,
            Context::Tab(crate::app::Tab::Quiz),
        ] {
            assert_eq!(map.lookup(&chain_of(ctx), x), Some(Action::Quit), "{ctx:?}");
            assert_eq!(map.lookup(&chain_of(ctx), q), None, "{ctx:?}");
        }
        // Typing keeps its letters: x types in an answer.
        assert_eq!(map.lookup(&chain_of(Context::Input), x), None);
        let help = map.help_lines(Context::Global);
        assert!(
            help.iter()
                .any(|(keys, what)| keys == "x" && what.starts_with("quit")),
            "{help:?}"
        );
    }

    #[test]
    fn a_bad_config_lists_every_problem_and_keeps_the_rest() {
        let text = "[keys]\n\
                    quit = [\"x\", \"hyper-q\"]\n\
                    qiut = [\"y\"]\n\
                    next_occurrence = [\"x\"]\n\
                    [keys.reeder]\n\
                    down = [\"j\"]\n\
                    [keys.input]\n\
                    choose_a = [\"a\"]\n\
                    [theme]\n\
                    cursr = \"bold\"\n\
                    cursor = \"bold yellow\"\n\
                    [study]\n\
                    new_per_day = 10\n\
                    retention = 2\n";
        let (_dir, at) = write_config(text);
        let in_force = load(Some(&at));
        let file = at.path.display().to_string();
        let got: Vec<String> = messages(&in_force)
            .into_iter()
            .map(|m| m.replace(&file, "FILE"))
            .collect();
        assert_eq!(got.len(), 7, "{got:#?}");
        let expect_at = [
            "FILE:2:14: unknown key `hyper-q`",
            "FILE:3:1: no action is called `qiut`; did you mean `quit`?",
            "FILE:4:20: `x` is given to both quit and next_occurrence",
            "FILE:5:7: no place is called `reeder`; did you mean `[keys.reader]`?",
            "FILE:8:1: `choose_a` has no key in [keys.input]",
            "FILE:10:1: no style is called `cursr`; did you mean `cursor`?",
            "FILE:14:13: retention is the chance",
        ];
        for want in expect_at {
            assert!(got.iter().any(|g| g.starts_with(want)), "{want}\n{got:#?}");
        }
        // What was right applies; what was wrong keeps its default.
        let chain = chain_of(Context::Reader);
        assert_eq!(
            in_force
                .keymap
                .lookup(&chain, Key::parse("x").expect("key")),
            Some(Action::Quit)
        );
        assert_eq!(
            in_force
                .keymap
                .lookup(&chain, Key::parse("j").expect("key")),
            Some(Action::Down)
        );
        assert_eq!(in_force.study.new_per_day, Some(10));
        assert_eq!(in_force.study.retention, None);
        assert_eq!(
            in_force.theme.with_color(true).cursor(),
            ratatui::style::Style::new()
                .add_modifier(ratatui::style::Modifier::BOLD)
                .fg(ratatui::style::Color::Yellow)
        );
    }

    #[test]
    fn conflicts_are_reported_where_they_were_written() {
        let (_dir, at) = write_config("[keys]\nhelp = [\"t\"]\n");
        let in_force = load(Some(&at));
        let got = messages(&in_force);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].contains(":2:9: `t` is given to both help and translation"),
            "{got:?}"
        );
        let chain = chain_of(Context::Reader);
        let t = Key::parse("t").expect("key");
        assert_eq!(in_force.keymap.lookup(&chain, t), Some(Action::ToggleHelp));
    }

    #[test]
    fn control_characters_from_the_config_are_not_printed() {
        let (_dir, at) = write_config("[keys]\n\"\\u001b[31mquit\" = [\"x\"]\n");
        let in_force = load(Some(&at));
        let got = messages(&in_force);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(!got[0].contains('\u{1b}'), "{got:?}");
    }

    #[test]
    fn the_flag_wins_over_the_environment_variable() {
        let (_d1, flag) = write_config("[study]\nnew_per_day = 1\n");
        let (_d2, env) = write_config("[study]\nnew_per_day = 2\n");
        let at =
            config::locate(Some(flag.path.clone()), Some(env.path.clone().into())).expect("a path");
        assert_eq!(load(Some(&at)).study.new_per_day, Some(1));
        let at = config::locate(None, Some(env.path.clone().into())).expect("a path");
        assert_eq!(load(Some(&at)).study.new_per_day, Some(2));
    }
}
