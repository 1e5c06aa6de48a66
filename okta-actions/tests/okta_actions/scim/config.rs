//! Building the facade: the base path must name exactly the integration's tenant variables.

use std::sync::Arc;

use okta_actions::server::scim::ScimConfig;

use super::support::{builder, integration};
use crate::client::support::serve;

#[test]
fn the_base_path_must_name_every_tenant_variable_and_nothing_else() {
    let integration = Arc::new(integration());
    assert!(
        ScimConfig::new("/scim/v2/{subdomain}")
            .check(&integration)
            .is_ok()
    );

    let error = ScimConfig::new("/scim/v2").check(&integration).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("`subdomain` must appear in the base path"),
        "{error}"
    );

    let error = ScimConfig::new("/scim/{region}/{subdomain}")
        .into_router(Arc::clone(&integration))
        .unwrap_err();
    assert_eq!(error.problems().len(), 1, "{error}");
    assert!(
        error.problems()[0].contains("`{region}` is not a tenant variable"),
        "{error}"
    );

    for bad in [
        "scim/{subdomain}",
        "/scim//{subdomain}",
        "/scim/{Sub}",
        "/scim/{subdomain}/{subdomain}",
        "/scim/x{subdomain}",
    ] {
        assert!(ScimConfig::new(bad).check(&integration).is_err(), "{bad}");
    }
    assert_eq!(
        ScimConfig::new("/scim/v2/{subdomain}/")
            .base_path_variables()
            .unwrap(),
        ["subdomain"]
    );
}

#[test]
fn into_router_refuses_a_misconfiguration() {
    let error = ScimConfig::new("/scim/{tenant}/{subdomain}")
        .into_router(Arc::new(integration()))
        .unwrap_err();
    assert!(
        error.to_string().contains("is not a tenant variable"),
        "{error}"
    );
}

#[tokio::test]
async fn an_integration_without_tenant_variables_is_served_at_a_fixed_path() {
    let integration = builder().build().expect("the OIN rules hold");
    assert!(
        ScimConfig::new("/scim/{subdomain}")
            .check(&integration)
            .is_err()
    );
    let router = ScimConfig::new("/scim/v2")
        .into_router(Arc::new(integration))
        .expect("valid SCIM config");
    let base = serve(router).await;
    let response = reqwest::get(format!("{base}/scim/v2/ServiceProviderConfig"))
        .await
        .expect("answers");
    assert_eq!(
        response.status(),
        200,
        "no credential is needed without an auth mapping"
    );
    assert_eq!(response.headers()["content-type"], "application/scim+json");
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(
        body["meta"]["location"],
        format!("{base}/scim/v2/ServiceProviderConfig")
    );
}
