//! Writing events out, one file per format: a table for terminals, JSON records and CSV
//! for scripts, a Markdown brief, and the publishing formats (a TimelineJS timeline, a
//! self-contained web page, a calendar, and a dataset of the selection in demarche's own
//! formats). Below both faces, so `list`, `show`, `stats` and `export` print through it
//! and the browser writes what it shows. Every format takes the same [`Selection`].

pub mod csv;
pub mod dataset;
mod html;
pub mod ics;
pub mod json;
pub mod markdown;
mod record;
pub mod sheet;
pub mod table;
pub mod timelinejs;

pub use record::{ActorRecord, EventRecord, SourceRecord, citation, cited};

use crate::model::{Dataset, Event};
use crate::query::{Filter, Matches};
use std::io::{self, Write};

/// The matching events, in order.
pub fn events<'a>(dataset: &'a Dataset, matches: &'a Matches) -> impl Iterator<Item = &'a Event> {
    matches.events.iter().map(|&i| &dataset.events[i as usize])
}

/// What a format writes: the events of a dataset that a filter matched.
#[derive(Clone, Copy)]
pub struct Selection<'a> {
    pub dataset: &'a Dataset,
    /// The filter, for formats that say what was selected (the brief, the page).
    pub filter: &'a Filter,
    pub matches: &'a Matches,
    /// Moved on as each event is taken to be written, for a progress line.
    pub progress: Option<&'a crate::progress::Progress>,
}

impl<'a> Selection<'a> {
    pub fn events(&self) -> impl Iterator<Item = &'a Event> + use<'a> {
        let progress = self.progress;
        if let Some(progress) = progress {
            progress.start_writing(self.matches.len() as u64);
        }
        let each = move |_: &&Event| progress.iter().for_each(|p| p.wrote_one());
        events(self.dataset, self.matches).inspect(each)
    }

    /// The filter in words and the count: "Filter: Kazakhstan · June 2022. 3 events."
    pub fn scope(&self) -> String {
        let filter = match self.filter.is_empty() {
            true => "All events".to_string(),
            false => format!("Filter: {}", self.filter.describe()),
        };
        format!("{filter}. {}.", self.matches.summary())
    }
}

/// The formats `demarche export` writes and the browser offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A web page that needs nothing else: no network, no script required.
    Html,
    /// TimelineJS 3 JSON, for Knight Lab's timeline viewer.
    TimelineJs,
    /// An iCalendar file of all-day events.
    Ics,
    /// A Markdown brief.
    Markdown,
    /// A demarche dataset of the selection, in TOML.
    Toml,
    /// A demarche dataset of the selection, as a JSON document.
    Json,
    /// A demarche dataset of the selection, in JSON Lines.
    Jsonl,
    /// The events as CSV, the columns of `list --format csv`.
    Csv,
    /// A TimelineJS sheet (the Google Sheets template's columns, as CSV).
    TimelineSheet,
}

impl Format {
    pub const ALL: [Format; 9] = [
        Format::Html,
        Format::TimelineJs,
        Format::Ics,
        Format::Markdown,
        Format::Toml,
        Format::Json,
        Format::Jsonl,
        Format::Csv,
        Format::TimelineSheet,
    ];

    /// The name the command line takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::TimelineJs => "timelinejs",
            Format::Ics => "ics",
            Format::Markdown => "markdown",
            Format::Toml => "toml",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::TimelineSheet => "timeline-sheet",
        }
    }

    /// The format a file's name tells: `page.html`, `dates.ics`, `brief.md`,
    /// `story.timeline.json` (TimelineJS), `subset.json` (a dataset), `subset.jsonl`,
    /// `subset.toml`, `events.csv`, `story.sheet.csv` (a TimelineJS sheet); None for any
    /// other name.
    pub fn for_file_name(name: &str) -> Option<Format> {
        let name = name.to_lowercase();
        if name.ends_with(".timeline.json") {
            return Some(Format::TimelineJs);
        }
        if name.ends_with(".sheet.csv") {
            return Some(Format::TimelineSheet);
        }
        match name.rsplit_once('.').map(|(_, ext)| ext)? {
            "html" | "htm" => Some(Format::Html),
            "ics" | "ical" => Some(Format::Ics),
            "md" | "markdown" => Some(Format::Markdown),
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The file name extension the format is usually saved with.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::TimelineJs => "timeline.json",
            Format::Ics => "ics",
            Format::Markdown => "md",
            Format::Toml => "toml",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::TimelineSheet => "sheet.csv",
        }
    }

    /// What the format is for, in a few words.
    pub fn about(self) -> &'static str {
        match self {
            Format::Html => "a web page, self-contained",
            Format::TimelineJs => "TimelineJS 3 JSON",
            Format::Ics => "a calendar (iCalendar)",
            Format::Markdown => "a brief in Markdown",
            Format::Toml => "a demarche dataset (TOML)",
            Format::Json => "a demarche dataset (JSON)",
            Format::Jsonl => "a demarche dataset (JSON Lines)",
            Format::Csv => "a table (CSV)",
            Format::TimelineSheet => "a TimelineJS sheet (CSV)",
        }
    }
}

/// How TimelineJS groups events into rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    #[default]
    Kind,
    /// By the event's first country.
    Country,
    None,
}

/// Choices that only some formats read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub group_by: GroupBy,
}

/// Writes the selection in `format`.
pub fn write(
    out: &mut dyn Write,
    format: Format,
    selection: &Selection,
    options: Options,
) -> io::Result<()> {
    match format {
        Format::Html => html::write(out, selection),
        Format::TimelineJs => timelinejs::write(out, selection, options.group_by),
        Format::Ics => ics::write(out, selection),
        Format::Markdown => markdown::write(out, selection),
        Format::Toml => dataset::write_toml(out, selection),
        Format::Json => dataset::write_json(out, selection),
        Format::Jsonl => dataset::write_jsonl(out, selection),
        Format::Csv => {
            csv::write(out, selection.dataset, selection.events()).map_err(io::Error::from)
        }
        Format::TimelineSheet => sheet::write(out, selection),
    }
}

/// Writes the selection to a file, whole or not at all: into a temporary file beside it,
/// renamed over the destination once complete, so a failure (a full disk, an interrupt)
/// never leaves a half-written file or spoils the one that was there.
pub fn write_file(
    path: &std::path::Path,
    format: Format,
    selection: &Selection,
    options: Options,
) -> io::Result<()> {
    crate::fsutil::write_atomically(path, |out| write(out, format, selection, options))
}
