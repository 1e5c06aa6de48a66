//! Which methods are retried, on what, and for how long.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use okta_actions::client::HttpMethod;
use okta_actions::contracts::ErrorType;
use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::support::{client, fast_config};

async fn flaky(verb: &str, status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .respond_with(ResponseTemplate::new(status))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method(verb))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn get_put_and_delete_are_retried_on_5xx() {
    for (verb, status) in [
        (HttpMethod::Get, 503),
        (HttpMethod::Put, 500),
        (HttpMethod::Delete, 502),
    ] {
        let server = flaky(verb.as_str(), status).await;
        let client = client(&server.uri(), fast_config());
        let response = client.request(verb, "/r").send().await.unwrap();
        assert_eq!(response.status, 200, "{verb:?}");
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            2,
            "{verb:?}"
        );
    }
}

#[tokio::test]
async fn post_and_patch_are_never_retried() {
    for verb in [HttpMethod::Post, HttpMethod::Patch] {
        for status in [500, 503, 429] {
            let server = flaky(verb.as_str(), status).await;
            let client = client(&server.uri(), fast_config());
            let response = client.request(verb, "/r").send().await.unwrap();
            assert_eq!(response.status, status, "{verb:?}");
            assert_eq!(
                server.received_requests().await.unwrap().len(),
                1,
                "{verb:?} {status}"
            );
            let expected = if status == 429 {
                ErrorType::RateLimitExceeded
            } else {
                ErrorType::GenericFailure
            };
            assert_eq!(
                response.error_for_status().unwrap_err().error_type(),
                expected
            );
        }
    }
}

#[tokio::test]
async fn persistent_5xx_gives_up_within_the_budget_keeping_status_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("X-Request-Id", "r-503")
                .set_body_json(json!({"error": "unavailable", "message": "down for maintenance"})),
        )
        .mount(&server)
        .await;
    let config = fast_config().with_retry_max_elapsed(Duration::from_millis(500));
    let client = client(&server.uri(), config);
    let started = Instant::now();
    let err = client
        .get("/r")
        .send_json::<serde_json::Value>()
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(err.error_type(), ErrorType::GenericFailure);
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(err.vendor_request_id(), Some("r-503"));
    assert_eq!(err.summary(), "unavailable: down for maintenance");
    assert!(server.received_requests().await.unwrap().len() >= 3);
}

/// A raw HTTP server that drops the first `drops` connections without answering, then answers
/// 200 `{}`; returns its URL and the number of connections accepted.
async fn dropping_server(drops: usize) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let _ = socket.read(&mut buffer).await;
                if n >= drops {
                    let _ = socket
                        .write_all(
                            b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}",
                        )
                        .await;
                }
                // Dropping the socket closes the connection (mid-request for the first ones).
            });
        }
    });
    (url, accepted)
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_get_but_not_for_post() {
    let (url, accepted) = dropping_server(1).await;
    let response = client(&url, fast_config()).get("/r").send().await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(accepted.load(Ordering::SeqCst), 2);

    let (url, accepted) = dropping_server(1).await;
    let err = client(&url, fast_config())
        .post("/r")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.error_type(), ErrorType::GenericFailure);
    assert_eq!(err.http_status(), None);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_refused_connection_fails_after_the_budget() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let config = fast_config().with_retry_max_elapsed(Duration::from_millis(300));
    let err = client(&url, config).get("/r").send().await.unwrap_err();
    assert_eq!(err.error_type(), ErrorType::GenericFailure);
    assert!(err.summary().contains("could not connect"), "{err}");
}
