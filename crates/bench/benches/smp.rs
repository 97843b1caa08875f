//! Benchmarks of the SMP on KTAB's shipped inputs and on synthetic 500- and 1,000-actor
//! scenarios.
//!
//! Run with `cargo bench -p armistice-bench --bench smp`; criterion prints the time
//! per complete run (all turns to the stopping rule) for each KTAB input, and per
//! 3-turn run for the synthetic ones. Filter with a name, e.g.
//! `cargo bench -p armistice-bench --bench smp -- a160`. For one timed complete run
//! per input: `cargo run --release -p armistice-bench --example smp_time [-- N [D]]`.

use armistice_models::smp::{self, Config};
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "smp_inputs.rs"]
mod smp_inputs;

use smp_inputs::{ktab_input, synthetic, KTAB};

fn bench(c: &mut Criterion) {
    let config = Config::ktab_defaults();
    let mut group = c.benchmark_group("smp");
    group.sample_size(10);
    for name in KTAB {
        let input = ktab_input(name);
        group.bench_function(name, |b| b.iter(|| smp::run(&input, &config)));
    }
    // Full synthetic runs take many turns (68 for 500 actors, the 100-turn cap for
    // 1,000); criterion times their first 3 turns, and the `smp_time` example times
    // whole runs once.
    let first_turns = Config { max_turns: 3, ..config.clone() };
    for (n, d) in [(500, 1), (1000, 1), (500, 3)] {
        let input = synthetic(n, d);
        group.bench_function(format!("synthetic-{n}x{d}-3turns"), |b| {
            b.iter(|| smp::run(&input, &first_turns))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
