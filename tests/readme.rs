//! The README cannot go stale: each `$ demarche …` block is run and its output compared
//! with what the README shows; each `demarche` line of a `sh` block runs as written (in a
//! folder holding a copy of `examples/`); and each picture of the browser, marked
//! `<!-- screen: KEYS WxH -->`, is the screen those keys give. When the screen changes on
//! purpose, `DEMARCHE_UPDATE_README=1 cargo test --test readme` writes the new pictures
//! into the README (read the diff before committing it).

mod common;

use common::{app, demarche, press};
use demarche::tui::theme::Theme;
use demarche::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// A fenced block: its info string, the line it starts on (the fence), and its lines.
struct Block {
    info: String,
    fence: usize,
    lines: Vec<String>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Block {
                    info: info.trim().to_string(),
                    fence: i,
                    lines: Vec::new(),
                })
            }
            (Some(_), Some(_)) => found.push(open.take().unwrap()),
            (Some(block), None) => block.lines.push(line.to_string()),
            (None, None) => {}
        }
    }
    found
}

/// The words of a command line as sh would split them (quotes, no expansions), without
/// a trailing `# comment`.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '#') if !any => break,
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, ' ') => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            (_, c) => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

#[test]
fn every_command_shown_with_its_output_prints_that_output() {
    let mut checked = 0;
    for block in blocks(&readme()) {
        let Some(command) = block.lines.first().and_then(|l| l.strip_prefix("$ ")) else {
            continue;
        };
        let args = words(command);
        assert_eq!(args[0], "demarche", "README line {}", block.fence + 2);
        let out = demarche()
            .current_dir(root())
            .args(&args[1..])
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&out.stdout);
        let shown: Vec<&str> = shown.lines().map(str::trim_end).collect();
        let expected: Vec<&str> = block.lines[1..].iter().map(|l| l.trim_end()).collect();
        assert_eq!(
            shown,
            expected,
            "README line {}: `{command}` prints something else now",
            block.fence + 2
        );
        checked += 1;
    }
    assert!(checked >= 2, "the README's commands with output were found");
}

/// Whether a command line opens the browser (no command among its words).
fn opens_the_browser(words: &[String]) -> bool {
    const COMMANDS: [&str; 8] = [
        "list",
        "show",
        "stats",
        "export",
        "validate",
        "completions",
        "man",
        "config",
    ];
    !words.iter().any(|w| COMMANDS.contains(&w.as_str()))
}

fn copy_examples(to: &Path) {
    let examples = to.join("examples");
    std::fs::create_dir_all(&examples).unwrap();
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), examples.join(entry.file_name())).unwrap();
    }
}

#[test]
fn every_example_runs_as_written() {
    let dir = tempfile::tempdir().unwrap();
    copy_examples(dir.path());
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_demarche"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for block in blocks(&readme()).iter().filter(|b| b.info == "sh") {
        for (i, line) in block.lines.iter().enumerate() {
            let here = block.fence + 2 + i;
            let args = words(line);
            if args.first().map(String::as_str) != Some("demarche") || opens_the_browser(&args) {
                continue;
            }
            // The line as the README writes it, redirections and all.
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(line)
                .current_dir(dir.path())
                .env("PATH", &path)
                .env_remove("DEMARCHE_DATA")
                .env("DEMARCHE_CONFIG", dir.path().join("no-config.toml"))
                .env("DEMARCHE_MARKS", dir.path().join("no-marks.toml"))
                .stdin(std::process::Stdio::null())
                .output()
                .unwrap();
            // `validate` of an example with mistakes exits 1, as it should.
            let expected = if line.contains("bad.toml") { 1 } else { 0 };
            assert_eq!(
                out.status.code(),
                Some(expected),
                "README line {here}: `{line}` failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 15, "only {ran} example lines ran");
}

/// The screen after `keys` at `width`×`height`, as plain lines without trailing spaces.
fn picture(keys: &str, width: u16, height: u16) -> Vec<String> {
    let mut app = app(width, height);
    press(&mut app, keys);
    let theme = Theme::plain();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| view::draw(&app, &theme, frame))
        .unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            let line: String = (0..width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect();
            line.trim_end().to_string()
        })
        .collect()
}

/// The keys, the width and height, and the rows shown (all when None).
type Marker = (String, u16, u16, Option<(usize, usize)>);

/// A picture's marker: `<!-- screen: KEYS WxH -->`, or `<!-- screen: KEYS WxH rows
/// A-B -->` for rows A to B of the screen (from 0); KEYS in the tests' key script.
fn marker(line: &str) -> Option<Marker> {
    let inner = line.strip_prefix("<!-- screen: ")?.strip_suffix(" -->")?;
    let (inner, rows) = match inner.rsplit_once(" rows ") {
        Some((inner, rows)) => {
            let (a, b) = rows.split_once('-')?;
            (inner, Some((a.parse().ok()?, b.parse().ok()?)))
        }
        None => (inner, None),
    };
    let (keys, size) = inner.rsplit_once(' ')?;
    let (w, h) = size.split_once('x')?;
    Some((keys.to_string(), w.parse().ok()?, h.parse().ok()?, rows))
}

#[test]
fn every_picture_of_the_browser_is_the_screen_it_shows() {
    let text = readme();
    let lines: Vec<&str> = text.lines().collect();
    let mut updated: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut stale = Vec::new();
    let mut pictures = 0;
    // From the bottom up, so a picture whose height changed moves none still to check.
    for (i, line) in lines.iter().enumerate().rev() {
        let Some((keys, width, height, rows)) = marker(line) else {
            continue;
        };
        pictures += 1;
        assert_eq!(
            lines[i + 1],
            "```",
            "README line {}: a block follows the marker",
            i + 2
        );
        let end = (i + 2..lines.len()).find(|&j| lines[j] == "```").unwrap();
        let shown: Vec<String> = lines[i + 2..end].iter().map(|l| l.to_string()).collect();
        let screen = picture(&keys, width, height);
        let screen = match rows {
            Some((first, last)) => screen[first..=last.min(screen.len() - 1)].to_vec(),
            None => screen,
        };
        if shown != screen {
            stale.push(format!("README line {}: the screen after `{keys}`", i + 1));
            updated.splice(i + 2..end, screen.iter().cloned());
        }
    }
    assert!(pictures >= 2, "the README's pictures were found");
    if stale.is_empty() {
        return;
    }
    if std::env::var_os("DEMARCHE_UPDATE_README").is_some() {
        std::fs::write(root().join("README.md"), updated.join("\n") + "\n").unwrap();
        panic!(
            "updated the README's pictures ({}); run again to check",
            stale.join("; ")
        );
    }
    panic!(
        "the README's pictures are stale: {}. `DEMARCHE_UPDATE_README=1 cargo test --test \
         readme` writes the new ones; read the diff before committing it",
        stale.join("; ")
    );
}

#[test]
fn the_config_file_shown_is_one_demarche_accepts_whole() {
    let block = blocks(&readme())
        .into_iter()
        .find(|b| b.info == "toml" && b.lines.iter().any(|l| l.starts_with("[keys]")))
        .expect("the README shows a config file");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, block.lines.join("\n")).unwrap();
    // The data file it names, in a home of its own.
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("timelines")).unwrap();
    std::fs::copy(
        root().join("examples/my-events.toml"),
        home.join("timelines/caucasus.toml"),
    )
    .unwrap();
    let out = demarche()
        .args(["config", "check"])
        .env("DEMARCHE_CONFIG", &path)
        .env("HOME", &home)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(said.ends_with(": ok: 2 keys, 1 view\n"), "{said}");
}

#[test]
fn the_actions_that_take_keys_are_all_named() {
    let text = readme();
    let start = text
        .find("The actions that take keys:")
        .expect("the list of actions");
    let list = &text[start..start + text[start..].find(". A new key").unwrap()];
    let named: Vec<&str> = list.split('`').skip(1).step_by(2).collect();
    let actions: Vec<&str> = demarche::tui::keys::NAMES.iter().map(|(n, _)| *n).collect();
    let mut a = named.clone();
    let mut b = actions.clone();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b, "the README's list and the key table's names");
}
