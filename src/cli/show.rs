//! `demarche show ID`: one event in full, as text or JSON.

use super::ShowFormat;
use super::list::EventJson;
use crate::model::{Dataset, Event};
use crate::text::sanitize;
use anyhow::Result;
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

#[derive(Serialize)]
struct ActorJson<'a> {
    id: &'a str,
    name: &'a str,
    role: &'a str,
    country: Option<String>,
    organisation: Option<&'a str>,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    id: &'a str,
    outlet: &'a str,
    title: &'a str,
    language: &'a str,
    published: String,
    about: &'a str,
    based_on: Option<&'a str>,
}

#[derive(Serialize)]
struct ShowJson<'a> {
    #[serde(flatten)]
    event: EventJson<'a>,
    actor_details: Vec<ActorJson<'a>>,
    source_details: Vec<SourceJson<'a>>,
}

pub fn print(
    out: &mut impl Write,
    dataset: &Dataset,
    id: &str,
    format: ShowFormat,
) -> Result<ExitCode> {
    let Some(event) = dataset.event_by_id(id) else {
        let mut message = format!("no event has the id '{}'", sanitize(id));
        let near: Vec<&str> = dataset
            .events
            .iter()
            .map(|e| e.id())
            .filter(|e| id.split('-').any(|w| w.len() > 2 && e.contains(w)))
            .take(5)
            .collect();
        if near.is_empty() {
            message.push_str("; `demarche list --format csv` shows every id");
        } else {
            message.push_str(&format!("; similar ids: {}", near.join(", ")));
        }
        eprintln!("demarche: {message}");
        return Ok(ExitCode::from(1));
    };
    match format {
        ShowFormat::Json => json(out, dataset, event)?,
        ShowFormat::Text => text(out, dataset, event)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn json(out: &mut impl Write, dataset: &Dataset, event: &Event) -> Result<()> {
    let value = ShowJson {
        event: EventJson::new(dataset, event),
        actor_details: event
            .actors()
            .iter()
            .map(|&a| {
                let a = dataset.actor(a);
                ActorJson {
                    id: &a.id,
                    name: &a.name,
                    role: &a.role,
                    country: a.country.map(|c| c.to_string()),
                    organisation: a.organisation.as_deref(),
                }
            })
            .collect(),
        source_details: event
            .sources()
            .iter()
            .map(|&s| {
                let s = dataset.source(s);
                SourceJson {
                    id: &s.id,
                    outlet: &s.outlet,
                    title: &s.title,
                    language: &s.language,
                    published: s.published.start().to_string(),
                    about: &s.about,
                    based_on: s.based_on.as_deref(),
                }
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)?;
    Ok(())
}

fn text(out: &mut impl Write, dataset: &Dataset, event: &Event) -> Result<()> {
    let s = |t: &str| sanitize(t).into_owned();
    writeln!(out, "{}", s(event.headline()))?;
    writeln!(out)?;
    writeln!(out, "id:        {}", event.id())?;
    writeln!(out, "date:      {}", event.date.display())?;
    if let Some(note) = event.date_note() {
        writeln!(out, "date note: {}", s(note))?;
    }
    writeln!(out, "kind:      {}", event.kind)?;
    let countries: Vec<String> = event
        .countries()
        .iter()
        .map(|c| format!("{c} {}", c.name()))
        .collect();
    writeln!(out, "countries: {}", countries.join(", "))?;
    for (i, &a) in event.actors().iter().enumerate() {
        let a = dataset.actor(a);
        let label = if i == 0 { "actors:   " } else { "          " };
        writeln!(out, "{label} {} ({})", s(&a.name), s(&a.role))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", s(event.summary()))?;
    if let Some(notes) = event.notes() {
        writeln!(out)?;
        writeln!(out, "Notes: {}", s(notes))?;
    }
    writeln!(out)?;
    writeln!(out, "Sources:")?;
    for &src in event.sources() {
        let src = dataset.source(src);
        write!(
            out,
            "  - {}, “{}”, {} ({})",
            s(&src.outlet),
            s(&src.title),
            src.published.display(),
            s(&src.language)
        )?;
        match &src.based_on {
            Some(based) => writeln!(out, "; based on {}", s(based))?,
            None => writeln!(out)?,
        }
    }
    Ok(())
}
