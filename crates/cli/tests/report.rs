//! `armistice report` on the command line: writes `report.html` and `report.md` for the
//! tiny scenario of `testdata/report/`, with a what-if comparison. The browser check of
//! the HTML is `scripts/screenshot-report.sh` (run by CI, it needs Chromium).

use std::path::PathBuf;

mod common;

use common::{armistice, path};

fn data(name: &str) -> PathBuf {
    common::data("report", name)
}

#[test]
fn report_needs_an_output_folder() {
    let (code, _, stderr) = armistice(&["report"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--out"), "{stderr}");
}

#[test]
fn report_writes_self_contained_html_and_markdown() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out");
    let (s, o) = (data("tiny.toml"), data("no-change.toml"));
    let (code, stdout, stderr) = armistice(&[
        "report",
        path(&s),
        "--out",
        path(&out),
        "--overlay",
        path(&o),
        "--runs",
        "20",
        "--threads",
        "2",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("report: forecast of"), "{stderr}");
    assert!(stdout.starts_with("wrote "), "{stdout}");
    assert!(stdout.contains("report.html") && stdout.contains("report.md"), "{stdout}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap_or_default();
    let md = std::fs::read_to_string(out.join("report.md")).unwrap_or_default();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script") && !html.contains("https://"));
    assert!(html.matches("<svg ").count() >= 5, "{html}");
    assert!(html.contains("Nothing changes"));
    assert!(md.contains("# A tiny dispute") && md.contains("## What-if comparisons"));
    assert!(md.contains("+0.0 pp"), "{md}");
}
