//! The browser's state machine, driven through the real key map with synthetic keys.

mod common;

use common::{app, listed_ids, press, selected_id};
use demarche::model::{CountryCode, Kind, YearMonth};
use demarche::query::Match;
use demarche::tui::app::{Focus, Mode};
use demarche::tui::content::Page;
use demarche::tui::timeline::Row;

fn kz() -> CountryCode {
    CountryCode::from_code("KZ").unwrap()
}

#[test]
fn starts_on_the_first_dated_event_with_everything_listed() {
    let app = app(120, 40);
    assert_eq!(app.matches().len(), app.dataset().events.len());
    assert!(matches!(app.timeline().rows()[0], Row::Heading(..)));
    assert_eq!(selected_id(&app).unwrap(), "csto-force-enters-kazakhstan");
    // When the first event is dated only to the year, the story still starts with the
    // first month.
    let app = common::small_app(120, 40);
    assert!(app.dataset().events[0].date.is_year_only());
    assert_eq!(selected_id(&app).unwrap(), "late-may-us-uz");
}

#[test]
fn moving_through_events() {
    let mut app = app(120, 40);
    press(&mut app, "g");
    assert_eq!(app.timeline().selected(), Some(0));
    press(&mut app, "jj");
    assert_eq!(app.timeline().selected(), Some(2));
    press(&mut app, "k<up>");
    assert_eq!(app.timeline().selected(), Some(0));
    press(&mut app, "k");
    assert_eq!(app.timeline().selected(), Some(0), "stays at the top");
    press(&mut app, "G");
    assert_eq!(app.timeline().selected(), Some(app.matches().len() - 1));
    press(&mut app, "j");
    assert_eq!(
        app.timeline().selected(),
        Some(app.matches().len() - 1),
        "stays at the bottom"
    );
    press(&mut app, "g");
    assert_eq!(app.timeline().selected(), Some(0));
    press(&mut app, "<end><home>");
    assert_eq!(app.timeline().selected(), Some(0));
    press(&mut app, "<pgdn>");
    let page = app.timeline().selected().unwrap();
    assert!(
        page > 10,
        "a page moves by the timeline's height, got {page}"
    );
    let row = app.selected_row().unwrap();
    press(&mut app, "<c-u>");
    assert!(app.timeline().selected().unwrap() < page);
    press(&mut app, "<c-d>");
    // Half a screen up and down again: back to the same row, or the event just under a
    // heading that the move landed on.
    let back = app.selected_row().unwrap();
    assert!(back == row || back == row + 1, "{row} → {back}");
}

#[test]
fn the_selection_stays_visible_with_context() {
    let mut app = app(80, 24);
    let height = app.areas().timeline.height as usize;
    for _ in 0..app.matches().len() {
        press(&mut app, "j");
        let row = app.selected_row().unwrap();
        assert!(
            row >= app.timeline().offset() && row < app.timeline().offset() + height,
            "row {row} off screen"
        );
        let rows_below = app.timeline().rows().len() - 1 - row;
        assert!(
            row + rows_below.min(2) < app.timeline().offset() + height,
            "context below row {row}"
        );
    }
    press(&mut app, "g");
    assert_eq!(app.timeline().offset(), 0);
}

#[test]
fn brackets_jump_between_month_headings() {
    let mut app = app(120, 40);
    press(&mut app, "g]");
    // February's first event spans Feb – Jul, so it sorts first in the month.
    assert_eq!(
        selected_id(&app).unwrap(),
        "kz-bars-antiwar-rallies-and-z-symbol"
    );
    press(&mut app, "]");
    assert_eq!(selected_id(&app).unwrap(), "kz-middle-corridor-delegation");
    press(&mut app, "j[");
    assert_eq!(
        selected_id(&app).unwrap(),
        "kz-bars-antiwar-rallies-and-z-symbol"
    );
}

#[test]
fn country_picker_selects_kazakhstan() {
    let mut app = app(120, 40);
    press(&mut app, "c");
    let Mode::Picker(picker) = &app.mode() else {
        panic!("picker not open")
    };
    let kz_item = picker.items.iter().find(|i| i.key == "KZ").unwrap();
    assert_eq!(kz_item.count, 27, "facet count under no other filter");
    press(&mut app, "kaz");
    let Mode::Picker(picker) = &app.mode() else {
        panic!()
    };
    assert_eq!(picker.visible().len(), 1, "typing narrows the list");
    press(&mut app, "<space><enter>");
    assert_eq!(*app.mode(), Mode::Normal);
    assert_eq!(app.filter().countries, [kz()].into());
    assert_eq!(app.matches().len(), 27);
}

#[test]
fn picker_escape_changes_nothing() {
    let mut app = app(120, 40);
    press(&mut app, "c<space>j<space><esc>");
    assert_eq!(*app.mode(), Mode::Normal);
    assert!(app.filter().is_empty());
    assert!(!app.should_quit(), "Esc closed the picker, not the app");
}

#[test]
fn country_picker_toggles_all_matching() {
    let mut app = app(120, 40);
    press(&mut app, "ckaz<tab><c-u>russ<tab><c-t><enter>");
    assert_eq!(app.filter().country_match, Match::All);
    assert_eq!(app.filter().countries.len(), 2);
    assert!(listed_ids(&app).iter().all(|id| {
        let e = app.dataset().event_by_id(id).unwrap();
        e.countries().iter().any(|c| c.as_str() == "KZ")
            && e.countries().iter().any(|c| c.as_str() == "RU")
    }));
}

#[test]
fn month_and_kind_pickers() {
    let mut app = app(120, 40);
    press(&mut app, "mjune<space><enter>");
    assert_eq!(
        app.filter().months.months,
        [YearMonth::parse("2022-06").unwrap()].into()
    );
    press(&mut app, "tvisit<space><enter>");
    assert_eq!(app.filter().kinds, [Kind::Visit].into());
    assert_eq!(
        listed_ids(&app),
        [
            "kurilla-visits-uzbekistan-and-tajikistan",
            "putin-visits-dushanbe"
        ]
    );
    // Reopening shows the current choice; Ctrl-x clears the picker's filter.
    press(&mut app, "t<c-x>");
    assert!(app.filter().kinds.is_empty());
    assert_eq!(
        app.filter().months.months.len(),
        1,
        "the month filter stays"
    );
}

#[test]
fn pickers_work_like_fzf() {
    let mut app = app(120, 40);
    // Enter with nothing ticked takes the highlighted value; Space is part of the query.
    press(&mut app, "cunited states<enter>");
    assert_eq!(app.filter().countries.len(), 1);
    assert_eq!(app.filter().countries.first().unwrap().as_str(), "US");
    // Tab ticks and moves down; Ctrl-a ticks everything shown.
    press(&mut app, "x");
    press(&mut app, "t<tab><tab><enter>");
    assert_eq!(app.filter().kinds.len(), 2);
    press(&mut app, "x");
    press(&mut app, "t<c-a><enter>");
    assert_eq!(app.filter().kinds.len(), Kind::ALL.len());
    // Months: Ctrl-y ticks a whole year, Ctrl-e a range from the last ticked.
    press(&mut app, "x");
    press(&mut app, "m2023<c-y><enter>");
    assert!(app.filter().months.months.iter().all(|m| m.year() == 2023));
    assert!(
        app.filter().months.months.len() >= 2,
        "{:?}",
        app.filter().months
    );
    press(&mut app, "x");
    press(&mut app, "m<tab><down><down><c-e><enter>");
    assert_eq!(
        app.filter().months.months.len(),
        4,
        "{:?}",
        app.filter().months
    );
    // The picker keeps its size while the query narrows it.
    let size = |app: &demarche::tui::app::App| {
        let Mode::Picker(picker) = app.mode() else {
            panic!()
        };
        picker.items.len()
    };
    press(&mut app, "c");
    let all = size(&app);
    press(&mut app, "kaz");
    assert_eq!(size(&app), all);
}

#[test]
fn redo_brings_back_what_undo_took() {
    let mut app = app(120, 40);
    press(&mut app, "ckaz<enter>");
    press(&mut app, "u");
    assert!(app.filter().is_empty());
    press(&mut app, "<c-r>");
    assert_eq!(app.filter().countries, [kz()].into());
    press(&mut app, "<c-r>");
    assert_eq!(app.status(), Some("nothing to redo"));
    // A new change ends what redo had.
    press(&mut app, "u/tokayev<enter><c-r>");
    assert_eq!(app.status(), Some("nothing to redo"));
}

#[test]
fn paging_moves_by_screen_rows_not_events() {
    let mut app = app(80, 24);
    let height = app.areas().timeline.height as usize;
    press(&mut app, "g");
    let before = app.selected_row().unwrap();
    press(&mut app, "<pgdn>");
    let after = app.selected_row().unwrap();
    assert!(
        after >= before + height - 1 && after <= before + height + 1,
        "{before} → {after}, page {height}"
    );
}

#[test]
fn the_about_page_shows_the_description() {
    let mut app = app(120, 40);
    press(&mut app, "i");
    assert_eq!(*app.mode(), Mode::Read(Page::About));
    press(&mut app, "?");
    assert_eq!(
        *app.mode(),
        Mode::Read(Page::Help),
        "? goes from about to the keys"
    );
    press(&mut app, "<esc>");
    assert_eq!(*app.mode(), Mode::Normal);
}

#[test]
fn search_filters_live_and_escape_restores() {
    let mut app = app(120, 40);
    press(&mut app, "/yellen");
    assert!(matches!(app.mode(), Mode::Search { .. }));
    assert_eq!(listed_ids(&app), ["yellen-visits-kyiv"]);
    press(&mut app, "<esc>");
    assert_eq!(app.filter().text, "");
    assert_eq!(app.matches().len(), app.dataset().events.len());
    press(&mut app, "/kyiv<enter>");
    assert_eq!(*app.mode(), Mode::Normal);
    assert_eq!(app.filter().text, "kyiv");
    press(&mut app, "/<bs><bs><bs><bs>tokayev<esc>");
    assert_eq!(
        app.filter().text,
        "kyiv",
        "Esc restores the search from before /"
    );
}

#[test]
fn clear_and_undo() {
    let mut app = app(120, 40);
    press(&mut app, "ckaz<space><enter>/june<enter>");
    let filtered = app.filter().clone();
    press(&mut app, "x");
    assert!(app.filter().is_empty());
    press(&mut app, "u");
    assert_eq!(*app.filter(), filtered);
    press(&mut app, "u");
    assert_eq!(app.filter().countries, [kz()].into());
    assert!(app.filter().text.is_empty());
    press(&mut app, "uuu");
    assert!(app.filter().is_empty(), "undo stops at the start");
}

#[test]
fn a_filtered_out_selection_moves_to_the_nearest_event_in_time() {
    let mut app = app(120, 40);
    // Select Putin in Dushanbe (28 Jun 2022), then keep only Kazakhstan.
    while selected_id(&app).unwrap() != "putin-visits-dushanbe" {
        press(&mut app, "j");
    }
    press(&mut app, "ckaz<space><enter>");
    assert_eq!(
        selected_id(&app).unwrap(),
        "kz-draft-rules-on-sanctioned-exports"
    );
    // An event still in the set stays selected.
    press(&mut app, "/tokayev<enter>");
    assert_eq!(selected_id(&app).unwrap(), "kz-trans-caspian-oil-route");
}

#[test]
fn filtering_to_nothing_leaves_no_selection() {
    let mut app = app(120, 40);
    press(&mut app, "/zzzz<enter>");
    assert!(app.matches().is_empty());
    assert_eq!(app.timeline().selected(), None);
    press(&mut app, "jkG]g");
    assert_eq!(app.timeline().selected(), None);
    press(&mut app, "u");
    assert!(app.timeline().selected().is_some());
}

#[test]
fn detail_pane_on_wide_screens_and_full_screen_on_narrow_ones() {
    let mut wide = app(120, 40);
    assert!(wide.detail_visible());
    let first = wide.timeline().selected().unwrap();
    press(&mut wide, "<tab>");
    assert_eq!(wide.focus(), Focus::Detail);
    press(&mut wide, "j");
    assert_eq!(
        wide.timeline().selected(),
        Some(first),
        "j scrolls the focused detail, not the list"
    );
    press(&mut wide, "<esc>");
    assert_eq!(wide.focus(), Focus::Timeline);
    // Enter on an event gives its detail the keyboard; it never closes the pane.
    press(&mut wide, "<enter>");
    assert!(wide.detail_visible());
    assert_eq!(wide.focus(), Focus::Detail);
    press(&mut wide, "n");
    assert_eq!(
        wide.timeline().selected(),
        Some(first + 1),
        "n: the next event"
    );
    press(&mut wide, "<esc>d");
    assert!(!wide.detail_visible(), "d hides it");
    press(&mut wide, "<enter>");
    assert!(wide.detail_visible(), "Enter shows it again");

    let mut narrow = app(80, 24);
    assert!(
        !narrow.detail_visible(),
        "narrow screens start on the timeline"
    );
    press(&mut narrow, "<enter>");
    assert!(narrow.detail_fullscreen());
    press(&mut narrow, "<esc>");
    assert!(!narrow.detail_fullscreen());
    assert!(!narrow.should_quit());
}

#[test]
fn long_detail_scrolls_and_stops_at_its_end() {
    let mut app = app(80, 16);
    press(&mut app, "<enter>");
    press(&mut app, "jjj");
    assert_eq!(app.detail_scroll().pos(), 3);
    press(&mut app, "<pgdn>");
    assert!(
        app.detail_scroll().pos() > 8,
        "a page scrolls by the pane's height"
    );
    press(&mut app, "<pgdn><pgdn><pgdn><pgdn><pgdn>");
    let end = app.detail_scroll().pos();
    press(&mut app, "j");
    assert_eq!(app.detail_scroll().pos(), end, "no scrolling past the end");
    press(&mut app, "g");
    assert_eq!(app.detail_scroll().pos(), 0);
}

#[test]
fn help_opens_and_closes() {
    // Tall enough for every key without scrolling.
    let mut app = app(120, 60);
    press(&mut app, "?");
    assert_eq!(*app.mode(), Mode::Read(Page::Help));
    press(&mut app, "jx");
    assert_eq!(
        *app.mode(),
        Mode::Read(Page::Help),
        "keys other than close do not close it"
    );
    assert_eq!(
        app.page_scroll().pos(),
        0,
        "nothing to scroll on a large screen"
    );
    press(&mut app, "?");
    assert_eq!(*app.mode(), Mode::Normal);
}

#[test]
fn help_scrolls_on_small_screens() {
    let mut app = app(40, 12);
    press(&mut app, "?jjj");
    assert_eq!(app.page_scroll().pos(), 3);
    press(&mut app, "G");
    let end = app.page_scroll().pos();
    assert!(end > 3, "the whole list can be reached");
    press(&mut app, "j");
    assert_eq!(app.page_scroll().pos(), end, "no scrolling past the end");
    press(&mut app, "?");
    press(&mut app, "?");
    assert_eq!(app.page_scroll().pos(), 0, "reopening starts at the top");
}

#[test]
fn quitting() {
    for keys in ["q", "<c-c>", "c<c-c>", "/<c-c>", "?<c-c>", "<tab><c-c>"] {
        let mut app = app(120, 40);
        press(&mut app, keys);
        assert!(app.should_quit(), "{keys} should quit");
    }
    let mut app = app(120, 40);
    press(&mut app, "/q");
    assert!(!app.should_quit(), "q is text while searching");
}

#[test]
fn escape_never_quits_and_says_how_to() {
    let mut app = app(120, 40);
    press(&mut app, "ckaz<space><enter>j");
    let selected = selected_id(&app);
    press(&mut app, "<esc><esc><esc>");
    assert!(!app.should_quit(), "Esc at the top level keeps everything");
    assert_eq!(app.status(), Some("nothing to close; q quits"));
    assert_eq!(selected_id(&app), selected);
    assert_eq!(app.filter().countries, [kz()].into());
    press(&mut app, "j");
    assert_eq!(app.status(), None, "the next key clears the message");
    press(&mut app, "uu");
    assert!(app.filter().is_empty());
    assert_eq!(app.status(), Some("nothing to undo"));
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    use demarche::tui::app::Action;
    let mut app = app(120, 40);
    let top = app.areas().timeline.y;
    // Row 0 is the "January 2022" heading, rows 1 and 2 its events, row 3 the "February
    // 2022" heading: a click there selects the event under it.
    app.update(Action::Click {
        column: 5,
        row: top + 3,
    });
    assert_eq!(app.timeline().selected(), Some(2));
    app.update(Action::WheelDown {
        column: 5,
        row: top,
    });
    assert_eq!(app.timeline().selected(), Some(5), "three events on");
    app.update(Action::WheelUp {
        column: 5,
        row: top,
    });
    assert_eq!(app.timeline().selected(), Some(2));
}

#[test]
fn installing_a_dataset_again_keeps_filters_and_finds_the_selection_by_id() {
    let mut app = app(120, 40);
    press(&mut app, "ckaz<space><enter>");
    while selected_id(&app).unwrap() != "kz-draft-rules-on-sanctioned-exports" {
        press(&mut app, "j");
    }
    // The same file with its first event taken out: every index after it moves.
    let first = demarche::load::BUILTIN.find("[[events]]").unwrap();
    let second = first
        + 1
        + demarche::load::BUILTIN[first + 1..]
            .find("[[events]]")
            .unwrap();
    let mut text = demarche::load::BUILTIN.to_string();
    text.replace_range(first..second, "");
    let smaller = demarche::load::Loader::new()
        .text(&text, "edited.toml", demarche::load::Format::Toml)
        .unwrap();
    let before = app.dataset().events.len();
    let filter = app.filter().clone();
    app.install(smaller);
    assert_eq!(app.dataset().events.len(), before - 1);
    assert_eq!(*app.filter(), filter, "the filters stay");
    assert_eq!(
        selected_id(&app).unwrap(),
        "kz-draft-rules-on-sanctioned-exports",
        "the selection is found again by its id"
    );
    assert!(listed_ids(&app).iter().all(|id| {
        let event = app.dataset().event_by_id(id).unwrap();
        event.countries().contains(&kz())
    }));
}

#[test]
fn unticking_everything_in_a_picker_clears_its_filter() {
    let mut app = app(120, 40);
    press(&mut app, "ckaz<enter>");
    assert_eq!(app.filter().countries, [kz()].into());
    // Reopened on Kazakhstan, ticked: Tab unticks it and moves on; Enter means "none".
    press(&mut app, "c<tab><enter>");
    assert!(app.filter().countries.is_empty(), "{:?}", app.filter());
}

#[test]
fn a_page_moves_by_the_pages_height_not_to_its_end() {
    let mut app = app(40, 12);
    press(&mut app, "?");
    let max = app.page_scroll().max();
    press(&mut app, "<pgdn>");
    let one = app.page_scroll().pos();
    assert!(one > 0 && one < max, "{one} of {max}");
}

fn code(c: &str) -> CountryCode {
    CountryCode::from_code(c).unwrap()
}

/// Kazakhstan with Russia or the United States, ticked in one country picker.
const KZ_WITH_RU_OR_US: &str = "ckaz<tab><c-u>russia<c-w><c-u>united<c-w><enter>";

#[test]
fn one_picker_action_sets_a_focus_with_counterparts() {
    let mut app = app(120, 40);
    press(&mut app, "ckaz<tab>");
    // With the focus ticked under "all", each country counts what it shares with it.
    press(&mut app, "<c-u>russia");
    let Mode::Picker(picker) = app.mode() else {
        panic!("the picker is open")
    };
    let russia = picker.items.iter().find(|i| i.key == "RU").unwrap();
    assert_eq!(russia.count, 20, "any of them: Russia on its own");
    press(&mut app, "<c-w>");
    let Mode::Picker(picker) = app.mode() else {
        panic!("the picker is open")
    };
    let russia = picker.items.iter().find(|i| i.key == "RU").unwrap();
    assert!(russia.with && !russia.chosen);
    assert_eq!(russia.count, 14, "shared with Kazakhstan");
    press(&mut app, "<c-u>united<c-w><enter>");
    let filter = app.filter();
    assert_eq!(filter.countries, [code("KZ")].into());
    assert_eq!(filter.counterparts, [code("RU"), code("US")].into());
    assert_eq!(
        filter.describe(),
        "country: Kazakhstan with Russia or United States"
    );
    assert_eq!(app.matches().len(), 21);
    for &i in &app.matches().events {
        let e = &app.dataset().events[i as usize];
        assert!(e.involves(code("KZ")) && (e.involves(code("RU")) || e.involves(code("US"))));
    }
    // Reopened, the picker shows the focus and the counterparts as they are.
    press(&mut app, "c");
    let Mode::Picker(picker) = app.mode() else {
        panic!("the picker is open")
    };
    let ticked: Vec<(&str, bool, bool)> = (picker.items.iter())
        .filter(|i| i.chosen || i.with)
        .map(|i| (i.key.as_str(), i.chosen, i.with))
        .collect();
    assert_eq!(
        ticked,
        [
            ("KZ", true, false),
            ("RU", false, true),
            ("US", false, true)
        ]
    );
}

#[test]
fn screens_switch_with_one_key_and_keep_their_cursors() {
    use demarche::tui::layout::Screen;
    let mut app = app(120, 40);
    press(&mut app, "2");
    assert_eq!(app.screen(), Screen::Lanes);
    press(&mut app, "jj<right><right>");
    let lanes = app.relations().lanes;
    assert_eq!((lanes.row, lanes.column), (2, 2));
    press(&mut app, "3j");
    assert_eq!(app.screen(), Screen::Heatmap);
    assert_eq!(app.relations().heatmap.row, 1);
    press(&mut app, "4<right>");
    assert_eq!(app.relations().ledger.column, 1);
    press(&mut app, "2");
    assert_eq!(app.relations().lanes, lanes, "the lanes' cursor was kept");
    press(&mut app, "1");
    assert_eq!(app.screen(), Screen::Timeline);
    press(&mut app, "1");
    assert_eq!(app.status(), Some("already on the timeline"));
    // The cursor stays inside the grid, however far it is pushed.
    press(&mut app, "3GG<end><end>");
    let cursor = app.relations().heatmap;
    assert_eq!(cursor.row, app.grid().rows.len() - 1);
    assert_eq!(cursor.column, app.grid().columns.len() - 1);
}

#[test]
fn lanes_show_each_counterpart_and_agree_with_the_matches() {
    use demarche::tui::relations::Axis;
    let mut app = app(120, 40);
    press(&mut app, KZ_WITH_RU_OR_US);
    press(&mut app, "2");
    let grid = app.grid().clone();
    let lanes: Vec<Axis> = grid.rows.clone();
    let position = |c: &str| app.tally().countries().binary_search(&code(c)).unwrap();
    assert_eq!(
        lanes,
        [
            Axis::All,
            Axis::Country(position("RU")),
            Axis::Country(position("US"))
        ],
        "one lane per counterpart, under all matches"
    );
    // Every cell is the number of matching events of its lane in its period.
    for (r, lane) in lanes.iter().enumerate() {
        for (c, column) in grid.columns.iter().enumerate() {
            let Axis::Period(grain, p) = *column else {
                panic!("time along the width")
            };
            let months = app.tally().periods(grain)[p].months();
            let by_hand = (app.matches().events.iter())
                .map(|&i| &app.dataset().events[i as usize])
                .filter(|e| match lane {
                    Axis::Country(k) => e.involves(app.tally().countries()[*k]),
                    _ => true,
                })
                .filter(|e| months.iter().any(|&m| e.date.overlaps_month(m)))
                .count();
            assert_eq!(
                grid.value(app.tally(), r, c),
                by_hand,
                "{lane:?} {column:?}"
            );
        }
    }
    // By kind, with b.
    press(&mut app, "b");
    assert!(matches!(app.grid().rows[1], Axis::Kind(_)));
    press(&mut app, "b");
    assert!(matches!(app.grid().rows[1], Axis::Country(_)));
}

#[test]
fn enter_on_a_cell_narrows_to_its_events_and_undo_comes_back() {
    use demarche::tui::layout::Screen;
    let mut app = app(120, 40);
    press(&mut app, KZ_WITH_RU_OR_US);
    let before = app.filter().clone();
    // The US lane in February 2023 (lanes start in January 2022, by month at 120 columns).
    press(&mut app, "2jj");
    for _ in 0..13 {
        press(&mut app, "<right>");
    }
    let cursor = app.relations().lanes;
    let n = app.grid().value(app.tally(), cursor.row, cursor.column);
    assert_eq!(n, 4);
    press(&mut app, "<enter>");
    assert_eq!(app.screen(), Screen::Timeline);
    assert_eq!(app.matches().len(), n);
    assert_eq!(
        app.filter().describe(),
        "country: Kazakhstan, United States (all) · month: Feb 2023"
    );
    assert_eq!(app.timeline().selected(), Some(0), "on the first of them");
    press(&mut app, "u");
    assert_eq!(app.filter(), &before);
    // An empty cell says so and changes nothing.
    press(&mut app, "2<home>");
    press(&mut app, "<right>");
    assert_eq!(app.grid().value(app.tally(), 2, 1), 0);
    press(&mut app, "<enter>");
    assert_eq!(app.status(), Some("no events in this cell"));
    assert_eq!(app.filter(), &before);
}

#[test]
fn the_ledger_counts_shared_events_and_narrows_to_a_pair() {
    use demarche::tui::relations::Axis;
    let mut app = app(120, 40);
    press(&mut app, "4");
    let grid = app.grid().clone();
    let tally = app.tally();
    let (Axis::Country(a), Axis::Country(b)) = (grid.rows[0], grid.columns[1]) else {
        panic!("countries by countries")
    };
    let (ca, cb) = (tally.countries()[a], tally.countries()[b]);
    let shared = (app.dataset().events.iter())
        .filter(|e| e.involves(ca) && e.involves(cb))
        .count();
    assert_eq!(grid.value(tally, 0, 1), shared);
    assert_eq!(grid.value(tally, 1, 0), shared, "the ledger is symmetric");
    press(&mut app, "<right><enter>");
    assert_eq!(app.matches().len(), shared);
    assert_eq!(app.filter().countries, [ca, cb].into());
}

#[test]
fn the_context_sets_the_filter_aside_and_gives_it_back() {
    use demarche::tui::layout::Screen;
    let mut app = app(120, 40);
    press(&mut app, "ckaz<space><enter>jjj");
    let filter = app.filter().clone();
    let selected = selected_id(&app);
    let anchor = app.selected_event().unwrap();
    press(&mut app, "z");
    assert_eq!(app.screen(), Screen::Context);
    let context = app.context().unwrap();
    assert_eq!(context.days, 14);
    assert_eq!(context.anchor, anchor);
    let day = app.dataset().events[anchor].date.earliest();
    let within = |e: &demarche::model::Event, days: i64| {
        !e.date.is_year_only()
            && (e.date.earliest() - day).num_days() <= days
            && (day - e.date.latest()).num_days() <= days
    };
    let by_hand: Vec<u32> = (0..app.dataset().events.len() as u32)
        .filter(|&i| within(&app.dataset().events[i as usize], 14))
        .collect();
    assert_eq!(context.timeline.matches().events, by_hand);
    assert!(
        by_hand
            .iter()
            .any(|&i| !app.dataset().events[i as usize].involves(kz())),
        "the filter is set aside"
    );
    press(&mut app, "++");
    assert_eq!(app.context().unwrap().days, 60);
    assert!(app.context().unwrap().timeline.matches().len() >= by_hand.len());
    press(&mut app, "-");
    assert_eq!(app.context().unwrap().days, 30);
    press(&mut app, "jj<esc>");
    assert_eq!(app.screen(), Screen::Timeline);
    assert_eq!(app.filter(), &filter);
    assert_eq!(selected_id(&app), selected, "the selection as it was");
    // A filter key in the context goes back first, then acts.
    press(&mut app, "zc");
    assert_eq!(app.screen(), Screen::Timeline);
    assert!(matches!(app.mode(), Mode::Picker(_)));
}

#[test]
fn a_click_on_a_cell_moves_the_cursor_there() {
    use demarche::tui::app::Action;
    let mut app = app(120, 40);
    press(&mut app, "3");
    let (label, cell) = (app.grid().label, app.grid().cell);
    let body = app.areas().body;
    // Cells start under the title and two lines of labels.
    app.update(Action::Click {
        column: body.x + label + 2 * cell + 1,
        row: body.y + 3 + 1,
    });
    let cursor = app.relations().heatmap;
    assert_eq!((cursor.row, cursor.column), (1, 2));
    // A click on the labels moves nothing.
    app.update(Action::Click {
        column: 1,
        row: body.y + 1,
    });
    assert_eq!(app.relations().heatmap, cursor);
}

#[test]
fn a_filter_set_on_a_grid_screen_is_on_the_timeline_when_it_returns() {
    let mut app = app(120, 40);
    press(&mut app, "3ckaz<space><enter>");
    assert_eq!(app.matches().len(), 27);
    // The heatmap counts the new matches at once.
    let position = app.tally().countries().binary_search(&kz()).unwrap();
    assert_eq!(app.tally().country(position), 27);
    press(&mut app, "1");
    let rows = app.timeline().rows();
    let events = rows.iter().filter(|r| matches!(r, Row::Event(_))).count();
    assert_eq!(events, 27, "the rows were built on the way back");
    assert!(app.selected_row().is_some());
    press(&mut app, "j");
    assert!(
        app.selected_event()
            .is_some_and(|i| app.dataset().events[i].involves(kz()))
    );
}

#[test]
fn a_grid_cursor_stays_on_its_country_and_period_when_the_grid_changes() {
    use demarche::tui::relations::Axis;
    let mut app = app(120, 40);
    press(&mut app, "3j");
    let on = |app: &demarche::tui::app::App| {
        let cursor = app.relations().heatmap;
        (
            app.grid().rows[cursor.row],
            app.grid().columns[cursor.column],
        )
    };
    let (row, _) = on(&app);
    // A filter that ranks the countries otherwise.
    press(&mut app, "cuzb<space><enter>");
    assert_eq!(on(&app).0, row, "still on the same country");
    // The lanes change grain with the width: the cursor keeps its time.
    press(&mut app, "u2");
    for _ in 0..5 {
        press(&mut app, "<right>");
    }
    let Axis::Period(_, month) = on_lanes(&app) else {
        panic!()
    };
    let june = app.tally().periods(demarche::query::Grain::Month)[month].first;
    app.update(demarche::tui::app::Action::Resize(40, 12));
    let Axis::Period(grain, p) = on_lanes(&app) else {
        panic!()
    };
    assert_eq!(grain, demarche::query::Grain::Quarter);
    let bin = app.tally().periods(grain)[p];
    assert!(
        bin.first <= june && june <= bin.last,
        "{bin:?} holds {june:?}"
    );
}

fn on_lanes(app: &demarche::tui::app::App) -> demarche::tui::relations::Axis {
    app.grid().columns[app.relations().lanes.column]
}

#[test]
fn the_help_page_names_every_mode() {
    use demarche::tui::keys::KeyMode;
    let theme = demarche::tui::theme::Theme::plain();
    let app = app(120, 40);
    let text = demarche::tui::content::page(Page::Help, app.dataset(), &theme, 118);
    let all: String = text.lines.iter().map(|l| l.to_string() + "\n").collect();
    for mode in KeyMode::ALL {
        assert!(
            all.contains(mode.title()),
            "{:?} is missing from the help",
            mode
        );
    }
}

#[test]
fn reapplying_the_same_counterparts_adds_no_undo_step() {
    let mut app = app(120, 40);
    press(&mut app, KZ_WITH_RU_OR_US);
    let with = app.filter().clone();
    press(&mut app, "c<enter>");
    assert_eq!(app.filter(), &with);
    press(&mut app, "u");
    assert!(
        app.filter().is_empty(),
        "one undo goes back past the picker"
    );
    // Any/all means nothing beside counterparts, and says so.
    press(&mut app, "<c-r>c<c-t>");
    assert_eq!(
        app.status(),
        Some("with counterparts, the focus is all of its countries")
    );
}

#[test]
fn the_search_line_recalls_earlier_searches() {
    let mut app = app(120, 40);
    press(&mut app, "/<up>");
    assert_eq!(app.status(), Some("no earlier searches: Enter keeps one"));
    // "/" edits the search there is; Ctrl-u clears it.
    press(
        &mut app,
        "<esc>/yellen<enter>/<c-u>kyiv<enter>/<c-u>yellen<enter>",
    );
    assert_eq!(
        app.searches(),
        ["kyiv", "yellen"],
        "each once, the latest last"
    );
    press(&mut app, "/<c-u>tok<up>");
    assert_eq!(app.filter().text, "yellen");
    assert_eq!(
        listed_ids(&app),
        ["yellen-visits-kyiv"],
        "the recalled search applies"
    );
    press(&mut app, "<up>");
    assert_eq!(app.filter().text, "kyiv");
    press(&mut app, "<up>");
    assert_eq!(app.status(), Some("this is the oldest search kept"));
    press(&mut app, "<down><down>");
    assert_eq!(
        app.filter().text,
        "tok",
        "past the latest, what was typed comes back"
    );
    press(&mut app, "<down>");
    assert_eq!(app.status(), Some("this is what was typed"));
    // Ctrl-n / Ctrl-p still move through the list while typing.
    press(&mut app, "<c-u>");
    let first = selected_id(&app);
    press(&mut app, "<c-n>");
    assert_ne!(selected_id(&app), first);
}

#[test]
fn what_a_search_cannot_use_is_said_not_dropped() {
    let mut app = app(120, 40);
    press(&mut app, "/zeya");
    let zeya = listed_ids(&app);
    press(&mut app, " !");
    let query = app.query();
    assert_eq!(query.problems, ["`!` needs a word after it"]);
    // The rest of the search still applies.
    assert_eq!(listed_ids(&app), zeya);
}

#[test]
fn n_jumps_between_the_events_a_search_matches() {
    let mut app = app(120, 40);
    press(&mut app, "n");
    assert_eq!(app.status(), Some("no search to jump between: / searches"));
    press(&mut app, "/zeya<enter>");
    let matches = listed_ids(&app);
    assert!(matches.len() >= 2);
    assert_eq!(selected_id(&app).as_deref(), Some(matches[0].as_str()));
    press(&mut app, "n");
    assert_eq!(selected_id(&app).as_deref(), Some(matches[1].as_str()));
    press(&mut app, "N");
    assert_eq!(selected_id(&app).as_deref(), Some(matches[0].as_str()));
    press(&mut app, "N");
    assert_eq!(app.status(), Some("no match before this one"));
    // In the context, which sets the filter aside, n skips the events the search does
    // not match.
    press(&mut app, "z");
    let shown = listed_ids(&app);
    assert!(
        shown.len() > matches.len().min(shown.len()) || shown.iter().all(|id| matches.contains(id))
    );
    press(&mut app, "gn");
    let landed = selected_id(&app).unwrap();
    assert!(matches.contains(&landed), "{landed} is a match");
}

#[test]
fn the_country_picker_finds_a_country_by_its_other_names() {
    let mut app = app(120, 40);
    press(&mut app, "cكازاخستان<enter>");
    assert_eq!(app.filter().countries, [kz()].into());
    let mut app = common::app(120, 40);
    press(&mut app, "cusa<enter>");
    assert_eq!(
        app.filter().countries,
        [CountryCode::from_code("US").unwrap()].into()
    );
}

#[test]
fn w_writes_what_the_screen_shows_to_the_file_named_in_the_format_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(120, 40);
    press(&mut app, "ckaz<enter>");
    let shown = listed_ids(&app);
    press(&mut app, "w");
    assert!(matches!(app.mode(), Mode::Export(_)));
    // The fifth format is a TOML dataset; the name is typed over the one offered.
    press(&mut app, "<down><down><down><down><c-u>");
    let path = dir.path().join("kz.toml");
    press(&mut app, &path.display().to_string());
    press(&mut app, "<enter>");
    assert!(matches!(app.mode(), Mode::Normal));
    let job = app.take_export().expect("a file to write");
    assert!(app.take_export().is_none(), "asked for once");
    let answer = job.run();
    app.update(demarche::tui::app::Action::Exported(answer));
    let status = app.status().unwrap().to_string();
    assert!(status.starts_with("wrote 27 events (toml) to "), "{status}");
    let written = demarche::load::from_path(&path).unwrap();
    let ids: Vec<String> = written.events.iter().map(|e| e.id().to_string()).collect();
    assert_eq!(ids, shown);
}

#[test]
fn the_export_dialog_asks_before_replacing_a_file_and_esc_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.html");
    std::fs::write(&path, "keep me").unwrap();
    let mut app = app(120, 40);
    press(&mut app, "w<c-u>");
    press(&mut app, &path.display().to_string());
    press(&mut app, "<enter>");
    let Mode::Export(dialog) = app.mode() else {
        panic!("the dialog stays open to ask");
    };
    assert!(dialog.confirming);
    assert!(app.take_export().is_none());
    press(&mut app, "<esc>");
    assert!(matches!(app.mode(), Mode::Normal));
    assert_eq!(app.status(), Some("nothing written"));
    assert!(app.take_export().is_none());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");
    // Asked again, a second Enter replaces it.
    press(&mut app, "w<c-u>");
    press(&mut app, &path.display().to_string());
    press(&mut app, "<enter><enter>");
    let job = app.take_export().expect("replacing, once confirmed");
    job.run().unwrap();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("<!doctype html>")
    );
}

#[test]
fn a_failed_export_says_why_in_the_status_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(120, 40);
    press(&mut app, "w<c-u>");
    press(
        &mut app,
        &dir.path().join("page.html").display().to_string(),
    );
    press(&mut app, "<enter>");
    let job = app.take_export().unwrap();
    // The folder goes away before the file is written.
    drop(dir);
    app.update(demarche::tui::app::Action::Exported(job.run()));
    assert!(
        app.status().unwrap().starts_with("could not write "),
        "{:?}",
        app.status()
    );
}

#[test]
fn the_browser_opens_on_the_event_select_names() {
    let dataset = demarche::load::builtin().unwrap();
    let at = dataset.position_of("c5-plus-1-ministerial-astana").unwrap();
    let mut app = demarche::tui::app::App::open_at(dataset, Default::default(), Some(at));
    app.update(demarche::tui::app::Action::Resize(80, 24));
    assert_eq!(
        selected_id(&app).as_deref(),
        Some("c5-plus-1-ministerial-astana")
    );
    // Near the end of the list, and shown on screen.
    let row = app.selected_row().unwrap();
    let top = app.list().offset();
    assert!(row >= top && row < top + 20, "row {row} from {top}");
}

#[test]
fn reloading_or_editing_the_built_in_data_says_how_to_get_a_copy() {
    let mut app = app(120, 40);
    for key in ["r", "e"] {
        press(&mut app, key);
        assert!(
            app.status()
                .unwrap()
                .contains("demarche export --format toml"),
            "{key}"
        );
        assert!(!app.take_reload());
        assert!(app.take_edit().is_none());
    }
}

#[test]
fn a_reload_with_problems_keeps_the_data_and_a_good_one_closes_them() {
    use demarche::tui::follow::{Changes, Reloaded};
    let mut app = app(120, 40);
    app.follow();
    press(&mut app, "jjj");
    let selected = selected_id(&app);
    press(&mut app, "e");
    assert_eq!(app.take_edit(), selected);
    press(&mut app, "r");
    assert!(app.take_reload());
    app.on_reload(Reloaded::Problems(vec!["x.toml:3:8: a problem".into()]));
    assert_eq!(app.data_problems().unwrap().len(), 1);
    assert_eq!(app.matches().len(), 40, "the last good data stays");
    let again = demarche::load::builtin().unwrap();
    app.on_reload(Reloaded::Data(Box::new(again), Changes::default()));
    assert!(app.data_problems().is_none());
    assert_eq!(selected_id(&app), selected, "the selection stays");
    assert!(
        app.status()
            .unwrap()
            .ends_with("the file's problems are fixed")
    );
}

#[test]
fn tags_and_notes_are_written_from_the_browser_and_the_marks_picker_filters_by_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.marks.toml");
    let mut app = app(120, 40);
    app.keep_marks_in(path.clone());
    press(&mut app, "jjj");
    let first = selected_id(&app).unwrap();
    press(&mut app, "#oil gas<enter>");
    assert_eq!(app.status(), Some("tags kept"));
    press(&mut app, "jj");
    let second = selected_id(&app).unwrap();
    // Tab completes from the tags used.
    press(&mut app, "#o<tab><enter>anote on it<enter>s");
    let marks = demarche::model::Marks::load(&path).unwrap();
    let tags = |id: &str| {
        marks
            .get(id)
            .unwrap()
            .tags
            .iter()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(tags(&first), ["gas", "oil"]);
    assert_eq!(tags(&second), ["oil"]);
    assert_eq!(
        marks.get(&second).unwrap().note.as_deref(),
        Some("note on it")
    );
    assert!(marks.get(&second).unwrap().starred);
    // The marks picker: starred, then each tag; "#oil" alone gives both events.
    press(&mut app, "*");
    assert!(matches!(app.mode(), Mode::Picker(_)));
    press(&mut app, "oil<enter>");
    let mut shown = listed_ids(&app);
    shown.sort();
    let mut both = vec![first.clone(), second.clone()];
    both.sort();
    assert_eq!(shown, both);
    assert!(app.filter().tags.contains("oil"));
    // Esc in the prompt leaves the marks as they were.
    press(&mut app, "#<c-u>x<esc>");
    assert_eq!(app.status(), Some("the marks are as they were"));
}

#[test]
fn a_view_is_saved_in_the_config_file_and_opened_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "# mine\ntheme = \"default\"\n").unwrap();
    let mut app = app(120, 40);
    app.set_views(Default::default(), Some(config.clone()));
    press(&mut app, "V");
    assert!(app.status().unwrap().starts_with("no view is saved yet"));
    press(&mut app, "ckaz<enter>tvisit<enter>");
    let saved = app.filter().clone();
    press(&mut app, "vkz-visits<enter>");
    assert!(
        app.status()
            .unwrap()
            .starts_with("saved the view 'kz-visits'"),
        "{:?}",
        app.status()
    );
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.starts_with("# mine\ntheme = \"default\"\n"),
        "the rest is kept: {text}"
    );
    let (read, problems) = demarche::config::load(&config);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        read.views["kz-visits"],
        demarche::config::View::of(&saved, Some("timeline"))
    );
    // A name used already is refused, and the prompt stays for another.
    press(&mut app, "vkz-visits<enter>");
    assert!(app.status().unwrap().contains("exists already"));
    press(&mut app, "<esc>x");
    assert!(app.filter().is_empty());
    press(&mut app, "Vkz<tab><enter>");
    assert_eq!(app.filter(), &saved);
    // The screen is saved with the filters, and opened with them.
    press(&mut app, "2vlanes-kz<enter>1xVlanes-kz<enter>");
    assert_eq!(app.screen(), demarche::tui::layout::Screen::Lanes);
    assert_eq!(app.filter(), &saved);
}

#[test]
fn a_mark_made_while_the_file_was_being_read_is_kept() {
    use demarche::tui::follow::{Changes, Reloaded};
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(120, 40);
    app.keep_marks_in(dir.path().join("m.marks.toml"));
    app.follow();
    press(&mut app, "jjs");
    let starred = selected_id(&app).unwrap();
    // The reload read the file before the star: its dataset holds the marks of then.
    let read_before = demarche::load::builtin().unwrap();
    app.on_reload(Reloaded::Data(Box::new(read_before), Changes::default()));
    assert!(
        app.dataset()
            .marks()
            .get(&starred)
            .is_some_and(|m| m.starred)
    );
}
