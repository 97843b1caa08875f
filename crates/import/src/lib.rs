//! Importers that turn other tools' scenario files into Armistice scenarios.
//!
//! - [`ktab_csv`] and [`ktab_xml`] read KTAB's SMP input formats (KAPSARC Toolkit for
//!   Behavioral Analysis), including KTAB's quirks: trailing commas, quoted fields, `$$`
//!   for a comma, CRLF line ends, extra header fields, and the XSD's enum spellings.
//! - [`csv_table`] reads a long table `issue, actor, position, salience, capability`
//!   with optional `status_quo` and `outcome` columns.
//! - [`to_toml`] writes an [`ImportedScenario`] as an Armistice scenario file.
//!
//! Problems in the input never panic: every malformed row gets an [`ImportDiagnostic`]
//! with its line and column, and all of them are returned at once.
//!
//! # Examples
//! ```
//! let text = "Toy,A toy,3,1\nActor,Desc,Power,Pos,Sal\n\
//!             A,,10,20,50\nB,,20,60,40\nC,,30,90,30\n";
//! let scenario = armistice_import::ktab_csv(text, "toy.csv").unwrap();
//! assert_eq!(scenario.actors.len(), 3);
//! let toml = armistice_import::to_toml(&scenario);
//! assert!(toml.contains("[[stance]]"));
//! ```

mod csv_table;
mod ktab_csv;
mod ktab_xml;
mod text;
mod write;

pub use csv_table::csv_table;
pub use ktab_csv::ktab_csv;
pub use ktab_xml::ktab_xml;
pub use write::to_toml;

/// A problem in an imported file, at a 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportDiagnostic {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong, lowercase, without a trailing period.
    pub message: String,
    /// What would be right, when that is knowable.
    pub hint: Option<String>,
}

/// A scenario read from another format, before it is written as TOML.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedScenario {
    /// Scenario id (lowercase ascii letters, digits and `_`).
    pub id: String,
    /// Human title.
    pub title: String,
    /// Longer description.
    pub description: String,
    /// The actors, in file order.
    pub actors: Vec<ImportedActor>,
    /// The issues, in file order.
    pub issues: Vec<ImportedIssue>,
    /// One stance per actor and issue given in the file.
    pub stances: Vec<ImportedStance>,
    /// KTAB model parameters, when the file has them (or is a KTAB file).
    pub smp: Option<SmpParameters>,
    /// Remarks about the import the user should see (e.g. tolerated spellings); they
    /// are written as comments at the top of the TOML file.
    pub notes: Vec<String>,
}

/// An imported actor.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedActor {
    /// Derived from the name: lowercase ascii, digits and `_`, deduplicated.
    pub id: String,
    /// The name as written in the file (surrounding spaces removed).
    pub name: String,
    /// The description, if any.
    pub description: String,
    /// Capability (clout).
    pub capability: f64,
}

/// An imported issue (a KTAB dimension).
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedIssue {
    /// Derived from the name, deduplicated.
    pub id: String,
    /// The name as written in the file.
    pub name: String,
    /// The status quo on 0–100.
    pub status_quo: f64,
    /// Whether `status_quo` was derived (capability × salience weighted mean of the
    /// positions) because the file has none.
    pub status_quo_derived: bool,
    /// Issues with the same group form one space for the spatial model.
    pub group: Option<String>,
    /// The recorded outcome, for backtests.
    pub outcome: Option<f64>,
}

/// An imported stance.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedStance {
    /// Index into [`ImportedScenario::actors`].
    pub actor: usize,
    /// Index into [`ImportedScenario::issues`].
    pub issue: usize,
    /// Position on 0–100.
    pub position: f64,
    /// Salience on 0–100.
    pub salience: f64,
}

/// KTAB's SMP parameters, as Armistice option names and values (snake_case), in
/// KTAB's order: `victory_prob`, `pce`, `transitions`, `voting_rule`, `risk_adjust`,
/// `risk_range`, `third_party`, `interpolation`, `bargain`.
#[derive(Clone, Debug, PartialEq)]
pub struct SmpParameters {
    /// `(key, value)` pairs, e.g. `("victory_prob", "linear")`.
    pub options: Vec<(&'static str, String)>,
    /// KTAB's `prngSeed`, when given.
    pub seed: Option<u64>,
    /// Ideal-adjustment ("accommodation") entries: (actor, reference actor, weight),
    /// actor indices into [`ImportedScenario::actors`].
    pub accommodation: Vec<(usize, usize, f64)>,
}

impl SmpParameters {
    /// KTAB's defaults, which KTAB uses for every CSV file.
    pub fn ktab_defaults() -> SmpParameters {
        let options = [
            ("victory_prob", "linear"),
            ("pce", "conditional"),
            ("transitions", "deterministic"),
            ("voting_rule", "prop"),
            ("risk_adjust", "one_third"),
            ("risk_range", "mid"),
            ("third_party", "semi_commit"),
            ("interpolation", "s2p2"),
            ("bargain", "init_only_interp"),
        ];
        SmpParameters {
            options: options.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            seed: None,
            accommodation: Vec::new(),
        }
    }
}

/// Turns a name into an id: lowercase ascii letters and digits, other runs become `_`.
/// Never empty (falls back to `fallback`); ids already in `taken` get a `_2`, `_3`… suffix.
pub(crate) fn make_id(name: &str, fallback: &str, taken: &[String]) -> String {
    let mut id = String::new();
    for ch in name.trim().chars() {
        match ch.is_ascii_alphanumeric() {
            true => id.push(ch.to_ascii_lowercase()),
            false => {
                if !id.is_empty() && !id.ends_with('_') {
                    id.push('_');
                }
            }
        }
    }
    while id.ends_with('_') {
        id.pop();
    }
    if id.is_empty() {
        id = fallback.to_string();
    }
    if id.starts_with(|c: char| c.is_ascii_digit()) {
        id.insert_str(0, fallback.trim_end_matches(|c: char| c.is_ascii_digit()));
    }
    let base = id.clone();
    let mut k = 2;
    while taken.contains(&id) {
        id = format!("{base}_{k}");
        k += 1;
    }
    id
}

/// The capability × salience weighted mean of the positions on issue `issue`, or the
/// plain mean when all weights are 0, or 50 with no stance at all.
pub(crate) fn weighted_status_quo(
    actors: &[ImportedActor],
    stances: &[ImportedStance],
    issue: usize,
) -> f64 {
    let on: Vec<&ImportedStance> = stances.iter().filter(|s| s.issue == issue).collect();
    let weight: f64 = on.iter().map(|s| actors[s.actor].capability * s.salience).sum();
    match (weight > 0.0, on.is_empty()) {
        (true, _) => {
            on.iter().map(|s| actors[s.actor].capability * s.salience * s.position).sum::<f64>()
                / weight
        }
        (false, false) => on.iter().map(|s| s.position).sum::<f64>() / on.len() as f64,
        (false, true) => 50.0,
    }
}

/// Completes a scenario read by either KTAB reader: KTAB has no status quo, so each
/// issue gets the weighted mean of the initial positions, and the id comes from the file name.
pub(crate) fn finish_ktab(
    file_name: &str,
    extension: &str,
    mut scenario: ImportedScenario,
) -> ImportedScenario {
    for idx in 0..scenario.issues.len() {
        scenario.issues[idx].status_quo =
            weighted_status_quo(&scenario.actors, &scenario.stances, idx);
    }
    let stem = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = stem.strip_suffix(extension).unwrap_or(stem);
    scenario.id = make_id(stem, "ktab", &[]);
    scenario
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs_and_unique() {
        let taken = vec!["sactor_00".to_string()];
        assert_eq!(make_id(" SActor-00 ", "actor", &taken), "sactor_00_2");
        assert_eq!(make_id("Dim0 Position", "issue", &[]), "dim0_position");
        assert_eq!(make_id("  ", "issue1", &[]), "issue1");
        assert_eq!(make_id("1001", "actor", &[]), "actor1001");
    }
}
