//! The detail pane: the selected event in full, laid out as a page, scrollable, with a
//! mark on its border when more lies below.

use crate::tui::app::{App, Focus};
use crate::tui::content;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Padding, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = app.focus() == Focus::Detail || app.detail_fullscreen();
    let border = if focused {
        theme.border_focused
    } else {
        theme.border
    };
    let scroll = app.detail_scroll();
    let mut block = Block::bordered()
        .title(Span::styled(" Detail ", border))
        .border_style(border)
        .padding(Padding::horizontal(1));
    if scroll.pos() < scroll.max() {
        block = block.title_bottom(Span::styled(" more ↓ ", theme.dim));
    }
    let width = content::inner_width(area.width);
    let query = app.query();
    let text = content::detail(app.dataset(), app.selected_event(), &query, theme, width);
    let widget = Paragraph::new(text).block(block).scroll((scroll.pos(), 0));
    frame.render_widget(widget, area);
}
