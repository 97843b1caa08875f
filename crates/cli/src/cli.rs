//! The command-line contract (DESIGN §4), as clap types.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Forecast multi-party negotiations: where issues settle, whether and when a deal is struck,
/// what breaks it, and what changes when someone pulls a lever.
#[derive(Debug, Parser)]
#[command(name = "armistice", version, about, max_term_width = 100)]
pub(crate) struct Args {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Forecast a scenario with the bargaining-while-fighting simulation (default: the embedded flagship).
    Run(RunArgs),
    /// Run the static bargaining models on a scenario.
    Solve(SolveArgs),
    /// Check a scenario: schema, references, ranges, distributions and evidence anchors.
    Check(CheckArgs),
    /// Find exact words in a source document and print an evidence anchor for them.
    Cite(CiteArgs),
    /// Convert another tool's scenario into an Armistice scenario file.
    Import(ImportArgs),
    /// Print one run's history period by period.
    Trace(TraceArgs),
    /// Score a forecast against resolutions (Brier, log score, calibration).
    Score(ScoreArgs),
    /// Compare a scenario with what-if overlays, using common random numbers.
    Compare(CompareArgs),
    /// Rank the uncertain inputs by how much they move each answer.
    Sensitivity(SensitivityArgs),
    /// Write an HTML and a Markdown report of a scenario's forecast.
    Report(ReportArgs),
    /// Score every static model against recorded outcomes.
    Backtest(BacktestArgs),
}

/// Options shared by the Monte Carlo commands.
#[derive(Debug, clap::Args)]
pub(crate) struct McArgs {
    /// Number of Monte Carlo runs (default: the scenario's `runs`).
    #[arg(long)]
    pub(crate) runs: Option<u64>,
    /// Seed (default: the scenario's `seed`).
    #[arg(long)]
    pub(crate) seed: Option<u64>,
    /// Worker threads (default: all cores); the output does not depend on it.
    #[arg(long)]
    pub(crate) threads: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct RunArgs {
    /// Scenario file; without it, the embedded flagship scenario.
    pub(crate) scenario: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) mc: McArgs,
    /// Extra questions to answer, from a TOML file of [[question]] tables.
    #[arg(long)]
    pub(crate) questions: Option<PathBuf>,
    /// Overlay to apply before running.
    #[arg(long)]
    pub(crate) overlay: Vec<PathBuf>,
    /// Write the forecast as JSON to this path (`-` for stdout).
    #[arg(long)]
    pub(crate) json: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ModelChoice {
    Mean,
    Median,
    ExpectedUtility,
    Smp,
    Nash,
    All,
}

#[derive(Debug, clap::Args)]
pub(crate) struct SolveArgs {
    /// Scenario file.
    pub(crate) scenario: PathBuf,
    /// Which model to run.
    #[arg(long, value_enum, default_value = "all")]
    pub(crate) model: ModelChoice,
    /// Number of draws of the scenario's distributions (default: 1, every number at its mean).
    #[arg(long)]
    pub(crate) runs: Option<u64>,
    /// Seed for the draws.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// Worker threads; the output does not depend on it.
    #[arg(long)]
    pub(crate) threads: Option<usize>,
    /// Write the result as JSON to this path (`-` for stdout).
    #[arg(long)]
    pub(crate) json: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Scenario file.
    pub(crate) scenario: PathBuf,
    /// Folder holding the source documents; with it, every evidence anchor is re-found.
    #[arg(long)]
    pub(crate) sources: Option<PathBuf>,
    /// Extra questions file to check with the scenario.
    #[arg(long)]
    pub(crate) questions: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CiteArgs {
    /// The source document.
    pub(crate) source: PathBuf,
    /// The exact words to cite.
    pub(crate) words: String,
    /// The source's id in the scenario (default: from the file name).
    #[arg(long)]
    pub(crate) id: Option<String>,
    /// A one-line reason, printed into the anchor.
    #[arg(long)]
    pub(crate) why: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The format to read.
    #[arg(value_enum)]
    pub(crate) format: ImportFormat,
    /// The file to read.
    pub(crate) file: PathBuf,
    /// Where to write the scenario (default: stdout).
    #[arg(short = 'o', long)]
    pub(crate) output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ImportFormat {
    /// KTAB's SMP scenario, CSV or XML (by extension).
    Ktab,
    /// A long table: issue, actor, position, salience, capability[, status_quo][, outcome].
    Csv,
}

#[derive(Debug, clap::Args)]
pub(crate) struct TraceArgs {
    /// Scenario file; without it, the embedded flagship scenario.
    pub(crate) scenario: Option<PathBuf>,
    /// Which run to trace (0-based).
    #[arg(long, default_value_t = 0)]
    pub(crate) run: u64,
    /// Seed (default: the scenario's `seed`).
    #[arg(long)]
    pub(crate) seed: Option<u64>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ScoreArgs {
    /// A forecast JSON written by `run --json`.
    pub(crate) forecast: PathBuf,
    /// Resolutions: `{ "QUESTION_ID": true | false, … }`.
    pub(crate) resolutions: PathBuf,
    /// Write the scores as JSON to this path (`-` for stdout).
    #[arg(long)]
    pub(crate) json: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CompareArgs {
    /// Scenario file; without it, the embedded flagship scenario.
    pub(crate) scenario: Option<PathBuf>,
    /// Overlay files, each compared with the baseline.
    #[arg(long, required = true)]
    pub(crate) overlay: Vec<PathBuf>,
    /// Extra questions to answer, from a TOML file of [[question]] tables.
    #[arg(long)]
    pub(crate) questions: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) mc: McArgs,
    /// Write the comparison as JSON to this path (`-` for stdout).
    #[arg(long)]
    pub(crate) json: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct SensitivityArgs {
    /// Scenario file; without it, the embedded flagship scenario.
    pub(crate) scenario: Option<PathBuf>,
    /// Extra questions to answer, from a TOML file of [[question]] tables.
    #[arg(long)]
    pub(crate) questions: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) mc: McArgs,
    /// Write the sensitivity table as JSON to this path (`-` for stdout).
    #[arg(long)]
    pub(crate) json: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// Scenario file; without it, the embedded flagship scenario.
    pub(crate) scenario: Option<PathBuf>,
    /// Output folder.
    #[arg(long)]
    pub(crate) out: PathBuf,
    /// Folder of source documents, to show cited words in the evidence panel.
    #[arg(long)]
    pub(crate) sources: Option<PathBuf>,
    /// What-if overlays to include.
    #[arg(long)]
    pub(crate) overlay: Vec<PathBuf>,
    /// Extra questions to answer, from a TOML file of [[question]] tables.
    #[arg(long)]
    pub(crate) questions: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) mc: McArgs,
}

#[derive(Debug, clap::Args)]
pub(crate) struct BacktestArgs {
    /// A long table with recorded outcomes (see `import csv`).
    pub(crate) file: PathBuf,
    /// Bootstrap resamples for the intervals.
    #[arg(long, default_value_t = 2000)]
    pub(crate) resamples: u32,
    /// Seed for the bootstrap.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
}
