//! The tenant-bound vendor client: Okta's Custom API Action semantics, streaming with pluggable
//! pagination, rate limits, retries, a per-tenant concurrency cap, error mapping and secret
//! redaction.
//!
//! A [`VendorConnector`] is built once per integration from its
//! [`AuthMapping`](crate::auth::AuthMapping) and a [`VendorConfig`]; for each call,
//! [`VendorConnector::connect`] binds a [`VendorClient`] to the calling tenant.
//!
//! - [`VendorClient::get`] (and `post`, `put`, `patch`, `delete`) build a [`VendorRequest`];
//!   [`VendorRequest::send`] returns the final [`VendorResponse`] whatever its status, and
//!   [`VendorRequest::send_json`] parses a 2xx body or returns the classified [`VendorError`].
//! - [`VendorClient::stream`] pages through a list ([`Pagination`]) as a [`RecordStream`] (of
//!   `serde_json::Value`s, or typed with [`StreamRequest::records_as`]) or into a
//!   caller-supplied state ([`StreamRequest::for_each_with_state`]), fetching the next page
//!   while the current one is consumed.
//! - GET, PUT and DELETE are retried on timeouts, connection errors, 429 and 5xx with jittered
//!   exponential backoff (honouring `Retry-After` and `X-Rate-Limit-Reset`) until the retry
//!   budget is spent; POST and PATCH never are. A tenant slows down when
//!   `X-Rate-Limit-Remaining` (or `X-RateLimit-Remaining`) runs low, and at most `max_concurrency` of its requests are in
//!   flight.
//! - Tracing: a `vendor_request` span (method, relative path) with events for each attempt
//!   (attempt, status, elapsed) and retry; never headers, queries or bodies.

mod assertion;
mod config;
mod connector;
mod credential;
mod error;
mod page;
mod pager;
pub(crate) mod pagination;
mod prefetch;
mod rate_limit;
pub(crate) mod redact;
mod request;
mod response;
mod retry;
mod send;
mod stats;
mod stream;
mod token;
mod vendor_client;

pub use config::VendorConfig;
pub(crate) use connector::Unbound;
pub use connector::VendorConnector;
pub use error::VendorError;
pub use pagination::{ListPaging, Pagination};
pub use prefetch::RecordStream;
pub use request::VendorRequest;
pub use response::VendorResponse;
pub use retry::HttpMethod;
pub(crate) use stats::VendorCalls;
pub use stream::{MAX_PAGE_LIMIT, MAX_PAGES, MAX_RECORD_LIMIT, StreamRequest, StreamSummary};
pub use vendor_client::VendorClient;
