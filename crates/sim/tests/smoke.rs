//! Smoke test: the benchmark scenario runs, and a run is a pure function of (seed, run).

#![allow(clippy::needless_range_loop)]

mod common;

use armistice_sim::engine::Prepared;
use armistice_sim::trace::Trace;

#[test]
fn benchmark_runs_and_is_deterministic() {
    let sc = common::benchmark_two_veto();
    let p = Prepared::new(&sc);
    let a = p.simulate(7, 3);
    let b = p.simulate(7, 3);
    assert_eq!(a, b);
    assert_eq!(a.control.len(), 105);
    let mut trace = Trace::default();
    let c = p.simulate_traced(7, 3, &mut trace);
    assert_eq!(a, c);
    assert!(trace.render(&sc).contains("talks"));
    let mut signed = 0;
    let mut rounds = 0;
    for r in 0..20 {
        let h = p.simulate(7, r);
        signed += h.signings.len();
        rounds += h.rounds.len();
    }
    assert!(signed > 0 && rounds > 0);
}

/// The flagship (levers listening for refusals and blame, a committed side, four veto
/// players in the settlement): a traced run, which always asks for the mediator's tabled
/// terms, has the same history as an untraced one, which asks only for who refused and
/// who was blamed when a lever listens and otherwise only for the deal.
#[test]
fn flagship_runs_are_the_same_traced_or_not() {
    let text = include_str!("../../../scenarios/flagship.toml");
    let (sc, diags) = armistice_scenario::validate::validate("flagship.toml", text, None);
    let sc = sc.unwrap_or_else(|| panic!("{diags:?}"));
    let p = Prepared::new(&sc);
    let mut trace = Trace::default();
    let mut blamed = 0;
    for run in 0..12 {
        let plain = p.simulate(sc.meta.seed, run);
        let traced = p.simulate_traced(sc.meta.seed, run, &mut trace);
        assert_eq!(plain, traced, "run {run}");
        blamed +=
            trace.periods.iter().flat_map(|t| &t.talks).filter(|t| !t.blamed.is_empty()).count();
    }
    assert!(blamed > 0, "no talks event blamed anyone");
}
