//! Backtests: each static model's mean absolute error against recorded outcomes, with
//! bootstrap 95% intervals and paired differences against a reference model.
//!
//! This is the measure used in the EU decision-making literature (Thomson et al. 2006,
//! *The European Union Decides*): the error of a prediction is `|prediction − outcome|`
//! on the issue's 0–100 scale, and a model's accuracy is the mean error over issues.
//!
//! Intervals come from a nonparametric bootstrap over issues: each resample draws as many
//! issues as there are, with replacement, and the same resample is used for every model,
//! so the difference between two models is paired (issues that are hard for every model
//! do not widen the interval of the difference). The interval is the 2.5th and 97.5th
//! percentile of the resampled statistic. A model that predicts no deal on an issue is
//! scored on the issues where it did predict; a difference uses the issues both predicted.
//! The resampling stream is SplitMix64 seeded by `seed`: deterministic, and enough for
//! drawing indices (no statistical subtlety hangs on it).

use serde::{Deserialize, Serialize};

/// What the backtest reads: per issue the recorded outcome, per model its predictions.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// Issue ids, in table order.
    pub issues: Vec<String>,
    /// Recorded outcome of each issue, on 0–100.
    pub outcomes: Vec<f64>,
    /// `(model name, prediction per issue)`; `None` where the model predicts no deal.
    pub models: Vec<(String, Vec<Option<f64>>)>,
}

/// The backtest's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    pub n_issues: usize,
    pub resamples: u32,
    pub seed: u64,
    /// The model differences are taken against.
    pub reference: String,
    pub models: Vec<ModelAccuracy>,
    /// Per issue: outcome and each model's absolute error, in model order.
    pub issues: Vec<IssueErrors>,
}

/// One model's accuracy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelAccuracy {
    pub model: String,
    /// Issues with a prediction.
    pub n: usize,
    /// Mean absolute error; `null` when the model predicted no issue.
    pub mae: Option<f64>,
    /// Bootstrap 95% interval of the MAE.
    pub ci95: Option<[f64; 2]>,
    /// MAE of this model minus MAE of the reference on the issues both predicted
    /// (negative: this model is more accurate); `null` for the reference itself.
    pub diff: Option<f64>,
    pub diff_ci95: Option<[f64; 2]>,
}

/// One issue's errors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssueErrors {
    pub id: String,
    pub outcome: f64,
    /// Absolute error per model, in model order; `null` for no prediction.
    pub errors: Vec<Option<f64>>,
}

/// Runs the backtest with `resamples` bootstrap resamples; `reference` names the model
/// the differences are taken against (the weighted mean in the CLI).
///
/// # Examples
/// ```
/// use armistice_report::backtest::{backtest, Input};
/// let input = Input {
///     issues: vec!["a".into(), "b".into()],
///     outcomes: vec![50.0, 20.0],
///     models: vec![("mean".into(), vec![Some(40.0), Some(30.0)])],
/// };
/// let b = backtest(&input, "mean", 200, 1);
/// assert_eq!(b.models[0].mae, Some(10.0));
/// ```
pub fn backtest(input: &Input, reference: &str, resamples: u32, seed: u64) -> Backtest {
    let n = input.issues.len().min(input.outcomes.len());
    let errors: Vec<Vec<Option<f64>>> = input
        .models
        .iter()
        .map(|(_, preds)| {
            (0..n)
                .map(|i| preds.get(i).copied().flatten().map(|p| (p - input.outcomes[i]).abs()))
                .collect()
        })
        .collect();
    let ref_idx = input.models.iter().position(|(name, _)| name == reference);

    // The resamples, drawn once and shared by every model so differences are paired.
    let mut rng = SplitMix64(seed);
    let samples: Vec<Vec<usize>> = match n {
        0 => Vec::new(),
        _ => (0..resamples).map(|_| (0..n).map(|_| rng.below(n)).collect()).collect(),
    };
    let all: Vec<usize> = (0..n).collect();

    let models = input
        .models
        .iter()
        .enumerate()
        .map(|(m, (name, _))| {
            let mae = mean_error(&errors[m], &all);
            let ci95 = interval(samples.iter().filter_map(|s| mean_error(&errors[m], s)).collect());
            let (diff, diff_ci95) = match ref_idx {
                Some(r) if r != m => {
                    let d = mean_diff(&errors[m], &errors[r], &all);
                    let ci = interval(
                        samples
                            .iter()
                            .filter_map(|s| mean_diff(&errors[m], &errors[r], s))
                            .collect(),
                    );
                    (d, ci)
                }
                _ => (None, None),
            };
            ModelAccuracy {
                model: name.clone(),
                n: errors[m].iter().flatten().count(),
                mae,
                ci95,
                diff,
                diff_ci95,
            }
        })
        .collect();

    let issues = (0..n)
        .map(|i| IssueErrors {
            id: input.issues[i].clone(),
            outcome: input.outcomes[i],
            errors: errors.iter().map(|e| e[i]).collect(),
        })
        .collect();

    Backtest { n_issues: n, resamples, seed, reference: reference.to_string(), models, issues }
}

/// A terminal summary (the CLI prints it).
pub fn summary(b: &Backtest) -> String {
    use comfy_table::presets::UTF8_FULL_CONDENSED;
    use comfy_table::{Cell, CellAlignment, Table};
    let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
    let num = |x: Option<f64>| x.map_or("–".to_string(), |v| format!("{v:.2}"));
    let ci = |x: Option<[f64; 2]>| x.map_or("–".to_string(), |[a, b]| format!("{a:.2} – {b:.2}"));
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
        "model".to_string(),
        "issues".to_string(),
        "MAE".to_string(),
        "95% interval".to_string(),
        format!("MAE − {}", b.reference),
        "95% interval".to_string(),
    ]);
    for m in &b.models {
        t.add_row(vec![
            Cell::new(&m.model),
            right(m.n.to_string()),
            right(num(m.mae)),
            right(ci(m.ci95)),
            right(num(m.diff)),
            right(ci(m.diff_ci95)),
        ]);
    }
    format!(
        "{} issues with recorded outcomes; intervals from {} bootstrap resamples over issues (seed {})\n{t}\n",
        b.n_issues, b.resamples, b.seed
    )
}

/// Mean of the errors at the sampled issues, skipping missing predictions.
fn mean_error(errors: &[Option<f64>], sample: &[usize]) -> Option<f64> {
    let (sum, k) =
        sample.iter().filter_map(|&i| errors[i]).fold((0.0, 0usize), |(s, k), e| (s + e, k + 1));
    (k > 0).then(|| sum / k as f64)
}

/// Mean of `a − b` at the sampled issues where both predicted.
fn mean_diff(a: &[Option<f64>], b: &[Option<f64>], sample: &[usize]) -> Option<f64> {
    let (sum, k) = sample
        .iter()
        .filter_map(|&i| Some(a[i]? - b[i]?))
        .fold((0.0, 0usize), |(s, k), d| (s + d, k + 1));
    (k > 0).then(|| sum / k as f64)
}

/// The 2.5th and 97.5th percentiles (linear interpolation between order statistics).
pub fn interval(mut xs: Vec<f64>) -> Option<[f64; 2]> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_by(f64::total_cmp);
    Some([percentile(&xs, 0.025), percentile(&xs, 0.975)])
}

/// The `q`-quantile of sorted `xs` (type 7, as R's default).
pub fn percentile(xs: &[f64], q: f64) -> f64 {
    match xs.len() {
        0 => f64::NAN,
        1 => xs[0],
        n => {
            let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            xs[lo] + (h - lo as f64) * (xs[hi] - xs[lo])
        }
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, well-mixed deterministic generator.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform on `0..n` by Lemire's multiply-shift (bias below 2⁻⁶⁴·n, negligible).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> Input {
        Input {
            issues: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            outcomes: vec![10.0, 50.0, 90.0, 40.0],
            models: vec![
                ("mean".into(), vec![Some(20.0), Some(50.0), Some(70.0), Some(40.0)]),
                ("smp".into(), vec![Some(12.0), Some(45.0), None, Some(41.0)]),
            ],
        }
    }

    #[test]
    fn mae_and_paired_difference_match_hand_computation() {
        let b = backtest(&input(), "mean", 500, 7);
        // mean: errors 10, 0, 20, 0 → 7.5.
        assert_eq!(b.models[0].mae, Some(7.5));
        assert_eq!(b.models[0].n, 4);
        assert_eq!(b.models[0].diff, None);
        // smp: errors 2, 5, –, 1 → 8/3; paired on a, b, d: (2−10 + 5−0 + 1−0)/3 = −2/3.
        assert!((b.models[1].mae.unwrap_or(0.0) - 8.0 / 3.0).abs() < 1e-12);
        assert_eq!(b.models[1].n, 3);
        assert!((b.models[1].diff.unwrap_or(0.0) + 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(b.issues[2].errors, vec![Some(20.0), None]);
    }

    #[test]
    fn bootstrap_intervals_bracket_the_estimate_and_are_reproducible() {
        let b = backtest(&input(), "mean", 2000, 7);
        let [lo, hi] = b.models[0].ci95.unwrap_or([f64::NAN, f64::NAN]);
        assert!(lo <= 7.5 && 7.5 <= hi, "{lo} {hi}");
        // Errors lie in [0, 20]; a resample's mean can be anything in that range.
        assert!(lo >= 0.0 && hi <= 20.0);
        assert!(hi > lo);
        assert_eq!(b, backtest(&input(), "mean", 2000, 7));
    }

    #[test]
    fn bootstrap_of_a_known_distribution_has_the_right_width() {
        // 400 issues with errors alternating 0 and 10: MAE 5, sd 5, standard error
        // 5/√400 = 0.25, so the 95% interval is about 5 ± 0.49.
        let n = 400;
        let input = Input {
            issues: (0..n).map(|i| format!("i{i}")).collect(),
            outcomes: vec![50.0; n],
            models: vec![(
                "mean".into(),
                (0..n).map(|i| Some(if i % 2 == 0 { 50.0 } else { 60.0 })).collect(),
            )],
        };
        let b = backtest(&input, "mean", 4000, 3);
        let [lo, hi] = b.models[0].ci95.unwrap_or([f64::NAN, f64::NAN]);
        assert!((lo - (5.0 - 0.49)).abs() < 0.08, "{lo}");
        assert!((hi - (5.0 + 0.49)).abs() < 0.08, "{hi}");
    }

    #[test]
    fn percentile_interpolates() {
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.5), 3.0);
        assert_eq!(percentile(&[0.0, 10.0], 0.25), 2.5);
        assert_eq!(interval(Vec::new()), None);
    }

    #[test]
    fn splitmix_is_uniform_enough_for_indices() {
        let mut rng = SplitMix64(1);
        let mut counts = [0u32; 4];
        for _ in 0..40_000 {
            counts[rng.below(4)] += 1;
        }
        assert!(counts.iter().all(|&c| (9_500..10_500).contains(&c)), "{counts:?}");
    }
}
