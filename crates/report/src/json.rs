//! The forecast's wire types: the only place the JSON of `run` and `solve` is defined.
//!
//! Keys come out in a fixed order (struct fields in declaration order, maps as
//! `BTreeMap`s), and every float is rounded to [`DIGITS`] decimals and printed by
//! `serde_json`'s shortest round-trip formatter, so the same forecast always serialises
//! to the same bytes.

use std::collections::BTreeMap;

use armistice_models::model::{NoDealReason, Prediction, Stop};
use armistice_scenario::types::Scenario;
use armistice_sim::aggregate::{share, wilson, Histogram, Outcome, StaticTally, Tally};
use serde::{Deserialize, Serialize};

/// Decimals kept in JSON floats: enough for any probability estimated from 10⁶ runs and
/// far below the resolution of settlement histograms (0.01), few enough to read.
pub const DIGITS: i32 = 6;

/// The forecast of `armistice run` (DESIGN §4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// The scenario's id.
    pub scenario: String,
    /// SHA-256 of the scenario text (after overlays), in hex.
    pub scenario_sha256: String,
    pub seed: u64,
    /// Runs requested.
    pub runs: u64,
    /// Runs that finished, present only when the run was interrupted; every share below
    /// is over these runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs_completed: Option<u64>,
    /// Armistice's version.
    pub version: String,
    pub questions: Vec<QuestionForecast>,
    pub issues: Vec<IssueForecast>,
    /// Dated series, by name: `any_ceasefire_in_force`, `in_force.KIND`, `signed.KIND`.
    pub series: BTreeMap<String, Vec<SeriesPoint>>,
    pub first_ceasefire: FirstCeasefireForecast,
    /// Share of runs per outcome class (`no_deal`, `partial_only`, `ceasefire_holds`,
    /// `breakdown`, `settlement`; defined in `armistice_sim::aggregate`).
    pub outcomes: BTreeMap<String, f64>,
}

/// One question's probability.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionForecast {
    pub id: String,
    pub text: String,
    /// Close date, `YYYY-MM-DD`.
    pub close: String,
    pub probability: f64,
    /// 95% Wilson score interval of the Monte Carlo estimate.
    pub ci95: [f64; 2],
}

/// One issue: the static models' predictions and the simulated settlement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssueForecast {
    pub id: String,
    pub name: String,
    /// Each static model's prediction on the central draw; `null` for no deal.
    pub predictions: BTreeMap<String, Option<f64>>,
    /// Final terms over the runs in which a deal in force at the end fixed the issue;
    /// `null` when none did.
    pub settlement: Option<Settlement>,
    /// Share of runs in which a deal in force at the end fixed the issue.
    pub p_fixed: f64,
}

/// Mean and deciles of a distribution on 0–100 (deciles at a resolution of 0.01).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settlement {
    pub mean: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

/// One point of a dated series: the probability during the period that starts on `date`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    pub date: String,
    pub p: f64,
}

/// When the first ceasefire or settlement is signed, over all runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FirstCeasefireForecast {
    /// Share of runs with none in the simulated window.
    pub p_never: f64,
    /// First day of the period of each percentile; `null` when the percentile falls
    /// among runs that never had one.
    pub p10: Option<String>,
    pub p50: Option<String>,
    pub p90: Option<String>,
}

/// What `run` knows besides the tally.
#[derive(Clone, Debug)]
pub struct RunInfo<'a> {
    pub scenario_sha256: &'a str,
    pub seed: u64,
    pub runs_requested: u64,
    /// `None` when every requested run finished.
    pub runs_completed: Option<u64>,
    pub version: &'a str,
}

/// The result of `armistice solve`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaticForecast {
    pub scenario: String,
    pub scenario_sha256: String,
    /// Seed of the draws; `null` without `--runs`.
    pub seed: Option<u64>,
    /// Draws of the scenario's distributions (0: the central draw only).
    pub runs: u64,
    /// Runs that finished, present only when interrupted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs_completed: Option<u64>,
    pub version: String,
    /// Models, in the registry's order.
    pub models: Vec<String>,
    pub issues: Vec<StaticIssue>,
}

/// One issue of a static forecast, per model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaticIssue {
    pub id: String,
    pub name: String,
    /// Keyed by model name.
    pub models: BTreeMap<String, StaticPrediction>,
}

/// One model's answer for one issue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaticPrediction {
    /// The prediction with every number at its central value; `null` for no deal.
    pub central: Option<f64>,
    /// Why the model stopped on the central draw.
    pub stop: StopReason,
    /// Over the draws (with `--runs`): mean and deciles of the predictions; `null`
    /// without `--runs` or when no draw gave a value.
    pub draws: Option<Settlement>,
    /// Share of draws with a prediction (with `--runs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p_value: Option<f64>,
}

/// [`Stop`] on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StopReason {
    Closed,
    Converged { rounds: u32 },
    RoundCap { rounds: u32 },
    Cycle { rounds: u32, length: u32 },
    NoDeal { reason: String },
    NotApplicable,
}

/// Builds the forecast of a run from its tally and, per model name, the static
/// models' predictions on the central draw.
pub fn forecast(
    scenario: &Scenario,
    tally: &Tally,
    info: &RunInfo<'_>,
    predictions: &[(String, Prediction)],
) -> Forecast {
    let n = tally.runs;
    let questions = scenario
        .questions
        .iter()
        .zip(&tally.questions)
        .map(|(q, &k)| {
            let (lo, hi) = wilson(k, n);
            QuestionForecast {
                id: q.id.clone(),
                text: q.text.clone(),
                close: q.close.to_string(),
                probability: round(share(k, n)),
                ci95: [round(lo), round(hi)],
            }
        })
        .collect();

    let issues = scenario
        .issues
        .iter()
        .enumerate()
        .map(|(i, issue)| IssueForecast {
            id: issue.id.clone(),
            name: issue.name.clone(),
            predictions: predictions
                .iter()
                .map(|(model, p)| (model.clone(), p.issues.get(i).and_then(|o| o.value).map(round)))
                .collect(),
            settlement: tally.settlements.get(i).and_then(settlement),
            p_fixed: round(tally.p_fixed(i)),
        })
        .collect();

    let dated = |counts: &[u64]| -> Vec<SeriesPoint> {
        counts
            .iter()
            .enumerate()
            .map(|(t, &k)| SeriesPoint {
                date: scenario.date_of(t as u32).to_string(),
                p: round(share(k, n)),
            })
            .collect()
    };
    let mut series = BTreeMap::new();
    series.insert("any_ceasefire_in_force".to_string(), dated(&tally.any_ceasefire));
    for (kind, counts) in scenario.agreements.iter().zip(&tally.in_force) {
        series.insert(format!("in_force.{}", kind.id), dated(counts));
    }
    for (kind, counts) in scenario.agreements.iter().zip(&tally.signed) {
        series.insert(format!("signed.{}", kind.id), dated(counts));
    }

    let first = tally.first_ceasefire();
    let date = |t: Option<u32>| t.map(|t| scenario.date_of(t).to_string());
    let first_ceasefire = FirstCeasefireForecast {
        p_never: round(first.p_never),
        p10: date(first.p10),
        p50: date(first.p50),
        p90: date(first.p90),
    };

    let outcomes = Outcome::ALL
        .iter()
        .map(|&o| (o.name().to_string(), round(share(tally.outcomes[o as usize], n))))
        .collect();

    Forecast {
        scenario: scenario.meta.id.clone(),
        scenario_sha256: info.scenario_sha256.to_string(),
        seed: info.seed,
        runs: info.runs_requested,
        runs_completed: info.runs_completed,
        version: info.version.to_string(),
        questions,
        issues,
        series,
        first_ceasefire,
        outcomes,
    }
}

/// What `solve` knows besides the predictions.
#[derive(Clone, Debug)]
pub struct SolveInfo<'a> {
    pub scenario_sha256: &'a str,
    /// Seed of the draws, when there were any.
    pub seed: Option<u64>,
    pub runs_requested: u64,
    pub runs_completed: Option<u64>,
    pub version: &'a str,
}

/// Builds the static forecast from the central predictions (per model name, in registry
/// order) and, with `--runs`, the tally of predictions over draws (same model order).
pub fn static_forecast(
    scenario: &Scenario,
    central: &[(String, Prediction)],
    draws: Option<&StaticTally>,
    info: &SolveInfo<'_>,
) -> StaticForecast {
    let issues = scenario
        .issues
        .iter()
        .enumerate()
        .map(|(i, issue)| StaticIssue {
            id: issue.id.clone(),
            name: issue.name.clone(),
            models: central
                .iter()
                .enumerate()
                .map(|(m, (name, p))| {
                    let outcome = p.issues.get(i);
                    let hist = draws.and_then(|d| d.values.get(m)).and_then(|v| v.get(i));
                    let prediction = StaticPrediction {
                        central: outcome.and_then(|o| o.value).map(round),
                        stop: outcome.map_or(StopReason::NotApplicable, |o| stop_reason(&o.stop)),
                        draws: hist.and_then(settlement),
                        p_value: match (draws, hist) {
                            (Some(d), Some(h)) => Some(round(share(h.n(), d.runs))),
                            _ => None,
                        },
                    };
                    (name.clone(), prediction)
                })
                .collect(),
        })
        .collect();
    StaticForecast {
        scenario: scenario.meta.id.clone(),
        scenario_sha256: info.scenario_sha256.to_string(),
        seed: info.seed,
        runs: info.runs_requested,
        runs_completed: info.runs_completed,
        version: info.version.to_string(),
        models: central.iter().map(|(name, _)| name.clone()).collect(),
        issues,
    }
}

/// Serialises any of the wire types as pretty JSON with a trailing newline.
///
/// # Errors
/// Only if serialisation itself fails, which these types cannot do (no maps with
/// non-string keys, no non-finite floats: those become `null`).
pub fn to_json<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

/// The wire form of a model's stop reason.
pub fn stop_reason(stop: &Stop) -> StopReason {
    match stop {
        Stop::Closed => StopReason::Closed,
        Stop::Converged { rounds } => StopReason::Converged { rounds: *rounds },
        Stop::RoundCap { rounds } => StopReason::RoundCap { rounds: *rounds },
        Stop::Cycle { rounds, length } => StopReason::Cycle { rounds: *rounds, length: *length },
        Stop::NoDeal(reason) => StopReason::NoDeal {
            reason: match reason {
                NoDealReason::RedLinesDisjoint => "red_lines_disjoint",
                NoDealReason::NoGainForAll => "no_gain_for_all",
                NoDealReason::NoVetoPlayers => "no_veto_players",
            }
            .to_string(),
        },
        Stop::NotApplicable => StopReason::NotApplicable,
    }
}

fn settlement(h: &Histogram) -> Option<Settlement> {
    h.summary().map(|s| Settlement {
        mean: round(s.mean),
        p10: round(s.p10),
        p50: round(s.p50),
        p90: round(s.p90),
    })
}

/// Rounds to [`DIGITS`] decimals. Also removes the float noise of `k · 0.01` in the
/// deciles (e.g. 0.07 · 100 printing as 7.000000000000001).
pub fn round(x: f64) -> f64 {
    let scale = 10f64.powi(DIGITS);
    (x * scale).round() / scale
}

#[cfg(test)]
mod tests;
