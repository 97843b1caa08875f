//! A deterministic parallel map over indices, on scoped standard-library threads.
//!
//! Each index's result is computed by the same code whatever the thread count, and the
//! results are returned in index order, so a run's output is bit-identical on 1 thread
//! or 16. (The models crate has no rayon dependency; scoped threads are enough here.)

/// Below this many items the map runs on the calling thread: spawning costs more.
const MIN_ITEMS: usize = 48;

/// `(0..n).map(f).collect()`, spread over `threads` threads (0: all available cores).
pub(crate) fn map<T: Send>(n: usize, threads: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    // Check the size first: asking the system for its core count reads cgroup files
    // and costs more than a small map.
    if n < MIN_ITEMS || threads == 1 {
        return (0..n).map(f).collect();
    }
    let threads = resolve(threads).min(n / MIN_ITEMS + 1);
    if threads <= 1 {
        return (0..n).map(f).collect();
    }
    // Items are dealt round-robin so that triangular workloads (row a of a pairwise
    // matrix costs n − a) stay balanced; each thread returns its items in order.
    let f = &f;
    let parts: Vec<Vec<T>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| scope.spawn(move || (t..n).step_by(threads).map(f).collect::<Vec<T>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut iters: Vec<_> = parts.into_iter().map(|p| p.into_iter()).collect();
    let mut out = Vec::with_capacity(n);
    for idx in 0..n {
        if let Some(item) = iters[idx % threads].next() {
            out.push(item);
        }
    }
    out
}

/// The thread count to use: `threads`, or all available cores for 0.
pub(crate) fn resolve(threads: usize) -> usize {
    match threads {
        0 => std::thread::available_parallelism().map(|t| t.get()).unwrap_or(1),
        t => t,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_back_in_index_order() {
        for threads in [1, 2, 3, 7] {
            let v = super::map(1000, threads, |i| i * i);
            assert_eq!(v, (0..1000).map(|i| i * i).collect::<Vec<_>>());
        }
    }
}
