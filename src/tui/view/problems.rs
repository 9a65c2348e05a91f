//! The problems panel: while the data file has problems, they are listed at the foot of
//! the screen over what it shows (the last good data), until the file is fixed.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

/// `above`: the footer, which the panel sits on.
pub fn render(frame: &mut Frame, screen: Rect, above: Rect, problems: &[String], theme: &Theme) {
    let room = above.y.saturating_sub(screen.y);
    let height = (problems.len() as u16 + 2).min(room / 2).max(3.min(room));
    if height < 3 {
        return;
    }
    let area = Rect::new(screen.x, above.y - height, screen.width, height);
    let shown = (height - 2) as usize;
    let mut lines: Vec<Line> = (problems.iter().take(shown))
        .map(|p| {
            Line::from(Span::styled(
                crate::text::truncate(p, area.width.saturating_sub(2) as usize),
                theme.text,
            ))
        })
        .collect();
    if problems.len() > shown {
        let more = problems.len() - shown + 1;
        lines.pop();
        lines.push(Line::from(Span::styled(
            format!("… and {more} more: `demarche validate` lists them all"),
            theme.dim,
        )));
    }
    let n = problems.len();
    let title = format!(
        " The data file has {n} problem{}: the last good data is shown; fix the file and this closes ",
        if n == 1 { "" } else { "s" }
    );
    let block = Block::bordered()
        .title(Span::styled(title, theme.warning))
        .border_style(theme.warning);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
