//! The command line, run as a user runs it: output, formats, filters and exit codes.

mod common;

use assert_cmd::Command;
use common::demarche;
use predicates::prelude::*;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json_ids(cmd: &mut Command) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(&stdout(cmd)).unwrap();
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn kazakhstan_in_june_2022() {
    let out = stdout(demarche().args(["list", "--country", "KZ", "--month", "2022-06"]));
    assert!(out.contains("17 Jun 2022"), "{out}");
    assert!(out.contains("Tokayev refuses to recognise"), "{out}");
    assert!(out.contains("15 Jun 2022"), "{out}");
    assert!(!out.contains("Dushanbe"), "{out}");
    // Spans that touch June count: the rallies (Feb – Jul) and the US request (Apr – Jul).
    assert!(out.contains("Feb – Jul 2022"), "{out}");
    assert!(out.trim_end().ends_with("\n4 events"), "{out}");
    // An event dated only to the year is left out by a month filter, and said to be.
    let small = fixture("small.toml");
    let out = stdout(
        demarche()
            .arg("--data")
            .arg(&small)
            .args(["list", "-c", "KZ", "-m", "2022-06"]),
    );
    assert!(
        out.trim_end()
            .ends_with("events (1 dated only to the year left out by the month filter)"),
        "{out}"
    );
    // Piped output is plain: no escape sequences.
    assert!(!out.contains('\x1b'));
}

#[test]
fn list_json_has_the_documented_fields() {
    let out = stdout(demarche().args([
        "list",
        "-c",
        "kazakhstan",
        "-m",
        "2022-06",
        "--format",
        "json",
    ]));
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let events = value.as_array().unwrap();
    let spief = events
        .iter()
        .find(|e| e["id"] == "kz-spief-no-recognition")
        .unwrap();
    assert_eq!(spief["date"], "2022-06-17");
    assert_eq!(spief["end"], serde_json::Value::Null);
    assert_eq!(spief["precision"], "day");
    assert_eq!(spief["part"], serde_json::Value::Null);
    assert_eq!(spief["display_date"], "17 Jun 2022");
    assert_eq!(spief["kind"], "statement");
    assert_eq!(spief["countries"], serde_json::json!(["KZ", "RU", "UA"]));
    assert_eq!(spief["actors"][0], "Kassym-Jomart Tokayev");
    assert_eq!(
        spief["sources"],
        serde_json::json!(["alhurra-2022-07", "asharq-2023-02-28"])
    );
    for field in ["headline", "summary", "notes", "date_note"] {
        assert!(spief.get(field).is_some(), "{field}");
    }
}

#[test]
fn filters_combine() {
    let ids = json_ids(demarche().args([
        "list", "-c", "US", "-c", "UZ", "--match", "all", "-k", "visit", "--format", "json",
    ]));
    assert_eq!(
        ids,
        [
            "lu-central-asia-tour-2022",
            "kurilla-visits-uzbekistan-and-tajikistan",
            "blinken-visits-tashkent"
        ]
    );
    let ids = json_ids(demarche().args([
        "list", "--from", "2023-02", "--to", "2023-02", "-s", "kyiv", "--format", "json",
    ]));
    assert_eq!(ids, ["biden-visits-kyiv", "yellen-visits-kyiv"]);
}

#[test]
fn csv_is_quoted_properly() {
    let out = stdout(demarche().args(["list", "-s", "yellen", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let headline = headers.iter().position(|h| h == "headline").unwrap();
    assert_eq!(
        &rows[0][headline],
        "Yellen in Kyiv announces $1.25bn in US economic aid"
    );
    // The summary contains commas, so it must have been quoted to survive the round trip.
    let summary = headers.iter().position(|h| h == "summary").unwrap();
    assert!(rows[0][summary].contains("In Kyiv, Yellen unveiled $1.25bn of US budget"));
}

#[test]
fn markdown_is_a_brief_with_month_headings_and_sources() {
    let out = stdout(demarche().args(["list", "-c", "TJ", "--format", "markdown"]));
    assert!(out.starts_with("# Central Asia between Moscow and Washington"));
    assert!(out.contains("\n## June 2022\n"), "{out}");
    assert!(
        out.contains("- **28 Jun 2022** — Putin makes Tajikistan"),
        "{out}"
    );
    assert!(out.contains("Sources: Alhurra"), "{out}");
}

#[test]
fn show_prints_an_event_in_full() {
    let out = stdout(demarche().args(["show", "blinken-arrives-astana"]));
    assert!(out.starts_with("Blinken lands in Astana"));
    assert!(out.contains("date:      28 Feb 2023"));
    assert!(out.contains("KZ Kazakhstan"));
    assert!(out.contains("Antony Blinken (US Secretary of State)"));
    assert!(out.contains("Asharq News (الشرق)"));
    let json: serde_json::Value = serde_json::from_str(&stdout(demarche().args([
        "show",
        "blinken-arrives-astana",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(json["date"], "2023-02-28");
    assert_eq!(json["source_details"][0]["published"], "2023-02-28");
    assert_eq!(json["actor_details"][0]["role"], "US Secretary of State");
}

#[test]
fn stats_counts_per_dimension() {
    let out = stdout(demarche().args(["stats", "-c", "TJ"]));
    let listed = listed(&["-c", "TJ"]).len();
    assert!(out.starts_with(&format!("{listed} events\n")), "{out}");
    assert!(out.contains("TJ       Tajikistan"), "{out}");
    assert!(out.contains("2022-06  Jun 2022"), "{out}");
    let kinds = stdout(demarche().args(["stats", "-c", "TJ", "--by", "kind"]));
    assert!(
        kinds.contains("visit") && !kinds.contains("By country"),
        "{kinds}"
    );
}

#[test]
fn validate_reports_ok_or_every_problem() {
    demarche()
        .arg("validate")
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"^ok: \d+ events, 2 sources, \d+ actors\n$").unwrap());
    demarche()
        .args(["validate"])
        .arg(fixture("invalid/many-problems.toml"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("field 'kind'"))
        .stdout(predicate::str::contains("field 'sources'"));
}

#[test]
fn data_comes_from_flag_or_environment() {
    let ids = json_ids(
        demarche()
            .args(["list", "--format", "json", "-k", "call"])
            .arg("--data")
            .arg(fixture("small.toml")),
    );
    assert_eq!(ids, ["call-kz-ua"]);
    let ids = json_ids(
        demarche()
            .args(["list", "--format", "json", "-k", "call"])
            .env("DEMARCHE_DATA", fixture("small.toml")),
    );
    assert_eq!(ids, ["call-kz-ua"]);
}

#[test]
fn zero_matches_is_success() {
    demarche()
        .args(["list", "-s", "no such words anywhere"])
        .assert()
        .success()
        .stdout("0 events\n");
}

#[test]
fn bad_input_exit_codes_and_messages() {
    demarche()
        .args(["list", "-c", "XX"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown country 'XX'"))
        .stderr(predicate::str::contains("KZ (Kazakhstan)"));
    demarche()
        .args(["list", "-m", "2022-13"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected a month as YYYY-MM"));
    demarche()
        .args(["list", "-m", "June"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected a month as YYYY-MM"));
    demarche()
        .args(["list", "--from", "2023-01", "--to", "2022-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is after --to"));
    demarche()
        .args(["list", "-k", "summit"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("use one of: visit"));
    demarche()
        .args(["show", "no-such-event"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no event has the id 'no-such-event'",
        ));
    demarche()
        .arg("list")
        .arg("--data")
        .arg(fixture("invalid/unknown-kind.toml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unknown-kind.toml:20:8: event 'summit-x'",
        ));
}

#[test]
fn the_browser_refuses_without_a_terminal() {
    demarche()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a terminal"))
        .stderr(predicate::str::contains("demarche list"))
        .stdout("");
}

#[test]
fn json_lines_datasets_load_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    let mut bytes = Vec::new();
    demarche::synth::write(&mut bytes, 2000, 11, true).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    demarche()
        .arg("validate")
        .arg(&path)
        .assert()
        .success()
        .stdout("ok: 2000 events, 20 sources, 2000 actors\n");
    let ids = json_ids(
        demarche()
            .args(["list", "--format", "json", "-c", "US"])
            .arg("--data")
            .arg(&path),
    );
    assert!(
        !ids.is_empty() && ids.len() < 2000,
        "{} US events",
        ids.len()
    );
    // A broken line is reported with its line number, and nothing is listed.
    let mut broken = bytes.clone();
    broken.extend_from_slice(b"{\"id\": \"ev-x\", \"date\": \"2022-13\"}\n");
    std::fs::write(&path, &broken).unwrap();
    demarche()
        .arg("list")
        .arg("--data")
        .arg(&path)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("events.jsonl:2002:"));
}

#[test]
fn filter_flags_before_the_command_filter_as_after_it() {
    let after = json_ids(demarche().args(["list", "-c", "KZ", "--format", "json"]));
    let before = json_ids(demarche().args(["-c", "KZ", "list", "--format", "json"]));
    assert_eq!(before, after);
    assert!(
        before.len() < 37,
        "the filter applied: {} events",
        before.len()
    );
    // Both sides add up: Kazakhstan's moves in June 2022.
    let split =
        json_ids(demarche().args(["-c", "KZ", "list", "-m", "2022-06", "--format", "json"]));
    let together =
        json_ids(demarche().args(["list", "-c", "KZ", "-m", "2022-06", "--format", "json"]));
    assert_eq!(split, together);
    let stats = stdout(demarche().args(["--kind", "visit", "stats", "--by", "kind"]));
    assert!(stats.lines().next().unwrap().ends_with("events"), "{stats}");
    assert!(!stats.contains("statement"), "{stats}");
    // A flag given on both sides with different values is refused, not half-used.
    demarche()
        .args(["-s", "oil", "list", "-s", "gas"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--search is given twice"));
    // Commands that take no filter refuse filter flags and say where they go.
    for command in [vec!["show", "kz-spief-no-recognition"], vec!["validate"]] {
        demarche()
            .args(["-c", "KZ"])
            .args(&command)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "go with list, stats or the browser",
            ));
    }
}

#[test]
fn error_messages_never_carry_terminal_controls_from_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let builtin = demarche::load::BUILTIN;
    let hostile = builtin
        .replacen(
            "kind = \"visit\"",
            "kind = \"\\u001b]0;PWNED\\u0007\\u001b[2J\\nok: 37 events\\u009b\\u202e\"",
            1,
        )
        .replacen("date = \"2022-", "date = \"\\r2022-", 1);
    let name = "bad\u{1b}[31m.toml";
    let path = dir.path().join(name);
    std::fs::write(&path, hostile).unwrap();
    let outputs = [
        demarche().arg("validate").arg(&path).output().unwrap(),
        demarche()
            .arg("validate")
            .arg(&path)
            .arg(&path)
            .output()
            .unwrap(),
        demarche()
            .arg("--data")
            .arg(&path)
            .arg("list")
            .output()
            .unwrap(),
    ];
    for out in outputs {
        assert_eq!(out.status.code(), Some(1));
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text
                    .chars()
                    .any(|c| c != '\n' && demarche::text::is_unsafe_char(c)),
                "{text:?}"
            );
            assert!(
                !text.lines().any(|l| l.starts_with("ok:")),
                "a line was forged: {text}"
            );
        }
        let all = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        assert!(
            all.contains("\\u{1b}]0;PWNED\\u{7}"),
            "the value is shown escaped: {all}"
        );
        assert!(
            all.contains("bad\\u{1b}[31m.toml"),
            "so is the file name: {all}"
        );
    }
}

#[test]
fn list_shows_the_columns_asked_for() {
    let out = stdout(demarche().args([
        "list",
        "-c",
        "KZ",
        "-m",
        "2022-06",
        "--columns",
        "id,date,headline",
    ]));
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("ID"), "{out}");
    assert!(
        header.contains("DATE") && header.ends_with("HEADLINE"),
        "{out}"
    );
    assert!(!header.contains("KIND"), "{out}");
    let first = lines.next().unwrap();
    let ids = json_ids(demarche().args(["list", "-c", "KZ", "-m", "2022-06", "--format", "json"]));
    assert!(
        ids.iter().any(|id| first.starts_with(&format!("{id} "))),
        "ids come first, whole: {out}"
    );
    let id = first.split_whitespace().next().unwrap();
    // The id is what `show` takes.
    stdout(demarche().args(["show", id]));
    demarche()
        .args(["list", "--columns", "id", "--format", "json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--columns chooses the table's columns",
        ));
}

#[test]
fn browser_flags_with_a_command_are_refused() {
    for args in [
        vec!["--mouse", "list"],
        vec!["--theme", "high-contrast", "stats"],
    ] {
        demarche()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("are for the browser"));
    }
}

/// Ids of `list --format json` for these arguments.
fn listed_ids(args: &[&str]) -> Vec<String> {
    let mut all = vec!["list", "--format", "json"];
    all.extend_from_slice(args);
    let json: serde_json::Value = serde_json::from_str(&stdout(demarche().args(all))).unwrap();
    let events = json.as_array().unwrap().iter();
    events
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn with_counterparts_selects_the_focus_with_any_of_them() {
    let kz_ru = listed_ids(&["-c", "KZ", "-c", "RU", "--match", "all"]);
    let kz_us = listed_ids(&["-c", "KZ", "-c", "US", "--match", "all"]);
    let with = listed_ids(&["-c", "KZ", "--with", "RU", "--with", "US"]);
    let mut union: Vec<String> = kz_ru.iter().chain(&kz_us).cloned().collect();
    union.sort();
    union.dedup();
    let mut sorted = with.clone();
    sorted.sort();
    assert_eq!(sorted, union);
    assert!(!kz_ru.is_empty() && !kz_us.is_empty() && with.len() > kz_ru.len());
    // -w is --with.
    assert_eq!(listed_ids(&["-c", "KZ", "-w", "RU", "-w", "US"]), with);
    let header =
        stdout(demarche().args(["stats", "-c", "KZ", "-w", "RU", "-w", "US", "--by", "kind"]));
    assert!(
        header.starts_with(&format!("{} events", with.len())),
        "{header}"
    );
    demarche()
        .args(["list", "-c", "KZ", "--with", "RU", "--match", "any"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--with"));
    demarche()
        .args(["list", "--with", "Narnia"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown country 'Narnia'"));
}

#[test]
fn stats_by_pair_counts_events_involving_both() {
    let json: serde_json::Value = serde_json::from_str(&stdout(
        demarche().args(["stats", "--by", "pair", "--format", "json"]),
    ))
    .unwrap();
    let pairs = json["by_pair"].as_array().unwrap();
    let kz_ru = pairs
        .iter()
        .find(|p| p["country"] == "KZ" && p["with"] == "RU")
        .unwrap();
    let both = listed_ids(&["-c", "KZ", "-c", "RU", "--match", "all"]).len();
    assert_eq!(kz_ru["events"], both);
    let kinds = demarche::model::Kind::ALL.map(|k| k.as_str());
    let by_kind: u64 = kinds.iter().map(|k| kz_ru[*k].as_u64().unwrap()).sum();
    assert_eq!(by_kind as usize, both, "the kinds split the pair's events");
    // Most shared first.
    let counts: Vec<u64> = pairs
        .iter()
        .map(|p| p["events"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let table = stdout(demarche().args(["stats", "--by", "pair"]));
    assert!(table.contains("By pair"), "{table}");
    let csv = stdout(demarche().args(["stats", "--by", "pair", "--format", "csv"]));
    assert!(csv.starts_with("country,with,events,visit,"), "{csv}");
    assert_eq!(csv.lines().count(), pairs.len() + 1);
}

#[test]
fn stats_crosses_two_breakdowns_in_every_format() {
    let args = ["stats", "-c", "KZ", "--by", "country", "--by", "month"];
    let csv = stdout(demarche().args(args).args(["--format", "csv"]));
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header[0], "country");
    assert_eq!(*header.last().unwrap(), "events");
    let june = header.iter().position(|h| *h == "2022-06").unwrap();
    let ru: Vec<&str> = lines
        .find(|l| l.starts_with("RU,"))
        .unwrap()
        .split(',')
        .collect();
    let by_hand = listed_ids(&["-c", "KZ", "-c", "RU", "--match", "all", "-m", "2022-06"]).len();
    assert_eq!(ru[june], by_hand.to_string());
    let json: serde_json::Value =
        serde_json::from_str(&stdout(demarche().args(args).args(["--format", "json"]))).unwrap();
    let rows = json["by_country_and_month"].as_array().unwrap();
    let kz = rows.iter().find(|r| r["country"] == "KZ").unwrap();
    assert_eq!(
        kz["events"], json["events"],
        "every event involves the focus"
    );
    let table = stdout(demarche().args(args));
    assert!(table.contains("By country and month"), "{table}");
    let small = stdout(
        demarche()
            .arg("--data")
            .arg(fixture("small.toml"))
            .args(args),
    );
    assert!(
        small.contains("dated only to the year"),
        "the year-only event is said: {small}"
    );
    // Rows and columns swap with the order of --by.
    let swapped =
        stdout(demarche().args(["stats", "--by", "month", "--by", "kind", "--format", "csv"]));
    assert!(swapped.starts_with("month,"), "{swapped}");
    for bad in [
        vec!["--by", "pair", "--by", "month"],
        vec!["--by", "kind", "--by", "kind"],
        vec!["--by", "kind", "--by", "month", "--by", "country"],
    ] {
        demarche().arg("stats").args(bad).assert().code(2);
    }
}

#[test]
fn stats_formats_without_a_breakdown() {
    let csv = stdout(demarche().args(["stats", "--format", "csv"]));
    assert!(csv.starts_with("breakdown,key,name,events\n"), "{csv}");
    assert!(csv.contains("\ncountry,KZ,Kazakhstan,"), "{csv}");
    assert!(csv.contains("\nkind,visit,,"), "{csv}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(demarche().args(["stats", "--format", "json"]))).unwrap();
    for key in ["by_country", "by_month", "by_kind"] {
        assert!(json[key].is_array(), "{key}");
    }
}

/// The browser's heatmap and ledger, for a filter, as (row key, column key) → count.
fn screen_cells(filter: &demarche::query::Filter, key: char) -> Vec<(String, String, usize)> {
    use demarche::tui::app::{Action, App};
    use demarche::tui::layout::Screen;
    use demarche::tui::relations::Axis;
    let mut app = App::new(demarche::load::builtin().unwrap(), filter.clone());
    app.update(Action::Resize(120, 40));
    app.update(Action::Show(if key == 'h' {
        Screen::Heatmap
    } else {
        Screen::Ledger
    }));
    let (grid, tally) = (app.grid(), app.tally());
    let name = |axis: Axis| match axis {
        Axis::Country(c) => tally.countries()[c].to_string(),
        Axis::Period(_, m) => tally.span()[m].to_string(),
        other => panic!("{other:?}"),
    };
    let mut cells = Vec::new();
    for (r, &row) in grid.rows.iter().enumerate() {
        for (c, &column) in grid.columns.iter().enumerate() {
            cells.push((name(row), name(column), grid.value(tally, r, c)));
        }
    }
    cells
}

#[test]
fn the_browsers_screens_agree_with_stats_for_the_same_filter() {
    use demarche::model::CountryCode;
    let code = |c| CountryCode::from_code(c).unwrap();
    let mut filter = demarche::query::Filter::default();
    filter.countries.insert(code("KZ"));
    filter.counterparts.extend([code("RU"), code("US")]);
    let flags = [
        "-c", "KZ", "--with", "RU", "--with", "US", "--format", "json",
    ];
    let json = |by: &[&str]| -> serde_json::Value {
        let mut args = vec!["stats"];
        args.extend_from_slice(by);
        args.extend_from_slice(&flags);
        serde_json::from_str(&stdout(demarche().args(args))).unwrap()
    };
    let cross = json(&["--by", "country", "--by", "month"]);
    let rows = cross["by_country_and_month"].as_array().unwrap();
    let heatmap = screen_cells(&filter, 'h');
    let mut compared = 0;
    for (country, month, n) in &heatmap {
        let row = rows.iter().find(|r| r["country"] == country.as_str());
        // Stats leaves out rows and months with no events at all.
        let cell = row
            .and_then(|r| r.get(month.as_str()))
            .and_then(|v| v.as_u64());
        match cell {
            Some(cell) => {
                assert_eq!(cell as usize, *n, "{country} {month}");
                compared += 1;
            }
            None => assert_eq!(*n, 0, "{country} {month}"),
        }
    }
    assert!(compared > 30, "{compared}");
    let pairs = json(&["--by", "pair"]);
    let pairs = pairs["by_pair"].as_array().unwrap();
    for (a, b, n) in screen_cells(&filter, 'l') {
        if a == b {
            continue;
        }
        let pair = pairs.iter().find(|p| {
            (p["country"] == a.as_str() && p["with"] == b.as_str())
                || (p["country"] == b.as_str() && p["with"] == a.as_str())
        });
        let listed = pair.map_or(0, |p| p["events"].as_u64().unwrap() as usize);
        assert_eq!(listed, n, "{a}–{b}");
    }
}

/// The ids `list` gives for these arguments, as JSON.
fn listed(args: &[&str]) -> Vec<String> {
    json_ids(demarche().arg("list").args(args).args(["--format", "json"]))
}

/// The events whose JSON has `needle` in `field` (case-insensitive), for checking search
/// against the data itself.
fn events_where(check: impl Fn(&serde_json::Value) -> bool) -> Vec<String> {
    let all: serde_json::Value =
        serde_json::from_str(&stdout(demarche().args(["list", "--format", "json"]))).unwrap();
    let events = all.as_array().unwrap().iter().filter(|e| check(e));
    events
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_search_word_matches_the_start_of_a_word() {
    let us = listed(&["-s", "us"]);
    assert!(!us.is_empty());
    // No event is there only for "Russia": each has US among its countries, or a word
    // starting with "us" in its text.
    let starts_us = |e: &serde_json::Value| {
        let involves_us = e["countries"].as_array().unwrap().iter().any(|c| c == "US");
        let text = ["headline", "summary", "notes", "date_note"]
            .iter()
            .filter_map(|f| e[*f].as_str())
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let word_starts = text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with("us"));
        let actors = e["actors"].as_array().unwrap().iter();
        involves_us || word_starts || actors.clone().any(|a| a.as_str().unwrap().contains("US"))
    };
    let expected = events_where(starts_us);
    for id in &us {
        assert!(expected.contains(id), "{id} found by 'us' but names no US");
    }
    let russia_only =
        events_where(|e| e["countries"] == serde_json::json!(["RU"]) && !starts_us(e));
    assert!(russia_only.iter().all(|id| !us.contains(id)));
    // A whole word is not the start of a longer one.
    assert!(listed(&["-s", "'us"]).len() <= us.len());
}

#[test]
fn alternatives_negation_and_phrases() {
    let zeya = listed(&["-s", "zeya"]);
    let blinken = listed(&["-s", "blinken"]);
    let either = listed(&["-s", "zeya | blinken"]);
    assert!(!zeya.is_empty() && !blinken.is_empty());
    for id in zeya.iter().chain(&blinken) {
        assert!(either.contains(id), "{id}");
    }
    assert!(
        either
            .iter()
            .all(|id| zeya.contains(id) || blinken.contains(id))
    );
    assert_eq!(listed(&["-s", "zeya|blinken"]), either);
    // "or" is a word like any other.
    assert!(listed(&["-s", "zeya OR blinken"]).len() < either.len());
    // Negation leaves out exactly what the term finds.
    let not_zeya = listed(&["-s", "!zeya"]);
    assert_eq!(not_zeya.len() + zeya.len(), listed(&[]).len());
    assert!(not_zeya.iter().all(|id| !zeya.contains(id)));
    // A phrase is its words in a row.
    let phrase = listed(&["-s", "\"uzra zeya\""]);
    assert!(!phrase.is_empty() && phrase.iter().all(|id| zeya.contains(id)));
    assert!(listed(&["-s", "\"zeya uzra\""]).is_empty());
}

#[test]
fn a_search_that_cannot_be_read_is_refused_with_the_reason() {
    demarche()
        .args(["list", "-s", "!"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`!` needs a word after it"));
}

#[test]
fn arabic_names_and_spellings_find_what_they_name() {
    // The country by its Arabic name, and by the articles' other spelling.
    assert_eq!(listed(&["-c", "كازاخستان"]), listed(&["-c", "KZ"]));
    assert_eq!(listed(&["-c", "قرغيزستان"]), listed(&["-c", "KG"]));
    assert_eq!(listed(&["-c", "قيرغيزستان"]), listed(&["-c", "KG"]));
    // Common short names.
    assert_eq!(listed(&["-c", "USA"]), listed(&["-c", "US"]));
    // Search: both spellings of Kyrgyzstan, teh marbuta written as heh, tatweel, and an
    // actor's name as the articles spell it.
    assert_eq!(listed(&["-s", "قرغيزستان"]), listed(&["-s", "قيرغيزستان"]));
    assert!(!listed(&["-s", "قرغيزستان"]).is_empty());
    let zeya_acts = events_where(|e| {
        e["actors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "Uzra Zeya")
    });
    assert_eq!(listed(&["-s", "عزرا"]), zeya_acts);
    assert_eq!(listed(&["-s", "بينغ"]), listed(&["-s", "بينج"]));
    assert_eq!(listed(&["-s", "بلينكــن"]), listed(&["-s", "بلينكن"]));
    assert_eq!(listed(&["-s", "الصينيه"]), listed(&["-s", "الصينية"]));
}

#[test]
fn a_mistyped_name_gets_a_suggestion() {
    demarche()
        .args(["list", "-c", "Kazakstan"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean 'Kazakhstan'"));
    demarche()
        .args(["list", "-k", "vist"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean 'visit'?"));
    demarche()
        .args(["show", "kz-spief-no-recognitoin"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "did you mean kz-spief-no-recognition?",
        ));
}

#[test]
fn show_json_carries_the_arabic_names_and_original_titles() {
    let out = stdout(demarche().args(["show", "blinken-arrives-astana", "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let blinken = (value["actor_details"].as_array().unwrap().iter())
        .find(|a| a["id"] == "antony-blinken")
        .unwrap();
    assert_eq!(blinken["name_ar"], "أنتوني بلينكن");
    assert!(blinken["role_ar"].is_string());
    assert!(blinken["aliases"].is_array());
    let asharq = &value["source_details"][0];
    assert_eq!(asharq["outlet"], "Asharq News (الشرق)");
    assert!(
        asharq["title_original"]
            .as_str()
            .unwrap()
            .starts_with("بلينكن")
    );
    // The text form shows them too.
    let text = stdout(demarche().args(["show", "blinken-arrives-astana"]));
    assert!(
        text.contains("أنتوني بلينكن") && text.contains("«بلينكن"),
        "{text}"
    );
}

#[test]
fn the_index_and_the_scan_agree_on_letters_that_transliterate_to_capitals() {
    // `list` scans; these letters come out of the transliteration table as capitals.
    assert_eq!(listed(&["-s", "ⱽisit"]), listed(&["-s", "visit"]));
    // A phrase typed with a line end in it is two words, not one.
    assert_eq!(
        listed(&["-s", "\"putin\nin\""]),
        listed(&["-s", "\"putin in\""])
    );
}

#[test]
fn colour_follows_the_flag_no_color_and_clicolor_force() {
    let bold_header = |cmd: &mut Command| stdout(cmd).starts_with("\x1b[1mDATE");
    assert!(bold_header(demarche().args(["list", "--color", "always"])));
    assert!(!bold_header(demarche().args(["list"])), "piped: plain");
    assert!(bold_header(
        demarche().args(["list"]).env("CLICOLOR_FORCE", "1")
    ));
    assert!(!bold_header(
        demarche()
            .args(["list"])
            .env("CLICOLOR_FORCE", "1")
            .env("NO_COLOR", "1")
    ));
    assert!(!bold_header(
        demarche()
            .args(["list", "--color", "never"])
            .env("CLICOLOR_FORCE", "1")
    ));
    // Colour is for the table; data formats never carry it.
    let json = stdout(demarche().args(["list", "--format", "json", "--color", "always"]));
    assert!(!json.contains('\x1b'));
}

#[test]
fn every_error_speaks_in_one_voice() {
    let bad = fixture("invalid/malformed-date.toml");
    let cases: Vec<Vec<String>> = vec![
        vec!["list".into(), "-k".into(), "meting".into()],
        vec!["lsit".into()],
        vec!["show".into(), "no-such-event".into()],
        vec!["list".into(), "-c".into(), "Narnia".into()],
        vec!["--data".into(), "/no/such/file.toml".into(), "list".into()],
        vec!["--data".into(), bad.display().to_string(), "list".into()],
    ];
    for args in cases {
        let out = demarche().args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.starts_with("demarche: error: "),
            "{args:?}: {stderr}"
        );
    }
    let typo = demarche().args(["list", "-k", "meting"]).output().unwrap();
    assert!(String::from_utf8_lossy(&typo.stderr).contains("did you mean 'meeting'?"));
}

#[test]
fn data_from_a_pipe_is_read_in_the_format_it_shows_or_is_told() {
    let toml = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/central-asia.toml"),
    )
    .unwrap();
    let piped = |args: &[&str], input: &str| {
        let out = demarche()
            .args(args)
            .write_stdin(input.to_string())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, _) = piped(&["list", "--data", "-", "-k", "visit"], &toml);
    assert_eq!(code, Some(0));
    assert!(out.ends_with("9 events\n"), "{out}");
    // JSON Lines and a JSON document, told apart by their first line.
    for format in ["jsonl", "json"] {
        let exported = stdout(demarche().args(["export", "--format", format]));
        let (code, out, err) = piped(&["--data", "-", "list", "-c", "KZ"], &exported);
        assert_eq!(code, Some(0), "{format}: {err}");
        assert!(out.ends_with("27 events\n"), "{format}: {out}");
    }
    // Told the wrong format, the error says where it stopped, naming standard input.
    let (code, _, err) = piped(&["--data", "-", "--data-format", "json", "list"], &toml);
    assert_eq!(code, Some(1));
    assert!(err.starts_with("demarche: error: <stdin>:1:1: "), "{err}");
    // A file whose name tells nothing, told by the flag.
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("events.txt");
    std::fs::write(
        &odd,
        stdout(demarche().args(["export", "--format", "jsonl"])),
    )
    .unwrap();
    let listed = stdout(demarche().arg("--data").arg(&odd).args([
        "--data-format",
        "jsonl",
        "list",
        "-k",
        "visit",
    ]));
    assert!(listed.ends_with("9 events\n"), "{listed}");
}

#[test]
fn validate_reports_each_problem_as_json_with_its_place() {
    let bad = fixture("invalid/malformed-date.toml");
    let out = demarche()
        .args(["validate", "--format", "json"])
        .arg(&bad)
        .arg(fixture("small.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = value.as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["ok"], false);
    let problem = &files[0]["problems"][0];
    assert_eq!(problem["file"], bad.display().to_string());
    assert_eq!(problem["id"], "month-13");
    assert_eq!(problem["field"], "date");
    assert!(problem["line"].as_u64().unwrap() > 0);
    assert!(problem["message"].as_str().unwrap().contains("month 13"));
    assert_eq!(files[1]["ok"], true);
    assert!(files[1]["events"].as_u64().unwrap() > 0);
    // A file that does not parse: one problem with line and column.
    let syntax = demarche()
        .args(["validate", "--format", "json"])
        .arg(fixture("invalid/syntax.toml"))
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&syntax.stdout).unwrap();
    let problem = &value[0]["problems"][0];
    assert!(
        problem["line"].is_u64() && problem["column"].is_u64(),
        "{problem}"
    );
    assert!(problem["entry"].is_null());
}

/// What bash would offer after `words` (the last one being completed), with demarche's
/// completion script sourced.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let script = stdout(demarche().args(["completions", "bash"]));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demarche.bash");
    std::fs::write(&file, script).unwrap();
    let current = words.len() - 1;
    let previous = if current > 0 { words[current - 1] } else { "" };
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={current}; \
         _demarche demarche '{}' '{previous}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display(),
        words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" "),
        words[current],
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(program)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn bash_completes_commands_kinds_and_countries() {
    assert_eq!(bash_completes(&["demarche", "ex"]), ["export"]);
    assert_eq!(
        bash_completes(&["demarche", "list", "-k", "mi"]),
        ["military"]
    );
    let countries = bash_completes(&["demarche", "list", "-c", "K"]);
    assert!(countries.contains(&"KZ".to_string()), "{countries:?}");
    let formats = bash_completes(&["demarche", "export", "--format", "t"]);
    assert_eq!(formats, ["timelinejs", "toml", "timeline-sheet"]);
}

#[test]
fn the_manual_page_renders_with_man() {
    let page = stdout(demarche().arg("man"));
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "roff: {}",
        &page[..60]
    );
    let man = std::process::Command::new("man").arg("--version").output();
    if man.is_err() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demarche.1");
    std::fs::write(&file, &page).unwrap();
    let out = std::process::Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for heading in [
        "SYNOPSIS",
        "LIST OPTIONS",
        "KEYS",
        "DATA FORMAT",
        "EXIT STATUS",
    ] {
        assert!(text.contains(heading), "{heading} is missing from:\n{text}");
    }
}

/// A config file with `text`, and demarche reading it.
fn with_config(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn config_path_and_check_say_where_it_is_and_what_is_wrong() {
    let (_dir, path) = with_config(
        "theme = \"neon\"\n[keys]\nquit = \"c\"\nsearch = \"S\"\n[views.kz]\ncountry = [\"KZ\"]\n",
    );
    let printed = stdout(
        demarche()
            .args(["config", "path"])
            .env("DEMARCHE_CONFIG", &path),
    );
    assert_eq!(printed.trim_end(), path.display().to_string());
    let xdg = tempfile::tempdir().unwrap();
    let printed = stdout(
        demarche()
            .args(["config", "path"])
            .env_remove("DEMARCHE_CONFIG")
            .env("XDG_CONFIG_HOME", xdg.path()),
    );
    assert_eq!(
        printed.trim_end(),
        xdg.path()
            .join("demarche/config.toml")
            .display()
            .to_string()
    );
    let out = demarche()
        .args(["config", "check"])
        .env("DEMARCHE_CONFIG", &path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let file = path.display().to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with(&format!("{file}:1:9: theme is")),
        "{text}"
    );
    assert!(
        lines[1].starts_with(&format!("{file}:3:8: [keys] quit = \"c\" is taken")),
        "{text}"
    );
    let (_dir, good) = with_config("pane = 60\n[keys]\nsearch = \"S\"\n");
    let ok = stdout(
        demarche()
            .args(["config", "check"])
            .env("DEMARCHE_CONFIG", &good),
    );
    assert!(ok.ends_with(": ok: 1 key, 0 views\n"), "{ok}");
}

#[test]
fn a_bad_config_is_said_and_the_command_still_runs() {
    let (_dir, path) = with_config("theme = 3\ndata = \"/no/such/default.toml\"\n");
    let out = demarche()
        .args(["--data", "-", "list", "-k", "visit"])
        .env("DEMARCHE_CONFIG", &path)
        .write_stdin(std::fs::read_to_string(fixture("small.toml")).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("demarche: warning: "), "{stderr}");
    assert!(stderr.contains(":1:9: theme is"), "{stderr}");
    // Broken TOML: said, and every default used.
    let (_dir, broken) = with_config("theme = \n");
    let out = demarche()
        .args(["list", "-k", "visit"])
        .env("DEMARCHE_CONFIG", &broken)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("using the defaults"));
}

#[test]
fn the_config_file_gives_the_default_data_and_named_views() {
    let (_dir, path) = with_config(&format!(
        "data = \"{}\"\n[views.kz-visits]\ncountry = [\"KZ\"]\nkind = [\"visit\"]\n",
        fixture("small.toml").display()
    ));
    let small = stdout(
        demarche()
            .args(["--data"])
            .arg(fixture("small.toml"))
            .arg("list"),
    );
    let by_config = stdout(demarche().arg("list").env("DEMARCHE_CONFIG", &path));
    assert_eq!(by_config, small);
    let (_dir, views) = with_config("[views.kz-visits]\ncountry = [\"KZ\"]\nkind = [\"visit\"]\n");
    let viewed = stdout(
        demarche()
            .args(["--view", "kz-visits", "list"])
            .env("DEMARCHE_CONFIG", &views),
    );
    let flags = stdout(demarche().args(["list", "-c", "KZ", "-k", "visit"]));
    assert_eq!(viewed, flags);
    // Flags add to the view.
    let narrower = stdout(
        demarche()
            .args(["--view", "kz-visits", "list", "--from", "2023-01"])
            .env("DEMARCHE_CONFIG", &views),
    );
    assert!(narrower.lines().count() < viewed.lines().count());
    demarche()
        .args(["--view", "kz-visit", "list"])
        .env("DEMARCHE_CONFIG", &views)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean 'kz-visits'?"));
}

#[test]
fn marks_filter_and_show_in_list_show_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let marks = dir.path().join("marks.toml");
    std::fs::write(
        &marks,
        "[marks.kz-spief-no-recognition]\nstarred = true\ntags = [\"turning-point\"]\nnote = \"a break\"\n\
         [marks.russia-invades-ukraine]\ntags = [\"turning-point\"]\n[marks.gone-event]\nstarred = true\n",
    )
    .unwrap();
    let with = |args: &[&str]| {
        let out = demarche()
            .args(args)
            .env("DEMARCHE_MARKS", &marks)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (starred, _) = with(&["list", "--starred"]);
    assert!(
        starred.contains("★ Beside Putin in St Petersburg"),
        "{starred}"
    );
    assert!(starred.ends_with("1 event\n"), "{starred}");
    let (tagged, _) = with(&["list", "--tag", "turning-point", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&tagged).unwrap();
    let ids: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["russia-invades-ukraine", "kz-spief-no-recognition"]);
    assert_eq!(value[1]["starred"], true);
    assert_eq!(value[1]["note"], "a break");
    assert_eq!(value[0]["tags"][0], "turning-point");
    // show prints them, and says (once) which marks name no event.
    let (shown, said) = with(&["show", "kz-spief-no-recognition"]);
    assert!(
        shown.contains("marks:     ★ starred · tags: turning-point · note: a break"),
        "{shown}"
    );
    assert!(
        said.contains("1 mark names events the data does not have (gone-event)"),
        "{said}"
    );
    // A marks file with a problem: said, and nothing is filtered as if it were empty.
    std::fs::write(&marks, "[marks.x]\nstared = true\n").unwrap();
    let (_, said) = with(&["list", "--starred"]);
    assert!(
        said.contains("no marks are shown, and none are saved until it is fixed"),
        "{said}"
    );
}
