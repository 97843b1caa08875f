//! The exact one-dimensional grid filter of war-model §3.
//!
//! Both sides see the same battle results, so one cumulative log-likelihood per grid
//! node serves both; only the priors differ. The per-front update is a branch-free loop
//! over nodes with one division per node (the contest's exponential is factored into a
//! per-node constant `e^{−γθ_n}` and a per-front constant `e^{−γ z_f}`), which the
//! compiler vectorises. Posterior moments are computed only when someone asks (talks,
//! trace), because nothing else reads them.

/// Fewest grid nodes (war-model §3).
pub const MIN_NODES: usize = 101;
/// Most grid nodes: bounds the cost of a run whose priors are extremely tight relative
/// to the spread of θ (a documented cap; the spacing rule then loosens).
pub const MAX_NODES: usize = 2001;
/// A prior variance below this is a point belief that never moves.
pub const POINT_VAR: f64 = 1e-8;

/// The grid, the shared evidence, and both sides' priors.
#[derive(Clone, Debug)]
pub struct Beliefs {
    /// Grid nodes θ_n (empty when both beliefs are points).
    pub theta: Vec<f64>,
    /// `e^{−γ θ_n}` per node.
    exp_neg: Vec<f64>,
    /// Cumulative log-likelihood ℓ_n.
    loglik: Vec<f64>,
    /// Log prior per side and node (empty for a point belief).
    log_prior: [Vec<f64>; 2],
    /// Prior mean and variance per side.
    prior: [(f64, f64); 2],
    /// Cached posterior (μ, V) per side; `None` once new evidence arrived.
    cache: Option<[(f64, f64); 2]>,
}

impl Beliefs {
    /// Builds the grid over the union of `μ_j ± 6√V_j` and `theta_range`, with at least
    /// [`MIN_NODES`] nodes and spacing at most a quarter of the smallest non-point prior
    /// standard deviation (capped at [`MAX_NODES`]).
    pub fn new(prior: [(f64, f64); 2], theta_range: (f64, f64), gamma: f64) -> Beliefs {
        let prior = prior.map(|(m, v)| {
            let m = if m.is_finite() { m } else { 0.0 };
            let v = if v.is_finite() && v > 0.0 { v } else { 0.0 };
            (m, v)
        });
        let moving: Vec<(f64, f64)> = prior.iter().copied().filter(|p| p.1 >= POINT_VAR).collect();
        let mut b = Beliefs {
            theta: Vec::new(),
            exp_neg: Vec::new(),
            loglik: Vec::new(),
            log_prior: [Vec::new(), Vec::new()],
            prior,
            cache: None,
        };
        if moving.is_empty() {
            return b;
        }
        let (mut lo, mut hi) = theta_range;
        if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
            (lo, hi) = (0.0, 0.0);
        }
        let mut min_sd = f64::INFINITY;
        for &(m, v) in &moving {
            let sd = v.sqrt();
            lo = lo.min(m - 6.0 * sd);
            hi = hi.max(m + 6.0 * sd);
            min_sd = min_sd.min(sd);
        }
        let width = (hi - lo).max(1e-9);
        let wanted = (width / (min_sd / 4.0)).ceil() + 1.0;
        let n = match wanted.is_finite() {
            true => (wanted as usize).clamp(MIN_NODES, MAX_NODES),
            false => MAX_NODES,
        };
        let step = width / (n - 1) as f64;
        let gamma = if gamma.is_finite() { gamma } else { 1.0 };
        b.theta = (0..n).map(|i| lo + step * i as f64).collect();
        b.exp_neg = b.theta.iter().map(|t| (-gamma * t).exp()).collect();
        b.loglik = vec![0.0; n];
        for j in 0..2 {
            let (m, v) = prior[j];
            if v >= POINT_VAR {
                b.log_prior[j] = b.theta.iter().map(|t| -(t - m) * (t - m) / (2.0 * v)).collect();
            }
        }
        b
    }

    /// Adds one front's observed step from `c` to `c_next`, where the line moves by
    /// `kappa_sigma · (π_f(θ) − ½)` plus N(0, η²) noise and
    /// `π_f(θ') = 1 / (1 + e^{−γθ'} · ez)` with `ez = e^{−γ z_f}`.
    pub fn observe(&mut self, c: f64, c_next: f64, kappa_sigma: f64, eta: f64, ez: f64) {
        if self.theta.is_empty() || !(kappa_sigma > 0.0) || !(eta > 0.0) || !ez.is_finite() {
            // With no movement the likelihood is flat in θ: nothing is learnt.
            return;
        }
        self.cache = None;
        let base = c - 0.5 * kappa_sigma;
        if c_next > 0.0 && c_next < 1.0 {
            let inv = 1.0 / (2.0 * eta * eta);
            for (l, &e) in self.loglik.iter_mut().zip(&self.exp_neg) {
                let pi = 1.0 / (1.0 + e * ez);
                let r = c_next - (base + kappa_sigma * pi);
                *l -= r * r * inv;
            }
        } else {
            // A line pinned at a bound still says something about θ: the probability
            // that the unclamped step would have crossed it.
            let upper = c_next >= 1.0;
            for (l, &e) in self.loglik.iter_mut().zip(&self.exp_neg) {
                let pi = 1.0 / (1.0 + e * ez);
                let expected = base + kappa_sigma * pi;
                let z = match upper {
                    true => (expected - 1.0) / eta,
                    false => -expected / eta,
                };
                *l += ln_normal_cdf(z);
            }
        }
    }

    /// Each side's posterior mean and variance (its prior for a point belief).
    pub fn moments(&mut self) -> [(f64, f64); 2] {
        if let Some(m) = self.cache {
            return m;
        }
        let mut out = self.prior;
        for (j, slot) in out.iter_mut().enumerate() {
            let lp = &self.log_prior[j];
            if lp.is_empty() {
                continue;
            }
            let max =
                lp.iter().zip(&self.loglik).map(|(a, b)| a + b).fold(f64::NEG_INFINITY, f64::max);
            if !max.is_finite() {
                continue;
            }
            let (mut sw, mut s1, mut s2) = (0.0, 0.0, 0.0);
            for ((a, b), t) in lp.iter().zip(&self.loglik).zip(&self.theta) {
                let w = (a + b - max).exp();
                sw += w;
                s1 += w * t;
                s2 += w * t * t;
            }
            if sw > 0.0 {
                let mean = s1 / sw;
                *slot = (mean, (s2 / sw - mean * mean).max(0.0));
            }
        }
        self.cache = Some(out);
        out
    }
}

/// `ln Φ(z)`, accurate in the far lower tail (where `Φ` itself underflows).
pub fn ln_normal_cdf(z: f64) -> f64 {
    if z.is_nan() {
        return 0.0;
    }
    if z < -8.0 {
        // Asymptotic series of Mills' ratio.
        let z2 = z * z;
        let series = 1.0 - 1.0 / z2 + 3.0 / (z2 * z2) - 15.0 / (z2 * z2 * z2);
        return -0.5 * z2 - (-z).ln() - 0.5 * (2.0 * std::f64::consts::PI).ln() + series.ln();
    }
    let p = 0.5 * erfc(-z / std::f64::consts::SQRT_2);
    p.max(f64::MIN_POSITIVE).ln()
}

/// The complementary error function (Numerical Recipes' Chebyshev fit, relative error
/// below 1.2·10⁻⁷ everywhere), enough for a log-likelihood at a bound.
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    match x >= 0.0 {
        true => r,
        false => 2.0 - r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_follows_the_spacing_rule() {
        let b = Beliefs::new([(0.1, 0.02), (-0.1, 0.0001)], (-0.45, 0.45), 1.0);
        let step = b.theta[1] - b.theta[0];
        assert!(b.theta.len() >= MIN_NODES);
        assert!(step <= 0.01 / 4.0 + 1e-12, "step {step}");
        assert!(b.theta[0] <= 0.1 - 6.0 * 0.02_f64.sqrt() + 1e-9);
    }

    #[test]
    fn point_beliefs_need_no_grid_and_never_move() {
        let mut b = Beliefs::new([(0.1, 0.0), (-0.1, 1e-9)], (-1.0, 1.0), 1.0);
        assert!(b.theta.is_empty());
        b.observe(0.5, 0.52, 0.01, 0.002, 1.0);
        assert_eq!(b.moments(), [(0.1, 0.0), (-0.1, 1e-9)]);
    }

    #[test]
    fn prior_moments_are_recovered_before_evidence() {
        let mut b = Beliefs::new([(0.1, 0.02), (-0.2, 0.01)], (-0.5, 0.5), 1.0);
        let m = b.moments();
        assert!((m[0].0 - 0.1).abs() < 1e-6 && (m[0].1 - 0.02).abs() < 1e-5);
        assert!((m[1].0 + 0.2).abs() < 1e-6 && (m[1].1 - 0.01).abs() < 1e-5);
    }

    #[test]
    fn evidence_moves_both_posteriors_toward_the_truth() {
        // True θ = 0, both sides optimistic in opposite directions.
        let mut b = Beliefs::new([(0.3, 0.02), (-0.3, 0.02)], (-0.5, 0.5), 1.0);
        let before = b.moments();
        // Observing exactly the expected step at θ = 0 (π = ½): the line does not move.
        for _ in 0..200 {
            b.observe(0.5, 0.5, 0.05, 0.002, 1.0);
        }
        let after = b.moments();
        assert!(after[0].0 < before[0].0 && after[0].0 > 0.0);
        assert!(after[1].0 > before[1].0 && after[1].0 < 0.0);
        assert!(after[0].1 < before[0].1);
    }

    #[test]
    fn ln_normal_cdf_matches_known_values() {
        assert!((ln_normal_cdf(0.0) - 0.5_f64.ln()).abs() < 1e-7);
        assert!((ln_normal_cdf(-1.959964) - 0.025_f64.ln()).abs() < 1e-5);
        // Φ(−10) ≈ 7.6199e−24.
        assert!((ln_normal_cdf(-10.0) - 7.619_853_024_160_47e-24_f64.ln()).abs() < 1e-4);
        assert!(ln_normal_cdf(-7.99).is_finite() && ln_normal_cdf(-8.01).is_finite());
    }
}
