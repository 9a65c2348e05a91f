//! demarche: a timeline of diplomatic moves, as a validated model, a query engine, and two
//! faces on them (a command line and a terminal browser).

pub mod cli;
pub mod hint;
pub mod load;
pub mod model;
pub mod parallel;
pub mod query;
pub mod synth;
pub mod text;
pub mod tui;
