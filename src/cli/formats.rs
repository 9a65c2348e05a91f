//! `demarche formats [FORMAT]`: what demarche reads, and how each layout becomes events.

use crate::load::{Format, codes};
use crate::model::Kind;
use std::io::{self, Write};

/// An example mapping file, shipped in `examples/` and printed by `formats csv`.
pub const MAPPING_EXAMPLE: &str = include_str!("../../examples/mapping.toml");

const LIST: &str = "\
Formats demarche reads with --data FILE (told by the name and the first line, or by
--data-format):

  toml            demarche's own dataset (the built-in one is one); any other name
  json            demarche's dataset as one JSON document (.json)
  jsonl           a metadata line, then one event a line (.jsonl, .ndjson)
  gdelt           GDELT 2.0 / 1.0 events: tab-separated, no header (*.export.CSV, .zip)
  acled           an ACLED CSV export (a header with event_id_cnty, event_date)
  timeline-sheet  a TimelineJS Google Sheets template saved as CSV (Year, Headline…)
  csv             any other CSV or TSV, through a mapping file: --map FILE

`demarche formats NAME` tells how one of them becomes events;
`demarche convert IN OUT.toml` writes any of them as a demarche dataset to curate.
";

const GDELT: &str = "\
GDELT events (gdeltproject.org): GDELT 2.0 `*.export.CSV` files (61 columns), GDELT 1.0
daily files (58) and backfiles (57); tab-separated although named .CSV, no header row,
plain or zipped (read in place). The version is told by the first row's columns.

  id         gdelt-<GLOBALEVENTID>
  date       SQLDATE, a day; a date note where GDELT first saw the event more than 30
             days later (GDELT sometimes dates an event a year early)
  countries  Actor1CountryCode and Actor2CountryCode: CAMEO codes, ISO alpha-3 but for
             ROM, TMP, MTN, WSB, GZS, BAG; regional codes (EUR, AFR, CAS…) are an
             actor's affiliation, not a country. The *Geo_CountryCode columns are FIPS
             10-4, not ISO (RS is Russia, CH China, GM Germany): only ActionGeo's is
             read, through a FIPS table, for an event that names no actor country.
  kind       the CAMEO EventCode (a string: 042 keeps its zero), by the table below
  actors     Actor1Code / Actor2Code (name, role and country)
  headline   \"Brazil (government) → China: Make a visit\", from the actors and the label
  summary    the code and its label, QuadClass, Goldstein scale, mentions, sources,
             articles, tone and place
  sources    SOURCEURL, one source per address (backfiles: GDELT's record)

Defaults, each with the flag that changes it:
  only events between two different countries    --any-actors keeps the others
  the rows of one article with the same date, actors and kind are one event (GDELT
  codes a visit twice, as \"make a visit\" and \"host a visit\")
                                                 --keep-duplicates keeps every row
  every CAMEO code                               --cameo 04,05,06 keeps only these
Rows left out are counted and said on standard error (--quiet keeps it quiet). A bad
row refuses the file, named by line and column; --skip-bad leaves it out, counted.

CAMEO event codes (GDELT's labels) and the kind each is:
";

const ACLED: &str = "\
ACLED CSV exports (acleddata.com): the current 31 columns or the layout before 2023,
read by the header's names. ACLED's terms forbid passing its data on: keep exports out
of shared repositories.

  id         acled-<event_id_cnty>
  date       event_date (YYYY-MM-DD, or 16 May 2025) with time_precision: 1 the day;
             2 a week, kept as the three days either side; 3 the month
  countries  iso, the ISO 3166 numeric code (or country, by name)
  kind       event_type and sub_event_type, by the table below
  actors     actor1, actor2, and assoc_actor_1/2 (split at ;); inter1/2 as the role
  headline   \"Agreement: <actor1> – <actor2> in <location>\"
  summary    notes
  sources    ACLED itself, and each outlet source names (split at ;)

Kinds:
  Strategic developments: Agreement                       agreement
  Strategic developments: Arrests, Looting/property destruction, Other   domestic
  Strategic developments: Change to group/activity, Disrupted weapons use,
    Headquarters or base established, Non-violent transfer of territory  military
  Protests, Riots                                         domestic
  Battles, Explosions/Remote violence, Violence against civilians        military
";

const SHEET: &str = "\
TimelineJS sheets: the Google Sheets template (Year, Month, Day, Time, End Year, End
Month, End Day, End Time, Display Date, Headline, Text, Media, Media Credit, Media
Caption, Media Thumbnail, Type, Group, Background) saved as CSV.

  date       Year, Month, Day: as precise as the columns filled; End Year… the end
  headline   Headline; summary: Text (its HTML as plain text), or the headline
  countries  a Countries column (codes or names, split at , or ;) when the sheet adds
             one; otherwise the countries the headline and text name
  kind       a Kind column, or Group where it is a kind; otherwise a statement
  id         an Id column, or sheet-<headline>
  notes      Group; the date note keeps Display Date
  sources    the sheet itself, and Media where it is an address
A `title` row gives the dataset's title; `era` rows are left out, counted.
";

const OWN: &str = "\
demarche's own format: a title, a description, and lists of sources, actors,
countries and events, in TOML, one JSON document, or JSON Lines (a metadata line,
then one event a line). `demarche man` describes every field; `examples/my-events.toml`
is a small one; `demarche validate FILE` checks one.
";

pub fn print(out: &mut impl Write, format: Option<Format>) -> io::Result<()> {
    match format {
        None => out.write_all(LIST.as_bytes()),
        Some(Format::Gdelt) => {
            out.write_all(GDELT.as_bytes())?;
            for (code, label) in codes::cameo_codes() {
                let kind = codes::cameo_kind(code, true).map_or("", Kind::as_str);
                let indent = if code.len() == 2 { "" } else { "  " };
                writeln!(out, "  {indent}{code:<6} {kind:<10} {label}")?;
            }
            Ok(())
        }
        Some(Format::Acled) => out.write_all(ACLED.as_bytes()),
        Some(Format::TimelineSheet) => out.write_all(SHEET.as_bytes()),
        Some(Format::Csv) => {
            writeln!(
                out,
                "Any CSV or TSV, read with --map FILE: a TOML mapping file that says which \
                 column\nholds what. An example (examples/mapping.toml; examples/my-events.csv \
                 is read by it):\n"
            )?;
            out.write_all(MAPPING_EXAMPLE.as_bytes())
        }
        Some(Format::Toml | Format::Json | Format::JsonLines) => out.write_all(OWN.as_bytes()),
    }
}
