//! The weighted median model (Black 1948): the position with half of the
//! capability × salience weight on each side.
//!
//! # Definition and tie rule
//!
//! Sort the positions, and let W be the total weight. The weighted median is the
//! smallest position x whose cumulative weight (of all positions ≤ x) reaches W/2.
//! When the cumulative weight hits exactly W/2 at a position x_k, every point of
//! [x_k, x_{k+1}] splits the weight in half; the rule picks the *lower* end x_k.
//!
//! This coincides with BDM's "median voter" (the Condorcet winner among the actors'
//! positions under the votes v_i^{jk} = c_i s_i (u^i(x_j) − u^i(x_k))): in one
//! dimension with linear utilities the positions that beat or tie every other position
//! are exactly the actor positions in [lower median, upper median], and in a tie the
//! two ends tie each other, so the lower median is one of BDM's Condorcet winners.
//!
//! "Exactly half" is tested with a relative tolerance of 1e-12 of W, so that a tie
//! written in decimal (0.1 + 0.2 against 0.3) is still treated as a tie.

use armistice_scenario::instance::Instance;

use crate::model::{Model, Prediction};
use crate::weights::{clean, closed_form};

/// The weighted median model (CLI name `median`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Median;

impl Model for Median {
    fn name(&self) -> &'static str {
        "median"
    }

    fn predict(&self, instance: &Instance) -> Prediction {
        closed_form(instance, weighted_median)
    }
}

/// Relative tolerance for "the cumulative weight reaches half of the total".
const HALF_TOLERANCE: f64 = 1e-12;

/// The weighted median of `(position, weight)` pairs, with the lower-median tie rule
/// described in the module documentation.
///
/// Pairs with a non-finite position or a weight that is not a finite positive number
/// are ignored. Returns `None` when no pair is left.
///
/// # Examples
/// ```
/// use armistice_models::median::weighted_median;
/// assert_eq!(weighted_median(&[(10.0, 1.0), (40.0, 3.0)]), Some(40.0));
/// // Exactly half the weight at or below 10: the lower of the two is chosen.
/// assert_eq!(weighted_median(&[(40.0, 2.0), (10.0, 2.0)]), Some(10.0));
/// ```
pub fn weighted_median(points: &[(f64, f64)]) -> Option<f64> {
    let (mut kept, total) = clean(points);
    if !(total > 0.0 && total.is_finite()) {
        return None;
    }
    kept.sort_by(|a, b| a.0.total_cmp(&b.0));
    let half = total * 0.5 * (1.0 - HALF_TOLERANCE);
    let mut cumulative = 0.0;
    for (idx, &(x, w)) in kept.iter().enumerate() {
        cumulative += w;
        // Equal positions are one point: only test once the last copy is added.
        let last_copy = kept.get(idx + 1).is_none_or(|next| next.0 != x);
        if last_copy && cumulative >= half {
            return Some(x);
        }
    }
    // Rounding can leave the running sum a hair below the tolerance band only if the
    // total itself was rounded; the largest position is then the median.
    kept.last().map(|&(x, _)| x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_medians() {
        // Weights 1, 1, 3: cumulative 1, 2, 5 against a half of 2.5, so 30.
        assert_eq!(weighted_median(&[(20.0, 1.0), (10.0, 1.0), (30.0, 3.0)]), Some(30.0));
        // Weights 2, 1, 2 (total 5, half 2.5): cumulative 2 at 10, 3 at 20, so 20.
        assert_eq!(weighted_median(&[(10.0, 2.0), (20.0, 1.0), (30.0, 2.0)]), Some(20.0));
        // Duplicated positions add up: 10 holds 1 + 1.5 = 2.5 of 5, exactly half.
        assert_eq!(weighted_median(&[(10.0, 1.0), (50.0, 2.5), (10.0, 1.5)]), Some(10.0));
        assert_eq!(weighted_median(&[(f64::NAN, 1.0), (7.0, 0.0)]), None);
    }

    #[test]
    fn predict_weighs_capability_by_salience() {
        use crate::model::Stop;
        use armistice_scenario::instance::{ActorValues, IssueValues, StanceValues};
        let stance =
            |actor, position, salience| StanceValues { actor, position, salience, red_line: None };
        let actor = |capability| ActorValues { capability, veto: false };
        let instance = Instance {
            actors: vec![actor(1.0), actor(1.0), actor(3.0)],
            issues: vec![IssueValues { status_quo: 0.0, group: None }; 2],
            // Weights 100, 60 and 3·20 = 60 (total 220, half 110): 10 holds 100, 10 and
            // 50 hold 160, so 50. An unknown actor index is ignored.
            stances: vec![
                vec![stance(0, 10.0, 100.0), stance(1, 50.0, 60.0), stance(2, 90.0, 20.0)],
                vec![stance(7, 10.0, 100.0)],
            ],
            rng_seed: 0,
        };
        assert_eq!(Median.name(), "median");
        let prediction = Median.predict(&instance);
        assert_eq!(prediction.issues[0].value, Some(50.0));
        assert_eq!(prediction.issues[0].stop, Stop::Closed);
        assert!(prediction.issues[0].path.is_empty());
        assert_eq!(prediction.issues[1].stop, Stop::NotApplicable);
    }

    #[test]
    fn exact_half_picks_the_lower_position() {
        // 0.1 + 0.2 != 0.3 in binary, but it is the same tie in decimal.
        assert_eq!(weighted_median(&[(60.0, 0.3), (20.0, 0.1), (40.0, 0.2)]), Some(40.0));
        assert_eq!(weighted_median(&[(60.0, 1.0), (20.0, 1.0)]), Some(20.0));
    }

    #[test]
    fn lower_median_is_a_condorcet_winner() {
        // v^{jk} = Σ_i w_i (|x_i − x_k| − |x_i − x_j|): the median must never lose.
        let points = [(5.0, 1.0), (9.0, 2.0), (12.0, 2.0), (40.0, 1.0)];
        let median = weighted_median(&points).unwrap_or(f64::NAN);
        assert_eq!(median, 9.0);
        for &(other, _) in &points {
            let votes: f64 =
                points.iter().map(|&(x, w)| w * ((x - other).abs() - (x - median).abs())).sum();
            assert!(votes >= 0.0, "median {median} loses to {other}: {votes}");
        }
    }

    mod properties {
        use super::super::weighted_median;
        use crate::mean::weighted_mean;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn mean_and_median_lie_within_the_positions_and_ignore_weight_units(
                points in prop::collection::vec((0.0f64..100.0, 0.001f64..1000.0), 1..40),
                shift in -8i32..8,
            ) {
                let (lo, hi) = points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(x, _)| (lo.min(x), hi.max(x)));
                let median = weighted_median(&points).unwrap_or(f64::NAN);
                let mean = weighted_mean(&points).unwrap_or(f64::NAN);
                prop_assert!(median >= lo && median <= hi);
                prop_assert!(mean >= lo && mean <= hi);
                // The median is one of the positions.
                prop_assert!(points.iter().any(|&(x, _)| x == median));
                // Scaling every weight by a power of two is exact, so nothing may change.
                let scale = 2f64.powi(shift);
                let scaled: Vec<(f64, f64)> = points.iter().map(|&(x, w)| (x, w * scale)).collect();
                prop_assert_eq!(weighted_median(&scaled), Some(median));
                prop_assert_eq!(weighted_mean(&scaled), Some(mean));
                // Any other scale changes the mean by rounding only.
                let scaled: Vec<(f64, f64)> = points.iter().map(|&(x, w)| (x, w * 0.37)).collect();
                prop_assert!((weighted_mean(&scaled).unwrap_or(f64::NAN) - mean).abs() < 1e-9);
            }
        }
    }
}
