//! `demarche show ID`: one event in full, as text or JSON.

use super::ShowFormat;
use crate::export::citation;
use crate::model::{Dataset, Event};
use crate::text::sanitize;
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

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
        ShowFormat::Json => crate::export::json::write_one(out, dataset, event)?,
        ShowFormat::Text => text(out, dataset, event)?,
    }
    Ok(ExitCode::SUCCESS)
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
        write!(out, "  - {}, {}", s(&src.outlet), citation(src))?;
        match &src.based_on {
            Some(based) => writeln!(out, "; based on {}", s(based))?,
            None => writeln!(out)?,
        }
    }
    Ok(())
}
