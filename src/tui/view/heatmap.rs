//! The heatmap: countries (most events first) by months, each cell shaded by its count,
//! with the numbers written out on the cursor's row and column. Shading is by glyph
//! density, so it reads without colour too.

use super::grid::{self, Look};
use crate::tui::app::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

/// From a few events to the most of any cell.
const SHADES: [char; 4] = ['░', '▒', '▓', '█'];

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let cursor = app.relations().heatmap;
    let most = app.grid().most;
    let max = most.max(1);
    let width = (app.grid().cell as usize).saturating_sub(1);
    let cell = |r: usize, c: usize, n: usize| {
        if r == cursor.row || c == cursor.column {
            return match n {
                0 => ("·".to_string(), theme.dim),
                n => (n.to_string(), theme.label),
            };
        }
        match n {
            0 => ("·".to_string(), theme.dim),
            n => {
                let level = (n * SHADES.len()).div_ceil(max).clamp(1, SHADES.len());
                let glyph = SHADES[level - 1].to_string().repeat(width.max(1));
                (glyph, theme.bar_passing)
            }
        }
    };
    let look = Look {
        title: format!("Heatmap · countries by month · darker: more (most in a cell: {most})"),
        cell: &cell,
        empty: "No events match the filters.",
    };
    grid::render(frame, area, app, theme, cursor, look);
}
