//! The probability P_ij that i beats j, from third-party support (Scholz eqs. 30–31).
//!
//! Support for i over j from voter k is w_k·Δ_k when positive, with w_k = c_k s_k and
//! Δ_k = u_k(x_i) − u_k(x_j). Summed naively over k for each of the n² ordered pairs
//! this costs O(n³) per round. Three exact shortcuts bring it down:
//!
//! * With linear votes, Δ_k is piecewise linear in x_k for a fixed pair lo < hi: it is
//!   +D left of lo, −D right of hi, and lo + hi − 2x_k in between (D = hi − lo). With
//!   the voters sorted by position and prefix sums of w and w·x, both sides' support
//!   is O(log n) per pair; sweeping the partner along the sorted order moves every
//!   split point monotonically, so the whole matrix is O(n²).
//! * The published program's global denominator Σ_k Σ_a Σ_b w_k |y_ka − y_kb| needs,
//!   for each voter k, the sum of all pairwise differences of y_ka, which are monotone
//!   in |x_k − x_a|. Merging the two sorted runs of distances left and right of x_k
//!   gives them in order in O(n), and Σ_{a,b} |y_a − y_b| = 2 Σ_t y_(t) (2t − n + 1),
//!   so the whole denominator is O(n²) instead of O(n³).
//! * Votes raised to each voter's own exponent r_k (the published program) are not
//!   piecewise linear, but they are still monotone in the distance, so for a pair p < q
//!   every voter left of the midpoint backs p and every voter right of it backs q. With
//!   one prefix-sum row Σ_{k<t} w_k y_k(p) per distinct position p (O(n·m) powers, m
//!   distinct positions), each side's support is a difference of two prefix sums.
//!
//! So every variant costs O(n²) per round, plus O(n² log n) comparisons for the
//! binary searches of the powered variant.

use super::config::{Probability, VoteDistance};

/// Precomputed support tables for one set of positions, weights and exponents.
pub(crate) struct Support {
    kind: Kind,
    /// `None` under the per-pair normalisation; the global denominator otherwise.
    global: Option<f64>,
    /// Actor indices sorted by position (ties in index order): the rank order.
    order: Vec<usize>,
    /// For ranks a < b, `dense[triangle(n, a, b)]` = (P_ij, P_ji) with i = order[a] and
    /// j = order[b], when n² is small enough. Both values sit side by side and the
    /// rounds visit the pairs row by row in rank order, so memory is read in order.
    dense: Option<Vec<(f64, f64)>>,
    n: usize,
}

enum Kind {
    /// Linear votes: voters sorted by position with prefix sums.
    Linear { xs: Vec<f64>, w: Vec<f64>, wx: Vec<f64> },
    /// Votes with each voter's exponent.
    Powered {
        /// Sorted distinct positions.
        distinct: Vec<f64>,
        /// Index into `distinct` of every actor.
        slot: Vec<usize>,
        /// The voters' positions in sorted order.
        sorted: Vec<f64>,
        /// `prefix[p * (n + 1) + t]` = Σ_{k < t} w_k (|x_k − distinct_p| / R)^{r_k} over
        /// the voters in sorted order, when n·m is small enough to tabulate; otherwise
        /// each pair is summed from `voters`.
        prefix: Option<Vec<f64>>,
        /// Positions, exponents and range of the voters, for the untabulated case.
        voters: Voters,
        weights: Vec<f64>,
    },
}

/// Largest number of table entries (distinct positions × voters, or distinct²) built.
const MAX_TABLE: usize = 1 << 22;

/// Largest number of actor pairs whose P is stored densely (16 bytes each).
const MAX_DENSE: usize = 1 << 20;

/// Index of the rank pair a < b in a row-major upper triangle without its diagonal.
fn triangle(n: usize, a: usize, b: usize) -> usize {
    a * n - a * (a + 1) / 2 + (b - a - 1)
}

/// What the powered utilities are computed from.
struct Voters {
    positions: Vec<f64>,
    exps: Vec<f64>,
    range: f64,
}

impl Voters {
    /// The utilities (|x_k − p| / R)^{r_k} of every voter for position p.
    fn utilities(&self, p: f64) -> Vec<f64> {
        self.positions
            .iter()
            .zip(&self.exps)
            .map(|(&x, &r)| powered_distance(x, p, r, self.range))
            .collect()
    }
}

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
        let n = positions.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| positions[a].total_cmp(&positions[b]));
        let mut support = Support { kind, global, order, dense: None, n };
        if n.saturating_mul(n) <= MAX_DENSE {
            support.dense = Some(support.dense_matrix(positions));
        }
        support
    }

    /// Actor indices sorted by position; the rounds visit dyads in this order.
    pub(crate) fn order(&self) -> &[usize] {
        &self.order
    }

    /// (P_ij, P_ji) for the actors of ranks `a` < `b` in [`Support::order`], i.e.
    /// i = order[a] and j = order[b], at positions `xi` and `xj`.
    pub(crate) fn ranked_pair(&self, a: usize, b: usize, xi: f64, xj: f64) -> (f64, f64) {
        match &self.dense {
            Some(dense) => dense[triangle(self.n, a, b)],
            None => self.compute_pair(self.order[a], self.order[b], xi, xj),
        }
    }

    /// (P_ij, P_ji) for actors `i` and `j` at positions `xi` and `xj`.
    #[cfg(test)]
    pub(crate) fn pair(&self, i: usize, j: usize, xi: f64, xj: f64) -> (f64, f64) {
        let rank = |actor: usize| self.order.iter().position(|&k| k == actor).unwrap_or(0);
        let (a, b) = (rank(i), rank(j));
        match a.cmp(&b) {
            std::cmp::Ordering::Equal => (0.0, 0.0),
            std::cmp::Ordering::Less => self.ranked_pair(a, b, xi, xj),
            std::cmp::Ordering::Greater => {
                let (p_ji, p_ij) = self.ranked_pair(b, a, xj, xi);
                (p_ij, p_ji)
            }
        }
    }

    /// All P_ij at once, in rank order. With linear votes a sweep over the sorted voters
    /// moves the three split points monotonically, so the matrix costs O(n²) in total.
    /// The values are bit-identical to [`Support::compute_pair`]: same split points,
    /// same arithmetic.
    fn dense_matrix(&self, positions: &[f64]) -> Vec<(f64, f64)> {
        let n = positions.len();
        let mut dense = Vec::with_capacity(n * n.saturating_sub(1) / 2);
        match &self.kind {
            Kind::Linear { xs, w, wx } => {
                for a in 0..n {
                    let lo = xs[a];
                    let left_end = xs.partition_point(|&x| x <= lo);
                    // Partners at the same position: P = 0 both ways (§4).
                    dense.extend(std::iter::repeat_n((0.0, 0.0), left_end - a - 1));
                    let (mut below_mid, mut above_mid, mut right_start) =
                        (left_end, left_end, left_end);
                    for &hi in &xs[left_end..] {
                        let mid = 0.5 * (lo + hi);
                        while below_mid < n && xs[below_mid] < mid {
                            below_mid += 1;
                        }
                        above_mid = above_mid.max(below_mid);
                        while above_mid < n && xs[above_mid] <= mid {
                            above_mid += 1;
                        }
                        right_start = right_start.max(above_mid);
                        while right_start < n && xs[right_start] < hi {
                            right_start += 1;
                        }
                        let parts = Parts { left_end, below_mid, above_mid, right_start };
                        let (sup_lo, sup_hi) = linear_parts(w, wx, lo, hi, parts);
                        dense.push(self.normalise(sup_lo, sup_hi));
                    }
                }
            }
            Kind::Powered { .. } => {
                for a in 0..n {
                    let i = self.order[a];
                    for &j in &self.order[a + 1..] {
                        dense.push(self.compute_pair(i, j, positions[i], positions[j]));
                    }
                }
            }
        }
        dense
    }

    /// (P_ij, P_ji) computed for one pair, without the dense matrix.
    fn compute_pair(&self, i: usize, j: usize, xi: f64, xj: f64) -> (f64, f64) {
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
            Kind::Powered { distinct, slot, sorted, prefix, weights, voters } => {
                let (p, q) = (slot.get(i).copied().unwrap_or(0), slot.get(j).copied().unwrap_or(0));
                match prefix {
                    Some(prefix) => prefix_support(prefix, sorted, distinct, p, q),
                    None => {
                        let mut both = voters.utilities(distinct[p]);
                        both.extend(voters.utilities(distinct[q]));
                        powered_pair(&both, weights, 0, 1)
                    }
                }
            }
        };
        self.normalise(sup_i, sup_j)
    }

    /// Turns the two sides' support into (P_ij, P_ji).
    fn normalise(&self, sup_i: f64, sup_j: f64) -> (f64, f64) {
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

/// Where the voters sorted by position split for a pair lo < hi: `..left_end` are at or
/// left of lo, `left_end..below_mid` strictly between lo and the midpoint,
/// `above_mid..right_start` strictly between the midpoint and hi, and `right_start..`
/// at or right of hi. Voters exactly at the midpoint are neutral.
#[derive(Clone, Copy)]
struct Parts {
    left_end: usize,
    below_mid: usize,
    above_mid: usize,
    right_start: usize,
}

/// The support for `lo` and for `hi` (lo < hi) from all voters, with linear votes.
fn linear_support(xs: &[f64], w: &[f64], wx: &[f64], lo: f64, hi: f64) -> (f64, f64) {
    let mid = 0.5 * (lo + hi);
    let left_end = xs.partition_point(|&x| x <= lo);
    let below_mid = xs.partition_point(|&x| x < mid).max(left_end);
    let above_mid = xs.partition_point(|&x| x <= mid).max(below_mid);
    let right_start = xs.partition_point(|&x| x < hi).max(above_mid);
    linear_parts(w, wx, lo, hi, Parts { left_end, below_mid, above_mid, right_start })
}

/// [`linear_support`] once the split points are known.
fn linear_parts(w: &[f64], wx: &[f64], lo: f64, hi: f64, parts: Parts) -> (f64, f64) {
    let n = w.len() - 1;
    let d = hi - lo;
    let mid = 0.5 * (lo + hi);
    let sum = |a: usize, b: usize| (w[b] - w[a], wx[b] - wx[a]);
    let (w_left, _) = sum(0, parts.left_end);
    let (w_right, _) = sum(parts.right_start, n);
    let (w_b1, wx_b1) = sum(parts.left_end, parts.below_mid);
    let (w_b2, wx_b2) = sum(parts.above_mid, parts.right_start);
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
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| positions[a].total_cmp(&positions[b]));
    let sorted: Vec<f64> = order.iter().map(|&k| positions[k]).collect();
    let voters = Voters { positions: positions.to_vec(), exps: exps.to_vec(), range };
    // The prefix table is a cache: without it (very large issues) every pair is summed
    // over the voters, which gives the same numbers up to rounding.
    let prefix = match (n + 1).saturating_mul(m) <= MAX_TABLE {
        true => {
            let mut prefix = Vec::with_capacity((n + 1) * m);
            for &p in &distinct {
                let mut acc = 0.0;
                prefix.push(acc);
                for &k in &order {
                    acc += weights[k] * powered_distance(positions[k], p, exps[k], range);
                    prefix.push(acc);
                }
            }
            Some(prefix)
        }
        false => None,
    };
    Kind::Powered { distinct, slot, sorted, prefix, weights: weights.to_vec(), voters }
}

/// The support for distinct positions p and q from the prefix table, in O(log n).
///
/// A voter's powered utility is monotone in its distance, so voters on p's side of the
/// midpoint back p and those on q's side back q, and no max(0, ·) is needed: each
/// side's support is a difference of two prefix sums (voters at the midpoint are
/// neutral). The clamp removes the rounding of that difference.
fn prefix_support(
    prefix: &[f64],
    sorted: &[f64],
    distinct: &[f64],
    p: usize,
    q: usize,
) -> (f64, f64) {
    let n = sorted.len();
    let row = |d: usize| &prefix[d * (n + 1)..(d + 1) * (n + 1)];
    let (xp, xq) = (distinct[p], distinct[q]);
    let mid = 0.5 * (xp + xq);
    let below = sorted.partition_point(|&x| x < mid);
    let above = sorted.partition_point(|&x| x <= mid);
    // Voters left of the midpoint back the lower position; those right of it the upper.
    let (low, high) = match xp < xq {
        true => (p, q),
        false => (q, p),
    };
    let (lo_row, hi_row) = (row(low), row(high));
    let for_low = (hi_row[below] - lo_row[below]).max(0.0);
    let for_high = ((lo_row[n] - lo_row[above]) - (hi_row[n] - hi_row[above])).max(0.0);
    match xp < xq {
        true => (for_low, for_high),
        false => (for_high, for_low),
    }
}

/// The support for distinct position p over q, Σ_k w_k max(0, y_k(q) − y_k(p)), and
/// for q over p, in one pass over the voters.
///
/// Four independent accumulators let the compiler use vector instructions (one running
/// f64 sum cannot be reordered); their order is fixed, so results stay deterministic.
fn powered_pair(utility: &[f64], weights: &[f64], p: usize, q: usize) -> (f64, f64) {
    let n = weights.len();
    let (yp, yq) = (&utility[p * n..(p + 1) * n], &utility[q * n..(q + 1) * n]);
    let mut for_p = [0.0; 4];
    let mut for_q = [0.0; 4];
    let lanes = n / 4 * 4;
    for ((w, a), b) in
        weights[..lanes].chunks_exact(4).zip(yp.chunks_exact(4)).zip(yq.chunks_exact(4))
    {
        for lane in 0..4 {
            let delta = b[lane] - a[lane];
            for_p[lane] += w[lane] * delta.max(0.0);
            for_q[lane] += w[lane] * (-delta).max(0.0);
        }
    }
    let (mut tail_p, mut tail_q) = (0.0, 0.0);
    for k in lanes..n {
        let delta = yq[k] - yp[k];
        tail_p += weights[k] * delta.max(0.0);
        tail_q += weights[k] * (-delta).max(0.0);
    }
    (
        (for_p[0] + for_p[1]) + (for_p[2] + for_p[3]) + tail_p,
        (for_q[0] + for_q[1]) + (for_q[2] + for_q[3]) + tail_q,
    )
}

/// (|x − p| / R)^r, the published program's "distance utility" of a voter at x.
fn powered_distance(x: f64, p: f64, r: f64, range: f64) -> f64 {
    ((x - p).abs() / range).powf(r)
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
            // The same support with every cache dropped, as for a very large issue.
            let mut uncached =
                Support::new(&positions, &weights, exps, 9.0, Probability::Global, vote);
            uncached.dense = None;
            if let Kind::Powered { prefix, .. } = &mut uncached.kind {
                *prefix = None;
            }
            for i in 0..8 {
                for j in 0..8 {
                    if positions[i] == positions[j] {
                        assert_eq!(per_pair.pair(i, j, positions[i], positions[j]), (0.0, 0.0));
                        continue;
                    }
                    let (sup_i, sup_j, total) = naive(&positions, &weights, exps, 9.0, i, j);
                    let (p_ij, p_ji) = per_pair.pair(i, j, positions[i], positions[j]);
                    // The dense sweep and the one-pair path must agree bit for bit.
                    assert_eq!(
                        (p_ij, p_ji),
                        per_pair.compute_pair(i, j, positions[i], positions[j])
                    );
                    assert!(per_pair.dense.is_some());
                    assert!((p_ij - sup_i / (sup_i + sup_j)).abs() < 1e-12, "{vote:?} {i} {j}");
                    assert!((p_ij + p_ji - 1.0).abs() < 1e-12);
                    let (g_ij, g_ji) = global.pair(i, j, positions[i], positions[j]);
                    let (u_ij, u_ji) = uncached.pair(i, j, positions[i], positions[j]);
                    assert!((g_ij - u_ij).abs() < 1e-12 && (g_ji - u_ji).abs() < 1e-12);
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
