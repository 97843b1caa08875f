//! The scenario language: types, parsing with spans, validation, distributions and
//! evidence anchors.
//!
//! Data flows `raw` (serde mirror of the TOML, with spans) → `validate` → [`types::Scenario`].
//! This crate does no IO: file contents and the source corpus come in as parameters.

pub mod anchor;
pub mod dist;
pub mod instance;
pub mod types;
