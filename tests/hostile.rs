//! The curated dataset, mutated at random in each format (TOML, a JSON document, JSON
//! Lines), loaded as a user's file would be: nothing panics, every error names its file
//! and place, and nothing a terminal would act on reaches any output. Bounded to run in
//! CI in seconds; the fuzzing harness in `fuzz/` goes further, outside CI.

use demarche::export::table::Fit;
use demarche::export::{self, Format as ExportFormat, Selection};
use demarche::load::{self, Format};
use demarche::query::{self, Filter};
use demarche::text::is_unsafe_char;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use std::sync::OnceLock;

/// The curated dataset in each format, as text.
fn sources() -> &'static [(Format, &'static str, String); 3] {
    static SOURCES: OnceLock<[(Format, &'static str, String); 3]> = OnceLock::new();
    SOURCES.get_or_init(|| {
        let toml_text = load::BUILTIN.to_string();
        let value: serde_json::Value = toml::from_str(&toml_text).expect("the curated TOML");
        let json_text = serde_json::to_string_pretty(&value).unwrap();
        let mut meta = value.clone();
        let events = meta.as_object_mut().unwrap().remove("events").unwrap();
        let mut lines = vec![serde_json::to_string(&meta).unwrap()];
        for event in events.as_array().unwrap() {
            lines.push(serde_json::to_string(event).unwrap());
        }
        [
            (Format::Toml, "m.toml", toml_text),
            (Format::Json, "m.json", json_text),
            (Format::JsonLines, "m.jsonl", lines.join("\n") + "\n"),
        ]
    })
}

/// Bytes that break things: controls a terminal acts on (ESC, C1 CSI, BEL, NUL, DEL, a
/// bidi override), line ends, quotes and brackets, invisible format characters, and bytes
/// that are not UTF-8.
const HOSTILE: &[&[u8]] = &[
    b"\x1b[2J",
    b"\x1b]0;pwned\x07",
    "\u{9b}".as_bytes(),
    "\u{202e}".as_bytes(),
    "\u{200b}".as_bytes(),
    b"\x00",
    b"\x7f",
    b"\r\n",
    b"\n",
    b"\"",
    b"'",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b"=",
    b"\\",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
];

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, usize),
    Delete(usize, usize),
    Replace(usize, usize),
    Truncate(usize),
    DuplicateLine(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..HOSTILE.len()).prop_map(|(at, b)| Mutation::Insert(at, b)),
        (any::<usize>(), 1..40usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), 0..HOSTILE.len()).prop_map(|(at, b)| Mutation::Replace(at, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::DuplicateLine),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        let at = |x: usize, len: usize| if len == 0 { 0 } else { x % len };
        match *m {
            Mutation::Insert(x, b) => {
                let i = at(x, bytes.len() + 1);
                bytes.splice(i..i, HOSTILE[b].iter().copied());
            }
            Mutation::Delete(x, n) => {
                let i = at(x, bytes.len());
                let end = (i + n).min(bytes.len());
                bytes.drain(i..end);
            }
            Mutation::Replace(x, b) => {
                if !bytes.is_empty() {
                    let i = at(x, bytes.len());
                    bytes.splice(i..i + 1, HOSTILE[b].iter().copied());
                }
            }
            Mutation::Truncate(x) => bytes.truncate(at(x, bytes.len() + 1)),
            Mutation::DuplicateLine(x) => {
                let starts: Vec<usize> = std::iter::once(0)
                    .chain(
                        bytes
                            .iter()
                            .enumerate()
                            .filter(|(_, b)| **b == b'\n')
                            .map(|(i, _)| i + 1),
                    )
                    .filter(|&i| i < bytes.len())
                    .collect();
                if let Some(&start) = starts.get(at(x, starts.len())) {
                    let end = (bytes[start..].iter().position(|b| *b == b'\n'))
                        .map_or(bytes.len(), |p| start + p + 1);
                    let line = bytes[start..end].to_vec();
                    bytes.splice(start..start, line);
                }
            }
        }
    }
    bytes
}

/// Whether the text holds nothing a terminal would act on.
fn safe(text: &str) -> bool {
    !text.chars().any(|c| is_unsafe_char(c) && c != '\n')
}

/// Loads mutated bytes as a file of `name` and checks what the user would see.
fn check(format: Format, name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let loaded = std::panic::catch_unwind(|| load::from_path(&path));
    let Ok(loaded) = loaded else {
        return Err(TestCaseError::fail(format!("loading panicked on {name}")));
    };
    let file = path.display().to_string();
    match loaded {
        Err(error) => {
            for line in error.lines() {
                prop_assert!(safe(&line), "unsafe output: {line:?}");
                let place = line.strip_prefix(&format!("{file}:")).unwrap_or("");
                let has_line = place
                    .split(':')
                    .next()
                    .is_some_and(|n| n.parse::<usize>().is_ok());
                // A JSON document's sources and actors, and events used twice, are named
                // by their place in their list.
                let has_entry =
                    format == Format::Json && (line.contains(" (#") || line.contains(" #"));
                prop_assert!(
                    line.starts_with(&format!("{file}:")) && (has_line || has_entry),
                    "an error without its place: {line:?}"
                );
            }
        }
        Ok(dataset) => {
            // What list and a brief print of it is safe for a terminal.
            let matches = query::run(&dataset, &Filter::default());
            let mut table = Vec::new();
            let fit = Fit {
                width: Some(120),
                bold_header: false,
                columns: Vec::new(),
            };
            demarche::export::table::write(&mut table, &dataset, &matches, fit).unwrap();
            let filter = Filter::default();
            let selection = Selection {
                dataset: &dataset,
                filter: &filter,
                matches: &matches,
                progress: None,
            };
            let written = |format| {
                let mut out = Vec::new();
                export::write(&mut out, format, &selection, export::Options::default()).unwrap();
                String::from_utf8(out).unwrap()
            };
            let mut shown = vec![String::from_utf8(table).unwrap()];
            shown.extend([ExportFormat::Markdown, ExportFormat::Html].map(written));
            for text in shown {
                prop_assert!(safe(&text), "unsafe output: {text:?}");
            }
            // Whatever loaded, exported as a dataset, loads again with the same events.
            for (format, as_format) in [
                (ExportFormat::Toml, Format::Toml),
                (ExportFormat::Json, Format::Json),
                (ExportFormat::Jsonl, Format::JsonLines),
            ] {
                let text = written(format);
                let again = load::Loader::new().text(&text, "exported", as_format);
                let again = again.map_err(|e| {
                    TestCaseError::fail(format!("{format:?} export did not load: {e}\n{text}"))
                })?;
                let ids = |d: &demarche::model::Dataset| {
                    d.events
                        .iter()
                        .map(|e| e.id().to_owned())
                        .collect::<Vec<_>>()
                };
                prop_assert_eq!(ids(&again), ids(&dataset));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2400, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_dataset_never_panics_and_every_error_names_its_place(
        which in 0..3usize,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let (format, name, text) = &sources()[which];
        check(*format, name, &apply(text, &mutations))?;
    }
}

/// A few mutated files through the binary itself: `validate` and `list` exit with 0, 1 or
/// 2, and write no byte a terminal would act on, on standard output or error.
#[test]
fn the_binary_on_mutated_files_exits_cleanly_and_prints_nothing_unsafe() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (0..3usize, prop::collection::vec(mutation(), 1..4));
    let dir = tempfile::tempdir().unwrap();
    for case in 0..45 {
        let (which, mutations) = strategy.new_tree(&mut runner).unwrap().current();
        let (_, name, text) = &sources()[which];
        let path = dir.path().join(format!("{case}-{name}"));
        std::fs::write(&path, apply(text, &mutations)).unwrap();
        for command in [&["validate"][..], &["list", "--data"][..]] {
            let out = assert_cmd::Command::cargo_bin("demarche")
                .unwrap()
                .args(command)
                .arg(&path)
                .env_remove("NO_COLOR")
                .output()
                .unwrap();
            let code = out.status.code();
            assert!(
                matches!(code, Some(0..=2)),
                "{command:?} {}: {code:?}",
                path.display()
            );
            for stream in [&out.stdout, &out.stderr] {
                let text = String::from_utf8_lossy(stream);
                assert!(safe(&text), "{command:?} {}: {text:?}", path.display());
            }
        }
    }
}
