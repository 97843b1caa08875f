//! What happened in one simulated run: the record that questions and aggregates read.
//!
//! The engine appends to a [`History`] as a run goes; nothing in it refers to the
//! engine's internal state, so question predicates can be tested on hand-built histories.

use armistice_scenario::types::{ActorId, AgreementId, IssueId, Level, LeverId};

/// One run's record. Periods are counted from the scenario's `as_of` date.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    /// Number of periods simulated.
    pub periods: u32,
    /// Signed agreements, in the order they were signed.
    pub signings: Vec<Signing>,
    /// Agreements that ended before the run did (breakdown, expiry, replacement).
    pub endings: Vec<Ending>,
    /// Levers that were triggered, in order.
    pub levers: Vec<LeverEvent>,
    /// Talks rounds held, in order.
    pub rounds: Vec<Round>,
    /// `control[t][f]`: side A's share of front `f` at the start of period `t`
    /// (`periods + 1` rows: the last is the state at the end of the run).
    pub control: Vec<Vec<f64>>,
}

/// An agreement signed in period `period`.
#[derive(Clone, Debug, PartialEq)]
pub struct Signing {
    pub deal: AgreementId,
    pub period: u32,
    /// The terms it fixed, one per issue of its kind.
    pub terms: Vec<(IssueId, f64)>,
}

/// The end of a signed agreement.
#[derive(Clone, Debug, PartialEq)]
pub struct Ending {
    /// Index into [`History::signings`].
    pub signing: usize,
    /// The agreement is no longer in force from this period on.
    pub period: u32,
    pub cause: EndCause,
}

/// Why an agreement ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndCause {
    /// The war resumed.
    Breakdown,
    /// A partial deal lapsed.
    Expiry,
    /// A settlement replaced a ceasefire.
    Replaced,
}

/// A lever that was triggered.
#[derive(Clone, Debug, PartialEq)]
pub struct LeverEvent {
    pub lever: LeverId,
    pub triggered: u32,
    /// The period it took effect; `None` when it was a bluff or the run ended first.
    pub effective: Option<u32>,
}

/// A talks round that was held.
#[derive(Clone, Debug, PartialEq)]
pub struct Round {
    pub period: u32,
    pub participants: Vec<ActorId>,
    pub level: Level,
}

impl History {
    /// Whether signing `i` is in force during period `t`.
    pub fn in_force(&self, i: usize, t: u32) -> bool {
        let Some(s) = self.signings.get(i) else { return false };
        s.period <= t && !self.endings.iter().any(|e| e.signing == i && e.period <= t)
    }
}
