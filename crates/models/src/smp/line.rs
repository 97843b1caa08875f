//! Coalition strengths on a single dimension in O(log N) per pair of options.
//!
//! On one dimension a voter's utility of an option is a polynomial in its ideal y on
//! each side of the option, and a voter prefers the nearer option. So for options
//! x_a < x_b, with L = x_b − x_a and μ = (x_a + x_b)/2, every voter's proportional vote
//! w·(u(x_a) − u(x_b)) has a known sign and a closed form in y and R in each of four
//! regions (y ≤ x_a, x_a < y ≤ μ, μ < y < x_b, y ≥ x_b):
//!
//! - y ≤ x_a:       w·L·[(1 − R) + 2μR − 2yR]            (for a)
//! - x_a < y ≤ μ:   2w·(μ − y)·[(1 − R) + L·R]           (for a)
//! - μ < y < x_b:   2w·(y − μ)·[(1 − R) + L·R]           (for b)
//! - y ≥ x_b:       w·L·[(1 − R) + 2yR − 2μR]            (for b)
//!
//! Summing these needs only prefix sums of w, wR, wy and wRy over voters sorted by
//! ideal, so a PCE's whole coalition matrix costs O(M²·log N) instead of O(M²·N).
//! This holds for the proportional voting rule, where votes are linear in utilities.

/// Prefix sums over voters sorted by ideal.
pub(crate) struct Line {
    ideal: Vec<f64>,
    /// prefix[i] = sums over the first i sorted voters of (w, wR, wy, wRy).
    prefix: Vec<[f64; 4]>,
}

impl Line {
    /// Voters with ideals `ideal`, risk attitudes `risk` and weights `weight`; voters
    /// with `indifferent[k]` (no salience) are left out: their votes are 0.
    pub(crate) fn new(ideal: &[f64], risk: &[f64], weight: &[f64], indifferent: &[bool]) -> Line {
        let mut order: Vec<usize> = (0..ideal.len()).filter(|&k| !indifferent[k]).collect();
        order.sort_by(|&a, &b| ideal[a].total_cmp(&ideal[b]).then(a.cmp(&b)));
        let mut prefix = Vec::with_capacity(order.len() + 1);
        let mut acc = [0.0; 4];
        prefix.push(acc);
        for &k in &order {
            let (w, r, y) = (weight[k], risk[k], ideal[k]);
            acc[0] += w;
            acc[1] += w * r;
            acc[2] += w * y;
            acc[3] += w * r * y;
            prefix.push(acc);
        }
        Line { ideal: order.iter().map(|&k| ideal[k]).collect(), prefix }
    }

    /// Sums over sorted voters lo..hi.
    fn sums(&self, lo: usize, hi: usize) -> [f64; 4] {
        let (a, b) = (self.prefix[hi], self.prefix[lo]);
        [a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3]]
    }

    /// Number of voters with ideal ≤ y.
    fn at_most(&self, y: f64) -> usize {
        self.ideal.partition_point(|&v| v <= y)
    }

    /// Number of voters with ideal < y.
    fn below(&self, y: f64) -> usize {
        self.ideal.partition_point(|&v| v < y)
    }

    /// (Σ votes for a, Σ votes for b) between options at `xa` and `xb`.
    pub(crate) fn pair(&self, xa: f64, xb: f64) -> (f64, f64) {
        if xa == xb {
            return (0.0, 0.0);
        }
        let (lo, hi, swapped) = match xa < xb {
            true => (xa, xb, false),
            false => (xb, xa, true),
        };
        let l = hi - lo;
        let mu = (lo + hi) / 2.0;
        let n = self.ideal.len();
        let i_lo = self.at_most(lo);
        let i_mu = self.at_most(mu);
        let i_hi = self.below(hi);
        let [w1, r1, _, ry1] = self.sums(0, i_lo);
        let [w2, r2, y2, ry2] = self.sums(i_lo, i_mu.max(i_lo));
        let [w3, r3, y3, ry3] = self.sums(i_mu.max(i_lo), i_hi.max(i_mu).max(i_lo));
        let [w4, r4, _, ry4] = self.sums(i_hi.max(i_mu).max(i_lo), n);
        let k = 1.0 - l;
        let for_lo =
            l * (w1 - r1 + 2.0 * mu * r1 - 2.0 * ry1) + 2.0 * (mu * (w2 - k * r2) - (y2 - k * ry2));
        let for_hi =
            2.0 * ((y3 - k * ry3) - mu * (w3 - k * r3)) + l * (w4 - r4 + 2.0 * ry4 - 2.0 * mu * r4);
        // Rounding in the prefix sums can leave a hair below 0 where the exact sum is 0.
        let (for_lo, for_hi) = (for_lo.max(0.0), for_hi.max(0.0));
        match swapped {
            false => (for_lo, for_hi),
            true => (for_hi, for_lo),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utility(delta: f64, r: f64) -> f64 {
        (1.0 - delta) * (1.0 + delta * r)
    }

    #[test]
    fn matches_the_direct_sum() {
        let ideal = [0.1, 0.35, 0.35, 0.5, 0.62, 0.9, 0.0, 1.0];
        let risk = [0.3, -0.5, 1.0, 0.0, -0.2, 0.7, -1.0, 0.5];
        let weight = [1.0, 2.0, 0.5, 3.0, 1.5, 1.0, 2.5, 0.7];
        let indifferent = [false, false, false, false, false, false, false, true];
        let line = Line::new(&ideal, &risk, &weight, &indifferent);
        let options = [0.0, 0.1, 0.2, 0.35, 0.425, 0.5, 0.77, 1.0];
        for &xa in &options {
            for &xb in &options {
                let (mut for_a, mut for_b) = (0.0, 0.0);
                for k in 0..ideal.len() {
                    if indifferent[k] {
                        continue;
                    }
                    let v = weight[k]
                        * (utility((ideal[k] - xa).abs(), risk[k])
                            - utility((ideal[k] - xb).abs(), risk[k]));
                    for_a += v.max(0.0);
                    for_b -= v.min(0.0);
                }
                let (a, b) = line.pair(xa, xb);
                assert!(
                    (a - for_a).abs() < 1e-12 && (b - for_b).abs() < 1e-12,
                    "{xa} {xb}: {a} {for_a} {b} {for_b}"
                );
            }
        }
    }
}
