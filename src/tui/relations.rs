//! The relations screens, lanes, heatmap and dyad ledger, as grids: which rows and
//! columns each shows, the count in each cell, what Enter on a cell narrows the filter to,
//! and each screen's own cursor. Everything is read from the tally of the matches (counted
//! when the filter changes), so building a grid costs its cells, not the dataset.

use super::layout::Screen;
use crate::model::Kind;
use crate::query::{Filter, Grain, Tally};

/// What the lanes are: one per country (the counterparts when there are), or per kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LaneBy {
    #[default]
    Countries,
    Kinds,
}

/// A row or a column of a grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// Every matching event (the lanes' first row).
    All,
    /// A country, by its position in the tally's countries.
    Country(usize),
    Kind(Kind),
    /// A period of a grain, by its position in the tally's periods.
    Period(Grain, usize),
}

/// One screen's rows, columns and the width of a cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// The screen it is the grid of.
    pub screen: Screen,
    pub rows: Vec<Axis>,
    pub columns: Vec<Axis>,
    /// Columns one cell takes on screen (a space included).
    pub cell: u16,
    /// Columns the row labels take.
    pub label: u16,
    /// The time grain, on the screens with time along the width.
    pub grain: Option<Grain>,
    /// The largest count of any cell (counted once, when the grid is built).
    pub most: usize,
}

/// Columns the row labels take: a code, a space and the start of a name.
const LABEL: u16 = 18;
/// Lines above the cells: a title, the years, the periods.
pub const HEAD_LINES: u16 = 3;
/// Lines below the cells: what the cursor's cell holds.
pub const FOOT_LINES: u16 = 2;

impl Grid {
    /// A grid of these rows and columns, its largest count counted and its cells wide
    /// enough for it (at least `least` columns).
    fn counted(
        screen: Screen,
        rows: Vec<Axis>,
        columns: Vec<Axis>,
        grain: Option<Grain>,
        least: u16,
        tally: &Tally,
    ) -> Grid {
        let mut grid = Grid {
            screen,
            rows,
            columns,
            cell: least,
            label: LABEL,
            grain,
            most: 0,
        };
        grid.most = grid.max(tally);
        grid.cell = cell_width(grid.most, least);
        grid
    }

    /// Where `row` and `column` of `before` (this screen's grid as it was) are now: the
    /// same country, kind or period (a period of another grain: the one holding its first
    /// month), or the same place when it is gone.
    pub fn find(&self, before: &Grid, tally: &Tally, row: usize, column: usize) -> (usize, usize) {
        let find = |axes: &[Axis], old: Option<&Axis>, at: usize| {
            let here = |target: Axis| axes.iter().position(|&a| a == target);
            let found = match old {
                Some(&Axis::Period(grain, p)) => (self.grain.zip(tally.periods(grain).get(p)))
                    .and_then(|(now, bin)| {
                        let periods = tally.periods(now);
                        let p = periods
                            .iter()
                            .position(|b| b.first <= bin.first && bin.first <= b.last)?;
                        here(Axis::Period(now, p))
                    }),
                Some(&axis) => here(axis),
                None => None,
            };
            found.unwrap_or(at)
        };
        (
            find(&self.rows, before.rows.get(row), row),
            find(&self.columns, before.columns.get(column), column),
        )
    }

    /// The events in a cell (0 outside the grid).
    pub fn value(&self, tally: &Tally, row: usize, column: usize) -> usize {
        let (Some(&r), Some(&c)) = (self.rows.get(row), self.columns.get(column)) else {
            return 0;
        };
        count(tally, r, c)
    }

    /// The largest count of any cell, counted.
    fn max(&self, tally: &Tally) -> usize {
        let cells = (0..self.rows.len()).flat_map(|r| (0..self.columns.len()).map(move |c| (r, c)));
        cells
            .map(|(r, c)| self.value(tally, r, c))
            .max()
            .unwrap_or(0)
    }

    /// The filter narrowed to a cell's events; None when the cell cannot be narrowed to
    /// (a month the filter does not select).
    pub fn narrow(
        &self,
        filter: &Filter,
        tally: &Tally,
        row: usize,
        column: usize,
    ) -> Option<Filter> {
        let narrowed = narrow(filter, tally, *self.rows.get(row)?)?;
        narrow(&narrowed, tally, *self.columns.get(column)?)
    }

    /// How many rows and columns of cells fit in `width`×`height` (the screen's body).
    pub fn visible(&self, width: u16, height: u16) -> (usize, usize) {
        let rows = height.saturating_sub(HEAD_LINES + FOOT_LINES).max(1);
        // One column is kept for the ▶ that says more lies to the right.
        let columns = width.saturating_sub(self.label + 1) / self.cell.max(1);
        (rows as usize, (columns as usize).max(1))
    }
}

fn count(tally: &Tally, row: Axis, column: Axis) -> usize {
    match (row, column) {
        (Axis::All, Axis::Period(g, p)) => tally.in_period(g, p),
        (Axis::Country(a), Axis::Period(g, p)) => tally.country_in(g, a, p),
        (Axis::Kind(k), Axis::Period(g, p)) => tally.kind_in(g, k, p),
        (Axis::Country(a), Axis::Country(b)) => tally.pair(a, b),
        _ => 0,
    }
}

fn narrow(filter: &Filter, tally: &Tally, axis: Axis) -> Option<Filter> {
    match axis {
        Axis::All => Some(filter.clone()),
        Axis::Country(c) => Some(filter.and_country(tally.countries()[c])),
        Axis::Kind(k) => Some(filter.and_kind(k)),
        Axis::Period(g, p) => filter.and_months(&tally.periods(g)[p].months()),
    }
}

/// Columns a count takes, with the space before it: at least `least`.
fn cell_width(max: usize, least: u16) -> u16 {
    (max.to_string().len() as u16 + 1).max(least)
}

/// The grid of a relations screen (the timeline and the context have none).
pub fn grid(screen: Screen, tally: &Tally, filter: &Filter, by: LaneBy, width: u16) -> Grid {
    let mut grid = match screen {
        Screen::Lanes => lanes(tally, filter, by, width),
        Screen::Heatmap => heatmap(tally),
        Screen::Ledger => ledger(tally),
        Screen::Timeline | Screen::Context => Grid::default(),
    };
    // Cells widen to use the room there is, up to a point (past it, numbers drift apart).
    let room = width.saturating_sub(grid.label);
    if let Some(n) = u16::try_from(grid.columns.len()).ok().filter(|&n| n > 0) {
        grid.cell = grid.cell.max((room / n).min(WIDEST));
    }
    grid
}

/// The widest a cell grows to fill the screen.
const WIDEST: u16 = 6;

/// One lane per counterpart (or per country ranked by events, or per kind), under a lane
/// of every match; time in the finest periods that fit the width.
fn lanes(tally: &Tally, filter: &Filter, by: LaneBy, width: u16) -> Grid {
    if tally.events() == 0 {
        // Nothing matches: no lanes, and the screen says so.
        return Grid {
            screen: Screen::Lanes,
            ..Grid::default()
        };
    }
    let mut rows = vec![Axis::All];
    match by {
        LaneBy::Countries if !filter.counterparts.is_empty() => rows.extend(
            (filter.counterparts.iter())
                .filter_map(|c| tally.countries().binary_search(c).ok())
                .map(Axis::Country),
        ),
        LaneBy::Countries => rows.extend(tally.ranked_countries().into_iter().map(Axis::Country)),
        LaneBy::Kinds => rows.extend(tally.ranked_kinds().into_iter().map(Axis::Kind)),
    }
    let room = width.saturating_sub(LABEL) as usize;
    let of = |grain: Grain| {
        let columns = (0..tally.periods(grain).len()).map(|p| Axis::Period(grain, p));
        Grid::counted(
            Screen::Lanes,
            rows.clone(),
            columns.collect(),
            Some(grain),
            3,
            tally,
        )
    };
    // The finest periods that fit; years, scrolled, when even they do not.
    let fits = |g: &Grid| g.columns.len() * g.cell as usize <= room;
    let mut grids = [Grain::Month, Grain::Quarter].into_iter().map(of);
    grids.find(fits).unwrap_or_else(|| of(Grain::Year))
}

/// Countries (ranked by events) by month.
fn heatmap(tally: &Tally) -> Grid {
    let rows = tally.ranked_countries().into_iter().map(Axis::Country);
    let months = (0..tally.span().len()).map(|m| Axis::Period(Grain::Month, m));
    let (rows, months) = (rows.collect(), months.collect());
    Grid::counted(Screen::Heatmap, rows, months, Some(Grain::Month), 3, tally)
}

/// Countries by countries (ranked by events): the events each two share.
fn ledger(tally: &Tally) -> Grid {
    let ranked: Vec<Axis> = (tally.ranked_countries().into_iter())
        .map(Axis::Country)
        .collect();
    Grid::counted(Screen::Ledger, ranked.clone(), ranked, None, 4, tally)
}

/// A grid screen's cursor and how far it is scrolled, kept while other screens are shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub row: usize,
    pub column: usize,
    /// The first row and column on screen.
    pub top: usize,
    pub left: usize,
}

impl Cursor {
    /// Moves by rows and columns, within a grid of `rows`×`columns`.
    pub fn move_by(&mut self, rows: isize, columns: isize, size: (usize, usize)) {
        self.row = self.row.saturating_add_signed(rows);
        self.column = self.column.saturating_add_signed(columns);
        self.clamp(size);
    }

    pub fn clamp(&mut self, (rows, columns): (usize, usize)) {
        self.row = self.row.min(rows.saturating_sub(1));
        self.column = self.column.min(columns.saturating_sub(1));
    }

    /// Scrolls so the cursor's cell is on screen, `visible` rows and columns shown of a
    /// grid of `size`, and no further than the grid's end allows.
    pub fn ensure_visible(&mut self, (rows, columns): (usize, usize), size: (usize, usize)) {
        let fit = |at: usize, first: &mut usize, shown: usize, total: usize| {
            if at < *first {
                *first = at;
            } else if at >= *first + shown {
                *first = at + 1 - shown;
            }
            *first = (*first).min(total.saturating_sub(shown));
        };
        fit(self.row, &mut self.top, rows.max(1), size.0);
        fit(self.column, &mut self.left, columns.max(1), size.1);
    }
}

/// The three grid screens' cursors, and what the lanes are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relations {
    pub lanes_by: LaneBy,
    pub lanes: Cursor,
    pub heatmap: Cursor,
    pub ledger: Cursor,
}

impl Relations {
    /// The cursor of a grid screen.
    pub fn cursor(&self, screen: Screen) -> Option<&Cursor> {
        match screen {
            Screen::Lanes => Some(&self.lanes),
            Screen::Heatmap => Some(&self.heatmap),
            Screen::Ledger => Some(&self.ledger),
            Screen::Timeline | Screen::Context => None,
        }
    }

    pub fn cursor_mut(&mut self, screen: Screen) -> Option<&mut Cursor> {
        match screen {
            Screen::Lanes => Some(&mut self.lanes),
            Screen::Heatmap => Some(&mut self.heatmap),
            Screen::Ledger => Some(&mut self.ledger),
            Screen::Timeline | Screen::Context => None,
        }
    }
}

/// A cell's events by kind in words: "4 statement, 3 military, 1 visit".
pub fn kinds_in_words(kinds: &[(Kind, usize)]) -> String {
    let mut kinds: Vec<&(Kind, usize)> = kinds.iter().filter(|(_, n)| *n > 0).collect();
    kinds.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let parts: Vec<String> = kinds
        .iter()
        .map(|(k, n)| format!("{n} {}", k.as_str()))
        .collect();
    parts.join(", ")
}
