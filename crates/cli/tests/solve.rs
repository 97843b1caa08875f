//! `armistice solve` through the binary: determinism across threads, tables, and the
//! model choice.

mod common;

use common::{output as armistice, stdout, write};

/// A small war with a mediator, one ceasefire kind and one question.
const TOY: &str = include_str!("../../../testdata/cli/toy-war.toml");

#[test]
fn ten_thousand_draws_are_byte_identical_on_1_and_8_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let toy = write(dir.path(), "toy.toml", TOY);
    let toy = toy.to_str().expect("utf-8 path");
    let json = |threads: &str| {
        stdout(&armistice(&[
            "solve",
            toy,
            "--model",
            "median",
            "--runs",
            "10000",
            "--threads",
            threads,
            "--json",
            "-",
        ]))
    };
    let one = json("1");
    assert_eq!(one, json("8"));
    let f: serde_json::Value = serde_json::from_str(&one).expect("valid JSON");
    assert_eq!(f["runs"], 10000);
    let border = &f["issues"][0]["models"]["median"];
    assert!(border["central"].is_number());
    let (p10, p90) = (border["draws"]["p10"].as_f64(), border["draws"]["p90"].as_f64());
    assert!(p10 <= p90, "{p10:?} {p90:?}");
}

#[test]
fn all_models_are_tabulated_per_issue() {
    let dir = tempfile::tempdir().expect("tempdir");
    let toy = write(dir.path(), "toy.toml", TOY);
    let text = stdout(&armistice(&["solve", toy.to_str().expect("utf-8"), "--runs", "200"]));
    for needle in ["Border (border)", "Guarantees (guarantees)", "mean", "median", "p90", "stop"] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
}

#[test]
fn without_runs_only_the_central_draw_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let toy = write(dir.path(), "toy.toml", TOY);
    let out = stdout(&armistice(&["solve", toy.to_str().expect("utf-8"), "--json", "-"]));
    let f: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(f["runs"], 0);
    assert!(f["seed"].is_null());
    assert!(f["issues"][0]["models"]["mean"]["draws"].is_null());
}
