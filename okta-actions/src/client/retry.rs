//! Which requests may be repeated, and how long to wait before the next attempt.

use std::time::Duration;

use super::config::VendorConfig;

/// The methods of the Custom API Action card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `POST` (never repeated implicitly).
    Post,
    /// `PUT`.
    Put,
    /// `PATCH` (never repeated implicitly).
    Patch,
    /// `DELETE`.
    Delete,
}

impl HttpMethod {
    /// The method's name, e.g. `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }

    /// GET, PUT and DELETE may be retried on timeouts, connection errors, 429 and 5xx.
    pub fn is_idempotent(self) -> bool {
        matches!(self, HttpMethod::Get | HttpMethod::Put | HttpMethod::Delete)
    }

    /// Only POST, PUT and PATCH carry a JSON body.
    pub fn allows_body(self) -> bool {
        matches!(self, HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Put => reqwest::Method::PUT,
            HttpMethod::Patch => reqwest::Method::PATCH,
            HttpMethod::Delete => reqwest::Method::DELETE,
        }
    }
}

/// The jittered exponential backoff before retry number `attempt` (1 for the first retry):
/// `base × 2^(attempt-1)`, capped, then a random point between half and all of it.
pub(crate) fn backoff(config: &VendorConfig, attempt: u32) -> Duration {
    let exponent = attempt.saturating_sub(1).min(20);
    let full = config
        .retry_base_delay
        .saturating_mul(1 << exponent)
        .min(config.retry_max_delay);
    let half = full / 2;
    half + super::rate_limit::jitter(full - half)
}
