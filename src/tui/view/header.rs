//! The header: dataset title, "N of M events", and the active filters in words.

use super::spread;
use crate::query::Filter;
use crate::text::sanitize;
use crate::tui::app::{Action, App};
use crate::tui::keys::{self, KeyMode};
use crate::tui::layout::Screen;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let count = match app.context() {
        Some(c) => format!("{} events around ", c.timeline.matches().len()),
        None => format!(
            "{} of {} events ",
            app.matches().len(),
            app.dataset().events.len()
        ),
    };
    let title = vec![
        Span::styled(" demarche ", theme.title),
        Span::styled(sanitize(&app.dataset().title).into_owned(), theme.label),
    ];
    let right = vec![
        Span::styled(tabs(app, area.width), theme.dim),
        Span::styled(count, theme.label),
    ];
    let first = spread(title, right, area.width);
    let mut filters = vec![Span::raw(" ")];
    if let Some(context) = app.context() {
        let event = &app.dataset().events[context.anchor];
        let back = keys::key_for(KeyMode::Context, &Action::Back).unwrap_or_default();
        let text = format!(
            "context: ±{} {} around {} · {} · filters set aside ({back} returns)",
            context.days,
            if context.days == 1 { "day" } else { "days" },
            event.date.display(),
            event.headline()
        );
        let room = (area.width as usize).saturating_sub(1);
        filters.push(Span::styled(
            crate::text::truncate(&sanitize(&text), room),
            theme.text,
        ));
    } else if app.filter().is_empty() {
        // The keys that set a filter, and help, as the key table binds them.
        let mut text = String::from("no filters");
        for hint in keys::hints(KeyMode::Normal) {
            let sets_filter = matches!(
                hint.action,
                Action::OpenPicker(_) | Action::OpenSearch | Action::ToggleHelp
            );
            if sets_filter {
                text.push_str(&format!(" · {}", hint.text()));
            }
        }
        filters.push(Span::styled(text, theme.dim));
    } else {
        let room = (area.width as usize).saturating_sub(1);
        let described = fit_filters(app.filter(), room);
        let left = room.saturating_sub(crate::text::width(&described));
        filters.push(Span::styled(described, theme.text));
        let year_only = app.matches().year_only_left_out;
        if year_only > 0 {
            let long =
                format!("  (+{year_only} dated only to the year, not shown under a month filter)");
            let short = format!("  (+{year_only} year-only)");
            if let Some(note) = [long, short]
                .into_iter()
                .find(|n| crate::text::width(n) <= left)
            {
                filters.push(Span::styled(note, theme.dim));
            }
        }
    }
    let lines = vec![first, Line::from(filters)];
    frame.render_widget(Paragraph::new(lines), area);
}

/// The screens and their keys, the one shown marked ("1 timeline  [2 lanes]  …"), when
/// the line has room; otherwise the name of the one shown.
fn tabs(app: &App, width: u16) -> String {
    let shown = app.screen();
    let named: Vec<String> = (Screen::TABS.iter())
        .map(|&screen| {
            let key = keys::key_for(KeyMode::Normal, &Action::Show(screen)).unwrap_or_default();
            match screen == shown {
                true => format!("[{key} {}]", screen.name()),
                false => format!("{key} {}", screen.name()),
            }
        })
        .collect();
    let all = format!("{}   ", named.join(" "));
    if width >= 110 || (width >= 90 && shown != Screen::Context) {
        all
    } else {
        format!("{} · ", shown.name())
    }
}

/// Every active filter in words, in `room` columns: when they do not all fit, the first
/// ones that do and "… +N more", with the search always shown.
fn fit_filters(filter: &Filter, room: usize) -> String {
    let mut parts: Vec<String> = (filter.describe_parts().iter())
        .map(|p| sanitize(p).into_owned())
        .collect();
    let search = (!filter.text.trim().is_empty()).then(|| parts.pop().unwrap_or_default());
    if parts.len() == 1 {
        // One part that does not fit is cut, rather than said to be "1 more".
        let all: Vec<String> = parts.iter().cloned().chain(search).collect();
        return crate::text::truncate(&all.join(" · "), room);
    }
    for shown in (0..=parts.len()).rev() {
        let mut line: Vec<String> = parts[..shown].to_vec();
        if shown < parts.len() {
            line.push(format!("… +{} more", parts.len() - shown));
        }
        line.extend(search.clone());
        let line = line.join(" · ");
        if crate::text::width(&line) <= room || shown == 0 {
            return crate::text::truncate(&line, room);
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CountryCode, Kind, YearMonth};

    #[test]
    fn every_filter_stays_visible_or_is_counted() {
        let mut filter = Filter::default();
        filter
            .countries
            .insert(CountryCode::from_code("KZ").unwrap());
        filter
            .countries
            .insert(CountryCode::from_code("RU").unwrap());
        filter
            .months
            .months
            .insert(YearMonth::parse("2022-06").unwrap());
        filter.kinds.insert(Kind::Visit);
        filter.text = "sanctions".into();
        let all = fit_filters(&filter, 200);
        assert_eq!(all, filter.describe());
        let narrow = fit_filters(&filter, 60);
        assert!(narrow.ends_with("\"sanctions\""), "{narrow}");
        assert!(narrow.contains("… +"), "{narrow}");
        assert!(crate::text::width(&narrow) <= 60, "{narrow}");
        let tiny = fit_filters(&filter, 30);
        assert!(tiny.starts_with("… +3 more"), "{tiny}");
    }
}
