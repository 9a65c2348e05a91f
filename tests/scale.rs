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
const WORDS: [&str; 10] = [
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
                let words: Vec<&str> = (0..4).map(|_| WORDS[next(10) as usize]).collect();
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
        };
        let actors = (0..3)
            .map(|i| demarche::model::Actor {
                id: format!("a-{i}"),
                name: ["Qasym Tokaïev", "Grain Board", "Rail Envoy"][i].into(),
                role: "minister".into(),
                country: None,
                organisation: Some("x".into()),
            })
            .collect();
        Dataset::new("Scale".into(), String::new(), vec![source], actors, events)
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
        prop::option::of(prop::sample::select(vec![
            "pipe",
            "CASPIAN",
            "tokaiev",
            "ташкент",
            "securite",
            "and",
            "rail visa",
            "zzz",
            "kz",
            "kazakh",
            "russian federation",
        ])),
    )
        .prop_map(|(countries, all, months, from, to, kinds, text)| Filter {
            countries: countries
                .into_iter()
                .map(|c| CountryCode::from_code(c).unwrap())
                .collect(),
            country_match: if all { Match::All } else { Match::Any },
            months: demarche::query::MonthFilter { months, from, to },
            kinds,
            text: text.unwrap_or_default().to_string(),
        })
}

fn brute_facet_counts(d: &Dataset, f: &Filter) -> (Vec<usize>, Vec<usize>, usize, Vec<usize>) {
    let mut no_country = f.clone();
    no_country.countries.clear();
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
    }
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
