//! ACLED CSV exports: the current 31 columns and the layout before 2023 (which has
//! `data_id`, `iso3` and numeric actor types), read by header name, not position.
//!
//! `time_precision` says how well the date is known: 1 is the day; 2 a week, kept as the
//! span of three days either side; 3 a month, kept as the month. `iso` is the ISO 3166
//! numeric code. Every event cites ACLED itself and the outlets its `source` names.
//!
//! ACLED's terms forbid passing their data on: no ACLED rows are in this repository, and
//! the tests read fixtures written in its layout.

use super::MAX_HEADLINE_CHARS;
use super::import::{self, Builder, Header, Origin, owned, shorten, slug};
use super::raw::{List, RawActor, RawEvent, RawSource, Text};
use super::rows::{Record, Rows};
use super::{LoadError, Loader};
use crate::model::Kind;
use std::borrow::Cow;
use std::io::BufRead;

/// ACLED's event and sub-event types, to demarche's kinds: strategic developments by
/// their sub-event type, the rest by their event type.
pub fn kind(event_type: &str, sub_event_type: &str) -> Option<Kind> {
    let sub = sub_event_type.trim().to_ascii_lowercase();
    Some(match event_type.trim().to_ascii_lowercase().as_str() {
        "strategic developments" => match sub.as_str() {
            "agreement" => Kind::Agreement,
            "arrests" | "looting/property destruction" | "other" => Kind::Domestic,
            "change to group/activity"
            | "disrupted weapons use"
            | "headquarters or base established"
            | "non-violent transfer of territory" => Kind::Military,
            _ => return None,
        },
        "protests" | "riots" => Kind::Domestic,
        "battles" | "explosions/remote violence" | "violence against civilians" => Kind::Military,
        _ => return None,
    })
}

/// The event types [`kind`] knows, for messages and `demarche formats acled`.
pub const EVENT_TYPES: [&str; 6] = [
    "Battles",
    "Protests",
    "Riots",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
];

/// ACLED's numeric actor types (before 2023), as words.
fn actor_type(code: &str) -> Option<&str> {
    Some(match code.trim() {
        "1" => "State forces",
        "2" => "Rebel group",
        "3" => "Political militia",
        "4" => "Identity militia",
        "5" => "Rioters",
        "6" => "Protesters",
        "7" => "Civilians",
        "8" => "External/Other forces",
        "" | "0" => return None,
        text if text.bytes().all(|b| b.is_ascii_digit()) => return None,
        text => text,
    })
}

struct Columns {
    id: usize,
    date: usize,
    precision: Option<usize>,
    event_type: usize,
    sub_event_type: usize,
    actor1: usize,
    assoc1: Option<usize>,
    inter1: Option<usize>,
    actor2: Option<usize>,
    assoc2: Option<usize>,
    inter2: Option<usize>,
    iso: Option<usize>,
    country: Option<usize>,
    admin1: Option<usize>,
    location: Option<usize>,
    source: Option<usize>,
    notes: Option<usize>,
    fatalities: Option<usize>,
}

/// Reads an ACLED export from `input`; `file` names it in messages.
pub(super) fn read(input: impl BufRead, file: &str, loader: &Loader) -> Result<Dataset, LoadError> {
    let mut input = input;
    let delimiter = import::sniff_delimiter(&mut input);
    let mut rows = Rows::new(input, delimiter, true, loader.limits.entry);
    let mut b = Builder::new(file, "an ACLED export", loader.keep, loader.import);
    b.watched_by(loader.progress);
    let header = import::header_row(&mut rows, &mut b, "an ACLED export")?;
    let need = |name: &str| header.find(name);
    let required = [
        "event_id_cnty",
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
    ];
    let missing: Vec<&str> = required.into_iter().filter(|n| need(n).is_none()).collect();
    if !missing.is_empty() || (need("iso").is_none() && need("country").is_none()) {
        let mut missing = missing;
        if need("iso").is_none() && need("country").is_none() {
            missing.push("iso (or country)");
        }
        return Err(import::missing_columns(
            file,
            "an ACLED export",
            &missing,
            &header,
        ));
    }
    let c = Columns {
        id: need("event_id_cnty").expect("checked"),
        date: need("event_date").expect("checked"),
        precision: need("time_precision"),
        event_type: need("event_type").expect("checked"),
        sub_event_type: need("sub_event_type").expect("checked"),
        actor1: need("actor1").expect("checked"),
        assoc1: need("assoc_actor_1"),
        inter1: need("inter1"),
        actor2: need("actor2"),
        assoc2: need("assoc_actor_2"),
        inter2: need("inter2"),
        iso: need("iso"),
        country: need("country"),
        admin1: need("admin1"),
        location: need("location"),
        source: need("source"),
        notes: need("notes"),
        fatalities: need("fatalities"),
    };
    b.each_row(&mut rows, |b, record| {
        row(b, record, &c, &header);
        Ok(())
    })?;
    let name = import::file_name(file);
    let title = format!("ACLED events from {name}");
    let description = "Events from an export of ACLED (Armed Conflict Location & Event \
                       Data, acleddata.com), read by demarche. ACLED's terms apply: cite \
                       ACLED, and do not pass its data on."
        .to_string();
    b.finish(title, description)
}

use crate::model::Dataset;

fn row(b: &mut Builder, r: &Record, c: &Columns, header: &Header) {
    if r.len() != header.len() {
        let message = format!(
            "has {} columns where the header has {}; a field with a comma must be in \
             double quotes",
            r.len(),
            header.len()
        );
        b.row_problem(r.line, message);
        return;
    }
    let raw_id = r.get(c.id).trim();
    let id = format!("acled-{}", slug(raw_id));
    if slug(raw_id).is_empty() {
        let message = "is empty; every ACLED event has an id such as ETH9766".to_string();
        b.problem(r.place(c.id), "", "event_id_cnty", message);
        return;
    }
    let Some(day) = date(r.get(c.date)) else {
        let message = format!(
            "'{}' is not a date: ACLED writes YYYY-MM-DD (or '16 May 2025')",
            r.get(c.date)
        );
        b.problem(r.place(c.date), &id, "event_date", message);
        return;
    };
    let precision = c.precision.and_then(|i| r.value(i)).unwrap_or("1");
    let (start, end, date_note) = match precision {
        "1" => (day.to_string(), None, None),
        "2" => (
            (day - chrono::Days::new(3)).to_string(),
            Some((day + chrono::Days::new(3)).to_string()),
            Some(format!(
                "ACLED: sometime in the week around {day} (time precision 2), so kept as \
                 the three days either side"
            )),
        ),
        "3" => (
            day.format("%Y-%m").to_string(),
            None,
            Some(format!(
                "ACLED: sometime in this month (time precision 3); ACLED writes it as {day}"
            )),
        ),
        other => {
            let message = format!(
                "'{other}' is not a time precision: ACLED writes 1 (the day), 2 (the week) \
                 or 3 (the month)"
            );
            b.problem(
                r.place(c.precision.expect("read")),
                &id,
                "time_precision",
                message,
            );
            return;
        }
    };
    let (event_type, sub_event_type) = (r.get(c.event_type), r.get(c.sub_event_type));
    let Some(kind) = kind(event_type, sub_event_type) else {
        let message = format!(
            "'{event_type}' / '{sub_event_type}' is not an ACLED event type demarche knows; \
             the event types are: {}",
            EVENT_TYPES.join(", ")
        );
        b.problem(r.place(c.event_type), &id, "event_type", message);
        return;
    };
    let from_iso = c
        .iso
        .and_then(|i| r.value(i))
        .and_then(super::codes::iso_numeric);
    let country = from_iso.or_else(|| c.country.and_then(|i| r.value(i)).and_then(import::country));
    let Some(country) = country else {
        let (column, name) = match c.iso {
            Some(i) => (i, "iso"),
            None => (c.country.expect("checked"), "country"),
        };
        let message = format!(
            "'{}' is not a country: ACLED's iso column is the ISO 3166 numeric code (398 \
             for Kazakhstan)",
            r.get(column)
        );
        b.problem(r.place(column), &id, name, message);
        return;
    };

    // Sources: ACLED itself, and each outlet it names.
    let acled = b.source("acled", r.line, true, |_| RawSource {
        id: owned("acled"),
        outlet: owned("ACLED"),
        title: owned("ACLED data export"),
        language: owned("en"),
        published: owned(start.clone()),
        about: owned(
            "Armed Conflict Location & Event Data (acleddata.com), which coded these events; \
             dated by the latest event read.",
        ),
        based_on: None,
        title_original: None,
        url: Some(owned("https://acleddata.com")),
    });
    let mut sources: List = [owned(b.source_id(acled).to_string())]
        .into_iter()
        .collect();
    let named = c.source.map(|i| r.get(i)).unwrap_or("");
    for outlet in named.split(';').map(str::trim).filter(|o| !o.is_empty()) {
        let key = format!("outlet:{outlet}");
        let n = b.source(&key, r.line, true, |n| RawSource {
            id: owned(import::id_of("acled-source", outlet, n + 1)),
            outlet: owned(outlet),
            title: owned(format!("Reports by {outlet}, as ACLED cites them")),
            language: owned("und"),
            published: owned(start.clone()),
            about: owned(
                "An outlet ACLED names as the source of its events; dated by the latest \
                 event citing it.",
            ),
            based_on: None,
            title_original: None,
            url: None,
        });
        let id = owned(b.source_id(n).to_string());
        if !sources.contains(&id) {
            sources.push(id);
        }
    }

    let mut actors: List = List::new();
    let mut add = |b: &mut Builder, name: &str, role: Option<&str>| {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        let role = role.unwrap_or("actor").to_string();
        let n = b.actor(name, r.line, None, || RawActor {
            id: owned(import::id_of("acled", name, r.line)),
            name: owned(name),
            role: owned(role.clone()),
            country: None,
            organisation: Some(owned(role.clone())),
            name_ar: None,
            role_ar: None,
            aliases: List::new(),
        });
        let id = owned(b.actor_id(n).to_string());
        if !actors.contains(&id) {
            actors.push(id);
        }
    };
    let type_of = |i: Option<usize>| i.and_then(|i| actor_type(r.get(i)));
    let actor1 = r.get(c.actor1).trim().to_string();
    add(b, &actor1, type_of(c.inter1));
    let actor2 = c
        .actor2
        .map(|i| r.get(i).trim().to_string())
        .unwrap_or_default();
    add(b, &actor2, type_of(c.inter2));
    for assoc in [c.assoc1, c.assoc2].into_iter().flatten() {
        for name in r.get(assoc).split(';') {
            add(b, name, Some("associated actor"));
        }
    }

    let location = c.location.and_then(|i| r.value(i));
    let mut headline = format!("{}: {actor1}", sub_event_type.trim());
    if !actor2.is_empty() {
        headline.push_str(&format!(" – {actor2}"));
    }
    if let Some(location) = location {
        headline.push_str(&format!(" in {location}"));
    }
    let headline = shorten(&headline, MAX_HEADLINE_CHARS);
    let summary = c
        .notes
        .and_then(|i| r.value(i))
        .unwrap_or("ACLED gives no notes for this event.")
        .to_string();
    let mut notes = format!("ACLED {} event {raw_id}", event_type.trim());
    if let Some(fatalities) = c.fatalities.and_then(|i| r.value(i)) {
        notes.push_str(&format!("; {fatalities} reported fatalities"));
    }
    let place: Vec<&str> = [c.admin1, c.country]
        .into_iter()
        .flatten()
        .filter_map(|i| r.value(i))
        .collect();
    if !place.is_empty() {
        notes.push_str(&format!("; {}", place.join(", ")));
    }
    notes.push('.');
    let raw = RawEvent {
        id: owned(id),
        date: owned(start),
        end: end.map(owned),
        part: None,
        date_note: date_note.map(owned),
        kind: owned(kind.as_str()),
        countries: [Text(Cow::Owned(country.as_str().to_string()))]
            .into_iter()
            .collect(),
        actors,
        headline: owned(headline),
        summary: owned(summary),
        notes: Some(owned(notes)),
        sources,
        plain: 0,
    };
    let mut origins = vec![
        Origin {
            field: "date",
            column: c.date,
            name: "event_date",
        },
        Origin {
            field: "headline",
            column: c.sub_event_type,
            name: "sub_event_type",
        },
    ];
    if let Some(notes) = c.notes {
        origins.push(Origin {
            field: "summary",
            column: notes,
            name: "notes",
        });
    }
    b.event(r, &raw, &origins);
}

/// ACLED's dates: `2023-02-16`, or `16 May 2025` / `16-May-2025` in older exports.
fn date(text: &str) -> Option<chrono::NaiveDate> {
    let text = text.trim();
    [
        "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%d/%m/%Y",
    ]
    .iter()
    .find_map(|f| chrono::NaiveDate::parse_from_str(text, f).ok())
}
