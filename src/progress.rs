//! How far a load or an export has got, for a progress bar: the loader moves it on as
//! chunks of the file join the dataset, an export as it writes each event; whoever shows
//! it reads it from another thread, as often as it draws. Nothing is sent and nothing
//! waits: a load pays a few atomic adds per 4 MB.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// How long work runs before its progress is shown: shorter work shows none.
pub const SHOW_AFTER: std::time::Duration = std::time::Duration::from_millis(333);

#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes of the file read and checked so far.
    bytes: AtomicU64,
    /// The file's size, when known (0 otherwise: a pipe, or not started).
    size: AtomicU64,
    /// Events (lines or entries) read or written so far.
    events: AtomicU64,
    /// The events to write, for an export (0 for a load).
    total: AtomicU64,
    done: AtomicBool,
}

/// What a [`Progress`] said when it was looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub bytes: u64,
    pub size: u64,
    pub events: u64,
    /// The events an export writes (0 for a load).
    pub total: u64,
    pub done: bool,
}

impl Seen {
    /// The part read (or written), 0 to 1, when the size (or the total) is known.
    pub fn fraction(&self) -> Option<f64> {
        let part = |done: u64, of: u64| (of > 0).then(|| (done as f64 / of as f64).min(1.0));
        part(self.bytes, self.size).or_else(|| part(self.events, self.total))
    }
}

impl Seen {
    /// "265 MB of 531 MB · 500,000 events · 410 MB/s", `elapsed` after the start.
    pub fn describe(&self, elapsed: std::time::Duration) -> String {
        if self.total > 0 {
            return format!("{} of {} events", count(self.events), count(self.total));
        }
        // A format read whole (TOML, the importers') says nothing until it is done.
        if self.bytes == 0 && self.events == 0 {
            return String::new();
        }
        let read = match self.size {
            0 => bytes(self.bytes),
            size => format!("{} of {}", bytes(self.bytes), bytes(size)),
        };
        let seconds = elapsed.as_secs_f64();
        let rate = match seconds > 0.0 {
            true => format!(" · {}/s", bytes((self.bytes as f64 / seconds) as u64)),
            false => String::new(),
        };
        format!("{read} · {} events{rate}", count(self.events))
    }
}

/// 1234567 as "1,234,567".
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

impl Progress {
    pub fn new() -> Progress {
        Progress::default()
    }

    /// A load of a file of `size` bytes (0: unknown) begins.
    pub(crate) fn start(&self, size: u64) {
        self.size.store(size, Ordering::Relaxed);
    }

    /// `bytes` more of the file, holding `events` more events, are read.
    pub(crate) fn advance(&self, bytes: u64, events: u64) {
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        self.events.fetch_add(events, Ordering::Relaxed);
    }

    /// An export of `total` events begins (a format that reads the events twice, such as
    /// the page, starts again for its second pass).
    pub fn start_writing(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.events.store(0, Ordering::Relaxed);
    }

    /// One more event is written.
    pub fn wrote_one(&self) {
        self.events.fetch_add(1, Ordering::Relaxed);
    }

    /// The load is over (whether it succeeded or not): whoever shows it can stop.
    pub fn finish(&self) {
        self.done.store(true, Ordering::Release);
    }

    pub fn seen(&self) -> Seen {
        Seen {
            bytes: self.bytes.load(Ordering::Relaxed),
            size: self.size.load(Ordering::Relaxed),
            events: self.events.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            done: self.done.load(Ordering::Acquire),
        }
    }
}

/// "1.2 GB", "530 MB", "12 kB": a size for a person, in powers of ten as file managers
/// show them.
pub fn bytes(n: u64) -> String {
    let n = n as f64;
    for (unit, scale) in [("GB", 1e9), ("MB", 1e6), ("kB", 1e3)] {
        if n >= scale {
            let value = n / scale;
            return match value < 10.0 {
                true => format!("{value:.1} {unit}"),
                false => format!("{value:.0} {unit}"),
            };
        }
    }
    format!("{n} B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_adds_up_and_says_its_fraction() {
        let p = Progress::new();
        assert_eq!(p.seen().fraction(), None);
        p.start(200);
        p.advance(50, 3);
        p.advance(50, 4);
        let seen = p.seen();
        assert_eq!((seen.bytes, seen.events, seen.done), (100, 7, false));
        assert_eq!(seen.fraction(), Some(0.5));
        p.finish();
        assert!(p.seen().done);
    }

    #[test]
    fn sizes_read_as_a_person_would_write_them() {
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(12_300), "12 kB");
        assert_eq!(bytes(5_300_000), "5.3 MB");
        assert_eq!(bytes(531_070_710), "531 MB");
        assert_eq!(bytes(5_310_000_000), "5.3 GB");
        assert_eq!(count(7), "7");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }

    #[test]
    fn a_seen_progress_says_bytes_events_and_rate() {
        let seen = Seen {
            bytes: 265_000_000,
            size: 531_000_000,
            events: 500_000,
            total: 0,
            done: false,
        };
        let half_second = std::time::Duration::from_millis(500);
        assert_eq!(
            seen.describe(half_second),
            "265 MB of 531 MB · 500,000 events · 530 MB/s"
        );
        let piped = Seen { size: 0, ..seen };
        assert_eq!(
            piped.describe(std::time::Duration::ZERO),
            "265 MB · 500,000 events"
        );
        let export = Progress::new();
        export.start_writing(4);
        export.wrote_one();
        let seen = export.seen();
        assert_eq!(seen.fraction(), Some(0.25));
        assert_eq!(seen.describe(half_second), "1 of 4 events");
    }
}
