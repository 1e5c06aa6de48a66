//! The outcome envelope every action returns, and how a typed output travels inside it.
//!
//! Handlers return their typed output (`ListUsersOutput`, …) or an error; they never build
//! `executionStatus` themselves. On the wire every output is an object holding the output's
//! properties next to `executionStatus`, which [`ActionResponse`] models: a SUCCEEDED response
//! carries the whole output, a FAILED one may carry only the status.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Whether an action completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExecutionState {
    /// The action completed.
    Succeeded,
    /// The action failed or partially failed; see `errors`.
    Failed,
}

/// The class of an action error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorType {
    /// The user, group or other resource does not exist (HTTP 404).
    ResourceNotFound,
    /// The external system's rate limit was hit (HTTP 429).
    RateLimitExceeded,
    /// The tenant's credential was refused (HTTP 401 / 403).
    InvalidCredentials,
    /// The tenant's access token expired and could not be refreshed.
    TokenExpired,
    /// Anything else.
    GenericFailure,
}

impl ErrorType {
    /// The wire name, e.g. `RESOURCE_NOT_FOUND`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::ResourceNotFound => "RESOURCE_NOT_FOUND",
            ErrorType::RateLimitExceeded => "RATE_LIMIT_EXCEEDED",
            ErrorType::InvalidCredentials => "INVALID_CREDENTIALS",
            ErrorType::TokenExpired => "TOKEN_EXPIRED",
            ErrorType::GenericFailure => "GENERIC_FAILURE",
        }
    }
}

/// One error of a failed or partially failed action (`executionStatus.errors[]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionError {
    /// A machine-readable error code of the external system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A one-line summary of the error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Further details of the error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<String>>,
    /// The HTTP status the external system answered with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status_code: Option<i64>,
    /// The request id of the failed call, for support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The class of the error.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<ErrorType>,
}

/// The outcome of an action (`executionStatus`), present in every output.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExecutionStatus {
    /// SUCCEEDED when the action completed, FAILED otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ExecutionState>,
    /// The errors of a failed or partially failed action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ExecutionError>>,
}

impl ExecutionStatus {
    /// A completed action.
    pub fn succeeded() -> Self {
        ExecutionStatus {
            status: Some(ExecutionState::Succeeded),
            errors: None,
        }
    }

    /// A failed action with its errors.
    pub fn failed(errors: Vec<ExecutionError>) -> Self {
        ExecutionStatus {
            status: Some(ExecutionState::Failed),
            errors: Some(errors),
        }
    }

    /// An action that completed in part: the output is returned along with the errors of the
    /// part that failed, and the status is FAILED so that Okta reports it.
    pub fn partially_failed(errors: Vec<ExecutionError>) -> Self {
        Self::failed(errors)
    }

    /// Whether the status says SUCCEEDED.
    pub fn is_success(&self) -> bool {
        self.status == Some(ExecutionState::Succeeded)
    }
}

/// An action's output as it travels on the wire: the typed output's properties, flattened, next
/// to `executionStatus`.
///
/// ```
/// use okta_actions_contracts::{ActionResponse, ActivateUserOutput, ExecutionStatus};
/// let ok = ActionResponse::succeeded(ActivateUserOutput {});
/// assert_eq!(serde_json::to_value(&ok).unwrap(), serde_json::json!({"executionStatus": {"status": "SUCCEEDED"}}));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ActionResponse<T> {
    /// The typed output; absent when a failed action returns only its status.
    #[serde(flatten)]
    pub output: Option<T>,
    /// The outcome, written by the SDK.
    #[serde(rename = "executionStatus", default)]
    pub execution_status: ExecutionStatus,
}

impl<T> ActionResponse<T> {
    /// A successful response carrying `output`.
    pub fn succeeded(output: T) -> Self {
        ActionResponse {
            output: Some(output),
            execution_status: ExecutionStatus::succeeded(),
        }
    }

    /// A failed response carrying only its errors.
    pub fn failed(errors: Vec<ExecutionError>) -> Self {
        ActionResponse {
            output: None,
            execution_status: ExecutionStatus::failed(errors),
        }
    }
}
