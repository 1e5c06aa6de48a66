//! SCIM error answers (RFC 7644 §3.12): the status, a `scimType` where the RFC defines one and a
//! `detail` for people, in the body `urn:ietf:params:scim:api:messages:2.0:Error`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use okta_actions_contracts::ErrorType;
use serde_json::json;

use super::http::scim_json;
use crate::ActionError;

/// The SCIM error message schema URI.
pub(crate) const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// A request the facade answers with a SCIM error.
#[derive(Debug, Clone)]
pub(crate) struct ScimError {
    status: StatusCode,
    scim_type: Option<&'static str>,
    detail: String,
    www_authenticate: Option<&'static str>,
    retry_after: Option<u64>,
}

impl ScimError {
    /// An error with a status, an optional `scimType` and a detail.
    pub(crate) fn new(
        status: StatusCode,
        scim_type: Option<&'static str>,
        detail: impl Into<String>,
    ) -> Self {
        ScimError {
            status,
            scim_type,
            detail: detail.into(),
            www_authenticate: None,
            retry_after: None,
        }
    }

    /// `400 invalidFilter`: the filter is malformed or not supported.
    pub(crate) fn invalid_filter(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some("invalidFilter"), detail)
    }

    /// `400 invalidSyntax`: the body is not JSON or not the message it should be.
    pub(crate) fn invalid_syntax(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some("invalidSyntax"), detail)
    }

    /// `400 invalidValue`: a value is missing, of the wrong type or not acceptable.
    pub(crate) fn invalid_value(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some("invalidValue"), detail)
    }

    /// `400 invalidPath`: a PATCH path that does not parse or names nothing patchable.
    pub(crate) fn invalid_path(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some("invalidPath"), detail)
    }

    /// `400 noTarget`: a PATCH path that selects nothing where something is required.
    pub(crate) fn no_target(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some("noTarget"), detail)
    }

    /// `400 mutability`: an attempt to change an immutable or read-only attribute.
    pub(crate) fn mutability(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some("mutability"), detail)
    }

    /// `400 tooMany`: more work than the facade is configured to do for one request.
    pub(crate) fn too_many(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some("tooMany"), detail)
    }

    /// `401`: no usable credential; carries `WWW-Authenticate`.
    pub(crate) fn unauthorized(detail: impl Into<String>, challenge: &'static str) -> Self {
        let mut error = Self::new(StatusCode::UNAUTHORIZED, None, detail);
        error.www_authenticate = Some(challenge);
        error
    }

    /// `404`: no such resource or endpoint.
    pub(crate) fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, None, detail)
    }

    /// `405`: the endpoint does not take this method.
    pub(crate) fn method_not_allowed(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, None, detail)
    }

    /// `409 uniqueness`: the resource would duplicate a unique attribute.
    pub(crate) fn uniqueness(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, Some("uniqueness"), detail)
    }

    /// `500`: the facade or a handler failed; the detail never carries internals.
    pub(crate) fn internal(request_id: &str) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            None,
            format!("the service failed to complete the request (request id {request_id})"),
        )
    }

    /// `501`: the integration does not implement the action this operation needs.
    pub(crate) fn not_implemented(ident: &str) -> Self {
        Self::new(
            StatusCode::NOT_IMPLEMENTED,
            None,
            format!(
                "this service does not support the operation (the integration does not implement {ident})"
            ),
        )
    }

    /// `504`: a handler did not answer within the action timeout.
    pub(crate) fn gateway_timeout(timeout: std::time::Duration) -> Self {
        Self::new(
            StatusCode::GATEWAY_TIMEOUT,
            None,
            format!(
                "the service did not answer within {} ms",
                timeout.as_millis()
            ),
        )
    }

    /// The HTTP status.
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    /// The `scimType`, if any.
    #[cfg(test)]
    pub(crate) fn scim_type(&self) -> Option<&'static str> {
        self.scim_type
    }

    /// Maps a handler's error onto SCIM: `RESOURCE_NOT_FOUND` → 404, `INVALID_CREDENTIALS` and
    /// `TOKEN_EXPIRED` → 401, `RATE_LIMIT_EXCEEDED` → 429, and `GENERIC_FAILURE` by the vendor's
    /// HTTP status: 409 → `uniqueness`, 400/422 → `invalidValue`, 403 → 403, anything else 500.
    /// Client errors keep the handler's summary; server errors never show it.
    pub(crate) fn from_action(
        error: &ActionError,
        what: &str,
        request_id: &str,
        challenge: &'static str,
    ) -> Self {
        let summary = error.summary();
        match error.error_type() {
            ErrorType::ResourceNotFound => Self::not_found(format!("{what} not found")),
            ErrorType::InvalidCredentials | ErrorType::TokenExpired => Self::unauthorized(
                "the credential was refused by the service; send a valid `Authorization` header",
                challenge,
            ),
            ErrorType::RateLimitExceeded => {
                let mut error = Self::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    None,
                    "the service's rate limit is exhausted; retry later",
                );
                error.retry_after = Some(60);
                error
            }
            ErrorType::GenericFailure => match error.http_status() {
                Some(409) => {
                    Self::uniqueness(format!("{what} conflicts with an existing one: {summary}"))
                }
                Some(400 | 422) => Self::invalid_value(summary.to_owned()),
                Some(403) => Self::new(StatusCode::FORBIDDEN, None, summary.to_owned()),
                Some(404) => Self::not_found(format!("{what} not found")),
                _ => Self::internal(request_id),
            },
        }
    }
}

impl IntoResponse for ScimError {
    fn into_response(self) -> Response {
        let mut body = json!({
            "schemas": [ERROR_SCHEMA],
            "status": self.status.as_u16().to_string(),
            "detail": self.detail,
        });
        if let Some(scim_type) = self.scim_type {
            body["scimType"] = json!(scim_type);
        }
        let mut response = scim_json(self.status, &body);
        if let Some(challenge) = self.www_authenticate {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
