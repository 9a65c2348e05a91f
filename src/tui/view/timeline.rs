//! The timeline: month headings and one line per event. Only the rows on screen are built.

use crate::model::CountryCode;
use crate::query::Query;
use crate::text::{self, sanitize};
use crate::tui::app::{Action, App, Focus};
use crate::tui::content;
use crate::tui::keys::{self, KeyMode};
use crate::tui::theme::Theme;
use crate::tui::timeline::Row;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

const MARKER: &str = "▶ ";
/// The event a context is around, when it is not the selected one.
const ANCHOR: &str = "◆ ";
const KIND_WIDTH: usize = 9;
const COUNTRIES_WIDTH: usize = 11;
const MIN_HEADLINE: usize = 16;
/// From this width the list also names each event's actors.
const WHO_FROM: usize = 150;
const WHO_WIDTH: usize = 28;

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let timeline = app.list();
    let anchor = app.context().map(|c| c.anchor);
    if timeline.matches().is_empty() {
        return render_empty(frame, area, app, theme);
    }
    let width = area.width as usize;
    let date_w = date_width(app, width);
    // Narrow screens give up the kind, then most country codes, before the headline.
    let mut kind_w = KIND_WIDTH;
    let mut countries_w = COUNTRIES_WIDTH;
    let fixed =
        |k: usize, c: usize| 2 + date_w + 1 + c + usize::from(c > 0) + k + usize::from(k > 0);
    if width < fixed(kind_w, countries_w) + MIN_HEADLINE {
        kind_w = 0;
    }
    if width < fixed(kind_w, countries_w) + MIN_HEADLINE {
        countries_w = 5;
    }
    if width < fixed(kind_w, countries_w) + MIN_HEADLINE {
        countries_w = 0;
    }
    let who_w = if width >= WHO_FROM { WHO_WIDTH } else { 0 };
    let headline_w =
        width.saturating_sub(fixed(kind_w, countries_w) + who_w + usize::from(who_w > 0));
    let focused = app.focus() == Focus::Timeline || !app.detail_visible();
    let selected_row = app.selected_row();
    let query = app.query();

    let rows = timeline.rows();
    let end = (timeline.offset() + area.height as usize).min(rows.len());
    let lines: Vec<Line> = (timeline.offset()..end)
        .map(|r| match rows[r] {
            Row::Heading(number) => {
                let h = timeline.heading(number);
                let mut counts = format!(" · {}", h.count);
                if h.continuing > 0 {
                    counts.push_str(&format!(" · +{} running on from before", h.continuing));
                }
                Line::from(vec![
                    Span::styled(h.period.heading(), theme.heading),
                    Span::styled(counts, theme.dim),
                ])
            }
            Row::Event(position) => {
                let position = position as usize;
                let index = timeline.matches().events[position] as usize;
                let event = &app.dataset().events[index];
                let is_selected = selected_row == Some(r);
                let marker = match (is_selected, anchor == Some(index)) {
                    (true, _) => MARKER,
                    (false, true) => ANCHOR,
                    (false, false) => "  ",
                };
                let mut spans = vec![
                    Span::styled(marker, theme.marker),
                    Span::styled(text::pad(&event.date.display(), date_w), theme.text),
                    Span::raw(" "),
                ];
                if countries_w > 0 {
                    // Inside the selection bar the codes take the bar's style, not a
                    // patchwork of colours.
                    let colour = |c: CountryCode| match is_selected {
                        true => Style::new(),
                        false => theme.country(app.dataset().country_rank(c)),
                    };
                    spans.extend(country_spans(event.countries(), countries_w, colour, theme));
                    spans.push(Span::raw(" "));
                }
                if kind_w > 0 {
                    spans.push(Span::styled(
                        text::pad(event.kind.as_str(), kind_w),
                        theme.kind,
                    ));
                    spans.push(Span::raw(" "));
                }
                if who_w > 0 {
                    let names: Vec<&str> = (event.actors().iter())
                        .map(|&a| app.dataset().actor(a).name.as_str())
                        .collect();
                    let who = sanitize(&names.join(", ")).into_owned();
                    spans.extend(fitted(&who, who_w, theme.dim, &query, theme));
                    spans.push(Span::raw(" "));
                }
                let headline = sanitize(event.headline());
                let starred = app
                    .dataset()
                    .marks()
                    .get(event.id())
                    .is_some_and(|m| m.starred);
                let headline_w = match starred {
                    true => {
                        spans.push(Span::styled("★ ", theme.warning));
                        headline_w.saturating_sub(2)
                    }
                    false => headline_w,
                };
                spans.extend(fitted(&headline, headline_w, theme.text, &query, theme));
                let line = Line::from(spans);
                match (is_selected, focused) {
                    (true, true) => line.style(theme.selected),
                    (true, false) => line.style(theme.selected_unfocused),
                    _ => line,
                }
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// `text` cut and padded to `width` columns, what the search finds in it marked.
fn fitted(
    text: &str,
    width: usize,
    style: Style,
    query: &Query,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let shown = text::truncate(text, width);
    // The marks of the whole text, cut where the text was cut.
    let ellipsis = text::width(text) > width && shown.ends_with('…');
    let kept = match ellipsis {
        true => shown.len() - '…'.len_utf8(),
        false => shown.len(),
    };
    let pieces = content::marked(text, style, query, theme.matched);
    let mut spans = Vec::with_capacity(pieces.len() + 1);
    let mut at = 0;
    for (piece, style) in pieces {
        let end = (at + piece.len()).min(kept);
        if end > at {
            spans.push(Span::styled(piece[..end - at].to_string(), style));
        }
        at += piece.len();
    }
    if ellipsis {
        spans.push(Span::styled("…", style));
    }
    let used = text::width(&shown);
    spans.push(Span::styled(" ".repeat(width.saturating_sub(used)), style));
    spans
}

/// Wide enough for the widest date the dataset uses ("21 Sep – 4 Oct 2022"), except on
/// narrow screens, where the rare long range is cut so codes and headline keep room.
fn date_width(app: &App, width: usize) -> usize {
    let cap = if width < 70 { 14 } else { 24 };
    app.date_width().clamp(4, cap)
}

/// Country codes, each in its own colour, padded to `width`; "+N" when they don't all fit.
fn country_spans<'a>(
    codes: &[CountryCode],
    width: usize,
    colour: impl Fn(CountryCode) -> Style,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let all = codes.len() * 3 - 1;
    let mut shown = codes.len();
    let mut more = String::new();
    if all > width {
        shown = (0..codes.len())
            .rev()
            .find(|&k| k * 3 + format!("+{}", codes.len() - k).len() <= width)
            .unwrap_or(0);
        more = format!("+{}", codes.len() - shown);
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for code in &codes[..shown] {
        spans.push(Span::styled(code.to_string(), colour(*code)));
        spans.push(Span::raw(" "));
        used += 3;
    }
    if !more.is_empty() {
        used += more.len();
        spans.push(Span::styled(more, theme.dim));
    } else if used > 0 {
        spans.pop();
        used -= 1;
    }
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
    spans
}

/// Says what filtered everything out and how to get events back.
fn render_empty(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut lines = vec![
        Line::raw(""),
        Line::from(Span::styled(" No events match the filters:", theme.warning)),
        Line::from(Span::styled(
            format!("   {}", sanitize(&app.filter().describe())),
            theme.text,
        )),
        Line::raw(""),
    ];
    for (dimension, n) in app.relaxations() {
        lines.push(Line::from(Span::styled(
            format!(
                "   without the {} filter: {n} event{}",
                dimension.name(),
                if *n == 1 { "" } else { "s" }
            ),
            theme.dim,
        )));
    }
    lines.push(Line::raw(""));
    let key = |action| keys::key_for(KeyMode::Normal, &action).unwrap_or_default();
    let mut keys = vec![
        Span::raw(" Press "),
        Span::styled(key(Action::ClearFilters), theme.key),
        Span::raw(" to clear all filters"),
    ];
    if app.can_undo() {
        keys.extend([
            Span::raw(" or "),
            Span::styled(key(Action::Undo), theme.key),
            Span::raw(" to undo"),
        ]);
    }
    keys.push(Span::raw("."));
    lines.push(Line::from(keys));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitted_text_is_cut_with_an_ellipsis_and_padded_to_its_width() {
        let theme = Theme::plain();
        let none = Query::default();
        let shown = |text: &str, width: usize, query: &Query| -> String {
            fitted(text, width, Style::new(), query, &theme)
                .iter()
                .map(|s| s.content.to_string())
                .collect()
        };
        // Two columns too wide: three characters give way to the ellipsis, whose three
        // bytes make the cut text as long as the whole.
        assert_eq!(shown("abcdefghij", 8, &none), "abcdefg…");
        assert_eq!(shown("abc", 6, &none), "abc   ");
        assert_eq!(shown("abc", 0, &none), "");
        // A mark cut with the text stays inside it.
        let query = Query::parse("efg");
        let spans = fitted("abcd efghij", 8, Style::new(), &query, &theme);
        let text: String = spans.iter().map(|s| s.content.to_string()).collect();
        assert_eq!(text, "abcd ef…");
        assert!(
            spans
                .iter()
                .any(|s| s.content == "ef" && s.style == theme.matched),
            "{spans:?}"
        );
    }
}
