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

impl Dataset {
    /// Assembles a dataset from validated parts; sorts the events and prepares search.
    pub fn new(
        title: String,
        description: String,
        sources: Vec<Source>,
        actors: Vec<Actor>,
        mut country_names: Vec<CountryNames>,
        events: Vec<Event>,
    ) -> Dataset {
        country_names.sort_by_key(|c| c.code);
        let events = super::order::sort_chronologically(events);
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
