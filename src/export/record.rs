//! One event as every structured format writes it (the fields are documented in the
//! README under `list --format json`), and the pieces the formats share.

use crate::model::{Actor, Dataset, Event, Source};
use crate::text::sanitize;
use serde::Serialize;

/// One event, with its references resolved to names and ids.
#[derive(Debug, PartialEq, Serialize)]
pub struct EventRecord<'a> {
    pub id: &'a str,
    pub date: String,
    pub end: Option<String>,
    pub precision: &'static str,
    pub part: Option<&'static str>,
    pub display_date: String,
    pub date_note: Option<&'a str>,
    pub kind: &'static str,
    pub headline: &'a str,
    pub summary: &'a str,
    pub notes: Option<&'a str>,
    pub countries: Vec<String>,
    pub actors: Vec<&'a str>,
    pub sources: Vec<&'a str>,
    /// The user's marks (from the marks file beside the data).
    pub starred: bool,
    pub tags: Vec<String>,
    pub note: Option<String>,
}

impl<'a> EventRecord<'a> {
    pub fn new(dataset: &'a Dataset, event: &'a Event) -> EventRecord<'a> {
        EventRecord {
            id: event.id(),
            date: event.date.start().to_string(),
            end: event.date.end().map(|e| e.to_string()),
            precision: event.date.precision().as_str(),
            part: event.date.part().map(|p| p.as_str()),
            display_date: event.date.display(),
            date_note: event.date_note(),
            kind: event.kind.as_str(),
            headline: event.headline(),
            summary: event.summary(),
            notes: event.notes(),
            countries: event.countries().iter().map(|c| c.to_string()).collect(),
            actors: (event.actors().iter())
                .map(|&a| dataset.actor(a).name.as_str())
                .collect(),
            sources: (event.sources().iter())
                .map(|&s| dataset.source(s).id.as_str())
                .collect(),
            starred: false,
            tags: Vec::new(),
            note: None,
        }
        .marked(dataset)
    }

    fn marked(mut self, dataset: &Dataset) -> Self {
        let marks = dataset.marks();
        if let Some(mark) = marks.get(self.id) {
            self.starred = mark.starred;
            self.tags = mark.tags.iter().cloned().collect();
            self.note = mark.note.clone();
        }
        self
    }
}

/// An actor in full (`show --format json`'s `actor_details`).
#[derive(Serialize)]
pub struct ActorRecord<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub country: Option<String>,
    pub organisation: Option<&'a str>,
    pub name_ar: Option<&'a str>,
    pub role_ar: Option<&'a str>,
    pub aliases: &'a [String],
}

impl<'a> ActorRecord<'a> {
    pub fn new(actor: &'a Actor) -> ActorRecord<'a> {
        ActorRecord {
            id: &actor.id,
            name: &actor.name,
            role: &actor.role,
            country: actor.country.map(|c| c.to_string()),
            organisation: actor.organisation.as_deref(),
            name_ar: actor.name_ar.as_deref(),
            role_ar: actor.role_ar.as_deref(),
            aliases: &actor.aliases,
        }
    }
}

/// A source in full (`show --format json`'s `source_details`).
#[derive(Serialize)]
pub struct SourceRecord<'a> {
    pub id: &'a str,
    pub outlet: &'a str,
    pub title: &'a str,
    pub language: &'a str,
    pub published: String,
    pub about: &'a str,
    pub based_on: Option<&'a str>,
    pub title_original: Option<&'a str>,
    pub url: Option<&'a str>,
}

impl<'a> SourceRecord<'a> {
    pub fn new(source: &'a Source) -> SourceRecord<'a> {
        SourceRecord {
            id: &source.id,
            outlet: &source.outlet,
            title: &source.title,
            language: &source.language,
            published: source.published.start().to_string(),
            about: &source.about,
            based_on: source.based_on.as_deref(),
            title_original: source.title_original.as_deref(),
            url: source.url.as_deref(),
        }
    }
}

/// A source after its outlet, for people to read: `“Title”, 28 Feb 2023 (ar)`, with the
/// original title after the English one when there is one, made safe for a terminal.
pub fn citation(source: &Source) -> String {
    let original = match &source.title_original {
        Some(title) => format!(" («{}»)", sanitize(title)),
        None => String::new(),
    };
    format!(
        "“{}”{original}, {} ({})",
        sanitize(&source.title),
        source.published.display(),
        sanitize(&source.language)
    )
}

/// A source as the publishing formats list it: `Outlet, “Title” («…»), 28 Feb 2023 (ar)`,
/// made safe for a terminal (each format escapes it further for its own syntax).
pub fn cited(source: &Source) -> String {
    format!("{}, {}", sanitize(&source.outlet), citation(source))
}
