//! The battlefield of war-model §2: the contest function, the step of one front,
//! strength, aid and the cost of war, and the calendar's season.
//!
//! Everything here is arithmetic on plain numbers; the engine owns the state and the
//! random streams.

use armistice_scenario::types::Scenario;

/// `logistic(x) = 1 / (1 + e^{−x})`, written so a large |x| never overflows to NaN.
pub fn logistic(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// The season's intensity σ(t) for periods `0..n`: the calendar month of each
/// period's first day picks one of the twelve monthly values.
pub fn season_by_period(scenario: &Scenario, season: &[f64; 12], n: u32) -> Vec<f64> {
    (0..n)
        .map(|t| {
            let month = scenario.date_of(t).month();
            let idx = (i64::from(month) - 1).clamp(0, 11) as usize;
            clean(season[idx], 0.0, 1.0, 1.0)
        })
        .collect()
}

/// `σ̄ = max(σ, σ_floor)`: a war costs something even in winter.
pub fn cost_intensity(sigma: f64, floor: f64) -> f64 {
    sigma.max(floor)
}

/// Cost of war per period in utility units: `k0 · σ̄ · (1 + m)`.
pub fn cost(k0: f64, sigma_bar: f64, multiplier: f64) -> f64 {
    k0 * sigma_bar * (1.0 + multiplier)
}

/// One strength step: `S + r + aid − δ·σ·S`, kept strictly positive so that the
/// contest's logarithm stays finite.
pub fn next_strength(s: f64, r: f64, aid: f64, delta: f64, sigma: f64) -> f64 {
    let next = s + r + aid - delta * sigma * s;
    match next.is_finite() {
        true => next.max(MIN_STRENGTH),
        false => MIN_STRENGTH,
    }
}

/// The smallest effective strength: a side ground down to nothing still has a log.
pub const MIN_STRENGTH: f64 = 1e-9;

/// One front's next control share: `clamp(c + κσ(π − ½) + ε, 0, 1)`.
pub fn next_control(c: f64, kappa_sigma: f64, pi: f64, noise: f64) -> f64 {
    let next = c + kappa_sigma * (pi - 0.5) + noise;
    match next.is_finite() {
        true => next.clamp(0.0, 1.0),
        false => c,
    }
}

/// A's share of contested value, `T = Σ v_f c_f / Σ v_f` (½ when no front has value).
pub fn share(values: &[f64], control: &[f64]) -> f64 {
    let total: f64 = values.iter().sum();
    if !(total > 0.0) {
        return 0.5;
    }
    values.iter().zip(control).map(|(v, c)| v * c).sum::<f64>() / total
}

/// The terms force would impose on one issue (war-model §4) are
/// `x̃ = p_B + (p_A − p_B) · g_φ(T)`, `g_φ(T) = T^φ / (T^φ + (1 − T)^φ)`: this returns
/// `(g_φ(T), 1 − g_φ(T))` for T clamped to [0, 1], each computed directly so that
/// neither loses precision near 0.
pub fn imposed_share(t: f64, phi: f64) -> (f64, f64) {
    let t = t.clamp(0.0, 1.0);
    if phi == 1.0 {
        return (t, 1.0 - t);
    }
    if t == 0.0 || t == 1.0 {
        return (t, 1.0 - t);
    }
    // T^φ / (T^φ + (1 − T)^φ) = 1 / (1 + r) with r = ((1 − T)/T)^φ: one power, not two.
    let r = ((1.0 - t) / t).powf(phi);
    match r.is_finite() {
        true => (1.0 / (1.0 + r), r / (1.0 + r)),
        false => (0.0, 1.0),
    }
}

/// `z^ρ` for `z ≥ 0`, exact and fast for the common ρ = 1 and ρ = 2.
pub fn power(z: f64, rho: f64) -> f64 {
    if rho == 1.0 {
        z
    } else if rho == 2.0 {
        z * z
    } else {
        z.powf(rho)
    }
}

/// A number forced into `[lo, hi]`, with `fallback` for NaN: validated input is in
/// range, but a lever's `scale` or `add` can push it out.
pub fn clean(x: f64, lo: f64, hi: f64, fallback: f64) -> f64 {
    match x.is_nan() {
        true => fallback,
        false => x.clamp(lo, hi),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logistic_is_the_tullock_ratio() {
        // (q a_A S_A)^γ / ((q a_A S_A)^γ + (a_B S_B)^γ) with q = e^θ.
        let (theta, sa, sb, gamma) = (0.2_f64, 1.5_f64, 1.0_f64, 1.7_f64);
        let tullock =
            (theta.exp() * sa).powf(gamma) / ((theta.exp() * sa).powf(gamma) + sb.powf(gamma));
        let ours = logistic(gamma * (theta + sa.ln() - sb.ln()));
        assert!((tullock - ours).abs() < 1e-12);
        assert!(logistic(-1000.0) >= 0.0 && logistic(1000.0) <= 1.0);
    }

    #[test]
    fn imposed_terms_are_symmetric_and_linear_by_default() {
        let imposed =
            |p_a: f64, p_b: f64, t: f64, phi: f64| p_b + (p_a - p_b) * imposed_share(t, phi).0;
        assert!((imposed(80.0, 20.0, 0.25, 1.0) - 35.0).abs() < 1e-12);
        // Renaming the sides (T → 1 − T, swap positions) gives the same terms.
        assert!((imposed(80.0, 20.0, 0.3, 2.5) - imposed(20.0, 80.0, 0.7, 2.5)).abs() < 1e-12);
        // The two shares are complements, each exact near its own zero.
        let (g, c) = imposed_share(1e-3, 3.0);
        assert!((g + c - 1.0).abs() < 1e-15);
        assert!((g / 1e-9 - 1.0 / (1e-9 + 0.999_f64.powi(3))).abs() < 1e-12);
    }

    #[test]
    fn strength_never_reaches_zero() {
        assert_eq!(next_strength(1.0, 0.0, 0.0, 2.0, 1.0), MIN_STRENGTH);
        assert!((next_strength(1.0, 0.1, 0.05, 0.1, 0.5) - 1.1).abs() < 1e-12);
    }
}
