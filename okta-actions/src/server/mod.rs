//! The adapter server: the contract endpoints Okta's thin flows call, the standard Universal
//! Logout endpoint, health and an authenticated ping.

pub mod logout;
mod request_id;

pub use request_id::{REQUEST_ID_HEADER, RequestId};
