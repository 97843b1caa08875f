//! A brute-force reference for the solver's tests: a dense grid on one and two issues,
//! many random starts of a pattern search on more, with no use of the problem's
//! structure (no multipliers, no separability), so it fails differently from the solver.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha12Rng;

use super::solver::nash_value;
use super::Problem;

/// What the reference found: the best Nash value and its terms (`None` when it found no
/// point with every gain positive), and the largest smallest gain with its terms.
#[derive(Clone, Debug)]
pub(super) struct Reference {
    pub(super) nash: Option<(Vec<f64>, f64)>,
    pub(super) max_min: (Vec<f64>, f64),
}

fn gains(problem: &Problem, x: &[f64]) -> Vec<f64> {
    problem.players.iter().map(|p| p.value(x) - p.disagreement).collect()
}

fn min_gain(problem: &Problem, x: &[f64]) -> f64 {
    gains(problem, x).into_iter().fold(f64::INFINITY, f64::min)
}

fn nash(problem: &Problem, x: &[f64]) -> f64 {
    nash_value(problem, &gains(problem, x))
}

/// Runs the reference on a problem whose red-line box is not empty.
pub(super) fn reference(problem: &Problem, seed: u64) -> Reference {
    let bounds = problem.red_line_box();
    let mut rng = ChaCha12Rng::seed_from_u64(seed);
    let starts: Vec<Vec<f64>> = match bounds.len() {
        1 => (0..=20_000)
            .map(|i| vec![bounds[0].0 + (bounds[0].1 - bounds[0].0) * i as f64 / 20_000.0])
            .collect(),
        2 => {
            let m = 200;
            let mut v = Vec::new();
            for i in 0..=m {
                for j in 0..=m {
                    v.push(vec![
                        bounds[0].0 + (bounds[0].1 - bounds[0].0) * i as f64 / m as f64,
                        bounds[1].0 + (bounds[1].1 - bounds[1].0) * j as f64 / m as f64,
                    ]);
                }
            }
            v
        }
        _ => (0..1500)
            .map(|_| bounds.iter().map(|&(lo, hi)| lo + (hi - lo) * rng.random::<f64>()).collect())
            .collect(),
    };
    let polish_from = |f: &dyn Fn(&[f64]) -> f64, rng: &mut ChaCha12Rng| -> (Vec<f64>, f64) {
        let mut scored: Vec<(f64, usize)> =
            starts.iter().enumerate().map(|(i, x)| (f(x), i)).collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut best = (starts[scored[0].1].clone(), scored[0].0);
        for &(_, i) in scored.iter().take(5) {
            let (x, v) = pattern_search(f, &starts[i], &bounds, rng);
            if v > best.1 {
                best = (x, v);
            }
        }
        best
    };
    let max_min = polish_from(&|x| min_gain(problem, x), &mut rng);
    let nash_best = polish_from(&|x| nash(problem, x), &mut rng);
    let nash = match nash_best.1.is_finite() {
        true => Some(nash_best),
        false => None,
    };
    Reference { nash, max_min }
}

/// Compass search along the axes and random directions, halving the step on failure.
fn pattern_search(
    f: &dyn Fn(&[f64]) -> f64,
    start: &[f64],
    bounds: &[(f64, f64)],
    rng: &mut ChaCha12Rng,
) -> (Vec<f64>, f64) {
    let n = start.len();
    let mut x = start.to_vec();
    let mut v = f(&x);
    let mut step = bounds.iter().map(|b| b.1 - b.0).fold(0.0, f64::max) * 0.05;
    while step > 1e-9 {
        let mut improved = false;
        let mut dirs: Vec<Vec<f64>> = Vec::new();
        for k in 0..n {
            let mut e = vec![0.0; n];
            e[k] = 1.0;
            dirs.push(e.clone());
            e[k] = -1.0;
            dirs.push(e);
        }
        for _ in 0..(2 * n + 4) {
            let d: Vec<f64> = (0..n).map(|_| rng.random::<f64>() - 0.5).collect();
            let norm = d.iter().map(|a| a * a).sum::<f64>().sqrt().max(1e-12);
            dirs.push(d.iter().map(|a| a / norm).collect());
        }
        for d in &dirs {
            let y: Vec<f64> = x
                .iter()
                .zip(d)
                .zip(bounds)
                .map(|((x, d), b)| (x + step * d).clamp(b.0, b.1))
                .collect();
            let w = f(&y);
            if w > v {
                x = y;
                v = w;
                improved = true;
            }
        }
        if !improved {
            step *= 0.5;
        }
    }
    (x, v)
}
