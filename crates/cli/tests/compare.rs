//! `armistice compare` on the command line.
//!
//! FIXME: `compare` answers "not available in this build yet" until the scenario loader
//! (with overlays) and the engine are merged; its pipeline is tested in `cmd/compare.rs`
//! with a synthetic engine (an unchanged overlay gives exactly zero, a stronger side
//! shifts the ceasefire the expected way). When wired, add here: the flagship with an
//! overlay that changes nothing reports `+0.0 pp` and a zero-width interval for every
//! question, and `us-aid-cut.toml` moves P(ceasefire) in the documented direction.

use std::process::Command;

fn armistice(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_armistice"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("failed to start armistice: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn compare_requires_an_overlay() {
    let (code, _, stderr) = armistice(&["compare"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--overlay"), "{stderr}");
}

#[test]
fn compare_says_what_it_waits_for() {
    let (code, _, stderr) = armistice(&["compare", "--overlay", "x.toml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("needs the scenario loader with overlays and the engine"), "{stderr}");
}
