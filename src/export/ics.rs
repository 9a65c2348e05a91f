//! iCalendar (RFC 5545): one all-day event per event, spanning every day it could mean.
//! A day is that day; a month the whole month (or its early, mid or late third); a range
//! its days. `DTEND` is exclusive, the day after the last possible day, as the RFC asks
//! of all-day events. The output depends only on the data, so it is the same byte for
//! byte from run to run: `DTSTAMP` is the day the newest source cited was published.

use super::Selection;
use crate::model::{Dataset, Event};
use chrono::{Datelike, NaiveDate};
use std::io::{self, Write};

/// Octets of a content line before it is folded (RFC 5545 §3.1), not counting CRLF.
const LINE_OCTETS: usize = 75;

pub fn write(out: &mut dyn Write, selection: &Selection) -> io::Result<()> {
    let dataset = selection.dataset;
    let mut lines = Lines { out };
    lines.put("BEGIN:VCALENDAR")?;
    lines.put("VERSION:2.0")?;
    lines.put(&format!(
        "PRODID:-//demarche//demarche {}//EN",
        env!("CARGO_PKG_VERSION")
    ))?;
    lines.put("CALSCALE:GREGORIAN")?;
    lines.put(&format!("X-WR-CALNAME:{}", text(&dataset.title)))?;
    let stamp = stamp(selection);
    for event in selection.events() {
        lines.put("BEGIN:VEVENT")?;
        lines.put(&format!("UID:{}@demarche", event.id()))?;
        lines.put(&format!("DTSTAMP:{}T000000Z", day(stamp)))?;
        lines.put(&format!(
            "DTSTART;VALUE=DATE:{}",
            day(event.date.earliest())
        ))?;
        // The day after the last: past 9999 it has no DATE form, so the span is given as
        // a duration (RFC 5545 allows either).
        match (event.date.latest().succ_opt()).filter(|d| d.year() <= 9999) {
            Some(after) => lines.put(&format!("DTEND;VALUE=DATE:{}", day(after)))?,
            None => lines.put(&format!("DURATION:P{}D", event.date.span_days() + 1))?,
        }
        lines.put(&format!("SUMMARY:{}", text(event.headline())))?;
        lines.put(&format!(
            "DESCRIPTION:{}",
            text(&description(dataset, event))
        ))?;
        let mut categories = vec![text(event.kind.as_str())];
        categories.extend(event.countries().iter().map(|c| text(c.as_str())));
        lines.put(&format!("CATEGORIES:{}", categories.join(",")))?;
        // Information, not time taken: calendars should not show the day as busy.
        lines.put("TRANSP:TRANSPARENT")?;
        lines.put("END:VEVENT")?;
    }
    lines.put("END:VCALENDAR")
}

/// The day the newest cited source was published (the first day it could mean), or the
/// Unix epoch when nothing is cited.
fn stamp(selection: &Selection) -> NaiveDate {
    let dataset = selection.dataset;
    let cited = selection.events().flat_map(|e| e.sources().iter());
    cited
        .map(|&s| dataset.source(s).published.earliest())
        .max()
        .unwrap_or(NaiveDate::from_ymd_opt(1970, 1, 1).expect("a real day"))
}

fn day(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// The event's text beyond its headline, one paragraph each: the summary, the notes, the
/// date as demarche gives it with its note, and the sources.
fn description(dataset: &Dataset, event: &Event) -> String {
    // Line ends in the text stay (`text` writes them `\n`), as do paragraphs.
    let mut parts = vec![event.summary().to_string()];
    if let Some(notes) = event.notes() {
        parts.push(format!("Notes: {notes}"));
    }
    let mut date = format!("Date: {}", event.date.display());
    if let Some(note) = event.date_note() {
        date.push_str(&format!(". {note}"));
    }
    parts.push(date);
    let sources: Vec<String> = (event.sources().iter())
        .map(|&s| {
            let source = dataset.source(s);
            match &source.url {
                Some(url) => format!("{} <{url}>", super::cited(source)),
                None => super::cited(source),
            }
        })
        .collect();
    if !sources.is_empty() {
        parts.push(format!("Sources: {}", sources.join("; ")));
    }
    parts.join("\n\n")
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, a newline
/// written `\n`, and no other control character.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if crate::text::is_unsafe_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Content lines, ended with CRLF and folded at 75 octets (never inside a character):
/// each continuation starts with a space.
struct Lines<'a> {
    out: &'a mut dyn Write,
}

impl Lines<'_> {
    fn put(&mut self, line: &str) -> io::Result<()> {
        let mut rest = line;
        let mut room = LINE_OCTETS;
        loop {
            if rest.len() <= room {
                self.out.write_all(rest.as_bytes())?;
                return self.out.write_all(b"\r\n");
            }
            let mut cut = room;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            self.out.write_all(&rest.as_bytes()[..cut])?;
            self.out.write_all(b"\r\n ")?;
            rest = &rest[cut..];
            // The leading space is one of the next line's octets.
            room = LINE_OCTETS - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = Vec::new();
        Lines { out: &mut out }.put(line).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let line = format!("SUMMARY:{}", "كازاخستان ".repeat(12));
        let out = folded(&line);
        for piece in out.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(
                piece.len() <= LINE_OCTETS,
                "{} octets: {piece:?}",
                piece.len()
            );
        }
        // Unfolding (removing CRLF and the one space after it) gives the line back.
        assert_eq!(out.replace("\r\n ", "").trim_end_matches("\r\n"), line);
    }

    #[test]
    fn a_short_line_is_one_line() {
        assert_eq!(folded("VERSION:2.0"), "VERSION:2.0\r\n");
        let exactly = "X".repeat(LINE_OCTETS);
        assert_eq!(folded(&exactly), format!("{exactly}\r\n"));
    }

    #[test]
    fn text_escapes_what_the_rfc_reserves() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(text("bell\u{7}"), "bell\u{FFFD}");
    }
}
