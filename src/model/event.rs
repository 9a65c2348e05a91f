//! One move, and the pages that hold events' text and lists.
//!
//! Events loaded together share a page: one string for all their texts, one list each
//! for their countries and their actor and source ids, and where each event's parts end.
//! An event keeps its date, kind and where its countries are inline (what indexing reads
//! of every event), a pointer to its page and its place on it, so a million events cost a
//! few hundred allocations rather than several million, and 40 bytes each (plus 28 on the
//! page) besides their text: small to sort and to move.

use super::{ActorId, CountryCode, FuzzyDate, Kind, SourceId};
use std::fmt;
use std::sync::{Arc, OnceLock};

/// Texts and lists of the events built together (see [`EventsBuilder`]).
#[derive(Debug, Default)]
struct Page {
    text: String,
    countries: Vec<CountryCode>,
    /// Each event's actors, then its sources.
    ids: Vec<u32>,
    /// Where each event's parts end; each part starts where the one before it ends.
    ends: Vec<Ends>,
}

/// Where an event's parts end on its page, in the order they are written.
#[derive(Debug, Default, Clone, Copy)]
struct Ends {
    /// Id, headline, summary, notes and date note, in the page's text.
    text: [u32; 5],
    /// Actors, then sources, in the page's ids.
    actors: u32,
    sources: u32,
}

/// A page holds at most this many bytes of text, countries or ids, so places fit in `u32`.
const PAGE_LIMIT: usize = u32::MAX as usize;

/// Bits of [`Event::flags`].
const HAS_NOTES: u8 = 1;
const HAS_DATE_NOTE: u8 = 2;
/// Headline, summary and notes are plain ASCII: searching needs no folding.
const ASCII_OWN_TEXT: u8 = 4;

/// One move: when, what kind, who, and what was said of it.
#[derive(Clone)]
pub struct Event {
    pub date: FuzzyDate,
    pub kind: Kind,
    flags: u8,
    /// Its place on its page.
    slot: u32,
    /// Where its countries are on the page.
    countries: u32,
    country_count: u16,
    /// Its page: set once the page is full, which is before the builder hands the event
    /// out, so events are made once, straight onto the page being written.
    page: Arc<OnceLock<Page>>,
}

/// An event's parts, borrowed, for [`Event::new`] and [`EventsBuilder::push`].
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

/// The most countries, actors or sources one event can list: a longer list is a mistake
/// in the data.
pub const MAX_LIST: usize = u16::MAX as usize;

impl EventParts<'_> {
    fn text_len(&self) -> usize {
        let optional = |t: Option<&str>| t.map_or(0, str::len);
        self.id.len()
            + self.headline.len()
            + self.summary.len()
            + optional(self.notes)
            + optional(self.date_note)
    }
}

impl Event {
    /// One event on a page of its own.
    pub fn new(parts: EventParts) -> Event {
        let mut builder = EventsBuilder::default();
        builder.push(parts);
        builder.finish().pop().expect("one event pushed")
    }

    fn page(&self) -> &Page {
        self.page
            .get()
            .expect("the builder seals a page before handing out its events")
    }

    /// Where the event before this one on the page ended, and where this one's parts end.
    fn ends(&self) -> (&Ends, &Ends) {
        const START: Ends = Ends {
            text: [0; 5],
            actors: 0,
            sources: 0,
        };
        let ends = &self.page().ends;
        let slot = self.slot as usize;
        let before = if slot == 0 { &START } else { &ends[slot - 1] };
        (before, &ends[slot])
    }

    fn text_part(&self, i: usize) -> &str {
        let (before, own) = self.ends();
        let start = if i == 0 {
            before.text[4]
        } else {
            own.text[i - 1]
        };
        &self.page().text[start as usize..own.text[i] as usize]
    }

    pub fn id(&self) -> &str {
        self.text_part(0)
    }

    pub fn headline(&self) -> &str {
        self.text_part(1)
    }

    pub fn summary(&self) -> &str {
        self.text_part(2)
    }

    pub fn notes(&self) -> Option<&str> {
        (self.flags & HAS_NOTES != 0).then(|| self.text_part(3))
    }

    /// What the source said of the date and where the stored date comes from.
    pub fn date_note(&self) -> Option<&str> {
        (self.flags & HAS_DATE_NOTE != 0).then(|| self.text_part(4))
    }

    /// Headline, summary, notes and date note: the text a search reads, found together.
    pub(crate) fn own_text(&self) -> [Option<&str>; 4] {
        let (_, own) = self.ends();
        let text = &self.page().text;
        let part = |i: usize| &text[own.text[i - 1] as usize..own.text[i] as usize];
        let notes = (self.flags & HAS_NOTES != 0).then(|| part(3));
        let date_note = (self.flags & HAS_DATE_NOTE != 0).then(|| part(4));
        [Some(part(1)), Some(part(2)), notes, date_note]
    }

    /// Asks the processor for where this event's parts are on its page, so that reading
    /// its text a little later waits for memory once, not twice (see [`crate::hint`]).
    pub(crate) fn prefetch(&self) {
        if let Some(ends) = self.page().ends.get(self.slot as usize) {
            crate::hint::prefetch(ends);
        }
    }

    /// Whether headline, summary, notes and date note are all plain ASCII.
    pub(crate) fn own_text_is_ascii(&self) -> bool {
        self.flags & ASCII_OWN_TEXT != 0
    }

    /// The countries involved, in the order the data gives them.
    pub fn countries(&self) -> &[CountryCode] {
        let start = self.countries as usize;
        &self.page().countries[start..start + self.country_count as usize]
    }

    pub fn actors(&self) -> &[ActorId] {
        let (before, own) = self.ends();
        &self.page().ids[before.sources as usize..own.actors as usize]
    }

    pub fn sources(&self) -> &[SourceId] {
        let (_, own) = self.ends();
        &self.page().ids[own.actors as usize..own.sources as usize]
    }

    pub fn involves(&self, country: CountryCode) -> bool {
        self.countries().contains(&country)
    }
}

impl PartialEq for Event {
    /// Same values, wherever they are stored.
    fn eq(&self, other: &Self) -> bool {
        self.date == other.date
            && self.kind == other.kind
            && self.id() == other.id()
            && self.headline() == other.headline()
            && self.summary() == other.summary()
            && self.notes() == other.notes()
            && self.date_note() == other.date_note()
            && self.countries() == other.countries()
            && self.actors() == other.actors()
            && self.sources() == other.sources()
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Event")
            .field("id", &self.id())
            .field("date", &self.date)
            .field("kind", &self.kind)
            .field("countries", &self.countries())
            .field("actors", &self.actors())
            .field("sources", &self.sources())
            .field("headline", &self.headline())
            .field("summary", &self.summary())
            .field("notes", &self.notes())
            .field("date_note", &self.date_note())
            .finish()
    }
}

/// Builds many events onto shared pages. Events come out of [`EventsBuilder::finish`] in
/// the order they were pushed.
#[derive(Default)]
pub struct EventsBuilder {
    page: Page,
    /// Where the page will be once it is full; the events made so far point there.
    sealed: Arc<OnceLock<Page>>,
    events: Vec<Event>,
}

impl EventsBuilder {
    /// A builder expecting about `events` events and `text` bytes of their text.
    pub fn with_capacity(events: usize, text: usize) -> EventsBuilder {
        EventsBuilder {
            page: Page {
                text: String::with_capacity(text.min(PAGE_LIMIT)),
                countries: Vec::with_capacity(events * 3),
                ids: Vec::with_capacity(events * 3),
                ends: Vec::with_capacity(events),
            },
            sealed: Arc::default(),
            events: Vec::with_capacity(events),
        }
    }

    /// Adds an event. Lists longer than [`MAX_LIST`] must be refused before.
    pub fn push(&mut self, parts: EventParts) {
        let room = |len: usize| len <= PAGE_LIMIT;
        if !room(self.page.text.len() + parts.text_len())
            || !room(self.page.countries.len() + parts.countries.len())
            || !room(self.page.ids.len() + parts.actors.len() + parts.sources.len())
        {
            self.seal();
        }
        let page = &mut self.page;
        let mut text = [0u32; 5];
        let texts = [
            parts.id,
            parts.headline,
            parts.summary,
            parts.notes.unwrap_or(""),
            parts.date_note.unwrap_or(""),
        ];
        for (end, t) in text.iter_mut().zip(texts) {
            page.text.push_str(t);
            *end = page.text.len() as u32;
        }
        let countries = page.countries.len() as u32;
        let country_count =
            u16::try_from(parts.countries.len()).expect("lists checked when loading");
        page.countries.extend_from_slice(parts.countries);
        page.ids.extend_from_slice(parts.actors);
        let actors = page.ids.len() as u32;
        page.ids.extend_from_slice(parts.sources);
        let slot = page.ends.len() as u32;
        page.ends.push(Ends {
            text,
            actors,
            sources: page.ids.len() as u32,
        });
        let ascii = [
            Some(parts.headline),
            Some(parts.summary),
            parts.notes,
            parts.date_note,
        ]
        .into_iter()
        .flatten()
        .all(str::is_ascii);
        let flag = |on: bool, bit: u8| if on { bit } else { 0 };
        let flags = flag(parts.notes.is_some(), HAS_NOTES)
            | flag(parts.date_note.is_some(), HAS_DATE_NOTE)
            | flag(ascii, ASCII_OWN_TEXT);
        self.events.push(Event {
            date: parts.date,
            kind: parts.kind,
            flags,
            slot,
            countries,
            country_count,
            page: Arc::clone(&self.sealed),
        });
    }

    /// Closes the current page: its events can be read from now on.
    fn seal(&mut self) {
        let mut page = std::mem::take(&mut self.page);
        page.text.shrink_to_fit();
        page.countries.shrink_to_fit();
        page.ids.shrink_to_fit();
        page.ends.shrink_to_fit();
        let sealed = std::mem::take(&mut self.sealed);
        sealed.set(page).expect("each page is sealed once");
    }

    pub fn finish(mut self) -> Vec<Event> {
        self.seal();
        self.events
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DatePoint;

    fn parts<'a>(
        id: &'a str,
        countries: &'a [CountryCode],
        notes: Option<&'a str>,
    ) -> EventParts<'a> {
        EventParts {
            id,
            date: FuzzyDate::new(DatePoint::parse("2022-06-17").unwrap(), None, None).unwrap(),
            date_note: None,
            kind: Kind::Meeting,
            countries,
            actors: &[3, 1],
            headline: "Héadline",
            summary: "Summary",
            notes,
            sources: &[0],
        }
    }

    #[test]
    fn an_event_stays_small() {
        // A million events are loaded at once, and sorted: 40 bytes each besides their
        // page.
        assert!(
            std::mem::size_of::<Event>() <= 40,
            "{}",
            std::mem::size_of::<Event>()
        );
    }

    #[test]
    fn events_on_a_shared_page_keep_their_own_parts() {
        let kz = CountryCode::from_code("KZ").unwrap();
        let us = CountryCode::from_code("US").unwrap();
        let mut builder = EventsBuilder::default();
        builder.push(parts("a", &[kz, us], Some("n")));
        builder.push(parts("b", &[us], None));
        let events = builder.finish();
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].id(), "a");
        assert_eq!(events[0].countries(), [kz, us]);
        assert_eq!(events[0].notes(), Some("n"));
        assert_eq!(events[1].id(), "b");
        assert_eq!(events[1].countries(), [us]);
        assert_eq!(events[1].actors(), [3, 1]);
        assert_eq!(events[1].sources(), [0]);
        assert_eq!(events[1].notes(), None);
        assert!(!events[1].own_text_is_ascii());
        // Equality is by value, not by page.
        assert_eq!(events[1], Event::new(parts("b", &[us], None)));
        assert_ne!(events[0], Event::new(parts("a", &[kz, us], None)));
    }
}
