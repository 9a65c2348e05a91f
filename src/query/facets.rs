//! Facet counts: for each value of each dimension, how many events the filter would give
//! with that value chosen, so a picker can show it before it is chosen.

use super::{Dimension, Filter, Match, run};
use crate::model::{CountryCode, Dataset, Kind, YearMonth};
use std::collections::BTreeSet;

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
    let Some((first, last)) = dataset.month_bounds() else {
        return Vec::new();
    };
    std::iter::successors(Some(first), |m| Some(m.next()))
        .take_while(|m| *m <= last)
        .collect()
}

pub fn facets(dataset: &Dataset, filter: &Filter) -> Facets {
    let index = dataset.index();
    let countries = dataset.countries();
    let span = month_span(dataset);
    let events = |f: &Filter| run(dataset, f).events;

    let by_country = filter.without(Dimension::Country);
    let country_counts: Vec<usize> = if by_country.is_empty() {
        countries.iter().map(|&c| index.country(c).len()).collect()
    } else {
        count_countries(dataset, &events(&by_country))
    };

    let by_month = filter.without(Dimension::Month);
    let (month_counts, year_only) = if by_month.is_empty() {
        (dataset.month_totals().to_vec(), index.year_only().len())
    } else {
        let mut counts = vec![0; span.len()];
        let mut year_only = 0;
        for i in events(&by_month) {
            let date = &dataset.events[i as usize].date;
            if date.is_year_only() {
                year_only += 1;
            }
            for m in date.months() {
                counts[span.binary_search(&m).expect("month within span")] += 1;
            }
        }
        (counts, year_only)
    };

    let by_kind = filter.without(Dimension::Kind);
    let kind_counts: Vec<usize> = if by_kind.is_empty() {
        Kind::ALL.iter().map(|&k| index.kind(k).len()).collect()
    } else {
        let mut counts = vec![0; Kind::ALL.len()];
        for i in events(&by_kind) {
            counts[dataset.events[i as usize].kind.index()] += 1;
        }
        counts
    };

    Facets {
        countries: countries.iter().copied().zip(country_counts).collect(),
        months: span.into_iter().zip(month_counts).collect(),
        year_only,
        kinds: Kind::ALL.into_iter().zip(kind_counts).collect(),
    }
}

/// For every country of the dataset, how many events it shares with all of `focus` under
/// the filter's other dimensions: what ticking it would add as a counterpart ("Russia 12"
/// beside a ticked Kazakhstan, not Russia's 19 on its own). A focus country counts the
/// events of the whole focus.
pub fn co_occurrence(
    dataset: &Dataset,
    filter: &Filter,
    focus: &BTreeSet<CountryCode>,
) -> Vec<(CountryCode, usize)> {
    let mut shared = filter.without(Dimension::Country);
    shared.countries = focus.clone();
    shared.country_match = Match::All;
    let counts = count_countries(dataset, &run(dataset, &shared).events);
    dataset.countries().iter().copied().zip(counts).collect()
}

/// For each of the dataset's countries (in its order), how many of `events` involve it.
fn count_countries(dataset: &Dataset, events: &[u32]) -> Vec<usize> {
    let countries = dataset.countries();
    let mut counts = vec![0; countries.len()];
    for &i in events {
        for c in dataset.events[i as usize].countries() {
            counts[countries.binary_search(c).expect("dataset country")] += 1;
        }
    }
    counts
}
