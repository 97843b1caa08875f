//! The Monte Carlo runner: many runs in parallel, folded into one accumulator, with a
//! result that does not depend on the number of threads.
//!
//! Each run is a pure function of its index. Runs are grouped into fixed chunks of
//! [`CHUNK`] consecutive indices; each chunk is folded, in index order, into a fresh
//! accumulator, and chunk accumulators are merged in chunk order. Floating-point sums
//! therefore associate the same way whatever the thread count, and the result is
//! bit-identical on 1 thread or 16.
//!
//! Memory does not grow with the number of runs: per-run results are folded at once and
//! dropped, and chunks are scheduled in waves of a few per thread, so at most one wave of
//! chunk accumulators is alive at any time.
//!
//! Cancellation (Ctrl-C in the CLI) is cooperative: [`Progress::cancelled`] is polled
//! before each run, a chunk that sees it abandons its partial work, and the result
//! covers the longest whole prefix of chunks that finished. A cancelled result is thus
//! still a deterministic function of how many runs it reports.

use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

/// Runs per chunk. Fixed (not a parameter) because it decides how floating sums
/// associate: changing it changes the last bits of means. Small enough that a few
/// thousand runs of a costly scenario still keep every thread busy.
pub const CHUNK: u64 = 64;

/// Chunks scheduled per thread in one wave; bounds how many chunk accumulators are
/// alive at once while keeping threads busy.
const CHUNKS_PER_THREAD_PER_WAVE: u64 = 4;

/// Receives progress from the runner and tells it when to stop.
///
/// Called from worker threads, hence `Sync`. Both methods have do-nothing defaults.
pub trait Progress: Sync {
    /// `runs_done` runs have finished so far (over all threads; grows monotonically
    /// in steps of whole chunks, but calls may arrive out of order).
    fn advance(&self, runs_done: u64) {
        let _ = runs_done;
    }

    /// Whether the runner should stop as soon as it can.
    fn cancelled(&self) -> bool {
        false
    }
}

/// A [`Progress`] that reports nothing and never cancels.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {}

/// How a batch of runs ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completion {
    /// Every requested run finished.
    All,
    /// Cancelled: only a prefix of the runs finished.
    Cancelled,
}

/// What the runner returns: the merged accumulator and how many runs it covers.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished<A> {
    pub acc: A,
    /// Runs folded into `acc`: runs `0..runs_completed`, always a whole number of chunks
    /// unless it equals the number requested.
    pub runs_completed: u64,
    pub completion: Completion,
}

/// Runs `per_run(i)` for `i in 0..n_runs` on `threads` threads and folds the results.
///
/// `new_acc` makes an empty accumulator, `fold(acc, i, result)` adds run `i`, and
/// `merge(total, chunk)` appends a later chunk's accumulator to an earlier one. `merge`
/// is always called in chunk order on one thread, so it need not be commutative, only
/// associative in the sense that merging chunk accumulators in order equals folding
/// their runs in order (for counts this is exact; for float sums it fixes the order).
///
/// With `threads <= 1`, or if a thread pool cannot be built, runs are processed on the
/// calling thread; the result is the same.
///
/// # Examples
/// ```
/// use armistice_sim::runner::{run_many, Completion, Silent};
/// let f = run_many(5000, 4, |i| i as f64, || 0.0, |a, _, x| *a += x, |a, b| *a += b, &Silent);
/// assert_eq!(f.acc, (0..5000).map(|i| i as f64).sum::<f64>());
/// assert_eq!((f.runs_completed, f.completion), (5000, Completion::All));
/// ```
pub fn run_many<T, A, P, N, F, M>(
    n_runs: u64,
    threads: usize,
    per_run: P,
    new_acc: N,
    fold: F,
    mut merge: M,
    progress: &dyn Progress,
) -> Finished<A>
where
    A: Send,
    P: Fn(u64) -> T + Sync,
    N: Fn() -> A + Sync,
    F: Fn(&mut A, u64, T) + Sync,
    M: FnMut(&mut A, A),
{
    let n_chunks = n_runs.div_ceil(CHUNK);
    let done = AtomicU64::new(0);
    let run_chunk = |chunk: u64| -> Option<A> {
        let start = chunk * CHUNK;
        let end = (start + CHUNK).min(n_runs);
        let mut acc = new_acc();
        for run in start..end {
            if progress.cancelled() {
                return None;
            }
            fold(&mut acc, run, per_run(run));
        }
        let runs_done = done.fetch_add(end - start, Ordering::Relaxed) + (end - start);
        progress.advance(runs_done);
        Some(acc)
    };

    let threads = threads.max(1);
    let pool = match threads {
        1 => None,
        _ => rayon::ThreadPoolBuilder::new().num_threads(threads).build().ok(),
    };
    let wave = (threads as u64 * CHUNKS_PER_THREAD_PER_WAVE).max(1);

    let mut total = new_acc();
    let mut runs_completed = 0;
    let mut first = 0;
    while first < n_chunks {
        let last = (first + wave).min(n_chunks);
        // Each wave's results come back in chunk order (an indexed collect), whatever
        // order the threads finished them in.
        let results: Vec<Option<A>> = match &pool {
            Some(pool) => pool.install(|| (first..last).into_par_iter().map(run_chunk).collect()),
            None => (first..last).map(run_chunk).collect(),
        };
        for (chunk, res) in (first..last).zip(results) {
            match res {
                Some(acc) => {
                    merge(&mut total, acc);
                    runs_completed = ((chunk + 1) * CHUNK).min(n_runs);
                }
                None => {
                    return Finished {
                        acc: total,
                        runs_completed,
                        completion: Completion::Cancelled,
                    };
                }
            }
        }
        first = last;
    }
    Finished { acc: total, runs_completed, completion: Completion::All }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use rand::Rng;

    use super::*;

    /// A synthetic run: a pseudo-random float from the run's own stream, so sums are
    /// sensitive to association order (unlike integers).
    fn synthetic(seed: u64, run: u64) -> f64 {
        let mut rng = armistice_scenario::dist::stream(seed, run, "synthetic");
        rng.random::<f64>() * 1e3 + 1e-7 * rng.random::<f64>()
    }

    #[derive(Clone, Debug, PartialEq)]
    struct Acc {
        sum: f64,
        n: u64,
        /// Indices seen, to check order and completeness; small runs only.
        order: Vec<u64>,
    }

    fn go(n: u64, threads: usize, seed: u64, progress: &dyn Progress) -> Finished<Acc> {
        run_many(
            n,
            threads,
            |i| synthetic(seed, i),
            || Acc { sum: 0.0, n: 0, order: Vec::new() },
            |a, i, x| {
                a.sum += x;
                a.n += 1;
                a.order.push(i);
            },
            |a, b| {
                a.sum += b.sum;
                a.n += b.n;
                a.order.extend(b.order);
            },
            progress,
        )
    }

    #[test]
    fn result_is_bit_identical_for_any_thread_count() {
        let n = 10 * CHUNK + 37;
        let one = go(n, 1, 9, &Silent);
        for threads in [2, 3, 8] {
            let many = go(n, threads, 9, &Silent);
            assert_eq!(one.acc.sum.to_bits(), many.acc.sum.to_bits(), "{threads} threads");
            assert_eq!(one, many);
        }
        assert_eq!(one.acc.order, (0..n).collect::<Vec<_>>());
        assert_eq!(one.runs_completed, n);
    }

    #[test]
    fn chunked_sum_differs_from_naive_sum_only_in_association() {
        // Guards the premise of the design: the chunked order is fixed, and it is not
        // simply the sequential order (otherwise the test above would prove less).
        let n = 4 * CHUNK;
        let chunked = go(n, 1, 3, &Silent).acc.sum;
        let naive: f64 = (0..n).map(|i| synthetic(3, i)).sum();
        assert!((chunked - naive).abs() < 1e-6 * naive);
    }

    #[test]
    fn different_seeds_give_different_results() {
        assert_ne!(go(2000, 2, 1, &Silent).acc.sum, go(2000, 2, 2, &Silent).acc.sum);
    }

    #[test]
    fn zero_runs_gives_the_empty_accumulator() {
        let f = go(0, 4, 1, &Silent);
        assert_eq!((f.acc.n, f.runs_completed, f.completion), (0, 0, Completion::All));
    }

    /// Cancels once `after` runs have been reported.
    struct CancelAfter {
        after: u64,
        flag: AtomicBool,
        last: AtomicU64,
    }

    impl Progress for CancelAfter {
        fn advance(&self, runs_done: u64) {
            self.last.fetch_max(runs_done, Ordering::Relaxed);
            if runs_done >= self.after {
                self.flag.store(true, Ordering::Relaxed);
            }
        }
        fn cancelled(&self) -> bool {
            self.flag.load(Ordering::Relaxed)
        }
    }

    #[test]
    fn cancel_stops_early_and_keeps_a_deterministic_prefix() {
        let n = 200 * CHUNK;
        for threads in [1, 4] {
            let p = CancelAfter {
                after: 3 * CHUNK,
                flag: AtomicBool::new(false),
                last: AtomicU64::new(0),
            };
            let f = go(n, threads, 5, &p);
            assert_eq!(f.completion, Completion::Cancelled);
            assert!(f.runs_completed < n);
            // On one thread the cancel lands exactly after the third chunk; in parallel,
            // chunks finish out of order, so the whole prefix may be shorter.
            if threads == 1 {
                assert_eq!(f.runs_completed, 3 * CHUNK);
            }
            assert_eq!(f.runs_completed % CHUNK, 0);
            assert_eq!(f.acc.order, (0..f.runs_completed).collect::<Vec<_>>());
            // The partial result equals an uncancelled run of the same length.
            let full = go(f.runs_completed, 1, 5, &Silent);
            assert_eq!(f.acc.sum.to_bits(), full.acc.sum.to_bits());
            assert!(p.last.load(Ordering::Relaxed) >= f.runs_completed);
        }
    }

    #[test]
    fn progress_reports_every_run() {
        let p =
            CancelAfter { after: u64::MAX, flag: AtomicBool::new(false), last: AtomicU64::new(0) };
        let f = go(3 * CHUNK + 5, 3, 1, &p);
        assert_eq!(p.last.load(Ordering::Relaxed), 3 * CHUNK + 5);
        assert_eq!(f.completion, Completion::All);
    }
}
