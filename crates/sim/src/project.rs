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

/// The terms force would impose: per issue, side A's and side B's positions, and each
/// issue's class of φ (issues with the same φ share their projected shares).
#[derive(Clone, Copy, Debug)]
pub struct Imposed<'a> {
    pub pos_a: &'a [f64],
    pub pos_b: &'a [f64],
    /// Index into `phi` per issue.
    pub class: &'a [usize],
    /// The distinct values of φ.
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

/// One veto player as its war value needs it.
#[derive(Clone, Copy, Debug)]
pub struct Valuer<'a> {
    /// The player's position per issue (all issues).
    pub position: &'a [f64],
    pub rho: f64,
    /// `Some(j)` when the player is side j, whose positions are the imposed terms' ends.
    pub side: Option<usize>,
    pub horizon: Horizon<'a>,
}

/// The war values of one period, built up issue by issue as talks need them (war-model
/// §4):
///
/// `d = (1−β) Σ_{τ<h} β^τ [u(x̃(T̂_τ)) − k(t+τ)] + β^h u(x̃(T̂_h))` with
/// `u(x) = −Σ_{k∈I_m} w_k (|x_k − p_k|/100)^ρ` is `d = −Σ_{k∈I_m} w_k A_k − C`, where
/// `A_k = (1−β) Σ_{τ<h} β^τ z_kτ^ρ + β^h z_kh^ρ` (`z_kτ = |x̃_k(T̂_τ) − p_k|/100`) and
/// `C = (1−β) Σ_{τ<h} β^τ k(t+τ)` do not depend on the deal kind. So each `A_k` and `C`
/// is computed once per player, projection and period, and every kind's talks that
/// period sum them with their own weights.
///
/// For a side the sum needs no power per issue and period: its position is one end of
/// the imposed terms, so `z_kτ = (|p_Ak − p_Bk|/100) · s(T̂_τ)` with `s = 1 − g_φ` for side
/// A and `s = g_φ` for side B (`g_φ(T) = T^φ / (T^φ + (1−T)^φ)`), and
/// `A_k = (|p_Ak − p_Bk|/100)^ρ · S_φ`, where `S_φ = (1−β) Σ_{τ<h} β^τ s(T̂_τ)^ρ + β^h s(T̂_h)^ρ`
/// is shared by every issue with the same φ.
#[derive(Clone, Debug, Default)]
pub struct WarValues {
    n_issues: usize,
    n_classes: usize,
    /// `A_k` per (slot, issue); NaN until computed.
    loss: Vec<f64>,
    /// `C` per slot; NaN until computed.
    cost: Vec<f64>,
    /// `S_φ` per (slot, class); NaN until computed.
    side_sum: Vec<f64>,
    /// `g_φ(T̂_τ)` and `1 − g_φ(T̂_τ)` per (path, class), τ = 0..len; empty until computed.
    share: Vec<(Vec<f64>, Vec<f64>)>,
}

/// `T̂ = ½` for a projection that is empty (a horizon of 0 periods still has a terminal).
const NO_PATH: [f64; 1] = [0.5];

impl WarValues {
    /// Forgets everything (a new period): `slots` players-and-projections, `paths`
    /// projections, `n_issues` issues in `n_classes` classes of φ. Keeps its allocations.
    pub fn reset(&mut self, slots: usize, paths: usize, n_issues: usize, n_classes: usize) {
        self.n_issues = n_issues;
        self.n_classes = n_classes;
        self.loss.clear();
        self.loss.resize(slots * n_issues, f64::NAN);
        self.cost.clear();
        self.cost.resize(slots, f64::NAN);
        self.side_sum.clear();
        self.side_sum.resize(slots * n_classes, f64::NAN);
        self.share.resize_with(paths * n_classes, Default::default);
        for (g, c) in &mut self.share {
            g.clear();
            c.clear();
        }
    }

    /// `d` of one player (slot `slot`, on projection `path_id` with T̂ along `path`) for
    /// a deal kind with issues `issues` and the player's weights `weight` (all issues).
    #[allow(clippy::too_many_arguments)]
    pub fn war_value(
        &mut self,
        slot: usize,
        path_id: usize,
        path: &[f64],
        valuer: &Valuer<'_>,
        imposed: &Imposed<'_>,
        issues: &[usize],
        weight: &[f64],
    ) -> f64 {
        let path = if path.is_empty() { &NO_PATH[..] } else { path };
        let hz = &valuer.horizon;
        let h = hz.h.min(path.len() - 1);
        if self.cost[slot].is_nan() {
            let mut acc = 0.0;
            let mut disc = 1.0;
            for tau in 0..h {
                let sigma = hz.sigma.get(tau).copied().unwrap_or(0.0);
                acc += disc * hz.cost * war::cost_intensity(sigma, hz.sigma_floor);
                disc *= hz.beta;
            }
            self.cost[slot] = (1.0 - hz.beta) * acc;
        }
        let mut d = -self.cost[slot];
        for &k in issues {
            let w = weight[k];
            if !(w > 0.0) {
                continue;
            }
            let at = slot * self.n_issues + k;
            if self.loss[at].is_nan() {
                self.loss[at] = self.loss(slot, path_id, path, h, valuer, imposed, k);
            }
            d -= w * self.loss[at];
        }
        d
    }

    /// `A_k` (see the type's doc).
    #[allow(clippy::too_many_arguments)]
    fn loss(
        &mut self,
        slot: usize,
        path_id: usize,
        path: &[f64],
        h: usize,
        valuer: &Valuer<'_>,
        imposed: &Imposed<'_>,
        k: usize,
    ) -> f64 {
        let class = imposed.class[k];
        let beta = valuer.horizon.beta;
        let rho = valuer.rho;
        let (pa, pb) = (imposed.pos_a[k], imposed.pos_b[k]);
        self.fill_shares(path_id, path, class, imposed.phi[class]);
        let shares = &self.share[path_id * self.n_classes + class];
        match valuer.side {
            Some(j) => {
                let spread = (pa - pb).abs() / 100.0;
                if spread == 0.0 {
                    return 0.0;
                }
                let at = slot * self.n_classes + class;
                if self.side_sum[at].is_nan() {
                    let s = match j {
                        0 => &shares.1,
                        _ => &shares.0,
                    };
                    self.side_sum[at] = discounted(beta, h, |tau| war::power(s[tau], rho));
                }
                war::power(spread, rho) * self.side_sum[at]
            }
            None => {
                let p = valuer.position[k];
                let g = &shares.0;
                discounted(beta, h, |tau| {
                    war::power((pb + (pa - pb) * g[tau] - p).abs() / 100.0, rho)
                })
            }
        }
    }

    /// Computes `g_φ(T̂_τ)` and `1 − g_φ(T̂_τ)` along the path unless done already.
    fn fill_shares(&mut self, path_id: usize, path: &[f64], class: usize, phi: f64) {
        let entry = &mut self.share[path_id * self.n_classes + class];
        if entry.0.is_empty() {
            for &t in path {
                let (g, c) = war::imposed_share(t, phi);
                entry.0.push(g);
                entry.1.push(c);
            }
        }
    }
}

/// `(1−β) Σ_{τ<h} β^τ f(τ) + β^h f(h)`: the war value's weights, which sum to one.
fn discounted(beta: f64, h: usize, f: impl Fn(usize) -> f64) -> f64 {
    let mut acc = 0.0;
    let mut disc = 1.0;
    for tau in 0..h {
        acc += disc * f(tau);
        disc *= beta;
    }
    (1.0 - beta) * acc + disc * f(h)
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

    /// The war value as war-model §4 writes it, term by term: the reference the cached
    /// sums must reproduce.
    fn direct(
        valuer: &Valuer<'_>,
        imposed: &Imposed<'_>,
        issues: &[usize],
        weight: &[f64],
        path: &[f64],
    ) -> f64 {
        let hz = &valuer.horizon;
        let h = hz.h.min(path.len() - 1);
        let u = |t: f64| {
            let mut u = 0.0;
            for &k in issues {
                let phi = imposed.phi[imposed.class[k]];
                let (a, b) = (t.powf(phi), (1.0 - t).powf(phi));
                let x = imposed.pos_b[k] + (imposed.pos_a[k] - imposed.pos_b[k]) * a / (a + b);
                u -= weight[k] * ((x - valuer.position[k]).abs() / 100.0).powf(valuer.rho);
            }
            u
        };
        let mut acc = 0.0;
        let mut disc = 1.0;
        for (tau, &t) in path.iter().enumerate().take(h) {
            let k = hz.cost * war::cost_intensity(hz.sigma[tau], hz.sigma_floor);
            acc += disc * (u(t) - k);
            disc *= hz.beta;
        }
        (1.0 - hz.beta) * acc + disc * u(path[h])
    }

    #[test]
    fn cached_war_values_are_the_direct_sums() {
        // Three issues, two classes of φ; side A, side B and a third player with its own
        // positions; two deal kinds sharing issue 1.
        let pos_a = [90.0, 70.0, 20.0];
        let pos_b = [10.0, 40.0, 20.0];
        let third = [50.0, 100.0, 35.0];
        let imposed = Imposed { pos_a: &pos_a, pos_b: &pos_b, class: &[0, 1, 0], phi: &[1.0, 2.3] };
        let sigma: Vec<f64> = (0..12).map(|t| 0.5 + 0.05 * t as f64).collect();
        let horizon = Horizon { beta: 0.93, h: 9, cost: 0.02, sigma_floor: 0.6, sigma: &sigma };
        let path: Vec<f64> = (0..=10).map(|t| 0.62 - 0.03 * t as f64).collect();
        let weight = [0.5, 0.3, 0.2];
        let players = [
            Valuer { position: &pos_a, rho: 1.7, side: Some(0), horizon },
            Valuer { position: &pos_b, rho: 1.3, side: Some(1), horizon },
            Valuer { position: &third, rho: 2.6, side: None, horizon },
        ];
        let mut values = WarValues::default();
        values.reset(players.len() * 2, 2, 3, 2);
        for kinds in [[&[0usize, 1][..], &[1, 2][..]], [&[1, 2][..], &[0, 1][..]]] {
            for issues in kinds {
                for (i, v) in players.iter().enumerate() {
                    let d = values.war_value(i * 2, 0, &path, v, &imposed, issues, &weight);
                    let want = direct(v, &imposed, issues, &weight, &path);
                    assert!(
                        (d - want).abs() < 1e-13,
                        "player {i}, issues {issues:?}: {d} vs {want}"
                    );
                }
            }
            // A new period forgets the old values.
            values.reset(players.len() * 2, 2, 3, 2);
        }
    }

    #[test]
    fn war_value_weights_sum_to_one() {
        // A constant path and no cost: d is exactly u of the imposed terms.
        let sigma = [1.0; 5];
        let horizon = Horizon { beta: 0.9, h: 4, cost: 0.0, sigma_floor: 0.2, sigma: &sigma };
        let valuer = Valuer { position: &[100.0], rho: 1.0, side: Some(0), horizon };
        let imposed = Imposed { pos_a: &[100.0], pos_b: &[0.0], class: &[0], phi: &[1.0] };
        let mut values = WarValues::default();
        values.reset(1, 1, 1, 1);
        let d = values.war_value(0, 0, &[0.3; 5], &valuer, &imposed, &[0], &[1.0]);
        assert!((d - (-0.7)).abs() < 1e-12);
        // A cost of c per period at full intensity lowers d by c·(1 − β^h).
        let valuer = Valuer { horizon: Horizon { cost: 0.01, ..horizon }, ..valuer };
        values.reset(1, 1, 1, 1);
        let d2 = values.war_value(0, 0, &[0.3; 5], &valuer, &imposed, &[0], &[1.0]);
        assert!((d - d2 - 0.01 * (1.0 - 0.9_f64.powi(4))).abs() < 1e-12);
    }
}
