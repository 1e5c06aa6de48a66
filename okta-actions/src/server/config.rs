//! The adapter's settings.

use std::time::Duration;

/// How the adapter treats requests.
///
/// ```
/// use std::time::Duration;
/// use okta_actions::server::AdapterConfig;
/// let config = AdapterConfig::default()
///     .body_limit(64 * 1024)
///     .request_timeout(Duration::from_secs(10))
///     .validate_output(false);
/// assert_eq!(config.body_limit_bytes(), 64 * 1024);
/// ```
#[derive(Debug, Clone)]
pub struct AdapterConfig {
    pub(crate) body_limit: usize,
    pub(crate) request_timeout: Duration,
    pub(crate) validate_output: bool,
    pub(crate) serve_metrics: bool,
}

impl Default for AdapterConfig {
    /// 1 MiB bodies, 60 s per request, outputs validated against the contract, `/metrics`
    /// served.
    fn default() -> Self {
        AdapterConfig {
            body_limit: 1024 * 1024,
            request_timeout: Duration::from_secs(60),
            validate_output: true,
            serve_metrics: true,
        }
    }
}

impl AdapterConfig {
    /// The largest request body accepted; larger bodies are answered `413`.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// How long one action may run before the adapter answers `504`. The handler is dropped at
    /// the deadline; a vendor call it had already sent is not undone.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Whether each handler's output is validated against the contract before it is returned
    /// (on by default; tests and `validate` always validate). A violating output is answered
    /// `500` naming the JSON paths. Only outputs whose type leaves them open are checked (see
    /// [`OpenParts`](crate::contracts::OpenParts): a custom attribute named like a contract
    /// property); the type guarantees every other output's schema.
    pub fn validate_output(mut self, on: bool) -> Self {
        self.validate_output = on;
        self
    }

    /// Whether the adapter's router serves `GET /metrics` (on by default). Turn it off when
    /// the metrics are served on a listener of their own
    /// ([`Adapter::metrics_router`](super::Adapter::metrics_router)), so the address Okta calls
    /// does not show them.
    pub fn serve_metrics(mut self, on: bool) -> Self {
        self.serve_metrics = on;
        self
    }

    /// Whether `GET /metrics` is served with the other routes.
    pub fn serves_metrics(&self) -> bool {
        self.serve_metrics
    }

    /// The body limit in bytes.
    pub fn body_limit_bytes(&self) -> usize {
        self.body_limit
    }

    /// The per-request timeout.
    pub fn timeout(&self) -> Duration {
        self.request_timeout
    }

    /// Whether outputs are validated.
    pub fn validates_output(&self) -> bool {
        self.validate_output
    }
}
