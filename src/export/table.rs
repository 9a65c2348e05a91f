//! The table `list` prints: date, countries, kind and headline, fitted to a terminal's
//! width or, piped, with nothing cut.

use crate::model::Dataset;
use crate::query::Matches;
use crate::text::{self, sanitize};
use std::io::{self, Write};

/// Where the table goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fit {
    /// Columns to fit, for a terminal; `None` keeps every value whole.
    pub width: Option<usize>,
    /// The header row in bold.
    pub bold_header: bool,
}

struct Row {
    date: String,
    countries: String,
    kind: &'static str,
    headline: String,
}

/// The matching events, then the count line.
pub fn write(
    out: &mut impl Write,
    dataset: &Dataset,
    matches: &Matches,
    fit: Fit,
) -> io::Result<()> {
    let rows: Vec<Row> = super::events(dataset, matches)
        .map(|e| Row {
            date: e.date.display(),
            countries: (e.countries().iter())
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            kind: e.kind.as_str(),
            headline: sanitize(e.headline()).into_owned(),
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
    let cap = |n: usize| if fit.width.is_some() { n } else { usize::MAX };
    let countries_w = widest(&|r| text::width(&r.countries), "COUNTRIES", cap(18));
    let kind_w = widest(&|r| r.kind.len(), "KIND", 9);
    let fixed = date_w + countries_w + kind_w + 6;
    let headline_w = fit.width.map(|w| w.saturating_sub(fixed).max(10));
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
        if fit.bold_header {
            writeln!(out, "\x1b[1m{}\x1b[0m", header.trim_end())?;
        } else {
            writeln!(out, "{}", header.trim_end())?;
        }
    }
    for r in &rows {
        let row = line(&r.date, &r.countries, r.kind, &r.headline);
        writeln!(out, "{}", row.trim_end())?;
    }
    writeln!(out, "{}", matches.summary())
}
