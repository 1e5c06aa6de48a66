//! The vendor client against real HTTP servers on 127.0.0.1.

mod errors;
mod million;
mod prefetch;
mod rate_limits;
mod requests;
mod retries;
mod secrets;
pub(crate) mod streaming;
pub(crate) mod support;
