//! TimelineJS 3 JSON (Knight Lab's timeline viewer): a title slide from the dataset's
//! title and description, and one slide per event. Dates hold only the parts the record
//! gives (a month has no day, a year no month), and each slide's `display_date` is
//! demarche's own ("early Jul 2022", "6–9 Jan 2022"), so vague dates read as vague. The
//! slides' text is HTML, escaped.

use super::html::escape as html;
use super::{GroupBy, Selection};
use crate::model::{Dataset, DatePoint, Event};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Timeline<'a> {
    title: Slide<'a>,
    events: Vec<Slide<'a>>,
}

#[derive(Serialize)]
struct Slide<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<&'a str>,
}

#[derive(Serialize)]
struct Date {
    year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
}

impl From<DatePoint> for Date {
    fn from(point: DatePoint) -> Date {
        Date {
            year: point.year(),
            month: point.month(),
            day: point.day(),
        }
    }
}

#[derive(Serialize)]
struct Text {
    headline: String,
    text: String,
}

pub fn write(out: &mut dyn Write, selection: &Selection, group_by: GroupBy) -> io::Result<()> {
    let dataset = selection.dataset;
    let description: String = (dataset.description.split("\n\n"))
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", html(p)))
        .collect();
    let title = Slide {
        start_date: None,
        end_date: None,
        display_date: None,
        text: Text {
            headline: html(&dataset.title),
            text: format!("{description}<p>{}</p>", html(&selection.scope())),
        },
        group: None,
        unique_id: None,
    };
    let events = (selection.events())
        .map(|e| slide(dataset, e, group_by))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &Timeline { title, events })?;
    writeln!(out)
}

fn slide<'a>(dataset: &Dataset, event: &'a Event, group_by: GroupBy) -> Slide<'a> {
    let mut text = format!("<p>{}</p>", html(event.summary()));
    if let Some(notes) = event.notes() {
        text.push_str(&format!("<p><em>Notes:</em> {}</p>", html(notes)));
    }
    if let Some(note) = event.date_note() {
        text.push_str(&format!("<p><em>Date:</em> {}</p>", html(note)));
    }
    let sources: Vec<String> = (event.sources().iter())
        .map(|&s| {
            let source = dataset.source(s);
            match &source.url {
                Some(url) => format!(
                    "<a href=\"{}\">{}</a>",
                    html(url),
                    html(&super::cited(source))
                ),
                None => html(&super::cited(source)),
            }
        })
        .collect();
    if !sources.is_empty() {
        text.push_str(&format!("<p><em>Sources:</em> {}</p>", sources.join("; ")));
    }
    let group = match group_by {
        GroupBy::Kind => Some(event.kind.as_str().to_string()),
        GroupBy::Country => event.countries().first().map(|c| c.name()),
        GroupBy::None => None,
    };
    Slide {
        start_date: Some(event.date.start().into()),
        end_date: event.date.end().map(Date::from),
        display_date: Some(event.date.display()),
        text: Text {
            headline: html(event.headline()),
            text,
        },
        group,
        unique_id: Some(event.id()),
    }
}
