//! After authentication: malformed bodies are 400, and the handler's outcome becomes 404 or 422.

use okta_actions::auth::TenantContext;
use okta_actions::server::logout::TrustedIssuer;
use serde_json::json;

use super::support::{CLIENT_ID, Endpoint, Key, Okta, calls_for, email, unique};

async fn status_for(body: String) -> u16 {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;
    let token = okta.token(&endpoint).build();
    endpoint
        .post_raw(Some(&format!("Bearer {token}")), body)
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn malformed_json_is_a_bad_request() {
    assert_eq!(
        status_for(r#"{"sub_id": {"format": "email""#.into()).await,
        400
    );
    assert_eq!(status_for(String::new()).await, 400);
}

#[tokio::test]
async fn an_unknown_subject_format_is_a_bad_request() {
    let user = unique("opaque");
    let body = json!({"sub_id": {"format": "opaque", "id": user}});
    assert_eq!(status_for(body.to_string()).await, 400);
    assert!(calls_for(&user).is_empty());
}

#[tokio::test]
async fn a_subject_missing_its_members_is_a_bad_request() {
    for body in [
        json!({}),
        json!({"sub_id": {"email": "a@acme.example"}}),
        json!({"sub_id": {"format": "email"}}),
        json!({"sub_id": {"format": "iss_sub", "sub": "u-1"}}),
        json!({"sub_id": {"format": "email", "email": 7}}),
    ] {
        assert_eq!(status_for(body.to_string()).await, 400, "{body}");
    }
}

#[tokio::test]
async fn an_oversized_body_is_a_bad_request() {
    let user = email("big");
    let body = json!({"sub_id": {"format": "email", "email": user}, "pad": "x".repeat(64 * 1024)});
    assert_eq!(status_for(body.to_string()).await, 400);
    assert!(calls_for(&user).is_empty());
}

#[tokio::test]
async fn an_unknown_user_is_not_found() {
    let user = email("unknown");
    let body = json!({"sub_id": {"format": "email", "email": user}});
    assert_eq!(status_for(body.to_string()).await, 404);
    assert_eq!(calls_for(&user).len(), 1);
}

#[tokio::test]
async fn logout_status_failure_is_unprocessable() {
    let user = unique("stuck");
    let body =
        json!({"sub_id": {"format": "iss_sub", "iss": "https://app.acme.example", "sub": user}});
    assert_eq!(status_for(body.to_string()).await, 422);
    assert_eq!(calls_for(&user).len(), 1);
}

#[tokio::test]
async fn handler_errors_are_unprocessable_not_unauthorized() {
    for local in ["broken", "refused"] {
        let user = email(local);
        let body = json!({"sub_id": {"format": "email", "email": user}});
        assert_eq!(status_for(body.to_string()).await, 422, "{local}");
        assert_eq!(calls_for(&user).len(), 1);
    }
}

#[tokio::test]
async fn an_unusable_tenant_connection_is_a_server_fault() {
    let okta = Okta::start(&[Key::A]).await;
    let no_variables = TenantContext::default();
    let endpoint = Endpoint::start(|c| {
        c.with_trusted_issuer(TrustedIssuer::new(&okta.issuer, CLIENT_ID, no_variables))
    })
    .await;
    let user = email("no-tenant");
    let token = okta.token(&endpoint).build();
    assert_eq!(endpoint.logout_email(&token, &user).await, 500);
    assert!(calls_for(&user).is_empty());
}

#[tokio::test]
async fn a_panicking_handler_is_a_server_fault() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;
    let user = email("panics");
    let token = okta.token(&endpoint).build();
    assert_eq!(endpoint.logout_email(&token, &user).await, 500);
}

#[tokio::test]
async fn only_post_is_served() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;
    let response = reqwest::get(&endpoint.url).await.unwrap();
    assert_eq!(response.status().as_u16(), 405);
}
