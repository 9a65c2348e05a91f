//! The browser's whole state, the actions that change it, and `update`, the one place where
//! it changes. Nothing here draws or touches a terminal.

use super::layout::{self, Areas};
use super::picker::{Picker, PickerKind};
use crate::model::{Dataset, Period, YearMonth};
use crate::query::{self, Filter, Matches};
use ratatui::layout::Rect;
use std::sync::Arc;

/// How many filter changes `u` can undo.
const HISTORY: usize = 50;
/// Rows kept visible above and below the selection when scrolling.
const CONTEXT: usize = 2;
/// Rows one mouse-wheel notch moves.
const WHEEL: usize = 3;

/// Everything the user can ask for, whatever key or mouse gesture asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Esc: close what is open, or quit at top level.
    Back,
    Up,
    Down,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    PreviousPeriod,
    NextPeriod,
    ToggleDetail,
    ToggleFocus,
    OpenPicker(PickerKind),
    OpenSearch,
    ClearFilters,
    Undo,
    ToggleHelp,
    /// Text typed into the search or a picker's narrowing query.
    Input(char),
    Backspace,
    ClearInput,
    /// Enter in a picker or the search line.
    Accept,
    /// Space in a picker.
    ToggleItem,
    /// Any/all matching in the country picker.
    ToggleMatch,
    Resize(u16, u16),
    WheelUp {
        column: u16,
        row: u16,
    },
    WheelDown {
        column: u16,
        row: u16,
    },
    Click {
        column: u16,
        row: u16,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Timeline,
    Detail,
}

/// What has the keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Help,
    /// Typing a search; the filter updates live. `previous` is restored on Esc.
    Search {
        previous: Filter,
    },
    Picker(Picker),
}

/// One line of the timeline: a period heading with how many matches it holds, or an event
/// (by position in the matches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Heading(Period, u32),
    Event(usize),
}

pub struct App {
    /// Shared with the thread that builds the word index in the background.
    pub dataset: Arc<Dataset>,
    pub filter: Filter,
    history: Vec<Filter>,
    pub matches: Matches,
    /// Headings and events, in display order.
    pub rows: Vec<Row>,
    /// Row index of each match position.
    event_rows: Vec<usize>,
    /// Position in `matches.events` of the selected event.
    pub selected: Option<usize>,
    /// First timeline row on screen.
    pub offset: usize,
    /// Wide screens: the detail pane is shown beside the timeline.
    pub pane: bool,
    /// Narrow screens: the detail is open full-screen.
    pub zoomed: bool,
    pub focus: Focus,
    pub detail_scroll: u16,
    /// How far the help overlay is scrolled (on screens too small to show it whole).
    pub help_scroll: u16,
    pub mode: Mode,
    pub size: (u16, u16),
    pub quit: bool,
    /// Every month of the dataset's span (fixed; `dataset.month_totals()` counts each).
    pub span: Vec<YearMonth>,
    /// Parallel to `span`: whether some matching event touches the month.
    pub passing_months: Vec<bool>,
    /// Columns the widest display date needs (fixed, so columns never shift on scroll).
    pub date_width: usize,
}

impl App {
    pub fn new(dataset: Dataset, filter: Filter) -> App {
        let span = query::month_span(&dataset);
        let date_width = dataset
            .events
            .iter()
            .map(|e| crate::text::width(&e.date.display()))
            .max()
            .unwrap_or(0);
        let mut app = App {
            date_width,
            dataset: Arc::new(dataset),
            filter,
            history: Vec::new(),
            matches: Matches::default(),
            rows: Vec::new(),
            event_rows: Vec::new(),
            selected: None,
            offset: 0,
            pane: true,
            zoomed: false,
            focus: Focus::Timeline,
            detail_scroll: 0,
            help_scroll: 0,
            mode: Mode::Normal,
            size: (80, 24),
            quit: false,
            passing_months: vec![false; span.len()],
            span,
        };
        app.refilter(None);
        app
    }

    /// The selected event's index in `dataset.events`.
    pub fn selected_event(&self) -> Option<usize> {
        self.selected.map(|p| self.matches.events[p] as usize)
    }

    pub fn selected_row(&self) -> Option<usize> {
        self.selected.map(|p| self.event_rows[p])
    }

    pub fn areas(&self) -> Areas {
        layout::areas(
            Rect::new(0, 0, self.size.0, self.size.1),
            self.pane,
            self.zoomed,
        )
    }

    /// Whether the detail covers the timeline (narrow terminal with the detail open).
    pub fn detail_fullscreen(&self) -> bool {
        self.zoomed && !layout::is_wide(self.size.0)
    }

    /// Whether the detail is on screen at the current width.
    pub fn detail_visible(&self) -> bool {
        if layout::is_wide(self.size.0) {
            self.pane
        } else {
            self.zoomed
        }
    }

    fn detail_has_focus(&self) -> bool {
        self.detail_fullscreen() || (self.detail_visible() && self.focus == Focus::Detail)
    }

    pub fn can_undo(&self) -> bool {
        !self.history.is_empty()
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => {
                self.size = (w, h);
                let screen = Rect::new(0, 0, w, h);
                self.help_scroll = self.help_scroll.min(super::view::help::max_scroll(screen));
                if !self.detail_visible() {
                    self.focus = Focus::Timeline;
                }
                self.ensure_visible();
            }
            _ => match &self.mode {
                Mode::Normal => self.update_normal(action),
                Mode::Help => self.update_help(action),
                Mode::Search { .. } => self.update_search(action),
                Mode::Picker(_) => self.update_picker(action),
            },
        }
    }

    fn update_help(&mut self, action: Action) {
        let screen = Rect::new(0, 0, self.size.0, self.size.1);
        let max = super::view::help::max_scroll(screen);
        match action {
            Action::ToggleHelp | Action::Back | Action::Accept => self.mode = Mode::Normal,
            Action::Up => self.help_scroll = self.help_scroll.saturating_sub(1),
            Action::Down => self.help_scroll = (self.help_scroll + 1).min(max),
            Action::Top => self.help_scroll = 0,
            Action::Bottom => self.help_scroll = max,
            _ => {}
        }
    }

    fn update_normal(&mut self, action: Action) {
        let areas = self.areas();
        let page = if self.detail_has_focus() {
            areas
                .detail
                .map_or(1, |d| d.height.saturating_sub(2).max(1))
        } else {
            areas.timeline.height.max(1)
        } as usize;
        match action {
            Action::Back => {
                if self.detail_fullscreen() {
                    self.zoomed = false;
                    self.ensure_visible();
                } else if self.focus == Focus::Detail {
                    self.focus = Focus::Timeline;
                } else {
                    self.quit = true;
                }
            }
            Action::Up if self.detail_has_focus() => self.scroll_detail(-1),
            Action::Down if self.detail_has_focus() => self.scroll_detail(1),
            Action::PageUp if self.detail_has_focus() => self.scroll_detail(-(page as i32)),
            Action::PageDown if self.detail_has_focus() => self.scroll_detail(page as i32),
            Action::HalfPageUp if self.detail_has_focus() => self.scroll_detail(-(page as i32) / 2),
            Action::HalfPageDown if self.detail_has_focus() => self.scroll_detail(page as i32 / 2),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(page as isize)),
            Action::PageDown => self.move_by(page as isize),
            Action::HalfPageUp => self.move_by(-(page as isize / 2).max(1)),
            Action::HalfPageDown => self.move_by((page as isize / 2).max(1)),
            Action::Top if self.detail_has_focus() => self.detail_scroll = 0,
            Action::Top => self.select(Some(0)),
            Action::Bottom => self.select(self.matches.len().checked_sub(1)),
            Action::PreviousPeriod => self.jump_period(false),
            Action::NextPeriod => self.jump_period(true),
            Action::ToggleDetail => {
                if layout::is_wide(self.size.0) {
                    self.pane = !self.pane;
                } else {
                    self.zoomed = !self.zoomed;
                }
                if !self.detail_visible() {
                    self.focus = Focus::Timeline;
                }
                self.ensure_visible();
            }
            Action::ToggleFocus if self.detail_visible() && !self.detail_fullscreen() => {
                self.focus = match self.focus {
                    Focus::Timeline => Focus::Detail,
                    Focus::Detail => Focus::Timeline,
                };
            }
            Action::OpenPicker(kind) => {
                self.mode = Mode::Picker(Picker::open(kind, &self.dataset, &self.filter));
            }
            Action::OpenSearch => {
                self.mode = Mode::Search {
                    previous: self.filter.clone(),
                };
            }
            Action::ClearFilters => self.apply_filter(Filter::default()),
            Action::Undo => {
                if let Some(previous) = self.history.pop() {
                    self.set_filter(previous);
                }
            }
            Action::ToggleHelp => {
                self.help_scroll = 0;
                self.mode = Mode::Help;
            }
            Action::WheelUp { column, row } => self.wheel(column, row, -1),
            Action::WheelDown { column, row } => self.wheel(column, row, 1),
            Action::Click { column, row } => self.click(column, row),
            _ => {}
        }
    }

    fn update_search(&mut self, action: Action) {
        let Mode::Search { previous } = &self.mode else {
            return;
        };
        let previous = previous.clone();
        let mut filter = self.filter.clone();
        match action {
            Action::Input(c) => filter.text.push(c),
            Action::Backspace => {
                filter.text.pop();
            }
            Action::ClearInput => filter.text.clear(),
            Action::Accept => {
                self.mode = Mode::Normal;
                self.filter.text = self.filter.text.trim().to_string();
                if self.filter != previous {
                    self.remember(previous);
                }
                return;
            }
            Action::Back => {
                self.mode = Mode::Normal;
                self.set_filter(previous);
                return;
            }
            Action::Up => return self.move_by(-1),
            Action::Down => return self.move_by(1),
            _ => return,
        }
        if filter != self.filter {
            self.set_filter(filter);
        }
    }

    fn update_picker(&mut self, action: Action) {
        let Mode::Picker(picker) = &mut self.mode else {
            return;
        };
        match action {
            Action::Back => self.mode = Mode::Normal,
            Action::Accept => {
                let mut filter = self.filter.clone();
                picker.apply_to(&mut filter);
                self.mode = Mode::Normal;
                self.apply_filter(filter);
            }
            Action::Up => picker.move_cursor(-1),
            Action::Down => picker.move_cursor(1),
            Action::PageUp => picker.move_cursor(-10),
            Action::PageDown => picker.move_cursor(10),
            Action::Top => picker.move_cursor(isize::MIN / 2),
            Action::Bottom => picker.move_cursor(isize::MAX / 2),
            Action::ToggleItem => picker.toggle_current(),
            Action::ToggleMatch => picker.toggle_match(),
            Action::Input(c) => picker.type_char(c),
            Action::Backspace => picker.backspace(),
            Action::ClearInput => picker.clear_query(),
            _ => {}
        }
    }

    /// A filter change the user made: recorded for undo.
    fn apply_filter(&mut self, filter: Filter) {
        if filter != self.filter {
            let previous = self.filter.clone();
            self.set_filter(filter);
            self.remember(previous);
        }
    }

    fn remember(&mut self, previous: Filter) {
        self.history.push(previous);
        if self.history.len() > HISTORY {
            self.history.remove(0);
        }
    }

    /// Changes the filter without recording it (undo itself, live search).
    fn set_filter(&mut self, filter: Filter) {
        let anchor = self.selected_event();
        let previous = std::mem::replace(&mut self.filter, filter);
        // Typing on in a search only narrows: look within the previous matches.
        let matches = query::run_narrowing(&self.dataset, &self.filter, (&previous, &self.matches));
        self.refilter_with(matches, anchor);
    }

    /// Recomputes matches and rows; keeps the selected event, or moves to the nearest one
    /// in time when it has been filtered out.
    fn refilter(&mut self, anchor: Option<usize>) {
        let matches = query::run(&self.dataset, &self.filter);
        self.refilter_with(matches, anchor);
    }

    fn refilter_with(&mut self, matches: Matches, anchor: Option<usize>) {
        self.matches = matches;
        // Both passes read the index's small per-event tables, not the events themselves:
        // at a million matches that is the difference between a frame and a stall.
        let index = self.dataset.index();
        self.rows.clear();
        self.event_rows.clear();
        let mut period = None;
        let mut heading = 0;
        for (position, &i) in self.matches.events.iter().enumerate() {
            let p = index.period(i);
            if period != Some(p) {
                period = Some(p);
                heading = self.rows.len();
                self.rows.push(Row::Heading(p, 0));
            }
            if let Row::Heading(_, count) = &mut self.rows[heading] {
                *count += 1;
            }
            self.event_rows.push(self.rows.len());
            self.rows.push(Row::Event(position));
        }
        self.passing_months.iter_mut().for_each(|p| *p = false);
        if let Some(first) = self.span.first().map(|m| m.ordinal()) {
            for &i in &self.matches.events {
                for m in index.month_ordinals(i) {
                    if let Some(slot) = self.passing_months.get_mut((m - first) as usize) {
                        *slot = true;
                    }
                }
            }
        }
        let previous = self.selected;
        self.selected = self.nearest(anchor);
        if self.selected != previous || anchor != self.selected_event() {
            self.detail_scroll = 0;
        }
        self.offset = 0;
        self.ensure_visible();
    }

    fn nearest(&self, anchor: Option<usize>) -> Option<usize> {
        let events = &self.matches.events;
        if events.is_empty() {
            return None;
        }
        let Some(anchor) = anchor else {
            return Some(0);
        };
        match events.binary_search(&(anchor as u32)) {
            Ok(position) => Some(position),
            Err(0) => Some(0),
            Err(p) if p == events.len() => Some(p - 1),
            Err(p) => {
                let day = |i: u32| self.dataset.events[i as usize].date.earliest();
                let target = self.dataset.events[anchor].date.earliest();
                let before = (target - day(events[p - 1])).num_days().abs();
                let after = (day(events[p]) - target).num_days().abs();
                Some(if after < before { p } else { p - 1 })
            }
        }
    }

    fn select(&mut self, position: Option<usize>) {
        let position = position.filter(|&p| p < self.matches.len());
        if position != self.selected {
            self.selected = position;
            self.detail_scroll = 0;
        }
        self.ensure_visible();
    }

    fn move_by(&mut self, delta: isize) {
        let Some(current) = self.selected else {
            return;
        };
        let last = self.matches.len() - 1;
        let target = current.saturating_add_signed(delta).min(last);
        self.select(Some(target));
    }

    fn jump_period(&mut self, forward: bool) {
        let Some(row) = self.selected_row() else {
            return;
        };
        // The heading of the selected event's period, then the neighbouring heading.
        let own = (0..=row)
            .rev()
            .find(|&r| matches!(self.rows[r], Row::Heading(..)));
        let target = if forward {
            (row + 1..self.rows.len()).find(|&r| matches!(self.rows[r], Row::Heading(..)))
        } else {
            own.and_then(|h| {
                (0..h)
                    .rev()
                    .find(|&r| matches!(self.rows[r], Row::Heading(..)))
            })
        };
        if let Some(Row::Event(position)) = target.and_then(|h| self.rows.get(h + 1)) {
            self.select(Some(*position));
        }
    }

    /// Scrolls the timeline so the selection is on screen with a little context.
    fn ensure_visible(&mut self) {
        let height = self.areas().timeline.height as usize;
        if height == 0 {
            return;
        }
        let Some(row) = self.selected_row() else {
            self.offset = 0;
            return;
        };
        let context = CONTEXT.min(height.saturating_sub(1) / 2);
        if row < self.offset + context {
            self.offset = row.saturating_sub(context);
        }
        if row + context >= self.offset + height {
            self.offset = row + context + 1 - height;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(height));
    }

    fn scroll_detail(&mut self, delta: i32) {
        let scrolled = (self.detail_scroll as i32 + delta).max(0);
        self.detail_scroll = scrolled.min(self.max_detail_scroll() as i32) as u16;
    }

    /// How far the detail can scroll before its last line reaches the top of the pane.
    fn max_detail_scroll(&self) -> u16 {
        let Some(area) = self.areas().detail else {
            return 0;
        };
        let lines = super::view::detail::line_count(self, area);
        lines.saturating_sub(area.height.saturating_sub(2) as usize) as u16
    }

    fn wheel(&mut self, column: u16, row: u16, direction: i32) {
        let areas = self.areas();
        let over_detail = areas.detail.is_some_and(|d| contains(d, column, row));
        if over_detail {
            self.scroll_detail(direction * WHEEL as i32);
        } else {
            self.move_by(direction as isize * WHEEL as isize);
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        let areas = self.areas();
        if let Some(detail) = areas.detail
            && contains(detail, column, row)
        {
            if !self.detail_fullscreen() {
                self.focus = Focus::Detail;
            }
            return;
        }
        if !contains(areas.timeline, column, row) {
            return;
        }
        self.focus = Focus::Timeline;
        let index = self.offset + (row - areas.timeline.y) as usize;
        let position = match self.rows.get(index) {
            Some(Row::Event(p)) => Some(*p),
            Some(Row::Heading(..)) => match self.rows.get(index + 1) {
                Some(Row::Event(p)) => Some(*p),
                _ => None,
            },
            None => None,
        };
        if position.is_some() {
            self.select(position);
        }
    }
}

fn contains(area: Rect, column: u16, row: u16) -> bool {
    column >= area.x && column < area.right() && row >= area.y && row < area.bottom()
}
