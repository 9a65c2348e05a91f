//! The detail pane: the selected event in full, wrapped and scrollable.

use crate::tui::app::{App, Focus};
use crate::tui::content;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Paragraph, Wrap};

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = app.focus() == Focus::Detail || app.detail_fullscreen();
    let block = Block::bordered()
        .title(Span::styled(
            " Detail ",
            if focused {
                theme.border_focused
            } else {
                theme.border
            },
        ))
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        });
    let text = content::detail(app.dataset(), app.selected_event(), theme);
    let widget = Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .block(block)
        .scroll((app.detail_scroll().pos(), 0));
    frame.render_widget(widget, area);
}
