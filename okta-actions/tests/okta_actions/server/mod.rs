//! The adapter over real sockets: what Okta's thin flows send, every way a request can be wrong,
//! and the operations endpoints.

mod actions;
mod ops;
pub(crate) mod support;
