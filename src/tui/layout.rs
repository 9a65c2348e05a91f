//! Where each region of the screen goes. Shared by `view` (to draw) and `App::update` (to
//! scroll and to map mouse clicks), so both always agree.
//!
//! ```text
//! ┌ header: title, "N of M events", filters in words ──────────────────┐
//! │ density strip: matches over time (list screens, when tall enough)   │
//! ├ timeline ───────────────────────────┬ detail (wide terminals) ──────┤
//! │ June 2022                           │ headline, date, note, …       │
//! │ ▶ 17 Jun 2022  KZ RU UA  statement …│                               │
//! ├ footer: the keys that matter now ───┴───────────────────────────────┤
//! ```

use ratatui::layout::Rect;

/// Below this, only a "terminal too small" message is drawn.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;
/// From this width, timeline and detail sit side by side.
pub const WIDE: u16 = 100;
/// From this height, the density strip is shown.
const DENSITY_MIN_HEIGHT: u16 = 16;
/// The strip's lines: the selection's marker, the bars, the time axis, a rule.
pub const DENSITY_LINES: u16 = 4;

/// The main view under the header: one variant per screen, each drawn by its own file in
/// `view/` and given its own region here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Screen {
    #[default]
    Timeline,
    /// One lane per counterpart, country or kind, time along the width.
    Lanes,
    /// Countries by months, shaded by count.
    Heatmap,
    /// Countries by countries: the events each two share (the dyad ledger).
    Ledger,
    /// Everything within some days of one event, whatever the filter.
    Context,
}

impl Screen {
    /// The screens that switch with one key each, in the order of their keys.
    pub const TABS: [Screen; 4] = [
        Screen::Timeline,
        Screen::Lanes,
        Screen::Heatmap,
        Screen::Ledger,
    ];

    /// The screen a name from [`Screen::name`] gives (a view's `screen`).
    pub fn named(name: &str) -> Option<Screen> {
        Screen::TABS.into_iter().find(|s| s.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Screen::Timeline => "timeline",
            Screen::Lanes => "lanes",
            Screen::Heatmap => "heatmap",
            Screen::Ledger => "ledger",
            Screen::Context => "context",
        }
    }

    /// Whether the screen is a list of events, with the detail beside it.
    pub fn is_list(self) -> bool {
        matches!(self, Screen::Timeline | Screen::Context)
    }
}

/// Where the detail is: what the user asked for, whatever the width.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Detail {
    /// Beside the timeline on wide terminals; not shown on narrow ones.
    #[default]
    Beside,
    /// Instead of the timeline, at any width.
    Full,
    Hidden,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    pub too_small: bool,
    pub header: Rect,
    pub density: Rect,
    /// Everything between the density strip and the footer: the current screen's region.
    pub body: Rect,
    /// The timeline screen's list (zero height when the detail covers it).
    pub timeline: Rect,
    /// The detail pane, when shown (beside the timeline, or instead of it).
    pub detail: Option<Rect>,
    pub footer: Rect,
}

pub fn is_wide(width: u16) -> bool {
    width >= WIDE
}

/// Whether the detail is on screen at this width.
pub fn detail_shown(detail: Detail, width: u16) -> bool {
    match detail {
        Detail::Beside => is_wide(width),
        Detail::Full => true,
        Detail::Hidden => false,
    }
}

/// The narrowest the detail pane beside the timeline may be, and the least it leaves the
/// timeline.
pub const PANE_MIN: u16 = 30;
const TIMELINE_MIN: u16 = 40;

/// The detail pane's width beside the timeline: `wanted` columns (0: two fifths of the
/// screen, 36 to 64), within what leaves both sides usable.
pub fn pane_width(body_width: u16, wanted: u16) -> u16 {
    let default = (u32::from(body_width) * 2 / 5).clamp(36, 64) as u16;
    let wanted = if wanted == 0 { default } else { wanted };
    let most = body_width.saturating_sub(TIMELINE_MIN).max(PANE_MIN);
    wanted.clamp(PANE_MIN, most).min(body_width)
}

/// `pane`: the width asked for the detail beside the timeline (0 for the default).
pub fn areas(screen: Rect, view: Screen, detail: Detail, pane: u16) -> Areas {
    if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
        return Areas {
            too_small: true,
            ..Areas::default()
        };
    }
    let header = Rect {
        height: 2,
        ..screen
    };
    // The strip is the list screens' map of time; the relations screens have their own.
    let density_height = if view.is_list() && screen.height >= DENSITY_MIN_HEIGHT {
        DENSITY_LINES
    } else {
        0
    };
    let density = Rect {
        y: screen.y + 2,
        height: density_height,
        ..screen
    };
    let footer = Rect {
        y: screen.bottom().saturating_sub(1),
        height: 1,
        ..screen
    };
    let body_top = density.bottom();
    let body = Rect {
        y: body_top,
        height: footer.y.saturating_sub(body_top),
        ..screen
    };
    let (timeline, detail) = match view {
        Screen::Timeline | Screen::Context => timeline_areas(body, detail, pane),
        Screen::Lanes | Screen::Heatmap | Screen::Ledger => (Rect { height: 0, ..body }, None),
    };
    Areas {
        too_small: false,
        header,
        density,
        body,
        timeline,
        detail,
        footer,
    }
}

/// The timeline screen: the list, and the detail beside it or over it.
fn timeline_areas(body: Rect, detail: Detail, pane: u16) -> (Rect, Option<Rect>) {
    match detail {
        Detail::Full => (Rect { height: 0, ..body }, Some(body)),
        Detail::Beside if is_wide(body.width) => {
            let right = pane_width(body.width, pane);
            let left = body.width - right;
            let timeline = Rect {
                width: left,
                ..body
            };
            let detail = Rect {
                x: body.x + left,
                width: body.width - left,
                ..body
            };
            (timeline, Some(detail))
        }
        Detail::Beside | Detail::Hidden => (body, None),
    }
}

/// A centred box of at most `width`×`height` inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// The help box, for a help text of `lines` lines of at most `width` columns.
pub fn help_box(screen: Rect, lines: usize, width: usize) -> Rect {
    let clamp = |n: usize| (n + 2).min(u16::MAX as usize) as u16;
    centered(screen, clamp(width), clamp(lines))
}

/// The room the help text may take on this screen (inside the help box's border).
pub fn help_room(screen: Rect) -> u16 {
    screen.width.saturating_sub(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_tile_the_screen_without_overlap() {
        for (w, h) in [(120, 40), (80, 24), (40, 12), (30, 8), (100, 16)] {
            for detail in [Detail::Beside, Detail::Full, Detail::Hidden] {
                let a = areas(Rect::new(0, 0, w, h), Screen::Timeline, detail, 0);
                assert!(!a.too_small);
                assert_eq!(a.header.y, 0);
                assert_eq!(a.footer.bottom(), h);
                let main_bottom = a.detail.map_or(a.timeline.bottom(), |d| d.bottom());
                assert_eq!(main_bottom, a.footer.y, "{w}x{h}");
                if let Some(d) = a.detail {
                    assert!(d.right() <= w);
                    if a.timeline.height > 0 {
                        assert_eq!(a.timeline.right(), d.x);
                    }
                }
            }
        }
    }

    #[test]
    fn the_pane_keeps_both_sides_usable() {
        assert_eq!(pane_width(120, 0), 48);
        assert_eq!(pane_width(120, 10), PANE_MIN);
        assert_eq!(pane_width(120, 200), 80);
        assert_eq!(pane_width(100, 70), 60);
        for wanted in [0, 1, 50, 500] {
            let a = areas(
                Rect::new(0, 0, 100, 30),
                Screen::Timeline,
                Detail::Beside,
                wanted,
            );
            assert!(a.timeline.width >= 40, "{wanted}: {a:?}");
        }
    }

    #[test]
    fn tiny_screens_are_too_small() {
        for (w, h) in [(0, 0), (1, 1), (29, 40), (120, 7)] {
            assert!(areas(Rect::new(0, 0, w, h), Screen::Timeline, Detail::Full, 0).too_small);
        }
    }
}
