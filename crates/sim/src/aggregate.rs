//! Streaming accumulators of Monte Carlo runs, and the summaries read off them.
//!
//! Every accumulator here has a fixed size that does not depend on the number of runs,
//! and merges exactly: counts are integers, and the only floating sums (means) are
//! merged in the runner's fixed chunk order, so results are bit-identical for any
//! thread count (see `runner`).
//!
//! Definitions (all per run, read at the end of the run unless stated):
//! - A **question** counts when its predicate holds ([`crate::question::holds`]).
//! - An issue is **fixed** when, in the last simulated period, some agreement in force
//!   names it; its **final terms** are those of the most recently signed such agreement.
//!   Settlement statistics are over the runs in which the issue is fixed.
//! - **Series**, per period t: P(an agreement of kind K is in force during t); P(any
//!   ceasefire- or settlement-class agreement is in force during t); P(an agreement of
//!   kind K was signed in a period ≤ t).
//! - The **first ceasefire** is the first signing of any ceasefire- or settlement-class
//!   agreement (a settlement stops the war too); runs without one count as "never".
//! - **Outcome classes** are exclusive and exhaustive, tested in this order:
//!   1. `settlement`: a settlement-class agreement is in force in the last period;
//!   2. `ceasefire_holds`: a ceasefire-class agreement is in force in the last period;
//!   3. `breakdown`: a ceasefire or settlement was signed during the run, but none is in
//!      force in the last period (every one broke down or was replaced and then broke down);
//!   4. `partial_only`: no ceasefire or settlement was ever signed, but a partial deal was;
//!   5. `no_deal`: nothing was signed.

use std::collections::BTreeMap;

use armistice_models::model::Prediction;
use armistice_scenario::types::{AgreementClass, Scenario};

use crate::history::History;
use crate::question::holds;

/// Resolution of settlement histograms on the 0–100 scale: values are rounded to the
/// nearest 0.01 before counting, so quantiles are exact to ±0.005. Means use the
/// unrounded values.
pub const RESOLUTION: f64 = 0.01;

/// z for a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// A distribution of values on 0–100 at [`RESOLUTION`]: at most 10,001 bins whatever
/// the number of values, stored sparsely so that a chunk's accumulator stays small.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Histogram {
    n: u64,
    sum: f64,
    /// Bin `b` holds values that round to `b · RESOLUTION`.
    bins: BTreeMap<u32, u64>,
}

/// Mean and deciles of a distribution.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub mean: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

/// One of the five exclusive outcome classes of a run (see the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    NoDeal,
    PartialOnly,
    CeasefireHolds,
    Breakdown,
    Settlement,
}

/// Everything aggregated over the runs of one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    /// Runs folded in.
    pub runs: u64,
    /// Per question (scenario order): runs in which it holds.
    pub questions: Vec<u64>,
    /// Per issue: the final terms over runs in which it is fixed.
    pub settlements: Vec<Histogram>,
    /// `in_force[k][t]`: runs with an agreement of kind `k` in force during period `t`.
    pub in_force: Vec<Vec<u64>>,
    /// `any_ceasefire[t]`: runs with a ceasefire or settlement in force during period `t`.
    pub any_ceasefire: Vec<u64>,
    /// `signed[k][t]`: runs in which kind `k` was signed in a period ≤ `t`.
    pub signed: Vec<Vec<u64>>,
    /// `first_ceasefire[t]`: runs whose first ceasefire or settlement was signed in `t`.
    pub first_ceasefire: Vec<u64>,
    /// Runs per outcome class, indexed by `Outcome as usize`.
    pub outcomes: [u64; 5],
}

/// Where the first ceasefire falls over all runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FirstCeasefire {
    /// Share of runs with no ceasefire or settlement in the window.
    pub p_never: f64,
    /// Periods of the 10th, 50th and 90th percentiles over all runs; `None` when that
    /// percentile falls among the runs that never had one.
    pub p10: Option<u32>,
    pub p50: Option<u32>,
    pub p90: Option<u32>,
}

/// Per model and issue, the predictions of static models over draws (for `solve --runs`).
#[derive(Clone, Debug, PartialEq)]
pub struct StaticTally {
    /// Draws folded in.
    pub runs: u64,
    /// `values[m][i]`: model `m`'s predictions for issue `i` over draws where it made one.
    pub values: Vec<Vec<Histogram>>,
}

impl Histogram {
    /// An empty histogram.
    pub fn new() -> Histogram {
        Histogram::default()
    }

    /// Adds one value; values outside 0–100 fall in the end bins (NaN is ignored: a
    /// model that produced one has nothing to say).
    pub fn add(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        let bin = (x / RESOLUTION).round().clamp(0.0, 100.0 / RESOLUTION) as u32;
        *self.bins.entry(bin).or_insert(0) += 1;
        self.n += 1;
        self.sum += x;
    }

    /// Appends another histogram (the runner calls this in chunk order).
    pub fn merge(&mut self, other: Histogram) {
        self.n += other.n;
        self.sum += other.sum;
        for (bin, count) in other.bins {
            *self.bins.entry(bin).or_insert(0) += count;
        }
    }

    /// Number of values.
    pub fn n(&self) -> u64 {
        self.n
    }

    /// The q-quantile by nearest rank (the smallest value with at least ⌈q·n⌉ values at
    /// or below it), at [`RESOLUTION`]; `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let rank = ((q * self.n as f64).ceil() as u64).clamp(1, self.n.max(1));
        let mut seen = 0;
        for (&bin, &count) in &self.bins {
            seen += count;
            if seen >= rank {
                return Some(f64::from(bin) * RESOLUTION);
            }
        }
        None
    }

    /// Mean and deciles; `None` when empty.
    pub fn summary(&self) -> Option<Summary> {
        match self.n {
            0 => None,
            n => Some(Summary {
                mean: self.sum / n as f64,
                p10: self.quantile(0.1)?,
                p50: self.quantile(0.5)?,
                p90: self.quantile(0.9)?,
            }),
        }
    }
}

impl Outcome {
    /// Every class, in the order of `Outcome as usize`.
    pub const ALL: [Outcome; 5] = [
        Outcome::NoDeal,
        Outcome::PartialOnly,
        Outcome::CeasefireHolds,
        Outcome::Breakdown,
        Outcome::Settlement,
    ];

    /// The name used in JSON and tables.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::NoDeal => "no_deal",
            Outcome::PartialOnly => "partial_only",
            Outcome::CeasefireHolds => "ceasefire_holds",
            Outcome::Breakdown => "breakdown",
            Outcome::Settlement => "settlement",
        }
    }

    /// The class of a run (see the module doc).
    pub fn of(h: &History, scenario: &Scenario) -> Outcome {
        let class = |deal: armistice_scenario::types::AgreementId| {
            scenario.agreements.get(deal.idx()).map(|a| a.class)
        };
        let last = h.periods.checked_sub(1);
        let in_force_at_end = |c: AgreementClass| {
            h.signings
                .iter()
                .enumerate()
                .any(|(i, s)| class(s.deal) == Some(c) && last.is_some_and(|t| h.in_force(i, t)))
        };
        let ever = |c: AgreementClass| h.signings.iter().any(|s| class(s.deal) == Some(c));
        if in_force_at_end(AgreementClass::Settlement) {
            Outcome::Settlement
        } else if in_force_at_end(AgreementClass::Ceasefire) {
            Outcome::CeasefireHolds
        } else if ever(AgreementClass::Ceasefire) || ever(AgreementClass::Settlement) {
            Outcome::Breakdown
        } else if h.signings.is_empty() {
            Outcome::NoDeal
        } else {
            Outcome::PartialOnly
        }
    }
}

impl Tally {
    /// An empty tally sized for `scenario` (its questions, issues, agreements and horizon).
    pub fn new(scenario: &Scenario) -> Tally {
        let periods = scenario.meta.horizon as usize;
        let kinds = scenario.agreements.len();
        Tally {
            runs: 0,
            questions: vec![0; scenario.questions.len()],
            settlements: vec![Histogram::new(); scenario.issues.len()],
            in_force: vec![vec![0; periods]; kinds],
            any_ceasefire: vec![0; periods],
            signed: vec![vec![0; periods]; kinds],
            first_ceasefire: vec![0; periods],
            outcomes: [0; 5],
        }
    }

    /// Folds in one run's history.
    pub fn add(&mut self, h: &History, scenario: &Scenario) {
        self.runs += 1;
        for (count, q) in self.questions.iter_mut().zip(&scenario.questions) {
            if holds(&q.predicate, h, scenario) {
                *count += 1;
            }
        }

        let periods = self.any_ceasefire.len();
        let class = |i: usize| {
            h.signings.get(i).and_then(|s| scenario.agreements.get(s.deal.idx())).map(|a| a.class)
        };
        // Per run, each kind counts at most once per period even when two of its
        // signings overlap, hence the flags.
        let kinds = self.in_force.len();
        let mut alive = vec![false; kinds * periods];
        let mut any = vec![false; periods];
        for (i, s) in h.signings.iter().enumerate() {
            let k = s.deal.idx();
            if k >= kinds {
                continue;
            }
            let end = h
                .endings
                .iter()
                .filter(|e| e.signing == i)
                .map(|e| e.period)
                .min()
                .unwrap_or(h.periods)
                .min(h.periods) as usize;
            let stops_war =
                matches!(class(i), Some(AgreementClass::Ceasefire | AgreementClass::Settlement));
            for t in (s.period as usize)..end.min(periods) {
                alive[k * periods + t] = true;
                if stops_war {
                    any[t] = true;
                }
            }
        }
        for k in 0..kinds {
            for t in 0..periods {
                if alive[k * periods + t] {
                    self.in_force[k][t] += 1;
                }
            }
            let first = h.signings.iter().filter(|s| s.deal.idx() == k).map(|s| s.period).min();
            if let Some(first) = first {
                for count in self.signed[k].iter_mut().skip(first as usize) {
                    *count += 1;
                }
            }
        }
        for (count, &on) in self.any_ceasefire.iter_mut().zip(&any) {
            if on {
                *count += 1;
            }
        }
        let first_ceasefire = h
            .signings
            .iter()
            .enumerate()
            .filter(|&(i, _)| {
                matches!(class(i), Some(AgreementClass::Ceasefire | AgreementClass::Settlement))
            })
            .map(|(_, s)| s.period as usize)
            .min();
        if let Some(count) = first_ceasefire.and_then(|t| self.first_ceasefire.get_mut(t)) {
            *count += 1;
        }

        // Final terms: the most recently signed agreement in force at the end wins.
        if let Some(last) = h.periods.checked_sub(1) {
            let mut fixed: Vec<Option<f64>> = vec![None; self.settlements.len()];
            for (i, s) in h.signings.iter().enumerate() {
                if h.in_force(i, last) {
                    for &(issue, x) in &s.terms {
                        if let Some(slot) = fixed.get_mut(issue.idx()) {
                            *slot = Some(x);
                        }
                    }
                }
            }
            for (hist, x) in self.settlements.iter_mut().zip(fixed) {
                if let Some(x) = x {
                    hist.add(x);
                }
            }
        }

        self.outcomes[Outcome::of(h, scenario) as usize] += 1;
    }

    /// Appends a later chunk's tally.
    pub fn merge(&mut self, other: Tally) {
        self.runs += other.runs;
        add_counts(&mut self.questions, &other.questions);
        for (a, b) in self.settlements.iter_mut().zip(other.settlements) {
            a.merge(b);
        }
        for (a, b) in self.in_force.iter_mut().zip(&other.in_force) {
            add_counts(a, b);
        }
        add_counts(&mut self.any_ceasefire, &other.any_ceasefire);
        for (a, b) in self.signed.iter_mut().zip(&other.signed) {
            add_counts(a, b);
        }
        add_counts(&mut self.first_ceasefire, &other.first_ceasefire);
        for (a, b) in self.outcomes.iter_mut().zip(other.outcomes) {
            *a += b;
        }
    }

    /// Share of runs in which a deal fixed issue `i` at the end.
    pub fn p_fixed(&self, issue_idx: usize) -> f64 {
        share(self.settlements.get(issue_idx).map_or(0, Histogram::n), self.runs)
    }

    /// Where the first ceasefire falls.
    pub fn first_ceasefire(&self) -> FirstCeasefire {
        let had: u64 = self.first_ceasefire.iter().sum();
        let at = |q: f64| -> Option<u32> {
            let rank = ((q * self.runs as f64).ceil() as u64).max(1);
            let mut seen = 0;
            for (t, &count) in self.first_ceasefire.iter().enumerate() {
                seen += count;
                if seen >= rank {
                    return Some(t as u32);
                }
            }
            None
        };
        FirstCeasefire {
            p_never: share(self.runs - had, self.runs),
            p10: at(0.1),
            p50: at(0.5),
            p90: at(0.9),
        }
    }
}

impl StaticTally {
    /// An empty tally for `n_models` models and `n_issues` issues.
    pub fn new(n_models: usize, n_issues: usize) -> StaticTally {
        StaticTally { runs: 0, values: vec![vec![Histogram::new(); n_issues]; n_models] }
    }

    /// Folds in one draw's predictions, one per model in the tally's model order.
    pub fn add(&mut self, predictions: &[Prediction]) {
        self.runs += 1;
        for (hists, p) in self.values.iter_mut().zip(predictions) {
            for (hist, outcome) in hists.iter_mut().zip(&p.issues) {
                if let Some(x) = outcome.value {
                    hist.add(x);
                }
            }
        }
    }

    /// Appends a later chunk's tally.
    pub fn merge(&mut self, other: StaticTally) {
        self.runs += other.runs;
        for (a, b) in self.values.iter_mut().zip(other.values) {
            for (x, y) in a.iter_mut().zip(b) {
                x.merge(y);
            }
        }
    }
}

/// The 95% Wilson score interval for `k` successes in `n` trials; `(0, 1)` when `n = 0`.
///
/// # Examples
/// ```
/// let (lo, hi) = armistice_sim::aggregate::wilson(5, 10);
/// assert!((lo - 0.2366).abs() < 1e-4 && (hi - 0.7634).abs() < 1e-4);
/// ```
pub fn wilson(k: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n_f = n as f64;
    let p = k as f64 / n_f;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denom;
    let half = Z95 * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt() / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// `k / n`, or 0 when `n = 0`.
pub fn share(k: u64, n: u64) -> f64 {
    match n {
        0 => 0.0,
        n => k as f64 / n as f64,
    }
}

fn add_counts(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

#[cfg(test)]
mod tests;
