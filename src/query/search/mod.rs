//! Search: the language people type ([`Query`]), finding its terms in text, and a query
//! prepared over a dataset, answered by reading events or through the word index.
//!
//! An event's searchable text is its headline, summary, notes and date note; the names,
//! roles and aliases (in any language) of its actors; the names of its countries (common,
//! formal, and the dataset's own names for them, Arabic among them); and the titles and
//! outlets of its sources. A term is found in the event when it is found in one of these.

mod find;
mod parse;

pub use parse::{Query, SYNTAX, Term};

use crate::model::words::{Bits, WordIndex};
use crate::model::{CountryCode, Dataset, OwnText};

/// A term with the actors, countries and sources whose names have it, found once.
struct Prepared {
    term: Term,
    actors: Vec<bool>,
    /// By country slot.
    countries: Vec<bool>,
    sources: Vec<bool>,
    /// Whether any actor, country or source has it (most often none: then an event's
    /// lists need not be read).
    named: [bool; 3],
}

impl Prepared {
    fn new(dataset: &Dataset, term: &Term) -> Prepared {
        let mut countries = vec![false; CountryCode::SLOTS];
        for (i, c) in dataset.countries().iter().enumerate() {
            countries[c.slot()] = term.found_in(dataset.country_text(i));
        }
        let actors: Vec<bool> = (0..dataset.actors.len() as u32)
            .map(|a| term.found_in(dataset.actor_text(a)))
            .collect();
        let sources: Vec<bool> = (0..dataset.sources.len() as u32)
            .map(|s| term.found_in(dataset.source_text(s)))
            .collect();
        let any = |flags: &[bool]| flags.iter().any(|&f| f);
        Prepared {
            term: term.clone(),
            named: [any(&actors), any(&countries), any(&sources)],
            actors,
            countries,
            sources,
        }
    }

    fn in_own_text(&self, own: &OwnText) -> bool {
        match own {
            OwnText::Ascii(fields) => fields.iter().flatten().any(|f| self.term.found_in(f)),
            OwnText::Folded(text) => self.term.found_in(text),
        }
    }

    /// Whether event `index` has the term, taken positively.
    fn in_event(&self, dataset: &Dataset, index: usize, own: &OwnText) -> bool {
        let event = &dataset.events[index];
        let [actors, countries, sources] = self.named;
        (actors && event.actors().iter().any(|&a| self.actors[a as usize]))
            || (countries && event.countries().iter().any(|c| self.countries[c.slot()]))
            || (sources && event.sources().iter().any(|&s| self.sources[s as usize]))
            || self.in_own_text(own)
    }

    /// Every event that has the term, taken positively, through the word index; for a
    /// phrase, only among `within` when given (the matches of a search this one narrows).
    fn hits(&self, dataset: &Dataset, words: &WordIndex, within: Option<&Bits>) -> Bits {
        let term = &self.term;
        let word_hits = |j: usize| {
            let (word, prefix) = (&term.words[j], term.is_prefix(j));
            words.with_word(|token| find::token_has(token, word, prefix))
        };
        let mut hits = word_hits(0);
        if term.words.len() > 1 {
            // The events with every word of the phrase, then read, on all cores, for the
            // words in a row.
            (1..term.words.len()).for_each(|j| hits.intersect_with(&word_hits(j)));
            if let Some(within) = within {
                hits.intersect_with(within);
            }
            let candidates = hits.to_list();
            let in_a_row = |range: std::ops::Range<usize>| -> Vec<u32> {
                let read =
                    |&i: &u32| dataset.with_own_text(i as usize, |own| self.in_own_text(&own));
                candidates[range]
                    .iter()
                    .copied()
                    .filter(|i| read(i))
                    .collect()
            };
            let found = match candidates.len() < 10_000 {
                true => vec![in_a_row(0..candidates.len())],
                false => crate::parallel::in_ranges(candidates.len(), in_a_row),
            };
            hits = Bits::new(words.events());
            found.iter().flatten().for_each(|&i| hits.set(i));
        }
        let named = (0..self.actors.len()).filter(|&a| self.actors[a]);
        let lists = (named.map(|a| words.actor(a as u32)))
            .chain(
                (0..self.sources.len())
                    .filter(|&s| self.sources[s])
                    .map(|s| words.source(s as u32)),
            )
            .chain(
                (dataset.countries().iter())
                    .filter(|c| self.countries[c.slot()])
                    .map(|&c| dataset.index().country(c)),
            );
        lists.flatten().for_each(|&i| hits.set(i));
        hits
    }
}

/// A query prepared over one dataset, for matching many of its events.
pub(crate) struct Search {
    /// Each clause's terms: one of them must hold, for every clause.
    clauses: Vec<Vec<Prepared>>,
    /// With the word index built, every event the whole query matches.
    pub(crate) hits: Option<Bits>,
}

impl Search {
    pub fn new(dataset: &Dataset, query: &Query) -> Search {
        Search::within(dataset, query, None)
    }

    /// [`Search::new`] for matching only events of `within` (ascending event indices):
    /// the word index then reads no phrase's text outside them.
    pub fn within(dataset: &Dataset, query: &Query, within: Option<&[u32]>) -> Search {
        let clauses: Vec<Vec<Prepared>> = (query.clauses.iter())
            .map(|c| c.terms.iter().map(|t| Prepared::new(dataset, t)).collect())
            .collect();
        let hits = match dataset.word_index() {
            Some(words) if !clauses.is_empty() => {
                let within = within.map(|list| {
                    let mut bits = Bits::new(words.events());
                    list.iter().for_each(|&i| bits.set(i));
                    bits
                });
                Some(index_hits(dataset, words, &clauses, within.as_ref()))
            }
            _ => None,
        };
        Search { clauses, hits }
    }

    /// Whether matching reads events' text: a search the word index does not answer.
    pub fn reads_text(&self) -> bool {
        !self.clauses.is_empty() && self.hits.is_none()
    }

    /// Whether event `index` matches.
    pub fn matches(&self, dataset: &Dataset, index: usize) -> bool {
        if let Some(hits) = &self.hits {
            return hits.get(index as u32);
        }
        if self.clauses.is_empty() {
            return true;
        }
        dataset.with_own_text(index, |own| {
            self.clauses.iter().all(|clause| {
                (clause.iter()).any(|t| t.term.negated != t.in_event(dataset, index, &own))
            })
        })
    }
}

fn index_hits(
    dataset: &Dataset,
    words: &WordIndex,
    clauses: &[Vec<Prepared>],
    within: Option<&Bits>,
) -> Bits {
    let n = words.events();
    let mut all: Option<Bits> = None;
    for clause in clauses {
        let mut any = Bits::new(n);
        for t in clause {
            let mut hits = t.hits(dataset, words, within);
            if t.term.negated {
                hits.complement(n);
            }
            any.union_with(&hits);
        }
        match &mut all {
            Some(all) => all.intersect_with(&any),
            None => all = Some(any),
        }
    }
    all.unwrap_or_else(|| {
        let mut every = Bits::new(n);
        every.complement(n);
        every
    })
}

/// The first of `candidates` (each a tag and an event index) whose event the query
/// matches: its tag. The query is prepared once, however many are looked at.
pub fn first_match<T>(
    dataset: &Dataset,
    query: &Query,
    mut candidates: impl Iterator<Item = (T, usize)>,
) -> Option<T> {
    let search = Search::new(dataset, query);
    candidates
        .find(|&(_, index)| search.matches(dataset, index))
        .map(|(tag, _)| tag)
}

/// Where each of the query's terms is found in event `index`, for showing why it
/// matched: the term as typed, and the places ("headline", "actor Antony Blinken",
/// "country Kazakhstan", "source Asharq News"). Negated terms are left out.
pub fn found_where(dataset: &Dataset, query: &Query, index: usize) -> Vec<(String, Vec<String>)> {
    let event = &dataset.events[index];
    let fields = [
        ("headline", Some(event.headline())),
        ("summary", Some(event.summary())),
        ("notes", event.notes()),
        ("date note", event.date_note()),
    ];
    let mut folded = String::new();
    let mut found_in = |term: &Term, text: &str| {
        folded.clear();
        crate::text::fold_words_into(text, &mut folded);
        term.found_in(&folded)
    };
    let mut out = Vec::new();
    for term in query.terms().filter(|t| !t.is_negated()) {
        let mut places: Vec<String> = Vec::new();
        for (name, text) in fields {
            if text.is_some_and(|t| found_in(term, t)) {
                places.push(name.to_string());
            }
        }
        for &a in event.actors() {
            if term.found_in(dataset.actor_text(a)) {
                places.push(format!("actor {}", dataset.actor(a).name));
            }
        }
        for (i, c) in dataset.countries().iter().enumerate() {
            if event.involves(*c) && term.found_in(dataset.country_text(i)) {
                places.push(format!("country {}", c.name()));
            }
        }
        for &s in event.sources() {
            if term.found_in(dataset.source_text(s)) {
                places.push(format!("source {}", dataset.source(s).outlet));
            }
        }
        out.push((term.typed(), places));
    }
    out
}
