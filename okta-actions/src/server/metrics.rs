//! `GET /metrics` and the per-request counter: each front end's routes tag their answers with
//! their [`RouteKind`]; the outermost layer counts every answer by kind and status.
//!
//! `/metrics` needs no credential and shows no tenant data (labels are route kinds, statuses,
//! action names and outcomes). It still tells an outsider which actions run and how often:
//! keep it off the public internet, by serving it on its own listener
//! ([`Adapter::metrics_router`](super::Adapter::metrics_router) with
//! [`AdapterConfig::serve_metrics`](super::AdapterConfig::serve_metrics) off; `serve
//! --metrics-listen`), or by not routing `/metrics` at the ingress.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::observe::{Metrics, RouteKind};

/// The OpenMetrics text format's media type, which Prometheus negotiates.
const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// `GET /metrics`: the integration's metrics in OpenMetrics text.
pub(crate) async fn render(State(metrics): State<Arc<MetricsHandle>>) -> Response {
    ([(CONTENT_TYPE, OPENMETRICS)], metrics.0.metrics().render()).into_response()
}

/// The integration whose metrics a route reads or records.
#[derive(Debug)]
pub(crate) struct MetricsHandle(pub(crate) Arc<crate::Integration>);

impl MetricsHandle {
    fn metrics(&self) -> &Metrics {
        self.0.metrics()
    }
}

/// Route layer: marks the answer as the `kind` front end's, for [`count`].
pub(crate) async fn tag(State(kind): State<RouteKind>, mut response: Response) -> Response {
    response.extensions_mut().insert(kind);
    response
}

/// Outer middleware: counts the answer by route kind (untagged: `other`) and status.
pub(crate) async fn count(
    State(metrics): State<Arc<MetricsHandle>>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    let kind = response
        .extensions()
        .get::<RouteKind>()
        .copied()
        .unwrap_or(RouteKind::Other);
    metrics
        .metrics()
        .record_request(kind, response.status().as_u16());
    response
}
