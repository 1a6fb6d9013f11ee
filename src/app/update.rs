//! `App::update`: the only place the state changes.

use tui_input::InputRequest;

use super::layout::Row;
use super::{Action, Answered, App, Detail, Focus, InputMode, MarkKind, Marks, Tab};
use liseuse::pack::QuestionKind;
use liseuse::quiz::grade::lenient_match;

impl App {
    pub fn update(&mut self, action: Action) {
        self.apply(action);
        self.keep_selection_visible();
    }

    /// Scrolls the glossary list so that its selected row is drawn.
    fn keep_selection_visible(&mut self) {
        let height = self.list_height();
        let g = &mut self.glossary;
        if g.selected < g.offset {
            g.offset = g.selected;
        } else if g.selected >= g.offset + height {
            g.offset = g.selected + 1 - height;
        }
    }

    fn apply(&mut self, action: Action) {
        if self.help {
            match action {
                Action::Quit => self.quit = true,
                Action::Up(n) => self.help_scroll = self.help_scroll.saturating_sub(n),
                Action::Down(n) => {
                    self.help_scroll = self
                        .help_scroll
                        .saturating_add(n)
                        .min(super::keymap::help_lines());
                }
                Action::Resize(w, h) => self.resize(w, h),
                Action::ToggleHelp | Action::Back | Action::Click(..) => self.help = false,
                _ => {}
            }
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::ToggleHelp => {
                self.help = true;
                self.help_scroll = 0;
            }
            Action::Back => self.back(),
            Action::SwitchFocus => {
                // Typing belongs to the side pane: leaving it closes the input.
                self.input_mode = InputMode::None;
                self.focus = match self.focus {
                    Focus::Reader => Focus::Side,
                    Focus::Side => Focus::Reader,
                }
            }
            // Choosing a tab means using it: its keys go to the side pane.
            Action::NextTab => self.open_tab(self.tab.offset(1)),
            Action::PrevTab => self.open_tab(self.tab.offset(-1)),
            Action::SelectTab(tab) => self.open_tab(tab),
            Action::Up(n) => self.move_by(-(n as isize)),
            Action::Down(n) => self.move_by(n as isize),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::Home => self.move_by(isize::MIN / 2),
            Action::End => self.move_by(isize::MAX / 2),
            Action::NextWord => self.step_word(true),
            Action::PrevWord => self.step_word(false),
            Action::NextGlossed => self.step_glossed(true),
            Action::PrevGlossed => self.step_glossed(false),
            Action::Activate => self.activate(),
            Action::StartSearch => {
                self.select_tab(Tab::Glossary);
                self.focus = Focus::Side;
                self.input_mode = InputMode::Search;
                self.input = tui_input::Input::new(self.glossary.filter.clone());
            }
            Action::NextOccurrence => self.step_mark(true),
            Action::PrevOccurrence => self.step_mark(false),
            Action::ToggleTranslation => {
                self.show_translation = !self.show_translation;
                let anchor = self.cursor_byte().or_else(|| self.top_byte());
                self.relayout();
                if let Some(b) = anchor {
                    self.scroll = self.reader_layout.row_of(b).unwrap_or(0);
                }
                self.clamp_scroll();
            }
            Action::Choose(i) => self.answer_choice(i),
            Action::ChooseBool(b) => self.answer_bool(b),
            Action::Edit(req) => self.edit(req),
            Action::Submit => self.submit(),
            Action::Grade(n) => self.quiz_key(n),
            Action::Reveal => self.quiz_reveal(),
            Action::Practice => self.start_practice(),
            Action::ToggleDeck => self.set_deck(false),
            Action::MarkKnown => self.set_deck(true),
            Action::ResetQuestions => self.reset_questions(),
            Action::Tick => {
                if self.saved.unsaved {
                    self.save();
                }
            }
            Action::Resize(w, h) => self.resize(w, h),
            Action::Click(x, y) => self.click(x, y),
            Action::ScrollAt { column, row, down } => self.scroll_at(column, row, down),
        }
    }

    fn page(&self) -> usize {
        match self.focus {
            Focus::Reader => self.text_height().saturating_sub(1).max(1),
            Focus::Side => usize::from(self.screen.side_body.height)
                .saturating_sub(2)
                .max(1),
        }
    }

    fn back(&mut self) {
        if self.input_mode != InputMode::None {
            self.input_mode = InputMode::None;
        } else if self.marks.is_some() {
            self.marks = None;
        } else {
            self.notice = None;
        }
    }

    fn open_tab(&mut self, tab: Tab) {
        self.focus = Focus::Side;
        self.select_tab(tab);
    }

    fn select_tab(&mut self, tab: Tab) {
        if self.tab != tab {
            self.input_mode = InputMode::None;
        }
        self.tab = tab;
        match tab {
            Tab::Notes => self.mark_note(),
            Tab::Quiz => self.quiz_opened(),
            // Cards fall due as time passes: count them afresh on opening.
            Tab::Stats => {
                let now = self.now();
                self.saved.refresh(&self.study.pack.glossary, now);
            }
            _ => {}
        }
    }

    /// Moves within whatever has focus; large values jump to an end.
    fn move_by(&mut self, delta: isize) {
        match (self.focus, self.tab) {
            (Focus::Reader, _) => self.scroll_reader(delta),
            (Focus::Side, Tab::Glossary) => {
                let last = self.glossary.shown.len().saturating_sub(1);
                self.glossary.selected = offset(self.glossary.selected, delta, last);
                self.glossary.detail = Detail::Selected;
                self.mark_selected_entry(true);
            }
            (Focus::Side, Tab::Questions) => {
                let last = self.study.pack.questions.len().saturating_sub(1);
                self.questions.current = offset(self.questions.current, delta, last);
                self.input_mode = InputMode::None;
                self.mark_question_if_answered();
            }
            (Focus::Side, Tab::Notes) => {
                let last = self.study.pack.notes.len().saturating_sub(1);
                self.note = offset(self.note, delta, last);
                self.notes_scroll = 0;
                self.mark_note();
            }
            (Focus::Side, Tab::Quiz | Tab::Stats) => self.scroll_reader(delta),
        }
    }

    fn scroll_reader(&mut self, delta: isize) {
        self.scroll = offset(self.scroll, delta, self.max_scroll());
    }

    /// Moves the word cursor, starting from the top of the view.
    fn step_word(&mut self, forward: bool) {
        let n = self.study.tokens.len();
        let start = match self.cursor {
            Some(c) => c,
            None => {
                let first = self.first_visible_token();
                if forward {
                    first.saturating_sub(1)
                } else {
                    first
                }
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
        let found = found.or(self.cursor.filter(|&c| self.study.is_word(c)));
        if let Some(t) = found {
            self.set_cursor(t);
        } else if self.cursor.is_none() && forward && self.study.is_word(start) {
            self.set_cursor(start);
        }
    }

    /// Moves the cursor to the next or previous word with a glossary entry.
    fn step_glossed(&mut self, forward: bool) {
        let index = &self.study.index;
        let found = match (self.cursor_byte(), forward) {
            (Some(b), true) => index.next_after(b),
            (Some(b), false) => index.prev_before(b),
            (None, _) => {
                // From the top of the view.
                let first = self.first_visible_token();
                let top = self.study.tokens.get(first).map_or(0, |t| t.range.start);
                let i = index.occurrences().partition_point(|o| o.range.start < top);
                (i < index.occurrences().len()).then_some(i)
            }
        };
        if let Some(o) = found {
            let byte = index.occurrences()[o].range.start;
            if let Some(token) = self.study.token_at(byte) {
                self.set_cursor(token);
            }
        }
    }

    fn first_visible_token(&self) -> usize {
        self.reader_layout
            .rows
            .iter()
            .skip(self.scroll)
            .find_map(|r| match r {
                Row::Text { first_token, .. } => Some(*first_token),
                Row::Translation(_) => None,
            })
            .unwrap_or(0)
    }

    /// Puts the cursor on a token and shows its entry in the glossary.
    pub(crate) fn set_cursor(&mut self, token: usize) {
        self.cursor = Some(token);
        if let Some(byte) = self.study.tokens.get(token).map(|t| t.range.start) {
            self.ensure_visible(byte);
            let entries = self.study.index.entries_at(byte);
            match entries.first() {
                Some(&entry) => self.show_entry(entry, false),
                None => {
                    self.glossary.detail =
                        Detail::NoEntry(self.study.token_text(token).to_string());
                }
            }
        }
    }

    /// Selects an entry in the glossary list, clearing a filter that hides it.
    fn show_entry(&mut self, entry: usize, scroll_text: bool) {
        if !self.glossary.shown.contains(&entry) {
            self.glossary.filter.clear();
            self.glossary.shown = self.study.filter("");
        }
        if let Some(pos) = self.glossary.shown.iter().position(|&e| e == entry) {
            self.glossary.selected = pos;
        }
        self.glossary.detail = Detail::Selected;
        self.mark_selected_entry(scroll_text);
    }

    /// Marks every occurrence of the selected entry, optionally scrolling to
    /// the first.
    fn mark_selected_entry(&mut self, scroll_text: bool) {
        let Some(entry) = self.selected_entry() else {
            return;
        };
        let ranges: Vec<_> = self
            .study
            .index
            .of_entry(entry)
            .iter()
            .map(|&o| self.study.index.occurrences()[o].range.clone())
            .collect();
        if scroll_text && let Some(first) = ranges.first() {
            self.ensure_visible(first.start);
        }
        let current = self
            .cursor_byte()
            .and_then(|b| ranges.iter().position(|r| r.start <= b && b < r.end))
            .unwrap_or(0);
        self.marks = Some(Marks {
            kind: MarkKind::Occurrences,
            ranges,
            current,
        });
    }

    fn step_mark(&mut self, forward: bool) {
        let Some(marks) = &mut self.marks else {
            self.notice =
                Some("Select a glossary entry first: n/N step through its occurrences".into());
            return;
        };
        if marks.ranges.is_empty() {
            return;
        }
        let n = marks.ranges.len();
        marks.current = if forward {
            (marks.current + 1) % n
        } else {
            (marks.current + n - 1) % n
        };
        let byte = marks.ranges[marks.current].start;
        if marks.kind == MarkKind::Occurrences {
            self.cursor = self.study.token_at(byte);
        }
        self.ensure_visible(byte);
    }

    /// Scrolls the reader so that a byte of the text is in view.
    fn ensure_visible(&mut self, byte: usize) {
        let Some(row) = self.reader_layout.row_of(byte) else {
            return;
        };
        let height = self.text_height().max(1);
        if row < self.scroll {
            self.scroll = row.saturating_sub(1);
        } else if row >= self.scroll + height {
            self.scroll = row + 2 - height.min(row + 2);
        }
        self.clamp_scroll();
    }

    fn cursor_byte(&self) -> Option<usize> {
        self.cursor
            .and_then(|c| self.study.tokens.get(c))
            .map(|t| t.range.start)
    }

    fn activate(&mut self) {
        match (self.focus, self.tab) {
            (Focus::Reader, _) => {
                if self.cursor.is_none() {
                    self.step_word(true);
                }
                if let Some(entry) = self
                    .cursor_byte()
                    .and_then(|b| self.study.index.entries_at(b).first().copied())
                {
                    self.select_tab(Tab::Glossary);
                    self.show_entry(entry, false);
                }
            }
            (Focus::Side, Tab::Glossary) => self.mark_selected_entry(true),
            (Focus::Side, Tab::Quiz) => self.quiz_reveal(),
            (Focus::Side, Tab::Questions) => {
                let q = self.study.pack.questions.get(self.questions.current);
                if q.is_some_and(|q| q.kind == QuestionKind::Short) {
                    self.input_mode = InputMode::ShortAnswer;
                    self.input = tui_input::Input::default();
                }
            }
            _ => {}
        }
    }

    fn edit(&mut self, req: InputRequest) {
        if self.input_mode == InputMode::None {
            return;
        }
        self.input.handle(req);
        if self.input_mode == InputMode::Search {
            self.apply_filter();
        }
    }

    fn apply_filter(&mut self) {
        self.glossary.filter = self.input.value().to_string();
        self.glossary.shown = self.study.filter(&self.glossary.filter);
        self.glossary.selected = 0;
        self.glossary.offset = 0;
        self.glossary.detail = Detail::Selected;
        if !self.glossary.shown.is_empty() {
            self.mark_selected_entry(true);
        }
    }

    fn submit(&mut self) {
        match self.input_mode {
            InputMode::None => self.activate(),
            InputMode::Search => self.input_mode = InputMode::None,
            InputMode::QuizAnswer => self.quiz_submit(),
            InputMode::ShortAnswer => {
                let given = self.input.value().trim().to_string();
                self.input_mode = InputMode::None;
                if given.is_empty() {
                    return;
                }
                let Some(q) = self.study.pack.questions.get(self.questions.current) else {
                    return;
                };
                let mut accepted = q.accept.clone();
                accepted.extend(q.model.clone());
                let correct = lenient_match(&given, &accepted);
                self.record_answer(given, correct);
            }
        }
    }

    fn current_question_open(&self) -> bool {
        self.tab == Tab::Questions
            && self
                .questions
                .answers
                .get(self.questions.current)
                .is_some_and(Option::is_none)
    }

    fn answer_choice(&mut self, i: usize) {
        if !self.current_question_open() {
            return;
        }
        let Some(q) = self.study.pack.questions.get(self.questions.current) else {
            return;
        };
        match q.kind {
            QuestionKind::Choice => {
                let Some(choice) = q.choices.get(i) else {
                    return;
                };
                let given = format!("{}) {choice}", letter(i));
                let correct = q.answer == Some(i + 1);
                self.record_answer(given, correct);
            }
            QuestionKind::TrueFalse if i < 2 => self.answer_bool(i == 0),
            _ => {}
        }
    }

    fn answer_bool(&mut self, value: bool) {
        if !self.current_question_open() {
            return;
        }
        let Some(q) = self.study.pack.questions.get(self.questions.current) else {
            return;
        };
        if q.kind != QuestionKind::TrueFalse {
            return;
        }
        let given = if value { "vrai" } else { "faux" }.to_string();
        let correct = q.correct == Some(value);
        self.record_answer(given, correct);
    }

    fn record_answer(&mut self, given: String, correct: bool) {
        let current = self.questions.current;
        if let Some(slot) = self.questions.answers.get_mut(current) {
            *slot = Some(Answered {
                given: given.clone(),
                correct,
            });
        }
        self.mark_question_if_answered();
        self.save_question(current, correct, given);
    }

    /// Marks the passages of the current question once it is answered.
    fn mark_question_if_answered(&mut self) {
        let i = self.questions.current;
        if self.questions.answers.get(i).is_some_and(Option::is_some) {
            let ranges = self
                .study
                .question_passages
                .get(i)
                .cloned()
                .unwrap_or_default();
            self.mark_passages(ranges);
        } else if self
            .marks
            .as_ref()
            .is_some_and(|m| m.kind == MarkKind::Passage)
        {
            self.marks = None;
        }
    }

    fn mark_note(&mut self) {
        let ranges = self
            .study
            .note_passages
            .get(self.note)
            .cloned()
            .unwrap_or_default();
        if ranges.is_empty() {
            if self
                .marks
                .as_ref()
                .is_some_and(|m| m.kind == MarkKind::Passage)
            {
                self.marks = None;
            }
        } else {
            self.mark_passages(ranges);
        }
    }

    fn reset_questions(&mut self) {
        if self.tab != Tab::Questions {
            return;
        }
        self.questions.answers.iter_mut().for_each(|a| *a = None);
        self.questions.current = 0;
        self.marks = None;
        self.notice = Some("New round: all questions are open again".into());
    }

    pub(crate) fn mark_passages(&mut self, mut ranges: Vec<std::ops::Range<usize>>) {
        ranges.sort_by_key(|r| r.start);
        if let Some(first) = ranges.first() {
            self.ensure_visible(first.start);
        }
        self.marks = Some(Marks {
            kind: MarkKind::Passage,
            ranges,
            current: 0,
        });
    }

    fn click(&mut self, x: u16, y: u16) {
        let s = self.screen;
        if s.too_small {
            return;
        }
        if contains(s.reader, x, y) {
            self.focus = Focus::Reader;
            if contains(s.text, x, y)
                && let Some(token) = self.token_at_cell(x, y)
                && self.study.is_word(token)
            {
                self.set_cursor(token);
            }
        } else if contains(s.side, x, y) {
            self.focus = Focus::Side;
            if y == s.tabs.y {
                if let Some(tab) = tab_at(x.saturating_sub(s.tabs.x), s.tabs.width) {
                    self.select_tab(tab);
                }
            } else if self.tab == Tab::Glossary && contains(s.side_body, x, y) {
                // The list starts one row below the filter line.
                let row = usize::from(y - s.side_body.y);
                if row >= 1 {
                    let index = self.glossary.offset + row - 1;
                    if index
                        < self
                            .glossary
                            .shown
                            .len()
                            .min(self.glossary.offset + self.list_height())
                    {
                        self.glossary.selected = index;
                        self.glossary.detail = Detail::Selected;
                        self.mark_selected_entry(true);
                    }
                }
            }
        }
    }

    /// Rows of the glossary list (the rest of the side pane shows the entry).
    pub fn list_height(&self) -> usize {
        let body = usize::from(self.screen.side_body.height);
        (body.saturating_sub(1) * 2 / 5).max(1)
    }

    /// The token drawn at a screen cell of the text area.
    fn token_at_cell(&self, x: u16, y: u16) -> Option<usize> {
        let s = self.screen;
        let row = self.scroll + usize::from(y - s.text.y);
        let Row::Text { range, first_token } = self.reader_layout.rows.get(row)? else {
            return None;
        };
        let target = usize::from(x - s.text.x);
        let mut col = 0;
        let text = self.study.text();
        for (i, t) in self.study.tokens.iter().enumerate().skip(*first_token) {
            if t.range.start >= range.end {
                break;
            }
            let start = t.range.start.max(range.start);
            let end = t.range.end.min(range.end);
            let w = liseuse::text::wrap::display_width(text.get(start..end).unwrap_or(""));
            if target < col + w {
                return Some(i);
            }
            col += w;
        }
        None
    }

    fn scroll_at(&mut self, x: u16, y: u16, down: bool) {
        let s = self.screen;
        let delta = if down { 3 } else { -3 };
        if contains(s.reader, x, y) || s.too_small {
            self.scroll_reader(delta);
        } else if contains(s.side, x, y) {
            let saved = self.focus;
            self.focus = Focus::Side;
            self.move_by(delta.signum());
            self.focus = saved;
        }
    }
}

/// Spaces around each tab title: none when the bar is too narrow for them.
pub fn tab_padding(width: u16) -> &'static str {
    let titles: usize = Tab::ALL.iter().map(|t| t.title().len() + 3).sum();
    if usize::from(width) + 1 >= titles {
        " "
    } else {
        ""
    }
}

/// The tab whose title is drawn at a column of a tab bar `width` wide.
pub fn tab_at(column: u16, width: u16) -> Option<Tab> {
    let pad = tab_padding(width).len() as u16;
    let mut x = 0u16;
    for tab in Tab::ALL {
        // Titles are drawn padded, followed by a one-cell divider.
        let w = tab.title().len() as u16 + 2 * pad;
        if column < x + w {
            return Some(tab);
        }
        x += w + 1;
    }
    None
}

fn contains(r: ratatui::layout::Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}

fn offset(value: usize, delta: isize, last: usize) -> usize {
    value.saturating_add_signed(delta).min(last)
}

pub fn letter(i: usize) -> char {
    (b'A' + (i % 26) as u8) as char
}
