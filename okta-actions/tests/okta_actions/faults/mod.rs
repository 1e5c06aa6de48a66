//! Reliability under faults: a loopback proxy between the adapter and a real vendor delays,
//! resets, truncates, corrupts, fails (5xx) and rate-limits (429) the vendor's answers, and the
//! tests check what reaches the vendor and what the adapter answers Okta.

mod adapter;
mod envelope;
mod http1;
mod paging;
mod proxy;
mod vendor;
mod writes;
