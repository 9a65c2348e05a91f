//! The dyad ledger: countries by countries (most events first), each cell the events the
//! two share under the filter; the cursor's pair is told by kind below. The diagonal is
//! each country's own count.

use super::grid::{self, Look};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let cursor = app.relations().ledger;
    let cell = |r: usize, c: usize, n: usize| match n {
        0 => ("·".to_string(), theme.dim),
        n if r == c => (n.to_string(), theme.dim),
        n => (n.to_string(), theme.text),
    };
    let look = Look {
        title: "Dyad ledger · the events each two countries share (the diagonal: a country's own)"
            .into(),
        cell: &cell,
        empty: "No events match the filters.",
    };
    grid::render(frame, area, app, theme, cursor, look);
}
