//! Integration tests of the okta-actions runtime crate.

mod auth;
mod compile;
mod declarative;
mod handlers;
mod report;
mod server;
mod vendor;
