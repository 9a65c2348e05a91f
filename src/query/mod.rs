//! The one filter every face shares, what it matches, and facet counts for pickers.
//!
//! `Filter::matches` is the definition of matching; `run` and `facets` apply it to a dataset.

use crate::model::index::{intersection, union};
use crate::model::words::Bits;
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
    /// names, for matching many events. With the dataset's word index built, each word's
    /// whole answer becomes a set of events.
    fn prepare<'a>(&'a self, dataset: &Dataset) -> Prepared<'a> {
        let words: Vec<Word> = text::fold(&self.text)
            .split_whitespace()
            .map(|w| {
                let actors: Vec<bool> = (0..dataset.actors.len() as u32)
                    .map(|a| dataset.actor_text(a).contains(w))
                    .collect();
                let countries: Vec<CountryCode> = dataset
                    .countries()
                    .iter()
                    .filter(|c| text::fold(&c.name()).contains(w))
                    .copied()
                    .collect();
                let hits = dataset.word_index().map(|words| {
                    let index = dataset.index();
                    let mut hits = words.containing(w);
                    let named = (0..actors.len()).filter(|&a| actors[a]);
                    let lists = named
                        .map(|a| index.actor(a as u32))
                        .chain(countries.iter().map(|&c| index.country(c)));
                    lists.flatten().for_each(|&i| hits.set(i));
                    hits
                });
                Word {
                    text: w.to_string(),
                    actors,
                    countries,
                    hits,
                }
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

/// One folded search word, with the actors and countries whose names contain it, and,
/// when the word index is built, every event it matches.
struct Word {
    text: String,
    actors: Vec<bool>,
    countries: Vec<CountryCode>,
    hits: Option<Bits>,
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
            if let Some(hits) = &w.hits {
                return hits.get(index as u32);
            }
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

/// The plain definition: every event checked against the filter. `run` must always agree
/// with it; tests hold them to that.
pub fn scan(dataset: &Dataset, filter: &Filter) -> Matches {
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

/// Applies the filter, using the dataset's indexes to look only at events it could select.
pub fn run(dataset: &Dataset, filter: &Filter) -> Matches {
    let prepared = filter.prepare(dataset);
    let events = match candidates(dataset, filter, &prepared) {
        Candidates::All => check_all(&prepared, dataset, 0..dataset.events.len()),
        // A posting list is exactly its own dimension's answer: with nothing else to
        // check it is the result, otherwise only the other dimensions are checked.
        Candidates::List(list, Some(exact)) if filter.active_dimensions() == [exact] => list,
        Candidates::List(list, exact) => check_list(&prepared, dataset, &list, exact),
    };
    Matches {
        events,
        year_only_left_out: year_only_left_out(&prepared, dataset, filter),
    }
}

/// Like [`run`], but when `previous` came from the same filter with a less specific search
/// (every earlier word is part of some new one, as when typing on), looks only at the
/// previous matches: they are a superset of the new ones.
pub fn run_narrowing(dataset: &Dataset, filter: &Filter, previous: (&Filter, &Matches)) -> Matches {
    let (old_filter, old_matches) = previous;
    let same_otherwise = Filter {
        text: filter.text.clone(),
        ..old_filter.clone()
    } == *filter;
    let old_words = text::fold(&old_filter.text);
    let new_words = text::fold(&filter.text);
    let narrower = old_words
        .split_whitespace()
        .all(|old| new_words.split_whitespace().any(|new| new.contains(old)));
    if !same_otherwise || !narrower {
        return run(dataset, filter);
    }
    let prepared = filter.prepare(dataset);
    Matches {
        events: check_list(&prepared, dataset, &old_matches.events, None),
        year_only_left_out: year_only_left_out(&prepared, dataset, filter),
    }
}

enum Candidates {
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
}

/// The smallest superset of the matches the indexes can name cheaply.
fn candidates(dataset: &Dataset, filter: &Filter, prepared: &Prepared) -> Candidates {
    let index = dataset.index();
    // With the word index, the search's matches are known as a set: every word's hits.
    let text_hits = match prepared.words.split_first() {
        Some((first, rest)) if prepared.words.iter().all(|w| w.hits.is_some()) => {
            let mut all = first.hits.clone().expect("checked");
            rest.iter()
                .for_each(|w| all.intersect_with(w.hits.as_ref().expect("checked")));
            Some(all)
        }
        _ => None,
    };
    let countries: Vec<&[u32]> = filter.countries.iter().map(|&c| index.country(c)).collect();
    let kinds: Vec<&[u32]> = filter.kinds.iter().map(|&k| index.kind(k)).collect();
    let windows: Vec<std::ops::Range<usize>> = if filter.months.is_active() {
        month_runs(dataset, &filter.months)
            .into_iter()
            .map(|(first, last)| index.near_months(first, last))
            .collect()
    } else {
        Vec::new()
    };
    let all_countries = filter.country_match == Match::All;
    let sizes = [
        (!countries.is_empty()).then(|| {
            if all_countries {
                countries.iter().map(|l| l.len()).min().unwrap_or(0)
            } else {
                countries.iter().map(|l| l.len()).sum()
            }
        }),
        (!kinds.is_empty()).then(|| kinds.iter().map(|l| l.len()).sum()),
        filter
            .months
            .is_active()
            .then(|| windows.iter().map(|w| w.len()).sum::<usize>() + index.long().len()),
        text_hits.as_ref().map(Bits::count),
    ];
    let plans = [Plan::Countries, Plan::Kinds, Plan::Months, Plan::Text];
    let best = plans
        .into_iter()
        .zip(sizes)
        .filter_map(|(plan, size)| Some((size?, plan)))
        .min_by_key(|(size, _)| *size);
    let (list, exact) = match best {
        None => return Candidates::All,
        Some((_, Plan::Countries)) if all_countries => {
            (intersection(&countries), Some(Dimension::Country))
        }
        Some((_, Plan::Countries)) => (union(&countries), Some(Dimension::Country)),
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

fn check_all(prepared: &Prepared, dataset: &Dataset, range: std::ops::Range<usize>) -> Vec<u32> {
    parallel(range.len(), |part| {
        let part = range.start + part.start..range.start + part.end;
        part.filter(|&i| prepared.matches(dataset, i, None))
            .map(|i| i as u32)
            .collect()
    })
}

fn check_list(
    prepared: &Prepared,
    dataset: &Dataset,
    list: &[u32],
    skip: Option<Dimension>,
) -> Vec<u32> {
    parallel(list.len(), |part| {
        list[part]
            .iter()
            .copied()
            .filter(|&i| prepared.matches(dataset, i as usize, skip))
            .collect()
    })
}

/// How many threads to use, asked once: on Linux the answer reads cgroup files, which
/// costs more than filtering a thousand events.
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .min(8)
    })
}

/// Runs `work` over `0..n` split across the available cores, concatenating in order.
fn parallel(n: usize, work: impl Fn(std::ops::Range<usize>) -> Vec<u32> + Sync) -> Vec<u32> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(8);
    if n < PARALLEL_MIN || threads < 2 {
        return work(0..n);
    }
    let step = n.div_ceil(threads);
    let parts: Vec<Vec<u32>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let work = &work;
                scope.spawn(move || work(t * step..((t + 1) * step).min(n)))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("filter thread"))
            .collect()
    });
    parts.concat()
}

fn year_only_left_out(prepared: &Prepared, dataset: &Dataset, filter: &Filter) -> usize {
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

/// The filter with one dimension's selection removed.
fn without(filter: &Filter, dimension: Dimension) -> Filter {
    let mut f = filter.clone();
    match dimension {
        Dimension::Country => {
            f.countries.clear();
            f.country_match = Match::Any;
        }
        Dimension::Month => f.months = MonthFilter::default(),
        Dimension::Kind => f.kinds.clear(),
        Dimension::Text => f.text.clear(),
    }
    f
}

pub fn facets(dataset: &Dataset, filter: &Filter) -> Facets {
    let index = dataset.index();
    let countries = dataset.countries();
    let span = month_span(dataset);
    let events = |f: &Filter| run(dataset, f).events;

    let by_country = without(filter, Dimension::Country);
    let country_counts: Vec<usize> = if by_country.is_empty() {
        countries.iter().map(|&c| index.country(c).len()).collect()
    } else {
        let mut counts = vec![0; countries.len()];
        for i in events(&by_country) {
            for c in &dataset.events[i as usize].countries {
                counts[countries.binary_search(c).expect("dataset country")] += 1;
            }
        }
        counts
    };

    let by_month = without(filter, Dimension::Month);
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

    let by_kind = without(filter, Dimension::Kind);
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
