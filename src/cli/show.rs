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
    width: Option<usize>,
) -> Result<ExitCode> {
    let Some(event) = dataset.event_by_id(id) else {
        let mut message = format!("no event has the id '{}'", crate::text::escape(id));
        let ids = dataset.events.iter().map(|e| e.id());
        let mut near = crate::text::closest(id, ids, 5);
        if near.is_empty() {
            // Ids sharing a part with what was typed ("spief" for kz-spief-no-recognition).
            let parts = |e: &&str| id.split('-').any(|w| w.len() > 2 && e.contains(w));
            near = dataset
                .events
                .iter()
                .map(|e| e.id())
                .filter(parts)
                .take(5)
                .collect();
        }
        if near.is_empty() {
            message.push_str("; `demarche list --format csv` shows every id");
        } else {
            message.push_str(&format!("; did you mean {}?", near.join(" or ")));
        }
        crate::say::say_error(&message);
        return Ok(ExitCode::from(1));
    };
    match format {
        ShowFormat::Json => crate::export::json::write_one(out, dataset, event)?,
        ShowFormat::Text => text(out, dataset, event, width)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `label` and `value`, the value wrapped to `width` columns with its later lines
/// hanging under its first; unwrapped when `width` is `None` (piped output).
fn field(out: &mut impl Write, label: &str, value: &str, width: Option<usize>) -> Result<()> {
    let indent = crate::text::width(label);
    let Some(width) = width else {
        writeln!(out, "{label}{value}")?;
        return Ok(());
    };
    let lines = crate::text::wrap(&[(value.to_string(), ())], width.saturating_sub(indent));
    for (i, line) in lines.iter().enumerate() {
        let text: String = line.iter().map(|(t, _)| t.as_str()).collect();
        let lead = if i == 0 {
            label.to_string()
        } else {
            " ".repeat(indent)
        };
        writeln!(out, "{}", format!("{lead}{text}").trim_end())?;
    }
    Ok(())
}

fn text(
    out: &mut impl Write,
    dataset: &Dataset,
    event: &Event,
    width: Option<usize>,
) -> Result<()> {
    let s = |t: &str| sanitize(t).into_owned();
    field(out, "", &s(event.headline()), width)?;
    writeln!(out)?;
    field(out, "id:        ", event.id(), width)?;
    if let Some(mark) = dataset.marks().get(event.id()) {
        let mut said = Vec::new();
        if mark.starred {
            said.push("★ starred".to_string());
        }
        if !mark.tags.is_empty() {
            let tags: Vec<&str> = mark.tags.iter().map(String::as_str).collect();
            said.push(format!("tags: {}", s(&tags.join(", "))));
        }
        if let Some(note) = &mark.note {
            said.push(format!("note: {}", s(note)));
        }
        field(out, "marks:     ", &said.join(" · "), width)?;
    }
    field(out, "date:      ", &event.date.display(), width)?;
    if let Some(note) = event.date_note() {
        field(out, "date note: ", &s(note), width)?;
    }
    field(out, "kind:      ", event.kind.as_str(), width)?;
    let countries: Vec<String> = (event.countries().iter())
        .map(|c| format!("{c} {}", c.name()))
        .collect();
    field(out, "countries: ", &countries.join(", "), width)?;
    for (i, &a) in event.actors().iter().enumerate() {
        let a = dataset.actor(a);
        let label = if i == 0 { "actors:    " } else { "           " };
        field(
            out,
            label,
            &match &a.name_ar {
                Some(arabic) => format!("{} ({}) · {}", s(&a.name), s(&a.role), s(arabic)),
                None => format!("{} ({})", s(&a.name), s(&a.role)),
            },
            width,
        )?;
    }
    writeln!(out)?;
    field(out, "", &s(event.summary()), width)?;
    if let Some(notes) = event.notes() {
        writeln!(out)?;
        field(out, "Notes: ", &s(notes), width)?;
    }
    writeln!(out)?;
    writeln!(out, "Sources:")?;
    for &src in event.sources() {
        let src = dataset.source(src);
        let mut line = format!("{}, {}", s(&src.outlet), citation(src));
        if let Some(based) = &src.based_on {
            line.push_str(&format!("; based on {}", s(based)));
        }
        if let Some(url) = &src.url {
            line.push_str(&format!(" <{}>", s(url)));
        }
        field(out, "  - ", &line, width)?;
    }
    Ok(())
}
