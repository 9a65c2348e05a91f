//! The timeline's own state: the matching events, the rows they are shown in (month
//! headings and events), which one is selected, and how far the list is scrolled.

use crate::model::{Dataset, Period};
use crate::query::Matches;

/// Rows kept visible above and below the selection when scrolling.
const CONTEXT: usize = 2;

/// One line of the timeline: a period heading (by its number in `Timeline::heading`), or
/// an event (by position in the matches). Eight bytes: at a million matches the rows are
/// rebuilt on every filter change, and their size is most of that cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Heading(u32),
    Event(u32),
}

/// A period's heading: how many matches start in it, and how many that started earlier
/// run on into it (a March–April event sits under March and continues into April, where a
/// month filter or the month picker also counts it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading {
    pub period: Period,
    pub count: u32,
    pub continuing: u32,
}

#[derive(Debug, Default)]
pub struct Timeline {
    matches: Matches,
    /// Headings and events, in display order.
    rows: Vec<Row>,
    /// Row index of each match position.
    event_rows: Vec<u32>,
    /// The period headings, in order.
    headings: Vec<Heading>,
    /// Position in `matches.events` of the selected event.
    selected: Option<usize>,
    /// First row on screen.
    offset: usize,
    /// Whether the rows wait to be built for the matches (see [`Timeline::build_rows`]).
    stale: bool,
}

impl Timeline {
    pub fn matches(&self) -> &Matches {
        &self.matches
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// A heading a `Row::Heading` names.
    pub fn heading(&self, number: u32) -> &Heading {
        &self.headings[number as usize]
    }

    /// Position in the matches of the selected event.
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// The selected event's index in the dataset.
    pub fn selected_event(&self) -> Option<usize> {
        self.selected.map(|p| self.matches.events[p] as usize)
    }

    /// The selected event's row (none while the rows wait to be built).
    pub fn selected_row(&self) -> Option<usize> {
        let selected = self.selected.filter(|_| !self.stale);
        selected.map(|p| self.event_rows[p] as usize)
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The event at a row on screen (`row` counted from the top of the list), or the one
    /// under a heading there.
    pub fn event_at_screen_row(&self, row: usize) -> Option<usize> {
        let index = self.offset + row;
        match self.rows.get(index)? {
            Row::Event(p) => Some(*p as usize),
            Row::Heading(..) => match self.rows.get(index + 1) {
                Some(Row::Event(p)) => Some(*p as usize),
                _ => None,
            },
        }
    }

    /// Takes new matches and rebuilds the rows; keeps the event `anchor` (a dataset index)
    /// selected, or moves to the nearest one in time when it has been filtered out.
    /// Returns whether the selected event changed.
    pub fn show(
        &mut self,
        dataset: &Dataset,
        matches: Matches,
        anchor: Option<usize>,
        height: usize,
    ) -> bool {
        let changed = self.take(dataset, matches, anchor);
        self.build_rows(dataset, height);
        changed
    }

    /// [`Timeline::show`] without building the rows, for while the timeline is not on
    /// screen (a million rows are most of a filter change's cost): the matches and the
    /// selection are up to date, the rows empty until [`Timeline::build_rows`].
    pub fn take(&mut self, dataset: &Dataset, matches: Matches, anchor: Option<usize>) -> bool {
        self.matches = matches;
        self.rows.clear();
        self.event_rows.clear();
        self.headings.clear();
        self.offset = 0;
        self.stale = true;
        self.selected = self.nearest(dataset, anchor);
        anchor != self.selected_event()
    }

    /// Builds the rows for the matches taken, if they wait to be.
    pub fn build_rows(&mut self, dataset: &Dataset, height: usize) {
        if !self.stale {
            return;
        }
        self.stale = false;
        // Reads the index's small per-event tables, not the events themselves: at a
        // million matches that is the difference between a frame and a stall.
        let index = dataset.index();
        // Per month of the dataset's span: how many matches began in an earlier month and
        // run on into it, in the same pass over the matches.
        let first = (dataset.month_bounds()).map_or(0, |(first, _)| first.ordinal());
        let mut continuing = vec![0u32; dataset.month_totals().len()];
        let mut period = None;
        self.rows.reserve(self.matches.len());
        self.event_rows.reserve(self.matches.len());
        for (position, &i) in self.matches.events.iter().enumerate() {
            let months = index.month_ordinals(i);
            let (start, end) = (*months.start() - first, *months.end() - first);
            // Year-only events touch no month; most events touch one.
            if start < end {
                for slot in start as usize + 1..=end as usize {
                    if let Some(count) = continuing.get_mut(slot) {
                        *count += 1;
                    }
                }
            }
            let p = index.period(i);
            if period != Some(p) {
                period = Some(p);
                self.rows.push(Row::Heading(self.headings.len() as u32));
                self.headings.push(Heading {
                    period: p,
                    count: 0,
                    continuing: 0,
                });
            }
            if let Some(h) = self.headings.last_mut() {
                h.count += 1;
            }
            self.event_rows.push(self.rows.len() as u32);
            self.rows.push(Row::Event(position as u32));
        }
        for h in &mut self.headings {
            if let Period::Month(m) = h.period {
                h.continuing = (continuing.get((m.ordinal() - first) as usize)).map_or(0, |&n| n);
            }
        }
        self.ensure_visible(height);
    }

    fn nearest(&self, dataset: &Dataset, anchor: Option<usize>) -> Option<usize> {
        let events = &self.matches.events;
        if events.is_empty() {
            return None;
        }
        let Some(anchor) = anchor else {
            // Start on the story: the first event with a month, not a year-only one.
            let dated = (0..events.len().min(10_000))
                .find(|&p| !dataset.events[events[p] as usize].date.is_year_only());
            return Some(dated.unwrap_or(0));
        };
        match events.binary_search(&(anchor as u32)) {
            Ok(position) => Some(position),
            Err(0) => Some(0),
            Err(p) if p == events.len() => Some(p - 1),
            Err(p) => {
                let day = |i: u32| dataset.events[i as usize].date.earliest();
                let target = dataset.events[anchor].date.earliest();
                let before = (target - day(events[p - 1])).num_days().abs();
                let after = (day(events[p]) - target).num_days().abs();
                Some(if after < before { p } else { p - 1 })
            }
        }
    }

    /// Selects a position in the matches (ignored when out of range); returns whether the
    /// selection changed.
    pub fn select(&mut self, position: Option<usize>, height: usize) -> bool {
        let position = position.filter(|&p| p < self.matches.len());
        let changed = position.is_some() && position != self.selected;
        if changed {
            self.selected = position;
        }
        self.ensure_visible(height);
        changed
    }

    pub fn first(&mut self, height: usize) -> bool {
        self.select(Some(0), height)
    }

    pub fn last(&mut self, height: usize) -> bool {
        self.select(self.matches.len().checked_sub(1), height)
    }

    pub fn move_by(&mut self, delta: isize, height: usize) -> bool {
        let Some(current) = self.selected else {
            return false;
        };
        let last = self.matches.len() - 1;
        let target = current.saturating_add_signed(delta).min(last);
        self.select(Some(target), height)
    }

    /// Moves by `delta` rows on screen (headings count): to the event at that row, or the
    /// first one after a heading there.
    pub fn move_rows(&mut self, delta: isize, height: usize) -> bool {
        let Some(row) = self.selected_row() else {
            return false;
        };
        let last = self.rows.len().saturating_sub(1);
        let target = row.saturating_add_signed(delta).min(last);
        let event = |r: usize| match self.rows[r] {
            Row::Event(p) => Some(p as usize),
            Row::Heading(..) => None,
        };
        let position = (target..self.rows.len())
            .find_map(event)
            .or_else(|| (0..target).rev().find_map(event));
        self.select(position, height)
    }

    /// To the first event under the next (or previous) period heading.
    pub fn jump_period(&mut self, forward: bool, height: usize) -> bool {
        let Some(row) = self.selected_row() else {
            return false;
        };
        let is_heading = |r: &usize| matches!(self.rows[*r], Row::Heading(..));
        // The heading of the selected event's period, then the neighbouring heading.
        let own = (0..=row).rev().find(is_heading);
        let target = if forward {
            (row + 1..self.rows.len()).find(is_heading)
        } else {
            own.and_then(|h| (0..h).rev().find(is_heading))
        };
        match target.and_then(|h| self.rows.get(h + 1)) {
            Some(Row::Event(position)) => self.select(Some(*position as usize), height),
            _ => false,
        }
    }

    /// Scrolls so the selection is on screen with a little context.
    pub fn ensure_visible(&mut self, height: usize) {
        if height == 0 || self.stale {
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
}
