//! Using both cores: how many there are, running work over parts of a range on all of
//! them, and sorting large lists on all of them.

use rayon::slice::ParallelSliceMut;

/// How many threads to use, asked once: on Linux the answer reads cgroup files, which
/// costs more than filtering a thousand events.
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .min(8)
    })
}

/// Below this many items a list is sorted on the calling thread: starting threads would
/// cost more than they save.
const PARALLEL_SORT_MIN: usize = 100_000;

/// Sorts `items` (an unstable sort), on all cores when the list is large.
pub fn sort_unstable<T: Ord + Send>(items: &mut [T]) {
    if items.len() < PARALLEL_SORT_MIN || cores() < 2 {
        items.sort_unstable();
    } else {
        items.par_sort_unstable();
    }
}

/// Runs `work` over `0..n` cut into one contiguous range per core, each on its own thread,
/// and gives the results in the order of the ranges (one range, on this thread, when
/// there is one core).
pub fn in_ranges<T: Send>(n: usize, work: impl Fn(std::ops::Range<usize>) -> T + Sync) -> Vec<T> {
    let threads = cores();
    if threads < 2 {
        return vec![work(0..n)];
    }
    let step = n.div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = (0..n)
            .step_by(step)
            .map(|start| scope.spawn(move || work(start..(start + step).min(n))))
            .collect();
        let parts = handles
            .into_iter()
            .map(|h| h.join().expect("worker thread"));
        parts.collect()
    })
}
