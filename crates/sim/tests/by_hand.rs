//! The worked example of `docs/models.md`, "Reproducing one period by hand": period 0 of
//! `testdata/scenarios/by-hand.toml`, recomputed here with the formulas the document
//! shows (plain arithmetic: nothing of the engine's but its random stream, for the
//! battle's noise) and compared with the engine's trace.
//!
//! Every number the document prints goes through [`Page::shows`]: the value computed
//! here, rounded to the digits printed, must read exactly as printed, and the printed
//! string must appear in the document's section. The trace excerpts the section quotes
//! must be lines of today's rendered trace. So neither the page nor the engine can change
//! without this test noticing.

use armistice_scenario::dist::stream;
use armistice_scenario::types::Scenario;
use armistice_sim::engine::Prepared;
use armistice_sim::trace::{TalksOutcome, Trace};
use rand::Rng;
use rand_distr::StandardNormal;

const SCENARIO: &str = include_str!("../../../testdata/scenarios/by-hand.toml");
const MODELS: &str = include_str!("../../../docs/models.md");
const HEADING: &str = "### Reproducing one period by hand";

/// The document's section, and the checks of the numbers it prints.
struct Page {
    section: &'static str,
}

impl Page {
    fn new() -> Page {
        let start = MODELS.find(HEADING).expect("docs/models.md has the section");
        let rest = &MODELS[start + HEADING.len()..];
        let end = rest.find("\n### ").or_else(|| rest.find("\n## ")).unwrap_or(rest.len());
        Page { section: &rest[..end] }
    }

    /// `value`, rounded to as many decimals as `printed` has, reads `printed` (the
    /// document writes minus as "−"), and the section prints it.
    fn shows(&self, what: &str, value: f64, printed: &str) {
        let ascii = printed.replace('−', "-");
        let decimals = ascii.split_once('.').map_or(0, |(_, d)| d.len());
        let ours = format!("{value:.decimals$}");
        assert_eq!(ours, ascii, "{what}: computed {value}, the page prints {printed}");
        assert!(self.section.contains(printed), "{what}: the page no longer prints {printed}");
    }

    /// The same in the trace's scientific notation with three decimals (`-4.058e-3`).
    fn shows_scientific(&self, what: &str, value: f64, printed: &str) {
        let ours = format!("{value:.3e}");
        assert_eq!(
            ours,
            printed.replace('−', "-"),
            "{what}: computed {value}, the page prints {printed}"
        );
        assert!(self.section.contains(printed), "{what}: the page no longer prints {printed}");
    }

    /// Every line of `excerpt` is a line of the section.
    fn quotes(&self, what: &str, excerpt: &str) {
        for line in excerpt.lines() {
            assert!(
                self.section.lines().any(|l| l == line),
                "{what}: the page does not quote the trace line\n{line}"
            );
        }
    }
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn scenario() -> Scenario {
    let (sc, diags) = armistice_scenario::validate("by-hand.toml", SCENARIO, None);
    assert!(diags.is_empty(), "{}", armistice_scenario::render("by-hand.toml", SCENARIO, &diags));
    sc.expect("valid")
}

/// `d = (1 − β) Σ_{τ<h} β^τ [u(T̂_τ) − k] + β^h u(T̂_h)` (war-model §4) on a path T̂.
fn disagreement(path: &[f64], u: impl Fn(f64) -> f64, k: f64, beta: f64) -> f64 {
    let h = path.len() - 1;
    let flow: f64 =
        (0..h).map(|tau| (1.0 - beta) * beta.powi(tau as i32) * (u(path[tau]) - k)).sum();
    flow + beta.powi(h as i32) * u(path[h])
}

#[test]
fn period_zero_of_the_by_hand_scenario_reads_as_the_page_prints_it() {
    let sc = scenario();
    let page = Page::new();
    let mut trace = Trace::default();
    let history = Prepared::new(&sc).simulate_traced(sc.meta.seed, 0, &mut trace);
    let p0 = &trace.periods[0];

    // The scenario's numbers, as the page states them.
    let (kappa, eta, gamma, sigma): (f64, f64, f64, f64) = (0.04, 0.01, 1.0, 1.0);
    let (beta, h): (f64, usize) = (0.9, 4);
    let (k_a, k_b) = (0.01, 0.02);
    let (b_a, b_b) = (2.0, 1.0);
    let (mu_a, mu_b, var0): (f64, f64, f64) = (0.3, -0.3, 0.04);
    let (theta, c0, delta): (f64, f64, f64) = (-0.1, 0.5, 0.005);
    assert_eq!(p0.sigma, sigma);

    // Talks: each side projects the line under its own belief (S_A = S_B, so
    // π = logistic(γμ)), T̂_τ = c0 + τ κσ(π − ½), and the terms force would impose are
    // x̃ = 100·T̂ (p_A = 100, p_B = 0, φ = 1): u_A = −(1 − T̂), u_B = −T̂.
    let path = |mu: f64| -> Vec<f64> {
        let step = kappa * sigma * (logistic(gamma * mu) - 0.5);
        (0..=h).map(|tau| c0 + tau as f64 * step).collect()
    };
    let u_a = |t: f64| -(1.0 - t);
    let u_b = |t: f64| -t;
    let weights: Vec<f64> = (0..h).map(|tau| (1.0 - beta) * beta.powi(tau as i32)).collect();
    let path_a = path(mu_a);
    let path_b = path(mu_b);
    let d_a = disagreement(&path_a, u_a, k_a, beta);
    let d_b = disagreement(&path_b, u_b, k_b, beta);
    // The mediator (none is named) projects with the b-weighted mean belief.
    let mu_n = (b_a * mu_a + b_b * mu_b) / (b_a + b_b);
    let path_n = path(mu_n);
    let dm_a = disagreement(&path_n, u_a, k_a, beta);
    let dm_b = disagreement(&path_n, u_b, k_b, beta);
    // Two linear players on one issue: g_A = y − 1 − d_A, g_B = −y − d_B (y = x/100); the
    // Nash condition b_A g_B = b_B g_A gives g_A = b_A/(b_A + b_B) · S with S = g_A + g_B.
    let surplus_m = -1.0 - dm_a - dm_b;
    let tabled = 100.0 * (1.0 + dm_a + b_a / (b_a + b_b) * surplus_m);
    let value_a = u_a(tabled / 100.0);
    let value_b = u_b(tabled / 100.0);
    // The max–min point under the sides' own d: g_A = g_B = S/2.
    let slack = (-1.0 - d_a - d_b) / 2.0;

    let talks = &p0.talks[0];
    assert_eq!(talks.outcome, TalksOutcome::Refused);
    let close = |what: &str, engine: f64, ours: f64, tol: f64| {
        assert!((engine - ours).abs() <= tol, "{what}: engine {engine}, by hand {ours}");
    };
    // The engine projects with the grid's prior mean, which the grid's cut at μ ± 6√V
    // (the nodes span −1.5 to 1.5) moves by about 10⁻⁹: hence 10⁻⁹, not rounding error.
    close("d_A", talks.players[0].disagreement, d_a, 1e-9);
    close("d_B", talks.players[1].disagreement, d_b, 1e-9);
    close("d_A^M", talks.players[0].mediator_disagreement, dm_a, 1e-9);
    close("d_B^M", talks.players[1].mediator_disagreement, dm_b, 1e-9);
    close("x^p", talks.terms[0], tabled, 1e-7);
    close("U_A", talks.players[0].value, value_a, 1e-9);
    close("U_B", talks.players[1].value, value_b, 1e-9);
    close("slack", talks.range.expect("range"), slack, 1e-9);
    assert!(value_a >= d_a && talks.players[0].accepts);
    assert!(value_b < d_b && !talks.players[1].accepts);
    assert_eq!(talks.blamed, vec![sc.campaign.as_ref().expect("campaign").sides[1]]);

    // Battle: c1 = c0 + κσ(π(θ) − ½) + η ε, ε the first draw of the run's battle stream.
    let pi_true = logistic(gamma * theta);
    let drift = kappa * sigma * (pi_true - 0.5);
    let epsilon: f64 = stream(sc.meta.seed, 0, "battle").sample(StandardNormal);
    let c1 = c0 + drift + eta * epsilon;
    close("c1", p0.control[0], c1, 1e-15);
    assert_eq!(history.control[1], vec![p0.control[0]]);

    // Beliefs, the exact way (a spreadsheet of 101 rows): nodes θ_n = −1.5 + 0.03 n,
    // weights ∝ exp(−(θ_n − μ_0)²/(2V_0) − (c1 − e(θ_n))²/(2η²)).
    let posterior = |mu0: f64| -> (f64, f64) {
        let nodes: Vec<f64> = (0..101).map(|n| -1.5 + 0.03 * n as f64).collect();
        let log_w: Vec<f64> = nodes
            .iter()
            .map(|&t| {
                let e = c0 + kappa * sigma * (logistic(gamma * t) - 0.5);
                -(t - mu0).powi(2) / (2.0 * var0) - (c1 - e).powi(2) / (2.0 * eta * eta)
            })
            .collect();
        let top = log_w.iter().copied().fold(f64::MIN, f64::max);
        let w: Vec<f64> = log_w.iter().map(|l| (l - top).exp()).collect();
        let total: f64 = w.iter().sum();
        let mean = nodes.iter().zip(&w).map(|(t, w)| t * w).sum::<f64>() / total;
        let var = nodes.iter().zip(&w).map(|(t, w)| (t - mean).powi(2) * w).sum::<f64>() / total;
        (mean, var)
    };
    let post_a = posterior(mu_a);
    let post_b = posterior(mu_b);
    close("μ_A(1)", p0.belief[0].0, post_a.0, 1e-9);
    close("V_A(1)", p0.belief[0].1, post_a.1, 1e-9);
    close("μ_B(1)", p0.belief[1].0, post_b.0, 1e-9);
    close("V_B(1)", p0.belief[1].1, post_b.1, 1e-9);
    // And the calculator's way: π(θ') ≈ ½ + γθ'/4 makes the step a normal observation of
    // θ, θ_obs = 4(c1 − c0)/(κσγ) with variance R = (4η/(κσγ))² = 1 (the Kalman step).
    let theta_obs = 4.0 * (c1 - c0) / (kappa * sigma * gamma);
    let r = (4.0 * eta / (kappa * sigma * gamma)).powi(2);
    let var1 = 1.0 / (1.0 / var0 + 1.0 / r);
    let kalman = |mu0: f64| var1 * (mu0 / var0 + theta_obs / r);
    close("μ_A(1) Kalman", p0.belief[0].0, kalman(mu_a), 1e-3);
    close("μ_B(1) Kalman", p0.belief[1].0, kalman(mu_b), 1e-3);
    close("V(1) Kalman", p0.belief[0].1, var1, 3e-4);

    // Strengths: S(1) = S + r + aid − δσS, the same for both sides.
    let s1 = 1.0 - delta * sigma * 1.0;
    assert_eq!(p0.strength, [s1, s1]);
    // The trace's T̂ column: the projection from the new line under the new belief.
    let end_a = c1 + h as f64 * kappa * sigma * (logistic(gamma * p0.belief[0].0) - 0.5);
    let end_b = c1 + h as f64 * kappa * sigma * (logistic(gamma * p0.belief[1].0) - 0.5);
    close("T̂_A at the period's end", p0.projected[0], end_a, 1e-12);
    close("T̂_B at the period's end", p0.projected[1], end_b, 1e-12);

    // What the rest of the run does: the range opens, and the ceasefire is signed.
    let signing = &history.signings[0];
    let slack_at = |t: usize| trace.periods[t].talks[0].range.expect("range computable");
    assert!((0..signing.period as usize).all(|t| slack_at(t) < 0.0));
    assert!(slack_at(signing.period as usize) > 0.0);

    // The page: the numbers it prints, in the order it prints them.
    let flow = |path: &[f64], u: &dyn Fn(f64) -> f64| -> f64 {
        (0..h).map(|tau| weights[tau] * u(path[tau])).sum()
    };
    let terminal = |path: &[f64], u: &dyn Fn(f64) -> f64| beta.powi(h as i32) * u(path[h]);
    let cost_part = |k: f64| k * (1.0 - beta.powi(h as i32));
    page.shows("(1 − β)β^0", weights[0], "0.1");
    page.shows("(1 − β)β^1", weights[1], "0.09");
    page.shows("(1 − β)β^2", weights[2], "0.081");
    page.shows("(1 − β)β^3", weights[3], "0.0729");
    page.shows("β^4", beta.powi(h as i32), "0.6561");
    page.shows("π(μ_A)", logistic(gamma * mu_a), "0.574443");
    page.shows("π(μ_A) − ½", logistic(gamma * mu_a) - 0.5, "0.074443");
    page.shows("1 − β^4", 1.0 - beta.powi(h as i32), "0.3439");
    page.shows("A's projected step", path_a[1] - c0, "0.002978");
    page.shows("T̂_A(1)", path_a[1], "0.502978");
    page.shows("T̂_A(2)", path_a[2], "0.505955");
    page.shows("T̂_A(3)", path_a[3], "0.508933");
    page.shows("T̂_A(4)", path_a[4], "0.511911");
    page.shows("1 − T̂_A(1)", 1.0 - path_a[1], "0.497022");
    page.shows("1 − T̂_A(2)", 1.0 - path_a[2], "0.494045");
    page.shows("1 − T̂_A(3)", 1.0 - path_a[3], "0.491067");
    page.shows("1 − T̂_A(4)", 1.0 - path_a[4], "0.488089");
    page.shows("A's flow", flow(&path_a, &u_a), "−0.1705484");
    page.shows("A's cost", cost_part(k_a), "0.0034390");
    page.shows("A's terminal value", terminal(&path_a, &u_a), "−0.3202353");
    page.shows("d_A", d_a, "−0.4942227");
    page.shows("π(μ_B)", logistic(gamma * mu_b), "0.425557");
    page.shows("B's projected step", path_b[1] - c0, "−0.002978");
    page.shows("T̂_B(4)", path_b[4], "0.488089");
    page.shows("B's flow", flow(&path_b, &u_b), "−0.1705484");
    page.shows("B's cost", cost_part(k_b), "0.0068780");
    page.shows("B's terminal value", terminal(&path_b, &u_b), "−0.3202353");
    page.shows("d_B", d_b, "−0.4976617");
    page.shows("S", -1.0 - d_a - d_b, "−0.0081156");
    page.shows("range slack", slack, "−0.0040578");
    page.shows("μ_N", mu_n, "0.1");
    page.shows("π(μ_N)", logistic(gamma * mu_n), "0.524979");
    page.shows("the mediator's projected step", path_n[1] - c0, "0.000999");
    page.shows("T̂_N(4)", path_n[4], "0.503997");
    page.shows("A's flow, mediator's path", flow(&path_n, &u_a), "−0.1714797");
    page.shows("A's terminal value, mediator's path", terminal(&path_n, &u_a), "−0.3254278");
    page.shows("d_A^M", dm_a, "−0.5003465");
    page.shows("B's flow, mediator's path", flow(&path_n, &u_b), "−0.1724203");
    page.shows("B's terminal value, mediator's path", terminal(&path_n, &u_b), "−0.3306722");
    page.shows("d_B^M", dm_b, "−0.5099705");
    page.shows("S^M", surplus_m, "0.0103170");
    page.shows("x^p", tabled, "50.65315");
    page.shows("U_A(x^p)", value_a, "−0.4934685");
    page.shows("U_B(x^p)", value_b, "−0.5065315");
    page.shows("A's gain", value_a - d_a, "0.0007542");
    page.shows("B's shortfall", d_b - value_b, "0.0088698");
    page.shows("π(θ)", pi_true, "0.475021");
    page.shows("drift", drift, "−0.000999");
    page.shows("ε", epsilon, "0.015933");
    page.shows("c(1)", c1, "0.499160");
    page.shows("μ_A(1)", post_a.0, "0.286006");
    page.shows("V_A(1)", post_a.1, "0.038643");
    page.shows("μ_B(1)", post_b.0, "−0.292304");
    page.shows("V_B(1)", post_b.1, "0.038614");
    page.shows("θ_obs", theta_obs, "−0.083983");
    page.shows("V(1), Kalman", var1, "0.038462");
    page.shows("μ_A(1), Kalman", kalman(mu_a), "0.285231");
    page.shows("μ_B(1), Kalman", kalman(mu_b), "−0.291692");
    page.shows("S(1)", s1, "0.995");
    page.shows("T̂_A at the period's end", end_a, "0.510523");
    page.shows("T̂_B at the period's end", end_b, "0.487551");
    for (t, printed) in [(0, "−4.058e-3"), (1, "−3.729e-3"), (2, "−3.421e-3")] {
        page.shows_scientific("the range slack", slack_at(t), printed);
    }
    page.shows("the first signing's period", f64::from(signing.period), "21");
    page.shows("the first signing's terms", signing.terms[0].1, "43.98");

    // The trace excerpts: the header and period 0, and the period of the signing.
    let rendered = trace.render(&sc);
    let lines: Vec<&str> = rendered.lines().collect();
    let first = lines.iter().position(|l| l.starts_with("   1  ")).expect("period 1");
    page.quotes("period 0", &lines[..first].join("\n"));
    let at = format!("{:>4}  ", signing.period);
    let signed = lines.iter().position(|l| l.starts_with(&at)).expect("the signing period");
    page.quotes("the signing", &lines[signed..signed + 4].join("\n"));
}
