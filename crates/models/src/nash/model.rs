//! The static `nash` model: asymmetric Nash bargaining among an instance's veto players,
//! with the status quo as the disagreement point (the static model has no war).

use armistice_scenario::instance::Instance;

use super::{acceptable_interval, solve, Outcome, Player, Problem, EPS};
use crate::model::{IssueOutcome, Model, NoDealReason, Prediction, Stop};

/// The static Nash bargaining model.
///
/// # Examples
/// ```
/// use armistice_models::model::Model;
/// use armistice_models::nash::{Config, Nash};
/// let model = Nash { config: Config::STANDARD };
/// assert_eq!(model.name(), "nash");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Nash {
    pub config: Config,
}

/// Options of the static Nash model.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Curvature ρ ≥ 1 of every veto player's utility (1 = linear).
    pub rho: f64,
}

impl Config {
    /// Linear utilities (ρ = 1): with two players this matches the closed form of
    /// DESIGN §2.
    pub const STANDARD: Config = Config { rho: 1.0 };
}

/// Smallest bargaining weight: a veto player declared with no capability still has to
/// accept the deal, but gets (almost) no say in where it lands.
const MIN_WEIGHT: f64 = 1e-12;

impl Model for Nash {
    fn name(&self) -> &'static str {
        "nash"
    }

    fn predict(&self, instance: &Instance) -> Prediction {
        let n_issues = instance.issues.len();
        let outcome = |stop: Stop| IssueOutcome { value: None, path: Vec::new(), stop };
        let veto: Vec<usize> =
            (0..instance.actors.len()).filter(|&a| instance.actors[a].veto).collect();
        if veto.is_empty() {
            return Prediction {
                issues: (0..n_issues)
                    .map(|_| outcome(Stop::NoDeal(NoDealReason::NoVetoPlayers)))
                    .collect(),
            };
        }
        let mut issues: Vec<IssueOutcome> =
            (0..n_issues).map(|_| outcome(Stop::NotApplicable)).collect();
        // Issues on which at least one veto player has a stance are bargained over jointly.
        let mut active: Vec<usize> = (0..n_issues)
            .filter(|&k| {
                instance.stances.get(k).is_some_and(|s| s.iter().any(|st| veto.contains(&st.actor)))
            })
            .collect();
        let rho = match self.config.rho.is_finite() && self.config.rho >= 1.0 {
            true => self.config.rho.min(64.0),
            false => 1.0,
        };
        // Red lines that leave no common terms on an issue take that issue out of the
        // deal; the other issues are still forecast, as the static model has no menu of
        // deal kinds that would tie them together.
        let problem = loop {
            let problem = build(instance, &veto, &active, rho);
            match solve(&problem) {
                Ok(Outcome::BoxEmpty { issues: empty }) => {
                    for &e in &empty {
                        issues[active[e]] = outcome(Stop::NoDeal(NoDealReason::RedLinesDisjoint));
                    }
                    active = active
                        .iter()
                        .enumerate()
                        .filter(|(e, _)| !empty.contains(e))
                        .map(|(_, &k)| k)
                        .collect();
                }
                other => break (other, problem),
            }
        };
        match problem {
            (Ok(Outcome::Deal { nash, .. }), _) => {
                for (e, &k) in active.iter().enumerate() {
                    issues[k] = IssueOutcome {
                        value: Some(nash.terms[e]),
                        path: Vec::new(),
                        stop: Stop::Closed,
                    };
                }
            }
            (Ok(Outcome::NoGainForAll { .. }), _) => {
                for &k in &active {
                    issues[k] = outcome(Stop::NoDeal(NoDealReason::NoGainForAll));
                }
            }
            // Unreachable after the loop above, and a malformed problem (NaN in the
            // instance) leaves the issues NotApplicable rather than panic.
            (Ok(Outcome::BoxEmpty { .. }), _) | (Err(_), _) => {}
        }
        Prediction { issues }
    }
}

/// The bargaining problem of the veto players over the `active` issues.
///
/// Weights are saliences normalised over the issues each veto player has stances on;
/// a veto player without a stance on an issue has weight 0 and no red line there; its
/// disagreement value is the utility of the status quo.
fn build(instance: &Instance, veto: &[usize], active: &[usize], rho: f64) -> Problem {
    let clean = |v: f64, fallback: f64| match v.is_finite() {
        true => v.clamp(0.0, 100.0),
        false => fallback,
    };
    let status_quo: Vec<f64> =
        active.iter().map(|&k| clean(instance.issues[k].status_quo, 50.0)).collect();
    let players = veto
        .iter()
        .map(|&a| {
            let total: f64 = instance
                .stances
                .iter()
                .flat_map(|s| s.iter())
                .filter(|st| st.actor == a)
                .map(|st| clean(st.salience, 0.0))
                .sum();
            let mut weights = vec![0.0; active.len()];
            let mut positions = status_quo.clone();
            let mut acceptable = vec![(0.0, 100.0); active.len()];
            for (e, &k) in active.iter().enumerate() {
                if let Some(st) = instance.stances[k].iter().find(|st| st.actor == a) {
                    weights[e] = match total > 0.0 {
                        true => clean(st.salience, 0.0) / total,
                        false => 0.0,
                    };
                    positions[e] = clean(st.position, status_quo[e]);
                    let (lo, hi) = acceptable_interval(st.red_line.as_ref());
                    acceptable[e] = (clean(lo, 0.0), clean(hi, 100.0));
                }
            }
            let capability = instance.actors[a].capability;
            let mut player = Player {
                weights,
                positions,
                rho,
                bargaining_weight: match capability.is_finite() {
                    true => capability.max(MIN_WEIGHT),
                    false => MIN_WEIGHT,
                },
                disagreement: 0.0,
                acceptable,
                commitment: None,
            };
            player.disagreement = player.utility(&status_quo);
            player
        })
        .collect();
    Problem { players, eps: EPS }
}
