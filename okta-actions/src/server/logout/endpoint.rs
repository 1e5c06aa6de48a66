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
use okta_actions_contracts::action::UniversalLogout;
use okta_actions_contracts::{ErrorType, LogoutStatus};

use super::subject::SubjectId;
use super::verify::{Rejection, Verifier};
use crate::Integration;
use crate::dispatch::{self, Fault, Limits};
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

    let ctx = match endpoint.integration.context(rid, &caller.app.tenant) {
        Ok(ctx) => ctx,
        Err(error) => {
            tracing::error!(request_id = rid, issuer = caller.issuer, %error,
                "universal logout failed: the tenant's vendor connection is unusable");
            // The trusted org's tenant is the operator's configuration, not Okta's mistake.
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let limits = Limits {
        timeout: HANDLER_TIMEOUT,
        validate_output: true,
    };
    let result =
        dispatch::typed::<UniversalLogout>(&endpoint.integration, ctx, subject.to_input(), limits)
            .await;
    let status = match &result {
        Ok(output) => outcome_status(Ok(output.logout_status)),
        Err(Fault::Failed(error)) => outcome_status(Err(error.error_type())),
        // `into_router` refuses an integration without the handler; kept total regardless.
        Err(Fault::NotImplemented) => StatusCode::UNPROCESSABLE_ENTITY,
        Err(Fault::TimedOut(_)) => StatusCode::GATEWAY_TIMEOUT,
        Err(Fault::Input(_) | Fault::Crashed(_) | Fault::Output(_)) => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    match (&result, status) {
        (Ok(_), StatusCode::NO_CONTENT) => tracing::info!(
            request_id = rid,
            issuer = caller.issuer,
            format = subject.format(),
            "universal logout done"
        ),
        (Err(Fault::Failed(error)), _) => tracing::warn!(
            request_id = rid,
            issuer = caller.issuer,
            format = subject.format(),
            status = status.as_u16(),
            %error,
            "universal logout failed"
        ),
        (Ok(_), _) => tracing::warn!(
            request_id = rid,
            issuer = caller.issuer,
            format = subject.format(),
            status = status.as_u16(),
            "universal logout failed: the handler did not report logoutStatus SUCCESS"
        ),
        (Err(fault), _) => tracing::error!(
            request_id = rid,
            issuer = caller.issuer,
            format = subject.format(),
            status = status.as_u16(),
            ?fault,
            "universal logout failed"
        ),
    }
    status.into_response()
}

/// The status for a handler outcome: `logoutStatus` SUCCESS → 204; `RESOURCE_NOT_FOUND` → 404;
/// FAILURE or any other error (the vendor refusing the tenant's credential included: that is
/// not Okta's authentication failing) → 422.
fn outcome_status(outcome: Result<LogoutStatus, ErrorType>) -> StatusCode {
    match outcome {
        Ok(LogoutStatus::Success) => StatusCode::NO_CONTENT,
        Ok(LogoutStatus::Failure) => StatusCode::UNPROCESSABLE_ENTITY,
        Err(ErrorType::ResourceNotFound) => StatusCode::NOT_FOUND,
        Err(_) => StatusCode::UNPROCESSABLE_ENTITY,
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
    use super::*;

    #[test]
    fn handler_outcomes_map_onto_okta_statuses() {
        assert_eq!(
            outcome_status(Ok(LogoutStatus::Success)),
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            outcome_status(Ok(LogoutStatus::Failure)),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            outcome_status(Err(ErrorType::ResourceNotFound)),
            StatusCode::NOT_FOUND
        );
        for error in [
            ErrorType::GenericFailure,
            ErrorType::InvalidCredentials,
            ErrorType::TokenExpired,
            ErrorType::RateLimitExceeded,
        ] {
            assert_eq!(outcome_status(Err(error)), StatusCode::UNPROCESSABLE_ENTITY);
        }
    }
}
