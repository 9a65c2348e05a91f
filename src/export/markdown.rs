//! A Markdown brief: the filter in words, then the events under month headings, each with
//! its summary and sources.

use crate::model::{Dataset, Period};
use crate::query::{Filter, Matches};
use crate::text::sanitize;
use std::io::{self, Write};

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

pub fn write(
    out: &mut impl Write,
    dataset: &Dataset,
    filter: &Filter,
    matches: &Matches,
) -> io::Result<()> {
    writeln!(out, "# {}", md(&dataset.title))?;
    writeln!(out)?;
    let scope = if filter.is_empty() {
        "All events".to_string()
    } else {
        format!("Filter: {}", md(&filter.describe()))
    };
    writeln!(out, "{scope}. {}.", matches.summary())?;
    let mut period: Option<Period> = None;
    for event in super::events(dataset, matches) {
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
        let sources: Vec<String> = (event.sources().iter())
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
