//! Fetching the org's keys: an unknown `kid` causes one refetch and no more, a broken or silent
//! JWKS server is a 401 within a bounded time, and concurrent requests share one fetch.

use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use futures::future::join_all;
use okta_actions::server::logout::TrustedIssuer;
use tokio::time::timeout;

use super::support::{CLIENT_ID, Endpoint, Key, Logs, Okta, bind, calls_for, email, tenant};

#[tokio::test]
async fn an_unknown_kid_is_refetched_once_then_refused() {
    let (logs, _guard) = Logs::capture();
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;

    let token = okta.token(&endpoint).build();
    assert_eq!(endpoint.logout_email(&token, &email("known")).await, 204);
    assert_eq!(okta.fetches(), 1);

    let user = email("unknown-kid");
    let token = okta.token(&endpoint).key(Key::B).build();
    assert_eq!(endpoint.logout_email(&token, &user).await, 401);
    assert_eq!(okta.fetches(), 2, "one refetch for the new kid");

    for _ in 0..5 {
        let token = okta.token(&endpoint).key(Key::B).build();
        assert_eq!(endpoint.logout_email(&token, &user).await, 401);
    }
    assert_eq!(okta.fetches(), 2, "no refetch storm");
    assert!(calls_for(&user).is_empty());
    assert!(
        logs.text().contains("no signing key `key-b`"),
        "{}",
        logs.text()
    );
}

#[tokio::test]
async fn made_up_kids_on_a_cold_cache_cause_one_fetch() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;

    for i in 0..5 {
        let token = okta
            .token(&endpoint)
            .header("kid", serde_json::json!(format!("made-up-{i}")))
            .build();
        assert_eq!(endpoint.logout_email(&token, &email("cold")).await, 401);
    }
    assert_eq!(okta.fetches(), 1);
}

#[tokio::test]
async fn a_refetch_is_allowed_again_after_the_interval() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::start(|c| {
        c.with_trusted_issuer(okta.trusted())
            .with_jwks_refetch_interval(Duration::from_millis(1500))
    })
    .await;

    let token = okta.token(&endpoint).key(Key::B).build();
    assert_eq!(endpoint.logout_email(&token, &email("early")).await, 401);
    assert_eq!(okta.fetches(), 1);
    okta.publish(&[Key::A, Key::B]);
    let token = okta.token(&endpoint).key(Key::B).build();
    assert_eq!(endpoint.logout_email(&token, &email("early")).await, 401);
    assert_eq!(okta.fetches(), 1, "still within the interval");

    tokio::time::sleep(Duration::from_millis(1700)).await;
    let token = okta.token(&endpoint).key(Key::B).build();
    assert_eq!(endpoint.logout_email(&token, &email("later")).await, 204);
    assert_eq!(okta.fetches(), 2);
}

#[tokio::test]
async fn concurrent_requests_on_a_cold_cache_share_one_fetch() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;

    let tokens: Vec<String> = (0..8).map(|_| okta.token(&endpoint).build()).collect();
    let statuses = join_all(
        tokens
            .iter()
            .map(|token| endpoint.logout_email(token, "many@acme.example")),
    )
    .await;
    assert!(statuses.iter().all(|s| *s == 204), "{statuses:?}");
    assert_eq!(okta.fetches(), 1);
}

/// An endpoint trusting an org at `issuer` whose JWKS is served (or not) by the test.
async fn endpoint_for(issuer: &str) -> Endpoint {
    let trusted = TrustedIssuer::new(issuer, CLIENT_ID, tenant("acme"));
    Endpoint::start(|c| {
        c.with_trusted_issuer(trusted)
            .with_jwks_timeout(Duration::from_millis(500))
    })
    .await
}

/// Sends a token from `okta_issuer` and expects a 401 within 5 s.
async fn expect_401_quickly(okta_issuer: &str) {
    let (logs, _guard) = Logs::capture();
    let endpoint = endpoint_for(okta_issuer).await;
    // Any org's token minter works: only `iss` must name the unreachable org.
    let okta = Okta::start(&[Key::A]).await;
    let user = email("keys-down");
    let token = okta
        .token(&endpoint)
        .claim("iss", serde_json::json!(okta_issuer))
        .build();
    let status = timeout(Duration::from_secs(5), endpoint.logout_email(&token, &user))
        .await
        .expect("answered within 5 s");
    assert_eq!(status, 401);
    assert!(calls_for(&user).is_empty());
    let logs = logs.text();
    assert!(logs.contains("are unavailable"), "{logs}");
}

#[tokio::test]
async fn a_jwks_server_that_is_down_is_a_401() {
    let (listener, issuer) = bind().await;
    drop(listener);
    expect_401_quickly(&issuer).await;
}

#[tokio::test]
async fn a_jwks_server_that_never_answers_is_a_401_after_the_timeout() {
    let (listener, issuer) = bind().await;
    let silent = Router::new().route(
        "/oauth2/v1/keys",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            "{}"
        }),
    );
    tokio::spawn(async move { axum::serve(listener, silent).await });
    expect_401_quickly(&issuer).await;
}

#[tokio::test]
async fn a_jwks_server_answering_errors_or_garbage_is_a_401() {
    for answer in [
        (StatusCode::INTERNAL_SERVER_ERROR, "{}"),
        (StatusCode::OK, "<html>not json</html>"),
    ] {
        let (listener, issuer) = bind().await;
        let broken = Router::new().route("/oauth2/v1/keys", get(move || async move { answer }));
        tokio::spawn(async move { axum::serve(listener, broken).await });
        expect_401_quickly(&issuer).await;
    }
}
