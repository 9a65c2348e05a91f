//! Hints to the processor. Walking a million events in one order while what they point
//! to lies in another makes each step wait for memory; asking for what a later step will
//! read lets those waits overlap.

/// How many steps ahead to ask: enough to cover a wait for memory, few enough that what
/// was fetched is still there when it is read.
pub const AHEAD: usize = 16;

/// For a loop reading `items` in order: at item `i`, asks (through `ask`, which calls
/// [`prefetch`]) for what the item [`AHEAD`] places later will read.
#[inline(always)]
pub fn ahead<T>(items: &[T], i: usize, ask: impl FnOnce(&T)) {
    if let Some(later) = items.get(i + AHEAD) {
        ask(later);
    }
}

/// Asks the processor to start loading what `p` points to, to be read soon. A hint: it
/// never faults, whatever the address, and does nothing where it is not supported.
#[inline(always)]
pub fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing the program can see and cannot fault.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p.cast::<i8>(), std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}
