//! Validation before OIN submission: the checks, the conformance run that acts as Okta, and the
//! report they produce.

mod model;

pub use model::{Check, Coverage, Report, Status, Tally};
