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
