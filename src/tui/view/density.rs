//! The density strip: the matching events over the dataset's whole span, across the full
//! width, with the whole dataset faint where nothing matches. Each column is a run of
//! days; an event counts spread over the days it may fall on (one known only to its month
//! across that month), so nothing piles up on the 1st. Events dated only to a year are
//! left out, and said so. Above the bars, ▼ marks the selected event; below them, years
//! and months are labelled on their own line, which the marker never covers.

use crate::query::Tally;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The days column `c` of `columns` covers, of `days`.
fn days_of(c: usize, columns: usize, days: usize) -> (usize, usize) {
    (c * days / columns, (c + 1) * days / columns)
}

/// The column a day falls in: the `c` whose days (`days_of`) hold it.
fn column_of(day: usize, columns: usize, days: usize) -> usize {
    let days = days.max(1);
    ((day + 1) * columns)
        .div_ceil(days)
        .saturating_sub(1)
        .min(columns.saturating_sub(1))
}

/// A bar for `value` of `max`; nothing for nothing, the lowest bar for a little.
fn bar(value: f64, max: f64) -> char {
    if value <= 1e-9 || max <= 0.0 {
        return ' ';
    }
    let level = ((value / max) * LEVELS.len() as f64).ceil() as usize;
    LEVELS[level.clamp(1, LEVELS.len()) - 1]
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    // The context sets the filter aside: it shows the whole dataset around its event.
    let whole = app.whole();
    let tally = if app.context().is_some() {
        whole
    } else {
        app.tally()
    };
    let days = whole.days();
    if area.height == 0 || days == 0 {
        return;
    }
    let columns = (area.width as usize).saturating_sub(2).clamp(1, days);
    let sums = |t: &Tally| -> Vec<f64> {
        (0..columns)
            .map(|c| {
                let (from, to) = days_of(c, columns, days);
                t.in_days(from, to)
            })
            .collect()
    };
    let (matching, all) = (sums(tally), sums(whole));
    let most = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let (most_matching, most_all) = (most(&matching), most(&all));
    let mut bars = vec![Span::raw(" ")];
    for c in 0..columns {
        let span = match bar(matching[c], most_matching) {
            ' ' => Span::styled(bar(all[c], most_all).to_string(), theme.bar_other),
            glyph => Span::styled(glyph.to_string(), theme.bar_passing),
        };
        bars.push(span);
    }

    // The selected event, at the middle of the days it may fall on.
    let mut marker = vec![' '; columns + 1];
    if let Some(i) = app.selected_event() {
        let date = &app.dataset().events[i].date;
        if !date.is_year_only()
            && let (Some(from), Some(to)) =
                (whole.day_of(date.earliest()), whole.day_of(date.latest()))
        {
            marker[1 + column_of((from + to) / 2, columns, days)] = '▼';
        }
    }
    let mut top = vec![Span::styled(
        marker.iter().collect::<String>(),
        theme.marker,
    )];
    let year_only = tally.year_only_total();
    let note = format!("{year_only} dated only to the year: not drawn ");
    let width = crate::text::width(&note);
    let used = marker.iter().rposition(|&c| c != ' ').map_or(0, |p| p + 1);
    if year_only > 0 && used + width < area.width as usize {
        // Right-aligned over the end of the strip, where the marker is not.
        let before: String = marker.iter().take(area.width as usize - width).collect();
        top = vec![
            Span::styled(before, theme.marker),
            Span::styled(note, theme.dim),
        ];
    }

    let mut lines = vec![
        Line::from(top),
        Line::from(bars),
        Line::from(Span::styled(axis(whole, columns, days), theme.dim)),
    ];
    if area.height > 3 {
        lines.push(Line::from(Span::styled(
            "─".repeat(area.width as usize),
            theme.border,
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// Years at each January (and at the start), months between them when there is room,
/// each label where its month begins and never over the previous one.
fn axis(whole: &Tally, columns: usize, days: usize) -> String {
    let mut line: Vec<char> = vec![' '; columns + 1];
    let per_month = columns as f64 * 30.4 / days as f64;
    let mut free = 0;
    for (k, month) in whole.span().iter().enumerate() {
        let Some(day) = whole.day_of(month.first_day()) else {
            continue;
        };
        let at = 1 + column_of(day, columns, days);
        let label = if k == 0 || month.month() == 1 {
            month.year().to_string()
        } else if per_month >= 4.0 {
            MONTHS[month.month() as usize - 1].to_string()
        } else if per_month >= 2.0 {
            MONTHS[month.month() as usize - 1][..1].to_string()
        } else {
            continue;
        };
        if at < free || at + label.len() > line.len() {
            continue;
        }
        for (i, ch) in label.chars().enumerate() {
            line[at + i] = ch;
        }
        free = at + label.len() + 1;
    }
    line.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_cover_every_day_once() {
        for (columns, days) in [(1, 1), (7, 730), (118, 730), (40, 3650), (730, 730), (3, 5)] {
            let mut next = 0;
            for c in 0..columns {
                let (from, to) = days_of(c, columns, days);
                assert_eq!(from, next);
                assert!(to > from);
                next = to;
                for day in from..to {
                    assert_eq!(column_of(day, columns, days), c);
                }
            }
            assert_eq!(next, days);
        }
    }

    #[test]
    fn bars_are_empty_only_for_nothing() {
        assert_eq!(bar(0.0, 5.0), ' ');
        assert_eq!(bar(0.01, 5.0), '▁');
        assert_eq!(bar(5.0, 5.0), '█');
    }
}
