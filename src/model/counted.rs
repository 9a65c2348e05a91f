//! Counts of events by country, kind and month, made while a file is read rather than
//! from a dataset: a command that only counts (`stats`) need not build its events. Each
//! worker counts its share into one of these and the shares are merged, so the counts are
//! kept by the events' own countries and months (there is no dataset yet to number them
//! by). What is counted, and under which filter, is the query's business
//! (`query::count_offered`); this only holds the numbers.

use super::{CountryCode, Kind};
use std::collections::{BTreeMap, HashMap};

const KINDS: usize = Kind::ALL.len();

/// Counts by month, from the first month counted to the last (month ordinals, see
/// `YearMonth::ordinal`); it grows either way as months come.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MonthRow {
    first: i32,
    counts: Vec<u32>,
}

impl MonthRow {
    pub fn add(&mut self, month: i32, n: u32) {
        if self.counts.is_empty() {
            self.first = month;
        }
        if month < self.first {
            let grow = (self.first - month) as usize;
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.first = month;
        }
        let at = (month - self.first) as usize;
        if at >= self.counts.len() {
            self.counts.resize(at + 1, 0);
        }
        self.counts[at] += n;
    }

    pub fn get(&self, month: i32) -> u32 {
        let at = month
            .checked_sub(self.first)
            .and_then(|d| usize::try_from(d).ok());
        at.and_then(|at| self.counts.get(at)).copied().unwrap_or(0)
    }

    fn merge(&mut self, other: &MonthRow) {
        for (k, &n) in other.counts.iter().enumerate() {
            if n > 0 {
                self.add(other.first + k as i32, n);
            }
        }
    }
}

/// Which tables are counted beyond the totals by country, by kind and of country by
/// kind, which are always counted. Each costs something on every event, so a command
/// asks only for what it prints; a table not asked for reads as zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wanted {
    /// Events by month (and by year, for those dated only to a year).
    pub months: bool,
    /// Countries by month and kinds by month.
    pub crossed_months: bool,
    /// Pairs of countries by kind (the dearest).
    pub pairs: bool,
}

impl Wanted {
    /// Every table.
    pub const ALL: Wanted = Wanted {
        months: true,
        crossed_months: true,
        pairs: true,
    };

    /// Whether any table by month is wanted.
    pub fn any_months(self) -> bool {
        self.months || self.crossed_months
    }
}

/// What the events of a selection add up to, by the events' own coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    /// The tables counted.
    wanted: Wanted,
    /// Events counted.
    pub events: usize,
    /// Events dated only to a year that matched everything but a month filter.
    pub year_only_left_out: usize,
    /// Per country slot: events involving it.
    pub by_country: Vec<u32>,
    pub by_kind: [u32; KINDS],
    /// Events touching each month (an event counts once in each month it counts in).
    pub by_month: MonthRow,
    /// Events dated only to a year, per year.
    pub year_only: BTreeMap<i32, u32>,
    /// Per country slot, per kind.
    pub country_kind: Vec<u32>,
    /// Per country slot, by month.
    pub country_month: Vec<MonthRow>,
    /// Per kind, by month.
    pub kind_month: Vec<MonthRow>,
    /// Per pair of country slots (the lower first), per kind.
    pub pair_kind: HashMap<(u16, u16), [u32; KINDS], foldhash::fast::FixedState>,
    /// Of every event offered (counted or not, as a dataset of them would have): each
    /// country some event involves, and the first and last month any is dated to.
    pub seen: Vec<bool>,
    pub month_bounds: Option<(i32, i32)>,
}

impl Counted {
    /// Empty counts of the tables `wanted`.
    pub fn new(wanted: Wanted) -> Counted {
        Counted {
            wanted,
            events: 0,
            year_only_left_out: 0,
            by_country: vec![0; CountryCode::SLOTS],
            by_kind: [0; KINDS],
            by_month: MonthRow::default(),
            year_only: BTreeMap::new(),
            country_kind: vec![0; CountryCode::SLOTS * KINDS],
            country_month: vec![MonthRow::default(); CountryCode::SLOTS],
            kind_month: vec![MonthRow::default(); KINDS],
            pair_kind: HashMap::default(),
            seen: vec![false; CountryCode::SLOTS],
            month_bounds: None,
        }
    }

    /// Empty counts of the same kind as these.
    pub fn fresh(&self) -> Counted {
        Counted::new(self.wanted)
    }

    /// The tables counted.
    pub fn wanted(&self) -> Wanted {
        self.wanted
    }

    /// Notes an event offered, counted or not: its countries and months.
    pub fn offer(&mut self, countries: &[CountryCode], months: Option<(i32, i32)>) {
        for c in countries {
            self.seen[c.slot()] = true;
        }
        if let Some((first, last)) = months {
            self.month_bounds = Some(match self.month_bounds {
                None => (first, last),
                Some((lo, hi)) => (lo.min(first), hi.max(last)),
            });
        }
    }

    /// Counts an event of `kind` involving `slots` (each once, in order) in `months`
    /// (each once, in order), or in `year` alone when it is dated only to a year. The
    /// months are read only when a table by month is wanted.
    pub fn add(&mut self, kind: Kind, slots: &[usize], months: &[i32], year: Option<i32>) {
        let k = kind.index();
        self.events += 1;
        self.by_kind[k] += 1;
        if let Some(year) = year.filter(|_| self.wanted.any_months()) {
            *self.year_only.entry(year).or_default() += 1;
        }
        if self.wanted.months {
            for &m in months {
                self.by_month.add(m, 1);
            }
        }
        if self.wanted.crossed_months {
            for &m in months {
                self.kind_month[k].add(m, 1);
            }
        }
        for (x, &a) in slots.iter().enumerate() {
            self.by_country[a] += 1;
            self.country_kind[a * KINDS + k] += 1;
            if self.wanted.crossed_months {
                for &m in months {
                    self.country_month[a].add(m, 1);
                }
            }
            if self.wanted.pairs {
                for &b in &slots[x + 1..] {
                    self.pair_kind.entry((a as u16, b as u16)).or_default()[k] += 1;
                }
            }
        }
    }

    /// Adds another share's counts to these.
    pub fn merge(&mut self, other: &Counted) {
        fn sum(into: &mut [u32], from: &[u32]) {
            into.iter_mut().zip(from).for_each(|(a, &b)| *a += b);
        }
        self.events += other.events;
        self.year_only_left_out += other.year_only_left_out;
        sum(&mut self.by_country, &other.by_country);
        sum(&mut self.by_kind, &other.by_kind);
        self.by_month.merge(&other.by_month);
        for (&year, &n) in &other.year_only {
            *self.year_only.entry(year).or_default() += n;
        }
        sum(&mut self.country_kind, &other.country_kind);
        for (row, other) in self.country_month.iter_mut().zip(&other.country_month) {
            row.merge(other);
        }
        for (row, other) in self.kind_month.iter_mut().zip(&other.kind_month) {
            row.merge(other);
        }
        for (&pair, kinds) in &other.pair_kind {
            sum(self.pair_kind.entry(pair).or_default(), kinds);
        }
        for (seen, &other) in self.seen.iter_mut().zip(&other.seen) {
            *seen |= other;
        }
        if let Some(bounds) = other.month_bounds {
            self.offer(&[], Some(bounds));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_row_grows_either_way_and_reads_zero_outside() {
        let mut row = MonthRow::default();
        assert_eq!(row.get(5), 0);
        row.add(10, 1);
        row.add(7, 2);
        row.add(12, 3);
        row.add(10, 1);
        assert_eq!(
            [6, 7, 8, 10, 12, 13].map(|m| row.get(m)),
            [0, 2, 0, 2, 3, 0]
        );
        let mut other = MonthRow::default();
        other.add(3, 4);
        other.add(7, 1);
        row.merge(&other);
        assert_eq!([3, 7, 10].map(|m| row.get(m)), [4, 3, 2]);
        assert_eq!(row.get(i32::MIN), 0);
    }

    #[test]
    fn shares_merged_count_what_one_count_of_everything_counts() {
        let kz = CountryCode::from_code("KZ").unwrap();
        let ru = CountryCode::from_code("RU").unwrap();
        let slots = [kz.slot(), ru.slot()];
        let mut whole = Counted::new(Wanted::ALL);
        let (mut a, mut b) = (whole.fresh(), whole.fresh());
        for (share, months) in [(&mut a, &[100, 101][..]), (&mut b, &[99][..])] {
            share.offer(&[kz, ru], Some((months[0], months[months.len() - 1])));
            share.add(Kind::Meeting, &slots, months, None);
        }
        b.add(Kind::Call, &slots[..1], &[], Some(2020));
        whole.merge(&a);
        whole.merge(&b);
        assert_eq!(whole.events, 3);
        assert_eq!(whole.by_country[kz.slot()], 3);
        assert_eq!(whole.by_country[ru.slot()], 2);
        assert_eq!([99, 100, 101].map(|m| whole.by_month.get(m)), [1, 1, 1]);
        assert_eq!(whole.country_month[ru.slot()].get(99), 1);
        assert_eq!(whole.year_only.get(&2020), Some(&1));
        let pair = (
            kz.slot().min(ru.slot()) as u16,
            kz.slot().max(ru.slot()) as u16,
        );
        assert_eq!(whole.pair_kind[&pair][Kind::Meeting.index()], 2);
        assert_eq!(whole.month_bounds, Some((99, 101)));
        assert!(whole.seen[kz.slot()] && whole.seen[ru.slot()]);
    }
}
