//! The probability P_ij that i beats j, from third-party support (Scholz eqs. 30–31).
//!
//! Support for i over j from voter k is w_k·Δ_k when positive, with w_k = c_k s_k and
//! Δ_k = u_k(x_i) − u_k(x_j). Summed naively over k for each of the n² ordered pairs
//! this costs O(n³) per round. Two exact shortcuts bring it down:
//!
//! * With linear votes, Δ_k is piecewise linear in x_k for a fixed pair lo < hi: it is
//!   +D left of lo, −D right of hi, and lo + hi − 2x_k in between (D = hi − lo). With
//!   the voters sorted by position and prefix sums of w and w·x, both sides' support
//!   is O(log n) per pair, O(n² log n) per round.
//! * The published program's global denominator Σ_k Σ_a Σ_b w_k |y_ka − y_kb| needs,
//!   for each voter k, the sum of all pairwise differences of y_ka, which are monotone
//!   in |x_k − x_a|. Merging the two sorted runs of distances left and right of x_k
//!   gives them in order in O(n), and Σ_{a,b} |y_a − y_b| = 2 Σ_t y_(t) (2t − n + 1),
//!   so the whole denominator is O(n²) instead of O(n³).
//!
//! Votes raised to each voter's own exponent r_k are not piecewise linear, so that
//! variant stays O(n) per pair; it is computed once per pair of *distinct* positions,
//! which is cheap once positions have collapsed onto a few points.

use super::config::{Probability, VoteDistance};

/// Precomputed support tables for one set of positions, weights and exponents.
pub(crate) struct Support {
    kind: Kind,
    /// `None` under the per-pair normalisation; the global denominator otherwise.
    global: Option<f64>,
}

enum Kind {
    /// Linear votes: voters sorted by position with prefix sums.
    Linear { xs: Vec<f64>, w: Vec<f64>, wx: Vec<f64> },
    /// Votes with each voter's exponent: per distinct position, the voters' utilities.
    Powered {
        /// Sorted distinct positions.
        distinct: Vec<f64>,
        /// Index into `distinct` of every actor.
        slot: Vec<usize>,
        /// `support[p * m + q]`: support for distinct position p over q, when m² is small
        /// enough to tabulate; otherwise computed on demand from `utility`.
        support: Option<Vec<f64>>,
        /// `utility[p * n + k]` = (|x_k − distinct_p| / R)^{r_k}.
        utility: Vec<f64>,
        weights: Vec<f64>,
    },
}

/// Largest number of table entries (distinct positions × voters, or distinct²) built.
const MAX_TABLE: usize = 1 << 22;

impl Support {
    /// Builds the tables for `positions`, vote weights `weights` (c·s), exponents
    /// `exps` (only read for [`VoteDistance::VoterRisk`]) and range `range`.
    pub(crate) fn new(
        positions: &[f64],
        weights: &[f64],
        exps: &[f64],
        range: f64,
        probability: Probability,
        vote: VoteDistance,
    ) -> Support {
        // With every exponent at 1 the powered votes are the linear ones divided by R,
        // and both normalisations are ratios, so the fast linear tables are exact.
        let linear = match vote {
            VoteDistance::Linear => true,
            VoteDistance::VoterRisk => exps.iter().all(|&r| r == 1.0),
        };
        let kind = match linear {
            true => linear_kind(positions, weights),
            false => powered_kind(positions, weights, exps, range),
        };
        let global = match probability {
            Probability::PerPair => None,
            Probability::Global => Some(match linear {
                true => global_denominator(positions, weights, &vec![1.0; positions.len()], 1.0),
                false => global_denominator(positions, weights, exps, range),
            }),
        };
        Support { kind, global }
    }

    /// (P_ij, P_ji) for actors `i` and `j` at positions `xi` and `xj`.
    pub(crate) fn pair(&self, i: usize, j: usize, xi: f64, xj: f64) -> (f64, f64) {
        if xi == xj {
            // §4: P_ij = 0 when the two positions coincide.
            return (0.0, 0.0);
        }
        let (sup_i, sup_j) = match &self.kind {
            Kind::Linear { xs, w, wx } => {
                let (lo, hi) = (xi.min(xj), xi.max(xj));
                let (sup_lo, sup_hi) = linear_support(xs, w, wx, lo, hi);
                match xi < xj {
                    true => (sup_lo, sup_hi),
                    false => (sup_hi, sup_lo),
                }
            }
            Kind::Powered { distinct, slot, support, utility, weights } => {
                let m = distinct.len();
                let (p, q) = (slot.get(i).copied().unwrap_or(0), slot.get(j).copied().unwrap_or(0));
                match support {
                    Some(table) => (table[p * m + q], table[q * m + p]),
                    None => (
                        powered_support(utility, weights, p, q),
                        powered_support(utility, weights, q, p),
                    ),
                }
            }
        };
        match self.global {
            None => {
                let total = sup_i + sup_j;
                match total > 0.0 {
                    true => (sup_i / total, sup_j / total),
                    // Nobody with any weight cares: neither side is favoured.
                    false => (0.5, 0.5),
                }
            }
            Some(total) => match total > 0.0 {
                true => (sup_i / total, sup_j / total),
                false => (0.0, 0.0),
            },
        }
    }
}

fn linear_kind(positions: &[f64], weights: &[f64]) -> Kind {
    let mut order: Vec<(f64, f64)> =
        positions.iter().copied().zip(weights.iter().copied()).collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut w = Vec::with_capacity(order.len() + 1);
    let mut wx = Vec::with_capacity(order.len() + 1);
    let (mut acc_w, mut acc_wx) = (0.0, 0.0);
    w.push(0.0);
    wx.push(0.0);
    for &(x, weight) in &order {
        acc_w += weight;
        acc_wx += weight * x;
        w.push(acc_w);
        wx.push(acc_wx);
    }
    Kind::Linear { xs: order.iter().map(|&(x, _)| x).collect(), w, wx }
}

/// The support for `lo` and for `hi` (lo < hi) from all voters, with linear votes.
fn linear_support(xs: &[f64], w: &[f64], wx: &[f64], lo: f64, hi: f64) -> (f64, f64) {
    let n = xs.len();
    let d = hi - lo;
    let mid = 0.5 * (lo + hi);
    let left_end = xs.partition_point(|&x| x <= lo);
    let below_mid = xs.partition_point(|&x| x < mid).max(left_end);
    let above_mid = xs.partition_point(|&x| x <= mid).max(below_mid);
    let right_start = xs.partition_point(|&x| x < hi).max(above_mid);
    let sum = |a: usize, b: usize| (w[b] - w[a], wx[b] - wx[a]);
    let (w_left, _) = sum(0, left_end);
    let (w_right, _) = sum(right_start, n);
    let (w_b1, wx_b1) = sum(left_end, below_mid);
    let (w_b2, wx_b2) = sum(above_mid, right_start);
    // Between lo and hi a voter at x gives |lo + hi − 2x| = 2|mid − x| to the nearer side;
    // the clamp removes the rounding of a difference of prefix sums.
    let between_lo = (2.0 * (mid * w_b1 - wx_b1)).max(0.0);
    let between_hi = (2.0 * (wx_b2 - mid * w_b2)).max(0.0);
    (d * w_left + between_lo, d * w_right + between_hi)
}

fn powered_kind(positions: &[f64], weights: &[f64], exps: &[f64], range: f64) -> Kind {
    let n = positions.len();
    let mut distinct: Vec<f64> = positions.to_vec();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let m = distinct.len();
    let slot = positions.iter().map(|&x| distinct.partition_point(|&d| d < x)).collect();
    let mut utility = Vec::with_capacity(n.saturating_mul(m).min(MAX_TABLE * 4));
    for &p in &distinct {
        for (&x, &r) in positions.iter().zip(exps) {
            utility.push(powered_distance(x, p, r, range));
        }
    }
    let support = match m.saturating_mul(m) <= MAX_TABLE {
        true => {
            let mut table = vec![0.0; m * m];
            for p in 0..m {
                for q in 0..m {
                    if p != q {
                        table[p * m + q] = powered_support(&utility, weights, p, q);
                    }
                }
            }
            Some(table)
        }
        false => None,
    };
    Kind::Powered { distinct, slot, support, utility, weights: weights.to_vec() }
}

/// (|x − p| / R)^r, the published program's "distance utility" of a voter at x.
fn powered_distance(x: f64, p: f64, r: f64, range: f64) -> f64 {
    ((x - p).abs() / range).powf(r)
}

/// Σ_k w_k max(0, y_k(q) − y_k(p)): support for distinct position p over q.
fn powered_support(utility: &[f64], weights: &[f64], p: usize, q: usize) -> f64 {
    let n = weights.len();
    let (yp, yq) = (&utility[p * n..(p + 1) * n], &utility[q * n..(q + 1) * n]);
    weights.iter().zip(yp.iter().zip(yq)).map(|(&w, (&a, &b))| w * (b - a).max(0.0)).sum()
}

/// Σ_k w_k Σ_a Σ_b |y_ka − y_kb| with y_ka = (|x_k − x_a| / R)^{r_k}, in O(n²).
fn global_denominator(positions: &[f64], weights: &[f64], exps: &[f64], range: f64) -> f64 {
    let n = positions.len();
    let mut sorted = positions.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut merged = Vec::with_capacity(n);
    let mut total = 0.0;
    for ((&xk, &wk), &rk) in positions.iter().zip(weights).zip(exps) {
        if wk == 0.0 {
            continue;
        }
        // Distances to the voters left of x_k grow leftwards, to the right rightwards:
        // two ascending runs, merged into one ascending list.
        let split = sorted.partition_point(|&x| x < xk);
        let (mut l, mut r) = (split, split);
        merged.clear();
        while merged.len() < n {
            let left = match l {
                0 => f64::INFINITY,
                _ => xk - sorted[l - 1],
            };
            let right = sorted.get(r).map_or(f64::INFINITY, |&x| x - xk);
            match left <= right {
                true => {
                    merged.push(left);
                    l -= 1;
                }
                false => {
                    merged.push(right);
                    r += 1;
                }
            }
        }
        let pairs: f64 = merged
            .iter()
            .enumerate()
            .map(|(t, &dist)| {
                let y = match range == 1.0 && rk == 1.0 {
                    true => dist,
                    false => (dist / range).powf(rk),
                };
                y * (2.0 * t as f64 - (n as f64 - 1.0))
            })
            .sum();
        total += wk * 2.0 * pairs;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definitions summed naively, O(n) per pair.
    fn naive(
        positions: &[f64],
        weights: &[f64],
        exps: &[f64],
        range: f64,
        i: usize,
        j: usize,
    ) -> (f64, f64, f64) {
        let u = |k: usize, x: f64| ((positions[k] - x).abs() / range).powf(exps[k]);
        let mut sup_i = 0.0;
        let mut sup_j = 0.0;
        let mut global = 0.0;
        for (k, &wk) in weights.iter().enumerate() {
            let delta = u(k, positions[j]) - u(k, positions[i]);
            sup_i += wk * delta.max(0.0);
            sup_j += wk * (-delta).max(0.0);
            for &xa in positions {
                for &xb in positions {
                    global += wk * (u(k, xa) - u(k, xb)).abs();
                }
            }
        }
        (sup_i, sup_j, global)
    }

    #[test]
    fn fast_tables_match_the_naive_sums() {
        let positions = [4.0, 7.0, 4.0, 10.0, 10.0, 7.5, 9.25, 1.0];
        let weights = [0.064, 0.032, 0.006, 0.128, 0.0, 0.096, 0.144, 0.05];
        let exps = [1.117, 1.004, 0.5, 1.117, 1.018, 2.0, 0.648, 1.454];
        let ones = [1.0; 8];
        for (exps, vote) in [(&ones, VoteDistance::Linear), (&exps, VoteDistance::VoterRisk)] {
            let per_pair =
                Support::new(&positions, &weights, exps, 9.0, Probability::PerPair, vote);
            let global = Support::new(&positions, &weights, exps, 9.0, Probability::Global, vote);
            for i in 0..8 {
                for j in 0..8 {
                    if positions[i] == positions[j] {
                        assert_eq!(per_pair.pair(i, j, positions[i], positions[j]), (0.0, 0.0));
                        continue;
                    }
                    let (sup_i, sup_j, total) = naive(&positions, &weights, exps, 9.0, i, j);
                    let (p_ij, p_ji) = per_pair.pair(i, j, positions[i], positions[j]);
                    assert!((p_ij - sup_i / (sup_i + sup_j)).abs() < 1e-12, "{vote:?} {i} {j}");
                    assert!((p_ij + p_ji - 1.0).abs() < 1e-12);
                    let (g_ij, g_ji) = global.pair(i, j, positions[i], positions[j]);
                    assert!(
                        (g_ij - sup_i / total).abs() < 1e-12,
                        "{vote:?} {i} {j}: {g_ij} vs {}",
                        sup_i / total
                    );
                    assert!((g_ji - sup_j / total).abs() < 1e-12);
                }
            }
        }
    }
}
