//! `POST /actions/{Ident}`: successes, the caller's mistakes, the handler's faults.

use std::time::Duration;

use okta_actions::server::AdapterConfig;
use serde_json::{Value, json};

use super::support::{GOOD_KEY, adapter, answer, details, failed_error, okta_call};

#[tokio::test]
async fn a_thin_flow_call_reaches_the_vendor_for_its_tenant_and_gets_the_contract_output() {
    let adapter = adapter(AdapterConfig::default()).await;
    let (status, _, body) = answer(okta_call(
        &adapter,
        "GetUserById",
        &json!({"userId": "u-1"}),
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["executionStatus"]["status"], "SUCCEEDED");
    assert_eq!(body["user"]["userName"], "u-1@acme.example");
    assert_eq!(body["user"]["id"], "u-1");
}

#[tokio::test]
async fn a_vendor_failure_is_a_failed_contract_output_with_its_error_type() {
    let adapter = adapter(AdapterConfig::default()).await;
    let (status, id, body) = answer(okta_call(
        &adapter,
        "GetUserById",
        &json!({"userId": "missing"}),
    ))
    .await;
    assert_eq!(status, 200, "the action ran; its outcome is in the body");
    let error = failed_error(&body, &id);
    assert_eq!(error["type"], "RESOURCE_NOT_FOUND");
    assert_eq!(error["httpStatusCode"], 404);
}

#[tokio::test]
async fn a_credential_the_vendor_refuses_is_invalid_credentials() {
    let adapter = adapter(AdapterConfig::default()).await;
    let request = okta_call(&adapter, "GetUserById", &json!({"userId": "u-1"}))
        .header("authorization", "Bearer k-wrong");
    let (status, id, body) = answer(request).await;
    assert_eq!(status, 200);
    assert_eq!(failed_error(&body, &id)["type"], "INVALID_CREDENTIALS");
    assert!(!body.to_string().contains("k-wrong"), "{body}");
}

#[tokio::test]
async fn malformed_json_is_400_naming_where_it_broke() {
    let adapter = adapter(AdapterConfig::default()).await;
    let request = reqwest::Client::new()
        .post(format!("{}/actions/GetUserById", adapter.url()))
        .header("authorization", format!("Bearer {GOOD_KEY}"))
        .header("x-okta-tenant-subdomain", "acme")
        .header("content-type", "application/json")
        .body("{\"userId\": ");
    let (status, id, body) = answer(request).await;
    assert_eq!(status, 400);
    let error = failed_error(&body, &id);
    assert_eq!(error["type"], "GENERIC_FAILURE");
    assert!(
        error["summary"]
            .as_str()
            .unwrap()
            .contains("not valid JSON (line 1, column 11)"),
        "{body}"
    );
}

#[tokio::test]
async fn an_empty_body_is_400() {
    let adapter = adapter(AdapterConfig::default()).await;
    let request = okta_call(&adapter, "GetUserById", &Value::Null).body("");
    let (status, id, body) = answer(request).await;
    assert_eq!(status, 400);
    assert!(
        failed_error(&body, &id)["summary"]
            .as_str()
            .unwrap()
            .contains("empty")
    );
}

#[tokio::test]
async fn a_wrong_type_is_400_with_the_json_path() {
    let adapter = adapter(AdapterConfig::default()).await;
    let input = json!({"pagination": {"limit": "ten", "cursor": 7}});
    let (status, id, body) = answer(okta_call(&adapter, "ListUsers", &input)).await;
    assert_eq!(status, 400);
    let error = failed_error(&body, &id);
    let details = details(error);
    assert!(
        details
            .iter()
            .any(|d| d.starts_with("at `/pagination/limit`")),
        "{details:?}"
    );
    assert!(
        details
            .iter()
            .any(|d| d.starts_with("at `/pagination/cursor`")),
        "{details:?}"
    );
    assert!(
        error["summary"]
            .as_str()
            .unwrap()
            .starts_with("the input breaks the ListUsers contract at `/pagination/"),
        "{body}"
    );
    assert!(
        !body.to_string().contains("ten"),
        "values are never echoed: {body}"
    );
}

#[tokio::test]
async fn a_missing_required_field_is_400_naming_it() {
    let adapter = adapter(AdapterConfig::default()).await;
    let (status, id, body) = answer(okta_call(&adapter, "GetUserById", &json!({}))).await;
    assert_eq!(status, 400);
    let error = failed_error(&body, &id);
    assert!(
        details(error).iter().any(|d| d.contains("userId")),
        "{body}"
    );
}

#[tokio::test]
async fn an_unknown_action_is_404_and_says_whether_okta_defines_it() {
    let adapter = adapter(AdapterConfig::default()).await;
    let (status, id, body) = answer(okta_call(&adapter, "ListUser", &json!({}))).await;
    assert_eq!(status, 404);
    let error = failed_error(&body, &id);
    assert_eq!(
        error["summary"],
        "`ListUser` is not an Okta API Integration Action"
    );
    assert!(details(error)[0].contains("ListUsers"), "{body}");

    let (status, id, body) = answer(okta_call(&adapter, "CreateGroup", &json!({}))).await;
    assert_eq!(status, 404);
    assert_eq!(
        failed_error(&body, &id)["summary"],
        "this integration does not implement the Okta action `CreateGroup`"
    );
}

#[tokio::test]
async fn a_missing_credential_is_401_before_anything_else() {
    let adapter = adapter(AdapterConfig::default()).await;
    let request = reqwest::Client::new()
        .post(format!("{}/actions/GetUserById", adapter.url()))
        .header("x-okta-tenant-subdomain", "acme")
        .json(&json!({"userId": 7}));
    let (status, id, body) = answer(request).await;
    assert_eq!(status, 401);
    assert_eq!(failed_error(&body, &id)["type"], "INVALID_CREDENTIALS");
}

#[tokio::test]
async fn an_unusable_credential_is_401() {
    let adapter = adapter(AdapterConfig::default()).await;
    let request = okta_call(&adapter, "GetUserById", &json!({"userId": "u-1"}))
        .header("authorization", "Bearer ");
    let (status, id, body) = answer(request).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(failed_error(&body, &id)["type"], "INVALID_CREDENTIALS");
}

#[tokio::test]
async fn a_missing_tenant_variable_is_400_naming_the_header() {
    let adapter = adapter(AdapterConfig::default()).await;
    let request = reqwest::Client::new()
        .post(format!("{}/actions/GetUserById", adapter.url()))
        .header("authorization", format!("Bearer {GOOD_KEY}"))
        .json(&json!({"userId": "u-1"}));
    let (status, id, body) = answer(request).await;
    assert_eq!(status, 400);
    let error = failed_error(&body, &id);
    assert_eq!(
        details(error),
        ["missing header `x-okta-tenant-subdomain`"],
        "{body}"
    );
}

#[tokio::test]
async fn a_tenant_variable_that_would_change_the_url_is_400() {
    let adapter = adapter(AdapterConfig::default()).await;
    let request = okta_call(&adapter, "GetUserById", &json!({"userId": "u-1"}))
        .header("x-okta-tenant-subdomain", "evil.example/x");
    let (status, id, body) = answer(request).await;
    assert_eq!(status, 400);
    assert!(
        failed_error(&body, &id)["summary"]
            .as_str()
            .unwrap()
            .contains("`subdomain`"),
        "{body}"
    );
}

#[tokio::test]
async fn an_oversized_body_is_413() {
    let adapter = adapter(AdapterConfig::default().body_limit(1024)).await;
    let input = json!({"userId": "x".repeat(2048)});
    let (status, id, body) = answer(okta_call(&adapter, "GetUserById", &input)).await;
    assert_eq!(status, 413);
    assert_eq!(failed_error(&body, &id)["httpStatusCode"], 413);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let adapter = adapter(AdapterConfig::default()).await;
    let request = reqwest::Client::new()
        .post(format!("{}/actions/GetUserById", adapter.url()))
        .header("authorization", format!("Bearer {GOOD_KEY}"))
        .header("x-okta-tenant-subdomain", "acme")
        .header("content-type", "text/plain")
        .body("userId=u-1");
    let (status, id, body) = answer(request).await;
    assert_eq!(status, 415);
    failed_error(&body, &id);
}

#[tokio::test]
async fn a_handler_panic_is_500_generic_failure_with_the_request_id() {
    let adapter = adapter(AdapterConfig::default()).await;
    let request = okta_call(&adapter, "GetUserById", &json!({"userId": "panic"}))
        .header("x-request-id", "okta-flow-123");
    let (status, id, body) = answer(request).await;
    assert_eq!(status, 500);
    assert_eq!(id, "okta-flow-123");
    let error = failed_error(&body, "okta-flow-123");
    assert_eq!(error["type"], "GENERIC_FAILURE");
    // The adapter keeps serving.
    let (status, _, _) = answer(okta_call(
        &adapter,
        "GetUserById",
        &json!({"userId": "u-2"}),
    ))
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn an_output_that_breaks_the_contract_is_500_naming_the_path() {
    let adapter = adapter(AdapterConfig::default()).await;
    let (status, id, body) = answer(okta_call(
        &adapter,
        "GetUserById",
        &json!({"userId": "bad-output"}),
    ))
    .await;
    assert_eq!(status, 500);
    let error = failed_error(&body, &id);
    assert!(
        error["summary"]
            .as_str()
            .unwrap()
            .starts_with("the handler's output breaks the GetUserById contract at `/user/active`"),
        "{body}"
    );
}

#[tokio::test]
async fn output_validation_can_be_turned_off_in_production() {
    let adapter = adapter(AdapterConfig::default().validate_output(false)).await;
    let (status, _, body) = answer(okta_call(
        &adapter,
        "GetUserById",
        &json!({"userId": "bad-output"}),
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["user"]["active"], "yes");
}

#[tokio::test]
async fn a_slow_action_is_cut_at_the_request_timeout_with_504() {
    let config = AdapterConfig::default().request_timeout(Duration::from_millis(100));
    let adapter = adapter(config).await;
    let (status, id, body) = answer(okta_call(
        &adapter,
        "GetUserById",
        &json!({"userId": "slow"}),
    ))
    .await;
    assert_eq!(status, 504);
    assert!(
        failed_error(&body, &id)["summary"]
            .as_str()
            .unwrap()
            .contains("within 100 ms")
    );
}

#[tokio::test]
async fn request_ids_are_accepted_generated_and_never_taken_from_garbage() {
    let adapter = adapter(AdapterConfig::default()).await;
    let input = json!({"userId": "missing"});
    let (_, id, body) =
        answer(okta_call(&adapter, "GetUserById", &input).header("x-request-id", "flow-9")).await;
    assert_eq!(id, "flow-9");
    failed_error(&body, "flow-9");

    let (_, generated, body) = answer(okta_call(&adapter, "GetUserById", &input)).await;
    assert_eq!(generated.len(), 32);
    assert!(generated.bytes().all(|b| b.is_ascii_hexdigit()));
    failed_error(&body, &generated);

    let long = "x".repeat(500);
    let (_, replaced, _) =
        answer(okta_call(&adapter, "GetUserById", &input).header("x-request-id", &long)).await;
    assert_eq!(replaced.len(), 32);
}
