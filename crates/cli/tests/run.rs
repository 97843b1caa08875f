//! `armistice run` through the binary: determinism across threads and seeds, the
//! summary, extra questions, and usage errors.

mod common;

use common::{output as armistice, stdout, write};

/// A small war with a mediator, one ceasefire kind and one question.
const TOY: &str = include_str!("../../../testdata/cli/toy-war.toml");

/// An extra question, as `--questions` reads them.
const EXTRA: &str = r#"
[[question]]
id = "cf_in_force"
text = "Will a ceasefire be in force on 1 January 2026?"
close = 2026-01-01
when = { in_force = "ceasefire" }
"#;

#[test]
fn json_is_byte_identical_on_1_and_8_threads_and_moves_with_the_seed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let toy = write(dir.path(), "toy.toml", TOY);
    let toy = toy.to_str().expect("utf-8 path");
    let json = |threads: &str, seed: &str| {
        stdout(&armistice(&[
            "run",
            toy,
            "--runs",
            "400",
            "--seed",
            seed,
            "--threads",
            threads,
            "--json",
            "-",
        ]))
    };
    let one = json("1", "7");
    assert_eq!(one, json("8", "7"));
    assert_ne!(one, json("1", "8"));
    let f: serde_json::Value = serde_json::from_str(&one).expect("valid JSON");
    assert_eq!(f["runs"], 400);
    assert_eq!(f["seed"], 7);
    assert_eq!(f["scenario"], "toy");
    assert_eq!(f["scenario_sha256"].as_str().map(str::len), Some(64));
    assert!(f.get("runs_completed").is_none());
    let p = f["questions"][0]["probability"].as_f64().expect("a probability");
    let ci = &f["questions"][0]["ci95"];
    assert!(ci[0].as_f64() <= Some(p) && Some(p) <= ci[1].as_f64());
    let outcomes: f64 =
        f["outcomes"].as_object().expect("map").values().filter_map(|v| v.as_f64()).sum();
    assert!((outcomes - 1.0).abs() < 1e-5, "outcome shares sum to {outcomes}");
    assert_eq!(f["series"]["any_ceasefire_in_force"].as_array().map(Vec::len), Some(52));
}

#[test]
fn summary_shows_questions_outcomes_and_extra_questions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let toy = write(dir.path(), "toy.toml", TOY);
    let extra = write(dir.path(), "extra.toml", EXTRA);
    let json = dir.path().join("out.json");
    let text = stdout(&armistice(&[
        "run",
        toy.to_str().expect("utf-8"),
        "--runs",
        "100",
        "--questions",
        extra.to_str().expect("utf-8"),
        "--json",
        json.to_str().expect("utf-8"),
    ]));
    for needle in ["Questions", "cf_in_force", "Outcomes", "ceasefire holds", "Border"] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
    let f: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("JSON written"))
            .expect("valid");
    assert_eq!(f["questions"].as_array().map(Vec::len), Some(2));
}

#[test]
fn zero_runs_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let toy = write(dir.path(), "toy.toml", TOY);
    let out = armistice(&["run", toy.to_str().expect("utf-8"), "--runs", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--runs"));
}

/// With no scenario, `run` forecasts the embedded flagship with its questions, and the
/// flagship's warnings are counted rather than printed one by one.
#[test]
fn no_scenario_forecasts_the_embedded_flagship_with_its_questions() {
    let out = armistice(&["run", "--runs", "2", "--threads", "1"]);
    let text = stdout(&out);
    assert!(text.starts_with("flagship: 2 runs, seed 20250401"), "{text}");
    assert!(text.contains("gc_signed_2025"), "the flagship's questions are answered:\n{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches(": warning: ").count(), 3, "{err}");
    assert!(
        err.contains("more warnings not shown (`armistice check scenarios/flagship.toml`"),
        "{err}"
    );
}
