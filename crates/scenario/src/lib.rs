//! The scenario language: types, parsing with spans, validation, distributions and
//! evidence anchors.
//!
//! Data flows `raw` (the TOML tree, with spans) → `validate` → [`types::Scenario`], and
//! problems come back as [`diag::Diagnostic`]s, all of them at once. This crate does no
//! IO: file contents and the source corpus come in as parameters.
//!
//! # Examples
//!
//! ```
//! use armistice_scenario::{diag, validate};
//!
//! let text = r#"
//! [scenario]
//! id = "toy"
//! title = "A two-party dispute"
//! as_of = 2025-04-01
//!
//! [[actor]]
//! id = "a"
//! capability = 60
//!
//! [[issue]]
//! id = "border"
//! status_quo = 50
//!
//! [[stance]]
//! actor = "a"
//! issue = "border"
//! position = 90
//! salience = { uniform = [60, 90] }
//! "#;
//! let (scenario, diags) = validate::validate("toy.toml", text, None);
//! assert!(diags.is_empty());
//! let scenario = scenario.expect("valid");
//! assert_eq!(scenario.params[0].path, "stance.a.border.salience");
//!
//! // A misspelt key is reported with its line, column and a suggestion.
//! let bad = text.replace("salience =", "salince =");
//! let (none, diags) = validate::validate("toy.toml", &bad, None);
//! assert!(none.is_none());
//! let out = diag::render("toy.toml", &bad, &diags);
//! assert!(out.contains("toy.toml:19:1: error: unknown key `salince` in stance of `a` on `border`"));
//! assert!(out.contains("= hint: did you mean `salience`?"));
//! ```

pub mod anchor;
pub mod diag;
pub mod dist;
pub mod instance;
pub mod overlay;
pub mod raw;
pub mod types;
pub mod validate;

pub use diag::{render, Diagnostic, Severity};
pub use validate::{validate, validate_questions, Corpus};
