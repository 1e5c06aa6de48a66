//! Okta's API Integration Action contracts as versioned data.
//!
//! The contracts live in `schemas/` as JSON Schema (draft 2020-12) files: one input and one output
//! schema per action, shapes that repeat in `schemas/common/`, and `schemas/index.json`, the action
//! table. This crate embeds those files, exposes the table ([`contracts`]), typed models of every
//! payload (feature `models`) and validation of JSON values against the schemas (feature
//! `validation`).
//!
//! # Typed output and wire envelope
//! Every action's output carries `executionStatus`. The typed outputs here (`ListUsersOutput`, …)
//! hold only the action's own properties: handlers return them and the SDK writes
//! `executionStatus` from the handler's `Ok` or `Err`. [`ActionResponse<T>`] is the wire form: the
//! output's properties flattened next to `executionStatus`, with the output absent when a failed
//! action returns only its status.
//!
//! ```
//! use okta_actions_contracts::{contracts, Capability};
//! let set = contracts();
//! assert_eq!(set.actions.len(), 22);
//! assert_eq!(set.action("UniversalLogout").unwrap().capability, Capability::UniversalLogout);
//! ```

mod files;
#[cfg(feature = "models")]
mod models;
mod rules;
mod table;
#[cfg(feature = "validation")]
mod validation;

#[cfg(feature = "models")]
pub use models::*;
pub use rules::{
    ActionRule, CapabilityRule, RequirementViolation, RuleKind, broken, broken_at, is_registered,
};
pub use table::{
    ActionSpec, Capability, CapabilitySpec, ContractSet, ListSpec, OinGroupSpec, OinRule,
    contracts, schema_file, schema_files,
};
#[cfg(feature = "validation")]
pub use validation::{Direction, Validators, Violation, validate_file, validators};

/// The version of the contract set: the date of the Okta documentation state it reproduces.
pub const CONTRACT_VERSION: &str = "2026-06-09";
