//! TimelineJS sheets: the Google Sheets template (Year, Month, Day, Time, End Year, End
//! Month, End Day, End Time, Display Date, Headline, Text, Media, Media Credit, Media
//! Caption, Media Thumbnail, Type, Group, Background) saved as CSV.
//!
//! The date is as precise as the columns filled: a year, a month or a day. A `title` row
//! gives the dataset's title; `era` rows are spans TimelineJS shades, not events, and are
//! counted as left out. The template has no countries or kinds, so a sheet may add
//! `Countries` (codes or names, split by `,` or `;`) and `Kind` columns; without them the
//! countries are those the headline and text name, and the kind is `Group` where it is a
//! kind, otherwise a statement (the report says how many). `Group` and `Display Date` are
//! kept in the notes and the date note.

use super::MAX_HEADLINE_CHARS;
use super::import::{self, Builder, Header, Origin, owned, plain_text, shorten};
use super::raw::{List, RawEvent, RawSource};
use super::rows::{Record, Rows};
use super::{LoadError, Loader};
use crate::model::{CountryCode, Dataset, Kind};
use std::collections::HashMap;
use std::io::BufRead;

struct Columns {
    year: usize,
    month: Option<usize>,
    day: Option<usize>,
    end_year: Option<usize>,
    end_month: Option<usize>,
    end_day: Option<usize>,
    display_date: Option<usize>,
    headline: usize,
    text: Option<usize>,
    media: Option<usize>,
    kind_of_row: Option<usize>,
    group: Option<usize>,
    countries: Option<usize>,
    kind: Option<usize>,
    id: Option<usize>,
    notes: Option<usize>,
    date_note: Option<usize>,
}

#[derive(Default)]
struct State {
    title: Option<(String, String)>,
    ids: HashMap<String, usize>,
    kinds_guessed: usize,
    countries_found: usize,
}

/// Reads a TimelineJS sheet from `input`; `file` names it in messages.
pub(super) fn read(input: impl BufRead, file: &str, loader: &Loader) -> Result<Dataset, LoadError> {
    let mut input = input;
    let delimiter = import::sniff_delimiter(&mut input);
    let mut rows = Rows::new(input, delimiter, true, loader.limits.entry);
    let what = "a TimelineJS sheet";
    let mut b = Builder::new(file, what, loader.keep, loader.import);
    b.watched_by(loader.progress);
    let header = import::header_row(&mut rows, &mut b, what)?;
    let missing: Vec<&str> = ["Year", "Headline"]
        .into_iter()
        .filter(|n| header.find(n).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(import::missing_columns(file, what, &missing, &header));
    }
    let f = |n: &str| header.find(n);
    let c = Columns {
        year: f("Year").expect("checked"),
        month: f("Month"),
        day: f("Day"),
        end_year: f("End Year"),
        end_month: f("End Month"),
        end_day: f("End Day"),
        display_date: f("Display Date"),
        headline: f("Headline").expect("checked"),
        text: f("Text"),
        media: f("Media"),
        kind_of_row: f("Type"),
        group: f("Group"),
        countries: header.any(&["Countries", "Country"]),
        kind: f("Kind"),
        id: header.any(&["Id", "Unique Id"]),
        notes: f("Notes"),
        date_note: f("Date Note"),
    };
    let mut state = State::default();
    b.each_row(&mut rows, |b, record| {
        row(b, record, &c, &header, &mut state);
        Ok(())
    })?;
    if state.kinds_guessed > 0 {
        b.report.notes.push(format!(
            "{} row{} name no kind (no Kind column, and a Group that is not a kind): kept as \
             statements",
            state.kinds_guessed,
            if state.kinds_guessed == 1 { "" } else { "s" }
        ));
    }
    if state.countries_found > 0 {
        b.report.notes.push(format!(
            "{} row{} name no countries in a Countries column: their countries are those \
             the headline and text name",
            state.countries_found,
            if state.countries_found == 1 { "" } else { "s" }
        ));
    }
    let name = import::file_name(file);
    let (title, description) = state.title.unwrap_or_else(|| {
        (
            format!("Timeline from {name}"),
            "A TimelineJS sheet, read by demarche.".to_string(),
        )
    });
    b.finish(title, description)
}

fn row(b: &mut Builder, r: &Record, c: &Columns, header: &Header, state: &mut State) {
    if r.len() > header.len() {
        let message = format!(
            "has {} columns where the header has {}; a field with a comma must be in \
             double quotes",
            r.len(),
            header.len()
        );
        b.row_problem(r.line, message);
        return;
    }
    let value = |i: Option<usize>| i.and_then(|i| r.value(i));
    let headline = plain_text(unguarded(r.get(c.headline)));
    let text = value(c.text)
        .map(|t| plain_text(unguarded(t)))
        .unwrap_or_default();
    match value(c.kind_of_row).map(str::to_ascii_lowercase).as_deref() {
        Some("title") => {
            state.title = Some((headline, text));
            return;
        }
        Some("era") => {
            b.report
                .leave_out("era row{s} (spans TimelineJS shades, not events)");
            return;
        }
        _ => {}
    }
    let Some(date) = date_of(r, c.year, c.month, c.day) else {
        let message = "is empty; an event's Year is needed (Month and Day make it more precise)";
        b.problem(r.place(c.year), "", "Year", message.to_string());
        return;
    };
    let end = c
        .end_year
        .and_then(|year| date_of(r, year, c.end_month, c.end_day));
    let id = match value(c.id) {
        Some(id) => id.to_string(),
        None => {
            let base = import::id_of("sheet", &headline, r.line);
            let n = state.ids.entry(base.clone()).or_insert(0);
            *n += 1;
            match *n {
                1 => base,
                n => format!("{base}-{n}"),
            }
        }
    };
    let group = value(c.group);
    let kind = match (value(c.kind), group.and_then(Kind::parse)) {
        (Some(kind), _) => kind.to_ascii_lowercase(),
        (None, Some(kind)) => kind.as_str().to_string(),
        (None, None) => {
            state.kinds_guessed += 1;
            Kind::Statement.as_str().to_string()
        }
    };
    let mut countries: List = List::new();
    let push = |code: CountryCode, countries: &mut List| {
        let code = owned(code.as_str());
        if !countries.contains(&code) {
            countries.push(code);
        }
    };
    match value(c.countries) {
        Some(listed) => {
            for name in listed
                .split([',', ';'])
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                match import::country(name) {
                    Some(code) => push(code, &mut countries),
                    // Written as it is, so the check names it.
                    None => countries.push(owned(name)),
                }
            }
        }
        None => {
            state.countries_found += 1;
            for code in countries_named(&format!("{headline}\n{text}")) {
                push(code, &mut countries);
            }
        }
    }
    let sheet = b.source("sheet", r.line, true, |_| RawSource {
        id: owned("sheet"),
        outlet: owned("TimelineJS sheet"),
        title: owned(import::file_name(b.file)),
        language: owned("und"),
        published: owned(date.clone()),
        about: owned("The sheet the events were read from; dated by its latest event."),
        based_on: None,
        title_original: None,
        url: None,
    });
    let mut sources: List = [owned(b.source_id(sheet).to_string())]
        .into_iter()
        .collect();
    if let Some(url) = value(c.media).filter(|m| m.starts_with("http")) {
        let host = url
            .split('/')
            .nth(2)
            .unwrap_or(url)
            .trim_start_matches("www.")
            .to_string();
        let n = b.source(url, r.line, true, |n| RawSource {
            id: owned(format!("sheet-media-{}", n)),
            outlet: owned(host.clone()),
            title: owned(format!("Media of the sheet at {host}")),
            language: owned("und"),
            published: owned(date.clone()),
            about: owned("The media the sheet shows with the event."),
            based_on: None,
            title_original: None,
            url: Some(owned(url)),
        });
        sources.push(owned(b.source_id(n).to_string()));
    }
    // demarche's own sheets (`export --format timeline-sheet`) carry notes and date
    // notes in columns of their own; the template's Group and Display Date otherwise.
    let notes = match c.notes {
        Some(notes) => value(Some(notes)).map(|n| unguarded(n).to_string()),
        None => group.map(|g| format!("TimelineJS group: {g}")),
    };
    let date_note = match c.date_note {
        Some(note) => value(Some(note)).map(|n| unguarded(n).to_string()),
        None => value(c.display_date).map(|d| format!("The sheet shows the date as: {d}")),
    };
    let summary = if text.is_empty() {
        headline.clone()
    } else {
        text
    };
    let raw = RawEvent {
        id: owned(id),
        date: owned(date),
        end: end.map(owned),
        part: None,
        date_note: date_note.map(owned),
        kind: owned(kind),
        countries,
        actors: List::new(),
        headline: owned(shorten(&headline, MAX_HEADLINE_CHARS)),
        summary: owned(summary),
        notes: notes.map(owned),
        sources,
        plain: 0,
    };
    let mut origins = vec![
        Origin {
            field: "date",
            column: c.year,
            name: "Year",
        },
        Origin {
            field: "headline",
            column: c.headline,
            name: "Headline",
        },
    ];
    for (field, column, name) in [
        ("summary", c.text, "Text"),
        ("countries", c.countries, "Countries"),
        ("kind", c.kind, "Kind"),
        ("id", c.id, "Id"),
        ("end", c.end_year, "End Year"),
    ] {
        if let Some(column) = column {
            origins.push(Origin {
                field,
                column,
                name,
            });
        }
    }
    b.event(r, &raw, &origins);
}

/// A cell as written before a spreadsheet's guard: demarche's sheets write `'` before
/// text that opens with `=`, `+`, `-` or `@`, so it is not read as a formula.
pub fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

/// The date the Year, Month and Day columns make, as demarche writes it ("2022",
/// "2022-06", "2022-06-17"); `None` when the year is empty. Values the columns cannot
/// make are written as given, for the check to name.
fn date_of(r: &Record, year: usize, month: Option<usize>, day: Option<usize>) -> Option<String> {
    let year = r.value(year)?;
    let pad = |v: &str| match v.parse::<u32>() {
        Ok(n) => format!("{n:02}"),
        Err(_) => v.to_string(),
    };
    let year = match year.parse::<i32>() {
        Ok(y) => format!("{y:04}"),
        Err(_) => year.to_string(),
    };
    let month = month.and_then(|i| r.value(i));
    let day = day.and_then(|i| r.value(i));
    Some(match (month, day) {
        (Some(m), Some(d)) => format!("{year}-{}-{}", pad(m), pad(d)),
        (Some(m), None) => format!("{year}-{}", pad(m)),
        (None, _) => year,
    })
}

/// The countries `text` names by their common or formal English names ("Kazakhstan",
/// "Russia", "United States"), in the order of the names' first appearance.
pub fn countries_named(text: &str) -> Vec<CountryCode> {
    static NAMES: std::sync::OnceLock<Vec<(String, CountryCode)>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let mut names = Vec::new();
        for slot in 0..CountryCode::SLOTS {
            let Some(code) = CountryCode::from_slot(slot) else {
                continue;
            };
            let mut all = vec![code.name(), code.formal_name()];
            all.extend(code.aliases().map(String::from));
            for name in all {
                let mut key = String::new();
                crate::text::fold_words_into(&name, &mut key);
                let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
                // Short aliases ("US", "UK") are words of other meanings in a text.
                if key.len() > 3 {
                    names.push((key, code));
                }
            }
        }
        // Longer names first, so "south korea" is not read as "korea".
        names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
        names
    });
    let mut folded = String::new();
    crate::text::fold_words_into(text, &mut folded);
    let mut haystack = String::from(" ");
    haystack.push_str(&folded.split_whitespace().collect::<Vec<_>>().join(" "));
    haystack.push(' ');
    let mut found: Vec<(usize, CountryCode)> = Vec::new();
    for (name, code) in names {
        let needle = format!(" {name} ");
        if let Some(at) = haystack.find(&needle) {
            // Blank out the match so a shorter name within it is not found again.
            haystack.replace_range(at + 1..at + needle.len() - 1, &" ".repeat(needle.len() - 2));
            if !found.iter().any(|(_, c)| c == code) {
                found.push((at, *code));
            }
        }
    }
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, code)| code).collect()
}
