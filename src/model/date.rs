//! Fuzzy dates: a day, a month (optionally its early/mid/late part) or a year, optionally
//! ending at another such date. Everything else (sorting, month filters, display) is derived
//! from the earliest and latest day the date could mean.

use chrono::{Datelike, NaiveDate};
use std::cmp::Ordering;
use std::fmt;

/// How much of a date the record supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

/// Which third of a month a month-precision date falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Days 1–10.
    Early,
    /// Days 11–20.
    Mid,
    /// Day 21 to the end of the month.
    Late,
}

impl Part {
    pub fn parse(text: &str) -> Option<Part> {
        match text {
            "early" => Some(Part::Early),
            "mid" => Some(Part::Mid),
            "late" => Some(Part::Late),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Part::Early => "early",
            Part::Mid => "mid",
            Part::Late => "late",
        }
    }

    fn first_day(self) -> u32 {
        match self {
            Part::Early => 1,
            Part::Mid => 11,
            Part::Late => 21,
        }
    }

    fn last_day(self, month_length: u32) -> u32 {
        match self {
            Part::Early => 10,
            Part::Mid => 20,
            Part::Late => month_length,
        }
    }
}

/// A calendar month, stored as a single ordinal so ranges and sets of months are cheap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth(i32);

const MONTH_ABBR: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTH_NAME: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl YearMonth {
    /// `month` is 1–12; returns `None` outside it.
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        (1..=12)
            .contains(&month)
            .then(|| YearMonth(year * 12 + month as i32 - 1))
    }

    /// Months since year 0, for compact per-event tables.
    pub fn ordinal(self) -> i32 {
        self.0
    }

    pub fn from_ordinal(ordinal: i32) -> YearMonth {
        YearMonth(ordinal)
    }

    pub fn of(day: NaiveDate) -> YearMonth {
        YearMonth(day.year() * 12 + day.month0() as i32)
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1–12.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    pub fn next(self) -> YearMonth {
        YearMonth(self.0 + 1)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1).expect("valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("valid month")
    }

    /// "Jun 2022".
    pub fn short(self) -> String {
        format!("{} {}", MONTH_ABBR[self.month() as usize - 1], self.year())
    }

    /// "June 2022".
    pub fn long(self) -> String {
        format!("{} {}", MONTH_NAME[self.month() as usize - 1], self.year())
    }

    /// Parses exactly `YYYY-MM`, explaining what was expected when it fails.
    pub fn parse(text: &str) -> Result<YearMonth, String> {
        let expected = "expected a month as YYYY-MM, e.g. 2022-06";
        let (year, month) = text
            .split_once('-')
            .filter(|(y, m)| y.len() == 4 && m.len() == 2 && is_digits(y) && is_digits(m))
            .ok_or_else(|| format!("'{text}' is not a month: {expected}"))?;
        let month: u32 = month.parse().expect("two digits");
        YearMonth::new(year.parse().expect("four digits"), month)
            .ok_or_else(|| format!("'{text}' has month {month}, which does not exist: {expected}"))
    }
}

impl fmt::Display for YearMonth {
    /// The `YYYY-MM` form the command line accepts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

/// The days in a month of the Gregorian calendar (proleptic, as chrono's).
fn month_length(year: i32, month: u8) -> u8 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// Where an event sits in a timeline: under its starting month, or under its year when
/// only the year is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Month(YearMonth),
}

impl Period {
    /// "June 2022", or "2022" for a year.
    pub fn heading(self) -> String {
        match self {
            Period::Year(year) => format!("{year}, month unknown"),
            Period::Month(month) => month.long(),
        }
    }
}

/// One end of a fuzzy date as written: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DatePoint {
    year: i16,
    /// 0 when not given.
    month: u8,
    /// 0 when not given.
    day: u8,
}

impl DatePoint {
    /// Parses the three accepted forms strictly (zero-padded, real calendar days).
    pub fn parse(text: &str) -> Result<DatePoint, String> {
        let bad = || format!("'{text}' is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD");
        // Read by position (a million dates are read at a load): digits, with a hyphen
        // before the month and before the day.
        let bytes = text.as_bytes();
        let digits = |from: usize, to: usize| -> Option<u16> {
            let part = bytes.get(from..to)?;
            part.iter().try_fold(0, |n, &b| {
                b.is_ascii_digit().then(|| n * 10 + u16::from(b - b'0'))
            })
        };
        let hyphen = |at: usize| bytes.get(at) == Some(&b'-');
        // 0 stands for a month or day not given.
        let (year, month, day) = match bytes.len() {
            4 => (digits(0, 4), Some(0), Some(0)),
            7 if hyphen(4) => (digits(0, 4), digits(5, 7), Some(0)),
            10 if hyphen(4) && hyphen(7) => (digits(0, 4), digits(5, 7), digits(8, 10)),
            _ => return Err(bad()),
        };
        let (Some(year), Some(month), Some(day)) = (year, month, day) else {
            return Err(bad());
        };
        let (year, month, day) = (year as i16, month as u8, day as u8);
        if bytes.len() > 4 && !(1..=12).contains(&month) {
            return Err(format!(
                "'{text}' has month {month}, which does not exist (01–12)"
            ));
        }
        if bytes.len() > 7 && !(1..=month_length(year.into(), month)).contains(&day) {
            return Err(format!("'{text}' is not a day of the calendar"));
        }
        Ok(DatePoint { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year.into()
    }

    /// The month, 1–12, when given.
    pub fn month(self) -> Option<u32> {
        (self.month != 0).then_some(self.month.into())
    }

    /// The day of the month, when given.
    pub fn day(self) -> Option<u32> {
        (self.day != 0).then_some(self.day.into())
    }

    pub fn precision(self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    fn year_month(self) -> YearMonth {
        YearMonth::new(self.year.into(), self.month.max(1).into()).expect("validated month")
    }

    fn first_day(self, part: Option<Part>) -> NaiveDate {
        let (month, day) = match self.precision() {
            Precision::Year => (1, 1),
            Precision::Month => (self.month.into(), part.map_or(1, Part::first_day)),
            Precision::Day => (self.month.into(), self.day.into()),
        };
        NaiveDate::from_ymd_opt(self.year.into(), month, day).expect("validated date")
    }

    fn last_day(self, part: Option<Part>) -> NaiveDate {
        match self.precision() {
            Precision::Year => NaiveDate::from_ymd_opt(self.year.into(), 12, 31).expect("valid"),
            Precision::Month => {
                let last = self.year_month().last_day();
                match part {
                    None => last,
                    Some(p) => last.with_day(p.last_day(last.day())).expect("valid day"),
                }
            }
            Precision::Day => self.first_day(None),
        }
    }

    /// Display without the year: "17 Jun", "Jun", or "" for a year.
    fn without_year(self) -> String {
        let abbr = MONTH_ABBR[self.month.max(1) as usize - 1];
        match self.precision() {
            Precision::Year => String::new(),
            Precision::Month => abbr.to_string(),
            Precision::Day => format!("{} {abbr}", self.day),
        }
    }

    fn display(self, part: Option<Part>) -> String {
        let prefix = match (self.precision(), part) {
            (Precision::Month, Some(p)) => format!("{} ", p.as_str()),
            _ => String::new(),
        };
        match self.precision() {
            Precision::Year => self.year.to_string(),
            _ => format!("{prefix}{} {}", self.without_year(), self.year),
        }
    }
}

impl fmt::Display for DatePoint {
    /// The written form, as it would appear in a data file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision() {
            Precision::Year => write!(f, "{:04}", self.year),
            Precision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

/// A date as precise as the record allows, with the span of days it could mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FuzzyDate {
    start: DatePoint,
    end: Option<DatePoint>,
    part: Option<Part>,
    earliest: NaiveDate,
    latest: NaiveDate,
}

/// Why a start, end and part do not make a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    PartNeedsMonth,
    EndBeforeStart,
}

impl FuzzyDate {
    pub fn new(
        start: DatePoint,
        end: Option<DatePoint>,
        part: Option<Part>,
    ) -> Result<FuzzyDate, DateError> {
        if part.is_some() && start.precision() != Precision::Month {
            return Err(DateError::PartNeedsMonth);
        }
        let earliest = start.first_day(part);
        let latest = match end {
            Some(end) => end.last_day(None),
            // A day is its own last day (one conversion to the calendar, not two).
            None if start.precision() == Precision::Day => earliest,
            None => start.last_day(part),
        };
        if latest < earliest {
            return Err(DateError::EndBeforeStart);
        }
        // An end equal to the start adds nothing; drop it so display stays simple.
        let end = end.filter(|e| *e != start);
        Ok(FuzzyDate {
            start,
            end,
            part,
            earliest,
            latest,
        })
    }

    /// Parses a single written date, with no end or part.
    pub fn parse(text: &str) -> Result<FuzzyDate, String> {
        let point = DatePoint::parse(text)?;
        Ok(FuzzyDate::new(point, None, None).expect("a lone point is always valid"))
    }

    pub fn start(&self) -> DatePoint {
        self.start
    }

    pub fn end(&self) -> Option<DatePoint> {
        self.end
    }

    pub fn part(&self) -> Option<Part> {
        self.part
    }

    /// The precision of the start, which is how precisely the event is placed.
    pub fn precision(&self) -> Precision {
        self.start.precision()
    }

    pub fn earliest(&self) -> NaiveDate {
        self.earliest
    }

    pub fn latest(&self) -> NaiveDate {
        self.latest
    }

    /// Days between earliest and latest possible day (0 for a single day).
    pub fn span_days(&self) -> i64 {
        (self.latest - self.earliest).num_days()
    }

    /// True when the date says nothing finer than a year: its month is unknown.
    pub fn is_year_only(&self) -> bool {
        self.precision() == Precision::Year
    }

    /// The month the date starts in, or `None` when only the year is known.
    pub fn start_month(&self) -> Option<YearMonth> {
        (!self.is_year_only()).then(|| YearMonth::of(self.earliest))
    }

    /// The timeline heading the date belongs under.
    pub fn period(&self) -> Period {
        match self.start_month() {
            Some(month) => Period::Month(month),
            None => Period::Year(self.earliest.year()),
        }
    }

    /// Every month the date's span touches (none for year-only dates).
    pub fn months(&self) -> impl Iterator<Item = YearMonth> + use<> {
        let (first, last) = if self.is_year_only() {
            (YearMonth(1), YearMonth(0))
        } else {
            (YearMonth::of(self.earliest), YearMonth::of(self.latest))
        };
        (first.0..=last.0).map(YearMonth)
    }

    /// Whether the span from earliest start to latest end overlaps the month.
    /// Year-only dates never do: their month is unknown.
    pub fn overlaps_month(&self, month: YearMonth) -> bool {
        !self.is_year_only()
            && self.earliest <= month.last_day()
            && self.latest >= month.first_day()
    }

    /// Human display: "17 Jun 2022", "early Mar 2022", "13–16 Jun 2022", "28 Feb – 1 Mar 2023".
    pub fn display(&self) -> String {
        let start = self.start;
        let Some(end) = self.end else {
            return start.display(self.part);
        };
        let same_precision = start.precision() == end.precision() && self.part.is_none();
        if !same_precision {
            return format!("{} – {}", start.display(self.part), end.display(None));
        }
        match start.precision() {
            Precision::Year => format!("{}–{}", start.year, end.year),
            Precision::Day if start.year == end.year && start.month == end.month => format!(
                "{}–{} {} {}",
                start.day,
                end.day,
                MONTH_ABBR[start.month as usize - 1],
                start.year
            ),
            _ if start.year == end.year => {
                format!(
                    "{} – {} {}",
                    start.without_year(),
                    end.without_year(),
                    end.year
                )
            }
            _ => format!("{} – {}", start.display(None), end.display(None)),
        }
    }
}

impl Ord for FuzzyDate {
    /// Earliest possible day first, then the shorter span (the more precise date).
    fn cmp(&self, other: &Self) -> Ordering {
        self.earliest
            .cmp(&other.earliest)
            .then(self.latest.cmp(&other.latest))
    }
}

impl PartialOrd for FuzzyDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(start: &str, end: Option<&str>, part: Option<Part>) -> FuzzyDate {
        let end = end.map(|e| DatePoint::parse(e).unwrap());
        FuzzyDate::new(DatePoint::parse(start).unwrap(), end, part).unwrap()
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_day_of_every_month_of_four_digit_years_is_a_day_as_chrono_counts() {
        for year in 0..=9999 {
            for month in 1..=12u8 {
                let next = match month {
                    12 => ymd(year + 1, 1, 1),
                    m => ymd(year, u32::from(m) + 1, 1),
                };
                let days = next.pred_opt().unwrap().day();
                assert_eq!(u32::from(month_length(year, month)), days, "{year}-{month}");
            }
        }
        assert!(DatePoint::parse("2024-02-29").is_ok());
        assert!(DatePoint::parse("2000-02-29").is_ok());
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2022-04-31",
            "2022-06-00",
            "2022-01-32",
        ] {
            let error = DatePoint::parse(bad).unwrap_err();
            assert!(
                error.contains("not a day of the calendar"),
                "{bad}: {error}"
            );
        }
        let day = date("2022-06-17", None, None);
        assert_eq!(
            (day.earliest(), day.latest()),
            (ymd(2022, 6, 17), ymd(2022, 6, 17))
        );
    }

    #[test]
    fn parses_the_three_forms_and_keeps_precision() {
        assert_eq!(
            DatePoint::parse("2022").unwrap().precision(),
            Precision::Year
        );
        assert_eq!(
            DatePoint::parse("2022-06").unwrap().precision(),
            Precision::Month
        );
        assert_eq!(
            DatePoint::parse("2022-06-17").unwrap().precision(),
            Precision::Day
        );
        assert_eq!(
            DatePoint::parse("2022-06-17").unwrap().to_string(),
            "2022-06-17"
        );
        assert_eq!(DatePoint::parse("2022-06").unwrap().to_string(), "2022-06");
    }

    #[test]
    fn rejects_malformed_dates_with_a_reason() {
        for bad in [
            "22",
            "2022-6",
            "2022-06-1",
            "2022/06",
            "June 2022",
            "",
            "2022-06-17-1",
            "+022-06",
            "2022-+6",
            "2022 06",
            "2022-06-1x",
        ] {
            let err = DatePoint::parse(bad).unwrap_err();
            assert!(
                err.contains("expected YYYY, YYYY-MM or YYYY-MM-DD"),
                "{bad}: {err}"
            );
        }
        assert!(
            DatePoint::parse("2022-13")
                .unwrap_err()
                .contains("month 13")
        );
        assert!(
            DatePoint::parse("2023-02-29")
                .unwrap_err()
                .contains("not a day")
        );
        assert!(DatePoint::parse("2024-02-29").is_ok());
        // A month or day of zero is refused, not read as left out.
        assert!(
            DatePoint::parse("2022-00")
                .unwrap_err()
                .contains("month 0,")
        );
        assert!(
            DatePoint::parse("2022-00-05")
                .unwrap_err()
                .contains("month 0,")
        );
        assert!(
            DatePoint::parse("2022-06-00")
                .unwrap_err()
                .contains("not a day")
        );
        let parsed = DatePoint::parse("0999-12-31").unwrap();
        assert_eq!((parsed.year(), parsed.month()), (999, Some(12)));
    }

    #[test]
    fn spans_follow_precision_and_part() {
        let d = date("2022-06-17", None, None);
        assert_eq!(
            (d.earliest(), d.latest()),
            (ymd(2022, 6, 17), ymd(2022, 6, 17))
        );
        let m = date("2022-02", None, None);
        assert_eq!(
            (m.earliest(), m.latest()),
            (ymd(2022, 2, 1), ymd(2022, 2, 28))
        );
        let early = date("2022-07", None, Some(Part::Early));
        assert_eq!(
            (early.earliest(), early.latest()),
            (ymd(2022, 7, 1), ymd(2022, 7, 10))
        );
        let mid = date("2022-04", None, Some(Part::Mid));
        assert_eq!(
            (mid.earliest(), mid.latest()),
            (ymd(2022, 4, 11), ymd(2022, 4, 20))
        );
        let late = date("2022-05", None, Some(Part::Late));
        assert_eq!(
            (late.earliest(), late.latest()),
            (ymd(2022, 5, 21), ymd(2022, 5, 31))
        );
        let y = date("2022", None, None);
        assert_eq!(
            (y.earliest(), y.latest()),
            (ymd(2022, 1, 1), ymd(2022, 12, 31))
        );
        let r = date("2023-02-28", Some("2023-03-01"), None);
        assert_eq!(
            (r.earliest(), r.latest()),
            (ymd(2023, 2, 28), ymd(2023, 3, 1))
        );
    }

    #[test]
    fn part_requires_a_month_and_end_may_not_precede_start() {
        let day = DatePoint::parse("2022-06-17").unwrap();
        assert_eq!(
            FuzzyDate::new(day, None, Some(Part::Early)),
            Err(DateError::PartNeedsMonth)
        );
        let year = DatePoint::parse("2022").unwrap();
        assert_eq!(
            FuzzyDate::new(year, None, Some(Part::Late)),
            Err(DateError::PartNeedsMonth)
        );
        let before = DatePoint::parse("2022-06-16").unwrap();
        assert_eq!(
            FuzzyDate::new(day, Some(before), None),
            Err(DateError::EndBeforeStart)
        );
        // An end that is a coarser period containing the start is fine.
        let month = DatePoint::parse("2022-06").unwrap();
        assert!(FuzzyDate::new(day, Some(month), None).is_ok());
    }

    #[test]
    fn displays_every_shape() {
        assert_eq!(date("2022-06-17", None, None).display(), "17 Jun 2022");
        assert_eq!(
            date("2022-03", None, Some(Part::Early)).display(),
            "early Mar 2022"
        );
        assert_eq!(date("2022-06", None, None).display(), "Jun 2022");
        assert_eq!(date("2022", None, None).display(), "2022");
        assert_eq!(
            date("2022-06-13", Some("2022-06-16"), None).display(),
            "13–16 Jun 2022"
        );
        assert_eq!(
            date("2023-02-28", Some("2023-03-01"), None).display(),
            "28 Feb – 1 Mar 2023"
        );
        assert_eq!(
            date("2022-12-30", Some("2023-01-02"), None).display(),
            "30 Dec 2022 – 2 Jan 2023"
        );
        assert_eq!(
            date("2022-03", Some("2022-04"), None).display(),
            "Mar – Apr 2022"
        );
        assert_eq!(date("2021", Some("2022"), None).display(), "2021–2022");
        assert_eq!(
            date("2022-03", Some("2022-04-15"), None).display(),
            "Mar 2022 – 15 Apr 2022"
        );
        assert_eq!(
            date("2022-06-17", Some("2022-06-17"), None).display(),
            "17 Jun 2022"
        );
    }

    #[test]
    fn orders_by_earliest_day_then_shorter_span() {
        let year = date("2022", None, None);
        let jan = date("2022-01", None, None);
        let jan1 = date("2022-01-01", None, None);
        let jan2 = date("2022-01-02", None, None);
        let mut dates = vec![year, jan2, jan, jan1];
        dates.sort();
        assert_eq!(dates, vec![jan1, jan, year, jan2]);
    }

    #[test]
    fn month_overlap_for_days_months_parts_and_ranges() {
        let june = YearMonth::parse("2022-06").unwrap();
        let july = YearMonth::parse("2022-07").unwrap();
        assert!(date("2022-06-17", None, None).overlaps_month(june));
        assert!(!date("2022-06-17", None, None).overlaps_month(july));
        assert!(date("2022-06", None, Some(Part::Late)).overlaps_month(june));
        assert!(!date("2022-07", None, Some(Part::Early)).overlaps_month(june));
        let range = date("2022-06-28", Some("2022-07-02"), None);
        assert!(range.overlaps_month(june) && range.overlaps_month(july));
        assert_eq!(range.months().collect::<Vec<_>>(), vec![june, july]);
    }

    #[test]
    fn year_only_dates_never_match_a_month() {
        let year = date("2022", None, None);
        for m in 1..=12 {
            assert!(!year.overlaps_month(YearMonth::new(2022, m).unwrap()));
        }
        assert_eq!(year.months().count(), 0);
        assert_eq!(year.start_month(), None);
    }

    #[test]
    fn year_month_parsing_explains_the_form() {
        assert_eq!(YearMonth::parse("2022-06").unwrap().to_string(), "2022-06");
        assert!(
            YearMonth::parse("2022-13")
                .unwrap_err()
                .contains("month 13")
        );
        assert!(YearMonth::parse("June").unwrap_err().contains("YYYY-MM"));
        assert_eq!(YearMonth::parse("2022-06").unwrap().long(), "June 2022");
        assert_eq!(
            YearMonth::parse("2022-12").unwrap().next().short(),
            "Jan 2023"
        );
    }
}
