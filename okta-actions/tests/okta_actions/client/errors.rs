//! Mapping vendor answers to the contract error types.

use okta_actions::ActionError;
use okta_actions::auth::{CredentialMapping, OinAuthType, TenantContext};
use okta_actions::client::{VendorConnector, VendorError};
use okta_actions::contracts::{ErrorType, Secret};
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::support::{client, fast_config, mapping};

async fn answer(template: ResponseTemplate) -> VendorError {
    let server = MockServer::start().await;
    Mock::given(path("/r"))
        .respond_with(template)
        .mount(&server)
        .await;
    client(&server.uri(), fast_config())
        .post("/r")
        .send_json::<Value>()
        .await
        .unwrap_err()
}

#[tokio::test]
async fn statuses_map_to_contract_error_types() {
    let cases = [
        (401, ErrorType::InvalidCredentials),
        (403, ErrorType::InvalidCredentials),
        (404, ErrorType::ResourceNotFound),
        (429, ErrorType::RateLimitExceeded),
        (400, ErrorType::GenericFailure),
        (409, ErrorType::GenericFailure),
        (500, ErrorType::GenericFailure),
    ];
    for (status, expected) in cases {
        let err = answer(ResponseTemplate::new(status)).await;
        assert_eq!(err.error_type(), expected, "{status}");
        assert_eq!(err.http_status(), Some(status), "{status}");
        assert!(
            err.summary().contains(&status.to_string()),
            "{status}: {err}"
        );
    }
}

#[tokio::test]
async fn okta_error_bodies_are_summarised_with_code_causes_and_request_id() {
    let err = answer(
        ResponseTemplate::new(404)
            .insert_header("X-Okta-Request-Id", "reqid-404")
            .set_body_json(json!({
                "errorCode": "E0000007",
                "errorSummary": "Not found: Resource not found: u-9 (User)",
                "errorLink": "E0000007",
                "errorId": "oaeX",
                "errorCauses": [{"errorSummary": "login: no such user"}]
            })),
    )
    .await;
    assert_eq!(err.error_type(), ErrorType::ResourceNotFound);
    assert_eq!(err.summary(), "Not found: Resource not found: u-9 (User)");
    assert_eq!(err.code(), Some("E0000007"));
    assert_eq!(err.details(), ["login: no such user"]);
    assert_eq!(err.vendor_request_id(), Some("reqid-404"));
    assert_eq!(
        err.to_string(),
        "RESOURCE_NOT_FOUND: Not found: Resource not found: u-9 (User) (HTTP 404) [vendor request id reqid-404]"
    );

    // Without a request id header, Okta's errorId stands in.
    let err = answer(ResponseTemplate::new(400).set_body_json(json!({
        "errorCode": "E0000001", "errorSummary": "Api validation failed: login", "errorId": "oaeY"
    })))
    .await;
    assert_eq!(err.vendor_request_id(), Some("oaeY"));
}

#[tokio::test]
async fn common_error_shapes_are_summarised() {
    let shapes = [
        (
            json!({"error": "invalid_request", "error_description": "bad scope"}),
            "invalid_request: bad scope",
        ),
        (
            json!({"error": {"message": "Quota exceeded", "code": 17}}),
            "Quota exceeded",
        ),
        (
            json!({"message": "Validation failed", "code": "V1"}),
            "Validation failed",
        ),
        (
            json!({"title": "Conflict", "detail": "userName taken"}),
            "Conflict: userName taken",
        ),
        (
            json!({"errors": [{"message": "first problem"}, {"message": "second"}]}),
            "first problem",
        ),
    ];
    for (body, summary) in shapes {
        let err = answer(ResponseTemplate::new(422).set_body_json(body)).await;
        assert_eq!(err.summary(), summary);
    }
}

#[tokio::test]
async fn an_expired_static_bearer_token_is_token_expired() {
    let server = MockServer::start().await;
    Mock::given(path("/r"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "errorCode": "E0000011", "errorSummary": "Invalid token provided"
        })))
        .mount(&server)
        .await;
    let connector = VendorConnector::new(
        mapping(OinAuthType::Custom, CredentialMapping::Bearer),
        fast_config(),
    )
    .with_base_url_override(server.uri());
    let client = connector
        .connect(&TenantContext::new([], Some(Secret::new("Bearer old"))))
        .unwrap();
    let err = client.get("/r").send_json::<Value>().await.unwrap_err();
    assert_eq!(err.error_type(), ErrorType::TokenExpired);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn vendor_errors_become_action_errors() {
    let err = answer(
        ResponseTemplate::new(403)
            .insert_header("X-Request-Id", "rid-7")
            .set_body_json(
                json!({"errorCode": "E0000006", "errorSummary": "You do not have permission"}),
            ),
    )
    .await;
    let action: ActionError = err.into();
    assert_eq!(action.error_type(), ErrorType::InvalidCredentials);
    assert_eq!(action.http_status(), Some(403));
    let execution = action.to_execution_error("adapter-req");
    assert_eq!(execution.code.as_deref(), Some("E0000006"));
    assert_eq!(
        execution.summary.as_deref(),
        Some("You do not have permission")
    );
    assert_eq!(execution.request_id.as_deref(), Some("rid-7"));
    assert_eq!(execution.http_status_code, Some(403));
    assert_eq!(execution.kind, Some(ErrorType::InvalidCredentials));
}

#[test]
fn handlers_can_make_their_own_vendor_errors() {
    let err = VendorError::new(ErrorType::ResourceNotFound, "no user u-1");
    assert_eq!(err.to_string(), "RESOURCE_NOT_FOUND: no user u-1");
    assert_eq!(err.http_status(), None);
}
