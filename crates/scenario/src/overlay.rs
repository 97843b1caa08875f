//! Overlays: what-if changes merged into a scenario's TOML before validation.
