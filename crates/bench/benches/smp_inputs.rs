//! Inputs shared by the SMP benchmark and the `smp_time` example: KTAB's shipped
//! files and a reproducible synthetic generator.

#![allow(dead_code, unreachable_pub)]

use armistice_models::smp::Input;

pub const KTAB: [&str; 8] = [
    "dummyData_3Dim",
    "SOE-Pol-Comp",
    "SOE-Policy",
    "dummyData_6Dim",
    "SOE-Competitive",
    "dummyData-a040",
    "dummyData-a080",
    "dummyData-a160",
];

pub fn ktab_input(name: &str) -> Input {
    let path = format!("{}/../../testdata/ktab/{name}.csv", env!("CARGO_MANIFEST_DIR"));
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("failed to read {path}: {e}"));
    let scenario =
        armistice_import::ktab_csv(&text, name).unwrap_or_else(|d| panic!("{name}: {d:?}"));
    let n_dims = scenario.issues.len();
    let mut input = Input {
        capability: scenario.actors.iter().map(|a| a.capability).collect(),
        position: vec![0.0; scenario.actors.len() * n_dims],
        salience: vec![0.0; scenario.actors.len() * n_dims],
        n_dims,
        accommodation: None,
        seed: 0,
    };
    for s in &scenario.stances {
        input.position[s.actor * n_dims + s.issue] = s.position;
        input.salience[s.actor * n_dims + s.issue] = s.salience;
    }
    input
}

/// A reproducible synthetic scenario: positions, saliences and capabilities from a
/// small linear congruential generator (no dependency on a RNG crate needed here).
pub fn synthetic(n: usize, n_dims: usize) -> Input {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state =
            state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut input = Input {
        capability: Vec::new(),
        position: Vec::new(),
        salience: Vec::new(),
        n_dims,
        accommodation: None,
        seed: 1,
    };
    for _ in 0..n {
        input.capability.push(1.0 + 99.0 * next());
        for _ in 0..n_dims {
            input.position.push((next() * 10_000.0).round() / 100.0);
            input.salience.push((next() * 100.0 / n_dims as f64 * 100.0).floor() / 100.0);
        }
    }
    input
}
