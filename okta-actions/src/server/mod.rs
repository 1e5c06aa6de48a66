//! The adapter server: the contract endpoints Okta's thin flows call, health and an
//! authenticated ping.
//!
//! | route | answer |
//! |---|---|
//! | `POST /actions/{Ident}` | `200` and the contract output with `executionStatus` (SUCCEEDED, or FAILED when the action failed at the vendor); `400` malformed or contract-breaking input, a missing tenant variable; `401` missing or unusable credential; `404` unknown action; `413` body too large; `415` not JSON; `500` handler panic or output breaking the contract; `504` request timeout |
//! | `GET /health` | `200 {"status":"ok", …}` |
//! | `POST <path>` (with `Adapter::universal_logout`, feature `universal-logout`) | the standard Universal Logout endpoint: see the `logout` module |
//! | `<base>/Users`, `<base>/Groups`, … (with `Adapter::scim`, feature `scim`) | the SCIM 2.0 facade: see the `scim` module |
//! | `GET /authping` | `200 {"status":"ok","verified":…}` when the tenant's connection works, `401` when the vendor refuses it |
//! | `GET /metrics` (unless [`AdapterConfig::serve_metrics`] is off) | Prometheus metrics in OpenMetrics text, no credential needed: see [`Metrics`](crate::observe::Metrics) |
//!
//! Every answer carries `x-request-id` (the caller's when usable, else a new one), and every
//! failure is `{"executionStatus": {"status": "FAILED", "errors": [...]}}` whose error names the
//! request id and, for contract violations, one JSON path per detail line.
//!
//! ```no_run
//! # async fn run(integration: okta_actions::Integration) -> std::io::Result<()> {
//! use okta_actions::server::{Adapter, AdapterConfig};
//!
//! let running = Adapter::new(integration)
//!     .config(AdapterConfig::default().body_limit(256 * 1024))
//!     .bind("127.0.0.1:8080")
//!     .await?;
//! println!("serving at {}", running.url());
//! running.shutdown().await
//! # }
//! ```

mod actions;
mod config;
mod failure;
#[cfg(feature = "universal-logout")]
pub mod logout;
mod media;
mod metrics;
mod ops;
mod request_id;
mod running;
#[cfg(feature = "scim")]
pub mod scim;
mod tenant;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::map_response_with_state;
use axum::routing::{get, post};
use tower_http::catch_panic::CatchPanicLayer;

pub use config::AdapterConfig;
pub use request_id::{REQUEST_ID_HEADER, RequestId};
pub use running::RunningAdapter;

use crate::Integration;
use crate::observe::RouteKind;
use metrics::MetricsHandle;

/// What every route shares.
#[derive(Debug)]
pub(crate) struct AdapterState {
    pub(crate) integration: Arc<Integration>,
    pub(crate) config: AdapterConfig,
}

/// Serves an [`Integration`] to Okta over HTTP.
#[derive(Debug, Clone)]
pub struct Adapter {
    integration: Arc<Integration>,
    config: AdapterConfig,
    mounted: Vec<Router>,
}

impl Adapter {
    /// An adapter for an integration, with the default [`AdapterConfig`].
    pub fn new(integration: Integration) -> Self {
        Adapter {
            integration: Arc::new(integration),
            config: AdapterConfig::default(),
            mounted: Vec::new(),
        }
    }

    /// Replaces the configuration.
    pub fn config(mut self, config: AdapterConfig) -> Self {
        self.config = config;
        self
    }

    /// Also serves the standard Universal Logout endpoint Okta calls directly (global token
    /// revocation), dispatching to the integration's `UniversalLogout` handler.
    ///
    /// # Errors
    /// The configuration is unusable, or the integration has no `UniversalLogout` handler.
    #[cfg(feature = "universal-logout")]
    pub fn universal_logout(
        mut self,
        config: logout::UniversalLogoutConfig,
    ) -> Result<Self, logout::LogoutConfigError> {
        let router = config.into_router(Arc::clone(&self.integration))?;
        self.mounted
            .push(router.route_layer(map_response_with_state(RouteKind::Logout, metrics::tag)));
        Ok(self)
    }

    /// Also serves the integration's provisioning handlers as a SCIM 2.0 service at the
    /// configuration's base path (which carries the tenant variables), for OIN SCIM apps.
    ///
    /// # Errors
    /// Every problem [`ScimConfig::check`](scim::ScimConfig::check) finds.
    #[cfg(feature = "scim")]
    pub fn scim(mut self, config: scim::ScimConfig) -> Result<Self, scim::ScimConfigError> {
        let router = config.into_router(Arc::clone(&self.integration))?;
        self.mounted
            .push(router.route_layer(map_response_with_state(RouteKind::Scim, metrics::tag)));
        Ok(self)
    }

    /// The integration served.
    pub fn integration(&self) -> &Integration {
        &self.integration
    }

    /// The routes, for serving with `axum::serve` or nesting into a larger application.
    pub fn router(&self) -> Router {
        let state = Arc::new(AdapterState {
            integration: Arc::clone(&self.integration),
            config: self.config.clone(),
        });
        let actions = Router::new()
            .route("/actions/{ident}", post(actions::call))
            .route_layer(map_response_with_state(RouteKind::Actions, metrics::tag));
        let mut ops = Router::new()
            .route("/health", get(ops::health))
            .route("/authping", get(ops::authping));
        if self.config.serve_metrics {
            ops = ops.merge(self.metrics_routes());
        }
        let mut router = actions
            .merge(ops.route_layer(map_response_with_state(RouteKind::Ops, metrics::tag)))
            .fallback(failure::no_such_endpoint)
            .method_not_allowed_fallback(failure::method_not_allowed)
            .layer(DefaultBodyLimit::max(self.config.body_limit))
            .with_state(state);
        for mounted in &self.mounted {
            router = router.merge(mounted.clone());
        }
        let handle = Arc::new(MetricsHandle(Arc::clone(&self.integration)));
        router
            .layer(CatchPanicLayer::custom(failure::panic_response))
            .layer(axum::middleware::from_fn_with_state(handle, metrics::count))
            .layer(axum::middleware::from_fn(request_id::assign))
    }

    /// Only `GET /metrics`, for a listener of its own (an address Okta and the internet cannot
    /// reach), with [`AdapterConfig::serve_metrics`] off on the main one.
    pub fn metrics_router(&self) -> Router {
        self.metrics_routes()
    }

    fn metrics_routes<S: Clone + Send + Sync + 'static>(&self) -> Router<S> {
        let handle = Arc::new(MetricsHandle(Arc::clone(&self.integration)));
        Router::new()
            .route("/metrics", get(metrics::render))
            .with_state(handle)
    }

    /// Binds a listener and serves in the background until [`RunningAdapter::shutdown`].
    ///
    /// # Errors
    /// The address cannot be bound.
    pub async fn bind(
        &self,
        addr: impl tokio::net::ToSocketAddrs,
    ) -> std::io::Result<RunningAdapter> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        self.serve(listener)
    }

    /// Serves on a listener bound by the caller, in the background until
    /// [`RunningAdapter::shutdown`].
    ///
    /// # Errors
    /// The listener has no local address.
    pub fn serve(&self, listener: tokio::net::TcpListener) -> std::io::Result<RunningAdapter> {
        RunningAdapter::start(listener, self.router())
    }
}
