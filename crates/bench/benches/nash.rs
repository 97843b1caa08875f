//! Cost of one talks event (one `nash::propose`) at 2 and 3 veto players × 12 issues,
//! linear (ρ = 1) and quadratic (ρ = 2) utilities, with and without the commitment term.

use armistice_models::nash::{propose, Commitment, Player, Problem, Proposal, EPS};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};

const ISSUES: usize = 12;

/// A small deterministic generator, so the problems are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A problem with a non-empty F (the disagreement values sit below each player's value
/// of the midpoint of the positions), so `propose` returns a deal after one solve.
fn problem(players: usize, rho: f64, commitment: bool, seed: u64) -> Problem {
    let mut rng = Lcg(seed);
    let mut list: Vec<Player> = (0..players)
        .map(|i| {
            let raw: Vec<f64> = (0..ISSUES).map(|_| 0.05 + rng.next()).collect();
            let total: f64 = raw.iter().sum();
            Player {
                weights: raw.iter().map(|w| w / total).collect(),
                positions: (0..ISSUES).map(|_| 100.0 * rng.next()).collect(),
                rho,
                bargaining_weight: 0.5 + rng.next(),
                disagreement: 0.0,
                acceptable: vec![(0.0, 100.0); ISSUES],
                commitment: match commitment && i == 1 {
                    true => Some(Commitment {
                        lambda: (0..ISSUES).map(|k| if k < 2 { 1.5 } else { 0.0 }).collect(),
                        fearfulness: 1.0,
                        base_hazard: 0.01,
                        violation: 0.2,
                        horizon: 104.0,
                        penalty: 0.05,
                    }),
                    false => None,
                },
            }
        })
        .collect();
    let mid: Vec<f64> = (0..ISSUES)
        .map(|k| list.iter().map(|p| p.positions[k]).sum::<f64>() / players as f64)
        .collect();
    for p in &mut list {
        p.disagreement = p.value(&mid) - 0.05;
    }
    Problem { players: list, eps: EPS }
}

fn talks_event(c: &mut Criterion) {
    let mut group = c.benchmark_group("nash_propose_12_issues");
    group.sample_size(10);
    for players in [2, 3] {
        for rho in [1.0, 2.0] {
            for commitment in [false, true] {
                let problem = problem(players, rho, commitment, 7 + players as u64);
                let mediator_d: Vec<f64> = problem.players.iter().map(|p| p.disagreement).collect();
                // The benchmark measures the deal path; make sure it is the one taken.
                assert!(matches!(propose(&problem, &mediator_d), Ok(Proposal::Deal { .. })));
                let id = format!(
                    "{players}p_rho{rho}_{}",
                    if commitment { "commitment" } else { "plain" }
                );
                group.bench_with_input(BenchmarkId::from_parameter(id), &problem, |b, problem| {
                    b.iter(|| propose(black_box(problem), black_box(&mediator_d)))
                });
            }
        }
    }
    group.finish();
}

criterion_group!(benches, talks_event);
criterion_main!(benches);
