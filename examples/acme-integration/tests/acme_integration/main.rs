//! The Acme integration end to end: every action against the running vendor, the binary's
//! `demo`, the SCIM 2.0 facade as Okta's SCIM client drives it, and the facade against
//! independent SCIM conformance checkers.

mod actions;
mod scim;
mod scim_conformance;
