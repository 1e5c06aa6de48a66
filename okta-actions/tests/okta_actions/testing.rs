//! `okta_actions::testing`: handlers against a mock vendor on loopback, the whole pipeline or
//! the handler's own function, with the contract and the vendor's expectations enforced.

use futures::FutureExt;
use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType, TenantContext};
use okta_actions::contracts::{
    GetUserByIdInput, GetUserByIdOutput, ListUsersInput, ListUsersOutput, PaginationResponse,
    ScimUser,
};
use okta_actions::testing::TestHarness;
use okta_actions::testing::wiremock::{Mock, ResponseTemplate, matchers};
use okta_actions::{
    ActionContext, ActionError, Integration, IntegrationBuilder, provisioning_action,
};
use serde_json::{Value, json};

/// Reads a user; `bad` answers with an `active` that is not a boolean.
#[provisioning_action(GetUserById)]
async fn get_user(
    ctx: &ActionContext,
    input: GetUserByIdInput,
) -> Result<GetUserByIdOutput, ActionError> {
    let vendor: Value = ctx
        .vendor()?
        .get(&format!("/t/{}/users/{}", "acme", input.user_id))
        .send_json()
        .await?;
    let mut user = ScimUser::new(vendor["email"].as_str().unwrap_or_default());
    user.id = Some(input.user_id);
    if vendor["bad"] == true {
        user.extra.insert("active".into(), json!("yes"));
    }
    Ok(GetUserByIdOutput { user })
}

/// One page of users.
#[provisioning_action(ListUsers)]
async fn list_users(
    ctx: &ActionContext,
    _input: ListUsersInput,
) -> Result<ListUsersOutput, ActionError> {
    let vendor: Value = ctx.vendor()?.get("/t/acme/users").send_json().await?;
    let resources = vendor["users"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| ScimUser::new(u.as_str().unwrap_or_default()))
        .collect();
    Ok(ListUsersOutput {
        resources,
        pagination: Some(PaginationResponse::next(None)),
    })
}

fn builder() -> IntegrationBuilder {
    let mapping = AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::Custom)
        .base_url("https://{app.subdomain}.vendor.example")
        .credential(CredentialMapping::ApiKeyHeader {
            header: "X-Api-Key".into(),
            scheme: None,
        })
        .build()
        .unwrap();
    Integration::builder("Vendor")
        .action(get_user)
        .action(list_users)
        .auth(mapping)
}

fn tenant() -> TenantContext {
    TenantContext::from_headers([
        ("authorization", "Bearer k-1"),
        ("x-okta-tenant-subdomain", "acme"),
    ])
}

async fn user(harness: &TestHarness, id: &str, body: Value) {
    Mock::given(matchers::method("GET"))
        .and(matchers::path(format!("/t/acme/users/{id}")))
        .and(matchers::header("x-api-key", "k-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(harness.vendor())
        .await;
}

#[tokio::test]
async fn an_action_runs_through_the_auth_mapping_against_the_mock_vendor() {
    let harness = TestHarness::start(builder(), tenant()).await;
    user(&harness, "u-1", json!({"email": "ada@vendor.example"})).await;
    let out = harness
        .invoke("GetUserById", json!({"userId": "u-1"}))
        .await;
    assert_eq!(out.body["executionStatus"]["status"], "SUCCEEDED");
    assert_eq!(out.body["user"]["userName"], "ada@vendor.example");
    let missing = harness
        .invoke("GetUserById", json!({"userId": "u-2"}))
        .await;
    assert_eq!(
        missing.body["executionStatus"]["errors"][0]["type"],
        "RESOURCE_NOT_FOUND"
    );
    assert!(
        !format!("{harness:?}").contains("k-1"),
        "no credential in Debug"
    );
}

#[tokio::test]
async fn the_typed_handler_and_its_own_function_take_the_harness_context() {
    let harness = TestHarness::start(builder(), tenant()).await;
    Mock::given(matchers::method("GET"))
        .and(matchers::path("/t/acme/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"users": ["a@x", "b@x"]})))
        .expect(2)
        .mount(harness.vendor())
        .await;
    let typed = harness
        .call(list_users, ListUsersInput::default())
        .await
        .unwrap();
    assert_eq!(typed.resources.len(), 2);
    let ctx = harness.context().unwrap();
    let direct = list_users::handler(&ctx, ListUsersInput::default())
        .await
        .unwrap();
    assert_eq!(direct.resources[1].user_name, "b@x");
}

#[tokio::test]
#[should_panic(expected = "GetUserById's output breaks the contract:\nat `/user/active`")]
async fn an_output_that_breaks_the_contract_fails_the_test_naming_the_path() {
    let harness = TestHarness::start(builder(), tenant()).await;
    user(&harness, "u-3", json!({"email": "c@x", "bad": true})).await;
    harness
        .invoke("GetUserById", json!({"userId": "u-3"}))
        .await;
}

#[tokio::test]
#[should_panic(expected = "no handler is registered for `CreateUser`")]
async fn an_unregistered_action_fails_the_test_listing_the_registered_ones() {
    let harness = TestHarness::start(builder(), tenant()).await;
    harness.invoke("CreateUser", json!({})).await;
}

#[tokio::test]
async fn a_vendor_call_that_never_happened_fails_the_expectation() {
    let harness = TestHarness::start(builder(), tenant()).await;
    user(&harness, "u-4", json!({"email": "d@x"})).await;
    let verified = std::panic::AssertUnwindSafe(harness.vendor().verify())
        .catch_unwind()
        .await;
    assert!(
        verified.is_err(),
        "an expected call that was not made fails"
    );
    harness.vendor().reset().await;
}

#[tokio::test]
async fn a_tenant_without_its_credential_cannot_be_connected() {
    let harness = TestHarness::start(
        builder(),
        TenantContext::from_headers([("x-okta-tenant-subdomain", "acme")]),
    )
    .await;
    let error = harness.context().unwrap_err();
    assert_eq!(error.error_type().as_str(), "INVALID_CREDENTIALS");
}
