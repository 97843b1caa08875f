//! Helpers shared by the CLI integration tests: running the binary and finding fixtures.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixture under `testdata/<dir>/`.
pub(crate) fn data(dir: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata").join(dir).join(name)
}

/// Runs `armistice` with `args`: (exit code, stdout, stderr).
pub(crate) fn armistice(args: &[&str]) -> (i32, String, String) {
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

/// A path as a command-line argument.
pub(crate) fn path(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// Runs `armistice` with `args` and returns its whole output.
pub(crate) fn output(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_armistice")).args(args).output().expect("runs the binary")
}

/// The standard output of a run that must have succeeded.
pub(crate) fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `text` to `dir/name` and returns the path.
pub(crate) fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("writes the test file");
    path
}
