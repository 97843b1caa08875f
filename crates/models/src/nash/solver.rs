//! The multiplier method of war-model §5: separable per-issue optima for given
//! multipliers, one-dimensional searches in ln ν that stop on the terms, the segment
//! move when ν's resolution runs out, and an outer search over the guarantee strength Λ
//! for the commitment term.
//!
//! Everything here assumes a validated [`Problem`] (lengths and ranges checked).

// Comparisons are written `!(x > 0.0)` on purpose: a NaN must take the safe branch
// (not positive, not a gain), which `x <= 0.0` would not.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

use super::{power, Outcome, Player, Point, Problem, Proposal};

/// Stop a multiplier search when the term vectors at the two ends of its bracket differ
/// by less than this on every issue (points on 0–100).
pub(super) const TERM_TOL: f64 = 1e-7;
/// Multipliers are searched in ln ν over `[−LN_RANGE, LN_RANGE]`: wide enough for any
/// ratio of normalised weights and of gains down to the acceptance tolerance.
const LN_RANGE: f64 = 60.0;
/// Stop a bisection in ln ν when its bracket is narrower than this.
const LN_RESOLUTION: f64 = 1e-11;
/// Points scanned over Λ before the golden-section search: war-model §5's scan. The Nash
/// objective is in fact concave in Λ where it is finite (`docs/models.md`, "The talks
/// solver"); the scan is kept as this reference's safeguard, and it steers toward a
/// narrow F where no scanned Λ leaves every gain positive.
const LAMBDA_SCAN: usize = 16;
/// At most this many of Brent's steps over Λ after the scan.
const LAMBDA_BRENT: usize = 60;
/// Brent's method over Λ stops at this fraction of Λ's range in the box (the Nash value
/// is flat to second order at its peak, so this costs about 10⁻¹⁸ of it).
const LAMBDA_TOL: f64 = 1e-9;
/// Half-width in ln ν of the first bracket tried around a warm start.
const WARM_WIDTH: f64 = 0.25;
/// Cycles of the coordinate searches used for four or more veto players.
const MAX_CYCLES: usize = 200;

/// The directional slope of an objective at a point along a direction.
type Slope<'a> = &'a dyn Fn(&[f64], &[f64]) -> f64;

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
    /// When set, every vertex x(μ) is taken on the slice Λ(x) = s of the box: the
    /// guarantee issues carry the shadow price η that holds Λ there (found per vertex by
    /// a cheap search over those issues alone), the other issues do not see η at all.
    pin: Option<f64>,
    /// The roots of the last multiplier searches, shared by the solves of one outer
    /// search over Λ (consecutive Λ have nearby multipliers), to warm-start them.
    hints: Option<&'a Hints>,
    /// Where to record the distinct vertices x(μ) the search visits, for the polish.
    recent: Option<&'a std::cell::RefCell<Vec<Vec<f64>>>>,
}

/// Warm starts for the multiplier searches: ln(μ_B/μ_A) of two players, and, for three,
/// the outer ln(μ_C/μ_A) and the inner ln(μ_B/μ_A).
#[derive(Default)]
struct Hints {
    outer: std::cell::Cell<Option<f64>>,
    inner: std::cell::Cell<Option<f64>>,
}

/// Scratch space for one per-issue optimum, reused so the hot loop does not allocate.
struct Scratch {
    coef: Vec<f64>,
    breaks: Vec<f64>,
    /// The guarantee issues that can move, for [`Inner::pinned_vertex`].
    guarantees: Vec<usize>,
    /// The shadow price η of the last pinned vertex, its next warm start.
    eta: f64,
    /// The η at which linear guarantee issues jump, for [`Inner::pinned_vertex`].
    jumps: Vec<f64>,
}

pub(super) fn solve(problem: &Problem) -> Outcome {
    let d: Vec<f64> = problem.players.iter().map(|p| p.disagreement).collect();
    solve_with(problem, &d)
}

pub(super) fn propose(problem: &Problem, mediator_d: &[f64]) -> Proposal {
    let own: Vec<f64> = problem.players.iter().map(|p| p.disagreement).collect();
    // The common case, a deal, needs only the Nash search: any point it returns with
    // every gain ≥ ε proves F non-empty, so the max–min search is skipped.
    if let Some(terms) = quick_deal(problem, &own) {
        return Proposal::Deal { terms };
    }
    let tabled = match solve(problem) {
        Outcome::Deal { nash, .. } => return Proposal::Deal { terms: nash.terms },
        Outcome::BoxEmpty { .. } => {
            let refusing = disjoint_players(problem);
            return Proposal::BoxEmpty { blamed: refusing.clone(), refusing };
        }
        Outcome::NoGainForAll { .. } => match quick_deal(problem, mediator_d) {
            Some(terms) => terms,
            None => match solve_with(problem, mediator_d) {
                Outcome::Deal { nash, .. } => nash.terms,
                Outcome::NoGainForAll { max_min } => max_min.terms,
                // The box does not depend on d, so this cannot happen; table the box's
                // lower corner rather than panic.
                Outcome::BoxEmpty { .. } => problem.red_line_box().iter().map(|b| b.0).collect(),
            },
        },
    };
    judge(problem, tabled)
}

/// The refusals and blame of war-model §5 for the tabled terms: every player with
/// `U_i(tabled) < d_i + ε` refuses, the largest shortfall is blamed; terms that nobody
/// refuses are signed.
pub(super) fn judge(problem: &Problem, tabled: Vec<f64>) -> Proposal {
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
pub(super) fn disjoint_players(problem: &Problem) -> Vec<usize> {
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

/// The Nash search alone, under disagreement values `d`: its terms when every gain there
/// is at least ε (which proves F non-empty), else `None`.
fn quick_deal(problem: &Problem, d: &[f64]) -> Option<Vec<f64>> {
    let bounds = problem.red_line_box();
    if bounds.iter().any(|b| b.0 > b.1) {
        return None;
    }
    let nash = search(problem, d, &bounds, Objective::Nash);
    match min_gain(&nash.gains) >= problem.eps {
        true => Some(nash.terms),
        false => None,
    }
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
        // The Nash search's point is the answer whenever it is in F (so `propose`,
        // which runs only this search on its fast path, proposes the same terms); the
        // max–min point stands in only if rounding left the Nash point outside F.
        if min_gain(&nash.gains) >= problem.eps {
            feasible = true;
            best = Some(nash);
        }
    }
    match (feasible, best) {
        (true, Some(nash)) => Outcome::Deal { nash, max_min },
        _ => Outcome::NoGainForAll { max_min },
    }
}

/// Gains `U_i(x) − d_i` with the true commitment term.
pub(super) fn true_gains(problem: &Problem, d: &[f64], terms: &[f64]) -> Vec<f64> {
    problem.players.iter().zip(d).map(|(p, &d)| p.value_with(terms, d) - d).collect()
}

pub(super) fn min_gain(gains: &[f64]) -> f64 {
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

/// The best point for `objective`, with the commitment term's outer search over Λ when
/// a player has one that the box lets vary.
fn search(problem: &Problem, d: &[f64], bounds: &[(f64, f64)], objective: Objective) -> Point {
    let kinked = problem.players.iter().any(|p| p.rho == 1.0);
    // With two players the commitment term needs no polish: for each Λ the vertices lie
    // on the slice Λ(x) = s and the shadow price η is exact per vertex, so the segment
    // move of the ν search is exact on that slice.
    let polish = kinked && problem.players.len() >= 3;
    let recent = std::cell::RefCell::new(Vec::new());
    let found = search_multipliers(
        problem,
        d,
        bounds,
        objective,
        match polish {
            true => Some(&recent),
            false => None,
        },
    );
    match polish {
        true => polish_on_vertices(problem, d, bounds, objective, found, &recent.borrow()),
        false => found,
    }
}

/// How many distinct recent vertices the polish of [`polish_on_vertices`] considers.
const RECENT_VERTICES: usize = 24;

/// The objective as a key compared lexicographically: for Nash, points where some
/// gain is not positive rank by their smallest gain below every point where all are
/// positive, so a search is steered into a narrow F instead of seeing a flat −∞.
fn true_key(problem: &Problem, objective: Objective, gains: &[f64]) -> (f64, f64) {
    let smallest = min_gain(gains);
    match objective {
        Objective::MaxMin => (smallest, 0.0),
        Objective::Nash => match smallest > 0.0 {
            true => (0.0, nash_value(problem, gains)),
            false => (smallest, f64::NEG_INFINITY),
        },
    }
}

/// With linear utilities and three or more multipliers (players, or the guarantee
/// strength), the optimum can lie inside a face of the Pareto frontier that one segment
/// move does not reach: it is a mix of several vertices x(μ). This polish repeats exact
/// line searches from the current point toward each of the last vertices the multiplier
/// search visited (all near the final multipliers), keeping only improvements; the
/// objective is concave on such a face, so this converges to the face's optimum.
fn polish_on_vertices(
    problem: &Problem,
    d: &[f64],
    bounds: &[(f64, f64)],
    objective: Objective,
    start: Point,
    vertices: &[Vec<f64>],
) -> Point {
    let lo: Vec<f64> = bounds.iter().map(|b| b.0).collect();
    let hi: Vec<f64> = bounds.iter().map(|b| b.1).collect();
    let key = |x: &[f64]| true_key(problem, objective, &true_gains(problem, d, x));
    let mut x = start.terms;
    let mut fx = key(&x);
    // Without a commitment term the objective is concave along every segment and its
    // slope is known exactly; with one, a golden section on the values has to do.
    let plain = problem.players.iter().all(|p| p.commitment.is_none());
    let inner = Inner {
        players: &problem.players,
        lo: lo.clone(),
        hi: hi.clone(),
        scale: vec![1.0; problem.players.len()],
        d_eff: d.to_vec(),
        lambda: None,
        pin: None,
        hints: None,
        recent: None,
    };
    let slope = |x: &[f64], dir: &[f64]| inner.slope(objective, x, dir);
    for _ in 0..40 {
        let before = fx;
        for v in vertices {
            let (y, fy) = match plain {
                true => {
                    let y = peak_on_segment(&slope, &x, v);
                    let fy = key(&y);
                    (y, fy)
                }
                false => best_on_segment(&key, &x, v, &lo, &hi),
            };
            if fy > fx {
                x = y;
                fx = fy;
            }
        }
        if !(fx.0 > before.0 || fx.1 > before.1 + 1e-14 * before.1.abs().max(1.0)) {
            break;
        }
    }
    point(problem, d, x)
}

fn search_multipliers(
    problem: &Problem,
    d: &[f64],
    bounds: &[(f64, f64)],
    objective: Objective,
    recent: Option<&std::cell::RefCell<Vec<Vec<f64>>>>,
) -> Point {
    let n = problem.players.len();
    let hints = Hints::default();
    let base = Inner {
        recent,
        players: &problem.players,
        lo: bounds.iter().map(|b| b.0).collect(),
        hi: bounds.iter().map(|b| b.1).collect(),
        scale: vec![1.0; n],
        d_eff: d.to_vec(),
        lambda: None,
        pin: None,
        hints: Some(&hints),
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
            true => inner.solve_pinned(objective, s),
            false => inner.solve(objective),
        };
        Some(point(problem, d, terms))
    };
    if !(s_max - s_min > 1e-12) {
        // Λ cannot vary inside the box: ω is a constant.
        return solve_at(s_min, false).unwrap_or_else(|| point(problem, d, base.solve(objective)));
    }
    // Points rank by [`true_key`], so where no scanned Λ leaves every gain positive the
    // scan still steers toward the largest smallest gain (a narrow F in Λ is not lost).
    let key = |p: &Option<Point>| match p {
        Some(p) => true_key(problem, objective, &p.gains),
        None => (f64::NEG_INFINITY, f64::NEG_INFINITY),
    };
    let mut best: Option<Point> = None;
    let mut best_key = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut best_idx = 0;
    let step = (s_max - s_min) / LAMBDA_SCAN as f64;
    for idx in 0..=LAMBDA_SCAN {
        let s = match idx == LAMBDA_SCAN {
            true => s_max,
            false => s_min + step * idx as f64,
        };
        let p = solve_at(s, true);
        let v = key(&p);
        if v > best_key || best.is_none() {
            best_key = v;
            best = p;
            best_idx = idx;
        }
    }
    // Brent's method (parabolic steps, golden-section fallback) on the two scan cells
    // around the best scan point: V(s) is smooth there except at ρ = 1 kinks, so it
    // converges in about a dozen solves where a golden section needs forty.
    let a = s_min + step * (best_idx.saturating_sub(1)) as f64;
    let b = (s_min + step * (best_idx + 1) as f64).min(s_max);
    let scalar = |k: (f64, f64)| match objective {
        Objective::MaxMin => k.0,
        Objective::Nash => match k.0 == 0.0 {
            true => k.1,
            false => f64::NAN,
        },
    };
    let x0 = s_min + step * best_idx as f64;
    let (found, found_key) = brent_max(
        a,
        b,
        x0.min(s_max),
        best_key,
        &|s| {
            let p = solve_at(s, true);
            let k = key(&p);
            (p, k)
        },
        &scalar,
        LAMBDA_TOL * (s_max - s_min),
    );
    if found_key > best_key {
        best = found;
    }
    best.unwrap_or_else(|| point(problem, d, base.solve(objective)))
}

/// Brent's maximisation on `[a, b]` from the point `x` (whose key `fx` is known),
/// comparing points by their lexicographic key and taking parabolic steps through the
/// scalar of the three best keys when it is finite. Returns the best point found
/// (`None` when no evaluation beat `fx`) and its key.
fn brent_max<P, F, S>(
    mut a: f64,
    mut b: f64,
    x: f64,
    fx: (f64, f64),
    f: &F,
    scalar: &S,
    tol: f64,
) -> (Option<P>, (f64, f64))
where
    F: Fn(f64) -> (Option<P>, (f64, f64)),
    S: Fn((f64, f64)) -> f64,
{
    const GOLD: f64 = 0.381_966_011_250_105_2;
    let (mut x, mut w, mut v) = (x, x, x);
    let (mut fx, mut fw, mut fv) = (fx, fx, fx);
    let mut best: Option<P> = None;
    let (mut d, mut e) = (0.0_f64, 0.0_f64);
    for _ in 0..LAMBDA_BRENT {
        let m = 0.5 * (a + b);
        let tol1 = tol + 1e-12 * x.abs();
        let tol2 = 2.0 * tol1;
        if (x - m).abs() <= tol2 - 0.5 * (b - a) {
            break;
        }
        let (sx, sw, sv) = (scalar(fx), scalar(fw), scalar(fv));
        let mut golden = true;
        if e.abs() > tol1 && sx.is_finite() && sw.is_finite() && sv.is_finite() {
            // Parabola through (x, w, v), maximised (values negated for the textbook form).
            let r = (x - w) * (sv - sx);
            let q0 = (x - v) * (sw - sx);
            let mut p = (x - v) * q0 - (x - w) * r;
            let mut q = 2.0 * (q0 - r);
            if q > 0.0 {
                p = -p;
            }
            q = q.abs();
            let e_old = e;
            if p.abs() < (0.5 * q * e_old).abs() && p > q * (a - x) && p < q * (b - x) {
                e = d;
                d = p / q;
                let u = x + d;
                if u - a < tol2 || b - u < tol2 {
                    d = tol1.copysign(m - x);
                }
                golden = false;
            }
        }
        if golden {
            e = match x >= m {
                true => a - x,
                false => b - x,
            };
            d = GOLD * e;
        }
        let u = match d.abs() >= tol1 {
            true => x + d,
            false => x + tol1.copysign(d),
        };
        let (pu, fu) = f(u);
        if fu >= fx {
            if u >= x {
                a = x;
            } else {
                b = x;
            }
            (v, fv) = (w, fw);
            (w, fw) = (x, fx);
            (x, fx) = (u, fu);
            best = pu;
        } else {
            if u < x {
                a = u;
            } else {
                b = u;
            }
            if fu >= fw || w == x {
                (v, fv) = (w, fw);
                (w, fw) = (u, fu);
            } else if fu >= fv || v == x || v == w {
                (v, fv) = (u, fu);
            }
        }
    }
    (best, fx)
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
            pin: self.pin,
            hints: self.hints,
            recent: self.recent,
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

    /// The right-hand directional slope at `terms` along `dir` of the objective whose
    /// key [`true_key`] ranks: Σ b_i g_i'/g_i where every gain is positive, else the
    /// slope of the smallest gain (which steers a segment search into F).
    fn slope(&self, objective: Objective, terms: &[f64], dir: &[f64]) -> f64 {
        let g = self.gains(terms);
        let dg: Vec<f64> = self
            .players
            .iter()
            .zip(&self.scale)
            .map(|(p, a)| a * utility_slope(p, terms, dir))
            .collect();
        let smallest = min_gain(&g);
        let min_slope = || {
            g.iter()
                .zip(&dg)
                .filter(|(g, _)| **g == smallest)
                .map(|(_, d)| *d)
                .fold(f64::INFINITY, f64::min)
        };
        match (objective, smallest > 0.0) {
            (Objective::Nash, true) => self
                .players
                .iter()
                .zip(g.iter().zip(&dg))
                .map(|(p, (g, d))| p.bargaining_weight * d / g)
                .sum(),
            _ => min_slope(),
        }
    }

    fn scratch(&self) -> Scratch {
        Scratch {
            coef: vec![0.0; self.players.len()],
            breaks: Vec::with_capacity(self.players.len()),
            guarantees: Vec::new(),
            eta: 0.0,
            jumps: Vec::new(),
        }
    }

    /// The terms that maximise `Σ_i μ_i g_i(x) + eta·Λ(x)` over the box, issue by issue.
    fn terms(&self, mu: &[f64], eta: f64, scratch: &mut Scratch) -> Vec<f64> {
        let terms = self.vertex(mu, eta, scratch);
        if let Some(recent) = self.recent {
            let mut recent = recent.borrow_mut();
            if !recent.contains(&terms) {
                if recent.len() == RECENT_VERTICES {
                    recent.remove(0);
                }
                recent.push(terms.clone());
            }
        }
        terms
    }

    fn vertex(&self, mu: &[f64], eta: f64, scratch: &mut Scratch) -> Vec<f64> {
        if let (Some(s), Some(lambda)) = (self.pin, self.lambda) {
            return self.pinned_vertex(mu, s, lambda, scratch);
        }
        (0..self.n_issues())
            .map(|k| {
                let lin = match self.lambda {
                    Some(l) => eta * l[k],
                    None => 0.0,
                };
                self.issue(k, mu, lin, scratch)
            })
            .collect()
    }

    /// One issue's optimum of `Σ_i μ_i g_i + lin·x_k/100`, on 0–100 and inside the box.
    fn issue(&self, k: usize, mu: &[f64], lin: f64, scratch: &mut Scratch) -> f64 {
        for (i, p) in self.players.iter().enumerate() {
            scratch.coef[i] = mu[i] * self.scale[i] * p.weights[k];
        }
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
    }

    /// The maximiser of `Σ_i μ_i g_i(x)` on the slice `Λ(x) = s` of the box. It maximises
    /// `Σ_i μ_i g_i(x) + η·Λ(x)` for the η at which `Λ(x(η)) = s` (concave problem, one
    /// linear constraint). Issues without a guarantee weight do not depend on η, so they
    /// are solved once; the root in η involves the guarantee issues alone. `Λ(x(η))`
    /// rises with η; with ρ = 1 it jumps, and the end terms are then interpolated along
    /// the segment joining the two sides of the jump, on which Λ is linear, so Λ(x) = s
    /// holds exactly and only the issues that jump move (they are indifferent there).
    fn pinned_vertex(&self, mu: &[f64], s: f64, lambda: &[f64], scratch: &mut Scratch) -> Vec<f64> {
        let n = self.n_issues();
        let mut terms = vec![0.0; n];
        let mut guarantees = std::mem::take(&mut scratch.guarantees);
        guarantees.clear();
        // An η beyond every guarantee issue's largest marginal loss pushes it to an end
        // of the box: |d/dz Σ μ_i c_i |z − q_i|^ρ_i| ≤ Σ μ_i c_i ρ_i on [0, 1].
        let mut eta_max: f64 = 0.0;
        for k in 0..n {
            if lambda[k] > 0.0 && self.hi[k] > self.lo[k] {
                guarantees.push(k);
                let steep: f64 = self
                    .players
                    .iter()
                    .enumerate()
                    .map(|(i, p)| mu[i] * self.scale[i] * p.weights[k] * p.rho)
                    .sum();
                eta_max = eta_max.max(steep / lambda[k]);
            } else {
                terms[k] = self.issue(k, mu, 0.0, scratch);
            }
        }
        // Λ of the issues that cannot move (no guarantee weight, or a point box).
        let fixed: f64 =
            (0..n).filter(|k| !guarantees.contains(k)).map(|k| lambda[k] * terms[k] / 100.0).sum();
        if guarantees.is_empty() {
            scratch.guarantees = guarantees;
            return terms;
        }
        let eta_max = 2.0 * eta_max + 1e-300;
        // Λ(x(η)) − s with its slope dΛ/dη = Σ_k λ_k² / h_k over the guarantee issues whose
        // optimum is interior and smooth (h_k: the second derivative of the issue's
        // objective there; an issue at an end of the box or at a ρ = 1 kink does not move).
        let eval = |eta: f64, scratch: &mut Scratch, out: &mut Vec<f64>| -> (f64, f64) {
            out.clear();
            let mut strength = fixed;
            let mut slope = 0.0;
            for &k in &guarantees {
                let x = self.issue(k, mu, eta * lambda[k], scratch);
                strength += lambda[k] * x / 100.0;
                out.push(x);
                if x > self.lo[k] && x < self.hi[k] {
                    let z = x / 100.0;
                    let mut h = 0.0;
                    for (p, &c) in self.players.iter().zip(&scratch.coef) {
                        if c == 0.0 {
                            continue;
                        }
                        let dz = (z - p.positions[k] / 100.0).abs();
                        if p.rho == 1.0 {
                            if dz == 0.0 {
                                h = f64::INFINITY;
                            }
                        } else if p.rho == 2.0 {
                            h += 2.0 * c;
                        } else if dz > 0.0 {
                            h += c * p.rho * (p.rho - 1.0) * power(dz, p.rho - 2.0);
                        } else if p.rho < 2.0 {
                            h = f64::INFINITY;
                        }
                    }
                    if h > 0.0 && h.is_finite() {
                        slope += lambda[k] * lambda[k] / h;
                    }
                }
            }
            (strength - s, slope)
        };
        // Safeguarded Newton in η from the last vertex's η (consecutive vertices of one
        // search have nearby shadow prices), bisecting when Newton leaves the bracket or
        // the slope vanishes (ρ = 1: Λ(η) is a step function).
        let (mut a, mut b) = (-eta_max, eta_max);
        let (mut xa, mut xb, mut x) = (Vec::new(), Vec::new(), Vec::new());
        let (mut have_a, mut have_b) = (false, false);
        let mut eta = scratch.eta.clamp(a, b);
        let tol = 1e-15 * s.abs().max(1.0);
        let mut exact = false;
        // Guarantee issues where every player with weight is linear jump from kink to
        // kink at known η: the right-hand slope of Σ c_i |z − q_i| at each kink (and at
        // the box's lower end), over λ_k. A binary search over these jumps brackets the
        // root between two consecutive ones, so no bisection has to find a jump.
        let mut jumps = std::mem::take(&mut scratch.jumps);
        jumps.clear();
        for &k in &guarantees {
            let linear = self
                .players
                .iter()
                .enumerate()
                .all(|(i, p)| p.rho == 1.0 || mu[i] * self.scale[i] * p.weights[k] == 0.0);
            if !linear {
                continue;
            }
            let (zl, zh) = (self.lo[k] / 100.0, self.hi[k] / 100.0);
            let right_slope = |z: f64| -> f64 {
                self.players
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let c = mu[i] * self.scale[i] * p.weights[k];
                        match z >= p.positions[k] / 100.0 {
                            true => c,
                            false => -c,
                        }
                    })
                    .sum()
            };
            jumps.push(right_slope(zl) / lambda[k]);
            for p in self.players {
                let q = p.positions[k] / 100.0;
                if q > zl && q < zh {
                    jumps.push(right_slope(q) / lambda[k]);
                }
            }
        }
        jumps.retain(|j| j.abs() < eta_max);
        jumps.sort_by(f64::total_cmp);
        jumps.dedup();
        if !jumps.is_empty() {
            // Probe between consecutive jumps (and beyond the outer ones) by bisection on
            // the index; each probe sits on a plateau of every linear issue.
            let probe = |j: usize| -> f64 {
                match (j == 0, j == jumps.len()) {
                    (true, _) => 0.5 * (-eta_max + jumps[0]),
                    (_, true) => 0.5 * (jumps[j - 1] + eta_max),
                    _ => 0.5 * (jumps[j - 1] + jumps[j]),
                }
            };
            // Invariant: the root lies between probe(lo_j) and probe(hi_j), ends included
            // once evaluated.
            let (mut lo_j, mut hi_j) = (0usize, jumps.len());
            let (c, _) = eval(probe(lo_j), scratch, &mut x);
            let mut done = false;
            if c < 0.0 {
                (a, have_a) = (probe(lo_j), true);
                std::mem::swap(&mut xa, &mut x);
                let (c, _) = eval(probe(hi_j), scratch, &mut x);
                if c > 0.0 {
                    (b, have_b) = (probe(hi_j), true);
                    std::mem::swap(&mut xb, &mut x);
                } else {
                    // The root is beyond the last jump: the generic search takes over.
                    a = probe(hi_j);
                    std::mem::swap(&mut xa, &mut x);
                    done = true;
                }
            } else {
                (b, have_b) = (probe(lo_j), true);
                std::mem::swap(&mut xb, &mut x);
                hi_j = lo_j;
                done = true;
            }
            if !done {
                while hi_j - lo_j > 1 {
                    let mid = (lo_j + hi_j) / 2;
                    let (c, _) = eval(probe(mid), scratch, &mut x);
                    if c < 0.0 {
                        (a, lo_j) = (probe(mid), mid);
                        std::mem::swap(&mut xa, &mut x);
                    } else {
                        (b, hi_j) = (probe(mid), mid);
                        std::mem::swap(&mut xb, &mut x);
                    }
                }
                // One jump, jumps[lo_j], lies between a and b: test its two sides.
                let jump = jumps[lo_j];
                let delta = 1e-13 * eta_max;
                let (left, right) = (jump - delta, jump + delta);
                if left > a && right < b {
                    let (cl, _) = eval(left, scratch, &mut x);
                    if cl < 0.0 {
                        a = left;
                        std::mem::swap(&mut xa, &mut x);
                        let (cr, _) = eval(right, scratch, &mut x);
                        match cr > 0.0 {
                            true => {
                                b = right;
                                std::mem::swap(&mut xb, &mut x);
                            }
                            false => {
                                a = right;
                                std::mem::swap(&mut xa, &mut x);
                            }
                        }
                    } else {
                        b = left;
                        std::mem::swap(&mut xb, &mut x);
                    }
                }
            }
            eta = 0.5 * (a + b);
        }
        scratch.jumps = jumps;
        for _ in 0..200 {
            if have_a && have_b {
                let spread = xa.iter().zip(&xb).fold(0.0_f64, |m, (p, q)| m.max((p - q).abs()));
                if spread <= 1e-10 || b - a <= 4e-13 * eta_max {
                    break;
                }
            }
            let (c, slope) = eval(eta, scratch, &mut x);
            if c.abs() <= tol {
                std::mem::swap(&mut xa, &mut x);
                exact = true;
                break;
            }
            if c < 0.0 {
                a = eta;
                have_a = true;
                std::mem::swap(&mut xa, &mut x);
            } else {
                b = eta;
                have_b = true;
                std::mem::swap(&mut xb, &mut x);
            }
            let spread = match have_a && have_b {
                true => xa.iter().zip(&xb).fold(0.0_f64, |m, (p, q)| m.max((p - q).abs())),
                false => f64::INFINITY,
            };
            let mid = 0.5 * (a + b);
            // Stop on the terms, or when η is pinned to 10⁻¹³ of its range: with ρ = 1
            // the terms jump at a single η and never converge, and the interpolation
            // below is exact across such a jump.
            if spread <= 1e-10 || b - a <= 1e-13 * eta_max || !(mid > a && mid < b) {
                break;
            }
            let newton = eta - c / slope;
            eta = match slope > 0.0 && newton > a && newton < b {
                true => newton,
                false => mid,
            };
        }
        scratch.eta = eta;
        if exact {
            for (e, &k) in guarantees.iter().enumerate() {
                terms[k] = xa[e];
            }
            scratch.guarantees = guarantees;
            return terms;
        }
        if !have_a {
            let _ = eval(-eta_max, scratch, &mut xa);
        }
        if !have_b {
            let _ = eval(eta_max, scratch, &mut xb);
        }
        // Interpolate between the two ends so that Λ(x) = s exactly (Λ is linear).
        let strength_of = |x: &[f64]| -> f64 {
            fixed + guarantees.iter().zip(x).map(|(&k, x)| lambda[k] * x / 100.0).sum::<f64>()
        };
        let (ra, rb) = (strength_of(&xa) - s, strength_of(&xb) - s);
        let theta = match (ra < 0.0, rb > 0.0) {
            (true, true) => (-ra / (rb - ra)).clamp(0.0, 1.0),
            (false, _) => 0.0,
            (true, false) => 1.0,
        };
        for (e, &k) in guarantees.iter().enumerate() {
            terms[k] = (xa[e] + theta * (xb[e] - xa[e])).clamp(self.lo[k], self.hi[k]);
        }
        scratch.guarantees = guarantees;
        terms
    }

    /// The best terms for `objective` with no constraint on Λ.
    fn solve(&self, objective: Objective) -> Vec<f64> {
        self.solve_eta(objective, 0.0)
    }

    /// The best terms for `objective` with Λ(x) held at `s`: the multiplier searches
    /// run unchanged on vertices taken on the slice Λ(x) = s ([`Inner::pinned_vertex`]).
    fn solve_pinned(&self, objective: Objective, s: f64) -> Vec<f64> {
        match self.lambda {
            Some(_) => Inner { pin: Some(s), ..self.clone_shallow() }.solve_eta(objective, 0.0),
            None => self.solve(objective),
        }
    }

    /// The best terms for `objective` with the linear reward `eta·Λ(x)` added.
    fn solve_eta(&self, objective: Objective, eta: f64) -> Vec<f64> {
        let n = self.players.len();
        let mut scratch = self.scratch();
        match n {
            0 => self.lo.clone(),
            1 => self.terms(&[1.0], eta, &mut scratch),
            2 => self.two_players(objective, eta, &mut scratch),
            3 => {
                let terms = self.three_players(objective, eta, &mut scratch);
                match objective == Objective::Nash
                    && !self.nash_certified(&terms, eta, &mut scratch)
                {
                    true => self.nash_many(eta, &mut scratch),
                    false => terms,
                }
            }
            _ => match objective {
                Objective::MaxMin => self.max_min_many(eta, &mut scratch),
                Objective::Nash => self.nash_many(eta, &mut scratch),
            },
        }
    }

    /// The values of t = ln μ_var (the other multipliers as in `mu`) at which some issue's
    /// optimum jumps: on an issue where every weighted player is linear, the optimum is a
    /// kink or an end of the box, and it leaves kink z when the right-hand slope
    /// Σ_i c_i·sgn(z − q_i) there crosses 0, which is linear in μ_var. Guarantee issues
    /// (which see η) are left out; a missing jump only costs the caller bisection steps.
    fn jumps(&self, mu: &[f64], var: usize) -> Vec<f64> {
        let mut out = Vec::new();
        for k in 0..self.n_issues() {
            if self.lambda.is_some_and(|l| l[k] > 0.0) || !(self.hi[k] > self.lo[k]) {
                continue;
            }
            let coef = |i: usize| self.scale[i] * self.players[i].weights[k];
            let linear =
                self.players.iter().enumerate().all(|(i, p)| p.rho == 1.0 || coef(i) == 0.0);
            if !linear || coef(var) == 0.0 {
                continue;
            }
            let (zl, zh) = (self.lo[k] / 100.0, self.hi[k] / 100.0);
            let sign = |z: f64, i: usize| match z >= self.players[i].positions[k] / 100.0 {
                true => 1.0,
                false => -1.0,
            };
            let mut at = |z: f64| {
                let rest: f64 = (0..self.players.len())
                    .filter(|&i| i != var)
                    .map(|i| mu[i] * coef(i) * sign(z, i))
                    .sum();
                let ratio = -rest / (coef(var) * sign(z, var));
                if ratio > 0.0 && ratio.is_finite() {
                    out.push(ratio.ln());
                }
            };
            at(zl);
            for p in self.players {
                let q = p.positions[k] / 100.0;
                if q > zl && q < zh {
                    at(q);
                }
            }
        }
        out.sort_by(f64::total_cmp);
        out.dedup();
        out
    }

    /// Two players: one search in t = ln(μ_B/μ_A). Along t, g_A falls and g_B rises.
    fn two_players(&self, objective: Objective, eta: f64, scratch: &mut Scratch) -> Vec<f64> {
        let b = [self.players[0].bargaining_weight, self.players[1].bargaining_weight];
        let seg = |x: &[f64], dir: &[f64]| self.slope(objective, x, dir);
        let scratch = std::cell::RefCell::new(scratch);
        let eval = |t: f64| self.terms(&[1.0, t.exp()], eta, &mut scratch.borrow_mut());
        let start = self.hints.and_then(|h| h.outer.get());
        let jumps = self.jumps(&[1.0, 0.0], 1);
        let (terms, t) = match objective {
            // The max–min point is where g_A = g_B, or the end where one side's gain stays smaller.
            Objective::MaxMin => line_root_from(
                -LN_RANGE,
                LN_RANGE,
                start,
                &jumps,
                eval,
                |_, x| {
                    let g = self.gains(x);
                    g[1] - g[0]
                },
                Some(&seg),
                LN_RESOLUTION,
                &self.lo,
                &self.hi,
            ),
            // The Nash point's first-order condition: ν = b_B g_A / (b_A g_B).
            Objective::Nash => line_root_from(
                -LN_RANGE,
                LN_RANGE,
                start,
                &jumps,
                eval,
                |t, x| {
                    let g = self.gains(x);
                    nash_condition(t, b[1] / b[0], g[0], g[1])
                },
                Some(&seg),
                LN_RESOLUTION,
                &self.lo,
                &self.hi,
            ),
        };
        if let Some(h) = self.hints {
            h.outer.set(Some(t));
        }
        terms
    }

    /// Three players: the two-dimensional search of war-model §5, nested. For a fixed
    /// t_C = ln(μ_C/μ_A), the inner search in t_B = ln(μ_B/μ_A) is the two-player search
    /// (crossing of g_A and g_B, or the Nash condition for B against A); the outer search
    /// in t_C solves C's condition against A (its gain against the smaller of the
    /// others', or its Nash condition). Both are root searches that stop on the terms and
    /// end with the segment move.
    fn three_players(&self, objective: Objective, eta: f64, scratch: &mut Scratch) -> Vec<f64> {
        let b: Vec<f64> = self.players.iter().map(|p| p.bargaining_weight).collect();
        let seg = |x: &[f64], dir: &[f64]| self.slope(objective, x, dir);
        let scratch = std::cell::RefCell::new(scratch);
        // Max–min minimises the convex dual max_x Σ μ_i g_i over the simplex, so the
        // multipliers are shares (C's share fixed outside, A's and B's split inside);
        // Nash uses ratios to A's multiplier.
        // The inner root moves little between consecutive outer steps: warm-start it.
        let local = Hints::default();
        let hints = self.hints.unwrap_or(&local);
        let inner = |t_c: f64| -> Vec<f64> {
            let share_c = 1.0 / (1.0 + (-t_c).exp());
            let eval = |t: f64| {
                let mu = match objective {
                    Objective::MaxMin => {
                        let share_b = 1.0 / (1.0 + (-t).exp());
                        [(1.0 - share_c) * (1.0 - share_b), (1.0 - share_c) * share_b, share_c]
                    }
                    Objective::Nash => [1.0, t.exp(), t_c.exp()],
                };
                self.terms(&mu, eta, &mut scratch.borrow_mut())
            };
            let start = hints.inner.get();
            // Jumps are known in the ratio form of the Nash search, not in shares.
            let jumps = match objective {
                Objective::Nash => self.jumps(&[1.0, 0.0, t_c.exp()], 1),
                Objective::MaxMin => Vec::new(),
            };
            let (terms, t) = match objective {
                Objective::MaxMin => line_root_from(
                    -LN_RANGE,
                    LN_RANGE,
                    start,
                    &jumps,
                    eval,
                    |_, x| {
                        let g = self.gains(x);
                        g[1] - g[0]
                    },
                    None,
                    LN_RESOLUTION,
                    &self.lo,
                    &self.hi,
                ),
                Objective::Nash => line_root_from(
                    -LN_RANGE,
                    LN_RANGE,
                    start,
                    &jumps,
                    eval,
                    |t, x| {
                        let g = self.gains(x);
                        nash_condition(t, b[1] / b[0], g[0], g[1])
                    },
                    None,
                    LN_RESOLUTION,
                    &self.lo,
                    &self.hi,
                ),
            };
            hints.inner.set(Some(t));
            terms
        };
        let (terms, t) = line_root_from(
            -LN_RANGE,
            LN_RANGE,
            hints.outer.get(),
            &[],
            inner,
            |t, x| {
                let g = self.gains(x);
                match objective {
                    Objective::MaxMin => g[2] - g[0].min(g[1]),
                    Objective::Nash => nash_condition(t, b[2] / b[0], g[0], g[2]),
                }
            },
            Some(&seg),
            LN_RESOLUTION,
            &self.lo,
            &self.hi,
        );
        hints.outer.set(Some(t));
        terms
    }

    /// Whether `terms` pass the Nash optimality check with smooth utilities: every gain
    /// positive and the vertex at the multipliers μ_i = b_i/g_i (the first-order
    /// condition) gives back the same terms. The nested three-player search is not
    /// guaranteed (its inner condition need not be monotone when a third player absorbs
    /// the trade), so a failed check sends the problem to the dual coordinate descent.
    /// With a linear player the vertex is not unique and the check does not apply.
    fn nash_certified(&self, terms: &[f64], eta: f64, scratch: &mut Scratch) -> bool {
        if self.players.iter().any(|p| p.rho == 1.0) {
            return true;
        }
        let g = self.gains(terms);
        if !g.iter().all(|&g| g > 0.0) {
            return true;
        }
        let mu: Vec<f64> =
            self.players.iter().zip(&g).map(|(p, g)| p.bargaining_weight / g).collect();
        let back = self.terms(&mu, eta, scratch);
        back.iter().zip(terms).all(|(a, b)| (a - b).abs() <= 1e-4)
    }

    /// Four or more players, max–min: minimise `max_x Σ μ_i g_i(x)` over the simplex of
    /// μ by exact transfers of weight between pairs (the pair's gains are equalised, or
    /// one end is taken), cycling until the smallest gain stops improving.
    fn max_min_many(&self, eta: f64, scratch: &mut Scratch) -> Vec<f64> {
        let n = self.players.len();
        let mut mu = vec![1.0 / n as f64; n];
        let mut best = self.terms(&mu, eta, scratch);
        let mut best_min = min_gain(&self.gains(&best));
        let scratch = std::cell::RefCell::new(scratch);
        for _ in 0..MAX_CYCLES {
            let before = mu.clone();
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
                        None,
                        LN_RESOLUTION,
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
            let moved = mu.iter().zip(&before).fold(0.0_f64, |m, (a, b)| m.max((a - b).abs()));
            if !(moved > 1e-12) {
                break;
            }
        }
        best
    }

    /// Four or more players, Nash: minimise the convex dual
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
                    None,
                    LN_RESOLUTION,
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

/// The right-hand directional slope of `u_i` at `terms` along `dir`.
fn utility_slope(player: &Player, terms: &[f64], dir: &[f64]) -> f64 {
    let mut sum = 0.0;
    for k in 0..terms.len() {
        let (w, delta) = (player.weights[k], dir[k]);
        if w == 0.0 || delta == 0.0 {
            continue;
        }
        let dz = (terms[k] - player.positions[k]) / 100.0;
        let term = match (player.rho == 1.0, dz == 0.0) {
            // At the ideal point a linear loss rises whichever way the term moves.
            (true, true) => delta.abs(),
            (true, false) => dz.signum() * delta,
            (false, true) => 0.0,
            (false, false) => player.rho * power(dz.abs(), player.rho - 1.0) * dz.signum() * delta,
        };
        sum -= w * term / 100.0;
    }
    sum
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
// The bracket, the family, the condition, the segment search, the resolution and the
// box are all needed; a struct for them would only be built to be taken apart here.
#[allow(clippy::too_many_arguments)]
fn line_root<E, C>(
    t_lo: f64,
    t_hi: f64,
    eval: E,
    cond: C,
    segment_slope: Option<Slope<'_>>,
    resolution: f64,
    lo: &[f64],
    hi: &[f64],
) -> (Vec<f64>, f64)
where
    E: FnMut(f64) -> Vec<f64>,
    C: Fn(f64, &[f64]) -> f64,
{
    line_root_from(t_lo, t_hi, None, &[], eval, cond, segment_slope, resolution, lo, hi)
}

/// [`line_root`] warm-started: with `start`, the bracket is first sought within
/// [`WARM_WIDTH`] of it (the root of a nearby problem), falling back to the full range
/// on the side where the condition does not change sign. The result is the same root;
/// only the number of evaluations changes.
#[allow(clippy::too_many_arguments)]
fn line_root_from<E, C>(
    t_lo: f64,
    t_hi: f64,
    start: Option<f64>,
    jumps: &[f64],
    mut eval: E,
    cond: C,
    segment_slope: Option<Slope<'_>>,
    resolution: f64,
    lo: &[f64],
    hi: &[f64],
) -> (Vec<f64>, f64)
where
    E: FnMut(f64) -> Vec<f64>,
    C: Fn(f64, &[f64]) -> f64,
{
    let (mut a, mut b, mut xa, mut xb, mut ca, mut cb);
    match start.filter(|t| t.is_finite()) {
        Some(t0) => {
            let l = (t0 - WARM_WIDTH).max(t_lo);
            let h = (t0 + WARM_WIDTH).min(t_hi);
            let xl = eval(l);
            let cl = cond(l, &xl);
            if cl < 0.0 {
                (a, xa, ca) = (l, xl, cl);
                let xh = eval(h);
                let ch = cond(h, &xh);
                if ch > 0.0 {
                    (b, xb, cb) = (h, xh, ch);
                } else if ch < 0.0 {
                    (a, xa, ca) = (h, xh, ch);
                    b = t_hi;
                    xb = eval(b);
                    cb = cond(b, &xb);
                    if !(cb > 0.0) {
                        return (xb, b);
                    }
                } else {
                    return (xh, h);
                }
            } else if cl > 0.0 {
                (b, xb, cb) = (l, xl, cl);
                a = t_lo;
                xa = eval(a);
                ca = cond(a, &xa);
                if !(ca < 0.0) {
                    return (xa, a);
                }
            } else {
                return (xl, l);
            }
        }
        None => {
            a = t_lo;
            xa = eval(a);
            ca = cond(a, &xa);
            if !(ca < 0.0) {
                return (xa, a);
            }
            b = t_hi;
            xb = eval(b);
            cb = cond(b, &xb);
            if !(cb > 0.0) {
                return (xb, b);
            }
        }
    }
    // Known jumps of the family (sorted): a binary search over the plateaus between them
    // leaves one jump in the bracket, and its two sides are tested at once, instead of
    // bisecting t down to its resolution to find it.
    let first = jumps.partition_point(|&j| j <= a);
    let inside = &jumps[first..jumps.partition_point(|&j| j < b)];
    if !inside.is_empty() {
        let m = inside.len();
        let (mut lo_j, mut hi_j) = (0usize, m);
        while hi_j - lo_j > 1 {
            let mid = (lo_j + hi_j) / 2;
            let t = 0.5 * (inside[mid - 1] + inside[mid]);
            let x = eval(t);
            let c = cond(t, &x);
            if c == 0.0 {
                return (x, t);
            }
            match c < 0.0 {
                true => (a, xa, ca, lo_j) = (t, x, c, mid),
                false => (b, xb, cb, hi_j) = (t, x, c, mid),
            }
        }
        let jump = inside[lo_j];
        let delta = 0.25 * resolution;
        let (left, right) = (jump - delta, jump + delta);
        if left > a && right < b {
            let x = eval(left);
            let c = cond(left, &x);
            if c < 0.0 {
                (a, xa, ca) = (left, x, c);
                let x = eval(right);
                let c = cond(right, &x);
                match c < 0.0 {
                    true => (a, xa, ca) = (right, x, c),
                    false => (b, xb, cb) = (right, x, c),
                }
            } else {
                (b, xb, cb) = (left, x, c);
            }
        }
    }
    let mut side = 0_i32;
    for iter in 0..400 {
        let spread = xa.iter().zip(&xb).fold(0.0_f64, |m, (p, q)| m.max((p - q).abs()));
        if spread <= TERM_TOL || b - a <= resolution {
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
    if let Some(slope) = segment_slope {
        return (peak_on_segment(slope, &xa, &xb), t);
    }
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

/// The peak of a concave objective on the segment from `xa` to `xb`, by bisection on
/// the sign of its directional slope (exact to the last bits, where a search on the
/// objective's values would stop at the square root of the machine precision).
fn peak_on_segment(slope: &dyn Fn(&[f64], &[f64]) -> f64, xa: &[f64], xb: &[f64]) -> Vec<f64> {
    let dir: Vec<f64> = xa.iter().zip(xb).map(|(p, q)| q - p).collect();
    let along = |s: f64| -> Vec<f64> { xa.iter().zip(&dir).map(|(p, d)| p + s * d).collect() };
    if !(slope(xa, &dir) > 0.0) {
        return xa.to_vec();
    }
    if !(slope(xb, &dir) < 0.0) {
        return xb.to_vec();
    }
    let (mut s0, mut s1) = (0.0_f64, 1.0_f64);
    for _ in 0..100 {
        let s = 0.5 * (s0 + s1);
        if !(s > s0 && s < s1) {
            break;
        }
        match slope(&along(s), &dir) > 0.0 {
            true => s0 = s,
            false => s1 = s,
        }
    }
    // Both ends of the final bracket lie between xa and xb, inside the box.
    along(0.5 * (s0 + s1))
}

/// The best point of the segment from `xa` to `xb` (clipped to the box) for an
/// objective that is unimodal along it: golden section, compared with both ends.
fn best_on_segment<F>(
    f: &F,
    xa: &[f64],
    xb: &[f64],
    lo: &[f64],
    hi: &[f64],
) -> (Vec<f64>, (f64, f64))
where
    F: Fn(&[f64]) -> (f64, f64) + ?Sized,
{
    let along = |s: f64| -> Vec<f64> {
        xa.iter()
            .zip(xb)
            .enumerate()
            .map(|(k, (p, q))| (p + s * (q - p)).clamp(lo[k], hi[k]))
            .collect()
    };
    let ratio = 0.5 * (5.0_f64.sqrt() - 1.0);
    let (mut s0, mut s1) = (0.0_f64, 1.0_f64);
    let mut c = s1 - ratio * (s1 - s0);
    let mut e = s0 + ratio * (s1 - s0);
    let (mut fc, mut fe) = (f(&along(c)), f(&along(e)));
    for _ in 0..80 {
        match fc >= fe {
            true => {
                s1 = e;
                e = c;
                fe = fc;
                c = s1 - ratio * (s1 - s0);
                fc = f(&along(c));
            }
            false => {
                s0 = c;
                c = e;
                fc = fe;
                e = s0 + ratio * (s1 - s0);
                fe = f(&along(e));
            }
        }
    }
    let mid = along(0.5 * (s0 + s1));
    let fm = f(&mid);
    let (fa, fb) = (f(xa), f(xb));
    match (fa >= fm && fa >= fb, fb >= fm) {
        (true, _) => (xa.to_vec(), fa),
        (false, true) => (xb.to_vec(), fb),
        (false, false) => (mid, fm),
    }
}

/// The minimiser over z ∈ [a, b] (terms / 100) of
/// `Σ_i coef_i |z − q_i|^ρ_i − lin·z`, a convex function of one variable: the point
/// where its subgradient contains 0. Kinks (ρ = 1) are visited in order; between
/// them the derivative is continuous and increasing, and its root is found in closed
/// form (two players, equal ρ > 1) or by safeguarded Newton steps. Ties (a flat
/// stretch, ρ = 1) resolve to the left end; the segment move of the caller handles them.
pub(super) fn issue_optimum(
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
    for &q in breaks.iter() {
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

/// A Newton step of the per-issue root below this ends the search (terms are in [0, 1]
/// here; the step's error is of the order of its square times the curvature ratio).
const NEWTON_DONE: f64 = 1e-11;

/// The root of the continuous, increasing derivative on (l, r), where it is negative at
/// l and positive at r.
fn smooth_root(players: &[Player], k: usize, coef: &[f64], lin: f64, l: f64, r: f64) -> f64 {
    // Closed form: two players with equal ρ > 1 and no linear term,
    // c_A (z − q_A)^{ρ−1} = c_B (q_B − z)^{ρ−1} ⇒ z = (q_A + r q_B)/(1 + r),
    // r = (c_B/c_A)^{1/(ρ−1)}, computed in logs so ρ near 1 does not overflow.
    // Closed form: every player with weight quadratic (ρ = 2, the common risk-averse
    // case), with or without the linear term: Σ 2c_i (z − q_i) = lin is linear in z.
    let (mut sum_c, mut sum_cq, mut quadratic, mut count) = (0.0, 0.0, true, 0);
    let mut pair = [0usize; 2];
    for (i, p) in players.iter().enumerate() {
        if coef[i] != 0.0 {
            quadratic &= p.rho == 2.0;
            sum_c += coef[i];
            sum_cq += coef[i] * p.positions[k] / 100.0;
            if count < 2 {
                pair[count] = i;
            }
            count += 1;
        }
    }
    if quadratic && sum_c > 0.0 {
        return ((sum_cq + 0.5 * lin) / sum_c).clamp(l, r);
    }
    if count == 2 && lin == 0.0 {
        let (i, j) = (pair[0], pair[1]);
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
                // m^{ρ−2} = m^{ρ−1}/m: one power per player and step.
                let slope = power(m, p.rho - 1.0);
                f += c * p.rho * dz.signum() * slope;
                fp += c * p.rho * (p.rho - 1.0) * slope / m;
            }
        }
        (f, fp)
    };
    // Newton's method kept inside the bracket (as in Numerical Recipes' `rtsafe`): a
    // Newton step is taken when it stays inside and at least halves the step before
    // last, else the bracket is bisected. Near a player's ideal point the second
    // derivative is infinite for ρ < 2 and Newton crawls; the halving rule turns such
    // steps into bisections, so the bracket shrinks geometrically whatever happens.
    let (mut lo, mut hi) = (l, r);
    // Start at the root of the quadratic case (the weighted mean of the positions), which
    // is near the root whatever ρ, or mid-bracket when that is not inside.
    let mut z = match (sum_cq + 0.5 * lin) / sum_c {
        v if v > lo && v < hi => v,
        _ => 0.5 * (lo + hi),
    };
    let (mut step, mut step_before) = (hi - lo, hi - lo);
    for _ in 0..200 {
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
        let inside = newton.is_finite() && newton > lo && newton < hi;
        // Converged: a Newton step this small leaves an error of the order of its square
        // (far below the last bits of z), so the step's end is the root.
        if inside && (newton - z).abs() <= NEWTON_DONE {
            return newton.clamp(l, r);
        }
        let fast = inside && 2.0 * (newton - z).abs() <= step_before.abs();
        step_before = step;
        (step, z) = match fast {
            true => (newton - z, newton),
            false => (0.5 * (hi - lo), 0.5 * (lo + hi)),
        };
    }
    z.clamp(l, r)
}
