//! One Monte Carlo draw of a scenario's numbers, in the shape the static models read.
//!
//! An [`Instance`] holds plain numbers only: every distribution of the scenario has
//! already been sampled (or replaced by its central value) before a model sees it.
//! Models never see distributions, spans or ids; they see indices into these vectors.

/// The sampled numbers of one scenario draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    /// One entry per actor, in scenario order.
    pub actors: Vec<ActorValues>,
    /// One entry per issue, in scenario order.
    pub issues: Vec<IssueValues>,
    /// `stances[issue_idx]` lists the stances on that issue, in actor order.
    /// An actor with no stance on an issue does not appear in that issue's list.
    pub stances: Vec<Vec<StanceValues>>,
    /// A seed for models with stochastic steps (the SMP's stochastic transitions),
    /// derived by the caller from (scenario seed, run index) so runs stay reproducible.
    pub rng_seed: u64,
}

/// Sampled numbers of one actor.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorValues {
    /// Clout, on the scenario's own scale (only ratios matter).
    pub capability: f64,
    /// Whether a deal needs this actor's consent.
    pub veto: bool,
}

/// Sampled numbers of one issue.
#[derive(Clone, Debug, PartialEq)]
pub struct IssueValues {
    /// Where the issue stands with no agreement, on 0–100.
    pub status_quo: f64,
    /// Issues that share a group form one multi-dimensional space for the spatial model.
    /// `None` means the issue is a space of its own.
    pub group: Option<u32>,
}

/// Sampled numbers of one actor's stance on one issue.
#[derive(Clone, Debug, PartialEq)]
pub struct StanceValues {
    /// Index of the actor in [`Instance::actors`].
    pub actor: usize,
    /// Ideal point on 0–100.
    pub position: f64,
    /// How much the actor cares, on 0–100.
    pub salience: f64,
    /// Terms beyond this line are unacceptable whatever else a deal offers.
    pub red_line: Option<RedLine>,
}

/// A red line: the acceptable set is the closed half-line from `value` on side `accept`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RedLine {
    /// The line itself, on 0–100; it is acceptable.
    pub value: f64,
    /// Which side of the line is acceptable.
    pub accept: Side,
}

/// A side of a point on an issue scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Values at or below the line.
    Below,
    /// Values at or above the line.
    Above,
}

impl RedLine {
    /// Whether `x` is acceptable under this red line (the line itself is).
    ///
    /// # Examples
    /// ```
    /// use armistice_scenario::instance::{RedLine, Side};
    /// let r = RedLine { value: 40.0, accept: Side::Below };
    /// assert!(r.accepts(40.0) && r.accepts(10.0) && !r.accepts(40.5));
    /// ```
    pub fn accepts(&self, x: f64) -> bool {
        match self.accept {
            Side::Below => x <= self.value,
            Side::Above => x >= self.value,
        }
    }

    /// The acceptable interval intersected with the 0–100 scale.
    pub fn interval(&self) -> (f64, f64) {
        match self.accept {
            Side::Below => (0.0, self.value),
            Side::Above => (self.value, 100.0),
        }
    }
}
