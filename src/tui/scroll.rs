//! How far a scrollable text (the detail, the help) is scrolled, and how far it can go.

/// A scroll position that never passes `max`, the last position at which the text's end
/// is still on screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    pos: u16,
    max: u16,
}

impl Scroll {
    pub fn pos(self) -> u16 {
        self.pos
    }

    pub fn max(self) -> u16 {
        self.max
    }

    /// Whether there is anything to scroll.
    pub fn scrolls(self) -> bool {
        self.max > 0
    }

    /// A new limit, after the text or its room changed; the position stays within it.
    pub fn set_max(&mut self, max: u16) {
        self.max = max;
        self.pos = self.pos.min(max);
    }

    pub fn by(&mut self, delta: i32) {
        self.pos = (i32::from(self.pos) + delta).clamp(0, i32::from(self.max)) as u16;
    }

    pub fn top(&mut self) {
        self.pos = 0;
    }

    pub fn bottom(&mut self) {
        self.pos = self.max;
    }
}

/// Lines of text that fit in `height` rows, given `lines` wrapped lines: the scroll limit.
pub fn limit(lines: usize, height: u16) -> u16 {
    lines.saturating_sub(height as usize).min(u16::MAX as usize) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_within_its_limit() {
        let mut s = Scroll::default();
        s.by(5);
        assert_eq!(s.pos(), 0, "nothing to scroll");
        s.set_max(4);
        s.by(3);
        assert_eq!(s.pos(), 3);
        s.by(10);
        assert_eq!(s.pos(), 4);
        s.set_max(2);
        assert_eq!(s.pos(), 2, "a smaller limit pulls the position back");
        s.by(-9);
        assert_eq!(s.pos(), 0);
        s.bottom();
        assert_eq!(s.pos(), 2);
        assert_eq!(limit(10, 4), 6);
        assert_eq!(limit(3, 4), 0);
    }
}
