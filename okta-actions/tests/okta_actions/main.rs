//! Integration tests of the okta-actions runtime crate.

mod auth;
mod client;
mod compile;
mod declarative;
mod faults;
mod handlers;
mod layers;
mod logout;
mod observability;
mod report;
mod scim;
mod server;
mod state;
mod testing;
mod validate;
mod wiring;
