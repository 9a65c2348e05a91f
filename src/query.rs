//! The one filter every face shares, what it matches, and facet counts for pickers.
//!
//! `Filter::matches` is the definition of matching; `run` and `facets` apply it to a dataset.

use crate::model::{CountryCode, Dataset, Event, FuzzyDate, Kind, YearMonth};
use crate::text;
use std::collections::BTreeSet;

/// How a country selection of several countries matches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Match {
    /// The event involves at least one selected country.
    #[default]
    Any,
    /// The event involves every selected country ("moves between KZ and RU").
    All,
}

/// Selected months: a set, an inclusive range (open at either end), or both (their union).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthFilter {
    pub months: BTreeSet<YearMonth>,
    pub from: Option<YearMonth>,
    pub to: Option<YearMonth>,
}

impl MonthFilter {
    pub fn is_active(&self) -> bool {
        !self.months.is_empty() || self.from.is_some() || self.to.is_some()
    }

    /// Whether month `m` is selected.
    pub fn contains(&self, m: YearMonth) -> bool {
        let in_range = (self.from.is_some() || self.to.is_some())
            && self.from.is_none_or(|from| m >= from)
            && self.to.is_none_or(|to| m <= to);
        in_range || self.months.contains(&m)
    }

    /// Whether a date's span overlaps a selected month (year-only dates never do).
    pub fn matches(&self, date: &FuzzyDate) -> bool {
        !self.is_active() || date.months().any(|m| self.contains(m))
    }

    fn describe(&self) -> String {
        let mut parts: Vec<String> = self.months.iter().map(|m| m.short()).collect();
        match (self.from, self.to) {
            (Some(from), Some(to)) => parts.push(format!("{} – {}", from.short(), to.short())),
            (Some(from), None) => parts.push(format!("from {}", from.short())),
            (None, Some(to)) => parts.push(format!("to {}", to.short())),
            (None, None) => {}
        }
        parts.join(", ")
    }
}

/// A filter's dimensions; they combine with AND.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Country,
    Month,
    Kind,
    Text,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub countries: BTreeSet<CountryCode>,
    pub country_match: Match,
    pub months: MonthFilter,
    pub kinds: BTreeSet<Kind>,
    /// Every whitespace-separated word must appear (case- and accent-insensitive).
    pub text: String,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.countries.is_empty()
            && !self.months.is_active()
            && self.kinds.is_empty()
            && self.text.trim().is_empty()
    }

    /// Whether event `index` of the dataset passes every dimension.
    pub fn matches(&self, dataset: &Dataset, index: usize) -> bool {
        self.prepare(dataset).matches(dataset, index, None)
    }

    /// Folds the search words once, and finds once which actors and countries each word
    /// names, for matching many events.
    fn prepare<'a>(&'a self, dataset: &Dataset) -> Prepared<'a> {
        let words: Vec<Word> = text::fold(&self.text)
            .split_whitespace()
            .map(|w| Word {
                actors: (0..dataset.actors.len() as u32)
                    .map(|a| dataset.actor_text(a).contains(w))
                    .collect(),
                countries: dataset
                    .countries()
                    .iter()
                    .filter(|c| text::fold(&c.name()).contains(w))
                    .copied()
                    .collect(),
                text: w.to_string(),
            })
            .collect();
        Prepared {
            filter: self,
            words,
        }
    }

    /// The filter in words, for headers and messages:
    /// `country: Kazakhstan, Russia (all) · month: Jun 2022 · kind: visit · "sanctions"`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.countries.is_empty() {
            let names: Vec<String> = self.countries.iter().map(CountryCode::name).collect();
            let all = if self.country_match == Match::All && self.countries.len() > 1 {
                " (all)"
            } else {
                ""
            };
            parts.push(format!("country: {}{all}", names.join(", ")));
        }
        if self.months.is_active() {
            parts.push(format!("month: {}", self.months.describe()));
        }
        if !self.kinds.is_empty() {
            let kinds: Vec<&str> = self.kinds.iter().map(|k| k.as_str()).collect();
            parts.push(format!("kind: {}", kinds.join(", ")));
        }
        if !self.text.trim().is_empty() {
            parts.push(format!("\"{}\"", self.text.trim()));
        }
        parts.join(" · ")
    }

    /// Which dimensions are set.
    pub fn active_dimensions(&self) -> Vec<Dimension> {
        let mut dims = Vec::new();
        if !self.countries.is_empty() {
            dims.push(Dimension::Country);
        }
        if self.months.is_active() {
            dims.push(Dimension::Month);
        }
        if !self.kinds.is_empty() {
            dims.push(Dimension::Kind);
        }
        if !self.text.trim().is_empty() {
            dims.push(Dimension::Text);
        }
        dims
    }
}

struct Prepared<'a> {
    filter: &'a Filter,
    words: Vec<Word>,
}

/// One folded search word, with the actors and countries whose names contain it.
struct Word {
    text: String,
    actors: Vec<bool>,
    countries: Vec<CountryCode>,
}

impl Prepared<'_> {
    /// Matching with one dimension ignored (for facet counts), or none.
    fn matches(&self, dataset: &Dataset, index: usize, skip: Option<Dimension>) -> bool {
        let event = &dataset.events[index];
        let f = self.filter;
        (skip == Some(Dimension::Country) || country_matches(f, event))
            && (skip == Some(Dimension::Kind)
                || f.kinds.is_empty()
                || f.kinds.contains(&event.kind))
            && (skip == Some(Dimension::Month) || f.months.matches(&event.date))
            && (skip == Some(Dimension::Text) || self.text_matches(dataset, index))
    }

    fn text_matches(&self, dataset: &Dataset, index: usize) -> bool {
        let event = &dataset.events[index];
        self.words.iter().all(|w| {
            event.actors.iter().any(|&a| w.actors[a as usize])
                || event.countries.iter().any(|c| w.countries.contains(c))
                || dataset.own_text_contains(index, &w.text)
        })
    }
}

fn country_matches(filter: &Filter, event: &Event) -> bool {
    if filter.countries.is_empty() {
        return true;
    }
    match filter.country_match {
        Match::Any => filter.countries.iter().any(|&c| event.involves(c)),
        Match::All => filter.countries.iter().all(|&c| event.involves(c)),
    }
}

/// The events a filter selects, in chronological order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches {
    /// Indices into `Dataset::events`, ascending (so chronological).
    pub events: Vec<u32>,
    /// Events dated only to a year that matched everything but the month filter: their
    /// month is unknown, so a month filter leaves them out.
    pub year_only_left_out: usize,
}

impl Matches {
    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

/// Applies the filter to the whole dataset.
pub fn run(dataset: &Dataset, filter: &Filter) -> Matches {
    let prepared = filter.prepare(dataset);
    let mut matches = Matches::default();
    for (i, event) in dataset.events.iter().enumerate() {
        if prepared.matches(dataset, i, None) {
            matches.events.push(i as u32);
        } else if filter.months.is_active()
            && event.date.is_year_only()
            && prepared.matches(dataset, i, Some(Dimension::Month))
        {
            matches.year_only_left_out += 1;
        }
    }
    matches
}

/// For each value of each dimension, how many events the filter would give with that
/// dimension's selection replaced by the value alone (the other dimensions as they are).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    /// Every country in the dataset, by code.
    pub countries: Vec<(CountryCode, usize)>,
    /// Every month from the dataset's first to its last dated month.
    pub months: Vec<(YearMonth, usize)>,
    /// Events dated only to a year that pass the other dimensions (no month can select them).
    pub year_only: usize,
    /// Every kind, in the model's order.
    pub kinds: Vec<(Kind, usize)>,
}

impl Facets {
    pub fn country(&self, code: CountryCode) -> usize {
        self.countries
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(0, |(_, n)| *n)
    }

    pub fn month(&self, month: YearMonth) -> usize {
        self.months
            .iter()
            .find(|(m, _)| *m == month)
            .map_or(0, |(_, n)| *n)
    }

    pub fn kind(&self, kind: Kind) -> usize {
        self.kinds[kind.index()].1
    }
}

/// The months from the dataset's first dated month to its last, in order.
pub fn month_span(dataset: &Dataset) -> Vec<YearMonth> {
    let mut months = dataset.events.iter().flat_map(|e| e.date.months());
    let Some(first) = months.next() else {
        return Vec::new();
    };
    let (first, last) = months.fold((first, first), |(lo, hi), m| (lo.min(m), hi.max(m)));
    std::iter::successors(Some(first), |m| Some(m.next()))
        .take_while(|m| *m <= last)
        .collect()
}

pub fn facets(dataset: &Dataset, filter: &Filter) -> Facets {
    let prepared = filter.prepare(dataset);
    let countries = dataset.countries();
    let span = month_span(dataset);
    let mut facets = Facets {
        countries: countries.iter().map(|&c| (c, 0)).collect(),
        months: span.iter().map(|&m| (m, 0)).collect(),
        year_only: 0,
        kinds: Kind::ALL.iter().map(|&k| (k, 0)).collect(),
    };
    for (i, event) in dataset.events.iter().enumerate() {
        if prepared.matches(dataset, i, Some(Dimension::Country)) {
            for c in &event.countries {
                let slot = countries.binary_search(c).expect("dataset country");
                facets.countries[slot].1 += 1;
            }
        }
        if prepared.matches(dataset, i, Some(Dimension::Month)) {
            if event.date.is_year_only() {
                facets.year_only += 1;
            }
            for m in event.date.months() {
                let slot = span.binary_search(&m).expect("month within span");
                facets.months[slot].1 += 1;
            }
        }
        if prepared.matches(dataset, i, Some(Dimension::Kind)) {
            facets.kinds[event.kind.index()].1 += 1;
        }
    }
    facets
}
