//! Registered handlers run on JSON bodies: the SDK writes `executionStatus`, catches panics and
//! rejects bodies that do not match the contract; the builder enforces the OIN rules at runtime.

use okta_actions::contracts::*;
use okta_actions::handler::RegisteredAction;
use okta_actions::{
    ActionContext, ActionError, Integration, provisioning_action, universal_logout_action,
};
use serde_json::json;

#[provisioning_action(DeactivateUser)]
async fn deactivate(_ctx: &ActionContext, input: DeactivateUserInput) -> Result<(), ActionError> {
    match input.user_id.as_str() {
        "boom" => panic!("vendor client exploded"),
        "gone" => Err(ActionError::not_found("no user gone").with_http_status(404)),
        _ => Ok(()),
    }
}

#[universal_logout_action]
async fn logout(
    _ctx: &ActionContext,
    _input: UniversalLogoutInput,
) -> Result<UniversalLogoutOutput, ActionError> {
    Ok(UniversalLogoutOutput {
        logout_status: LogoutStatus::Success,
    })
}

#[tokio::test]
async fn ok_becomes_succeeded_and_err_becomes_failed_with_the_request_id() {
    let action = RegisteredAction::new(deactivate);
    let ok = action
        .invoke(ActionContext::new("req-1"), json!({"userId": "u1"}))
        .await;
    assert_eq!(ok.body, json!({"executionStatus": {"status": "SUCCEEDED"}}));
    let failed = action
        .invoke(ActionContext::new("req-2"), json!({"userId": "gone"}))
        .await;
    assert_eq!(
        failed.body,
        json!({"executionStatus": {"status": "FAILED", "errors": [{
            "code": "RESOURCE_NOT_FOUND", "summary": "no user gone", "httpStatusCode": 404,
            "requestId": "req-2", "type": "RESOURCE_NOT_FOUND"
        }]}})
    );
    for body in [&ok.body, &failed.body] {
        assert!(
            validators()
                .validate("DeactivateUser", Direction::Output, body)
                .is_ok()
        );
    }
}

#[tokio::test]
async fn a_panicking_handler_is_a_generic_failure_not_a_crash() {
    let out = RegisteredAction::new(deactivate)
        .invoke(ActionContext::new("req-3"), json!({"userId": "boom"}))
        .await;
    let error = &out.body["executionStatus"]["errors"][0];
    assert_eq!(error["type"], "GENERIC_FAILURE");
    assert_eq!(error["requestId"], "req-3");
    let summary = error["summary"].as_str().unwrap();
    assert!(summary.contains("failed unexpectedly"), "{summary}");
    assert!(
        !out.body.to_string().contains("vendor client exploded"),
        "the panic message stays in the log"
    );
}

#[provisioning_action(GetUserById)]
async fn deep_custom_attribute(
    _ctx: &ActionContext,
    _input: GetUserByIdInput,
) -> Result<GetUserByIdOutput, ActionError> {
    // Vendor JSON copied into a custom attribute, nested past serde_json's parse limit (128).
    let deep = (0..200).fold(json!("leaf"), |inner, _| json!([inner]));
    let mut user = ScimUser::new("ada@example.com");
    user.extra.insert("vendorBlob".to_owned(), deep);
    Ok(GetUserByIdOutput { user })
}

#[tokio::test]
async fn an_output_too_deep_to_read_back_is_a_failure_not_a_panic() {
    let out = RegisteredAction::new(deep_custom_attribute)
        .invoke(ActionContext::new("req-deep"), json!({"userId": "u1"}))
        .await;
    let error = out.error.expect("a failure");
    assert!(error.to_string().contains("cannot be read back"), "{error}");
    assert_eq!(out.body["executionStatus"]["status"], "FAILED");
}

#[tokio::test]
async fn a_body_that_is_not_the_contract_input_is_rejected() {
    let out = RegisteredAction::new(deactivate)
        .invoke(ActionContext::new("req-4"), json!({"userId": 7}))
        .await;
    assert_eq!(out.error.unwrap().http_status(), Some(400));
    assert_eq!(out.body["executionStatus"]["status"], "FAILED");
}

#[test]
fn the_builder_checks_the_oin_rules_at_runtime_too() {
    let err = Integration::builder("Acme")
        .capability(Capability::Provisioning)
        .action(deactivate)
        .build()
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(
            "requires `GetUserById`, `GetUserByUserName`, `ListUsers` (OIN group \"User query\")"
        ),
        "{text}"
    );
    let ok = Integration::builder("Acme")
        .capability(Capability::UniversalLogout)
        .action(logout)
        .build()
        .unwrap();
    assert_eq!(
        ok.action("UniversalLogout").unwrap().meta().handler,
        "logout"
    );
}
