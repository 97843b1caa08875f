//! `armistice score` end to end: hand-computed scores, JSON output, and exit codes for
//! bad input.

use std::path::PathBuf;

mod common;

use common::{armistice, path};

fn data(name: &str) -> PathBuf {
    common::data("score", name)
}

#[test]
fn scores_match_hand_computed_values() {
    let (f, r) = (data("forecast.json"), data("resolutions.json"));
    let (code, stdout, stderr) = armistice(&["score", path(&f), path(&r), "--json", "-"]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_default();
    assert_eq!(v["n"], 4);
    // (0.01 + 0.04 + 0.36 + 0.25) / 4.
    assert!((v["brier"].as_f64().unwrap_or(f64::NAN) - 0.165).abs() < 1e-12);
    let log = (0.9f64.ln() + 0.8f64.ln() + 0.4f64.ln() + 0.5f64.ln()) / 4.0;
    assert!((v["log"].as_f64().unwrap_or(f64::NAN) - log).abs() < 1e-12);
    assert_eq!(v["unresolved"], serde_json::json!(["q5"]));
    assert_eq!(v["unknown"], serde_json::json!(["q9"]));
    assert_eq!(v["baselines"][0]["name"], "base_rate");
    assert_eq!(v["baselines"][0]["brier"], 0.25);
    assert_eq!(v["calibration"].as_array().map(Vec::len), Some(10));
    assert_eq!(v["calibration"][9]["count"], 1);
    assert_eq!(v["calibration"][9]["observed"], 1.0);
}

#[test]
fn human_summary_lists_left_out_questions() {
    let (f, r) = (data("forecast.json"), data("resolutions.json"));
    let (code, stdout, _) = armistice(&["score", path(&f), path(&r)]);
    assert_eq!(code, 0);
    assert!(stdout.contains("4 questions scored"), "{stdout}");
    assert!(stdout.contains("0.1650"), "{stdout}");
    assert!(stdout.contains("left out, no resolution: q5"), "{stdout}");
    assert!(stdout.contains("resolutions not in the forecast: q9"), "{stdout}");
}

#[test]
fn bad_json_exits_1_naming_file_line_and_column() {
    let (f, r) = (data("forecast.json"), data("bad.json"));
    let (code, stdout, stderr) = armistice(&["score", path(&f), path(&r)]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("bad.json:2:9: expected value"), "{stderr}");
    assert!(stderr.contains("hint: expected an object of question ids"), "{stderr}");
}

#[test]
fn missing_file_exits_1_and_missing_argument_exits_2() {
    let f = data("forecast.json");
    let (code, _, stderr) = armistice(&["score", path(&f), "no-such-file.json"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("failed to read no-such-file.json"), "{stderr}");
    let (code, _, _) = armistice(&["score", path(&f)]);
    assert_eq!(code, 2);
}

#[test]
fn out_of_range_probability_exits_1() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = dir.path().join("f.json");
    std::fs::write(&f, r#"{"questions":[{"id":"a","probability":1.5}]}"#).unwrap_or_default();
    let (code, _, stderr) = armistice(&["score", path(&f), path(&data("resolutions.json"))]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("question `a` has probability 1.5, expected a number in [0, 1]"),
        "{stderr}"
    );
}

#[test]
fn backtest_reports_every_static_model_against_the_mean() {
    let (code, stdout, stderr) = armistice(&["backtest", path(&data("backtest.csv"))]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("3 issues with recorded outcomes"), "{stdout}");
    for model in ["mean", "median", "expected-utility", "smp"] {
        assert!(stdout.contains(model), "{model} missing: {stdout}");
    }
    assert!(stdout.contains("MAE − mean"), "{stdout}");
}

#[test]
fn backtest_without_outcomes_exits_1_with_a_hint() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let f = dir.path().join("t.csv");
    std::fs::write(&f, "issue,actor,position,salience,capability\nx,a,10,50,1\nx,b,90,50,1\n")
        .unwrap_or_default();
    let (code, _, stderr) = armistice(&["backtest", path(&f)]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no issue has a recorded outcome"), "{stderr}");
    assert!(stderr.contains("hint: add an `outcome` column"), "{stderr}");
}
