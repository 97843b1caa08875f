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

/// How many random problems each brute-force agreement test runs per shape. The default
/// keeps the crate's debug test run short; `ARMISTICE_NASH_SWEEP=1` runs the larger seeded
/// sweep (five times as many problems, other seeds) that `docs/models.md (Nash bargaining)` reports.
fn sweep(default: usize) -> (usize, u64) {
    match std::env::var("ARMISTICE_NASH_SWEEP").as_deref() {
        Ok("1") => (5 * default, 1000),
        _ => (default, 0),
    }
}

/// The solver's Nash value may fall short of the reference's by at most this
/// (Σ b_i ln g_i; the reference only ever under-estimates the optimum).
const NASH_TOL: f64 = 1e-6;
/// The solver's smallest gain at the max–min point may fall short by at most this.
const MAX_MIN_TOL: f64 = 1e-9;

#[test]
fn two_players_agree_with_brute_force() {
    // 300 problems: one to six issues, linear, quadratic and mixed curvature, red lines.
    let (count, offset) = sweep(12);
    for (seed, issues) in [(1, 1), (2, 2), (3, 3), (4, 6)] {
        for rho in [Some(1.0), Some(2.0), None] {
            let res = agree(
                seed + offset,
                count,
                Shape { players: 2, issues, rho, red_lines: true, commitment: false },
            );
            assert!(
                res.nash <= NASH_TOL && res.max_min <= MAX_MIN_TOL && res.missed == 0,
                "{issues} {rho:?}: {res:?}"
            );
            assert!(
                res.deals > 0 && res.deals + res.box_empty < count,
                "the generator should mix outcomes: {res:?}"
            );
        }
    }
}

#[test]
fn three_and_four_players_agree_with_brute_force() {
    let (count, offset) = sweep(8);
    for (seed, issues, players) in [(5, 2, 3), (6, 3, 3), (7, 4, 4)] {
        for rho in [Some(1.0), Some(2.0), None] {
            let res = agree(
                seed + offset,
                count,
                Shape { players, issues, rho, red_lines: true, commitment: false },
            );
            assert_eq!(res.missed, 0, "{res:?}");
            // Smooth utilities: the multiplier searches are exact.
            let (nash_tol, max_min_tol) = match rho {
                Some(r) if r > 1.0 => (NASH_TOL, MAX_MIN_TOL),
                // Known shortfall: with linear utilities and three or more players the
                // optimum can lie inside a face of the frontier that the vertex polish
                // only approaches; measured worst shortfalls are documented in
                // docs/models.md (Nash bargaining).
                _ => (MANY_LINEAR_NASH_TOL, MANY_LINEAR_MAX_MIN_TOL),
            };
            assert!(
                res.nash <= nash_tol && res.max_min <= max_min_tol,
                "{players} {issues} {rho:?}: {res:?}"
            );
        }
    }
}

#[test]
fn commitment_term_agrees_with_brute_force() {
    let (count, offset) = sweep(12);
    for (seed, issues, players) in [(8, 2, 2), (9, 3, 2), (10, 3, 3)] {
        for rho in [Some(1.0), Some(2.0), None] {
            let n = match players {
                2 => count,
                _ => count / 2,
            };
            let res = agree(
                seed + offset,
                n,
                Shape { players, issues, rho, red_lines: true, commitment: true },
            );
            assert_eq!(res.missed, 0, "{res:?}");
            // Two players are exact for every ρ; three with linear utilities share the
            // known shortfall of three_and_four_players_agree_with_brute_force.
            let (nash_tol, max_min_tol) = match (players, rho) {
                (2, _) | (_, Some(2.0)) => (NASH_TOL, MAX_MIN_TOL),
                _ => (MANY_LINEAR_NASH_TOL, MANY_LINEAR_MAX_MIN_TOL),
            };
            assert!(
                res.nash <= nash_tol && res.max_min <= max_min_tol,
                "{players} {issues} {rho:?}: {res:?}"
            );
        }
    }
}

/// Measured gaps (Σ b ln g) with linear utilities and three or more multipliers.
const MANY_LINEAR_NASH_TOL: f64 = 0.05;
const MANY_LINEAR_MAX_MIN_TOL: f64 = 0.01;

fn linear(p: f64, b: f64, d: f64) -> Player {
    Player { bargaining_weight: b, ..player(&[p], &[1.0], d) }
}

#[test]
fn narrow_bargaining_range_is_solved_exactly() {
    // A wants 0, B wants 100, both linear; d leaves F = [50 − 5e-6, 50 + 5e-6], a range
    // 10⁻⁵ points wide. With b_A = 1, b_B = 3 the Nash point of
    // ln(hi − x) + 3 ln(x − lo) is lo + ¾ (hi − lo).
    let half = 5e-6;
    let d = -(50.0 + half) / 100.0;
    let problem = Problem { players: vec![linear(0.0, 1.0, d), linear(100.0, 3.0, d)], eps: EPS };
    match solve(&problem).unwrap() {
        Outcome::Deal { nash, .. } => {
            let expect = 50.0 - half + 0.75 * 2.0 * half;
            assert!((nash.terms[0] - expect).abs() < 1e-9, "{} vs {expect}", nash.terms[0]);
        }
        other => panic!("{other:?}"),
    }
    // The same with twelve issues and quadratic utilities: the range is the set where
    // both gains are positive; the solution must be inside it.
    let k = 12;
    let mk = |p: f64, b: f64| Player {
        weights: vec![1.0 / k as f64; k],
        positions: vec![p; k],
        rho: 2.0,
        bargaining_weight: b,
        disagreement: 0.0,
        acceptable: vec![(0.0, 100.0); k],
        commitment: None,
    };
    let mut problem = Problem { players: vec![mk(10.0, 1.0), mk(90.0, 2.0)], eps: EPS };
    // At x = 50 on every issue both have u = −0.16; leave each 10⁻⁹ of utility.
    for p in &mut problem.players {
        p.disagreement = -0.16 - 1e-9;
    }
    match solve(&problem).unwrap() {
        Outcome::Deal { nash, .. } => {
            assert!(nash.gains.iter().all(|&g| g >= EPS), "{nash:?}");
            assert!(nash.terms.iter().all(|&x| (x - 50.0).abs() < 1e-3), "{nash:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn single_veto_player_takes_its_best_terms_in_the_box() {
    let mut p = player(&[20.0, 70.0], &[0.5, 0.5], -0.5);
    p.acceptable = vec![(30.0, 100.0), (0.0, 100.0)];
    let problem = Problem { players: vec![p.clone()], eps: EPS };
    match solve(&problem).unwrap() {
        Outcome::Deal { nash, .. } => assert_eq!(nash.terms, vec![30.0, 70.0]),
        other => panic!("{other:?}"),
    }
    // Nothing in the box beats its disagreement value: no deal.
    p.disagreement = 0.0;
    let problem = Problem { players: vec![p], eps: EPS };
    assert!(matches!(solve(&problem).unwrap(), Outcome::NoGainForAll { .. }));
}

#[test]
fn malformed_problems_are_errors_not_panics() {
    let good = player(&[20.0], &[1.0], -1.0);
    let cases = [
        Problem { players: vec![], eps: EPS },
        Problem { players: vec![Player { rho: 0.5, ..good.clone() }], eps: EPS },
        Problem { players: vec![Player { weights: vec![f64::NAN], ..good.clone() }], eps: EPS },
        Problem { players: vec![Player { positions: vec![1.0, 2.0], ..good.clone() }], eps: EPS },
        Problem { players: vec![Player { bargaining_weight: 0.0, ..good.clone() }], eps: EPS },
        Problem { players: vec![good.clone()], eps: f64::NAN },
    ];
    for case in &cases {
        assert!(solve(case).is_err(), "{case:?}");
        assert!(propose(case, &[0.0]).is_err());
    }
    let problem = Problem { players: vec![good], eps: EPS };
    assert_eq!(propose(&problem, &[]), Err(ProblemError::MediatorLength { found: 0, expected: 1 }));
}

#[test]
fn lowering_a_players_disagreement_moves_terms_toward_the_other() {
    // war-model §9.3 in the solver's terms: a higher cost of war lowers d_A, and every
    // term moves weakly toward B's position (two players, separable, unique solution).
    let mut rng = ChaCha12Rng::seed_from_u64(31);
    let mut checked = 0;
    for _ in 0..200 {
        let rho = [1.5, 2.0, 3.0][rng.random_range(0..3)];
        let problem = random_problem(
            &mut rng,
            Shape { players: 2, issues: 4, rho: Some(rho), red_lines: true, commitment: false },
        );
        let before = match solve(&problem).unwrap() {
            Outcome::Deal { nash, .. } => nash,
            _ => continue,
        };
        let mut lower = problem.clone();
        lower.players[0].disagreement -= 0.05 * rng.random::<f64>();
        let after = match solve(&lower).unwrap() {
            Outcome::Deal { nash, .. } => nash,
            other => panic!("lowering d_A cannot empty F: {other:?}"),
        };
        let p_b = &problem.players[1].positions;
        for (k, p) in p_b.iter().enumerate() {
            let toward_b = (after.terms[k] - before.terms[k]) * (p - before.terms[k]).signum();
            assert!(toward_b >= -1e-6, "issue {k}: {before:?} -> {after:?}");
        }
        assert!(
            problem.players[0].utility(&after.terms)
                <= problem.players[0].utility(&before.terms) + 1e-12
        );
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn refusals_follow_war_model_9_8() {
    let mut rng = ChaCha12Rng::seed_from_u64(47);
    let (mut refused, mut single_blame, mut mediator_range) = (0, 0, 0);
    for case in 0..300 {
        let players = [2, 2, 3][case % 3];
        let rho = [Some(1.0), Some(2.0), None][(case / 3) % 3];
        let problem = random_problem(
            &mut rng,
            Shape {
                players,
                issues: 3,
                rho,
                red_lines: true,
                commitment: case % 5 == 0 && players == 2,
            },
        );
        let mediator_d: Vec<f64> = problem
            .players
            .iter()
            .map(|p| p.disagreement - 0.1 * rng.random::<f64>() + 0.02)
            .collect();
        // The exact searches; `talks_solver_agrees_with_the_exact_searches` holds the
        // talks solver to the same refusals and blame.
        let proposal = propose_exact(&problem, &mediator_d).unwrap();
        let solved = solve(&problem).unwrap();
        match (&solved, &proposal) {
            (Outcome::Deal { nash, .. }, Proposal::Deal { terms }) => {
                assert_eq!(&nash.terms, terms)
            }
            (Outcome::BoxEmpty { .. }, Proposal::BoxEmpty { refusing, blamed }) => {
                assert!(refusing.len() >= 2 && refusing == blamed, "{proposal:?}");
            }
            (Outcome::NoGainForAll { .. }, Proposal::Refused { tabled, refusing, blamed }) => {
                refused += 1;
                // At least one refuses, exactly one is blamed (no exact ties here), and
                // the blamed player refuses.
                assert!(!refusing.is_empty());
                assert_eq!(blamed.len(), 1, "{proposal:?}");
                assert!(refusing.contains(&blamed[0]));
                for &i in refusing {
                    assert!(!problem.players[i].accepts(tabled, EPS));
                }
                let bounds = problem.red_line_box();
                assert!(tabled.iter().zip(&bounds).all(|(x, b)| b.0 <= *x && *x <= b.1));
                if blamed.len() == 1 {
                    single_blame += 1;
                }
                // A player whose own d is at most the mediator's never refuses when the
                // mediator's projection leaves a range.
                let mut mediator = problem.clone();
                for (p, &d) in mediator.players.iter_mut().zip(&mediator_d) {
                    p.disagreement = d;
                }
                if let Outcome::Deal { .. } = solve(&mediator).unwrap() {
                    mediator_range += 1;
                    for (i, p) in problem.players.iter().enumerate() {
                        if p.disagreement <= mediator_d[i] {
                            assert!(
                                !refusing.contains(&i),
                                "case {case}: player {i} refuses with d ≤ d^M"
                            );
                        }
                    }
                }
            }
            other => panic!("solve and propose disagree: {other:?}"),
        }
    }
    assert!(
        refused > 30 && single_blame == refused && mediator_range > 10,
        "{refused} {single_blame} {mediator_range}"
    );
}

#[test]
fn mediator_sharing_b_belief_means_only_a_can_refuse() {
    // A is optimistic (high d_A): F is empty; the mediator's d equals B's own.
    let a = linear(0.0, 1.0, -0.3);
    let b = linear(100.0, 1.0, -0.6);
    let problem = Problem { players: vec![a, b], eps: EPS };
    assert!(matches!(solve(&problem).unwrap(), Outcome::NoGainForAll { .. }));
    match propose(&problem, &[-0.45, -0.6]).unwrap() {
        Proposal::Refused { refusing, blamed, .. } => {
            assert_eq!(refusing, vec![0]);
            assert_eq!(blamed, vec![0]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn empty_box_refusals_name_the_players_with_disjoint_red_lines() {
    let mut a = player(&[10.0, 10.0], &[0.5, 0.5], -1.0);
    let mut b = player(&[90.0, 90.0], &[0.5, 0.5], -1.0);
    let c = player(&[50.0, 50.0], &[0.5, 0.5], -1.0);
    a.acceptable[1] = (0.0, 30.0);
    b.acceptable[1] = (60.0, 100.0);
    let problem = Problem { players: vec![a, b, c], eps: EPS };
    assert_eq!(solve(&problem).unwrap(), Outcome::BoxEmpty { issues: vec![1] });
    assert_eq!(
        propose(&problem, &[-1.0, -1.0, -1.0]).unwrap(),
        Proposal::BoxEmpty { refusing: vec![0, 1], blamed: vec![0, 1] }
    );
}

#[test]
fn stronger_guarantees_enlarge_the_terms_b_accepts() {
    // war-model §9.6: B bears the commitment risk; raising a guarantee term G_g toward
    // (not beyond) B's position, or raising λ_g, keeps every accepted term accepted.
    let mut rng = ChaCha12Rng::seed_from_u64(61);
    let mut accepted = 0;
    for _ in 0..400 {
        let problem = random_problem(
            &mut rng,
            Shape { players: 2, issues: 3, rho: None, red_lines: false, commitment: true },
        );
        let b = &problem.players[1];
        let x: Vec<f64> = (0..3).map(|_| 100.0 * rng.random::<f64>()).collect();
        if !b.accepts(&x, EPS) {
            continue;
        }
        accepted += 1;
        for g in 0..2 {
            let mut y = x.clone();
            let room = b.positions[g] - x[g];
            if room > 0.0 {
                y[g] += room * rng.random::<f64>();
                assert!(b.accepts(&y, EPS), "raising guarantee {g}: {x:?} -> {y:?}");
            }
            let mut stronger = b.clone();
            if let Some(c) = &mut stronger.commitment {
                c.lambda[g] += rng.random::<f64>();
            }
            assert!(stronger.accepts(&x, EPS));
        }
    }
    assert!(accepted > 50, "{accepted}");
}

/// The static model's instance with one issue per entry of `status_quo`.
fn instance(
    status_quo: &[f64],
    actors: &[(f64, bool)],
    stances: Vec<Vec<StanceValues>>,
) -> Instance {
    Instance {
        actors: actors.iter().map(|&(capability, veto)| ActorValues { capability, veto }).collect(),
        issues: status_quo.iter().map(|&q| IssueValues { status_quo: q, group: None }).collect(),
        stances,
        rng_seed: 0,
    }
}

fn stance(actor: usize, position: f64, salience: f64, red_line: Option<RedLine>) -> StanceValues {
    StanceValues { actor, position, salience, red_line }
}

use crate::model::{Model, NoDealReason, Stop};
use armistice_scenario::instance::{
    ActorValues, Instance, IssueValues, RedLine, Side, StanceValues,
};

#[test]
fn static_model_matches_the_two_player_linear_closed_form() {
    // Two veto players, one issue, linear utilities, status quo q below both positions
    // p_A < p_B. For x ≥ p_A the gains are g_A = w_A (2p_A − q − x)/100 and
    // g_B = w_B (x − q)/100 (for x ≤ p_B); maximising b_A ln g_A + b_B ln g_B gives
    // x* = (b_A q + b_B (2p_A − q)) / (b_A + b_B) = p_A + (b_B − b_A)(p_A − q)/(b_A + b_B),
    // clipped to [p_A, p_B]; below p_A both gains rise with x. The saliences cancel.
    // With q = 10, p_A = 30, p_B = 80, b_A = 1, b_B = 3: x* = 30 + 2·20/4 = 40.
    let model = Nash { config: Config::STANDARD };
    let inst = instance(
        &[10.0],
        &[(1.0, true), (3.0, true), (50.0, false)],
        vec![vec![
            stance(0, 30.0, 70.0, None),
            stance(1, 80.0, 20.0, None),
            stance(2, 0.0, 100.0, None),
        ]],
    );
    let pred = model.predict(&inst);
    assert_eq!(pred.issues[0].stop, Stop::Closed);
    let x = pred.issues[0].value.unwrap();
    assert!((x - 40.0).abs() < 1e-7, "{x}");
    // b_A ≥ b_B: the deal stops at A's position.
    let inst = instance(
        &[10.0],
        &[(3.0, true), (1.0, true)],
        vec![vec![stance(0, 30.0, 70.0, None), stance(1, 80.0, 20.0, None)]],
    );
    let x = model.predict(&inst).issues[0].value.unwrap();
    assert!((x - 30.0).abs() < 1e-7, "{x}");
}

#[test]
fn static_model_never_crosses_a_red_line() {
    // Same as the closed-form case, but B's red line at 35 (accept at or below) cuts the
    // Nash point of 40 back to exactly 35.
    let model = Nash { config: Config::STANDARD };
    let line = RedLine { value: 35.0, accept: Side::Below };
    let inst = instance(
        &[10.0],
        &[(1.0, true), (3.0, true)],
        vec![vec![stance(0, 30.0, 70.0, Some(line)), stance(1, 80.0, 20.0, None)]],
    );
    let x = model.predict(&inst).issues[0].value.unwrap();
    assert!((35.0 - 1e-7..=35.0).contains(&x), "{x}");
    // Quadratic utilities too, on random instances.
    let model = Nash { config: Config { rho: 2.0 } };
    let mut rng = ChaCha12Rng::seed_from_u64(5);
    for _ in 0..50 {
        let mut stances = Vec::new();
        for _ in 0..3 {
            stances.push(
                (0..2)
                    .map(|a| {
                        let v = 100.0 * rng.random::<f64>();
                        let red = RedLine {
                            value: v,
                            accept: [Side::Below, Side::Above][rng.random_range(0..2)],
                        };
                        stance(
                            a,
                            100.0 * rng.random::<f64>(),
                            100.0 * rng.random::<f64>(),
                            Some(red),
                        )
                    })
                    .collect(),
            );
        }
        let inst = instance(&[50.0, 50.0, 50.0], &[(1.0, true), (2.0, true)], stances);
        for (k, out) in model.predict(&inst).issues.iter().enumerate() {
            if let Some(x) = out.value {
                for st in &inst.stances[k] {
                    assert!(st.red_line.is_none_or(|r| r.accepts(x)), "issue {k}: {x} {st:?}");
                }
            }
        }
    }
}

#[test]
fn static_model_reports_no_deal() {
    let model = Nash { config: Config::STANDARD };
    // Status quo between the positions: any move hurts one side, F is empty.
    let inst = instance(
        &[50.0],
        &[(1.0, true), (1.0, true)],
        vec![vec![stance(0, 20.0, 50.0, None), stance(1, 80.0, 50.0, None)]],
    );
    assert_eq!(model.predict(&inst).issues[0].stop, Stop::NoDeal(NoDealReason::NoGainForAll));
    // Disjoint red lines on issue 0; issue 1 is still bargained over.
    let below = RedLine { value: 30.0, accept: Side::Below };
    let above = RedLine { value: 60.0, accept: Side::Above };
    let inst = instance(
        &[0.0, 0.0],
        &[(1.0, true), (1.0, true)],
        vec![
            vec![stance(0, 20.0, 50.0, Some(below)), stance(1, 80.0, 50.0, Some(above))],
            vec![stance(0, 20.0, 50.0, None), stance(1, 80.0, 50.0, None)],
        ],
    );
    let pred = model.predict(&inst);
    assert_eq!(pred.issues[0].stop, Stop::NoDeal(NoDealReason::RedLinesDisjoint));
    assert_eq!(pred.issues[1].stop, Stop::Closed);
    // No veto players at all; and an issue no veto player has a stance on.
    let inst = instance(&[50.0], &[(1.0, false)], vec![vec![stance(0, 20.0, 50.0, None)]]);
    assert_eq!(model.predict(&inst).issues[0].stop, Stop::NoDeal(NoDealReason::NoVetoPlayers));
    let inst = instance(
        &[50.0, 50.0],
        &[(1.0, true), (1.0, false)],
        vec![vec![stance(0, 20.0, 50.0, None)], vec![stance(1, 20.0, 50.0, None)]],
    );
    let pred = model.predict(&inst);
    assert_eq!(pred.issues[0].stop, Stop::Closed);
    assert_eq!(pred.issues[0].value, Some(20.0));
    assert_eq!(pred.issues[1].stop, Stop::NotApplicable);
}

#[test]
fn static_model_trades_across_issues() {
    // A cares 80/20 about issues 1/2 and wants (0, 0); B cares 20/80 and wants
    // (100, 100); status quo (50, 50); linear, equal capability. Per unit of movement,
    // g_A = 0.5 − 0.008 x₁ − 0.002 x₂ and g_B = −0.5 + 0.002 x₁ + 0.008 x₂. At (0, 100)
    // both gains are 0.3 and the gradient of ln g_A + ln g_B is (−0.02, +0.02): each
    // side gets the issue it cares about most, a trade no issue-by-issue model finds
    // (issue by issue, the status quo is Pareto optimal and F is empty).
    let model = Nash { config: Config::STANDARD };
    let inst = instance(
        &[50.0, 50.0],
        &[(1.0, true), (1.0, true)],
        vec![
            vec![stance(0, 0.0, 80.0, None), stance(1, 100.0, 20.0, None)],
            vec![stance(0, 0.0, 20.0, None), stance(1, 100.0, 80.0, None)],
        ],
    );
    let pred = model.predict(&inst);
    assert!((pred.issues[0].value.unwrap() - 0.0).abs() < 1e-7, "{pred:?}");
    assert!((pred.issues[1].value.unwrap() - 100.0).abs() < 1e-7, "{pred:?}");
}

/// The talks solver (`fast.rs`) against the exact multiplier searches on random
/// problems: the same decision, the same refusals and blame, and a Nash value no lower
/// than the exact one's beyond the stated tolerance.
fn fast_against_exact(seed: u64, count: usize, shape: Shape) -> (usize, usize, f64, usize) {
    let mut rng = ChaCha12Rng::seed_from_u64(seed);
    let (mut deals, mut refused, mut worst, mut mismatch) = (0, 0, 0.0_f64, 0);
    for case in 0..count {
        let problem = random_problem(&mut rng, shape);
        // The mediator's d: every player's own, shifted down by a random amount.
        let mediator_d: Vec<f64> =
            problem.players.iter().map(|p| p.disagreement - 0.1 * rng.random::<f64>()).collect();
        let fast = propose(&problem, &mediator_d).unwrap();
        let exact = propose_exact(&problem, &mediator_d).unwrap();
        match (&fast, &exact) {
            (Proposal::Deal { terms: a }, Proposal::Deal { terms: b }) => {
                deals += 1;
                assert!(problem.players.iter().all(|p| p.accepts(a, EPS)), "case {case}");
                let d: Vec<f64> = problem.players.iter().map(|p| p.disagreement).collect();
                let value =
                    |t: &[f64]| solver::nash_value(&problem, &solver::true_gains(&problem, &d, t));
                worst = worst.max(value(b) - value(a));
            }
            (
                Proposal::Refused { refusing: r1, blamed: b1, .. },
                Proposal::Refused { refusing: r2, blamed: b2, .. },
            ) => {
                refused += 1;
                if r1 != r2 || b1 != b2 {
                    eprintln!("case {case}: fast {fast:?} exact {exact:?}");
                    mismatch += 1;
                }
            }
            (Proposal::BoxEmpty { .. }, Proposal::BoxEmpty { .. }) => {}
            _ => {
                eprintln!("case {case}: fast {fast:?} exact {exact:?}");
                mismatch += 1;
            }
        }
    }
    (deals, refused, worst, mismatch)
}

#[test]
fn talks_solver_agrees_with_the_exact_searches() {
    for (seed, players, issues, commitment) in [
        (71, 2, 1, false),
        (72, 2, 3, false),
        (73, 3, 3, false),
        (74, 2, 3, true),
        (75, 3, 4, true),
    ] {
        let shape = Shape { players, issues, rho: None, red_lines: true, commitment };
        let (deals, refused, worst, mismatch) = fast_against_exact(seed, 60, shape);
        eprintln!("{shape:?}: deals {deals} refused {refused} nash shortfall {worst:e} mismatches {mismatch}");
        assert_eq!(mismatch, 0, "{shape:?}: decisions, refusals or blame differ");
        assert!(worst <= 1e-11, "{shape:?}: Nash value {worst:e} below the exact one");
        assert!(
            deals >= 20 && refused >= 3,
            "{shape:?}: too few of each case to test ({deals}, {refused})"
        );
    }
}

/// A warm start (the vertices the previous talks event on the same kind left behind)
/// changes nothing but the cost: over sequences of events whose disagreement values drift
/// as they do week to week, the warm and the cold solver sign, refuse and blame alike,
/// and their Nash values agree to the solver's tolerance.
#[test]
fn a_warm_start_gives_the_cold_answer() {
    let mut rng = ChaCha12Rng::seed_from_u64(81);
    let (mut deals, mut refused, mut worst) = (0, 0, 0.0_f64);
    for (players, issues, commitment) in [(2, 3, false), (2, 3, true), (3, 4, true)] {
        let shape = Shape { players, issues, rho: None, red_lines: true, commitment };
        for _ in 0..20 {
            let mut problem = random_problem(&mut rng, shape);
            let mut warm = WarmStart::default();
            for _ in 0..6 {
                for p in &mut problem.players {
                    p.disagreement += 0.02 * (rng.random::<f64>() - 0.5);
                }
                let mediator_d: Vec<f64> =
                    problem.players.iter().map(|p| p.disagreement - 0.05).collect();
                let hot = propose_warm(&problem, &mediator_d, &mut warm).unwrap();
                let cold = propose(&problem, &mediator_d).unwrap();
                match (&hot, &cold) {
                    (Proposal::Deal { terms: a }, Proposal::Deal { terms: b }) => {
                        deals += 1;
                        let d: Vec<f64> = problem.players.iter().map(|p| p.disagreement).collect();
                        let value = |t: &[f64]| {
                            solver::nash_value(&problem, &solver::true_gains(&problem, &d, t))
                        };
                        worst = worst.max((value(a) - value(b)).abs());
                    }
                    (
                        Proposal::Refused { refusing: r1, blamed: b1, .. },
                        Proposal::Refused { refusing: r2, blamed: b2, .. },
                    ) => {
                        refused += 1;
                        assert_eq!((r1, b1), (r2, b2), "{shape:?}");
                    }
                    (Proposal::BoxEmpty { .. }, Proposal::BoxEmpty { .. }) => {}
                    _ => panic!("{shape:?}: warm {hot:?}, cold {cold:?}"),
                }
            }
        }
    }
    assert!(worst <= 1e-11, "Nash values differ by {worst:e}");
    assert!(deals >= 60 && refused >= 20, "too few of each case ({deals}, {refused})");
}

/// Who refused and who was blamed, if the proposal was refused.
fn decisions(p: &Proposal) -> Option<(Vec<usize>, Vec<usize>)> {
    match p {
        Proposal::Refused { refusing, blamed, .. } => Some((refusing.clone(), blamed.clone())),
        _ => None,
    }
}

/// Two veto players both more optimistic than the mediator: who refuses and who is
/// blamed follow from the differences between their own and the mediator's d (and the
/// range of the committed player's survival factor), without the max–min point. The
/// verdict must be the exact searches' whenever it is given that way, and the same as
/// the one found with the tabled point.
#[test]
fn refusals_without_the_max_min_point_are_the_searched_ones() {
    let mut rng = ChaCha12Rng::seed_from_u64(91);
    let (mut short, mut searched, mut mismatch) = (0, 0, 0);
    for commitment in [false, true] {
        let shape = Shape { players: 2, issues: 3, rho: None, red_lines: true, commitment };
        for case in 0..300 {
            let mut problem = random_problem(&mut rng, shape);
            // Own d a little above a random point's value, so F is often empty while each
            // player alone could still gain; the mediator's d a little lower, by
            // shifts of similar size so that blame is a close contest; one case in ten
            // has a mediator more optimistic than one player (no shortcut then).
            let bounds = problem.red_line_box();
            let x0: Vec<f64> =
                bounds.iter().map(|&(lo, hi)| lo + (hi - lo) * rng.random::<f64>()).collect();
            for p in &mut problem.players {
                // Part of the way from the random point's value to the player's best in
                // the box (its own positions, clipped).
                let ideal: Vec<f64> = p
                    .positions
                    .iter()
                    .zip(&bounds)
                    .map(|(&x, &(lo, hi))| x.max(lo).min(hi))
                    .collect();
                let (low, high) = (p.value(&x0), p.value(&ideal));
                p.disagreement = low + (0.3 + 0.6 * rng.random::<f64>()) * (high - low).max(0.0);
            }
            let base = 0.03 * rng.random::<f64>();
            let mut mediator_d = Vec::new();
            for p in &problem.players {
                let d = p.disagreement - base * (0.6 + 0.8 * rng.random::<f64>());
                mediator_d.push(if rng.random::<f64>() < 0.1 { d + 0.05 } else { d });
            }
            let verdict = verdict_warm(&problem, &mediator_d, &mut WarmStart::default()).unwrap();
            let full = propose(&problem, &mediator_d).unwrap();
            let exact = propose_exact(&problem, &mediator_d).unwrap();
            if let Proposal::Refused { tabled, .. } = &verdict {
                match tabled.is_empty() {
                    true => short += 1,
                    false => searched += 1,
                }
            }
            assert_eq!(decisions(&verdict), decisions(&full), "case {case}: {verdict:?} {full:?}");
            if decisions(&verdict) != decisions(&exact) {
                eprintln!("case {case}: verdict {verdict:?} exact {exact:?}");
                mismatch += 1;
            }
        }
    }
    eprintln!("verdicts without the max–min point {short}, with it {searched}");
    assert_eq!(mismatch, 0, "refusals or blame differ from the exact searches");
    assert!(short >= 40 && searched >= 5, "too few of each case ({short}, {searched})");
}

/// The trace's range slack (the smallest gain at the max–min point) from the talks
/// solver agrees with the exact searches' max–min point.
#[test]
fn range_slack_is_the_exact_max_min_gain() {
    let mut rng = ChaCha12Rng::seed_from_u64(93);
    let mut compared = 0;
    for (players, issues, commitment) in [(2, 3, false), (2, 3, true), (3, 3, false)] {
        let shape = Shape { players, issues, rho: None, red_lines: true, commitment };
        for case in 0..40 {
            let problem = random_problem(&mut rng, shape);
            let fast = range_slack(&problem).unwrap();
            let exact = match solve(&problem).unwrap() {
                Outcome::Deal { max_min, .. } | Outcome::NoGainForAll { max_min } => {
                    Some(solver::min_gain(&max_min.gains))
                }
                Outcome::BoxEmpty { .. } => None,
            };
            match (fast, exact) {
                (Some(a), Some(b)) => {
                    compared += 1;
                    assert!(
                        (a - b).abs() <= 1e-6 * (1.0 + b.abs()),
                        "{shape:?} case {case}: {a} vs {b}"
                    );
                }
                (None, None) => {}
                _ => panic!("{shape:?} case {case}: {fast:?} vs {exact:?}"),
            }
        }
    }
    assert!(compared >= 80, "only {compared} problems compared");
}

/// When a player's best terms in the box leave it the smallest gain, those terms are the
/// max–min point, found without a search: A wants 100 but B's red line stops at 40, where
/// A's gain under the mediator's d is −0.36 + 0.30 = −0.06 and B's −0.16 + 0.50 = 0.34.
/// A refuses (−0.36 + 0.25 < 0 under its own d) and is blamed; B accepts.
#[test]
fn a_player_held_below_its_value_by_a_red_line_is_tabled_its_best_terms() {
    let mut a = player(&[100.0], &[1.0], -0.25);
    a.rho = 2.0;
    let mut b = player(&[0.0], &[1.0], -0.45);
    b.rho = 2.0;
    b.acceptable = vec![(0.0, 40.0)];
    let problem = Problem { players: vec![a, b], eps: EPS };
    let mediator_d = [-0.30, -0.50];
    let want = Proposal::Refused { tabled: vec![40.0], refusing: vec![0], blamed: vec![0] };
    assert_eq!(propose(&problem, &mediator_d).unwrap(), want);
    assert_eq!(verdict_warm(&problem, &mediator_d, &mut WarmStart::default()).unwrap(), want);
    match propose_exact(&problem, &mediator_d).unwrap() {
        Proposal::Refused { tabled, refusing, blamed } => {
            assert!((tabled[0] - 40.0).abs() < 1e-6, "{tabled:?}");
            assert_eq!((refusing, blamed), (vec![0], vec![0]));
        }
        other => panic!("{other:?}"),
    }
}

/// The warm start's proof that F was empty is reused only while it still proves it:
/// two quadratic players at 100 and 0 with d = −0.2 each cannot agree ((1 − x)² ≤ 0.2
/// and x² ≤ 0.2 are disjoint), nor at −0.21, but at −0.3 they can (x ∈ [45.2, 54.8]).
#[test]
fn a_kept_proof_of_no_deal_does_not_outlive_the_facts() {
    let problem_at = |d: f64| {
        let mut a = player(&[100.0], &[1.0], d);
        a.rho = 2.0;
        let mut b = player(&[0.0], &[1.0], d);
        b.rho = 2.0;
        Problem { players: vec![a, b], eps: EPS }
    };
    let mut warm = WarmStart::default();
    assert_eq!(deal_warm(&problem_at(-0.2), &mut warm).unwrap(), None);
    assert_eq!(deal_warm(&problem_at(-0.21), &mut warm).unwrap(), None);
    let terms = deal_warm(&problem_at(-0.3), &mut warm).unwrap().expect("a deal at d = −0.3");
    assert!((terms[0] - 50.0).abs() < 1e-6, "{terms:?}");
    assert_eq!(deal_warm(&problem_at(-0.2), &mut warm).unwrap(), None);
}

/// Disagreement values on either side of a random point of the box: each player's own d
/// above its value there (so its own F tends to be empty), the mediator's d below it
/// (returned, so the mediator's F is not).
fn split_at_a_random_point(
    rng: &mut ChaCha12Rng,
    problem: &mut Problem,
    bounds: &[(f64, f64)],
) -> Vec<f64> {
    let x0: Vec<f64> =
        bounds.iter().map(|&(lo, hi)| lo + (hi - lo) * rng.random::<f64>()).collect();
    let mut mediator_d = Vec::new();
    for p in &mut problem.players {
        let v = p.value(&x0);
        p.disagreement = v + 0.05 * rng.random::<f64>();
        mediator_d.push(v - 0.05 * rng.random::<f64>());
    }
    mediator_d
}

/// Two veto players whose own F is empty while the mediator's is not: when one player's
/// share of its gain at a known point of the mediator's F already clears its threshold,
/// it accepts the mediator's Nash point, and the other refuses and is blamed, without
/// the Nash point. The verdict must be the exact searches' whenever it is given that way.
#[test]
fn refusals_without_the_mediators_nash_point_are_the_searched_ones() {
    let mut rng = ChaCha12Rng::seed_from_u64(95);
    let (mut short, mut short_varying, mut searched) = (0, 0, 0);
    for commitment in [false, true] {
        let shape = Shape { players: 2, issues: 3, rho: None, red_lines: true, commitment };
        for case in 0..300 {
            let mut problem = random_problem(&mut rng, shape);
            // Half the commitment terms on issues the box fixes nothing about: the
            // survival factor is then the same everywhere (as on a truce without
            // guarantees); in the other half it varies with the guarantees.
            let varying = commitment && case % 2 == 1;
            for p in &mut problem.players {
                if let Some(c) = &mut p.commitment {
                    if !varying {
                        c.lambda.iter_mut().for_each(|l| *l = 0.0);
                    }
                }
            }
            let bounds = problem.red_line_box();
            let mediator_d = split_at_a_random_point(&mut rng, &mut problem, &bounds);
            let verdict = verdict_warm(&problem, &mediator_d, &mut WarmStart::default()).unwrap();
            let exact = propose_exact(&problem, &mediator_d).unwrap();
            if let Proposal::Refused { tabled, .. } = &verdict {
                match tabled.is_empty() {
                    true => {
                        short += 1;
                        short_varying += usize::from(varying);
                        assert_eq!(decisions(&verdict), decisions(&exact), "case {case}");
                    }
                    false => searched += 1,
                }
            }
        }
    }
    eprintln!(
        "verdicts without the mediator's point {short} ({short_varying} with guarantees), with it {searched}"
    );
    assert!(
        short >= 30 && short_varying >= 10,
        "too few verdicts without the point ({short}, {short_varying}, {searched})"
    );
}

/// Two veto players whose own F is empty while the mediator's is not, and whose
/// guarantee strength the box fixes (no commitment term, or one on a truce without
/// guarantee issues): bracketing the mediator's Nash point on the Pareto frontier until
/// every test of the verdict has one answer across the bracket gives the exact
/// searches' refusals and blame, with kinks (ρ = 1) and red lines.
#[test]
fn refusals_at_the_mediators_nash_point_by_bracketing_are_the_searched_ones() {
    let mut rng = ChaCha12Rng::seed_from_u64(96);
    let (mut bracketed, mut open, mut no_range) = (0, 0, 0);
    for (commitment, issues) in [(false, 1), (false, 3), (true, 3), (false, 6), (true, 6)] {
        let shape = Shape { players: 2, issues, rho: None, red_lines: true, commitment };
        for case in 0..200 {
            let mut problem = random_problem(&mut rng, shape);
            for p in &mut problem.players {
                if let Some(c) = &mut p.commitment {
                    c.lambda.iter_mut().for_each(|l| *l = 0.0);
                }
            }
            let bounds = problem.red_line_box();
            if bounds.iter().any(|b| b.0 > b.1) {
                continue;
            }
            let mediator_d = split_at_a_random_point(&mut rng, &mut problem, &bounds);
            let exact = propose_exact(&problem, &mediator_d).unwrap();
            if !matches!(exact, Proposal::Refused { .. }) {
                // The players' own F is not empty after all: not this short cut's case.
                no_range += 1;
                continue;
            }
            match fast::bracketed_verdict(&problem, &mediator_d) {
                Some(verdict) => {
                    bracketed += 1;
                    assert_eq!(Some(verdict), decisions(&exact), "{issues} issues, case {case}");
                }
                None => open += 1,
            }
        }
    }
    eprintln!("bracketed {bracketed}, left open {open}, deals {no_range}");
    assert!(bracketed >= 300, "too few verdicts by bracketing ({bracketed}, {open})");
}
