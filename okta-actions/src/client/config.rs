//! [`VendorConfig`]: timeouts, concurrency, retries and rate-limit behaviour of a connector.

use std::time::Duration;

/// How a [`VendorConnector`](super::VendorConnector) calls the vendor. Every setting has a
/// default suited to Okta-like APIs; change them with the `with_*` methods.
///
/// | setting | default |
/// |---|---|
/// | per-attempt timeout | 30 s |
/// | concurrent requests per tenant | 35 |
/// | retry budget (total time, first attempt to last retry) | 60 s |
/// | first backoff delay (doubles, jittered) / largest delay | 250 ms / 10 s |
/// | slow down when `X-Rate-Limit-Remaining` ≤ this share of `X-Rate-Limit-Limit` (and always at ≤ 1) | 1 % |
/// | refresh OAuth tokens this long before they expire (at most half their lifetime) | 60 s |
/// | largest response body read | 32 MiB |
///
/// ```
/// use std::time::Duration;
/// use okta_actions::client::VendorConfig;
/// let config = VendorConfig::default()
///     .with_timeout(Duration::from_secs(10))
///     .with_max_concurrency(10);
/// assert_eq!(config.timeout(), Duration::from_secs(10));
/// assert_eq!(config.max_concurrency(), 10);
/// ```
#[derive(Debug, Clone)]
pub struct VendorConfig {
    pub(crate) timeout: Duration,
    pub(crate) max_concurrency: usize,
    pub(crate) retry_max_elapsed: Duration,
    pub(crate) retry_base_delay: Duration,
    pub(crate) retry_max_delay: Duration,
    pub(crate) slow_down_fraction: f64,
    pub(crate) token_refresh_skew: Duration,
    pub(crate) max_response_bytes: usize,
    pub(crate) user_agent: String,
}

impl Default for VendorConfig {
    fn default() -> Self {
        VendorConfig {
            timeout: Duration::from_secs(30),
            max_concurrency: 35,
            retry_max_elapsed: Duration::from_secs(60),
            retry_base_delay: Duration::from_millis(250),
            retry_max_delay: Duration::from_secs(10),
            slow_down_fraction: 0.01,
            token_refresh_skew: Duration::from_secs(60),
            max_response_bytes: 32 * 1024 * 1024,
            user_agent: concat!("okta-actions/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

impl VendorConfig {
    /// The timeout of one attempt (connect, send, and read the whole answer).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The most requests one tenant may have in flight at once (at least 1).
    pub fn with_max_concurrency(mut self, max: usize) -> Self {
        self.max_concurrency = max.max(1);
        self
    }

    /// The total time retries of one call may take before giving up (`RATE_LIMIT_EXCEEDED` for
    /// 429s, `GENERIC_FAILURE` otherwise).
    pub fn with_retry_max_elapsed(mut self, budget: Duration) -> Self {
        self.retry_max_elapsed = budget;
        self
    }

    /// The first backoff delay; later ones double up to [`VendorConfig::with_retry_max_delay`],
    /// each jittered between half and all of it.
    pub fn with_retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry_base_delay = delay;
        self
    }

    /// The largest backoff delay.
    pub fn with_retry_max_delay(mut self, delay: Duration) -> Self {
        self.retry_max_delay = delay;
        self
    }

    /// Slow down (wait for the rate-limit window to reset) once `X-Rate-Limit-Remaining` falls
    /// to this share of `X-Rate-Limit-Limit` (clamped to 0..=1; a remaining of 1 or less always
    /// waits).
    pub fn with_slow_down_threshold(mut self, fraction: f64) -> Self {
        self.slow_down_fraction = if fraction.is_nan() {
            0.0
        } else {
            fraction.clamp(0.0, 1.0)
        };
        self
    }

    /// How long before expiry an OAuth access token is refreshed (never more than half its
    /// lifetime early).
    pub fn with_token_refresh_skew(mut self, skew: Duration) -> Self {
        self.token_refresh_skew = skew;
        self
    }

    /// The largest response body the client reads; a larger one is a `GENERIC_FAILURE`.
    pub fn with_max_response_bytes(mut self, max: usize) -> Self {
        self.max_response_bytes = max;
        self
    }

    /// The `User-Agent` sent to the vendor.
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The timeout of one attempt.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The per-tenant concurrency cap.
    pub fn max_concurrency(&self) -> usize {
        self.max_concurrency
    }

    /// The retry budget.
    pub fn retry_max_elapsed(&self) -> Duration {
        self.retry_max_elapsed
    }
}
