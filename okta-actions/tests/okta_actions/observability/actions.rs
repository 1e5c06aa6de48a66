//! The actions route: each outcome's `action_call` span, and the `/metrics` counters moving
//! with the right labels, a vendor 429 and its retry included; no credential or tenant
//! variable value in either.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use okta_actions::server::{Adapter, AdapterConfig, RunningAdapter};
use serde_json::{Value, json};

use super::capture::{Spans, assert_sample, sample, scrape};
use crate::client::support::serve;
use crate::server::support::{GOOD_KEY, integration};

/// The tenant variable's value: it must show nowhere.
const SUBDOMAIN: &str = "acme";

/// A vendor for tenant `acme`: `u-flaky` answers 429 (`Retry-After: 0`) once, then like any
/// `u-*` user; `u-gone` is not found.
async fn vendor() -> String {
    async fn user(
        State(hits): State<Arc<AtomicUsize>>,
        Path((sub, id)): Path<(String, String)>,
        headers: HeaderMap,
    ) -> Response {
        if sub != SUBDOMAIN || headers.get("x-api-key").is_none_or(|k| k != GOOD_KEY) {
            return (StatusCode::UNAUTHORIZED, Json(json!({"error": "bad key"}))).into_response();
        }
        if id == "u-flaky" && hits.fetch_add(1, Ordering::SeqCst) == 0 {
            return (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "0")]).into_response();
        }
        if id == "u-gone" {
            return (StatusCode::NOT_FOUND, Json(json!({"error": "no user"}))).into_response();
        }
        Json(json!({"id": id, "email_address": format!("{id}@example.com")})).into_response()
    }
    let router = axum::Router::new()
        .route("/t/{sub}/users/{id}", get(user))
        .with_state(Arc::new(AtomicUsize::new(0)));
    serve(router).await
}

/// Calls `GetUserById` with `body`, as Okta's thin flow does, under request id `id`; the status.
async fn call(adapter: &RunningAdapter, id: &str, body: Value) -> u16 {
    reqwest::Client::new()
        .post(format!("{}/actions/GetUserById", adapter.url()))
        .header("authorization", format!("Bearer {GOOD_KEY}"))
        .header("x-okta-tenant-subdomain", SUBDOMAIN)
        .header("x-request-id", id)
        .timeout(Duration::from_secs(10))
        .json(&body)
        .send()
        .await
        .expect("the adapter answers")
        .status()
        .as_u16()
}

#[tokio::test]
async fn every_outcome_is_one_span_and_moves_the_counters() {
    let (spans, _guard) = Spans::capture();
    let adapter = Adapter::new(integration(&vendor().await))
        .config(AdapterConfig::default().request_timeout(Duration::from_millis(300)))
        .bind("127.0.0.1:0")
        .await
        .expect("bind");

    // Before any call, only the request counters' families exist.
    let before = scrape(&adapter.url()).await;
    assert_eq!(
        sample(
            &before,
            r#"okta_actions_actions_total{action="GetUserById",outcome="succeeded"}"#
        ),
        None
    );

    let cases = [
        (
            "obs-ok",
            json!({"userId": "u-1"}),
            200,
            "succeeded",
            None,
            1,
            0,
            0,
        ),
        (
            "obs-429",
            json!({"userId": "u-flaky"}),
            200,
            "succeeded",
            None,
            1,
            1,
            1,
        ),
        (
            "obs-gone",
            json!({"userId": "u-gone"}),
            200,
            "failed",
            Some("RESOURCE_NOT_FOUND"),
            1,
            0,
            0,
        ),
        (
            "obs-panic",
            json!({"userId": "panic"}),
            500,
            "crashed",
            None,
            0,
            0,
            0,
        ),
        (
            "obs-bad-out",
            json!({"userId": "bad-output"}),
            500,
            "invalid_output",
            None,
            0,
            0,
            0,
        ),
        (
            "obs-bad-in",
            json!({"userId": 5}),
            400,
            "invalid_input",
            None,
            0,
            0,
            0,
        ),
        (
            "obs-slow",
            json!({"userId": "slow"}),
            504,
            "timed_out",
            None,
            0,
            0,
            0,
        ),
    ];
    for (id, body, status, ..) in &cases {
        assert_eq!(call(&adapter, id, body.clone()).await, *status, "{id}");
    }
    let health = reqwest::get(format!("{}/health", adapter.url()))
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let nowhere = reqwest::get(format!("{}/nowhere", adapter.url()))
        .await
        .unwrap();
    assert_eq!(nowhere.status().as_u16(), 404);

    // The spans: one per call, each with its outcome and vendor counts.
    let mut tenants = Vec::new();
    for (id, _, _, outcome, error_type, requests, retries, limited) in &cases {
        let span = spans.of(id);
        assert_eq!(span["action"], "GetUserById", "{span:?}");
        assert_eq!(span["outcome"], *outcome, "{id}: {span:?}");
        assert_eq!(
            span.get("error_type").map(String::as_str),
            *error_type,
            "{id}: {span:?}"
        );
        assert_eq!(
            span["vendor_requests"],
            requests.to_string(),
            "{id}: {span:?}"
        );
        assert_eq!(
            span["vendor_retries"],
            retries.to_string(),
            "{id}: {span:?}"
        );
        assert_eq!(
            span["vendor_rate_limited"],
            limited.to_string(),
            "{id}: {span:?}"
        );
        assert!(span["elapsed_ms"].parse::<u64>().is_ok(), "{span:?}");
        tenants.push(span["tenant"].clone());
        for value in span.values() {
            assert!(
                !value.contains(SUBDOMAIN) && !value.contains(GOOD_KEY),
                "a tenant value in {span:?}"
            );
        }
    }
    // One stable digest for the one tenant.
    assert!(
        tenants
            .iter()
            .all(|t| t == &tenants[0] && t.starts_with("t-")),
        "{tenants:?}"
    );

    // The metrics, by route kind and status, by action and outcome, and the vendor's side.
    let metrics = scrape(&adapter.url()).await;
    for (series, value) in [
        (
            r#"okta_actions_requests_total{route="actions",status="200"}"#,
            3.0,
        ),
        (
            r#"okta_actions_requests_total{route="actions",status="500"}"#,
            2.0,
        ),
        (
            r#"okta_actions_requests_total{route="actions",status="400"}"#,
            1.0,
        ),
        (
            r#"okta_actions_requests_total{route="actions",status="504"}"#,
            1.0,
        ),
        // `/health` and the first scrape (counted once answered).
        (
            r#"okta_actions_requests_total{route="ops",status="200"}"#,
            2.0,
        ),
        (
            r#"okta_actions_requests_total{route="other",status="404"}"#,
            1.0,
        ),
        (
            r#"okta_actions_actions_total{action="GetUserById",outcome="succeeded"}"#,
            2.0,
        ),
        (
            r#"okta_actions_actions_total{action="GetUserById",outcome="failed"}"#,
            1.0,
        ),
        (
            r#"okta_actions_actions_total{action="GetUserById",outcome="crashed"}"#,
            1.0,
        ),
        (
            r#"okta_actions_actions_total{action="GetUserById",outcome="invalid_output"}"#,
            1.0,
        ),
        (
            r#"okta_actions_actions_total{action="GetUserById",outcome="invalid_input"}"#,
            1.0,
        ),
        (
            r#"okta_actions_actions_total{action="GetUserById",outcome="timed_out"}"#,
            1.0,
        ),
        (
            r#"okta_actions_action_duration_seconds_count{action="GetUserById"}"#,
            7.0,
        ),
        (
            r#"okta_actions_vendor_requests_total{action="GetUserById"}"#,
            3.0,
        ),
        (
            r#"okta_actions_vendor_retries_total{action="GetUserById"}"#,
            1.0,
        ),
        (
            r#"okta_actions_vendor_rate_limited_total{action="GetUserById"}"#,
            1.0,
        ),
    ] {
        assert_sample(&metrics, series, value);
    }
    // The slow call ran at least 300 ms: the histogram's sum saw it.
    let sum = sample(
        &metrics,
        r#"okta_actions_action_duration_seconds_sum{action="GetUserById"}"#,
    );
    assert!(sum.is_some_and(|s| s >= 0.3), "{metrics}");
    assert!(
        !metrics.contains(SUBDOMAIN) && !metrics.contains(GOOD_KEY),
        "{metrics}"
    );

    adapter.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn metrics_can_leave_the_adapters_address_for_their_own() {
    let adapter = Adapter::new(integration(&vendor().await))
        .config(AdapterConfig::default().serve_metrics(false));
    let running = adapter.bind("127.0.0.1:0").await.expect("bind");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, adapter.metrics_router()).into_future());

    assert_eq!(
        call(&running, "obs-own", json!({"userId": "u-1"})).await,
        200
    );
    let hidden = reqwest::get(format!("{}/metrics", running.url()))
        .await
        .unwrap();
    assert_eq!(
        hidden.status().as_u16(),
        404,
        "not on the address Okta calls"
    );
    let metrics = scrape(&base).await;
    assert_sample(
        &metrics,
        r#"okta_actions_requests_total{route="actions",status="200"}"#,
        1.0,
    );
    assert_sample(
        &metrics,
        r#"okta_actions_actions_total{action="GetUserById",outcome="succeeded"}"#,
        1.0,
    );
}
