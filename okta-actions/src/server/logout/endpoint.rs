//! The route: authenticate, read the subject, dispatch to the `UniversalLogout` handler, and
//! answer with the status Okta reads.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Router};
use okta_actions_contracts::ErrorType;
use serde_json::Value;

use super::config::ACTION;
use super::subject::SubjectId;
use super::verify::{Rejection, Verifier};
use crate::Integration;
use crate::handler::Outcome;
use crate::server::{REQUEST_ID_HEADER, RequestId};

/// The largest request body read; Okta's are under 200 bytes.
const MAX_BODY_BYTES: usize = 16 * 1024;

/// The `Retry-After` of a `503` answered while the shared replay store is unavailable.
const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 5;

/// How long the `UniversalLogout` handler may run before the endpoint answers `504`.
const HANDLER_TIMEOUT: Duration = Duration::from_secs(30);

struct Endpoint {
    verifier: Verifier,
    integration: Arc<Integration>,
}

/// `POST <mount_path>` served by `verifier` and `integration`'s `UniversalLogout` handler.
pub(crate) fn router(
    mount_path: &str,
    verifier: Verifier,
    integration: Arc<Integration>,
) -> Router {
    Router::new()
        .route(mount_path, post(revoke))
        .with_state(Arc::new(Endpoint {
            verifier,
            integration,
        }))
}

async fn revoke(
    State(endpoint): State<Arc<Endpoint>>,
    request_id: Option<Extension<RequestId>>,
    request: Request,
) -> Response {
    let request_id = request_id.map_or_else(RequestId::generate, |Extension(id)| id);
    let mut response = handle(&endpoint, &request_id, request).await;
    if let Ok(value) = HeaderValue::from_str(request_id.as_str()) {
        response
            .headers_mut()
            .entry(REQUEST_ID_HEADER)
            .or_insert(value);
    }
    response
}

async fn handle(endpoint: &Endpoint, request_id: &RequestId, request: Request) -> Response {
    let rid = request_id.as_str();
    let (parts, body) = request.into_parts();

    let caller = match endpoint
        .verifier
        .verify(parts.headers.get(AUTHORIZATION))
        .await
    {
        Ok(caller) => caller,
        Err(rejection) => {
            tracing::warn!(request_id = rid, reason = %rejection, "universal logout refused");
            return rejected(&rejection);
        }
    };

    let body = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(e) => {
            tracing::warn!(request_id = rid, issuer = caller.issuer, reason = %e,
                "universal logout refused: unreadable body or larger than {MAX_BODY_BYTES} bytes");
            return StatusCode::BAD_REQUEST.into_response();
        }
    };
    let subject = match SubjectId::parse(&body) {
        Ok(subject) => subject,
        Err(reason) => {
            tracing::warn!(request_id = rid, issuer = caller.issuer, %reason,
                "universal logout refused: malformed request");
            return StatusCode::BAD_REQUEST.into_response();
        }
    };
    if let SubjectId::IssSub { iss, .. } = &subject {
        tracing::debug!(request_id = rid, subject_issuer = %iss, "iss_sub subject");
    }

    let Some(action) = endpoint.integration.action(ACTION) else {
        // `into_router` refuses an integration without the handler; kept total regardless.
        tracing::error!(request_id = rid, "no UniversalLogout handler registered");
        return StatusCode::UNPROCESSABLE_ENTITY.into_response();
    };
    let ctx = match endpoint.integration.context(rid, &caller.app.tenant) {
        Ok(ctx) => ctx,
        Err(error) => {
            tracing::error!(request_id = rid, issuer = caller.issuer, %error,
                "universal logout failed: the tenant's vendor connection is unusable");
            // The trusted org's tenant is the operator's configuration, not Okta's mistake.
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let input = match serde_json::to_value(subject.to_input()) {
        Ok(input) => input,
        Err(error) => {
            tracing::error!(request_id = rid, %error, "cannot serialize the UniversalLogout input");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let Ok(invocation) = tokio::time::timeout(HANDLER_TIMEOUT, action.invoke(ctx, input)).await
    else {
        tracing::error!(
            request_id = rid,
            issuer = caller.issuer,
            "universal logout failed: the handler did not finish within {HANDLER_TIMEOUT:?}"
        );
        return StatusCode::GATEWAY_TIMEOUT.into_response();
    };
    if invocation.outcome == Outcome::Panicked {
        tracing::error!(
            request_id = rid,
            issuer = caller.issuer,
            "universal logout failed: the handler panicked"
        );
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }

    let status = outcome_status(
        &invocation.body,
        invocation.error.as_ref().map(|e| e.error_type()),
    );
    match (&invocation.error, status) {
        (None, StatusCode::NO_CONTENT) => tracing::info!(
            request_id = rid,
            issuer = caller.issuer,
            format = subject.format(),
            "universal logout done"
        ),
        (Some(error), _) => tracing::warn!(
            request_id = rid,
            issuer = caller.issuer,
            format = subject.format(),
            status = status.as_u16(),
            %error,
            "universal logout failed"
        ),
        (None, _) => tracing::warn!(
            request_id = rid,
            issuer = caller.issuer,
            format = subject.format(),
            status = status.as_u16(),
            "universal logout failed: the handler did not report logoutStatus SUCCESS"
        ),
    }
    status.into_response()
}

/// The status for a handler outcome: `logoutStatus` SUCCESS → 204; `RESOURCE_NOT_FOUND` → 404;
/// FAILURE or any other error (the vendor refusing the tenant's credential included: that is
/// not Okta's authentication failing) → 422.
fn outcome_status(body: &Value, error: Option<ErrorType>) -> StatusCode {
    match error {
        Some(ErrorType::ResourceNotFound) => StatusCode::NOT_FOUND,
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None if body.get("logoutStatus").and_then(Value::as_str) == Some("SUCCESS") => {
            StatusCode::NO_CONTENT
        }
        None => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// The response for an authentication refusal (RFC 6750 §3 challenges).
fn rejected(rejection: &Rejection) -> Response {
    let (status, challenge) = match rejection {
        Rejection::MissingCredential => (StatusCode::UNAUTHORIZED, "Bearer".to_owned()),
        Rejection::InvalidToken(_) => (
            StatusCode::UNAUTHORIZED,
            r#"Bearer error="invalid_token""#.to_owned(),
        ),
        Rejection::Forbidden(_) => (
            StatusCode::FORBIDDEN,
            r#"Bearer error="insufficient_scope""#.to_owned(),
        ),
        Rejection::Unavailable => {
            // RFC 6749 §4.1.2.1's `temporarily_unavailable`, the OAuth error a server answers
            // when it cannot decide now; Okta retries the revocation later.
            let body = serde_json::json!({
                "error": "temporarily_unavailable",
                "error_description": "the jti replay store is unavailable; retry later",
            });
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                [(RETRY_AFTER, UNAVAILABLE_RETRY_AFTER_SECS.to_string())],
                axum::Json(body),
            )
                .into_response();
        }
        Rejection::Busy { retry_after } => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [(RETRY_AFTER, retry_after.to_string())],
            )
                .into_response();
        }
    };
    (status, [(WWW_AUTHENTICATE, challenge)]).into_response()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn handler_outcomes_map_onto_okta_statuses() {
        let ok = json!({"logoutStatus": "SUCCESS", "executionStatus": {"status": "SUCCEEDED"}});
        let failure =
            json!({"logoutStatus": "FAILURE", "executionStatus": {"status": "SUCCEEDED"}});
        let failed = json!({"executionStatus": {"status": "FAILED"}});
        assert_eq!(outcome_status(&ok, None), StatusCode::NO_CONTENT);
        assert_eq!(
            outcome_status(&failure, None),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            outcome_status(&json!({}), None),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            outcome_status(&failed, Some(ErrorType::ResourceNotFound)),
            StatusCode::NOT_FOUND
        );
        for error in [
            ErrorType::GenericFailure,
            ErrorType::InvalidCredentials,
            ErrorType::TokenExpired,
            ErrorType::RateLimitExceeded,
        ] {
            assert_eq!(
                outcome_status(&failed, Some(error)),
                StatusCode::UNPROCESSABLE_ENTITY
            );
        }
    }
}
