//! The order events are shown in: by date, earliest possible day first, then the shorter
//! span, and the file's order among equal dates. Found by sorting a small key per event
//! (by radix, in a few passes over the keys' varying bits), then each event moved once.

use super::Event;
use super::index::day_number as day;

/// Sorts events by date (earliest possible day, then shorter span), keeping the file's
/// order among equal dates.
pub(super) fn sort_chronologically(events: Vec<Event>) -> Vec<Event> {
    let order = chronological_order(&events);
    if order.is_sorted() {
        // A file already in date order, as many are.
        return events;
    }
    gather(events, &order)
}

/// Where each event goes: `order[k]` is the event that comes `k`th.
fn chronological_order(events: &[Event]) -> Vec<u32> {
    // Each event's first and last possible days, then, where they fit, a key of 32 bits
    // above its position: the first day from the earliest, times the longest span, plus
    // its own span, which orders as (first day, last day).
    let mut keyed: Vec<u64> = events
        .iter()
        .map(|e| pack(day(e.date.earliest()), day(e.date.latest())))
        .collect();
    let unpack = |v: u64| ((v >> 32) as u32 as i32, v as u32 as i32);
    if keyed.is_empty() {
        return Vec::new();
    }
    // The earliest and latest first days, the longest span, and whether every span runs
    // forward, in one pass.
    let (mut lo, mut hi, mut longest, mut spans_forward) = (i32::MAX, i32::MIN, 0i64, true);
    for &v in &keyed {
        let (first, last) = unpack(v);
        (lo, hi) = (lo.min(first), hi.max(first));
        longest = longest.max(last as i64 - first as i64);
        spans_forward &= first <= last;
    }
    let stride = longest as u64 + 1;
    let widest = (hi as i64 - lo as i64) as u64 * stride + longest as u64;
    if widest > u32::MAX as u64 || !spans_forward {
        // Dates over some ten thousand years, with long spans: sort the days themselves.
        let mut keys: Vec<(i32, i32, u32)> = (keyed.iter().enumerate())
            .map(|(i, &v)| (unpack(v).0, unpack(v).1, i as u32))
            .collect();
        // Positions make every key distinct, so an unstable sort is stable here.
        crate::parallel::sort_unstable(&mut keys);
        return keys.into_iter().map(|(_, _, i)| i).collect();
    }
    for (i, v) in keyed.iter_mut().enumerate() {
        let (first, last) = unpack(*v);
        let key = (first as i64 - lo as i64) as u64 * stride + (last as i64 - first as i64) as u64;
        *v = key << 32 | i as u64;
    }
    sort_by_key_above_position(&mut keyed);
    keyed.into_iter().map(|v| v as u32).collect()
}

fn pack(first: i32, last: i32) -> u64 {
    (first as u32 as u64) << 32 | last as u32 as u64
}

/// Sorts items made of a key in their high 32 bits above their position in the low 32, the
/// positions ascending as given, by key and then position: a stable LSD radix sort over
/// only the key's bits that vary, in passes of at most [`DIGIT_BITS`] bits (two passes for
/// a few thousand days of dates with spans of up to a year).
fn sort_by_key_above_position(items: &mut Vec<u64>) {
    const DIGIT_BITS: u32 = 11;
    let n = items.len();
    let widest = items.iter().map(|&v| v >> 32).max().unwrap_or(0);
    let bits = u64::BITS - widest.leading_zeros();
    if bits == 0 {
        // One key for all: already in order of position.
        return;
    }
    let passes = bits.div_ceil(DIGIT_BITS) as usize;
    let width = bits.div_ceil(passes as u32);
    let buckets = 1usize << width;
    let mask = buckets as u64 - 1;
    let digit = |v: u64, pass: usize| ((v >> (32 + pass as u32 * width)) & mask) as usize;
    // Every pass's counts, from one read of the items.
    let mut counts = vec![0usize; buckets * passes];
    for &v in items.iter() {
        for pass in 0..passes {
            counts[pass * buckets + digit(v, pass)] += 1;
        }
    }
    let mut from = std::mem::take(items);
    let mut to = vec![0u64; n];
    for (pass, counts) in counts.chunks_exact_mut(buckets).enumerate() {
        if counts.contains(&n) {
            // Every item has the same digit here: the pass would move nothing.
            continue;
        }
        let mut start = 0;
        for count in counts.iter_mut() {
            (*count, start) = (start, start + *count);
        }
        for &v in &from {
            let place = &mut counts[digit(v, pass)];
            to[*place] = v;
            *place += 1;
        }
        std::mem::swap(&mut from, &mut to);
    }
    *items = from;
}

/// The items in `order`: item `k` of the result is what was at `order[k]`, which must be
/// a permutation. Each item is moved once, read from where it was and written in its
/// place, on all cores, with what a later step reads asked for ahead.
///
/// In place, following the permutation's cycles, each step waits for the one before it
/// (37–54 ms at 1M, against 19–25 ms here); a second list costs the events' size
/// (32 bytes each) while both are held.
fn gather<T: Send>(items: Vec<T>, order: &[u32]) -> Vec<T> {
    let n = items.len();
    assert_eq!(order.len(), n, "an order for each item");
    let mut seen = vec![0u64; n.div_ceil(64)];
    for &o in order {
        let (word, bit) = (o as usize / 64, o % 64);
        assert!(
            (o as usize) < n && seen[word] >> bit & 1 == 0,
            "a permutation"
        );
        seen[word] |= 1 << bit;
    }
    drop(seen);
    /// Where the items are read from and written to, shared by the threads.
    struct Ends<T> {
        from: *const T,
        to: *mut T,
    }
    // SAFETY: each thread moves its own items (`T: Send`) through the pointers, to places
    // no other thread writes (see below).
    unsafe impl<T: Send> Sync for Ends<T> {}
    // The items are moved out one by one below: only the list's memory is freed after.
    let mut items = std::mem::ManuallyDrop::new(items);
    let mut out: Vec<T> = Vec::with_capacity(n);
    let ends = Ends {
        from: items.as_ptr(),
        to: out.as_mut_ptr(),
    };
    crate::parallel::in_ranges(n, |range| {
        let ends = &ends;
        for k in range {
            crate::hint::ahead(order, k, |&later| {
                crate::hint::prefetch(ends.from.wrapping_add(later as usize));
            });
            // SAFETY: `k < n` is within `out`'s capacity, and each `k` is in one range
            // only; `order[k] < n`, and as `order` is a permutation each item is read
            // once, so none is left owned twice.
            unsafe {
                ends.to
                    .add(k)
                    .write(ends.from.add(order[k] as usize).read())
            };
        }
    });
    // SAFETY: all `n` places of `out` are written; every item of `items` was moved out,
    // so its length is made 0 before its memory is freed, and none is dropped there.
    unsafe {
        out.set_len(n);
        items.set_len(0);
        std::mem::ManuallyDrop::drop(&mut items);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CountryCode, DatePoint, EventParts, FuzzyDate, Kind};
    use proptest::prelude::*;

    #[test]
    fn events_sort_by_date_and_keep_the_files_order_on_the_same_date() {
        let event = |id: &str, date: &str, end: Option<&str>| {
            let point = |p: &str| DatePoint::parse(p).unwrap();
            Event::new(EventParts {
                id,
                date: FuzzyDate::new(point(date), end.map(point), None).unwrap(),
                date_note: None,
                kind: Kind::Meeting,
                countries: &[CountryCode::from_code("KZ").unwrap()],
                actors: &[],
                headline: "h",
                summary: "s",
                notes: None,
                sources: &[],
            })
        };
        let events = vec![
            event("z", "2022-06-17", None),
            event("month", "2022-06", None),
            event("a", "2022-06-17", None),
            event("early", "2021", None),
            event("range", "2022-06-17", Some("2022-06-20")),
            event("m", "2022-06-17", None),
        ];
        let events = sort_chronologically(events);
        let ids: Vec<&str> = events.iter().map(Event::id).collect();
        assert_eq!(ids, ["early", "month", "z", "a", "m", "range"]);
    }

    proptest! {
        /// Any permutation, from any shuffle, of items that own memory: each lands where
        /// the order says, and each is owned once (none dropped twice, none lost).
        #[test]
        fn gathering_any_order_puts_each_item_where_it_says(
            order in (0usize..3000).prop_flat_map(|n| {
                Just((0..n as u32).collect::<Vec<u32>>()).prop_shuffle()
            }),
        ) {
            let owner = std::sync::Arc::new(());
            let items: Vec<(String, std::sync::Arc<()>)> = (0..order.len())
                .map(|i| (format!("item {i}"), std::sync::Arc::clone(&owner)))
                .collect();
            let want: Vec<String> = order.iter().map(|&i| items[i as usize].0.clone()).collect();
            let gathered = gather(items, &order);
            let names: Vec<String> = gathered.iter().map(|(name, _)| name.clone()).collect();
            prop_assert_eq!(names, want);
            prop_assert_eq!(std::sync::Arc::strong_count(&owner), order.len() + 1);
            drop(gathered);
            prop_assert_eq!(std::sync::Arc::strong_count(&owner), 1);
        }
    }

    /// Dates as the data gives them: a day, a month or a year, some with an end.
    fn date() -> impl Strategy<Value = FuzzyDate> {
        // Mostly a few years, as a dataset is; sometimes any year at all.
        let year = prop_oneof![4 => 2019i32..2025, 1 => 0i32..10_000];
        let point = (year, 0u32..13, 0u32..29).prop_map(|(y, m, d)| match (m, d) {
            (0, _) => format!("{y:04}"),
            (m, 0) => format!("{y:04}-{m:02}"),
            (m, d) => format!("{y:04}-{m:02}-{d:02}"),
        });
        (point.clone(), proptest::option::of(point)).prop_filter_map(
            "an end before the start",
            |(start, end)| {
                let point = |p: &str| DatePoint::parse(p).unwrap();
                FuzzyDate::new(point(&start), end.as_deref().map(point), None).ok()
            },
        )
    }

    fn event_on(date: FuzzyDate) -> Event {
        Event::new(EventParts {
            id: "e",
            date,
            date_note: None,
            kind: Kind::Meeting,
            countries: &[],
            actors: &[],
            headline: "h",
            summary: "s",
            notes: None,
            sources: &[],
        })
    }

    proptest! {
        /// Any keys, of any width: sorted by key, and by position among equal keys.
        #[test]
        fn the_radix_sort_orders_by_key_then_position(
            keys in prop_oneof![
                proptest::collection::vec(0u64..4, 0..300),
                proptest::collection::vec(0u64..5000, 0..3000),
                proptest::collection::vec(any::<u32>().prop_map(u64::from), 0..3000),
            ],
        ) {
            let mut items: Vec<u64> = (keys.iter().enumerate())
                .map(|(i, &k)| k << 32 | i as u64)
                .collect();
            let mut want = items.clone();
            want.sort_unstable();
            sort_by_key_above_position(&mut items);
            prop_assert_eq!(items, want);
        }

        /// Events of any dates come out as sorting their first and last days and places
        /// would put them, by the radix sort or (dates far apart) the comparison sort.
        #[test]
        fn the_chronological_order_is_by_first_day_last_day_and_place(
            dates in proptest::collection::vec(date(), 0..400),
        ) {
            let events: Vec<Event> = dates.into_iter().map(event_on).collect();
            let mut want: Vec<(i32, i32, u32)> = (events.iter().enumerate())
                .map(|(i, e)| (day(e.date.earliest()), day(e.date.latest()), i as u32))
                .collect();
            want.sort_unstable();
            let want: Vec<u32> = want.into_iter().map(|(_, _, i)| i).collect();
            prop_assert_eq!(chronological_order(&events), want);
        }
    }

    #[test]
    fn gathering_puts_each_item_where_the_order_says() {
        // Cycles of every length, fixed points, and the identity.
        let orders: [&[u32]; 5] = [
            &[],
            &[0, 1, 2],
            &[2, 0, 1],
            &[1, 0, 3, 2, 4],
            &[4, 3, 0, 1, 2],
        ];
        for order in orders {
            let items: Vec<u32> = (0..order.len() as u32).map(|i| i * 10).collect();
            let want: Vec<u32> = order.iter().map(|&i| items[i as usize]).collect();
            assert_eq!(gather(items, order), want, "{order:?}");
        }
    }

    #[test]
    #[should_panic(expected = "a permutation")]
    fn an_order_that_names_an_item_twice_is_refused_before_anything_moves() {
        let items = vec![String::from("a"), String::from("b"), String::from("c")];
        gather(items, &[0, 2, 0]);
    }
}
