#![no_main]
//! Any key sequence, with resizes, on the browser's state over the built-in dataset:
//! updating and drawing never panic, and the selection stays within the list.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use demarche::query::Filter;
use demarche::tui::app::{Action, App};
use demarche::tui::keys;
use demarche::tui::theme::{Palette, Theme};
use libfuzzer_sys::fuzz_target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::OnceLock;

fn dataset() -> &'static demarche::model::Dataset {
    static DATASET: OnceLock<demarche::model::Dataset> = OnceLock::new();
    DATASET.get_or_init(|| demarche::load::builtin().expect("the built-in dataset"))
}

/// One input byte as a key: printable characters, the keys the browser binds, with
/// Ctrl on the high bit.
fn key(byte: u8) -> KeyEvent {
    const SPECIAL: [KeyCode; 12] = [
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Backspace,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Home,
    ];
    let modifiers = if byte & 0x80 != 0 {
        KeyModifiers::CONTROL
    } else {
        KeyModifiers::NONE
    };
    let low = byte & 0x7f;
    let code = match low {
        0x20..=0x7e => KeyCode::Char(low as char),
        n => SPECIAL[n as usize % SPECIAL.len()],
    };
    KeyEvent::new(code, modifiers)
}

fuzz_target!(|data: &[u8]| {
    let mut app = App::new(dataset().clone(), Filter::default());
    let theme = Theme::new(Palette::Default, false);
    let mut size = (80u16, 24u16);
    app.update(Action::Resize(size.0, size.1));
    let mut bytes = data.iter().copied();
    while let Some(byte) = bytes.next() {
        if byte == 0 {
            // A resize, from the next two bytes (1×1 to 255×255).
            let w = bytes.next().unwrap_or(80).max(1);
            let h = bytes.next().unwrap_or(24).max(1);
            size = (u16::from(w), u16::from(h));
            app.update(Action::Resize(size.0, size.1));
        } else if let Some(action) = keys::map_key(&key(byte), app.key_mode()) {
            if action == Action::Suspend || action == Action::Quit {
                continue;
            }
            app.update(action);
        }
        if let Some(position) = app.timeline().selected() {
            assert!(position < app.matches().len());
        }
        let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        terminal
            .draw(|frame| demarche::tui::view::draw(&app, &theme, frame))
            .unwrap();
    }
});
