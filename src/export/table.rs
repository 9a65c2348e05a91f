//! The table `list` prints: by default date, countries, kind and headline (and the id when
//! a terminal is wide enough to show it whole), fitted to a terminal's width or, piped,
//! with nothing cut.

use crate::model::{Dataset, Event};
use crate::query::Matches;
use crate::text::{self, sanitize};
use std::io::{self, Write};

/// A column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Id,
    Date,
    Countries,
    Kind,
    Actors,
    Headline,
}

impl Column {
    fn header(self) -> &'static str {
        match self {
            Column::Id => "ID",
            Column::Date => "DATE",
            Column::Countries => "COUNTRIES",
            Column::Kind => "KIND",
            Column::Actors => "ACTORS",
            Column::Headline => "HEADLINE",
        }
    }

    /// The most a column takes on a terminal (the last column takes what is left).
    fn cap(self) -> usize {
        match self {
            Column::Id => 48,
            Column::Date => 26,
            Column::Countries => 18,
            Column::Kind => 9,
            Column::Actors => 30,
            Column::Headline => 80,
        }
    }

    fn value(self, dataset: &Dataset, event: &Event) -> String {
        match self {
            Column::Id => sanitize(event.id()).into_owned(),
            Column::Date => event.date.display(),
            Column::Countries => (event.countries().iter())
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            Column::Kind => event.kind.as_str().to_string(),
            Column::Actors => {
                let names: Vec<&str> = (event.actors().iter())
                    .map(|&a| dataset.actor(a).name.as_str())
                    .collect();
                sanitize(&names.join(", ")).into_owned()
            }
            // A star before what the user starred.
            Column::Headline => match dataset.marks().get(event.id()).is_some_and(|m| m.starred) {
                true => format!("★ {}", sanitize(event.headline())),
                false => sanitize(event.headline()).into_owned(),
            },
        }
    }
}

/// The columns when none are asked for.
pub const DEFAULT: [Column; 4] = [
    Column::Date,
    Column::Countries,
    Column::Kind,
    Column::Headline,
];

/// From this terminal width, the default table starts with the id.
const ID_FROM: usize = 150;

/// Where the table goes.
#[derive(Debug, Clone, Default)]
pub struct Fit {
    /// Columns to fit, for a terminal; `None` keeps every value whole.
    pub width: Option<usize>,
    /// The header row in bold.
    pub bold_header: bool,
    /// The columns, in order; empty for the default.
    pub columns: Vec<Column>,
}

/// The matching events, then the count line.
pub fn write(
    out: &mut impl Write,
    dataset: &Dataset,
    matches: &Matches,
    fit: Fit,
) -> io::Result<()> {
    let columns: Vec<Column> = if !fit.columns.is_empty() {
        fit.columns.clone()
    } else if fit.width.is_some_and(|w| w >= ID_FROM) {
        std::iter::once(Column::Id).chain(DEFAULT).collect()
    } else {
        DEFAULT.to_vec()
    };
    let rows: Vec<Vec<String>> = super::events(dataset, matches)
        .map(|e| columns.iter().map(|c| c.value(dataset, e)).collect())
        .collect();
    // Piped output keeps every value whole; a terminal gets capped, fitted columns.
    let last = columns.len().saturating_sub(1);
    let widths: Vec<usize> = (columns.iter().enumerate())
        .map(|(k, column)| {
            let widest = rows.iter().map(|r| text::width(&r[k])).max().unwrap_or(0);
            let widest = widest.max(text::width(column.header()));
            match fit.width {
                Some(_) => widest.min(column.cap()),
                None => widest,
            }
        })
        .collect();
    let fixed: usize = widths[..last].iter().map(|w| w + 2).sum();
    let last_width = fit.width.map(|w| w.saturating_sub(fixed).max(10));
    let line = |cells: &[&str]| {
        let mut line = String::new();
        for (k, cell) in cells.iter().enumerate() {
            if k < last {
                line.push_str(&text::pad(cell, widths[k]));
                line.push_str("  ");
            } else {
                match last_width {
                    Some(w) => line.push_str(&text::truncate(cell, w)),
                    None => line.push_str(cell),
                }
            }
        }
        line.trim_end().to_string()
    };
    if !rows.is_empty() {
        let headers: Vec<&str> = columns.iter().map(|c| c.header()).collect();
        let header = line(&headers);
        if fit.bold_header {
            let bold = anstyle::Style::new().bold();
            writeln!(out, "{bold}{header}{bold:#}")?;
        } else {
            writeln!(out, "{header}")?;
        }
    }
    for row in &rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        writeln!(out, "{}", line(&cells))?;
    }
    writeln!(out, "{}", matches.summary())
}
