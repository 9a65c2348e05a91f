//! Correctness under scale: on a few thousand generated events, the indexed query engine
//! returns exactly what a plain scan returns, for many random filters.

use demarche::load::{self, Format};
use demarche::model::{
    CountryCode, Dataset, DatePoint, Event, EventParts, FuzzyDate, Kind, Part, Source, YearMonth,
};
use demarche::query::{self, Filter, Match, Matches};
use proptest::prelude::*;
use std::sync::OnceLock;

const CODES: [&str; 8] = ["KZ", "RU", "US", "CN", "UZ", "KG", "TJ", "UA"];
const WORDS: [&str; 16] = [
    "pipeline",
    "Caspian",
    "sanctions",
    "Tokaïev",
    "grain",
    "Ташкент",
    "summit",
    "visa",
    "rail",
    "SÉCURITÉ",
    "Søren",
    "Straße",
    "والصين",
    "مبــادرة",
    "الصينية",
    "US-led",
];

/// Words a search is made of: starts and whole words of the data's words, their folded
/// and Arabic variants, words only names hold, and words nothing holds.
const SEARCH_WORDS: [&str; 22] = [
    "pipe",
    "caspian",
    "tokaiev",
    "ташкент",
    "securite",
    "and",
    "rail",
    "soren",
    "strasse",
    "الصين",
    "صين",
    "مبادره",
    "الصينيه",
    "us",
    "led",
    "kz",
    "kazakh",
    "russian",
    "qasym",
    "قاسم",
    "zzz",
    "board",
];

/// A deterministic mix of every date shape: days, months with parts, years, short and long
/// ranges (the long ones go through the index's side list).
fn dataset() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(generate)
}

/// The same dataset with its word index built, so searches go through the index.
fn with_words() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| {
        let d = generate();
        d.build_word_index();
        d
    })
}

fn generate() -> Dataset {
    {
        let mut seed = 12345u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let events = (0..4000)
            .map(|i| {
                let year = 2019 + next(5) as i32;
                let month = 1 + next(12) as u32;
                let day = 1 + next(28) as u32;
                let point = |s: String| DatePoint::parse(&s).unwrap();
                let date = match next(20) {
                    0 => FuzzyDate::new(point(format!("{year}")), None, None),
                    1..=3 => {
                        let part = [None, Some(Part::Early), Some(Part::Mid), Some(Part::Late)]
                            [next(4) as usize];
                        FuzzyDate::new(point(format!("{year}-{month:02}")), None, part)
                    }
                    4 => FuzzyDate::new(
                        point(format!("{year}-{month:02}-{day:02}")),
                        Some(point(format!("{}-{:02}", year + 1, month))),
                        None,
                    ),
                    5 => FuzzyDate::new(
                        point(format!("{year}-{month:02}-{day:02}")),
                        Some(point(format!("{year}-{month:02}-{:02}", (day + 5).min(28)))),
                        None,
                    ),
                    _ => FuzzyDate::new(point(format!("{year}-{month:02}-{day:02}")), None, None),
                }
                .unwrap();
                let mut countries: Vec<CountryCode> = Vec::new();
                for _ in 0..1 + next(3) {
                    let c = CountryCode::from_code(CODES[next(8) as usize]).unwrap();
                    if !countries.contains(&c) {
                        countries.push(c);
                    }
                }
                let words: Vec<&str> = (0..4).map(|_| WORDS[next(16) as usize]).collect();
                let actors: Vec<u32> = if next(3) == 0 {
                    vec![next(3) as u32]
                } else {
                    vec![]
                };
                Event::new(EventParts {
                    id: &format!("e-{i}"),
                    date,
                    date_note: None,
                    kind: Kind::ALL[next(12) as usize],
                    countries: &countries,
                    actors: &actors,
                    headline: &format!("{} and {}", words[0], words[1]),
                    summary: &format!("{} then {}.", words[2], words[3]),
                    notes: None,
                    sources: &[0],
                })
            })
            .collect();
        let source = Source {
            id: "s".into(),
            outlet: "o".into(),
            title: "t".into(),
            language: "en".into(),
            published: FuzzyDate::parse("2024").unwrap(),
            about: "a".into(),
            based_on: None,
            title_original: None,
            url: None,
        };
        let actors = (0..3)
            .map(|i| demarche::model::Actor {
                id: format!("a-{i}"),
                name: ["Qasym Tokaïev", "Grain Board", "Rail Envoy"][i].into(),
                role: "minister".into(),
                country: None,
                organisation: Some("x".into()),
                name_ar: (i == 0).then(|| "قاسم توكاييف".into()),
                role_ar: None,
                aliases: if i == 1 {
                    vec!["Board of Grain".into()]
                } else {
                    Vec::new()
                },
            })
            .collect();
        Dataset::new(
            "Scale".into(),
            String::new(),
            vec![source],
            actors,
            Vec::new(),
            events,
        )
    }
}

fn month() -> impl Strategy<Value = YearMonth> {
    (2018i32..2025, 1u32..=12).prop_map(|(y, m)| YearMonth::new(y, m).unwrap())
}

fn filter() -> impl Strategy<Value = Filter> {
    (
        prop::collection::btree_set(prop::sample::select(CODES.to_vec()), 0..3),
        any::<bool>(),
        prop::collection::btree_set(month(), 0..3),
        prop::option::of(month()),
        prop::option::of(month()),
        prop::collection::btree_set(prop::sample::select(Kind::ALL.to_vec()), 0..3),
        prop::collection::btree_set(prop::sample::select(CODES.to_vec()), 0..3),
        prop::option::of(search()),
    )
        .prop_map(
            |(countries, all, months, from, to, kinds, with, text)| Filter {
                countries: codes(countries),
                // Counterparts come with the focus matched as "all" (the CLI refuses "any").
                country_match: if all || !with.is_empty() {
                    Match::All
                } else {
                    Match::Any
                },
                counterparts: codes(with),
                months: demarche::query::MonthFilter { months, from, to },
                kinds,
                text: text.unwrap_or_default().to_string(),
                ..Filter::default()
            },
        )
}

/// A search in every form the language has: plain, whole ('), negated (!), phrases
/// (closed or still being typed), alternatives (|), upper case and tatweel.
fn search() -> impl Strategy<Value = String> {
    let word = prop::sample::select(SEARCH_WORDS.to_vec());
    let term = (word.clone(), word, 0..8u8).prop_map(|(a, b, form)| match form {
        0 => format!("'{a}"),
        1 => format!("!{a}"),
        2 => format!("\"{a} {b}\""),
        3 => format!("\"{a} {b}"),
        4 => format!("{a} | {b}"),
        5 => a.to_uppercase(),
        6 => format!("{a}-{b}"),
        _ => a.to_string(),
    });
    prop::collection::vec(term, 1..3).prop_map(|terms| terms.join(" "))
}

fn codes(codes: std::collections::BTreeSet<&str>) -> std::collections::BTreeSet<CountryCode> {
    codes
        .into_iter()
        .map(|c| CountryCode::from_code(c).unwrap())
        .collect()
}

fn brute_facet_counts(d: &Dataset, f: &Filter) -> (Vec<usize>, Vec<usize>, usize, Vec<usize>) {
    let no_country = f.without(query::Dimension::Country);
    let countries = d
        .countries()
        .iter()
        .map(|&c| {
            let m = query::scan(d, &no_country);
            m.events
                .iter()
                .filter(|&&i| d.events[i as usize].involves(c))
                .count()
        })
        .collect();
    let mut no_month = f.clone();
    no_month.months = Default::default();
    let m: Matches = query::scan(d, &no_month);
    let span = query::month_span(d);
    let months = span
        .iter()
        .map(|&month| {
            m.events
                .iter()
                .filter(|&&i| d.events[i as usize].date.overlaps_month(month))
                .count()
        })
        .collect();
    let year_only = m
        .events
        .iter()
        .filter(|&&i| d.events[i as usize].date.is_year_only())
        .count();
    let mut no_kind = f.clone();
    no_kind.kinds.clear();
    let m = query::scan(d, &no_kind);
    let kinds = Kind::ALL
        .iter()
        .map(|&k| {
            m.events
                .iter()
                .filter(|&&i| d.events[i as usize].kind == k)
                .count()
        })
        .collect();
    (countries, months, year_only, kinds)
}

/// The counts of a facet, in order.
fn counts<T>(facet: &[(T, usize)]) -> Vec<usize> {
    facet.iter().map(|(_, n)| *n).collect()
}

/// Facets of `d` must equal counting by hand with plain scans of `plain`.
fn facets_match(d: &Dataset, plain: &Dataset, f: &Filter) -> Result<(), TestCaseError> {
    let facets = query::facets(d, f);
    let (countries, months, year_only, kinds) = brute_facet_counts(plain, f);
    prop_assert_eq!(counts(&facets.countries), countries);
    prop_assert_eq!(counts(&facets.months), months);
    prop_assert_eq!(facets.year_only, year_only);
    prop_assert_eq!(counts(&facets.kinds), kinds);
    Ok(())
}

/// Every count of the tally equals counting the plain scan's events by hand.
fn tally_matches(d: &Dataset, f: &Filter) -> Result<(), TestCaseError> {
    let matches = query::scan(d, f);
    let tally = query::Tally::count(d, f, &query::run(d, f));
    let events: Vec<&Event> = matches
        .events
        .iter()
        .map(|&i| &d.events[i as usize])
        .collect();
    let span = query::month_span(d);
    // Under a month filter, an event counts only in the months chosen.
    let counted = |e: &Event, m: YearMonth| {
        e.date.overlaps_month(m) && (!f.months.is_active() || f.months.contains(m))
    };
    prop_assert_eq!(tally.events(), events.len());
    for (a, &ca) in d.countries().iter().enumerate() {
        let of_a: Vec<&&Event> = events.iter().filter(|e| e.involves(ca)).collect();
        prop_assert_eq!(tally.country(a), of_a.len());
        for (m, &month) in span.iter().enumerate() {
            let n = of_a.iter().filter(|e| counted(e, month)).count();
            prop_assert_eq!(tally.country_month(a, m), n, "{} {}", ca, month);
        }
        for kind in Kind::ALL {
            let n = of_a.iter().filter(|e| e.kind == kind).count();
            prop_assert_eq!(tally.country_kind(a, kind), n);
        }
        for (b, &cb) in d.countries().iter().enumerate().skip(a + 1) {
            let both: Vec<&&&Event> = of_a.iter().filter(|e| e.involves(cb)).collect();
            prop_assert_eq!(tally.pair(a, b), both.len(), "{} {}", ca, cb);
            for kind in Kind::ALL {
                let n = both.iter().filter(|e| e.kind == kind).count();
                prop_assert_eq!(tally.pair_kinds(b, a)[kind.index()], n);
            }
        }
    }
    for (m, &month) in span.iter().enumerate() {
        prop_assert_eq!(
            tally.month(m),
            events.iter().filter(|e| counted(e, month)).count()
        );
        for kind in Kind::ALL {
            let n = events
                .iter()
                .filter(|e| e.kind == kind && counted(e, month))
                .count();
            prop_assert_eq!(tally.kind_month(kind, m), n);
        }
    }
    // Quarters and years count each event once, however many of their months it touches.
    for grain in [query::Grain::Quarter, query::Grain::Year] {
        for (p, bin) in tally.periods(grain).iter().enumerate() {
            let months = bin.months();
            let touches = |e: &Event| months.iter().any(|&m| counted(e, m));
            let n = events.iter().filter(|e| touches(e)).count();
            prop_assert_eq!(tally.in_period(grain, p), n);
            for (a, &ca) in d.countries().iter().enumerate() {
                let n = events
                    .iter()
                    .filter(|e| e.involves(ca) && touches(e))
                    .count();
                prop_assert_eq!(tally.country_in(grain, a, p), n);
            }
            let kind = Kind::ALL[p % Kind::ALL.len()];
            let n = events
                .iter()
                .filter(|e| e.kind == kind && touches(e))
                .count();
            prop_assert_eq!(tally.kind_in(grain, kind, p), n);
        }
    }
    let year_only = events.iter().filter(|e| e.date.is_year_only()).count();
    prop_assert_eq!(tally.year_only_total(), year_only);
    // Counting only the days gives the same days.
    let days = query::Tally::count_parts(d, f, &query::run(d, f), query::Parts::Days);
    prop_assert!(!days.is_complete() && tally.is_complete());
    prop_assert_eq!(days.in_days(0, days.days()), tally.in_days(0, tally.days()));
    prop_assert_eq!(days.year_only_total(), tally.year_only_total());
    prop_assert_eq!(days.kind(Kind::Visit), tally.kind(Kind::Visit));
    // Every dated event is spread over its days: the whole span holds them all.
    let dated = (events.len() - year_only) as f64;
    prop_assert!((tally.in_days(0, tally.days()) - dated).abs() < 1e-6 * dated.max(1.0));
    Ok(())
}

/// Narrowing a filter to a country, a kind and a month selects the events the tally
/// counts in that cell, and co-occurrence counts equal counting by hand.
fn cell_matches(
    d: &Dataset,
    f: &Filter,
    c: CountryCode,
    m: YearMonth,
) -> Result<(), TestCaseError> {
    let base = query::scan(d, f);
    let event = |i: &u32| &d.events[*i as usize];
    let with_c: Vec<u32> = base
        .events
        .iter()
        .copied()
        .filter(|i| event(i).involves(c))
        .collect();
    prop_assert_eq!(
        &query::scan(d, &f.and_country(c)).events,
        &with_c,
        "{}",
        f.and_country(c).describe()
    );
    prop_assert_eq!(&query::run(d, &f.and_country(c)).events, &with_c);
    let in_month: Vec<u32> = (with_c.iter().copied())
        .filter(|i| {
            event(i).date.overlaps_month(m) && (!f.months.is_active() || f.months.contains(m))
        })
        .collect();
    match f.and_country(c).and_months(&[m]) {
        Some(cell) => prop_assert_eq!(&query::run(d, &cell).events, &in_month),
        None => prop_assert_eq!(&in_month, &Vec::<u32>::new()),
    }
    if let Some(&first) = base.events.first() {
        let kind = event(&first).kind;
        let of_kind: Vec<u32> = base
            .events
            .iter()
            .copied()
            .filter(|i| event(i).kind == kind)
            .collect();
        prop_assert_eq!(query::run(d, &f.and_kind(kind)).events, of_kind);
    }
    let focus: std::collections::BTreeSet<CountryCode> = [c].into();
    let mut shared = f.without(query::Dimension::Country);
    shared.countries = focus.clone();
    shared.country_match = Match::All;
    let shared = query::scan(d, &shared);
    for (code, n) in query::co_occurrence(d, f, &focus) {
        let by_hand = shared
            .events
            .iter()
            .filter(|i| event(i).involves(code))
            .count();
        prop_assert_eq!(n, by_hand, "{}", code);
    }
    Ok(())
}

/// Typing `extra` after the search in `f` and narrowing must equal a plain scan.
fn narrowing_matches(d: &Dataset, f: &Filter, extra: &str) -> Result<(), TestCaseError> {
    let before = query::run(d, f);
    let mut typed = f.clone();
    typed.text.push_str(extra);
    prop_assert_eq!(
        query::run_narrowing(d, &typed, (f, &before)),
        query::scan(dataset(), &typed)
    );
    Ok(())
}

/// A generated JSON Lines file and the dataset it loads to, every event built.
fn synthetic() -> &'static (String, Dataset) {
    static SYNTHETIC: OnceLock<(String, Dataset)> = OnceLock::new();
    SYNTHETIC.get_or_init(|| {
        let mut text = Vec::new();
        demarche::synth::write(&mut text, 3000, 11, true).unwrap();
        let text = String::from_utf8(text).unwrap();
        let dataset = load::Loader::new()
            .text(&text, "s.jsonl", Format::JsonLines)
            .unwrap();
        (text, dataset)
    })
}

fn ids(d: &Dataset, m: &Matches) -> Vec<String> {
    let events = m.events.iter().map(|&i| &d.events[i as usize]);
    events.map(|e| e.id().to_string()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// `list` and `stats` build only the events their filter could select.
    #[test]
    fn building_only_what_a_filter_could_select_gives_the_same_matches(f in filter()) {
        let (text, full) = synthetic();
        let keep = |e: &EventParts| f.could_match(e.kind, e.countries, &e.date);
        let part = load::Loader::new().keep(&keep).text(text, "s.jsonl", Format::JsonLines).unwrap();
        let (all, kept) = (query::run(full, &f), query::run(&part, &f));
        prop_assert_eq!(ids(full, &all), ids(&part, &kept));
        prop_assert_eq!(all.year_only_left_out, kept.year_only_left_out);
        prop_assert!(part.events.len() <= full.events.len());
        // `stats` builds them without their text, unless a search reads it: the counts
        // are the same, and no text is held.
        if !f.has_search() {
            let loader = load::Loader::new().keep(&keep).without_text();
            let counts = loader.text(text, "s.jsonl", Format::JsonLines).unwrap();
            let counted = query::run(&counts, &f);
            prop_assert_eq!(ids(full, &all), ids(&counts, &counted));
            // (Compared whole, the tallies would not fit a screen: their tables, then.)
            let (with, without) = (
                query::Tally::count(&part, &f, &kept),
                query::Tally::count(&counts, &f, &counted),
            );
            prop_assert!(with == without, "the tallies differ");
            prop_assert!(counts.events.iter().all(|e| e.headline().is_empty()
                && e.summary().is_empty() && e.notes().is_none()));
            // And counted as they are read, none built, in JSON Lines and in a JSON
            // document alike: what `stats` prints is the same.
            for (text, name, format) in [
                (text.as_str(), "s.jsonl", Format::JsonLines),
                (synthetic_document(), "s.json", Format::Json),
            ] {
                let into = std::sync::Mutex::new(demarche::model::Counted::new(demarche::model::Wanted::ALL));
                let offer = |c: &mut demarche::model::Counted, e: &EventParts| {
                    query::count_offered(&f, c, e.kind, e.countries, &e.date)
                };
                let counting = load::Counting { add: &offer, into: &into };
                // Small blocks, so that many shares are merged.
                let loader = load::Loader::new().count(&keep, counting).block(4096).workers(3);
                let none = loader.text(text, name, format).unwrap();
                prop_assert!(none.events.is_empty());
                let counted = into.into_inner().unwrap();
                prop_assert_eq!(counted.events, kept.len());
                prop_assert_eq!(counted.year_only_left_out, kept.year_only_left_out);
                stats_agree(&with, &query::Tally::from_counted(&counted))?;
            }
        }
    }
}

/// The synthetic events of [`synthetic`] as one JSON document.
fn synthetic_document() -> &'static str {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut text = Vec::new();
        demarche::synth::write(&mut text, 3000, 11, false).unwrap();
        String::from_utf8(text).unwrap()
    })
}

/// Whether two tallies agree on every table `stats` prints: by country, month, kind and
/// pair, the year-only events, and the crosses of country, month and kind.
fn stats_agree(a: &query::Tally, b: &query::Tally) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.events(), b.events());
    prop_assert_eq!(a.countries(), b.countries());
    prop_assert_eq!(a.span(), b.span());
    prop_assert_eq!(
        a.year_only().collect::<Vec<_>>(),
        b.year_only().collect::<Vec<_>>()
    );
    prop_assert_eq!(a.pairs(), b.pairs());
    for k in Kind::ALL {
        prop_assert_eq!(a.kind(k), b.kind(k));
        for m in 0..a.span().len() {
            prop_assert_eq!(a.kind_month(k, m), b.kind_month(k, m));
        }
    }
    for c in 0..a.countries().len() {
        prop_assert_eq!(a.country(c), b.country(c));
        for k in Kind::ALL {
            prop_assert_eq!(a.country_kind(c, k), b.country_kind(c, k));
        }
        for m in 0..a.span().len() {
            prop_assert_eq!(a.country_month(c, m), b.country_month(c, m));
        }
        for d in 0..a.countries().len() {
            prop_assert_eq!(a.pair_kinds(c, d), b.pair_kinds(c, d));
        }
    }
    for m in 0..a.span().len() {
        prop_assert_eq!(a.month(m), b.month(m));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn indexed_filter_equals_plain_scan(f in filter()) {
        let d = dataset();
        prop_assert_eq!(query::run(d, &f), query::scan(d, &f));
    }

    #[test]
    fn searching_through_the_word_index_equals_plain_scan(f in filter()) {
        prop_assert_eq!(query::run(with_words(), &f), query::scan(dataset(), &f));
    }

    #[test]
    fn narrowing_a_search_equals_searching_afresh(f in filter(), extra in "[a-z]{0,2}") {
        narrowing_matches(dataset(), &f, &extra)?;
        narrowing_matches(with_words(), &f, &extra)?;
    }

    #[test]
    fn tallies_equal_counting_by_hand(f in filter()) {
        tally_matches(dataset(), &f)?;
    }

    #[test]
    fn a_cell_narrowed_to_selects_exactly_its_events(f in filter(), c in 0..CODES.len(), m in month()) {
        cell_matches(dataset(), &f, CountryCode::from_code(CODES[c]).unwrap(), m)?;
    }

    #[test]
    fn facets_equal_counting_by_hand(f in filter()) {
        facets_match(dataset(), dataset(), &f)?;
        facets_match(with_words(), dataset(), &f)?;
    }
}

#[test]
fn the_generator_is_deterministic_and_its_output_validates() {
    use demarche::load::{self, Format};
    let bytes = |seed, lines| {
        let mut out = Vec::new();
        demarche::synth::write(&mut out, 300, seed, lines).unwrap();
        String::from_utf8(out).unwrap()
    };
    assert_eq!(bytes(7, true), bytes(7, true));
    assert_ne!(bytes(7, true), bytes(8, true));
    let jsonl = load::Loader::new()
        .text(&bytes(7, true), "s.jsonl", Format::JsonLines)
        .unwrap();
    let json = load::Loader::new()
        .text(&bytes(7, false), "s.json", Format::Json)
        .unwrap();
    assert_eq!(jsonl.events.len(), 300);
    assert_eq!(
        jsonl.events, json.events,
        "both forms carry the same events"
    );
    assert!(jsonl.countries().len() > 20, "many countries");
    let year_only = jsonl
        .events
        .iter()
        .filter(|e| e.date.is_year_only())
        .count();
    assert!(
        (1..60).contains(&year_only),
        "about 5% year-only: {year_only}"
    );
}

/// On the curated dataset, with its Arabic names and aliases: every form of search gives
/// the same events through the word index as by reading every event.
#[test]
fn the_word_index_equals_plain_scan_on_the_curated_dataset() {
    let plain = load::Loader::new().builtin().unwrap();
    let indexed = load::Loader::new().builtin().unwrap();
    indexed.build_word_index();
    let searches = [
        "us",
        "'us",
        "lu",
        "zeya | blinken",
        "!russia",
        "\"uzra zeya\"",
        "\"donald l",
        "kassym-jomart",
        "كازاخستان",
        "قرغيزستان",
        "الصينيه",
        "مبــادرة",
        "بينغ",
        "عزرا",
        "tokayev !putin",
        "asharq",
        "'trans-caspian",
        "russia | china kazakh",
    ];
    for text in searches {
        let f = Filter {
            text: text.to_string(),
            ..Filter::default()
        };
        let scanned = query::scan(&plain, &f);
        assert_eq!(query::run(&indexed, &f), scanned, "{text}");
        assert_eq!(query::run(&plain, &f), scanned, "{text}");
    }
}
