//! A large data file read through a memory map: the workers parse the page cache's own
//! pages, with no copy into buffers and no reading thread. A mapped file that shrinks
//! while it is read (another program rewriting it in place) would kill the process with
//! SIGBUS at the first page past its new end; here a handler puts a page of zeros where
//! that page was, so reading goes on, and the map remembers it was cut short: the load
//! then fails with an error saying so, never with a partial answer.
//!
//! Only regular files on Unix are mapped; everything else is read as before.

use std::fs::File;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A file mapped whole, read-only, while it lives.
pub struct Mapped {
    map: memmap2::Mmap,
    slot: usize,
}

/// Files mapped at once (a load maps one; tests may run a few at a time).
const SLOTS: usize = 16;

/// Where each mapped file lies: start and end addresses (0 when the slot is free), and
/// whether a page of it was past the file's end.
static STARTS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static ENDS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static CUT: [AtomicBool; SLOTS] = [const { AtomicBool::new(false) }; SLOTS];

impl Mapped {
    /// Maps `file` (`len` bytes, its size when opened), or `None` when it cannot be
    /// mapped here (not Unix, an empty file, every slot taken, the map refused): the
    /// caller reads it instead.
    pub fn new(file: &File, len: usize) -> Option<Mapped> {
        if len == 0 || !guard::install() {
            return None;
        }
        let slot = (0..SLOTS).find(|&s| {
            STARTS[s]
                .compare_exchange(0, usize::MAX, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
        })?;
        // SAFETY: the map is read-only and private to this process; what another process
        // does to the file is the risk memmap2 names, met by the guard below: a page past
        // a shortened file reads as zeros and marks the map cut short.
        let map = unsafe { memmap2::MmapOptions::new().len(len).map(file) };
        let Ok(map) = map else {
            STARTS[slot].store(0, Ordering::Release);
            return None;
        };
        let _ = map.advise(memmap2::Advice::Sequential);
        let start = map.as_ptr() as usize;
        CUT[slot].store(false, Ordering::Relaxed);
        ENDS[slot].store(start + len, Ordering::Release);
        STARTS[slot].store(start, Ordering::Release);
        Some(Mapped { map, slot })
    }

    pub fn bytes(&self) -> &[u8] {
        &self.map
    }

    /// Lets go of the pages of `range` (of [`Mapped::bytes`]) once they are read: they
    /// stay in the page cache, but no longer count in this process's memory, so a load's
    /// peak is what it builds, not that and the file. Reading them again is allowed; it
    /// faults them in anew.
    pub fn release(&self, range: std::ops::Range<usize>) {
        let page = guard::page();
        // Whole pages inside the range only: its neighbours may still be reading theirs.
        let start = range.start.next_multiple_of(page);
        let end = range.end - range.end % page;
        if page > 0 && start < end {
            // SAFETY: the map is private and read-only, backed by the file: dropping its
            // pages loses nothing (unlike an anonymous map), and no reference into the
            // range outlives this call in a way that a refault would not serve.
            let _ = unsafe {
                self.map.unchecked_advise_range(
                    memmap2::UncheckedAdvice::DontNeed,
                    start,
                    end - start,
                )
            };
        }
    }

    /// Maps the pages of `range` (of [`Mapped::bytes`]) in one call before they are read,
    /// rather than a fault for each few (Linux 5.14 on; elsewhere, or refused, the reads
    /// fault them in as before). A page past a file cut short is not mapped by this: it
    /// faults when read, where the guard meets it.
    pub fn prefault(&self, range: std::ops::Range<usize>) {
        #[cfg(target_os = "linux")]
        let _ = self
            .map
            .advise_range(memmap2::Advice::PopulateRead, range.start, range.len());
        #[cfg(not(target_os = "linux"))]
        let _ = range;
    }

    /// Whether the file was found shorter than its mapped length while it was read: what
    /// was read past its end was zeros, not the file.
    pub fn cut_short(&self) -> bool {
        CUT[self.slot].load(Ordering::Acquire)
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        // The slot is let go before the map: a fault past it is then no longer this
        // map's, and the address range may be reused.
        STARTS[self.slot].store(usize::MAX, Ordering::Release);
        ENDS[self.slot].store(0, Ordering::Release);
        STARTS[self.slot].store(0, Ordering::Release);
    }
}

#[cfg(unix)]
mod guard {
    use super::{CUT, ENDS, SLOTS, STARTS};
    use std::sync::OnceLock;
    use std::sync::atomic::Ordering;

    /// The action SIGBUS had before this one, for faults that are not a map's.
    static PREVIOUS: OnceLock<libc::sigaction> = OnceLock::new();
    static PAGE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    /// The system's page size (0 before [`install`]).
    pub fn page() -> usize {
        PAGE.load(Ordering::Relaxed)
    }

    /// Installs the handler once; whether it is in place.
    pub fn install() -> bool {
        static INSTALLED: OnceLock<bool> = OnceLock::new();
        *INSTALLED.get_or_init(|| {
            // SAFETY: sysconf only reads a setting.
            let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
            if page <= 0 {
                return false;
            }
            PAGE.store(page as usize, Ordering::Relaxed);
            // SAFETY: a zeroed sigaction is a valid "no flags, empty mask" value; the
            // handler has the signature SA_SIGINFO asks for and touches only atomics and
            // mmap, which is safe in a signal handler on the systems that have it.
            unsafe {
                // The action before this one is kept first, so a fault that comes while
                // this one is put in place can be handed on.
                let mut previous: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(libc::SIGBUS, std::ptr::null(), &mut previous) != 0 {
                    return false;
                }
                let _ = PREVIOUS.set(previous);
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_bus as *const () as usize;
                // On the thread's alternate stack when it has one (a stack overflow is a
                // SIGBUS on some systems, and must not run this on the full stack).
                action.sa_flags = libc::SA_SIGINFO | libc::SA_NODEFER | libc::SA_ONSTACK;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut()) == 0
            }
        })
    }

    extern "C" fn on_bus(_signal: i32, info: *mut libc::siginfo_t, _context: *mut libc::c_void) {
        // SAFETY: the kernel passes a valid siginfo for SA_SIGINFO handlers.
        let (code, address) = unsafe { ((*info).si_code, (*info).si_addr() as usize) };
        // Sent by a process (kill), not a fault: there is no instruction to run again, so
        // it is raised anew under the action it had before, as if never caught here.
        if code <= 0 {
            if let Some(previous) = PREVIOUS.get() {
                // SAFETY: puts back the earlier action, then raises the signal under it.
                unsafe {
                    libc::sigaction(libc::SIGBUS, previous, std::ptr::null_mut());
                    libc::raise(libc::SIGBUS);
                }
            }
            return;
        }
        let page = PAGE.load(Ordering::Relaxed);
        for slot in 0..SLOTS {
            let (start, end) = (
                STARTS[slot].load(Ordering::Acquire),
                ENDS[slot].load(Ordering::Acquire),
            );
            if start != 0 && start != usize::MAX && (start..end).contains(&address) {
                let at = address & !(page - 1);
                // SAFETY: the page lies inside this live read-only map, which no one
                // writes; a private anonymous page of zeros takes its place.
                let zeros = unsafe {
                    libc::mmap(
                        at as *mut libc::c_void,
                        page,
                        libc::PROT_READ,
                        libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                        -1,
                        0,
                    )
                };
                if zeros != libc::MAP_FAILED {
                    CUT[slot].store(true, Ordering::Release);
                    return;
                }
            }
        }
        // Not a map's: the fault is met as it would have been without this handler (by
        // default the process ends), when the instruction runs again.
        if let Some(previous) = PREVIOUS.get() {
            // SAFETY: puts back the action that was there before.
            unsafe { libc::sigaction(libc::SIGBUS, previous, std::ptr::null_mut()) };
        }
    }
}

#[cfg(not(unix))]
mod guard {
    pub fn install() -> bool {
        false
    }

    pub fn page() -> usize {
        0
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_file_cut_short_while_mapped_reads_as_zeros_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        let page = 4096 * 4;
        std::fs::write(&path, vec![b'x'; page * 4]).unwrap();
        let file = File::open(&path).unwrap();
        let mapped = Mapped::new(&file, page * 4).expect("mapped");
        assert_eq!(mapped.bytes()[page * 3], b'x');
        assert!(!mapped.cut_short());
        // Another program cuts the file to one page's worth.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(page as u64)
            .unwrap();
        let past: u64 = mapped.bytes()[page * 2..].iter().map(|&b| b as u64).sum();
        assert_eq!(past, 0, "what lay past the new end reads as zeros");
        assert!(mapped.cut_short());
        assert_eq!(mapped.bytes()[0], b'x');
        // Another map starts afresh.
        drop(mapped);
        let again = Mapped::new(&file, page).expect("mapped");
        assert!(!again.cut_short());
    }
}
