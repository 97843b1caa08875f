//! Sensitivity: which uncertain inputs move each answer most.
//!
//! Two measures, over every uncertain input of the scenario (`Scenario::params`) and
//! every answer (each question's probability, each issue's mean settlement):
//!
//! - **One-at-a-time swings** (the tornado chart). For input `j`, the scenario is run
//!   twice more with `j` pinned at its 10th and then its 90th percentile
//!   (`Dist::quantile`) while every other input keeps its own draw. Pinning replaces the
//!   input's distribution with a zero-width uniform at that value; because each input has
//!   its own random stream keyed by its path, the other inputs and the engine's noise draw
//!   exactly what they drew in the baseline (common random numbers), so the swing
//!   `answer(p90) − answer(p10)` is not blurred by Monte Carlo noise in the other inputs.
//!   Cost: `2 · P · N` runs for `P` inputs and `N` runs per setting.
//! - **First-order variance index** from the baseline sample alone (no extra runs).
//!   The baseline's runs are binned by the value input `j` drew, into [`BINS`]
//!   equal-probability bins (edges at the input's deciles), and
//!   `S_j ≈ SS_between / SS_total − (B − 1)/(N − 1)`, where `SS_between = Σ_b n_b (ȳ_b − ȳ)²`
//!   is the spread of the bin means of the answer and `SS_total = Σ_i (y_i − ȳ)²`.
//!   The ratio estimates `Var(E[Y | X_j]) / Var(Y)`, the share of the answer's variance
//!   explained by input `j` alone; an input unrelated to the answer still gives a ratio of
//!   about `(B − 1)/(N − 1)` by chance, which is subtracted, and the result is clamped to
//!   [0, 1]. With `N = 10 000` and 10 bins the bias removed is 0.0009 and the estimator's
//!   standard error is of the same order; it cannot see interactions (those would need
//!   Saltelli's scheme, at `N · (P + 2)` runs).
//!
//! Issue settlements are only defined in runs where a deal fixed the issue, so their
//! swings and indices are over those runs.

use serde::{Deserialize, Serialize};

use armistice_scenario::dist::{Dist, Draw};
use armistice_scenario::types::Scenario;
use armistice_sim::history::History;
use armistice_sim::runner::{run_many, Completion, Progress};

use crate::compare::{answers, McConfig, RunAnswers};
use crate::svg::Swing;

/// Equal-probability bins per input for the first-order index.
pub const BINS: usize = 10;

/// The sensitivity of every answer to every uncertain input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    pub runs: u64,
    pub seed: u64,
    /// Runs spent: `runs` for the baseline and `2 · inputs · runs` for the swings.
    pub cost_runs: u64,
    pub answers: Vec<AnswerSensitivity>,
}

/// One answer and its inputs, largest swing first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerSensitivity {
    /// `question.ID` or `settlement.ISSUE`.
    pub id: String,
    pub label: String,
    /// The answer in the baseline; `null` when undefined (an issue never settled).
    pub baseline: Option<f64>,
    pub inputs: Vec<InputEffect>,
}

/// One input's effect on one answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputEffect {
    /// The input's path, e.g. `campaign.side.ru.cost`.
    pub path: String,
    /// The input's 10th and 90th percentiles.
    pub p10: f64,
    pub p90: f64,
    /// The answer with the input pinned at p10 and at p90.
    pub at_low: Option<f64>,
    pub at_high: Option<f64>,
    /// `|at_high − at_low|` (0 when either is undefined): the tornado's sort key.
    pub swing: f64,
    /// First-order variance index; `null` when the answer does not vary.
    pub first_order: Option<f64>,
}

/// Streaming mean of each answer (questions then issues), skipping undefined values.
#[derive(Clone, Debug, PartialEq)]
pub struct MeanAcc {
    pub n: Vec<u64>,
    pub sum: Vec<f64>,
}

/// Streaming sums for the first-order index of every (input, answer).
#[derive(Clone, Debug, PartialEq)]
pub struct FirstOrderAcc {
    /// Per input, the `BINS − 1` inner edges (the input's deciles).
    edges: Vec<Vec<f64>>,
    n_answers: usize,
    /// `[input][bin][answer]`, flattened.
    count: Vec<u64>,
    sum: Vec<f64>,
    /// Per answer.
    total: MeanAcc,
    sumsq: Vec<f64>,
}

/// Progress of one batch among several: adds the runs of earlier batches, so that a
/// progress bar moves through the whole job rather than restarting at each batch.
pub struct Offset<'a> {
    pub inner: &'a dyn Progress,
    pub base: u64,
}

impl Progress for Offset<'_> {
    fn advance(&self, runs_done: u64) {
        self.inner.advance(self.base + runs_done);
    }

    fn cancelled(&self) -> bool {
        self.inner.cancelled()
    }
}

/// The values of one run's answers: each question as 0 or 1, then each issue's settlement.
pub fn values(a: &RunAnswers) -> Vec<Option<f64>> {
    a.questions
        .iter()
        .map(|&q| Some(if q { 1.0 } else { 0.0 }))
        .chain(a.settlements.iter().copied())
        .collect()
}

impl MeanAcc {
    pub fn new(n_answers: usize) -> MeanAcc {
        MeanAcc { n: vec![0; n_answers], sum: vec![0.0; n_answers] }
    }

    pub fn add(&mut self, values: &[Option<f64>]) {
        for (k, v) in values.iter().enumerate() {
            if let (Some(v), Some(n), Some(s)) = (v, self.n.get_mut(k), self.sum.get_mut(k)) {
                *n += 1;
                *s += v;
            }
        }
    }

    pub fn merge(&mut self, other: &MeanAcc) {
        for (a, b) in self.n.iter_mut().zip(&other.n) {
            *a += b;
        }
        for (a, b) in self.sum.iter_mut().zip(&other.sum) {
            *a += b;
        }
    }

    pub fn mean(&self, k: usize) -> Option<f64> {
        match self.n.get(k) {
            Some(&n) if n > 0 => Some(self.sum[k] / n as f64),
            _ => None,
        }
    }
}

impl FirstOrderAcc {
    /// Bins each input of `scenario` at its deciles.
    pub fn new(scenario: &Scenario, n_answers: usize) -> FirstOrderAcc {
        let edges: Vec<Vec<f64>> = scenario
            .params
            .iter()
            .map(|p| {
                (1..BINS).map(|b| p.dist.quantile(b as f64 / BINS as f64, p.lo, p.hi)).collect()
            })
            .collect();
        let cells = edges.len() * BINS * n_answers;
        FirstOrderAcc {
            edges,
            n_answers,
            count: vec![0; cells],
            sum: vec![0.0; cells],
            total: MeanAcc::new(n_answers),
            sumsq: vec![0.0; n_answers],
        }
    }

    /// Adds one run: the inputs it drew and its answers.
    pub fn add(&mut self, draw: &Draw, values: &[Option<f64>]) {
        self.total.add(values);
        for (k, v) in values.iter().enumerate() {
            if let Some(v) = v {
                self.sumsq[k] += v * v;
            }
        }
        for (j, edges) in self.edges.iter().enumerate() {
            let x = draw.values.get(j).copied().unwrap_or(f64::NAN);
            // Ties at an edge (a clamped input) go to the upper bin; NaN to the last.
            let b = edges.partition_point(|&e| e <= x);
            for (k, v) in values.iter().enumerate() {
                if let Some(v) = v {
                    let cell = (j * BINS + b) * self.n_answers + k;
                    self.count[cell] += 1;
                    self.sum[cell] += v;
                }
            }
        }
    }

    pub fn merge(&mut self, other: &FirstOrderAcc) {
        for (a, b) in self.count.iter_mut().zip(&other.count) {
            *a += b;
        }
        for (a, b) in self.sum.iter_mut().zip(&other.sum) {
            *a += b;
        }
        for (a, b) in self.sumsq.iter_mut().zip(&other.sumsq) {
            *a += b;
        }
        self.total.merge(&other.total);
    }

    /// The first-order index of input `j` on answer `k`; `None` when the answer is
    /// constant or has fewer than two values.
    pub fn index(&self, j: usize, k: usize) -> Option<f64> {
        let n = *self.total.n.get(k)?;
        let mean = self.total.mean(k)?;
        let ss_total = self.sumsq[k] - n as f64 * mean * mean;
        if n < 2 || ss_total <= 1e-12 * n as f64 {
            return None;
        }
        let ss_between: f64 = (0..BINS)
            .map(|b| {
                let cell = (j * BINS + b) * self.n_answers + k;
                match self.count[cell] {
                    0 => 0.0,
                    c => {
                        let m = self.sum[cell] / c as f64;
                        c as f64 * (m - mean) * (m - mean)
                    }
                }
            })
            .sum();
        let bias = (BINS - 1) as f64 / (n - 1) as f64;
        Some((ss_between / ss_total - bias).clamp(0.0, 1.0))
    }
}

/// A copy of `scenario` with input `j` pinned at `value` (a zero-width uniform, which
/// `Dist::sample` returns exactly, without disturbing any other input's stream).
pub fn pinned(scenario: &Scenario, j: usize, value: f64) -> Scenario {
    let mut s = scenario.clone();
    if let Some(p) = s.params.get_mut(j) {
        p.dist = Dist::Uniform { a: value, b: value };
    }
    s
}

/// Runs the sensitivity analysis: the baseline (first-order indices), then each input at
/// its p10 and p90 (swings). `simulate(scenario, seed, run)` is the engine.
pub fn run<S>(
    scenario: &Scenario,
    cfg: &McConfig,
    simulate: S,
    progress: &dyn Progress,
) -> (Sensitivity, Completion)
where
    S: Fn(&Scenario, u64, u64) -> History + Sync,
{
    run_screened(scenario, cfg, None, simulate, progress)
}

/// [`run`], with the swings limited to the `screen` inputs with the largest first-order
/// index on any answer (all inputs when `None`). Screening costs nothing (the indices come
/// from the baseline runs) and cuts the swings from `2 · P · n` runs to `2 · screen · n`;
/// the inputs left out get no swing (`at_low`, `at_high` null, swing 0).
pub fn run_screened<S>(
    scenario: &Scenario,
    cfg: &McConfig,
    screen: Option<usize>,
    simulate: S,
    progress: &dyn Progress,
) -> (Sensitivity, Completion)
where
    S: Fn(&Scenario, u64, u64) -> History + Sync,
{
    let n_answers = scenario.questions.len() + scenario.issues.len();
    let base = run_many(
        cfg.n_runs,
        cfg.threads,
        |i| {
            let h = simulate(scenario, cfg.seed, i);
            (Draw::sample(&scenario.params, cfg.seed, i), values(&answers(&h, scenario)))
        },
        || FirstOrderAcc::new(scenario, n_answers),
        |acc, _, (draw, v)| acc.add(&draw, &v),
        |acc, other| acc.merge(&other),
        progress,
    );
    let mut completion = base.completion;
    let mut ends: Vec<[MeanAcc; 2]> = Vec::new();
    let mut quantiles = Vec::new();
    let swung = screened(&base.acc, scenario.params.len(), n_answers, screen);
    let mut batch = 0u64;
    for (j, p) in scenario.params.iter().enumerate() {
        let q = [p.dist.quantile(0.1, p.lo, p.hi), p.dist.quantile(0.9, p.lo, p.hi)];
        quantiles.push(q);
        let mut pair = [MeanAcc::new(n_answers), MeanAcc::new(n_answers)];
        for (end, &value) in q.iter().enumerate() {
            if completion == Completion::Cancelled || !swung[j] {
                break;
            }
            let s = pinned(scenario, j, value);
            batch += 1;
            let _ = end;
            let progress = Offset { inner: progress, base: batch * cfg.n_runs };
            let f = run_many(
                cfg.n_runs,
                cfg.threads,
                |i| values(&answers(&simulate(&s, cfg.seed, i), &s)),
                || MeanAcc::new(n_answers),
                |acc, _, v| acc.add(&v),
                |acc, other| acc.merge(&other),
                &progress,
            );
            completion = f.completion;
            pair[end] = f.acc;
        }
        ends.push(pair);
    }

    let labels =
        scenario.questions.iter().map(|q| (format!("question.{}", q.id), q.text.clone())).chain(
            scenario.issues.iter().map(|i| {
                (format!("settlement.{}", i.id), format!("mean settlement of {}", i.name))
            }),
        );
    let answers = labels
        .enumerate()
        .map(|(k, (id, label))| {
            let mut inputs: Vec<InputEffect> = scenario
                .params
                .iter()
                .enumerate()
                .map(|(j, p)| {
                    let (at_low, at_high) = (ends[j][0].mean(k), ends[j][1].mean(k));
                    InputEffect {
                        path: p.path.clone(),
                        p10: quantiles[j][0],
                        p90: quantiles[j][1],
                        at_low,
                        at_high,
                        swing: match (at_low, at_high) {
                            (Some(a), Some(b)) => (b - a).abs(),
                            _ => 0.0,
                        },
                        first_order: base.acc.index(j, k),
                    }
                })
                .collect();
            rank(&mut inputs);
            AnswerSensitivity { id, label, baseline: base.acc.total.mean(k), inputs }
        })
        .collect();
    let n_swung = swung.iter().filter(|&&b| b).count() as u64;
    let s = Sensitivity {
        runs: cfg.n_runs,
        seed: cfg.seed,
        cost_runs: cfg.n_runs * (1 + 2 * n_swung),
        answers,
    };
    (s, completion)
}

/// Which inputs get swings: all, or the `screen` with the largest first-order index on
/// any answer (ties by input order).
fn screened(
    acc: &FirstOrderAcc,
    n_params: usize,
    n_answers: usize,
    screen: Option<usize>,
) -> Vec<bool> {
    let Some(k) = screen else { return vec![true; n_params] };
    let mut score: Vec<(f64, usize)> = (0..n_params)
        .map(|j| {
            let best = (0..n_answers).filter_map(|a| acc.index(j, a)).fold(0.0, f64::max);
            (best, j)
        })
        .collect();
    score.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut keep = vec![false; n_params];
    for &(_, j) in score.iter().take(k) {
        keep[j] = true;
    }
    keep
}

/// Sorts inputs by swing, largest first; ties by first-order index, then by path, so the
/// order is deterministic.
pub fn rank(inputs: &mut [InputEffect]) {
    inputs.sort_by(|a, b| {
        b.swing
            .total_cmp(&a.swing)
            .then_with(|| b.first_order.unwrap_or(0.0).total_cmp(&a.first_order.unwrap_or(0.0)))
            .then_with(|| a.path.cmp(&b.path))
    });
}

/// The tornado rows of one answer: its `limit` largest swings.
pub fn tornado_rows(a: &AnswerSensitivity, limit: usize) -> Vec<Swing> {
    a.inputs
        .iter()
        .filter_map(|e| match (e.at_low, e.at_high) {
            (Some(lo), Some(hi)) => Some(Swing { label: e.path.clone(), at_low: lo, at_high: hi }),
            _ => None,
        })
        .take(limit)
        .collect()
}

/// A terminal summary: per answer, the inputs with the largest swings.
pub fn summary(s: &Sensitivity, limit: usize) -> String {
    use comfy_table::presets::UTF8_FULL_CONDENSED;
    use comfy_table::{Cell, CellAlignment, Table};
    let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
    let num = |x: Option<f64>| x.map_or("–".to_string(), |v| format!("{v:.3}"));
    let mut out =
        format!("{} runs per setting, seed {}, {} runs in all\n\n", s.runs, s.seed, s.cost_runs);
    for a in &s.answers {
        out.push_str(&format!("{} ({}): baseline {}\n", a.id, a.label, num(a.baseline)));
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
            "input",
            "p10",
            "p90",
            "at p10",
            "at p90",
            "swing",
            "first-order",
        ]);
        for e in a.inputs.iter().take(limit) {
            t.add_row(vec![
                Cell::new(&e.path),
                right(format!("{:.3}", e.p10)),
                right(format!("{:.3}", e.p90)),
                right(num(e.at_low)),
                right(num(e.at_high)),
                right(format!("{:.3}", e.swing)),
                right(num(e.first_order)),
            ]);
        }
        out.push_str(&format!("{t}\n\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::fixtures;
    use armistice_scenario::dist::ParamDef;
    use armistice_sim::runner::Silent;

    #[test]
    fn first_order_index_finds_the_input_that_matters() {
        // y = x0 + small noise from x1: x0 explains nearly all the variance.
        let s = {
            let mut s = fixtures::scenario(Dist::Uniform { a: 0.0, b: 1.0 });
            s.params = vec![
                ParamDef {
                    path: "x0".into(),
                    dist: Dist::Uniform { a: 0.0, b: 1.0 },
                    lo: 0.0,
                    hi: 1.0,
                },
                ParamDef {
                    path: "x1".into(),
                    dist: Dist::Uniform { a: 0.0, b: 1.0 },
                    lo: 0.0,
                    hi: 1.0,
                },
            ];
            s
        };
        let mut acc = FirstOrderAcc::new(&s, 1);
        for i in 0..20_000 {
            let draw = Draw::sample(&s.params, 1, i);
            let y = draw.values[0] + 0.1 * draw.values[1];
            acc.add(&draw, &[Some(y)]);
        }
        // Var(x0) = 1/12, Var(0.1 x1) = 1/1200: S0 = 100/101 ≈ 0.990, S1 ≈ 0.0099.
        // Binning x0 into deciles loses the within-bin variance (1/100 of it): S0 ≈ 0.980.
        let s0 = acc.index(0, 0).unwrap_or(f64::NAN);
        let s1 = acc.index(1, 0).unwrap_or(f64::NAN);
        assert!((s0 - 0.980).abs() < 0.01, "{s0}");
        assert!((s1 - 0.0099).abs() < 0.005, "{s1}");
    }

    #[test]
    fn screening_swings_only_the_inputs_that_matter() {
        let s = fixtures::scenario(Dist::Uniform { a: 20.0, b: 80.0 });
        let cfg = McConfig { n_runs: 1000, seed: 5, threads: 1 };
        let (r, _) = run_screened(&s, &cfg, Some(1), fixtures::simulate, &Silent);
        // One input swung: 1000 · (1 + 2).
        assert_eq!(r.cost_runs, 3000);
        // The status quo explains most of the settlement's variance, more than the cost
        // explains of the question's: it is the one swung.
        for a in &r.answers {
            let swung: Vec<&str> =
                a.inputs.iter().filter(|e| e.at_low.is_some()).map(|e| e.path.as_str()).collect();
            assert!(swung.iter().all(|p| *p == "issue.border.status_quo"), "{swung:?}");
        }
        assert!(r.answers[1].inputs[0].swing > 0.0);
        assert_eq!(r.answers[0].inputs.iter().map(|e| e.swing).sum::<f64>(), 0.0);
    }

    #[test]
    fn constant_answer_has_no_index() {
        let s = fixtures::scenario(Dist::Uniform { a: 0.0, b: 100.0 });
        let mut acc = FirstOrderAcc::new(&s, 1);
        for i in 0..100 {
            acc.add(&Draw::sample(&s.params, 1, i), &[Some(3.0)]);
        }
        assert_eq!(acc.index(0, 0), None);
    }

    #[test]
    fn pinning_an_input_leaves_the_other_draws_alone() {
        let s = fixtures::scenario(Dist::Triangular { min: 0.0, mode: 50.0, max: 100.0 });
        let p = pinned(&s, 0, 12.5);
        for run in 0..50 {
            let (a, b) = (Draw::sample(&s.params, 3, run), Draw::sample(&p.params, 3, run));
            assert_eq!(b.values[0], 12.5);
            assert_eq!(a.values[1], b.values[1]);
        }
    }

    #[test]
    fn swings_rank_the_cost_of_war_first_for_the_ceasefire_question() {
        let s = fixtures::scenario(Dist::Uniform { a: 20.0, b: 80.0 });
        let cfg = McConfig { n_runs: 2000, seed: 5, threads: 2 };
        let (r, done) = run(&s, &cfg, fixtures::simulate, &Silent);
        assert_eq!(done, Completion::All);
        assert_eq!(r.cost_runs, 2000 * 5);
        let q = &r.answers[0];
        assert_eq!(q.id, "question.signed");
        assert_eq!(q.inputs[0].path, "campaign.side.a.cost");
        // Cost p10 = 26 and p90 = 74; with noise in (−20, 20), cost + noise stays below 50
        // at p10 (at most 46) and above it at p90 (at least 54): P goes from 0 to 1.
        assert_eq!((q.inputs[0].p10, q.inputs[0].p90), (26.0, 74.0));
        assert_eq!(q.inputs[0].at_low, Some(0.0));
        assert_eq!(q.inputs[0].at_high, Some(1.0));
        assert_eq!(q.inputs[0].swing, 1.0);
        // The status quo does not touch the question: no swing, index ≈ 0.
        assert_eq!(q.inputs[1].swing, 0.0);
        assert!(q.inputs[1].first_order.unwrap_or(1.0) < 0.01);
        assert!(q.inputs[0].first_order.unwrap_or(0.0) > 0.5);
        // The settlement depends on the status quo.
        let sq = &r.answers[1];
        assert_eq!(sq.inputs[0].path, "issue.border.status_quo");
        assert!(sq.inputs[0].at_high > sq.inputs[0].at_low);
        let rows = tornado_rows(sq, 5);
        assert_eq!(rows[0].label, "issue.border.status_quo");
        // Same answer on 1 thread.
        let (r1, _) = run(&s, &McConfig { threads: 1, ..cfg }, fixtures::simulate, &Silent);
        assert_eq!(r, r1);
    }
}
