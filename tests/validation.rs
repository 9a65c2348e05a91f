//! Every validation error has a fixture in tests/fixtures/invalid; each fixture lists, in
//! `# expect:` comments, text its report must contain (file, line, entry, field, advice).

use demarche::load::{self, Format, LoadError};
use std::path::Path;

fn report(path: &Path) -> Vec<String> {
    match load::from_path(path) {
        Ok(_) => panic!("{} loaded, but it is invalid", path.display()),
        Err(error) => error.lines(),
    }
}

#[test]
fn every_invalid_fixture_is_rejected_with_its_place_named() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let expects: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .collect();
        assert!(
            !expects.is_empty(),
            "{} has no # expect lines",
            path.display()
        );
        let lines = report(&path);
        let joined = lines.join("\n");
        for expect in expects {
            assert!(
                joined.contains(expect.trim_end()),
                "{}: expected {expect:?} in:\n{joined}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} fixtures found");
}

#[test]
fn all_problems_are_reported_at_once_and_nothing_is_half_loaded() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/many-problems.toml");
    match load::from_path(&path) {
        Err(LoadError::Invalid { problems, more }) => {
            assert_eq!((problems.len(), more), (4, 0), "{problems:#?}")
        }
        other => panic!("expected four problems, got {other:?}"),
    }
}

#[test]
fn json_syntax_errors_name_line_and_column() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/syntax.json");
    let lines = report(&path);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains("syntax.json:4:"), "{lines:?}");
    assert!(lines[0].contains("trailing comma"), "{lines:?}");
}

#[test]
fn json_is_validated_exactly_like_toml() {
    let json = r#"{
      "title": "J",
      "sources": [{"id": "s", "outlet": "o", "title": "t", "language": "en",
                   "published": "2022", "about": "a"}],
      "events": [{"id": "e", "date": "2022-02-30", "kind": "visit", "countries": ["KZ"],
                  "headline": "h", "summary": "s", "sources": ["s"], "notes": null}]
    }"#;
    let error = load::Loader::new()
        .text(json, "x.json", Format::Json)
        .unwrap_err();
    assert_eq!(
        error.lines(),
        vec![
            "x.json:5:38: event 'e' (#1), field 'date': '2022-02-30' is not a day of the calendar"
        ]
    );
}

#[test]
fn a_missing_file_says_so() {
    let error = load::from_path(Path::new("no/such/file.toml")).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("no/such/file.toml: cannot read:"),
        "{error}"
    );
}

fn jsonl_event(id: &str, date: &str) -> String {
    format!(
        r#"{{"id":"{id}","date":"{date}","kind":"visit","countries":["KZ"],"headline":"h","summary":"s","sources":["s"]}}"#
    )
}

const META: &str = r#"{"title":"J","sources":[{"id":"s","outlet":"o","title":"t","language":"en","published":"2022","about":"a"}]}"#;

#[test]
fn json_lines_load_in_order_of_date() {
    let mut text = format!("{META}\n");
    for i in 0..500 {
        text.push_str(&jsonl_event(
            &format!("e-{i}"),
            &format!("2022-{:02}", 12 - i % 12),
        ));
        text.push('\n');
    }
    let dataset = load::Loader::new()
        .text(&text, "x.jsonl", Format::JsonLines)
        .unwrap();
    assert_eq!(dataset.events.len(), 500);
    assert!(dataset.events.windows(2).all(|w| w[0].date <= w[1].date));
    assert_eq!(Format::for_path(Path::new("a.ndjson")), Format::JsonLines);
    assert_eq!(Format::for_path(Path::new("a.JSONL")), Format::JsonLines);
}

#[test]
fn json_lines_errors_name_their_lines_across_every_chunk() {
    let mut text = format!("{META}\n\n");
    for i in 0..2000 {
        let line = match i {
            10 => r#"{"id": "broken", "#.to_string(),
            1500 => jsonl_event("bad-date", "2022-13"),
            1900 => jsonl_event("e-3", "2022-01"),
            _ => jsonl_event(&format!("e-{i}"), "2022-01"),
        };
        text.push_str(&line);
        text.push('\n');
    }
    let lines = load::Loader::new()
        .text(&text, "x.jsonl", Format::JsonLines)
        .unwrap_err()
        .lines();
    // Line 1 is the metadata, line 2 blank, so list item i is on line i + 3.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("x.jsonl:13:") && l.contains("not a valid event")),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"x.jsonl:1503:25: event 'bad-date', field 'date': '2022-13' has month 13, which does not exist (01–12)".to_string()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"x.jsonl:1903:7: event 'e-3', field 'id': duplicate event id 'e-3' (first used by the event on line 6)".to_string()),
        "{lines:#?}"
    );
    assert_eq!(lines.len(), 3, "{lines:#?}");
}

#[test]
fn json_lines_need_metadata_first() {
    let text = format!("{}\n", jsonl_event("e", "2022"));
    let error = load::Loader::new()
        .text(&text, "x.jsonl", Format::JsonLines)
        .unwrap_err();
    let line = &error.lines()[0];
    assert!(line.starts_with("x.jsonl:1:"), "{line}");
    assert!(
        line.contains("first line must be the dataset's metadata"),
        "{line}"
    );
}

#[test]
fn json_lines_metadata_may_not_hold_events() {
    let text = r#"{"title":"J","events":[]}"#.to_string() + "\n";
    assert!(
        load::Loader::new()
            .text(&text, "x.jsonl", Format::JsonLines)
            .is_ok(),
        "an empty list is harmless"
    );
    let text = format!(r#"{{"title":"J","events":[{}]}}"#, jsonl_event("e", "2022")) + "\n";
    let line = &load::Loader::new()
        .text(&text, "x.jsonl", Format::JsonLines)
        .unwrap_err()
        .lines()[0];
    assert!(
        line.starts_with("x.jsonl:1:1:") && line.contains("each event is a line of its own"),
        "{line}"
    );
}

#[test]
fn a_bad_source_is_one_problem_not_one_per_citing_event() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/bad-source-date.toml");
    let lines = report(&path);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].contains("field 'published'"), "{lines:#?}");
}

#[test]
fn json_under_another_name_says_how_to_name_it() {
    let error = load::Loader::new()
        .text(r#"{"title": "x"}"#, "events.txt", Format::Toml)
        .unwrap_err();
    let line = &error.lines()[0];
    assert!(line.starts_with("events.txt:1:1:"), "{line}");
    assert!(
        line.contains("looks like JSON") && line.contains(".jsonl"),
        "{line}"
    );
}

#[test]
fn windows_line_ends_and_a_byte_order_mark_read_as_the_same_file() {
    let builtin = load::builtin().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let crlf = load::BUILTIN.replace('\n', "\r\n");
    for (name, text) in [
        ("crlf.toml", crlf.clone()),
        ("bom.toml", format!("\u{feff}{}", load::BUILTIN)),
        ("both.toml", format!("\u{feff}{crlf}")),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let read = load::from_path(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(read.events, builtin.events, "{name}");
        assert_eq!(read.description, builtin.description, "{name}");
    }
    // JSON and JSON Lines with a byte-order mark, from a file and from text.
    let json = demarche::load::Loader::new();
    let jsonl_text = "{\"title\":\"t\",\"sources\":[{\"id\":\"s\",\"outlet\":\"o\",\"title\":\"t\",\"language\":\"en\",\"published\":\"2024\",\"about\":\"a\"}]}\r\n{\"id\":\"e\",\"date\":\"2024-01-02\",\"kind\":\"visit\",\"countries\":[\"KZ\"],\"headline\":\"h\",\"summary\":\"s\",\"sources\":[\"s\"]}\r\n";
    let json_text = "{\"title\":\"t\",\"sources\":[{\"id\":\"s\",\"outlet\":\"o\",\"title\":\"t\",\"language\":\"en\",\"published\":\"2024\",\"about\":\"a\"}],\r\n\"events\":[{\"id\":\"e\",\"date\":\"2024-01-02\",\"kind\":\"visit\",\"countries\":[\"KZ\"],\"headline\":\"h\",\"summary\":\"s\",\"sources\":[\"s\"]}]}\r\n";
    for (name, text, format) in [
        ("bom.jsonl", jsonl_text, Format::JsonLines),
        ("bom.json", json_text, Format::Json),
    ] {
        let text = format!("\u{feff}{text}");
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let from_file = load::from_path(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let from_text = json
            .text(&text, name, format)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(from_file.events.len(), 1, "{name}");
        assert_eq!(from_file.events, from_text.events, "{name}");
    }
}

#[cfg(unix)]
/// A named pipe at `path`.
fn make_fifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

#[test]
fn devices_are_refused_and_pipes_are_read_once() {
    let error = load::from_path(Path::new("/dev/zero")).unwrap_err().lines();
    assert_eq!(error.len(), 1);
    assert!(
        error[0].contains("it is a device, not a data file"),
        "{error:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let error = load::from_path(dir.path()).unwrap_err().lines();
    assert!(error[0].contains("it is a folder"), "{error:?}");
    // A broken JSON document through a named pipe: the streaming reader gives up and the
    // document is read whole, from what was read once, instead of waiting for ever.
    let fifo = dir.path().join("events.json");
    make_fifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, "{\"title\": \"t\", \"events\": [{]}"))
    };
    let error = load::from_path(&fifo).unwrap_err().lines();
    writer.join().unwrap().unwrap();
    assert_eq!(error.len(), 1, "{error:?}");
    assert!(error[0].contains("events.json:1:"), "{error:?}");
}

#[test]
fn invisible_characters_are_refused_in_text_and_shown_escaped() {
    // A zero-width space inside the first event's headline of the curated dataset.
    let text = load::BUILTIN.replacen("headline = \"", "headline = \"Hidden\u{200B}", 1);
    let line = 1 + text[..text.find('\u{200B}').unwrap()].matches('\n').count();
    // The field's own line, and the column where its value starts.
    let start = text[..text.find('\u{200B}').unwrap()].rfind('\n').unwrap() + 1;
    let column = 1 + text[start..].find('"').unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hidden.toml");
    std::fs::write(&path, &text).unwrap();
    let lines = report(&path);
    let problem = lines
        .iter()
        .find(|l| l.contains("U+200B"))
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert!(
        problem.contains(&format!("hidden.toml:{line}:{column}:")),
        "{problem}"
    );
    assert!(
        problem.contains("headline") && problem.contains("invisible"),
        "{problem}"
    );
    assert!(
        !problem.contains('\u{200B}'),
        "the message shows it escaped: {problem}"
    );
    // The joiners scripts need stay: a ZWNJ in Persian text loads.
    let kept = load::BUILTIN.replacen("headline = \"", "headline = \"می\u{200C}خواهم ", 1);
    let path = dir.path().join("kept.toml");
    std::fs::write(&path, &kept).unwrap();
    load::from_path(&path).unwrap();
}

#[test]
fn a_file_full_of_problems_reports_the_first_and_counts_the_rest() {
    // A metadata line, then 3,000 events each with a bad date and a bad kind.
    let meta = "{\"title\":\"t\",\"sources\":[{\"id\":\"s\",\"outlet\":\"o\",\"title\":\"t\",\"language\":\"en\",\"published\":\"2024\",\"about\":\"a\"}]}\n";
    let mut text = String::from(meta);
    for i in 0..3000 {
        text.push_str(&format!(
            "{{\"id\":\"e-{i}\",\"date\":\"2024-13-01\",\"kind\":\"nope\",\"countries\":[\"KZ\"],\"headline\":\"h\",\"summary\":\"s\",\"sources\":[\"s\"]}}\n"
        ));
    }
    let error = load::Loader::new()
        .text(&text, "many.jsonl", Format::JsonLines)
        .unwrap_err();
    let lines = error.lines();
    let max = demarche::load::MAX_PROBLEMS;
    assert_eq!(lines.len(), max + 1, "{:?}", &lines[lines.len() - 2..]);
    // The first ones, in the file's order, in full.
    assert!(lines[0].starts_with("many.jsonl:2"), "{}", lines[0]);
    let last = lines.last().unwrap();
    assert_eq!(
        last,
        &format!(
            "… and {} more problems past the first {max}: fix these and validate again",
            6000 - max
        )
    );
    // The same from a TOML document.
    let mut toml = String::from(
        "title = \"t\"\n[[sources]]\nid = \"s\"\noutlet = \"o\"\ntitle = \"t\"\nlanguage = \"en\"\npublished = \"2024\"\nabout = \"a\"\n",
    );
    for i in 0..1500 {
        toml.push_str(&format!("[[events]]\nid = \"e-{i}\"\ndate = \"2024-13-01\"\nkind = \"visit\"\ncountries = [\"KZ\"]\nheadline = \"h\"\nsummary = \"s\"\nsources = [\"s\"]\n"));
    }
    let error = load::Loader::new()
        .text(&toml, "many.toml", Format::Toml)
        .unwrap_err();
    let lines = error.lines();
    assert_eq!(lines.len(), max + 1);
    assert!(
        lines
            .last()
            .unwrap()
            .contains(&format!("{} more problems", 1500 - max))
    );
}

#[test]
fn a_countries_list_longer_than_there_are_countries_is_one_problem() {
    let meta = "{\"title\":\"t\",\"sources\":[{\"id\":\"s\",\"outlet\":\"o\",\"title\":\"t\",\"language\":\"en\",\"published\":\"2024\",\"about\":\"a\"}]}\n";
    let codes = vec!["\"KZ\""; 100_000].join(",");
    let text = format!(
        "{meta}{{\"id\":\"e\",\"date\":\"2024-01-01\",\"kind\":\"visit\",\"countries\":[{codes}],\"headline\":\"h\",\"summary\":\"s\",\"sources\":[\"s\"]}}\n"
    );
    let error = load::Loader::new()
        .text(&text, "long.jsonl", Format::JsonLines)
        .unwrap_err();
    let lines = error.lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("lists 100000 countries; an event lists each country once"),
        "{}",
        lines[0]
    );
}

/// Loading with small limits: entries of at most 1 MB, files read whole of at most 1 MB.
fn small_limits() -> load::Loader<'static> {
    let limits = load::Limits {
        entry: 1_000_000,
        file: 1_000_000,
    };
    load::Loader::new().limits(limits).block(64 * 1024)
}

#[test]
fn an_entry_past_the_limit_is_refused_where_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(1_500_000);
    let meta = r#"{"title": "t", "sources": [{"id": "s", "outlet": "o", "title": "t", "language": "en", "published": "2022", "about": "a"}]}"#;
    let event = jsonl_event("e1", "2022-06-01");
    // A JSON Lines line: named by its number, after lines of every size before it.
    let path = dir.path().join("long.jsonl");
    let many: Vec<String> = (0..40)
        .map(|i| jsonl_event(&format!("e{i}"), "2022-06-01"))
        .collect();
    let text = format!("{meta}\n{}\n{long}\n{event}\n", many.join("\n"));
    std::fs::write(&path, text).unwrap();
    let error = small_limits().path(&path).unwrap_err().lines();
    assert_eq!(error.len(), 1, "{error:?}");
    assert!(
        error[0].contains("long.jsonl:42:1: line 42 is longer than 1 MB"),
        "{error:?}"
    );
    assert!(error[0].contains("DEMARCHE_MAX_ENTRY_MB"), "{error:?}");
    // The metadata line, after two blank lines.
    let path = dir.path().join("meta.jsonl");
    std::fs::write(&path, format!("\n\n{{\"title\": \"{long}\"}}\n")).unwrap();
    let error = small_limits().path(&path).unwrap_err().lines();
    assert!(
        error[0].contains("meta.jsonl:3:1: line 3 is longer"),
        "{error:?}"
    );
    // One event of a JSON document: named by its place in the events array.
    let path = dir.path().join("long.json");
    let events: Vec<String> = (0..3)
        .map(|i| jsonl_event(&format!("e{i}"), "2022-06-01"))
        .collect();
    let huge = format!("{{\"id\": \"{long}\"}}");
    let meta_open = meta.trim_end_matches('}');
    std::fs::write(
        &path,
        format!("{meta_open}, \"events\": [{}, {huge}]}}", events.join(", ")),
    )
    .unwrap();
    let error = small_limits().path(&path).unwrap_err().lines();
    assert!(
        error[0].contains("long.json: event #4 of the events array is longer than 1 MB"),
        "{error:?}"
    );
    // Within the limit, the same shapes load.
    let path = dir.path().join("fine.jsonl");
    std::fs::write(&path, format!("{meta}\n{}\n", many.join("\n"))).unwrap();
    assert_eq!(small_limits().path(&path).unwrap().events.len(), 40);
}

#[test]
fn a_file_read_whole_past_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    let padding = "# padding\n".repeat(150_000);
    std::fs::write(&path, format!("title = \"t\"\n{padding}")).unwrap();
    let error = small_limits().path(&path).unwrap_err().lines();
    assert_eq!(error.len(), 1, "{error:?}");
    assert!(
        error[0].starts_with(&format!("{}: larger than 1 MB", path.display())),
        "{error:?}"
    );
    assert!(error[0].contains("DEMARCHE_MAX_FILE_MB"), "{error:?}");
}

#[test]
fn a_pipe_that_never_ends_is_refused_at_the_limit() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    for name in ["endless.toml", "endless.json", "endless.jsonl"] {
        let fifo = dir.path().join(name);
        make_fifo(&fifo);
        // Writes spaces until the reader goes away.
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut pipe = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
                let block = vec![b' '; 64 * 1024];
                while pipe.write_all(&block).is_ok() {}
            })
        };
        // The limits from the environment, as a user sets them.
        let out = assert_cmd::Command::cargo_bin("demarche")
            .unwrap()
            .env("DEMARCHE_MAX_FILE_MB", "2")
            .env("DEMARCHE_MAX_ENTRY_MB", "2")
            .arg("validate")
            .arg(&fifo)
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap();
        writer.join().unwrap();
        let said = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {said}");
        assert!(
            said.contains("larger than 2 MB") || said.contains("longer than 2 MB"),
            "{name}: {said}"
        );
    }
}

#[test]
fn text_that_is_not_utf8_is_named_by_line_and_column_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "bad.toml",
            b"title = \"t\"\n# fine\ndescription = \"a\xffb\"\n",
            "bad.toml:3:17: not valid UTF-8",
        ),
        (
            "bad.json",
            b"{\"title\": \"t\",\n \"description\": \"a\xffb\"}\n",
            "bad.json:2:19: not valid UTF-8",
        ),
        (
            "bad.jsonl",
            b"{\"title\": \"t\"}\n{\"id\": \"a\xffb\"}\n",
            "bad.jsonl:2:10: not valid UTF-8",
        ),
        (
            // After an event with problems of its own, and past non-ASCII text.
            "late.jsonl",
            b"{\"title\": \"t\"}\n{\"id\": \"a\"}\n{\"id\":\"b\",\"summary\":\"\xc3\xa9t\xc3\"}\n",
            "late.jsonl:3:24: not valid UTF-8",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let error = load::from_path(&path).unwrap_err().lines();
        assert_eq!(error.len(), 1, "{name}: {error:?}");
        assert!(
            error[0].ends_with(&format!("{expected}; a dataset must be UTF-8 text"))
                && error[0].contains(expected),
            "{name}: {error:?}"
        );
    }
}

#[test]
fn problems_in_a_json_document_name_the_line_of_their_event() {
    // Events over many lines, read in runs of a few hundred bytes on two workers, and
    // read whole (a syntax error elsewhere would do that; here, as a document's text).
    let event = |i: usize, date: &str| {
        format!(
            "  {{\"id\": \"e{i}\",\n   \"date\": \"{date}\", \"kind\": \"visit\", \"countries\": [\"KZ\"],\n   \"headline\": \"h\", \"summary\": \"s\", \"sources\": [\"s\"]}}"
        )
    };
    let mut events: Vec<String> = (0..60).map(|i| event(i, "2022-06-01")).collect();
    events[45] = event(45, "2022-02-30");
    let text = format!(
        "{{\"title\": \"t\",\n \"sources\": [{{\"id\": \"s\", \"outlet\": \"o\", \"title\": \"t\", \"language\": \"en\", \"published\": \"2022\", \"about\": \"a\"}}],\n \"events\": [\n{}\n ]\n}}\n",
        events.join(",\n")
    );
    // Event #46 starts on line 4 + 45 × 3; its date is on the next line.
    let expected = "d.json:140:12: event 'e45' (#46), field 'date'";
    for block in [100, 300, 1 << 20] {
        let loader = load::Loader::new().block(block).workers(2);
        let error = loader
            .text(&text, "d.json", Format::Json)
            .unwrap_err()
            .lines();
        assert!(error[0].starts_with(expected), "block {block}: {error:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.json");
    std::fs::write(&path, &text).unwrap();
    let error = load::from_path(&path).unwrap_err().lines();
    assert!(error[0].contains(":140:12: event 'e45' (#46)"), "{error:?}");
}

#[test]
fn a_json_documents_sources_and_title_name_their_lines_whoever_reads_them() {
    let text = "{\"title\": \"\",\n \"sources\": [\n  {\"id\": \"s\", \"outlet\": \"o\", \"title\": \"t\", \"language\": \"en\", \"published\": \"2022\", \"about\": \"a\"},\n  {\"id\": \"s2\", \"outlet\": \"\", \"title\": \"t\", \"language\": \"en\", \"published\": \"2022\", \"about\": \"a\"}],\n \"events\": []}\n";
    // Streamed, and read whole (the events first is a shape the streaming reader leaves).
    let events_first = text.replace(",\n \"events\": []}", "}").replacen(
        "{\"title\"",
        "{\"events\": [],\n\"title\"",
        1,
    );
    for (doc, shift) in [(text.to_string(), 0), (events_first, 1)] {
        let error = load::Loader::new()
            .text(&doc, "d.json", Format::Json)
            .unwrap_err()
            .lines();
        let expected = [
            format!(
                "d.json:{}:{}: dataset, field 'title': is empty",
                1 + shift,
                11 - shift
            ),
            format!(
                "d.json:{}:26: source 's2' (#2), field 'outlet': is empty",
                4 + shift
            ),
        ];
        for e in &expected {
            assert!(
                error.iter().any(|l| l.starts_with(e.as_str())),
                "{e} in {error:?}"
            );
        }
    }
}

#[test]
fn a_source_s_address_must_be_a_whole_web_address() {
    let dataset = |url: &str| {
        format!(
            "title = \"t\"\n[[sources]]\nid = \"s\"\noutlet = \"o\"\ntitle = \"t\"\nlanguage = \"en\"\n\
             published = \"2022\"\nabout = \"a\"\nurl = \"{url}\"\n"
        )
    };
    let good = load::Loader::new()
        .text(
            &dataset("https://example.org/a?b=c"),
            "u.toml",
            Format::Toml,
        )
        .unwrap();
    assert_eq!(
        good.sources[0].url.as_deref(),
        Some("https://example.org/a?b=c")
    );
    for bad in [
        "example.org",
        "https://",
        "javascript:alert(1)",
        "https://a b",
        "ftp://x",
    ] {
        let error = load::Loader::new()
            .text(&dataset(bad), "u.toml", Format::Toml)
            .unwrap_err()
            .lines();
        assert!(
            error[0].starts_with("u.toml:9:7: source 's' (#1), field 'url': ")
                && error[0].contains("is not a web address"),
            "{bad}: {error:?}"
        );
    }
}
