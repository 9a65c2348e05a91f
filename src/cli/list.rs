//! `demarche list`: the matching events as a table, JSON, CSV or a Markdown brief.

use super::{ListFormat, Terminal};
use crate::model::{Dataset, Event, Period};
use crate::query::{self, Filter, Matches};
use crate::text::{self, sanitize};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

/// One event as `list --format json` prints it (documented in the README).
#[derive(Serialize)]
pub struct EventJson<'a> {
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
}

impl<'a> EventJson<'a> {
    pub fn new(dataset: &'a Dataset, event: &'a Event) -> EventJson<'a> {
        EventJson {
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
            actors: event
                .actors()
                .iter()
                .map(|&a| dataset.actor(a).name.as_str())
                .collect(),
            sources: event
                .sources()
                .iter()
                .map(|&s| dataset.source(s).id.as_str())
                .collect(),
        }
    }
}

pub fn print(
    out: &mut impl Write,
    dataset: &Dataset,
    filter: &Filter,
    format: ListFormat,
    terminal: &Terminal,
) -> Result<()> {
    let matches = query::run(dataset, filter);
    let events = || matches.events.iter().map(|&i| &dataset.events[i as usize]);
    match format {
        ListFormat::Table => table(out, dataset, &matches, terminal),
        ListFormat::Json => {
            let items: Vec<EventJson> = events().map(|e| EventJson::new(dataset, e)).collect();
            serde_json::to_writer_pretty(&mut *out, &items)?;
            writeln!(out)?;
            Ok(())
        }
        ListFormat::Csv => csv(out, dataset, events()),
        ListFormat::Markdown => markdown(out, dataset, filter, &matches),
    }
}

/// "12 events (3 dated only to the year left out by the month filter)".
pub fn count_line(matches: &Matches) -> String {
    let n = matches.len();
    let mut line = format!("{n} event{}", if n == 1 { "" } else { "s" });
    if matches.year_only_left_out > 0 {
        line.push_str(&format!(
            " ({} dated only to the year left out by the month filter)",
            matches.year_only_left_out
        ));
    }
    line
}

fn table(
    out: &mut impl Write,
    dataset: &Dataset,
    matches: &Matches,
    term: &Terminal,
) -> Result<()> {
    struct Row {
        date: String,
        countries: String,
        kind: &'static str,
        headline: String,
    }
    let rows: Vec<Row> = matches
        .events
        .iter()
        .map(|&i| {
            let e = &dataset.events[i as usize];
            Row {
                date: e.date.display(),
                countries: e
                    .countries()
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                kind: e.kind.as_str(),
                headline: sanitize(e.headline()).into_owned(),
            }
        })
        .collect();
    let widest = |f: &dyn Fn(&Row) -> usize, header: &str, cap: usize| {
        rows.iter()
            .map(f)
            .max()
            .unwrap_or(0)
            .max(text::width(header))
            .min(cap)
    };
    let date_w = widest(&|r| text::width(&r.date), "DATE", 26);
    // Piped output keeps every value whole; a terminal gets a capped, fitted table.
    let cap = |n: usize| if term.width.is_some() { n } else { usize::MAX };
    let countries_w = widest(&|r| text::width(&r.countries), "COUNTRIES", cap(18));
    let kind_w = widest(&|r| r.kind.len(), "KIND", 9);
    let fixed = date_w + countries_w + kind_w + 6;
    let headline_w = term.width.map(|w| w.saturating_sub(fixed).max(10));
    let line = |date: &str, countries: &str, kind: &str, headline: &str| {
        let headline = match headline_w {
            Some(w) => text::truncate(headline, w),
            None => headline.to_string(),
        };
        format!(
            "{}  {}  {}  {}",
            text::pad(date, date_w),
            text::pad(countries, countries_w),
            text::pad(kind, kind_w),
            headline
        )
    };
    if !rows.is_empty() {
        let header = line("DATE", "COUNTRIES", "KIND", "HEADLINE");
        if term.styled {
            writeln!(out, "\x1b[1m{}\x1b[0m", header.trim_end())?;
        } else {
            writeln!(out, "{}", header.trim_end())?;
        }
    }
    for r in &rows {
        writeln!(
            out,
            "{}",
            line(&r.date, &r.countries, r.kind, &r.headline).trim_end()
        )?;
    }
    writeln!(out, "{}", count_line(matches))?;
    Ok(())
}

fn csv<'a>(
    out: &mut impl Write,
    dataset: &Dataset,
    events: impl Iterator<Item = &'a Event>,
) -> Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "id",
        "date",
        "end",
        "precision",
        "part",
        "display_date",
        "kind",
        "countries",
        "actors",
        "headline",
        "summary",
        "notes",
        "sources",
    ])?;
    for event in events {
        let e = EventJson::new(dataset, event);
        writer.write_record([
            e.id,
            &e.date,
            e.end.as_deref().unwrap_or(""),
            e.precision,
            e.part.unwrap_or(""),
            &e.display_date,
            e.kind,
            &e.countries.join(";"),
            &e.actors.join(";"),
            e.headline,
            e.summary,
            e.notes.unwrap_or(""),
            &e.sources.join(";"),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// Markdown's inline punctuation, escaped so data text reads as written.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in sanitize(text).chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn markdown(
    out: &mut impl Write,
    dataset: &Dataset,
    filter: &Filter,
    matches: &Matches,
) -> Result<()> {
    writeln!(out, "# {}", md(&dataset.title))?;
    writeln!(out)?;
    let scope = if filter.is_empty() {
        "All events".to_string()
    } else {
        format!("Filter: {}", md(&filter.describe()))
    };
    writeln!(out, "{scope}. {}.", count_line(matches))?;
    let mut period: Option<Period> = None;
    for &i in &matches.events {
        let event = &dataset.events[i as usize];
        if period != Some(event.date.period()) {
            period = Some(event.date.period());
            let heading = match event.date.period() {
                Period::Year(year) => format!("{year} (month unknown)"),
                Period::Month(month) => month.long(),
            };
            writeln!(out, "\n## {heading}\n")?;
        }
        let countries: Vec<&str> = event.countries().iter().map(|c| c.as_str()).collect();
        writeln!(
            out,
            "- **{}** — {} ({}; {})  ",
            event.date.display(),
            md(event.headline()),
            countries.join(", "),
            event.kind
        )?;
        writeln!(out, "  {}  ", md(event.summary()))?;
        let sources: Vec<String> = event
            .sources()
            .iter()
            .map(|&s| {
                let s = dataset.source(s);
                format!(
                    "{}, “{}” ({})",
                    md(&s.outlet),
                    md(&s.title),
                    s.published.display()
                )
            })
            .collect();
        writeln!(out, "  Sources: {}", sources.join("; "))?;
    }
    Ok(())
}
