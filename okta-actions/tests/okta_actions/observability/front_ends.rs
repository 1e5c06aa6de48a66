//! The SCIM facade and the Universal Logout endpoint record the same `action_call` span and
//! metrics as the actions route, the tenant under the same digest, counted under their own
//! route kind.

use axum::Json;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use okta_actions::server::Adapter;
use okta_actions::server::scim::ScimConfig;
use serde_json::json;

use super::capture::{Spans, assert_sample, scrape};
use crate::client::support::serve;
use crate::logout::support::{Endpoint, Key, Okta, email, tenant};

/// A vendor accepting `Bearer {sub}-api-key` at `/t/{sub}/me`, where the SCIM fixture's handlers
/// check the credential.
async fn vendor() -> String {
    let router = axum::Router::new().route(
        "/t/{sub}/me",
        get(|Path(sub): Path<String>, headers: HeaderMap| async move {
            let expected = format!("Bearer {sub}-api-key");
            match headers.get("authorization").and_then(|v| v.to_str().ok()) {
                Some(got) if got == expected => Ok(Json(json!({"me": sub}))),
                _ => Err(StatusCode::UNAUTHORIZED),
            }
        }),
    );
    serve(router).await
}

/// The digest the actions route would log for tenant `acme`.
fn acme_tag() -> String {
    let integration = crate::scim::support::integration();
    let ctx = integration
        .context("tag", &tenant("acme"))
        .expect("a context");
    ctx.tenant_tag()
        .expect("a bound context is tagged")
        .to_owned()
}

#[tokio::test]
async fn the_scim_facade_records_its_calls() {
    let (spans, _guard) = Spans::capture();
    let vendor = vendor().await;
    let integration = crate::scim::support::integration()
        .with_vendor_base_url(format!("{vendor}/t/{{app.subdomain}}"));
    let adapter = Adapter::new(integration)
        .scim(ScimConfig::new("/scim/v2/{subdomain}"))
        .expect("valid SCIM config")
        .bind("127.0.0.1:0")
        .await
        .expect("bind");

    let response = reqwest::Client::new()
        .get(format!("{}/scim/v2/acme/Users/nobody-there", adapter.url()))
        .header("authorization", "Bearer acme-api-key")
        .header("x-request-id", "obs-scim")
        .send()
        .await
        .expect("the facade answers");
    assert_eq!(response.status().as_u16(), 404);

    let span = spans.of("obs-scim");
    assert_eq!(span["action"], "GetUserById", "{span:?}");
    assert_eq!(span["outcome"], "failed", "{span:?}");
    assert_eq!(span["error_type"], "RESOURCE_NOT_FOUND", "{span:?}");
    assert_eq!(
        span["vendor_requests"], "1",
        "the credential check: {span:?}"
    );
    assert_eq!(span["tenant"], acme_tag(), "{span:?}");
    assert!(
        span.values()
            .all(|v| !v.contains("acme") && !v.contains("api-key")),
        "{span:?}"
    );

    let metrics = scrape(&adapter.url()).await;
    assert_sample(
        &metrics,
        r#"okta_actions_requests_total{route="scim",status="404"}"#,
        1.0,
    );
    assert_sample(
        &metrics,
        r#"okta_actions_actions_total{action="GetUserById",outcome="failed"}"#,
        1.0,
    );
    assert_sample(
        &metrics,
        r#"okta_actions_vendor_requests_total{action="GetUserById"}"#,
        1.0,
    );
    assert!(!metrics.contains("acme"), "{metrics}");
}

#[tokio::test]
async fn the_logout_endpoint_records_its_calls() {
    let (spans, _guard) = Spans::capture();
    let okta = Okta::start(&[Key::A]).await;
    let (endpoint, adapter) = Endpoint::in_adapter(&okta).await;

    let token = okta.token(&endpoint).build();
    assert_eq!(endpoint.logout_email(&token, &email("ada")).await, 204);
    let second = okta.token(&endpoint).build();
    let not_found = endpoint.logout_email(&second, &email("unknown")).await;
    assert!((400..500).contains(&not_found), "{not_found}");

    let closed = spans.closed();
    assert_eq!(closed.len(), 2, "{closed:?}");
    let outcomes: Vec<&str> = closed.iter().map(|s| s["outcome"].as_str()).collect();
    assert_eq!(outcomes, ["succeeded", "failed"]);
    for span in &closed {
        assert_eq!(span["action"], "UniversalLogout", "{span:?}");
        assert_eq!(span["tenant"], acme_tag(), "{span:?}");
        assert!(
            span.values().all(|v| !v.contains("acme")
                && !v.contains("tenant-secret")
                && !v.contains(&token)),
            "{span:?}"
        );
    }

    let metrics = scrape(&adapter.url()).await;
    assert_sample(
        &metrics,
        r#"okta_actions_requests_total{route="logout",status="204"}"#,
        1.0,
    );
    assert_sample(
        &metrics,
        r#"okta_actions_actions_total{action="UniversalLogout",outcome="succeeded"}"#,
        1.0,
    );
    assert!(
        !metrics.contains("acme") && !metrics.contains("tenant-secret"),
        "{metrics}"
    );
    assert_sample(
        &metrics,
        &format!(r#"okta_actions_requests_total{{route="logout",status="{not_found}"}}"#),
        1.0,
    );
}
