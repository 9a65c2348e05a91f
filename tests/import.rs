//! Other people's event data read by `--data`: GDELT (2.0 and 1.0, plain and zipped),
//! ACLED exports, TimelineJS sheets and any CSV through a mapping, with each layout's
//! pitfalls; `convert` writes them as datasets that load as the same events.
//!
//! The fixtures in `tests/fixtures/import/` are written for these tests in each layout
//! (no GDELT or ACLED rows: ACLED's terms forbid passing its data on).

mod common;

use common::demarche;
use proptest::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// `list --format json` of a data file, with extra arguments; the events as JSON.
fn events(data: &Path, args: &[&str]) -> Vec<Value> {
    let out = demarche()
        .arg("--data")
        .arg(data)
        .args(args)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
}

fn by_id<'a>(events: &'a [Value], id: &str) -> &'a Value {
    events
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no {id} among {events:#?}"))
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

#[test]
fn gdelt_events_between_two_countries_with_cameo_kinds_and_the_code_kept() {
    let data = fixture("gdelt-2.export.CSV");
    let out = demarche()
        .arg("--data")
        .arg(&data)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let listed: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = listed.iter().map(|e| e["id"].as_str().unwrap()).collect();
    // 1002 is the mirror ("host a visit") of 1001 from the same article; 1004's first
    // actor is the EU (CAMEO's EUR is a region, not a country); 1005 is within one
    // country; 1007 names no actors.
    assert_eq!(
        ids,
        ["gdelt-1008", "gdelt-1001", "gdelt-1003", "gdelt-1006"]
    );
    let visit = by_id(&listed, "gdelt-1001");
    assert_eq!(visit["kind"], "visit");
    assert_eq!(visit["date"], "2022-06-16");
    assert_eq!(strings(&visit["countries"]), ["KZ", "RU"]);
    assert_eq!(
        visit["headline"],
        "Kazakhstan (government) → Russia: Make a visit"
    );
    assert!(
        visit["summary"]
            .as_str()
            .unwrap()
            .starts_with("CAMEO 042, Make a visit")
    );
    // A zero-led four-digit code keeps its zero and its kind.
    let truce = by_id(&listed, "gdelt-1006");
    assert_eq!(truce["kind"], "agreement");
    assert!(truce["summary"].as_str().unwrap().contains("CAMEO 0871"));
    // An event dated a year before GDELT first saw it says so.
    let early = by_id(&listed, "gdelt-1008");
    assert!(
        early["date_note"]
            .as_str()
            .unwrap()
            .contains("first saw it reported on 2022-09-16")
    );
    // What was left out is said, with the flags that keep it.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("read 8 rows of GDELT 2.0 events: 4 events"),
        "{stderr}"
    );
    assert!(
        stderr.contains("left out 1 row repeating an event of the same article"),
        "{stderr}"
    );
    assert!(
        stderr.contains("left out 3 rows not between two different countries (--any-actors"),
        "{stderr}"
    );
    // --quiet keeps it quiet.
    let quiet = demarche()
        .arg("--data")
        .arg(&data)
        .args(["-q", "list"])
        .output()
        .unwrap();
    assert!(
        quiet.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stderr)
    );
}

#[test]
fn gdelt_flags_keep_what_the_defaults_leave_out_and_fips_codes_are_not_iso() {
    let data = fixture("gdelt-2.export.CSV");
    let all = events(&data, &["--any-actors", "--keep-duplicates"]);
    assert_eq!(all.len(), 8);
    let domestic = by_id(&all, "gdelt-1005");
    assert_eq!(domestic["kind"], "domestic");
    assert_eq!(strings(&domestic["countries"]), ["KZ"]);
    // The EU is an actor, not a country: only Kazakhstan.
    assert_eq!(strings(&by_id(&all, "gdelt-1004")["countries"]), ["KZ"]);
    // No actor country: the place's FIPS code CH is China, not Switzerland.
    assert_eq!(strings(&by_id(&all, "gdelt-1007")["countries"]), ["CN"]);
    assert_eq!(by_id(&all, "gdelt-1002")["kind"], "visit");
    let visits_and_agreements = events(&data, &["--cameo", "04,057"]);
    let ids: Vec<&str> = visits_and_agreements
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["gdelt-1001", "gdelt-1003"]);
}

#[test]
fn gdelt_1_rows_and_a_zip_read_in_place() {
    let old = events(&fixture("gdelt-1.export.CSV"), &[]);
    assert_eq!(old.len(), 1);
    assert_eq!(old[0]["kind"], "call");
    assert_eq!(strings(&old[0]["countries"]), ["US", "KG"]);

    let dir = tempfile::tempdir().unwrap();
    let zipped = dir.path().join("20220616093000.export.CSV.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&zipped).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    writer
        .start_file("20220616093000.export.CSV", options)
        .unwrap();
    let plain = std::fs::read(fixture("gdelt-2.export.CSV")).unwrap();
    std::io::Write::write_all(&mut writer, &plain).unwrap();
    writer.finish().unwrap();
    assert_eq!(
        events(&zipped, &[]),
        events(&fixture("gdelt-2.export.CSV"), &[])
    );
}

#[test]
fn a_bad_gdelt_row_is_named_by_line_and_column_and_skip_bad_goes_on() {
    let data = fixture("gdelt-bad.export.CSV");
    let out = demarche()
        .arg("--data")
        .arg(&data)
        .arg("validate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("gdelt-bad.export.CSV:2:97: row 'gdelt-1003', field 'EventCode': '57' is not a CAMEO event code"),
        "{text}"
    );
    assert!(
        text.contains("gdelt-bad.export.CSV:3:1: has 60 columns where the file's first row has 61"),
        "{text}"
    );
    let refused = demarche()
        .arg("--data")
        .arg(&data)
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(
        refused.status.code(),
        Some(1),
        "no partial answer without --skip-bad"
    );
    assert!(refused.stdout.is_empty());

    let out = demarche()
        .arg("--data")
        .arg(&data)
        .args(["--skip-bad", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let kept: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(kept.len(), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skipped 2 bad rows (--skip-bad)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped: ") && stderr.contains(":2:97:"),
        "{stderr}"
    );
}

#[test]
fn acled_dates_keep_their_precision_and_numeric_codes_are_countries() {
    let listed = events(&fixture("acled.csv"), &[]);
    let protest = by_id(&listed, "acled-kaz1001");
    assert_eq!(protest["kind"], "domestic");
    assert_eq!(protest["date"], "2022-01-05");
    assert_eq!(strings(&protest["countries"]), ["KZ"]);
    assert_eq!(
        strings(&protest["sources"]),
        [
            "acled",
            "acled-source-example-wire",
            "acled-source-steppe-daily"
        ]
    );
    // Precision 2: the week around the date.
    let arrests = by_id(&listed, "acled-kaz1002");
    assert_eq!(
        (arrests["date"].as_str(), arrests["end"].as_str()),
        (Some("2022-01-09"), Some("2022-01-15"))
    );
    assert!(
        arrests["date_note"]
            .as_str()
            .unwrap()
            .contains("time precision 2")
    );
    // Precision 3: the month.
    let agreement = by_id(&listed, "acled-ukr2001");
    assert_eq!(agreement["kind"], "agreement");
    assert_eq!(
        (agreement["date"].as_str(), agreement["precision"].as_str()),
        (Some("2022-09"), Some("month"))
    );
    assert_eq!(strings(&agreement["countries"]), ["UA"]);

    let old = events(&fixture("acled-2019.csv"), &[]);
    assert_eq!(old.len(), 1);
    assert_eq!(old[0]["date"], "2019-10-14");
    assert_eq!(strings(&old[0]["countries"]), ["KG"]);
}

#[test]
fn a_timelinejs_sheet_gives_title_dates_as_precise_as_its_columns_and_its_countries() {
    let data = fixture("timeline-sheet.csv");
    let out = demarche()
        .arg("--data")
        .arg(&data)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let listed: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed.len(), 3, "the title and era rows are not events");
    let visit = by_id(&listed, "sheet-xi-jinping-visits-kazakhstan");
    assert_eq!(visit["kind"], "visit", "its Group is a kind");
    assert_eq!(visit["date"], "2022-09-14");
    assert_eq!(
        visit["summary"],
        "The Chinese leader stops in Astana on his way to Samarkand & the summit."
    );
    let summit = by_id(&listed, "sheet-sco-summit-in-samarkand");
    assert_eq!(
        (summit["date"].as_str(), summit["end"].as_str()),
        (Some("2022-09-15"), Some("2022-09-16"))
    );
    assert_eq!(strings(&summit["countries"]), ["CN", "RU", "UZ"]);
    assert_eq!(summit["notes"], "TimelineJS group: summits");
    let borders = by_id(&listed, "sheet-kyrgyzstan-and-tajikistan-talk-borders");
    assert_eq!(borders["precision"], "year");
    assert_eq!(
        borders["date_note"],
        "The sheet shows the date as: Early 2023"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("left out 1 era row"), "{stderr}");
    assert!(stderr.contains("2 rows name no kind"), "{stderr}");
    let title = demarche()
        .arg("--data")
        .arg(&data)
        .arg("stats")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&title.stdout).contains("3 events"));
}

#[test]
fn any_csv_reads_through_a_mapping_and_without_one_says_how() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let csv = examples.join("my-events.csv");
    let map = examples.join("mapping.toml");
    let listed = events(&csv, &["--map", map.to_str().unwrap()]);
    assert_eq!(listed.len(), 3);
    let xi = by_id(&listed, "kz-cn-xi-astana");
    assert_eq!(xi["kind"], "visit", "mapped through [kinds]");
    assert_eq!(strings(&xi["countries"]), ["KZ", "CN"]);
    assert_eq!(
        strings(&xi["actors"]),
        ["Xi Jinping", "Kassym-Jomart Tokayev"]
    );
    let summit = by_id(&listed, "sco-samarkand");
    assert_eq!(
        strings(&summit["countries"]),
        ["UZ", "CN", "RU", "KZ"],
        "names are countries too"
    );
    assert_eq!(summit["end"], "2022-09-16");

    let without = demarche()
        .arg("--data")
        .arg(&csv)
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(without.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&without.stderr);
    assert!(
        stderr.contains("my-events.csv:1:1: a CSV whose columns demarche does not know"),
        "{stderr}"
    );
    assert!(stderr.contains("--map FILE"), "{stderr}");

    let dir = tempfile::tempdir().unwrap();
    let wrong = dir.path().join("wrong.toml");
    std::fs::write(
        &wrong,
        "[columns]\ndate = \"Date\"\nheadline = \"What\"\ncountries = \"Countries\"\n",
    )
    .unwrap();
    let out = demarche()
        .arg("--data")
        .arg(&csv)
        .arg("--map")
        .arg(&wrong)
        .arg("list")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("needs the column Date, which the header does not have"),
        "{stderr}"
    );
}

#[test]
fn formats_describes_each_layout_and_prints_the_cameo_table() {
    let out = demarche().args(["formats", "gdelt"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("042    visit      Make a visit"), "{text}");
    assert!(
        text.contains("0871   agreement  Declare truce, ceasefire"),
        "{text}"
    );
    assert!(text.contains("FIPS"), "{text}");
    let csv = demarche().args(["formats", "csv"]).output().unwrap();
    assert!(String::from_utf8_lossy(&csv.stdout).contains("[columns]"));
}

/// Converting to TOML and loading gives the same events.
fn same_after_convert(data: &Path, args: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("converted.toml");
    let out = demarche()
        .args(args)
        .arg("convert")
        .arg(data)
        .arg(&toml)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(events(&toml, &[]), events(data, args), "{}", data.display());
}

#[test]
fn every_layout_converts_to_a_dataset_with_the_same_events() {
    same_after_convert(&fixture("gdelt-2.export.CSV"), &[]);
    same_after_convert(
        &fixture("gdelt-2.export.CSV"),
        &["--any-actors", "--keep-duplicates"],
    );
    same_after_convert(&fixture("gdelt-1.export.CSV"), &[]);
    same_after_convert(&fixture("acled.csv"), &[]);
    same_after_convert(&fixture("acled-2019.csv"), &[]);
    same_after_convert(&fixture("timeline-sheet.csv"), &[]);
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let map = examples.join("mapping.toml");
    same_after_convert(
        &examples.join("my-events.csv"),
        &["--map", map.to_str().unwrap()],
    );
}

/// A GDELT 2.0 row of 61 columns from the values that matter.
fn gdelt_row(id: u32, day: &str, a1: &str, a2: &str, code: &str, url: &str) -> String {
    let mut cols = vec![String::new(); 61];
    cols[0] = id.to_string();
    cols[1] = day.to_string();
    cols[5] = format!("{a1}GOV");
    cols[6] = a1.to_string();
    cols[7] = a1.to_string();
    cols[12] = "GOV".into();
    cols[15] = a2.to_string();
    cols[16] = format!("{a2} PEOPLE");
    cols[17] = a2.to_string();
    cols[26] = code.to_string();
    cols[29] = "1".into();
    cols[30] = "1.5".into();
    cols[31] = "3".into();
    cols[59] = format!("{day}101500");
    cols[60] = url.to_string();
    cols.join("\t")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn generated_gdelt_rows_convert_to_the_same_events(
        rows in prop::collection::vec(
            (
                prop::sample::select(vec!["KAZ", "RUS", "USA", "CHN", "UZB", "EUR", "TKM"]),
                prop::sample::select(vec!["KAZ", "RUS", "USA", "KGZ", "AFR"]),
                prop::sample::select(vec!["010", "036", "041", "042", "043", "057", "0871", "1621", "163", "174", "129", "190"]),
                2015u32..2024, 1u32..13, 1u32..29,
                0usize..4,
            ),
            1..30,
        ),
        any_actors in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("gen.export.CSV");
        let text: Vec<String> = rows
            .iter()
            .enumerate()
            .map(|(i, (a1, a2, code, y, m, d, url))| {
                let day = format!("{y:04}{m:02}{d:02}");
                let url = format!("https://news.example.org/story-{url}-of-the-day");
                gdelt_row(i as u32 + 1, &day, a1, a2, code, &url)
            })
            .collect();
        std::fs::write(&data, text.join("\n") + "\n").unwrap();
        let args: &[&str] = if any_actors { &["--any-actors"] } else { &[] };
        same_after_convert(&data, args);
    }
}

#[test]
fn a_timelinejs_sheet_export_reads_back_as_the_same_events() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("story.sheet.csv");
    let out = demarche()
        .arg("export")
        .arg("-o")
        .arg(&sheet)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let header = std::fs::read_to_string(&sheet).unwrap();
    assert!(header.starts_with(
        "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media"
    ));
    let original = demarche()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let original: Vec<Value> = serde_json::from_slice(&original.stdout).unwrap();
    let read = events(&sheet, &["-q"]);
    assert_eq!(read.len(), original.len());
    for (before, after) in original.iter().zip(&read) {
        for field in [
            "id",
            "date",
            "end",
            "precision",
            "kind",
            "countries",
            "headline",
            "summary",
            "notes",
            "date_note",
        ] {
            assert_eq!(before[field], after[field], "{} {field}", before["id"]);
        }
        // A month's part has no column: the sheet keeps the month (and the date note).
        if before["part"].is_null() {
            assert_eq!(
                before["display_date"], after["display_date"],
                "{}",
                before["id"]
            );
        }
    }
}

#[test]
fn a_skipped_row_takes_its_source_with_it_and_codings_of_one_event_are_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("mixed.export.CSV");
    let good = "https://news.example.org/kazakhstan-and-russia-talk";
    let rows = [
        gdelt_row(
            1,
            "20220601",
            "KAZ",
            "RUS",
            "042",
            "https://bad.example.org/a\u{7}b",
        ),
        // Another day from the same bad address: its source went with row 1.
        gdelt_row(
            2,
            "20220603",
            "KAZ",
            "RUS",
            "042",
            "https://bad.example.org/a\u{7}b",
        ),
        gdelt_row(3, "20220602", "KAZ", "RUS", "042", good),
        // The same visit, its actors coded otherwise (RUS, not RUSGOV): one event.
        gdelt_row(4, "20220602", "RUS", "KAZ", "043", good).replacen("RUSGOV", "RUS", 1),
    ];
    std::fs::write(&data, rows.join("\n") + "\n").unwrap();
    let out = demarche()
        .arg("--data")
        .arg(&data)
        .args(["--skip-bad", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kept: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = kept.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["gdelt-3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("skipped 2 bad rows"), "{stderr}");
    assert!(
        stderr.contains("left out 1 row repeating an event"),
        "{stderr}"
    );
    // What is written holds no trace of the skipped rows, and loads.
    let toml = dir.path().join("kept.toml");
    let convert = demarche()
        .arg("--data")
        .arg(&data)
        .arg("--skip-bad")
        .arg("convert")
        .arg(&data)
        .arg(&toml)
        .output()
        .unwrap();
    assert!(convert.status.success());
    let check = demarche().arg("validate").arg(&toml).output().unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    assert!(String::from_utf8_lossy(&check.stdout).contains("ok: 1 events, 1 sources"));
}
