//! Tests of the expected-utility model: the equations on hand-sized cases, and the
//! 1994 emission-standards case against Scholz et al. (2011).

use super::config::*;
use super::*;

/// The 1994 case, read from this repository's copy of Scholz's Table 1.
fn emission_standards() -> (Vec<&'static str>, Vec<Actor>) {
    let text = include_str!("../../../../testdata/bdm1994/emission-standards.csv");
    let mut names = Vec::new();
    let mut actors = Vec::new();
    for line in text.lines().skip(1).filter(|line| !line.trim().is_empty()) {
        let cells: Vec<&str> = line.split(',').collect();
        let num = |idx: usize| {
            cells.get(idx).and_then(|cell| cell.trim().parse::<f64>().ok()).unwrap_or(f64::NAN)
        };
        names.push(cells[0]);
        actors.push(Actor { capability: num(1), position: num(2), salience: num(3) });
    }
    (names, actors)
}

#[test]
fn explore() {
    let (names, actors) = emission_standards();
    for cfg in [Config::printed(), Config::scholz_code_compat()] {
        let res = run(&actors, &cfg);
        eprintln!("{:?} {} {}", res.stop, res.initial_median, res.initial_mean);
        for (name, r) in names.iter().zip(&res.rounds[0].risk) {
            eprintln!("  {name} {r:.3}");
        }
        for round in &res.rounds {
            eprintln!("  {:.3} {:.3} {:?}", round.median, round.mean, round.positions);
        }
    }
}
