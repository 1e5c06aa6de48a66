//! Shared helpers: connectors for a local server, tenants, and in-process axum servers.

use std::time::Duration;

use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType, TenantContext};
use okta_actions::client::{VendorClient, VendorConfig, VendorConnector};
use okta_actions::contracts::Secret;

/// A config with small delays and a 2 s retry budget, for fast tests.
pub(crate) fn fast_config() -> VendorConfig {
    VendorConfig::default()
        .with_retry_base_delay(Duration::from_millis(10))
        .with_retry_max_delay(Duration::from_millis(100))
        .with_retry_max_elapsed(Duration::from_secs(2))
        .with_timeout(Duration::from_secs(5))
}

/// A mapping whose credential is applied as `mapping`.
pub(crate) fn mapping(auth_type: OinAuthType, credential: CredentialMapping) -> AuthMapping {
    AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(auth_type)
        .base_url("https://{app.subdomain}.vendor.example/api")
        .credential(credential)
        .build()
        .expect("valid mapping")
}

/// A connector (API key in `X-Api-Key`) whose base URL is `base`.
pub(crate) fn api_key_connector(base: &str, config: VendorConfig) -> VendorConnector {
    let credential = CredentialMapping::ApiKeyHeader {
        header: "X-Api-Key".into(),
        scheme: None,
    };
    VendorConnector::new(mapping(OinAuthType::Custom, credential), config)
        .with_base_url_override(base)
}

/// The tenant `acme` with `authorization`.
pub(crate) fn tenant(authorization: &str) -> TenantContext {
    TenantContext::new(
        [("subdomain".to_owned(), "acme".to_owned())],
        Some(Secret::new(authorization)),
    )
}

/// A client for `base` with an API key and `config`.
pub(crate) fn client(base: &str, config: VendorConfig) -> VendorClient {
    api_key_connector(base, config)
        .connect(&tenant("k-123"))
        .expect("connect")
}

/// Serves `router` on 127.0.0.1 and returns its base URL.
pub(crate) async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        axum::serve(listener, router).await.expect("serve");
    });
    format!("http://{addr}")
}
