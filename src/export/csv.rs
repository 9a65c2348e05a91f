//! CSV: the JSON record's columns, list values joined by `;`.

use super::EventRecord;
use crate::model::{Dataset, Event};
use std::io::Write;

pub const COLUMNS: [&str; 13] = [
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
];

pub fn write<'a>(
    out: &mut dyn Write,
    dataset: &Dataset,
    events: impl Iterator<Item = &'a Event>,
) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS)?;
    for event in events {
        let e = EventRecord::new(dataset, event);
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
