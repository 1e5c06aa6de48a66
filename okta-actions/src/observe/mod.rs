//! Observability: one tracing span per action call with its outcome, and the Prometheus
//! metrics the adapter serves at `/metrics`.
//!
//! Every front end (the actions route, the SCIM facade, the Universal Logout endpoint) runs its
//! calls through the `dispatch` pipeline, which wraps each in `observe::call`: so the span and the
//! per-action metrics are recorded in one place, the same way for all three. Nothing recorded
//! names a header, a body, a tenant variable's value or a credential: the tenant appears only
//! as a digest ([`ActionContext::tenant_tag`](crate::ActionContext::tenant_tag)), and metric labels are route kinds, status codes, action names
//! and outcomes.

pub(crate) mod call;
mod metrics;
mod tenant;

pub use metrics::Metrics;
pub(crate) use metrics::RouteKind;
pub(crate) use tenant::tenant_tag;
