//! Throughput of the war model: runs per second of the benchmark scenario of issue 3
//! (2 belligerents, 6 fronts, 10 issues, 6 levers, 5 agreement kinds, 104 weekly
//! periods), one thread. The variants separate the engine's own cost from the Nash
//! solver's: no talks at all; the two sides as the only veto players with no
//! commitment term; and the full scenario.

#[path = "../../sim/tests/common/mod.rs"]
mod common;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use armistice_sim::engine::Prepared;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("sim");
    group.sample_size(10);
    group.throughput(Throughput::Elements(1));
    let mut no_talks = common::benchmark();
    no_talks.channels.clear();
    let two_veto = common::benchmark_two_veto();
    // The full scenario adds a third veto player and the commitment term: each of its talks
    // events then needs the talks solver's feasibility game and Frank–Wolfe search over
    // more vertices (docs/models.md, the talks solver).
    let full = common::benchmark();
    for (name, sc) in [("engine_only", &no_talks), ("two_veto", &two_veto), ("full", &full)] {
        let p = Prepared::new(sc);
        let mut run = 0u64;
        group.bench_function(name, |b| {
            b.iter(|| {
                run += 1;
                p.simulate(1, run)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
