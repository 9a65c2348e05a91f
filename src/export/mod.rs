//! Writing events out, one file per format: a table for terminals, JSON, CSV and a
//! Markdown brief. Below both faces, so `list`, `show` and `stats` print through it and
//! the browser can write what it shows. Every format takes the same selection: a dataset
//! and the matches of a filter.

pub mod csv;
pub mod json;
pub mod markdown;
mod record;
pub mod table;

pub use record::{ActorRecord, EventRecord, SourceRecord, citation};

use crate::model::{Dataset, Event};
use crate::query::Matches;

/// The matching events, in order.
pub fn events<'a>(dataset: &'a Dataset, matches: &'a Matches) -> impl Iterator<Item = &'a Event> {
    matches.events.iter().map(|&i| &dataset.events[i as usize])
}
