//! Keys and mouse to actions: a pure function of the input and what has the keyboard.

use super::app::{Action, Mode};
use super::picker::PickerKind;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// Which key map applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMode {
    Normal,
    Help,
    Search,
    Picker,
}

impl KeyMode {
    pub fn of(mode: &Mode) -> KeyMode {
        match mode {
            Mode::Normal => KeyMode::Normal,
            Mode::Help => KeyMode::Help,
            Mode::Search { .. } => KeyMode::Search,
            Mode::Picker(_) => KeyMode::Picker,
        }
    }
}

pub fn map_event(event: &Event, mode: KeyMode) -> Option<Action> {
    match event {
        Event::Key(key) => map_key(key, mode),
        Event::Mouse(mouse) => map_mouse(mouse),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        _ => None,
    }
}

pub fn map_key(key: &KeyEvent, mode: KeyMode) -> Option<Action> {
    // Some terminals report releases and repeats too; act once per press.
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    let shared = match key.code {
        KeyCode::Up => Some(Action::Up),
        KeyCode::Down => Some(Action::Down),
        KeyCode::PageUp => Some(Action::PageUp),
        KeyCode::PageDown => Some(Action::PageDown),
        KeyCode::Home => Some(Action::Top),
        KeyCode::End => Some(Action::Bottom),
        KeyCode::Esc => Some(Action::Back),
        KeyCode::Enter => Some(Action::Accept),
        _ => None,
    };
    match mode {
        KeyMode::Normal => normal(key, ctrl).or(shared),
        KeyMode::Help => match key.code {
            KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Esc | KeyCode::Enter => {
                Some(Action::ToggleHelp)
            }
            KeyCode::Char('k') | KeyCode::Up => Some(Action::Up),
            KeyCode::Char('j') | KeyCode::Down => Some(Action::Down),
            KeyCode::Char('g') | KeyCode::Home => Some(Action::Top),
            KeyCode::Char('G') | KeyCode::End => Some(Action::Bottom),
            _ => None,
        },
        KeyMode::Search | KeyMode::Picker => text_entry(key, ctrl, mode).or(shared),
    }
}

fn normal(key: &KeyEvent, ctrl: bool) -> Option<Action> {
    if ctrl {
        return match key.code {
            KeyCode::Char('u') => Some(Action::HalfPageUp),
            KeyCode::Char('d') => Some(Action::HalfPageDown),
            _ => None,
        };
    }
    Some(match key.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('k') => Action::Up,
        KeyCode::Char('j') => Action::Down,
        KeyCode::Char('g') => Action::Top,
        KeyCode::Char('G') => Action::Bottom,
        KeyCode::Char('[') => Action::PreviousPeriod,
        KeyCode::Char(']') => Action::NextPeriod,
        KeyCode::Enter => Action::ToggleDetail,
        KeyCode::Tab | KeyCode::BackTab => Action::ToggleFocus,
        KeyCode::Char('c') => Action::OpenPicker(PickerKind::Country),
        KeyCode::Char('m') => Action::OpenPicker(PickerKind::Month),
        KeyCode::Char('t') => Action::OpenPicker(PickerKind::Kind),
        KeyCode::Char('/') => Action::OpenSearch,
        KeyCode::Char('x') => Action::ClearFilters,
        KeyCode::Char('u') => Action::Undo,
        KeyCode::Char('?') => Action::ToggleHelp,
        _ => return None,
    })
}

/// Search and pickers: printable keys type; Space toggles in pickers.
fn text_entry(key: &KeyEvent, ctrl: bool, mode: KeyMode) -> Option<Action> {
    if ctrl {
        return match key.code {
            KeyCode::Char('u') => Some(Action::ClearInput),
            KeyCode::Char('a') if mode == KeyMode::Picker => Some(Action::ToggleMatch),
            KeyCode::Char('p') => Some(Action::Up),
            KeyCode::Char('n') => Some(Action::Down),
            _ => None,
        };
    }
    match key.code {
        KeyCode::Char(' ') if mode == KeyMode::Picker => Some(Action::ToggleItem),
        KeyCode::Tab if mode == KeyMode::Picker => Some(Action::ToggleMatch),
        KeyCode::Char(c) if !c.is_control() => Some(Action::Input(c)),
        KeyCode::Backspace => Some(Action::Backspace),
        _ => None,
    }
}

fn map_mouse(mouse: &MouseEvent) -> Option<Action> {
    let (column, row) = (mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::ScrollUp => Some(Action::WheelUp { column, row }),
        MouseEventKind::ScrollDown => Some(Action::WheelDown { column, row }),
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventState;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn only_presses_count() {
        let mut release = press(KeyCode::Char('j'));
        release.kind = KeyEventKind::Release;
        assert_eq!(map_key(&release, KeyMode::Normal), None);
        let mut repeat = press(KeyCode::Char('j'));
        repeat.kind = KeyEventKind::Repeat;
        repeat.state = KeyEventState::NONE;
        assert_eq!(map_key(&repeat, KeyMode::Normal), None);
        assert_eq!(
            map_key(&press(KeyCode::Char('j')), KeyMode::Normal),
            Some(Action::Down)
        );
    }

    #[test]
    fn ctrl_c_quits_everywhere() {
        let key = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in [
            KeyMode::Normal,
            KeyMode::Help,
            KeyMode::Search,
            KeyMode::Picker,
        ] {
            assert_eq!(map_key(&key, mode), Some(Action::Quit));
        }
    }

    #[test]
    fn letters_are_commands_in_normal_mode_and_text_elsewhere() {
        let c = press(KeyCode::Char('c'));
        assert_eq!(
            map_key(&c, KeyMode::Normal),
            Some(Action::OpenPicker(PickerKind::Country))
        );
        assert_eq!(map_key(&c, KeyMode::Search), Some(Action::Input('c')));
        assert_eq!(map_key(&c, KeyMode::Picker), Some(Action::Input('c')));
        let space = press(KeyCode::Char(' '));
        assert_eq!(map_key(&space, KeyMode::Picker), Some(Action::ToggleItem));
        assert_eq!(map_key(&space, KeyMode::Search), Some(Action::Input(' ')));
        let ctrl_a = KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL);
        assert_eq!(map_key(&ctrl_a, KeyMode::Picker), Some(Action::ToggleMatch));
    }

    #[test]
    fn navigation_keys() {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(
            map_key(&ctrl('d'), KeyMode::Normal),
            Some(Action::HalfPageDown)
        );
        assert_eq!(
            map_key(&ctrl('u'), KeyMode::Normal),
            Some(Action::HalfPageUp)
        );
        assert_eq!(
            map_key(&press(KeyCode::Char('G')), KeyMode::Normal),
            Some(Action::Bottom)
        );
        assert_eq!(
            map_key(&press(KeyCode::Home), KeyMode::Normal),
            Some(Action::Top)
        );
        assert_eq!(
            map_key(&press(KeyCode::Char(']')), KeyMode::Normal),
            Some(Action::NextPeriod)
        );
        assert_eq!(
            map_key(&press(KeyCode::Enter), KeyMode::Normal),
            Some(Action::ToggleDetail)
        );
        assert_eq!(
            map_key(&press(KeyCode::Enter), KeyMode::Picker),
            Some(Action::Accept)
        );
        assert_eq!(
            map_key(&press(KeyCode::Esc), KeyMode::Normal),
            Some(Action::Back)
        );
        assert_eq!(
            map_key(&press(KeyCode::Char('?')), KeyMode::Help),
            Some(Action::ToggleHelp)
        );
        assert_eq!(map_key(&press(KeyCode::Char('x')), KeyMode::Help), None);
    }
}
