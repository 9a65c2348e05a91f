//! The problems panel: while the data file has problems, they are listed at the foot of
//! the screen over what it shows (the last good data), until the file is fixed.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// `above`: the footer, which the panel sits on. Each problem wraps to the width; the
/// panel takes at most half the screen, and says how many more there are.
pub fn render(frame: &mut Frame, screen: Rect, above: Rect, problems: &[String], theme: &Theme) {
    let room = above.y.saturating_sub(screen.y);
    let inner = screen.width.saturating_sub(2).max(1) as usize;
    let rows = |p: &String| crate::text::width(p).div_ceil(inner).max(1);
    let wanted: usize = problems.iter().map(rows).sum::<usize>() + 2;
    let height = (wanted as u16).min(room / 2);
    if height < 3 {
        return;
    }
    let area = Rect::new(screen.x, above.y - height, screen.width, height);
    // The problems that fit whole, and a line for the rest.
    let mut left = (height - 2) as usize;
    let mut shown = 0;
    for p in problems {
        let need = rows(p);
        let last_line = usize::from(shown + 1 < problems.len());
        if need + last_line > left && shown + 1 < problems.len() || need > left {
            break;
        }
        left -= need;
        shown += 1;
    }
    let mut lines: Vec<Line> = (problems.iter().take(shown))
        .map(|p| Line::from(Span::styled(p.clone(), theme.text)))
        .collect();
    if shown < problems.len() {
        lines.push(Line::from(Span::styled(
            format!(
                "… and {} more: `demarche validate` lists them all",
                problems.len() - shown
            ),
            theme.dim,
        )));
    }
    let n = problems.len();
    let title = format!(
        " {n} problem{} in the data file · the last good data is shown until it is fixed ",
        if n == 1 { "" } else { "s" }
    );
    let block = Block::bordered()
        .title(Span::styled(title, theme.warning))
        .border_style(theme.warning);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
