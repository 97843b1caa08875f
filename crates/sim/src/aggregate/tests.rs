//! Tests of the accumulators: hand-built histories in, counts and summaries out.

use armistice_scenario::dist::Num;
use armistice_scenario::types::{
    AgreementClass, AgreementId, AgreementKind, Evidence, IssueId, Predicate, Question, Scenario,
};
use jiff::civil::date;

use super::*;
use crate::history::{EndCause, Ending, History, Signing};
use crate::question::tests::scenario as bare;

const PARTIAL: AgreementId = AgreementId(0);
const CEASEFIRE: AgreementId = AgreementId(1);
const SETTLEMENT: AgreementId = AgreementId(2);

fn kind(id: &str, class: AgreementClass) -> AgreementKind {
    AgreementKind {
        id: id.into(),
        name: id.into(),
        class,
        issues: vec![],
        veto: vec![],
        hazard: Num::Fixed(0.01),
        expiry: None,
        open: false,
        evidence: Evidence::default(),
    }
}

/// Ten weekly periods; a partial deal, a ceasefire and a settlement on the menu; two
/// issues; one question "ceasefire signed by period 4".
fn scenario() -> Scenario {
    let mut s = bare();
    s.agreements = vec![
        kind("exchange", AgreementClass::Partial),
        kind("ceasefire", AgreementClass::Ceasefire),
        kind("settlement", AgreementClass::Settlement),
    ];
    s.issues = vec![];
    s.questions = vec![Question {
        id: "q".into(),
        text: "ceasefire by May".into(),
        close: date(2025, 5, 5),
        predicate: Predicate::Signed { deal: CEASEFIRE, by: date(2025, 5, 5) },
    }];
    s
}

fn sign(deal: AgreementId, period: u32, terms: &[(u32, f64)]) -> Signing {
    Signing { deal, period, terms: terms.iter().map(|&(i, x)| (IssueId(i), x)).collect() }
}

fn run(signings: Vec<Signing>, endings: Vec<(usize, u32)>) -> History {
    History {
        periods: 10,
        signings,
        endings: endings
            .into_iter()
            .map(|(signing, period)| Ending { signing, period, cause: EndCause::Breakdown })
            .collect(),
        levers: vec![],
        rounds: vec![],
        control: vec![vec![0.5]; 11],
    }
}

fn tally(s: &Scenario, runs: &[History]) -> Tally {
    let mut t = Tally::new(s);
    // `Tally::new` sizes settlements from the scenario's issues; the tests use two.
    t.settlements = vec![Histogram::new(); 2];
    for h in runs {
        t.add(h, s);
    }
    t
}

#[test]
fn wilson_matches_hand_computed_values() {
    // Reference values from the closed form, computed independently (Python, z = 1.95996).
    let cases = [
        ((5, 10), (0.236_593_090_5, 0.763_406_909_5)),
        ((0, 10), (0.0, 0.277_532_799_9)),
        ((10, 10), (0.722_467_200_1, 1.0)),
        ((1, 100), (0.001_767_432_1, 0.054_486_196_2)),
        ((730, 1000), (0.701_642_058_7, 0.756_597_632_4)),
    ];
    for ((k, n), (lo, hi)) in cases {
        let (a, b) = wilson(k, n);
        assert!((a - lo).abs() < 1e-9 && (b - hi).abs() < 1e-9, "{k}/{n}: ({a}, {b})");
    }
    assert_eq!(wilson(0, 0), (0.0, 1.0));
}

#[test]
fn histogram_quantiles_use_nearest_rank_at_the_resolution() {
    let mut h = Histogram::new();
    for x in 1..=10 {
        h.add(f64::from(x) * 10.0 + 0.004);
    }
    let s = h.summary().expect("not empty");
    assert_eq!((s.p10, s.p50, s.p90), (10.0, 50.0, 90.0));
    assert!((s.mean - 55.004).abs() < 1e-12);
    h.add(f64::NAN);
    assert_eq!(h.n(), 10);
    let mut out = Histogram::new();
    out.add(-3.0);
    out.add(140.0);
    assert_eq!((out.quantile(0.0), out.quantile(1.0)), (Some(0.0), Some(100.0)));
    assert_eq!(Histogram::new().summary(), None);
}

#[test]
fn histogram_merge_equals_adding_everything() {
    let xs: Vec<f64> = (0..500).map(|i| (f64::from(i) * 7.31) % 100.0).collect();
    let mut whole = Histogram::new();
    xs.iter().for_each(|&x| whole.add(x));
    let mut a = Histogram::new();
    let mut b = Histogram::new();
    xs[..200].iter().for_each(|&x| a.add(x));
    xs[200..].iter().for_each(|&x| b.add(x));
    a.merge(b);
    assert_eq!(a.bins, whole.bins);
    assert_eq!(a.n(), whole.n());
    assert_eq!(a.quantile(0.37), whole.quantile(0.37));
}

#[test]
fn outcome_classes_follow_their_definitions() {
    let s = scenario();
    let of = |h: History| Outcome::of(&h, &s);
    assert_eq!(of(run(vec![], vec![])), Outcome::NoDeal);
    assert_eq!(of(run(vec![sign(PARTIAL, 2, &[])], vec![(0, 4)])), Outcome::PartialOnly);
    assert_eq!(of(run(vec![sign(CEASEFIRE, 2, &[])], vec![])), Outcome::CeasefireHolds);
    // Broke down in the very last period: not in force at the end.
    assert_eq!(of(run(vec![sign(CEASEFIRE, 2, &[])], vec![(0, 9)])), Outcome::Breakdown);
    // A settlement replaced the ceasefire and holds.
    let replaced = run(vec![sign(CEASEFIRE, 2, &[]), sign(SETTLEMENT, 5, &[])], vec![(0, 5)]);
    assert_eq!(of(replaced), Outcome::Settlement);
    // The settlement broke down and a new ceasefire holds.
    let again = run(vec![sign(SETTLEMENT, 2, &[]), sign(CEASEFIRE, 7, &[])], vec![(0, 6)]);
    assert_eq!(of(again), Outcome::CeasefireHolds);
    let broken = run(vec![sign(SETTLEMENT, 2, &[]), sign(PARTIAL, 1, &[])], vec![(0, 6)]);
    assert_eq!(of(broken), Outcome::Breakdown);
}

#[test]
fn tally_counts_questions_series_first_ceasefire_and_settlements() {
    let s = scenario();
    let runs = [
        // Ceasefire in 2 fixing issue 0 at 40, broken in 5; settlement in 7 at 60 and issue 1 at 10.
        run(
            vec![sign(CEASEFIRE, 2, &[(0, 40.0)]), sign(SETTLEMENT, 7, &[(0, 60.0), (1, 10.0)])],
            vec![(0, 5)],
        ),
        // Partial deal in 1 fixing issue 1 at 30, then a ceasefire in 4 that holds.
        run(vec![sign(PARTIAL, 1, &[(1, 30.0)]), sign(CEASEFIRE, 4, &[(0, 20.0)])], vec![]),
        // Nothing.
        run(vec![], vec![]),
        // Two overlapping ceasefires: the kind counts once per period.
        run(vec![sign(CEASEFIRE, 8, &[]), sign(CEASEFIRE, 9, &[])], vec![]),
    ];
    let t = tally(&s, &runs);
    assert_eq!(t.runs, 4);
    // Signed by 2025-05-05, period 4: runs 0 and 1.
    assert_eq!(t.questions, vec![2]);
    assert_eq!(t.in_force[CEASEFIRE.idx()], vec![0, 0, 1, 1, 2, 1, 1, 1, 2, 2]);
    assert_eq!(t.in_force[SETTLEMENT.idx()], vec![0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    assert_eq!(t.in_force[PARTIAL.idx()], vec![0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    assert_eq!(t.any_ceasefire, vec![0, 0, 1, 1, 2, 1, 1, 2, 3, 3]);
    assert_eq!(t.signed[CEASEFIRE.idx()], vec![0, 0, 1, 1, 2, 2, 2, 2, 3, 3]);
    assert_eq!(t.first_ceasefire, vec![0, 0, 1, 0, 1, 0, 0, 0, 1, 0]);
    let first = t.first_ceasefire();
    assert_eq!(first.p_never, 0.25);
    // Ranks over 4 runs: p10 → 1st (period 2), p50 → 2nd (period 4), p90 → 4th (never).
    assert_eq!((first.p10, first.p50, first.p90), (Some(2), Some(4), None));
    // Issue 0: 60 (settlement, the later signing), 20; issue 1: 10 and 30.
    assert_eq!(t.settlements[0].n(), 2);
    assert_eq!(t.settlements[0].summary().map(|s| s.mean), Some(40.0));
    assert_eq!(t.settlements[1].summary().map(|s| (s.p10, s.p90)), Some((10.0, 30.0)));
    assert_eq!(t.p_fixed(1), 0.5);
    assert_eq!(
        t.outcomes,
        [1, 0, 2, 0, 1],
        "no_deal, partial_only, ceasefire_holds, breakdown, settlement"
    );
}

#[test]
fn merging_tallies_in_order_equals_one_tally() {
    let s = scenario();
    let runs: Vec<History> = (0..9)
        .map(|i| {
            let t = i % 10;
            run(vec![sign(CEASEFIRE, t, &[(0, f64::from(i) * 11.1)])], vec![(0, (t + 3).min(9))])
        })
        .collect();
    let whole = tally(&s, &runs);
    let mut a = tally(&s, &runs[..4]);
    a.merge(tally(&s, &runs[4..]));
    assert_eq!(a, whole);
}
