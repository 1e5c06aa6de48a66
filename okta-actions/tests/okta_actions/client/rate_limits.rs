//! 429 handling, slowing down before the wall, giving up, and the per-tenant concurrency cap.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use okta_actions::client::VendorConfig;
use okta_actions::contracts::ErrorType;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::support::{api_key_connector, client, fast_config, serve, tenant};

fn epoch_in(seconds: u64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    (now + seconds).to_string()
}

async fn limited_once(first: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(first)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = limited_once(ResponseTemplate::new(429).insert_header("Retry-After", "1")).await;
    let started = Instant::now();
    let response = client(&server.uri(), fast_config())
        .get("/r")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let at = SystemTime::now() + Duration::from_secs(2);
    let server = limited_once(
        ResponseTemplate::new(429)
            .insert_header("Retry-After", httpdate::fmt_http_date(at).as_str()),
    )
    .await;
    let started = Instant::now();
    let config = fast_config().with_retry_max_elapsed(Duration::from_secs(5));
    let response = client(&server.uri(), config)
        .get("/r")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn x_rate_limit_reset_is_honoured() {
    let server = limited_once(
        ResponseTemplate::new(429)
            .insert_header("X-Rate-Limit-Limit", "600")
            .insert_header("X-Rate-Limit-Remaining", "0")
            .insert_header("X-Rate-Limit-Reset", epoch_in(2).as_str()),
    )
    .await;
    let started = Instant::now();
    let config = fast_config().with_retry_max_elapsed(Duration::from_secs(5));
    let response = client(&server.uri(), config)
        .get("/r")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn persistent_429_gives_up_with_rate_limit_exceeded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .insert_header("X-Okta-Request-Id", "req-429")
                .set_body_json(serde_json::json!({
                    "errorCode": "E0000047", "errorSummary": "API call exceeded rate limit due to too many requests.",
                    "errorId": "oae1"
                })),
        )
        .mount(&server)
        .await;
    let started = Instant::now();
    let err = client(&server.uri(), fast_config())
        .get("/r")
        .send_json::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(err.error_type(), ErrorType::RateLimitExceeded);
    assert_eq!(err.http_status(), Some(429));
    assert_eq!(err.vendor_request_id(), Some("req-429"));
    assert_eq!(err.code(), Some("E0000047"));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(server.received_requests().await.unwrap().len() >= 2);
}

#[tokio::test]
async fn a_nearly_exhausted_window_slows_the_next_request_down() {
    nearly_exhausted_window_slows_down("X-Rate-Limit").await;
}

#[tokio::test]
async fn the_x_ratelimit_spelling_slows_down_too() {
    nearly_exhausted_window_slows_down("X-RateLimit").await;
}

async fn nearly_exhausted_window_slows_down(prefix: &str) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(format!("{prefix}-Limit").as_str(), "100")
                .insert_header(format!("{prefix}-Remaining").as_str(), "1")
                .insert_header(format!("{prefix}-Reset").as_str(), epoch_in(2).as_str()),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(format!("{prefix}-Limit").as_str(), "100")
                .insert_header(format!("{prefix}-Remaining").as_str(), "50")
                .insert_header(format!("{prefix}-Reset").as_str(), epoch_in(60).as_str()),
        )
        .mount(&server)
        .await;
    let config = fast_config().with_retry_max_elapsed(Duration::from_secs(5));
    let client = client(&server.uri(), config);
    client.get("/a").send().await.unwrap();
    let started = Instant::now();
    client.get("/b").send().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    // Plenty remaining: no waiting.
    let started = Instant::now();
    client.get("/c").send().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
}

/// Counts requests in flight and remembers the most seen at once.
#[derive(Clone, Default)]
struct InFlight {
    now: Arc<AtomicUsize>,
    max: Arc<AtomicUsize>,
}

async fn slow(State(in_flight): State<InFlight>) -> &'static str {
    let now = in_flight.now.fetch_add(1, Ordering::SeqCst) + 1;
    in_flight.max.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(200)).await;
    in_flight.now.fetch_sub(1, Ordering::SeqCst);
    "{}"
}

async fn max_in_flight(config: VendorConfig, requests: usize) -> usize {
    let in_flight = InFlight::default();
    let base = serve(
        Router::new()
            .route("/slow", get(slow))
            .with_state(in_flight.clone()),
    )
    .await;
    let connector = api_key_connector(&base, config);
    let calls = (0..requests).map(|_| {
        // Separate clients of one tenant share the cap.
        let client = connector.connect(&tenant("k-123")).unwrap();
        tokio::spawn(async move { client.get("/slow").send().await })
    });
    for call in futures::future::join_all(calls).await {
        assert_eq!(call.unwrap().unwrap().status, 200);
    }
    in_flight.max.load(Ordering::SeqCst)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrency_per_tenant_is_capped() {
    assert_eq!(
        max_in_flight(fast_config().with_max_concurrency(3), 12).await,
        3
    );
    assert_eq!(max_in_flight(fast_config(), 50).await, 35);
}

#[tokio::test]
async fn different_tenants_have_separate_caps() {
    let in_flight = InFlight::default();
    let base = serve(
        Router::new()
            .route("/slow", get(slow))
            .with_state(in_flight.clone()),
    )
    .await;
    let connector = api_key_connector(&base, fast_config().with_max_concurrency(2));
    let calls = (0..8).map(|i| {
        let key = if i % 2 == 0 { "tenant-a" } else { "tenant-b" };
        let client = connector.connect(&tenant(key)).unwrap();
        tokio::spawn(async move { client.get("/slow").send().await })
    });
    futures::future::join_all(calls).await;
    assert_eq!(in_flight.max.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn absurd_rate_limit_numbers_are_survived_not_panicked_on() {
    let server = MockServer::start().await;
    let huge = u64::MAX.to_string();
    Mock::given(method("GET"))
        .and(wiremock::matchers::path("/limited"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", huge.as_str())
                .insert_header("X-Rate-Limit-Reset", huge.as_str()),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::path("/ok"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Rate-Limit-Limit", "100")
                .insert_header("X-Rate-Limit-Remaining", "0")
                .insert_header("X-Rate-Limit-Reset", huge.as_str()),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri(), fast_config());
    let error = client
        .get("/limited")
        .send_json::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(error.error_type(), ErrorType::RateLimitExceeded);
    let started = Instant::now();
    client.get("/ok").send().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}
