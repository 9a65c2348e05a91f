//! GDELT event files: 2.0 (`*.export.CSV`, 61 columns) and 1.0 (58 columns daily, 57 in
//! the backfiles), tab-separated despite the name, with no header; plain or zipped (read
//! in place). Told apart by the first row's column count.
//!
//! Countries come from the actors' CAMEO country codes; the geography columns are FIPS
//! 10-4 and are read, through [`codes::fips`], only for where the action took place.
//! The CAMEO event code is a string ("042") and picks the kind; it stays on the event,
//! with its label, in the summary. By default only events between two different
//! countries are kept, and the rows of one article that repeat an event (same date,
//! actors and kind: GDELT's mirrored "visit"/"host a visit" pairs among them) are one
//! event. Everything left out is counted in the report.

use super::MAX_HEADLINE_CHARS;
use super::codes::{self, CameoCountry};
use super::import::{Builder, ImportOptions, Origin, shorten, title_case};
use super::raw::{List, RawActor, RawEvent, RawSource, Text};
use super::rows::{Record, Rows};
use super::{LoadError, Loader};
use crate::model::Dataset;
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::Write;
use std::io::BufRead;
use std::path::Path;

/// Where a version's columns are (0-based); the first 39 are the same in every version.
struct Layout {
    name: &'static str,
    columns: usize,
    action_place: usize,
    action_country: usize,
    added: usize,
    url: Option<usize>,
}

const V2: Layout = Layout {
    name: "GDELT 2.0 events",
    columns: 61,
    action_place: 52,
    action_country: 53,
    added: 59,
    url: Some(60),
};
const V1_DAILY: Layout = Layout {
    name: "GDELT 1.0 events",
    columns: 58,
    action_place: 50,
    action_country: 51,
    added: 56,
    url: Some(57),
};
const V1_BACKFILE: Layout = Layout {
    name: "GDELT 1.0 backfile events",
    columns: 57,
    url: None,
    ..V1_DAILY
};

const ID: usize = 0;
const DATE: usize = 1;
const ACTOR1: [usize; 5] = [5, 6, 7, 8, 12];
const ACTOR2: [usize; 5] = [15, 16, 17, 18, 22];
const ROOT_EVENT: usize = 25;
const EVENT_CODE: usize = 26;
const QUAD: usize = 29;
const GOLDSTEIN: usize = 30;
const MENTIONS: usize = 31;
const SOURCES: usize = 32;
const ARTICLES: usize = 33;
const TONE: usize = 34;

/// Whether a first line looks like a GDELT row: a number, then at least 56 tabs.
pub fn looks_like(first_line: &str) -> bool {
    let id = first_line.split('\t').next().unwrap_or("");
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_digit())
        && memchr::memchr_iter(b'\t', first_line.as_bytes()).count() >= 56
}

/// Reads a GDELT file, zipped or not.
pub(super) fn read_path(path: &Path, file: &str, loader: &Loader) -> Result<Dataset, LoadError> {
    let io = |error| LoadError::Io {
        file: file.to_string(),
        error,
    };
    let mut opened = std::fs::File::open(path).map_err(io)?;
    let mut magic = [0u8; 4];
    let zipped = {
        use std::io::{Read, Seek};
        let n = opened.read(&mut magic).map_err(io)?;
        opened.rewind().map_err(io)?;
        n == 4 && magic == *b"PK\x03\x04"
    };
    if !zipped {
        if let (Some(progress), Ok(meta)) = (loader.progress, opened.metadata()) {
            progress.start(meta.len());
        }
        return read(
            std::io::BufReader::with_capacity(1 << 20, opened),
            file,
            loader,
        );
    }
    let bad_zip = |message: String| LoadError::Syntax {
        file: file.to_string(),
        line: 1,
        column: 1,
        message,
    };
    let mut archive = zip::ZipArchive::new(opened)
        .map_err(|e| bad_zip(format!("cannot read the zip archive: {e}")))?;
    if archive.len() != 1 {
        return Err(bad_zip(format!(
            "the zip archive holds {} files; demarche reads a zip of one GDELT export, as \
             GDELT publishes them",
            archive.len()
        )));
    }
    let entry = archive
        .by_index(0)
        .map_err(|e| bad_zip(format!("cannot read the zip archive: {e}")))?;
    let inner = format!(
        "{file}:{}",
        entry.name().map(|n| n.into_owned()).unwrap_or_default()
    );
    read(
        std::io::BufReader::with_capacity(1 << 20, entry),
        &inner,
        loader,
    )
}

/// Reads GDELT rows from `input`; `file` names it in messages.
pub(super) fn read(input: impl BufRead, file: &str, loader: &Loader) -> Result<Dataset, LoadError> {
    let options = loader.import;
    let mut rows = Rows::new(input, b'\t', false, loader.limits.entry);
    let mut builder = Builder::new(file, V2.name, loader.keep, options);
    builder.watched_by(loader.progress);
    let mut layout: Option<&Layout> = None;
    let mut seen: HashSet<u64, foldhash::fast::FixedState> = HashSet::default();
    let mut text = Texts::default();
    builder.each_row(&mut rows, |builder, record| {
        if layout.is_none() && ![57, 58, 61].contains(&record.len()) {
            return Err(LoadError::Syntax {
                file: file.to_string(),
                line: record.line,
                column: 1,
                message: format!(
                    "is not a GDELT row: it has {} tab-separated columns, where GDELT 2.0 \
                     rows have 61 and 1.0 rows 58 or 57 (a zip is read as GDELT's; give \
                     --data-format for another layout)",
                    record.len()
                ),
            });
        }
        let layout = *layout.get_or_insert_with(|| match record.len() {
            57 => &V1_BACKFILE,
            58 => &V1_DAILY,
            _ => &V2,
        });
        builder.report.format = layout.name.to_string();
        row(builder, record, layout, options, &mut seen, &mut text);
        Ok(())
    })?;
    let title = format!(
        "{} from {}",
        layout.unwrap_or(&V2).name,
        super::import::file_name(file)
    );
    let description = "Events coded by the GDELT Project (gdeltproject.org) from news \
                       reports, read by demarche. Headlines and summaries are written from \
                       GDELT's codes, not from the reports."
        .to_string();
    builder.finish(title, description)
}

/// A row's texts, kept from one row to the next.
#[derive(Default)]
struct Texts {
    id: String,
    date: String,
    headline: String,
    summary: String,
    notes: String,
    date_note: String,
}

/// Reads one row into the builder, or leaves it out, saying why.
fn row(
    b: &mut Builder,
    r: &Record,
    layout: &Layout,
    options: &ImportOptions,
    seen: &mut HashSet<u64, foldhash::fast::FixedState>,
    t: &mut Texts,
) {
    if r.len() != layout.columns {
        let message = format!(
            "has {} columns where the file's first row has {}: a {} row has {} \
             tab-separated columns (is a tab missing, or one too many?)",
            r.len(),
            layout.columns,
            layout.name.trim_end_matches(" events"),
            layout.columns
        );
        b.row_problem(r.line, message);
        return;
    }
    let global_id = r.get(ID);
    if global_id.is_empty() || !global_id.bytes().all(|c| c.is_ascii_digit()) {
        let message = format!("'{global_id}' is not a GDELT event id: a whole number");
        b.problem(r.place(ID), "", "GLOBALEVENTID", message);
        return;
    }
    t.id.clear();
    write!(t.id, "gdelt-{global_id}").expect("a string");
    let id = t.id.as_str();
    let Some(day) = yyyymmdd(r.get(DATE)) else {
        let message = format!("'{}' is not a day: GDELT writes YYYYMMDD", r.get(DATE));
        b.problem(r.place(DATE), id, "SQLDATE", message);
        return;
    };
    t.date.clear();
    write!(t.date, "{day}").expect("a string");
    let code = r.get(EVENT_CODE);
    let Some(label) = codes::cameo_label(code) else {
        let message = format!(
            "'{code}' is not a CAMEO event code: codes are strings of two to four digits \
             that keep their leading zero (042)"
        );
        b.problem(r.place(EVENT_CODE), id, "EventCode", message);
        return;
    };
    if !options.cameo.is_empty() && !options.cameo.iter().any(|p| code.starts_with(p.as_str())) {
        b.report.leave_out("row{s} outside the --cameo codes");
        return;
    }
    let first = actor_country(r, ACTOR1);
    let second = actor_country(r, ACTOR2);
    let mut countries: List = List::new();
    for country in [first, second].into_iter().flatten() {
        let code = Text(Cow::Owned(country.as_str().to_string()));
        if !countries.contains(&code) {
            countries.push(code);
        }
    }
    let between = countries.len() == 2;
    if !between && !options.any_actors {
        b.report
            .leave_out("row{s} not between two different countries (--any-actors keeps them)");
        return;
    }
    let place_country = codes::fips(r.get(layout.action_country));
    if countries.is_empty() {
        match place_country {
            Some(c) => countries.push(Text(Cow::Owned(c.as_str().to_string()))),
            None => {
                b.report.leave_out("row{s} with no country at all");
                return;
            }
        }
    }
    let kind = codes::cameo_kind(code, between).expect("a code in the table has a kind");
    let url = layout
        .url
        .map(|i| r.get(i).trim())
        .filter(|u| !u.is_empty());
    if !options.keep_duplicates
        && let Some(url) = url
    {
        // The countries, not the actor codes: BRA and BRAGOV in one article are one
        // event's two codings.
        let mut pair: Vec<&str> = countries.iter().map(|c| &**c).collect();
        pair.sort_unstable();
        let key = (url, day, pair, kind.as_str());
        if !seen.insert(hash(&key)) {
            b.report.leave_out(
                "row{s} repeating an event of the same article (same date, actors and kind; \
                 --keep-duplicates keeps them)",
            );
            return;
        }
    }

    let added = r.get(layout.added);
    let added_day = yyyymmdd(added.get(..8).unwrap_or(""));
    let source = match url {
        Some(url) => {
            let published = added_day.unwrap_or(day);
            b.source(url, r.line, false, |n| article(url, n, published, layout))
        }
        None => b.source("", r.line, true, |_| record_source(layout, day)),
    };
    let source_id = Text(Cow::Owned(b.source_id(source).to_string()));
    let mut actors: List = List::new();
    let mut names = Vec::new();
    for columns in [ACTOR1, ACTOR2] {
        if let Some((actor, name)) = actor(b, r, columns) {
            let actor = Text(Cow::Owned(b.actor_id(actor).to_string()));
            if !actors.contains(&actor) {
                actors.push(actor);
            }
            names.push(name);
        }
    }

    t.headline.clear();
    match names.as_slice() {
        [one, two] => write!(t.headline, "{one} → {two}: {label}"),
        [one] => write!(t.headline, "{one}: {label}"),
        _ => write!(t.headline, "{label}"),
    }
    .expect("a string");
    if t.headline.chars().count() > MAX_HEADLINE_CHARS {
        t.headline = shorten(&t.headline, MAX_HEADLINE_CHARS);
    }
    summary(&mut t.summary, r, layout, code, label);
    t.notes.clear();
    write!(t.notes, "GDELT event {global_id}").expect("a string");
    if let Some(added_day) = added_day {
        write!(t.notes, ", first seen {added_day}").expect("a string");
        if added.len() == 14 && added.bytes().all(|b| b.is_ascii_digit()) {
            let (h, m) = (&added[8..10], &added[10..12]);
            write!(t.notes, " {h}:{m} UTC").expect("a string");
        }
    }
    if r.get(ROOT_EVENT) == "1" {
        t.notes.push_str("; in the report's lead paragraph");
    }
    t.notes.push('.');
    t.date_note.clear();
    if let Some(added_day) = added_day
        && (added_day - day).num_days().abs() > 30
    {
        write!(
            t.date_note,
            "GDELT dates the event {day} but first saw it reported on {added_day}; GDELT \
             sometimes dates an event a year early, so the date may be wrong"
        )
        .expect("a string");
    }
    let owned = |s: &str| Text(Cow::Owned(s.to_string()));
    let raw = RawEvent {
        id: Text(Cow::Borrowed(&t.id)),
        date: Text(Cow::Borrowed(&t.date)),
        end: None,
        part: None,
        date_note: (!t.date_note.is_empty()).then(|| Text(Cow::Borrowed(&t.date_note))),
        kind: owned(kind.as_str()),
        countries,
        actors,
        headline: Text(Cow::Borrowed(&t.headline)),
        summary: Text(Cow::Borrowed(&t.summary)),
        notes: Some(Text(Cow::Borrowed(&t.notes))),
        sources: [source_id].into_iter().collect(),
        plain: 0,
    };
    let origins = [
        Origin {
            field: "date",
            column: DATE,
            name: "SQLDATE",
        },
        Origin {
            field: "kind",
            column: EVENT_CODE,
            name: "EventCode",
        },
        Origin {
            field: "headline",
            column: ACTOR1[1],
            name: "Actor1Name",
        },
    ];
    b.event(r, &raw, &origins);
}

/// The country an actor's CAMEO country code names, if it is one.
fn actor_country(r: &Record, columns: [usize; 5]) -> Option<crate::model::CountryCode> {
    match codes::cameo_country(r.get(columns[2])) {
        CameoCountry::Country(c) => Some(c),
        _ => None,
    }
}

/// CAMEO's actor role codes, as words.
fn role(code: &str) -> Option<&'static str> {
    Some(match code {
        "GOV" => "government",
        "MIL" => "military",
        "COP" => "police",
        "OPP" => "opposition",
        "REB" => "rebels",
        "MED" => "media",
        "BUS" => "business",
        "LEG" => "legislature",
        "JUD" => "judiciary",
        "ELI" => "elites",
        "CVL" => "civilians",
        "EDU" => "education",
        "HLH" => "health",
        "LAB" => "labour",
        "REF" => "refugees",
        "SPY" => "intelligence",
        "CRM" => "criminals",
        "IGO" => "international organisation",
        "NGO" => "non-governmental organisation",
        "MNC" => "multinational company",
        "INS" => "insurgents",
        "UAF" => "armed forces",
        "SEP" => "separatists",
        "MOD" => "moderates",
        "RAD" => "radicals",
        "AGR" => "agriculture",
        "ENV" => "environment",
        "HRI" => "human rights",
        _ => return None,
    })
}

/// The row's actor in `columns` (code, name, country, group, role), as an actor of the
/// dataset, and its name for the headline: "Brazil (government)".
fn actor(b: &mut Builder, r: &Record, columns: [usize; 5]) -> Option<(u32, String)> {
    let code = r.value(columns[0])?;
    let name = r.value(columns[1]).map(title_case);
    let role_name = role(r.get(columns[4]));
    let shown = match (&name, role_name) {
        (Some(name), Some(role)) => format!("{name} ({role})"),
        (Some(name), None) => name.clone(),
        (None, _) => code.to_string(),
    };
    let country = codes::cameo_country(r.get(columns[2]));
    let group = r.value(columns[3]);
    let id = format!("gdelt-{}", super::import::slug(code));
    let actor = b.actor(code, r.line, name.as_deref(), || RawActor {
        id: Text(Cow::Owned(id)),
        name: Text(Cow::Owned(name.clone().unwrap_or_else(|| code.to_string()))),
        role: Text(Cow::Owned(role_name.unwrap_or("actor").to_string())),
        country: match country {
            CameoCountry::Country(c) => Some(Text(Cow::Owned(c.as_str().to_string()))),
            _ => None,
        },
        organisation: match (country, group) {
            (CameoCountry::Country(_), None) => None,
            (_, Some(group)) => Some(Text(Cow::Owned(format!("{group} (CAMEO group code)")))),
            (CameoCountry::Region(region), None) => Some(Text(Cow::Owned(region.to_string()))),
            (CameoCountry::Unknown, None) => Some(Text(Cow::Owned(format!("CAMEO actor {code}")))),
        },
        name_ar: None,
        role_ar: None,
        aliases: List::new(),
    });
    Some((actor, shown))
}

/// "CAMEO 042, Make a visit (verbal cooperation; Goldstein 1.9). 28 mentions in 1 source
/// and 9 articles; average tone 0.6. Where: Beijing, Beijing, China."
fn summary(out: &mut String, r: &Record, layout: &Layout, code: &str, label: &str) {
    out.clear();
    write!(out, "CAMEO {code}, {label}").expect("a string");
    let quad = codes::quad_class(r.get(QUAD));
    let goldstein = r.value(GOLDSTEIN);
    match (quad, goldstein) {
        (Some(q), Some(g)) => write!(out, " ({q}; Goldstein {g})"),
        (Some(q), None) => write!(out, " ({q})"),
        (None, Some(g)) => write!(out, " (Goldstein {g})"),
        (None, None) => Ok(()),
    }
    .expect("a string");
    out.push('.');
    let count = |i: usize, one: &str, many: &str| {
        r.value(i).map(|n| match n {
            "1" => format!("1 {one}"),
            n => format!("{n} {many}"),
        })
    };
    if let Some(mentions) = count(MENTIONS, "mention", "mentions") {
        write!(out, " {mentions}").expect("a string");
        if let Some(sources) = count(SOURCES, "source", "sources") {
            write!(out, " in {sources}").expect("a string");
        }
        if let Some(articles) = count(ARTICLES, "article", "articles") {
            write!(out, " and {articles}").expect("a string");
        }
        if let Some(tone) = r.value(TONE).and_then(|t| t.parse::<f64>().ok()) {
            write!(out, "; average tone {tone:.1}").expect("a string");
        }
        out.push('.');
    }
    if let Some(place) = r.value(layout.action_place) {
        write!(out, " Where: {place}.").expect("a string");
    }
}

/// A report GDELT names by its address: one source per address.
fn article(
    url: &str,
    n: usize,
    published: chrono::NaiveDate,
    layout: &Layout,
) -> RawSource<'static> {
    let web = url.starts_with("http://") || url.starts_with("https://");
    let host = web
        .then(|| url.split('/').nth(2))
        .flatten()
        .map(|h| h.trim_start_matches("www.").to_string());
    let title = web
        .then(|| {
            let path = url.split(['?', '#']).next().unwrap_or(url);
            let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            let words: Vec<&str> = last
                .trim_end_matches(".html")
                .trim_end_matches(".htm")
                .split(['-', '_'])
                // Numbers in an address are its ids, not its words.
                .filter(|w| w.chars().any(char::is_alphabetic))
                .collect();
            (words.len() >= 3 && words.iter().any(|w| w.chars().all(char::is_alphabetic)))
                .then(|| shorten(&words.join(" "), 120))
        })
        .flatten();
    let outlet = host.clone().unwrap_or_else(|| url.to_string());
    RawSource {
        id: Text(Cow::Owned(format!("gdelt-source-{}", n + 1))),
        title: Text(Cow::Owned(
            title.unwrap_or_else(|| format!("A report by {outlet}")),
        )),
        outlet: Text(Cow::Owned(outlet)),
        language: Text(Cow::Borrowed("und")),
        published: Text(Cow::Owned(published.to_string())),
        about: Text(Cow::Owned(format!(
            "The report in which {} first saw the event (its words, from the address).",
            layout.name.trim_end_matches(" events")
        ))),
        based_on: None,
        title_original: None,
        url: web.then(|| Text(Cow::Owned(url.to_string()))),
    }
}

/// The one source of a backfile, which names no reports: GDELT's own record.
fn record_source(layout: &Layout, day: chrono::NaiveDate) -> RawSource<'static> {
    RawSource {
        id: Text(Cow::Borrowed("gdelt-record")),
        outlet: Text(Cow::Borrowed("The GDELT Project")),
        title: Text(Cow::Owned(layout.name.to_string())),
        language: Text(Cow::Borrowed("und")),
        published: Text(Cow::Owned(day.to_string())),
        about: Text(Cow::Borrowed(
            "GDELT's record of the event; the backfiles do not name the reports.",
        )),
        based_on: None,
        title_original: None,
        url: None,
    }
}

/// `YYYYMMDD` as a day.
fn yyyymmdd(text: &str) -> Option<chrono::NaiveDate> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().ok();
    chrono::NaiveDate::from_ymd_opt(number(0..4)? as i32, number(4..6)?, number(6..8)?)
}

fn hash(key: &impl std::hash::Hash) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::default().hash_one(key)
}
