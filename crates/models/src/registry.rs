//! The closed set of models: the one place that maps command-line names to models.
//!
//! Compile-time list of the models in this build, in the order reports show them:
//! `mean`, `median`, `expected-utility`, `smp`, `nash`.
//! Adding a model is one entry in [`NAMES`] and one arm in [`try_by_name`].

use armistice_scenario::types::ModelOptions;

use crate::expected_utility::ExpectedUtility;
use crate::mean::Mean;
use crate::median::Median;
use crate::model::Model;
use crate::nash::Nash;
use crate::options::{self, OptionError};
use crate::smp::Smp;

/// Every model of this build, by command-line name, in report order.
pub const NAMES: &[&str] = &["mean", "median", "expected-utility", "smp", "nash"];

/// Names the command line accepts but this build does not provide yet.
pub const PLANNED: &[&str] = &[];

/// The model called `name`, configured from the scenario's `[models.*]` tables
/// (see [`crate::options`]); `None` for a name not in [`NAMES`], `Some(Err(..))` with
/// every problem of the model's table when it does not parse.
///
/// # Examples
/// ```
/// use armistice_models::registry::{try_by_name, NAMES};
/// use armistice_scenario::types::{ModelOptions, OptionValue};
/// let mut options = ModelOptions::default();
/// for name in NAMES {
///     let model = try_by_name(name, &options).unwrap().unwrap();
///     assert_eq!(model.name(), *name);
/// }
/// assert!(try_by_name("oracle", &options).is_none());
/// options.nash.push(("rho".into(), OptionValue::Number(0.5)));
/// assert!(try_by_name("nash", &options).unwrap().is_err());
/// ```
pub fn try_by_name(
    name: &str,
    options: &ModelOptions,
) -> Option<Result<Box<dyn Model>, Vec<OptionError>>> {
    let model: Result<Box<dyn Model>, Vec<OptionError>> = match name {
        "mean" => Ok(Box::new(Mean)),
        "median" => Ok(Box::new(Median)),
        "expected-utility" => options::expected_utility_config(options)
            .map(|config| Box::new(ExpectedUtility { config }) as Box<dyn Model>),
        "smp" => {
            let config = options::smp_config(options);
            let accommodation = options::smp_accommodation(options);
            match (config, accommodation) {
                (Ok(config), Ok(accommodation)) => Ok(Box::new(Smp { config, accommodation })),
                (config, accommodation) => {
                    Err(config.err().into_iter().chain(accommodation.err()).flatten().collect())
                }
            }
        }
        "nash" => {
            options::nash_config(options).map(|config| Box::new(Nash { config }) as Box<dyn Model>)
        }
        _ => return None,
    };
    Some(model)
}

/// Every model of this build, in [`NAMES`] order, or every option problem of every
/// model.
pub fn try_all(options: &ModelOptions) -> Result<Vec<Box<dyn Model>>, Vec<OptionError>> {
    let mut models = Vec::new();
    let mut errors = Vec::new();
    for name in NAMES {
        match try_by_name(name, options) {
            Some(Ok(model)) => models.push(model),
            Some(Err(e)) => errors.extend(e),
            None => {}
        }
    }
    match errors.is_empty() {
        true => Ok(models),
        false => Err(errors),
    }
}
