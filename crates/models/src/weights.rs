//! Turning an [`Instance`]'s stances into the weighted points the static models read.
//!
//! The weighted mean and the weighted median both weigh each stance by
//! capability × salience (Scholz's c·s, the "votes" of BDM). Both are plain functions
//! of `(position, weight)` pairs so that the expected-utility model and other crates
//! can reuse them; this file holds the one conversion and the sanitising rule they
//! share.

use armistice_scenario::instance::Instance;

use crate::model::{IssueOutcome, Prediction, Stop};

/// The `(position, capability × salience)` pairs of one issue's stances.
///
/// Stances whose actor index is out of range, whose position is not finite, or whose
/// weight is not a finite positive number are left out: a weight of zero does not move
/// either statistic, and a non-finite number has no meaning on the 0–100 scale. The
/// scenario validator reports such inputs; this function only keeps the models total.
/// An issue index out of range gives an empty list.
///
/// # Examples
/// ```
/// use armistice_models::weights::weighted_positions;
/// use armistice_scenario::instance::*;
/// let instance = Instance {
///     actors: vec![ActorValues { capability: 2.0, veto: false }],
///     issues: vec![IssueValues { status_quo: 0.0, group: None }],
///     stances: vec![vec![StanceValues { actor: 0, position: 30.0, salience: 50.0, red_line: None }]],
///     rng_seed: 0,
/// };
/// assert_eq!(weighted_positions(&instance, 0), vec![(30.0, 100.0)]);
/// ```
pub fn weighted_positions(instance: &Instance, issue_idx: usize) -> Vec<(f64, f64)> {
    let Some(stances) = instance.stances.get(issue_idx) else {
        return Vec::new();
    };
    stances
        .iter()
        .filter_map(|stance| {
            let actor = instance.actors.get(stance.actor)?;
            let weight = actor.capability * stance.salience;
            match stance.position.is_finite() && weight.is_finite() && weight > 0.0 {
                true => Some((stance.position, weight)),
                false => None,
            }
        })
        .collect()
}

/// Keeps the points with a finite position and a finite positive weight, and returns
/// them with the total weight; shared by [`crate::mean`] and [`crate::median`].
pub(crate) fn clean(points: &[(f64, f64)]) -> (Vec<(f64, f64)>, f64) {
    let kept: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|&(x, w)| x.is_finite() && w.is_finite() && w > 0.0)
        .collect();
    let total = kept.iter().map(|&(_, w)| w).sum();
    (kept, total)
}

/// Applies a closed-form statistic to every issue of an instance.
pub(crate) fn closed_form(
    instance: &Instance,
    stat: fn(&[(f64, f64)]) -> Option<f64>,
) -> Prediction {
    let issues = (0..instance.stances.len().max(instance.issues.len()))
        .map(|issue_idx| {
            let value = stat(&weighted_positions(instance, issue_idx));
            let stop = match value {
                Some(_) => Stop::Closed,
                None => Stop::NotApplicable,
            };
            IssueOutcome { value, path: Vec::new(), stop }
        })
        .collect();
    Prediction { issues }
}
