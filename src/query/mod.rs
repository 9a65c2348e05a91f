//! The one filter every face shares, what it matches, and facet counts for pickers.
//!
//! `Filter::matches` is the definition of matching; `run` and `facets` apply it to a dataset.

mod facets;
mod plan;
pub mod search;
mod tally;

pub use facets::{Facets, co_occurrence, facets, month_span};
pub use search::Query;
pub use tally::{Bin, Grain, Parts, Tally, count_offered};

use crate::model::{CountryCode, Dataset, FuzzyDate, Kind, YearMonth};
use plan::{Candidates, candidates, check_all, check_list, year_only_left_out};
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
    /// The user's marks: starred, tags.
    Mark,
}

impl Dimension {
    /// How messages name it ("without the country filter").
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Country => "country",
            Dimension::Month => "month",
            Dimension::Kind => "kind",
            Dimension::Text => "search",
            Dimension::Mark => "marks",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// The focus: with counterparts, an event must involve every one of these.
    pub countries: BTreeSet<CountryCode>,
    /// How several focus countries match when there are no counterparts.
    pub country_match: Match,
    /// Counterparts: the event must also involve at least one of these ("Kazakhstan with
    /// Russia or the United States": focus KZ, counterparts RU and US).
    pub counterparts: BTreeSet<CountryCode>,
    pub months: MonthFilter,
    pub kinds: BTreeSet<Kind>,
    /// A search as typed, read by [`Query::parse`].
    pub text: String,
    /// Only the events the user starred.
    pub starred: bool,
    /// Only events with every one of these tags.
    pub tags: BTreeSet<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        !self.has_countries()
            && !self.months.is_active()
            && self.kinds.is_empty()
            && !self.has_search()
            && !self.has_marks()
    }

    /// Whether the marks dimension is set: starred, or tags.
    pub fn has_marks(&self) -> bool {
        self.starred || !self.tags.is_empty()
    }

    /// Whether the search asks for anything (text with only problems does not).
    pub fn has_search(&self) -> bool {
        !self.text.trim().is_empty() && !self.query().is_empty()
    }

    /// The search, parsed.
    pub fn query(&self) -> Query {
        Query::parse(&self.text)
    }

    /// Whether an event of this kind, countries and date may pass: every dimension but
    /// the text, with year-only events kept for the month filter's left-out count. The
    /// loader uses it to build only the events a one-shot command could show.
    pub fn could_match(&self, kind: Kind, countries: &[CountryCode], date: &FuzzyDate) -> bool {
        countries_match(self, countries)
            && (self.kinds.is_empty() || self.kinds.contains(&kind))
            && (self.months.matches(date) || date.is_year_only())
    }

    /// Whether event `index` of the dataset passes every dimension.
    pub fn matches(&self, dataset: &Dataset, index: usize) -> bool {
        self.prepare(dataset).matches(dataset, index, None)
    }

    /// Parses the search once, and finds once which actors, countries and sources each
    /// term names, for matching many events. With the dataset's word index built, the
    /// search's whole answer becomes a set of events.
    fn prepare<'a>(&'a self, dataset: &Dataset) -> Prepared<'a> {
        Prepared {
            filter: self,
            search: search::Search::new(dataset, &self.query()),
            marked: marked(dataset, self),
        }
    }

    /// Whether the country dimension is set: a focus, counterparts, or both.
    pub fn has_countries(&self) -> bool {
        !self.countries.is_empty() || !self.counterparts.is_empty()
    }

    /// Whether several focus countries must all be involved: asked for, or implied by
    /// counterparts (a focus with counterparts is always all of its countries).
    pub fn needs_all_countries(&self) -> bool {
        self.country_match == Match::All || !self.counterparts.is_empty()
    }

    /// The filter narrowed to the events it selects that also involve `country`: what a
    /// screen's cell for that country holds. Always expressible: `F-any ∧ c` is the focus
    /// `c` with the counterparts `F`.
    pub fn and_country(&self, country: CountryCode) -> Filter {
        let mut f = self.clone();
        if self.countries.contains(&country) && self.needs_all_countries() {
            return f;
        }
        if !self.needs_all_countries() && self.countries.len() > 1 {
            // Any of F, and c: c itself, or c with F as counterparts.
            let any = std::mem::take(&mut f.countries);
            f.countries.insert(country);
            f.country_match = Match::All;
            if !any.contains(&country) {
                f.counterparts = any;
            }
            return f;
        }
        f.countries.insert(country);
        f.country_match = Match::All;
        if f.counterparts.contains(&country) {
            // c is one of the counterparts, so "any of them" holds.
            f.counterparts.clear();
        }
        f
    }

    /// The filter narrowed to the events of `kind` it selects (a kind it lets through).
    pub fn and_kind(&self, kind: Kind) -> Filter {
        Filter {
            kinds: [kind].into(),
            ..self.clone()
        }
    }

    /// The filter narrowed to the events it selects that touch one of `months` (a
    /// month the filter selects, when it selects months); None when the filter selects
    /// none of them, so no filter could say it.
    pub fn and_months(&self, months: &[YearMonth]) -> Option<Filter> {
        let mut f = self.clone();
        let keep: BTreeSet<YearMonth> = months
            .iter()
            .copied()
            .filter(|&m| !self.months.is_active() || self.months.contains(m))
            .collect();
        let (Some(&first), Some(&last)) = (keep.first(), keep.last()) else {
            return None;
        };
        let run = keep.len() > 1
            && keep
                .iter()
                .zip(keep.iter().skip(1))
                .all(|(a, b)| a.next() == *b);
        f.months = match run {
            // A run of months reads as a range ("Oct 2022 – Dec 2022"), not a list.
            true => MonthFilter {
                months: BTreeSet::new(),
                from: Some(first),
                to: Some(last),
            },
            false => MonthFilter {
                months: keep,
                from: None,
                to: None,
            },
        };
        Some(f)
    }

    /// The filter in words, for headers and messages:
    /// `country: Kazakhstan, Russia (all) · month: Jun 2022 · kind: visit · "sanctions"`.
    pub fn describe(&self) -> String {
        self.describe_parts().join(" · ")
    }

    /// [`Filter::describe`], one part per dimension, the search (if any) last.
    pub fn describe_parts(&self) -> Vec<String> {
        let mut parts = Vec::new();
        let names = |codes: &BTreeSet<CountryCode>, last: &str| {
            let names: Vec<String> = codes.iter().map(CountryCode::name).collect();
            match names.split_last() {
                Some((end, rest)) if !rest.is_empty() => {
                    format!("{} {last} {end}", rest.join(", "))
                }
                _ => names.join(""),
            }
        };
        if !self.counterparts.is_empty() {
            let with = format!("with {}", names(&self.counterparts, "or"));
            parts.push(match self.countries.is_empty() {
                true => format!("country: {with}"),
                false => format!("country: {} {with}", names(&self.countries, "and")),
            });
        } else if !self.countries.is_empty() {
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
        if self.starred {
            parts.push("starred".into());
        }
        if !self.tags.is_empty() {
            let tags: Vec<&str> = self.tags.iter().map(String::as_str).collect();
            parts.push(format!("tag: {}", tags.join(", ")));
        }
        if self.has_search() {
            let typed = self.text.trim();
            parts.push(match typed.contains('"') {
                true => format!("search: {typed}"),
                false => format!("\"{typed}\""),
            });
        }
        parts
    }

    /// The filter with one dimension's selection removed.
    pub fn without(&self, dimension: Dimension) -> Filter {
        let mut f = self.clone();
        match dimension {
            Dimension::Country => {
                f.countries.clear();
                f.counterparts.clear();
                f.country_match = Match::Any;
            }
            Dimension::Month => f.months = MonthFilter::default(),
            Dimension::Kind => f.kinds.clear(),
            Dimension::Text => f.text.clear(),
            Dimension::Mark => {
                f.starred = false;
                f.tags.clear();
            }
        }
        f
    }

    /// Which dimensions are set.
    pub fn active_dimensions(&self) -> Vec<Dimension> {
        let mut dims = Vec::new();
        if self.has_countries() {
            dims.push(Dimension::Country);
        }
        if self.months.is_active() {
            dims.push(Dimension::Month);
        }
        if !self.kinds.is_empty() {
            dims.push(Dimension::Kind);
        }
        if self.has_search() {
            dims.push(Dimension::Text);
        }
        if self.has_marks() {
            dims.push(Dimension::Mark);
        }
        dims
    }
}

pub(crate) struct Prepared<'a> {
    filter: &'a Filter,
    pub(crate) search: search::Search,
    /// With the marks dimension set: the events it lets through, ascending.
    pub(crate) marked: Option<Vec<u32>>,
}

/// The events whose marks pass the filter's (starred, every tag), ascending; None when
/// the filter asks nothing of marks. Marks are few, so this reads them, not the events.
fn marked(dataset: &Dataset, filter: &Filter) -> Option<Vec<u32>> {
    if !filter.has_marks() {
        return None;
    }
    let marks = dataset.marks();
    let passing: std::collections::HashSet<&str> = (marks.marks.iter())
        .filter(|(_, m)| (!filter.starred || m.starred) && filter.tags.is_subset(&m.tags))
        .map(|(id, _)| id.as_str())
        .collect();
    if passing.is_empty() {
        return Some(Vec::new());
    }
    // One pass over the events, whatever the number of marks.
    let events = (dataset.events.iter().enumerate())
        .filter(|(_, e)| passing.contains(e.id()))
        .map(|(i, _)| i as u32)
        .collect();
    Some(events)
}

impl Prepared<'_> {
    /// Whether matching reads events' text: a search the word index does not answer.
    pub(crate) fn reads_text(&self) -> bool {
        self.search.reads_text()
    }

    /// Matching with one dimension ignored (for facet counts), or none.
    pub(crate) fn matches(&self, dataset: &Dataset, index: usize, skip: Option<Dimension>) -> bool {
        let event = &dataset.events[index];
        let f = self.filter;
        (skip == Some(Dimension::Country) || countries_match(f, event.countries()))
            && (skip == Some(Dimension::Kind)
                || f.kinds.is_empty()
                || f.kinds.contains(&event.kind))
            && (skip == Some(Dimension::Month) || f.months.matches(&event.date))
            && (skip == Some(Dimension::Text) || self.search.matches(dataset, index))
            && (skip == Some(Dimension::Mark)
                || (self.marked.as_ref()).is_none_or(|m| m.binary_search(&(index as u32)).is_ok()))
    }
}

fn countries_match(filter: &Filter, countries: &[CountryCode]) -> bool {
    let focus = filter.countries.is_empty()
        || if filter.needs_all_countries() {
            filter.countries.iter().all(|c| countries.contains(c))
        } else {
            filter.countries.iter().any(|c| countries.contains(c))
        };
    focus
        && (filter.counterparts.is_empty()
            || filter.counterparts.iter().any(|c| countries.contains(c)))
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

    /// "12 events (3 dated only to the year left out by the month filter)".
    pub fn summary(&self) -> String {
        self.matched().summary()
    }

    /// How many, without which.
    pub fn matched(&self) -> Matched {
        Matched {
            events: self.len(),
            year_only_left_out: self.year_only_left_out,
        }
    }
}

/// How many events a filter matched (see [`Matches`]), when which is not needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Matched {
    pub events: usize,
    pub year_only_left_out: usize,
}

impl Matched {
    /// "12 events (3 dated only to the year left out by the month filter)".
    pub fn summary(&self) -> String {
        let n = self.events;
        let mut line = format!("{n} event{}", if n == 1 { "" } else { "s" });
        if self.year_only_left_out > 0 {
            line.push_str(&format!(
                " ({} dated only to the year left out by the month filter)",
                self.year_only_left_out
            ));
        }
        line
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
        // Nothing to check: every event passes.
        Candidates::All if filter.is_empty() => (0..dataset.events.len() as u32).collect(),
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

/// For a filter that selects nothing: each active dimension, with how many events the
/// filter gives without it, for those that would give some ("without the kind filter: 4").
pub fn relaxations(dataset: &Dataset, filter: &Filter) -> Vec<(Dimension, usize)> {
    filter
        .active_dimensions()
        .into_iter()
        .map(|d| (d, run(dataset, &filter.without(d)).len()))
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// Like [`run`], but when `previous` came from the same filter with a less specific search
/// (see [`Query::narrows`]: typing on, or adding a term), looks only at the previous
/// matches: they are a superset of the new ones.
pub fn run_narrowing(dataset: &Dataset, filter: &Filter, previous: (&Filter, &Matches)) -> Matches {
    let (old_filter, old_matches) = previous;
    let same_otherwise = Filter {
        text: filter.text.clone(),
        ..old_filter.clone()
    } == *filter;
    let narrower = filter.query().narrows(&old_filter.query());
    if !same_otherwise || !narrower {
        return run(dataset, filter);
    }
    // Through the word index, a phrase is read only within the earlier matches, and the
    // events dated only to a year (which a month filter leaves out of matches, but
    // counts). Nothing else needs that list, so it is made only for a phrase.
    let query = filter.query();
    let within = (query.has_phrase() && dataset.word_index().is_some()).then(|| {
        let mut within = old_matches.events.clone();
        if filter.months.is_active() {
            within.extend_from_slice(dataset.index().year_only());
            within.sort_unstable();
            within.dedup();
        }
        within
    });
    let prepared = Prepared {
        filter,
        search: search::Search::within(dataset, &query, within.as_deref()),
        marked: marked(dataset, filter),
    };
    Matches {
        events: check_list(&prepared, dataset, &old_matches.events, None),
        year_only_left_out: year_only_left_out(&prepared, dataset, filter),
    }
}

/// Every event whose dates may fall within `days` days of event `index`'s, whatever the
/// filter, in chronological order (the context of an event). Events dated only to a year
/// are left out, since they could be anywhere in it, unless `index` is one.
pub fn around(dataset: &Dataset, index: usize, days: u32) -> Matches {
    let date = &dataset.events[index].date;
    let reach = chrono::Days::new(u64::from(days));
    let from = date
        .earliest()
        .checked_sub_days(reach)
        .unwrap_or(date.earliest());
    let to = date
        .latest()
        .checked_add_days(reach)
        .unwrap_or(date.latest());
    let near = dataset.index().near_days(from, to);
    let mut candidates: Vec<u32> = near.map(|i| i as u32).collect();
    candidates.extend_from_slice(dataset.index().long());
    candidates.sort_unstable();
    candidates.dedup();
    let events = candidates
        .into_iter()
        .filter(|&i| {
            let d = &dataset.events[i as usize].date;
            i as usize == index || (!d.is_year_only() && d.earliest() <= to && d.latest() >= from)
        })
        .collect();
    Matches {
        events,
        year_only_left_out: 0,
    }
}
