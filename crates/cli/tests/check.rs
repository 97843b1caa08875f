//! `armistice check` through the binary: exit codes, stdout and stderr.

use std::path::Path;
use std::process::{Command, Output};

fn armistice(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_armistice")).args(args).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn repo(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel).display().to_string()
}

const VALID: &str = "[scenario]\nid = \"t\"\ntitle = \"T\"\nas_of = 2025-01-01\n\n[[source]]\nid = \"s1\"\ntitle = \"S\"\npath = \"s1.txt\"\n\n[[actor]]\nid = \"a\"\ncapability = 1\n";

#[test]
fn valid_scenario_exits_0_with_a_summary() {
    let out = armistice(&["check", &repo("scenarios/illustrative.toml")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "ok: 4 actors, 5 issues, 0 anchors checked\n");
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn invalid_scenario_exits_1_with_located_diagnostics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, format!("{VALID}nmae = \"A\"\n")).expect("write");
    let out = armistice(&["check", &path.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("bad.toml:14:1: error: unknown key `nmae` in actor `a`"), "{err}");
    assert!(err.contains("= hint: did you mean `name`?"), "{err}");
    assert!(err.ends_with("1 error and 0 warnings\n"), "{err}");
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn anchors_are_checked_against_the_sources_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("s1.txt"), "The talks resumed in May.").expect("write");
    // at 4, len 13: "talks resumed"; the hash is of those normalised words.
    let hash = "c19a77819862b009881287c84ab4411ccc994e725ff6b082d6035fb1497eca87";
    let scenario = format!(
        "{VALID}evidence = [{{ source = \"s1\", at = 4, len = 13, sha256 = \"{hash}\" }}]\n"
    );
    let path = dir.path().join("s.toml");
    std::fs::write(&path, &scenario).expect("write");
    let p = path.display().to_string();
    let d = dir.path().display().to_string();

    let out = armistice(&["check", &p, "--sources", &d]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "ok: 1 actor, 0 issues, 1 anchor checked\n");

    let out = armistice(&["check", &p]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "ok: 1 actor, 0 issues, 0 anchors checked (1 not checked: no --sources)\n"
    );

    std::fs::write(dir.path().join("s1.txt"), "The talks stalled in May.").expect("write");
    let out = armistice(&["check", &p, "--sources", &d]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("error: evidence anchor of actor `a` not found: source `s1`, at 4, len 13"),
        "{err}"
    );
}

#[test]
fn a_questions_file_is_checked_with_the_scenario() {
    let dir = tempfile::tempdir().expect("tempdir");
    let q = dir.path().join("q.toml");
    std::fs::write(&q, "[[question]]\nid = \"q\"\ntext = \"?\"\nclose = 2026-12-31\nwhen = { signed = \"cease_fire\" }\n")
        .expect("write");
    let out = armistice(&[
        "check",
        &repo("scenarios/illustrative.toml"),
        "--questions",
        &q.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("q.toml:5:19: error: unknown agreement `cease_fire`"), "{err}");
    assert!(err.contains("did you mean `ceasefire`?"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let out = armistice(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let out =
        armistice(&["check", &repo("scenarios/illustrative.toml"), "--sources", "/no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn unreadable_file_is_an_internal_error_not_a_panic() {
    let out = armistice(&["check", "/no/such/file.toml"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(text(&out.stderr).contains("failed to read /no/such/file.toml"));
}

#[test]
fn warnings_are_printed_but_not_fatal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.toml");
    std::fs::write(&path, format!("{VALID}\n[[event]]\ndate = 2040-01-01\nname = \"Late\"\n"))
        .expect("write");
    let out = armistice(&["check", &path.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "ok: 1 actor, 0 issues, 0 anchors checked; 1 warning\n");
    let err = text(&out.stderr);
    assert!(
        err.contains("w.toml:16:8: warning: event date 2040-01-01 is outside the simulated window"),
        "{err}"
    );
    assert!(err.contains("= hint: the scenario simulates 2025-01-01 to 2026-12-30"), "{err}");
}
