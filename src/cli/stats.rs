//! `demarche stats`: how many matching events per country, month and kind.

use super::StatsBy;
use crate::model::{Dataset, Kind, Period};
use crate::query::{self, Filter};
use anyhow::Result;
use std::collections::BTreeMap;
use std::io::Write;

pub fn print(
    out: &mut impl Write,
    dataset: &Dataset,
    filter: &Filter,
    by: Option<StatsBy>,
) -> Result<()> {
    let matches = query::run(dataset, filter);
    let events = || crate::export::events(dataset, &matches);
    writeln!(out, "{}", matches.summary())?;
    let show = |b: StatsBy| by.is_none_or(|only| only == b);

    if show(StatsBy::Country) {
        let mut counts = BTreeMap::new();
        for c in events().flat_map(|e| e.countries().iter()) {
            *counts.entry(*c).or_insert(0usize) += 1;
        }
        let mut rows: Vec<_> = counts.into_iter().collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        writeln!(out, "\nBy country:")?;
        for (code, n) in rows {
            writeln!(out, "  {code}  {:<28} {n:>5}", code.name())?;
        }
    }
    if show(StatsBy::Month) {
        let mut counts: BTreeMap<Period, usize> = BTreeMap::new();
        for e in events() {
            if e.date.is_year_only() {
                *counts.entry(e.date.period()).or_default() += 1;
            }
            for m in e.date.months() {
                *counts.entry(Period::Month(m)).or_default() += 1;
            }
        }
        writeln!(out, "\nBy month (an event spanning months counts in each):")?;
        for (period, n) in counts {
            let label = match period {
                Period::Month(m) => format!("{m}  {}", m.short()),
                Period::Year(y) => format!("{y}     (month unknown)"),
            };
            writeln!(out, "  {label:<28} {n:>5}")?;
        }
    }
    if show(StatsBy::Kind) {
        let mut counts = [0usize; Kind::ALL.len()];
        for e in events() {
            counts[e.kind.index()] += 1;
        }
        let mut rows: Vec<(Kind, usize)> = Kind::ALL
            .into_iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        writeln!(out, "\nBy kind:")?;
        for (kind, n) in rows {
            writeln!(out, "  {:<32} {n:>5}", kind.as_str())?;
        }
    }
    Ok(())
}
