//! A TimelineJS sheet: the Google Sheets template's columns, as CSV, for a timeline made
//! in Google Sheets (File → Import the CSV, then publish it to TimelineJS). Beyond the
//! template's columns it writes `Id`, `Kind`, `Countries`, `Notes` and `Date Note`, which
//! TimelineJS ignores and demarche reads back: `--data story.sheet.csv` loads the same
//! events (a month's part, "early June", is written as its month).

use super::Selection;
use crate::model::Event;
use std::io::{self, Write};

/// The template's columns, then demarche's.
pub const COLUMNS: [&str; 23] = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
    "Id",
    "Kind",
    "Countries",
    "Notes",
    "Date Note",
];

pub fn write(out: &mut dyn Write, selection: &Selection) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS)?;
    let dataset = selection.dataset;
    let mut title = vec![String::new(); COLUMNS.len()];
    title[9] = dataset.title.clone();
    title[10] = paragraphs(&dataset.description);
    title[15] = "title".into();
    writer.write_record(&title)?;
    for event in selection.events() {
        writer.write_record(row(event))?;
    }
    writer.flush()
}

fn row(event: &Event) -> Vec<String> {
    let mut row = vec![String::new(); COLUMNS.len()];
    let parts = |point: crate::model::DatePoint| {
        let show = |v: Option<u32>| v.map_or(String::new(), |v| v.to_string());
        [
            point.year().to_string(),
            show(point.month()),
            show(point.day()),
        ]
    };
    let [year, month, day] = parts(event.date.start());
    (row[0], row[1], row[2]) = (year, month, day);
    if let Some(end) = event.date.end() {
        let [year, month, day] = parts(end);
        (row[4], row[5], row[6]) = (year, month, day);
    }
    if event.date.part().is_some() {
        row[8] = event.date.display();
    }
    row[9] = guard(escape(event.headline()));
    row[10] = paragraphs(event.summary());
    row[16] = event.kind.as_str().to_string();
    row[18] = event.id().to_string();
    row[19] = event.kind.as_str().to_string();
    let countries: Vec<&str> = event.countries().iter().map(|c| c.as_str()).collect();
    row[20] = countries.join(", ");
    row[21] = guard(event.notes().unwrap_or("").to_string());
    row[22] = guard(event.date_note().unwrap_or("").to_string());
    row
}

/// Text as TimelineJS's HTML: escaped, a paragraph a line.
fn paragraphs(text: &str) -> String {
    (text.lines())
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("<p>{}</p>", escape(l)))
        .collect()
}

/// Text as HTML (TimelineJS reads the headline as HTML too).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) behind a `'`,
/// which Sheets and Excel show as text and demarche takes off again.
fn guard(cell: String) -> String {
    match cell.starts_with(['=', '+', '-', '@']) {
        true => format!("'{cell}"),
        false => cell,
    }
}
