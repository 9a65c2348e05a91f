//! The browser's whole state, the actions that change it, and `update`, the one place where
//! it changes. Nothing here draws or touches a terminal; what drawing shows that takes a
//! query (matches, months that pass, "without the country filter: N") is computed here,
//! when the filter changes, so a frame only reads.

use super::content::{self, Page};
use super::export::{ExportDialog, ExportJob, Outcome};
use super::keys::{self, KeyMode};
use super::layout::{self, Areas, Detail, Screen};
use super::picker::{Picker, PickerKind};
use super::relations::{self, Grid, LaneBy, Relations};
use super::scroll::{self, Scroll};
use super::theme::Theme;
use super::timeline::Timeline;
use crate::model::Dataset;
use crate::query::{self, Dimension, Filter, Matches, Query, Tally};
use ratatui::layout::Rect;
use std::sync::Arc;

/// How many filter changes `u` can undo.
const HISTORY: usize = 50;
/// Rows one mouse-wheel notch moves.
const WHEEL: usize = 3;
/// The context's reach, in days either side of its event: the steps `+` and `-` take.
pub const CONTEXT_DAYS: [u32; 9] = [1, 3, 7, 14, 30, 60, 90, 180, 365];
const DEFAULT_CONTEXT_DAYS: u32 = 14;

/// Everything the user can ask for, whatever key or mouse gesture asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Ctrl-Z: back to the shell until `fg` (the event loop does it; the state is kept).
    Suspend,
    /// Esc: close what is open, or quit at top level.
    Back,
    Up,
    Down,
    /// Grid screens: a column left or right.
    Left,
    Right,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    PreviousPeriod,
    NextPeriod,
    /// Enter on an event: show its detail, or move the keyboard to it.
    OpenDetail,
    /// From the detail: the next or previous event, staying in the detail.
    NextEvent,
    PreviousEvent,
    /// The next / previous event in the list that the search matches.
    NextMatch,
    PreviousMatch,
    /// The search line: an earlier / later search from its history.
    OlderSearch,
    NewerSearch,
    /// Show or hide the detail.
    ToggleDetail,
    NarrowPane,
    WidenPane,
    ToggleFocus,
    /// Switch to a screen (the context opens with `OpenContext`).
    Show(Screen),
    /// Everything within some days of the selected event, whatever the filter.
    OpenContext,
    /// The context reaches further / less far.
    WidenContext,
    NarrowContext,
    /// Enter on a grid's cell: narrow the filter to its events and show them.
    Narrow,
    /// Lanes by country or by kind.
    ToggleLanes,
    OpenPicker(PickerKind),
    OpenSearch,
    ClearFilters,
    Undo,
    ToggleHelp,
    /// The page about the dataset: its description and sources.
    ToggleAbout,
    Redo,
    /// Text typed into the search or a picker's narrowing query.
    Input(char),
    Backspace,
    ClearInput,
    /// Enter in a picker or the search line.
    Accept,
    /// Tab in a picker: tick or untick, then move down (Shift-Tab: up).
    ToggleItem,
    ToggleItemUp,
    /// Tick every value shown (or untick them all).
    ToggleShown,
    /// Month picker: tick from the last ticked month to this one; the whole year.
    TickRange,
    TickYear,
    /// Clear this picker's filter.
    ClearPicker,
    /// Any/all matching in the country picker.
    ToggleMatch,
    /// Country picker: tick or untick as a counterpart ("with"), then move down.
    ToggleCounterpart,
    /// Star the selected event, or take its star away.
    ToggleStar,
    /// Write the selected event's tags, or its note.
    EditTags,
    EditNote,
    /// Save the filter as a named view in the config file; open a saved one.
    SaveView,
    OpenView,
    /// Open the selected event's source in the web browser.
    OpenSource,
    /// Copy the selected event's id (or, `Json`, its JSON) to the clipboard.
    CopyId,
    CopyJson,
    /// Read the data file again.
    Reload,
    /// Open the selected event in the user's editor.
    Edit,
    /// Open the dialog that writes the view to a file.
    OpenExport,
    /// A file was written (the line to show), or could not be (why).
    Exported(Result<String, String>),
    Resize(u16, u16),
    WheelUp {
        column: u16,
        row: u16,
    },
    WheelDown {
        column: u16,
        row: u16,
    },
    Click {
        column: u16,
        row: u16,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Timeline,
    Detail,
}

/// What is open over the screen and takes the keys first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// A page to read over the screen: the keys, or the dataset's description.
    Read(Page),
    /// Typing a search; the filter updates live. `previous` is restored on Esc.
    Search {
        previous: Filter,
        /// Which earlier search (an index into the history) the line shows, while going
        /// through them with ↑ ↓; and what was typed before, for ↓ past the latest.
        recall: Option<usize>,
        draft: String,
    },
    Picker(Picker),
    /// Writing the view to a file.
    Export(ExportDialog),
    /// Writing the selected event's tags or note.
    Prompt(Prompt),
}

/// What a one-line prompt writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptFor {
    Tags,
    Note,
    /// The name to save the view under.
    SaveView,
    /// The name of a saved view to open.
    OpenView,
}

/// A line typed for an event's marks: its tags (words) or its note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub what: PromptFor,
    /// The event it is for (an index in the dataset's events).
    pub event: usize,
    pub text: String,
}

/// The context screen: the events around one, whatever the filter.
#[derive(Debug)]
pub struct Context {
    /// The event it is around (an index in `dataset.events`).
    pub anchor: usize,
    pub days: u32,
    pub timeline: Timeline,
    /// The screen to go back to.
    from: Screen,
}

pub struct App {
    /// Shared with the thread that builds the word index in the background.
    dataset: Arc<Dataset>,
    filter: Filter,
    history: Vec<Filter>,
    /// Filters undone, the latest last, for redo.
    redo: Vec<Filter>,
    /// Searches kept with Enter, the latest last, each once.
    searches: Vec<String>,
    timeline: Timeline,
    /// When nothing matches: how many events each active filter alone leaves out.
    relaxations: Vec<(Dimension, usize)>,
    /// The matches counted by country, kind, period and pair; and the whole dataset's.
    tally: Arc<Tally>,
    whole: Arc<Tally>,
    relations: Relations,
    /// The rows and columns of the grid screen shown (empty on the others).
    grid: Grid,
    context: Option<Context>,
    /// The context's reach, as last set.
    context_days: u32,
    screen: Screen,
    detail: Detail,
    /// The detail pane's width beside the timeline, as the user set it (0: the default).
    pane: u16,
    focus: Focus,
    detail_scroll: Scroll,
    /// What the detail's scroll limit was measured for: the event, the pane and the
    /// search (whose "Matched" line it shows).
    detail_measured: Option<(Option<usize>, Option<Rect>, String)>,
    page_scroll: Scroll,
    /// Lines of the open page on screen (a page's PgDn).
    page_height: u16,
    mode: Mode,
    /// A file to write, asked for in the export dialog, until the event loop takes it.
    export: Option<ExportJob>,
    /// Whether the data is a file the browser follows (not the built-in dataset or a pipe).
    follows: bool,
    /// A reload asked for (by `r`, an edit or the file changing), until the loop takes it.
    reload_wanted: bool,
    /// The user asked for the reload (`r`): its answer is said even when nothing changed.
    reload_asked: bool,
    /// The event to open in the editor, until the loop takes it.
    edit_wanted: Option<String>,
    /// Text for the clipboard, until the loop sends it to the terminal.
    copy: Option<String>,
    /// An address to open in the web browser, until the loop opens it.
    open: Option<String>,
    /// Where the marks are kept; None when they cannot be (data from a pipe, or a marks
    /// file with a problem, which is never written over).
    marks_path: Option<std::path::PathBuf>,
    /// The views saved in the config file, by name (filters and screen), and where that
    /// file is.
    views: std::collections::BTreeMap<String, (Filter, Option<Screen>)>,
    config_path: Option<std::path::PathBuf>,
    /// The data file's problems, while it has them: the last good data stays on screen.
    data_problems: Option<Vec<String>>,
    /// A one-line answer to the last key when it changed nothing visible ("nothing to
    /// undo"); the next key clears it.
    status: Option<String>,
    size: (u16, u16),
    quit: bool,
    /// Columns of the date column (fixed, so columns never shift on scroll).
    date_width: usize,
}

impl App {
    pub fn new(dataset: Dataset, filter: Filter) -> App {
        App::open_at(dataset, filter, None)
    }

    /// A browser on `anchor` (an index in the dataset's events) if the filter passes it,
    /// or on its nearest neighbour in time.
    pub fn open_at(dataset: Dataset, filter: Filter, anchor: Option<usize>) -> App {
        let mut app = App {
            dataset: Arc::new(dataset),
            filter,
            history: Vec::new(),
            redo: Vec::new(),
            searches: Vec::new(),
            timeline: Timeline::default(),
            relaxations: Vec::new(),
            tally: Arc::default(),
            whole: Arc::default(),
            relations: Relations::default(),
            grid: Grid::default(),
            context: None,
            context_days: DEFAULT_CONTEXT_DAYS,
            screen: Screen::Timeline,
            detail: Detail::Beside,
            pane: 0,
            focus: Focus::Timeline,
            detail_scroll: Scroll::default(),
            detail_measured: None,
            page_scroll: Scroll::default(),
            page_height: 0,
            mode: Mode::Normal,
            export: None,
            follows: false,
            reload_wanted: false,
            reload_asked: false,
            edit_wanted: None,
            copy: None,
            open: None,
            marks_path: None,
            views: Default::default(),
            config_path: None,
            data_problems: None,
            status: None,
            size: (80, 24),
            quit: false,
            date_width: 0,
        };
        app.prepare(anchor);
        app
    }

    /// Puts a new dataset in place (the data file was loaded again): the filters, the
    /// screen and the selected event (found again by id) stay as they were.
    pub fn install(&mut self, dataset: Dataset) {
        let selected = self
            .selected_event()
            .map(|i| self.dataset.events[i].id().to_owned());
        // The marks as they are now (changed, maybe, while the file was being read).
        dataset.set_marks(self.dataset.marks().clone());
        if let Mode::Prompt(prompt) = &self.mode
            && matches!(prompt.what, PromptFor::Tags | PromptFor::Note)
        {
            // Its event may have moved or gone: type again on the new data.
            self.mode = Mode::Normal;
        }
        self.dataset = Arc::new(dataset);
        let anchor = selected.and_then(|id| self.dataset.position_of(&id));
        self.prepare(anchor);
    }

    /// Everything derived from the dataset, with the filter applied; `anchor` (an event
    /// index) stays selected if it passes, or its nearest neighbour in time.
    fn prepare(&mut self, anchor: Option<usize>) {
        self.date_width = date_column(&self.dataset);
        let all = Filter::default();
        // On a list screen only the days are drawn (a grid counts the rest when shown).
        let parts = match self.screen.is_list() {
            true => query::Parts::Days,
            false => query::Parts::All,
        };
        let everything = query::run(&self.dataset, &all);
        let whole = Tally::count_parts(&self.dataset, &all, &everything, parts);
        self.whole = Arc::new(whole);
        if let Some(context) = self.context.take() {
            // The context's event may be gone: go back to where it was opened from.
            self.screen = context.from;
        }
        if let Mode::Picker(picker) = &self.mode {
            // A picker's values and counts come from the dataset: open it afresh.
            self.mode = Mode::Picker(Picker::open(picker.kind, &self.dataset, &self.filter));
        }
        let matches = query::run(&self.dataset, &self.filter);
        self.show(matches, anchor);
        self.detail_measured = None;
        self.measure();
    }

    // What the views and tests read.

    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// The dataset, to share with a background thread.
    pub fn shared_dataset(&self) -> Arc<Dataset> {
        Arc::clone(&self.dataset)
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The search, parsed (for highlighting what it finds).
    pub fn query(&self) -> Query {
        self.filter.query()
    }

    /// Searches kept with Enter, the latest last.
    pub fn searches(&self) -> &[String] {
        &self.searches
    }

    pub fn matches(&self) -> &Matches {
        self.timeline.matches()
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// The list on screen: the context's, or the timeline's.
    pub fn list(&self) -> &Timeline {
        match &self.context {
            Some(context) if self.screen == Screen::Context => &context.timeline,
            _ => &self.timeline,
        }
    }

    fn list_mut(&mut self) -> &mut Timeline {
        match &mut self.context {
            Some(context) if self.screen == Screen::Context => &mut context.timeline,
            _ => &mut self.timeline,
        }
    }

    /// The matches counted (by country, kind, period, pair and day).
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// The whole dataset counted the same way.
    pub fn whole(&self) -> &Tally {
        &self.whole
    }

    pub fn relations(&self) -> &Relations {
        &self.relations
    }

    /// The grid of the grid screen shown.
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// The context, when its screen is shown.
    pub fn context(&self) -> Option<&Context> {
        self.context
            .as_ref()
            .filter(|_| self.screen == Screen::Context)
    }

    /// When nothing matches: each active filter dimension with how many events there would
    /// be without it (only those that would give some).
    pub fn relaxations(&self) -> &[(Dimension, usize)] {
        &self.relaxations
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn detail(&self) -> Detail {
        self.detail
    }

    /// The detail pane's width as the user set it (0: the default).
    pub fn pane(&self) -> u16 {
        self.pane
    }

    /// Starts with the detail pane this wide (the config file's `pane`); the screen's
    /// width still bounds it.
    pub fn set_pane(&mut self, columns: u16) {
        self.pane = columns;
        self.detail_measured = None;
        self.measure();
    }

    /// A line for the status at start (a problem in the config file, say); the first key
    /// clears it.
    pub fn tell(&mut self, message: String) {
        self.status = Some(message);
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn detail_scroll(&self) -> Scroll {
        self.detail_scroll
    }

    /// How far the open page (help or about) is scrolled.
    pub fn page_scroll(&self) -> Scroll {
        self.page_scroll
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn date_width(&self) -> usize {
        self.date_width
    }

    /// The selected event's index in `dataset.events` (in the list on screen).
    pub fn selected_event(&self) -> Option<usize> {
        self.list().selected_event()
    }

    pub fn selected_row(&self) -> Option<usize> {
        self.list().selected_row()
    }

    pub fn areas(&self) -> Areas {
        layout::areas(
            Rect::new(0, 0, self.size.0, self.size.1),
            self.screen,
            self.detail,
            self.pane,
        )
    }

    /// Whether the detail covers the timeline.
    pub fn detail_fullscreen(&self) -> bool {
        self.screen.is_list() && self.detail == Detail::Full
    }

    /// Whether the detail is on screen at the current width.
    pub fn detail_visible(&self) -> bool {
        self.screen.is_list() && layout::detail_shown(self.detail, self.size.0)
    }

    fn detail_has_focus(&self) -> bool {
        self.detail_fullscreen() || (self.detail_visible() && self.focus == Focus::Detail)
    }

    /// Which part of the key table applies now.
    pub fn key_mode(&self) -> KeyMode {
        match &self.mode {
            Mode::Normal if self.detail_has_focus() => KeyMode::Detail,
            Mode::Normal if self.screen == Screen::Context => KeyMode::Context,
            Mode::Normal if !self.screen.is_list() => KeyMode::Grid,
            Mode::Normal => KeyMode::Normal,
            Mode::Read(_) => KeyMode::Help,
            Mode::Search { .. } => KeyMode::Search,
            Mode::Picker(_) => KeyMode::Picker,
            Mode::Prompt(_) => KeyMode::Prompt,
            Mode::Export(_) => KeyMode::Export,
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.history.is_empty()
    }

    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::Resize(..)) {
            self.status = None;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Exported(result) => {
                self.status = Some(result.unwrap_or_else(|problem| problem));
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                if !self.detail_visible() {
                    self.focus = Focus::Timeline;
                }
                self.ensure_visible();
                self.regrid();
            }
            _ => match &self.mode {
                Mode::Normal if self.detail_has_focus() => self.update_detail(action),
                Mode::Normal if !self.screen.is_list() => self.update_grid(action),
                Mode::Normal => self.update_normal(action),
                Mode::Read(_) => self.update_read(action),
                Mode::Search { .. } => self.update_search(action),
                Mode::Prompt(_) => self.update_prompt(action),
                Mode::Picker(_) => self.update_picker(action),
                Mode::Export(_) => self.update_export(action),
            },
        }
        self.measure();
    }

    /// How far the help and the detail can scroll now (after the size, the selection or
    /// what is open changed).
    fn measure(&mut self) {
        let theme = Theme::plain();
        if let Mode::Read(page) = self.mode {
            let screen = Rect::new(0, 0, self.size.0, self.size.1);
            let text = content::page(page, &self.dataset, &theme, layout::help_room(screen));
            let area = content::page_area(screen, &text);
            let lines = content::line_count(text, area.width.saturating_sub(2));
            self.page_height = area.height.saturating_sub(2);
            self.page_scroll
                .set_max(scroll::limit(lines, self.page_height));
        }
        let areas = self.areas();
        // Laying out the detail costs more than the rest of a key: only when what it shows
        // or where changed.
        let key = (
            self.selected_event(),
            areas.detail,
            self.filter.text.clone(),
        );
        if self.detail_measured.as_ref() == Some(&key) {
            return;
        }
        self.detail_measured = Some(key);
        match areas.detail {
            Some(area) => {
                let width = content::inner_width(area.width);
                let (event, query) = (self.selected_event(), self.query());
                let text = content::detail(&self.dataset, event, &query, &theme, width);
                let lines = text.lines.len();
                self.detail_scroll
                    .set_max(scroll::limit(lines, area.height.saturating_sub(2)));
            }
            None => self.detail_scroll.set_max(0),
        }
    }

    fn timeline_height(&self) -> usize {
        self.areas().timeline.height as usize
    }

    fn update_read(&mut self, action: Action) {
        let page = i32::from(self.page_height.max(1));
        match action {
            Action::ToggleHelp => self.open_page(Page::Help),
            Action::ToggleAbout => self.open_page(Page::About),
            Action::Back => self.mode = Mode::Normal,
            Action::Up => self.page_scroll.by(-1),
            Action::Down => self.page_scroll.by(1),
            Action::PageUp => self.page_scroll.by(-page.max(1)),
            Action::PageDown => self.page_scroll.by(page.max(1)),
            Action::Top => self.page_scroll.top(),
            Action::Bottom => self.page_scroll.bottom(),
            _ => {}
        }
    }

    /// Opens a page at its top, or closes it when it is the one open.
    fn open_page(&mut self, page: Page) {
        if self.mode == Mode::Read(page) {
            self.mode = Mode::Normal;
        } else {
            self.page_scroll.top();
            self.mode = Mode::Read(page);
        }
    }

    /// The detail has the keys: arrows scroll it; the rest is as on the timeline.
    fn update_detail(&mut self, action: Action) {
        let page = self
            .areas()
            .detail
            .map_or(1, |d| d.height.saturating_sub(2).max(1)) as i32;
        match action {
            Action::Up => self.detail_scroll.by(-1),
            Action::Down => self.detail_scroll.by(1),
            Action::PageUp => self.detail_scroll.by(-page),
            Action::PageDown => self.detail_scroll.by(page),
            Action::HalfPageUp => self.detail_scroll.by(-page / 2),
            Action::HalfPageDown => self.detail_scroll.by(page / 2),
            Action::Top => self.detail_scroll.top(),
            Action::Bottom => self.detail_scroll.bottom(),
            Action::Back if self.detail_fullscreen() => {
                self.detail = Detail::Beside;
                self.focus = Focus::Timeline;
                self.ensure_visible();
            }
            Action::Back => self.focus = Focus::Timeline,
            Action::NextEvent | Action::PreviousEvent => {
                let delta = if action == Action::NextEvent { 1 } else { -1 };
                let height = self.timeline_height();
                if self.list_mut().move_by(delta, height) {
                    self.detail_scroll.top();
                }
            }
            other => self.update_normal(other),
        }
    }

    fn update_normal(&mut self, action: Action) {
        if self.screen == Screen::Context && changes_filter(&action) {
            // The context sets the filter aside; changing it goes back to where it was.
            self.leave_context();
        }
        let page = self.timeline_height().max(1) as isize;
        let height = self.timeline_height();
        let changed = match action {
            Action::Back if self.screen == Screen::Context => {
                self.leave_context();
                false
            }
            Action::Back => {
                // Esc never quits: quitting would throw away the filters, the selection and
                // the history (lazygit's quitOnTopLevelReturn: false, for the same reason).
                let quit = keys::key_for(KeyMode::Normal, &Action::Quit).unwrap_or_default();
                self.status = Some(format!("nothing to close; {quit} quits"));
                false
            }
            Action::Up => self.list_mut().move_by(-1, height),
            Action::Down => self.list_mut().move_by(1, height),
            Action::PageUp => self.list_mut().move_rows(-page, height),
            Action::PageDown => self.list_mut().move_rows(page, height),
            Action::HalfPageUp => self.list_mut().move_rows(-(page / 2).max(1), height),
            Action::HalfPageDown => self.list_mut().move_rows((page / 2).max(1), height),
            Action::Top => self.list_mut().first(height),
            Action::Bottom => self.list_mut().last(height),
            Action::PreviousPeriod => self.list_mut().jump_period(false, height),
            Action::NextPeriod => self.list_mut().jump_period(true, height),
            Action::Show(screen) => {
                self.show_screen(screen);
                false
            }
            Action::OpenContext => {
                self.open_context(self.context_days);
                false
            }
            Action::WidenContext | Action::NarrowContext => {
                self.reach(action == Action::WidenContext);
                false
            }
            Action::OpenDetail => {
                self.open_detail();
                false
            }
            Action::ToggleDetail => {
                self.toggle_detail();
                false
            }
            Action::NarrowPane | Action::WidenPane => {
                self.resize_pane(action == Action::WidenPane);
                false
            }
            Action::ToggleFocus => {
                if self.detail_visible() && !self.detail_fullscreen() {
                    self.focus = match self.focus {
                        Focus::Timeline => Focus::Detail,
                        Focus::Detail => Focus::Timeline,
                    };
                } else {
                    self.status = Some("the detail is not open beside the timeline".into());
                }
                false
            }
            Action::OpenPicker(kind) => {
                self.mode = Mode::Picker(Picker::open(kind, &self.dataset, &self.filter));
                false
            }
            Action::OpenExport => {
                self.mode = Mode::Export(ExportDialog::default());
                false
            }
            Action::ToggleStar => {
                self.toggle_star();
                false
            }
            Action::SaveView | Action::OpenView => {
                let what = match action {
                    Action::SaveView => PromptFor::SaveView,
                    _ => PromptFor::OpenView,
                };
                match (what, &self.config_path) {
                    (PromptFor::SaveView, None) => {
                        self.status = Some("there is no config path to save views in".into())
                    }
                    (PromptFor::OpenView, _) if self.views.is_empty() => {
                        let save =
                            keys::key_for(KeyMode::Normal, &Action::SaveView).unwrap_or_default();
                        self.status = Some(format!("no view is saved yet; {save} saves this one"));
                    }
                    _ => {
                        self.mode = Mode::Prompt(Prompt {
                            what,
                            event: 0,
                            text: String::new(),
                        })
                    }
                }
                false
            }
            Action::EditTags | Action::EditNote => {
                match (self.selected_event(), &self.marks_path) {
                    (None, _) => self.status = Some("no event selected".into()),
                    (Some(_), None) => self.status = Some(MARKS_NOT_KEPT.into()),
                    (Some(event), Some(_)) => {
                        let marks = self.dataset.marks();
                        let mark = marks.get(self.dataset.events[event].id());
                        let (what, text) = match action {
                            Action::EditTags => {
                                let tags = mark.map(|m| m.tags.iter().cloned().collect::<Vec<_>>());
                                (PromptFor::Tags, tags.unwrap_or_default().join(" "))
                            }
                            _ => (
                                PromptFor::Note,
                                mark.and_then(|m| m.note.clone()).unwrap_or_default(),
                            ),
                        };
                        drop(marks);
                        self.mode = Mode::Prompt(Prompt { what, event, text });
                    }
                }
                false
            }
            Action::OpenSource => {
                let event = self.selected_event().map(|i| &self.dataset.events[i]);
                let urls: Vec<&str> = (event.iter().flat_map(|e| e.sources()))
                    .filter_map(|&s| self.dataset.source(s).url.as_deref())
                    .collect();
                self.status = Some(match (event, urls.first()) {
                    (None, _) => "no event selected".into(),
                    (Some(_), None) => "no source of this event has a web address (url)".into(),
                    (Some(_), Some(url)) => {
                        self.open = Some(url.to_string());
                        let others = match urls.len() - 1 {
                            0 => String::new(),
                            n => format!("; {n} more in the detail"),
                        };
                        format!("opening {}{others}", crate::text::escape(url))
                    }
                });
                false
            }
            Action::CopyId | Action::CopyJson => {
                match self.selected_event() {
                    None => self.status = Some("no event selected to copy".into()),
                    Some(i) => {
                        let event = &self.dataset.events[i];
                        let (text, what) = match action {
                            Action::CopyId => (event.id().to_string(), "its id"),
                            _ => {
                                let mut json = Vec::new();
                                // Into memory: nothing to fail.
                                let _ =
                                    crate::export::json::write_one(&mut json, &self.dataset, event);
                                (String::from_utf8_lossy(&json).into_owned(), "its JSON")
                            }
                        };
                        self.status = Some(format!(
                            "copied {what} to the clipboard (through the terminal, OSC 52)"
                        ));
                        self.copy = Some(text);
                    }
                }
                false
            }
            Action::Reload if self.follows => {
                self.reload_wanted = true;
                self.reload_asked = true;
                self.status = Some("reading the data file again…".into());
                false
            }
            Action::Edit if self.follows => {
                match self.selected_event() {
                    Some(i) => self.edit_wanted = Some(self.dataset.events[i].id().to_string()),
                    None => self.status = Some("no event selected to edit".into()),
                }
                false
            }
            Action::Reload | Action::Edit => {
                self.status = Some(
                    "this data is not a file (built in, or from a pipe): `demarche export \
                     --format toml -o mine.toml`, then `demarche --data mine.toml`, gives a \
                     copy to edit"
                        .into(),
                );
                false
            }
            Action::OpenSearch => {
                self.mode = Mode::Search {
                    previous: self.filter.clone(),
                    recall: None,
                    draft: self.filter.text.clone(),
                };
                false
            }
            Action::NextMatch | Action::PreviousMatch => {
                self.jump_to_match(action == Action::NextMatch)
            }
            Action::ClearFilters => {
                self.apply_filter(Filter::default());
                false
            }
            Action::Undo | Action::Redo => {
                self.travel(action == Action::Undo);
                false
            }
            Action::ToggleHelp => {
                self.open_page(Page::Help);
                false
            }
            Action::ToggleAbout => {
                self.open_page(Page::About);
                false
            }
            Action::WheelUp { column, row } => self.wheel(column, row, -1),
            Action::WheelDown { column, row } => self.wheel(column, row, 1),
            Action::Click { column, row } => self.click(column, row),
            _ => false,
        };
        if changed {
            self.detail_scroll.top();
        }
    }

    /// The keys of the lanes, the heatmap and the ledger: a cursor over cells.
    fn update_grid(&mut self, action: Action) {
        let screen = self.screen;
        let size = (self.grid.rows.len(), self.grid.columns.len());
        let (rows, _) = self.visible_cells();
        let page = rows.max(1) as isize;
        let moved = |app: &mut App, r: isize, c: isize| {
            let visible = app.visible_cells();
            if let Some(cursor) = app.relations.cursor_mut(screen) {
                cursor.move_by(r, c, size);
                cursor.ensure_visible(visible, size);
            }
        };
        match action {
            Action::Up | Action::WheelUp { .. } => moved(self, -1, 0),
            Action::Down | Action::WheelDown { .. } => moved(self, 1, 0),
            Action::Left => moved(self, 0, -1),
            Action::Right => moved(self, 0, 1),
            Action::PageUp | Action::HalfPageUp => moved(self, -page, 0),
            Action::PageDown | Action::HalfPageDown => moved(self, page, 0),
            Action::Top => moved(self, isize::MIN / 2, 0),
            Action::Bottom => moved(self, isize::MAX / 2, 0),
            Action::PreviousPeriod => moved(self, 0, isize::MIN / 2),
            Action::NextPeriod => moved(self, 0, isize::MAX / 2),
            Action::Narrow => self.narrow_to_cell(),
            Action::ToggleLanes if screen == Screen::Lanes => {
                self.relations.lanes_by = match self.relations.lanes_by {
                    LaneBy::Countries => LaneBy::Kinds,
                    LaneBy::Kinds => LaneBy::Countries,
                };
                self.relations.lanes = Default::default();
                self.regrid();
            }
            Action::ToggleLanes => {
                self.status = Some("lanes by country or kind are on the lanes screen".into());
            }
            Action::Back => {
                let key = keys::key_for(KeyMode::Grid, &Action::Show(Screen::Timeline));
                let quit = keys::key_for(KeyMode::Grid, &Action::Quit).unwrap_or_default();
                self.status = Some(format!(
                    "nothing to close; {} for the timeline, {quit} quits",
                    key.unwrap_or_default()
                ));
            }
            Action::Click { column, row } => {
                let body = self.areas().body;
                let (rows, columns) = self.visible_cells();
                let Some(cursor) = self.relations.cursor_mut(screen) else {
                    return;
                };
                let (y, x) = (row.checked_sub(body.y), column.checked_sub(body.x));
                // Cells start under the title and the two lines of column labels.
                let r = y.and_then(|y| y.checked_sub(relations::HEAD_LINES));
                let c = x.and_then(|x| x.checked_sub(self.grid.label));
                if let (Some(r), Some(c)) = (r, c) {
                    let (r, c) = (usize::from(r), usize::from(c / self.grid.cell.max(1)));
                    // Only on a cell: not below the last row or past the last column.
                    let on_cell = cursor.top + r < size.0 && cursor.left + c < size.1;
                    if r < rows && c < columns && on_cell {
                        cursor.row = cursor.top + r;
                        cursor.column = cursor.left + c;
                        cursor.clamp(size);
                    }
                }
            }
            other => self.update_normal(other),
        }
    }

    /// Rows and columns of cells on screen.
    fn visible_cells(&self) -> (usize, usize) {
        let body = self.areas().body;
        self.grid.visible(body.width, body.height)
    }

    /// Builds the grid of the screen shown (after the filter, the size or the lanes
    /// changed), and keeps its cursor inside it and on screen.
    fn regrid(&mut self) {
        let width = self.areas().body.width;
        let by = self.relations.lanes_by;
        let grid = relations::grid(self.screen, &self.tally, &self.filter, by, width);
        let before = std::mem::replace(&mut self.grid, grid);
        let size = (self.grid.rows.len(), self.grid.columns.len());
        let visible = self.visible_cells();
        let (grid, tally) = (&self.grid, &self.tally);
        if let Some(cursor) = self.relations.cursor_mut(self.screen) {
            // The cursor stays on what it was on, when that is still shown.
            if before.screen == grid.screen && before != *grid {
                (cursor.row, cursor.column) = grid.find(&before, tally, cursor.row, cursor.column);
            }
            cursor.clamp(size);
            cursor.ensure_visible(visible, size);
        }
    }

    /// Enter on a cell: the filter narrowed to its events (undoable), on the timeline,
    /// from the first of them.
    fn narrow_to_cell(&mut self) {
        let Some(&cursor) = self.relations.cursor(self.screen) else {
            return;
        };
        let (row, column) = (cursor.row, cursor.column);
        let narrowed = (self.grid.value(&self.tally, row, column) > 0)
            .then(|| self.grid.narrow(&self.filter, &self.tally, row, column))
            .flatten();
        let Some(filter) = narrowed else {
            self.status = Some("no events in this cell".into());
            return;
        };
        self.screen = Screen::Timeline;
        let previous = self.filter.clone();
        self.filter = filter;
        let matches = query::run(&self.dataset, &self.filter);
        self.show(matches, None);
        if self.filter != previous {
            self.remember(previous);
        }
    }

    /// Switches to a screen; leaving the context closes it.
    fn show_screen(&mut self, screen: Screen) {
        if screen == self.screen {
            self.status = Some(format!("already on the {}", screen.name()));
            return;
        }
        self.context = None;
        self.screen = screen;
        self.focus = Focus::Timeline;
        self.catch_up();
        self.regrid();
        self.ensure_visible();
    }

    /// Opens the context of the selected event, reaching `days` either side.
    fn open_context(&mut self, days: u32) {
        let Some(anchor) = self.selected_event() else {
            self.status = Some("no event to see the context of".into());
            return;
        };
        let from = match &self.context {
            Some(context) if self.screen == Screen::Context => context.from,
            _ => self.screen,
        };
        let mut timeline = Timeline::default();
        self.screen = Screen::Context;
        let height = self.timeline_height();
        let matches = query::around(&self.dataset, anchor, days);
        timeline.show(&self.dataset, matches, Some(anchor), height);
        self.context = Some(Context {
            anchor,
            days,
            timeline,
            from,
        });
        self.context_days = days;
    }

    /// `+` and `-` in the context: the next reach up or down, around the same event.
    fn reach(&mut self, wider: bool) {
        let Some(context) = &self.context else {
            return;
        };
        let (anchor, days) = (context.anchor, context.days);
        let next = if wider {
            CONTEXT_DAYS.iter().find(|&&d| d > days)
        } else {
            CONTEXT_DAYS.iter().rev().find(|&&d| d < days)
        };
        let Some(&next) = next else {
            let side = if wider { "furthest" } else { "nearest" };
            let unit = if days == 1 { "day" } else { "days" };
            self.status = Some(format!("the context reaches its {side}: ±{days} {unit}"));
            return;
        };
        // Around the same event, with the selection kept where it is.
        let selected = self.selected_event();
        let height = self.timeline_height();
        let matches = query::around(&self.dataset, anchor, next);
        if let Some(context) = &mut self.context {
            context.days = next;
            context
                .timeline
                .show(&self.dataset, matches, selected, height);
        }
        self.context_days = next;
    }

    /// Back from the context to the screen it was opened from, as it was.
    fn leave_context(&mut self) {
        if let Some(context) = self.context.take() {
            self.screen = context.from;
            self.focus = Focus::Timeline;
            self.catch_up();
            self.regrid();
            self.ensure_visible();
        }
    }

    /// Enter on an event: shows its detail, or gives it the keyboard when it is shown;
    /// it never closes an open pane.
    fn open_detail(&mut self) {
        if self.detail_visible() {
            if !self.detail_fullscreen() {
                self.focus = Focus::Detail;
            }
            return;
        }
        self.detail = if layout::is_wide(self.size.0) {
            Detail::Beside
        } else {
            Detail::Full
        };
        self.ensure_visible();
    }

    /// `<` and `>`: the pane beside the timeline, four columns narrower or wider.
    fn resize_pane(&mut self, wider: bool) {
        if !self.detail_visible() || self.detail_fullscreen() {
            self.status = Some("the detail pane is not open beside the timeline".into());
            return;
        }
        let body = self.size.0;
        let now = layout::pane_width(body, self.pane);
        let wanted = if wider {
            now + 4
        } else {
            now.saturating_sub(4)
        };
        self.pane = layout::pane_width(body, wanted);
        if self.pane == now {
            let side = if wider { "widest" } else { "narrowest" };
            self.status = Some(format!("the pane is as {side} as it goes"));
        }
        self.ensure_visible();
    }

    /// The pane beside the timeline comes and goes; on narrow screens the detail opens
    /// full screen and closes back to the timeline.
    fn toggle_detail(&mut self) {
        let wide = layout::is_wide(self.size.0);
        self.detail = match (self.detail, wide) {
            (Detail::Full, _) => Detail::Beside,
            (Detail::Beside, true) => Detail::Hidden,
            (Detail::Hidden, true) => Detail::Beside,
            (Detail::Beside | Detail::Hidden, false) => Detail::Full,
        };
        if !self.detail_visible() || self.detail_fullscreen() {
            self.focus = Focus::Timeline;
        }
        self.ensure_visible();
    }

    fn update_search(&mut self, action: Action) {
        let Mode::Search {
            previous,
            recall,
            draft,
        } = &mut self.mode
        else {
            return;
        };
        let previous = previous.clone();
        let mut filter = self.filter.clone();
        match action {
            Action::Input(_) | Action::Backspace | Action::ClearInput => {
                // Typing leaves the history where it is: what is typed is the draft.
                *recall = None;
                match action {
                    Action::Input(c) => filter.text.push(c),
                    Action::Backspace => {
                        filter.text.pop();
                    }
                    _ => filter.text.clear(),
                }
                draft.clone_from(&filter.text);
            }
            Action::OlderSearch | Action::NewerSearch => {
                let older = action == Action::OlderSearch;
                let last = self.searches.len().checked_sub(1);
                let next = match (*recall, older) {
                    (None, true) => last,
                    (Some(i), true) => i.checked_sub(1).or(Some(i)),
                    (Some(i), false) if Some(i) == last => None,
                    (Some(i), false) => Some(i + 1),
                    (None, false) => None,
                };
                let stays = next == *recall;
                if stays || (next.is_none() && recall.is_none()) {
                    self.status = Some(match (self.searches.is_empty(), older) {
                        (true, _) => "no earlier searches: Enter keeps one".into(),
                        (false, true) => "this is the oldest search kept".into(),
                        (false, false) => "this is what was typed".into(),
                    });
                    return;
                }
                *recall = next;
                filter.text = match next {
                    Some(i) => self.searches[i].clone(),
                    None => draft.clone(),
                };
            }
            Action::Accept => {
                self.mode = Mode::Normal;
                self.filter.text = self.filter.text.trim().to_string();
                self.keep_search();
                if self.filter != previous {
                    self.remember(previous);
                }
                return;
            }
            Action::Back => {
                self.mode = Mode::Normal;
                self.set_filter(previous);
                return;
            }
            Action::Up | Action::Down if self.screen.is_list() => {
                let delta = if action == Action::Up { -1 } else { 1 };
                let height = self.timeline_height();
                if self.list_mut().move_by(delta, height) {
                    self.detail_scroll.top();
                }
                return;
            }
            Action::Up | Action::Down => {
                // On a grid the search narrows the cells; there is no list to move in.
                self.status = Some("↑↓ move through a list; Enter keeps the search".into());
                return;
            }
            _ => return,
        }
        if filter != self.filter {
            self.set_filter(filter);
        }
    }

    fn update_picker(&mut self, action: Action) {
        let Mode::Picker(picker) = &mut self.mode else {
            return;
        };
        match action {
            Action::Back => self.mode = Mode::Normal,
            Action::Accept => {
                picker.choose_highlighted_if_none();
                let mut filter = self.filter.clone();
                picker.apply_to(&mut filter);
                self.mode = Mode::Normal;
                self.apply_filter(filter);
            }
            Action::Up => picker.move_cursor(-1),
            Action::Down => picker.move_cursor(1),
            Action::PageUp => picker.move_cursor(-10),
            Action::PageDown => picker.move_cursor(10),
            Action::Top => picker.move_cursor(isize::MIN / 2),
            Action::Bottom => picker.move_cursor(isize::MAX / 2),
            Action::ToggleItem => picker.toggle_current(1),
            Action::ToggleItemUp => picker.toggle_current(-1),
            Action::ToggleShown => picker.toggle_shown(),
            Action::ToggleCounterpart if picker.kind == PickerKind::Country => {
                picker.toggle_counterpart()
            }
            Action::ToggleCounterpart => {
                self.status = Some("counterparts are for the country picker".into());
            }
            Action::TickRange if picker.kind == PickerKind::Month => picker.tick_range(),
            Action::TickYear if picker.kind == PickerKind::Month => picker.tick_year(),
            Action::ClearPicker => {
                picker.untick_all();
                let mut filter = self.filter.clone();
                picker.apply_to(&mut filter);
                self.mode = Mode::Normal;
                self.apply_filter(filter);
            }
            Action::TickRange | Action::TickYear => {
                self.status = Some("ranges and years are for the month picker".into());
            }
            Action::ToggleMatch if picker.kind != PickerKind::Country => {
                self.status = Some("any / all is for the country picker".into());
            }
            Action::ToggleMatch if picker.counterpart_count() > 0 => {
                self.status = Some("with counterparts, the focus is all of its countries".into());
            }
            Action::ToggleMatch => picker.toggle_match(),
            Action::Input(c) => picker.type_char(c),
            Action::Backspace => picker.backspace(),
            Action::ClearInput => picker.clear_query(),
            _ => {}
        }
        // The counts follow the ticks (counted again only when the focus changed).
        if let Mode::Picker(picker) = &mut self.mode {
            picker.recount(&self.dataset);
        }
    }

    fn update_export(&mut self, action: Action) {
        let Mode::Export(dialog) = &mut self.mode else {
            return;
        };
        match action {
            Action::Back => {
                self.mode = Mode::Normal;
                self.status = Some("nothing written".into());
            }
            Action::Up | Action::ToggleItemUp => dialog.move_format(-1),
            Action::Down | Action::ToggleItem => dialog.move_format(1),
            Action::Input(c) => dialog.type_char(c),
            Action::Backspace => dialog.backspace(),
            Action::ClearInput => dialog.clear(),
            Action::Accept => {
                if let Outcome::Write(path, format) = dialog.accept() {
                    self.status = Some(format!(
                        "writing {}…",
                        crate::text::escape(&path.display().to_string())
                    ));
                    self.export = Some(ExportJob {
                        dataset: Arc::clone(&self.dataset),
                        filter: self.filter.clone(),
                        matches: self.timeline.matches().clone(),
                        path,
                        format,
                    });
                    self.mode = Mode::Normal;
                }
            }
            _ => {}
        }
    }

    /// The views the config file (at `path`) has, by name.
    pub fn set_views(
        &mut self,
        views: std::collections::BTreeMap<String, (Filter, Option<Screen>)>,
        path: Option<std::path::PathBuf>,
    ) {
        self.views = views;
        self.config_path = path;
    }

    /// Marks (`s`) are kept in `path`.
    pub fn keep_marks_in(&mut self, path: std::path::PathBuf) {
        self.marks_path = Some(path);
    }

    /// The data comes from a file the browser follows: `r` and `e` work on it.
    pub fn follow(&mut self) {
        self.follows = true;
    }

    /// Whether the data is a file the browser follows (so `e` and `r` work).
    pub fn follows(&self) -> bool {
        self.follows
    }

    /// The data file changed: read it again.
    pub fn file_changed(&mut self) {
        if self.follows {
            self.reload_wanted = true;
        }
    }

    /// An address to open, if one was asked for (once).
    pub fn take_open(&mut self) -> Option<String> {
        self.open.take()
    }

    /// Text to copy to the clipboard, if some was asked for (once).
    pub fn take_copy(&mut self) -> Option<String> {
        self.copy.take()
    }

    /// Whether a reload was asked for (once).
    pub fn take_reload(&mut self) -> bool {
        std::mem::take(&mut self.reload_wanted)
    }

    /// The event to open in the editor, if one was asked for (once).
    pub fn take_edit(&mut self) -> Option<String> {
        self.edit_wanted.take()
    }

    /// The data file's problems, while it has them.
    pub fn data_problems(&self) -> Option<&[String]> {
        self.data_problems.as_deref()
    }

    /// What reading the data file again gave: new data (installed, keeping the filters,
    /// the screen and the selection) or problems (the last good data stays).
    pub fn on_reload(&mut self, reloaded: super::follow::Reloaded) {
        use super::follow::Reloaded;
        match reloaded {
            Reloaded::Data(dataset, changes) => {
                let fixed = self.data_problems.take().is_some();
                let asked = std::mem::take(&mut self.reload_asked);
                self.install(*dataset);
                let mut line = changes.summary();
                if fixed {
                    line.push_str("; the file's problems are fixed");
                }
                // A save that changed no event (an editor writing twice, a comment) is
                // not news; the line about the last real change stays.
                if fixed || asked || changes != Default::default() {
                    self.status = Some(line);
                }
            }
            Reloaded::Problems(lines) => {
                self.reload_asked = false;
                let n = lines.len();
                self.status = Some(format!(
                    "the data file has {n} problem{}; the last good data stays on screen",
                    if n == 1 { "" } else { "s" }
                ));
                self.data_problems = Some(lines);
            }
        }
    }

    /// `s`: stars the selected event or takes its star away, and keeps the marks in their
    /// file at once (whole or not at all); if they cannot be kept, nothing changes.
    fn toggle_star(&mut self) {
        let Some(i) = self.selected_event() else {
            self.status = Some("no event selected".into());
            return;
        };
        let id = self.dataset.events[i].id().to_string();
        let mut starred = false;
        let kept = self.change_marks(i, |marks| starred = marks.toggle_star(&id));
        if kept {
            self.status = Some(match starred {
                true => "★ starred".into(),
                false => "the star is taken away".into(),
            });
        }
    }

    /// Changes the marks with `change` and keeps them in their file (whole or not at
    /// all); if they cannot be kept, nothing changes and the status says why. Whether
    /// they were kept. `event` stays selected.
    fn change_marks(
        &mut self,
        event: usize,
        change: impl FnOnce(&mut crate::model::Marks),
    ) -> bool {
        let Some(path) = self.marks_path.clone() else {
            self.status = Some(MARKS_NOT_KEPT.into());
            return false;
        };
        let mut marks = self.dataset.marks().clone();
        change(&mut marks);
        match marks.save(&path) {
            Ok(()) => {
                self.dataset.set_marks(marks);
                if self.filter.has_marks() {
                    // The marks are a filter: what passes changed.
                    self.prepare(Some(event));
                }
                true
            }
            Err(error) => {
                self.status = Some(format!(
                    "could not keep the marks in {}: {error}; nothing changed",
                    crate::text::escape(&path.display().to_string())
                ));
                false
            }
        }
    }

    fn update_prompt(&mut self, action: Action) {
        let Mode::Prompt(prompt) = &mut self.mode else {
            return;
        };
        match action {
            Action::Back => {
                self.status = Some(match prompt.what {
                    PromptFor::Tags | PromptFor::Note => "the marks are as they were".into(),
                    PromptFor::SaveView => "no view saved".into(),
                    PromptFor::OpenView => "the filters are as they were".into(),
                });
                self.mode = Mode::Normal;
            }
            Action::Input(c) => prompt.text.push(c),
            Action::Backspace => {
                prompt.text.pop();
            }
            Action::ClearInput => prompt.text.clear(),
            // Tab completes a view's name from those saved.
            Action::ToggleItem if prompt.what == PromptFor::OpenView => {
                let found = (self.views.keys())
                    .find(|n| n.starts_with(prompt.text.as_str()) && **n != prompt.text);
                match found {
                    Some(name) => prompt.text = name.clone(),
                    None => self.status = Some("no view saved starts so".into()),
                }
            }
            // Tab completes the tag being typed from the tags used.
            Action::ToggleItem if prompt.what == PromptFor::Tags => {
                let start = prompt.text.rfind(' ').map_or(0, |i| i + 1);
                let typed = prompt.text[start..].trim_start_matches('#').to_string();
                let marks = self.dataset.marks();
                let tags = marks.tags();
                let found = tags.keys().find(|t| t.starts_with(&typed) && **t != typed);
                match found {
                    Some(tag) => {
                        let tag = tag.to_string();
                        drop(marks);
                        prompt.text.truncate(start);
                        prompt.text.push_str(&tag);
                        prompt.text.push(' ');
                    }
                    None => {
                        drop(marks);
                        self.status = Some("no tag used yet starts so".into());
                    }
                }
            }
            Action::Accept if prompt.what == PromptFor::SaveView => {
                let name = prompt.text.trim().to_string();
                let Some(path) = self.config_path.clone() else {
                    return;
                };
                // The screen with it, but the context, which is one event's.
                let screen = (self.screen != Screen::Context).then_some(self.screen);
                let view = crate::config::View::of(&self.filter, screen.map(Screen::name));
                match crate::config::add_view(&path, &name, &view) {
                    Ok(()) => {
                        self.mode = Mode::Normal;
                        self.views
                            .insert(name.clone(), (self.filter.clone(), screen));
                        self.status = Some(format!(
                            "saved the view '{name}' in {}; demarche --view {name} opens it",
                            crate::text::escape(&path.display().to_string())
                        ));
                    }
                    // The prompt stays, to choose another name.
                    Err(why) => self.status = Some(crate::text::escape(&why).into_owned()),
                }
            }
            Action::Accept if prompt.what == PromptFor::OpenView => {
                let name = prompt.text.trim().to_string();
                match self.views.get(&name).cloned() {
                    Some((filter, screen)) => {
                        self.mode = Mode::Normal;
                        self.apply_filter(filter);
                        if let Some(screen) = screen {
                            self.update(Action::Show(screen));
                        }
                        self.status = Some(format!("the view '{name}'"));
                    }
                    None => {
                        let hint =
                            crate::text::did_you_mean(&name, self.views.keys().map(String::as_str));
                        self.status = Some(format!(
                            "no view is named '{}'{hint}",
                            crate::text::escape(&name)
                        ));
                    }
                }
            }
            Action::Accept => {
                let Prompt { what, event, text } = prompt.clone();
                self.mode = Mode::Normal;
                let id = self.dataset.events[event].id().to_string();
                let kept = self.change_marks(event, |marks| match what {
                    PromptFor::Tags => marks.set_tags(
                        &id,
                        text.split_whitespace()
                            .map(|t| t.trim_start_matches('#').to_string()),
                    ),
                    PromptFor::Note => marks.set_note(&id, Some(text.trim().to_string())),
                    PromptFor::SaveView | PromptFor::OpenView => {}
                });
                if kept {
                    self.status = Some(match what {
                        PromptFor::Tags => "tags kept".into(),
                        PromptFor::Note => "note kept".into(),
                        PromptFor::SaveView | PromptFor::OpenView => String::new(),
                    });
                }
            }
            _ => {}
        }
    }

    /// The file the export dialog asked for, for the event loop to write.
    pub fn take_export(&mut self) -> Option<ExportJob> {
        self.export.take()
    }

    /// Adds the search to the history (once, as the latest).
    fn keep_search(&mut self) {
        let text = self.filter.text.clone();
        if text.is_empty() {
            return;
        }
        self.searches.retain(|s| *s != text);
        self.searches.push(text);
        if self.searches.len() > HISTORY {
            self.searches.remove(0);
        }
    }

    /// `n` / `N`: selects the next (or previous) event in the list that the search
    /// matches; returns whether the selection changed.
    fn jump_to_match(&mut self, forward: bool) -> bool {
        if !self.filter.has_search() {
            self.status = Some("no search to jump between: / searches".into());
            return false;
        }
        if !self.screen.is_list() {
            self.status = Some("n / N move between events in a list: 1 is the timeline".into());
            return false;
        }
        let timeline = self.list();
        let events = &timeline.matches().events;
        let Some(current) = timeline.selected() else {
            self.status = Some("nothing to jump between".into());
            return false;
        };
        let positions: Box<dyn Iterator<Item = usize>> = match forward {
            true => Box::new(current + 1..events.len()),
            false => Box::new((0..current).rev()),
        };
        let candidates = positions.map(|p| (p, events[p] as usize));
        let found = query::search::first_match(&self.dataset, &self.query(), candidates);
        let Some(position) = found else {
            let which = if forward { "after" } else { "before" };
            self.status = Some(format!("no match {which} this one"));
            return false;
        };
        let height = self.timeline_height();
        self.list_mut().select(Some(position), height)
    }

    /// A filter change the user made: recorded for undo.
    fn apply_filter(&mut self, filter: Filter) {
        if filter != self.filter {
            let previous = self.filter.clone();
            self.set_filter(filter);
            self.remember(previous);
        }
    }

    /// Undo (`back`) or redo: the filter moves from one history to the other, or a line
    /// says there is nothing to move.
    fn travel(&mut self, back: bool) {
        let popped = if back {
            self.history.pop()
        } else {
            self.redo.pop()
        };
        let Some(filter) = popped else {
            let what = if back { "undo" } else { "redo" };
            self.status = Some(format!("nothing to {what}"));
            return;
        };
        let current = self.filter.clone();
        if back {
            self.redo.push(current);
        } else {
            self.history.push(current);
        }
        self.set_filter(filter);
    }

    /// Records the filter a change replaced, for undo; a new change ends what redo had.
    fn remember(&mut self, previous: Filter) {
        self.redo.clear();
        self.history.push(previous);
        if self.history.len() > HISTORY {
            self.history.remove(0);
        }
    }

    /// Changes the filter without recording it (undo itself, live search).
    fn set_filter(&mut self, filter: Filter) {
        let anchor = self.selected_event();
        let previous = std::mem::replace(&mut self.filter, filter);
        // Typing on in a search only narrows: look within the previous matches.
        let matches = query::run_narrowing(
            &self.dataset,
            &self.filter,
            (&previous, self.timeline.matches()),
        );
        self.show(matches, anchor);
    }

    /// Shows new matches: the timeline's rows, the months that pass, and, when nothing
    /// matches, what each filter alone leaves out.
    fn show(&mut self, matches: Matches, anchor: Option<usize>) {
        self.relaxations = if matches.is_empty() {
            query::relaxations(&self.dataset, &self.filter)
        } else {
            Vec::new()
        };
        self.tally = self.count(&matches);
        self.keep_whole();
        let height = self.timeline_height();
        // Behind a grid screen nobody sees the rows: they are built on the way back.
        let changed = match self.screen.is_list() {
            true => self.timeline.show(&self.dataset, matches, anchor, height),
            false => self.timeline.take(&self.dataset, matches, anchor),
        };
        if changed {
            self.detail_scroll.top();
        }
        self.regrid();
    }

    /// The tally of the matches: the whole dataset's when there is no filter; on the list
    /// screens only the days the density strip reads (switching to a grid counts the rest).
    fn count(&self, matches: &Matches) -> Arc<Tally> {
        if self.filter.is_empty() && (self.screen.is_list() || self.whole.is_complete()) {
            return Arc::clone(&self.whole);
        }
        let parts = match self.screen.is_list() {
            true => query::Parts::Days,
            false => query::Parts::All,
        };
        Arc::new(Tally::count_parts(
            &self.dataset,
            &self.filter,
            matches,
            parts,
        ))
    }

    /// A full count of the whole dataset, once made, is kept as the whole's.
    fn keep_whole(&mut self) {
        if self.filter.is_empty() && self.tally.is_complete() && !self.whole.is_complete() {
            self.whole = Arc::clone(&self.tally);
        }
    }

    /// After a switch of screens: on a grid, counts what the list screens left out; on the
    /// timeline, builds the rows a grid left waiting (each once per filter).
    fn catch_up(&mut self) {
        if !self.screen.is_list() && !self.tally.is_complete() {
            self.tally = self.count(self.timeline.matches());
            self.keep_whole();
        }
        if self.screen == Screen::Timeline {
            let height = self.timeline_height();
            self.timeline.build_rows(&self.dataset, height);
        }
    }

    fn ensure_visible(&mut self) {
        let height = self.timeline_height();
        self.list_mut().ensure_visible(height);
    }

    fn wheel(&mut self, column: u16, row: u16, direction: i32) -> bool {
        let areas = self.areas();
        let over_detail = areas.detail.is_some_and(|d| contains(d, column, row));
        if over_detail {
            self.detail_scroll.by(direction * WHEEL as i32);
            false
        } else {
            let height = self.timeline_height();
            let delta = direction as isize * WHEEL as isize;
            self.list_mut().move_by(delta, height)
        }
    }

    fn click(&mut self, column: u16, row: u16) -> bool {
        let areas = self.areas();
        if let Some(detail) = areas.detail
            && contains(detail, column, row)
        {
            if !self.detail_fullscreen() {
                self.focus = Focus::Detail;
            }
            return false;
        }
        if !contains(areas.timeline, column, row) {
            return false;
        }
        self.focus = Focus::Timeline;
        let position = self
            .list()
            .event_at_screen_row((row - areas.timeline.y) as usize);
        let height = self.timeline_height();
        position.is_some_and(|p| self.list_mut().select(Some(p), height))
    }
}

/// Columns for the date column: enough for all but the rarest long dates, so one long
/// range ("21 Sep – 4 Oct 2022") is cut rather than take room from every headline.
/// Measured on at most 10,000 events spread over the dataset.
fn date_column(dataset: &Dataset) -> usize {
    let n = dataset.events.len();
    let step = (n / 10_000).max(1);
    let mut widths: Vec<usize> = (0..n)
        .step_by(step)
        .map(|i| crate::text::width(&dataset.events[i].date.display()))
        .collect();
    widths.sort_unstable();
    let common = (widths.len() * 95 / 100).min(widths.len().saturating_sub(1));
    widths.get(common).copied().unwrap_or(0)
}

/// Whether an action changes the filter (or opens what does).
/// Why `s`, `#` and `a` cannot keep marks.
const MARKS_NOT_KEPT: &str = "marks cannot be kept here (data from a pipe, or the marks file \
                              has a problem: see the warning when demarche started)";

fn changes_filter(action: &Action) -> bool {
    matches!(
        action,
        Action::OpenPicker(_)
            | Action::OpenSearch
            | Action::ClearFilters
            | Action::Undo
            | Action::Redo
    )
}

fn contains(area: Rect, column: u16, row: u16) -> bool {
    column >= area.x && column < area.right() && row >= area.y && row < area.bottom()
}
