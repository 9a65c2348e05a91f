//! Filter semantics on a small fixture written for them (tests/fixtures/small.toml).

use demarche::load;
use demarche::model::{CountryCode, Dataset, Kind, YearMonth};
use demarche::query::{self, Filter, Match};
use std::path::Path;

fn fixture() -> Dataset {
    load::from_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small.toml"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn ids(dataset: &Dataset, filter: &Filter) -> Vec<String> {
    query::run(dataset, filter)
        .events
        .iter()
        .map(|&i| dataset.events[i as usize].id().to_string())
        .collect()
}

fn code(c: &str) -> CountryCode {
    CountryCode::from_code(c).unwrap()
}

fn month(m: &str) -> YearMonth {
    YearMonth::parse(m).unwrap()
}

#[test]
fn no_filter_gives_everything_in_chronological_order() {
    let d = fixture();
    assert_eq!(
        ids(&d, &Filter::default()),
        [
            "year-kz",
            "late-may-us-uz",
            "month-kz",
            "day-kz-ru",
            "range-jun-jul-us-kz",
            "early-jul-ru",
            "call-kz-ua",
            "day-us-uz"
        ]
    );
}

#[test]
fn countries_match_any_by_default_and_all_on_request() {
    let d = fixture();
    let mut f = Filter::default();
    f.countries.extend([code("RU"), code("UZ")]);
    assert_eq!(
        ids(&d, &f),
        ["late-may-us-uz", "day-kz-ru", "early-jul-ru", "day-us-uz"]
    );
    f.countries = [code("US"), code("KZ")].into();
    f.country_match = Match::All;
    assert_eq!(ids(&d, &f), ["range-jun-jul-us-kz"]);
}

#[test]
fn months_match_on_overlap_and_leave_year_only_events_out_with_a_count() {
    let d = fixture();
    let mut f = Filter::default();
    f.months.months.insert(month("2022-06"));
    let result = query::run(&d, &f);
    assert_eq!(
        ids(&d, &f),
        ["month-kz", "day-kz-ru", "range-jun-jul-us-kz"]
    );
    assert_eq!(result.year_only_left_out, 1);

    // The range that ends in July also matches July, as does the early-July event.
    f.months.months = [month("2022-07")].into();
    assert_eq!(ids(&d, &f), ["range-jun-jul-us-kz", "early-jul-ru"]);

    // A late-May date does not reach June.
    f.months.months = [month("2022-05")].into();
    assert_eq!(ids(&d, &f), ["late-may-us-uz"]);
}

#[test]
fn month_ranges_are_inclusive_open_ended_and_union_with_the_set() {
    let d = fixture();
    let mut f = Filter::default();
    f.months.from = Some(month("2022-07"));
    f.months.to = Some(month("2023-02"));
    assert_eq!(
        ids(&d, &f),
        ["range-jun-jul-us-kz", "early-jul-ru", "call-kz-ua"]
    );
    f.months.to = None;
    assert_eq!(
        ids(&d, &f),
        [
            "range-jun-jul-us-kz",
            "early-jul-ru",
            "call-kz-ua",
            "day-us-uz"
        ]
    );
    f.months.from = None;
    f.months.to = Some(month("2022-05"));
    f.months.months.insert(month("2023-03"));
    assert_eq!(ids(&d, &f), ["late-may-us-uz", "day-us-uz"]);
}

#[test]
fn year_only_count_respects_the_other_dimensions() {
    let d = fixture();
    let mut f = Filter::default();
    f.months.months.insert(month("2022-06"));
    f.countries.insert(code("RU"));
    assert_eq!(
        query::run(&d, &f).year_only_left_out,
        0,
        "the year-only event is KZ only"
    );
}

#[test]
fn kinds_match_any_selected() {
    let d = fixture();
    let mut f = Filter::default();
    f.kinds.extend([Kind::Call, Kind::Military]);
    assert_eq!(ids(&d, &f), ["early-jul-ru", "call-kz-ua"]);
}

#[test]
fn text_is_case_and_accent_insensitive_and_needs_every_word() {
    let d = fixture();
    let search = |text: &str| {
        let f = Filter {
            text: text.into(),
            ..Filter::default()
        };
        ids(&d, &f)
    };
    // Actor names (with accents), in either spelling.
    assert_eq!(search("TOKAIEV"), ["day-kz-ru", "call-kz-ua"]);
    assert_eq!(search("tokaïev phone"), ["call-kz-ua"]);
    // Actor roles, notes and country names are searched too.
    assert_eq!(search("caspian"), ["late-may-us-uz", "range-jun-jul-us-kz"]);
    assert_eq!(search("cpc"), ["early-jul-ru"]);
    assert_eq!(search("ukraine"), ["call-kz-ua"]);
    assert_eq!(search("  "), search(""));
    assert!(search("caspian phone").is_empty());
}

#[test]
fn dimensions_combine_with_and() {
    let d = fixture();
    let mut f = Filter::default();
    f.countries.insert(code("KZ"));
    f.months.months.insert(month("2022-06"));
    f.kinds.insert(Kind::Visit);
    assert_eq!(ids(&d, &f), ["range-jun-jul-us-kz"]);
    f.text = "envoy".into();
    assert_eq!(ids(&d, &f), ["range-jun-jul-us-kz"]);
    f.text = "speech".into();
    assert!(ids(&d, &f).is_empty());
}

#[test]
fn facets_count_each_dimension_as_if_its_own_selection_were_empty() {
    let d = fixture();
    let mut f = Filter::default();
    f.countries.insert(code("UZ"));
    f.months.months.insert(month("2022-06"));
    let facets = query::facets(&d, &f);
    // Countries ignore the UZ selection but keep the June filter.
    assert_eq!(facets.country(code("KZ")), 3);
    assert_eq!(facets.country(code("US")), 1);
    assert_eq!(facets.country(code("UZ")), 0);
    // Months ignore June but keep UZ: late May 2022 and March 2023.
    assert_eq!(facets.month(month("2022-05")), 1);
    assert_eq!(facets.month(month("2022-06")), 0);
    assert_eq!(facets.month(month("2023-03")), 1);
    assert_eq!(facets.year_only, 0);
    // Kinds keep both: nothing is UZ in June.
    assert!(facets.kinds.iter().all(|(_, n)| *n == 0));
    // Every month of the span is listed, zeros included.
    assert_eq!(facets.months.first().unwrap().0, month("2022-05"));
    assert_eq!(facets.months.last().unwrap().0, month("2023-03"));
    assert_eq!(facets.months.len(), 11);
}

#[test]
fn describe_puts_the_filter_in_words() {
    let mut f = Filter::default();
    assert_eq!(f.describe(), "");
    f.countries.extend([code("KZ"), code("RU")]);
    f.country_match = Match::All;
    f.months.months.insert(month("2022-06"));
    f.kinds.insert(Kind::Visit);
    f.text = "sanctions".into();
    assert_eq!(
        f.describe(),
        "country: Kazakhstan, Russia (all) · month: Jun 2022 · kind: visit · \"sanctions\""
    );
}
