//! How a filter is applied: which index names the candidates, and checking them against
//! the whole filter on all cores.

use super::{Dimension, Filter, MonthFilter, Prepared};
use crate::model::index::{intersection, union};
use crate::model::words::Bits;
use crate::model::{Dataset, YearMonth};

pub(super) enum Candidates {
    All,
    /// Ascending indices, and the dimension they answer exactly (if any).
    List(Vec<u32>, Option<Dimension>),
}

/// Which index supplies the candidates.
#[derive(Clone, Copy)]
enum Plan {
    Countries,
    Kinds,
    Months,
    Text,
    Marks,
}

/// The smallest superset of the matches the indexes can name cheaply.
pub(super) fn candidates(dataset: &Dataset, filter: &Filter, prepared: &Prepared) -> Candidates {
    let index = dataset.index();
    // With the word index, the search's matches are known as a set.
    let text_hits = prepared.search.hits.as_ref();
    let countries: Vec<&[u32]> = filter.countries.iter().map(|&c| index.country(c)).collect();
    let counterparts: Vec<&[u32]> = (filter.counterparts.iter())
        .map(|&c| index.country(c))
        .collect();
    let kinds: Vec<&[u32]> = filter.kinds.iter().map(|&k| index.kind(k)).collect();
    let windows: Vec<std::ops::Range<usize>> = if filter.months.is_active() {
        month_runs(dataset, &filter.months)
            .into_iter()
            .map(|(first, last)| index.near_months(first, last))
            .collect()
    } else {
        Vec::new()
    };
    let all_countries = filter.needs_all_countries();
    let focus_size = if all_countries {
        countries.iter().map(|l| l.len()).min()
    } else {
        Some(countries.iter().map(|l| l.len()).sum())
    };
    let counterparts_size = Some(counterparts.iter().map(|l| l.len()).sum::<usize>());
    let sizes = [
        filter.has_countries().then(|| {
            match (countries.is_empty(), counterparts.is_empty()) {
                (false, true) => focus_size,
                (true, false) => counterparts_size,
                _ => focus_size.min(counterparts_size),
            }
            .unwrap_or(0)
        }),
        (!kinds.is_empty()).then(|| kinds.iter().map(|l| l.len()).sum()),
        filter
            .months
            .is_active()
            .then(|| windows.iter().map(|w| w.len()).sum::<usize>() + index.long().len()),
        text_hits.map(Bits::count),
        prepared.marked.as_ref().map(Vec::len),
    ];
    let plans = [
        Plan::Countries,
        Plan::Kinds,
        Plan::Months,
        Plan::Text,
        Plan::Marks,
    ];
    let best = plans
        .into_iter()
        .zip(sizes)
        .filter_map(|(plan, size)| Some((size?, plan)))
        .min_by_key(|(size, _)| *size);
    let (list, exact) = match best {
        None => return Candidates::All,
        Some((_, Plan::Countries)) => {
            let focus = match all_countries {
                true => intersection(&countries),
                false => union(&countries),
            };
            let list = match (countries.is_empty(), counterparts.is_empty()) {
                (false, true) => focus,
                (true, false) => union(&counterparts),
                _ => intersection(&[&focus, &union(&counterparts)]),
            };
            (list, Some(Dimension::Country))
        }
        Some((_, Plan::Kinds)) => (union(&kinds), Some(Dimension::Kind)),
        Some((_, Plan::Months)) => {
            let mut list: Vec<u32> = windows.into_iter().flatten().map(|i| i as u32).collect();
            list.extend_from_slice(index.long());
            list.sort_unstable();
            list.dedup();
            // A superset: events near the months, not all of them touching one.
            (list, None)
        }
        Some((_, Plan::Text)) => (text_hits.expect("planned").to_list(), Some(Dimension::Text)),
        Some((_, Plan::Marks)) => (
            prepared.marked.clone().expect("planned"),
            Some(Dimension::Mark),
        ),
    };
    Candidates::List(list, exact)
}

/// The selected months as maximal runs of consecutive months, clipped to the dataset.
fn month_runs(dataset: &Dataset, months: &MonthFilter) -> Vec<(YearMonth, YearMonth)> {
    let Some((first, last)) = dataset.month_bounds() else {
        return Vec::new();
    };
    let mut selected: Vec<YearMonth> = months
        .months
        .iter()
        .copied()
        .filter(|m| (first..=last).contains(m))
        .collect();
    if months.from.is_some() || months.to.is_some() {
        let from = months.from.unwrap_or(first).max(first);
        let to = months.to.unwrap_or(last).min(last);
        selected
            .extend(std::iter::successors(Some(from), |m| Some(m.next())).take_while(|m| *m <= to));
    }
    selected.sort_unstable();
    selected.dedup();
    let mut runs: Vec<(YearMonth, YearMonth)> = Vec::new();
    for m in selected {
        match runs.last_mut() {
            Some((_, end)) if end.next() == m => *end = m,
            _ => runs.push((m, m)),
        }
    }
    runs
}

/// Below this many events, one thread is quicker than starting two.
const PARALLEL_MIN: usize = 50_000;

pub(super) fn check_all(
    prepared: &Prepared,
    dataset: &Dataset,
    range: std::ops::Range<usize>,
) -> Vec<u32> {
    check(prepared, dataset, range.len(), |k| range.start + k, None)
}

pub(super) fn check_list(
    prepared: &Prepared,
    dataset: &Dataset,
    list: &[u32],
    skip: Option<Dimension>,
) -> Vec<u32> {
    check(prepared, dataset, list.len(), |k| list[k] as usize, skip)
}

/// The events `event(0..n)` that pass (`skip` ignored), in that order, on all cores.
fn check(
    prepared: &Prepared,
    dataset: &Dataset,
    n: usize,
    event: impl Fn(usize) -> usize + Sync,
    skip: Option<Dimension>,
) -> Vec<u32> {
    // Events are read in order and their text lies elsewhere: when the text is read,
    // it is asked for ahead.
    let reads_text = prepared.reads_text();
    parallel(n, |part| {
        let end = part.end;
        part.filter_map(|k| {
            let later = k + crate::hint::AHEAD;
            if reads_text && later < end {
                dataset.events[event(later)].prefetch();
            }
            let i = event(k);
            prepared.matches(dataset, i, skip).then_some(i as u32)
        })
        .collect()
    })
}

/// Runs `work` over `0..n` split across the available cores, concatenating in order.
fn parallel(n: usize, work: impl Fn(std::ops::Range<usize>) -> Vec<u32> + Sync) -> Vec<u32> {
    if n < PARALLEL_MIN {
        return work(0..n);
    }
    crate::parallel::in_ranges(n, work).concat()
}

pub(super) fn year_only_left_out(prepared: &Prepared, dataset: &Dataset, filter: &Filter) -> usize {
    if !filter.months.is_active() {
        return 0;
    }
    dataset
        .index()
        .year_only()
        .iter()
        .filter(|&&i| prepared.matches(dataset, i as usize, Some(Dimension::Month)))
        .count()
}
