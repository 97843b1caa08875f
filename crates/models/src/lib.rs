//! Static bargaining models: where does each issue settle?
//!
//! Every model implements [`model::Model`] and maps an
//! [`armistice_scenario::instance::Instance`] to a [`model::Prediction`].

pub mod expected_utility;
pub mod mean;
pub mod median;
pub mod model;
pub mod nash;
pub mod registry;
pub mod smp;
pub mod weights;
