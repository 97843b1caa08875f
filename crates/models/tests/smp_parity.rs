//! Parity with KTAB: final positions and turn counts on KTAB's eight deterministic inputs.
//!
//! The inputs and KTAB's recorded results live in `testdata/ktab` (see its README).
//! The CSV reader here is deliberately minimal (these files are known to be well formed);
//! the full KTAB importer with diagnostics is `armistice-import`.

use armistice_models::smp::{self, Config, Input};

fn testdata(name: &str) -> String {
    let path = format!("{}/../../testdata/ktab/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("failed to read {path}: {e}"))
}

fn ktab_input(csv: &str) -> Input {
    let lines: Vec<&str> = csv.lines().filter(|l| !l.trim().is_empty()).collect();
    let head: Vec<&str> = lines[0].split(',').collect();
    let n: usize = head[2].trim().parse().unwrap();
    let d: usize = head[3].trim().parse().unwrap();
    let mut input = Input {
        capability: vec![],
        position: vec![],
        salience: vec![],
        n_dims: d,
        accommodation: None,
        seed: 0,
    };
    for line in &lines[2..2 + n] {
        let f: Vec<f64> =
            line.split(',').skip(2).take(1 + 2 * d).map(|x| x.trim().parse().unwrap()).collect();
        input.capability.push(f[0]);
        for dim in 0..d {
            input.position.push(f[1 + 2 * dim]);
            input.salience.push(f[2 + 2 * dim]);
        }
    }
    input
}

/// (actor, dim) -> (final position, final turn, p) from an expected file.
fn expected(name: &str) -> Vec<(usize, usize, f64, u32, f64)> {
    testdata(&format!("expected/{name}.final.csv"))
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].parse().unwrap(),
                f[2].parse().unwrap(),
                f[6].parse().unwrap(),
                f[5].parse().unwrap(),
                f[8].parse().unwrap(),
            )
        })
        .collect()
}

fn check(name: &str) {
    let input = ktab_input(&testdata(&format!("{name}.csv")));
    let run = smp::run(&input, &Config::ktab_defaults()).unwrap();
    let expected = expected(name);
    let d = input.n_dims;
    let last = run.last();
    assert_eq!(expected.len(), input.capability.len() * d, "{name}: expected rows");
    let mut worst: f64 = 0.0;
    let mut worst_p: f64 = 0.0;
    for &(actor, dim, value, turn, p) in &expected {
        assert_eq!(run.turns(), turn, "{name}: turns");
        worst = worst.max((last.position[actor * d + dim] - value).abs());
        worst_p = worst_p.max((last.probability[actor] - p).abs());
    }
    assert!(worst <= 0.01 + 1e-9, "{name}: worst final-position error {worst}");
    // KTAB's probabilities are printed with 4 decimals.
    assert!(worst_p <= 0.0001 + 1e-9, "{name}: worst final-probability error {worst_p}");
}

#[test]
fn dummy_data_3dim() {
    check("dummyData_3Dim");
}
#[test]
fn dummy_data_6dim() {
    check("dummyData_6Dim");
}
#[test]
fn soe_pol_comp() {
    check("SOE-Pol-Comp");
}
#[test]
fn soe_policy() {
    check("SOE-Policy");
}
#[test]
fn soe_competitive() {
    check("SOE-Competitive");
}
#[test]
fn dummy_data_a040() {
    check("dummyData-a040");
}
#[test]
fn dummy_data_a080() {
    check("dummyData-a080");
}
#[test]
fn dummy_data_a160() {
    check("dummyData-a160");
}
