//! The picker pop-up: values with their facet counts, checkboxes, and the narrowing query.

use crate::model::Dataset;
use crate::text;
use crate::tui::app::Action;
use crate::tui::keys::{self, KeyMode};
use crate::tui::layout::centered;
use crate::tui::picker::{Picker, PickerKind};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub fn render(frame: &mut Frame, screen: Rect, picker: &Picker, dataset: &Dataset, theme: &Theme) {
    let visible = picker.visible();
    let extra = u16::from(picker.kind == PickerKind::Month && picker.year_only > 0);
    // Sized for every value, so the box keeps its size while the query narrows it.
    let wanted = u16::try_from(picker.items.len())
        .unwrap_or(u16::MAX)
        .saturating_add(4 + extra);
    let area = centered(
        screen,
        56,
        wanted.max(7).min(screen.height.saturating_sub(2)),
    );
    let inner_w = area.width.saturating_sub(2) as usize;
    let list_h = (area.height as usize).saturating_sub(3 + extra as usize);

    let mut lines = vec![Line::from(vec![
        Span::styled(" > ", theme.key),
        Span::styled(text::sanitize(&picker.query).into_owned(), theme.text),
        Span::styled("▏", theme.key),
        Span::styled(
            if picker.query.is_empty() {
                typing_hint()
            } else {
                String::new()
            },
            theme.dim,
        ),
    ])];
    if extra > 0 {
        lines.push(Line::from(Span::styled(
            format!(
                " {} dated only to a year: no month selects them",
                picker.year_only
            ),
            theme.dim,
        )));
    }
    if visible.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                " nothing matches; {} to widen",
                keys::key_for(KeyMode::Picker, &Action::Backspace).unwrap_or_default()
            ),
            theme.dim,
        )));
    }
    let offset = picker.cursor.saturating_sub(list_h.saturating_sub(1));
    for (row, &i) in visible.iter().enumerate().skip(offset).take(list_h) {
        let item = &picker.items[i];
        let at_cursor = row == picker.cursor;
        let check = match (item.chosen, item.with) {
            (true, _) => "[x] ",
            (false, true) => "[w] ",
            (false, false) => "[ ] ",
        };
        let count = format!("{:>6}", item.count);
        let label_w = inner_w.saturating_sub(2 + 4 + count.len() + 1);
        let label = match picker.kind {
            PickerKind::Kind => item.key.clone(),
            PickerKind::Country => format!("{}  {}", item.key, item.name),
            PickerKind::Month => item.name.clone(),
            PickerKind::Mark => format!("{}  {}", item.key, item.name),
        };
        let count_style = if item.count == 0 {
            theme.dim
        } else {
            theme.text
        };
        let key_style = match item.value {
            crate::tui::picker::Value::Country(c) => theme.country(dataset.country_rank(c)),
            _ => theme.text,
        };
        let line = Line::from(vec![
            Span::styled(if at_cursor { "▶ " } else { "  " }, theme.marker),
            Span::styled(check, theme.label),
            Span::styled(text::pad(&label, label_w), key_style),
            Span::styled(count, count_style),
            Span::raw(" "),
        ]);
        lines.push(if at_cursor {
            line.style(theme.selected)
        } else {
            line
        });
    }
    let mut title = format!(" {} ", picker.title());
    let with = picker.counterpart_count();
    if picker.kind == PickerKind::Country {
        title.push_str(match (with > 0, picker.match_all) {
            (true, _) => "· all [x] with any [w] ",
            (false, true) => "· match all ",
            (false, false) => "· match any ",
        });
    }
    // The keys are in the footer; the border says what is ticked and what counts mean.
    let mut summary = format!(" {} selected", picker.chosen_count());
    if with > 0 {
        summary.push_str(&format!(
            ", {with} counterpart{}",
            if with == 1 { "" } else { "s" }
        ));
    }
    if picker.counts_shared() {
        summary.push_str(" · counts: shared with [x]");
    }
    summary.push(' ');
    let block = Block::bordered()
        .title(Span::styled(title, theme.title))
        .title_bottom(Span::styled(summary, theme.dim))
        .border_style(theme.border_focused);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// "type to narrow", from the key table.
fn typing_hint() -> String {
    keys::hints(KeyMode::Picker)
        .into_iter()
        .find(|h| matches!(h.action, Action::Input(_)))
        .map(|h| h.text())
        .unwrap_or_default()
}
