//! The validated dataset: events in chronological order, and the sources and actors they
//! cite. Built only by the loader, so every value here has passed validation.

use super::words::WordIndex;
use super::{CountryCode, FuzzyDate, Index, Kind, YearMonth};
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub role: String,
    pub country: Option<CountryCode>,
    pub organisation: Option<String>,
}

/// One move. Its five texts share one allocation and its lists are boxed slices: they
/// never change after loading, and a million events keep only what they need.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub date: FuzzyDate,
    pub kind: Kind,
    pub countries: Box<[CountryCode]>,
    pub actors: Box<[ActorId]>,
    pub sources: Box<[SourceId]>,
    /// id, headline, summary, notes and date note, one after another.
    text: Box<str>,
    /// Where each text ends in `text`, in that order.
    ends: [u32; 5],
    /// Whether the event has notes (bit 0) and a date note (bit 1).
    optional: u8,
}

/// An event's parts, borrowed, for [`Event::new`].
#[derive(Debug, Clone, Copy)]
pub struct EventParts<'a> {
    pub id: &'a str,
    pub date: FuzzyDate,
    pub date_note: Option<&'a str>,
    pub kind: Kind,
    pub countries: &'a [CountryCode],
    pub actors: &'a [ActorId],
    pub headline: &'a str,
    pub summary: &'a str,
    pub notes: Option<&'a str>,
    pub sources: &'a [SourceId],
}

impl Event {
    pub fn new(parts: EventParts) -> Event {
        let texts = [
            parts.id,
            parts.headline,
            parts.summary,
            parts.notes.unwrap_or(""),
            parts.date_note.unwrap_or(""),
        ];
        let mut text = String::with_capacity(texts.iter().map(|t| t.len()).sum());
        let mut ends = [0u32; 5];
        for (end, t) in ends.iter_mut().zip(texts) {
            text.push_str(t);
            *end = u32::try_from(text.len()).expect("an event's text is under 4 GiB");
        }
        Event {
            date: parts.date,
            kind: parts.kind,
            countries: parts.countries.into(),
            actors: parts.actors.into(),
            sources: parts.sources.into(),
            text: text.into_boxed_str(),
            ends,
            optional: u8::from(parts.notes.is_some()) | u8::from(parts.date_note.is_some()) << 1,
        }
    }

    fn part(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    pub fn id(&self) -> &str {
        self.part(0)
    }

    pub fn headline(&self) -> &str {
        self.part(1)
    }

    pub fn summary(&self) -> &str {
        self.part(2)
    }

    pub fn notes(&self) -> Option<&str> {
        (self.optional & 1 != 0).then(|| self.part(3))
    }

    /// What the source said of the date and where the stored date comes from.
    pub fn date_note(&self) -> Option<&str> {
        (self.optional & 2 != 0).then(|| self.part(4))
    }

    pub fn involves(&self, country: CountryCode) -> bool {
        self.countries.contains(&country)
    }
}

#[derive(Debug, Clone)]
pub struct Dataset {
    pub title: String,
    pub description: String,
    pub sources: Vec<Source>,
    pub actors: Vec<Actor>,
    /// Sorted: earliest possible day, then shorter span, then id.
    pub events: Vec<Event>,
    /// Every country some event involves, by code.
    countries: Vec<CountryCode>,
    /// Per event, its own text (headline, summary, notes) folded for search, kept only
    /// when that text is not plain ASCII; ASCII text is searched in place, ignoring case.
    folded: Vec<Option<Box<str>>>,
    /// Per actor, its name and role folded.
    actor_text: Vec<String>,
    /// Per country (in `countries` order), its name folded.
    country_text: Vec<String>,
    index: Index,
    month_bounds: Option<(YearMonth, YearMonth)>,
    /// Events touching each month from the first bound to the last.
    month_totals: Vec<usize>,
    /// Built on request (the browser builds it in the background): costs more than one
    /// search by scanning, and pays off from the second.
    words: std::sync::OnceLock<WordIndex>,
}

impl Dataset {
    /// Assembles a dataset from validated parts; sorts the events and prepares search.
    pub fn new(
        title: String,
        description: String,
        sources: Vec<Source>,
        actors: Vec<Actor>,
        mut events: Vec<Event>,
    ) -> Dataset {
        // Ids are unique, so this order is total and an in-place unstable sort gives the
        // same result as a stable one, without a buffer of half the events.
        events.sort_unstable_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id().cmp(b.id())));
        let folded = events
            .iter()
            .map(|e| {
                let fields = [Some(e.headline()), Some(e.summary()), e.notes()];
                if fields.iter().flatten().all(|f| f.is_ascii()) {
                    return None;
                }
                let mut text = String::new();
                for field in fields.into_iter().flatten() {
                    text::fold_into(field, &mut text);
                    text.push('\n');
                }
                Some(text.into_boxed_str())
            })
            .collect();
        let index = Index::build(&events);
        // The index already knows each event's countries and months.
        let mut countries: Vec<CountryCode> = index.countries().collect();
        countries.sort_unstable();
        let country_text = countries.iter().map(|c| text::fold(&c.name())).collect();
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
        let actor_text = actors
            .iter()
            .map(|a| text::fold(&format!("{}\n{}", a.name, a.role)))
            .collect();
        Dataset {
            title,
            description,
            sources,
            actors,
            events,
            countries,
            folded,
            actor_text,
            country_text,
            index,
            month_bounds,
            month_totals,
            words: std::sync::OnceLock::new(),
        }
    }

    /// Every country that some event involves, sorted by code.
    pub fn countries(&self) -> &[CountryCode] {
        &self.countries
    }

    pub fn event_by_id(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id() == id)
    }

    pub fn actor(&self, id: ActorId) -> &Actor {
        &self.actors[id as usize]
    }

    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id as usize]
    }

    /// Whether event `index`'s own text (headline, summary, notes) contains `word`, which
    /// must be folded already.
    pub fn own_text_contains(&self, index: usize, word: &str) -> bool {
        match &self.folded[index] {
            Some(folded) => folded.contains(word),
            None => {
                let e = &self.events[index];
                text::contains_ascii_folded(e.headline(), word)
                    || text::contains_ascii_folded(e.summary(), word)
                    || e.notes()
                        .is_some_and(|n| text::contains_ascii_folded(n, word))
            }
        }
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

    /// Event `index`'s own text (headline, summary, notes) folded, one field a line;
    /// `buffer` holds it when it has to be made.
    pub fn folded_own_text<'a>(&'a self, index: usize, buffer: &'a mut String) -> &'a str {
        if let Some(folded) = &self.folded[index] {
            return folded;
        }
        let e = &self.events[index];
        buffer.clear();
        for field in [Some(e.headline()), Some(e.summary()), e.notes()]
            .into_iter()
            .flatten()
        {
            buffer.extend(field.chars().map(|c| c.to_ascii_lowercase()));
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
    pub fn country_text(&self, position: usize) -> &str {
        &self.country_text[position]
    }

    /// Actor `id`'s name and role, folded.
    pub fn actor_text(&self, id: ActorId) -> &str {
        &self.actor_text[id as usize]
    }
}
