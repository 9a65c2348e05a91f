//! Reading a dataset (TOML, or JSON with the same schema) and validating it whole: every
//! problem is reported at once, each naming its place, and a bad file yields no dataset.

use crate::model::{
    Actor, CountryCode, Dataset, DateError, DatePoint, Event, FuzzyDate, Kind, Part, Source,
};
use crate::text::is_unsafe_char;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// The curated dataset, compiled into the binary so it works from any directory.
pub const BUILTIN: &str = include_str!("../data/central-asia.toml");
/// The name the built-in dataset goes by in messages.
pub const BUILTIN_NAME: &str = "central-asia.toml (built in)";

pub const MAX_HEADLINE_CHARS: usize = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// JSON for `.json` files, TOML otherwise.
    pub fn for_path(path: &Path) -> Format {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext.eq_ignore_ascii_case("json") {
            Format::Json
        } else {
            Format::Toml
        }
    }
}

/// Why a dataset could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    Io {
        file: String,
        error: std::io::Error,
    },
    /// The file is not well-formed TOML/JSON, or does not have the dataset's shape.
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// Well-formed, but some values are wrong.
    Invalid(Vec<Problem>),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { file, error } => write!(f, "{file}: cannot read: {error}"),
            LoadError::Syntax {
                file,
                line,
                column,
                message,
            } => write!(f, "{file}:{line}:{column}: {message}"),
            LoadError::Invalid(problems) => {
                let lines: Vec<String> = problems.iter().map(Problem::to_string).collect();
                f.write_str(&lines.join("\n"))
            }
        }
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// Each problem on its own line: one for I/O or syntax, one per invalid value.
    pub fn lines(&self) -> Vec<String> {
        match self {
            LoadError::Invalid(problems) => problems.iter().map(Problem::to_string).collect(),
            other => vec![other.to_string()],
        }
    }
}

/// One invalid value, with where it is and what would be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// The line of the entry (`[[events]]` header) when the format lets us know it.
    pub line: Option<usize>,
    /// "event \"kz-spief\"", "source #2", "dataset".
    pub entry: String,
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: ", self.file)?,
            None => write!(f, "{}: ", self.file)?,
        }
        write!(
            f,
            "{}, field '{}': {}",
            self.entry, self.field, self.message
        )
    }
}

// The file's shape, as written. Strings stay strings so validation can explain each value.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDataset {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    sources: Vec<RawSource>,
    #[serde(default)]
    actors: Vec<RawActor>,
    #[serde(default)]
    events: Vec<RawEvent>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    outlet: String,
    title: String,
    language: String,
    published: String,
    about: String,
    based_on: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActor {
    id: String,
    name: String,
    role: String,
    country: Option<String>,
    organisation: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    id: String,
    date: String,
    end: Option<String>,
    part: Option<String>,
    date_note: Option<String>,
    kind: String,
    #[serde(default)]
    countries: Vec<String>,
    #[serde(default)]
    actors: Vec<String>,
    headline: String,
    summary: String,
    notes: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
}

/// The built-in curated dataset.
pub fn builtin() -> Result<Dataset, LoadError> {
    from_str(BUILTIN, BUILTIN_NAME, Format::Toml)
}

/// Reads and validates a file, choosing the format by its extension.
pub fn from_path(path: &Path) -> Result<Dataset, LoadError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| LoadError::Io {
        file: file.clone(),
        error,
    })?;
    from_str(&text, &file, Format::for_path(path))
}

/// Parses and validates `text`; `file` names it in messages.
pub fn from_str(text: &str, file: &str, format: Format) -> Result<Dataset, LoadError> {
    let raw: RawDataset = match format {
        Format::Toml => toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let (line, column) = line_column(text, offset);
            LoadError::Syntax {
                file: file.to_string(),
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })?,
        Format::Json => serde_json::from_str(text).map_err(|e| LoadError::Syntax {
            file: file.to_string(),
            line: e.line(),
            column: e.column(),
            message: strip_json_position(&e.to_string()),
        })?,
    };
    let lines = match format {
        Format::Toml => TableLines::find(text),
        Format::Json => TableLines::default(),
    };
    validate(raw, file, &lines)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// serde_json appends " at line L column C"; we print the position ourselves.
fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Where each `[[sources]]`, `[[actors]]` and `[[events]]` entry starts in a TOML file.
#[derive(Default)]
struct TableLines {
    sources: Vec<usize>,
    actors: Vec<usize>,
    events: Vec<usize>,
}

impl TableLines {
    fn find(text: &str) -> TableLines {
        let mut lines = TableLines::default();
        for (i, line) in text.lines().enumerate() {
            let compact: String = line
                .split('#')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect();
            match compact.as_str() {
                "[[sources]]" => lines.sources.push(i + 1),
                "[[actors]]" => lines.actors.push(i + 1),
                "[[events]]" => lines.events.push(i + 1),
                _ => {}
            }
        }
        lines
    }
}

/// Collects problems while validating.
struct Checker<'a> {
    file: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn report(&mut self, line: Option<usize>, entry: &str, field: &str, message: String) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            line,
            entry: entry.to_string(),
            field: field.to_string(),
            message,
        });
    }

    /// Required text: not blank, and nothing that could reach a terminal as a control.
    fn text(&mut self, at: &At, field: &str, value: &str, multiline: bool) {
        if value.trim().is_empty() {
            self.report(
                at.line,
                &at.entry,
                field,
                "is empty; write some text".into(),
            );
        }
        self.safe(at, field, value, multiline);
    }

    fn optional_text(&mut self, at: &At, field: &str, value: Option<&str>, multiline: bool) {
        if let Some(value) = value {
            if value.trim().is_empty() {
                let message = "is empty; leave the field out instead".to_string();
                self.report(at.line, &at.entry, field, message);
            }
            self.safe(at, field, value, multiline);
        }
    }

    fn safe(&mut self, at: &At, field: &str, value: &str, multiline: bool) {
        let bad = value
            .chars()
            .enumerate()
            .find(|&(_, c)| is_unsafe_char(c) && !(multiline && c == '\n'));
        if let Some((i, c)) = bad {
            let message = format!(
                "contains the control character U+{:04X} at character {}; control and escape \
                 characters could rewrite a terminal, so remove it",
                c as u32,
                i + 1
            );
            self.report(at.line, &at.entry, field, message);
        }
    }

    fn id(&mut self, at: &At, value: &str, seen: &mut HashMap<String, usize>, what: &str) {
        if !is_kebab(value) {
            let message = format!(
                "'{value}' is not a kebab-case id: use lower-case letters, digits and single \
                 hyphens, e.g. kz-spief-no-recognition"
            );
            self.report(at.line, &at.entry, "id", message);
        }
        if let Some(first) = seen.get(value) {
            let message = format!("duplicate {what} id '{value}' (first used by {what} #{first})");
            self.report(at.line, &at.entry, "id", message);
        } else {
            seen.insert(value.to_string(), at.number);
        }
    }

    fn date_point(&mut self, at: &At, field: &str, value: &str) -> Option<DatePoint> {
        DatePoint::parse(value)
            .map_err(|message| self.report(at.line, &at.entry, field, message))
            .ok()
    }

    fn country(&mut self, at: &At, field: &str, value: &str) -> Option<CountryCode> {
        let code = CountryCode::from_code(value);
        if code.is_none() {
            let hint = match CountryCode::from_user(value) {
                Some(c) => format!(" (did you mean '{c}'?)"),
                None => String::new(),
            };
            let message = format!(
                "'{value}' is not an ISO 3166-1 alpha-2 country code; write two upper-case \
                 letters such as KZ{hint}"
            );
            self.report(at.line, &at.entry, field, message);
        }
        code
    }
}

/// Where an entry is: its position in its list, its line if known, and how to name it.
struct At {
    number: usize,
    line: Option<usize>,
    entry: String,
}

impl At {
    fn new(what: &str, index: usize, id: &str, lines: &[usize]) -> At {
        let entry = if id.is_empty() {
            format!("{what} #{}", index + 1)
        } else {
            format!("{what} '{id}' (#{})", index + 1)
        };
        At {
            number: index + 1,
            line: lines.get(index).copied(),
            entry,
        }
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn validate(raw: RawDataset, file: &str, lines: &TableLines) -> Result<Dataset, LoadError> {
    let mut check = Checker {
        file,
        problems: Vec::new(),
    };
    let top = At {
        number: 0,
        line: None,
        entry: "dataset".into(),
    };
    check.text(&top, "title", &raw.title, false);
    check.safe(&top, "description", &raw.description, true);

    let mut source_ids = HashMap::new();
    let mut sources = Vec::with_capacity(raw.sources.len());
    for (i, s) in raw.sources.into_iter().enumerate() {
        let at = At::new("source", i, &s.id, &lines.sources);
        check.id(&at, &s.id, &mut source_ids, "source");
        for (field, value) in [
            ("outlet", &s.outlet),
            ("title", &s.title),
            ("language", &s.language),
            ("about", &s.about),
        ] {
            check.text(&at, field, value, field == "about");
        }
        check.optional_text(&at, "based_on", s.based_on.as_deref(), false);
        let published = check.date_point(&at, "published", &s.published);
        if let Some(point) = published {
            let published = FuzzyDate::new(point, None, None).expect("a lone point is valid");
            sources.push(Source {
                id: s.id,
                outlet: s.outlet,
                title: s.title,
                language: s.language,
                published,
                about: s.about,
                based_on: s.based_on,
            });
        }
    }

    let mut actor_ids = HashMap::new();
    let mut actors = Vec::with_capacity(raw.actors.len());
    for (i, a) in raw.actors.into_iter().enumerate() {
        let at = At::new("actor", i, &a.id, &lines.actors);
        check.id(&at, &a.id, &mut actor_ids, "actor");
        check.text(&at, "name", &a.name, false);
        check.text(&at, "role", &a.role, false);
        check.optional_text(&at, "organisation", a.organisation.as_deref(), false);
        let country = a
            .country
            .as_deref()
            .and_then(|c| check.country(&at, "country", c));
        if a.country.is_none() && a.organisation.is_none() {
            let message = "an actor needs a 'country' or an 'organisation'".to_string();
            check.report(at.line, &at.entry, "country", message);
        }
        actors.push(Actor {
            id: a.id,
            name: a.name,
            role: a.role,
            country,
            organisation: a.organisation,
        });
    }
    // Ids point at positions in the final lists, which keep input order.
    let source_index: HashMap<&str, u32> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i as u32))
        .collect();
    let actor_index: HashMap<&str, u32> = actors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i as u32))
        .collect();

    let mut event_ids = HashMap::new();
    let mut events = Vec::with_capacity(raw.events.len());
    for (i, e) in raw.events.into_iter().enumerate() {
        let at = At::new("event", i, &e.id, &lines.events);
        if let Some(event) = check_event(
            &mut check,
            &at,
            e,
            &mut event_ids,
            &source_index,
            &actor_index,
        ) {
            events.push(event);
        }
    }

    if !check.problems.is_empty() {
        return Err(LoadError::Invalid(check.problems));
    }
    Ok(Dataset::new(
        raw.title,
        raw.description,
        sources,
        actors,
        events,
    ))
}

fn check_event(
    check: &mut Checker,
    at: &At,
    e: RawEvent,
    ids: &mut HashMap<String, usize>,
    source_index: &HashMap<&str, u32>,
    actor_index: &HashMap<&str, u32>,
) -> Option<Event> {
    let before = check.problems.len();
    check.id(at, &e.id, ids, "event");

    let start = check.date_point(at, "date", &e.date);
    let end = e.end.as_deref().map(|end| check.date_point(at, "end", end));
    let part = match e.part.as_deref() {
        None => None,
        Some(text) => {
            let part = Part::parse(text);
            if part.is_none() {
                let message = format!("'{text}' is not a part of a month; use early, mid or late");
                check.report(at.line, &at.entry, "part", message);
            }
            part
        }
    };
    // Only a well-formed start (and end, if any) can make a date; other fields are checked
    // regardless, so one bad value never hides another.
    let date = match (start, end) {
        (Some(start), None) => Some(FuzzyDate::new(start, None, part).map_err(|err| (err, None))),
        (Some(start), Some(Some(end))) => {
            Some(FuzzyDate::new(start, Some(end), part).map_err(|err| (err, Some(end))))
        }
        _ => None,
    };
    let date = match date {
        None => None,
        Some(Ok(date)) => Some(date),
        Some(Err((DateError::PartNeedsMonth, _))) => {
            let message = format!(
                "'part' only refines a month, but the date '{}' is a {}; give the date as \
                 YYYY-MM or drop 'part'",
                e.date,
                start.expect("parsed").precision().as_str()
            );
            check.report(at.line, &at.entry, "part", message);
            None
        }
        Some(Err((DateError::EndBeforeStart, end))) => {
            let message = format!(
                "ends {} before it starts ({}); the end must not be before the date",
                end.map(|e| e.to_string()).unwrap_or_default(),
                e.date
            );
            check.report(at.line, &at.entry, "end", message);
            None
        }
    };

    let kind = Kind::parse(&e.kind);
    if kind.is_none() {
        let message = format!("'{}' is not a kind; use one of: {}", e.kind, Kind::list());
        check.report(at.line, &at.entry, "kind", message);
    }

    if e.countries.is_empty() {
        let message = "lists no country; name at least one ISO 3166-1 alpha-2 code".to_string();
        check.report(at.line, &at.entry, "countries", message);
    }
    let mut countries = Vec::with_capacity(e.countries.len());
    for code in &e.countries {
        if let Some(c) = check.country(at, "countries", code) {
            if countries.contains(&c) {
                check.report(
                    at.line,
                    &at.entry,
                    "countries",
                    format!("'{c}' is listed twice"),
                );
            }
            countries.push(c);
        }
    }

    let actors = resolve(check, at, "actors", &e.actors, actor_index, "actor table");
    if e.sources.is_empty() {
        let message = "cites no source; every event needs at least one source id".to_string();
        check.report(at.line, &at.entry, "sources", message);
    }
    let sources = resolve(
        check,
        at,
        "sources",
        &e.sources,
        source_index,
        "source table",
    );

    check.text(at, "headline", &e.headline, false);
    let length = e.headline.chars().count();
    if length > MAX_HEADLINE_CHARS {
        let message =
            format!("is {length} characters long; a headline has at most {MAX_HEADLINE_CHARS}");
        check.report(at.line, &at.entry, "headline", message);
    }
    check.text(at, "summary", &e.summary, true);
    check.optional_text(at, "notes", e.notes.as_deref(), true);
    check.optional_text(at, "date_note", e.date_note.as_deref(), true);

    let event = match (date, kind) {
        (Some(date), Some(kind)) => Some(Event {
            id: e.id,
            date,
            date_note: e.date_note,
            kind,
            countries,
            actors,
            headline: e.headline,
            summary: e.summary,
            notes: e.notes,
            sources,
        }),
        _ => None,
    };
    finish(check, before, event)
}

/// Keeps the event only if checking it found nothing wrong.
fn finish(check: &Checker, before: usize, event: Option<Event>) -> Option<Event> {
    event.filter(|_| check.problems.len() == before)
}

fn resolve(
    check: &mut Checker,
    at: &At,
    field: &str,
    ids: &[String],
    index: &HashMap<&str, u32>,
    table: &str,
) -> Vec<u32> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        match index.get(id.as_str()) {
            Some(&i) if out.contains(&i) => {
                check.report(at.line, &at.entry, field, format!("'{id}' is listed twice"));
            }
            Some(&i) => out.push(i),
            None => {
                let message = format!("'{id}' is not in the dataset's {table}");
                check.report(at.line, &at.entry, field, message);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_ids() {
        assert!(is_kebab("kz-spief-no-recognition"));
        assert!(is_kebab("unga-es-11-1"));
        for bad in ["", "Kz", "kz--x", "-kz", "kz-", "kz_x", "kz x"] {
            assert!(!is_kebab(bad), "{bad}");
        }
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nbé = x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 6));
    }

    #[test]
    fn the_builtin_dataset_is_valid() {
        let dataset = builtin().unwrap_or_else(|e| panic!("{e}"));
        assert!(!dataset.events.is_empty());
    }
}
