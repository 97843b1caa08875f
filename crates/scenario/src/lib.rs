//! The scenario language: types, parsing with spans, validation, distributions and
//! evidence anchors.

pub mod instance;
