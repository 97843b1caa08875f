//! What-if comparisons with common random numbers: a baseline and an overlay run with the
//! same seed and run indices, and paired per-run differences.
//!
//! Run `i` of the baseline and run `i` of the overlay draw every shared uncertain input
//! from the same stream (streams are keyed by the parameter's path, see
//! `armistice_scenario::dist`), and every engine noise term from the same labelled stream.
//! The per-run difference `d_i = y_i(overlay) − y_i(baseline)` therefore only moves where
//! the overlay changed something, and the mean difference has a far smaller variance than
//! the difference of two independent estimates. An overlay that changes nothing gives
//! `d_i = 0` in every run, and a reported difference of exactly zero.
//!
//! The 95% interval of a mean difference is `d̄ ± 1.96 · s_d / √n`, with `s_d` the sample
//! standard deviation of the paired differences (normal approximation; for a question the
//! differences take the values −1, 0, 1, and n is in the thousands). Differences are
//! accumulated by Welford's method and chunks merged by Chan et al.'s formula, so memory
//! does not grow with the number of runs and results do not depend on the thread count.
//!
//! A question is compared when both scenarios have it (matched by id); an issue's
//! settlement is compared over the runs where a deal in force at the end fixed it in both.

use serde::{Deserialize, Serialize};

use armistice_scenario::types::Scenario;
use armistice_sim::aggregate::Outcome;
use armistice_sim::history::History;
use armistice_sim::question::holds;
use armistice_sim::runner::{run_many, Completion, Progress};

/// The 97.5th percentile of the standard normal.
const Z95: f64 = 1.959_963_984_540_054;

/// Streaming statistics of paired values `(baseline, overlay)`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PairedAcc {
    pub n: u64,
    sum_base: f64,
    sum_alt: f64,
    /// Running mean of the differences.
    mean_d: f64,
    /// Running sum of squared deviations of the differences.
    m2_d: f64,
}

/// The summary of paired values.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Paired {
    pub n: u64,
    pub baseline: f64,
    pub overlay: f64,
    /// Mean of `overlay − baseline` over the pairs.
    pub diff: f64,
    /// 95% interval of the mean difference.
    pub ci95: [f64; 2],
}

/// One run's answers, the unit that is paired.
#[derive(Clone, Debug, PartialEq)]
pub struct RunAnswers {
    /// Per question of the scenario: whether it holds.
    pub questions: Vec<bool>,
    /// The run's outcome class at the end (`armistice_sim::aggregate::Outcome`).
    pub outcome: Outcome,
    /// Per issue: the final terms when a deal in force at the end fixes it.
    pub settlements: Vec<Option<f64>>,
}

/// Which questions and issues of the overlay match the baseline's.
#[derive(Clone, Debug, PartialEq)]
pub struct Pairing {
    /// `(baseline index, overlay index)` of each shared question, in baseline order.
    pub questions: Vec<(usize, usize)>,
    /// `(baseline index, overlay index)` of each shared issue, in baseline order.
    pub issues: Vec<(usize, usize)>,
}

/// Accumulates a whole comparison of one overlay.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareAcc {
    pub questions: Vec<PairedAcc>,
    /// Per outcome class, in `Outcome::ALL` order: whether the run ended in it.
    pub outcomes: Vec<PairedAcc>,
    /// Settlement means over runs where both fixed the issue.
    pub settlements: Vec<PairedAcc>,
    /// Whether the issue was fixed (1) or not (0), over all runs.
    pub fixed: Vec<PairedAcc>,
}

/// The comparison of one overlay with the baseline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The overlay's id (or file name).
    pub overlay: String,
    pub title: String,
    pub runs: u64,
    pub seed: u64,
    pub questions: Vec<QuestionDiff>,
    /// Share of runs ending in each outcome class; these need no questions file.
    pub outcomes: Vec<OutcomeDiff>,
    pub issues: Vec<IssueDiff>,
}

/// The share of runs ending in one outcome class, under both.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutcomeDiff {
    /// `no_deal`, `partial_only`, `ceasefire_holds`, `breakdown` or `settlement`.
    pub class: String,
    #[serde(flatten)]
    pub paired: Paired,
}

/// A question's probability under both, and the difference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionDiff {
    pub id: String,
    pub text: String,
    #[serde(flatten)]
    pub paired: Paired,
}

/// An issue's settlement mean and share of runs fixing it, under both.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssueDiff {
    pub id: String,
    pub name: String,
    /// Over runs where both fixed the issue; `null` when there were none.
    pub settlement: Option<Paired>,
    pub p_fixed: Paired,
}

impl PairedAcc {
    /// Adds one pair.
    pub fn add(&mut self, baseline: f64, overlay: f64) {
        self.n += 1;
        self.sum_base += baseline;
        self.sum_alt += overlay;
        let d = overlay - baseline;
        let delta = d - self.mean_d;
        self.mean_d += delta / self.n as f64;
        self.m2_d += delta * (d - self.mean_d);
    }

    /// Appends a later chunk's pairs (Chan, Golub and LeVeque's parallel update).
    pub fn merge(&mut self, other: &PairedAcc) {
        if other.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = other.clone();
            return;
        }
        let (na, nb) = (self.n as f64, other.n as f64);
        let n = na + nb;
        let delta = other.mean_d - self.mean_d;
        self.mean_d += delta * nb / n;
        self.m2_d += other.m2_d + delta * delta * na * nb / n;
        self.n += other.n;
        self.sum_base += other.sum_base;
        self.sum_alt += other.sum_alt;
    }

    /// The summary; `None` without pairs.
    pub fn finish(&self) -> Option<Paired> {
        if self.n == 0 {
            return None;
        }
        let n = self.n as f64;
        let var = if self.n > 1 { self.m2_d / (n - 1.0) } else { 0.0 };
        let half = Z95 * (var.max(0.0) / n).sqrt();
        Some(Paired {
            n: self.n,
            baseline: self.sum_base / n,
            overlay: self.sum_alt / n,
            diff: self.mean_d,
            ci95: [self.mean_d - half, self.mean_d + half],
        })
    }
}

impl Pairing {
    /// Matches questions and issues by id.
    pub fn new(baseline: &Scenario, overlay: &Scenario) -> Pairing {
        let questions = baseline
            .questions
            .iter()
            .enumerate()
            .filter_map(|(i, q)| {
                overlay.questions.iter().position(|o| o.id == q.id).map(|j| (i, j))
            })
            .collect();
        let issues = baseline
            .issues
            .iter()
            .enumerate()
            .filter_map(|(i, x)| overlay.issue_by_id(&x.id).map(|j| (i, j.idx())))
            .collect();
        Pairing { questions, issues }
    }
}

impl CompareAcc {
    /// An empty accumulator for a pairing.
    pub fn new(pairing: &Pairing) -> CompareAcc {
        CompareAcc {
            questions: vec![PairedAcc::default(); pairing.questions.len()],
            outcomes: vec![PairedAcc::default(); Outcome::ALL.len()],
            settlements: vec![PairedAcc::default(); pairing.issues.len()],
            fixed: vec![PairedAcc::default(); pairing.issues.len()],
        }
    }

    /// Adds run `i` of the baseline and run `i` of the overlay.
    pub fn add(&mut self, pairing: &Pairing, base: &RunAnswers, alt: &RunAnswers) {
        let bit = |b: bool| if b { 1.0 } else { 0.0 };
        for (acc, &(i, j)) in self.questions.iter_mut().zip(&pairing.questions) {
            if let (Some(&a), Some(&b)) = (base.questions.get(i), alt.questions.get(j)) {
                acc.add(bit(a), bit(b));
            }
        }
        for (acc, &o) in self.outcomes.iter_mut().zip(Outcome::ALL.iter()) {
            acc.add(bit(base.outcome == o), bit(alt.outcome == o));
        }
        for (k, &(i, j)) in pairing.issues.iter().enumerate() {
            let a = base.settlements.get(i).copied().flatten();
            let b = alt.settlements.get(j).copied().flatten();
            self.fixed[k].add(bit(a.is_some()), bit(b.is_some()));
            if let (Some(a), Some(b)) = (a, b) {
                self.settlements[k].add(a, b);
            }
        }
    }

    /// Appends a later chunk's accumulator.
    pub fn merge(&mut self, other: &CompareAcc) {
        for (a, b) in self.questions.iter_mut().zip(&other.questions) {
            a.merge(b);
        }
        for (a, b) in self.outcomes.iter_mut().zip(&other.outcomes) {
            a.merge(b);
        }
        for (a, b) in self.settlements.iter_mut().zip(&other.settlements) {
            a.merge(b);
        }
        for (a, b) in self.fixed.iter_mut().zip(&other.fixed) {
            a.merge(b);
        }
    }

    /// The comparison's report.
    pub fn finish(
        &self,
        baseline: &Scenario,
        pairing: &Pairing,
        overlay: &str,
        title: &str,
        seed: u64,
    ) -> Comparison {
        let empty = Paired { n: 0, baseline: 0.0, overlay: 0.0, diff: 0.0, ci95: [0.0, 0.0] };
        let questions = pairing
            .questions
            .iter()
            .zip(&self.questions)
            .map(|(&(i, _), acc)| QuestionDiff {
                id: baseline.questions[i].id.clone(),
                text: baseline.questions[i].text.clone(),
                paired: acc.finish().unwrap_or(empty),
            })
            .collect();
        let outcomes = Outcome::ALL
            .iter()
            .zip(&self.outcomes)
            .map(|(o, acc)| OutcomeDiff {
                class: o.name().to_string(),
                paired: acc.finish().unwrap_or(empty),
            })
            .collect();
        let issues = pairing
            .issues
            .iter()
            .enumerate()
            .map(|(k, &(i, _))| IssueDiff {
                id: baseline.issues[i].id.clone(),
                name: baseline.issues[i].name.clone(),
                settlement: self.settlements[k].finish(),
                p_fixed: self.fixed[k].finish().unwrap_or(empty),
            })
            .collect();
        Comparison {
            overlay: overlay.to_string(),
            title: title.to_string(),
            runs: self.outcomes.first().map_or(0, |a| a.n),
            seed,
            questions,
            outcomes,
            issues,
        }
    }
}

/// How many runs, with which seed, on how many threads (the result does not depend on it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct McConfig {
    pub n_runs: u64,
    pub seed: u64,
    pub threads: usize,
}

/// Runs the baseline and the overlay with the same seed and run indices and pairs them.
///
/// `simulate(scenario, seed, run)` is the engine: a pure function of its arguments.
/// Returns the comparison over the runs that finished (all unless cancelled).
pub fn run<S>(
    baseline: &Scenario,
    overlay: &Scenario,
    (label, title): (&str, &str),
    cfg: &McConfig,
    simulate: S,
    progress: &dyn Progress,
) -> (Comparison, Completion)
where
    S: Fn(&Scenario, u64, u64) -> History + Sync,
{
    let pairing = Pairing::new(baseline, overlay);
    let finished = run_many(
        cfg.n_runs,
        cfg.threads,
        |i| {
            let a = answers(&simulate(baseline, cfg.seed, i), baseline);
            let b = answers(&simulate(overlay, cfg.seed, i), overlay);
            (a, b)
        },
        || CompareAcc::new(&pairing),
        |acc, _, (a, b)| acc.add(&pairing, &a, &b),
        |acc, other| acc.merge(&other),
        progress,
    );
    let c = finished.acc.finish(baseline, &pairing, label, title, cfg.seed);
    (c, finished.completion)
}

/// One run's answers from its history: each question's predicate, and the final terms of
/// each issue (the most recently signed agreement in force at the end wins, as in
/// `armistice_sim::aggregate::Tally`).
pub fn answers(h: &History, scenario: &Scenario) -> RunAnswers {
    let questions = scenario.questions.iter().map(|q| holds(&q.predicate, h, scenario)).collect();
    let mut settlements = vec![None; scenario.issues.len()];
    if let Some(last) = h.periods.checked_sub(1) {
        for (i, s) in h.signings.iter().enumerate() {
            if h.in_force(i, last) {
                for &(issue, x) in &s.terms {
                    if let Some(slot) = settlements.get_mut(issue.idx()) {
                        *slot = Some(x);
                    }
                }
            }
        }
    }
    RunAnswers { questions, outcome: Outcome::of(h, scenario), settlements }
}

/// A terminal summary of comparisons (the CLI prints it).
pub fn summary(comparisons: &[Comparison]) -> String {
    use comfy_table::presets::UTF8_FULL_CONDENSED;
    use comfy_table::{Cell, CellAlignment, Table};
    let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
    let mut out = String::new();
    for c in comparisons {
        out.push_str(&format!(
            "{} ({}): {} paired runs, seed {}\n",
            c.overlay, c.title, c.runs, c.seed
        ));
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED).set_header(vec![
            "question",
            "baseline",
            "overlay",
            "difference",
            "95% interval",
        ]);
        for q in &c.questions {
            let p = &q.paired;
            t.add_row(vec![
                Cell::new(&q.id),
                right(pct(p.baseline)),
                right(pct(p.overlay)),
                right(signed_pct(p.diff)),
                right(format!("{} – {}", signed_pct(p.ci95[0]), signed_pct(p.ci95[1]))),
            ]);
        }
        for o in &c.outcomes {
            let p = &o.paired;
            t.add_row(vec![
                Cell::new(format!("ends in {}", o.class)),
                right(pct(p.baseline)),
                right(pct(p.overlay)),
                right(signed_pct(p.diff)),
                right(format!("{} – {}", signed_pct(p.ci95[0]), signed_pct(p.ci95[1]))),
            ]);
        }
        for i in &c.issues {
            if let Some(p) = &i.settlement {
                t.add_row(vec![
                    Cell::new(format!("{} settlement (n = {})", i.id, p.n)),
                    right(format!("{:.1}", p.baseline)),
                    right(format!("{:.1}", p.overlay)),
                    right(format!("{:+.2}", p.diff)),
                    right(format!("{:+.2} – {:+.2}", p.ci95[0], p.ci95[1])),
                ]);
            }
        }
        out.push_str(&format!("{t}\n\n"));
    }
    out
}

fn pct(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

fn signed_pct(p: f64) -> String {
    format!("{:+.1} pp", 100.0 * p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_pairs_give_exactly_zero() {
        let mut acc = PairedAcc::default();
        for i in 0..1000 {
            let y = ((i * 7919) % 13) as f64 / 13.0;
            acc.add(y, y);
        }
        let p = acc.finish().unwrap_or(Paired {
            n: 0,
            baseline: 1.0,
            overlay: 1.0,
            diff: 1.0,
            ci95: [1.0, 1.0],
        });
        assert_eq!(p.diff, 0.0);
        assert_eq!(p.ci95, [0.0, 0.0]);
        assert_eq!(p.baseline, p.overlay);
    }

    #[test]
    fn paired_statistics_match_hand_computation() {
        // Differences 1, 0, 0, 1: mean 0.5, sample variance 1/3.
        let mut acc = PairedAcc::default();
        for (a, b) in [(0.0, 1.0), (1.0, 1.0), (0.0, 0.0), (0.0, 1.0)] {
            acc.add(a, b);
        }
        let p = acc.finish().unwrap_or(Paired {
            n: 0,
            baseline: 0.0,
            overlay: 0.0,
            diff: 0.0,
            ci95: [0.0, 0.0],
        });
        assert_eq!(p.n, 4);
        assert_eq!(p.baseline, 0.25);
        assert_eq!(p.overlay, 0.75);
        assert!((p.diff - 0.5).abs() < 1e-15);
        let half = Z95 * (1.0f64 / 3.0 / 4.0).sqrt();
        assert!((p.ci95[0] - (0.5 - half)).abs() < 1e-12);
        assert!((p.ci95[1] - (0.5 + half)).abs() < 1e-12);
    }

    #[test]
    fn merging_chunks_equals_one_pass() {
        let pairs: Vec<(f64, f64)> =
            (0..100).map(|i| (i as f64 * 0.37 % 1.0, (i as f64 * 0.61) % 1.0)).collect();
        let mut whole = PairedAcc::default();
        for &(a, b) in &pairs {
            whole.add(a, b);
        }
        let mut left = PairedAcc::default();
        let mut right = PairedAcc::default();
        for &(a, b) in &pairs[..37] {
            left.add(a, b);
        }
        for &(a, b) in &pairs[37..] {
            right.add(a, b);
        }
        left.merge(&right);
        let (x, y) = (whole.finish(), left.finish());
        assert_eq!(x.map(|p| p.n), y.map(|p| p.n));
        let (x, y) = (x.map_or(f64::NAN, |p| p.ci95[1]), y.map_or(f64::NAN, |p| p.ci95[1]));
        assert!((x - y).abs() < 1e-12);
        assert_eq!(PairedAcc::default().finish(), None);
    }

    #[test]
    fn common_random_numbers_shrink_the_interval() {
        // The overlay adds 0.05 to a noisy answer: paired, the interval is ~0 wide; two
        // independent samples would give an interval ~0.08 wide at this n and spread.
        let mut acc = PairedAcc::default();
        for i in 0..500 {
            let y = (i as f64 * 0.618_033_988_7) % 1.0;
            acc.add(y, y + 0.05);
        }
        let p = acc.finish().unwrap_or(Paired {
            n: 0,
            baseline: 0.0,
            overlay: 0.0,
            diff: 0.0,
            ci95: [0.0, 0.0],
        });
        assert!((p.diff - 0.05).abs() < 1e-12);
        assert!(p.ci95[1] - p.ci95[0] < 1e-9);
    }

    #[test]
    fn overlay_that_changes_nothing_reports_exactly_zero() {
        use armistice_scenario::dist::Dist;
        let base = fixtures::scenario(Dist::Uniform { a: 20.0, b: 80.0 });
        let same = base.clone();
        let cfg = McConfig { n_runs: 3000, seed: 9, threads: 2 };
        let (c, done) = run(
            &base,
            &same,
            ("same", "no change"),
            &cfg,
            fixtures::simulate,
            &armistice_sim::runner::Silent,
        );
        assert_eq!(done, Completion::All);
        assert_eq!(c.runs, 3000);
        let q = &c.questions[0].paired;
        assert!(q.baseline > 0.2 && q.baseline < 0.8, "{q:?}");
        assert_eq!((q.diff, q.ci95), (0.0, [0.0, 0.0]));
        let s = c.issues[0].settlement.unwrap_or(Paired {
            n: 0,
            baseline: 0.0,
            overlay: 0.0,
            diff: 1.0,
            ci95: [1.0, 1.0],
        });
        assert_eq!((s.diff, s.ci95), (0.0, [0.0, 0.0]));
        assert_eq!(c.issues[0].p_fixed.diff, 0.0);
        assert_eq!(c.outcomes.len(), 5);
        assert!(c.outcomes.iter().all(|o| o.paired.diff == 0.0 && o.paired.ci95 == [0.0, 0.0]));
    }

    #[test]
    fn raising_the_cost_of_war_raises_the_chance_of_a_ceasefire() {
        use armistice_scenario::dist::Dist;
        let base = fixtures::scenario(Dist::Uniform { a: 20.0, b: 80.0 });
        let costly = fixtures::scenario(Dist::Uniform { a: 40.0, b: 100.0 });
        let cfg = McConfig { n_runs: 3000, seed: 9, threads: 1 };
        let (c, _) = run(
            &base,
            &costly,
            ("costly", "war costs more"),
            &cfg,
            fixtures::simulate,
            &armistice_sim::runner::Silent,
        );
        let q = &c.questions[0].paired;
        // Each run's cost rises by 20 + 0.0·u; P(cost + noise > 50) rises by about a third.
        assert!(q.diff > 0.2 && q.ci95[0] > 0.0, "{q:?}");
        assert!((q.overlay - q.baseline - q.diff).abs() < 1e-12);
        // The toy's ceasefire never breaks down: "ceasefire holds" moves with the question.
        let holds = c.outcomes.iter().find(|o| o.class == "ceasefire_holds").map(|o| o.paired.diff);
        assert_eq!(holds, Some(q.diff));
        // Same seed on 4 threads: bit-identical.
        let cfg4 = McConfig { threads: 4, ..cfg };
        let (c4, _) = run(
            &base,
            &costly,
            ("costly", "war costs more"),
            &cfg4,
            fixtures::simulate,
            &armistice_sim::runner::Silent,
        );
        assert_eq!(c, c4);
    }

    #[test]
    fn compare_acc_pairs_questions_and_settlements() {
        let pairing = Pairing { questions: vec![(0, 1)], issues: vec![(0, 0)] };
        let mut acc = CompareAcc::new(&pairing);
        let run = |q: [bool; 2], s: Option<f64>| RunAnswers {
            questions: q.to_vec(),
            outcome: Outcome::NoDeal,
            settlements: vec![s],
        };
        // Overlay question index 1 is the baseline's question 0.
        acc.add(&pairing, &run([false, true], Some(40.0)), &run([true, true], Some(50.0)));
        acc.add(&pairing, &run([true, false], None), &run([false, true], Some(60.0)));
        let p = acc.questions[0].finish();
        assert_eq!(p.map(|p| (p.baseline, p.overlay)), Some((0.5, 1.0)));
        let s = acc.settlements[0].finish();
        assert_eq!(s.map(|p| (p.n, p.diff)), Some((1, 10.0)));
        let f = acc.fixed[0].finish();
        assert_eq!(f.map(|p| (p.baseline, p.overlay)), Some((0.5, 1.0)));
    }
}

/// A hand-built scenario and a toy engine, for testing the Monte Carlo drivers of this
/// crate without the real engine.
#[cfg(test)]
pub(crate) mod fixtures {
    use armistice_scenario::dist::{Dist, Draw, Num, ParamDef};
    use armistice_scenario::types::*;
    use armistice_sim::history::{History, Signing};
    use jiff::civil::date;

    /// The text of source `s1`.
    pub(crate) const SOURCE: &str =
        "Readout. Side A \u{201C}wants the whole border <strip>\u{201D} and will not move.";

    /// An anchor to `words` in `text`, as `armistice cite` would print it.
    pub(crate) fn cited(text: &str, words: &str, why: &str) -> Anchor {
        match armistice_scenario::anchor::find(text, words) {
            armistice_scenario::anchor::Found::Once(l) => Anchor {
                source: SourceId(0),
                at: l.at,
                len: l.len,
                sha256: l.sha256,
                why: why.into(),
            },
            _ => Anchor { source: SourceId(0), at: 0, len: 1, sha256: [0; 32], why: why.into() },
        }
    }

    /// Two actors, one issue, one ceasefire kind, one question "ceasefire signed by
    /// period 5"; two uncertain inputs: side A's cost of war and the issue's status quo.
    pub(crate) fn scenario(cost: Dist) -> Scenario {
        let actor = |id: &str, cap: f64| Actor {
            id: id.into(),
            name: id.to_uppercase(),
            kind: ActorKind::State,
            capability: Num::Fixed(cap),
            groups: vec![],
            roles: vec![Role::Belligerent, Role::Veto],
            patron_of: vec![],
            part_of: None,
            evidence: Evidence { anchors: vec![], why: format!("{id} is a party") },
        };
        let as_of = date(2025, 4, 1);
        Scenario {
            meta: Meta {
                id: "toy".into(),
                title: "Toy".into(),
                description: String::new(),
                as_of,
                period_days: 7,
                horizon: 10,
                runs: 100,
                seed: 1,
            },
            sources: vec![Source {
                id: "s1".into(),
                title: "Talks readout".into(),
                publisher: "Ministry".into(),
                date: "March 2025".into(),
                path: "s1.txt".into(),
            }],
            actors: vec![actor("a", 60.0), actor("b", 40.0)],
            issues: vec![Issue {
                id: "border".into(),
                name: "Border".into(),
                low: "all to b".into(),
                high: "all to a".into(),
                points: vec![],
                status_quo: Num::Param(1),
                group: None,
                outcome: None,
                phi: 1.0,
                evidence: Evidence::default(),
            }],
            stances: vec![
                Stance {
                    actor: ActorId(0),
                    issue: IssueId(0),
                    position: Num::Fixed(90.0),
                    salience: Num::Fixed(80.0),
                    red_line: None,
                    evidence: Evidence {
                        anchors: vec![cited(
                            SOURCE,
                            "wants the whole border <strip>",
                            "the demand",
                        )],
                        why: "a's stated demand".into(),
                    },
                },
                Stance {
                    actor: ActorId(1),
                    issue: IssueId(0),
                    position: Num::Fixed(10.0),
                    salience: Num::Fixed(70.0),
                    red_line: None,
                    evidence: Evidence::default(),
                },
            ],
            campaign: None,
            levers: vec![],
            agreements: vec![AgreementKind {
                id: "ceasefire".into(),
                name: "Ceasefire".into(),
                class: AgreementClass::Ceasefire,
                issues: vec![IssueId(0)],
                veto: vec![ActorId(0), ActorId(1)],
                hazard: Num::Fixed(0.0),
                expiry: None,
                open: true,
                evidence: Evidence::default(),
            }],
            channels: vec![],
            events: vec![],
            questions: vec![Question {
                id: "signed".into(),
                text: "Ceasefire signed by early May?".into(),
                close: date(2025, 5, 6),
                predicate: Predicate::Signed { deal: AgreementId(0), by: date(2025, 5, 6) },
            }],
            params: vec![
                ParamDef { path: "campaign.side.a.cost".into(), dist: cost, lo: 0.0, hi: 100.0 },
                ParamDef {
                    path: "issue.border.status_quo".into(),
                    dist: Dist::Uniform { a: 20.0, b: 60.0 },
                    lo: 0.0,
                    hi: 100.0,
                },
            ],
            issue_groups: vec![],
            model_options: ModelOptions::default(),
        }
    }

    /// The toy engine: a ceasefire is signed in period 2 when side A's cost of war plus
    /// noise exceeds 50, fixing the border at the status quo plus noise. Monotone in the
    /// cost, so raising it can only raise P(signed).
    pub(crate) fn simulate(s: &Scenario, seed: u64, run: u64) -> History {
        let draw = Draw::sample(&s.params, seed, run);
        let cost = s.params.iter().position(|p| p.path == "campaign.side.a.cost");
        let cost = cost.map_or(0.0, |i| draw.values[i]);
        // Engine noise from its own labelled stream, as the real engine draws it.
        let noise_def = ParamDef {
            path: "engine.noise".into(),
            dist: Dist::Uniform { a: -20.0, b: 20.0 },
            lo: -20.0,
            hi: 20.0,
        };
        let noise = Draw::sample(&[noise_def], seed, run).values[0];
        let sq = s.issues[0].status_quo.get(&draw);
        let mut h = History { periods: 10, ..History::default() };
        if cost + noise > 50.0 {
            h.signings.push(Signing {
                deal: AgreementId(0),
                period: 2,
                terms: vec![(IssueId(0), (sq + noise / 2.0).clamp(0.0, 100.0))],
            });
        }
        h
    }
}
