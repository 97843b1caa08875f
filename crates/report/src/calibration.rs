//! Calibration tables: forecasts grouped into ten equal-width probability bins, with the
//! mean forecast and the observed frequency of each bin.
//!
//! Bin `k` (0 ≤ k ≤ 9) holds forecasts in `[k/10, (k+1)/10)`; the last bin also holds 1.
//! The bin edges are the doubles nearest to `k/10`, so a forecast written as `0.7` lands
//! in bin 7, never in bin 6 by a rounding error. A well-calibrated forecaster's observed
//! frequency in each bin is close to its mean forecast.

use serde::{Deserialize, Serialize};

/// Number of equal-width bins.
pub const BINS: usize = 10;

/// One bin of a calibration table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bin {
    /// Lower edge (inclusive).
    pub lo: f64,
    /// Upper edge (exclusive, except for the last bin).
    pub hi: f64,
    /// Forecasts in the bin.
    pub count: u64,
    /// Mean forecast of the bin; `null` when it is empty.
    pub mean_forecast: Option<f64>,
    /// Share of the bin's questions that resolved true; `null` when it is empty.
    pub observed: Option<f64>,
}

/// The calibration table of `(forecast, outcome)` pairs: always [`BINS`] bins, empty ones
/// included, so tables of different forecasts line up row by row.
///
/// Forecasts outside [0, 1] are clamped into it; NaN forecasts are skipped (the caller
/// rejects them before scoring).
///
/// # Examples
/// ```
/// use armistice_report::calibration::table;
/// let bins = table(&[(0.72, true), (0.75, false), (0.05, false)]);
/// assert_eq!(bins[7].count, 2);
/// assert_eq!(bins[7].observed, Some(0.5));
/// assert_eq!(bins[0].count, 1);
/// ```
pub fn table(pairs: &[(f64, bool)]) -> Vec<Bin> {
    let mut count = [0u64; BINS];
    let mut sum = [0.0f64; BINS];
    let mut hits = [0u64; BINS];
    for &(p, outcome) in pairs {
        if p.is_nan() {
            continue;
        }
        let k = bin_of(p);
        count[k] += 1;
        sum[k] += p.clamp(0.0, 1.0);
        hits[k] += u64::from(outcome);
    }
    (0..BINS)
        .map(|k| Bin {
            lo: edge(k),
            hi: edge(k + 1),
            count: count[k],
            mean_forecast: (count[k] > 0).then(|| sum[k] / count[k] as f64),
            observed: (count[k] > 0).then(|| hits[k] as f64 / count[k] as f64),
        })
        .collect()
}

/// The bin of forecast `p` (clamped into [0, 1]).
pub fn bin_of(p: f64) -> usize {
    let p = p.clamp(0.0, 1.0);
    // The product may round across an edge (0.7 × 10 is not exactly 7 in every case), so
    // the first guess is corrected against the edges themselves.
    let mut k = ((p * BINS as f64).floor() as usize).min(BINS - 1);
    if k + 1 < BINS && p >= edge(k + 1) {
        k += 1;
    }
    if k > 0 && p < edge(k) {
        k -= 1;
    }
    k
}

/// The `k`-th bin edge: the double nearest to `k / BINS`.
fn edge(k: usize) -> f64 {
    k as f64 / BINS as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_fall_into_the_upper_bin() {
        for k in 0..BINS {
            let p: f64 = format!("0.{k}").parse().unwrap_or(0.0);
            assert_eq!(bin_of(p), k, "p = {p}");
        }
        assert_eq!(bin_of(1.0), 9);
        assert_eq!(bin_of(0.0999999), 0);
        assert_eq!(bin_of(-0.5), 0);
        assert_eq!(bin_of(1.5), 9);
    }

    #[test]
    fn synthetic_set_with_known_frequencies_lands_in_the_right_bins() {
        // Bin k gets 10·(k+1) forecasts of (k + 0.5)/10, of which exactly k+1 per ten
        // resolve true: observed frequency (k+1)/10 by construction.
        let mut pairs = Vec::new();
        for k in 0..BINS {
            let n = 10 * (k + 1);
            let p = (k as f64 + 0.5) / 10.0;
            for i in 0..n {
                pairs.push((p, i % 10 < k + 1));
            }
        }
        let bins = table(&pairs);
        assert_eq!(bins.len(), BINS);
        for (k, b) in bins.iter().enumerate() {
            assert_eq!(b.count, 10 * (k as u64 + 1), "bin {k}");
            let expect_mean = (k as f64 + 0.5) / 10.0;
            assert!((b.mean_forecast.unwrap_or(f64::NAN) - expect_mean).abs() < 1e-12);
            let expect_obs = (k as f64 + 1.0) / 10.0;
            assert!((b.observed.unwrap_or(f64::NAN) - expect_obs).abs() < 1e-12, "bin {k}");
            assert!((b.lo - k as f64 / 10.0).abs() < 1e-15);
        }
    }

    #[test]
    fn empty_bins_have_no_means_and_nan_is_skipped() {
        let bins = table(&[(0.55, true), (f64::NAN, true)]);
        assert_eq!(bins.iter().map(|b| b.count).sum::<u64>(), 1);
        assert_eq!(bins[5].observed, Some(1.0));
        assert_eq!(bins[4].mean_forecast, None);
        assert_eq!(bins[4].observed, None);
    }
}
