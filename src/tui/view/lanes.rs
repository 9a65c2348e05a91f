//! The lanes: one row per counterpart (or country, or kind), time along the width, each
//! cell the events of its lane in its period. Two counterparts' lanes one above the other
//! show how a focus's dealings with each moved.

use super::grid::{self, Look};
use crate::query::Grain;
use crate::tui::app::App;
use crate::tui::relations::LaneBy;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let relations = app.relations();
    let filter = app.filter();
    let lanes = match relations.lanes_by {
        LaneBy::Countries if !filter.counterparts.is_empty() => {
            let focus: Vec<String> = filter.countries.iter().map(|c| c.name()).collect();
            match focus.is_empty() {
                true => "each counterpart".to_string(),
                false => format!("{} with each counterpart", focus.join(" and ")),
            }
        }
        LaneBy::Countries => "each country, most events first".into(),
        LaneBy::Kinds => "each kind, most events first".into(),
    };
    let grain = match app.grid().grain {
        Some(Grain::Month) => "month",
        Some(Grain::Quarter) => "quarter",
        _ => "year",
    };
    let title = format!("Lanes · {lanes} · events per {grain}");
    let cell = |_: usize, _: usize, n: usize| match n {
        0 => ("·".to_string(), theme.dim),
        n => (n.to_string(), theme.bar_passing),
    };
    let look = Look {
        title: crate::text::sanitize(&title).into_owned(),
        cell: &cell,
        empty: "No events match the filters.",
    };
    grid::render(frame, area, app, theme, relations.lanes, look);
}
