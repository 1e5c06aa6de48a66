//! Okta's error answers: `{errorCode, errorSummary, errorLink, errorId, errorCauses[]}` with the
//! real codes, and OAuth 2.0 `{error, error_description}` for the token endpoint.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// One Okta API error, rendered in Okta's format.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    summary: String,
    causes: Vec<String>,
    www_authenticate: Option<String>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, summary: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            summary: summary.into(),
            causes: Vec::new(),
            www_authenticate: None,
        }
    }

    fn cause(mut self, cause: impl Into<String>) -> Self {
        self.causes.push(cause.into());
        self
    }

    /// 404 E0000007: `Not found: Resource not found: <id> (<kind>)`.
    pub(crate) fn not_found(id: &str, kind: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "E0000007",
            format!("Not found: Resource not found: {id} ({kind})"),
        )
    }

    /// 400 E0000001: `Api validation failed: <field>` with one cause per problem.
    pub(crate) fn validation(field: &str, causes: &[String]) -> Self {
        causes.iter().fold(
            Self::new(
                StatusCode::BAD_REQUEST,
                "E0000001",
                format!("Api validation failed: {field}"),
            ),
            |err, cause| err.cause(cause.clone()),
        )
    }

    /// 400 E0000003: the body is not the JSON the endpoint expects.
    pub(crate) fn malformed_body() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000003",
            "The request body was not well-formed.",
        )
    }

    /// 400 E0000031: a `search` expression that does not parse.
    pub(crate) fn invalid_search(reason: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000031",
            "Invalid search criteria.",
        )
        .cause(reason)
    }

    /// 401 E0000011 with `WWW-Authenticate: Bearer error="invalid_token"`.
    pub(crate) fn invalid_token(description: &str) -> Self {
        let mut err = Self::new(
            StatusCode::UNAUTHORIZED,
            "E0000011",
            "Invalid token provided",
        );
        err.www_authenticate = Some(format!(
            "Bearer authorization_uri=\"/oauth2/v1/authorize\", realm=\"IdpMyAccountAPI\", \
             error=\"invalid_token\", error_description=\"{description}\""
        ));
        err
    }

    /// 403 E0000006 with `WWW-Authenticate: Bearer error="insufficient_scope"`.
    pub(crate) fn insufficient_scope(scope: &str) -> Self {
        let mut err = Self::new(
            StatusCode::FORBIDDEN,
            "E0000006",
            "You do not have permission to perform the requested action",
        );
        err.www_authenticate = Some(format!(
            "Bearer authorization_uri=\"/oauth2/v1/authorize\", realm=\"IdpMyAccountAPI\", \
             scope=\"{scope}\", error=\"insufficient_scope\", \
             error_description=\"The access token provided does not contain the required scopes.\""
        ));
        err
    }

    /// 403 E0000016: activating a user who is already active.
    pub(crate) fn already_active() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "E0000016",
            "Activation failed because the user is already active",
        )
    }

    /// 403 E0000038: a lifecycle operation the user's status does not allow.
    pub(crate) fn wrong_status(status: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "E0000038",
            "This operation is not allowed in the user's current status.",
        )
        .cause(format!("The user's status is {status}."))
    }

    /// 405 E0000022: a method the endpoint does not support.
    pub(crate) fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "E0000022",
            "The endpoint does not support the provided HTTP method",
        )
    }

    /// 409 E0000090: the role is already assigned to the user.
    pub(crate) fn duplicate_role(role: &str) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "E0000090",
            "Duplicate role assignment exception",
        )
        .cause(format!("The role {role} is already assigned to the user."))
    }

    /// 429 E0000047: the endpoint's rate-limit bucket is exhausted.
    pub(crate) fn rate_limited() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "E0000047",
            "API call exceeded rate limit due to too many requests.",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "errorCode": self.code,
            "errorSummary": self.summary,
            "errorLink": self.code,
            "errorId": format!("oae{}", random_token(22)),
            "errorCauses": self
                .causes
                .iter()
                .map(|cause| json!({"errorSummary": cause}))
                .collect::<Vec<_>>(),
        });
        let mut response = (self.status, Json(body)).into_response();
        if let Some(value) = self
            .www_authenticate
            .and_then(|value| HeaderValue::from_str(&value).ok())
        {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, value);
        }
        response
    }
}

/// An OAuth 2.0 token-endpoint error: `{error, error_description}`.
pub(crate) fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

/// 411 Length Required, as Okta's edge answers a POST or PUT without `Content-Length`.
pub(crate) fn length_required() -> Response {
    (
        StatusCode::LENGTH_REQUIRED,
        [(header::CONTENT_TYPE, "text/html")],
        "<html><body><h1>411 Length Required</h1></body></html>",
    )
        .into_response()
}

/// `len` random ASCII letters and digits.
pub(crate) fn random_token(len: usize) -> String {
    (0..len).map(|_| fastrand::alphanumeric()).collect()
}
