//! The SMP's turn loop over plain arrays: risk inference, challenges, bargains and
//! each actor's election among its bargains (MODEL.md §3.5–3.11).
//!
//! Everything runs on KTAB's internal [0, 1] scale; [`run`] converts from and to the
//! 0–100 scale of [`Input`] and [`Run`].
//!
//! Cost per turn, with N actors and D dimensions:
//! - distances and utilities: O(N²·D);
//! - the risk-inference PCE over all N positions and the state's PCE over its distinct
//!   positions: O(N³) simple multiply-adds (every voter weighs every pair);
//! - challenges: O(N²) to bound every actor's gain against every target, plus O(N) per
//!   target whose bound could beat the best gain found so far (branch and bound, exact);
//! - bargain utilities: O(N·D) per bargain from each voter's row sum, instead of the
//!   O(N²·D) average over all positions;
//! - bargain elections: O(m²·N) for a queue of m bargains; the queues hold about 3N
//!   bargains in all.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha12Rng;

use super::election::{argmax, from_coalitions, pce, vote, Rules, COALITION_FLOOR};
use super::line::Line;
use super::parallel;
use super::{
    BargainModel, Config, Input, InputError, Interpolation, Outcome, RiskAdjust, RiskRange, Run,
    RunStop, State, StateTransitions, ThirdPartyCommit, VotingRule,
};

/// Smallest expected gain that makes a challenge worth making (MODEL.md §3.5).
const MIN_GAIN: f64 = 1e-5;
/// Options closer than this (Euclidean, [0, 1] scale) are one outcome (MODEL.md §3.4).
const EQUIVALENCE: f64 = 1e-3;
/// Starting strength of each side of a challenge (MODEL.md §3.7).
const CONTEST_FLOOR: f64 = 1e-10;
/// Tie-break added to an actor's own weight when interpolating its point (MODEL.md §3.8).
const OWN_TIE_BREAK: f64 = 1e-6;
/// Added to the first turn's change in the stopping rule (MODEL.md §3.11).
const FIRST_CHANGE_FLOOR: f64 = 1e-4;

/// Runs the SMP to its stopping rule.
///
/// # Errors
/// Returns an [`InputError`] when the arrays are inconsistent or a value is outside
/// KTAB's bounds (capability ≤ 0, positions or saliences outside 0–100, a salience sum
/// above 100, an accommodation row that is negative or sums above 1).
pub fn run(input: &Input, config: &Config) -> Result<Run, InputError> {
    validate(input)?;
    let space = Space::new(input, config);
    let n = space.n;
    let d = space.d;
    let mut position: Vec<f64> = input.position.iter().map(|x| x / 100.0).collect();
    let mut ideal = position.clone();
    let accommodation = input.accommodation.clone();
    let mut rng = ChaCha12Rng::seed_from_u64(input.seed);

    let mut states: Vec<State> = Vec::new();
    // Previous (position, ideal) pairs, for exact cycle detection.
    let mut history: Vec<(Vec<f64>, Vec<f64>)> = vec![(position.clone(), ideal.clone())];
    let mut first_change = 0.0;
    let stop;
    let mut turn: u32 = 0;
    loop {
        let assessment = space.assess(&position, &ideal);
        states.push(space.state(&position, &ideal, &assessment));
        turn += 1;
        let next = space.turn(&position, &ideal, &assessment, &mut rng);
        let change: f64 = (0..n)
            .map(|i| {
                let a = &position[i * d..(i + 1) * d];
                let b = &next[i * d..(i + 1) * d];
                a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt()
            })
            .sum();
        ideal = match &accommodation {
            None => next.clone(),
            Some(a) => adjust_ideals(a, &next, &ideal, n, d),
        };
        position = next;
        if turn == 1 {
            first_change = change;
        }
        if turn >= config.min_turns
            && change / (first_change + FIRST_CHANGE_FLOOR) < config.stop_ratio
        {
            stop = RunStop::Converged { turns: turn };
            break;
        }
        if turn >= config.max_turns {
            stop = RunStop::TurnCap { turns: turn };
            break;
        }
        // With deterministic transitions an exact recurrence repeats for ever. The turns
        // of the cycle already failed the stopping test, so KTAB would play on to the cap;
        // stopping here changes the turn count only, never the positions reached.
        if config.transitions == StateTransitions::Deterministic {
            // A fixed point (length 1) is not a cycle: its change is 0, so the ratio
            // test stops the run at the next turn, as in KTAB.
            let earlier = history.iter().position(|(p, i)| *p == position && *i == ideal);
            if let Some(at) = earlier.filter(|&at| turn - at as u32 >= 2) {
                stop = RunStop::Cycle { turns: turn, length: turn - at as u32 };
                break;
            }
            history.push((position.clone(), ideal.clone()));
        }
    }
    let assessment = space.assess(&position, &ideal);
    states.push(space.state(&position, &ideal, &assessment));
    Ok(Run { n_actors: n, n_dims: d, states, stop })
}

fn validate(input: &Input) -> Result<(), InputError> {
    let n = input.capability.len();
    let d = input.n_dims;
    if d == 0 {
        return Err(InputError::NoDimension);
    }
    for (array, found) in [("position", input.position.len()), ("salience", input.salience.len())] {
        if found != n * d {
            return Err(InputError::Length { array, found, expected: n * d });
        }
    }
    for (actor, &value) in input.capability.iter().enumerate() {
        if !(value > 0.0 && value.is_finite()) {
            return Err(InputError::Capability { actor, value });
        }
    }
    for actor in 0..n {
        let mut sum = 0.0;
        for dim in 0..d {
            for (what, value) in [
                ("position", input.position[actor * d + dim]),
                ("salience", input.salience[actor * d + dim]),
            ] {
                if !(0.0..=100.0).contains(&value) {
                    return Err(InputError::OutOfRange { actor, dim, what, value });
                }
            }
            sum += input.salience[actor * d + dim];
        }
        // A hair of tolerance: spreadsheets write saliences that sum to 100.0000001.
        if sum > 100.0 + 1e-9 {
            return Err(InputError::SalienceSum { actor, sum });
        }
    }
    if let Some(a) = &input.accommodation {
        if a.len() != n * n {
            return Err(InputError::Length {
                array: "accommodation",
                found: a.len(),
                expected: n * n,
            });
        }
        for actor in 0..n {
            let row = &a[actor * n..(actor + 1) * n];
            let ok = row.iter().all(|&w| w.is_finite() && w >= 0.0)
                && row.iter().sum::<f64>() <= 1.0 + 1e-9;
            if !ok {
                return Err(InputError::Accommodation { actor });
            }
        }
    }
    Ok(())
}

/// ι_i ← Σ_j A_ij x_j + (1 − Σ_j A_ij) ι_i (MODEL.md §3.10).
fn adjust_ideals(a: &[f64], position: &[f64], ideal: &[f64], n: usize, d: usize) -> Vec<f64> {
    let mut next = vec![0.0; n * d];
    for i in 0..n {
        let row = &a[i * n..(i + 1) * n];
        let keep = 1.0 - row.iter().sum::<f64>();
        for dim in 0..d {
            let pulled: f64 = row.iter().enumerate().map(|(j, w)| w * position[j * d + dim]).sum();
            next[i * d + dim] = pulled + keep * ideal[i * d + dim];
        }
    }
    next
}

/// The fixed data of a run, on the [0, 1] scale.
struct Space<'c> {
    n: usize,
    d: usize,
    config: &'c Config,
    /// Worker threads, resolved from `Config::threads`.
    threads: usize,
    capability: Vec<f64>,
    /// Actor-major saliences on [0, 1].
    salience: Vec<f64>,
    /// s_id² / Σ_d s_id²: the weights of the normalised distance (0 for an actor with
    /// no salience at all, which then is indifferent between all positions).
    distance_weight: Vec<f64>,
    /// σ_i = Σ_d s_id.
    total_salience: Vec<f64>,
    /// c_i·σ_i: an actor's weight in challenges.
    contest_weight: Vec<f64>,
    rules: Rules,
}

/// What a state implies before anyone moves: distances, risk attitudes, utilities.
struct Assessment {
    /// dist[n * N + m] = δ_n(x_m), from n's ideal to m's position.
    dist: Vec<f64>,
    /// The transpose: dist_t[m * N + n] = δ_n(x_m).
    dist_t: Vec<f64>,
    /// Inferred risk attitude of each actor.
    risk: Vec<f64>,
    /// Objective utilities u[n * N + m] = u_n(x_m) with n's own risk attitude.
    util: Vec<f64>,
    /// Σ_m u[n * N + m].
    row_sum: Vec<f64>,
}

/// A proposed bargain: the point each of its two actors would adopt.
struct Bargain {
    initiator: usize,
    receiver: usize,
    initiator_point: Vec<f64>,
    receiver_point: Vec<f64>,
}

/// u = (1 − δ)(1 + δR) for δ ≤ 1, (1 − δ)(1 + R) beyond (MODEL.md §3.1).
#[inline(always)]
fn utility(delta: f64, risk: f64) -> f64 {
    // Written as a select rather than two branches so hot loops stay branch-free.
    let scale = if delta <= 1.0 { delta } else { 1.0 };
    (1.0 - delta) * (1.0 + scale * risk)
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

impl<'c> Space<'c> {
    fn new(input: &Input, config: &'c Config) -> Space<'c> {
        let n = input.capability.len();
        let d = input.n_dims;
        let salience: Vec<f64> = input.salience.iter().map(|s| s / 100.0).collect();
        let mut distance_weight = vec![0.0; n * d];
        let mut total_salience = vec![0.0; n];
        for i in 0..n {
            let row = &salience[i * d..(i + 1) * d];
            let squares: f64 = row.iter().map(|s| s * s).sum();
            total_salience[i] = row.iter().sum();
            if squares > 0.0 {
                for dim in 0..d {
                    distance_weight[i * d + dim] = row[dim] * row[dim] / squares;
                }
            }
        }
        let contest_weight = (0..n).map(|i| input.capability[i] * total_salience[i]).collect();
        // Resolved once: asking for the core count is a system call.
        let threads = parallel::resolve(config.threads);
        Space {
            n,
            d,
            config,
            threads,
            capability: input.capability.clone(),
            salience,
            distance_weight,
            total_salience,
            contest_weight,
            rules: Rules {
                voting: config.voting_rule,
                victory: config.victory_prob,
                pce: config.pce,
                threads,
            },
        }
    }

    /// Whether PCEs over single positions can use the one-dimensional closed form
    /// ([`Line`]): one dimension and proportional votes.
    fn on_line(&self) -> bool {
        self.d == 1 && self.config.voting_rule == VotingRule::Prop
    }

    /// A PCE over the positions of actors `options`, every actor voting with capability
    /// weight and risk attitude `risk`, on one dimension (O(M²·log N) for M options).
    fn line_pce(
        &self,
        position: &[f64],
        ideal: &[f64],
        risk: &[f64],
        options: &[usize],
    ) -> Vec<f64> {
        let indifferent: Vec<bool> = self.distance_weight.iter().map(|w| *w == 0.0).collect();
        let line = Line::new(ideal, risk, &self.capability, &indifferent);
        let m = options.len();
        let rows = parallel::map(m, self.threads, |a| {
            ((a + 1)..m)
                .map(|b| line.pair(position[options[a]], position[options[b]]))
                .collect::<Vec<_>>()
        });
        let mut coalitions = vec![0.0; m * m];
        for (a, row) in rows.into_iter().enumerate() {
            for (offset, (for_a, for_b)) in row.into_iter().enumerate() {
                let b = a + 1 + offset;
                coalitions[a * m + b] = COALITION_FLOOR + for_a;
                coalitions[b * m + a] = COALITION_FLOOR + for_b;
            }
        }
        from_coalitions(coalitions, m, self.rules)
    }

    /// δ_n(y): salience-weighted normalised distance from n's ideal to y.
    fn distance(&self, ideal: &[f64], actor: usize, y: &[f64]) -> f64 {
        let d = self.d;
        let w = &self.distance_weight[actor * d..(actor + 1) * d];
        let x = &ideal[actor * d..(actor + 1) * d];
        w.iter().zip(x).zip(y).map(|((w, a), b)| w * (a - b) * (a - b)).sum::<f64>().sqrt()
    }

    fn assess(&self, position: &[f64], ideal: &[f64]) -> Assessment {
        let n = self.n;
        let d = self.d;
        let rows = parallel::map(n, self.threads, |a| {
            (0..n)
                .map(|m| self.distance(ideal, a, &position[m * d..(m + 1) * d]))
                .collect::<Vec<f64>>()
        });
        let dist: Vec<f64> = rows.concat();
        let dist_t = transpose(&dist, n);
        // Risk inference: a risk-neutral PCE over all N positions, capability weights.
        let p = match self.on_line() {
            true => self.line_pce(position, ideal, &vec![0.0; n], &(0..n).collect::<Vec<_>>()),
            false => {
                let neutral_t: Vec<f64> = dist_t.iter().map(|x| 1.0 - x).collect();
                pce(n, |a| &neutral_t[a * n..(a + 1) * n], &self.capability, self.rules)
            }
        };
        let risk = risk_attitudes(&p, self.config.risk_range);
        let mut util = vec![0.0; n * n];
        let mut row_sum = vec![0.0; n];
        for a in 0..n {
            let mut sum = 0.0;
            for m in 0..n {
                let u = utility(dist[a * n + m], risk[a]);
                util[a * n + m] = u;
                sum += u;
            }
            row_sum[a] = sum;
        }
        Assessment { dist, dist_t, risk, util, row_sum }
    }

    /// The state's outcome distribution over its distinct positions (MODEL.md §3.4, §3.12).
    fn state(&self, position: &[f64], ideal: &[f64], assessment: &Assessment) -> State {
        let n = self.n;
        let d = self.d;
        let close = |a: usize, b: usize| {
            let xa = &position[a * d..(a + 1) * d];
            let xb = &position[b * d..(b + 1) * d];
            xa.iter().zip(xb).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt() < EQUIVALENCE
        };
        // The options are the representatives: every actor not close to an earlier
        // representative. Each actor then belongs to the *last* representative close to
        // it, which is how KTAB attributes probabilities when classes overlap (checked
        // against KTAB's recorded final probabilities).
        let mut reps: Vec<usize> = Vec::new();
        for i in 0..n {
            if !reps.iter().any(|&r| close(i, r)) {
                reps.push(i);
            }
        }
        let mut classes: Vec<Vec<usize>> = vec![Vec::new(); reps.len()];
        let mut class_of = vec![0; n];
        for (i, class) in class_of.iter_mut().enumerate() {
            // Every actor is close to some representative (itself, if nothing earlier).
            let c = reps.iter().rposition(|&r| close(i, r)).unwrap_or(0);
            classes[c].push(i);
            *class = c;
        }
        // Column of the objective utility matrix for each class representative.
        let columns: Vec<Vec<f64>> =
            reps.iter().map(|&r| (0..n).map(|k| assessment.util[k * n + r]).collect()).collect();
        let p = match self.on_line() {
            true => self.line_pce(position, ideal, &assessment.risk, &reps),
            false => pce(classes.len(), |c| &columns[c][..], &self.capability, self.rules),
        };
        let outcomes = reps
            .iter()
            .zip(&classes)
            .zip(&p)
            .map(|((&r, members), &probability)| Outcome {
                position: position[r * d..(r + 1) * d].iter().map(|x| x * 100.0).collect(),
                probability,
                actors: members.clone(),
            })
            .collect();
        State {
            position: position.iter().map(|x| x * 100.0).collect(),
            probability: (0..n).map(|i| p[class_of[i]]).collect(),
            outcomes,
        }
    }

    /// Plays one turn and returns the new positions.
    fn turn(
        &self,
        position: &[f64],
        ideal: &[f64],
        a: &Assessment,
        rng: &mut ChaCha12Rng,
    ) -> Vec<f64> {
        let n = self.n;
        let d = self.d;
        // Each challenger decides independently; results are gathered in actor order.
        let per_actor = parallel::map(n, self.threads, |i| {
            let mut bargains: Vec<Bargain> = Vec::new();
            let view = self.view(a, i);
            let Some((j, p_i)) = self.best_target(a, &view, i) else {
                return bargains;
            };
            let from_i = self.interpolate(position, i, j, p_i);
            match self.config.bargain {
                BargainModel::InitOnlyInterp => bargains.push(Bargain {
                    initiator: i,
                    receiver: j,
                    initiator_point: from_i.0,
                    receiver_point: from_i.1,
                }),
                BargainModel::InitRcvrInterp | BargainModel::PWCompInterp => {
                    let view_j = self.view(a, j);
                    let toward_i: Vec<f64> =
                        (0..n).map(|m| utility(a.dist[m * n + i], view_j.risk[m])).collect();
                    let p_j = self.win_probability(a, &view_j, &toward_i, i, j);
                    let from_j = self.interpolate(position, i, j, p_j);
                    match self.config.bargain {
                        BargainModel::PWCompInterp => {
                            let (wi, wj) = (self.contest_weight[i], self.contest_weight[j]);
                            let mix = |x: &[f64], y: &[f64]| -> Vec<f64> {
                                x.iter()
                                    .zip(y)
                                    .map(|(x, y)| match wi + wj > 0.0 {
                                        true => (wi * x + wj * y) / (wi + wj),
                                        false => (x + y) / 2.0,
                                    })
                                    .collect()
                            };
                            bargains.push(Bargain {
                                initiator: i,
                                receiver: j,
                                initiator_point: mix(&from_i.0, &from_j.0),
                                receiver_point: mix(&from_i.1, &from_j.1),
                            });
                        }
                        _ => {
                            bargains.push(Bargain {
                                initiator: i,
                                receiver: j,
                                initiator_point: from_i.0,
                                receiver_point: from_i.1,
                            });
                            bargains.push(Bargain {
                                initiator: i,
                                receiver: j,
                                initiator_point: from_j.0,
                                receiver_point: from_j.1,
                            });
                        }
                    }
                }
            }
            bargains
        });
        let bargains: Vec<Bargain> = per_actor.into_iter().flatten().collect();

        // Every voter's utility of each bargain, via row sums (O(N·D) per bargain).
        let inv_n = 1.0 / n as f64;
        let status_quo: Vec<f64> = a.row_sum.iter().map(|s| s * inv_n).collect();
        let bargain_util: Vec<Vec<f64>> = parallel::map(bargains.len(), self.threads, |idx| {
            let b = &bargains[idx];
            (0..n)
                .map(|k| {
                    let ui = utility(self.distance(ideal, k, &b.initiator_point), a.risk[k]);
                    let uj = utility(self.distance(ideal, k, &b.receiver_point), a.risk[k]);
                    (a.row_sum[k] - a.util[k * n + b.initiator] - a.util[k * n + b.receiver]
                        + ui
                        + uj)
                        * inv_n
                })
                .collect()
        });

        // Each actor's queue: its status quo, then every bargain it is part of.
        let mut queues: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (idx, b) in bargains.iter().enumerate() {
            queues[b.initiator].push(idx);
            queues[b.receiver].push(idx);
        }
        // The elections run in parallel (each on one thread); the choices, and the
        // random draws of stochastic transitions, are then made in actor order.
        let single = Rules { threads: 1, ..self.rules };
        let distributions = parallel::map(n, self.threads, |k| {
            let queue = &queues[k];
            match queue.is_empty() {
                true => Vec::new(),
                false => pce(
                    queue.len() + 1,
                    |o| match o {
                        0 => &status_quo[..],
                        _ => &bargain_util[queue[o - 1]][..],
                    },
                    &self.capability,
                    single,
                ),
            }
        });
        let mut next = position.to_vec();
        for (k, (queue, p)) in queues.iter().zip(&distributions).enumerate() {
            if queue.is_empty() {
                continue;
            }
            let chosen = match self.config.transitions {
                StateTransitions::Deterministic => argmax(p),
                StateTransitions::Stochastic => draw(p, rng),
            };
            if chosen > 0 {
                let b = &bargains[queue[chosen - 1]];
                let point = match b.initiator == k {
                    true => &b.initiator_point,
                    false => &b.receiver_point,
                };
                next[k * d..(k + 1) * d].copy_from_slice(point);
            }
        }
        next
    }

    /// Actor h's view of everyone: perceived risk attitudes r^h_n and the utilities
    /// U^h[n][n] of each actor's own position.
    fn view(&self, a: &Assessment, h: usize) -> View {
        let n = self.n;
        let lambda = match self.config.risk_adjust {
            RiskAdjust::None => 0.0,
            RiskAdjust::OneThird => 1.0 / 3.0,
            RiskAdjust::Half => 0.5,
            RiskAdjust::TwoThirds => 2.0 / 3.0,
            RiskAdjust::Full => 1.0,
        };
        let risk: Vec<f64> = match self.config.risk_adjust {
            // Written as KTAB's (2 r_h + r_i)/3 so that the default rounds the same way.
            RiskAdjust::OneThird => a.risk.iter().map(|r| (2.0 * a.risk[h] + r) / 3.0).collect(),
            RiskAdjust::TwoThirds => a.risk.iter().map(|r| (a.risk[h] + 2.0 * r) / 3.0).collect(),
            _ => a.risk.iter().map(|r| (1.0 - lambda) * a.risk[h] + lambda * r).collect(),
        };
        let own = (0..n).map(|m| utility(a.dist[m * n + m], risk[m])).collect();
        View { risk, own }
    }

    /// The target with the largest expected gain for challenger i, in i's own view, and
    /// i's estimate of its win probability; `None` when no gain exceeds [`MIN_GAIN`].
    fn best_target(&self, a: &Assessment, view: &View, i: usize) -> Option<(usize, f64)> {
        let n = self.n;
        let u_ii = view.own[i];
        // Every third party's utility of i's position, shared by all of i's targets.
        let toward_i: Vec<f64> =
            (0..n).map(|m| utility(a.dist_t[i * n + m], view.risk[m])).collect();
        // The gain is (u_ii − u_ij)·(1 − 2σ_j(1 − P)) ≤ u_ii − u_ij, so u_ii − u_ij bounds
        // it from above. Evaluating targets by decreasing bound lets us stop as soon as
        // no remaining bound can beat the best gain: the result is exactly the full scan's.
        let mut candidates: Vec<(f64, usize)> = (0..n)
            .filter(|&j| j != i)
            .map(|j| (u_ii - utility(a.dist[i * n + j], view.risk[i]), j))
            .filter(|&(bound, _)| bound > MIN_GAIN)
            .collect();
        candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let mut best: Option<(usize, f64, f64)> = None;
        for (bound, j) in candidates {
            if let Some((_, _, gain)) = best {
                // The margin covers rounding between the bound and the gain as computed.
                if bound + 1e-12 < gain {
                    break;
                }
            }
            let p = self.win_probability(a, view, &toward_i, i, j);
            let u_ij = utility(a.dist[i * n + j], view.risk[i]);
            let sigma = self.total_salience[j];
            let status_quo = u_ii + u_ij;
            let win = 2.0 * u_ii;
            let lose = 2.0 * u_ij;
            let challenge = (1.0 - sigma) * win + sigma * (p * win + (1.0 - p) * lose);
            let gain = challenge - status_quo;
            let better = match best {
                None => gain > MIN_GAIN,
                Some((best_j, _, best_gain)) => {
                    gain > best_gain || (gain == best_gain && j < best_j)
                }
            };
            if better {
                best = Some((j, p, gain));
            }
        }
        best.map(|(j, p, _)| (j, p))
    }

    /// The viewer's estimate of P(i ≻ j) when i challenges j, with every third party
    /// joining the side it expects to serve it best (MODEL.md §3.7).
    ///
    /// `toward_i[m]` is the viewer's estimate of m's utility of i's position.
    fn win_probability(
        &self,
        a: &Assessment,
        view: &View,
        toward_i: &[f64],
        i: usize,
        j: usize,
    ) -> f64 {
        // Dispatch on the voting rule and commitment once, outside the O(N) loop.
        let rule = self.config.voting_rule;
        match (rule, self.config.third_party) {
            (VotingRule::Prop, ThirdPartyCommit::SemiCommit) => {
                self.win_probability_with(a, view, toward_i, i, j, |w, d| w * d, semi_commit)
            }
            (_, ThirdPartyCommit::SemiCommit) => self.win_probability_with(
                a,
                view,
                toward_i,
                i,
                j,
                move |w, d| vote(rule, w, d),
                semi_commit,
            ),
            (_, ThirdPartyCommit::NoCommit) => self.win_probability_with(
                a,
                view,
                toward_i,
                i,
                j,
                move |w, d| vote(rule, w, d),
                no_commit,
            ),
            (_, ThirdPartyCommit::FullCommit) => self.win_probability_with(
                a,
                view,
                toward_i,
                i,
                j,
                move |w, d| vote(rule, w, d),
                full_commit,
            ),
        }
    }

    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn win_probability_with(
        &self,
        a: &Assessment,
        view: &View,
        toward_i: &[f64],
        i: usize,
        j: usize,
        vote_fn: impl Fn(f64, f64) -> f64 + Copy,
        join: impl Fn(Alignment) -> (f64, f64) + Copy,
    ) -> f64 {
        let n = self.n;
        let w = &self.contest_weight;
        let u = |m: usize, target: usize| utility(a.dist[m * n + target], view.risk[m]);
        let v_i = vote_fn(w[i], view.own[i] - u(i, j));
        let v_j = vote_fn(w[j], toward_i[j] - view.own[j]);
        let c_i = CONTEST_FLOOR + v_i.max(0.0) + v_j.max(0.0);
        let c_j = CONTEST_FLOOR - v_i.min(0.0) - v_j.min(0.0);
        let col_j = &a.dist_t[j * n..(j + 1) * n];
        let (lo, hi) = (i.min(j), i.max(j));
        let mut totals = (c_i, c_j);
        // Third parties are everyone but i and j: three contiguous ranges.
        for range in [0..lo, lo + 1..hi, hi + 1..n] {
            let (ti, tj) = third_parties(
                &toward_i[range.clone()],
                &col_j[range.clone()],
                &view.risk[range.clone()],
                &view.own[range.clone()],
                &w[range],
                (c_i, c_j),
                vote_fn,
                join,
            );
            totals.0 += ti;
            totals.1 += tj;
        }
        totals.0 / (totals.0 + totals.1)
    }

    /// The points i and j are proposed when the estimate of P(i ≻ j) is `p` (MODEL.md §3.8).
    fn interpolate(&self, position: &[f64], i: usize, j: usize, p: f64) -> (Vec<f64>, Vec<f64>) {
        let d = self.d;
        let mut point_i = vec![0.0; d];
        let mut point_j = vec![0.0; d];
        for dim in 0..d {
            let (xi, xj) = (position[i * d + dim], position[j * d + dim]);
            let (si, sj) = (self.salience[i * d + dim], self.salience[j * d + dim]);
            let (wi, wj) = match self.config.interpolation {
                Interpolation::S1P1 => (si * p, sj * (1.0 - p)),
                Interpolation::S2P2 => (si * si * p * p, sj * sj * (1.0 - p) * (1.0 - p)),
                Interpolation::S2PMax => {
                    // Only the weaker side moves, toward the stronger, by its advantage in
                    // win probability times the stronger side's share of squared salience.
                    let advantage = (2.0 * p - 1.0).abs();
                    let (strong, weak, s_strong, s_weak) = match p >= 0.5 {
                        true => (xi, xj, si, sj),
                        false => (xj, xi, sj, si),
                    };
                    let share = match s_strong * s_strong + s_weak * s_weak > 0.0 {
                        true => s_strong * s_strong / (s_strong * s_strong + s_weak * s_weak),
                        false => 0.0,
                    };
                    let moved = round4(weak + advantage * share * (strong - weak));
                    match p >= 0.5 {
                        true => (point_i[dim], point_j[dim]) = (xi, moved),
                        false => (point_i[dim], point_j[dim]) = (moved, xj),
                    }
                    continue;
                }
            };
            // Each actor's own weight carries a small tie-break toward its own position,
            // then the point is rounded to 4 decimals, as KTAB does.
            point_i[dim] =
                round4(((wi + OWN_TIE_BREAK) * xi + wj * xj) / (wi + OWN_TIE_BREAK + wj));
            point_j[dim] =
                round4((wi * xi + (wj + OWN_TIE_BREAK) * xj) / (wi + wj + OWN_TIE_BREAK));
        }
        (point_i, point_j)
    }
}

/// What a third party m weighs when choosing a side: its utilities of i's, j's and its
/// own position, its own estimate q of i's chances, and the coalition strengths and
/// its little-contest vote behind that estimate.
#[derive(Clone, Copy)]
struct Alignment {
    u_mi: f64,
    u_mj: f64,
    u_mm: f64,
    q: f64,
    c_i: f64,
    c_j: f64,
    vote: f64,
}

/// Keeps its position if its side wins, adopts the winner's if it loses.
#[inline(always)]
fn semi_commit(x: Alignment) -> (f64, f64) {
    (x.q * x.u_mm + (1.0 - x.q) * x.u_mj, (1.0 - x.q) * x.u_mm + x.q * x.u_mi)
}

/// Keeps its position whatever happens, so it backs the principal it prefers.
#[inline(always)]
fn no_commit(x: Alignment) -> (f64, f64) {
    (x.u_mi, x.u_mj)
}

/// Ends at the winner's position; joining a side raises that side's chances.
#[inline(always)]
fn full_commit(x: Alignment) -> (f64, f64) {
    let strength = x.vote.abs();
    let q_i = (x.c_i + strength) / (x.c_i + x.c_j + strength);
    let q_j = x.c_i / (x.c_i + x.c_j + strength);
    (q_i * x.u_mi + (1.0 - q_i) * x.u_mj, q_j * x.u_mi + (1.0 - q_j) * x.u_mj)
}

/// Lanes of independent partial sums in the hot loops, so they vectorise.
const LANES: usize = 4;

/// The third parties' contributions to (i's side, j's side), over one contiguous range.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn third_parties(
    toward_i: &[f64],
    dist_j: &[f64],
    risk: &[f64],
    own: &[f64],
    weight: &[f64],
    (c_i, c_j): (f64, f64),
    vote_fn: impl Fn(f64, f64) -> f64,
    join: impl Fn(Alignment) -> (f64, f64),
) -> (f64, f64) {
    let one = |m: usize| {
        let r = risk[m];
        let u_mi = toward_i[m];
        let u_mj = utility(dist_j[m], r);
        // The little contest: m's vote alone decides its estimate q of i's chances.
        let v = vote_fn(weight[m], u_mi - u_mj);
        let side_i = c_i + v.max(0.0);
        let side_j = c_j - v.min(0.0);
        let q = side_i / (side_i + side_j);
        let (join_i, join_j) = join(Alignment { u_mi, u_mj, u_mm: own[m], q, c_i, c_j, vote: v });
        let v_m = vote_fn(weight[m], join_i - join_j);
        (v_m.max(0.0), -v_m.min(0.0))
    };
    let len = toward_i.len();
    let mut to_i = [0.0; LANES];
    let mut to_j = [0.0; LANES];
    let full = len - len % LANES;
    for base in (0..full).step_by(LANES) {
        for lane in 0..LANES {
            let (x, y) = one(base + lane);
            to_i[lane] += x;
            to_j[lane] += y;
        }
    }
    for m in full..len {
        let (x, y) = one(m);
        to_i[0] += x;
        to_j[0] += y;
    }
    ((to_i[0] + to_i[1]) + (to_i[2] + to_i[3]), (to_j[0] + to_j[1]) + (to_j[2] + to_j[3]))
}

/// Perceived risk attitudes and own-position utilities in one actor's view.
struct View {
    risk: Vec<f64>,
    own: Vec<f64>,
}

/// Maps PCE probabilities to risk attitudes: the most likely position gets R = 1.
///
/// KTAB divides by p_max − p_min and turns the whole run into NaN when every position
/// is equally likely (full consensus, two equal camps). Then nobody's position stands
/// out, so we make every actor risk-neutral (R = 0) instead.
fn risk_attitudes(p: &[f64], range: RiskRange) -> Vec<f64> {
    let max = p.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let min = p.iter().copied().fold(f64::INFINITY, f64::min);
    let spread = max - min;
    let distinct = spread > 1e-12 * max.abs().max(1e-300);
    if !distinct {
        return vec![0.0; p.len()];
    }
    p.iter()
        .map(|&x| match range {
            RiskRange::Min => (x - min) / spread,
            RiskRange::Mid => (3.0 * x - max - 2.0 * min) / (2.0 * spread),
            RiskRange::Max => (2.0 * x - max - min) / spread,
        })
        .collect()
}

fn transpose(m: &[f64], n: usize) -> Vec<f64> {
    let mut t = vec![0.0; n * n];
    for a in 0..n {
        for b in 0..n {
            t[b * n + a] = m[a * n + b];
        }
    }
    t
}

fn draw(p: &[f64], rng: &mut ChaCha12Rng) -> usize {
    let u: f64 = rng.random();
    let mut cumulative = 0.0;
    for (idx, x) in p.iter().enumerate() {
        cumulative += x;
        if u < cumulative {
            return idx;
        }
    }
    p.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utility_spans_the_risk_attitudes() {
        assert!((utility(0.5, 0.0) - 0.5).abs() < 1e-12);
        assert!((utility(0.5, 1.0) - 0.75).abs() < 1e-12);
        assert!((utility(0.5, -1.0) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn risk_attitudes_map_the_most_likely_position_to_one() {
        let r = risk_attitudes(&[0.1, 0.3, 0.6], RiskRange::Mid);
        assert!((r[2] - 1.0).abs() < 1e-12 && (r[0] + 0.5).abs() < 1e-12);
        let r = risk_attitudes(&[0.1, 0.3, 0.6], RiskRange::Max);
        assert!((r[0] + 1.0).abs() < 1e-12);
        assert_eq!(risk_attitudes(&[0.25; 4], RiskRange::Mid), vec![0.0; 4]);
    }

    #[test]
    fn draws_follow_the_distribution() {
        let mut rng = ChaCha12Rng::seed_from_u64(1);
        let hits = (0..2000).filter(|_| draw(&[0.2, 0.8], &mut rng) == 1).count();
        assert!((1450..1750).contains(&hits), "{hits}");
    }
}
