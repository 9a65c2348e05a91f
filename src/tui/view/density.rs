//! The density strip: events per month over the dataset's whole span, months that pass the
//! filter highlighted, the selected event's month marked with ▲.

use crate::model::YearMonth;
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if area.height == 0 || app.span().is_empty() {
        return;
    }
    let months = app.span().len();
    let room = (area.width as usize).saturating_sub(2).max(1);
    // Months per column when they don't fit, columns per month when there is room.
    let per_column = months.div_ceil(room);
    let columns = months.div_ceil(per_column);
    let cell = (room / columns).clamp(1, 4);
    let bucket = |c: usize| c * per_column..((c + 1) * per_column).min(months);
    let totals: Vec<usize> = (0..columns)
        .map(|c| app.dataset().month_totals()[bucket(c)].iter().sum())
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let selected_month = app
        .selected_event()
        .and_then(|i| app.dataset().events[i].date.start_month())
        .and_then(|m| app.span().binary_search(&m).ok());

    let mut bars = vec![Span::raw(" ")];
    let mut axis: Vec<char> = vec![' '; 1 + columns * cell];
    // Year labels go at the first column of each year, where the previous one has room.
    let mut free_from = 0;
    let mut labels: Vec<std::ops::Range<usize>> = Vec::new();
    for (c, &total) in totals.iter().enumerate() {
        let glyph = if total == 0 {
            '·'
        } else {
            LEVELS[((total * LEVELS.len()).div_ceil(max)).clamp(1, LEVELS.len()) - 1]
        };
        let passing = app.passing_months()[bucket(c)].iter().any(|p| *p);
        let style = if passing {
            theme.bar_passing
        } else {
            theme.bar_other
        };
        bars.push(Span::styled(glyph.to_string().repeat(cell), style));
        let first: YearMonth = app.span()[bucket(c).start];
        let starts_year = c == 0 || app.span()[bucket(c - 1).start].year() != first.year();
        let at = 1 + c * cell;
        if starts_year && at >= free_from {
            let label = first.year().to_string();
            for (k, ch) in label.chars().enumerate() {
                if let Some(slot) = axis.get_mut(at + k) {
                    *slot = ch;
                }
            }
            free_from = at + label.len() + 1;
            labels.push(at.min(axis.len())..(at + label.len()).min(axis.len()));
        }
    }
    let mut axis_spans = vec![Span::styled(axis.iter().collect::<String>(), theme.dim)];
    if let Some(m) = selected_month {
        let column = 1 + (m / per_column) * cell;
        // A year cut by the marker ("▲995") would read as another number: it moves to
        // just after the marker when there is room before the next label, or gives way.
        if let Some(k) = labels.iter().position(|l| l.contains(&column)) {
            let label = labels[k].clone();
            let year: Vec<char> = axis[label.clone()].to_vec();
            axis[label.clone()].fill(' ');
            let start = column + 1;
            let limit = labels
                .get(k + 1)
                .map_or(axis.len(), |next| next.start.saturating_sub(1));
            if start + year.len() <= limit {
                axis[start..start + year.len()].copy_from_slice(&year);
            }
        }
        let text: String = axis.iter().collect();
        let (before, after): (String, String) = (
            text.chars().take(column).collect(),
            text.chars().skip(column + 1).collect(),
        );
        axis_spans = vec![
            Span::styled(before, theme.dim),
            Span::styled("▲", theme.marker),
            Span::styled(after, theme.dim),
        ];
    }
    let mut lines = vec![Line::from(bars), Line::from(axis_spans)];
    if area.height > 2 {
        lines.push(Line::from(Span::styled(
            "─".repeat(area.width as usize),
            theme.border,
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
