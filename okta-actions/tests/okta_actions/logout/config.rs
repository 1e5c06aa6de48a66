//! Building the endpoint: configuration mistakes fail clearly, secrets stay out of `Debug`, and
//! a full replay store refuses rather than forgets.

use std::sync::Arc;

use okta_actions::Integration;
use okta_actions::server::logout::{LogoutConfigError, TrustedIssuer, UniversalLogoutConfig};

use super::support::{self, CLIENT_ID, Endpoint, Key, Okta, email, integration, tenant};

const ENDPOINT: &str = "https://api.acme.example/global-token-revocation";

fn trusted() -> TrustedIssuer {
    TrustedIssuer::new("https://customer.okta.com", CLIENT_ID, tenant("acme"))
}

fn build_error(config: UniversalLogoutConfig) -> LogoutConfigError {
    config.into_router(integration()).unwrap_err()
}

#[test]
fn an_integration_without_a_universal_logout_handler_is_refused() {
    let empty = Integration::builder("Acme").build().unwrap();
    let err = UniversalLogoutConfig::new(ENDPOINT)
        .with_trusted_issuer(trusted())
        .into_router(Arc::new(empty))
        .unwrap_err();
    assert_eq!(err, LogoutConfigError::MissingHandler);
    assert!(
        err.to_string().contains("#[universal_logout_action]"),
        "{err}"
    );
}

#[test]
fn invalid_settings_are_refused_with_the_reason() {
    let cases = [
        (UniversalLogoutConfig::new(ENDPOINT), "no trusted Okta org"),
        (
            UniversalLogoutConfig::new("/global-token-revocation").with_trusted_issuer(trusted()),
            "invalid Universal Logout endpoint URL",
        ),
        (
            UniversalLogoutConfig::new(format!("{ENDPOINT}?tenant=acme"))
                .with_trusted_issuer(trusted()),
            "no query and no fragment",
        ),
        (
            UniversalLogoutConfig::new(ENDPOINT)
                .with_trusted_issuer(trusted())
                .with_mount_path("gtr"),
            "invalid mount path `gtr`",
        ),
        (
            UniversalLogoutConfig::new(ENDPOINT).with_trusted_issuer(TrustedIssuer::new(
                "http://customer.okta.com",
                CLIENT_ID,
                tenant("acme"),
            )),
            "only allowed on a loopback host",
        ),
        (
            UniversalLogoutConfig::new(ENDPOINT).with_trusted_issuer(TrustedIssuer::new(
                "https://customer.okta.com",
                "",
                tenant("acme"),
            )),
            "subject",
        ),
        (
            UniversalLogoutConfig::new(ENDPOINT)
                .with_trusted_issuer(trusted().with_jwks_url("ftp://customer.okta.com/keys")),
            "invalid JWKS URL",
        ),
        (
            UniversalLogoutConfig::new(ENDPOINT)
                .with_trusted_issuer(trusted())
                .with_trusted_issuer(TrustedIssuer::new(
                    "https://customer.okta.com/",
                    CLIENT_ID,
                    tenant("other"),
                )),
            "is trusted twice",
        ),
        (
            UniversalLogoutConfig::new(ENDPOINT)
                .with_trusted_issuer(trusted())
                .with_replay_capacity(0),
            "replay_capacity",
        ),
    ];
    for (config, expected) in cases {
        let message = build_error(config).to_string();
        assert!(message.contains(expected), "{message:?} lacks {expected:?}");
    }
}

#[test]
fn a_valid_configuration_builds_and_debug_hides_the_tenant_credential() {
    let config = UniversalLogoutConfig::new(ENDPOINT).with_trusted_issuer(trusted());
    let debug = format!("{config:?}");
    assert!(debug.contains("customer.okta.com"), "{debug}");
    assert!(!debug.contains("tenant-secret-123"), "{debug}");
    assert_eq!(
        config.trusted_issuers()[0].jwks_url(),
        "https://customer.okta.com/oauth2/v1/keys"
    );
    assert!(config.into_router(integration()).is_ok());
}

#[tokio::test]
async fn a_full_replay_store_refuses_new_tokens_with_retry_after() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::start(|c| {
        c.with_trusted_issuer(okta.trusted())
            .with_replay_capacity(1)
    })
    .await;

    let first = okta.token(&endpoint).build();
    assert_eq!(endpoint.logout_email(&first, &email("first")).await, 204);
    let second = okta.token(&endpoint).build();
    let body = serde_json::json!({"sub_id": {"format": "email", "email": email("second")}});
    let response = endpoint
        .post_raw(Some(&format!("Bearer {second}")), body.to_string())
        .await;
    assert_eq!(response.status().as_u16(), 429);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=330).contains(&retry_after), "{retry_after}");
    // The first token is still remembered: refused as a replay, not forgotten.
    assert_eq!(endpoint.logout_email(&first, &email("first")).await, 401);
}

#[tokio::test]
async fn the_adapter_serves_universal_logout_beside_the_actions_with_request_ids() {
    let okta = support::Okta::start(&[support::Key::A]).await;
    let (listener, url) = support::bind().await;
    let endpoint = format!("{url}{}", support::PATH);
    let config = UniversalLogoutConfig::new(&endpoint).with_trusted_issuer(okta.trusted());
    let adapter = okta_actions::server::Adapter::new((*support::integration()).clone())
        .universal_logout(config)
        .expect("the integration has a UniversalLogout handler");
    let running = adapter.serve(listener).expect("serve");
    let response = reqwest::Client::new()
        .post(&endpoint)
        .json(&serde_json::json!({"sub_id": {"format": "email", "email": "a@b.example"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(response.headers().contains_key("x-request-id"));
    let health = reqwest::get(format!("{url}/health")).await.unwrap();
    assert_eq!(health.status(), 200);
    running.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_adapter_refuses_universal_logout_without_a_handler() {
    let okta = support::Okta::start(&[support::Key::A]).await;
    let integration = okta_actions::Integration::builder("No logout")
        .build()
        .unwrap();
    let config = UniversalLogoutConfig::new("http://127.0.0.1:9/global-token-revocation")
        .with_trusted_issuer(okta.trusted());
    let error = okta_actions::server::Adapter::new(integration)
        .universal_logout(config)
        .unwrap_err();
    assert!(error.to_string().contains("UniversalLogout"), "{error}");
}
