//! Votes, victory probabilities and the Probabilistic Condorcet Election (PCE).
//!
//! These are the building blocks KTAB uses in three places: risk inference over all
//! actors' positions, the state's outcome distribution over distinct positions, and
//! each actor's choice among the bargains in its queue (MODEL.md §3.2–3.4, §3.9).

use super::parallel;
use super::{PceModel, VictoryProb, VotingRule};

/// Strength every coalition starts with, so that probabilities are defined when
/// nobody votes for either side (MODEL.md §3.3).
pub(crate) const COALITION_FLOOR: f64 = 1e-8;

/// Iteration cap for the Markov solvers. KTAB loops "until converged" with no cap
/// (MODEL.md, known defect 8); we stop after this many steps and keep the last vector.
const MARKOV_MAX_STEPS: usize = 100_000;

/// The vote of an actor with weight `w` between two options whose utilities differ by
/// `delta` = u(a) − u(b). Positive votes favour a.
pub(crate) fn vote(rule: VotingRule, w: f64, delta: f64) -> f64 {
    match rule {
        VotingRule::Binary => w * binary_vote(delta),
        VotingRule::PropBin => w * (0.8 * delta + 0.2 * binary_vote(delta)),
        VotingRule::Prop => w * delta,
        VotingRule::PropCbc => w * (delta + delta * delta * delta) / 2.0,
        VotingRule::Cubic => w * delta * delta * delta,
        VotingRule::ASymProsp => match delta < 0.0 {
            true => w * delta,
            false => w * delta * 2.0 / 3.0,
        },
    }
}

fn binary_vote(delta: f64) -> f64 {
    (delta / 1e-8).clamp(-1.0, 1.0)
}

/// P(a ≻ b) from the two coalition strengths (MODEL.md §3.3).
pub(crate) fn victory(model: VictoryProb, c_ab: f64, c_ba: f64) -> f64 {
    let power = |m: i32| {
        let a = c_ab.powi(m);
        let b = c_ba.powi(m);
        a / (a + b)
    };
    match model {
        VictoryProb::Linear => c_ab / (c_ab + c_ba),
        VictoryProb::Square => power(2),
        VictoryProb::Quartic => power(4),
        VictoryProb::Octic => power(8),
        VictoryProb::Binary => {
            // A 10 % advantage over the weaker coalition wins outright; inside that band
            // the probability moves linearly from ½. Symmetric by construction.
            let advantage = (c_ab - c_ba) / c_ab.min(c_ba);
            (0.5 + advantage / 0.2).clamp(0.0, 1.0)
        }
    }
}

/// Settings of one election.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rules {
    pub(crate) voting: VotingRule,
    pub(crate) victory: VictoryProb,
    pub(crate) pce: PceModel,
    /// Threads for the pairwise coalition matrix (0: all cores).
    pub(crate) threads: usize,
}

/// Runs a PCE over `n_options` options.
///
/// `utility(option)` must return the slice of every voter's utility for that option
/// (voter order matching `weights`). Returns one probability per option, summing to 1.
pub(crate) fn pce<'a>(
    n_options: usize,
    utility: impl Fn(usize) -> &'a [f64] + Sync,
    weights: &[f64],
    rules: Rules,
) -> Vec<f64> {
    match n_options {
        0 => return Vec::new(),
        1 => return vec![1.0],
        _ => {}
    }
    let coalitions = coalitions(n_options, &utility, weights, rules.voting, rules.threads);
    from_coalitions(coalitions, n_options, rules)
}

/// A PCE over `m` options from their coalition matrix C (row-major `m × m`).
pub(crate) fn from_coalitions(coalitions: Vec<f64>, m: usize, rules: Rules) -> Vec<f64> {
    match m {
        0 => return Vec::new(),
        1 => return vec![1.0],
        _ => {}
    }
    let mut prob = vec![0.5; m * m];
    for a in 0..m {
        for b in (a + 1)..m {
            let p = victory(rules.victory, coalitions[a * m + b], coalitions[b * m + a]);
            prob[a * m + b] = p;
            prob[b * m + a] = 1.0 - p;
        }
    }
    match rules.pce {
        PceModel::Conditional => conditional(&prob, m),
        PceModel::MarkovUniform => markov_uniform(&prob, m),
        PceModel::MarkovIncentive => markov_incentive(&prob, &coalitions, m),
    }
}

/// C(a,b) = 10⁻⁸ + Σ_k max(0, v_k(a:b)) for every ordered pair, row-major `m × m`.
fn coalitions<'a>(
    m: usize,
    utility: &(impl Fn(usize) -> &'a [f64] + Sync),
    weights: &[f64],
    rule: VotingRule,
    threads: usize,
) -> Vec<f64> {
    // Dispatch on the rule once, outside the O(m²·N) loop, so the inner loop is a
    // plain closure the compiler can inline and vectorise.
    match rule {
        VotingRule::Prop => coalitions_with(m, utility, weights, threads, |w, d| w * d),
        other => coalitions_with(m, utility, weights, threads, move |w, d| vote(other, w, d)),
    }
}

fn coalitions_with<'a>(
    m: usize,
    utility: &(impl Fn(usize) -> &'a [f64] + Sync),
    weights: &[f64],
    threads: usize,
    vote_fn: impl Fn(f64, f64) -> f64 + Copy + Sync,
) -> Vec<f64> {
    let rows = parallel::map(m, threads, |a| {
        let ua = utility(a);
        ((a + 1)..m).map(|b| pair(ua, utility(b), weights, vote_fn)).collect::<Vec<_>>()
    });
    let mut c = vec![0.0; m * m];
    for (a, row) in rows.into_iter().enumerate() {
        for (offset, (for_a, for_b)) in row.into_iter().enumerate() {
            let b = a + 1 + offset;
            c[a * m + b] = COALITION_FLOOR + for_a;
            c[b * m + a] = COALITION_FLOOR + for_b;
        }
    }
    c
}

/// Lanes of independent partial sums, so the voter loop vectorises.
const LANES: usize = 4;

/// Σ_k max(0, v_k(a:b)) and Σ_k max(0, v_k(b:a)) in one pass: votes are odd in the
/// utility difference for every rule.
#[inline(always)]
fn pair(ua: &[f64], ub: &[f64], weights: &[f64], vote_fn: impl Fn(f64, f64) -> f64) -> (f64, f64) {
    let mut for_a = [0.0; LANES];
    let mut for_b = [0.0; LANES];
    let chunks =
        weights.chunks_exact(LANES).zip(ua.chunks_exact(LANES)).zip(ub.chunks_exact(LANES));
    for ((w, x), y) in chunks {
        for lane in 0..LANES {
            let v = vote_fn(w[lane], x[lane] - y[lane]);
            for_a[lane] += v.max(0.0);
            for_b[lane] -= v.min(0.0);
        }
    }
    let tail = weights.len() - weights.len() % LANES;
    for k in tail..weights.len().min(ua.len()).min(ub.len()) {
        let v = vote_fn(weights[k], ua[k] - ub[k]);
        for_a[0] += v.max(0.0);
        for_b[0] -= v.min(0.0);
    }
    ((for_a[0] + for_a[1]) + (for_a[2] + for_a[3]), (for_b[0] + for_b[1]) + (for_b[2] + for_b[3]))
}

/// p_a ∝ Π_b P(a ≻ b), including the ½ self-term, computed in logs so that hundreds of
/// factors below 1 do not underflow.
fn conditional(prob: &[f64], m: usize) -> Vec<f64> {
    let logs: Vec<f64> =
        (0..m).map(|a| prob[a * m..(a + 1) * m].iter().map(|p| p.ln()).sum()).collect();
    let max = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    match max.is_finite() {
        true => normalise(logs.iter().map(|l| (l - max).exp()).collect()),
        // Every option loses some pairing with certainty (only possible under the Binary
        // victory model): fall back to the uniform distribution rather than 0/0.
        false => vec![1.0 / m as f64; m],
    }
}

fn markov_uniform(prob: &[f64], m: usize) -> Vec<f64> {
    let mut p = vec![1.0 / m as f64; m];
    for _ in 0..MARKOV_MAX_STEPS {
        let next: Vec<f64> = (0..m)
            .map(|a| (0..m).map(|b| prob[a * m + b] * (p[a] + p[b])).sum::<f64>() / m as f64)
            .collect();
        let next = normalise(next.iter().zip(&p).map(|(n, o)| (n + o) / 2.0).collect());
        let change = next.iter().zip(&p).map(|(n, o)| (n - o).abs()).fold(0.0, f64::max);
        p = next;
        if change < 1e-6 {
            break;
        }
    }
    p
}

fn markov_incentive(prob: &[f64], coalitions: &[f64], m: usize) -> Vec<f64> {
    // pi[a * m + b] = probability that a is the challenger when b is the incumbent.
    let mut pi = vec![0.0; m * m];
    for b in 0..m {
        let total: f64 = (0..m).map(|k| coalitions[k * m + b] * prob[k * m + b]).sum();
        for a in 0..m {
            pi[a * m + b] = coalitions[a * m + b] * prob[a * m + b] / total;
        }
    }
    let mut p = vec![1.0 / m as f64; m];
    for _ in 0..MARKOV_MAX_STEPS {
        let next: Vec<f64> = (0..m)
            .map(|a| {
                (0..m)
                    .map(|b| prob[a * m + b] * (p[a] * pi[b * m + a] + p[b] * pi[a * m + b]))
                    .sum::<f64>()
            })
            .collect();
        let next = normalise(next.iter().zip(&p).map(|(n, o)| (n + o) / 2.0).collect());
        let change = next.iter().zip(&p).map(|(n, o)| (n - o).abs()).fold(0.0, f64::max);
        p = next;
        if change < 1e-8 {
            break;
        }
    }
    p
}

fn normalise(mut v: Vec<f64>) -> Vec<f64> {
    let total: f64 = v.iter().sum();
    match total > 0.0 && total.is_finite() {
        true => v.iter_mut().for_each(|x| *x /= total),
        false => {
            let n = v.len() as f64;
            v.iter_mut().for_each(|x| *x = 1.0 / n);
        }
    }
    v
}

/// Index of the largest value; the first one wins ties.
pub(crate) fn argmax(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: Rules = Rules {
        voting: VotingRule::Prop,
        victory: VictoryProb::Linear,
        pce: PceModel::Conditional,
        threads: 1,
    };

    #[test]
    fn votes_follow_the_rule_table() {
        assert_eq!(vote(VotingRule::Prop, 2.0, 0.25), 0.5);
        assert_eq!(vote(VotingRule::Binary, 2.0, 0.25), 2.0);
        assert_eq!(vote(VotingRule::Cubic, 2.0, 0.5), 0.25);
        assert_eq!(vote(VotingRule::ASymProsp, 3.0, 0.5), 1.0);
        assert_eq!(vote(VotingRule::ASymProsp, 3.0, -0.5), -1.5);
        assert!((vote(VotingRule::PropBin, 1.0, 0.5) - 0.6).abs() < 1e-12);
    }

    #[test]
    fn binary_victory_is_decided_by_a_ten_percent_advantage() {
        assert_eq!(victory(VictoryProb::Binary, 1.1, 1.0), 1.0);
        assert_eq!(victory(VictoryProb::Binary, 1.0, 1.0), 0.5);
        assert!((victory(VictoryProb::Binary, 1.05, 1.0) - 0.75).abs() < 1e-9);
        assert!((victory(VictoryProb::Square, 2.0, 1.0) - 0.8).abs() < 1e-12);
    }

    #[test]
    fn pce_prefers_the_option_the_heavy_voter_likes() {
        // Two voters; voter 0 (weight 3) prefers option 0, voter 1 (weight 1) option 1.
        let util = [[1.0, 0.0], [0.0, 1.0]];
        for pce_model in [PceModel::Conditional, PceModel::MarkovUniform, PceModel::MarkovIncentive]
        {
            let rules = Rules { pce: pce_model, ..DEFAULT };
            let p = pce(2, |o| &util[o][..], &[3.0, 1.0], rules);
            assert!(p[0] > p[1], "{pce_model:?}: {p:?}");
            assert!((p[0] + p[1] - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn pce_of_identical_options_is_uniform() {
        let util = [[0.5, 0.5, 0.5]; 3];
        let p = pce(3, |o| &util[o][..], &[1.0, 1.0, 1.0], DEFAULT);
        assert!(p.iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-12), "{p:?}");
    }
}
