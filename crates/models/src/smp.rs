//! KTAB's Spatial Model of Politics (SMP), compatible with KTAB's results.
//!
//! Actors hold positions in a space of one or more issues. Each turn every actor may
//! challenge another, the two build a bargain, and each actor elects, among the bargains
//! that concern it, the one it will adopt. The model is restated in
//! `docs/models.md (spatial model)`; it follows KTAB (KAPSARC Toolkit for Behavioral Analysis,
//! MIT licence) closely enough to reproduce KTAB's final positions within 0.01 points
//! on KTAB's own examples (see the parity test in `tests`).
//!
//! Entry points: [`run`] is the core over plain arrays ([`Input`] → [`Run`]); [`Smp`]
//! implements [`Model`] for scenario instances.
//!
//! # Examples
//! ```
//! use armistice_models::smp::{self, Config, Input};
//! let input = Input {
//!     capability: vec![100.0, 50.0, 80.0],
//!     position: vec![10.0, 60.0, 90.0],
//!     salience: vec![50.0, 80.0, 40.0],
//!     n_dims: 1,
//!     accommodation: None,
//!     seed: 7,
//! };
//! let run = smp::run(&input, &Config::ktab_defaults()).unwrap();
//! assert!(run.turns() >= 2);
//! let forecast = run.forecast()[0];
//! assert!((10.0..=90.0).contains(&forecast));
//! ```

mod election;
mod engine;
mod line;
mod parallel;

use armistice_scenario::instance::Instance;

use crate::model::{IssueOutcome, Model, Prediction, Stop};

pub use engine::run;

/// Every option of KTAB's SMP. Build it with [`Config::ktab_defaults`] and change
/// the fields you need.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// How coalition strengths become a victory probability (`VictoryProbModel`).
    pub victory_prob: VictoryProb,
    /// How pairwise probabilities become an outcome distribution (`PCEModel`).
    pub pce: PceModel,
    /// How an actor picks from its bargain distribution (`StateTransitions`).
    pub transitions: StateTransitions,
    /// How a utility difference becomes a vote (`VotingRule`).
    pub voting_rule: VotingRule,
    /// How an actor perceives the others' risk attitudes (`BigRAdjust`).
    pub risk_adjust: RiskAdjust,
    /// The interval risk attitudes are mapped onto (`BigRRange`).
    pub risk_range: RiskRange,
    /// What a third party expects to do after a contest (`ThirdPartyCommit`).
    pub third_party: ThirdPartyCommit,
    /// How a bargain's point is interpolated (`InterVecBrgn`).
    pub interpolation: Interpolation,
    /// Whose interpolation becomes the bargain (`BargnModel`).
    pub bargain: BargainModel,
    /// The run stops after this many turns at most (KTAB: 100).
    pub max_turns: u32,
    /// The run never stops on the change ratio before this many turns (KTAB: 2).
    pub min_turns: u32,
    /// Stop when a turn's total movement is below this fraction of the first turn's (KTAB: 0.02).
    pub stop_ratio: f64,
    /// Worker threads (0: all available cores). Results are identical for any value.
    pub threads: usize,
}

/// `VictoryProbModel`: P(a ≻ b) from coalition strengths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VictoryProb {
    /// C_ab / (C_ab + C_ba) (KTAB default).
    Linear,
    /// Squares of the strengths.
    Square,
    /// Fourth powers.
    Quartic,
    /// Eighth powers.
    Octic,
    /// A 10 % advantage wins outright; linear inside that band.
    Binary,
}

/// `PCEModel`: the outcome distribution of a Probabilistic Condorcet Election.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PceModel {
    /// p_a ∝ Π_b P(a ≻ b) (KTAB default).
    Conditional,
    /// Markov chain where the challenger is proportional to its incentive.
    MarkovIncentive,
    /// Markov chain with a uniformly chosen challenger.
    MarkovUniform,
}

/// `StateTransitions`: how an actor picks a bargain from its election's distribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateTransitions {
    /// The most probable bargain (KTAB default); the first one wins ties.
    Deterministic,
    /// A draw from the distribution, with a ChaCha12 generator seeded from [`Input::seed`].
    Stochastic,
}

/// `VotingRule`: the vote of weight w on a utility difference Δ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VotingRule {
    /// w·Δ (KTAB default).
    Prop,
    /// w·sign(Δ), with a 10⁻⁸ linear band.
    Binary,
    /// w·(0.8Δ + 0.2·binary).
    PropBin,
    /// w·(Δ + Δ³)/2.
    PropCbc,
    /// w·Δ³.
    Cubic,
    /// w·Δ for losses, (2/3)·w·Δ for gains.
    ASymProsp,
}

/// `BigRAdjust`: actor h's estimate of i's risk attitude, (1 − λ)·r_h + λ·r_i.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RiskAdjust {
    /// λ = 1/3 (KTAB default).
    OneThird,
    /// λ = 0: h projects its own attitude.
    None,
    /// λ = 1/2.
    Half,
    /// λ = 2/3.
    TwoThirds,
    /// λ = 1: h knows the true attitude.
    Full,
}

/// `BigRRange`: the interval risk attitudes are mapped onto.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RiskRange {
    /// [−½, 1] (KTAB default).
    Mid,
    /// [0, 1].
    Min,
    /// [−1, 1].
    Max,
}

/// `ThirdPartyCommit`: what a third party expects to do after the contest it joins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThirdPartyCommit {
    /// Keeps its position if its side wins, adopts the winner's if it loses (KTAB default).
    SemiCommit,
    /// Keeps its position whatever happens.
    NoCommit,
    /// Ends at the winner's position whatever happens.
    FullCommit,
}

/// `InterVecBrgn`: how a bargain's point is interpolated between the two positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interpolation {
    /// Weights s²·P² (KTAB default).
    S2P2,
    /// Weights s·P.
    S1P1,
    /// Only the weaker side moves, toward the stronger.
    S2PMax,
}

/// `BargnModel`: whose interpolation becomes the bargain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BargainModel {
    /// The initiator's interpolation only (KTAB default).
    InitOnlyInterp,
    /// Both the initiator's and the receiver's interpolations are proposed.
    InitRcvrInterp,
    /// The two interpolations averaged, weighted by capability × total salience.
    PWCompInterp,
}

/// The inputs of one SMP run, as plain arrays on KTAB's 0–100 scales.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// One capability per actor; each must be positive and finite.
    pub capability: Vec<f64>,
    /// Actor-major positions: `position[actor * n_dims + dim]`, on 0–100.
    pub position: Vec<f64>,
    /// Actor-major saliences, on 0–100; each actor's sum must be at most 100.
    pub salience: Vec<f64>,
    /// Number of dimensions of the space.
    pub n_dims: usize,
    /// The accommodation ("ideal adjustment") matrix A, row-major `n × n`, each row
    /// non-negative with a sum of at most 1. `None` is the identity.
    pub accommodation: Option<Vec<f64>>,
    /// Seed of the ChaCha12 generator used by stochastic transitions.
    pub seed: u64,
}

/// Why [`run`] refused its input.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum InputError {
    /// An array does not have the length the actor and dimension counts imply.
    #[error("`{array}` has {found} values, expected {expected}")]
    Length { array: &'static str, found: usize, expected: usize },
    /// The space has no dimension.
    #[error("the space has no dimension")]
    NoDimension,
    /// A capability is not a positive finite number (KTAB: "non-positive weight").
    #[error("actor {actor} has capability {value}, expected a positive finite number")]
    Capability { actor: usize, value: f64 },
    /// A position or salience is outside 0–100 or not finite.
    #[error("actor {actor}, dimension {dim}: {what} {value} is outside 0–100")]
    OutOfRange { actor: usize, dim: usize, what: &'static str, value: f64 },
    /// An actor's saliences sum to more than 100.
    #[error("actor {actor}'s saliences sum to {sum}, more than 100")]
    SalienceSum { actor: usize, sum: f64 },
    /// An accommodation row is negative or sums to more than 1.
    #[error("accommodation row {actor} is not non-negative with a sum of at most 1")]
    Accommodation { actor: usize },
}

/// Every state of an SMP run, with its outcome distribution.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    /// Number of actors.
    pub n_actors: usize,
    /// Number of dimensions.
    pub n_dims: usize,
    /// `states[0]` is the initial state, `states[t]` the state after turn t.
    pub states: Vec<State>,
    /// Why the run stopped.
    pub stop: RunStop,
}

/// One state of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// Actor-major positions on 0–100.
    pub position: Vec<f64>,
    /// For each actor, the probability that its position (merged with every position
    /// within 0.1 points) wins the state's PCE. Actors sharing a position repeat the
    /// same number, so these do not sum to 1.
    pub probability: Vec<f64>,
    /// The distinct positions of the state (actor-major, 0–100), each with its PCE
    /// probability; these do sum to 1.
    pub outcomes: Vec<Outcome>,
}

/// One distinct position of a state and its probability of winning.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The position, one value per dimension, on 0–100.
    pub position: Vec<f64>,
    /// Its probability in the state's PCE.
    pub probability: f64,
    /// The actors whose positions merged into it.
    pub actors: Vec<usize>,
}

/// Why a run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunStop {
    /// The change in a turn fell below `stop_ratio` of the first turn's change.
    Converged { turns: u32 },
    /// `max_turns` turns were played.
    TurnCap { turns: u32 },
    /// With deterministic transitions the state after `turns` turns equals the state
    /// `length` turns earlier, so the run would repeat for ever.
    Cycle { turns: u32, length: u32 },
}

/// The SMP as a [`Model`].
#[derive(Clone, Debug, PartialEq)]
pub struct Smp {
    /// The options of every run.
    pub config: Config,
    /// Accommodation entries `(adjusting actor, reference actor, weight)`, as instance
    /// actor indices (scenario `[[models.smp.accommodation]]`); empty for the identity.
    /// See [`accommodation_matrix`] for how they become each space's matrix.
    pub accommodation: Vec<(usize, usize, f64)>,
}

impl Config {
    /// KTAB's defaults, which KTAB also uses for every CSV input.
    pub fn ktab_defaults() -> Config {
        Config {
            victory_prob: VictoryProb::Linear,
            pce: PceModel::Conditional,
            transitions: StateTransitions::Deterministic,
            voting_rule: VotingRule::Prop,
            risk_adjust: RiskAdjust::OneThird,
            risk_range: RiskRange::Mid,
            third_party: ThirdPartyCommit::SemiCommit,
            interpolation: Interpolation::S2P2,
            bargain: BargainModel::InitOnlyInterp,
            max_turns: 100,
            min_turns: 2,
            stop_ratio: 0.02,
            threads: 0,
        }
    }
}

impl Run {
    /// Number of turns played (states minus the initial one).
    pub fn turns(&self) -> u32 {
        self.states.len().saturating_sub(1) as u32
    }

    /// The final state.
    pub fn last(&self) -> &State {
        // A run always holds its initial state, so `states` is never empty.
        &self.states[self.states.len() - 1]
    }

    /// The forecast of the final state, per dimension on 0–100.
    pub fn forecast(&self) -> Vec<f64> {
        self.last().forecast(self.n_dims)
    }

    /// The most probable distinct final position, per dimension on 0–100.
    pub fn most_probable(&self) -> Vec<f64> {
        self.last().most_probable(self.n_dims)
    }
}

impl State {
    /// The probability-weighted mean of the state's distinct positions (0–100).
    pub fn forecast(&self, n_dims: usize) -> Vec<f64> {
        let mut mean = vec![0.0; n_dims];
        for outcome in &self.outcomes {
            for (m, x) in mean.iter_mut().zip(&outcome.position) {
                *m += outcome.probability * x;
            }
        }
        mean
    }

    /// The most probable distinct position (the first one on ties).
    pub fn most_probable(&self, n_dims: usize) -> Vec<f64> {
        let probs: Vec<f64> = self.outcomes.iter().map(|o| o.probability).collect();
        match self.outcomes.is_empty() {
            true => vec![0.0; n_dims],
            false => self.outcomes[election::argmax(&probs)].position.clone(),
        }
    }
}

impl Model for Smp {
    fn name(&self) -> &'static str {
        "smp"
    }

    /// Runs the SMP on every space of the instance: issues sharing a `group` form one
    /// space; an issue without a group is a space of its own.
    fn predict(&self, instance: &Instance) -> Prediction {
        let mut issues: Vec<IssueOutcome> = (0..instance.issues.len())
            .map(|_| IssueOutcome { value: None, path: Vec::new(), stop: Stop::NotApplicable })
            .collect();
        for space in self.run_spaces(instance) {
            let Ok(run) = &space.run else {
                continue;
            };
            let stop = match run.stop {
                RunStop::Converged { turns } => Stop::Converged { rounds: turns },
                RunStop::TurnCap { turns } => Stop::RoundCap { rounds: turns },
                RunStop::Cycle { turns, length } => Stop::Cycle { rounds: turns, length },
            };
            let final_forecast = run.forecast();
            for (dim, &issue_idx) in space.issues.iter().enumerate() {
                let path = run.states[1..].iter().map(|s| s.forecast(run.n_dims)[dim]).collect();
                issues[issue_idx] =
                    IssueOutcome { value: Some(final_forecast[dim]), path, stop: stop.clone() };
            }
        }
        Prediction { issues }
    }
}

/// The SMP run of one space of an instance.
#[derive(Clone, Debug, PartialEq)]
pub struct SpaceRun {
    /// The space's issues (instance indices), in dimension order.
    pub issues: Vec<usize>,
    /// The participating actors (instance indices), in SMP actor order.
    pub actors: Vec<usize>,
    /// The run, or why its input was refused.
    pub run: Result<Run, InputError>,
}

impl Smp {
    /// Runs every space of the instance that has at least one stance, for callers that
    /// want more than [`Model::predict`] returns (every turn's positions, the outcome
    /// distributions, [`Run::most_probable`]).
    pub fn run_spaces(&self, instance: &Instance) -> Vec<SpaceRun> {
        spaces(instance)
            .into_iter()
            .filter_map(|issues| {
                let (mut input, actors) = space_input(instance, &issues)?;
                input.accommodation = accommodation_matrix(&self.accommodation, &actors);
                Some(SpaceRun { run: run(&input, &self.config), issues, actors })
            })
            .collect()
    }
}

/// The spaces of an instance: lists of issue indices, in order of first issue.
pub fn spaces(instance: &Instance) -> Vec<Vec<usize>> {
    let mut spaces: Vec<(Option<u32>, Vec<usize>)> = Vec::new();
    for (idx, issue) in instance.issues.iter().enumerate() {
        let existing = match issue.group {
            Some(g) => spaces.iter_mut().find(|(group, _)| *group == Some(g)),
            None => None,
        };
        match existing {
            Some((_, issues)) => issues.push(idx),
            None => spaces.push((issue.group, vec![idx])),
        }
    }
    spaces.into_iter().map(|(_, issues)| issues).collect()
}

/// The row-major accommodation matrix of a space whose SMP actors are `actors`
/// (instance indices, in SMP order), from entries `(actor, reference, weight)` in
/// instance indices; `None` (the identity) when there are no entries.
///
/// An entry whose actor or reference does not take part in the space is left out. A
/// diagonal weight A_ii that no entry gives is 1 − Σ_{j≠i} A_ij, so an actor without
/// entries keeps the identity row (its ideal follows its position, as in KTAB without
/// `IdealAdjustment`), and an actor with only off-diagonal entries puts the rest of the
/// weight on its own new position.
///
/// # Examples
/// ```
/// use armistice_models::smp::accommodation_matrix;
/// // Instance actors 2 and 5 take part; actor 5 keeps 0.75 of its own position and
/// // moves 0.125 towards actor 2; actor 2 has no entry.
/// let a = accommodation_matrix(&[(5, 5, 0.75), (5, 2, 0.125)], &[2, 5]).unwrap();
/// assert_eq!(a, vec![1.0, 0.0, 0.125, 0.75]);
/// ```
pub fn accommodation_matrix(entries: &[(usize, usize, f64)], actors: &[usize]) -> Option<Vec<f64>> {
    if entries.is_empty() {
        return None;
    }
    let n = actors.len();
    let mut a = vec![0.0; n * n];
    let mut diagonal_given = vec![false; n];
    for &(actor, reference, weight) in entries {
        let i = actors.iter().position(|&x| x == actor);
        let j = actors.iter().position(|&x| x == reference);
        if let (Some(i), Some(j)) = (i, j) {
            a[i * n + j] = weight;
            diagonal_given[i] |= i == j;
        }
    }
    for (i, given) in diagonal_given.into_iter().enumerate() {
        if !given {
            let off: f64 = a[i * n..(i + 1) * n].iter().sum();
            a[i * n + i] = (1.0 - off).max(0.0);
        }
    }
    Some(a)
}

/// Builds the SMP input of one space, with the instance's actor index of each SMP actor.
///
/// Only actors with a positive capability and a stance on at least one issue of the
/// space take part. An actor
/// without a stance on one of the space's issues sits at that issue's status quo with
/// salience 0. KTAB requires each actor's saliences to sum to at most 100; an actor
/// whose saliences sum to more is rescaled proportionally to a sum of 100, which keeps
/// the relative saliences (all that the distances use) and gives the actor full
/// attention in contests. Returns `None` when no actor takes part.
pub fn space_input(instance: &Instance, space: &[usize]) -> Option<(Input, Vec<usize>)> {
    let n_dims = space.len();
    let mut actors: Vec<usize> = Vec::new();
    for &issue in space {
        for stance in instance.stances.get(issue).into_iter().flatten() {
            // KTAB rejects a non-positive capability; such an actor could sway nothing
            // anyway, so it sits out of the space instead of voiding the whole run.
            let counts = instance
                .actors
                .get(stance.actor)
                .is_some_and(|a| a.capability > 0.0 && a.capability.is_finite());
            if counts && !actors.contains(&stance.actor) {
                actors.push(stance.actor);
            }
        }
    }
    actors.sort_unstable();
    if actors.is_empty() {
        return None;
    }
    let mut position = Vec::with_capacity(actors.len() * n_dims);
    let mut salience = Vec::with_capacity(actors.len() * n_dims);
    for &actor in &actors {
        let start = salience.len();
        for &issue in space {
            let stance =
                instance.stances.get(issue).and_then(|s| s.iter().find(|s| s.actor == actor));
            match stance {
                Some(s) => {
                    position.push(s.position.clamp(0.0, 100.0));
                    salience.push(s.salience.clamp(0.0, 100.0));
                }
                None => {
                    position.push(instance.issues[issue].status_quo.clamp(0.0, 100.0));
                    salience.push(0.0);
                }
            }
        }
        let sum: f64 = salience[start..].iter().sum();
        if sum > 100.0 {
            salience[start..].iter_mut().for_each(|s| *s *= 100.0 / sum);
        }
    }
    let capability = actors.iter().map(|&a| instance.actors[a].capability).collect();
    Some((
        Input {
            capability,
            position,
            salience,
            n_dims,
            accommodation: None,
            seed: instance.rng_seed,
        },
        actors,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use armistice_scenario::instance::{ActorValues, IssueValues, StanceValues};

    fn one_dim(capability: &[f64], position: &[f64], salience: &[f64]) -> Input {
        Input {
            capability: capability.to_vec(),
            position: position.to_vec(),
            salience: salience.to_vec(),
            n_dims: 1,
            accommodation: None,
            seed: 42,
        }
    }

    fn assert_defined(run: &Run) {
        for state in &run.states {
            assert!(
                state.position.iter().chain(&state.probability).all(|x| x.is_finite()),
                "{state:?}"
            );
        }
        assert!(run.forecast().iter().all(|x| x.is_finite()));
    }

    #[test]
    fn full_consensus_gives_a_defined_answer() {
        // KTAB divides by zero here (MODEL.md, known defect 5).
        let run = run(&one_dim(&[1.0, 2.0, 3.0], &[40.0; 3], &[50.0; 3]), &Config::ktab_defaults())
            .unwrap();
        assert_defined(&run);
        assert!((run.forecast()[0] - 40.0).abs() < 1e-9);
        assert_eq!(run.stop, RunStop::Converged { turns: 2 });
        assert_eq!(run.last().outcomes.len(), 1);
    }

    #[test]
    fn two_equal_camps_give_a_defined_answer() {
        let input = one_dim(&[1.0, 1.0, 1.0, 1.0], &[20.0, 20.0, 80.0, 80.0], &[60.0; 4]);
        let run = run(&input, &Config::ktab_defaults()).unwrap();
        assert_defined(&run);
        // Symmetric camps: the forecast sits between them.
        let f = run.forecast()[0];
        assert!((20.0..=80.0).contains(&f), "{f}");
    }

    #[test]
    fn stochastic_runs_repeat_from_their_seed() {
        let config =
            Config { transitions: StateTransitions::Stochastic, ..Config::ktab_defaults() };
        let input = one_dim(
            &[10.0, 30.0, 20.0, 50.0, 5.0, 40.0],
            &[0.0, 20.0, 35.0, 60.0, 80.0, 100.0],
            &[90.0, 50.0, 70.0, 40.0, 80.0, 60.0],
        );
        let a = run(&input, &config).unwrap();
        let b = run(&input, &config).unwrap();
        assert_eq!(a, b);
        let other = run(&Input { seed: 43, ..input.clone() }, &config).unwrap();
        let trajectory = |r: &Run| r.states.iter().map(|s| s.position.clone()).collect::<Vec<_>>();
        // Different seeds should explore different trajectories on this scenario.
        assert_ne!(trajectory(&a), trajectory(&other));
    }

    #[test]
    fn thread_count_does_not_change_the_run() {
        // 60 actors: above the size where the engine starts using threads.
        let n = 60;
        let mut input = one_dim(&[], &[], &[]);
        for i in 0..n {
            let x = ((i * 37) % 101) as f64;
            input.capability.push(1.0 + ((i * 13) % 17) as f64);
            input.position.push(x);
            input.salience.push(20.0 + ((i * 7) % 80) as f64);
        }
        for transitions in [StateTransitions::Deterministic, StateTransitions::Stochastic] {
            let one = Config { threads: 1, transitions, ..Config::ktab_defaults() };
            let reference = run(&input, &one).unwrap();
            for threads in [2, 3, 8] {
                assert_eq!(
                    run(&input, &Config { threads, ..one.clone() }).unwrap(),
                    reference,
                    "{threads}"
                );
            }
        }
    }

    #[test]
    fn every_option_runs_without_nan() {
        let input = Input {
            capability: vec![100.0, 50.0, 80.0, 30.0, 60.0],
            position: vec![10.0, 90.0, 60.0, 20.0, 90.0, 80.0, 30.0, 30.0, 50.0, 70.0],
            salience: vec![50.0, 30.0, 80.0, 10.0, 40.0, 40.0, 20.0, 70.0, 45.0, 45.0],
            n_dims: 2,
            accommodation: Some({
                let mut a = vec![0.0; 25];
                (0..5).for_each(|i| a[i * 5 + i] = 0.5);
                a[1] = 0.3;
                a
            }),
            seed: 1,
        };
        let base = Config::ktab_defaults();
        let configs = [
            Config {
                victory_prob: VictoryProb::Binary,
                pce: PceModel::MarkovIncentive,
                ..base.clone()
            },
            Config {
                victory_prob: VictoryProb::Octic,
                pce: PceModel::MarkovUniform,
                ..base.clone()
            },
            Config {
                voting_rule: VotingRule::PropCbc,
                third_party: ThirdPartyCommit::FullCommit,
                ..base.clone()
            },
            Config {
                voting_rule: VotingRule::Binary,
                third_party: ThirdPartyCommit::NoCommit,
                ..base.clone()
            },
            Config {
                interpolation: Interpolation::S2PMax,
                bargain: BargainModel::InitRcvrInterp,
                ..base.clone()
            },
            Config {
                interpolation: Interpolation::S1P1,
                bargain: BargainModel::PWCompInterp,
                ..base.clone()
            },
            Config { risk_adjust: RiskAdjust::Full, risk_range: RiskRange::Max, ..base.clone() },
            Config { risk_adjust: RiskAdjust::None, risk_range: RiskRange::Min, ..base.clone() },
        ];
        for config in configs {
            let run = run(&input, &config).unwrap();
            assert_defined(&run);
            assert!(run.turns() >= 2, "{config:?}");
        }
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let ok = one_dim(&[1.0, 2.0], &[10.0, 20.0], &[50.0, 50.0]);
        let config = Config::ktab_defaults();
        assert!(matches!(
            run(&Input { capability: vec![1.0, 0.0], ..ok.clone() }, &config),
            Err(InputError::Capability { actor: 1, .. })
        ));
        assert!(matches!(
            run(&Input { position: vec![10.0], ..ok.clone() }, &config),
            Err(InputError::Length { array: "position", .. })
        ));
        assert!(matches!(
            run(&Input { salience: vec![50.0, 120.0], ..ok.clone() }, &config),
            Err(InputError::OutOfRange { actor: 1, .. })
        ));
        assert!(matches!(run(&Input { n_dims: 0, ..ok }, &config), Err(InputError::NoDimension)));
    }

    #[test]
    fn model_groups_issues_and_rescales_saliences() {
        let stance =
            |actor, position, salience| StanceValues { actor, position, salience, red_line: None };
        let instance = Instance {
            actors: (0..4)
                .map(|i| ActorValues { capability: 10.0 + i as f64, veto: false })
                .collect(),
            issues: vec![
                IssueValues { status_quo: 50.0, group: Some(1) },
                IssueValues { status_quo: 30.0, group: None },
                IssueValues { status_quo: 50.0, group: Some(1) },
            ],
            stances: vec![
                vec![stance(0, 10.0, 80.0), stance(1, 60.0, 50.0), stance(2, 90.0, 40.0)],
                vec![stance(1, 20.0, 50.0), stance(2, 40.0, 50.0), stance(3, 70.0, 50.0)],
                // Actor 0's saliences sum to 160 across the group: rescaled, not rejected.
                vec![stance(0, 30.0, 80.0), stance(3, 50.0, 90.0)],
            ],
            rng_seed: 3,
        };
        assert_eq!(spaces(&instance), vec![vec![0, 2], vec![1]]);
        let (input, actors) = space_input(&instance, &[0, 2]).unwrap();
        assert_eq!(actors, vec![0, 1, 2, 3]);
        assert_eq!(&input.salience[0..2], &[50.0, 50.0]);
        // Actor 1 has no stance on issue 2: status quo, salience 0.
        assert_eq!((input.position[3], input.salience[3]), (50.0, 0.0));
        let smp = Smp { config: Config::ktab_defaults(), accommodation: Vec::new() };
        let runs = smp.run_spaces(&instance);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[1].actors, vec![1, 2, 3]);
        let most_probable = runs[0].run.as_ref().unwrap().most_probable();
        assert_eq!(most_probable.len(), 2);
        let prediction = smp.predict(&instance);
        for outcome in &prediction.issues {
            let value = outcome.value.unwrap();
            assert!((0.0..=100.0).contains(&value));
            assert!(matches!(
                outcome.stop,
                Stop::Converged { .. } | Stop::Cycle { .. } | Stop::RoundCap { .. }
            ));
            assert_eq!(outcome.path.last().copied(), Some(value));
        }
    }
}
