//! The closed set of models: the one place that maps command-line names to models.
//!
//! Compile-time list of the models in this build, in the order reports show them:
//! `mean`, `median`, `expected-utility`, `smp`, `nash`.
//! Adding a model is one entry in [`NAMES`] and one arm in [`by_name`].

use armistice_scenario::types::ModelOptions;

use crate::expected_utility::config::Config as ExpectedUtilityConfig;
use crate::expected_utility::ExpectedUtility;
use crate::mean::Mean;
use crate::median::Median;
use crate::model::Model;
use crate::nash::{Config as NashConfig, Nash};
use crate::smp::Config as SmpConfig;
use crate::smp::Smp;

/// Every model of this build, by command-line name, in report order.
pub const NAMES: &[&str] = &["mean", "median", "expected-utility", "smp", "nash"];

/// Names the command line accepts but this build does not provide yet.
pub const PLANNED: &[&str] = &[];

/// The model called `name`, configured from the scenario's `[models.*]` tables;
/// `None` for a name not in [`NAMES`].
///
/// FIXME: the models do not parse their `[models.*]` option tables yet, so `options`
/// is not read and every model runs with its documented defaults (the expected-utility
/// model as printed by Scholz et al. 2011, the SMP with KTAB's defaults, Nash with
/// linear utilities). When a model
/// gains `Config::try_from_options`, call it here.
///
/// # Examples
/// ```
/// use armistice_models::registry::{by_name, NAMES};
/// let options = armistice_scenario::types::ModelOptions::default();
/// for name in NAMES {
///     assert_eq!(by_name(name, &options).map(|m| m.name()), Some(*name));
/// }
/// assert!(by_name("oracle", &options).is_none());
/// ```
pub fn by_name(name: &str, options: &ModelOptions) -> Option<Box<dyn Model>> {
    let _ = options;
    match name {
        "mean" => Some(Box::new(Mean)),
        "median" => Some(Box::new(Median)),
        "expected-utility" => {
            Some(Box::new(ExpectedUtility { config: ExpectedUtilityConfig::printed() }))
        }
        "smp" => Some(Box::new(Smp { config: SmpConfig::ktab_defaults() })),
        "nash" => Some(Box::new(Nash { config: NashConfig::STANDARD })),
        _ => None,
    }
}

/// Every model of this build, in [`NAMES`] order.
pub fn all(options: &ModelOptions) -> Vec<Box<dyn Model>> {
    NAMES.iter().filter_map(|name| by_name(name, options)).collect()
}
