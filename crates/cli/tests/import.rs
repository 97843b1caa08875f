//! `armistice import` → `armistice solve` through the binary: every KTAB file under
//! `testdata/ktab` imports to a scenario that solves with every model, the SMP honours
//! the imported `[models.smp]` options and accommodation, and bad input exits 1.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn armistice(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_armistice")).args(args).output().expect("runs the binary")
}

fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata").join(rel)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Imports `file` with `format` into `dir` and returns the written scenario's path.
fn import(format: &str, file: &Path, dir: &Path) -> PathBuf {
    let stem = file.file_stem().and_then(|s| s.to_str()).expect("a file name");
    let out_path = dir.join(format!("{stem}.toml"));
    let out = armistice(&[
        "import",
        format,
        file.to_str().expect("utf-8 path"),
        "-o",
        out_path.to_str().expect("utf-8 path"),
    ]);
    assert!(out.status.success(), "import {} failed: {}", file.display(), text(&out.stderr));
    assert!(out_path.exists(), "import wrote {}", out_path.display());
    out_path
}

/// `armistice solve` on `path` with extra arguments; asserts exit 0 and returns stdout.
fn solve(path: &Path, extra: &[&str]) -> String {
    let mut args = vec!["solve", path.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    let out = armistice(&args);
    assert!(out.status.success(), "solve {} failed: {}", path.display(), text(&out.stderr));
    text(&out.stdout)
}

fn assert_every_model(stdout: &str, file: &Path) {
    for model in ["mean", "median", "expected-utility", "smp", "nash"] {
        assert!(stdout.contains(model), "{}: no `{model}` column in\n{stdout}", file.display());
    }
}

#[test]
fn every_ktab_csv_imports_and_solves_with_every_model() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut csvs: Vec<PathBuf> = std::fs::read_dir(testdata("ktab"))
        .expect("testdata/ktab")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    csvs.sort();
    assert!(csvs.len() >= 8, "found {} CSV files", csvs.len());
    for csv in &csvs {
        let scenario = import("ktab", csv, dir.path());
        let toml = std::fs::read_to_string(&scenario).expect("reads the import");
        assert!(toml.contains("[models.smp]"), "{}: KTAB's defaults are written", csv.display());
        assert_every_model(&solve(&scenario, &[]), csv);
    }
}

#[test]
fn ktab_xml_with_parameters_imports_and_solves() {
    let dir = tempfile::tempdir().expect("temp dir");
    let xml = testdata("ktab/multi-prop-branch/smpExample.xml");
    let scenario = import("ktab", &xml, dir.path());
    let toml = std::fs::read_to_string(&scenario).expect("reads the import");
    assert!(toml.contains("transitions = \"stochastic\""));
    assert!(toml.contains("[[models.smp.accommodation]]"));
    assert_every_model(&solve(&scenario, &[]), &xml);
    // A stochastic run repeats exactly from its seed.
    assert_eq!(solve(&scenario, &["--model", "smp"]), solve(&scenario, &["--model", "smp"]));
}

/// Writes `toml` next to the other scenarios of `dir` and solves it with the SMP alone.
fn solve_smp(dir: &Path, name: &str, toml: &str, seed: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, toml).expect("writes the scenario");
    solve(&path, &["--model", "smp", "--seed", seed])
}

/// The scenario text without its `[[models.smp.accommodation]]` tables.
fn without_accommodation(toml: &str) -> String {
    let cut = toml.find("\n[[models.smp.accommodation]]").unwrap_or(toml.len());
    toml[..cut].to_string()
}

#[test]
fn smp_honours_the_imported_accommodation_and_transitions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let xml = testdata("ktab/multi-prop-branch/smpExample.xml");
    let imported = std::fs::read_to_string(import("ktab", &xml, dir.path())).expect("reads");
    let deterministic =
        imported.replace("transitions = \"stochastic\"", "transitions = \"deterministic\"");
    assert_ne!(deterministic, imported, "the example uses stochastic transitions");

    let with = solve_smp(dir.path(), "with.toml", &deterministic, "1");
    let identity =
        solve_smp(dir.path(), "identity.toml", &without_accommodation(&deterministic), "1");
    assert_ne!(with, identity, "the accommodation matrix changes the SMP's forecast");

    // Deterministic transitions ignore the seed; the stochastic configuration is another run.
    assert_eq!(with, solve_smp(dir.path(), "with2.toml", &deterministic, "2"));
    assert_ne!(with, solve_smp(dir.path(), "stochastic.toml", &imported, "1"));
}

#[test]
fn bad_model_options_exit_1_with_a_hint() {
    let dir = tempfile::tempdir().expect("temp dir");
    let xml = testdata("ktab/multi-prop-branch/smpExample.xml");
    let imported = std::fs::read_to_string(import("ktab", &xml, dir.path())).expect("reads");
    let bad = imported.replace("pce = \"markov_incentive\"", "pce = \"markov_incentiv\"");
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, bad).expect("writes");
    let out = armistice(&["solve", path.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error: [models.smp] pce: unknown value \"markov_incentiv\""),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean \"markov_incentive\""), "{stderr}");
    // `run` refuses it too.
    let out = armistice(&["run", path.to_str().expect("utf-8 path"), "--runs", "1"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
}

#[test]
fn malformed_ktab_csv_exits_1_with_a_location() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.csv");
    let csv = "Broken,\"a test\",2,1,\nActor,Description,Power,Pstn1,Sal1,\nA,first,100,abc,50,\nB,second,50,20,40,\n";
    std::fs::write(&path, csv).expect("writes");
    let out = armistice(&["import", "ktab", path.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("broken.csv:3:"), "a file:line:col diagnostic in\n{stderr}");
}

#[test]
fn long_csv_table_imports_with_outcomes_and_solves() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = testdata("import/long-table.csv");
    let scenario = import("csv", &csv, dir.path());
    let toml = std::fs::read_to_string(&scenario).expect("reads the import");
    assert!(toml.contains("outcome = 35"), "the recorded outcome is carried:\n{toml}");
    let stdout = solve(&scenario, &[]);
    assert_every_model(&stdout, &csv);
    assert!(stdout.contains("tariff") && stdout.contains("quota"), "{stdout}");
}
