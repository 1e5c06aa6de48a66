//! The SCIM 2.0 facade over real sockets, driven with the request sequences Okta sends:
//! import, create, update, deactivate and reactivate, password sync, group push, discovery,
//! and every way a request can be refused.

mod config;
mod discovery;
mod errors;
mod groups;
pub(crate) mod support;
mod users;
