//! What demarche costs as datasets grow: load, each filter, text search, facets, the tally,
//! one frame of each screen (and one when nothing matches), moving and switching screens,
//! and a filter key to the next frame, at 1k, 10k and 100k events, and each publishing
//! format at 100k; set DEMARCHE_BENCH_1M=1 to add 1M (it takes a few minutes). Datasets come from `demarche::synth`, seed 7.
//!
//!     cargo bench --bench engine
//!     DEMARCHE_BENCH_1M=1 cargo bench --bench engine

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use demarche::load::{self, Format};
use demarche::model::words::WordIndex;
use demarche::model::{CountryCode, Dataset, Kind, YearMonth};
use demarche::query::{self, Filter};
use demarche::tui::app::{Action, App};
use demarche::tui::layout::Screen;
use demarche::tui::picker::PickerKind;
use demarche::tui::theme::{Palette, Theme};
use demarche::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::time::Duration;

// The same allocator as the demarche binary, so the benchmarks measure what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn sizes() -> Vec<usize> {
    let mut sizes = vec![1_000, 10_000, 100_000];
    if std::env::var_os("DEMARCHE_BENCH_1M").is_some() {
        sizes.push(1_000_000);
    }
    sizes
}

/// The generated dataset as JSON Lines (`lines`) or as one JSON document.
fn generated(events: usize, lines: bool) -> String {
    let mut out = Vec::new();
    demarche::synth::write(&mut out, events, 7, lines).expect("generate");
    String::from_utf8(out).expect("utf-8")
}

fn kz() -> CountryCode {
    CountryCode::from_code("KZ").unwrap()
}

/// A month in the middle of the generated 30 years.
fn june() -> YearMonth {
    YearMonth::parse("2010-06").unwrap()
}

/// The search language's forms, on words the generator writes.
const SEARCH_FORMS: [(&str, &str); 6] = [
    ("word", "caspian"),
    ("whole-word", "'caspian"),
    ("phrase", "\"caspian pipeline\""),
    ("not", "!caspian"),
    ("either", "caspian | grain"),
    ("arabic", "الرياض"),
];

fn filters() -> Vec<(&'static str, Filter)> {
    let mut country = Filter::default();
    country.countries.insert(kz());
    let mut month = Filter::default();
    month.months.months.insert(june());
    let mut kind = Filter::default();
    kind.kinds.insert(Kind::Visit);
    let mut country_month = country.clone();
    country_month.months.months.insert(june());
    vec![
        ("country", country),
        ("month", month),
        ("kind", kind),
        ("country+month", country_month),
    ]
}

fn engine(c: &mut Criterion) {
    for n in sizes() {
        let slow = n >= 100_000;

        let mut group = c.benchmark_group("load");
        if slow {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(20));
        }
        // From a file, as the command line and the browser load (read, parse, check, sort,
        // index); the file is in the page cache after the first run.
        let dir = tempfile::tempdir().expect("temporary directory");
        for (name, lines) in [("json", false), ("jsonl", true)] {
            let path = dir.path().join(format!("bench.{name}"));
            std::fs::write(&path, generated(n, lines)).expect("write the dataset");
            group.bench_with_input(BenchmarkId::new(name, n), &path, |b, path| {
                b.iter(|| load::from_path(black_box(path)).unwrap())
            });
        }
        group.finish();
        drop(dir);

        let text = generated(n, true);
        let dataset: Dataset = load::Loader::new()
            .text(&text, "bench.jsonl", Format::JsonLines)
            .unwrap();
        drop(text);

        let mut group = c.benchmark_group("filter");
        for (name, filter) in filters() {
            group.bench_with_input(BenchmarkId::new(name, n), &filter, |b, f| {
                b.iter(|| query::run(&dataset, black_box(f)))
            });
        }
        group.finish();

        let mut group = c.benchmark_group("search");
        let word = Filter {
            text: "caspian".into(),
            ..Filter::default()
        };
        group.bench_with_input(BenchmarkId::new("one-word", n), &word, |b, f| {
            b.iter(|| query::run(&dataset, black_box(f)))
        });
        let typed = Filter {
            text: "caspia".into(),
            ..Filter::default()
        };
        let previous = query::run(&dataset, &typed);
        group.bench_with_input(BenchmarkId::new("one-more-letter", n), &word, |b, f| {
            b.iter(|| query::run_narrowing(&dataset, black_box(f), (&typed, &previous)))
        });
        if slow {
            group.sample_size(10);
        }
        group.bench_function(BenchmarkId::new("build-word-index", n), |b| {
            b.iter(|| WordIndex::build(black_box(&dataset)))
        });
        dataset.build_word_index();
        group.sample_size(100);
        group.bench_with_input(BenchmarkId::new("one-word-indexed", n), &word, |b, f| {
            b.iter(|| query::run(&dataset, black_box(f)))
        });
        let previous = query::run(&dataset, &typed);
        group.bench_with_input(
            BenchmarkId::new("one-more-letter-indexed", n),
            &word,
            |b, f| b.iter(|| query::run_narrowing(&dataset, black_box(f), (&typed, &previous))),
        );
        group.finish();

        // Each form of the search language, through the word index (the browser) and by
        // reading every event (a one-shot command: a dataset without the index).
        let mut group = c.benchmark_group("search-form");
        let unindexed = load::Loader::new()
            .text(&generated(n, true), "bench.jsonl", Format::JsonLines)
            .unwrap();
        for (name, text) in SEARCH_FORMS {
            let f = Filter {
                text: text.into(),
                ..Filter::default()
            };
            group.bench_with_input(
                BenchmarkId::new(format!("{name}-indexed"), n),
                &f,
                |b, f| b.iter(|| query::run(&dataset, black_box(f))),
            );
            if slow {
                group.sample_size(10);
            }
            group.bench_with_input(BenchmarkId::new(format!("{name}-scan"), n), &f, |b, f| {
                b.iter(|| query::run(&unindexed, black_box(f)))
            });
            group.sample_size(100);
        }
        // Typing on in a phrase narrows within the matches before.
        let (typed, more) = ("\"caspian pipelin", "\"caspian pipeline");
        let typed = Filter {
            text: typed.into(),
            ..Filter::default()
        };
        let more = Filter {
            text: more.into(),
            ..Filter::default()
        };
        let previous = query::run(&dataset, &typed);
        group.bench_with_input(
            BenchmarkId::new("phrase-one-more-letter-indexed", n),
            &more,
            |b, f| b.iter(|| query::run_narrowing(&dataset, black_box(f), (&typed, &previous))),
        );
        group.finish();

        let mut group = c.benchmark_group("facets");
        group.bench_with_input(
            BenchmarkId::new("unfiltered", n),
            &Filter::default(),
            |b, f| b.iter(|| query::facets(&dataset, black_box(f))),
        );
        let (_, country_month) = filters().pop().unwrap();
        group.bench_with_input(
            BenchmarkId::new("country+month", n),
            &country_month,
            |b, f| b.iter(|| query::facets(&dataset, black_box(f))),
        );
        group.finish();

        // The tally the relations screens and the density strip read, counted on each
        // filter change: every event, and one kind's.
        let mut group = c.benchmark_group("tally");
        let all = query::run(&dataset, &Filter::default());
        group.bench_function(BenchmarkId::new("every-event", n), |b| {
            b.iter(|| query::Tally::count(&dataset, &Filter::default(), black_box(&all)))
        });
        let (_, kind) = filters().remove(2);
        let visits = query::run(&dataset, &kind);
        group.bench_function(BenchmarkId::new("one-kind", n), |b| {
            b.iter(|| query::Tally::count(&dataset, &kind, black_box(&visits)))
        });
        group.finish();

        let theme = Theme::new(Palette::Default, false);
        let mut app = App::new(dataset, Filter::default());
        app.update(Action::Resize(200, 50));
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
        let mut group = c.benchmark_group("tui");
        frame_and_filter_key(&mut group, n, (&mut app, &mut terminal, &theme));
        // Each relations screen (and the context): a frame, a cursor move with its frame,
        // switching to it with its frame, and a filter key with its frame.
        for screen in [
            Screen::Lanes,
            Screen::Heatmap,
            Screen::Ledger,
            Screen::Context,
        ] {
            let name = screen.name();
            let open = |app: &mut App| match screen {
                Screen::Context => app.update(Action::OpenContext),
                other => app.update(Action::Show(other)),
            };
            open(&mut app);
            group.bench_function(BenchmarkId::new(format!("frame-{name}-200x50"), n), |b| {
                b.iter(|| {
                    terminal
                        .draw(|frame| view::draw(&app, &theme, frame))
                        .unwrap();
                })
            });
            group.bench_function(BenchmarkId::new(format!("move-{name}"), n), |b| {
                b.iter(|| {
                    app.update(Action::Down);
                    terminal
                        .draw(|frame| view::draw(&app, &theme, frame))
                        .unwrap();
                    app.update(Action::Up);
                })
            });
            group.bench_function(BenchmarkId::new(format!("switch-to-{name}"), n), |b| {
                b.iter(|| {
                    app.update(Action::Show(Screen::Timeline));
                    open(&mut app);
                    terminal
                        .draw(|frame| view::draw(&app, &theme, frame))
                        .unwrap();
                })
            });
            if screen != Screen::Context {
                let id = BenchmarkId::new(format!("filter-key-to-frame-{name}"), n);
                group.bench_function(id, |b| {
                    b.iter(|| filter_key(&mut app, &mut terminal, &theme))
                });
            }
            app.update(Action::Show(Screen::Timeline));
        }
        // A frame while a search is active: its matches marked in every row and in the
        // detail, and the detail's "Matched" line.
        app.update(Action::OpenSearch);
        "caspian".chars().for_each(|c| app.update(Action::Input(c)));
        app.update(Action::Accept);
        assert!(!app.matches().is_empty(), "the search matches");
        group.bench_function(BenchmarkId::new("frame-searching-200x50", n), |b| {
            b.iter(|| {
                terminal
                    .draw(|frame| view::draw(&app, &theme, frame))
                    .unwrap();
            })
        });
        app.update(Action::ClearFilters);
        // A frame when nothing matches: a kind and a search that no event has. The screen
        // then says how many events each filter alone leaves out, which the browser
        // works out when the filter changes, not while drawing.
        app.update(Action::OpenPicker(PickerKind::Kind));
        app.update(Action::ToggleItem);
        app.update(Action::Accept);
        app.update(Action::OpenSearch);
        "zzqxj".chars().for_each(|c| app.update(Action::Input(c)));
        app.update(Action::Accept);
        assert!(
            app.matches().is_empty(),
            "the filter still matches something"
        );
        group.bench_function(BenchmarkId::new("frame-nothing-matches-200x50", n), |b| {
            b.iter(|| {
                terminal
                    .draw(|frame| view::draw(&app, &theme, frame))
                    .unwrap();
            })
        });
        group.finish();
    }
}

/// One filter key and its frame: choose the first kind in the picker, draw, then undo and
/// draw again (back to every event).
fn filter_key(app: &mut App, terminal: &mut Terminal<TestBackend>, theme: &Theme) {
    app.update(Action::OpenPicker(PickerKind::Kind));
    app.update(Action::ToggleItem);
    app.update(Action::Accept);
    terminal
        .draw(|frame| view::draw(app, theme, frame))
        .unwrap();
    app.update(Action::Undo);
    terminal
        .draw(|frame| view::draw(app, theme, frame))
        .unwrap();
}

/// A JSON Lines file whose metadata line is long (a description of `megabytes`), then a
/// few events: reading it must cost time in proportion to the line, not its square.
fn long_first_line(c: &mut Criterion) {
    let mut group = c.benchmark_group("load-long-first-line");
    group.sample_size(10);
    let dir = tempfile::tempdir().expect("temporary directory");
    for megabytes in [25, 50, 100] {
        let description = "x".repeat(megabytes * 1_000_000);
        let meta = format!(
            "{{\"title\": \"t\", \"description\": \"{description}\", \"sources\": [{{\"id\": \"s\", \
             \"outlet\": \"o\", \"title\": \"t\", \"language\": \"en\", \"published\": \"2022\", \
             \"about\": \"a\"}}]}}"
        );
        let event = "{\"id\": \"e\", \"date\": \"2022-06-01\", \"kind\": \"visit\", \
                     \"countries\": [\"KZ\"], \"headline\": \"h\", \"summary\": \"s\", \"sources\": [\"s\"]}";
        let path = dir.path().join(format!("long-{megabytes}.jsonl"));
        std::fs::write(&path, format!("{meta}\n{event}\n")).expect("write the file");
        group.bench_with_input(BenchmarkId::new("jsonl-mb", megabytes), &path, |b, path| {
            b.iter(|| load::from_path(black_box(path)).unwrap())
        });
    }
    group.finish();
}

/// Each publishing format over 100k events (the target: at most 2 s each), to a sink so
/// the disk does not count.
fn exports(c: &mut Criterion) {
    use demarche::export::{self, Options, Selection};
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    let n = 100_000;
    let text = generated(n, true);
    let dataset = load::Loader::new()
        .text(&text, "bench.jsonl", Format::JsonLines)
        .unwrap();
    let filter = Filter::default();
    let matches = query::run(&dataset, &filter);
    let selection = Selection {
        dataset: &dataset,
        filter: &filter,
        matches: &matches,
        progress: None,
    };
    for format in export::Format::ALL {
        group.bench_function(BenchmarkId::new(format.name(), n), |b| {
            b.iter(|| {
                let mut out = std::io::sink();
                export::write(&mut out, format, &selection, Options::default()).unwrap()
            })
        });
    }
    group.finish();
}

/// A GDELT 2.0 file of `n` rows like a day's: mostly rows with at most one actor country
/// (left out by default), articles coding an event several times, a few dozen codes.
fn gdelt_rows(n: usize) -> String {
    const COUNTRIES: [&str; 12] = [
        "KAZ", "RUS", "USA", "CHN", "UZB", "KGZ", "TJK", "TKM", "GBR", "FRA", "DEU", "EUR",
    ];
    const CODES: [&str; 12] = [
        "010", "036", "040", "041", "042", "043", "046", "057", "061", "0871", "163", "190",
    ];
    let mut out = String::with_capacity(n * 420);
    for i in 0..n {
        let mut cols = vec![String::new(); 61];
        let pick = |k: usize, len: usize| (i.wrapping_mul(2654435761) >> k) % len;
        let a1 = COUNTRIES[pick(3, 12)];
        // Seven rows in ten name a second actor with no country.
        let a2 = if pick(7, 10) < 3 {
            COUNTRIES[pick(11, 12)]
        } else {
            ""
        };
        let day = format!("2022{:02}{:02}", 1 + pick(5, 12), 1 + pick(9, 28));
        cols[0] = (1_000_000 + i).to_string();
        cols[1] = day.clone();
        cols[5] = format!("{a1}GOV");
        cols[6] = "SOME COUNTRY".into();
        cols[7] = a1.into();
        cols[12] = "GOV".into();
        cols[15] = if a2.is_empty() {
            "CVL".into()
        } else {
            a2.to_string()
        };
        cols[16] = "PEOPLE OF A PLACE".into();
        cols[17] = a2.into();
        cols[26] = CODES[pick(13, 12)].into();
        cols[29] = "1".into();
        cols[30] = "1.9".into();
        cols[31] = "12".into();
        cols[32] = "2".into();
        cols[33] = "10".into();
        cols[34] = "-1.2345".into();
        cols[52] = "Astana, Astana, Kazakhstan".into();
        cols[53] = "KZ".into();
        cols[59] = format!("{day}101500");
        cols[60] = format!("https://news.example.org/{}/some-story-about-it", i / 5);
        out.push_str(&cols.join("\t"));
        out.push('\n');
    }
    out
}

/// Importing a day of GDELT (200k rows; the target: at most 1 s), by default and keeping
/// every row.
fn imports(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    let n = 200_000;
    let text = gdelt_rows(n);
    let all = load::ImportOptions {
        any_actors: true,
        keep_duplicates: true,
        ..Default::default()
    };
    group.bench_function(BenchmarkId::new("gdelt", n), |b| {
        b.iter(|| {
            load::Loader::new()
                .text(black_box(&text), "day.export.CSV", Format::Gdelt)
                .unwrap()
        })
    });
    group.bench_function(BenchmarkId::new("gdelt-every-row", n), |b| {
        b.iter(|| {
            (load::Loader::new().import(&all))
                .text(black_box(&text), "day.export.CSV", Format::Gdelt)
                .unwrap()
        })
    });
    group.finish();
}

/// A user's own large file (`DEMARCHE_BENCH_FILE=big.jsonl`, say the 10M events of
/// `synth --events 10000000 --seed 7`): loaded once (the time is printed), then the
/// interactive operations the browser runs on it, labelled by its number of events.
fn own_file(c: &mut Criterion) {
    let Some(path) = std::env::var_os("DEMARCHE_BENCH_FILE") else {
        return;
    };
    let start = std::time::Instant::now();
    let dataset = load::from_path(std::path::Path::new(&path)).expect("the file loads");
    let n = dataset.events.len();
    eprintln!("own-file: loaded {n} events in {:.2?}", start.elapsed());
    let mut group = c.benchmark_group("own-file");
    group.sample_size(10);
    for (name, filter) in filters() {
        let id = BenchmarkId::new(format!("filter-{name}"), n);
        group.bench_with_input(id, &filter, |b, f| {
            b.iter(|| query::run(&dataset, black_box(f)))
        });
    }
    let word = Filter {
        text: "caspian".into(),
        ..Filter::default()
    };
    let id = BenchmarkId::new("search-one-word-scan", n);
    group.bench_with_input(id, &word, |b, f| {
        b.iter(|| query::run(&dataset, black_box(f)))
    });
    let start = std::time::Instant::now();
    dataset.build_word_index();
    eprintln!("own-file: word index built in {:.2?}", start.elapsed());
    let id = BenchmarkId::new("search-one-word-indexed", n);
    group.bench_with_input(id, &word, |b, f| {
        b.iter(|| query::run(&dataset, black_box(f)))
    });
    let typed = Filter {
        text: "caspia".into(),
        ..Filter::default()
    };
    let previous = query::run(&dataset, &typed);
    let id = BenchmarkId::new("search-one-more-letter-indexed", n);
    group.bench_with_input(id, &word, |b, f| {
        b.iter(|| query::run_narrowing(&dataset, black_box(f), (&typed, &previous)))
    });
    let (_, country_month) = filters().pop().unwrap();
    let id = BenchmarkId::new("facets-country+month", n);
    group.bench_with_input(id, &country_month, |b, f| {
        b.iter(|| query::facets(&dataset, black_box(f)))
    });
    let theme = Theme::new(Palette::Default, false);
    let mut app = App::new(dataset, Filter::default());
    app.update(Action::Resize(200, 50));
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    frame_and_filter_key(&mut group, n, (&mut app, &mut terminal, &theme));
    group.finish();
}

/// A frame of the timeline, and one filter key with its frame (choose the first kind in
/// the picker, then undo), at `n` events.
fn frame_and_filter_key(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    n: usize,
    (app, terminal, theme): (&mut App, &mut Terminal<TestBackend>, &Theme),
) {
    group.bench_function(BenchmarkId::new("frame-200x50", n), |b| {
        b.iter(|| {
            terminal
                .draw(|frame| view::draw(app, theme, frame))
                .unwrap();
        })
    });
    group.bench_function(BenchmarkId::new("filter-key-to-frame", n), |b| {
        b.iter(|| filter_key(app, terminal, theme))
    });
}

criterion_group!(benches, engine, long_first_line, exports, imports, own_file);
criterion_main!(benches);
