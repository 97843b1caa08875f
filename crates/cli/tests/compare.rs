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

/// The real war model on the illustrative scenario: raising Varnia's cost of war
/// moves the valley's settlement toward Oster's position (war-model §9.3), and an overlay
/// that changes nothing gives exactly zero everywhere.
#[test]
fn raising_one_sides_cost_moves_the_settlement_toward_the_other_side() {
    let (cost, same) = (data("illustrative-varnia-cost.toml"), data("illustrative-no-change.toml"));
    let scenario = common::data("scenarios", "illustrative.toml");
    let args = [
        "compare",
        path(&scenario),
        "--overlay",
        path(&cost),
        "--overlay",
        path(&same),
        "--runs",
        "300",
    ];
    let (code, stdout, stderr) = armistice(&[&args[..], &["--json", "-"]].concat());
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("compare writes JSON");
    let valley = |i: usize| {
        json[i]["issues"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["id"] == "valley"))
            .map(|x| x["settlement"].clone())
            .expect("the valley's settlement is compared")
    };
    // Varnia wants 95, Oster 10: a costlier war for Varnia lowers the valley's terms.
    let moved = valley(0);
    assert!(moved["diff"].as_f64().unwrap_or(0.0) < 0.0, "{moved}");
    assert!(moved["ci95"][1].as_f64().unwrap_or(0.0) < 0.0, "{moved}");
    // Nothing changes: every difference and interval end is exactly zero.
    for section in ["questions", "outcomes"] {
        for row in json[1][section].as_array().expect("rows") {
            assert_eq!(row["diff"].as_f64(), Some(0.0), "{row}");
            assert_eq!(row["ci95"], serde_json::json!([0.0, 0.0]), "{row}");
        }
    }
    assert_eq!(valley(1)["diff"].as_f64(), Some(0.0));
}
