//! The starter's handler against a mock vendor on loopback, and its declaration's checks.

use okta_actions::auth::TenantContext;
use okta_actions::report::validate;
use okta_actions::testing::TestHarness;
use okta_actions::testing::wiremock::{Mock, ResponseTemplate, matchers};
use serde_json::json;
use starter_integration::builder;

fn tenant() -> TenantContext {
    TenantContext::from_headers([
        ("authorization", "Bearer token-1"),
        ("x-okta-tenant-subdomain", "acme"),
    ])
}

#[tokio::test]
async fn logout_revokes_the_user_s_sessions_once() {
    let harness = TestHarness::start(builder(), tenant()).await;
    Mock::given(matchers::method("POST"))
        .and(matchers::path("/users/u-1/sessions/revoke"))
        .and(matchers::header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"revoked": 2})))
        .expect(1)
        .mount(harness.vendor())
        .await;
    let out = harness
        .invoke("UniversalLogout", json!({"externalUserId": "u-1"}))
        .await;
    assert_eq!(out.body["logoutStatus"], "SUCCESS", "{}", out.body);
}

#[tokio::test]
async fn an_unknown_user_is_resource_not_found_and_no_id_is_a_400() {
    let harness = TestHarness::start(builder(), tenant()).await;
    let out = harness
        .invoke("UniversalLogout", json!({"externalUserId": "nobody"}))
        .await;
    assert_eq!(
        out.body["executionStatus"]["errors"][0]["type"],
        "RESOURCE_NOT_FOUND"
    );
    let out = harness
        .invoke("UniversalLogout", json!({"externalUserName": "ada"}))
        .await;
    assert_eq!(
        out.body["executionStatus"]["errors"][0]["httpStatusCode"],
        400
    );
}

#[tokio::test]
async fn the_declaration_passes_the_static_checks() {
    let integration = builder().build().expect("the OIN rules hold");
    let report = validate(&integration, None, &|_| {}).await;
    assert!(report.static_checks_pass(), "{:#?}", report.checks);
    // Ready for OIN submission takes a conformance run against a vendor instance too.
    assert!(!report.is_ready());
}
