//! JSON: an array of event records, or one event with its actors and sources in full.

use super::{ActorRecord, EventRecord, SourceRecord};
use crate::model::{Dataset, Event};
use crate::query::Matches;
use serde::Serialize;
use std::io::{self, Write};

/// The matching events as a JSON array (`list --format json`).
pub fn write(out: &mut impl Write, dataset: &Dataset, matches: &Matches) -> io::Result<()> {
    // Each record made as it is written: a million are never in memory at once.
    let records = super::events(dataset, matches).map(|e| EventRecord::new(dataset, e));
    let mut serializer = serde_json::Serializer::pretty(&mut *out);
    serde::Serializer::collect_seq(&mut serializer, records)?;
    writeln!(out)
}

#[derive(Serialize)]
struct Detailed<'a> {
    #[serde(flatten)]
    event: EventRecord<'a>,
    actor_details: Vec<ActorRecord<'a>>,
    source_details: Vec<SourceRecord<'a>>,
}

/// One event with `actor_details` and `source_details` (`show --format json`).
pub fn write_one(out: &mut impl Write, dataset: &Dataset, event: &Event) -> io::Result<()> {
    let value = Detailed {
        event: EventRecord::new(dataset, event),
        actor_details: (event.actors().iter())
            .map(|&a| ActorRecord::new(dataset.actor(a)))
            .collect(),
        source_details: (event.sources().iter())
            .map(|&s| SourceRecord::new(dataset.source(s)))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}
