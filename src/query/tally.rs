//! Counts over the events a filter selects: by country, kind and month, each two of them
//! crossed, by pair of countries and kind (who deals with whom, and how), and by day. What
//! `stats`, the density strip, the lanes, the heatmap and the dyad ledger show comes from
//! here, in one pass over the matches (on all cores when there are many). The browser
//! counts when the filter changes, so drawing only reads.
//!
//! Months follow the filter: an event counts in each month it touches, and under a month
//! filter only in the months selected (so a cell's events are exactly what the filter
//! narrowed to that cell selects). Events dated only to a year are in no month: they are
//! counted by year, apart.

use super::{Filter, Matches, month_span};
use crate::model::index::day_number;
use crate::model::{Counted, CountryCode, Dataset, FuzzyDate, Kind, MonthRow, YearMonth};
use chrono::Datelike;
use smallvec::SmallVec;
use std::collections::BTreeMap;

const KINDS: usize = Kind::ALL.len();
/// Below this many matches, one thread is quicker than two.
const PARALLEL_MIN: usize = 50_000;

/// How long a period of the tables by time is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grain {
    Month,
    Quarter,
    Year,
}

impl Grain {
    pub const ALL: [Grain; 3] = [Grain::Month, Grain::Quarter, Grain::Year];

    fn index(self) -> usize {
        self as usize
    }

    /// Months in one period.
    fn months(self) -> i32 {
        match self {
            Grain::Month => 1,
            Grain::Quarter => 3,
            Grain::Year => 12,
        }
    }
}

/// One period of a grain: its first and last month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bin {
    pub first: YearMonth,
    pub last: YearMonth,
}

impl Bin {
    /// Its months, in order.
    pub fn months(self) -> Vec<YearMonth> {
        std::iter::successors(Some(self.first), |m| Some(m.next()))
            .take_while(|m| *m <= self.last)
            .collect()
    }
}

/// What to count: everything, or only what the density strip reads (the days, the
/// kinds and the events dated only to a year), which needs no event's countries and so
/// costs a fraction: the list screens count only that.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Parts {
    #[default]
    All,
    Days,
}

/// Where the pair of countries `a < b` (by position among `n`) is in a table of pairs:
/// the upper triangle, row by row.
fn pair_slot(a: usize, b: usize, n: usize) -> usize {
    debug_assert!(a < b && b < n);
    a * n - a * (a + 1) / 2 + (b - a - 1)
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Whether every table was counted (see [`Parts`]).
    complete: bool,
    /// The dataset's countries, by code: the rows of every table by country.
    countries: Vec<CountryCode>,
    /// Every month from the dataset's first to its last.
    span: Vec<YearMonth>,
    /// The periods of each grain covering the span, in order.
    periods: [Vec<Bin>; 3],
    counts: Counts,
    /// The first day of the span, as a day number.
    first_day: i32,
    /// Running totals of events per day from `first_day`: `days[d]` is the sum of the
    /// days before `d`. An event adds 1 spread evenly over the days it may fall on.
    days: Vec<f64>,
}

/// The counts one thread makes over its share of the matches; shares add up.
#[derive(Debug, Clone, Default, PartialEq)]
struct Counts {
    events: u32,
    by_country: Vec<u32>,
    by_kind: Vec<u32>,
    /// Per grain: events per period, per country and period, per kind and period.
    by_period: [Vec<u32>; 3],
    country_period: [Vec<u32>; 3],
    kind_period: [Vec<u32>; 3],
    /// Events dated only to a year, per year.
    year_only: BTreeMap<i32, u32>,
    country_kind: Vec<u32>,
    pair_kind: Vec<u32>,
    /// Changes of events-per-day from one day to the next.
    day_steps: Vec<f64>,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        fn sum<T: Copy + std::ops::AddAssign>(into: &mut [T], from: &[T]) {
            into.iter_mut().zip(from).for_each(|(a, &b)| *a += b);
        }
        self.events += other.events;
        sum(&mut self.by_country, &other.by_country);
        sum(&mut self.by_kind, &other.by_kind);
        for g in 0..3 {
            sum(&mut self.by_period[g], &other.by_period[g]);
            sum(&mut self.country_period[g], &other.country_period[g]);
            sum(&mut self.kind_period[g], &other.kind_period[g]);
        }
        for (year, n) in other.year_only {
            *self.year_only.entry(year).or_default() += n;
        }
        sum(&mut self.country_kind, &other.country_kind);
        sum(&mut self.pair_kind, &other.pair_kind);
        sum(&mut self.day_steps, &other.day_steps);
    }
}

/// What counting needs to know of the dataset and the filter, worked out once.
struct Shape {
    /// Per country slot, its position in the dataset's countries.
    position: Vec<u16>,
    countries: usize,
    months: usize,
    /// Periods per grain.
    periods: [usize; 3],
    /// The span's first month, as an ordinal.
    first_month: i32,
    /// Under a month filter, whether each month of the span is selected.
    selected: Option<Vec<bool>>,
    parts: Parts,
    first_day: i32,
    days: usize,
}

impl Shape {
    fn new(
        dataset: &Dataset,
        filter: &Filter,
        span: &[YearMonth],
        periods: &[Vec<Bin>; 3],
        parts: Parts,
    ) -> Shape {
        let mut position = vec![u16::MAX; CountryCode::SLOTS];
        for (k, c) in dataset.countries().iter().enumerate() {
            position[c.slot()] = k as u16;
        }
        let (first_day, days) = match (span.first(), span.last()) {
            (Some(first), Some(last)) => {
                let from = day_number(first.first_day());
                (from, (day_number(last.last_day()) - from + 1) as usize)
            }
            _ => (0, 0),
        };
        let months = &filter.months;
        let all = parts == Parts::All;
        Shape {
            position,
            // Without the tables by country and by period, they are empty.
            countries: if all { dataset.countries().len() } else { 0 },
            months: span.len(),
            periods: [0, 1, 2].map(|g| if all { periods[g].len() } else { 0 }),
            parts,
            first_month: span.first().map_or(0, |m| m.ordinal()),
            selected: (months.is_active())
                .then(|| span.iter().map(|&m| months.contains(m)).collect()),
            first_day,
            days,
        }
    }

    fn empty(&self) -> Counts {
        let n = self.countries;
        let p = self.periods;
        Counts {
            events: 0,
            by_country: vec![0; n],
            by_kind: vec![0; KINDS],
            by_period: p.map(|p| vec![0; p]),
            country_period: p.map(|p| vec![0; n * p]),
            kind_period: p.map(|p| vec![0; KINDS * p]),
            year_only: BTreeMap::new(),
            country_kind: vec![0; n * KINDS],
            pair_kind: vec![0; n * n.saturating_sub(1) / 2 * KINDS],
            day_steps: vec![0.0; self.days + 1],
        }
    }

    fn count(&self, dataset: &Dataset, events: &[u32]) -> Counts {
        let mut counts = self.empty();
        let (n, m) = (self.countries, self.months);
        let mut places: Vec<usize> = Vec::new();
        let mut months: Vec<usize> = Vec::new();
        // Per grain, the periods the event's counted months fall in.
        let mut periods: [Vec<usize>; 3] = Default::default();
        for (k, &i) in events.iter().enumerate() {
            // Events are read in order, sparsely when the filter is narrow, and their
            // countries lie elsewhere: ask for the event twice as far ahead as for its
            // countries, so that reading where they are does not wait.
            if let Some(&further) = events.get(k + 2 * crate::hint::AHEAD) {
                crate::hint::prefetch(&dataset.events[further as usize]);
            }
            crate::hint::ahead(events, k, |&later| {
                crate::hint::prefetch(dataset.events[later as usize].countries().as_ptr())
            });
            let event = &dataset.events[i as usize];
            let kind = event.kind.index();
            counts.events += 1;
            counts.by_kind[kind] += 1;
            if self.parts == Parts::Days {
                self.count_days(&mut counts, &event.date);
                continue;
            }
            places.clear();
            places.extend(
                (event.countries().iter())
                    .map(|c| self.position[c.slot()] as usize)
                    .filter(|&p| p < n),
            );
            places.sort_unstable();
            places.dedup();
            months.clear();
            let date = &event.date;
            self.count_days(&mut counts, date);
            // From the event's own date: the index's tables by event would be three more
            // reads from far away.
            let at = |o: i32| (o - self.first_month) as usize;
            let selected = |o| at(o) < m && self.selected.as_ref().is_none_or(|s| s[at(o)]);
            months.extend(counted_months(date, selected).map(at));
            for grain in Grain::ALL {
                let g = grain.index();
                let start = self.first_month.div_euclid(grain.months());
                periods[g].clear();
                for &o in &months {
                    let p =
                        ((self.first_month + o as i32).div_euclid(grain.months()) - start) as usize;
                    if periods[g].last() != Some(&p) {
                        periods[g].push(p);
                    }
                }
                let count = self.periods[g];
                for &p in &periods[g] {
                    counts.by_period[g][p] += 1;
                    counts.kind_period[g][kind * count + p] += 1;
                }
            }
            for (x, &a) in places.iter().enumerate() {
                counts.by_country[a] += 1;
                counts.country_kind[a * KINDS + kind] += 1;
                let grains = counts.country_period.iter_mut().zip(&periods);
                for ((table, touched), &count) in grains.zip(&self.periods) {
                    for &p in touched {
                        table[a * count + p] += 1;
                    }
                }
                for &b in &places[x + 1..] {
                    counts.pair_kind[pair_slot(a, b, n) * KINDS + kind] += 1;
                }
            }
        }
        counts
    }
}

/// The months (as ordinals) an event counts in: each month its date touches that is
/// `selected` (under a month filter, the months chosen); none when it is dated only to a
/// year, which counts by year, apart.
fn counted_months(date: &FuzzyDate, selected: impl Fn(i32) -> bool) -> impl Iterator<Item = i32> {
    let (first, last) = match date.is_year_only() {
        // No month.
        true => (1, 0),
        false => (
            YearMonth::of(date.earliest()).ordinal(),
            YearMonth::of(date.latest()).ordinal(),
        ),
    };
    (first..=last).filter(move |&o| selected(o))
}

/// Counts an event a loader kept instead of building it (one that `filter` could match,
/// see [`Filter::could_match`]: the loader's `keep` has checked) into `counted`, so that
/// [`Tally::from_counted`] gives what [`Tally::count`] gives for the matches of a dataset
/// of the events kept. A search and marks need the dataset: `filter` has neither.
pub fn count_offered(
    filter: &Filter,
    counted: &mut Counted,
    kind: Kind,
    countries: &[CountryCode],
    date: &FuzzyDate,
) {
    debug_assert!(!filter.has_search() && !filter.has_marks());
    debug_assert!(filter.could_match(kind, countries, date));
    let latest = YearMonth::of(date.latest()).ordinal();
    counted.offer(countries, date.start_month().map(|m| (m.ordinal(), latest)));
    if !filter.months.matches(date) {
        // Dated only to a year, under a month filter.
        counted.year_only_left_out += 1;
        return;
    }
    let mut slots: SmallVec<[usize; 8]> = countries.iter().map(|c| c.slot()).collect();
    slots.sort_unstable();
    slots.dedup();
    let months = &filter.months;
    let selected = |o| !months.is_active() || months.contains(YearMonth::from_ordinal(o));
    let counted_in: SmallVec<[i32; 4]> = match counted.wanted().any_months() {
        true => counted_months(date, selected).collect(),
        false => SmallVec::new(),
    };
    let year = date.is_year_only().then(|| date.earliest().year());
    counted.add(kind, &slots, &counted_in, year);
}

impl Shape {
    /// An event's share of each day it may fall on, or its year when that is all.
    fn count_days(&self, counts: &mut Counts, date: &crate::model::FuzzyDate) {
        if date.is_year_only() {
            *counts.year_only.entry(date.earliest().year()).or_default() += 1;
            return;
        }
        let from = day_number(date.earliest()) - self.first_day;
        let to = day_number(date.latest()) - self.first_day;
        if from >= 0 && (to as usize) < self.days {
            let share = 1.0 / f64::from(to - from + 1);
            counts.day_steps[from as usize] += share;
            counts.day_steps[to as usize + 1] -= share;
        }
    }
}

impl Tally {
    /// Counts the matches of `filter` (as `query::run` gives them).
    pub fn count(dataset: &Dataset, filter: &Filter, matches: &Matches) -> Tally {
        Tally::count_parts(dataset, filter, matches, Parts::All)
    }

    /// Counts only some of it: with [`Parts::Days`], the tables by country, by period and
    /// by pair are empty (they read as 0) and [`Tally::is_complete`] says so.
    pub fn count_parts(
        dataset: &Dataset,
        filter: &Filter,
        matches: &Matches,
        parts: Parts,
    ) -> Tally {
        let span = month_span(dataset);
        let periods = Grain::ALL.map(|g| periods_of(&span, g));
        let shape = Shape::new(dataset, filter, &span, &periods, parts);
        let events = &matches.events;
        let counts = if events.len() < PARALLEL_MIN {
            shape.count(dataset, events)
        } else {
            let parts =
                crate::parallel::in_ranges(events.len(), |r| shape.count(dataset, &events[r]));
            let mut parts = parts.into_iter();
            let mut all = parts.next().unwrap_or_else(|| shape.empty());
            parts.for_each(|p| all.add(p));
            all
        };
        let mut days = Vec::with_capacity(shape.days + 1);
        let (mut rate, mut total) = (0.0, 0.0);
        days.push(0.0);
        for step in counts.day_steps.iter().take(shape.days) {
            rate += step;
            total += rate;
            days.push(total);
        }
        Tally {
            complete: parts == Parts::All,
            countries: dataset.countries().to_vec(),
            span,
            periods,
            first_day: shape.first_day,
            days,
            counts,
        }
    }

    /// The tally of what a loader counted (see [`count_offered`]): the tables by month,
    /// not those by quarter, year or day (empty, they read as 0); by pair only if
    /// counted.
    pub fn from_counted(counted: &Counted) -> Tally {
        let countries: Vec<CountryCode> = (0..CountryCode::SLOTS)
            .filter(|&slot| counted.seen[slot])
            .filter_map(CountryCode::from_slot)
            .collect();
        let span: Vec<YearMonth> = match counted.month_bounds {
            Some((first, last)) => (first..=last).map(YearMonth::from_ordinal).collect(),
            None => Vec::new(),
        };
        let periods = Grain::ALL.map(|g| periods_of(&span, g));
        let first = span.first().map_or(0, |m| m.ordinal());
        let months = span.len() as i32;
        fn over(row: &MonthRow, first: i32, months: i32) -> impl Iterator<Item = u32> + '_ {
            (0..months).map(move |o| row.get(first + o))
        }
        let by_month = |row| over(row, first, months);
        let slots = || countries.iter().map(|c| c.slot());
        let month = Grain::Month.index();
        let mut counts = Counts {
            events: counted.events as u32,
            by_country: slots().map(|s| counted.by_country[s]).collect(),
            by_kind: counted.by_kind.to_vec(),
            year_only: counted.year_only.clone(),
            country_kind: slots()
                .flat_map(|s| counted.country_kind[s * KINDS..][..KINDS].iter().copied())
                .collect(),
            ..Counts::default()
        };
        counts.by_period[month] = by_month(&counted.by_month).collect();
        counts.country_period[month] = slots()
            .flat_map(|s| by_month(&counted.country_month[s]))
            .collect();
        counts.kind_period[month] = counted.kind_month.iter().flat_map(by_month).collect();
        if counted.wanted().pairs {
            let n = countries.len();
            let mut position = vec![0; CountryCode::SLOTS];
            slots().enumerate().for_each(|(k, s)| position[s] = k);
            counts.pair_kind = vec![0; n * n.saturating_sub(1) / 2 * KINDS];
            for (&(a, b), kinds) in &counted.pair_kind {
                let at = pair_slot(position[a as usize], position[b as usize], n) * KINDS;
                counts.pair_kind[at..at + KINDS].copy_from_slice(kinds);
            }
        }
        Tally {
            complete: false,
            countries,
            span,
            periods,
            counts,
            first_day: 0,
            days: vec![0.0],
        }
    }

    /// Whether every table was counted, not only the days.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// How many events were counted.
    pub fn events(&self) -> usize {
        self.counts.events as usize
    }

    /// The rows of the tables by country: the dataset's countries, by code.
    pub fn countries(&self) -> &[CountryCode] {
        &self.countries
    }

    /// The columns of the tables by month: every month of the dataset's span.
    pub fn span(&self) -> &[YearMonth] {
        &self.span
    }

    /// Events involving the country at `country` (a position in `countries`).
    pub fn country(&self, country: usize) -> usize {
        read(&self.counts.by_country, country)
    }

    pub fn kind(&self, kind: Kind) -> usize {
        self.counts.by_kind[kind.index()] as usize
    }

    /// The periods of a grain covering the span, in order (month periods are the span).
    pub fn periods(&self, grain: Grain) -> &[Bin] {
        &self.periods[grain.index()]
    }

    /// Events touching the month at `month` (a position in `span`).
    pub fn month(&self, month: usize) -> usize {
        self.in_period(Grain::Month, month)
    }

    /// Events touching period `p` of a grain (each once, however many of its months).
    pub fn in_period(&self, grain: Grain, p: usize) -> usize {
        read(&self.counts.by_period[grain.index()], p)
    }

    /// Events involving the country at `country` that touch period `p` of a grain.
    pub fn country_in(&self, grain: Grain, country: usize, p: usize) -> usize {
        let count = self.periods[grain.index()].len();
        read(
            &self.counts.country_period[grain.index()],
            country * count + p,
        )
    }

    /// Events of a kind that touch period `p` of a grain.
    pub fn kind_in(&self, grain: Grain, kind: Kind, p: usize) -> usize {
        let count = self.periods[grain.index()].len();
        read(
            &self.counts.kind_period[grain.index()],
            kind.index() * count + p,
        )
    }

    /// Events dated only to a year, per year, in order: in no month.
    pub fn year_only(&self) -> impl Iterator<Item = (i32, usize)> + '_ {
        (self.counts.year_only.iter()).map(|(&y, &n)| (y, n as usize))
    }

    pub fn year_only_total(&self) -> usize {
        self.year_only().map(|(_, n)| n).sum()
    }

    pub fn country_month(&self, country: usize, month: usize) -> usize {
        self.country_in(Grain::Month, country, month)
    }

    pub fn country_kind(&self, country: usize, kind: Kind) -> usize {
        read(&self.counts.country_kind, country * KINDS + kind.index())
    }

    pub fn kind_month(&self, kind: Kind, month: usize) -> usize {
        self.kind_in(Grain::Month, kind, month)
    }

    /// Events involving both countries (positions in `countries`), per kind.
    pub fn pair_kinds(&self, a: usize, b: usize) -> [usize; KINDS] {
        let mut kinds = [0; KINDS];
        if a != b {
            let n = self.countries.len();
            let slot = pair_slot(a.min(b), a.max(b), n) * KINDS;
            for (k, n) in kinds.iter_mut().enumerate() {
                *n = read(&self.counts.pair_kind, slot + k);
            }
        }
        kinds
    }

    /// Events involving both countries; a country with itself: the events involving it.
    pub fn pair(&self, a: usize, b: usize) -> usize {
        if a == b {
            return self.country(a);
        }
        self.pair_kinds(a, b).iter().sum()
    }

    /// Every pair of countries sharing some event, most shared first (then by code).
    pub fn pairs(&self) -> Vec<(usize, usize, usize)> {
        let n = self.countries.len();
        let mut pairs: Vec<(usize, usize, usize)> = (0..n)
            .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
            .map(|(a, b)| (a, b, self.pair(a, b)))
            .filter(|&(_, _, count)| count > 0)
            .collect();
        pairs.sort_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
        pairs
    }

    /// The countries some counted event involves, most events first (then by code).
    pub fn ranked_countries(&self) -> Vec<usize> {
        let mut ranked: Vec<usize> = (0..self.countries.len())
            .filter(|&c| self.country(c) > 0)
            .collect();
        ranked.sort_by_key(|&c| std::cmp::Reverse(self.country(c)));
        ranked
    }

    /// The kinds some counted event has, most events first.
    pub fn ranked_kinds(&self) -> Vec<Kind> {
        let mut ranked: Vec<Kind> = Kind::ALL
            .into_iter()
            .filter(|&k| self.kind(k) > 0)
            .collect();
        ranked.sort_by_key(|&k| std::cmp::Reverse(self.kind(k)));
        ranked
    }

    /// How many days the span covers.
    pub fn days(&self) -> usize {
        self.days.len().saturating_sub(1)
    }

    /// Events falling in days `from..to` of the span (counted from its first day), each
    /// event spread evenly over the days it may fall on. Year-only events are not here.
    pub fn in_days(&self, from: usize, to: usize) -> f64 {
        let to = to.min(self.days());
        let from = from.min(to);
        self.days[to] - self.days[from]
    }

    /// Which day of the span a date is (None outside it).
    pub fn day_of(&self, date: chrono::NaiveDate) -> Option<usize> {
        let d = day_number(date) - self.first_day;
        (d >= 0 && (d as usize) < self.days()).then_some(d as usize)
    }
}

/// The periods of a grain covering `span`: whole quarters and years, even where the span
/// starts or ends inside one.
fn periods_of(span: &[YearMonth], grain: Grain) -> Vec<Bin> {
    let (Some(first), Some(last)) = (span.first(), span.last()) else {
        return Vec::new();
    };
    let size = grain.months();
    let (from, to) = (
        first.ordinal().div_euclid(size),
        last.ordinal().div_euclid(size),
    );
    (from..=to)
        .map(|p| Bin {
            first: YearMonth::from_ordinal(p * size),
            last: YearMonth::from_ordinal(p * size + size - 1),
        })
        .collect()
}

/// A count from a table (0 where the table was not counted: an empty table of a
/// [`Parts::Days`] tally, which the browser never reads; debug builds say so).
fn read(table: &[u32], at: usize) -> usize {
    debug_assert!(!table.is_empty(), "a table a days-only tally did not count");
    table.get(at).map_or(0, |&n| n as usize)
}
