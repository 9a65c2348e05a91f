//! Whole screens rendered into ratatui's TestBackend after key sequences, as insta
//! snapshots (reviewed before acceptance), and the sizes where drawing must not panic.

mod common;

use common::{app, press};
use demarche::tui::theme::{Palette, Theme};
use demarche::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn draw(width: u16, height: u16, keys: &str) -> Terminal<TestBackend> {
    let mut app = app(width, height);
    press(&mut app, keys);
    let theme = Theme::new(Palette::Default, false);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| view::draw(&app, &theme, frame))
        .unwrap();
    terminal
}

fn screen(width: u16, height: u16, keys: &str) -> String {
    draw(width, height, keys).backend().to_string()
}

macro_rules! screens {
    ($($name:ident: $keys:expr;)*) => {
        $(
            #[test]
            fn $name() {
                for (w, h) in [(120, 40), (80, 24), (40, 12)] {
                    insta::assert_snapshot!(
                        format!("{}_{w}x{h}", stringify!($name)),
                        screen(w, h, $keys)
                    );
                }
            }
        )*
    };
}

screens! {
    start: "";
    country_picker: "c";
    country_picker_narrowed: "ckaz";
    month_picker: "c<down><down><down><down><space><enter>m";
    kind_picker: "t";
    kazakhstan_in_june: "ckaz<space><enter>mjune<space><enter>";
    searching: "/sanctions";
    filtered_to_nothing: "ckaz<space><enter>/zzz<enter>";
    help: "?";
    detail_open: "jjjjjj<enter>";
    // Kazakhstan with Russia or the US, in one picker: the two threads as lanes.
    lanes_with_counterparts: "ckaz<tab><c-u>rus<c-w><c-u>united<c-w><enter>2";
    lanes_by_kind: "2b";
    heatmap: "3jj<right><right>";
    ledger: "4j<right><right>";
    context: "jjjjjjjjjjz";
    export_dialog: "ckaz<space><enter>w<down><down>";
}

#[test]
fn tiny_and_empty_screens_do_not_panic() {
    // Zero-sized: drawing must simply succeed (TestBackend cannot print a 0-wide buffer).
    for (w, h) in [(0, 0), (120, 0), (0, 40)] {
        for keys in ["", "c", "?", "<enter>", "/x"] {
            let terminal = draw(w, h, keys);
            assert_eq!(terminal.backend().buffer().area.area(), 0);
        }
    }
    for (w, h) in [(1, 1), (2, 50), (29, 7), (30, 8), (200, 1), (31, 9)] {
        let text = screen(w, h, "");
        assert_eq!(text.lines().count(), h as usize, "{w}x{h}");
        let text = screen(w, h, "c");
        assert_eq!(text.lines().count(), h as usize, "{w}x{h} with picker");
        let text = screen(w, h, "?");
        assert_eq!(text.lines().count(), h as usize, "{w}x{h} with help");
    }
    assert!(screen(20, 5, "").contains("terminal too"));
}

#[test]
fn the_selected_row_is_marked_by_a_symbol_not_colour_alone() {
    let text = screen(120, 40, "j");
    let marked: Vec<&str> = text.lines().filter(|l| l.contains('▶')).collect();
    assert_eq!(marked.len(), 1);
    assert!(marked[0].contains("13–19 Jan 2022"), "{}", marked[0]);
}

#[test]
fn control_characters_from_data_never_reach_the_screen() {
    use demarche::model::{CountryCode, Dataset, Event, EventParts, FuzzyDate, Kind, Source};
    // A dataset built directly, skipping validation, with escape sequences in its text.
    let source = Source {
        id: "s".into(),
        outlet: "Evil\x1b]0;pwned\x07".into(),
        title: "t\x1b[2J".into(),
        language: "en".into(),
        published: FuzzyDate::parse("2022").unwrap(),
        about: "a".into(),
        based_on: None,
        title_original: None,
        url: None,
    };
    let event = Event::new(EventParts {
        id: "e",
        date: FuzzyDate::parse("2022-06-17").unwrap(),
        date_note: Some("note\x1b[31m"),
        kind: Kind::Visit,
        countries: &[CountryCode::from_code("KZ").unwrap()],
        actors: &[],
        headline: "Head\x1b[2Jline\u{202E}",
        summary: "Sum\u{9b}mary\nnext",
        notes: Some("n\x1bo"),
        sources: &[0],
    });
    let dataset = Dataset::new(
        "T\x1b[1m".into(),
        String::new(),
        vec![source],
        vec![],
        vec![],
        vec![event],
    );
    let app = demarche::tui::app::App::new(dataset, Default::default());
    let mut app = app;
    app.update(demarche::tui::app::Action::Resize(120, 40));
    let theme = Theme::plain();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|frame| view::draw(&app, &theme, frame))
        .unwrap();
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert!(
            !cell.symbol().chars().any(demarche::text::is_unsafe_char),
            "unsafe character {:?} reached the screen",
            cell.symbol()
        );
    }
    assert!(
        terminal
            .backend()
            .to_string()
            .contains("Head\u{FFFD}[2Jline")
    );
}

#[test]
fn the_selection_marker_never_covers_a_label() {
    // Walk the selection through every event: the marker has a line of its own above the
    // bars, and the axis under them holds only whole years and month names.
    for presses in 0..40 {
        for width in [120, 80, 40] {
            let text = screen(width, 30, &"j".repeat(presses));
            let lines: Vec<&str> = text.lines().collect();
            let at = lines.iter().position(|l| l.contains('▼'));
            let Some(at) = at else {
                assert!(
                    presses == 0,
                    "{presses} presses, width {width}: no marker\n{text}"
                );
                continue;
            };
            let axis = lines[at + 2];
            assert!(
                !axis.contains('▼') && !lines[at + 1].contains('▼'),
                "{axis}"
            );
            for number in axis
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
            {
                assert_eq!(number.len(), 4, "{presses} presses, width {width}: {axis}");
            }
            assert!(axis.contains("2022"), "{axis}");
        }
    }
}

#[test]
fn search_matches_are_marked_by_underline_not_colour_alone() {
    use ratatui::style::Modifier;
    // With colour and without: the marks must show as an attribute.
    for no_color in [false, true] {
        let mut app = app(120, 40);
        press(&mut app, "/zeya<enter>");
        let theme = Theme::new(Palette::Default, no_color);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        terminal
            .draw(|frame| view::draw(&app, &theme, frame))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let marked_at = |x: u16, y: u16| buffer[(x, y)].modifier.contains(Modifier::UNDERLINED);
        let text = terminal.backend().to_string();
        // Every "Zeya" on screen is marked in full, in the rows and in the detail.
        let mut seen = 0;
        // (The "Matched" line at the detail's end names the places, unmarked.)
        let matched_line = text.lines().position(|l| l.contains("Matched")).unwrap();
        for (y, line) in text.lines().enumerate().take(matched_line) {
            let line = line.trim_matches('"');
            let columns: Vec<char> = line.chars().collect();
            for x in 0..columns.len().saturating_sub(4) {
                if columns[x..x + 4].iter().collect::<String>() == "Zeya" {
                    seen += 1;
                    for dx in 0..4 {
                        assert!(
                            marked_at((x + dx) as u16, y as u16),
                            "row {y} col {x}: {line}"
                        );
                    }
                }
            }
        }
        assert!(seen >= 3, "{text}");
        // A word that is not a match is not marked: the first letters of the header.
        assert!(!marked_at(1, 0));
        // The detail says where the term was found.
        assert!(text.contains("Matched"), "{text}");
        // (The first match, the US request of Apr – Jul 2022, names her in its date note.)
        assert!(text.contains("zeya: date note"), "{text}");
    }
}

#[test]
fn the_search_line_says_what_it_cannot_search_for() {
    let text = screen(120, 40, "/zeya !");
    let footer = text.lines().last().unwrap();
    assert!(footer.contains("`!` needs a word after it"), "{footer}");
}

#[test]
fn the_problems_panel_lists_the_file_s_problems_at_any_size() {
    use demarche::tui::follow::Reloaded;
    let problems: Vec<String> = (1..=6)
        .map(|i| format!("events.toml:{i}:8: event 'e{i}' (#{i}), field 'date': '2022-02-31' is not a day of the calendar"))
        .collect();
    for (w, h) in [(120, 40), (80, 24), (40, 12), (20, 5)] {
        let mut app = app(w, h);
        app.follow();
        app.on_reload(Reloaded::Problems(problems.clone()));
        let theme = Theme::new(Palette::Default, false);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|frame| view::draw(&app, &theme, frame))
            .unwrap();
        let text = terminal.backend().to_string();
        if (w, h) == (120, 40) {
            assert!(text.contains("6 problems in the data file"), "{text}");
            assert!(
                text.contains("events.toml:1:8: event 'e1' (#1), field 'date'"),
                "{text}"
            );
        }
        if (w, h) == (80, 24) {
            assert!(
                text.contains("more: `demarche validate` lists them all"),
                "{text}"
            );
        }
    }
}

/// The loading screen says how far the read has got, in words and as a bar, at any size,
/// and never writes a file name's control characters.
#[test]
fn the_loading_screen_shows_bytes_events_rate_and_how_to_quit() {
    use demarche::progress::Seen;
    use demarche::tui::loading;
    let theme = Theme::new(Palette::Default, false);
    let seen = Seen {
        bytes: 265_000_000,
        size: 531_000_000,
        events: 500_000,
        total: 0,
        done: false,
    };
    let half_second = std::time::Duration::from_millis(500);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| loading::draw(frame, &theme, "big\u{1b}[2J.jsonl", &seen, half_second))
        .unwrap();
    let shown = terminal.backend().to_string();
    assert!(shown.contains("loading big"), "{shown}");
    assert!(!shown.contains('\u{1b}'), "{shown}");
    assert!(shown.contains("50%"), "{shown}");
    assert!(
        shown.contains("265 MB of 531 MB · 500,000 events · 530 MB/s"),
        "{shown}"
    );
    assert!(shown.contains("q quits"), "{shown}");
    // Half the bar is filled.
    let bar = shown.lines().find(|l| l.contains("50%")).unwrap();
    let filled = bar.matches('█').count();
    assert!((30..=40).contains(&filled), "{bar}");
    for (w, h) in [(0, 0), (1, 1), (12, 3), (200, 50)] {
        let mut terminal = Terminal::new(TestBackend::new(w.max(1), h.max(1))).unwrap();
        terminal
            .draw(|frame| loading::draw(frame, &theme, "big.jsonl", &seen, half_second))
            .unwrap();
    }
}
