//! A dataset parsed in one piece (TOML, or a JSON document read whole), validated as a
//! whole: every problem is collected, and any problem means no dataset.

use super::raw::RawDataset;
use super::validate::{self, At, Checker, Place, Tables};
use super::{Keep, LoadError};
use crate::model::{Dataset, Event, EventsBuilder};

/// Where each source, actor, country and event entry starts in the file, when the format says
/// (TOML's `[[events]]` headers); empty otherwise.
#[derive(Default)]
pub(super) struct EntryLines {
    pub sources: Vec<usize>,
    pub actors: Vec<usize>,
    pub countries: Vec<usize>,
    pub events: Vec<usize>,
}

/// Validates a dataset parsed in one piece (TOML or JSON).
pub(super) fn whole(
    raw: RawDataset,
    file: &str,
    lines: &EntryLines,
    keep: Keep,
) -> Result<Dataset, LoadError> {
    let mut check = Checker::new(file);
    let (title, description) = check_header(&mut check, &raw.title, &raw.description);
    let tables = validate::tables(&mut check, raw.sources, raw.actors, raw.countries, lines);
    let place = |i: usize| Place::new(Some(i + 1), lines.events.get(i).copied());
    let id = |i: usize| (&*raw.events[i].id, place(i));
    let hash = |i: usize| validate::hash_id(&raw.events[i].id);
    validate::duplicates(&mut check, "event", raw.events.len(), id, hash);
    let text: usize = raw
        .events
        .iter()
        .map(|e| e.headline.len() + e.summary.len())
        .sum();
    let mut events = EventsBuilder::with_capacity(raw.events.len(), text);
    let mut scratch = validate::Scratch::default();
    for (i, e) in raw.events.iter().enumerate() {
        let at = At::new("event", &e.id, Some(i + 1), lines.events.get(i).copied());
        if let Some(parts) = validate::event(&mut check, &at, e, &tables, &mut scratch)
            && keep(&parts)
        {
            events.push(parts);
        }
    }
    let events = events.finish();
    finish(check, title, description, tables, events)
}

pub(super) fn check_header(
    check: &mut Checker,
    title: &str,
    description: &str,
) -> (String, String) {
    let top = At::new("dataset", "", None, None);
    check.text(&top, "title", title, false);
    check.safe(&top, "description", description, true);
    (title.to_string(), description.to_string())
}

pub(super) fn finish(
    check: Checker,
    title: String,
    description: String,
    tables: Tables,
    events: Vec<Event>,
) -> Result<Dataset, LoadError> {
    if check.reported() > 0 {
        return Err(LoadError::Invalid {
            problems: check.problems,
            more: check.more,
        });
    }
    Ok(Dataset::new(
        title,
        description,
        tables.sources,
        tables.actors,
        tables.countries,
        events,
    ))
}
