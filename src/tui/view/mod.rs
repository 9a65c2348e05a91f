//! Drawing: `draw` reads the App and paints a frame. It changes nothing and runs no query:
//! whatever a view shows that takes the query engine is computed by `App::update` when the
//! filter changes, so a frame's cost does not grow with the dataset. One module per region
//! of the screen (see `layout` for where each goes), one per screen.

mod density;
mod detail;
mod export;
mod footer;
mod grid;
mod header;
mod heatmap;
mod lanes;
mod ledger;
mod page;
mod picker;
mod problems;
mod timeline;

use super::app::{App, Mode};
use super::layout::{MIN_HEIGHT, MIN_WIDTH, Screen};
use super::theme::Theme;
use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame) {
    let screen = frame.area();
    let areas = super::layout::areas(screen, app.screen(), app.detail(), app.pane());
    if areas.too_small {
        let message = format!("terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT})");
        frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), screen);
        return;
    }
    header::render(frame, areas.header, app, theme);
    density::render(frame, areas.density, app, theme);
    match app.screen() {
        Screen::Lanes => lanes::render(frame, areas.body, app, theme),
        Screen::Heatmap => heatmap::render(frame, areas.body, app, theme),
        Screen::Ledger => ledger::render(frame, areas.body, app, theme),
        Screen::Timeline | Screen::Context => {
            if areas.timeline.height > 0 {
                timeline::render(frame, areas.timeline, app, theme);
            }
            if let Some(area) = areas.detail {
                detail::render(frame, area, app, theme);
            }
        }
    }
    footer::render(frame, areas.footer, app, theme);
    if let Some(lines) = app.data_problems() {
        problems::render(frame, screen, areas.footer, lines, theme);
    }
    match app.mode() {
        Mode::Read(page) => page::render(frame, screen, *page, app, theme),
        Mode::Picker(p) => picker::render(frame, screen, p, app.dataset(), theme),
        Mode::Export(dialog) => export::render(frame, screen, dialog, app, theme),
        // The prompt is the footer's line.
        Mode::Prompt(_) => {}
        Mode::Normal | Mode::Search { .. } => {}
    }
}

/// A line that fills `width` columns: `left` then `right`, right-aligned, cutting `left`.
fn spread<'a>(
    left: Vec<ratatui::text::Span<'a>>,
    right: Vec<ratatui::text::Span<'a>>,
    width: u16,
) -> Line<'a> {
    let right_w: usize = right.iter().map(|s| s.width()).sum();
    let room = (width as usize).saturating_sub(right_w + 1);
    let mut spans = Vec::new();
    let mut used = 0;
    for span in left {
        let w = span.width();
        if used + w <= room {
            used += w;
            spans.push(span);
        } else {
            let cut = crate::text::truncate(&span.content, room - used);
            used += crate::text::width(&cut);
            spans.push(ratatui::text::Span::styled(cut, span.style));
            break;
        }
    }
    let gap = (width as usize).saturating_sub(used + right_w);
    spans.push(" ".repeat(gap).into());
    if used + right_w < width as usize {
        spans.extend(right);
    }
    Line::from(spans)
}
