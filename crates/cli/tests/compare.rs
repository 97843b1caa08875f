//! `armistice compare` and `armistice sensitivity` on the command line, on the tiny
//! scenario of `testdata/report/` (a few dozen runs, fast even in a debug build).

use std::path::PathBuf;

mod common;

use common::{armistice, path};

fn data(name: &str) -> PathBuf {
    common::data("report", name)
}

#[test]
fn compare_requires_an_overlay() {
    let (code, _, stderr) = armistice(&["compare"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--overlay"), "{stderr}");
}

#[test]
fn an_overlay_that_changes_nothing_reports_exactly_zero() {
    let (s, o) = (data("tiny.toml"), data("no-change.toml"));
    let (code, stdout, stderr) = armistice(&[
        "compare",
        path(&s),
        "--overlay",
        path(&o),
        "--runs",
        "40",
        "--threads",
        "2",
        "--json",
        "-",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_default();
    let c = &v[0];
    assert_eq!(c["overlay"], "no-change.toml");
    assert_eq!(c["title"], "Nothing changes");
    assert_eq!(c["runs"], 40);
    let mut checked = 0;
    for list in ["questions", "outcomes"] {
        for item in c[list].as_array().cloned().unwrap_or_default() {
            assert_eq!(item["diff"], 0.0, "{item}");
            assert_eq!(item["ci95"], serde_json::json!([0.0, 0.0]), "{item}");
            assert_eq!(item["baseline"], item["overlay"], "{item}");
            checked += 1;
        }
    }
    assert_eq!(checked, 1 + 5);
}

#[test]
fn sensitivity_lists_every_uncertain_input() {
    let s = data("tiny.toml");
    let (code, stdout, stderr) =
        armistice(&["sensitivity", path(&s), "--runs", "20", "--threads", "2", "--json", "-"]);
    assert_eq!(code, 0, "{stderr}");
    // Three uncertain inputs, 20 runs each for the baseline and each end of each swing.
    assert!(
        stderr.contains("3 uncertain inputs, 20 runs per setting, 140 runs in all"),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_default();
    assert_eq!(v["cost_runs"], 140);
    let q = &v["answers"][0];
    assert_eq!(q["id"], "question.ceasefire_by_june");
    let mut paths: Vec<String> = q["inputs"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|i| i["path"].as_str().map(String::from))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 3, "{paths:?}");
}
