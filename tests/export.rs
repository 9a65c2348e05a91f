//! The publishing formats, read back the way their readers read them: the calendar by
//! an iCalendar parser, TimelineJS by its structure, datasets by demarche's own loader,
//! and `export` run as a user runs it.

mod common;

use chrono::Duration;
use common::demarche;
use demarche::export::{self, Format, GroupBy, Options, Selection};
use demarche::load::{self, Format as LoadFormat};
use demarche::model::{CountryCode, Dataset, Kind, Precision, YearMonth};
use demarche::query::{self, Filter, Matches};
use proptest::prelude::*;
use std::sync::OnceLock;

fn curated() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| load::builtin().unwrap())
}

fn synthetic() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| {
        let mut text = Vec::new();
        demarche::synth::write(&mut text, 600, 5, true).unwrap();
        let text = String::from_utf8(text).unwrap();
        load::Loader::new()
            .text(&text, "synthetic.jsonl", LoadFormat::JsonLines)
            .unwrap()
    })
}

fn written(dataset: &Dataset, filter: &Filter, format: Format, options: Options) -> String {
    let matches = query::run(dataset, filter);
    let selection = Selection {
        dataset,
        filter,
        matches: &matches,
        progress: None,
    };
    let mut out = Vec::new();
    export::write(&mut out, format, &selection, options).unwrap();
    String::from_utf8(out).unwrap()
}

fn kazakhstan() -> Filter {
    let mut filter = Filter::default();
    filter
        .countries
        .insert(CountryCode::from_code("KZ").unwrap());
    filter
}

// The calendar.

fn calendar(text: &str) -> icalendar::Calendar {
    text.parse::<icalendar::Calendar>()
        .unwrap_or_else(|e| panic!("the parser refused the calendar: {e}"))
}

#[test]
fn every_event_is_an_all_day_calendar_event_over_the_days_it_could_mean() {
    use icalendar::{Component, DatePerhapsTime, EventLike};
    for (dataset, filter) in [
        (curated(), Filter::default()),
        (curated(), kazakhstan()),
        (synthetic(), Filter::default()),
    ] {
        let text = written(dataset, &filter, Format::Ics, Options::default());
        assert!(
            text.split("\r\n").all(|line| line.len() <= 75),
            "a line over 75 octets"
        );
        let parsed = calendar(&text);
        let events: Vec<&icalendar::Event> = parsed
            .components
            .iter()
            .filter_map(|c| c.as_event())
            .collect();
        let matches = query::run(dataset, &filter);
        assert_eq!(events.len(), matches.len());
        for (&i, parsed) in matches.events.iter().zip(&events) {
            let event = &dataset.events[i as usize];
            assert_eq!(
                parsed.get_uid(),
                Some(format!("{}@demarche", event.id()).as_str())
            );
            assert_eq!(parsed.get_summary(), Some(event.headline()));
            let Some(DatePerhapsTime::Date(start)) = parsed.get_start() else {
                panic!("{}: DTSTART is not a date", event.id());
            };
            let Some(DatePerhapsTime::Date(end)) = parsed.get_end() else {
                panic!("{}: DTEND is not a date", event.id());
            };
            // DTEND is exclusive: the event's days are start..end.
            assert_eq!(start, event.date.earliest(), "{}", event.id());
            assert_eq!(
                end - Duration::days(1),
                event.date.latest(),
                "{}",
                event.id()
            );
            assert!(end > start, "{}: DTEND must come after DTSTART", event.id());
            let categories = parsed.get_categories().unwrap_or_default();
            assert_eq!(
                categories.first().map(String::as_str),
                Some(event.kind.as_str())
            );
            assert!(
                parsed.get_timestamp().is_some(),
                "{}: no DTSTAMP",
                event.id()
            );
        }
    }
}

/// The lines of the calendar's event for `id`.
fn vevent<'a>(text: &'a str, id: &str) -> &'a str {
    let from = text.find(&format!("UID:{id}@demarche")).unwrap();
    let to = from + text[from..].find("END:VEVENT").unwrap();
    &text[from..to]
}

#[test]
fn a_month_spans_its_month_and_a_third_its_third() {
    let text = written(
        curated(),
        &Filter::default(),
        Format::Ics,
        Options::default(),
    );
    // The WSJ report's month, and an early-month event, as the calendar gives them.
    let dataset = curated();
    let month = (dataset.events.iter())
        .find(|e| e.date.precision() == Precision::Month && e.date.part().is_none());
    if let Some(event) = month {
        let first = event.date.earliest();
        assert_eq!(first.format("%d").to_string(), "01");
        let block = vevent(&text, event.id());
        let next = YearMonth::of(event.date.latest()).next().first_day();
        assert!(block.contains(&format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d"))));
    }
    let third = dataset.events.iter().find(|e| e.date.part().is_some());
    if let Some(event) = third {
        let block = vevent(&text, event.id());
        let end = event.date.latest() + Duration::days(1);
        assert!(block.contains(&format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d"))));
        assert!(event.date.latest() - event.date.earliest() < Duration::days(11));
    }
}

#[test]
fn the_calendar_is_the_same_byte_for_byte_every_time() {
    let once = written(
        curated(),
        &Filter::default(),
        Format::Ics,
        Options::default(),
    );
    let again = written(
        curated(),
        &Filter::default(),
        Format::Ics,
        Options::default(),
    );
    assert_eq!(once, again);
    // The stamp is the newest cited source's day, not the clock.
    assert!(
        once.contains("DTSTAMP:20230228T000000Z"),
        "{}",
        &once[..400]
    );
}

#[test]
fn calendar_text_keeps_commas_and_semicolons_through_a_parser() {
    let parsed = calendar(&written(
        curated(),
        &Filter::default(),
        Format::Ics,
        Options::default(),
    ));
    let with_comma = curated().events.iter().find(|e| e.headline().contains(','));
    let event = with_comma.expect("a headline with a comma in the curated data");
    let found = (parsed.components.iter().filter_map(|c| c.as_event()))
        .find(|e| {
            use icalendar::Component;
            e.get_uid() == Some(&format!("{}@demarche", event.id()))
        })
        .unwrap();
    use icalendar::Component;
    // The parser gives the text as escaped in the file; unescaped it is the headline.
    let summary = found
        .get_summary()
        .unwrap()
        .replace("\\,", ",")
        .replace("\\;", ";");
    assert_eq!(summary, event.headline());
}

// TimelineJS.

#[test]
fn timelinejs_has_a_title_slide_and_a_slide_per_event_with_only_the_parts_of_a_date_known() {
    let text = written(
        curated(),
        &Filter::default(),
        Format::TimelineJs,
        Options::default(),
    );
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let top: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, ["title", "events"]);
    assert_eq!(
        value["title"]["text"]["headline"].as_str().unwrap(),
        "Central Asia between Moscow and Washington, 2022–2023"
    );
    assert!(
        value["title"]["text"]["text"]
            .as_str()
            .unwrap()
            .starts_with("<p>Diplomatic moves")
    );
    let slides = value["events"].as_array().unwrap();
    assert_eq!(slides.len(), curated().events.len());
    for (slide, event) in slides.iter().zip(&curated().events) {
        assert_eq!(slide["unique_id"], event.id());
        assert_eq!(slide["display_date"], event.date.display());
        assert_eq!(slide["group"], event.kind.as_str());
        let start = slide["start_date"].as_object().unwrap();
        let keys: Vec<&str> = start.keys().map(String::as_str).collect();
        let expected: &[&str] = match event.date.start().precision() {
            Precision::Year => &["year"],
            Precision::Month => &["year", "month"],
            Precision::Day => &["year", "month", "day"],
        };
        assert_eq!(keys, expected, "{}", event.id());
        assert_eq!(start["year"], event.date.start().year());
        assert_eq!(slide.get("end_date").is_some(), event.date.end().is_some());
        let body = slide["text"]["text"].as_str().unwrap();
        assert!(
            !body.contains('"'),
            "quotes are escaped in HTML text: {body}"
        );
        if event.date_note().is_some() {
            assert!(body.contains("<em>Date:</em>"), "{}", event.id());
        }
        assert!(body.contains("<em>Sources:</em>"), "{}", event.id());
    }
}

#[test]
fn timelinejs_groups_by_country_or_not_at_all() {
    let by = |group_by| {
        let text = written(
            curated(),
            &kazakhstan(),
            Format::TimelineJs,
            Options { group_by },
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        value["events"].as_array().unwrap().clone()
    };
    let by_country = by(GroupBy::Country);
    let first = &curated().events[query::run(curated(), &kazakhstan()).events[0] as usize];
    assert_eq!(by_country[0]["group"], first.countries()[0].name());
    assert!(
        by(GroupBy::None)
            .iter()
            .all(|slide| slide.get("group").is_none())
    );
}

// The brief.

#[test]
fn the_brief_says_what_it_holds_and_keeps_the_caveats() {
    let text = written(
        curated(),
        &kazakhstan(),
        Format::Markdown,
        Options::default(),
    );
    let matches = query::run(curated(), &kazakhstan());
    assert!(
        text.contains(&format!(
            "Filter: country: Kazakhstan. {} events.",
            matches.len()
        )),
        "{text}"
    );
    let with_notes = matches
        .events
        .iter()
        .filter(|&&i| curated().events[i as usize].notes().is_some());
    assert_eq!(text.matches("*Notes:*").count(), with_notes.count());
    let with_date_notes =
        (matches.events.iter()).filter(|&&i| curated().events[i as usize].date_note().is_some());
    assert_eq!(text.matches("*Date:*").count(), with_date_notes.count());
}

// Datasets of the selection.

fn records(dataset: &Dataset, matches: &Matches) -> Vec<serde_json::Value> {
    export::events(dataset, matches)
        .map(|e| serde_json::to_value(export::EventRecord::new(dataset, e)).unwrap())
        .collect()
}

/// A filter from a few choices, over the datasets' countries, kinds and months.
fn filter_strategy() -> impl Strategy<Value = Filter> {
    const CODES: [&str; 6] = ["KZ", "RU", "US", "UZ", "CN", "KG"];
    (
        prop::collection::btree_set(prop::sample::select(&CODES[..]), 0..3),
        prop::collection::btree_set(prop::sample::select(&Kind::ALL[..]), 0..3),
        prop::option::of((2020i32..2025, 1u32..13)),
        prop::option::of(prop::sample::select(
            &["kazakhstan", "visit", "!oil", "bl"][..],
        )),
    )
        .prop_map(|(countries, kinds, month, search)| {
            let mut filter = Filter::default();
            filter
                .countries
                .extend(countries.iter().map(|c| CountryCode::from_code(c).unwrap()));
            filter.kinds.extend(kinds);
            if let Some((year, month)) = month {
                filter.months.from = YearMonth::new(year, month);
            }
            filter.text = search.unwrap_or_default().to_string();
            filter
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_dataset_exported_under_a_filter_loads_as_exactly_the_filtered_events(
        filter in filter_strategy(),
        which in 0..2usize,
        format in prop::sample::select(&[Format::Toml, Format::Json, Format::Jsonl][..]),
    ) {
        let dataset = [curated(), synthetic()][which];
        let text = written(dataset, &filter, format, Options::default());
        let as_format = match format {
            Format::Toml => LoadFormat::Toml,
            Format::Json => LoadFormat::Json,
            _ => LoadFormat::JsonLines,
        };
        let again = load::Loader::new().text(&text, "exported", as_format);
        let again = again.map_err(|e| TestCaseError::fail(format!("did not load: {e}")))?;
        let everything = query::run(&again, &Filter::default());
        prop_assert_eq!(records(&again, &everything), records(dataset, &query::run(dataset, &filter)));
        prop_assert_eq!(&again.title, &dataset.title);
        // Only the sources and actors the events cite come along.
        let cited: std::collections::BTreeSet<&str> = (again.events.iter())
            .flat_map(|e| e.sources().iter().map(|&s| again.source(s).id.as_str()))
            .collect();
        prop_assert_eq!(again.sources.len(), cited.len());
        let acting: std::collections::BTreeSet<&str> = (again.events.iter())
            .flat_map(|e| e.actors().iter().map(|&a| again.actor(a).id.as_str()))
            .collect();
        prop_assert_eq!(again.actors.len(), acting.len());
    }
}

#[test]
fn an_exported_dataset_keeps_sources_actors_and_country_names_in_full() {
    let text = written(curated(), &kazakhstan(), Format::Toml, Options::default());
    let again = load::Loader::new()
        .text(&text, "kz.toml", LoadFormat::Toml)
        .unwrap();
    for source in &again.sources {
        let original = curated()
            .sources
            .iter()
            .find(|s| s.id == source.id)
            .unwrap();
        assert_eq!(source, original);
    }
    for actor in &again.actors {
        let original = curated().actors.iter().find(|a| a.id == actor.id).unwrap();
        assert_eq!(actor, original);
    }
    let kz = CountryCode::from_code("KZ").unwrap();
    assert_eq!(again.country_names(kz), curated().country_names(kz));
    assert_eq!(again.description, curated().description);
}

// The web page, as text (a real browser reads it in tests/web_page.rs).

#[test]
fn the_page_has_an_element_per_event_named_by_its_id_and_asks_for_nothing() {
    let text = written(curated(), &kazakhstan(), Format::Html, Options::default());
    let matches = query::run(curated(), &kazakhstan());
    assert_eq!(
        text.matches("<article class=\"event\"").count(),
        matches.len()
    );
    for &i in &matches.events {
        let id = curated().events[i as usize].id();
        assert!(
            text.contains(&format!("id=\"{id}\"")),
            "no element for {id}"
        );
    }
    assert!(text.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    for fetching in ["src=", "<link rel=\"stylesheet\"", "@import", "url("] {
        assert!(
            !text.contains(fetching),
            "the page would fetch something: {fetching}"
        );
    }
    assert!(text.contains("dir=\"auto\""));
}

#[test]
fn the_page_escapes_what_the_data_holds() {
    let toml = r#"
title = "<script>alert(1)</script> & co"
[[sources]]
id = "s"
outlet = "O'Brien <Press>"
title = "A \"quoted\" title"
url = "https://example.org/a?b=1&c=\"2\""
language = "en"
published = "2022-01-01"
about = "a test"
[[events]]
id = "e-1"
date = "2022-01-02"
kind = "call"
countries = ["KZ", "RU"]
headline = "<img src=x onerror=alert(1)>"
summary = "Fish & chips </article>"
sources = ["s"]
"#;
    let dataset = load::Loader::new()
        .text(toml, "x.toml", LoadFormat::Toml)
        .unwrap();
    let text = written(
        &dataset,
        &Filter::default(),
        Format::Html,
        Options::default(),
    );
    assert!(!text.contains("<script>alert"));
    assert!(!text.contains("<img"));
    assert!(!text.contains("chips </article>"));
    assert!(text.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(text.contains("O&#39;Brien &lt;Press&gt;"));
    // The source's address is a link, escaped inside its attribute.
    assert!(
        text.contains(
            "<a href=\"https://example.org/a?b=1&amp;c=&quot;2&quot;\" rel=\"noreferrer\">"
        ),
        "{text}"
    );
    let timeline = written(
        &dataset,
        &Filter::default(),
        Format::TimelineJs,
        Options::default(),
    );
    assert!(timeline.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn no_event_id_can_take_an_id_of_the_page() {
    let mut toml = String::from(
        "title = \"t\"\n[[sources]]\nid = \"s\"\noutlet = \"o\"\ntitle = \"t\"\n\
         language = \"en\"\npublished = \"2022\"\nabout = \"a\"\n",
    );
    for id in [
        "events",
        "filters",
        "shown",
        "month-2022-06",
        "a",
        "a-headline",
        "a-h",
    ] {
        toml.push_str(&format!(
            "[[events]]\nid = \"{id}\"\ndate = \"2022-06-01\"\nkind = \"call\"\n\
             countries = [\"KZ\"]\nheadline = \"h\"\nsummary = \"s\"\nsources = [\"s\"]\n"
        ));
    }
    let dataset = load::Loader::new()
        .text(&toml, "ids.toml", LoadFormat::Toml)
        .unwrap();
    let page = written(
        &dataset,
        &Filter::default(),
        Format::Html,
        Options::default(),
    );
    let mut ids: Vec<&str> = page
        .split(" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all, "an id given twice: {ids:?}");
    for id in ["events", "filters", "month-2022-06"] {
        assert!(page.contains(&format!("<article class=\"event\" id=\"{id}\"")));
    }
}

#[test]
fn every_format_writes_an_empty_selection_as_empty() {
    let nothing = Filter {
        text: "zzzzzz".into(),
        ..Filter::default()
    };
    let empty = |format| written(curated(), &nothing, format, Options::default());
    let json: serde_json::Value = serde_json::from_str(&empty(Format::TimelineJs)).unwrap();
    assert_eq!(json["events"].as_array().unwrap().len(), 0);
    assert!(json["title"]["text"]["headline"].is_string());
    assert_eq!(calendar(&empty(Format::Ics)).components.len(), 0);
    let page = empty(Format::Html);
    assert_eq!(page.matches("<article").count(), 0);
    assert!(page.contains("<p>No events match.</p>"));
    assert!(page.trim_end().ends_with("</html>"));
    assert_eq!(empty(Format::Csv).lines().count(), 1, "the header alone");
    assert!(empty(Format::Markdown).contains(". 0 events."));
    for (format, as_format) in [
        (Format::Toml, LoadFormat::Toml),
        (Format::Json, LoadFormat::Json),
        (Format::Jsonl, LoadFormat::JsonLines),
    ] {
        let again = load::Loader::new().text(&empty(format), "empty", as_format);
        let again = again.unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert_eq!(again.events.len(), 0);
        assert_eq!(again.sources.len(), 0, "no event cites a source");
    }
}

// The command.

#[test]
fn export_writes_a_file_told_by_its_name_and_replaces_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("kz.html");
    std::fs::write(&page, "old").unwrap();
    demarche()
        .args(["export", "-c", "KZ", "-o"])
        .arg(&page)
        .assert()
        .success();
    let text = std::fs::read_to_string(&page).unwrap();
    assert!(text.starts_with("<!doctype html>"));
    // Nothing is left beside it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let story = dir.path().join("story.timeline.json");
    demarche()
        .args(["export", "-o"])
        .arg(&story)
        .assert()
        .success();
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&story).unwrap()).unwrap();
    assert!(value["events"].is_array());
}

#[test]
fn the_calendar_is_the_same_from_one_run_to_the_next() {
    let run = || {
        let out = demarche()
            .args(["export", "--format", "ics"])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    assert_eq!(run(), run());
}

#[test]
fn export_to_standard_output_matches_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dates.ics");
    demarche()
        .args(["export", "-k", "visit", "-o"])
        .arg(&file)
        .assert()
        .success();
    let out = demarche()
        .args(["export", "-k", "visit", "--format", "ics"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, std::fs::read(&file).unwrap());
}

#[test]
fn export_refuses_what_it_cannot_do_and_says_why() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["export"],
            "export needs --format: one of html, timelinejs, ics",
        ),
        (
            &["export", "-o", "notes.txt"],
            "cannot tell the format from the name 'notes.txt'",
        ),
        (
            &["export", "--format", "ics", "--group-by", "country"],
            "--group-by sets TimelineJS's rows",
        ),
        (
            &["export", "--format", "html", "-c", "Narnia"],
            "unknown country 'Narnia'",
        ),
    ];
    for (args, message) in cases {
        demarche()
            .args(*args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(*message));
    }
    let dir = tempfile::tempdir().unwrap();
    let nowhere = dir.path().join("missing").join("page.html");
    demarche()
        .args(["export", "-o"])
        .arg(&nowhere)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("could not write"));
    assert!(!nowhere.exists());
}

#[test]
fn select_names_an_event_that_exists_and_passes_the_filters() {
    demarche()
        .args(["--select", "kz-spief-no-recgnition"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "did you mean 'kz-spief-no-recognition'?",
        ));
    demarche()
        .args(["--select", "kz-spief-no-recognition", "-k", "aid"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "is not among those the filters leave (kind: aid)",
        ));
    demarche()
        .args(["--select", "kz-spief-no-recognition", "list"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("are for the browser"));
}

#[test]
fn the_last_days_of_9999_are_a_duration_not_a_day_past_the_calendar() {
    let toml = "title = \"t\"\n[[sources]]\nid = \"s\"\noutlet = \"o\"\ntitle = \"t\"\n\
                language = \"en\"\npublished = \"2022\"\nabout = \"a\"\n[[events]]\n\
                id = \"far\"\ndate = \"9999-12\"\nkind = \"call\"\ncountries = [\"KZ\"]\n\
                headline = \"h\"\nsummary = \"s\"\nsources = [\"s\"]\n";
    let dataset = load::Loader::new()
        .text(toml, "far.toml", LoadFormat::Toml)
        .unwrap();
    let text = written(
        &dataset,
        &Filter::default(),
        Format::Ics,
        Options::default(),
    );
    assert!(
        text.contains("DTSTART;VALUE=DATE:99991201\r\nDURATION:P31D\r\n"),
        "{text}"
    );
    calendar(&text);
}

#[test]
fn export_to_a_dash_is_standard_output_and_to_a_folder_is_refused() {
    let out = demarche()
        .args(["export", "--format", "csv", "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("id,date,"));
    let dir = tempfile::tempdir().unwrap();
    demarche()
        .args(["export", "--format", "csv", "-o"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is a folder; name a file in it"));
    // --group-by goes with TimelineJS however the format is given.
    let story = dir.path().join("s.timeline.json");
    demarche()
        .args(["export", "--group-by", "country", "-o"])
        .arg(&story)
        .assert()
        .success();
}

#[test]
fn the_curator_s_marks_appear_in_the_page_and_the_brief() {
    let text = demarche::load::BUILTIN;
    let dataset = load::Loader::new()
        .text(text, "b.toml", LoadFormat::Toml)
        .unwrap();
    let mut marks = demarche::model::Marks::default();
    marks.toggle_star("kz-spief-no-recognition");
    marks.set_tags("kz-spief-no-recognition", ["turning-point".to_string()]);
    dataset.set_marks(marks);
    let page = written(&dataset, &kazakhstan(), Format::Html, Options::default());
    assert!(page.contains("★ starred · #turning-point"), "the page");
    let brief = written(
        &dataset,
        &kazakhstan(),
        Format::Markdown,
        Options::default(),
    );
    assert!(
        brief.contains("*Marks:* ★ starred · \\#turning-point"),
        "{brief}"
    );
}
