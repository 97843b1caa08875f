//! Scoring forecasts against resolutions: Brier score, log score, calibration, and the
//! same for two no-skill baselines.
//!
//! - Brier score: the mean of `(p − o)²` over resolved questions, with `o` 1 for true and 0
//!   for false. Lower is better; 0 is perfect; always saying 0.5 scores 0.25.
//! - Log score: the mean natural log of the probability the forecast gave to what
//!   happened, `ln p` when true and `ln(1 − p)` when false. Higher is better; 0 is
//!   perfect; always saying 0.5 scores `ln 0.5 ≈ −0.693`. Probabilities are first clipped
//!   to `[1e-6, 1 − 1e-6]` ([`CLIP`]), so one confident miss costs at most `ln 1e-6 ≈ −13.8`
//!   instead of −∞ and a single question cannot make the mean meaningless.
//! - Baselines: `base_rate` forecasts every question at the share of resolved questions
//!   that came true. It uses the outcomes themselves (it is the best constant forecast in
//!   hindsight), so beating it is a real achievement on a small set, never a formality.
//!   `coin` forecasts 0.5 everywhere. The Brier skill score is `1 − Brier / Brier(base_rate)`.
//!
//! Questions in the forecast with no resolution are listed and left out; resolutions
//! whose id is not in the forecast are listed too, so a typo is seen rather than silently
//! ignored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calibration::{self, Bin};

/// Probabilities are clipped to `[CLIP, 1 − CLIP]` for the log score.
pub const CLIP: f64 = 1e-6;

/// One forecast probability of a question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Forecasted {
    pub id: String,
    pub probability: f64,
}

/// The scores of one forecast against a resolutions file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Questions scored (forecast and resolved).
    pub n: usize,
    /// Mean Brier score; `null` when nothing was scored.
    pub brier: Option<f64>,
    /// Mean log score (natural log, clipped); `null` when nothing was scored.
    pub log: Option<f64>,
    /// `1 − brier / base_rate.brier`; `null` when undefined (nothing scored, or all
    /// questions resolved the same way so that the base rate is perfect).
    pub brier_skill: Option<f64>,
    /// Per question, in forecast order.
    pub questions: Vec<QuestionScore>,
    /// Ten equal-width bins.
    pub calibration: Vec<Bin>,
    /// No-skill baselines: `base_rate` then `coin`.
    pub baselines: Vec<Baseline>,
    /// Forecast questions without a resolution, left out of every score.
    pub unresolved: Vec<String>,
    /// Resolution ids that are not in the forecast.
    pub unknown: Vec<String>,
}

/// One scored question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionScore {
    pub id: String,
    pub probability: f64,
    pub outcome: bool,
    pub brier: f64,
    pub log: f64,
}

/// A constant forecast, scored on the same questions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub name: String,
    pub probability: f64,
    pub brier: f64,
    pub log: f64,
    pub calibration: Vec<Bin>,
}

/// Why a forecast cannot be scored.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ScoreError {
    #[error("question `{id}` has probability {value}, expected a number in [0, 1]")]
    ProbabilityOutOfRange { id: String, value: f64 },
    #[error("question `{id}` appears more than once in the forecast")]
    DuplicateQuestion { id: String },
}

/// Scores `forecasts` against `resolutions` (question id → what happened).
///
/// # Errors
/// A probability outside [0, 1] (or NaN), or a question id given twice.
///
/// # Examples
/// ```
/// use std::collections::BTreeMap;
/// use armistice_report::score::{score, Forecasted};
/// let f = vec![Forecasted { id: "a".into(), probability: 0.8 }];
/// let r = BTreeMap::from([("a".to_string(), true)]);
/// let s = score(&f, &r).unwrap();
/// assert!((s.brier.unwrap() - 0.04).abs() < 1e-12);
/// ```
pub fn score(
    forecasts: &[Forecasted],
    resolutions: &BTreeMap<String, bool>,
) -> Result<Scores, ScoreError> {
    let mut seen = std::collections::BTreeSet::new();
    for f in forecasts {
        if !(0.0..=1.0).contains(&f.probability) {
            return Err(ScoreError::ProbabilityOutOfRange {
                id: f.id.clone(),
                value: f.probability,
            });
        }
        if !seen.insert(f.id.as_str()) {
            return Err(ScoreError::DuplicateQuestion { id: f.id.clone() });
        }
    }

    let mut questions = Vec::new();
    let mut unresolved = Vec::new();
    for f in forecasts {
        match resolutions.get(&f.id) {
            Some(&outcome) => questions.push(QuestionScore {
                id: f.id.clone(),
                probability: f.probability,
                outcome,
                brier: brier(f.probability, outcome),
                log: log_score(f.probability, outcome),
            }),
            None => unresolved.push(f.id.clone()),
        }
    }
    let unknown = resolutions.keys().filter(|id| !seen.contains(id.as_str())).cloned().collect();

    let n = questions.len();
    let outcomes: Vec<bool> = questions.iter().map(|q| q.outcome).collect();
    let pairs: Vec<(f64, bool)> = questions.iter().map(|q| (q.probability, q.outcome)).collect();
    let mean = |xs: &mut dyn Iterator<Item = f64>| -> Option<f64> {
        (n > 0).then(|| xs.sum::<f64>() / n as f64)
    };
    let brier_mean = mean(&mut questions.iter().map(|q| q.brier));
    let log_mean = mean(&mut questions.iter().map(|q| q.log));

    let mut baselines = Vec::new();
    if n > 0 {
        let rate = outcomes.iter().filter(|&&o| o).count() as f64 / n as f64;
        baselines.push(constant("base_rate", rate, &outcomes));
        baselines.push(constant("coin", 0.5, &outcomes));
    }
    let brier_skill = match (brier_mean, baselines.first()) {
        (Some(b), Some(base)) if base.brier > 0.0 => Some(1.0 - b / base.brier),
        _ => None,
    };

    Ok(Scores {
        n,
        brier: brier_mean,
        log: log_mean,
        brier_skill,
        questions,
        calibration: calibration::table(&pairs),
        baselines,
        unresolved,
        unknown,
    })
}

/// The Brier score of one forecast.
pub fn brier(p: f64, outcome: bool) -> f64 {
    let o = if outcome { 1.0 } else { 0.0 };
    (p - o) * (p - o)
}

/// The log score of one forecast: `ln` of the clipped probability given to what happened.
pub fn log_score(p: f64, outcome: bool) -> f64 {
    let p = p.clamp(CLIP, 1.0 - CLIP);
    match outcome {
        true => p.ln(),
        false => (1.0 - p).ln(),
    }
}

fn constant(name: &str, p: f64, outcomes: &[bool]) -> Baseline {
    let n = outcomes.len().max(1) as f64;
    let pairs: Vec<(f64, bool)> = outcomes.iter().map(|&o| (p, o)).collect();
    Baseline {
        name: name.to_string(),
        probability: p,
        brier: outcomes.iter().map(|&o| brier(p, o)).sum::<f64>() / n,
        log: outcomes.iter().map(|&o| log_score(p, o)).sum::<f64>() / n,
        calibration: calibration::table(&pairs),
    }
}

/// A terminal summary of the scores (the CLI prints it).
pub fn summary(s: &Scores) -> String {
    use comfy_table::presets::UTF8_FULL_CONDENSED;
    use comfy_table::{Cell, CellAlignment, Table};

    let num = |x: Option<f64>| x.map_or("–".to_string(), |v| format!("{v:.4}"));
    let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
    let mut out = format!("{} questions scored\n\n", s.n);

    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_header(vec!["forecast", "P", "Brier", "log score"]);
    t.add_row(vec![
        Cell::new("this forecast"),
        right("".into()),
        right(num(s.brier)),
        right(num(s.log)),
    ]);
    for b in &s.baselines {
        let label = match b.name.as_str() {
            "base_rate" => "base rate (hindsight)",
            "coin" => "coin (0.5)",
            other => other,
        };
        t.add_row(vec![
            Cell::new(label),
            right(format!("{:.3}", b.probability)),
            right(format!("{:.4}", b.brier)),
            right(format!("{:.4}", b.log)),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    if let Some(skill) = s.brier_skill {
        out.push_str(&format!("Brier skill against the base rate: {skill:.4}\n"));
    }

    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
        "bin",
        "count",
        "mean forecast",
        "observed",
    ]);
    for b in &s.calibration {
        t.add_row(vec![
            Cell::new(format!("{:.1}–{:.1}", b.lo, b.hi)),
            right(b.count.to_string()),
            right(num(b.mean_forecast)),
            right(num(b.observed)),
        ]);
    }
    out.push_str(&format!("\nCalibration\n{t}\n"));

    if !s.unresolved.is_empty() {
        out.push_str(&format!("\nleft out, no resolution: {}\n", s.unresolved.join(", ")));
    }
    if !s.unknown.is_empty() {
        out.push_str(&format!("\nresolutions not in the forecast: {}\n", s.unknown.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(id: &str, p: f64) -> Forecasted {
        Forecasted { id: id.into(), probability: p }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn hand_computed_scores_on_four_questions() {
        // q1 0.9 true, q2 0.2 false, q3 0.6 false, q4 0.5 true.
        // Brier: 0.01, 0.04, 0.36, 0.25 → mean 0.66 / 4 = 0.165.
        // Log: ln 0.9, ln 0.8, ln 0.4, ln 0.5 → (−0.105361 − 0.223144 − 0.916291 − 0.693147)/4.
        let fc = vec![f("q1", 0.9), f("q2", 0.2), f("q3", 0.6), f("q4", 0.5), f("q5", 0.3)];
        let res = BTreeMap::from([
            ("q1".to_string(), true),
            ("q2".to_string(), false),
            ("q3".to_string(), false),
            ("q4".to_string(), true),
            ("zz".to_string(), true),
        ]);
        let s = score(&fc, &res).unwrap();
        assert_eq!(s.n, 4);
        assert!(close(s.brier.unwrap(), 0.165));
        let log = (0.9f64.ln() + 0.8f64.ln() + 0.4f64.ln() + 0.5f64.ln()) / 4.0;
        assert!(close(s.log.unwrap(), log));
        assert!((s.log.unwrap() - -0.484486).abs() < 1e-6);
        assert_eq!(s.unresolved, vec!["q5".to_string()]);
        assert_eq!(s.unknown, vec!["zz".to_string()]);

        // Base rate 2/4 = 0.5: same as the coin, Brier 0.25, log ln 0.5.
        let base = &s.baselines[0];
        assert_eq!(base.name, "base_rate");
        assert!(close(base.probability, 0.5));
        assert!(close(base.brier, 0.25));
        assert!(close(base.log, 0.5f64.ln()));
        assert_eq!(base.calibration[5].count, 4);
        assert!(close(s.brier_skill.unwrap(), 1.0 - 0.165 / 0.25));
    }

    #[test]
    fn base_rate_differs_from_coin_when_outcomes_are_unbalanced() {
        // Three questions, one true: base rate 1/3.
        // Base-rate Brier = (1/3)(4/9) + (2/3)(1/9) = 6/27 = 2/9.
        let fc = vec![f("a", 0.1), f("b", 0.1), f("c", 0.7)];
        let res = BTreeMap::from([
            ("a".to_string(), false),
            ("b".to_string(), false),
            ("c".to_string(), true),
        ]);
        let s = score(&fc, &res).unwrap();
        let base = &s.baselines[0];
        assert!(close(base.probability, 1.0 / 3.0));
        assert!(close(base.brier, 2.0 / 9.0));
        let log = (1.0f64 / 3.0).ln() / 3.0 + 2.0 * (2.0f64 / 3.0).ln() / 3.0;
        assert!(close(base.log, log));
        assert!(close(s.baselines[1].brier, 0.25));
        // Forecast Brier = (0.01 + 0.01 + 0.09)/3.
        assert!(close(s.brier.unwrap(), 0.11 / 3.0));
        assert_eq!(s.calibration[1].count, 2);
        assert_eq!(s.calibration[7].observed, Some(1.0));
    }

    #[test]
    fn log_score_is_clipped() {
        // 1 − (1 − 1e-6) is 1e-6 only to about 1e-10 relative, hence the looser tolerance.
        assert!((log_score(1.0, false) - (1e-6f64).ln()).abs() < 1e-9);
        assert!(close(log_score(0.0, true), (1e-6f64).ln()));
        assert!(close(log_score(1.0, true), (1.0 - 1e-6f64).ln()));
    }

    #[test]
    fn bad_probabilities_and_duplicates_are_errors() {
        let res = BTreeMap::new();
        let e = score(&[f("a", 1.2)], &res).unwrap_err();
        assert_eq!(e.to_string(), "question `a` has probability 1.2, expected a number in [0, 1]");
        assert!(score(&[f("a", f64::NAN)], &res).is_err());
        let e = score(&[f("a", 0.2), f("a", 0.3)], &res).unwrap_err();
        assert_eq!(e, ScoreError::DuplicateQuestion { id: "a".into() });
    }

    #[test]
    fn nothing_resolved_gives_no_scores() {
        let s = score(&[f("a", 0.4)], &BTreeMap::new()).unwrap();
        assert_eq!(s.n, 0);
        assert_eq!(s.brier, None);
        assert!(s.baselines.is_empty());
        assert_eq!(s.unresolved, vec!["a".to_string()]);
    }
}
