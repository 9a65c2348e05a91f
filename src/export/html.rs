//! One web page that needs nothing else: the dataset's title and description, a strip
//! of events per month (inline SVG), and the events under month headings, each an
//! `<article>` whose `id` is the event's id, so `page.html#ID` links to it. Its Content
//! Security Policy forbids every request (no fonts, images, scripts or styles from
//! anywhere), so the page cannot reach the network even by mistake. It reads in full
//! without JavaScript; the inline script (`page/page.js`) adds filtering by country,
//! kind and words. Every piece of data text is escaped; text elements carry
//! `dir="auto"`, so Arabic reads right to left.

use super::Selection;
use crate::model::{CountryCode, Dataset, Event, Kind, Period, YearMonth};
use std::collections::BTreeMap;
use std::io::{self, Write};

const STYLE: &str = include_str!("page/page.css");
const SCRIPT: &str = include_str!("page/page.js");

/// Nothing may be fetched: styles and the script are inline, and the only image is the
/// empty icon below (so browsers do not ask for `/favicon.ico`).
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; \
                      script-src 'unsafe-inline'; img-src data:; form-action 'none'; \
                      base-uri 'none'";

/// Text made safe inside HTML elements and quoted attributes, with no control characters.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in crate::text::sanitize(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The `id` of a period's heading: `month_2022-06`, or `year_2022`. The page's own ids
/// all hold `_`, which an event's id (kebab-case) cannot, so none can be an event's.
fn period_id(period: Period) -> String {
    match period {
        Period::Month(month) => format!("month_{month}"),
        Period::Year(year) => format!("year_{year}"),
    }
}

pub fn write(out: &mut dyn Write, selection: &Selection) -> io::Result<()> {
    let dataset = selection.dataset;
    let title = escape(&dataset.title);
    write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">\n\
         <meta name=\"generator\" content=\"demarche {}\">\n\
         <link rel=\"icon\" href=\"data:,\">\n<title dir=\"auto\">{title}</title>\n\
         <style>\n{STYLE}</style>\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#_events\">Skip to the events</a>\n<header>\n\
         <h1 dir=\"auto\">{title}</h1>\n",
        env!("CARGO_PKG_VERSION")
    )?;
    // The first paragraph says what the dataset is; the rest wait behind "More".
    let mut paragraphs = (dataset.description.split("\n\n"))
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p dir=\"auto\">{}</p>", escape(p.trim())));
    writeln!(out, "<div class=\"description\">")?;
    if let Some(first) = paragraphs.next() {
        writeln!(out, "{first}")?;
    }
    let rest: Vec<String> = paragraphs.collect();
    if !rest.is_empty() {
        writeln!(
            out,
            "<details>\n<summary>More about this dataset</summary>\n{}\n</details>",
            rest.join("\n")
        )?;
    }
    writeln!(out, "</div>")?;
    writeln!(out, "<p class=\"scope\">{}</p>", escape(&selection.scope()))?;
    density(out, selection)?;
    writeln!(out, "</header>")?;
    filters(out, selection)?;
    writeln!(out, "<main id=\"_events\">")?;
    let mut period: Option<Period> = None;
    for event in selection.events() {
        let here = event.date.period();
        if period != Some(here) {
            if period.is_some() {
                writeln!(out, "</section>")?;
            }
            period = Some(here);
            let id = period_id(here);
            writeln!(
                out,
                "<section aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>",
                escape(&here.heading())
            )?;
        }
        article(out, dataset, event)?;
    }
    if period.is_some() {
        writeln!(out, "</section>")?;
    } else {
        writeln!(out, "<p>No events match.</p>")?;
    }
    writeln!(
        out,
        "</main>\n<footer>\n<p>Written by demarche {} from the dataset “{title}”.</p>\n\
         </footer>\n<script>\n{SCRIPT}</script>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    )
}

fn article(out: &mut dyn Write, dataset: &Dataset, event: &Event) -> io::Result<()> {
    let id = escape(event.id());
    let codes: Vec<&str> = event.countries().iter().map(|c| c.as_str()).collect();
    let names: Vec<String> = event.countries().iter().map(CountryCode::name).collect();
    let start = event.date.start();
    writeln!(
        out,
        "<article class=\"event\" id=\"{id}\" data-countries=\"{}\" data-kind=\"{}\" \
         aria-labelledby=\"{id}_h\">\n\
         <h3 id=\"{id}_h\" dir=\"auto\"><a href=\"#{id}\">{}</a></h3>\n\
         <p class=\"meta\"><time datetime=\"{start}\">{}</time> · {} · {}</p>\n\
         <p dir=\"auto\">{}</p>",
        escape(&codes.join(" ")),
        event.kind.as_str(),
        escape(event.headline()),
        escape(&event.date.display()),
        escape(&names.join(", ")),
        event.kind.as_str(),
        escape(event.summary()),
    )?;
    // The curator's own marks, where there are some.
    if let Some(mark) = dataset.marks().get(event.id()) {
        let mut said = Vec::new();
        if mark.starred {
            said.push("★ starred".to_string());
        }
        said.extend(mark.tags.iter().map(|t| format!("#{}", escape(t))));
        if let Some(note) = &mark.note {
            said.push(escape(note));
        }
        writeln!(
            out,
            "<p class=\"meta\" dir=\"auto\">{}</p>",
            said.join(" · ")
        )?;
    }
    if let Some(notes) = event.notes() {
        writeln!(
            out,
            "<p dir=\"auto\"><span class=\"label\">Notes:</span> {}</p>",
            escape(notes)
        )?;
    }
    if let Some(note) = event.date_note() {
        writeln!(
            out,
            "<p dir=\"auto\"><span class=\"label\">Date:</span> {}</p>",
            escape(note)
        )?;
    }
    if !event.sources().is_empty() {
        writeln!(out, "<ul class=\"sources\" aria-label=\"Sources\">")?;
        for &s in event.sources() {
            let source = dataset.source(s);
            let original = match &source.title_original {
                Some(title) => format!(
                    " (<span lang=\"{}\" dir=\"auto\">{}</span>)",
                    escape(&source.language),
                    escape(title)
                ),
                None => String::new(),
            };
            // A link, where there is an address: followed only when clicked.
            let title = match &source.url {
                Some(url) => format!(
                    "<a href=\"{}\" rel=\"noreferrer\">{}</a>",
                    escape(url),
                    escape(&source.title)
                ),
                None => escape(&source.title),
            };
            writeln!(
                out,
                "<li dir=\"auto\">{}, “{title}”{original}, {}</li>",
                escape(&source.outlet),
                escape(&source.published.display()),
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</article>")
}

/// Events per month from the first month to the last, as bars that link to the month's
/// heading; a month with none has no bar. Events dated only to a year are not in it.
fn density(out: &mut dyn Write, selection: &Selection) -> io::Result<()> {
    let mut months: BTreeMap<YearMonth, usize> = BTreeMap::new();
    for event in selection.events() {
        if let Period::Month(month) = event.date.period() {
            *months.entry(month).or_default() += 1;
        }
    }
    let (Some((&first, _)), Some((&last, _))) = (months.first_key_value(), months.last_key_value())
    else {
        return Ok(());
    };
    let most = months.values().copied().max().unwrap_or(1);
    let span = (last.ordinal() - first.ordinal() + 1) as usize;
    let busiest = months.iter().find(|(_, n)| **n == most).map(|(m, _)| *m);
    let label = format!(
        "Events per month, {} to {}; the most, {most}, in {}",
        first.long(),
        last.long(),
        busiest.unwrap_or(first).long()
    );
    writeln!(
        out,
        "<figure class=\"density\">\n<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {} 40\" \
         preserveAspectRatio=\"none\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(&label),
        span * 10
    )?;
    for (&month, &n) in &months {
        let x = (month.ordinal() - first.ordinal()) as usize * 10;
        let height = (40 * n).div_ceil(most).max(2);
        let events = if n == 1 { "event" } else { "events" };
        writeln!(
            out,
            "<a href=\"#{}\"><rect x=\"{}\" y=\"{}\" width=\"8\" height=\"{height}\">\
             <title>{}: {n} {events}</title></rect></a>",
            period_id(Period::Month(month)),
            x + 1,
            40 - height,
            month.long()
        )?;
    }
    writeln!(
        out,
        "</svg>\n<figcaption class=\"ends\"><span>{}</span><span>events per month</span>\
         <span>{}</span></figcaption>\n</figure>",
        first.short(),
        last.short()
    )
}

/// The filter form, hidden until the script shows it: a country, a kind, words.
fn filters(out: &mut dyn Write, selection: &Selection) -> io::Result<()> {
    let mut countries: BTreeMap<String, (CountryCode, usize)> = BTreeMap::new();
    let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
    for event in selection.events() {
        for &code in event.countries() {
            countries.entry(code.name()).or_insert((code, 0)).1 += 1;
        }
        *kinds.entry(event.kind.as_str()).or_default() += 1;
    }
    writeln!(
        out,
        "<nav aria-label=\"Filter the events\">\n<form id=\"_filters\" hidden>\n\
         <label>Country<select id=\"_country\"><option value=\"\">Any</option>"
    )?;
    for (name, (code, n)) in &countries {
        writeln!(
            out,
            "<option value=\"{}\">{} ({n})</option>",
            code.as_str(),
            escape(name)
        )?;
    }
    writeln!(
        out,
        "</select></label>\n<label>Kind<select id=\"_kind\"><option value=\"\">Any</option>"
    )?;
    for kind in Kind::ALL {
        if let Some(n) = kinds.get(kind.as_str()) {
            writeln!(
                out,
                "<option value=\"{0}\">{0} ({n})</option>",
                kind.as_str()
            )?;
        }
    }
    writeln!(
        out,
        "</select></label>\n<label>Words<input id=\"_words\" type=\"search\" \
         autocomplete=\"off\" dir=\"auto\"></label>\n<button type=\"reset\">Clear</button>\n\
         <output id=\"_shown\" for=\"_country _kind _words\" \
         aria-live=\"polite\"></output>\n</form>\n</nav>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_quotes_and_controls() {
        assert_eq!(
            escape("<b>\"Tom\" & 'Jerry'</b>"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
        assert_eq!(escape("bell\u{7}"), "bell\u{FFFD}");
    }
}
