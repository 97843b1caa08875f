//! Tests of the forecast builders and their serialisation.

use armistice_models::model::{IssueOutcome, NoDealReason, Prediction, Stop};
use armistice_scenario::dist::Num;
use armistice_scenario::types::{
    AgreementClass, AgreementId, AgreementKind, Evidence, Issue, IssueId, Meta, ModelOptions,
    Predicate, Question, Scenario,
};
use armistice_sim::aggregate::{StaticTally, Tally};
use armistice_sim::history::{History, Signing};
use jiff::civil::date;

use super::*;

fn scenario() -> Scenario {
    let issue = |id: &str| Issue {
        id: id.into(),
        name: format!("The {id}"),
        low: String::new(),
        high: String::new(),
        points: vec![],
        status_quo: Num::Fixed(50.0),
        group: None,
        outcome: None,
        phi: 1.0,
        evidence: Evidence::default(),
    };
    Scenario {
        meta: Meta {
            id: "toy".into(),
            title: "Toy".into(),
            description: String::new(),
            as_of: date(2025, 4, 7),
            period_days: 7,
            horizon: 4,
            runs: 10,
            seed: 1,
        },
        sources: vec![],
        actors: vec![],
        issues: vec![issue("border"), issue("guarantees")],
        stances: vec![],
        campaign: None,
        levers: vec![],
        agreements: vec![AgreementKind {
            id: "ceasefire".into(),
            name: "Ceasefire".into(),
            class: AgreementClass::Ceasefire,
            issues: vec![IssueId(0)],
            veto: vec![],
            hazard: Num::Fixed(0.01),
            expiry: None,
            open: true,
            evidence: Evidence::default(),
        }],
        channels: vec![],
        events: vec![],
        questions: vec![Question {
            id: "cf".into(),
            text: "Ceasefire by the end of April?".into(),
            close: date(2025, 4, 30),
            predicate: Predicate::Signed { deal: AgreementId(0), by: date(2025, 4, 30) },
        }],
        params: vec![],
        issue_groups: vec![],
        model_options: ModelOptions::default(),
    }
}

fn history(signed: Option<(u32, f64)>) -> History {
    History {
        periods: 4,
        signings: signed
            .map(|(t, x)| Signing { deal: AgreementId(0), period: t, terms: vec![(IssueId(0), x)] })
            .into_iter()
            .collect(),
        endings: vec![],
        levers: vec![],
        rounds: vec![],
        control: vec![],
    }
}

fn prediction(values: [Option<f64>; 2]) -> Prediction {
    Prediction {
        issues: values
            .iter()
            .map(|&value| IssueOutcome {
                value,
                path: vec![],
                stop: match value {
                    Some(_) => Stop::Converged { rounds: 3 },
                    None => Stop::NoDeal(NoDealReason::RedLinesDisjoint),
                },
            })
            .collect(),
    }
}

fn info() -> RunInfo<'static> {
    RunInfo {
        scenario_sha256: "ab12",
        seed: 7,
        runs_requested: 4,
        runs_completed: None,
        version: "0.1.0",
    }
}

#[test]
fn forecast_reads_the_tally() {
    let s = scenario();
    let mut t = Tally::new(&s);
    for h in [history(Some((1, 30.0))), history(Some((3, 70.0))), history(None), history(None)] {
        t.add(&h, &s);
    }
    let preds = vec![("mean".to_string(), prediction([Some(41.23456789), None]))];
    let f = forecast(&s, &t, &info(), &preds);
    assert_eq!(f.questions.len(), 1);
    // Signed by 2025-04-30 (period 3): both signing runs.
    assert_eq!(f.questions[0].probability, 0.5);
    assert_eq!(f.questions[0].ci95, [0.150039, 0.849961]);
    assert_eq!(f.questions[0].close, "2025-04-30");
    assert_eq!(f.issues[0].predictions["mean"], Some(41.234568));
    assert_eq!(f.issues[1].predictions["mean"], None);
    assert_eq!(
        f.issues[0].settlement,
        Some(Settlement { mean: 50.0, p10: 30.0, p50: 30.0, p90: 70.0 })
    );
    assert_eq!((f.issues[0].p_fixed, f.issues[1].settlement), (0.5, None));
    let in_force = &f.series["in_force.ceasefire"];
    assert_eq!(in_force.iter().map(|p| p.p).collect::<Vec<_>>(), vec![0.0, 0.25, 0.25, 0.5]);
    assert_eq!(in_force[1].date, "2025-04-14");
    assert_eq!(f.first_ceasefire.p_never, 0.5);
    assert_eq!(f.first_ceasefire.p10.as_deref(), Some("2025-04-14"));
    assert_eq!(f.first_ceasefire.p50.as_deref(), Some("2025-04-28"));
    assert_eq!(f.first_ceasefire.p90, None);
    assert_eq!(f.outcomes["ceasefire_holds"], 0.5);
    assert_eq!(f.outcomes["no_deal"], 0.5);
}

#[test]
fn json_has_a_fixed_key_order_and_round_trips() {
    let s = scenario();
    let mut t = Tally::new(&s);
    t.add(&history(Some((0, 12.345))), &s);
    let f = forecast(&s, &t, &info(), &[]);
    let text = to_json(&f).expect("serialises");
    let keys = [
        "\"scenario\"",
        "\"scenario_sha256\"",
        "\"seed\"",
        "\"runs\"",
        "\"version\"",
        "\"questions\"",
        "\"issues\"",
        "\"series\"",
        "\"first_ceasefire\"",
        "\"outcomes\"",
    ];
    let at: Vec<usize> = keys.iter().map(|k| text.find(k).expect(k)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    assert!(!text.contains("runs_completed"));
    let back: Forecast = serde_json::from_str(&text).expect("parses");
    assert_eq!(back, f);
    assert_eq!(to_json(&back).expect("serialises"), text);

    let interrupted = RunInfo { runs_completed: Some(1), ..info() };
    let text = to_json(&forecast(&s, &t, &interrupted, &[])).expect("serialises");
    assert!(text.contains("\"runs_completed\": 1"));
}

#[test]
fn static_forecast_reports_central_values_stops_and_draws() {
    let s = scenario();
    let central = vec![
        ("mean".to_string(), prediction([Some(40.0), Some(60.0)])),
        ("nash".to_string(), prediction([None, Some(55.5)])),
    ];
    let mut draws = StaticTally::new(2, 2);
    for x in [10.0, 20.0, 30.0, 40.0] {
        draws.add(&[prediction([Some(x), Some(50.0)]), prediction([None, Some(x + 1.0)])]);
    }
    let info = SolveInfo {
        scenario_sha256: "ab",
        seed: Some(3),
        runs_requested: 4,
        runs_completed: None,
        version: "0.1.0",
    };
    let f = static_forecast(&s, &central, Some(&draws), &info);
    assert_eq!(f.models, vec!["mean", "nash"]);
    let border = &f.issues[0].models;
    assert_eq!(border["mean"].central, Some(40.0));
    assert_eq!(border["mean"].stop, StopReason::Converged { rounds: 3 });
    assert_eq!(
        border["mean"].draws,
        Some(Settlement { mean: 25.0, p10: 10.0, p50: 20.0, p90: 40.0 })
    );
    assert_eq!(border["mean"].p_value, Some(1.0));
    assert_eq!(border["nash"].central, None);
    assert_eq!(border["nash"].stop, StopReason::NoDeal { reason: "red_lines_disjoint".into() });
    assert_eq!((border["nash"].draws, border["nash"].p_value), (None, Some(0.0)));
    let text = to_json(&f).expect("serialises");
    assert!(text.contains("\"kind\": \"no_deal\""));

    let table = crate::table::solve_summary(&f);
    assert!(table.contains("The border (border)") && table.contains("no deal: red lines disjoint"));
    assert!(table.contains("25.0"));
}

#[test]
fn run_summary_shows_questions_outcomes_and_issues() {
    let s = scenario();
    let mut t = Tally::new(&s);
    t.add(&history(Some((1, 30.0))), &s);
    t.add(&history(None), &s);
    let f = forecast(&s, &t, &info(), &[("median".into(), prediction([Some(45.0), None]))]);
    let text = crate::table::run_summary(&f);
    for needle in ["cf", "50.0%", "ceasefire holds", "2025-04-14", "The border", "median", "45.0"] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
}
