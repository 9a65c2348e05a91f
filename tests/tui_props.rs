//! Property: whatever keys are pressed and however the terminal is resized, nothing panics,
//! and the selection always points at an event of the filtered set (none when it is empty).

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use demarche::tui::app::Action;
use demarche::tui::keys;
use demarche::tui::theme::{Palette, Theme};
use demarche::tui::view;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[derive(Debug, Clone)]
enum Input {
    Key(KeyEvent),
    Resize(u16, u16),
}

fn key() -> impl Strategy<Value = KeyEvent> {
    let codes = prop_oneof![
        // Weighted towards the keys that change state.
        6 => prop::sample::select(vec![
            'j', 'k', 'g', 'G', '[', ']', 'c', 'm', 't', '/', 'x', 'u', '?', ' ', 'a', 'z', 'k',
            '1', '2', '3', '4', 'b', 'h', 'l', '+', '-', 'w',
        ])
        .prop_map(KeyCode::Char),
        4 => prop::sample::select(vec![
            KeyCode::Enter, KeyCode::Esc, KeyCode::Tab, KeyCode::Up, KeyCode::Down,
            KeyCode::PageUp, KeyCode::PageDown, KeyCode::Home, KeyCode::End, KeyCode::Backspace,
            KeyCode::Left, KeyCode::Right,
        ]),
        1 => any::<char>().prop_map(KeyCode::Char),
    ];
    let modifiers = prop_oneof![
        8 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::SHIFT),
    ];
    (codes, modifiers).prop_map(|(code, modifiers)| KeyEvent::new(code, modifiers))
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        9 => key().prop_map(Input::Key),
        1 => (0u16..180, 0u16..60).prop_map(|(w, h)| Input::Resize(w, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_keys_and_resizes_keep_the_selection_valid(inputs in prop::collection::vec(input(), 1..60)) {
        let mut app = common::app(100, 30);
        let theme = Theme::new(Palette::Default, false);
        for input in inputs {
            let action = match input {
                Input::Key(key) => keys::map_key(&key, app.key_mode()),
                Input::Resize(w, h) => Some(Action::Resize(w, h)),
            };
            if let Some(Action::Quit) = action {
                continue; // Keep exploring instead of stopping at the first quit.
            }
            if let Some(action) = action {
                app.update(action);
            }
            let mut terminal = Terminal::new(TestBackend::new(app.size().0, app.size().1)).unwrap();
            terminal.draw(|frame| view::draw(&app, &theme, frame)).unwrap();

            match app.timeline().selected() {
                None => prop_assert!(app.matches().is_empty()),
                Some(position) => {
                    prop_assert!(position < app.matches().len());
                    // The timeline's own selection (in the context, the list shown is
                    // the context's, which sets the filter aside).
                    let index = app.timeline().selected_event().unwrap();
                    prop_assert!(app.filter().matches(app.dataset(), index));
                }
            }
            prop_assert!(app.timeline().offset() <= app.timeline().rows().len());
            // A grid screen's cursor is always on one of its cells.
            if let Some(cursor) = app.relations().cursor(app.screen()) {
                let grid = app.grid();
                prop_assert!(cursor.row < grid.rows.len().max(1));
                prop_assert!(cursor.column < grid.columns.len().max(1));
            }
            // The context's selection is one of its events.
            if let Some(context) = app.context() {
                let selected = context.timeline.selected_event();
                prop_assert!(selected.is_some_and(|i| context.timeline.matches().events.contains(&(i as u32))));
            }
        }
    }
}
