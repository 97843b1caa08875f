//! Disagreement values (war-model §4): what fighting on is worth to each veto player.
//!
//! A projection runs the war forward deterministically under one belief about θ
//! (ε = 0, the calendar's σ, strengths evolving with the current mobilisation, aid and
//! attrition, no lever anticipated) and records A's projected share T̂ per period.
//! The strength ratio does not depend on the belief, so `e^{−γ ln(S_A/S_B)}` along the
//! projection is computed once per period ([`StrengthPath`]) and each belief's path then
//! costs one multiplication and one division per front and period.

use crate::war;

/// `e^{−γ ln(S_A(t+τ)/S_B(t+τ))}` for τ = 0..=h: the belief-free part of the contest.
#[derive(Clone, Debug, Default)]
pub struct StrengthPath {
    pub exp_neg: Vec<f64>,
}

/// The inputs of one projection that do not depend on the belief.
#[derive(Clone, Copy, Debug)]
pub struct WarNow<'a> {
    /// σ(t), σ(t+1), … (at least `h` entries).
    pub sigma: &'a [f64],
    pub control: &'a [f64],
    pub values: &'a [f64],
    pub kappa: &'a [f64],
    /// `(a_Bf / a_Af)^γ` per front.
    pub front_factor: &'a [f64],
    pub strength: [f64; 2],
    pub mobilisation: [f64; 2],
    pub aid: [f64; 2],
    pub attrition: [f64; 2],
    pub gamma: f64,
}

impl StrengthPath {
    /// Fills the path for τ = 0..=h.
    pub fn compute(&mut self, now: &WarNow<'_>, h: usize) {
        self.exp_neg.clear();
        let mut s = now.strength;
        for tau in 0..=h {
            let ratio = (s[0] / s[1]).max(f64::MIN_POSITIVE);
            let e = (-now.gamma * ratio.ln()).exp();
            self.exp_neg.push(match e.is_finite() {
                true => e,
                false => f64::MAX,
            });
            let sigma = now.sigma.get(tau).copied().unwrap_or(0.0);
            for j in 0..2 {
                s[j] = war::next_strength(
                    s[j],
                    now.mobilisation[j],
                    now.aid[j],
                    now.attrition[j],
                    sigma,
                );
            }
        }
    }
}

/// Fills `out` with T̂(t+τ), τ = 0..=h, under belief `mu`, using `scratch` for the
/// projected lines (both cleared first; no allocation once they have capacity).
pub fn project(
    now: &WarNow<'_>,
    strength_path: &StrengthPath,
    mu: f64,
    h: usize,
    scratch: &mut Vec<f64>,
    out: &mut Vec<f64>,
) {
    scratch.clear();
    scratch.extend_from_slice(now.control);
    out.clear();
    out.push(war::share(now.values, scratch));
    let em = {
        let e = (-now.gamma * mu).exp();
        match e.is_finite() {
            true => e,
            false => f64::MAX,
        }
    };
    for tau in 0..h {
        let sigma = now.sigma.get(tau).copied().unwrap_or(0.0);
        let es = strength_path.exp_neg.get(tau).copied().unwrap_or(1.0) * em;
        for ((c, &kappa), &factor) in scratch.iter_mut().zip(now.kappa).zip(now.front_factor) {
            let pi = 1.0 / (1.0 + es * factor);
            *c = war::next_control(*c, kappa * sigma, pi, 0.0);
        }
        out.push(war::share(now.values, scratch));
    }
}

/// One veto player's view of the issues of one deal kind.
#[derive(Clone, Copy, Debug)]
pub struct Valuer<'a> {
    /// The kind's issues (indices into the scenario's issues).
    pub issues: &'a [usize],
    /// The player's normalised weight per issue (all issues).
    pub weight: &'a [f64],
    /// The player's position per issue (all issues).
    pub position: &'a [f64],
    pub rho: f64,
}

impl Valuer<'_> {
    /// `u_i(x) = −Σ_{k∈I_m} w_ik (|x_k − p_ik|/100)^ρ_i` with `x_k = terms(k)`.
    pub fn utility(&self, terms: impl Fn(usize) -> f64) -> f64 {
        let mut u = 0.0;
        for &k in self.issues {
            let w = self.weight[k];
            if w > 0.0 {
                u -= w * war::power((terms(k) - self.position[k]).abs() / 100.0, self.rho);
            }
        }
        u
    }
}

/// The terms force would impose: per issue, side A's and side B's positions and φ.
#[derive(Clone, Copy, Debug)]
pub struct Imposed<'a> {
    pub pos_a: &'a [f64],
    pub pos_b: &'a [f64],
    pub phi: &'a [f64],
}

/// How a player discounts and what the war costs it.
#[derive(Clone, Copy, Debug)]
pub struct Horizon<'a> {
    pub beta: f64,
    pub h: usize,
    /// k0 · (1 + m): the cost at full intensity.
    pub cost: f64,
    pub sigma_floor: f64,
    /// σ(t+τ) for τ = 0..h.
    pub sigma: &'a [f64],
}

/// `d = (1−β) Σ_{τ<h} β^τ [u(x̃(T̂_τ)) − k(t+τ)] + β^h u(x̃(T̂_h))` on a projected path
/// (war-model §4). The weights sum to one, so the war and a deal share one scale.
pub fn war_value(
    valuer: &Valuer<'_>,
    imposed: &Imposed<'_>,
    horizon: &Horizon<'_>,
    path: &[f64],
) -> f64 {
    let h = horizon.h.min(path.len().saturating_sub(1));
    let beta = horizon.beta;
    let value_at = |t_hat: f64| {
        valuer.utility(|k| war::imposed(imposed.pos_a[k], imposed.pos_b[k], t_hat, imposed.phi[k]))
    };
    let mut acc = 0.0;
    let mut disc = 1.0;
    for (tau, &t_hat) in path.iter().enumerate().take(h) {
        let sigma = horizon.sigma.get(tau).copied().unwrap_or(0.0);
        let k = horizon.cost * war::cost_intensity(sigma, horizon.sigma_floor);
        acc += disc * (value_at(t_hat) - k);
        disc *= beta;
    }
    let terminal = path.get(h).copied().unwrap_or(0.5);
    (1.0 - beta) * acc + disc * value_at(terminal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now<'a>(sigma: &'a [f64], control: &'a [f64]) -> WarNow<'a> {
        WarNow {
            sigma,
            control,
            values: &[1.0],
            kappa: &[0.01],
            front_factor: &[1.0],
            strength: [1.0, 1.0],
            mobilisation: [0.0; 2],
            aid: [0.0; 2],
            attrition: [0.0; 2],
            gamma: 1.0,
        }
    }

    #[test]
    fn projection_moves_toward_the_believed_stronger_side() {
        let sigma = [1.0; 10];
        let n = now(&sigma, &[0.5]);
        let mut sp = StrengthPath::default();
        sp.compute(&n, 10);
        let (mut s, mut out) = (Vec::new(), Vec::new());
        project(&n, &sp, 0.5, 10, &mut s, &mut out);
        assert_eq!(out.len(), 11);
        let step = 0.01 * (war::logistic(0.5) - 0.5);
        assert!((out[10] - (0.5 + 10.0 * step)).abs() < 1e-12);
    }

    #[test]
    fn war_value_weights_sum_to_one() {
        // A constant path and no cost: d is exactly u of the imposed terms.
        let valuer = Valuer { issues: &[0], weight: &[1.0], position: &[100.0], rho: 1.0 };
        let imposed = Imposed { pos_a: &[100.0], pos_b: &[0.0], phi: &[1.0] };
        let sigma = [1.0; 5];
        let hz = Horizon { beta: 0.9, h: 4, cost: 0.0, sigma_floor: 0.2, sigma: &sigma };
        let d = war_value(&valuer, &imposed, &hz, &[0.3; 5]);
        assert!((d - (-0.7)).abs() < 1e-12);
        // A cost of c per period at full intensity lowers d by c·(1 − β^h).
        let hz = Horizon { cost: 0.01, ..hz };
        let d2 = war_value(&valuer, &imposed, &hz, &[0.3; 5]);
        assert!((d - d2 - 0.01 * (1.0 - 0.9_f64.powi(4))).abs() < 1e-12);
    }
}
