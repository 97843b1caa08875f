//! Uncertain numbers: distributions, the parameters that carry them, and one draw of them all.
//!
//! Any number in a scenario may be a constant or a distribution. Validation turns each
//! distribution into a [`ParamDef`] in `Scenario::params` and leaves a [`Num::Param`]
//! where it stood. A [`Draw`] holds one sampled value per parameter.
//!
//! Each parameter is sampled from its own random stream, keyed by (seed, run index,
//! parameter path). A run is therefore a pure function of (scenario, seed, run index),
//! and two scenarios that share a parameter path (a baseline and an overlay) draw the
//! same value for it in the same run: common random numbers for what-if comparisons.

use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha12Rng;
use rand_distr::Distribution;
use sha2::Digest;
use sha2::Sha256;

/// A number in the scenario: fixed, or one of the scenario's uncertain parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    Fixed(f64),
    /// Index into `Scenario::params` and into [`Draw::values`].
    Param(usize),
}

impl Num {
    /// This number's value in a draw.
    pub fn get(&self, draw: &Draw) -> f64 {
        match *self {
            Num::Fixed(v) => v,
            Num::Param(i) => draw.values.get(i).copied().unwrap_or(f64::NAN),
        }
    }

    /// Whether the number is uncertain.
    pub fn is_uncertain(&self) -> bool {
        matches!(self, Num::Param(_))
    }
}

/// A probability distribution, as written in a scenario.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dist {
    /// `{ triangular = [min, mode, max] }`
    Triangular { min: f64, mode: f64, max: f64 },
    /// `{ normal = [mean, sd] }`
    Normal { mean: f64, sd: f64 },
    /// `{ uniform = [a, b] }`
    Uniform { a: f64, b: f64 },
    /// `{ beta = [a, b] }` on [0, 1], scaled to the key's range `[lo, hi]`.
    Beta { a: f64, b: f64 },
}

/// One uncertain input of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamDef {
    /// Where it stands, e.g. `stance.ru.territory.position`; stable across overlays.
    pub path: String,
    pub dist: Dist,
    /// The key's valid range: samples are clamped into it, and `beta` is scaled to it.
    pub lo: f64,
    pub hi: f64,
}

/// One sampled value per parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Draw {
    pub values: Vec<f64>,
}

impl Dist {
    /// The central value: the mean, clamped into `[lo, hi]`.
    pub fn central(&self, lo: f64, hi: f64) -> f64 {
        let v = match *self {
            Dist::Triangular { min, mode, max } => (min + mode + max) / 3.0,
            Dist::Normal { mean, .. } => mean,
            Dist::Uniform { a, b } => (a + b) / 2.0,
            Dist::Beta { a, b } => lo + (hi - lo) * a / (a + b),
        };
        v.clamp(lo, hi)
    }

    /// The p-quantile (0 < p < 1), clamped into `[lo, hi]`; used for one-at-a-time swings.
    pub fn quantile(&self, p: f64, lo: f64, hi: f64) -> f64 {
        let p = p.clamp(1e-9, 1.0 - 1e-9);
        let v = match *self {
            Dist::Triangular { min, mode, max } => {
                let w = max - min;
                if w <= 0.0 {
                    min
                } else {
                    let f = (mode - min) / w;
                    if p < f {
                        min + (p * w * (mode - min)).sqrt()
                    } else {
                        max - ((1.0 - p) * w * (max - mode)).sqrt()
                    }
                }
            }
            Dist::Normal { mean, sd } => mean + sd * normal_quantile(p),
            Dist::Uniform { a, b } => a + p * (b - a),
            Dist::Beta { a, b } => lo + (hi - lo) * beta_quantile(p, a, b),
        };
        v.clamp(lo, hi)
    }

    /// One sample, clamped into `[lo, hi]`. Parameters were checked at validation;
    /// a degenerate one (zero width or spread) returns its central value.
    pub fn sample(&self, rng: &mut ChaCha12Rng, lo: f64, hi: f64) -> f64 {
        let v = match *self {
            Dist::Triangular { min, mode, max } => {
                match rand_distr::Triangular::new(min, max, mode) {
                    Ok(d) if max > min => d.sample(rng),
                    _ => mode,
                }
            }
            Dist::Normal { mean, sd } => match rand_distr::Normal::new(mean, sd) {
                Ok(d) => d.sample(rng),
                Err(_) => mean,
            },
            Dist::Uniform { a, b } => {
                if b > a {
                    rng.random_range(a..b)
                } else {
                    a
                }
            }
            Dist::Beta { a, b } => match rand_distr::Beta::new(a, b) {
                Ok(d) => lo + (hi - lo) * d.sample(rng),
                Err(_) => self.central(lo, hi),
            },
        };
        v.clamp(lo, hi)
    }
}

impl Draw {
    /// Every parameter at its central value: the deterministic "best guess" draw.
    pub fn central(params: &[ParamDef]) -> Draw {
        Draw { values: params.iter().map(|p| p.dist.central(p.lo, p.hi)).collect() }
    }

    /// One Monte Carlo draw for run `run` of seed `seed`.
    pub fn sample(params: &[ParamDef], seed: u64, run: u64) -> Draw {
        let values = params
            .iter()
            .map(|p| {
                let mut rng = stream(seed, run, &p.path);
                p.dist.sample(&mut rng, p.lo, p.hi)
            })
            .collect();
        Draw { values }
    }
}

/// A random stream keyed by (seed, run index, label): the only way the engine gets randomness.
///
/// # Examples
/// ```
/// use rand::Rng;
/// let a: u64 = armistice_scenario::dist::stream(7, 3, "battle").random();
/// let b: u64 = armistice_scenario::dist::stream(7, 3, "battle").random();
/// assert_eq!(a, b);
/// ```
pub fn stream(seed: u64, run: u64, label: &str) -> ChaCha12Rng {
    let mut h = Sha256::new();
    h.update(seed.to_le_bytes());
    h.update(run.to_le_bytes());
    h.update(label.as_bytes());
    let key: [u8; 32] = h.finalize().into();
    ChaCha12Rng::from_seed(key)
}

/// The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
/// Written here because `rand_distr` samples but has no inverse distribution functions.
// Acklam's published coefficients are kept digit for digit, beyond f64 precision.
#[allow(clippy::excessive_precision)]
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.383577518672690e2,
        -3.066479806614716e1,
        2.506628277459239e0,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838e0,
        -2.549732539343734e0,
        4.374664141464968e0,
        2.938163982698783e0,
    ];
    const D: [f64; 4] =
        [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996e0, 3.754408661907416e0];
    let p_low = 0.02425;
    if p < p_low {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - p_low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

/// The beta quantile by bisection on a numerically integrated distribution function.
/// Precision 1e-6 is ample for sensitivity swings, the only caller.
fn beta_quantile(p: f64, a: f64, b: f64) -> f64 {
    if !(a > 0.0 && b > 0.0) {
        return 0.5;
    }
    // Midpoint-rule CDF on a fixed grid; the density may be infinite at 0 or 1 when a or b < 1,
    // which the midpoint rule never evaluates.
    const N: usize = 4000;
    let dens = |x: f64| ((a - 1.0) * x.ln() + (b - 1.0) * (1.0 - x).ln()).exp();
    let mut cdf = Vec::with_capacity(N + 1);
    let mut acc = 0.0;
    cdf.push(0.0);
    for i in 0..N {
        acc += dens((i as f64 + 0.5) / N as f64);
        cdf.push(acc);
    }
    let target = p * acc;
    let k = cdf.partition_point(|&c| c < target).clamp(1, N);
    let (c0, c1) = (cdf[k - 1], cdf[k]);
    let frac = if c1 > c0 { (target - c0) / (c1 - c0) } else { 0.5 };
    ((k - 1) as f64 + frac) / N as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_matches_known_values() {
        assert!((normal_quantile(0.975) - 1.959964).abs() < 1e-6);
        assert!((normal_quantile(0.5)).abs() < 1e-12);
        assert!((normal_quantile(0.1) + 1.281552).abs() < 1e-6);
    }

    #[test]
    fn triangular_quantile_inverts_at_mode_and_ends() {
        let d = Dist::Triangular { min: 0.0, mode: 25.0, max: 100.0 };
        assert!((d.quantile(0.25, 0.0, 100.0) - 25.0).abs() < 1e-9);
        assert!(d.quantile(1e-12, 0.0, 100.0) < 1e-2);
    }

    #[test]
    fn beta_quantile_of_symmetric_beta_is_half_at_median() {
        let d = Dist::Beta { a: 3.0, b: 3.0 };
        assert!((d.quantile(0.5, 0.0, 1.0) - 0.5).abs() < 1e-3);
        // Beta(1,1) is uniform.
        assert!((Dist::Beta { a: 1.0, b: 1.0 }.quantile(0.3, 0.0, 1.0) - 0.3).abs() < 1e-3);
    }

    #[test]
    fn draws_are_reproducible_and_keyed_by_path() {
        let p = |path: &str| ParamDef {
            path: path.into(),
            dist: Dist::Uniform { a: 0.0, b: 1.0 },
            lo: 0.0,
            hi: 1.0,
        };
        let one = Draw::sample(&[p("x"), p("y")], 1, 5);
        let two = Draw::sample(&[p("y"), p("x")], 1, 5);
        assert_eq!(one.values[0], two.values[1]);
        assert_eq!(one.values[1], two.values[0]);
        assert_ne!(one.values[0], one.values[1]);
        assert_ne!(Draw::sample(&[p("x")], 1, 6).values[0], one.values[0]);
    }

    #[test]
    fn samples_stay_in_range() {
        let d = Dist::Normal { mean: 95.0, sd: 30.0 };
        let mut rng = stream(1, 1, "t");
        for _ in 0..1000 {
            let v = d.sample(&mut rng, 0.0, 100.0);
            assert!((0.0..=100.0).contains(&v));
        }
    }
}
