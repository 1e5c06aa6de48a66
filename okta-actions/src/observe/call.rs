//! One action call as it is observed: its span, its outcome, its metrics.

use std::future::Future;
use std::time::Instant;

use tracing::Instrument as _;
use tracing::field::{Empty, display};

use crate::client::{VendorCalls, VendorClient};
use crate::dispatch::Fault;
use crate::{ActionContext, Integration};

/// A call being observed: [`start`](Self::start) before the context moves into the pipeline,
/// [`finish`](Self::finish) around it.
pub(crate) struct Call<'a> {
    integration: &'a Integration,
    /// The registered handler's name: a `&'static str` for labels, and no request text.
    action: Option<&'static str>,
    /// The call's own client (a clone shares its counters).
    vendor: Option<VendorClient>,
    span: tracing::Span,
}

impl<'a> Call<'a> {
    /// Opens the `action_call` span. Its fields are ids and counts only: never a header, a
    /// body, a tenant variable's value or a credential.
    pub(crate) fn start(integration: &'a Integration, ident: &str, ctx: &ActionContext) -> Self {
        let action = integration.action(ident).map(|a| a.meta().action);
        let span = tracing::info_span!(
            "action_call",
            request_id = %ctx.request_id(),
            tenant = %ctx.tenant_tag().unwrap_or("none"),
            action = %action.unwrap_or("unknown"),
            outcome = Empty,
            error_type = Empty,
            vendor_requests = Empty,
            vendor_retries = Empty,
            vendor_rate_limited = Empty,
            elapsed_ms = Empty,
        );
        Call {
            integration,
            action,
            vendor: ctx.vendor().ok().cloned(),
            span,
        }
    }

    /// Runs `pipeline` inside the span, then records its outcome on the span and the metrics.
    pub(crate) async fn finish<T>(
        self,
        pipeline: impl Future<Output = Result<T, Fault>>,
    ) -> Result<T, Fault> {
        let started = Instant::now();
        let result = pipeline.instrument(self.span.clone()).await;
        let elapsed = started.elapsed();
        let (outcome, error_type) = outcome(&result);
        let vendor = self
            .vendor
            .as_ref()
            .map(VendorClient::calls)
            .unwrap_or_default();
        let span = &self.span;
        span.record("outcome", display(outcome));
        if let Some(error_type) = error_type {
            span.record("error_type", display(error_type));
        }
        span.record("vendor_requests", vendor.requests);
        span.record("vendor_retries", vendor.retries);
        span.record("vendor_rate_limited", vendor.rate_limited);
        span.record("elapsed_ms", elapsed.as_millis() as u64);
        span.in_scope(|| tracing::info!("action call finished"));
        if let Some(action) = self.action {
            record(self.integration, action, outcome, elapsed, vendor);
        }
        result
    }
}

fn record(
    integration: &Integration,
    action: &'static str,
    outcome: &'static str,
    elapsed: std::time::Duration,
    vendor: VendorCalls,
) {
    integration
        .metrics()
        .record_call(action, outcome, elapsed, vendor);
}

/// The outcome's name and, for a handler's error, its contract error type.
fn outcome<T>(result: &Result<T, Fault>) -> (&'static str, Option<&'static str>) {
    match result {
        Ok(_) => ("succeeded", None),
        Err(Fault::Failed(error)) => ("failed", Some(error.error_type().as_str())),
        Err(Fault::TimedOut(_)) => ("timed_out", None),
        Err(Fault::Crashed(_)) => ("crashed", None),
        Err(Fault::Input(_)) => ("invalid_input", None),
        Err(Fault::Output(_)) => ("invalid_output", None),
        Err(Fault::NotImplemented) => ("not_implemented", None),
    }
}
