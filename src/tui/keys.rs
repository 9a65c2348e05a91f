//! Every key binding, as data: one table says which key does what in which mode, how the
//! footer labels it and how the help screen explains it. The key map, the footer, the help
//! screen and every on-screen hint read this table, so they cannot disagree; to add or
//! rebind a key, edit `BINDINGS` and nothing else. A user's own keys (the config file's
//! `[keys]`) make a copy of the table with those keys, checked for conflicts, which is
//! then the table in use.

use super::app::Action;
use super::picker::PickerKind;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// Which part of the table applies: what has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMode {
    /// The timeline has the keyboard.
    Normal,
    /// The detail has the keyboard (focused with Tab, or full screen): arrows scroll it.
    Detail,
    /// The context of an event has the keyboard: a list, like the timeline's.
    Context,
    /// The lanes, the heatmap or the ledger: a cursor over cells.
    Grid,
    Help,
    Search,
    Picker,
    /// Writing the view to a file: a format and a file name.
    Export,
    /// Writing an event's tags or note.
    Prompt,
}

impl KeyMode {
    /// The section heading on the help screen.
    pub fn title(self) -> &'static str {
        match self {
            KeyMode::Normal => "Timeline",
            KeyMode::Detail => "Detail (when it has the keyboard)",
            KeyMode::Context => "Context (the days around an event, filters set aside)",
            KeyMode::Grid => "Lanes, heatmap and ledger",
            KeyMode::Picker => "In a picker (and the editing keys above)",
            KeyMode::Search => "Typing a search or a picker's query",
            KeyMode::Help => "Reading this page (or the about page)",
            KeyMode::Export => "Writing the view to a file",
            KeyMode::Prompt => "Writing an event's tags or note",
        }
    }

    pub const ALL: [KeyMode; 9] = [
        KeyMode::Normal,
        KeyMode::Detail,
        KeyMode::Context,
        KeyMode::Grid,
        KeyMode::Search,
        KeyMode::Picker,
        KeyMode::Export,
        KeyMode::Prompt,
        KeyMode::Help,
    ];
}

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Plain(KeyCode),
    Ctrl(char),
    /// Any printable character not bound otherwise in the mode: typed text.
    Typed,
}

impl Key {
    /// How the key is written on screen ("↑", "Enter", "^u", "q").
    pub fn name(self) -> String {
        match self {
            Key::Plain(code) => match code {
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "S-Tab".into(),
                KeyCode::Backspace => "Bksp".into(),
                KeyCode::Char(' ') => "Space".into(),
                KeyCode::Char(c) => c.to_string(),
                other => format!("{other:?}"),
            },
            Key::Ctrl(c) => format!("^{c}"),
            Key::Typed => "type".into(),
        }
    }

    fn is_arrow(self) -> bool {
        matches!(
            self,
            Key::Plain(KeyCode::Up | KeyCode::Down | KeyCode::Left | KeyCode::Right)
        )
    }

    fn matches(self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match self {
            Key::Ctrl(c) => ctrl && key.code == KeyCode::Char(c),
            Key::Plain(code) => !ctrl && key.code == code,
            Key::Typed => !ctrl && matches!(key.code, KeyCode::Char(c) if !c.is_control()),
        }
    }
}

/// Stands for the typed character in the table's `Key::Typed` rows.
const TYPED: char = '\0';

/// One binding: in `modes`, `key` does `action`.
#[derive(Debug, Clone)]
pub struct Binding {
    pub modes: &'static [KeyMode],
    pub key: Key,
    pub action: Action,
    /// The footer's word for it ("move", "quit"); bindings with the same label in a mode
    /// share one hint ("↑↓ move"). Empty: not in the footer.
    pub label: &'static str,
    /// Which footer hints give way first when the line is too narrow: higher goes first;
    /// 0 is never dropped (help and quit).
    pub priority: u8,
    /// The help screen's line; bindings with the same line in a mode share it.
    pub help: &'static str,
}

use KeyMode::{Context, Detail, Export, Grid, Help, Normal, Picker, Prompt, Search};

/// Every mode where the screen has the keys (nothing open over it).
const BROWSE: &[KeyMode] = &[Normal, Detail, Context, Grid];
/// Where a list of events is shown: the timeline or the context.
const LIST: &[KeyMode] = &[Normal, Context];
const LIST_OR_DETAIL: &[KeyMode] = &[Normal, Detail, Context];
const TEXT: &[KeyMode] = &[Search, Picker, Export, Prompt];
const EVERY: &[KeyMode] = &[
    Normal, Detail, Context, Grid, Help, Search, Picker, Export, Prompt,
];

const fn bind(
    modes: &'static [KeyMode],
    key: Key,
    action: Action,
    label: &'static str,
    priority: u8,
    help: &'static str,
) -> Binding {
    Binding {
        modes,
        key,
        action,
        label,
        priority,
        help,
    }
}

use super::layout::Screen;
use Key::{Ctrl, Plain, Typed};
use KeyCode::{
    BackTab, Backspace, Char, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab,
    Up as UpKey,
};

/// The whole key map. The first binding that matches a key in the current mode wins, and
/// `Typed` rows only take keys no other row of the mode binds; the order is otherwise the
/// order of the footer and the help screen.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    // The detail, when it has the keyboard.
    bind(&[Detail], Plain(UpKey), Action::Up, "scroll", 1, "scroll the detail"),
    bind(&[Detail], Plain(Down), Action::Down, "scroll", 1, "scroll the detail"),
    bind(&[Detail], Plain(Char('k')), Action::Up, "", 0, "scroll the detail"),
    bind(&[Detail], Plain(Char('j')), Action::Down, "", 0, "scroll the detail"),
    bind(&[Detail], Plain(Home), Action::Top, "", 0, "the detail's top / end"),
    bind(&[Detail], Plain(End), Action::Bottom, "", 0, "the detail's top / end"),
    bind(&[Detail], Plain(Char('g')), Action::Top, "", 0, "the detail's top / end"),
    bind(&[Detail], Plain(Char('G')), Action::Bottom, "", 0, "the detail's top / end"),
    bind(&[Detail], Plain(Char('n')), Action::NextEvent, "next/prev", 3, "the next / previous event"),
    bind(&[Detail], Plain(Char('p')), Action::PreviousEvent, "next/prev", 3, "the next / previous event"),
    bind(&[Detail], Plain(Enter), Action::Back, "back", 2, "back to the timeline"),
    bind(&[Detail], Plain(Esc), Action::Back, "back", 2, "back to the timeline"),
    // The timeline (and the context, a list of events too).
    bind(LIST, Plain(UpKey), Action::Up, "move", 1, "move through events"),
    bind(LIST, Plain(Down), Action::Down, "move", 1, "move through events"),
    bind(LIST, Plain(Char('k')), Action::Up, "", 0, "move through events"),
    bind(LIST, Plain(Char('j')), Action::Down, "", 0, "move through events"),
    bind(LIST_OR_DETAIL, Plain(PageUp), Action::PageUp, "", 0, "a page up / down"),
    bind(LIST_OR_DETAIL, Plain(PageDown), Action::PageDown, "", 0, "a page up / down"),
    bind(LIST_OR_DETAIL, Ctrl('u'), Action::HalfPageUp, "", 0, "half a page up / down"),
    bind(LIST_OR_DETAIL, Ctrl('d'), Action::HalfPageDown, "", 0, "half a page up / down"),
    bind(LIST, Plain(Home), Action::Top, "", 0, "first / last event"),
    bind(LIST, Plain(End), Action::Bottom, "", 0, "first / last event"),
    bind(LIST, Plain(Char('g')), Action::Top, "", 0, "first / last event"),
    bind(LIST, Plain(Char('G')), Action::Bottom, "", 0, "first / last event"),
    bind(LIST_OR_DETAIL, Plain(Char('[')), Action::PreviousPeriod, "", 0, "previous / next month heading"),
    bind(LIST_OR_DETAIL, Plain(Char(']')), Action::NextPeriod, "", 0, "previous / next month heading"),
    bind(LIST, Plain(Enter), Action::OpenDetail, "detail", 2, "show the event's detail, or go to it"),
    bind(LIST, Plain(Char('n')), Action::NextMatch, "", 0, "the next / previous search match"),
    bind(LIST, Plain(Char('N')), Action::PreviousMatch, "", 0, "the next / previous search match"),
    bind(LIST_OR_DETAIL, Plain(Char('d')), Action::ToggleDetail, "", 0, "show or hide the detail"),
    bind(LIST_OR_DETAIL, Plain(Char('<')), Action::NarrowPane, "", 0, "a narrower / wider detail pane"),
    bind(LIST_OR_DETAIL, Plain(Char('>')), Action::WidenPane, "", 0, "a narrower / wider detail pane"),
    bind(LIST_OR_DETAIL, Plain(Tab), Action::ToggleFocus, "", 0, "keys to the timeline or the detail"),
    bind(LIST_OR_DETAIL, Plain(BackTab), Action::ToggleFocus, "", 0, "keys to the timeline or the detail"),
    bind(LIST_OR_DETAIL, Plain(Char('z')), Action::OpenContext, "context", 4, "the days around this event, unfiltered"),
    // The context.
    bind(&[Context], Plain(Char('+')), Action::WidenContext, "days", 2, "reach more / fewer days either side"),
    bind(&[Context], Plain(Char('=')), Action::WidenContext, "", 0, "reach more / fewer days either side"),
    bind(&[Context], Plain(Char('-')), Action::NarrowContext, "days", 2, "reach more / fewer days either side"),
    bind(&[Context], Plain(Esc), Action::Back, "back", 1, "back to where it was opened, as it was"),
    // The lanes, the heatmap and the ledger.
    bind(&[Grid], Plain(UpKey), Action::Up, "move", 1, "move between cells"),
    bind(&[Grid], Plain(Down), Action::Down, "move", 1, "move between cells"),
    bind(&[Grid], Plain(Left), Action::Left, "move", 1, "move between cells"),
    bind(&[Grid], Plain(Right), Action::Right, "move", 1, "move between cells"),
    bind(&[Grid], Plain(Char('k')), Action::Up, "", 0, "move between cells, vi's way"),
    bind(&[Grid], Plain(Char('j')), Action::Down, "", 0, "move between cells, vi's way"),
    bind(&[Grid], Plain(Char('h')), Action::Left, "", 0, "move between cells, vi's way"),
    bind(&[Grid], Plain(Char('l')), Action::Right, "", 0, "move between cells, vi's way"),
    bind(&[Grid], Plain(PageUp), Action::PageUp, "", 0, "a page of rows up / down"),
    bind(&[Grid], Plain(PageDown), Action::PageDown, "", 0, "a page of rows up / down"),
    bind(&[Grid], Plain(Char('g')), Action::Top, "", 0, "first / last row"),
    bind(&[Grid], Plain(Char('G')), Action::Bottom, "", 0, "first / last row"),
    bind(&[Grid], Plain(Home), Action::PreviousPeriod, "", 0, "first / last column"),
    bind(&[Grid], Plain(End), Action::NextPeriod, "", 0, "first / last column"),
    bind(&[Grid], Plain(Enter), Action::Narrow, "show cell", 2, "narrow the filter to the cell, show it"),
    bind(&[Grid], Plain(Char('b')), Action::ToggleLanes, "lanes by", 5, "lanes: by country or by kind"),
    bind(&[Grid], Plain(Esc), Action::Back, "", 0, "closes nothing; 1 is the timeline"),
    // Every screen.
    bind(BROWSE, Plain(Char('1')), Action::Show(Screen::Timeline), "screens", 3, "screens: timeline, lanes, heatmap, ledger"),
    bind(BROWSE, Plain(Char('2')), Action::Show(Screen::Lanes), "screens", 3, "screens: timeline, lanes, heatmap, ledger"),
    bind(BROWSE, Plain(Char('3')), Action::Show(Screen::Heatmap), "screens", 3, "screens: timeline, lanes, heatmap, ledger"),
    bind(BROWSE, Plain(Char('4')), Action::Show(Screen::Ledger), "screens", 3, "screens: timeline, lanes, heatmap, ledger"),
    bind(BROWSE, Plain(Char('c')), Action::OpenPicker(PickerKind::Country), "country", 3, "pick countries"),
    bind(BROWSE, Plain(Char('m')), Action::OpenPicker(PickerKind::Month), "month", 4, "pick months"),
    bind(BROWSE, Plain(Char('t')), Action::OpenPicker(PickerKind::Kind), "kind", 5, "pick kinds"),
    bind(BROWSE, Plain(Char('v')), Action::SaveView, "", 0, "save the filters as a view / open a view"),
    bind(BROWSE, Plain(Char('V')), Action::OpenView, "", 0, "save the filters as a view / open a view"),
    bind(BROWSE, Plain(Char('*')), Action::OpenPicker(PickerKind::Mark), "", 0, "pick marks: starred, your tags"),
    bind(BROWSE, Plain(Char('/')), Action::OpenSearch, "search", 3, "search as you type"),
    bind(BROWSE, Plain(Char('x')), Action::ClearFilters, "clear", 6, "clear all filters"),
    bind(BROWSE, Plain(Char('u')), Action::Undo, "undo", 6, "undo the last filter change"),
    bind(BROWSE, Ctrl('r'), Action::Redo, "", 0, "redo what was undone"),
    bind(LIST_OR_DETAIL, Plain(Char('s')), Action::ToggleStar, "star", 8, "star the event, or take its star away"),
    bind(LIST_OR_DETAIL, Plain(Char('#')), Action::EditTags, "", 0, "write the event's tags / its note"),
    bind(LIST_OR_DETAIL, Plain(Char('a')), Action::EditNote, "", 0, "write the event's tags / its note"),
    bind(LIST_OR_DETAIL, Plain(Char('o')), Action::OpenSource, "", 0, "open the event's source in the web browser"),
    bind(LIST_OR_DETAIL, Plain(Char('y')), Action::CopyId, "", 0, "copy the event's id / its JSON"),
    bind(LIST_OR_DETAIL, Plain(Char('Y')), Action::CopyJson, "", 0, "copy the event's id / its JSON"),
    bind(LIST_OR_DETAIL, Plain(Char('e')), Action::Edit, "edit", 8, "edit the event in $EDITOR, then reload"),
    bind(BROWSE, Plain(Char('r')), Action::Reload, "", 0, "read the data file again"),
    bind(BROWSE, Plain(Char('w')), Action::OpenExport, "write", 8, "write the view to a file"),
    bind(BROWSE, Plain(Char('i')), Action::ToggleAbout, "about", 7, "about the dataset: description, sources"),
    bind(BROWSE, Plain(Char('?')), Action::ToggleHelp, "help", 0, "this help"),
    bind(BROWSE, Plain(Char('q')), Action::Quit, "quit", 0, "quit"),
    bind(&[Normal], Plain(Esc), Action::Back, "", 0, "closes what is open; never quits"),
    // Pickers and the search line: printable keys type.
    bind(&[Picker], Typed, Action::Input(TYPED), "to narrow", 2, "narrow the list (Space too)"),
    bind(&[Picker], Plain(Tab), Action::ToggleItem, "tick", 1, "tick or untick, then move down / up"),
    bind(&[Picker], Plain(BackTab), Action::ToggleItemUp, "", 0, "tick or untick, then move down / up"),
    bind(&[Picker], Plain(Enter), Action::Accept, "apply", 0, "apply what is ticked, or the highlighted"),
    bind(&[Picker], Plain(Esc), Action::Back, "cancel", 0, "cancel"),
    bind(&[Picker], Ctrl('a'), Action::ToggleShown, "all shown", 5, "tick (or untick) every value shown"),
    bind(&[Picker], Ctrl('t'), Action::ToggleMatch, "any/all", 3, "countries: match any or all of them"),
    bind(&[Picker], Ctrl('w'), Action::ToggleCounterpart, "with", 3, "countries: tick as a counterpart (with)"),
    bind(&[Picker], Ctrl('e'), Action::TickRange, "range", 4, "months: tick from the last ticked to here"),
    bind(&[Picker], Ctrl('y'), Action::TickYear, "year", 4, "months: tick the whole year"),
    bind(&[Picker], Ctrl('x'), Action::ClearPicker, "", 0, "clear this filter"),
    bind(&[Picker], Plain(PageUp), Action::PageUp, "", 0, "a page up / down"),
    bind(&[Picker], Plain(PageDown), Action::PageDown, "", 0, "a page up / down"),
    bind(&[Picker], Plain(Home), Action::Top, "", 0, "first / last value"),
    bind(&[Picker], Plain(End), Action::Bottom, "", 0, "first / last value"),
    bind(&[Search], Typed, Action::Input(TYPED), "", 0, "the words to find; the timeline follows"),
    bind(&[Search], Plain(Enter), Action::Accept, "keep", 1, "keep the search"),
    bind(&[Search], Plain(Esc), Action::Back, "restore", 2, "restore the previous search"),
    bind(&[Search], Plain(UpKey), Action::OlderSearch, "history", 4, "an earlier / later search"),
    bind(&[Search], Plain(Down), Action::NewerSearch, "history", 4, "an earlier / later search"),
    bind(&[Prompt], Typed, Action::Input(TYPED), "", 0, "tags: words, space apart; a note: any text"),
    bind(&[Prompt], Plain(Enter), Action::Accept, "keep", 0, "keep them (in the marks file)"),
    bind(&[Prompt], Plain(Esc), Action::Back, "cancel", 0, "leave them as they were"),
    bind(&[Prompt], Plain(Tab), Action::ToggleItem, "complete", 2, "complete a tag or a view's name"),
    bind(&[Export], Typed, Action::Input(TYPED), "", 0, "the file's name (~/ is your home folder)"),
    bind(&[Export], Plain(Enter), Action::Accept, "write", 0, "write the file (asks before replacing one)"),
    bind(&[Export], Plain(Esc), Action::Back, "cancel", 0, "cancel"),
    bind(&[Export], Plain(UpKey), Action::Up, "format", 1, "choose the format"),
    bind(&[Export], Plain(Down), Action::Down, "format", 1, "choose the format"),
    bind(&[Export], Plain(Tab), Action::ToggleItem, "", 0, "choose the format"),
    bind(&[Export], Plain(BackTab), Action::ToggleItemUp, "", 0, "choose the format"),
    bind(&[Picker], Plain(UpKey), Action::Up, "move", 4, "move"),
    bind(&[Picker], Plain(Down), Action::Down, "move", 4, "move"),
    bind(TEXT, Ctrl('p'), Action::Up, "", 0, "move through the list"),
    bind(TEXT, Ctrl('n'), Action::Down, "", 0, "move through the list"),
    bind(TEXT, Plain(Backspace), Action::Backspace, "", 0, "delete a character"),
    bind(TEXT, Ctrl('u'), Action::ClearInput, "", 0, "clear what was typed"),
    // The help screen.
    bind(&[Help], Plain(UpKey), Action::Up, "scroll", 1, "scroll"),
    bind(&[Help], Plain(Down), Action::Down, "scroll", 1, "scroll"),
    bind(&[Help], Plain(Char('k')), Action::Up, "", 0, "scroll"),
    bind(&[Help], Plain(Char('j')), Action::Down, "", 0, "scroll"),
    bind(&[Help], Plain(Home), Action::Top, "", 0, "top / bottom"),
    bind(&[Help], Plain(End), Action::Bottom, "", 0, "top / bottom"),
    bind(&[Help], Plain(Char('g')), Action::Top, "", 0, "top / bottom"),
    bind(&[Help], Plain(Char('G')), Action::Bottom, "", 0, "top / bottom"),
    bind(&[Help], Plain(Esc), Action::Back, "close", 0, "close the page"),
    bind(&[Help], Plain(Char('q')), Action::Back, "close", 0, "close the page"),
    bind(&[Help], Plain(Enter), Action::Back, "", 0, "close the page"),
    bind(&[Help], Plain(PageUp), Action::PageUp, "", 0, "a page up / down"),
    bind(&[Help], Plain(PageDown), Action::PageDown, "", 0, "a page up / down"),
    bind(&[Help], Plain(Char('?')), Action::ToggleHelp, "keys", 5, "the keys (this page)"),
    bind(&[Help], Plain(Char('i')), Action::ToggleAbout, "about", 5, "about the dataset"),
    bind(EVERY, Ctrl('z'), Action::Suspend, "", 0, "back to the shell; fg returns"),
    // Last, so that it comes last in every footer.
    bind(EVERY, Ctrl('c'), Action::Quit, "quit", 0, "quit, from anywhere"),
];

/// The table in use: `BINDINGS`, or the table the config file's `[keys]` made from it.
static ACTIVE: std::sync::OnceLock<Vec<Binding>> = std::sync::OnceLock::new();

fn table() -> &'static [Binding] {
    ACTIVE.get().map_or(BINDINGS, Vec::as_slice)
}

/// The bindings of a mode, in table order.
pub fn bindings(mode: KeyMode) -> impl Iterator<Item = &'static Binding> {
    table().iter().filter(move |b| b.modes.contains(&mode))
}

/// The actions a user may give keys of their own, by the names the config file's
/// `[keys]` uses.
pub const NAMES: &[(&str, Action)] = &[
    ("quit", Action::Quit),
    ("help", Action::ToggleHelp),
    ("about", Action::ToggleAbout),
    ("search", Action::OpenSearch),
    ("country", Action::OpenPicker(PickerKind::Country)),
    ("month", Action::OpenPicker(PickerKind::Month)),
    ("kind", Action::OpenPicker(PickerKind::Kind)),
    ("marks", Action::OpenPicker(PickerKind::Mark)),
    ("clear", Action::ClearFilters),
    ("undo", Action::Undo),
    ("redo", Action::Redo),
    ("write", Action::OpenExport),
    ("edit", Action::Edit),
    ("star", Action::ToggleStar),
    ("tags", Action::EditTags),
    ("save-view", Action::SaveView),
    ("open-view", Action::OpenView),
    ("note", Action::EditNote),
    ("open", Action::OpenSource),
    ("copy-id", Action::CopyId),
    ("copy-json", Action::CopyJson),
    ("reload", Action::Reload),
    ("context", Action::OpenContext),
    ("detail", Action::ToggleDetail),
    ("next-match", Action::NextMatch),
    ("previous-match", Action::PreviousMatch),
    ("timeline", Action::Show(Screen::Timeline)),
    ("lanes", Action::Show(Screen::Lanes)),
    ("heatmap", Action::Show(Screen::Heatmap)),
    ("ledger", Action::Show(Screen::Ledger)),
    ("up", Action::Up),
    ("down", Action::Down),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("narrower", Action::NarrowPane),
    ("wider", Action::WidenPane),
];

/// A key as a config file writes it: one character (`s`, `S`, `?`), `ctrl-x`, or a name
/// (`Enter`, `Esc`, `Tab`, `Space`, `Backspace`, `Up`, `Down`, `Left`, `Right`,
/// `PageUp`, `PageDown`, `Home`, `End`, `F1`…`F12`), any case for names.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && !c.is_control()
    {
        return Ok(Plain(Char(c)));
    }
    let lower = text.to_ascii_lowercase();
    if let Some(rest) = lower
        .strip_prefix("ctrl-")
        .or_else(|| lower.strip_prefix("c-"))
    {
        let mut chars = rest.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && c.is_ascii_alphanumeric()
        {
            return Ok(Ctrl(c));
        }
    }
    let code = match lower.as_str() {
        "enter" | "return" => Enter,
        "esc" | "escape" => Esc,
        "tab" => Tab,
        "space" => Char(' '),
        "backspace" => Backspace,
        "up" => UpKey,
        "down" => Down,
        "left" => Left,
        "right" => Right,
        "pageup" | "pgup" => PageUp,
        "pagedown" | "pgdn" => PageDown,
        "home" => Home,
        "end" => End,
        f if f.starts_with('f') && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) => {
            KeyCode::F(f[1..].parse().expect("checked"))
        }
        _ => {
            return Err(format!(
                "'{}' is not a key: write one character (\"s\"), \"ctrl-s\", or a name \
                 such as \"Enter\", \"F2\" or \"PageDown\"",
                crate::text::escape(text)
            ));
        }
    };
    Ok(Plain(code))
}

/// Keys bound twice in one mode to different actions: "s in Timeline: search and …".
pub fn conflicts(table: &[Binding]) -> Vec<String> {
    let mut found = Vec::new();
    for mode in KeyMode::ALL {
        let bound: Vec<&Binding> = table.iter().filter(|b| b.modes.contains(&mode)).collect();
        for (i, a) in bound.iter().enumerate() {
            if a.key == Typed {
                continue;
            }
            if let Some(b) = bound[i + 1..]
                .iter()
                .find(|b| b.key == a.key && b.action != a.action)
            {
                found.push(format!(
                    "{} in {} would both {} and {}",
                    a.key.name(),
                    mode.title(),
                    a.help,
                    b.help
                ));
            }
        }
    }
    found
}

/// The key table with the user's keys: for each (action name, key), the action's
/// letter and Ctrl keys give way to the new key where keys are commands (its arrows,
/// Enter and the like stay, as do the keys of the text-entry modes and those every mode
/// shares, such as Ctrl-c).
/// What cannot be applied (an unknown action or key, or a key another action has in the
/// same place) is left as it was and said, one line each.
pub fn rebound(keys: &[(String, String)]) -> (Vec<Binding>, Vec<(usize, String)>) {
    let mut table = BINDINGS.to_vec();
    let mut problems = Vec::new();
    for (entry, (name, text)) in keys.iter().enumerate() {
        let mut problem = |message: String| problems.push((entry, message));
        let Some((_, action)) = NAMES.iter().find(|(n, _)| n == name) else {
            let hint = crate::text::did_you_mean(name, NAMES.iter().map(|(n, _)| *n));
            problem(format!(
                "'{}' is not an action{hint}{} the actions are {}",
                crate::text::escape(name),
                if hint.is_empty() { ";" } else { "" },
                NAMES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            ));
            continue;
        };
        let key = match parse_key(text) {
            Ok(key) => key,
            Err(message) => {
                problem(format!("{name}: {message}"));
                continue;
            }
        };
        let mut changed = table.clone();
        let mut replaced = false;
        // Only where keys are commands: typing keys (the search line, a picker, a file
        // name) and the keys every mode shares (Ctrl-c quits, Ctrl-z suspends) stay.
        let typing = |b: &Binding| b.modes.iter().any(|m| TEXT.contains(m));
        for b in changed.iter_mut() {
            if &b.action == action && matches!(b.key, Plain(Char(_)) | Ctrl(_)) && !typing(b) {
                b.key = key;
                replaced = true;
            }
        }
        if !replaced {
            problem(format!(
                "{name} has no letter key to replace; it keeps its keys"
            ));
            continue;
        }
        match conflicts(&changed).first() {
            Some(conflict) => problem(format!(
                "{name} = \"{}\" is taken ({conflict}); {name} keeps its key",
                crate::text::escape(text)
            )),
            None => table = changed,
        }
    }
    (table, problems)
}

/// Puts a key table in use, for the whole run (the first call wins).
pub fn install(table: Vec<Binding>) {
    let _ = ACTIVE.set(table);
}

/// The first key bound to `action` in `mode`, as written on screen ("x" for clearing).
pub fn key_for(mode: KeyMode, action: &Action) -> Option<String> {
    bindings(mode)
        .find(|b| &b.action == action)
        .map(|b| b.key.name())
}

/// Several keys written as one: "↑↓" for arrows, "?/Esc" otherwise.
fn join(keys: &[Key]) -> String {
    let separator = if keys.iter().all(|k| k.is_arrow()) {
        ""
    } else {
        "/"
    };
    let names: Vec<String> = keys.iter().map(|k| k.name()).collect();
    names.join(separator)
}

/// A footer hint: the keys, the word, and how soon it gives way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub keys: String,
    pub label: &'static str,
    pub priority: u8,
    pub action: Action,
}

impl Hint {
    /// The hint as a border or a line writes it: "Esc close".
    pub fn text(&self) -> String {
        format!("{} {}", self.keys, self.label)
    }
}

/// The footer's hints for a mode, in table order, bindings with one label merged.
pub fn hints(mode: KeyMode) -> Vec<Hint> {
    let mut merged: Vec<(Vec<Key>, &'static Binding)> = Vec::new();
    for b in bindings(mode).filter(|b| !b.label.is_empty()) {
        match merged.iter_mut().find(|(_, first)| first.label == b.label) {
            Some((keys, _)) => keys.push(b.key),
            None => merged.push((vec![b.key], b)),
        }
    }
    merged
        .into_iter()
        .map(|(keys, b)| Hint {
            keys: join(&keys),
            label: b.label,
            priority: b.priority,
            action: b.action.clone(),
        })
        .collect()
}

/// A help-screen line: every key of a mode that shares one explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    pub keys: String,
    pub help: &'static str,
}

/// The help screen's lines for a mode: the bindings listed first under this mode (so a
/// key shared by the timeline and the detail is explained once, under the timeline).
pub fn help_lines(mode: KeyMode) -> Vec<HelpLine> {
    let mut lines: Vec<(Vec<String>, &'static str)> = Vec::new();
    let own = table().iter().filter(|b| {
        b.modes.contains(&mode) && KeyMode::ALL.iter().find(|m| b.modes.contains(m)) == Some(&mode)
    });
    for b in own {
        let name = b.key.name();
        match lines.iter_mut().find(|(_, help)| *help == b.help) {
            Some((keys, _)) if !keys.contains(&name) => keys.push(name),
            Some(_) => {}
            None => lines.push((vec![name], b.help)),
        }
    }
    lines
        .into_iter()
        .map(|(keys, help)| HelpLine {
            keys: keys.join(" "),
            help,
        })
        .collect()
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
    let bound = |b: &&Binding| b.key != Key::Typed && b.key.matches(key);
    let typed = |b: &&Binding| b.key == Key::Typed && b.key.matches(key);
    let binding = bindings(mode)
        .find(bound)
        .or_else(|| bindings(mode).find(typed))?;
    Some(match (binding.key, key.code) {
        (Key::Typed, KeyCode::Char(c)) => Action::Input(c),
        _ => binding.action.clone(),
    })
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
        for mode in KeyMode::ALL {
            assert_eq!(map_key(&key, mode), Some(Action::Quit));
        }
    }

    #[test]
    fn letters_are_commands_when_browsing_and_text_elsewhere() {
        let c = press(KeyCode::Char('c'));
        for mode in [KeyMode::Normal, KeyMode::Detail] {
            let picker = Some(Action::OpenPicker(PickerKind::Country));
            assert_eq!(map_key(&c, mode), picker);
        }
        assert_eq!(map_key(&c, KeyMode::Search), Some(Action::Input('c')));
        assert_eq!(map_key(&c, KeyMode::Picker), Some(Action::Input('c')));
        let space = press(KeyCode::Char(' '));
        assert_eq!(map_key(&space, KeyMode::Picker), Some(Action::Input(' ')));
        assert_eq!(map_key(&space, KeyMode::Search), Some(Action::Input(' ')));
        let tab = press(KeyCode::Tab);
        assert_eq!(map_key(&tab, KeyMode::Picker), Some(Action::ToggleItem));
        let ctrl_t = KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL);
        assert_eq!(map_key(&ctrl_t, KeyMode::Picker), Some(Action::ToggleMatch));
        assert_eq!(map_key(&ctrl_t, KeyMode::Search), None);
    }

    #[test]
    fn navigation_keys() {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        let cases = [
            (ctrl('d'), KeyMode::Normal, Action::HalfPageDown),
            (ctrl('u'), KeyMode::Normal, Action::HalfPageUp),
            (ctrl('u'), KeyMode::Search, Action::ClearInput),
            (press(KeyCode::Char('G')), KeyMode::Normal, Action::Bottom),
            (press(KeyCode::Home), KeyMode::Normal, Action::Top),
            (
                press(KeyCode::Char(']')),
                KeyMode::Normal,
                Action::NextPeriod,
            ),
            (press(KeyCode::Enter), KeyMode::Normal, Action::OpenDetail),
            (press(KeyCode::Enter), KeyMode::Picker, Action::Accept),
            (press(KeyCode::Esc), KeyMode::Normal, Action::Back),
            (press(KeyCode::Char('j')), KeyMode::Detail, Action::Down),
            (press(KeyCode::Char('?')), KeyMode::Help, Action::ToggleHelp),
        ];
        for (key, mode, action) in cases {
            assert_eq!(map_key(&key, mode), Some(action), "{key:?} in {mode:?}");
        }
        assert_eq!(map_key(&press(KeyCode::Char('x')), KeyMode::Help), None);
    }

    #[test]
    fn a_user_s_key_never_touches_typing_or_ctrl_c() {
        let keys = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(a, k)| (a.to_string(), k.to_string()))
                .collect()
        };
        let (table, problems) = rebound(&keys(&[("quit", "Q"), ("down", "J")]));
        assert!(problems.is_empty(), "{problems:?}");
        let has = |mode: KeyMode, key: Key, action: Action| {
            table
                .iter()
                .any(|b| b.modes.contains(&mode) && b.key == key && b.action == action)
        };
        for mode in KeyMode::ALL {
            assert!(
                has(mode, Ctrl('c'), Action::Quit),
                "Ctrl-c quits in {mode:?}"
            );
        }
        assert!(has(KeyMode::Normal, Plain(Char('Q')), Action::Quit));
        assert!(
            has(KeyMode::Search, Ctrl('n'), Action::Down),
            "Ctrl-n still moves in the search"
        );
        assert!(
            !table
                .iter()
                .any(|b| b.modes.contains(&KeyMode::Search) && b.key == Plain(Char('J')))
        );
    }

    #[test]
    fn no_key_does_two_things_in_one_place() {
        assert_eq!(conflicts(BINDINGS), Vec::<String>::new());
    }

    #[test]
    fn a_user_s_key_replaces_the_letter_and_keeps_the_arrows() {
        let keys = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(a, k)| (a.to_string(), k.to_string()))
                .collect()
        };
        let (table, problems) = rebound(&keys(&[("search", "S"), ("down", "ctrl-j")]));
        assert!(problems.is_empty(), "{problems:?}");
        let normal: Vec<&Binding> = table
            .iter()
            .filter(|b| b.modes.contains(&KeyMode::Normal))
            .collect();
        let search: Vec<Key> = normal
            .iter()
            .filter(|b| b.action == Action::OpenSearch)
            .map(|b| b.key)
            .collect();
        assert_eq!(search, [Plain(Char('S'))]);
        let down: Vec<Key> = normal
            .iter()
            .filter(|b| b.action == Action::Down)
            .map(|b| b.key)
            .collect();
        assert_eq!(down, [Plain(Down), Ctrl('j')]);
        // Taken, unknown, or not a key: said, and the default kept.
        let (table, problems) =
            rebound(&keys(&[("search", "q"), ("serch", "s"), ("help", "ctrl-")]));
        assert_eq!(table.len(), BINDINGS.len());
        assert!(table.iter().zip(BINDINGS).all(|(a, b)| a.key == b.key));
        assert_eq!(problems.len(), 3, "{problems:?}");
        let entries: Vec<usize> = problems.iter().map(|(entry, _)| *entry).collect();
        assert_eq!(entries, [0, 1, 2]);
        let problems: Vec<&str> = problems.iter().map(|(_, p)| p.as_str()).collect();
        assert!(
            problems[0].starts_with("search = \"q\" is taken (q in Timeline would both "),
            "{}",
            problems[0]
        );
        assert!(
            problems[1].contains("did you mean 'search'?"),
            "{}",
            problems[1]
        );
        assert!(
            problems[2].starts_with("help: 'ctrl-' is not a key"),
            "{}",
            problems[2]
        );
    }

    #[test]
    fn every_binding_has_a_help_line_on_the_help_screen() {
        for b in BINDINGS {
            assert!(!b.help.is_empty(), "{:?} has no help line", b.key);
            let first = KeyMode::ALL.iter().find(|m| b.modes.contains(m)).unwrap();
            let lines = help_lines(*first);
            let line = lines.iter().find(|l| l.help == b.help).unwrap();
            assert!(
                line.keys.split(' ').any(|k| k == b.key.name()),
                "{:?} missing from its help line {line:?}",
                b.key
            );
        }
    }

    #[test]
    fn every_mode_can_reach_help_or_close_it_and_quit() {
        for mode in KeyMode::ALL {
            let hints = hints(mode);
            let quit = hints.iter().any(|h| h.action == Action::Quit)
                || bindings(mode).any(|b| b.action == Action::Quit);
            assert!(quit, "{mode:?} cannot quit");
        }
        for mode in [KeyMode::Normal, KeyMode::Detail] {
            let hints = hints(mode);
            for action in [Action::ToggleHelp, Action::Quit] {
                let hint = hints.iter().find(|h| h.action == action).unwrap();
                assert_eq!(hint.priority, 0, "{action:?} is never dropped");
            }
        }
    }

    #[test]
    fn hints_merge_keys_that_share_a_label() {
        let normal = hints(KeyMode::Normal);
        assert_eq!(normal[0].keys, "↑↓");
        assert_eq!(normal[0].label, "move");
        let help = hints(KeyMode::Help);
        assert!(help.iter().any(|h| h.keys == "Esc/q"), "{help:?}");
        assert_eq!(
            key_for(KeyMode::Normal, &Action::ClearFilters).unwrap(),
            "x"
        );
    }
}
