//! What the three grid screens (lanes, heatmap, ledger) draw alike: a title, column labels
//! (years over periods, or country codes), row labels, the cells on screen around the
//! cursor, and a line saying what the cursor's cell holds. Each screen's own file says how
//! a cell looks.

use crate::model::{Kind, YearMonth};
use crate::query::{Grain, Tally};
use crate::text;
use crate::tui::app::App;
use crate::tui::relations::{Axis, Cursor, FOOT_LINES, Grid};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// How one screen's grid looks.
pub struct Look<'a> {
    pub title: String,
    /// What a cell shows, given its row, column and count (the text is padded to the cell).
    pub cell: &'a dyn Fn(usize, usize, usize) -> (String, Style),
    /// Said when the grid has no rows.
    pub empty: &'static str,
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, cursor: Cursor, look: Look) {
    let grid = app.grid();
    let tally = app.tally();
    let title = text::truncate(&format!(" {}", look.title), area.width as usize);
    let mut lines = vec![Line::from(Span::styled(title, theme.heading))];
    if grid.rows.is_empty() || grid.columns.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            format!(" {}", look.empty),
            theme.dim,
        )));
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let (rows, columns) = grid.visible(area.width, area.height);
    let shown_columns = cursor.left..(cursor.left + columns).min(grid.columns.len());
    let shown_rows = cursor.top..(cursor.top + rows).min(grid.rows.len());
    let cell = grid.cell as usize;
    let label = grid.label as usize;
    let (upper, lower) = column_labels(grid, tally, shown_columns.clone());
    let more_left = if cursor.left > 0 { "◀" } else { " " };
    let more_right = if shown_columns.end < grid.columns.len() {
        "▶"
    } else {
        " "
    };
    lines.push(Line::from(vec![
        Span::raw(" ".repeat(label.saturating_sub(1))),
        Span::styled(more_left, theme.dim),
        Span::styled(labels_line(&upper, cell), theme.label),
        Span::styled(more_right, theme.dim),
    ]));
    lines.push(Line::from(vec![
        Span::raw(" ".repeat(label)),
        Span::styled(
            labels_line_marked(&lower, cell, cursor.column.checked_sub(cursor.left)),
            theme.dim,
        ),
    ]));
    for r in shown_rows.clone() {
        let (name, style) = row_label(grid.rows[r], tally, theme);
        let name_style = if r == cursor.row {
            style.patch(theme.selected_unfocused)
        } else {
            style
        };
        let mut spans = vec![Span::styled(
            text::pad(&text::truncate(&format!(" {name}"), label - 1), label),
            name_style,
        )];
        // Cells of one style run on in one span: a frame stays a few hundred spans.
        let mut run = (String::new(), Style::new());
        for c in shown_columns.clone() {
            let (shown, style) = (look.cell)(r, c, grid.value(tally, r, c));
            let style = if (r, c) == (cursor.row, cursor.column) {
                theme.selected
            } else {
                style
            };
            // The space that parts cells stays outside the cursor's highlight.
            let gap = if style == theme.selected {
                Style::new()
            } else {
                style
            };
            extend(&mut spans, &mut run, " ", gap);
            let shown = text::truncate(&shown, cell - 1);
            let pad = " ".repeat((cell - 1).saturating_sub(text::width(&shown)));
            extend(&mut spans, &mut run, &pad, style);
            extend(&mut spans, &mut run, &shown, style);
        }
        spans.push(Span::styled(run.0, run.1));
        lines.push(Line::from(spans));
    }
    let below = shown_rows.end < grid.rows.len();
    lines.push(Line::from(Span::styled(
        if below {
            format!(" ▼ {} more rows", grid.rows.len() - shown_rows.end)
        } else {
            String::new()
        },
        theme.dim,
    )));
    // What the cursor's cell holds, under the cells (the last line when they fill it).
    lines.truncate(area.height.saturating_sub(FOOT_LINES - 1) as usize);
    let described = format!(" {}", describe(grid, tally, cursor));
    lines.push(Line::from(Span::styled(
        text::truncate(&described, area.width as usize),
        theme.text,
    )));
    // Line by line into the buffer: a paragraph would lay out the whole screen again.
    let buffer = frame.buffer_mut();
    for (k, line) in lines.iter().enumerate().take(area.height as usize) {
        buffer.set_line(area.x, area.y + k as u16, line, area.width);
    }
}

/// Adds text to the run of one style, first closing the run when the style changes.
fn extend(spans: &mut Vec<Span<'static>>, run: &mut (String, Style), text: &str, style: Style) {
    if style != run.1 && !run.0.is_empty() {
        spans.push(Span::styled(std::mem::take(&mut run.0), run.1));
    }
    run.1 = style;
    run.0.push_str(text);
}

/// A row's label: the code and name of a country, a kind, or all matches.
fn row_label(axis: Axis, tally: &Tally, theme: &Theme) -> (String, Style) {
    match axis {
        Axis::All => ("all matches".into(), theme.label),
        Axis::Country(c) => {
            let code = tally.countries()[c];
            (format!("{code} {}", code.name()), theme.text)
        }
        Axis::Kind(k) => (k.as_str().into(), theme.kind),
        Axis::Period(g, p) => (period_name(tally, g, p), theme.text),
    }
}

/// "Jun 2022", "Q2 2022", "2022".
pub fn period_name(tally: &Tally, grain: Grain, p: usize) -> String {
    let first = tally.periods(grain)[p].first;
    match grain {
        Grain::Month => first.short(),
        Grain::Quarter => format!("Q{} {}", (first.month() - 1) / 3 + 1, first.year()),
        Grain::Year => first.year().to_string(),
    }
}

/// The two lines of column labels: years above periods (the year at the first column of
/// each year and at the left edge), or nothing above country codes.
fn column_labels(
    grid: &Grid,
    tally: &Tally,
    shown: std::ops::Range<usize>,
) -> (Vec<String>, Vec<String>) {
    let cell = grid.cell as usize;
    let mut upper = Vec::new();
    let mut lower = Vec::new();
    let mut last_year = None;
    for c in shown {
        match grid.columns[c] {
            Axis::Period(g, p) => {
                let first: YearMonth = tally.periods(g)[p].first;
                let year = first.year();
                let year_label = if cell > 4 {
                    year.to_string()
                } else {
                    format!("'{:02}", year.rem_euclid(100))
                };
                let lower_label = match g {
                    Grain::Month if cell > 3 => first.short()[..3].to_string(),
                    Grain::Month => first.short()[..1].to_string(),
                    Grain::Quarter => format!("Q{}", (first.month() - 1) / 3 + 1),
                    Grain::Year => String::new(),
                };
                upper.push(if last_year != Some(year) || g == Grain::Year {
                    year_label
                } else {
                    String::new()
                });
                last_year = Some(year);
                lower.push(lower_label);
            }
            Axis::Country(a) => {
                upper.push(String::new());
                lower.push(tally.countries()[a].to_string());
            }
            Axis::All | Axis::Kind(_) => {
                upper.push(String::new());
                lower.push(String::new());
            }
        }
    }
    (upper, lower)
}

/// Labels each starting at its cell, running on into empty cells after it.
fn labels_line(labels: &[String], cell: usize) -> String {
    let mut line: Vec<char> = vec![' '; labels.len() * cell];
    let mut free = 0;
    for (k, label) in labels.iter().enumerate() {
        let at = k * cell + 1;
        if label.is_empty() || at < free {
            continue;
        }
        for (i, ch) in label.chars().enumerate() {
            if let Some(slot) = line.get_mut(at + i) {
                *slot = ch;
            }
        }
        free = at + label.chars().count() + 1;
    }
    line.into_iter().collect()
}

/// Labels right-aligned in their cells, the cursor's column marked with ▾ when its label
/// is empty.
fn labels_line_marked(labels: &[String], cell: usize, cursor: Option<usize>) -> String {
    let mut line = String::new();
    for (k, label) in labels.iter().enumerate() {
        let label = match (label.is_empty(), cursor == Some(k)) {
            (true, true) => "▾".to_string(),
            _ => label.clone(),
        };
        line.push(' ');
        line.push_str(&format!(
            "{:>width$}",
            text::truncate(&label, cell - 1),
            width = cell - 1
        ));
    }
    line
}

/// The cursor's cell in words: "Kazakhstan and Russia · Q2 2022: 3 events — 2 statement,
/// 1 visit · Enter shows them".
fn describe(grid: &Grid, tally: &Tally, cursor: Cursor) -> String {
    let (Some(&row), Some(&column)) = (grid.rows.get(cursor.row), grid.columns.get(cursor.column))
    else {
        return String::new();
    };
    let n = grid.value(tally, cursor.row, cursor.column);
    let name = |axis: Axis| match axis {
        Axis::All => "all matches".to_string(),
        Axis::Country(c) => tally.countries()[c].name(),
        Axis::Kind(k) => k.as_str().to_string(),
        Axis::Period(g, p) => period_name(tally, g, p),
    };
    let what = match (row, column) {
        (Axis::Country(a), Axis::Country(b)) if a == b => name(row),
        (Axis::Country(_), Axis::Country(_)) => format!("{} and {}", name(row), name(column)),
        _ => format!("{} · {}", name(row), name(column)),
    };
    let mut line = format!("{what}: {n} event{}", if n == 1 { "" } else { "s" });
    if let (Axis::Country(a), Axis::Country(b)) = (row, column) {
        let kinds: Vec<(Kind, usize)> = if a == b {
            Kind::ALL
                .iter()
                .map(|&k| (k, tally.country_kind(a, k)))
                .collect()
        } else {
            let by = tally.pair_kinds(a, b);
            Kind::ALL.iter().map(|&k| (k, by[k.index()])).collect()
        };
        let words = crate::tui::relations::kinds_in_words(&kinds);
        if !words.is_empty() {
            line.push_str(&format!(" — {words}"));
        }
    }
    if n > 0 {
        let enter = crate::tui::keys::key_for(
            crate::tui::keys::KeyMode::Grid,
            &crate::tui::app::Action::Narrow,
        );
        line.push_str(&format!(" · {} shows them", enter.unwrap_or_default()));
    }
    let year_only = tally.year_only_total();
    if year_only > 0 && grid.grain.is_some() {
        let verb = if year_only == 1 { "is" } else { "are" };
        line.push_str(&format!(
            " · {year_only} dated only to the year {verb} in no period"
        ));
    }
    text::sanitize(&line).into_owned()
}
