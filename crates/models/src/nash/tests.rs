//! Tests of the Nash solver and the static model: hand-derived cases, properties, and
//! agreement with the brute-force reference of `brute.rs` on seeded random problems.

use super::*;

fn player(p: &[f64], w: &[f64], d: f64) -> Player {
    Player {
        weights: w.to_vec(),
        positions: p.to_vec(),
        rho: 1.0,
        bargaining_weight: 1.0,
        disagreement: d,
        acceptable: vec![(0.0, 100.0); p.len()],
        commitment: None,
    }
}

#[test]
fn symmetric_one_issue_splits_the_difference() {
    let problem = Problem {
        players: vec![player(&[20.0], &[1.0], -1.0), player(&[80.0], &[1.0], -1.0)],
        eps: EPS,
    };
    match solve(&problem) {
        Ok(Outcome::Deal { nash, .. }) => assert!((nash.terms[0] - 50.0).abs() < 1e-7, "{nash:?}"),
        other => panic!("{other:?}"),
    }
}
