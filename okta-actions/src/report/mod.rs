//! Validation before OIN submission: the checks, the conformance run that acts as Okta, and the
//! report they produce.

mod model;
mod render;

pub use model::{Check, Coverage, Report, Status, Tally};
pub use render::{
    Format, ParseFormatError, REPORT_SCHEMA, REPORT_SCHEMA_ID, RenderOptions, render,
};
