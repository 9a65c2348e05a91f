//! Where each region of the screen goes. Shared by `view` (to draw) and `App::update` (to
//! scroll and to map mouse clicks), so both always agree.
//!
//! ```text
//! ┌ header: title, "N of M events", filters in words ──────────────────┐
//! │ density strip: events per month (only when tall enough)             │
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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    pub too_small: bool,
    pub header: Rect,
    pub density: Rect,
    pub timeline: Rect,
    /// The detail pane, when shown (beside the timeline, or instead of it when narrow).
    pub detail: Option<Rect>,
    pub footer: Rect,
}

pub fn is_wide(width: u16) -> bool {
    width >= WIDE
}

/// `pane`: the detail beside the timeline on wide screens; `zoomed`: the detail instead of
/// the timeline on narrow ones.
pub fn areas(screen: Rect, pane: bool, zoomed: bool) -> Areas {
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
    let density_height = if screen.height >= DENSITY_MIN_HEIGHT {
        3
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
    let main_top = density.bottom();
    let main = Rect {
        y: main_top,
        height: footer.y.saturating_sub(main_top),
        ..screen
    };
    let (timeline, detail) = if is_wide(screen.width) {
        if pane {
            let right = (main.width * 2 / 5).clamp(36, 64);
            let left = main.width - right;
            let timeline = Rect {
                width: left,
                ..main
            };
            let detail = Rect {
                x: main.x + left,
                width: main.width - left,
                ..main
            };
            (timeline, Some(detail))
        } else {
            (main, None)
        }
    } else if zoomed {
        (Rect { height: 0, ..main }, Some(main))
    } else {
        (main, None)
    };
    Areas {
        too_small: false,
        header,
        density,
        timeline,
        detail,
        footer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_tile_the_screen_without_overlap() {
        for (w, h) in [(120, 40), (80, 24), (40, 12), (30, 8), (100, 16)] {
            for open in [false, true] {
                let a = areas(Rect::new(0, 0, w, h), open, open);
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
    fn tiny_screens_are_too_small() {
        for (w, h) in [(0, 0), (1, 1), (29, 40), (120, 7)] {
            assert!(areas(Rect::new(0, 0, w, h), true, true).too_small);
        }
    }
}
