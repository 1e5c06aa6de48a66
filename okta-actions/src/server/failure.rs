//! Contract-shaped failure answers: an HTTP status and a body of only `executionStatus` FAILED,
//! carrying the request id.

use axum::Json;
use axum::extract::Extension;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::RequestId;
use crate::ActionError;
use crate::client::Unbound;

/// A request the adapter answers without a handler result: the caller's mistake (4xx) or the
/// adapter's own fault (5xx).
#[derive(Debug)]
pub(crate) struct Failure {
    status: StatusCode,
    error: ActionError,
}

impl Failure {
    /// A failure with an HTTP status; the error records the same status.
    pub(crate) fn new(status: StatusCode, error: ActionError) -> Self {
        Failure {
            status,
            error: error.with_http_status(status.as_u16()),
        }
    }

    /// `400`: the request is malformed or breaks the contract.
    pub(crate) fn bad_request(summary: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ActionError::generic(summary))
    }

    /// `401`: the credential is missing or unusable.
    pub(crate) fn unauthorized(summary: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ActionError::invalid_credentials(summary),
        )
    }

    /// Adds a detail line (one per JSON path at fault).
    pub(crate) fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.error = self.error.with_detail(detail);
        self
    }

    /// The HTTP status.
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    /// The error.
    pub(crate) fn error(&self) -> &ActionError {
        &self.error
    }

    /// The answer: the status, and `{"executionStatus": FAILED}` with the request id.
    pub(crate) fn respond(&self, request_id: &RequestId) -> Response {
        let body = self.error.to_failed_response(request_id.as_str());
        (self.status, Json(body)).into_response()
    }
}

/// Maps a failure to bind the tenant's vendor connection: a credential problem is `401`, a
/// problem with the tenant's variables `400`, and the integration's own configuration `500`.
pub(crate) fn from_connect(unbound: Unbound) -> Failure {
    match unbound {
        Unbound::Credential(error) => Failure::unauthorized(error.summary().to_owned()),
        Unbound::Tenant(error) => Failure::new(StatusCode::BAD_REQUEST, error.into()),
        Unbound::Configuration(error) => {
            Failure::new(StatusCode::INTERNAL_SERVER_ERROR, error.into())
        }
    }
}

/// `404` for a path the adapter does not serve, in the contract's failure shape.
pub(crate) async fn no_such_endpoint(
    Extension(request_id): Extension<RequestId>,
    uri: axum::http::Uri,
) -> Response {
    Failure::new(
        StatusCode::NOT_FOUND,
        ActionError::not_found(format!(
            "no endpoint at `{}`: actions are served at `POST /actions/{{Ident}}`",
            uri.path()
        )),
    )
    .respond(&request_id)
}

/// `405` for a served path called with another method, in the contract's failure shape.
pub(crate) async fn method_not_allowed(
    Extension(request_id): Extension<RequestId>,
    method: axum::http::Method,
    uri: axum::http::Uri,
) -> Response {
    Failure::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ActionError::generic(format!("`{method}` is not served at `{}`", uri.path())),
    )
    .respond(&request_id)
}

/// The answer to a panic outside a handler (handlers' own panics are caught earlier, with the
/// request id): `500` and a `GENERIC_FAILURE`.
pub(crate) fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let error = ActionError::generic("the adapter failed while answering this request")
        .with_http_status(500);
    let body = error.to_failed_response("");
    (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
}
