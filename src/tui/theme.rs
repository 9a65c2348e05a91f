//! Colours and styles in one place. With NO_COLOR every colour is dropped and only
//! attributes (bold, dim, reverse, underline) remain, which still show selection and focus.

use ratatui::style::{Color, Modifier, Style};

/// The browser's colour schemes. The command line names them with its own enum and
/// converts at the edge, so the browser never depends on the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Palette {
    #[default]
    Default,
    HighContrast,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub title: Style,
    pub text: Style,
    pub dim: Style,
    pub heading: Style,
    pub label: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub kind: Style,
    pub border: Style,
    pub border_focused: Style,
    pub bar_passing: Style,
    pub bar_other: Style,
    pub marker: Style,
    pub warning: Style,
    pub key: Style,
    /// What the search finds: underlined and bold, so it shows without colour too.
    pub matched: Style,
    countries: Vec<Color>,
    color: bool,
}

impl Theme {
    pub fn new(palette: Palette, no_color: bool) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reverse = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
        let (fg, accent, muted, countries) = match palette {
            Palette::Default => (
                Color::Reset,
                Color::Cyan,
                Color::DarkGray,
                vec![
                    Color::LightRed,
                    Color::LightGreen,
                    Color::LightYellow,
                    Color::LightBlue,
                    Color::LightMagenta,
                    Color::LightCyan,
                    Color::Rgb(255, 165, 80),
                    Color::Rgb(180, 140, 255),
                ],
            ),
            Palette::HighContrast => (
                Color::White,
                Color::Yellow,
                Color::Gray,
                vec![Color::Yellow, Color::Cyan, Color::White, Color::LightGreen],
            ),
        };
        let c = |style: Style, color: Color| if no_color { style } else { style.fg(color) };
        Theme {
            title: c(bold, accent),
            text: c(Style::new(), fg),
            dim: if no_color {
                Style::new().add_modifier(Modifier::DIM)
            } else {
                Style::new().fg(muted)
            },
            heading: c(bold.add_modifier(Modifier::UNDERLINED), accent),
            label: c(bold, fg),
            selected: reverse,
            selected_unfocused: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            kind: c(Style::new(), muted).add_modifier(Modifier::ITALIC),
            border: c(Style::new(), muted),
            border_focused: c(bold, accent),
            bar_passing: c(bold, accent),
            bar_other: if no_color {
                Style::new().add_modifier(Modifier::DIM)
            } else {
                Style::new().fg(muted)
            },
            marker: c(bold, fg),
            warning: c(bold, Color::LightYellow),
            key: c(bold, accent),
            matched: c(bold.add_modifier(Modifier::UNDERLINED), Color::LightYellow),
            countries,
            color: !no_color,
        }
    }

    /// Without colour: for measuring text (line counts do not depend on styles).
    pub fn plain() -> Theme {
        Theme::new(Palette::Default, true)
    }

    /// A country's colour, by its rank in the dataset (`Dataset::country_rank`): the most
    /// frequent countries get distinct colours, and each keeps its colour everywhere.
    pub fn country(&self, rank: usize) -> Style {
        if !self.color {
            return Style::new();
        }
        Style::new().fg(self.countries[rank % self.countries.len()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_drops_every_colour_but_keeps_attributes() {
        let theme = Theme::plain();
        let styles = [
            theme.title,
            theme.text,
            theme.dim,
            theme.heading,
            theme.selected,
            theme.bar_passing,
            theme.bar_other,
            theme.key,
            theme.country(0),
        ];
        for style in styles {
            assert_eq!(style.fg, None, "{style:?}");
            assert_eq!(style.bg, None, "{style:?}");
        }
        assert!(theme.selected.add_modifier.contains(Modifier::REVERSED));
        assert_ne!(
            theme.bar_passing, theme.bar_other,
            "filter highlight survives NO_COLOR"
        );
    }

    #[test]
    fn the_most_frequent_countries_get_distinct_colours() {
        for palette in [Palette::Default, Palette::HighContrast] {
            let theme = Theme::new(palette, false);
            let n = theme.countries.len();
            assert!(n >= 4);
            let colours: Vec<_> = (0..n).map(|rank| theme.country(rank).fg).collect();
            for (i, a) in colours.iter().enumerate() {
                assert!(a.is_some());
                assert!(
                    !colours[i + 1..].contains(a),
                    "{palette:?}: rank {i} shares a colour"
                );
            }
        }
    }
}
