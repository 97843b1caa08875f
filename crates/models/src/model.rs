//! The one trait every static bargaining model implements, and what it returns.

use armistice_scenario::instance::Instance;

/// A bargaining model: maps one [`Instance`] to a [`Prediction`].
///
/// The trait is object-safe; use it as `&dyn Model`. The set of models is closed and
/// listed in `registry.rs`.
pub trait Model: Sync {
    /// The name used on the command line and in JSON (`mean`, `median`, …).
    fn name(&self) -> &'static str;
    /// Predicts where each issue settles.
    fn predict(&self, instance: &Instance) -> Prediction;
}

/// A model's forecast for every issue of an instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// One entry per issue, in scenario order.
    pub issues: Vec<IssueOutcome>,
}

/// A model's forecast for one issue.
#[derive(Clone, Debug, PartialEq)]
pub struct IssueOutcome {
    /// The predicted settlement on 0–100; `None` when the model predicts no deal or
    /// has nothing to say (no stances on the issue, no veto player involved).
    pub value: Option<f64>,
    /// The forecast after each round, for round-based models (empty otherwise).
    pub path: Vec<f64>,
    /// Why the model stopped.
    pub stop: Stop,
}

/// Why a model stopped.
#[derive(Clone, Debug, PartialEq)]
pub enum Stop {
    /// A closed-form model: there are no rounds.
    Closed,
    /// Positions stopped moving after `rounds` rounds.
    Converged { rounds: u32 },
    /// The round cap was reached before convergence.
    RoundCap { rounds: u32 },
    /// The same state recurred with period `length` after `rounds` rounds.
    Cycle { rounds: u32, length: u32 },
    /// No agreement is possible, and why.
    NoDeal(NoDealReason),
    /// The model does not apply to this issue (no stances on it, say).
    NotApplicable,
}

/// Why a model found no agreement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoDealReason {
    /// The veto players' red lines leave no common terms on this issue.
    RedLinesDisjoint,
    /// Every term inside the red lines leaves some veto player worse off than without a deal.
    NoGainForAll,
    /// The scenario names no veto player with a stance on this issue.
    NoVetoPlayers,
}
