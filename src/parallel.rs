//! Using both cores: how many there are, and sorting large lists on all of them.

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
