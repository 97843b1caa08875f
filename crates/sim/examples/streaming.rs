//! Streaming check without the engine: folds N synthetic runs into a [`Tally`] with the
//! Monte Carlo runner, so that peak memory can be compared across N
//! (`scripts/peak-memory.sh --synthetic`).
//!
//! Each synthetic run is a two-year weekly history shaped like the engine's: three
//! fronts, talks rounds, and ceasefire, settlement and partial signings with breakdowns,
//! drawn from the run's own stream. Usage: `streaming RUNS [THREADS]`.

use armistice_scenario::dist::{stream, Num};
use armistice_scenario::types::{
    ActorId, AgreementClass, AgreementId, AgreementKind, Evidence, Issue, IssueId, Level, Meta,
    ModelOptions, Predicate, Question, Scenario,
};
use armistice_sim::aggregate::Tally;
use armistice_sim::history::{EndCause, Ending, History, Round, Signing};
use armistice_sim::runner::{run_many, Silent};
use rand::Rng;

const PERIODS: u32 = 104;

fn main() {
    let mut args = std::env::args().skip(1);
    let n_runs: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let threads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2);
    let scenario = scenario();
    let finished = run_many(
        n_runs,
        threads,
        |run| synthetic(&scenario, 1, run),
        || Tally::new(&scenario),
        |tally, _, h| tally.add(&h, &scenario),
        |total, chunk| total.merge(chunk),
        &Silent,
    );
    let t = &finished.acc;
    let mean = t.settlements[0].summary().map_or(f64::NAN, |s| s.mean);
    println!(
        "runs={} questions={:?} outcomes={:?} issue0_mean={mean}",
        finished.runs_completed, t.questions, t.outcomes
    );
}

fn scenario() -> Scenario {
    let kind = |id: &str, class, issues: Vec<u32>| AgreementKind {
        id: id.into(),
        name: id.into(),
        class,
        issues: issues.into_iter().map(IssueId).collect(),
        veto: vec![],
        hazard: Num::Fixed(0.01),
        expiry: None,
        open: true,
        evidence: Evidence::default(),
    };
    let issue = |i: u32| Issue {
        id: format!("i{i}"),
        name: format!("i{i}"),
        low: String::new(),
        high: String::new(),
        points: vec![],
        status_quo: Num::Fixed(50.0),
        group: None,
        outcome: None,
        phi: 1.0,
        evidence: Evidence::default(),
    };
    let close = jiff::civil::date(2026, 1, 1);
    Scenario {
        meta: Meta {
            id: "synthetic".into(),
            title: "synthetic".into(),
            description: String::new(),
            as_of: jiff::civil::date(2025, 4, 7),
            period_days: 7,
            horizon: PERIODS,
            runs: 10_000,
            seed: 1,
        },
        sources: vec![],
        actors: vec![],
        issues: (0..12).map(issue).collect(),
        stances: vec![],
        campaign: None,
        levers: vec![],
        agreements: vec![
            kind("exchange", AgreementClass::Partial, vec![10]),
            kind("energy", AgreementClass::Partial, vec![11]),
            kind("ceasefire", AgreementClass::Ceasefire, vec![0, 1]),
            kind("settlement", AgreementClass::Settlement, (0..10).collect()),
        ],
        channels: vec![],
        events: vec![],
        questions: (0..4)
            .map(|k| Question {
                id: format!("q{k}"),
                text: String::new(),
                close,
                predicate: Predicate::Signed { deal: AgreementId(k), by: close },
            })
            .collect(),
        params: vec![],
        issue_groups: vec![],
        model_options: ModelOptions::default(),
    }
}

fn synthetic(scenario: &Scenario, seed: u64, run: u64) -> History {
    let mut rng = stream(seed, run, "synthetic");
    let mut h = History { periods: PERIODS, ..History::default() };
    let mut c = [0.3, 0.5, 0.7];
    for _ in 0..=PERIODS {
        h.control.push(c.to_vec());
        for x in &mut c {
            *x = (*x + 0.01 * (rng.random::<f64>() - 0.5)).clamp(0.0, 1.0);
        }
    }
    for t in 0..PERIODS {
        if rng.random::<f64>() < 0.1 {
            h.rounds.push(Round {
                period: t,
                participants: vec![ActorId(0), ActorId(1)],
                level: Level::Officials,
            });
            let k = rng.random_range(0..scenario.agreements.len());
            if rng.random::<f64>() < 0.2 {
                let terms = scenario.agreements[k]
                    .issues
                    .iter()
                    .map(|&i| (i, rng.random::<f64>() * 100.0))
                    .collect();
                h.signings.push(Signing { deal: AgreementId(k as u32), period: t, terms });
                if rng.random::<f64>() < 0.3 && t + 1 < PERIODS {
                    let end = rng.random_range(t + 1..PERIODS);
                    let signing = h.signings.len() - 1;
                    h.endings.push(Ending { signing, period: end, cause: EndCause::Breakdown });
                }
            }
        }
    }
    h
}
