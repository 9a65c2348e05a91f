//! Helpers shared by the tests: the binary run as a user runs it, and an App on the
//! built-in dataset driven by keys written as a small script ("c kaz <space> <enter>").
#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use demarche::load;
use demarche::query::Filter;
use demarche::tui::app::{Action, App};
use demarche::tui::keys;

/// The demarche binary, as a user runs it: from elsewhere (the built-in dataset must not
/// depend on the working directory), with no data file, colour or pager setting from the
/// environment of the tests.
pub fn demarche() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("demarche").unwrap();
    cmd.current_dir(std::env::temp_dir())
        .env_remove("DEMARCHE_DATA")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("PAGER")
        // No config file of the machine's user, unless a test gives one.
        .env("DEMARCHE_CONFIG", "/nonexistent/demarche-tests/config.toml")
        // Nor marks of theirs.
        .env("DEMARCHE_MARKS", "/nonexistent/demarche-tests/marks.toml");
    cmd
}

pub fn app(width: u16, height: u16) -> App {
    let mut app = App::new(load::builtin().unwrap(), Filter::default());
    app.update(Action::Resize(width, height));
    app
}

/// An App on the small fixture dataset (`tests/fixtures/small.toml`), whose first event
/// is dated only to a year.
pub fn small_app(width: u16, height: u16) -> App {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small.toml");
    let mut app = App::new(load::from_path(&path).unwrap(), Filter::default());
    app.update(Action::Resize(width, height));
    app
}

/// Parses a key script: `<name>` for special keys (`<enter>`, `<esc>`, `<space>`, `<down>`,
/// `<c-c>`, …), any other character as itself.
pub fn parse(script: &str) -> Vec<KeyEvent> {
    let mut keys = Vec::new();
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '<' || chars.peek().is_none() {
            keys.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            continue;
        }
        let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
        let (code, modifiers) = match name.as_str() {
            "enter" => (KeyCode::Enter, KeyModifiers::NONE),
            "esc" => (KeyCode::Esc, KeyModifiers::NONE),
            "space" => (KeyCode::Char(' '), KeyModifiers::NONE),
            "tab" => (KeyCode::Tab, KeyModifiers::NONE),
            "bs" => (KeyCode::Backspace, KeyModifiers::NONE),
            "up" => (KeyCode::Up, KeyModifiers::NONE),
            "down" => (KeyCode::Down, KeyModifiers::NONE),
            "left" => (KeyCode::Left, KeyModifiers::NONE),
            "right" => (KeyCode::Right, KeyModifiers::NONE),
            "pgup" => (KeyCode::PageUp, KeyModifiers::NONE),
            "pgdn" => (KeyCode::PageDown, KeyModifiers::NONE),
            "home" => (KeyCode::Home, KeyModifiers::NONE),
            "end" => (KeyCode::End, KeyModifiers::NONE),
            "lt" => (KeyCode::Char('<'), KeyModifiers::NONE),
            ctrl if ctrl.starts_with("c-") => (
                KeyCode::Char(ctrl.chars().nth(2).unwrap()),
                KeyModifiers::CONTROL,
            ),
            other => panic!("unknown key <{other}>"),
        };
        keys.push(KeyEvent::new(code, modifiers));
    }
    keys
}

/// Presses the keys of a script, as the event loop would.
pub fn press(app: &mut App, script: &str) {
    for key in parse(script) {
        if let Some(action) = keys::map_key(&key, app.key_mode()) {
            app.update(action);
        }
    }
}

pub fn selected_id(app: &App) -> Option<String> {
    app.selected_event()
        .map(|i| app.dataset().events[i].id().to_string())
}

pub fn listed_ids(app: &App) -> Vec<String> {
    app.matches()
        .events
        .iter()
        .map(|&i| app.dataset().events[i as usize].id().to_string())
        .collect()
}
