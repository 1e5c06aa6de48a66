//! Health, the authenticated ping, and graceful shutdown.

use std::time::Duration;

use okta_actions::server::AdapterConfig;
use serde_json::json;

use super::support::{GOOD_KEY, adapter, answer, failed_error, okta_call};

fn ping(url: &str, key: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .get(format!("{url}/authping"))
        .header("authorization", format!("Bearer {key}"))
        .header("x-okta-tenant-subdomain", "acme")
}

#[tokio::test]
async fn health_answers_without_credentials() {
    let adapter = adapter(AdapterConfig::default()).await;
    let (status, _, body) =
        answer(reqwest::Client::new().get(format!("{}/health", adapter.url()))).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"status": "ok", "integration": "Loopback", "actions": 9})
    );
}

#[tokio::test]
async fn authping_asks_the_vendor_whether_the_credential_is_good() {
    let adapter = adapter(AdapterConfig::default()).await;
    let (status, _, body) = answer(ping(&adapter.url(), GOOD_KEY)).await;
    assert_eq!(
        (status, body),
        (200, json!({"status": "ok", "verified": true}))
    );

    let (status, id, body) = answer(ping(&adapter.url(), "k-wrong")).await;
    assert_eq!(status, 401);
    assert_eq!(failed_error(&body, &id)["type"], "INVALID_CREDENTIALS");
    assert!(!body.to_string().contains("k-wrong"));

    let no_tenant = reqwest::Client::new()
        .get(format!("{}/authping", adapter.url()))
        .header("authorization", format!("Bearer {GOOD_KEY}"));
    let (status, _, _) = answer(no_tenant).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn shutdown_finishes_requests_in_flight_and_then_refuses_connections() {
    let adapter = adapter(AdapterConfig::default()).await;
    let url = adapter.url();
    let in_flight = tokio::spawn(answer(okta_call(
        &adapter,
        "GetUserById",
        &json!({"userId": "slow"}),
    )));
    tokio::time::sleep(Duration::from_millis(150)).await;
    tokio::time::timeout(Duration::from_secs(5), adapter.shutdown())
        .await
        .expect("shutdown completes")
        .expect("clean shutdown");
    let (status, _, body) = in_flight.await.unwrap();
    assert_eq!(status, 200, "the request in flight finished: {body}");
    let after = reqwest::Client::new()
        .get(format!("{url}/health"))
        .send()
        .await;
    assert!(after.is_err(), "no connections after shutdown");
}

#[tokio::test]
async fn unknown_paths_and_methods_get_the_failure_shape_too() {
    let adapter = adapter(AdapterConfig::default()).await;
    let (status, id, body) =
        answer(reqwest::Client::new().get(format!("{}/nowhere", adapter.url()))).await;
    assert_eq!(status, 404);
    assert!(
        failed_error(&body, &id)["summary"]
            .as_str()
            .unwrap()
            .contains("/nowhere")
    );
    let (status, id, body) =
        answer(reqwest::Client::new().get(format!("{}/actions/ListUsers", adapter.url()))).await;
    assert_eq!(status, 405);
    failed_error(&body, &id);
}
