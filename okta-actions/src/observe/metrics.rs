//! The adapter's Prometheus metrics, in OpenMetrics text.
//!
//! Labels are `&'static str` action names, outcomes and route kinds and `u16` statuses, so
//! recording a sample allocates nothing once its label set exists (the family's map holds it).
//! Action names come from the registered handlers, never from the request path, so an unknown
//! action in a URL cannot grow the label space.

use std::fmt;
use std::time::Duration;

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::client::VendorCalls;

/// Which front end answered a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum RouteKind {
    /// `POST /actions/{Ident}`.
    Actions,
    /// The SCIM 2.0 facade.
    #[cfg(feature = "scim")]
    Scim,
    /// The standard Universal Logout endpoint.
    #[cfg(feature = "universal-logout")]
    Logout,
    /// `/health`, `/authping`, `/metrics`.
    Ops,
    /// No route matched (or a panic escaped one).
    Other,
}

impl RouteKind {
    fn as_str(self) -> &'static str {
        match self {
            RouteKind::Actions => "actions",
            #[cfg(feature = "scim")]
            RouteKind::Scim => "scim",
            #[cfg(feature = "universal-logout")]
            RouteKind::Logout => "logout",
            RouteKind::Ops => "ops",
            RouteKind::Other => "other",
        }
    }
}

impl EncodeLabelValue for RouteKind {
    fn encode(&self, encoder: &mut LabelValueEncoder<'_>) -> Result<(), fmt::Error> {
        self.as_str().encode(encoder)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RequestLabels {
    route: RouteKind,
    status: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct ActionLabels {
    action: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct OutcomeLabels {
    action: &'static str,
    outcome: &'static str,
}

/// Action latencies from 5 ms to about 20 s: vendor calls dominate.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.005, 2.0, 13))
}

/// The metrics of one integration's calls, rendered by the adapter's `GET /metrics`:
///
/// | metric | labels |
/// |---|---|
/// | `okta_actions_requests_total` | `route` (`actions`, `scim`, `logout`, `ops`, `other`), `status` |
/// | `okta_actions_actions_total` | `action`, `outcome` |
/// | `okta_actions_action_duration_seconds` (histogram) | `action` |
/// | `okta_actions_vendor_requests_total` | `action` |
/// | `okta_actions_vendor_retries_total` | `action` |
/// | `okta_actions_vendor_rate_limited_total` | `action` |
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    actions: Family<OutcomeLabels, Counter>,
    latency: Family<ActionLabels, Histogram, fn() -> Histogram>,
    vendor_requests: Family<ActionLabels, Counter>,
    vendor_retries: Family<ActionLabels, Counter>,
    vendor_rate_limited: Family<ActionLabels, Counter>,
}

impl fmt::Debug for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("okta_actions");
        let requests = Family::default();
        let actions = Family::default();
        let latency = Family::new_with_constructor(latency_histogram as fn() -> Histogram);
        let vendor_requests = Family::default();
        let vendor_retries = Family::default();
        let vendor_rate_limited = Family::default();
        registry.register(
            "requests",
            "Requests answered, by route kind and HTTP status",
            requests.clone(),
        );
        registry.register(
            "actions",
            "Action calls, by action and outcome",
            actions.clone(),
        );
        registry.register(
            "action_duration_seconds",
            "How long each action call took, handler and contract checks included",
            latency.clone(),
        );
        registry.register(
            "vendor_requests",
            "Vendor API requests made by action calls",
            vendor_requests.clone(),
        );
        registry.register(
            "vendor_retries",
            "Vendor API attempts repeated (timeout, connection error, 429, 5xx, refreshed token)",
            vendor_retries.clone(),
        );
        registry.register(
            "vendor_rate_limited",
            "Vendor API answers 429 Too Many Requests",
            vendor_rate_limited.clone(),
        );
        Metrics {
            registry,
            requests,
            actions,
            latency,
            vendor_requests,
            vendor_retries,
            vendor_rate_limited,
        }
    }
}

impl Metrics {
    /// The metrics in the OpenMetrics text format (`application/openmetrics-text`).
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing into a `String` cannot fail; an encoder error would leave a partial text.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }

    pub(crate) fn record_request(&self, route: RouteKind, status: u16) {
        self.requests
            .get_or_create(&RequestLabels { route, status })
            .inc();
    }

    pub(crate) fn record_call(
        &self,
        action: &'static str,
        outcome: &'static str,
        elapsed: Duration,
        vendor: VendorCalls,
    ) {
        self.actions
            .get_or_create(&OutcomeLabels { action, outcome })
            .inc();
        let labels = ActionLabels { action };
        self.latency
            .get_or_create(&labels)
            .observe(elapsed.as_secs_f64());
        for (family, count) in [
            (&self.vendor_requests, vendor.requests),
            (&self.vendor_retries, vendor.retries),
            (&self.vendor_rate_limited, vendor.rate_limited),
        ] {
            // A zero is still recorded once, so the series exists from the first call.
            family.get_or_create(&labels).inc_by(u64::from(count));
        }
    }
}
