//! The weighted mean ("compromise") model: the capability × salience weighted mean of
//! the positions.
//!
//! The compromise model of the EU decision-making literature (Achen 2006; Thomson et
//! al. 2006), and the "mean voter" that Scholz et al. (2011) report beside the median
//! in every round of the expected-utility model.

use armistice_scenario::instance::Instance;

use crate::model::{Model, Prediction};
use crate::weights::{clean, closed_form};

/// The weighted mean model (CLI name `mean`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mean;

impl Model for Mean {
    fn name(&self) -> &'static str {
        "mean"
    }

    fn predict(&self, instance: &Instance) -> Prediction {
        closed_form(instance, weighted_mean)
    }
}

/// The weighted mean Σ w·x / Σ w of `(position, weight)` pairs.
///
/// Pairs with a non-finite position or a weight that is not a finite positive number
/// are ignored. Returns `None` when no pair is left.
///
/// # Examples
/// ```
/// use armistice_models::mean::weighted_mean;
/// assert_eq!(weighted_mean(&[(0.0, 1.0), (30.0, 2.0)]), Some(20.0));
/// assert_eq!(weighted_mean(&[]), None);
/// ```
pub fn weighted_mean(points: &[(f64, f64)]) -> Option<f64> {
    let (kept, total) = clean(points);
    match total > 0.0 && total.is_finite() {
        true => {
            let mean = kept.iter().map(|&(x, w)| x * (w / total)).sum::<f64>();
            // Dividing each weight first keeps huge weights from overflowing Σ w·x;
            // the clamp absorbs the last-bit rounding that could step outside the data.
            let (lo, hi) = bounds(&kept);
            Some(mean.clamp(lo, hi))
        }
        false => None,
    }
}

/// The smallest and largest position of non-empty clean points.
fn bounds(points: &[(f64, f64)]) -> (f64, f64) {
    points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(x, _)| (lo.min(x), hi.max(x)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use armistice_scenario::instance::{ActorValues, IssueValues, StanceValues};

    use crate::model::Stop;

    #[test]
    fn hand_computed_means() {
        // (10·1 + 40·3) / 4 = 32.5
        assert_eq!(weighted_mean(&[(10.0, 1.0), (40.0, 3.0)]), Some(32.5));
        // Zero and negative weights, and NaN positions, are ignored.
        assert_eq!(
            weighted_mean(&[(10.0, 1.0), (90.0, 0.0), (f64::NAN, 5.0), (70.0, -1.0)]),
            Some(10.0)
        );
        assert_eq!(weighted_mean(&[(10.0, 0.0)]), None);
    }

    #[test]
    fn predict_weighs_capability_by_salience() {
        let stance =
            |actor, position, salience| StanceValues { actor, position, salience, red_line: None };
        let instance = Instance {
            actors: vec![
                ActorValues { capability: 1.0, veto: false },
                ActorValues { capability: 3.0, veto: false },
            ],
            issues: vec![IssueValues { status_quo: 0.0, group: None }; 2],
            // Issue 0: weights 1·100 and 3·50, so (0·100 + 100·150) / 250 = 60.
            stances: vec![vec![stance(0, 0.0, 100.0), stance(1, 100.0, 50.0)], vec![]],
            rng_seed: 0,
        };
        let prediction = Mean.predict(&instance);
        assert_eq!(prediction.issues[0].value, Some(60.0));
        assert_eq!(prediction.issues[0].stop, Stop::Closed);
        assert_eq!(prediction.issues[1].value, None);
        assert_eq!(prediction.issues[1].stop, Stop::NotApplicable);
    }
}
