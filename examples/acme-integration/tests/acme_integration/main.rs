//! The Acme integration end to end: every action against the running vendor, the binary's
//! `demo` and `docs`, defective variants that `validate` rejects, the SCIM 2.0 facade as Okta's
//! SCIM client drives it, and the facade against independent SCIM conformance checkers.

mod actions;
mod defects;
mod docs;
mod scim;
mod scim_conformance;
mod serve;
