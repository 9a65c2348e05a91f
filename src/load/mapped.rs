//! Any CSV (or TSV) of events, through a small mapping file (`--map FILE`, TOML) that
//! says which column holds what, how dates are written and how lists are split, so a
//! spreadsheet needs no code:
//!
//! ```toml
//! title = "My events"          # optional: the dataset's title
//! delimiter = ","              # optional: "," (the default), ";" or "\t"
//!
//! [columns]                    # column names as the header writes them
//! date = "When"                # required
//! headline = "What"            # required
//! countries = "Countries"      # required unless [defaults] gives countries
//! id = "Ref"                   # optional; otherwise made from the headline
//! end = "Until"                # optional
//! kind = "Type"                # optional; values through [kinds]
//! summary = "Details"          # optional; otherwise the headline
//! notes = "Comment"            # optional
//! actors = "Who"               # optional: names, split as below
//! sources = "Source"           # optional: outlets' names, split as below
//! url = "Link"                 # optional: the source's address
//!
//! [dates]
//! formats = ["%d/%m/%Y", "%B %Y"]   # chrono formats, tried after YYYY-MM-DD, YYYY-MM, YYYY
//!
//! [split]                      # how a cell lists several values (default ";")
//! countries = ";"
//!
//! [kinds]                      # a value of the kind column → a kind
//! "Official visit" = "visit"
//!
//! [defaults]
//! kind = "statement"           # for rows whose kind is empty
//! countries = ["KZ"]           # for rows whose countries are empty
//! ```

use super::MAX_HEADLINE_CHARS;
use super::import::{self, Builder, Header, Origin, owned, shorten};
use super::raw::{List, RawActor, RawEvent, RawSource};
use super::rows::{Record, Rows};
use super::{LoadError, Loader};
use crate::model::{Dataset, Kind};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::Path;

/// A mapping file, as written. Without a delimiter, the header's tells (a tab or a
/// semicolon where it has no comma).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub title: Option<String>,
    pub delimiter: Option<String>,
    pub columns: Columns,
    #[serde(default)]
    pub dates: Dates,
    #[serde(default)]
    pub split: Split,
    #[serde(default)]
    pub kinds: BTreeMap<String, String>,
    #[serde(default)]
    pub defaults: Defaults,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    pub date: String,
    pub headline: String,
    pub countries: Option<String>,
    pub id: Option<String>,
    pub end: Option<String>,
    pub kind: Option<String>,
    pub summary: Option<String>,
    pub notes: Option<String>,
    pub actors: Option<String>,
    pub sources: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    #[serde(default)]
    pub formats: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Split {
    pub countries: Option<String>,
    pub actors: Option<String>,
    pub sources: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub kind: Option<String>,
    #[serde(default)]
    pub countries: Vec<String>,
}

impl Mapping {
    /// Reads and checks a mapping file: every kind it names is a kind, every default
    /// country a country, the delimiter one character.
    pub fn load(path: &Path) -> Result<Mapping, LoadError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| LoadError::Io {
            file: file.clone(),
            error,
        })?;
        let syntax = |line: usize, column: usize, message: String| LoadError::Syntax {
            file: file.clone(),
            line,
            column,
            message,
        };
        let mapping: Mapping = toml::from_str(&text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            syntax(
                line,
                column,
                format!("{} (see `demarche formats csv`)", e.message().trim()),
            )
        })?;
        let line_of = |needle: &str| {
            text.lines()
                .position(|l| l.contains(needle))
                .map_or(1, |i| i + 1)
        };
        for (value, kind) in mapping.kinds.iter() {
            if Kind::parse(kind).is_none() {
                let message = format!(
                    "[kinds] maps '{value}' to '{kind}', which is not a kind; use one of: {}",
                    Kind::list()
                );
                return Err(syntax(line_of(kind), 1, message));
            }
        }
        if let Some(kind) = &mapping.defaults.kind
            && Kind::parse(kind).is_none()
        {
            let message = format!("'{kind}' is not a kind; use one of: {}", Kind::list());
            return Err(syntax(line_of(kind), 1, message));
        }
        for country in &mapping.defaults.countries {
            if import::country(country).is_none() {
                let message = format!("'{country}' is not a country: write an ISO code or a name");
                return Err(syntax(line_of(country), 1, message));
            }
        }
        if mapping.columns.countries.is_none() && mapping.defaults.countries.is_empty() {
            let message = "the mapping names no countries column and no [defaults] countries; \
                           an event needs at least one country"
                .to_string();
            return Err(syntax(1, 1, message));
        }
        match mapping.delimiter.as_deref() {
            None | Some(",") | Some(";") | Some("\t") | Some("|") => {}
            Some(other) => {
                let message = format!(
                    "'{}' is not a delimiter demarche reads: use \",\", \";\", \"|\" or \"\\t\"",
                    crate::text::escape(other)
                );
                return Err(syntax(line_of("delimiter"), 1, message));
            }
        }
        Ok(mapping)
    }

    fn delimiter(&self) -> u8 {
        self.delimiter
            .as_deref()
            .and_then(|d| d.bytes().next())
            .unwrap_or(b',')
    }
}

/// The columns a mapping names, found in the header.
struct Found {
    date: usize,
    headline: usize,
    countries: Option<usize>,
    id: Option<usize>,
    end: Option<usize>,
    kind: Option<usize>,
    summary: Option<usize>,
    notes: Option<usize>,
    actors: Option<usize>,
    sources: Option<usize>,
    url: Option<usize>,
}

/// Reads a CSV through the mapping `--map` names; `file` names it in messages.
pub(super) fn read(input: impl BufRead, file: &str, loader: &Loader) -> Result<Dataset, LoadError> {
    let mut input = input;
    let Some(map_path) = loader.import.map.as_deref() else {
        let mut first = String::new();
        let _ = std::io::Read::take(&mut input, 64 << 10).read_line(&mut first);
        let first = shorten(first.trim_end(), 200);
        let message = match first.trim().is_empty() {
            true => "the file is empty (or its first line is): a CSV starts with a header row \
                     naming its columns"
                .to_string(),
            false => format!(
                "a CSV whose columns demarche does not know (its header: {}); it reads GDELT, \
                 ACLED and TimelineJS sheets by themselves, and any other CSV through a \
                 mapping file given with --map FILE (`demarche formats csv` shows one)",
                crate::text::escape(&first)
            ),
        };
        return Err(LoadError::Syntax {
            file: file.to_string(),
            line: 1,
            column: 1,
            message,
        });
    };
    let mapping = Mapping::load(map_path)?;
    let what = "a mapped CSV";
    // Without a delimiter in the mapping, the header's tells: a TSV has tabs and no commas.
    let delimiter = match mapping.delimiter {
        Some(_) => mapping.delimiter(),
        None => import::sniff_delimiter(&mut input),
    };
    let mut rows = Rows::new(input, delimiter, true, loader.limits.entry);
    let mut b = Builder::new(
        file,
        "a CSV read through its mapping",
        loader.keep,
        loader.import,
    );
    b.watched_by(loader.progress);
    let header = import::header_row(&mut rows, &mut b, what)?;
    let m = &mapping.columns;
    let optional = |name: &Option<String>| name.as_deref().and_then(|n| header.find(n));
    let mut missing = Vec::new();
    for name in [Some(&m.date), Some(&m.headline)]
        .into_iter()
        .flatten()
        .chain(
            [
                &m.countries,
                &m.id,
                &m.end,
                &m.kind,
                &m.summary,
                &m.notes,
                &m.actors,
                &m.sources,
                &m.url,
            ]
            .into_iter()
            .flatten(),
        )
    {
        if header.find(name).is_none() {
            missing.push(name.as_str());
        }
    }
    if !missing.is_empty() {
        let what = format!("the mapping {}", map_path.display());
        return Err(import::missing_columns(file, &what, &missing, &header));
    }
    let found = Found {
        date: header.find(&m.date).expect("checked"),
        headline: header.find(&m.headline).expect("checked"),
        countries: optional(&m.countries),
        id: optional(&m.id),
        end: optional(&m.end),
        kind: optional(&m.kind),
        summary: optional(&m.summary),
        notes: optional(&m.notes),
        actors: optional(&m.actors),
        sources: optional(&m.sources),
        url: optional(&m.url),
    };
    let mut ids = HashMap::new();
    b.each_row(&mut rows, |b, record| {
        row(b, record, &found, &mapping, &header, &mut ids);
        Ok(())
    })?;
    let name = import::file_name(file);
    let title = mapping
        .title
        .clone()
        .unwrap_or_else(|| format!("Events from {name}"));
    let description = format!(
        "Events read from {name} through the mapping {}.",
        map_path
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned())
    );
    b.finish(title, description)
}

fn row(
    b: &mut Builder,
    r: &Record,
    c: &Found,
    mapping: &Mapping,
    header: &Header,
    ids: &mut HashMap<String, usize>,
) {
    if r.len() > header.len() {
        let message = format!(
            "has {} columns where the header has {}; a field holding the delimiter must be \
             in double quotes",
            r.len(),
            header.len()
        );
        b.row_problem(r.line, message);
        return;
    }
    let value = |i: Option<usize>| i.and_then(|i| r.value(i));
    let headline = r.get(c.headline).trim().to_string();
    let id = match value(c.id) {
        Some(id) => id.to_string(),
        None => {
            let base = import::id_of("row", &headline, r.line);
            let n = ids.entry(base.clone()).or_insert(0);
            *n += 1;
            match *n {
                1 => base,
                n => format!("{base}-{n}"),
            }
        }
    };
    let Some(date) = date(r.get(c.date), &mapping.dates.formats) else {
        let message = format!(
            "'{}' is not a date in a form the mapping knows: YYYY-MM-DD, YYYY-MM, YYYY{}",
            r.get(c.date),
            mapping
                .dates
                .formats
                .iter()
                .map(|f| format!(", {f}"))
                .collect::<String>()
        );
        b.problem(r.place(c.date), &id, &mapping.columns.date, message);
        return;
    };
    let end = match value(c.end) {
        None => None,
        Some(text) => match self::date(text, &mapping.dates.formats) {
            Some(end) => Some(end),
            None => {
                let message = format!("'{text}' is not a date in a form the mapping knows");
                let name = mapping.columns.end.as_deref().unwrap_or("end");
                b.problem(r.place(c.end.expect("read")), &id, name, message);
                return;
            }
        },
    };
    let kind = match value(c.kind) {
        Some(v) => (mapping.kinds.iter())
            .find(|(from, _)| from.eq_ignore_ascii_case(v))
            .map_or_else(|| v.to_ascii_lowercase(), |(_, kind)| kind.clone()),
        None => match &mapping.defaults.kind {
            Some(kind) => kind.clone(),
            None => {
                let message = "is empty, and the mapping gives no [defaults] kind".to_string();
                let name = mapping.columns.kind.as_deref().unwrap_or("kind");
                let place = c.kind.map_or((r.line, 1), |i| r.place(i));
                b.problem(place, &id, name, message);
                return;
            }
        },
    };
    let split = |sep: &Option<String>| sep.clone().unwrap_or_else(|| ";".to_string());
    let list = |i: Option<usize>, sep: &Option<String>| -> Vec<String> {
        let sep = split(sep);
        value(i)
            .map(|v| {
                v.split(sep.as_str())
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut names = list(c.countries, &mapping.split.countries);
    if names.is_empty() {
        names = mapping.defaults.countries.clone();
    }
    let mut countries: List = List::new();
    for name in names {
        let code = match import::country(&name) {
            Some(code) => owned(code.as_str()),
            None => owned(name),
        };
        if !countries.contains(&code) {
            countries.push(code);
        }
    }
    let mut actors: List = List::new();
    for name in list(c.actors, &mapping.split.actors) {
        let n = b.actor(&name, r.line, None, || RawActor {
            id: owned(import::id_of("actor", &name, r.line)),
            name: owned(name.clone()),
            role: owned("actor"),
            country: None,
            organisation: Some(owned("named in the table")),
            name_ar: None,
            role_ar: None,
            aliases: List::new(),
        });
        let id = owned(b.actor_id(n).to_string());
        if !actors.contains(&id) {
            actors.push(id);
        }
    }
    let url = value(c.url);
    let mut outlets = list(c.sources, &mapping.split.sources);
    if outlets.is_empty() {
        outlets.push(String::new());
    }
    let mut sources: List = List::new();
    for outlet in outlets {
        // With an address, one source per address; otherwise one per outlet.
        let key = format!("{outlet}\u{0}{}", url.unwrap_or(""));
        let n = b.source(&key, r.line, true, |n| {
            let shown = match (outlet.is_empty(), url) {
                (false, _) => outlet.clone(),
                (true, Some(url)) => url.split('/').nth(2).unwrap_or(url).to_string(),
                (true, None) => import::file_name(b.file).to_string(),
            };
            RawSource {
                id: owned(format!("source-{}", n + 1)),
                outlet: owned(shown.clone()),
                title: owned(match url {
                    Some(_) => format!("A report by {shown}"),
                    None => format!("Reports by {shown}"),
                }),
                language: owned("und"),
                published: owned(date.clone()),
                about: owned("A source the table names; dated by the latest event citing it."),
                based_on: None,
                title_original: None,
                url: url.map(owned),
            }
        });
        let id = owned(b.source_id(n).to_string());
        if !sources.contains(&id) {
            sources.push(id);
        }
    }
    let summary = value(c.summary).unwrap_or(&headline).to_string();
    let raw = RawEvent {
        id: owned(id),
        date: owned(date),
        end: end.map(owned),
        part: None,
        date_note: None,
        kind: owned(kind),
        countries,
        actors,
        headline: owned(shorten(&headline, MAX_HEADLINE_CHARS)),
        summary: owned(summary),
        notes: value(c.notes).map(owned),
        sources,
        plain: 0,
    };
    let m = &mapping.columns;
    let mut origins = vec![
        Origin {
            field: "date",
            column: c.date,
            name: &m.date,
        },
        Origin {
            field: "headline",
            column: c.headline,
            name: &m.headline,
        },
    ];
    for (field, column, name) in [
        ("countries", c.countries, &m.countries),
        ("id", c.id, &m.id),
        ("end", c.end, &m.end),
        ("kind", c.kind, &m.kind),
        ("summary", c.summary, &m.summary),
        ("notes", c.notes, &m.notes),
        ("sources", c.url, &m.url),
    ] {
        if let (Some(column), Some(name)) = (column, name.as_deref()) {
            origins.push(Origin {
                field,
                column,
                name,
            });
        }
    }
    b.event(r, &raw, &origins);
}

/// A date as demarche writes it, from demarche's own forms or one of `formats`: a
/// format with a day gives a day, one with a month but no day a month, else a year.
fn date(text: &str, formats: &[String]) -> Option<String> {
    let text = text.trim();
    if crate::model::DatePoint::parse(text).is_ok() {
        return Some(text.to_string());
    }
    for format in formats {
        let has = |spec: &[&str]| spec.iter().any(|s| format.contains(s));
        if has(&["%d", "%e", "%j"]) {
            if let Ok(day) = chrono::NaiveDate::parse_from_str(text, format) {
                return Some(day.to_string());
            }
        } else if has(&["%m", "%b", "%B", "%h"]) {
            let with_day = format!("{format} %d");
            if let Ok(day) = chrono::NaiveDate::parse_from_str(&format!("{text} 01"), &with_day) {
                return Some(day.format("%Y-%m").to_string());
            }
        } else if let Ok(day) =
            chrono::NaiveDate::parse_from_str(&format!("{text} 01 01"), &format!("{format} %m %d"))
        {
            return Some(day.format("%Y").to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_mappings_forms() {
        let formats = ["%d/%m/%Y".to_string(), "%B %Y".to_string()];
        assert_eq!(date("2022-06-17", &formats).as_deref(), Some("2022-06-17"));
        assert_eq!(date("17/06/2022", &formats).as_deref(), Some("2022-06-17"));
        assert_eq!(date("June 2022", &formats).as_deref(), Some("2022-06"));
        assert_eq!(date("2022", &formats).as_deref(), Some("2022"));
        assert_eq!(date("31/02/2022", &formats), None);
        assert_eq!(date("soon", &formats), None);
    }
}
