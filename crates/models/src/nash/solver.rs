//! The multiplier method of war-model §5: separable per-issue optima for given
//! multipliers, one-dimensional searches in ln ν that stop on the terms, the segment
//! move when ν's resolution runs out, and an outer search over the guarantee strength Λ
//! for the commitment term.
//!
//! Everything here assumes a validated [`Problem`] (lengths and ranges checked).

use super::{power, Outcome, Player, Point, Problem, Proposal};

/// Stop a multiplier search when the term vectors at the two ends of its bracket differ
/// by less than this on every issue (points on 0–100).
pub(super) const TERM_TOL: f64 = 1e-7;
/// Multipliers are searched in ln ν over `[−LN_RANGE, LN_RANGE]`: wide enough for any
/// ratio of normalised weights and of gains down to the acceptance tolerance.
const LN_RANGE: f64 = 60.0;
/// Stop a bisection in ln ν when its bracket is narrower than this.
const LN_RESOLUTION: f64 = 1e-11;
/// Points scanned over Λ before the golden-section search (the objective in Λ is not
/// concave, so the scan is what finds the right basin).
const LAMBDA_SCAN: usize = 16;
/// Golden-section iterations over Λ after the scan.
const LAMBDA_GOLDEN: usize = 40;
/// Cycles of the coordinate searches used for four or more veto players.
const MAX_CYCLES: usize = 200;

/// What a search maximises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Objective {
    /// `Σ b_i ln g_i`.
    Nash,
    /// `min_i g_i`.
    MaxMin,
}

/// The problem with the commitment factor frozen: player i's gain is
/// `g_i(x) = scale_i · (u_i(x) − d_eff_i)` and the per-issue optimum may carry a linear
/// reward `eta · λ_k x_k / 100` for the guarantee strength.
struct Inner<'a> {
    players: &'a [Player],
    lo: Vec<f64>,
    hi: Vec<f64>,
    scale: Vec<f64>,
    d_eff: Vec<f64>,
    lambda: Option<&'a [f64]>,
}

/// Scratch space for one per-issue optimum, reused so the hot loop does not allocate.
struct Scratch {
    coef: Vec<f64>,
    breaks: Vec<f64>,
}

pub(super) fn solve(problem: &Problem) -> Outcome {
    let d: Vec<f64> = problem.players.iter().map(|p| p.disagreement).collect();
    solve_with(problem, &d)
}

pub(super) fn propose(problem: &Problem, mediator_d: &[f64]) -> Proposal {
    let own = solve(problem);
    let tabled = match own {
        Outcome::Deal { nash, .. } => return Proposal::Deal { terms: nash.terms },
        Outcome::BoxEmpty { .. } => {
            let refusing = disjoint_players(problem);
            return Proposal::BoxEmpty { blamed: refusing.clone(), refusing };
        }
        Outcome::NoGainForAll { .. } => match solve_with(problem, mediator_d) {
            Outcome::Deal { nash, .. } => nash.terms,
            Outcome::NoGainForAll { max_min } => max_min.terms,
            // The box does not depend on d, so this cannot happen; table the box's
            // lower corner rather than panic.
            Outcome::BoxEmpty { .. } => problem.red_line_box().iter().map(|b| b.0).collect(),
        },
    };
    let mut refusing = Vec::new();
    let mut worst = f64::NEG_INFINITY;
    for (i, p) in problem.players.iter().enumerate() {
        let value = p.value(&tabled);
        if !(value >= p.disagreement + problem.eps) {
            refusing.push(i);
            worst = worst.max(p.disagreement - value);
        }
    }
    if refusing.is_empty() {
        // F's test and the refusal test use the same U, d and ε, so this happens only
        // when the max–min search fell short of a point of F by rounding: the tabled
        // terms are then acceptable to all, and are signed.
        return Proposal::Deal { terms: tabled };
    }
    let blamed = refusing
        .iter()
        .copied()
        .filter(|&i| {
            let p = &problem.players[i];
            p.disagreement - p.value(&tabled) >= worst
        })
        .collect();
    Proposal::Refused { tabled, refusing, blamed }
}

/// Players whose acceptable interval on some issue is disjoint from another player's.
fn disjoint_players(problem: &Problem) -> Vec<usize> {
    let players = &problem.players;
    (0..players.len())
        .filter(|&i| {
            (0..problem.n_issues()).any(|k| {
                let (lo_i, hi_i) = players[i].acceptable[k];
                players.iter().enumerate().any(|(j, other)| {
                    let (lo_j, hi_j) = other.acceptable[k];
                    j != i && (lo_i > hi_j || lo_j > hi_i)
                })
            })
        })
        .collect()
}

/// [`solve`] with the disagreement values `d` in place of the players' own.
fn solve_with(problem: &Problem, d: &[f64]) -> Outcome {
    let bounds = problem.red_line_box();
    let empty: Vec<usize> = (0..bounds.len()).filter(|&k| bounds[k].0 > bounds[k].1).collect();
    if !empty.is_empty() {
        return Outcome::BoxEmpty { issues: empty };
    }
    let max_min = search(problem, d, &bounds, Objective::MaxMin);
    let mut feasible = min_gain(&max_min.gains) >= problem.eps;
    let mut best = match feasible {
        true => Some(max_min.clone()),
        false => None,
    };
    // For three or more players the max–min search is not exact, so the Nash search
    // runs even when it reports F empty: any point it finds in F proves F non-empty.
    if feasible || problem.players.len() >= 3 {
        let nash = search(problem, d, &bounds, Objective::Nash);
        if min_gain(&nash.gains) >= problem.eps {
            feasible = true;
            let better = match &best {
                None => true,
                Some(b) => nash_value(problem, &nash.gains) >= nash_value(problem, &b.gains),
            };
            if better {
                best = Some(nash);
            }
        }
    }
    match (feasible, best) {
        (true, Some(nash)) => Outcome::Deal { nash, max_min },
        _ => Outcome::NoGainForAll { max_min },
    }
}

/// Gains `U_i(x) − d_i` with the true commitment term.
fn true_gains(problem: &Problem, d: &[f64], terms: &[f64]) -> Vec<f64> {
    problem.players.iter().zip(d).map(|(p, &d)| p.value_with(terms, d) - d).collect()
}

fn min_gain(gains: &[f64]) -> f64 {
    gains.iter().copied().fold(f64::INFINITY, f64::min)
}

/// `Σ b_i ln g_i`, −∞ when a gain is not positive (no log of a non-positive number).
pub(super) fn nash_value(problem: &Problem, gains: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (p, &g) in problem.players.iter().zip(gains) {
        if !(g > 0.0) {
            return f64::NEG_INFINITY;
        }
        sum += p.bargaining_weight * g.ln();
    }
    sum
}

fn objective_value(problem: &Problem, objective: Objective, gains: &[f64]) -> f64 {
    match objective {
        Objective::Nash => nash_value(problem, gains),
        Objective::MaxMin => min_gain(gains),
    }
}

/// The best point for `objective`, with the commitment term's outer search over Λ when
/// a player has one that the box lets vary.
fn search(problem: &Problem, d: &[f64], bounds: &[(f64, f64)], objective: Objective) -> Point {
    let n = problem.players.len();
    let base = Inner {
        players: &problem.players,
        lo: bounds.iter().map(|b| b.0).collect(),
        hi: bounds.iter().map(|b| b.1).collect(),
        scale: vec![1.0; n],
        d_eff: d.to_vec(),
        lambda: None,
    };
    let committed = problem.players.iter().position(|p| p.commitment.is_some());
    let (j, commitment) = match committed {
        None => {
            let terms = base.solve(objective);
            return point(problem, d, terms);
        }
        Some(j) => match &problem.players[j].commitment {
            Some(c) => (j, c),
            None => return point(problem, d, base.solve(objective)),
        },
    };
    let strength_at = |pick: fn(&(f64, f64)) -> f64| -> f64 {
        commitment.lambda.iter().zip(bounds).map(|(l, b)| l * pick(b) / 100.0).sum()
    };
    let (s_min, s_max) = (strength_at(|b| b.0), strength_at(|b| b.1));
    // The frozen problem at guarantee strength `s`: ω fixed, so player j's gain is
    // `(1 − ω)(u_j − d_j − ωπ/(1 − ω))`, and the terms are held to Λ(x) = s.
    let solve_at = |s: f64, pin: bool| -> Option<Point> {
        let omega = commitment.war_resumes_at(s);
        let keep = 1.0 - omega;
        if !(keep > 0.0) {
            return None;
        }
        let mut inner = Inner { lambda: Some(&commitment.lambda), ..base.clone_shallow() };
        inner.scale[j] = keep;
        inner.d_eff[j] = d[j] + omega * commitment.penalty / keep;
        let terms = match pin {
            true => inner.solve_pinned(objective, j, s),
            false => inner.solve(objective),
        };
        Some(point(problem, d, terms))
    };
    if !(s_max - s_min > 1e-12) {
        // Λ cannot vary inside the box: ω is a constant.
        return solve_at(s_min, false).unwrap_or_else(|| point(problem, d, base.solve(objective)));
    }
    let score = |p: &Option<Point>| match p {
        Some(p) => objective_value(problem, objective, &p.gains),
        None => f64::NEG_INFINITY,
    };
    let mut best: Option<Point> = None;
    let mut best_score = f64::NEG_INFINITY;
    let mut best_idx = 0;
    let step = (s_max - s_min) / LAMBDA_SCAN as f64;
    for idx in 0..=LAMBDA_SCAN {
        let s = match idx == LAMBDA_SCAN {
            true => s_max,
            false => s_min + step * idx as f64,
        };
        let p = solve_at(s, true);
        let v = score(&p);
        if v > best_score || best.is_none() {
            best_score = v;
            best = p;
            best_idx = idx;
        }
    }
    // Golden section on the two scan cells around the best scan point.
    let mut a = s_min + step * (best_idx.saturating_sub(1)) as f64;
    let mut b = (s_min + step * (best_idx + 1) as f64).min(s_max);
    let ratio = 0.5 * (5.0_f64.sqrt() - 1.0);
    let mut c = b - ratio * (b - a);
    let mut e = a + ratio * (b - a);
    let (mut pc, mut pe) = (solve_at(c, true), solve_at(e, true));
    let (mut vc, mut ve) = (score(&pc), score(&pe));
    for _ in 0..LAMBDA_GOLDEN {
        if vc >= ve {
            b = e;
            e = c;
            pe = pc;
            ve = vc;
            c = b - ratio * (b - a);
            pc = solve_at(c, true);
            vc = score(&pc);
        } else {
            a = c;
            c = e;
            pc = pe;
            vc = ve;
            e = a + ratio * (b - a);
            pe = solve_at(e, true);
            ve = score(&pe);
        }
    }
    for (p, v) in [(pc, vc), (pe, ve)] {
        if v > best_score {
            best_score = v;
            best = p;
        }
    }
    best.unwrap_or_else(|| point(problem, d, base.solve(objective)))
}

fn point(problem: &Problem, d: &[f64], terms: Vec<f64>) -> Point {
    let gains = true_gains(problem, d, &terms);
    Point { terms, gains }
}

impl Inner<'_> {
    /// A copy that borrows the same players.
    fn clone_shallow(&self) -> Self {
        Inner {
            players: self.players,
            lo: self.lo.clone(),
            hi: self.hi.clone(),
            scale: self.scale.clone(),
            d_eff: self.d_eff.clone(),
            lambda: self.lambda,
        }
    }

    fn n_issues(&self) -> usize {
        self.lo.len()
    }

    /// Gains under the frozen commitment factor.
    fn gains(&self, terms: &[f64]) -> Vec<f64> {
        self.players
            .iter()
            .zip(&self.scale)
            .zip(&self.d_eff)
            .map(|((p, a), d)| a * (p.utility(terms) - d))
            .collect()
    }

    fn scratch(&self) -> Scratch {
        Scratch {
            coef: vec![0.0; self.players.len()],
            breaks: Vec::with_capacity(self.players.len()),
        }
    }

    /// The terms that maximise `Σ_i μ_i g_i(x) + eta·Λ(x)` over the box, issue by issue.
    fn terms(&self, mu: &[f64], eta: f64, scratch: &mut Scratch) -> Vec<f64> {
        (0..self.n_issues())
            .map(|k| {
                for (i, p) in self.players.iter().enumerate() {
                    scratch.coef[i] = mu[i] * self.scale[i] * p.weights[k];
                }
                let lin = match self.lambda {
                    Some(l) => eta * l[k],
                    None => 0.0,
                };
                let z = issue_optimum(
                    self.players,
                    k,
                    &scratch.coef,
                    lin,
                    self.lo[k] / 100.0,
                    self.hi[k] / 100.0,
                    &mut scratch.breaks,
                );
                // Clip after scaling back: the red-line box is enforced exactly.
                (100.0 * z).clamp(self.lo[k], self.hi[k])
            })
            .collect()
    }

    /// The best terms for `objective` with no constraint on Λ.
    fn solve(&self, objective: Objective) -> Vec<f64> {
        self.solve_eta(objective, 0.0)
    }

    /// The best terms for `objective` with Λ(x) held at `s`, by a search on the shadow
    /// price η of the guarantee strength (Λ of the optimum rises with η).
    fn solve_pinned(&self, objective: Objective, j: usize, s: f64) -> Vec<f64> {
        let lambda = match self.lambda {
            Some(l) => l,
            None => return self.solve(objective),
        };
        let strength =
            |x: &[f64]| -> f64 { lambda.iter().zip(x).map(|(l, x)| l * x / 100.0).sum() };
        // η enters as sinh(t) so one bracket covers both signs and many magnitudes.
        let _ = j;
        let (terms, _) = line_root(
            -LN_RANGE,
            LN_RANGE,
            |t| self.solve_eta(objective, t.sinh()),
            |_, x| strength(x) - s,
            &self.lo,
            &self.hi,
        );
        terms
    }

    /// The best terms for `objective` with the linear reward `eta·Λ(x)` added.
    fn solve_eta(&self, objective: Objective, eta: f64) -> Vec<f64> {
        let n = self.players.len();
        let mut scratch = self.scratch();
        match n {
            0 => self.lo.clone(),
            1 => self.terms(&[1.0], eta, &mut scratch),
            2 => self.two_players(objective, eta, &mut scratch),
            _ => match objective {
                Objective::MaxMin => self.max_min_many(eta, &mut scratch),
                Objective::Nash => self.nash_many(eta, &mut scratch),
            },
        }
    }

    /// Two players: one search in t = ln(μ_B/μ_A). Along t, g_A falls and g_B rises.
    fn two_players(&self, objective: Objective, eta: f64, scratch: &mut Scratch) -> Vec<f64> {
        let b = [self.players[0].bargaining_weight, self.players[1].bargaining_weight];
        let scratch = std::cell::RefCell::new(scratch);
        let eval = |t: f64| self.terms(&[1.0, t.exp()], eta, &mut scratch.borrow_mut());
        let (terms, _) = match objective {
            // The max–min point is where g_A = g_B, or the end where one side's gain stays smaller.
            Objective::MaxMin => line_root(
                -LN_RANGE,
                LN_RANGE,
                eval,
                |_, x| {
                    let g = self.gains(x);
                    g[1] - g[0]
                },
                &self.lo,
                &self.hi,
            ),
            // The Nash point's first-order condition: ν = b_B g_A / (b_A g_B).
            Objective::Nash => line_root(
                -LN_RANGE,
                LN_RANGE,
                eval,
                |t, x| {
                    let g = self.gains(x);
                    nash_condition(t, b[1] / b[0], g[0], g[1])
                },
                &self.lo,
                &self.hi,
            ),
        };
        terms
    }

    /// Three or more players, max–min: minimise `max_x Σ μ_i g_i(x)` over the simplex of
    /// μ by exact transfers of weight between pairs (the pair's gains are equalised, or
    /// one end is taken), cycling until the smallest gain stops improving.
    fn max_min_many(&self, eta: f64, scratch: &mut Scratch) -> Vec<f64> {
        let n = self.players.len();
        let mut mu = vec![1.0 / n as f64; n];
        let mut best = self.terms(&mu, eta, scratch);
        let mut best_min = min_gain(&self.gains(&best));
        let scratch = std::cell::RefCell::new(scratch);
        for _ in 0..MAX_CYCLES {
            let before = best_min;
            for i in 0..n {
                for k in (i + 1)..n {
                    let total = mu[i] + mu[k];
                    let set = |t: f64, mu: &mut Vec<f64>| {
                        let share = 1.0 / (1.0 + (-t).exp());
                        mu[i] = total * (1.0 - share);
                        mu[k] = total * share;
                    };
                    let (terms, t) = line_root(
                        -LN_RANGE,
                        LN_RANGE,
                        |t| {
                            let mut m = mu.clone();
                            set(t, &mut m);
                            self.terms(&m, eta, &mut scratch.borrow_mut())
                        },
                        |_, x| {
                            let g = self.gains(x);
                            g[k] - g[i]
                        },
                        &self.lo,
                        &self.hi,
                    );
                    set(t, &mut mu);
                    let m = min_gain(&self.gains(&terms));
                    if m > best_min {
                        best_min = m;
                        best = terms;
                    }
                }
            }
            if !(best_min > before + 1e-15) {
                break;
            }
        }
        best
    }

    /// Three or more players, Nash: minimise the convex dual
    /// `D(μ) = Σ b_i (ln(b_i/μ_i) − 1) + max_x Σ μ_i g_i(x)` by exact coordinate steps in
    /// ln μ_i (each solves `g_i = b_i/μ_i`), cycling until the multipliers settle.
    fn nash_many(&self, eta: f64, scratch: &mut Scratch) -> Vec<f64> {
        let n = self.players.len();
        let start = self.max_min_many(eta, scratch);
        let g0 = self.gains(&start);
        let mut ln_mu: Vec<f64> = (0..n)
            .map(|i| {
                let g = g0[i].max(1e-12);
                (self.players[i].bargaining_weight / g).ln().clamp(-LN_RANGE, LN_RANGE)
            })
            .collect();
        let mut terms = start;
        let scratch = std::cell::RefCell::new(scratch);
        for _ in 0..MAX_CYCLES {
            let mut moved: f64 = 0.0;
            for i in 0..n {
                let b = self.players[i].bargaining_weight;
                let base = ln_mu.clone();
                let (x, t) = line_root(
                    -2.0 * LN_RANGE,
                    2.0 * LN_RANGE,
                    |t| {
                        let mut mu: Vec<f64> = base.iter().map(|l| l.exp()).collect();
                        mu[i] = t.exp();
                        self.terms(&mu, eta, &mut scratch.borrow_mut())
                    },
                    |t, x| {
                        let g = self.gains(x)[i];
                        g - b * (-t).exp()
                    },
                    &self.lo,
                    &self.hi,
                );
                moved = moved.max((t - ln_mu[i]).abs());
                ln_mu[i] = t;
                terms = x;
            }
            if moved < 1e-9 {
                break;
            }
        }
        terms
    }
}

/// The Nash first-order condition for two players in t = ln ν, increasing in t and
/// along the segment from A's side to B's: `t − ln(r·g_A/g_B)` with r = b_B/b_A.
fn nash_condition(t: f64, r: f64, g_a: f64, g_b: f64) -> f64 {
    match (g_a > 0.0, g_b > 0.0) {
        (true, true) => t - (r * g_a / g_b).ln(),
        // A has nothing to gain: move toward A.
        (false, true) => f64::INFINITY,
        // B has nothing to gain: move toward B.
        (true, false) => f64::NEG_INFINITY,
        // Neither gains (F is empty): aim at the crossing of the gains instead.
        (false, false) => g_b - g_a,
    }
}

/// Finds where `cond` changes sign along a family of term vectors `eval(t)`,
/// `t ∈ [t_lo, t_hi]`, where `cond` rises with t. Bisection (alternating with
/// Illinois regula falsi steps) stops on the terms, when the two ends' terms differ by
/// less than [`TERM_TOL`] on every issue, or when t's resolution runs out (a corner
/// that jumps, ρ = 1); then the **segment move**: the root of `cond` along the segment
/// joining the two ends' terms, which moves every issue that differs together. Returns
/// the terms and the final t.
fn line_root<E, C>(
    t_lo: f64,
    t_hi: f64,
    mut eval: E,
    cond: C,
    lo: &[f64],
    hi: &[f64],
) -> (Vec<f64>, f64)
where
    E: FnMut(f64) -> Vec<f64>,
    C: Fn(f64, &[f64]) -> f64,
{
    let (mut a, mut b) = (t_lo, t_hi);
    let mut xa = eval(a);
    let mut ca = cond(a, &xa);
    if !(ca < 0.0) {
        return (xa, a);
    }
    let mut xb = eval(b);
    let mut cb = cond(b, &xb);
    if !(cb > 0.0) {
        return (xb, b);
    }
    let mut side = 0_i32;
    for iter in 0..400 {
        let spread = xa.iter().zip(&xb).fold(0.0_f64, |m, (p, q)| m.max((p - q).abs()));
        if spread <= TERM_TOL || b - a <= LN_RESOLUTION {
            break;
        }
        let bisect = 0.5 * (a + b);
        let t = match iter % 2 == 0 && ca.is_finite() && cb.is_finite() {
            true => {
                let falsi = (a * cb - b * ca) / (cb - ca);
                match falsi > a && falsi < b {
                    true => falsi,
                    false => bisect,
                }
            }
            false => bisect,
        };
        let x = eval(t);
        let c = cond(t, &x);
        if c == 0.0 {
            return (x, t);
        }
        if c < 0.0 {
            a = t;
            xa = x;
            ca = c;
            // Illinois: halve the stale end's weight when the same end moves twice.
            if side == -1 && cb.is_finite() {
                cb *= 0.5;
            }
            side = -1;
        } else {
            b = t;
            xb = x;
            cb = c;
            if side == 1 && ca.is_finite() {
                ca *= 0.5;
            }
            side = 1;
        }
    }
    // Segment move between the two ends' terms.
    let t = 0.5 * (a + b);
    let along = |s: f64| -> Vec<f64> {
        xa.iter()
            .zip(&xb)
            .enumerate()
            .map(|(k, (p, q))| (p + s * (q - p)).clamp(lo[k], hi[k]))
            .collect()
    };
    if !(cond(t, &xa) < 0.0) {
        return (xa, t);
    }
    if !(cond(t, &xb) > 0.0) {
        return (xb, t);
    }
    let (mut s0, mut s1) = (0.0_f64, 1.0_f64);
    for _ in 0..64 {
        let s = 0.5 * (s0 + s1);
        let c = cond(t, &along(s));
        if c == 0.0 {
            return (along(s), t);
        }
        match c < 0.0 {
            true => s0 = s,
            false => s1 = s,
        }
    }
    (along(0.5 * (s0 + s1)), t)
}

/// The minimiser over z ∈ [a, b] (terms / 100) of
/// `Σ_i coef_i |z − q_i|^ρ_i − lin·z`, a convex function of one variable: the point
/// where its subgradient contains 0. Kinks (ρ = 1) are visited in order; between
/// them the derivative is continuous and increasing, and its root is found in closed
/// form (two players, equal ρ > 1) or by safeguarded Newton steps. Ties (a flat
/// stretch, ρ = 1) resolve to the left end; the segment move of the caller handles them.
fn issue_optimum(
    players: &[Player],
    k: usize,
    coef: &[f64],
    lin: f64,
    a: f64,
    b: f64,
    breaks: &mut Vec<f64>,
) -> f64 {
    if !(b > a) {
        return a;
    }
    // Right (`right = true`) or left derivative at z.
    let slope = |z: f64, right: bool| -> f64 {
        let mut s = -lin;
        for (p, &c) in players.iter().zip(coef) {
            if c == 0.0 {
                continue;
            }
            let q = p.positions[k] / 100.0;
            let dz = z - q;
            if p.rho == 1.0 {
                let up = match right {
                    true => dz >= 0.0,
                    false => dz > 0.0,
                };
                s += match up {
                    true => c,
                    false => -c,
                };
            } else if dz != 0.0 {
                s += c * p.rho * dz.signum() * power(dz.abs(), p.rho - 1.0);
            }
        }
        s
    };
    if slope(a, true) >= 0.0 {
        return a;
    }
    if slope(b, false) <= 0.0 {
        return b;
    }
    breaks.clear();
    for (p, &c) in players.iter().zip(coef) {
        let q = p.positions[k] / 100.0;
        if p.rho == 1.0 && c != 0.0 && q > a && q < b {
            breaks.push(q);
        }
    }
    breaks.sort_by(f64::total_cmp);
    let mut left = a;
    for idx in 0..breaks.len() {
        let q = breaks[idx];
        if q <= left {
            continue;
        }
        if slope(q, false) <= 0.0 {
            if slope(q, true) >= 0.0 {
                return q;
            }
            left = q;
        } else {
            return smooth_root(players, k, coef, lin, left, q);
        }
    }
    smooth_root(players, k, coef, lin, left, b)
}

/// The root of the continuous, increasing derivative on (l, r), where it is negative at
/// l and positive at r.
fn smooth_root(players: &[Player], k: usize, coef: &[f64], lin: f64, l: f64, r: f64) -> f64 {
    // Closed form: two players with equal ρ > 1 and no linear term,
    // c_A (z − q_A)^{ρ−1} = c_B (q_B − z)^{ρ−1} ⇒ z = (q_A + r q_B)/(1 + r),
    // r = (c_B/c_A)^{1/(ρ−1)}, computed in logs so ρ near 1 does not overflow.
    let active: Vec<usize> = (0..players.len()).filter(|&i| coef[i] != 0.0).collect();
    if active.len() == 2 && lin == 0.0 {
        let (i, j) = (active[0], active[1]);
        let rho = players[i].rho;
        if rho > 1.0 && players[j].rho == rho {
            let (qi, qj) = (players[i].positions[k] / 100.0, players[j].positions[k] / 100.0);
            let ln_ratio = (coef[j].ln() - coef[i].ln()) / (rho - 1.0);
            let z = match ln_ratio {
                v if v > 700.0 => qj,
                v if v < -700.0 => qi,
                v => qi + (qj - qi) / (1.0 + (-v).exp()),
            };
            return z.clamp(l, r);
        }
    }
    let derivs = |z: f64| -> (f64, f64) {
        let mut f = -lin;
        let mut fp = 0.0;
        for (p, &c) in players.iter().zip(coef) {
            if c == 0.0 {
                continue;
            }
            let dz = z - p.positions[k] / 100.0;
            if p.rho == 1.0 {
                f += c * dz.signum();
            } else if dz != 0.0 {
                let m = dz.abs();
                f += c * p.rho * dz.signum() * power(m, p.rho - 1.0);
                fp += c * p.rho * (p.rho - 1.0) * power(m, p.rho - 2.0);
            }
        }
        (f, fp)
    };
    let (mut lo, mut hi) = (l, r);
    let mut z = 0.5 * (lo + hi);
    for iter in 0..200 {
        let (f, fp) = derivs(z);
        if f == 0.0 {
            return z;
        }
        match f < 0.0 {
            true => lo = z,
            false => hi = z,
        }
        if hi - lo <= 4.0 * f64::EPSILON {
            break;
        }
        let newton = z - f / fp;
        let mid = 0.5 * (lo + hi);
        // Take the Newton step only when it stays inside the bracket and makes real
        // progress; otherwise bisect (Newton can crawl near an infinite second derivative).
        // Every third step bisects, so the bracket at least halves every three steps.
        z = match iter % 3 != 2 && newton.is_finite() && newton > lo && newton < hi && newton != z {
            true => newton,
            false => mid,
        };
    }
    z.clamp(l, r)
}
