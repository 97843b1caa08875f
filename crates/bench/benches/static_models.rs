//! Benchmarks of the static models (weighted mean, weighted median, expected utility,
//! Nash bargaining among three veto players, and the spatial model up to 160 actors)
//! on synthetic scenarios: 100 and 1,000 actors × 10 issues, and one issue at the
//! sizes of the KTAB example inputs (26, 34, 40, 80 and 160 actors).
//!
//! The scenarios are synthetic because the KTAB readers live elsewhere; only their
//! sizes matter here. Numbers come from a fixed SplitMix64 stream, so every run of the
//! benchmark sees the same inputs.

use std::hint::black_box;

use armistice_models::expected_utility::config::{Config, Stopping};
use armistice_models::expected_utility::ExpectedUtility;
use armistice_models::mean::Mean;
use armistice_models::median::Median;
use armistice_models::model::Model;
use armistice_models::nash::{self, Nash};
use armistice_models::smp::{self, Smp};
use armistice_scenario::instance::{ActorValues, Instance, IssueValues, StanceValues};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

/// SplitMix64: a tiny, fixed generator, so the inputs never change between runs.
struct SplitMix(u64);

impl SplitMix {
    fn next_unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `n_actors` actors with a stance on each of `n_issues` issues: positions uniform on
/// 0–100, saliences on 10–100, capabilities on 1–100.
fn synthetic(n_actors: usize, n_issues: usize, seed: u64) -> Instance {
    let mut rng = SplitMix(seed);
    let actors = (0..n_actors)
        .map(|_| ActorValues { capability: 1.0 + 99.0 * rng.next_unit(), veto: false })
        .collect();
    let issues = vec![IssueValues { status_quo: 50.0, group: None }; n_issues];
    let stances = (0..n_issues)
        .map(|_| {
            (0..n_actors)
                .map(|actor| StanceValues {
                    actor,
                    position: 100.0 * rng.next_unit(),
                    salience: 10.0 + 90.0 * rng.next_unit(),
                    red_line: None,
                })
                .collect()
        })
        .collect();
    Instance { actors, issues, stances, rng_seed: seed }
}

fn one_round(mut config: Config) -> Config {
    config.stopping = Stopping::Rounds(1);
    config
}

fn bench(c: &mut Criterion) {
    let mut cases: Vec<(String, Instance)> = Vec::new();
    for (n_actors, n_issues) in [(100, 10), (1000, 10)] {
        cases.push((format!("{n_actors}x{n_issues}"), synthetic(n_actors, n_issues, 7)));
    }
    for n_actors in [26, 34, 40, 80, 160] {
        cases.push((format!("ktab{n_actors}x1"), synthetic(n_actors, 1, 11)));
    }

    let mut group = c.benchmark_group("closed_form");
    for (label, instance) in &cases {
        for model in [&Mean as &dyn Model, &Median] {
            group.bench_with_input(
                BenchmarkId::new(model.name(), label),
                instance,
                |b, instance| b.iter(|| model.predict(black_box(instance))),
            );
        }
    }
    group.finish();

    // One round isolates the per-round cost; eight rounds is Scholz's τ.
    let mut group = c.benchmark_group("expected_utility");
    group.sample_size(10);
    for (label, instance) in &cases {
        let models = [
            ("printed-1round", ExpectedUtility { config: one_round(Config::printed()) }),
            ("printed-8rounds", ExpectedUtility { config: Config::printed() }),
            ("compat-1round", ExpectedUtility { config: one_round(Config::scholz_code_compat()) }),
            ("compat-8rounds", ExpectedUtility { config: Config::scholz_code_compat() }),
        ];
        for (name, model) in &models {
            group.bench_with_input(BenchmarkId::new(*name, label), instance, |b, instance| {
                b.iter(|| model.predict(black_box(instance)))
            });
        }
    }
    group.finish();

    // Nash bargaining among the first three actors as veto players (all issues jointly),
    // and the SMP with every issue a one-dimensional space of its own. The SMP on
    // 1,000 actors takes minutes per issue; `cargo run --release -p armistice-bench
    // --example smp_time -- 1000 1` times it once instead.
    let mut group = c.benchmark_group("nash_and_smp");
    group.sample_size(10);
    let nash = Nash { config: nash::Config::STANDARD };
    let smp = Smp { config: smp::Config::ktab_defaults(), accommodation: Vec::new() };
    for (label, instance) in &cases {
        let mut with_veto = instance.clone();
        for actor in with_veto.actors.iter_mut().take(3) {
            actor.veto = true;
        }
        group.bench_with_input(BenchmarkId::new("nash-3veto", label), &with_veto, |b, i| {
            b.iter(|| nash.predict(black_box(i)))
        });
        if instance.actors.len() <= 160 {
            group.bench_with_input(BenchmarkId::new("smp", label), instance, |b, i| {
                b.iter(|| smp.predict(black_box(i)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
