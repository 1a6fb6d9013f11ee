//! The reading pane: its state, its keys, and its part of `update`.
//!
//! Cursor and view: the *view* (`scroll`) is what the learner reads; the
//! *word cursor* is an optional mark inside it. Scrolling moves only the
//! view. Word motions (`w b W B`, a click) start from the cursor when it
//! is on screen, otherwise from the top of the view, and the view follows
//! the cursor when it would leave the screen. Re-wrapping (`t`, resizing,
//! zoom) keeps the cursor's row — or the top row when there is no cursor
//! on screen — where it was on screen.

pub mod rows;

use std::ops::Range;

use super::keys::Bind;
use super::{Action, App, Turn};
use rows::{ReaderLayout, Row};

/// How much text one idle slice of row counting wraps: about a
/// millisecond, so a key pressed meanwhile waits no longer than that.
const REFINE_BYTES: usize = 48 * 1024;

/// Why parts of the text are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// All occurrences of the selected glossary entry.
    Occurrences,
    /// The passage that answers a question, or a note's passages.
    Passage,
}

/// Ranges of the text to mark, sorted by start.
#[derive(Debug, Clone, PartialEq)]
pub struct Marks {
    pub kind: MarkKind,
    pub ranges: Vec<Range<usize>>,
    /// The occurrence `n`/`N` last went to.
    pub current: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Reader {
    /// First row drawn.
    pub scroll: usize,
    /// Token under the word cursor.
    pub cursor: Option<usize>,
    pub marks: Option<Marks>,
    /// Ranges of the text drawn hidden (a gap card's answer), sorted.
    pub masks: Vec<Range<usize>>,
    pub show_translation: bool,
    pub rows: ReaderLayout,
    /// While a long text is indexed in the background (its beginning on
    /// screen): how far, in percent.
    pub indexing: Option<u32>,
}

pub const KEYS: &[Bind] = &[
    Bind::new(Action::Down, &["j", "down"], "scroll a line down").hint("scroll"),
    Bind::new(Action::Up, &["k", "up"], "scroll a line up").hint("scroll"),
    Bind::new(
        Action::PageDown,
        &["pagedown", "space"],
        "scroll a page down",
    ),
    Bind::new(Action::PageUp, &["pageup"], "scroll a page up"),
    Bind::new(Action::HalfPageDown, &["ctrl-d"], "scroll half a page down"),
    Bind::new(Action::HalfPageUp, &["ctrl-u"], "scroll half a page up"),
    Bind::new(Action::Home, &["g", "home"], "go to the top"),
    Bind::new(Action::End, &["G", "end"], "go to the end"),
    Bind::new(
        Action::NextWord,
        &["w", "l", "right"],
        "next word (its entry shows in the side pane)",
    )
    .hint("word"),
    Bind::new(Action::PrevWord, &["b", "h", "left"], "previous word").hint("word"),
    Bind::new(Action::NextGlossed, &["W"], "next glossary word").hint("glossed"),
    Bind::new(Action::PrevGlossed, &["B"], "previous glossary word").hint("glossed"),
    Bind::new(
        Action::Activate,
        &["enter"],
        "open the word's entry in the Glossary tab",
    )
    .hint("entry"),
    Bind::new(
        Action::ToggleDeck,
        &["a"],
        "take the word out of the quiz deck, or put it back",
    ),
    Bind::new(
        Action::MarkKnown,
        &["K"],
        "mark the word as known (again: back to the deck)",
    ),
    Bind::new(Action::SpeakWord, &["s"], "say the word aloud (espeak-ng)"),
    Bind::new(Action::SpeakSentence, &["S"], "say its sentence aloud"),
    Bind::new(Action::SpeakParagraph, &["p"], "say its paragraph aloud"),
    Bind::new(
        Action::AddWord,
        &["+"],
        "add the word to your own words, with a meaning to edit",
    ),
];

/// The reader's part of `update`, when it has focus.
pub fn update(app: &mut App, action: &Action, turn: &mut Turn) {
    let page = app.text_height().saturating_sub(1).max(1) as isize;
    match action {
        Action::Up => app.scroll_reader(-1),
        Action::Down => app.scroll_reader(1),
        Action::PageUp => app.scroll_reader(-page),
        Action::PageDown => app.scroll_reader(page),
        Action::HalfPageUp => app.scroll_reader(-(page / 2).max(1)),
        Action::HalfPageDown => app.scroll_reader((page / 2).max(1)),
        Action::Home => app.scroll_reader(isize::MIN / 2),
        Action::End => app.scroll_reader(isize::MAX / 2),
        Action::NextWord => app.step_word(true),
        Action::PrevWord => app.step_word(false),
        Action::NextGlossed => app.step_glossed(true),
        Action::PrevGlossed => app.step_glossed(false),
        Action::Activate => app.open_word_entry(),
        Action::ToggleDeck => app.set_deck(false, turn),
        Action::MarkKnown => app.set_deck(true, turn),
        Action::SpeakWord => app.speak(super::lookup::Span::Word, turn),
        Action::SpeakSentence => app.speak(super::lookup::Span::Sentence, turn),
        Action::SpeakParagraph => app.speak(super::lookup::Span::Paragraph, turn),
        Action::AddWord => app.start_adding(),
        _ => {}
    }
}

impl App {
    /// Visible height of the reading pane's text.
    pub fn text_height(&self) -> usize {
        usize::from(self.screen.text.height)
    }

    pub fn max_scroll(&self) -> usize {
        self.reader
            .rows
            .row_count()
            .saturating_sub(self.text_height().max(1))
    }

    /// Keeps the view within the text. A long text's row counts ahead are
    /// estimates until seen: the rows on screen are made exact first, and
    /// a view at the end stays at the end of what they turn out to be.
    pub fn clamp_scroll(&mut self) {
        let height = self.text_height().max(1);
        for _ in 0..8 {
            let at_end = self.reader.scroll >= self.max_scroll();
            let _ = self
                .reader
                .rows
                .visible(&self.study, self.reader.scroll, height);
            let max = self.max_scroll();
            if self.reader.scroll == max || (self.reader.scroll < max && !at_end) {
                break;
            }
            self.reader.scroll = max;
        }
    }

    pub(crate) fn scroll_reader(&mut self, delta: isize) {
        self.reader.scroll = self
            .reader
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll());
        self.clamp_scroll();
    }

    /// Re-wraps the text if the width or the translation changed, keeping
    /// the anchor (the cursor's row if on screen, else the top row) at
    /// the same screen row.
    pub(crate) fn relayout(&mut self) {
        let width = self.screen.text.width.max(1);
        let rows = &self.reader.rows;
        if rows.width() == width
            && rows.translations() == self.reader.show_translation
            && rows.row_count() > 0
        {
            self.clamp_scroll();
            return;
        }
        let anchor = match self.cursor_byte().filter(|_| self.cursor_on_screen()) {
            Some(byte) => rows.row_of(&self.study, byte).map(|row| (byte, row)),
            None => rows
                .top_byte(&self.study, self.reader.scroll)
                .map(|b| (b, self.reader.scroll)),
        };
        if rows.row_count() == 0 {
            self.reader.rows =
                ReaderLayout::build(&self.study, width, self.reader.show_translation);
        } else {
            self.reader
                .rows
                .relayout(&self.study, width, self.reader.show_translation);
        }
        if let Some((byte, old_row)) = anchor {
            let screen_row = old_row.saturating_sub(self.reader.scroll);
            let new_row = self.reader.rows.row_of(&self.study, byte).unwrap_or(0);
            self.reader.scroll = new_row.saturating_sub(screen_row);
        }
        self.clamp_scroll();
    }

    /// Makes some of the reading pane's estimated row counts exact (about
    /// [`REFINE_BYTES`] of text), keeping the view on the same text; the
    /// event loop calls it while idle. Whether estimates remain.
    pub fn refine_rows(&mut self) -> bool {
        let shift = self
            .reader
            .rows
            .refine(&self.study, self.reader.scroll, REFINE_BYTES);
        let shift = isize::try_from(shift).unwrap_or(0);
        self.reader.scroll = self.reader.scroll.saturating_add_signed(shift);
        let estimated = self.reader.rows.is_estimated();
        if !estimated {
            self.clamp_scroll();
        }
        estimated
    }

    /// A long pack opened for the first time, compiled behind a preview of
    /// its text alone: the app is made again on the whole, keeping the
    /// learner's place in the text, the tab, focus, what is open and the
    /// progress as it is now.
    // Out of line: only a first open runs it, not every start.
    #[inline(never)]
    pub fn finish_opening(&mut self, study: liseuse::study::Study, now: i64) {
        let top = self.reader.rows.top_byte(&self.study, self.reader.scroll);
        // Words the learner added or removed meanwhile: joined again.
        let study = if personal_ids(&study) == personal_ids(&self.study) {
            study
        } else {
            liseuse::personal::rejoin(&study, &self.saved.progress.words)
        };
        let start = crate::app::Start {
            progress: self.saved.progress.clone(),
            persist: self.saved.persist,
            notice: self.notice.take(),
            keymap: self.keymap.clone(),
            now,
            utc_offset: self.saved.utc_offset,
            // Made by the next action, as on any start (the event loop
            // gives [`Action::Reopened`] at once).
            stats_later: true,
        };
        let area = self.screen.area;
        let mut fresh = crate::app::App::new(study, start, area.width, area.height);
        fresh.saved.unsaved = self.saved.unsaved;
        fresh.reader.cursor = self.reader.cursor;
        fresh.reader.show_translation = self.reader.show_translation;
        fresh.tab = self.tab;
        fresh.focus = self.focus;
        fresh.zoom = self.zoom;
        fresh.overlay = self.overlay.take();
        fresh.input = std::mem::take(&mut self.input);
        fresh.lookup = std::mem::take(&mut self.lookup);
        fresh.flash = self.flash.take();
        fresh.quit = self.quit;
        fresh.quitting = self.quitting;
        fresh.farewell = self.farewell.take();
        fresh.resize(area.width, area.height);
        if let Some(byte) = top {
            fresh.reader.scroll = fresh.reader.rows.row_of(&fresh.study, byte).unwrap_or(0);
        }
        fresh.clamp_scroll();
        let filter = std::mem::take(&mut self.glossary.filter);
        if !filter.is_empty() {
            fresh.apply_filter(filter);
        }
        *self = fresh;
    }

    /// The whole text, indexed in the background, takes the place of its
    /// preview: offsets and tokens of the preview stay valid, so the view
    /// keeps its top line and the cursor its word; rows are made afresh and
    /// the selected entry's marks now run through the whole text. A pack
    /// opened for the first time is made again at `now` (see
    /// [`App::finish_opening`]). `false` if the whole read apart does not
    /// agree with the preview's pack (the preview stays), or if the pack
    /// did not open (told by the caller).
    pub fn finish_indexing(&mut self, whole: liseuse::study::WholeRead, now: i64) -> bool {
        let top = self.reader.rows.top_byte(&self.study, self.reader.scroll);
        // Words the learner added or removed meanwhile: indexed again then.
        let personal = personal_ids;
        match whole {
            liseuse::study::WholeRead::Study(study) => {
                self.study = if personal(&study) == personal(&self.study) {
                    *study
                } else {
                    liseuse::personal::rejoin(&study, &self.saved.progress.words)
                };
            }
            liseuse::study::WholeRead::Opened(study) => {
                self.finish_opening(*study, now);
                return true;
            }
            // Told by the caller, which takes the interface down.
            liseuse::study::WholeRead::Refused(_) => return false,
            liseuse::study::WholeRead::Text(large) => {
                if !self.study.complete(*large) {
                    return false;
                }
                let words = &self.saved.progress.words;
                if liseuse::personal::may_join(&self.study, words) {
                    self.study = liseuse::personal::rejoin(&self.study, words);
                }
            }
        }
        self.reader.indexing = None;
        let width = self.screen.text.width.max(1);
        self.reader.rows = ReaderLayout::build(&self.study, width, self.reader.show_translation);
        if let Some(byte) = top {
            self.reader.scroll = self.reader.rows.row_of(&self.study, byte).unwrap_or(0);
        }
        self.clamp_scroll();
        if self
            .reader
            .marks
            .as_ref()
            .is_some_and(|m| m.kind == MarkKind::Occurrences)
        {
            self.mark_selected_entry(false);
        }
        true
    }

    pub(crate) fn toggle_translation(&mut self) {
        self.reader.show_translation = !self.reader.show_translation;
        self.relayout();
    }

    pub(crate) fn cursor_byte(&self) -> Option<usize> {
        self.reader
            .cursor
            .and_then(|c| self.study.tokens.get(c))
            .map(|t| t.start())
    }

    /// Whether the word cursor is in the rows drawn.
    pub fn cursor_on_screen(&self) -> bool {
        self.cursor_byte()
            .and_then(|b| self.reader.rows.row_of(&self.study, b))
            .is_some_and(|row| {
                row >= self.reader.scroll && row < self.reader.scroll + self.text_height().max(1)
            })
    }

    fn first_visible_token(&self) -> usize {
        self.reader
            .rows
            .first_token_from(&self.study, self.reader.scroll)
            .unwrap_or(0)
    }

    /// Moves the word cursor from itself if on screen, else from the top
    /// of the view.
    fn step_word(&mut self, forward: bool) {
        let n = self.study.tokens.len();
        let on_screen = self.cursor_on_screen();
        let start = match self.reader.cursor.filter(|_| on_screen) {
            Some(c) => c,
            None => {
                let first = self.first_visible_token();
                // Forward from the top lands on the first visible word.
                if forward && self.study.is_word(first) {
                    self.set_cursor(first);
                    return;
                }
                first
            }
        };
        let mut i = start;
        let found = loop {
            if forward {
                i += 1;
                if i >= n {
                    break None;
                }
            } else {
                if i == 0 {
                    break None;
                }
                i -= 1;
            }
            if self.study.is_word(i) {
                break Some(i);
            }
        };
        if let Some(t) = found {
            self.set_cursor(t);
        }
    }

    /// Moves the cursor to the next or previous word with a glossary entry.
    fn step_glossed(&mut self, forward: bool) {
        let index = &self.study.index;
        let from = self.cursor_byte().filter(|_| self.cursor_on_screen());
        let found = match (from, forward) {
            (Some(b), true) => index.next_after(b),
            (Some(b), false) => index.prev_before(b),
            (None, _) => {
                let first = self.first_visible_token();
                let top = self.study.tokens.get(first).map_or(0, |t| t.start());
                let i = index
                    .occurrences()
                    .partition_point(|o| o.range().start < top);
                (i < index.occurrences().len()).then_some(i)
            }
        };
        if let Some(o) = found {
            let byte = index.occurrences()[o].range().start;
            if let Some(token) = self.study.token_at(byte) {
                self.set_cursor(token);
            }
        }
    }

    /// Puts the cursor on a token, scrolls it into view and shows the
    /// word in the glossary's detail.
    pub(crate) fn set_cursor(&mut self, token: usize) {
        self.reader.cursor = Some(token);
        if let Some(byte) = self.study.tokens.get(token).map(|t| t.start()) {
            self.ensure_visible(byte);
            self.show_word(token);
        }
    }

    /// Enter in the text: the entry of the word under the cursor.
    fn open_word_entry(&mut self) {
        if !self.cursor_on_screen() {
            self.step_word(true);
        }
        if let Some(entry) = self
            .cursor_byte()
            .and_then(|b| self.study.index.entries_at(b).first().copied())
        {
            self.select_tab(super::tabs::Tab::Glossary);
            self.show_entry(entry, false);
        }
    }

    /// Scrolls the reader so that a byte of the text is in view.
    pub(crate) fn ensure_visible(&mut self, byte: usize) {
        let Some(row) = self.reader.rows.row_of(&self.study, byte) else {
            return;
        };
        let height = self.text_height().max(1);
        if row < self.reader.scroll {
            self.reader.scroll = row.saturating_sub(1);
        } else if row >= self.reader.scroll + height {
            self.reader.scroll = row + 2 - height.min(row + 2);
        }
        self.clamp_scroll();
    }

    /// Marks ranges of the text as passages and scrolls to the first.
    pub(crate) fn mark_passages(&mut self, mut ranges: Vec<Range<usize>>) {
        ranges.sort_by_key(|r| r.start);
        if let Some(first) = ranges.first() {
            self.ensure_visible(first.start);
        }
        self.reader.marks = Some(Marks {
            kind: MarkKind::Passage,
            ranges,
            current: 0,
        });
    }

    /// Clears passage marks (not the occurrences of a glossary entry).
    pub(crate) fn clear_passages(&mut self) {
        if self
            .reader
            .marks
            .as_ref()
            .is_some_and(|m| m.kind == MarkKind::Passage)
        {
            self.reader.marks = None;
        }
    }

    /// Hides ranges of the text (drawn as `_`), e.g. a gap card's answer;
    /// an empty list shows everything again.
    pub fn set_masks(&mut self, mut ranges: Vec<Range<usize>>) {
        ranges.sort_by_key(|r| r.start);
        self.reader.masks = ranges;
    }

    /// `n` / `N`: the next or previous marked range.
    pub(crate) fn step_mark(&mut self, forward: bool) {
        let Some(marks) = &mut self.reader.marks else {
            self.flash =
                Some("Nothing is marked: select a glossary entry, then n/N step through it".into());
            return;
        };
        let n = marks.ranges.len();
        if n == 0 {
            return;
        }
        let wrapped = (forward && marks.current + 1 == n) || (!forward && marks.current == 0);
        marks.current = if forward {
            (marks.current + 1) % n
        } else {
            (marks.current + n - 1) % n
        };
        let current = marks.current;
        let byte = marks.ranges[current].start;
        let kind = marks.kind;
        if kind == MarkKind::Occurrences {
            self.reader.cursor = self.study.token_at(byte);
        }
        self.ensure_visible(byte);
        let what = if kind == MarkKind::Occurrences {
            "occurrence"
        } else {
            "passage"
        };
        self.flash = Some(if wrapped && n > 1 {
            format!("{what} {}/{n} (wrapped round)", current + 1)
        } else {
            format!("{what} {}/{n}", current + 1)
        });
    }

    /// The token drawn at a screen cell of the text area.
    pub(crate) fn token_at_cell(&self, x: u16, y: u16) -> Option<usize> {
        let s = self.screen;
        let row = self.reader.scroll + usize::from(y.checked_sub(s.text.y)?);
        let Row::Text { range, first_token } = self
            .reader
            .rows
            .visible(&self.study, row, 1)
            .into_iter()
            .next()?
        else {
            return None;
        };
        let target = usize::from(x.checked_sub(s.text.x)?);
        let mut col = 0;
        let text = self.study.text();
        for (i, t) in self.study.tokens.iter().enumerate().skip(first_token) {
            if t.start() >= range.end {
                break;
            }
            let start = t.start().max(range.start);
            let end = t.end().min(range.end);
            let w = liseuse::text::wrap::display_width(text.get(start..end).unwrap_or(""));
            if target < col + w {
                return Some(i);
            }
            col += w;
        }
        None
    }

    /// Where the view stands, as the reader's bottom border shows it.
    pub fn position_label(&self) -> String {
        let max = self.max_scroll();
        if max == 0 {
            "all".to_string()
        } else if self.reader.scroll == 0 {
            "top".to_string()
        } else if self.reader.scroll >= max {
            "end".to_string()
        } else {
            format!("{}%", self.reader.scroll * 100 / max)
        }
    }
}

/// The ids of the learner's own entries joined to `study`.
fn personal_ids(study: &liseuse::study::Study) -> Vec<String> {
    study
        .pack
        .glossary
        .iter()
        .filter(|e| liseuse::personal::is_personal(e))
        .map(|e| e.id.to_string())
        .collect()
}
