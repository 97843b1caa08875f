//! Reports of forecasts: the JSON wire types and terminal tables.
//!
//! `json` holds the only definitions of the forecast JSON (`run`) and the static
//! forecast JSON (`solve`), with builders from the simulation's tallies; `table`
//! renders them for the terminal. Nothing here prints: the CLI does.
//!
//! # Examples
//! ```
//! use armistice_report::json::round;
//! assert_eq!(round(0.1234567), 0.123457);
//! ```

pub mod backtest;
pub mod calibration;
pub mod compare;
pub mod html;
pub mod json;
pub mod markdown;
pub mod score;
pub mod sensitivity;
pub mod svg;
pub mod table;
