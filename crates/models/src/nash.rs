//! Asymmetric Nash bargaining among veto players: the solver the war simulation calls
//! at every talks event, and the static `nash` model built on it.
//!
//! The solver works on plain numbers ([`Problem`]): per veto player, its weights,
//! ideal points, curvature, bargaining weight, disagreement value, acceptable interval
//! per issue (its red lines) and, for the side that must trust the deal, the
//! commitment term of war-model §6. [`solve`] returns the asymmetric Nash solution
//! inside the feasible set F, or says that F (or the red-line box) is empty, and always
//! returns the max–min point when the box is not empty. [`propose`] adds the
//! refusal and blame rule of war-model §5.
//!
//! Notation follows `war-model.md`: terms x on 0–100, utility
//! `u_i(x) = −Σ_k w_ik (|x_k − p_ik|/100)^ρ_i`, gain `U_i(x) − d_i`, acceptance
//! `U_i(x) ≥ d_i + ε`. See `docs/models.md (Nash bargaining)` for the method and its tolerance.
//!
//! # Examples
//! ```
//! use armistice_models::nash::{solve, Outcome, Player, Problem, EPS};
//! // Two players, one issue, linear utilities, equal weights, nothing without a deal.
//! let player = |p: f64| Player {
//!     weights: vec![1.0],
//!     positions: vec![p],
//!     rho: 1.0,
//!     bargaining_weight: 1.0,
//!     disagreement: -1.0,
//!     acceptable: vec![(0.0, 100.0)],
//!     commitment: None,
//! };
//! let problem = Problem { players: vec![player(20.0), player(80.0)], eps: EPS };
//! match solve(&problem) {
//!     Ok(Outcome::Deal { nash, .. }) => assert!((nash.terms[0] - 50.0).abs() < 1e-6),
//!     other => panic!("expected a deal, got {other:?}"),
//! }
//! ```

mod fast;

pub use fast::WarmStart;
mod model;
mod solver;

#[cfg(test)]
mod brute;
#[cfg(test)]
mod tests;

pub use model::{Config, Nash};

/// The acceptance tolerance ε of war-model §5 (far below any meaningful bargaining range).
pub const EPS: f64 = 1e-12;

/// One bargaining problem: the veto players of one talks event, over the issues the
/// deal kind settles.
///
/// Every player's vectors are indexed by the same issues (`weights.len()` issues).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The veto players; the deal needs every one of them.
    pub players: Vec<Player>,
    /// The acceptance tolerance ε: player i accepts x when `U_i(x) ≥ d_i + ε`.
    /// Use [`EPS`] unless there is a reason not to.
    pub eps: f64,
}

/// One veto player, seen on the issues of one problem.
#[derive(Clone, Debug, PartialEq)]
pub struct Player {
    /// `w_ik` on the issues of this problem, normalised over all the actor's issues
    /// (war-model §1), so they need not sum to 1 here. Non-negative.
    pub weights: Vec<f64>,
    /// Ideal points `p_ik` on 0–100.
    pub positions: Vec<f64>,
    /// Curvature `ρ_i ≥ 1` (1 linear, 2 quadratic).
    pub rho: f64,
    /// Bargaining weight `b_i > 0` (capability, possibly tilted by a mediator).
    pub bargaining_weight: f64,
    /// Disagreement value `d_i` in utility units: what the player gets without this deal.
    pub disagreement: f64,
    /// The closed interval `(lo, hi)` of terms its red lines accept on each issue;
    /// `(0.0, 100.0)` when it has no red line there. See [`acceptable_interval`].
    pub acceptable: Vec<(f64, f64)>,
    /// The commitment term of war-model §6, for the side that must trust the deal.
    pub commitment: Option<Commitment>,
}

/// The commitment problem of war-model §6: the player values a deal as
/// `U(x) = (1 − ω(x))·u(x) + ω(x)·(d − π)`, with the probability that the war resumes
/// `ω(x) = 1 − exp(−ψ·ζ₀·e^{−Λ(x)}·(1 + v)·H_s)` and `Λ(x) = Σ_g λ_g x_g / 100`.
#[derive(Clone, Debug, PartialEq)]
pub struct Commitment {
    /// `λ_g ≥ 0` per issue of the problem; 0 for issues that are not guarantees.
    pub lambda: Vec<f64>,
    /// `ψ ≥ 0`, the player's fearfulness (1 = it fears exactly the model's hazard).
    pub fearfulness: f64,
    /// `ζ₀ ≥ 0`, the base breakdown hazard per period of the deal kind.
    pub base_hazard: f64,
    /// `v ≥ 0`, violation pressure.
    pub violation: f64,
    /// `H_s ≥ 0`, the settlement horizon in periods.
    pub horizon: f64,
    /// `π ≥ 0`, the penalty (utility units) of having demobilised when war resumes.
    pub penalty: f64,
}

/// A point of the red-line box with every player's gain `U_i(x) − d_i` there.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Terms on 0–100, one per issue, inside the red-line box.
    pub terms: Vec<f64>,
    /// `U_i(terms) − d_i` per player.
    pub gains: Vec<f64>,
}

/// What [`solve`] found.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// F is not empty: `nash` is the asymmetric Nash solution (every gain ≥ ε, checked
    /// by evaluation) and `max_min` the point that maximises the smallest gain.
    Deal { nash: Point, max_min: Point },
    /// The red-line box is not empty but F is: even the max–min point leaves some
    /// player below `d_i + ε`.
    NoGainForAll { max_min: Point },
    /// The red lines leave no common terms on these issues (indices into the problem's
    /// issues, ascending).
    BoxEmpty { issues: Vec<usize> },
}

/// What the mediator's proposal at one talks event comes to (war-model §5).
#[derive(Clone, Debug, PartialEq)]
pub enum Proposal {
    /// F is not empty: these Nash terms are proposed and every veto player signs.
    Deal { terms: Vec<f64> },
    /// F is empty: the mediator tabled `tabled`; `refusing` lists the players (indices,
    /// ascending) with `U_i(tabled) < d_i + ε` under their own d, `blamed` the refusing
    /// player(s) with the largest shortfall `d_i − U_i(tabled)` (one, barring exact ties).
    Refused { tabled: Vec<f64>, refusing: Vec<usize>, blamed: Vec<usize> },
    /// The red-line box is empty: `refusing` lists every player whose acceptable
    /// interval on some issue is disjoint from another player's; all are blamed.
    BoxEmpty { refusing: Vec<usize>, blamed: Vec<usize> },
}

/// Why a [`Problem`] cannot be solved. These are caller bugs or bad numbers, never
/// "no deal", which is an [`Outcome`].
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ProblemError {
    /// A problem needs at least one veto player.
    #[error("failed to solve the bargaining problem: it has no veto player")]
    NoPlayers,
    /// A player's vectors do not all have one entry per issue.
    #[error("failed to solve the bargaining problem: player {player} has {found} entries in `{field}`, expected {expected}")]
    Length { player: usize, field: &'static str, found: usize, expected: usize },
    /// A number is NaN, infinite or out of its range.
    #[error("failed to solve the bargaining problem: player {player} has an invalid `{field}` ({value})")]
    Value { player: usize, field: &'static str, value: f64 },
    /// The mediator's disagreement values do not have one entry per player.
    #[error("failed to propose: {found} mediator disagreement values for {expected} players")]
    MediatorLength { found: usize, expected: usize },
    /// `eps` is negative or not finite.
    #[error("failed to solve the bargaining problem: invalid eps ({value})")]
    Eps { value: f64 },
    /// Only one player per problem may carry a commitment term (a documented limitation).
    #[error("failed to solve the bargaining problem: {count} players carry a commitment term, at most 1 is supported")]
    TooManyCommitments { count: usize },
}

/// The acceptable interval of a red line on 0–100 (the whole scale without one).
///
/// # Examples
/// ```
/// use armistice_models::nash::acceptable_interval;
/// use armistice_scenario::instance::{RedLine, Side};
/// assert_eq!(acceptable_interval(None), (0.0, 100.0));
/// let r = RedLine { value: 40.0, accept: Side::Below };
/// assert_eq!(acceptable_interval(Some(&r)), (0.0, 40.0));
/// ```
pub fn acceptable_interval(red_line: Option<&armistice_scenario::instance::RedLine>) -> (f64, f64) {
    match red_line {
        Some(r) => r.interval(),
        None => (0.0, 100.0),
    }
}

/// Solves one bargaining problem: the asymmetric Nash solution
/// `argmax_{x∈F} Σ b_i ln(U_i(x) − d_i)` when F is not empty.
///
/// # Errors
/// [`ProblemError`] when the problem is malformed (mismatched lengths, NaN, `ρ < 1`,
/// a non-positive bargaining weight, more than one commitment term).
pub fn solve(problem: &Problem) -> Result<Outcome, ProblemError> {
    problem.validate()?;
    Ok(solver::solve(problem))
}

/// One talks event (war-model §5): proposes the Nash solution under the players' own
/// disagreement values, or, when F is empty, tables the mediator's proposal (the Nash
/// solution under `mediator_d`, else the max–min point under `mediator_d`) and says who
/// refuses it and who is blamed.
///
/// # Errors
/// As [`solve`], and [`ProblemError::MediatorLength`] when `mediator_d` does not have
/// one finite entry per player.
pub fn propose(problem: &Problem, mediator_d: &[f64]) -> Result<Proposal, ProblemError> {
    propose_warm(problem, mediator_d, &mut WarmStart::default())
}

/// [`propose`], starting from what the previous talks event on the same deal kind left
/// in `warm` (see [`WarmStart`]); the answer agrees with [`propose`]'s up to the solver's
/// tolerances.
///
/// # Errors
/// As [`propose`].
pub fn propose_warm(
    problem: &Problem,
    mediator_d: &[f64],
    warm: &mut WarmStart,
) -> Result<Proposal, ProblemError> {
    check_mediator(problem, mediator_d)?;
    Ok(fast::propose(problem, mediator_d, warm, true))
}

/// The slack of the bargaining range: the smallest gain `U_i − d_i` at the point that
/// maximises it (positive exactly when F is not empty), or `None` when the red-line box
/// is empty. The same number as the smallest gain of [`solve`]'s `max_min`, up to the
/// talks solver's tolerance, at a fraction of the cost.
///
/// # Errors
/// As [`solve`].
pub fn range_slack(problem: &Problem) -> Result<Option<f64>, ProblemError> {
    problem.validate()?;
    Ok(fast::range_slack(problem))
}

/// [`propose_warm`] for a caller that needs who refuses and who is blamed but not what
/// was tabled: the refusals and blame are the same, and `Proposal::Refused::tabled` is
/// empty when they follow without the max–min point (two veto players, both more
/// optimistic than the mediator; see `docs/models.md`), which saves that search.
///
/// # Errors
/// As [`propose`].
pub fn verdict_warm(
    problem: &Problem,
    mediator_d: &[f64],
    warm: &mut WarmStart,
) -> Result<Proposal, ProblemError> {
    check_mediator(problem, mediator_d)?;
    Ok(fast::propose(problem, mediator_d, warm, false))
}

/// The deal of one talks event when nobody needs to know who refused: the terms
/// [`propose`] would sign if F is not empty, else `None`. Skips the mediator's
/// proposal, the costly part of a failed round.
///
/// # Errors
/// As [`solve`].
pub fn deal(problem: &Problem) -> Result<Option<Vec<f64>>, ProblemError> {
    deal_warm(problem, &mut WarmStart::default())
}

/// [`deal`], starting from `warm` as [`propose_warm`] does, and leaving in it what
/// [`propose_warm`] would leave.
///
/// # Errors
/// As [`solve`].
pub fn deal_warm(
    problem: &Problem,
    warm: &mut WarmStart,
) -> Result<Option<Vec<f64>>, ProblemError> {
    problem.validate()?;
    Ok(fast::deal(problem, warm))
}

/// [`propose`] by the exact multiplier searches of war-model §5 (the reference the
/// talks solver is tested against; far slower with four or more players or a
/// commitment term).
///
/// # Errors
/// As [`propose`].
pub fn propose_exact(problem: &Problem, mediator_d: &[f64]) -> Result<Proposal, ProblemError> {
    check_mediator(problem, mediator_d)?;
    Ok(solver::propose(problem, mediator_d))
}

fn check_mediator(problem: &Problem, mediator_d: &[f64]) -> Result<(), ProblemError> {
    problem.validate()?;
    if mediator_d.len() != problem.players.len() {
        return Err(ProblemError::MediatorLength {
            found: mediator_d.len(),
            expected: problem.players.len(),
        });
    }
    if let Some((player, &value)) = mediator_d.iter().enumerate().find(|(_, d)| !d.is_finite()) {
        return Err(ProblemError::Value { player, field: "mediator_d", value });
    }
    Ok(())
}

impl Problem {
    /// The number of issues (the length of the first player's weights).
    pub fn n_issues(&self) -> usize {
        self.players.first().map_or(0, |p| p.weights.len())
    }

    /// The red-line box: per issue, the intersection of every player's acceptable
    /// interval with 0–100. An issue with `lo > hi` is empty.
    pub fn red_line_box(&self) -> Vec<(f64, f64)> {
        (0..self.n_issues())
            .map(|k| {
                self.players.iter().fold((0.0_f64, 100.0_f64), |(lo, hi), p| {
                    (lo.max(p.acceptable[k].0), hi.min(p.acceptable[k].1))
                })
            })
            .collect()
    }

    /// Checks lengths and ranges; every other function may then assume them.
    ///
    /// # Errors
    /// The first problem found, as a [`ProblemError`].
    pub fn validate(&self) -> Result<(), ProblemError> {
        if self.players.is_empty() {
            return Err(ProblemError::NoPlayers);
        }
        if !(self.eps.is_finite() && self.eps >= 0.0) {
            return Err(ProblemError::Eps { value: self.eps });
        }
        let n = self.n_issues();
        let mut commitments = 0;
        for (i, p) in self.players.iter().enumerate() {
            let len = |field: &'static str, found: usize| match found == n {
                true => Ok(()),
                false => Err(ProblemError::Length { player: i, field, found, expected: n }),
            };
            len("weights", p.weights.len())?;
            len("positions", p.positions.len())?;
            len("acceptable", p.acceptable.len())?;
            let bad =
                |field: &'static str, value: f64| ProblemError::Value { player: i, field, value };
            for &w in &p.weights {
                if !(w.is_finite() && w >= 0.0) {
                    return Err(bad("weights", w));
                }
            }
            for &x in &p.positions {
                if !(x.is_finite() && (0.0..=100.0).contains(&x)) {
                    return Err(bad("positions", x));
                }
            }
            for &(lo, hi) in &p.acceptable {
                if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
                    return Err(bad(
                        "acceptable",
                        match lo.is_finite() {
                            true => hi,
                            false => lo,
                        },
                    ));
                }
            }
            if !(p.rho.is_finite() && p.rho >= 1.0 && p.rho <= 64.0) {
                return Err(bad("rho", p.rho));
            }
            if !(p.bargaining_weight.is_finite() && p.bargaining_weight > 0.0) {
                return Err(bad("bargaining_weight", p.bargaining_weight));
            }
            if !p.disagreement.is_finite() {
                return Err(bad("disagreement", p.disagreement));
            }
            if let Some(c) = &p.commitment {
                commitments += 1;
                len("commitment.lambda", c.lambda.len())?;
                for &l in &c.lambda {
                    if !(l.is_finite() && l >= 0.0) {
                        return Err(bad("commitment.lambda", l));
                    }
                }
                for (field, v) in [
                    ("commitment.fearfulness", c.fearfulness),
                    ("commitment.base_hazard", c.base_hazard),
                    ("commitment.violation", c.violation),
                    ("commitment.horizon", c.horizon),
                    ("commitment.penalty", c.penalty),
                ] {
                    if !(v.is_finite() && v >= 0.0) {
                        return Err(bad(field, v));
                    }
                }
            }
        }
        if commitments > 1 {
            return Err(ProblemError::TooManyCommitments { count: commitments });
        }
        Ok(())
    }
}

impl Player {
    /// `u_i(x) = −Σ_k w_ik (|x_k − p_ik|/100)^ρ_i` (no commitment term).
    pub fn utility(&self, terms: &[f64]) -> f64 {
        -self
            .weights
            .iter()
            .zip(&self.positions)
            .zip(terms)
            .map(|((w, p), x)| w * power((x - p).abs() / 100.0, self.rho))
            .sum::<f64>()
    }

    /// `U_i(x)`: [`Player::utility`], weighed by the commitment term when the player has
    /// one, with this player's own disagreement value.
    pub fn value(&self, terms: &[f64]) -> f64 {
        self.value_with(terms, self.disagreement)
    }

    /// `U_i(x)` as valued with disagreement value `d` (the commitment term depends on d).
    pub fn value_with(&self, terms: &[f64], d: f64) -> f64 {
        let u = self.utility(terms);
        match &self.commitment {
            None => u,
            Some(c) => {
                let omega = c.war_resumes(terms);
                (1.0 - omega) * u + omega * (d - c.penalty)
            }
        }
    }

    /// Whether the player accepts `terms`: inside its red lines and `U_i ≥ d_i + eps`.
    pub fn accepts(&self, terms: &[f64], eps: f64) -> bool {
        let inside = self.acceptable.iter().zip(terms).all(|(&(lo, hi), &x)| lo <= x && x <= hi);
        inside && self.value(terms) >= self.disagreement + eps
    }
}

impl Commitment {
    /// `Λ(x) = Σ_g λ_g x_g / 100`.
    pub fn strength(&self, terms: &[f64]) -> f64 {
        self.lambda.iter().zip(terms).map(|(l, x)| l * x / 100.0).sum()
    }

    /// `ω(x)`, the probability that the war resumes within the horizon.
    pub fn war_resumes(&self, terms: &[f64]) -> f64 {
        self.war_resumes_at(self.strength(terms))
    }

    /// `ω` as a function of the guarantee strength Λ.
    pub fn war_resumes_at(&self, strength: f64) -> f64 {
        let rate = self.fearfulness * self.base_hazard * (1.0 + self.violation) * self.horizon;
        -(-rate * (-strength).exp()).exp_m1()
    }
}

/// `z^ρ` for `z ≥ 0`, exact for the common ρ = 1 and ρ = 2.
fn power(z: f64, rho: f64) -> f64 {
    if rho == 1.0 {
        z
    } else if rho == 2.0 {
        z * z
    } else {
        z.powf(rho)
    }
}
