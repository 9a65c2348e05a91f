//! The selection as a demarche dataset of its own, in TOML, a JSON document or JSON Lines:
//! the dataset's title and description, the selected events, and just the sources,
//! actors and country names they use. `demarche validate` accepts what this writes, and
//! loading it gives back exactly the selected events.

use super::Selection;
use crate::model::{Actor, CountryNames, Dataset, Event, Source};
use serde::Serialize;
use std::collections::BTreeSet;
use std::io::{self, Write};

/// A dataset's fields in the order a data file gives them (see `load::raw`).
#[derive(Serialize)]
struct Document<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<SourceEntry<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    actors: Vec<ActorEntry<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    countries: Vec<CountryEntry<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    events: Option<Vec<EventEntry<'a>>>,
}

#[derive(Serialize)]
struct SourceEntry<'a> {
    id: &'a str,
    outlet: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title_original: Option<&'a str>,
    language: &'a str,
    published: String,
    about: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    based_on: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct ActorEntry<'a> {
    id: &'a str,
    name: &'a str,
    role: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organisation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_ar: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role_ar: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
}

#[derive(Serialize)]
struct CountryEntry<'a> {
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_ar: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
}

#[derive(Serialize)]
struct EventEntry<'a> {
    id: &'a str,
    date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_note: Option<&'a str>,
    kind: &'static str,
    countries: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    actors: Vec<&'a str>,
    headline: &'a str,
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a str>,
    sources: Vec<&'a str>,
}

impl<'a> EventEntry<'a> {
    fn new(dataset: &'a Dataset, event: &'a Event) -> EventEntry<'a> {
        EventEntry {
            id: event.id(),
            date: event.date.start().to_string(),
            end: event.date.end().map(|e| e.to_string()),
            part: event.date.part().map(|p| p.as_str()),
            date_note: event.date_note(),
            kind: event.kind.as_str(),
            countries: event.countries().iter().map(|c| c.as_str()).collect(),
            actors: (event.actors().iter())
                .map(|&a| dataset.actor(a).id.as_str())
                .collect(),
            headline: event.headline(),
            summary: event.summary(),
            notes: event.notes(),
            sources: (event.sources().iter())
                .map(|&s| dataset.source(s).id.as_str())
                .collect(),
        }
    }
}

fn source_entry(source: &Source) -> SourceEntry<'_> {
    SourceEntry {
        id: &source.id,
        outlet: &source.outlet,
        title: &source.title,
        title_original: source.title_original.as_deref(),
        language: &source.language,
        published: source.published.start().to_string(),
        about: &source.about,
        based_on: source.based_on.as_deref(),
        url: source.url.as_deref(),
    }
}

fn actor_entry(actor: &Actor) -> ActorEntry<'_> {
    ActorEntry {
        id: &actor.id,
        name: &actor.name,
        role: &actor.role,
        country: actor.country.as_ref().map(|c| c.as_str()),
        organisation: actor.organisation.as_deref(),
        name_ar: actor.name_ar.as_deref(),
        role_ar: actor.role_ar.as_deref(),
        aliases: &actor.aliases,
    }
}

fn country_entry(names: &CountryNames) -> CountryEntry<'_> {
    CountryEntry {
        code: names.code.as_str(),
        name_ar: names.name_ar.as_deref(),
        aliases: &names.aliases,
    }
}

/// The dataset's metadata with only what the selected events use, in the dataset's
/// order: the sources and actors they cite, and the names of the countries they or those
/// actors involve.
fn metadata<'a>(selection: &Selection<'a>) -> Document<'a> {
    let dataset = selection.dataset;
    let mut sources = BTreeSet::new();
    let mut actors = BTreeSet::new();
    let mut countries = BTreeSet::new();
    for event in selection.events() {
        sources.extend(event.sources().iter().copied());
        actors.extend(event.actors().iter().copied());
        countries.extend(event.countries().iter().copied());
    }
    countries.extend(actors.iter().filter_map(|&a| dataset.actor(a).country));
    Document {
        title: &dataset.title,
        description: &dataset.description,
        sources: (sources.iter())
            .map(|&s| source_entry(dataset.source(s)))
            .collect(),
        actors: (actors.iter())
            .map(|&a| actor_entry(dataset.actor(a)))
            .collect(),
        countries: (dataset.country_names.iter())
            .filter(|n| countries.contains(&n.code))
            .map(country_entry)
            .collect(),
        events: None,
    }
}

fn events<'a>(selection: &Selection<'a>) -> Vec<EventEntry<'a>> {
    let dataset = selection.dataset;
    selection
        .events()
        .map(|e| EventEntry::new(dataset, e))
        .collect()
}

/// One `[[events]]` table, written alone so a large selection is never one string.
#[derive(Serialize)]
struct OneEvent<'a> {
    events: [EventEntry<'a>; 1],
}

pub fn write_toml(out: &mut dyn Write, selection: &Selection) -> io::Result<()> {
    writeln!(
        out,
        "# A demarche dataset: {}\n# Written by `demarche export`; check it with `demarche validate FILE`.\n",
        one_line(&selection.scope()),
    )?;
    out.write_all(pretty(&metadata(selection))?.as_bytes())?;
    let dataset = selection.dataset;
    for event in selection.events() {
        let one = OneEvent {
            events: [EventEntry::new(dataset, event)],
        };
        writeln!(out)?;
        out.write_all(pretty(&one)?.as_bytes())?;
    }
    Ok(())
}

fn pretty<T: Serialize>(value: &T) -> io::Result<String> {
    toml::to_string_pretty(value).map_err(io::Error::other)
}

pub fn write_json(out: &mut dyn Write, selection: &Selection) -> io::Result<()> {
    let mut document = metadata(selection);
    document.events = Some(events(selection));
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// The metadata on the first line, then one event a line.
pub fn write_jsonl(out: &mut dyn Write, selection: &Selection) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &metadata(selection))?;
    writeln!(out)?;
    let dataset = selection.dataset;
    for event in selection.events() {
        serde_json::to_writer(&mut *out, &EventEntry::new(dataset, event))?;
        writeln!(out)?;
    }
    Ok(())
}

/// A comment holds one line.
fn one_line(text: &str) -> String {
    crate::text::sanitize(text).into_owned()
}
