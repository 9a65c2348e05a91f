//! Indexes built once per dataset, so a filter touches only the events it could select:
//! per-country and per-kind posting lists, and, since events are sorted by their earliest
//! day, a binary search for the events near a run of months.

use super::{CountryCode, Event, Kind, Period, YearMonth};
use std::ops::Range;

/// Events spanning more days than this go on a side list that month lookups always check,
/// so the window before a month stays short.
const SHORT_SPAN_DAYS: i64 = 62;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Index {
    /// Ascending event indices (so chronological) per country, by [`CountryCode::slot`].
    by_country: Vec<Vec<u32>>,
    by_kind: Vec<Vec<u32>>,
    /// Dated events (not year-only) spanning more than `SHORT_SPAN_DAYS`.
    long: Vec<u32>,
    /// Events dated only to a year: no month selects them.
    year_only: Vec<u32>,
    /// Each event's earliest possible day, as days since the common era (ascending).
    earliest: Vec<i32>,
    /// Each event's first and last month (as `YearMonth` ordinals), and whether only its
    /// year is known: what the timeline and density strip need, without the whole event.
    first_month: Vec<i32>,
    last_month: Vec<i32>,
    is_year_only: Vec<bool>,
}

impl Index {
    /// Builds the index in two independent halves, on two threads when there are two
    /// cores: the countries' postings, and the kinds and dates.
    pub fn build(events: &[Event]) -> Index {
        Index::build_on(
            events,
            crate::parallel::cores() > 1 && events.len() > 10_000,
        )
    }

    fn build_on(events: &[Event], two_threads: bool) -> Index {
        let mut index = Index::default();
        if two_threads {
            let mut countries = Index::default();
            std::thread::scope(|scope| {
                scope.spawn(|| countries.add_countries(events));
                index.add_when(events);
            });
            index.by_country = countries.by_country;
        } else {
            index.add_countries(events);
            index.add_when(events);
        }
        index
    }

    fn add_countries(&mut self, events: &[Event]) {
        self.by_country = vec![Vec::new(); CountryCode::SLOTS];
        for (i, event) in events.iter().enumerate() {
            // Events are in date order and their pages in file order: each event's
            // countries are somewhere else in memory, so they are asked for ahead.
            crate::hint::ahead(events, i, |e| crate::hint::prefetch(e.countries().as_ptr()));
            for &c in event.countries() {
                self.by_country[c.slot()].push(i as u32);
            }
        }
    }

    fn add_when(&mut self, events: &[Event]) {
        self.by_kind = vec![Vec::new(); Kind::ALL.len()];
        self.earliest.reserve_exact(events.len());
        self.first_month.reserve_exact(events.len());
        self.last_month.reserve_exact(events.len());
        self.is_year_only.reserve_exact(events.len());
        for (i, event) in events.iter().enumerate() {
            let i = i as u32;
            self.by_kind[event.kind.index()].push(i);
            let date = &event.date;
            if date.is_year_only() {
                self.year_only.push(i);
            } else if date.span_days() > SHORT_SPAN_DAYS {
                self.long.push(i);
            }
            self.earliest.push(day_number(date.earliest()));
            self.first_month
                .push(YearMonth::of(date.earliest()).ordinal());
            self.last_month.push(YearMonth::of(date.latest()).ordinal());
            self.is_year_only.push(date.is_year_only());
        }
    }

    /// The timeline heading event `i` sits under (as `FuzzyDate::period`).
    pub fn period(&self, i: u32) -> Period {
        let first = YearMonth::from_ordinal(self.first_month[i as usize]);
        if self.is_year_only[i as usize] {
            Period::Year(first.year())
        } else {
            Period::Month(first)
        }
    }

    /// The months event `i` touches, as ordinals (empty for year-only events).
    pub fn month_ordinals(&self, i: u32) -> std::ops::RangeInclusive<i32> {
        let i = i as usize;
        if self.is_year_only[i] {
            #[allow(clippy::reversed_empty_ranges)]
            return 1..=0;
        }
        self.first_month[i]..=self.last_month[i]
    }

    /// Every country some event involves, in no particular order.
    pub fn countries(&self) -> impl Iterator<Item = CountryCode> + '_ {
        let used = self.by_country.iter().enumerate();
        used.filter(|(_, events)| !events.is_empty())
            .filter_map(|(slot, _)| CountryCode::from_slot(slot))
    }

    pub fn country(&self, code: CountryCode) -> &[u32] {
        self.by_country.get(code.slot()).map_or(&[], Vec::as_slice)
    }

    pub fn kind(&self, kind: Kind) -> &[u32] {
        &self.by_kind[kind.index()]
    }

    pub fn year_only(&self) -> &[u32] {
        &self.year_only
    }

    pub fn long(&self) -> &[u32] {
        &self.long
    }

    /// Indices of the events that start early enough to reach `first..=last` and not after
    /// it, leaving out the long ones (see [`Index::long`]): a superset of the short events
    /// overlapping those months.
    pub fn near_months(&self, first: YearMonth, last: YearMonth) -> Range<usize> {
        self.near_days(first.first_day(), last.last_day())
    }

    /// Like [`Index::near_months`], for the days `first..=last`.
    pub fn near_days(&self, first: chrono::NaiveDate, last: chrono::NaiveDate) -> Range<usize> {
        let from = day_number(first) - SHORT_SPAN_DAYS as i32;
        let to = day_number(last);
        let start = self.earliest.partition_point(|&d| d < from);
        let end = self.earliest.partition_point(|&d| d <= to);
        start..end.max(start)
    }
}

/// Days since the common era: dates as plain numbers, for sorting and searching.
pub(crate) fn day_number(day: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    day.num_days_from_ce()
}

/// The union of ascending lists, ascending and without repeats.
pub fn union(lists: &[&[u32]]) -> Vec<u32> {
    match lists {
        [] => Vec::new(),
        [one] => one.to_vec(),
        _ => {
            let mut all: Vec<u32> = lists.iter().flat_map(|l| l.iter().copied()).collect();
            all.sort_unstable();
            all.dedup();
            all
        }
    }
}

/// The intersection of ascending lists, ascending.
pub fn intersection(lists: &[&[u32]]) -> Vec<u32> {
    let mut sorted: Vec<&[u32]> = lists.to_vec();
    sorted.sort_by_key(|l| l.len());
    let Some((first, rest)) = sorted.split_first() else {
        return Vec::new();
    };
    first
        .iter()
        .copied()
        .filter(|x| rest.iter().all(|l| l.binary_search(x).is_ok()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn building_on_two_threads_gives_the_same_index() {
        let mut text = Vec::new();
        crate::synth::write(&mut text, 2_000, 3, true).unwrap();
        let text = String::from_utf8(text).unwrap();
        let format = crate::load::Format::JsonLines;
        let dataset = crate::load::Loader::new()
            .text(&text, "s.jsonl", format)
            .unwrap();
        let one = Index::build_on(&dataset.events, false);
        assert_eq!(Index::build_on(&dataset.events, true), one);
        assert!(one.countries().count() > 1 && !one.year_only.is_empty());
    }

    #[test]
    fn unions_and_intersections_of_sorted_lists() {
        let (a, b, c): (&[u32], &[u32], &[u32]) = (&[1, 3, 5, 7], &[3, 4, 5], &[5, 7, 9]);
        assert_eq!(union(&[a, b]), [1, 3, 4, 5, 7]);
        assert_eq!(union(&[a]), a);
        assert_eq!(union(&[]), Vec::<u32>::new());
        assert_eq!(intersection(&[a, b]), [3, 5]);
        assert_eq!(intersection(&[a, b, c]), [5]);
        assert_eq!(intersection(&[]), Vec::<u32>::new());
    }
}
