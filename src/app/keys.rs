//! Keys as data: one table of bindings per context. The keymap, the help
//! overlay, the status line and the hints drawn inside panes are all read
//! from these tables, so they cannot disagree; `config.toml` rebinds any
//! action by its name (`quit = ["x", "ctrl-q"]`).
//!
//! Each context's default table lives beside the code it drives (the
//! reader's in `reader`, each tab's in its module); [`DEFAULTS`] lists them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use liseuse::config::suggest::nearest;
use liseuse::config::{DefaultEntry, DefaultSection, KeyEntry};
use liseuse::pack::error::Position;

use super::Action;
use super::tabs::Tab;

/// Where a key is pressed: which table answers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Context {
    /// Keys that work in both panes.
    Global,
    Reader,
    /// Keys shared by every side-pane tab.
    Side,
    Tab(Tab),
    /// A text input is open: keys type.
    Input,
    Help,
    Confirm,
    /// Quitting with answers that could not be saved.
    Unsaved,
    /// Choosing a pack.
    Picker,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Reader => "Text",
            Context::Side => "Side pane (every tab)",
            Context::Tab(t) => t.title(),
            Context::Input => "Typing (search, answers)",
            Context::Help => "This help",
            Context::Confirm => "Questions asked before acting",
            Context::Unsaved => "Quitting with answers not saved",
            Context::Picker => "Choosing a pack",
        }
    }

    /// The name of its `[keys.NAME]` section in `config.toml`.
    pub fn config_name(self) -> String {
        match self {
            Context::Global => "global".into(),
            Context::Reader => "reader".into(),
            Context::Side => "side".into(),
            Context::Tab(t) => t.title().to_lowercase(),
            Context::Input => "input".into(),
            // Not `help`: that is the name of an action under [keys].
            Context::Help => "help_overlay".into(),
            Context::Confirm => "confirm".into(),
            Context::Unsaved => "unsaved".into(),
            Context::Picker => "picker".into(),
        }
    }

    pub fn from_config_name(name: &str) -> Option<Context> {
        defaults()
            .into_iter()
            .map(|(c, _)| c)
            .find(|c| c.config_name() == name)
    }
}

/// A default binding, as written in the tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Bind {
    pub action: Action,
    pub keys: &'static [&'static str],
    /// What the key does, for the help overlay.
    pub help: &'static str,
    /// A short label for the status line and pane hints; bindings with
    /// the same hint next to each other are shown as one (`1-4 grade`).
    pub hint: Option<&'static str>,
}

impl Bind {
    pub const fn new(action: Action, keys: &'static [&'static str], help: &'static str) -> Bind {
        Bind {
            action,
            keys,
            help,
            hint: None,
        }
    }

    pub const fn hint(mut self, hint: &'static str) -> Bind {
        self.hint = Some(hint);
        self
    }
}

/// Keys that work whichever pane has focus.
pub const GLOBAL: &[Bind] = &[
    Bind::new(
        Action::ToggleHelp,
        &["?"],
        "this help, with every key in force",
    )
    .hint("help"),
    Bind::new(
        Action::Quit,
        &["q", "ctrl-c"],
        "quit (asks first if answers are unsaved)",
    )
    .hint("quit"),
    Bind::new(
        Action::SwitchFocus,
        &["tab", "shift-tab"],
        "switch between the text and the side pane",
    )
    .hint("other pane"),
    Bind::new(Action::PrevTab, &["["], "previous tab").hint("tabs"),
    Bind::new(Action::NextTab, &["]"], "next tab").hint("tabs"),
    Bind::new(Action::SelectTab(Tab::Glossary), &["f1"], "Glossary tab"),
    Bind::new(Action::SelectTab(Tab::Questions), &["f2"], "Questions tab"),
    Bind::new(Action::SelectTab(Tab::Quiz), &["f3"], "Quiz tab"),
    Bind::new(Action::SelectTab(Tab::Stats), &["f4"], "Stats tab"),
    Bind::new(Action::SelectTab(Tab::Notes), &["f5"], "Notes tab"),
    Bind::new(
        Action::StartSearch,
        &["/"],
        "search the glossary (accents optional)",
    )
    .hint("search"),
    Bind::new(
        Action::NextOccurrence,
        &["n"],
        "next occurrence of the selected entry",
    ),
    Bind::new(
        Action::PrevOccurrence,
        &["N"],
        "previous occurrence of the selected entry",
    ),
    Bind::new(
        Action::ToggleTranslation,
        &["t"],
        "show or hide the English translation",
    ),
    Bind::new(
        Action::Zoom,
        &["z"],
        "give the side pane most of the screen, or give it back",
    ),
    Bind::new(
        Action::Back,
        &["esc"],
        "close the innermost: input, overlay, filter, marks",
    ),
    Bind::new(
        Action::OpenPicker,
        &["P"],
        "choose another pack: the built-in one or your library's",
    ),
    Bind::new(Action::Suspend, &["ctrl-z"], "suspend (fg brings it back)"),
];

/// Every context's default table, in the order help shows them.
pub fn defaults() -> Vec<(Context, &'static [Bind])> {
    let mut tables = vec![
        (Context::Global, GLOBAL),
        (Context::Reader, super::reader::KEYS),
        (Context::Side, super::tabs::SIDE_KEYS),
    ];
    for tab in Tab::ALL {
        tables.push((Context::Tab(tab), super::tabs::keys(tab)));
    }
    tables.push((Context::Input, super::input::KEYS));
    tables.push((Context::Help, super::overlay::HELP_KEYS));
    tables.push((Context::Confirm, super::overlay::CONFIRM_KEYS));
    tables.push((Context::Unsaved, super::overlay::UNSAVED_KEYS));
    tables.push((Context::Picker, super::overlay::PICKER_KEYS));
    tables
}

/// One key with its modifiers, as the tables and `config.toml` name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
}

/// `KeyCode` made orderable, for the conflict report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

const NAMED_KEYS: &[(&str, KeyCodeOrd, &str)] = &[
    ("space", KeyCodeOrd::Char(' '), "Space"),
    ("enter", KeyCodeOrd::Enter, "Enter"),
    ("esc", KeyCodeOrd::Esc, "Esc"),
    ("tab", KeyCodeOrd::Tab, "Tab"),
    ("shift-tab", KeyCodeOrd::BackTab, "Shift-Tab"),
    ("backspace", KeyCodeOrd::Backspace, "Backspace"),
    ("delete", KeyCodeOrd::Delete, "Delete"),
    ("insert", KeyCodeOrd::Insert, "Insert"),
    ("up", KeyCodeOrd::Up, "↑"),
    ("down", KeyCodeOrd::Down, "↓"),
    ("left", KeyCodeOrd::Left, "←"),
    ("right", KeyCodeOrd::Right, "→"),
    ("pageup", KeyCodeOrd::PageUp, "PgUp"),
    ("pagedown", KeyCodeOrd::PageDown, "PgDn"),
    ("home", KeyCodeOrd::Home, "Home"),
    ("end", KeyCodeOrd::End, "End"),
];

/// Other spellings accepted in `config.toml`.
const ALIASES: &[(&str, &str)] = &[
    ("pgup", "pageup"),
    ("pgdn", "pagedown"),
    ("return", "enter"),
    ("escape", "esc"),
    ("backtab", "shift-tab"),
    ("del", "delete"),
];

/// `s` lowercased, borrowed when it already is (most key names).
fn lowercase(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        std::borrow::Cow::Owned(s.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

impl Key {
    /// Parses `x`, `G`, `?`, `ctrl-q`, `alt-x`, `space`, `pagedown`, `f3`.
    pub fn parse(spec: &str) -> Result<Key, String> {
        // One printable ASCII character, most of the default tables read
        // at every start: itself, without the lowercased copies below.
        if let &[b] = spec.as_bytes()
            && b.is_ascii_graphic()
        {
            return Ok(Key {
                code: KeyCodeOrd::Char(char::from(b)),
                ctrl: false,
                alt: false,
            });
        }
        let mut rest = spec.trim();
        let (mut ctrl, mut alt) = (false, false);
        loop {
            let lower = lowercase(rest);
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => {
                KeyCodeOrd::Char(if ctrl { c.to_ascii_lowercase() } else { c })
            }
            _ => {
                let lower = lowercase(rest);
                let name = ALIASES
                    .iter()
                    .find(|(a, _)| *a == lower)
                    .map_or(&*lower, |(_, n)| n);
                if let Some((_, code, _)) = NAMED_KEYS.iter().find(|(n, ..)| *n == name) {
                    *code
                } else if let Some(n) = name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok())
                    && (1..=24).contains(&n)
                {
                    KeyCodeOrd::F(n)
                } else {
                    return Err(format!(
                        "unknown key `{spec}` (write a character, or ctrl-x, alt-x, space, enter, esc, tab, shift-tab, backspace, up, down, left, right, pageup, pagedown, home, end, f1…f24)"
                    ));
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }

    /// The key a terminal event stands for; `None` for keys no table uses.
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        let code = match event.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Delete => KeyCodeOrd::Delete,
            KeyCode::Insert => KeyCodeOrd::Insert,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            _ => return None,
        };
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let code = match code {
            // Terminals send Ctrl-Q as 'q' or 'Q' depending on Shift.
            KeyCodeOrd::Char(c) if ctrl => KeyCodeOrd::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Some(Key {
            code,
            ctrl,
            alt: event.modifiers.contains(KeyModifiers::ALT),
        })
    }

    /// How help and hints show the key: `Ctrl-U`, `PgDn`, `↓`, `G`.
    pub fn label(self) -> String {
        let mut out = String::new();
        if self.ctrl {
            out.push_str("Ctrl-");
        }
        if self.alt {
            out.push_str("Alt-");
        }
        match self.code {
            KeyCodeOrd::Char(c) if c != ' ' => {
                out.push(if self.ctrl { c.to_ascii_uppercase() } else { c })
            }
            KeyCodeOrd::F(n) => {
                let _ = write!(out, "F{n}");
            }
            code => {
                let label = NAMED_KEYS
                    .iter()
                    .find(|(_, c, _)| *c == code)
                    .map_or("?", |(.., l)| l);
                out.push_str(label);
            }
        }
        out
    }

    /// How `config.toml` spells the key.
    pub fn config_name(self) -> String {
        let mut out = String::new();
        if self.ctrl {
            out.push_str("ctrl-");
        }
        if self.alt {
            out.push_str("alt-");
        }
        match self.code {
            KeyCodeOrd::Char(c) if c != ' ' => out.push(c),
            KeyCodeOrd::F(n) => {
                let _ = write!(out, "f{n}");
            }
            code => {
                let name = NAMED_KEYS
                    .iter()
                    .find(|(_, c, _)| *c == code)
                    .map_or("?", |(n, ..)| n);
                out.push_str(name);
            }
        }
        out
    }
}

/// A binding in force: the defaults with `config.toml` applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub action: Action,
    pub keys: Vec<Key>,
    pub help: &'static str,
    pub hint: Option<&'static str>,
}

/// A hint as drawn: the keys of one or more bindings and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub keys: String,
    pub what: &'static str,
}

/// All bindings in force, per context. Shared, not copied, by the app and
/// the config it came from (copied only if one is changed).
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    tables: std::sync::Arc<Vec<(Context, Vec<Binding>)>>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap::from_defaults()
    }
}

impl Keymap {
    /// The default tables, as written.
    fn from_defaults() -> Keymap {
        let tables = defaults()
            .into_iter()
            .map(|(ctx, binds)| {
                let bindings = binds
                    .iter()
                    .map(|b| Binding {
                        action: b.action.clone(),
                        keys: b.keys.iter().filter_map(|k| Key::parse(k).ok()).collect(),
                        help: b.help,
                        hint: b.hint,
                    })
                    .collect();
                (ctx, bindings)
            })
            .collect();
        Keymap {
            tables: std::sync::Arc::new(tables),
        }
    }

    /// The default tables with `overrides` (action name → key specs, as
    /// under `[keys]`) applied; problems as messages. For tests.
    #[cfg(test)]
    pub fn new(overrides: &BTreeMap<String, Vec<String>>) -> (Keymap, Vec<String>) {
        use liseuse::config::At;
        let nowhere = Position { line: 0, column: 0 };
        let at = |value: &String| At {
            value: value.clone(),
            position: nowhere,
        };
        let entries: Vec<KeyEntry> = overrides
            .iter()
            .map(|(action, keys)| KeyEntry {
                context: None,
                action: at(action),
                keys: keys.iter().map(at).collect(),
            })
            .collect();
        let (map, problems) = Keymap::from_config(&entries);
        (
            map,
            problems
                .into_iter()
                .map(|(_, m)| format!("[keys] {m}"))
                .collect(),
        )
    }

    /// The default tables with the `[keys]` of `config.toml` applied.
    ///
    /// `[keys] action = [...]` sets the action's keys wherever it has its
    /// usual keys (those of the first table that binds it), so typing in
    /// an answer or moving in help keeps its own keys; `[keys.CONTEXT]`
    /// sets them in that context only, after the general ones. Every
    /// problem comes back with its position in the file, and the binding
    /// it concerns keeps its default: an unknown action or context, a key
    /// that cannot be read, a key given to two actions where both would
    /// answer (the rebound action keeps it, the other loses it).
    pub fn from_config(entries: &[KeyEntry]) -> (Keymap, Vec<(Position, String)>) {
        // Nothing to apply, nothing to check (the default tables are tested
        // to have no conflict): most starts, and two thirds of this work.
        if entries.is_empty() {
            return (Keymap::from_defaults(), Vec::new());
        }
        let defaults = Keymap::from_defaults();
        let mut map = defaults.clone();
        let mut problems = Vec::new();
        // Where each configured (context, action, key) was written.
        let mut origin: BTreeMap<(Context, String, Key), Position> = BTreeMap::new();
        let general = entries.iter().filter(|e| e.context.is_none());
        let specific = entries.iter().filter(|e| e.context.is_some());
        for entry in general.chain(specific) {
            let name = entry.action.value.as_str();
            let Some(action) = Action::from_name(name) else {
                let names: Vec<&str> = super::action::NAMED.iter().map(|(n, _)| *n).collect();
                let hint = nearest(name, &names)
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                problems.push((
                    entry.action.position,
                    format!(
                        "no action is called `{name}`{hint} (`liseuse config --default` lists them all)"
                    ),
                ));
                continue;
            };
            let targets: Vec<Context> = match &entry.context {
                None => {
                    let usual = defaults.usual_keys(&action);
                    defaults
                        .tables
                        .iter()
                        .filter(|(_, bs)| bs.iter().any(|b| b.action == action && b.keys == usual))
                        .map(|(c, _)| *c)
                        .collect()
                }
                Some(ctx) => {
                    let Some(c) = Context::from_config_name(&ctx.value) else {
                        let names: Vec<String> =
                            defaults.contexts().map(Context::config_name).collect();
                        let names: Vec<&str> = names.iter().map(String::as_str).collect();
                        let hint = nearest(&ctx.value, &names)
                            .map(|n| format!("; did you mean `[keys.{n}]`?"))
                            .unwrap_or_default();
                        problems.push((
                            ctx.position,
                            format!(
                                "no place is called `{}`{hint} (key sections: {})",
                                ctx.value,
                                names.join(", ")
                            ),
                        ));
                        continue;
                    };
                    if defaults.bindings(c).iter().all(|b| b.action != action) {
                        let home = defaults.home_of(&action).map(Context::config_name);
                        problems.push((
                            entry.action.position,
                            format!(
                                "`{name}` has no key in [keys.{}]{}",
                                ctx.value,
                                home.map(|h| format!(
                                    "; its keys are set under [keys] or [keys.{h}]"
                                ))
                                .unwrap_or_default()
                            ),
                        ));
                        continue;
                    }
                    vec![c]
                }
            };
            let mut keys: Vec<Key> = Vec::new();
            for spec in &entry.keys {
                match Key::parse(&spec.value) {
                    Ok(k) => {
                        if !keys.contains(&k) {
                            keys.push(k);
                        }
                        for &c in &targets {
                            origin.insert((c, name.to_string(), k), spec.position);
                        }
                    }
                    Err(e) => problems.push((spec.position, e)),
                }
            }
            for (c, bindings) in std::sync::Arc::make_mut(&mut map.tables) {
                if targets.contains(c) {
                    for b in bindings.iter_mut().filter(|b| b.action == action) {
                        b.keys = keys.clone();
                    }
                }
            }
            if entry.context.is_none() && keys != defaults.usual_keys(&action) {
                map.lend_to_overlays(&action, &keys, &targets);
            }
        }
        map.resolve_conflicts(&origin, &mut problems);
        (map, problems)
    }

    /// An action's usual keys: those of the first table that binds it.
    fn usual_keys(&self, action: &Action) -> Vec<Key> {
        self.tables
            .iter()
            .flat_map(|(_, bs)| bs.iter())
            .find(|b| b.action == *action)
            .map(|b| b.keys.clone())
            .unwrap_or_default()
    }

    /// The first context that binds `action`.
    fn home_of(&self, action: &Action) -> Option<Context> {
        self.tables
            .iter()
            .find(|(_, bs)| bs.iter().any(|b| b.action == *action))
            .map(|(c, _)| *c)
    }

    /// A key bound to two actions where both could answer stays with the
    /// one the config bound it to and is taken from the other, with a
    /// message at the place in the file that caused it.
    fn resolve_conflicts(
        &mut self,
        origin: &BTreeMap<(Context, String, Key), Position>,
        problems: &mut Vec<(Position, String)>,
    ) {
        let configured = |c: Context, a: &Action, k: Key| {
            a.name()
                .and_then(|n| origin.get(&(c, n.to_string(), k)).copied())
        };
        let contexts: Vec<Context> = self.tables.iter().map(|(c, _)| *c).collect();
        let mut said: Vec<String> = Vec::new();
        for ctx in contexts {
            let chain = chain_of(ctx);
            // Key → (context, action) that answers it first.
            let mut seen: BTreeMap<Key, (Context, Action)> = BTreeMap::new();
            let mut to_remove: Vec<(Context, Action, Key)> = Vec::new();
            for &c in &chain {
                for b in self.bindings(c) {
                    for &k in &b.keys {
                        let Some((first_ctx, first)) = seen.get(&k).cloned() else {
                            seen.insert(k, (c, b.action.clone()));
                            continue;
                        };
                        if first == b.action {
                            continue;
                        }
                        let first_at = configured(first_ctx, &first, k);
                        let this_at = configured(c, &b.action, k);
                        let (keep, keep_ctx, lose, lose_ctx, at) = match (first_at, this_at) {
                            (None, Some(at)) => (b.action.clone(), c, first, first_ctx, at),
                            (Some(at), _) => {
                                (first, first_ctx, b.action.clone(), c, this_at.unwrap_or(at))
                            }
                            // Two defaults: the tables are tested not to do this.
                            (None, None) => continue,
                        };
                        let (keep_name, lose_name) =
                            (keep.name().unwrap_or("?"), lose.name().unwrap_or("?"));
                        let message = format!(
                            "`{}` is given to both {keep_name} and {lose_name} ({}): it does {keep_name}; give {lose_name} another key",
                            k.config_name(),
                            ctx.title(),
                        );
                        if !said.contains(&message) {
                            said.push(message.clone());
                            problems.push((at, message));
                        }
                        to_remove.push((lose_ctx, lose, k));
                        seen.insert(k, (keep_ctx, keep));
                    }
                }
            }
            for (c, action, key) in to_remove {
                let tables = std::sync::Arc::make_mut(&mut self.tables);
                if let Some((_, bindings)) = tables.iter_mut().find(|(x, _)| *x == c) {
                    for b in bindings.iter_mut().filter(|b| b.action == action) {
                        b.keys.retain(|k| *k != key);
                    }
                }
            }
        }
    }

    pub fn contexts(&self) -> impl Iterator<Item = Context> + '_ {
        self.tables.iter().map(|(c, _)| *c)
    }

    pub fn bindings(&self, ctx: Context) -> &[Binding] {
        self.tables
            .iter()
            .find(|(c, _)| *c == ctx)
            .map_or(&[][..], |(_, b)| b.as_slice())
    }

    /// A general rebinding (`quit = ["x"]`) also works in the overlays
    /// that have the action under other keys (help, questions, the pack
    /// picker), for the keys they do not use themselves: they keep their
    /// own keys, so `q` still closes the help.
    fn lend_to_overlays(&mut self, action: &Action, keys: &[Key], skip: &[Context]) {
        const OVERLAYS: [Context; 4] = [
            Context::Help,
            Context::Confirm,
            Context::Unsaved,
            Context::Picker,
        ];
        for (c, bindings) in std::sync::Arc::make_mut(&mut self.tables) {
            if !OVERLAYS.contains(c) || skip.contains(c) {
                continue;
            }
            let free: Vec<Key> = keys
                .iter()
                .filter(|k| bindings.iter().all(|b| !b.keys.contains(k)))
                .copied()
                .collect();
            if let Some(b) = bindings.iter_mut().find(|b| b.action == *action) {
                b.keys.extend(free);
            }
        }
    }

    /// The action a key means, looking through `chain` in order.
    pub fn lookup(&self, chain: &[Context], key: Key) -> Option<Action> {
        chain.iter().find_map(|&c| {
            self.bindings(c)
                .iter()
                .find(|b| b.keys.contains(&key))
                .map(|b| b.action.clone())
        })
    }

    /// The first key that triggers `action` through `chain`, as drawn.
    pub fn key_label(&self, chain: &[Context], action: &Action) -> Option<String> {
        chain.iter().find_map(|&c| {
            self.bindings(c)
                .iter()
                .find(|b| b.action == *action)
                .and_then(|b| b.keys.first())
                .map(|k| k.label())
        })
    }

    /// A hint for a group of actions (`1-4 grade`), for pane hints.
    pub fn hint_for(&self, chain: &[Context], actions: &[Action], what: &'static str) -> Hint {
        let labels: Vec<String> = actions
            .iter()
            .filter_map(|a| self.key_label(chain, a))
            .collect();
        Hint {
            keys: compact(&labels),
            what,
        }
    }

    /// A context's status-line hints, neighbours with the same hint merged.
    pub fn hints(&self, ctx: Context) -> Vec<Hint> {
        self.hints_where(ctx, |_| true)
    }

    /// The hints of the bindings whose action `offered` keeps: the status
    /// line leaves out keys that do nothing at the moment (the vrai/faux
    /// keys on a multiple-choice question, say).
    pub fn hints_where(&self, ctx: Context, offered: impl Fn(&Action) -> bool) -> Vec<Hint> {
        let mut out: Vec<Hint> = Vec::new();
        let mut group: Vec<String> = Vec::new();
        let mut current: Option<&'static str> = None;
        for b in self.bindings(ctx).iter().filter(|b| offered(&b.action)) {
            let label = b.keys.first().map(|k| k.label());
            match (b.hint, label) {
                (Some(h), Some(l)) if current == Some(h) => group.push(l),
                (h, l) => {
                    if let Some(what) = current.take() {
                        out.push(Hint {
                            keys: compact(&group),
                            what,
                        });
                    }
                    group.clear();
                    if let (Some(h), Some(l)) = (h, l) {
                        current = Some(h);
                        group.push(l);
                    }
                }
            }
        }
        if let Some(what) = current {
            out.push(Hint {
                keys: compact(&group),
                what,
            });
        }
        out
    }

    /// Help lines of one context: (keys, what), neighbours with the same
    /// help text merged (`a-d 1-4  choose an option`).
    pub fn help_lines(&self, ctx: Context) -> Vec<(String, &'static str)> {
        let mut out: Vec<(Vec<&Binding>, &'static str)> = Vec::new();
        for b in self.bindings(ctx) {
            if b.keys.is_empty() {
                continue;
            }
            match out.last_mut() {
                Some((group, help)) if *help == b.help => group.push(b),
                _ => out.push((vec![b], b.help)),
            }
        }
        out.into_iter()
            .map(|(group, help)| {
                let width = group.iter().map(|b| b.keys.len()).max().unwrap_or(0);
                let columns: Vec<String> = (0..width)
                    .map(|i| {
                        let labels: Vec<String> = group
                            .iter()
                            .filter_map(|b| b.keys.get(i).map(|k| k.label()))
                            .collect();
                        compact(&labels)
                    })
                    .collect();
                (columns.join("  "), help)
            })
            .collect()
    }

    /// The `[keys]` sections of `liseuse config --default`: every action
    /// with its usual keys, then for each context the bindings whose keys
    /// differ there. Loading them gives back exactly these tables.
    pub fn default_sections(&self) -> Vec<DefaultSection> {
        let names = |keys: &[Key]| keys.iter().map(|k| k.config_name()).collect::<Vec<_>>();
        let mut general: Vec<DefaultEntry> = Vec::new();
        let mut specific: Vec<DefaultSection> = Vec::new();
        for (ctx, bindings) in self.tables.iter() {
            let mut here: Vec<DefaultEntry> = Vec::new();
            for b in bindings {
                let Some(name) = b.action.name() else {
                    continue;
                };
                if !general.iter().any(|e| e.name == name) {
                    general.push(DefaultEntry::keys(name, &names(&b.keys), b.help));
                } else if b.keys != self.usual_keys(&b.action) {
                    here.push(DefaultEntry::keys(name, &names(&b.keys), b.help));
                }
            }
            if !here.is_empty() {
                specific.push(DefaultSection {
                    header: format!("keys.{}", ctx.config_name()),
                    intro: vec![format!(
                        "{}: keys that differ from the ones above.",
                        ctx.title()
                    )],
                    entries: here,
                });
            }
        }
        let mut out = vec![DefaultSection {
            header: "keys".into(),
            intro: vec![
                "Keys. `action = [\"key\", ...]` gives an action its keys wherever it has its".into(),
                "usual ones (listed here); [keys.PLACE] sections change one place only.".into(),
                format!("Places: {}.", self.contexts().map(Context::config_name).collect::<Vec<_>>().join(", ")),
                "Keys: a character, ctrl-x, alt-x, space, enter, esc, tab, shift-tab,".into(),
                "backspace, up, down, left, right, pageup (pgup), pagedown (pgdn), home, end, f1-f24.".into(),
                "An empty list [] leaves an action without a key.".into(),
            ],
            entries: general,
        }];
        out.extend(specific);
        out
    }

    /// Every rebindable action with its keys, for `config --default` and
    /// the README: (action name, key names, help).
    #[cfg(test)]
    pub fn named_bindings(&self) -> Vec<(&'static str, Vec<String>, &'static str)> {
        let mut out: Vec<(&'static str, Vec<String>, &'static str)> = Vec::new();
        for (_, bindings) in self.tables.iter() {
            for b in bindings {
                let Some(name) = b.action.name() else {
                    continue;
                };
                if out.iter().any(|(n, ..)| *n == name) {
                    continue;
                }
                out.push((
                    name,
                    b.keys.iter().map(|k| k.config_name()).collect(),
                    b.help,
                ));
            }
        }
        out
    }
}

/// The contexts a key is looked up in, innermost first, when `ctx` has focus.
pub fn chain_of(ctx: Context) -> Vec<Context> {
    match ctx {
        Context::Reader => vec![Context::Reader, Context::Global],
        Context::Side => vec![Context::Side, Context::Global],
        Context::Tab(t) => vec![Context::Tab(t), Context::Side, Context::Global],
        other => vec![other],
    }
}

/// `a b c d` → `a-d`; otherwise `j/k`.
fn compact(labels: &[String]) -> String {
    let chars: Vec<char> = labels
        .iter()
        .filter_map(|l| {
            let mut c = l.chars();
            match (c.next(), c.next()) {
                (Some(x), None) => Some(x),
                _ => None,
            }
        })
        .collect();
    let consecutive = chars.len() == labels.len()
        && chars.len() > 2
        && chars.windows(2).all(|w| w[1] as u32 == w[0] as u32 + 1);
    if consecutive {
        format!("{}-{}", chars[0], chars[chars.len() - 1])
    } else {
        labels.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_print_back() {
        for spec in [
            "x",
            "G",
            "?",
            "ctrl-q",
            "alt-x",
            "space",
            "pagedown",
            "f3",
            "shift-tab",
            "esc",
        ] {
            let key = Key::parse(spec).expect(spec);
            assert_eq!(Key::parse(&key.config_name()), Ok(key), "{spec}");
        }
        assert_eq!(Key::parse("Ctrl-U").map(Key::label), Ok("Ctrl-U".into()));
        assert_eq!(Key::parse("pgdn").map(Key::label), Ok("PgDn".into()));
        assert!(Key::parse("hyper-x").is_err());
        assert!(Key::parse("").is_err());
    }

    #[test]
    fn the_default_tables_have_no_conflicts_and_valid_keys() {
        for (ctx, binds) in defaults() {
            for b in binds {
                for k in b.keys {
                    assert!(Key::parse(k).is_ok(), "{ctx:?}: {k}");
                }
            }
        }
        let (_, problems) = Keymap::new(&BTreeMap::new());
        assert_eq!(problems, Vec::<String>::new());
    }

    #[test]
    fn rebound_quit_also_quits_from_the_help_without_taking_its_keys() {
        let mut overrides = BTreeMap::new();
        overrides.insert("quit".to_string(), vec!["x".to_string(), "q".to_string()]);
        let (map, problems) = Keymap::new(&overrides);
        assert!(problems.is_empty(), "{problems:?}");
        let key = |s: &str| Key::parse(s).expect("a key");
        let help = chain_of(Context::Help);
        assert_eq!(map.lookup(&help, key("x")), Some(Action::Quit));
        assert_eq!(map.lookup(&help, key("ctrl-c")), Some(Action::Quit));
        // `q` keeps closing the help, as without a config.
        assert_eq!(map.lookup(&help, key("q")), Some(Action::Back));
        let picker = chain_of(Context::Picker);
        assert_eq!(map.lookup(&picker, key("x")), Some(Action::Quit));
        // Typing keeps its own keys: `x` is a letter there.
        assert_eq!(map.lookup(&chain_of(Context::Input), key("x")), None);
    }

    #[test]
    fn rebinding_quit_changes_lookup_and_reports_conflicts() {
        let mut overrides = BTreeMap::new();
        overrides.insert(
            "quit".to_string(),
            vec!["x".to_string(), "ctrl-q".to_string()],
        );
        let (map, problems) = Keymap::new(&overrides);
        assert!(problems.is_empty(), "{problems:?}");
        let chain = chain_of(Context::Reader);
        let x = Key::parse("x").expect("key");
        assert_eq!(map.lookup(&chain, x), Some(Action::Quit));
        assert_eq!(map.lookup(&chain, Key::parse("q").expect("key")), None);

        overrides.insert("quit".to_string(), vec!["w".to_string()]);
        overrides.insert("dance".to_string(), vec!["y".to_string()]);
        let (map, problems) = Keymap::new(&overrides);
        assert_eq!(problems.len(), 2, "{problems:?}");
        let w = Key::parse("w").expect("key");
        assert_eq!(
            map.lookup(&chain, w),
            Some(Action::Quit),
            "the rebound key wins"
        );
    }

    #[test]
    fn every_named_action_has_a_default_key() {
        let bound = Keymap::default().named_bindings();
        for (name, _) in crate::app::action::NAMED {
            let keys = bound.iter().find(|(n, ..)| n == name).map(|(_, k, _)| k);
            assert!(keys.is_some_and(|k| !k.is_empty()), "{name} has no key");
        }
    }

    /// The README's keys table, as the tables say it should read.
    fn readme_table(map: &Keymap) -> String {
        let mut out = String::from("| where | keys | what |\n|---|---|---|\n");
        for ctx in map.contexts() {
            for (i, (keys, what)) in map.help_lines(ctx).into_iter().enumerate() {
                let keys: Vec<String> = keys
                    .split("  ")
                    .map(|k| format!("`{}`", k.replace('|', "\\|")))
                    .collect();
                let place = if i == 0 { ctx.title() } else { "" };
                out.push_str(&format!("| {place} | {} | {what} |\n", keys.join(" ")));
            }
        }
        out
    }

    #[test]
    fn the_readme_keys_table_is_the_key_table() {
        let readme = include_str!("../../README.md");
        let expected = readme_table(&Keymap::default());
        let start = "<!-- keys: generated from src/app/keys.rs, checked by a test -->\n";
        let table = readme
            .split_once(start)
            .and_then(|(_, rest)| rest.split_once("<!-- keys end -->"))
            .map(|(table, _)| table);
        assert_eq!(
            table,
            Some(expected.as_str()),
            "README.md's keys table should read:\n{expected}"
        );
    }

    #[test]
    fn key_sections_do_not_collide_with_action_names() {
        for (ctx, _) in defaults() {
            let name = ctx.config_name();
            assert!(Action::from_name(&name).is_none(), "[keys.{name}]");
            assert_eq!(Context::from_config_name(&name), Some(ctx));
        }
    }

    #[test]
    fn hints_merge_neighbours() {
        assert_eq!(
            compact(&["1".into(), "2".into(), "3".into(), "4".into()]),
            "1-4"
        );
        assert_eq!(compact(&["j".into(), "k".into()]), "j/k");
    }
}
