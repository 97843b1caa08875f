//! The progress bar and Ctrl-C handling of the Monte Carlo commands.
//!
//! The bar appears on stderr only when stderr is a terminal and the work has already
//! taken more than [`SHOW_AFTER`], so quick runs and piped output stay clean. Ctrl-C sets
//! a flag that the runner polls; the runner then stops at a chunk boundary and the
//! command reports what finished.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use armistice_sim::runner::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long work runs before the bar is shown.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// A progress bar that is hidden until the work proves slow, plus the cancel flag.
pub(crate) struct Bar {
    bar: ProgressBar,
    cancel: Arc<AtomicBool>,
    started: Instant,
    /// Whether the bar may ever be drawn (stderr is a terminal).
    enabled: bool,
    shown: AtomicBool,
    /// Highest count reported so far: reports from worker threads arrive out of order.
    done: AtomicU64,
}

impl Bar {
    /// A bar for `total` runs, with Ctrl-C wired to its cancel flag.
    pub(crate) fn new(total: u64, what: &str) -> Bar {
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        // Only one handler may be installed per process; a second command in the same
        // process (never the case for the binary) would simply not be cancellable.
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed));
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template(
            "{msg} {bar:40} {pos}/{len} runs, {elapsed} elapsed, about {eta} left",
        );
        if let Ok(style) = style {
            bar.set_style(style);
        }
        bar.set_message(what.to_string());
        Bar {
            bar,
            cancel,
            started: Instant::now(),
            enabled: std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
            done: AtomicU64::new(0),
        }
    }

    /// Removes the bar from the terminal.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn advance(&self, runs_done: u64) {
        let done = self.done.fetch_max(runs_done, Ordering::Relaxed).max(runs_done);
        if self.enabled
            && self.started.elapsed() > SHOW_AFTER
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.bar.set_position(done);
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}
