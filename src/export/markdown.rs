//! A Markdown brief: the dataset, the filter in words and the count, then the events
//! under month headings, each with its summary, notes, date note and sources.

use super::Selection;
use crate::model::Period;
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

pub fn write(out: &mut dyn Write, selection: &Selection) -> io::Result<()> {
    let dataset = selection.dataset;
    writeln!(out, "# {}", md(&dataset.title))?;
    writeln!(out)?;
    writeln!(out, "{}", md(&selection.scope()))?;
    let mut period: Option<Period> = None;
    for event in selection.events() {
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
        if let Some(mark) = dataset.marks().get(event.id()) {
            let mut said = Vec::new();
            if mark.starred {
                said.push("★ starred".to_string());
            }
            said.extend(mark.tags.iter().map(|t| md(&format!("#{t}"))));
            if let Some(note) = &mark.note {
                said.push(md(note));
            }
            writeln!(out, "  *Marks:* {}  ", said.join(" · "))?;
        }
        if let Some(notes) = event.notes() {
            writeln!(out, "  *Notes:* {}  ", md(notes))?;
        }
        if let Some(note) = event.date_note() {
            writeln!(out, "  *Date:* {}  ", md(note))?;
        }
        let sources: Vec<String> = (event.sources().iter())
            .map(|&s| {
                let s = dataset.source(s);
                let title = match &s.url {
                    // Parentheses would end the link early.
                    Some(url) => format!(
                        "[“{}”]({})",
                        md(&s.title),
                        url.replace('(', "%28").replace(')', "%29")
                    ),
                    None => format!("“{}”", md(&s.title)),
                };
                format!("{}, {title} ({})", md(&s.outlet), s.published.display())
            })
            .collect();
        writeln!(out, "  Sources: {}", sources.join("; "))?;
    }
    Ok(())
}
