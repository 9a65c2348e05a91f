//! Checking raw values and building the model from them. Every problem is collected, each
//! naming its place; events can be checked in independent chunks (one per thread), with
//! duplicate ids found at the end over all of them.

use super::Problem;
use super::raw::{RawActor, RawEvent, RawSource};
use crate::model::{
    Actor, CountryCode, DateError, DatePoint, Event, EventParts, FuzzyDate, Kind, Part, Source,
};
use crate::text::is_unsafe_char;
use std::collections::HashMap;

pub const MAX_HEADLINE_CHARS: usize = 80;

/// Collects problems while validating.
pub struct Checker<'a> {
    pub file: &'a str,
    pub problems: Vec<Problem>,
}

/// Where an entry is: its kind, id, position in its list (when the format has one) and
/// line (when known). Its label is only formatted when a problem is reported.
pub struct At<'a> {
    pub what: &'static str,
    pub id: &'a str,
    pub number: Option<usize>,
    pub line: Option<usize>,
}

impl<'a> At<'a> {
    pub fn new(
        what: &'static str,
        id: &'a str,
        number: Option<usize>,
        line: Option<usize>,
    ) -> Self {
        At {
            what,
            id,
            number,
            line,
        }
    }

    /// "event 'kz-spief' (#3)", "source #2", "event 'x'", "dataset".
    fn entry(&self) -> String {
        let what = self.what;
        match (self.id.is_empty(), self.number) {
            (true, Some(n)) => format!("{what} #{n}"),
            (true, None) => what.to_string(),
            (false, Some(n)) => format!("{what} '{}' (#{n})", self.id),
            (false, None) => format!("{what} '{}'", self.id),
        }
    }

    /// "event #3" or "the event on line 12", for pointing back at a first use.
    fn reference(&self) -> String {
        let what = self.what;
        match (self.number, self.line) {
            (Some(n), _) => format!("{what} #{n}"),
            (None, Some(line)) => format!("the {what} on line {line}"),
            (None, None) => format!("another {what}"),
        }
    }
}

impl Checker<'_> {
    pub fn report(&mut self, at: &At, field: &str, message: String) {
        self.problems.push(Problem {
            file: self.file.to_string(),
            line: at.line,
            column: None,
            entry: at.entry(),
            field: field.to_string(),
            message,
        });
    }

    /// Required text: not blank, and nothing that could reach a terminal as a control.
    pub fn text(&mut self, at: &At, field: &str, value: &str, multiline: bool) {
        if value.trim().is_empty() {
            self.report(at, field, "is empty; write some text".into());
        }
        self.safe(at, field, value, multiline);
    }

    fn optional_text(&mut self, at: &At, field: &str, value: Option<&str>, multiline: bool) {
        if let Some(value) = value {
            if value.trim().is_empty() {
                self.report(at, field, "is empty; leave the field out instead".into());
            }
            self.safe(at, field, value, multiline);
        }
    }

    pub fn safe(&mut self, at: &At, field: &str, value: &str, multiline: bool) {
        // The common case, plain printable ASCII, needs no per-character scan. No early
        // exit, so the compiler can check many bytes at a time.
        let unusual = value
            .bytes()
            .fold(false, |seen, b| seen | !(b' '..0x7f).contains(&b));
        if !unusual {
            return;
        }
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
            self.report(at, field, message);
        }
    }

    fn kebab_id(&mut self, at: &At, value: &str) {
        if !is_kebab(value) {
            let message = format!(
                "'{value}' is not a kebab-case id: use lower-case letters, digits and single \
                 hyphens, e.g. kz-spief-no-recognition"
            );
            self.report(at, "id", message);
        }
    }

    fn date_point(&mut self, at: &At, field: &str, value: &str) -> Option<DatePoint> {
        DatePoint::parse(value)
            .map_err(|message| self.report(at, field, message))
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
            self.report(at, field, message);
        }
        code
    }
}

pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Where an entry is, before it needs a label: cheap to keep for a million ids.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    /// Position in the entry's list, 0 when the format has none.
    number: u32,
    /// Line, 0 when unknown.
    line: u32,
}

impl Place {
    pub fn new(number: Option<usize>, line: Option<usize>) -> Place {
        Place {
            number: number.map_or(0, |n| n as u32),
            line: line.map_or(0, |l| l as u32),
        }
    }

    fn at<'a>(self, what: &'static str, id: &'a str) -> At<'a> {
        let known = |n: u32| (n != 0).then_some(n as usize);
        At::new(what, id, known(self.number), known(self.line))
    }
}

/// Reports every id used twice, pointing back at its first use. `what` names the entries
/// ("event"); labels are only formatted for the duplicates found.
pub fn duplicates<'a>(
    check: &mut Checker,
    what: &'static str,
    entries: impl Iterator<Item = (&'a str, Place)>,
) {
    let (low, _) = entries.size_hint();
    let mut seen: HashMap<&str, Place> = HashMap::with_capacity(low);
    for (id, place) in entries {
        match seen.get(id) {
            Some(first) => {
                let first = first.at(what, id);
                let message = format!(
                    "duplicate {what} id '{id}' (first used by {})",
                    first.reference()
                );
                check.report(&place.at(what, id), "id", message);
            }
            None => {
                seen.insert(id, place);
            }
        }
    }
}

/// The sources and actors, with maps from id to position for resolving references.
pub struct Tables {
    pub sources: Vec<Source>,
    pub actors: Vec<Actor>,
    pub source_index: HashMap<String, u32>,
    pub actor_index: HashMap<String, u32>,
}

pub fn tables(
    check: &mut Checker,
    sources: Vec<RawSource>,
    actors: Vec<RawActor>,
    source_lines: &[usize],
    actor_lines: &[usize],
) -> Tables {
    let place = |i: usize, lines: &[usize]| Place::new(Some(i + 1), lines.get(i).copied());
    let ids = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (&*s.id, place(i, source_lines)));
    duplicates(check, "source", ids);
    let ids = actors
        .iter()
        .enumerate()
        .map(|(i, a)| (&*a.id, place(i, actor_lines)));
    duplicates(check, "actor", ids);

    let mut out = Tables {
        sources: Vec::with_capacity(sources.len()),
        actors: Vec::with_capacity(actors.len()),
        source_index: HashMap::new(),
        actor_index: HashMap::new(),
    };
    for (i, s) in sources.into_iter().enumerate() {
        let at = At::new("source", &s.id, Some(i + 1), source_lines.get(i).copied());
        check.kebab_id(&at, &s.id);
        for (field, value) in [
            ("outlet", &s.outlet),
            ("title", &s.title),
            ("language", &s.language),
            ("about", &s.about),
        ] {
            check.text(&at, field, value, field == "about");
        }
        check.optional_text(&at, "based_on", s.based_on.as_deref(), false);
        // A declared source stays citable whatever else is wrong with it, so one bad field
        // is one problem, not one more per event that cites the source. (Any problem
        // rejects the file, so the stand-in date never reaches a dataset.)
        let published = check
            .date_point(&at, "published", &s.published)
            .unwrap_or_else(|| DatePoint::parse("2000").expect("a valid year"));
        out.source_index
            .entry(s.id.to_string())
            .or_insert(out.sources.len() as u32);
        out.sources.push(Source {
            id: s.id.into_owned(),
            outlet: s.outlet.into_owned(),
            title: s.title.into_owned(),
            language: s.language.into_owned(),
            published: FuzzyDate::new(published, None, None).expect("a lone point is valid"),
            about: s.about.into_owned(),
            based_on: s.based_on.map(|b| b.into_owned()),
        });
    }
    for (i, a) in actors.into_iter().enumerate() {
        let at = At::new("actor", &a.id, Some(i + 1), actor_lines.get(i).copied());
        check.kebab_id(&at, &a.id);
        check.text(&at, "name", &a.name, false);
        check.text(&at, "role", &a.role, false);
        check.optional_text(&at, "organisation", a.organisation.as_deref(), false);
        let country = a
            .country
            .as_deref()
            .and_then(|c| check.country(&at, "country", c));
        if a.country.is_none() && a.organisation.is_none() {
            let message = "an actor needs a 'country' or an 'organisation'".to_string();
            check.report(&at, "country", message);
        }
        out.actor_index
            .entry(a.id.to_string())
            .or_insert(out.actors.len() as u32);
        out.actors.push(Actor {
            id: a.id.into_owned(),
            name: a.name.into_owned(),
            role: a.role.into_owned(),
            country,
            organisation: a.organisation.map(|o| o.into_owned()),
        });
    }
    out
}

/// Checks one event and builds it when nothing is wrong. Every field is checked, so one
/// bad value never hides another.
pub fn event(check: &mut Checker, at: &At, e: &RawEvent, tables: &Tables) -> Option<Event> {
    let before = check.problems.len();
    check.kebab_id(at, &e.id);

    let start = check.date_point(at, "date", &e.date);
    let end = e.end.as_deref().map(|end| check.date_point(at, "end", end));
    let part = match e.part.as_deref() {
        None => None,
        Some(text) => {
            let part = Part::parse(text);
            if part.is_none() {
                let message = format!("'{text}' is not a part of a month; use early, mid or late");
                check.report(at, "part", message);
            }
            part
        }
    };
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
            check.report(at, "part", message);
            None
        }
        Some(Err((DateError::EndBeforeStart, end))) => {
            let message = format!(
                "ends {} before it starts ({}); the end must not be before the date",
                end.map(|e| e.to_string()).unwrap_or_default(),
                e.date
            );
            check.report(at, "end", message);
            None
        }
    };

    let kind = Kind::parse(&e.kind);
    if kind.is_none() {
        let message = format!("'{}' is not a kind; use one of: {}", e.kind, Kind::list());
        check.report(at, "kind", message);
    }

    if e.countries.is_empty() {
        let message = "lists no country; name at least one ISO 3166-1 alpha-2 code".to_string();
        check.report(at, "countries", message);
    }
    let mut countries = Vec::with_capacity(e.countries.len());
    for code in &e.countries {
        if let Some(c) = check.country(at, "countries", code) {
            if countries.contains(&c) {
                check.report(at, "countries", format!("'{c}' is listed twice"));
            }
            countries.push(c);
        }
    }

    let actors = resolve(
        check,
        at,
        "actors",
        &e.actors,
        &tables.actor_index,
        "actor table",
    );
    if e.sources.is_empty() {
        let message = "cites no source; every event needs at least one source id".to_string();
        check.report(at, "sources", message);
    }
    let sources = resolve(
        check,
        at,
        "sources",
        &e.sources,
        &tables.source_index,
        "source table",
    );

    check.text(at, "headline", &e.headline, false);
    let length = e.headline.chars().count();
    if length > MAX_HEADLINE_CHARS {
        let message =
            format!("is {length} characters long; a headline has at most {MAX_HEADLINE_CHARS}");
        check.report(at, "headline", message);
    }
    check.text(at, "summary", &e.summary, true);
    check.optional_text(at, "notes", e.notes.as_deref(), true);
    check.optional_text(at, "date_note", e.date_note.as_deref(), true);

    if check.problems.len() != before {
        return None;
    }
    Some(Event::new(EventParts {
        id: &e.id,
        date: date?,
        date_note: e.date_note.as_deref(),
        kind: kind?,
        countries: &countries,
        actors: &actors,
        headline: &e.headline,
        summary: &e.summary,
        notes: e.notes.as_deref(),
        sources: &sources,
    }))
}

fn resolve(
    check: &mut Checker,
    at: &At,
    field: &str,
    ids: &[std::borrow::Cow<str>],
    index: &HashMap<String, u32>,
    table: &str,
) -> Vec<u32> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        match index.get(id.as_ref()) {
            Some(&i) if out.contains(&i) => {
                check.report(at, field, format!("'{id}' is listed twice"));
            }
            Some(&i) => out.push(i),
            None => {
                let message = format!("'{id}' is not in the dataset's {table}");
                check.report(at, field, message);
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
}
