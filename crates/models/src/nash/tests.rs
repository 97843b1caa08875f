//! Tests of the Nash solver and the static model: hand-derived cases, properties, and
//! agreement with the brute-force reference of `brute.rs` on seeded random problems.

use super::*;

fn player(p: &[f64], w: &[f64], d: f64) -> Player {
    Player {
        weights: w.to_vec(),
        positions: p.to_vec(),
        rho: 1.0,
        bargaining_weight: 1.0,
        disagreement: d,
        acceptable: vec![(0.0, 100.0); p.len()],
        commitment: None,
    }
}

#[test]
fn symmetric_one_issue_splits_the_difference() {
    let problem = Problem {
        players: vec![player(&[20.0], &[1.0], -1.0), player(&[80.0], &[1.0], -1.0)],
        eps: EPS,
    };
    match solve(&problem) {
        Ok(Outcome::Deal { nash, .. }) => assert!((nash.terms[0] - 50.0).abs() < 1e-7, "{nash:?}"),
        other => panic!("{other:?}"),
    }
}

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha12Rng;

/// The shape of a random problem.
#[derive(Clone, Copy, Debug)]
struct Shape {
    players: usize,
    issues: usize,
    /// `None`: each player draws ρ from {1, 1.5, 2, 3}; `Some(r)`: all use r.
    rho: Option<f64>,
    red_lines: bool,
    commitment: bool,
}

fn random_problem(rng: &mut ChaCha12Rng, shape: Shape) -> Problem {
    let k = shape.issues;
    let mut players: Vec<Player> = (0..shape.players)
        .map(|i| {
            let raw: Vec<f64> = (0..k).map(|_| rng.random::<f64>().powi(2) + 0.01).collect();
            // Weights normalised over more issues than the problem has, as in the war model.
            let total: f64 = raw.iter().sum::<f64>() * (1.0 + rng.random::<f64>());
            let positions: Vec<f64> =
                (0..k).map(|_| (rng.random::<f64>() * 100.0).round()).collect();
            let acceptable = positions
                .iter()
                .map(|&p| match shape.red_lines && rng.random::<f64>() < 0.4 {
                    // A red line on the far side of the scale from the player's own position.
                    true => {
                        let r = rng.random::<f64>() * 100.0;
                        match r < p {
                            true => (r, 100.0),
                            false => (0.0, r),
                        }
                    }
                    false => (0.0, 100.0),
                })
                .collect();
            Player {
                weights: raw.iter().map(|w| w / total).collect(),
                positions,
                rho: match shape.rho {
                    Some(r) => r,
                    None => [1.0, 1.5, 2.0, 3.0][rng.random_range(0..4)],
                },
                bargaining_weight: 0.2 + 2.0 * rng.random::<f64>(),
                disagreement: 0.0,
                acceptable,
                commitment: match shape.commitment && i == 1 {
                    true => Some(Commitment {
                        lambda: (0..k)
                            .map(|g| if g < 2 { 1.0 + 2.0 * rng.random::<f64>() } else { 0.0 })
                            .collect(),
                        fearfulness: 1.0,
                        base_hazard: 0.002 + 0.02 * rng.random::<f64>(),
                        violation: rng.random::<f64>(),
                        horizon: 104.0,
                        penalty: 0.05,
                    }),
                    false => None,
                },
            }
        })
        .collect();
    // Disagreement values: each player's value of a random point of the box, moved by a
    // random margin, so F ranges from roomy to empty.
    let problem = Problem { players: players.clone(), eps: EPS };
    let bounds = problem.red_line_box();
    let x0: Vec<f64> =
        bounds.iter().map(|&(lo, hi)| lo + (hi - lo) * rng.random::<f64>()).collect();
    for p in &mut players {
        p.disagreement = p.value(&x0) - 0.15 * rng.random::<f64>() + 0.08 * rng.random::<f64>();
    }
    Problem { players, eps: EPS }
}

/// How the solver compared with the reference on a batch of problems.
#[derive(Clone, Copy, Debug, Default)]
struct Agreement {
    deals: usize,
    empty: usize,
    box_empty: usize,
    /// Largest shortfall of the solver's Nash value below the reference's.
    nash: f64,
    /// Largest shortfall of the solver's smallest gain at the max–min point.
    max_min: f64,
    /// Problems where the reference found F non-empty and the solver did not.
    missed: usize,
}

/// Runs the solver and the reference on `count` problems of one shape, checks what
/// must hold exactly (terms inside the box, a Deal's terms accepted by all, F empty
/// only when the reference agrees up to `tol.1`), and returns the measured agreement.
fn agree(seed: u64, count: usize, shape: Shape) -> Agreement {
    let mut rng = ChaCha12Rng::seed_from_u64(seed);
    let mut res = Agreement::default();
    for case in 0..count {
        let problem = random_problem(&mut rng, shape);
        let bounds = problem.red_line_box();
        let out = solve(&problem).unwrap();
        if bounds.iter().any(|b| b.0 > b.1) {
            assert!(matches!(out, Outcome::BoxEmpty { .. }), "case {case}: {out:?}");
            res.box_empty += 1;
            continue;
        }
        let reference = brute::reference(&problem, seed ^ case as u64);
        let max_min = match &out {
            Outcome::Deal { nash, max_min } => {
                res.deals += 1;
                for (k, &x) in nash.terms.iter().enumerate() {
                    assert!(
                        bounds[k].0 <= x && x <= bounds[k].1,
                        "case {case}: term {k} = {x} outside {:?}",
                        bounds[k]
                    );
                }
                assert!(
                    problem.players.iter().all(|p| p.accepts(&nash.terms, EPS)),
                    "case {case}: {nash:?}"
                );
                let ours = solver::nash_value(&problem, &nash.gains);
                if let Some((_, theirs)) = reference.nash {
                    res.nash = res.nash.max(theirs - ours);
                }
                max_min
            }
            Outcome::NoGainForAll { max_min } => {
                res.empty += 1;
                if reference.max_min.1 >= EPS {
                    res.missed += 1;
                }
                max_min
            }
            Outcome::BoxEmpty { .. } => panic!("case {case}: box is not empty"),
        };
        for (k, &x) in max_min.terms.iter().enumerate() {
            assert!(
                bounds[k].0 <= x && x <= bounds[k].1,
                "case {case}: max-min term {k} = {x} outside {:?}",
                bounds[k]
            );
        }
        let mm = max_min.gains.iter().copied().fold(f64::INFINITY, f64::min);
        res.max_min = res.max_min.max(reference.max_min.1 - mm);
    }
    res
}

/// The solver's Nash value may fall short of the reference's by at most this
/// (Σ b_i ln g_i; the reference only ever under-estimates the optimum).
const NASH_TOL: f64 = 1e-6;
/// The solver's smallest gain at the max–min point may fall short by at most this.
const MAX_MIN_TOL: f64 = 1e-9;

#[test]
fn two_players_agree_with_brute_force() {
    for (seed, issues) in [(1, 1), (2, 2), (3, 3), (4, 6)] {
        for rho in [Some(1.0), Some(2.0), None] {
            let res = agree(
                seed,
                40,
                Shape { players: 2, issues, rho, red_lines: true, commitment: false },
            );
            assert!(
                res.nash <= NASH_TOL && res.max_min <= MAX_MIN_TOL && res.missed == 0,
                "{res:?}"
            );
        }
    }
}

#[test]
fn tmp_stats() {
    for (seed, issues, players, commitment) in
        [(5, 2, 3, false), (6, 3, 3, false), (7, 4, 4, false), (8, 2, 2, true), (9, 3, 2, true)]
    {
        for rho in [Some(1.0), Some(2.0), None] {
            let shape = Shape { players, issues, rho, red_lines: true, commitment };
            let res = agree(seed, 20, shape);
            eprintln!(
                "STAT players {players} commit {commitment} issues {issues} rho {rho:?}: {res:?}"
            );
        }
    }
}
