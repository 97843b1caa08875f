//! Runs per second of the war model on the benchmark scenario of issue 3 (2 belligerents,
//! 6 fronts, 10 issues, 6 levers, 5 agreement kinds, 104 weekly periods) through the
//! Monte Carlo runner, on a given number of threads, with the streaming tally folded as
//! `armistice run` does. Usage: `sim_rate [RUNS] [THREADS]` (defaults 10000 and 2); it
//! prints one line per variant: the two sides as the only veto players, and the full
//! scenario (a patron as third veto player and the commitment term).

#[path = "../../sim/tests/common/mod.rs"]
mod common;

use std::time::Instant;

use armistice_sim::aggregate::Tally;
use armistice_sim::engine::Prepared;
use armistice_sim::runner::{run_many, Silent};

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let threads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2);
    for (name, scenario) in
        [("two_veto", common::benchmark_two_veto()), ("full", common::benchmark())]
    {
        let prepared = Prepared::new(&scenario);
        let start = Instant::now();
        let finished = run_many(
            runs,
            threads,
            |run| prepared.simulate(1, run),
            || Tally::new(&scenario),
            |tally, _, h| tally.add(&h, &scenario),
            |total, chunk| total.merge(chunk),
            &Silent,
        );
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{name}: {} runs on {threads} threads in {secs:.2} s = {:.0} runs/s",
            finished.runs_completed,
            finished.runs_completed as f64 / secs
        );
    }
}
