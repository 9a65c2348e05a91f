//! The validated dataset: events in chronological order, and the sources and actors they
//! cite. Built only by the loader, so every value here has passed validation.

use super::words::WordIndex;
use super::{CountryCode, Event, FuzzyDate, Index, YearMonth};
use crate::text;

/// Index of an actor in [`Dataset::actors`].
pub type ActorId = u32;
/// Index of a source in [`Dataset::sources`].
pub type SourceId = u32;

#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    pub outlet: String,
    /// English rendering of the title.
    pub title: String,
    /// BCP 47 language tag of the original ("ar", "en").
    pub language: String,
    pub published: FuzzyDate,
    /// What the source reports on, in a sentence.
    pub about: String,
    /// The reporting it is based on, when it relays another outlet.
    pub based_on: Option<String>,
    /// The title as the source wrote it, in its own language.
    pub title_original: Option<String>,
    /// Where it can be read: an http or https address.
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub role: String,
    pub country: Option<CountryCode>,
    pub organisation: Option<String>,
    /// The name in Arabic, as the sources write it.
    pub name_ar: Option<String>,
    /// The role in Arabic.
    pub role_ar: Option<String>,
    /// Other spellings of the name, in any language (the sources' variants).
    pub aliases: Vec<String>,
}

/// A country's names beyond what its code gives: in Arabic, and other spellings, as the
/// dataset's sources write them. Search and `--country` read them.
#[derive(Debug, Clone, PartialEq)]
pub struct CountryNames {
    pub code: CountryCode,
    pub name_ar: Option<String>,
    pub aliases: Vec<String>,
}

impl CountryNames {
    /// Every name the dataset gives the country, Arabic first.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.name_ar.iter().chain(&self.aliases).map(String::as_str)
    }
}

/// An event's own text as search reads it: see [`Dataset::with_own_text`].
pub(crate) enum OwnText<'a> {
    /// The fields as they are, all ASCII.
    Ascii([Option<&'a str>; 4]),
    /// Every field folded as words, one a line.
    Folded(&'a str),
}

/// A country's names: common, formal and short, then those the dataset gives it.
fn names_of(code: CountryCode, named: Option<&CountryNames>) -> Vec<String> {
    let mut names = vec![code.name(), code.formal_name()];
    names.extend(code.aliases().map(String::from));
    names.extend(
        named
            .into_iter()
            .flat_map(CountryNames::names)
            .map(String::from),
    );
    names
}

/// A name folded to its words, one space apart, for comparing names.
fn name_key(name: &str) -> String {
    let mut folded = String::new();
    text::fold_words_into(name, &mut folded);
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Names folded as words, one a line: what search reads of an actor, country or source.
fn searchable<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for name in names {
        text::fold_words_into(name, &mut out);
        out.push('\n');
    }
    out
}

#[derive(Debug)]
pub struct Dataset {
    pub title: String,
    pub description: String,
    pub sources: Vec<Source>,
    pub actors: Vec<Actor>,
    /// The names the dataset gives countries, by code.
    pub country_names: Vec<CountryNames>,
    /// Sorted: earliest possible day, then shorter span, then the order the file gives.
    pub events: Vec<Event>,
    /// What the loader has to say of the data beyond its events: an importer's rows left
    /// out by its defaults or skipped as bad, one line each. Empty for demarche's formats.
    pub load_notes: Vec<String>,
    /// Every country some event involves, by code.
    countries: Vec<CountryCode>,
    /// Per actor, its names and roles folded as words, one a line.
    actor_text: Vec<String>,
    /// Per country (in `countries` order), its names folded as words, one a line.
    country_text: Vec<String>,
    /// Per source, its titles and outlet folded as words, one a line.
    source_text: Vec<String>,
    /// Per country slot, its rank by how many events involve it (0: the most).
    country_rank: Vec<u16>,
    index: Index,
    month_bounds: Option<(YearMonth, YearMonth)>,
    /// Events touching each month from the first bound to the last.
    month_totals: Vec<usize>,
    /// Built on request (the browser builds it in the background): costs more than one
    /// search by scanning, and pays off from the second.
    words: std::sync::OnceLock<WordIndex>,
    /// The user's marks (stars, tags, notes), by event id: set after loading, from the
    /// sidecar file, and changed by the browser.
    marks: std::sync::RwLock<super::Marks>,
}

/// Sorts events by date (earliest possible day, then shorter span), keeping the file's
/// order among equal dates. Sorts small keys and then moves each event once, rather than
/// moving events about while sorting them.
fn sort_chronologically(events: &mut [Event]) {
    use super::index::day_number as day;
    let mut keys: Vec<(i32, i32, u32)> = (0..events.len())
        .map(|i| {
            let date = &events[i].date;
            (day(date.earliest()), day(date.latest()), i as u32)
        })
        .collect();
    // Positions make every key distinct, so an unstable sort is stable here.
    crate::parallel::sort_unstable(&mut keys);
    let order: Vec<u32> = keys.into_iter().map(|(_, _, i)| i).collect();
    permute(events, &order);
}

/// Rearranges `items` so that `items[k]` becomes what was at `order[k]`, in place, with
/// one swap per item out of place. `order` must be a permutation.
///
/// Following a cycle through `order` is a chain of dependent random reads (about 100 ns a
/// step at 1M); done together with the swaps, each swap waited for the next read. So the
/// cycles are walked first, through `order` alone, by several walkers at once, each from
/// its own start, so that their reads overlap; a walker stops where it meets another's
/// start, and its stretch is joined to the next one's. The swaps then follow the cycles so
/// joined, asking for each item a few swaps before it is swapped.
fn permute<T>(items: &mut [T], order: &[u32]) {
    let walk = cycles(order);
    // Swaps within each cycle (separators mark where cycles end).
    for (k, pair) in walk.windows(2).enumerate() {
        crate::hint::ahead(&walk, k, |&later| {
            if later != u32::MAX {
                crate::hint::prefetch(&items[later as usize]);
            }
        });
        if pair[0] != u32::MAX && pair[1] != u32::MAX {
            items.swap(pair[0] as usize, pair[1] as usize);
        }
    }
}

/// Every cycle of two or more places of the permutation `order`, each in the order its
/// places follow one another (`order[c[j]] == c[j + 1]`), ending with `u32::MAX`.
fn cycles(order: &[u32]) -> Vec<u32> {
    /// How many walkers step at once: enough reads in flight to cover a wait for memory.
    const WALKERS: usize = 8;
    struct Walker {
        start: u32,
        at: u32,
        places: Vec<u32>,
    }
    let n = order.len();
    let mut seen = vec![0u64; n.div_ceil(64)];
    let is_seen = |seen: &[u64], i: usize| seen[i / 64] >> (i % 64) & 1 == 1;
    let see = |seen: &mut [u64], i: usize| seen[i / 64] |= 1 << (i % 64);
    // Stretches walked, one after another in `stretched`: (from, to, the place after
    // the last, which starts another stretch or this one), and each stretch by its start.
    let mut stretched: Vec<u32> = Vec::with_capacity(n);
    let mut stretches: Vec<(usize, usize, u32)> = Vec::new();
    let mut by_start: std::collections::HashMap<u32, usize> = Default::default();
    let mut walkers: Vec<Walker> = Vec::with_capacity(WALKERS);
    let mut next_start = 0;
    loop {
        while walkers.len() < WALKERS {
            while next_start < n
                && (is_seen(&seen, next_start) || order[next_start] as usize == next_start)
            {
                next_start += 1;
            }
            if next_start == n {
                break;
            }
            see(&mut seen, next_start);
            let start = next_start as u32;
            let places = vec![start];
            walkers.push(Walker {
                start,
                at: start,
                places,
            });
            next_start += 1;
        }
        if walkers.is_empty() {
            break;
        }
        let mut w = 0;
        while w < walkers.len() {
            let next = order[walkers[w].at as usize];
            // Each place has one place before it: one already walked is a stretch's start.
            if is_seen(&seen, next as usize) {
                let walker = walkers.swap_remove(w);
                by_start.insert(walker.start, stretches.len());
                let from = stretched.len();
                stretched.extend(walker.places);
                stretches.push((from, stretched.len(), next));
                continue;
            }
            see(&mut seen, next as usize);
            crate::hint::prefetch(&order[next as usize]);
            walkers[w].places.push(next);
            walkers[w].at = next;
            w += 1;
        }
    }
    let mut walk = Vec::with_capacity(stretched.len() + stretches.len());
    let mut joined = vec![false; stretches.len()];
    // Each cycle's stretches, in its order, from any of them.
    for first in 0..stretches.len() {
        if joined[first] {
            continue;
        }
        let mut s = first;
        loop {
            joined[s] = true;
            let (from, to, next) = stretches[s];
            walk.extend_from_slice(&stretched[from..to]);
            s = *by_start
                .get(&next)
                .expect("a walked place is a stretch's start");
            if s == first {
                break;
            }
        }
        walk.push(u32::MAX);
    }
    walk
}

impl Dataset {
    /// Assembles a dataset from validated parts; sorts the events and prepares search.
    pub fn new(
        title: String,
        description: String,
        sources: Vec<Source>,
        actors: Vec<Actor>,
        mut country_names: Vec<CountryNames>,
        mut events: Vec<Event>,
    ) -> Dataset {
        country_names.sort_by_key(|c| c.code);
        sort_chronologically(&mut events);
        let index = Index::build(&events);
        // The index already knows each event's countries and months.
        let mut countries: Vec<CountryCode> = index.countries().collect();
        countries.sort_unstable();
        // Both the common and the formal name find a country ("russia", "federation"), and
        // the dataset's own names for it.
        let country_text = (countries.iter())
            .map(|&c| {
                let names = names_of(c, country_names.iter().find(|n| n.code == c));
                searchable(names.iter().map(String::as_str))
            })
            .collect();
        let dated = || (0..events.len() as u32).map(|i| index.month_ordinals(i));
        let month_bounds = dated()
            .filter(|months| !months.is_empty())
            .map(|months| (*months.start(), *months.end()))
            .reduce(|(lo, hi), (first, last)| (lo.min(first), hi.max(last)))
            .map(|(lo, hi)| (YearMonth::from_ordinal(lo), YearMonth::from_ordinal(hi)));
        let mut month_totals = Vec::new();
        if let Some((first, last)) = month_bounds {
            month_totals = vec![0; (last.ordinal() - first.ordinal()) as usize + 1];
            for m in dated().flatten() {
                month_totals[(m - first.ordinal()) as usize] += 1;
            }
        }
        let mut by_count: Vec<CountryCode> = countries.clone();
        by_count.sort_by_key(|&c| (std::cmp::Reverse(index.country(c).len()), c));
        let mut country_rank = vec![u16::MAX; CountryCode::SLOTS];
        for (rank, c) in by_count.iter().enumerate() {
            country_rank[c.slot()] = rank.min(u16::MAX as usize - 1) as u16;
        }
        let actor_text = (actors.iter())
            .map(|a| {
                let arabic = [&a.name_ar, &a.role_ar].into_iter().flatten();
                let names = [&a.name, &a.role]
                    .into_iter()
                    .chain(arabic)
                    .chain(&a.aliases);
                searchable(names.map(String::as_str))
            })
            .collect();
        let source_text = (sources.iter())
            .map(|s| {
                let titles = std::iter::once(&s.title).chain(&s.title_original);
                searchable(titles.chain([&s.outlet]).map(String::as_str))
            })
            .collect();
        Dataset {
            title,
            description,
            sources,
            actors,
            country_names,
            events,
            load_notes: Vec::new(),
            countries,
            actor_text,
            country_text,
            source_text,
            country_rank,
            index,
            month_bounds,
            month_totals,
            words: std::sync::OnceLock::new(),
            marks: Default::default(),
        }
    }

    /// Every country that some event involves, sorted by code.
    pub fn countries(&self) -> &[CountryCode] {
        &self.countries
    }

    /// Where a country stands by how many events involve it: 0 for the most frequent.
    /// Countries no event involves come after every other.
    pub fn country_rank(&self, code: CountryCode) -> usize {
        self.country_rank[code.slot()] as usize
    }

    pub fn event_by_id(&self, id: &str) -> Option<&Event> {
        self.position_of(id).map(|i| &self.events[i])
    }

    /// Where the event with this id is in `events`.
    pub fn position_of(&self, id: &str) -> Option<usize> {
        let events = &self.events;
        (0..events.len()).find(|&i| {
            crate::hint::ahead(events, i, Event::prefetch);
            events[i].id() == id
        })
    }

    pub fn actor(&self, id: ActorId) -> &Actor {
        &self.actors[id as usize]
    }

    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id as usize]
    }

    /// Event `index`'s own text (headline, summary, notes, date note) for search, handed
    /// to `read`: ASCII fields as they are (search ignores their case), any other text
    /// folded as words (one event in ten in a typical dataset, so folding as it is read
    /// costs less than keeping a folded copy).
    pub(crate) fn with_own_text<R>(&self, index: usize, read: impl FnOnce(OwnText) -> R) -> R {
        let e = &self.events[index];
        if e.own_text_is_ascii() {
            return read(OwnText::Ascii(e.own_text()));
        }
        thread_local! {
            static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        BUFFER.with_borrow_mut(|buffer| read(OwnText::Folded(self.folded_own_text(index, buffer))))
    }

    /// The first and last month any dated event touches.
    pub fn month_bounds(&self) -> Option<(YearMonth, YearMonth)> {
        self.month_bounds
    }

    /// How many events touch each month, from the first of `month_bounds` to the last.
    pub fn month_totals(&self) -> &[usize] {
        &self.month_totals
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Event `index`'s own text (headline, summary, notes, date note) folded as words, one
    /// field a line, made in `buffer`.
    pub(crate) fn folded_own_text<'a>(&self, index: usize, buffer: &'a mut String) -> &'a str {
        let e = &self.events[index];
        buffer.clear();
        for field in e.own_text().into_iter().flatten() {
            if e.own_text_is_ascii() {
                buffer.extend(field.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                text::fold_words_into(field, buffer);
            }
            buffer.push('\n');
        }
        buffer
    }

    /// Builds the word index if it is not built yet (safe to call from several threads).
    pub fn build_word_index(&self) -> &WordIndex {
        self.words.get_or_init(|| WordIndex::build(self))
    }

    /// The word index, if built.
    pub fn word_index(&self) -> Option<&WordIndex> {
        self.words.get()
    }

    /// The folded name of `countries()[position]`.
    pub(crate) fn country_text(&self, position: usize) -> &str {
        &self.country_text[position]
    }

    /// Actor `id`'s names and roles, folded as words.
    pub(crate) fn actor_text(&self, id: ActorId) -> &str {
        &self.actor_text[id as usize]
    }

    /// Source `id`'s titles and outlet, folded as words.
    pub(crate) fn source_text(&self, id: SourceId) -> &str {
        &self.source_text[id as usize]
    }

    /// The country `text` names: a code, an English or common name (as
    /// [`CountryCode::from_user`] reads them), or a name the dataset gives it (in Arabic,
    /// another spelling), with case, accents and the Arabic folds ignored.
    pub fn country_named(&self, text: &str) -> Option<CountryCode> {
        CountryCode::from_user(text).or_else(|| {
            let key = name_key(text);
            if key.is_empty() {
                return None;
            }
            let mut named = self.country_names.iter();
            named
                .find(|n| n.names().any(|name| name_key(name) == key))
                .map(|n| n.code)
        })
    }

    /// Every name a country of this dataset goes by: codes, English names and the
    /// dataset's own (for suggesting one when a name is mistyped).
    pub fn country_name_list(&self) -> Vec<String> {
        let mut names = Vec::new();
        for &c in &self.countries {
            names.push(c.to_string());
            names.extend(self.names_of(c));
        }
        for n in &self.country_names {
            names.extend(n.names().map(String::from));
        }
        names
    }

    /// Every name `code` goes by, as search reads them: common, formal and short names,
    /// then the dataset's own.
    pub fn names_of(&self, code: CountryCode) -> Vec<String> {
        names_of(code, self.country_names(code))
    }

    /// The user's marks, by event id.
    pub fn marks(&self) -> std::sync::RwLockReadGuard<'_, super::Marks> {
        self.marks.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Puts the user's marks in place (read from their file, or changed).
    pub fn set_marks(&self, marks: super::Marks) {
        *self.marks.write().unwrap_or_else(|e| e.into_inner()) = marks;
    }

    /// The names the dataset gives `code`, if any.
    pub fn country_names(&self, code: CountryCode) -> Option<&CountryNames> {
        let names = &self.country_names;
        names
            .binary_search_by_key(&code, |n| n.code)
            .ok()
            .map(|i| &names[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DatePoint, EventParts, Kind};

    #[test]
    fn events_sort_by_date_and_keep_the_files_order_on_the_same_date() {
        let event = |id: &str, date: &str, end: Option<&str>| {
            let point = |p: &str| DatePoint::parse(p).unwrap();
            Event::new(EventParts {
                id,
                date: FuzzyDate::new(point(date), end.map(point), None).unwrap(),
                date_note: None,
                kind: Kind::Meeting,
                countries: &[CountryCode::from_code("KZ").unwrap()],
                actors: &[],
                headline: "h",
                summary: "s",
                notes: None,
                sources: &[],
            })
        };
        let mut events = vec![
            event("z", "2022-06-17", None),
            event("month", "2022-06", None),
            event("a", "2022-06-17", None),
            event("early", "2021", None),
            event("range", "2022-06-17", Some("2022-06-20")),
            event("m", "2022-06-17", None),
        ];
        sort_chronologically(&mut events);
        let ids: Vec<&str> = events.iter().map(Event::id).collect();
        assert_eq!(ids, ["early", "month", "z", "a", "m", "range"]);
    }

    use proptest::prelude::*;

    proptest! {
        /// Any permutation, from any shuffle: each item lands where the order says, and
        /// each cycle is listed once, in its order.
        #[test]
        fn permuting_any_order_puts_each_item_where_it_says(
            order in (0usize..3000).prop_flat_map(|n| {
                Just((0..n as u32).collect::<Vec<u32>>()).prop_shuffle()
            }),
        ) {
            let walk = cycles(&order);
            for cycle in walk.split(|&p| p == u32::MAX).filter(|c| !c.is_empty()) {
                for (k, &p) in cycle.iter().enumerate() {
                    prop_assert_eq!(order[p as usize], cycle[(k + 1) % cycle.len()]);
                }
            }
            let moved = order.iter().enumerate().filter(|&(i, &o)| i as u32 != o).count();
            prop_assert_eq!(walk.iter().filter(|&&p| p != u32::MAX).count(), moved);
            let mut items: Vec<u64> = (0..order.len() as u64).map(|i| i * 7).collect();
            let want: Vec<u64> = order.iter().map(|&i| items[i as usize]).collect();
            permute(&mut items, &order);
            prop_assert_eq!(items, want);
        }
    }

    #[test]
    fn permuting_puts_each_item_where_the_order_says() {
        // Cycles of every length, fixed points, and the identity.
        let orders: [&[u32]; 5] = [
            &[],
            &[0, 1, 2],
            &[2, 0, 1],
            &[1, 0, 3, 2, 4],
            &[4, 3, 0, 1, 2],
        ];
        for order in orders {
            let mut items: Vec<u32> = (0..order.len() as u32).map(|i| i * 10).collect();
            let want: Vec<u32> = order.iter().map(|&i| items[i as usize]).collect();
            permute(&mut items, order);
            assert_eq!(items, want, "{order:?}");
        }
    }
}
