//! The expected-utility ("challenge") model of Bueno de Mesquita, as reconstructed and
//! published by Scholz, Calbert & Smith (2011), "Unravelling Bueno De Mesquita's group
//! decision model", Journal of Theoretical Politics 23(4).
//!
//! Each round: the median voter μ (the c·s-weighted median), a first pass of every
//! dyad's expected utility of challenging with all risk exponents at 1, the risk
//! exponents r_i from each actor's "security", a second pass with those exponents,
//! and then every actor accepts at most one offer (conflict, compromise or
//! capitulation), all moves applied at once. The forecast is μ after bargaining.
//! `docs/models.md` gives the equations; [`config`] lists every reading the printed
//! paper leaves open.
//!
//! Cost per round and issue: O(n²) (every P_ij from prefix sums over the voters sorted
//! by position, see `probability.rs`, and one visit per dyad for the EUs), where a
//! naive P would be O(n³).

pub mod config;
mod probability;

use armistice_scenario::instance::Instance;

use crate::median::weighted_median;
use crate::model::{IssueOutcome, Model, Prediction, Stop};
use config::{CompromiseRank, Config, NoChallenge, Perception, Range, Selection, Stopping};
use probability::Support;

/// The expected-utility model (CLI name `expected-utility`).
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedUtility {
    pub config: Config,
}

/// One actor's inputs on one issue.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Actor {
    /// Capability c_i; only ratios matter.
    pub capability: f64,
    /// Position x_i.
    pub position: f64,
    /// Salience s_i on 0–1 (a probability: the chance that the actor resists).
    pub salience: f64,
}

/// Everything a run computed, for tests and reports.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// The median voter μ before bargaining.
    pub initial_median: f64,
    /// The c·s-weighted mean before bargaining.
    pub initial_mean: f64,
    /// One entry per round played.
    pub rounds: Vec<Round>,
    /// Why bargaining stopped; [`Stop::NotApplicable`] when no actor has weight.
    pub stop: Stop,
}

/// One round of bargaining.
#[derive(Clone, Debug, PartialEq)]
pub struct Round {
    /// S_i = Σ_{j≠i} E^j(U_ji) from the first pass (all r = 1), per actor.
    pub security: Vec<f64>,
    /// The risk exponents r_i ∈ [0.5, 2] used in the second pass, per actor.
    pub risk: Vec<f64>,
    /// Positions after the round's moves, per actor.
    pub positions: Vec<f64>,
    /// μ after the round.
    pub median: f64,
    /// The c·s-weighted mean after the round.
    pub mean: f64,
}

impl Model for ExpectedUtility {
    fn name(&self) -> &'static str {
        "expected-utility"
    }

    fn predict(&self, instance: &Instance) -> Prediction {
        let issues = (0..instance.stances.len().max(instance.issues.len()))
            .map(|issue_idx| {
                let actors: Vec<Actor> = instance
                    .stances
                    .get(issue_idx)
                    .map(|stances| {
                        stances
                            .iter()
                            .filter_map(|stance| {
                                let values = instance.actors.get(stance.actor)?;
                                // Scenario saliences are on 0–100; the model reads a probability.
                                Some(Actor {
                                    capability: values.capability,
                                    position: stance.position,
                                    salience: stance.salience / 100.0,
                                })
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let res = run(&actors, &self.config);
                let value = match res.stop {
                    Stop::NotApplicable => None,
                    _ => Some(res.rounds.last().map_or(res.initial_median, |round| round.median)),
                };
                IssueOutcome {
                    value,
                    path: res.rounds.iter().map(|round| round.median).collect(),
                    stop: res.stop,
                }
            })
            .collect();
        Prediction { issues }
    }
}

/// Runs the model on one issue.
///
/// Actors with a non-finite position are left out (the indices of [`Round`] then skip
/// them); a capability or salience that is not finite counts as 0, and salience is
/// clamped to [0, 1]. When no actor has positive weight c·s, the run has no rounds and
/// stops with [`Stop::NotApplicable`] (with `NaN` initial median and mean).
///
/// # Examples
/// ```
/// use armistice_models::expected_utility::{config::Config, run, Actor};
/// let actor = |capability, position, salience| Actor { capability, position, salience };
/// let res = run(&[actor(1.0, 0.0, 0.9), actor(1.0, 10.0, 0.2), actor(1.5, 4.0, 0.5)], &Config::printed());
/// assert_eq!(res.initial_median, 4.0);
/// ```
pub fn run(actors: &[Actor], config: &Config) -> Run {
    let clean = |v: f64| match v.is_finite() {
        true => v.max(0.0),
        false => 0.0,
    };
    let actors: Vec<Actor> = actors
        .iter()
        .filter(|actor| actor.position.is_finite())
        .map(|actor| Actor {
            capability: clean(actor.capability),
            position: actor.position,
            salience: clean(actor.salience).min(1.0),
        })
        .collect();
    let weights: Vec<f64> = actors.iter().map(|actor| actor.capability * actor.salience).collect();
    let mut positions: Vec<f64> = actors.iter().map(|actor| actor.position).collect();
    let stat = |positions: &[f64]| {
        let points: Vec<(f64, f64)> =
            positions.iter().copied().zip(weights.iter().copied()).collect();
        (weighted_median(&points), crate::mean::weighted_mean(&points))
    };
    let (Some(initial_median), Some(initial_mean)) = stat(&positions) else {
        return Run {
            initial_median: f64::NAN,
            initial_mean: f64::NAN,
            rounds: Vec::new(),
            stop: Stop::NotApplicable,
        };
    };
    let range = match config.range {
        Range::InitialPositions => {
            let (lo, hi) = positions
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| (lo.min(x), hi.max(x)));
            hi - lo
        }
        Range::Scale(scale) => scale,
    };
    let mut run = Run {
        initial_median,
        initial_mean,
        rounds: Vec::new(),
        stop: Stop::Converged { rounds: 0 },
    };
    // With every actor at one point (or a meaningless range) no dyad has anything to
    // bargain over: the state is a fixed point before the first round.
    if !(range.is_finite() && range > 0.0) {
        return run;
    }
    let cap = match config.stopping {
        Stopping::Rounds(rounds) => rounds,
        Stopping::Converged { cap, .. } => cap,
    };
    let ctx = Context {
        salience: actors.iter().map(|actor| actor.salience).collect(),
        weights: &weights,
        range,
        config,
    };
    let mut history: Vec<Vec<f64>> = vec![positions.clone()];
    let mut calm_rounds = 0;
    let mut last_median = initial_median;
    for round_idx in 1..=cap {
        let (security, risk, next) = ctx.round(&positions);
        positions = next;
        let (median, mean) = stat(&positions);
        // Every weight is unchanged, so both statistics exist whenever they did at t = 0.
        let (median, mean) = (median.unwrap_or(last_median), mean.unwrap_or(initial_mean));
        run.rounds.push(Round { security, risk, positions: positions.clone(), median, mean });
        // The state of the model is the position vector (r is recomputed from it each
        // round), so an exact repeat means the future repeats too.
        if let Some(seen) = history.iter().rposition(|old| *old == positions) {
            let length = (history.len() - seen) as u32;
            run.stop = match length {
                1 => Stop::Converged { rounds: round_idx },
                _ => Stop::Cycle { rounds: round_idx, length },
            };
            return run;
        }
        history.push(positions.clone());
        if let Stopping::Converged { threshold, .. } = config.stopping {
            calm_rounds = match (median - last_median).abs() < threshold {
                true => calm_rounds + 1,
                false => 0,
            };
            if calm_rounds >= 2 {
                run.stop = Stop::Converged { rounds: round_idx };
                return run;
            }
        }
        last_median = median;
    }
    run.stop = Stop::RoundCap { rounds: cap };
    run
}

/// What stays fixed across the rounds of one run.
struct Context<'a> {
    salience: Vec<f64>,
    weights: &'a [f64],
    range: f64,
    config: &'a Config,
}

/// A move offered to a mover: where it would go, and how it ranks.
#[derive(Clone, Copy)]
struct Offer {
    kind: OfferKind,
    target: f64,
    /// The proposer's EU b (for [`Selection::HighestEnforcement`]).
    enforcement: f64,
    /// (|a| x_i + |b| x_j) / (|a| + |b|), the published program's compromise rank.
    scholz_rank: f64,
    /// The proposer's actor index, the last tie-breaker.
    proposer: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum OfferKind {
    Conflict,
    Compromise,
    Capitulation,
}

impl Context<'_> {
    /// One round on `positions`: returns (security S, risk exponents r, new positions).
    fn round(&self, positions: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let n = positions.len();
        let cfg = self.config;
        let points: Vec<(f64, f64)> =
            positions.iter().copied().zip(self.weights.iter().copied()).collect();
        let median = weighted_median(&points).unwrap_or(positions[0]);
        let ones = vec![1.0; n];

        // First pass, every r = 1: each actor's security S_i = Σ_{j≠i} E^j(U_ji). With
        // r = 1 the perceiver of an EU does not matter, so A2's prose and Appendix
        // readings coincide here.
        let support = Support::new(
            positions,
            self.weights,
            &ones,
            self.range,
            cfg.probability,
            cfg.vote_distance,
        );
        let mut security = vec![0.0; n];
        let order = support.order().to_vec();
        for (a, &i) in order.iter().enumerate() {
            for (b, &j) in order.iter().enumerate().skip(a + 1) {
                let (p_ij, p_ji) = support.ranked_pair(a, b, positions[i], positions[j]);
                // r = 1 everywhere, so the logarithms are not needed.
                let dyad = Dyad::linear(positions[i], positions[j], self.range);
                let sq = utility(0.5, HALF_LN, 1.0);
                security[j] += self.eu_dyad(positions, median, i, j, p_ij, 1.0, sq, &dyad);
                security[i] += self.eu_dyad(positions, median, j, i, p_ji, 1.0, sq, &dyad);
            }
        }
        let risk = risk_exponents(&security);

        // Second pass with the new exponents. P only changes when votes use them.
        let support = match cfg.vote_distance {
            config::VoteDistance::Linear => support,
            config::VoteDistance::VoterRisk => Support::new(
                positions,
                self.weights,
                &risk,
                self.range,
                cfg.probability,
                cfg.vote_distance,
            ),
        };
        // Each unordered pair is visited once, in rank order (sorted by position, which
        // is the order of P's tables): the distance, its logarithms and P are shared by
        // the four EUs the pair can need. The visiting order does not matter for the
        // result: `better` breaks every tie by the proposer's index.
        let status_quo: Vec<f64> = risk.iter().map(|&r| utility(0.5, HALF_LN, r)).collect();
        let mut best: Vec<Option<Offer>> = vec![None; n];
        for (a, &i) in order.iter().enumerate() {
            for (b, &j) in order.iter().enumerate().skip(a + 1) {
                if positions[j] == positions[i] {
                    continue;
                }
                let (p_ij, p_ji) = support.ranked_pair(a, b, positions[i], positions[j]);
                let dyad = Dyad::new(positions[i], positions[j], self.range);
                let e = |ch: usize, tg: usize, p: f64, owner: usize| {
                    self.eu_dyad(
                        positions,
                        median,
                        ch,
                        tg,
                        p,
                        risk[owner],
                        status_quo[owner],
                        &dyad,
                    )
                };
                let (a_i, a_j) = (e(i, j, p_ij, i), e(j, i, p_ji, j));
                let (b_i, b_j) = match cfg.perception {
                    Perception::OwnRisk => (a_j, a_i),
                    Perception::MoverRisk => (e(j, i, p_ji, i), e(i, j, p_ij, j)),
                };
                for (mover, proposer, a, b) in [(i, j, a_i, b_i), (j, i, a_j, b_j)] {
                    let Some(offer) =
                        classify(proposer, positions[mover], positions[proposer], a, b)
                    else {
                        continue;
                    };
                    best[mover] = match best[mover] {
                        Some(old) if !better(cfg.selection, positions[mover], &offer, &old) => {
                            Some(old)
                        }
                        _ => Some(offer),
                    };
                }
            }
        }
        let next = positions
            .iter()
            .zip(&best)
            .map(|(&x, offer)| offer.map_or(x, |offer| offer.target))
            .collect();
        (security, risk, next)
    }

    /// E^i(U_ij): the EU to `ch` of challenging `tg`, with exponent `r` and P_ij = `p`.
    /// The rounds use [`Context::eu_dyad`] directly; this is the one-pair form for tests.
    #[cfg(test)]
    fn eu(&self, positions: &[f64], median: f64, ch: usize, tg: usize, p: f64, r: f64) -> f64 {
        let dyad = Dyad::new(positions[ch], positions[tg], self.range);
        let status_quo = utility(0.5, HALF_LN, r);
        self.eu_dyad(positions, median, ch, tg, p, r, status_quo, &dyad)
    }

    /// [`Context::eu`] with the pair's distance terms and U_sq(r) already computed.
    #[allow(clippy::too_many_arguments)]
    fn eu_dyad(
        &self,
        positions: &[f64],
        median: f64,
        ch: usize,
        tg: usize,
        p: f64,
        r: f64,
        status_quo: f64,
        dyad: &Dyad,
    ) -> f64 {
        let cfg = self.config;
        let success = utility(dyad.success_base, dyad.success_ln, r);
        let failure = utility(dyad.failure_base, dyad.failure_ln, r);
        let s_tg = self.salience[tg];
        let challenge = s_tg * (p * success + (1.0 - p) * failure) + (1.0 - s_tg) * success;
        let no_challenge = match cfg.no_challenge {
            NoChallenge::StatusQuoOnly => cfg.q * status_quo,
            NoChallenge::DriftToMedian => {
                let drift = match cfg.q == 1.0 {
                    true => 0.0,
                    false => {
                        let (x_ch, x_tg) = (positions[ch], positions[tg]);
                        let to_median = (x_ch - median).abs();
                        let m = ((to_median + (x_ch - x_tg).abs()) / self.range).min(2.0);
                        // T = 1 when j drifting to μ brings it nearer i (Scholz's cases 1, 3A).
                        let base = match to_median < (x_ch - x_tg).abs() {
                            true => 0.5 - 0.25 * m,
                            false => 0.5 + 0.25 * m,
                        };
                        utility(base, base.ln(), r)
                    }
                };
                cfg.q * status_quo + (1.0 - cfg.q) * drift
            }
        };
        challenge - no_challenge
    }
}

/// ln 0.5, the logarithm of the status-quo base.
const HALF_LN: f64 = -std::f64::consts::LN_2;

/// The distance terms of one dyad, shared by the EUs of both directions.
struct Dyad {
    /// 0.5 − 0.5 d and its logarithm (the base of U_s).
    success_base: f64,
    success_ln: f64,
    /// 0.5 + 0.5 d and its logarithm (the base of U_f).
    failure_base: f64,
    failure_ln: f64,
}

impl Dyad {
    fn new(x_a: f64, x_b: f64, range: f64) -> Dyad {
        let dyad = Dyad::linear(x_a, x_b, range);
        Dyad { success_ln: dyad.success_base.ln(), failure_ln: dyad.failure_base.ln(), ..dyad }
    }

    /// The bases only, for exponents of exactly 1 (the logarithms are left NaN).
    fn linear(x_a: f64, x_b: f64, range: f64) -> Dyad {
        // Distances are at most R while positions stay inside the initial range; the
        // clamp keeps a rounding error (or a fixed scale smaller than the positions'
        // spread) from giving a negative base.
        let d = ((x_a - x_b).abs() / range).min(1.0);
        let (success_base, failure_base) = (0.5 - 0.5 * d, 0.5 + 0.5 * d);
        Dyad {
            success_base,
            success_ln: success_base.ln(),
            failure_base,
            failure_ln: failure_base.ln(),
        }
    }
}

/// 2 − 4·base^r, BDM's utility shape, with base^r = exp(r·ln base): the logarithm is
/// shared by both directions of a dyad, and exp is cheaper than powf. With r = 1 the
/// base is used as it is, so the first pass is exact. A base of 0 has ln = −∞ and
/// gives 0 for every r > 0, as it should.
fn utility(base: f64, ln_base: f64, r: f64) -> f64 {
    match r == 1.0 {
        true => 2.0 - 4.0 * base,
        false => 2.0 - 4.0 * (r * ln_base).exp(),
    }
}

/// R_i = (2 S_i − max S − min S) / (max S − min S), r_i = (1 − R_i/3) / (1 + R_i/3).
///
/// When every S_i is equal (or not finite) R_i is taken as 0, so r_i = 1: nobody is
/// more or less secure than anyone else.
fn risk_exponents(security: &[f64]) -> Vec<f64> {
    let (lo, hi) = security
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &s| (lo.min(s), hi.max(s)));
    security
        .iter()
        .map(|&s| {
            let big_r = match hi > lo && (hi - lo).is_finite() {
                true => ((2.0 * s - hi - lo) / (hi - lo)).clamp(-1.0, 1.0),
                false => 0.0,
            };
            (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
        })
        .collect()
}

/// Scholz's fig. 6 from the mover i's side, a = E^i(U_ij), b = E^j(U_ji).
fn classify(proposer: usize, xi: f64, xj: f64, a: f64, b: f64) -> Option<Offer> {
    let scholz_rank = match a.abs() + b.abs() > 0.0 {
        true => (a.abs() * xi + b.abs() * xj) / (a.abs() + b.abs()),
        false => xi,
    };
    let offer = |kind, target| Some(Offer { kind, target, enforcement: b, scholz_rank, proposer });
    match (a > 0.0, b > 0.0) {
        // Conflict that j expects to win by more: i moves to x_j.
        (true, true) if b > a => offer(OfferKind::Conflict, xj),
        (false, true) if a < 0.0 && b > -a => {
            // Compromise, j has the upper hand (eq. 36): i moves the fraction |a/b|.
            offer(OfferKind::Compromise, xi + (xj - xi) * (a / b).abs())
        }
        // Compel: i's loss outweighs j's gain, and i capitulates fully.
        (false, true) if a < 0.0 && -a > b => offer(OfferKind::Capitulation, xj),
        _ => None,
    }
}

/// Whether `new` should replace `old` as the mover's accepted offer. Offers that tie on
/// the selection rule go to the proposer with the lower actor index (the published
/// program keeps the first in input order), so the result depends on nothing but the
/// input order, whatever order the dyads are visited in.
fn better(selection: Selection, xi: f64, new: &Offer, old: &Offer) -> bool {
    use std::cmp::Ordering;
    let cmp = |x: f64, y: f64| x.partial_cmp(&y).unwrap_or(Ordering::Equal);
    let moved = |offer: &Offer| (offer.target - xi).abs();
    let least_move = cmp(moved(new), moved(old));
    let rank = match selection {
        Selection::LeastMove => least_move,
        // The larger enforcement ranks first.
        Selection::HighestEnforcement => cmp(old.enforcement, new.enforcement).then(least_move),
        Selection::Ordered { compromise } => {
            new.kind.cmp(&old.kind).then(match (new.kind, compromise) {
                (OfferKind::Compromise, CompromiseRank::ScholzCode) => {
                    cmp(new.scholz_rank, old.scholz_rank)
                }
                _ => least_move,
            })
        }
    };
    rank.then(new.proposer.cmp(&old.proposer)) == Ordering::Less
}

#[cfg(test)]
mod tests;
