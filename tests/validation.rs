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
        Err(LoadError::Invalid(problems)) => assert_eq!(problems.len(), 4, "{problems:#?}"),
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
    let error = load::from_str(json, "x.json", Format::Json).unwrap_err();
    assert_eq!(
        error.lines(),
        vec!["x.json: event 'e' (#1), field 'date': '2022-02-30' is not a day of the calendar"]
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
