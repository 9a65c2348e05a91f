//! demarche: a timeline of diplomatic moves, as a validated model, a query engine, and two
//! faces on them (a command line and a terminal browser).

pub mod cli;
pub mod config;
pub mod export;
pub mod fsutil;
pub mod hint;
pub mod load;
pub mod model;
pub mod parallel;
pub mod progress;
pub mod query;
pub mod say;
pub mod shell;
/// Synthetic datasets for benchmarks and tests; the `synth` feature builds it into the
/// library (the tests and benchmarks turn it on, the `synth` binary needs it).
#[cfg(any(test, feature = "synth"))]
pub mod synth;
pub mod text;
pub mod tui;
