//! `demarche stats`: how many matching events per country, month, kind or pair of
//! countries, or two of country, month and kind crossed; as a table, CSV or JSON. The
//! numbers come from `query::Tally`, the same counts the browser's screens show.

use super::{Cli, FilterArgs, StatsBy, StatsFormat, UsageError};
use crate::load::{Counting, LoadError, Loader};
use crate::model::{Counted, EventParts, Wanted};
use crate::model::{Dataset, Kind};
use crate::query::{self, Filter, Matched, Tally};
use anyhow::Result;
use std::io::Write;

/// What `--by` asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakdown {
    /// No `--by`: by country, by month and by kind.
    All,
    One(StatsBy),
    /// Rows by the first, columns by the second.
    Cross(StatsBy, StatsBy),
}

impl Breakdown {
    pub fn of(by: &[StatsBy]) -> Result<Breakdown, UsageError> {
        match by {
            [] => Ok(Breakdown::All),
            [one] => Ok(Breakdown::One(*one)),
            [a, b] if a == b => Err(UsageError(format!(
                "--by {} is given twice; cross two different breakdowns",
                name(*a)
            ))),
            [a, b] if [a, b].contains(&&StatsBy::Pair) => Err(UsageError(
                "--by pair is a table of its own; cross two of country, month and kind".into(),
            )),
            [a, b] => Ok(Breakdown::Cross(*a, *b)),
            _ => Err(UsageError(
                "--by takes one breakdown, or two to cross them (rows, then columns)".into(),
            )),
        }
    }
}

fn name(by: StatsBy) -> &'static str {
    match by {
        StatsBy::Country => "country",
        StatsBy::Month => "month",
        StatsBy::Kind => "kind",
        StatsBy::Pair => "pair",
    }
}

/// A cell: text, or a count (a number in JSON).
#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Count(usize),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Count(n) => n.to_string(),
        }
    }
}

/// One breakdown as rows and columns.
struct Table {
    /// Its key in JSON (`by_country`).
    key: String,
    /// Its heading in the text table.
    title: String,
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

impl Breakdown {
    /// The tables it prints from, beyond those always counted.
    pub fn wanted(&self) -> Wanted {
        let (months, crossed_months) = match *self {
            Breakdown::All | Breakdown::One(StatsBy::Month) => (true, false),
            Breakdown::One(_) => (false, false),
            Breakdown::Cross(a, b) => {
                let months = [a, b].contains(&StatsBy::Month);
                (months, months)
            }
        };
        Wanted {
            months,
            crossed_months,
            pairs: *self == Breakdown::One(StatsBy::Pair),
        }
    }
}

/// What `stats` prints, counted. Without a search or marks (which need the dataset), the
/// loader counts the events as it reads them and builds none; otherwise the events are
/// built, without their text unless the search reads it, and their matches counted.
pub fn counts(cli: &Cli, filters: &FilterArgs, wanted: Wanted) -> Result<(Tally, Matched)> {
    if let Ok(filter) = filters.filter_with(None)
        && !filter.has_search()
        && !filter.has_marks()
    {
        let read = |loader: &Loader| super::read_active(cli, loader);
        let (counts, dataset) = count_reading(&filter, wanted, read).map_err(super::DataError)?;
        super::say_load_notes(cli, &dataset);
        return Ok(counts);
    }
    let (filter, dataset) = super::filtered_dataset(cli, filters, super::Reads::Counts)?;
    let dataset = std::mem::ManuallyDrop::new(dataset);
    Ok(count(&dataset, &filter))
}

/// The counts of the tables `wanted` of what `filter` (with no search and no marks)
/// matches in the data `read` reads with the loader it is given, counted as it is read;
/// and what was read (no events, unless its reader builds them rather than count).
fn count_reading(
    filter: &Filter,
    wanted: Wanted,
    read: impl FnOnce(&Loader) -> Result<Dataset, LoadError>,
) -> Result<((Tally, Matched), Dataset), LoadError> {
    let into = std::sync::Mutex::new(Counted::new(wanted));
    let offer = |counted: &mut Counted, e: &EventParts| {
        query::count_offered(filter, counted, e.kind, e.countries, &e.date)
    };
    let keep = |e: &EventParts| filter.could_match(e.kind, e.countries, &e.date);
    let counting = Counting {
        add: &offer,
        into: &into,
    };
    let dataset = read(&Loader::new().count(&keep, counting).without_text())?;
    let mut counted = into.into_inner().expect("not poisoned");
    // Readers that do not count (TOML, the importers) built what they kept.
    for e in &dataset.events {
        query::count_offered(filter, &mut counted, e.kind, e.countries(), &e.date);
    }
    let matched = Matched {
        events: counted.events,
        year_only_left_out: counted.year_only_left_out,
    };
    Ok(((Tally::from_counted(&counted), matched), dataset))
}

/// The counts of the matches of `filter` in `dataset`, as [`print`] takes them.
pub fn count(dataset: &Dataset, filter: &Filter) -> (Tally, Matched) {
    let matches = query::run(dataset, filter);
    (Tally::count(dataset, filter, &matches), matches.matched())
}

/// Prints the breakdown of the matches counted in `tally` (`matches` says how many).
pub fn print(
    out: &mut impl Write,
    (tally, matches): &(Tally, Matched),
    breakdown: &Breakdown,
    format: StatsFormat,
) -> Result<()> {
    let tables = match *breakdown {
        Breakdown::All => vec![
            by(tally, StatsBy::Country),
            by(tally, StatsBy::Month),
            by(tally, StatsBy::Kind),
        ],
        Breakdown::One(b) => vec![by(tally, b)],
        Breakdown::Cross(rows, columns) => vec![cross(tally, rows, columns)],
    };
    let year_only = tally.year_only_total();
    let crossed_months = matches!(breakdown, Breakdown::Cross(a, b)
        if [a, b].contains(&&StatsBy::Month));
    match format {
        StatsFormat::Table => {
            writeln!(out, "{}", matches.summary())?;
            for table in &tables {
                write_text(out, table)?;
            }
            if crossed_months && year_only > 0 {
                writeln!(out, "\n(+{year_only} dated only to the year, in no month)")?;
            }
        }
        StatsFormat::Csv => write_csv(out, &tables)?,
        StatsFormat::Json => {
            let mut object = serde_json::Map::new();
            object.insert("events".into(), matches.events.into());
            object.insert(
                "year_only_left_out".into(),
                matches.year_only_left_out.into(),
            );
            if crossed_months {
                // In the events column but in no month.
                object.insert("year_only".into(), year_only.into());
            }
            for table in &tables {
                object.insert(table.key.clone(), json_rows(table));
            }
            serde_json::to_writer_pretty(&mut *out, &object)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// One breakdown, most events first (months in order).
fn by(tally: &Tally, by: StatsBy) -> Table {
    let count = |n| Cell::Count(n);
    let text = |t: &str| Cell::Text(t.to_string());
    match by {
        StatsBy::Country => Table {
            key: "by_country".into(),
            title: "By country:".into(),
            columns: vec!["country".into(), "name".into(), "events".into()],
            rows: (tally.ranked_countries().into_iter())
                .map(|c| {
                    let code = tally.countries()[c];
                    vec![
                        text(code.as_str()),
                        text(&code.name()),
                        count(tally.country(c)),
                    ]
                })
                .collect(),
        },
        StatsBy::Month => {
            let mut rows: Vec<Vec<Cell>> = (tally.year_only())
                .map(|(year, n)| vec![text(&year.to_string()), text("(month unknown)"), count(n)])
                .collect();
            let months = (0..tally.span().len()).filter(|&m| tally.month(m) > 0);
            rows.extend(months.map(|m| {
                let month = tally.span()[m];
                vec![
                    text(&month.to_string()),
                    text(&month.short()),
                    count(tally.month(m)),
                ]
            }));
            // Year-only events sort before the months of their year.
            rows.sort_by_key(|row| row[0].text().chars().take(4).collect::<String>());
            Table {
                key: "by_month".into(),
                title: "By month (an event spanning months counts in each; under a month \
                        filter, only in the months chosen):"
                    .into(),
                columns: vec!["period".into(), "name".into(), "events".into()],
                rows,
            }
        }
        StatsBy::Kind => Table {
            key: "by_kind".into(),
            title: "By kind:".into(),
            columns: vec!["kind".into(), "events".into()],
            rows: (tally.ranked_kinds().into_iter())
                .map(|k| vec![text(k.as_str()), count(tally.kind(k))])
                .collect(),
        },
        StatsBy::Pair => {
            let mut columns: Vec<String> = ["country", "with", "events"].map(String::from).into();
            columns.extend(Kind::ALL.iter().map(|k| k.as_str().to_string()));
            let rows = (tally.pairs().into_iter())
                .map(|(a, b, n)| {
                    let (code_a, code_b) = (tally.countries()[a], tally.countries()[b]);
                    let mut row = vec![text(code_a.as_str()), text(code_b.as_str()), count(n)];
                    row.extend(tally.pair_kinds(a, b).into_iter().map(count));
                    row
                })
                .collect();
            Table {
                key: "by_pair".into(),
                title: "By pair (events involving both countries, by kind):".into(),
                columns,
                rows,
            }
        }
    }
}

/// The keys of one axis of a cross table, and the events on each (the last column).
fn axis(tally: &Tally, by: StatsBy) -> Vec<(String, usize)> {
    match by {
        StatsBy::Country => (tally.ranked_countries().into_iter())
            .map(|c| (tally.countries()[c].to_string(), c))
            .collect(),
        StatsBy::Month => {
            let used: Vec<usize> = (0..tally.span().len())
                .filter(|&m| tally.month(m) > 0)
                .collect();
            // From the first month with events to the last, empty months included.
            match (used.first(), used.last()) {
                (Some(&first), Some(&last)) => (first..=last)
                    .map(|m| (tally.span()[m].to_string(), m))
                    .collect(),
                _ => Vec::new(),
            }
        }
        StatsBy::Kind => (tally.ranked_kinds().into_iter())
            .map(|k| (k.as_str().to_string(), k.index()))
            .collect(),
        StatsBy::Pair => Vec::new(),
    }
}

fn total(tally: &Tally, by: StatsBy, at: usize) -> usize {
    match by {
        StatsBy::Country => tally.country(at),
        StatsBy::Month => tally.month(at),
        StatsBy::Kind => tally.kind(Kind::ALL[at]),
        StatsBy::Pair => 0,
    }
}

/// The events in a cell of two axes (`a` on the `rows` axis, `b` on `columns`).
fn cell(tally: &Tally, rows: StatsBy, a: usize, columns: StatsBy, b: usize) -> usize {
    use StatsBy::{Country, Kind as K, Month};
    match (rows, columns) {
        (Country, Month) => tally.country_month(a, b),
        (Month, Country) => tally.country_month(b, a),
        (Country, K) => tally.country_kind(a, Kind::ALL[b]),
        (K, Country) => tally.country_kind(b, Kind::ALL[a]),
        (K, Month) => tally.kind_month(Kind::ALL[a], b),
        (Month, K) => tally.kind_month(Kind::ALL[b], a),
        _ => 0,
    }
}

fn cross(tally: &Tally, rows: StatsBy, columns: StatsBy) -> Table {
    let row_keys = axis(tally, rows);
    let column_keys = axis(tally, columns);
    let mut header = vec![name(rows).to_string()];
    header.extend(column_keys.iter().map(|(k, _)| k.clone()));
    header.push("events".into());
    let body = (row_keys.iter())
        .map(|(key, a)| {
            let mut row = vec![Cell::Text(key.clone())];
            row.extend(
                (column_keys.iter()).map(|(_, b)| Cell::Count(cell(tally, rows, *a, columns, *b))),
            );
            row.push(Cell::Count(total(tally, rows, *a)));
            row
        })
        .collect();
    Table {
        key: format!("by_{}_and_{}", name(rows), name(columns)),
        title: format!(
            "By {} and {} (the last column: the row's events, each once):",
            name(rows),
            name(columns)
        ),
        columns: header,
        rows: body,
    }
}

/// Columns aligned: text left, counts right.
fn write_text(out: &mut impl Write, table: &Table) -> std::io::Result<()> {
    writeln!(out, "\n{}", table.title)?;
    let cells: Vec<Vec<String>> = (table.rows.iter())
        .map(|r| r.iter().map(Cell::text).collect())
        .collect();
    let mut widths: Vec<usize> = table
        .columns
        .iter()
        .map(|c| crate::text::width(c))
        .collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(crate::text::width(c));
        }
    }
    let line = |cells: &[String], counts: &[bool]| {
        let parts: Vec<String> = (cells.iter().zip(&widths).zip(counts))
            .map(|((c, &w), &count)| match count {
                true => format!("{c:>w$}"),
                false => crate::text::pad(c, w),
            })
            .collect();
        format!("  {}", parts.join("  ").trim_end())
    };
    let counts: Vec<bool> = match table.rows.first() {
        Some(row) => row.iter().map(|c| matches!(c, Cell::Count(_))).collect(),
        None => vec![false; table.columns.len()],
    };
    writeln!(out, "{}", line(&table.columns, &counts))?;
    for row in &cells {
        writeln!(out, "{}", line(row, &counts))?;
    }
    Ok(())
}

/// One table as it is; several (no `--by`) in one long table: breakdown, key, name, events.
fn write_csv(out: &mut impl Write, tables: &[Table]) -> Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    if let [table] = tables {
        writer.write_record(&table.columns)?;
        for row in &table.rows {
            writer.write_record(row.iter().map(Cell::text))?;
        }
    } else {
        writer.write_record(["breakdown", "key", "name", "events"])?;
        for table in tables {
            let breakdown = table.key.trim_start_matches("by_");
            for row in &table.rows {
                let name = if row.len() > 2 {
                    row[1].text()
                } else {
                    String::new()
                };
                let events = row.last().map(Cell::text).unwrap_or_default();
                writer.write_record([breakdown, &row[0].text(), &name, &events])?;
            }
        }
    }
    writer.flush()?;
    Ok(())
}

/// Rows as objects keyed by the columns.
fn json_rows(table: &Table) -> serde_json::Value {
    let rows = (table.rows.iter()).map(|row| {
        let object: serde_json::Map<String, serde_json::Value> = (table.columns.iter())
            .zip(row)
            .map(|(column, cell)| {
                let value = match cell {
                    Cell::Text(t) => t.clone().into(),
                    Cell::Count(n) => (*n).into(),
                };
                (column.clone(), value)
            })
            .collect();
        serde_json::Value::Object(object)
    });
    serde_json::Value::Array(rows.collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Format;
    use crate::model::YearMonth;

    fn printed(counts: &(Tally, Matched), breakdown: &Breakdown) -> String {
        let mut out = Vec::new();
        print(&mut out, counts, breakdown, StatsFormat::Json).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Counting only the tables a breakdown asks for prints what counting a dataset of
    /// every event prints, for every breakdown, with and without a month filter.
    #[test]
    fn each_breakdown_counted_as_read_prints_what_the_whole_dataset_prints() {
        let mut text = Vec::new();
        crate::synth::write(&mut text, 2000, 5, true).unwrap();
        let text = String::from_utf8(text).unwrap();
        let dataset = Loader::new()
            .text(&text, "s.jsonl", Format::JsonLines)
            .unwrap();
        let mut june = Filter::default();
        june.months.months.insert(YearMonth::new(2022, 6).unwrap());
        let by = [
            StatsBy::Country,
            StatsBy::Month,
            StatsBy::Kind,
            StatsBy::Pair,
        ];
        let mut breakdowns = vec![Breakdown::All];
        breakdowns.extend(by.map(Breakdown::One));
        for a in by {
            breakdowns.extend(by.iter().filter_map(|&b| Breakdown::of(&[a, b]).ok()));
        }
        for filter in [Filter::default(), june] {
            let whole = count(&dataset, &filter);
            assert!(whole.0.events() > 0);
            for breakdown in &breakdowns {
                let read = |l: &Loader| l.text(&text, "s.jsonl", Format::JsonLines);
                let (counted, _) = count_reading(&filter, breakdown.wanted(), read).unwrap();
                assert_eq!(
                    printed(&counted, breakdown),
                    printed(&whole, breakdown),
                    "{breakdown:?} under {filter:?}"
                );
            }
        }
    }
}
