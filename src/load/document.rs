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
    /// The lines of the dataset's `title` and `description`.
    pub title: Option<usize>,
    pub description: Option<usize>,
    /// Whether an event used twice is named by its number alone, as the streaming JSON
    /// reader names it (it keeps no event's line once the event is checked).
    pub duplicates_by_number: bool,
}

/// Validates a dataset parsed in one piece (TOML or JSON).
pub(super) fn whole(
    raw: RawDataset,
    file: &str,
    lines: &EntryLines,
    keep: Keep,
) -> Result<Dataset, LoadError> {
    let mut check = Checker::new(file);
    let header_lines = [lines.title, lines.description];
    let (title, description) = check_header(&mut check, &raw.title, &raw.description, header_lines);
    let tables = validate::tables(&mut check, raw.sources, raw.actors, raw.countries, lines);
    let line = |i: usize| match lines.duplicates_by_number {
        true => None,
        false => lines.events.get(i).copied(),
    };
    let place = |i: usize| Place::new(Some(i + 1), line(i));
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
            && let Some(parts) = keep.build(parts)
        {
            events.push(parts);
        }
    }
    let events = events.finish();
    finish(check, title, description, tables, events)
}

/// Checks the dataset's title and description; `lines` are where each is, when known.
pub(super) fn check_header(
    check: &mut Checker,
    title: &str,
    description: &str,
    lines: [Option<usize>; 2],
) -> (String, String) {
    check.text(
        &At::new("dataset", "", None, lines[0]),
        "title",
        title,
        false,
    );
    let at = At::new("dataset", "", None, lines[1].or(lines[0]));
    check.safe(&at, "description", description, true);
    (title.to_string(), description.to_string())
}

/// The line of the first `key` of a JSON text (`"key":`), for placing problems of the
/// dataset's own fields; `None` when it is not there.
pub(super) fn json_key_line(text: &str, key: &str) -> Option<usize> {
    json_key(text, key).map(|at| text[..at].matches('\n').count() + 1)
}

/// Where the value of the member `key` of a JSON text's top-level object starts (not a
/// member of the same name deeper in, such as an event's `sources`).
fn json_key(text: &str, key: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut at) = (0u32, 0);
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                // A string: to its closing quote, past escapes.
                let start = at + 1;
                at = start;
                while at < bytes.len() && bytes[at] != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
                let name = text.get(start..at.min(bytes.len()));
                at += 1;
                let rest = text.get(at..).unwrap_or("").trim_start();
                if depth == 1 && name == Some(key) && rest.starts_with(':') {
                    return Some(text.len() - rest[1..].trim_start().len());
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        at += 1;
    }
    None
}

/// The lines the dataset's own parts start on in a JSON text: its title and description,
/// and each of its sources, actors and countries.
pub(super) fn json_entry_lines(text: &str) -> EntryLines {
    let list = |key: &str| {
        let Some(at) = json_key(text, key).filter(|&at| text[at..].starts_with('[')) else {
            return Vec::new();
        };
        let line = text[..at].matches('\n').count() + 1;
        element_lines(&text.as_bytes()[at..], line)
    };
    EntryLines {
        title: json_key_line(text, "title"),
        description: json_key_line(text, "description"),
        sources: list("sources"),
        actors: list("actors"),
        countries: list("countries"),
        ..EntryLines::default()
    }
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

/// The line each element of the JSON array `text` (from its `[`) starts on, counting the
/// array's line as `first`: one pass through strings and nesting.
pub(super) fn element_lines(text: &[u8], first: usize) -> Vec<usize> {
    let mut lines = Vec::new();
    let (mut line, mut depth) = (first, 0u32);
    let (mut in_string, mut escaped, mut expect) = (false, false, false);
    for &b in text {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        // The first byte after the `[` or a comma, in the array itself, starts an element.
        if expect && depth == 1 && !b.is_ascii_whitespace() {
            if b != b']' {
                lines.push(line);
            }
            expect = false;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                expect |= depth == 1;
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expect = true,
            _ => {}
        }
    }
    lines
}
