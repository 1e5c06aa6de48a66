//! What a handler sees and returns: [`ActionContext`] in, `Result<Output, ActionError>` out.

use std::fmt;

use okta_actions_contracts::{ActionResponse, ErrorType, ExecutionError};

use crate::client::{Pagination, VendorClient, VendorError};

/// The context of one action call: the request id, the tenant-bound vendor client, and how the
/// vendor pages its lists (used by declarative list handlers).
#[derive(Debug, Clone)]
pub struct ActionContext {
    request_id: String,
    vendor: Option<VendorClient>,
    list_pagination: Pagination,
    tenant_tag: Option<String>,
}

impl ActionContext {
    /// A context for one call with the given request id and no vendor connection.
    pub fn new(request_id: impl Into<String>) -> Self {
        ActionContext {
            request_id: request_id.into(),
            vendor: None,
            list_pagination: Pagination::None,
            tenant_tag: None,
        }
    }

    /// Binds the tenant's vendor client.
    pub fn with_vendor(mut self, vendor: VendorClient) -> Self {
        self.vendor = Some(vendor);
        self
    }

    /// Sets how the vendor's list endpoints page, for declarative list handlers.
    pub fn with_list_pagination(mut self, pagination: Pagination) -> Self {
        self.list_pagination = pagination;
        self
    }

    /// Tags the call with its tenant's redacted digest (see [`tenant_tag`](Self::tenant_tag)).
    pub(crate) fn with_tenant_tag(mut self, tag: String) -> Self {
        self.tenant_tag = Some(tag);
        self
    }

    /// A short stable digest of the calling tenant's variables (e.g. `t-1a2b3c4d`), for
    /// correlating logs per tenant: never a variable's value or the credential. `None` when the
    /// context was not bound to a tenant.
    pub fn tenant_tag(&self) -> Option<&str> {
        self.tenant_tag.as_deref()
    }

    /// The request id of this call, echoed in every error.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The tenant-bound vendor client.
    ///
    /// # Errors
    /// `GENERIC_FAILURE` when the integration has no vendor connection.
    pub fn vendor(&self) -> Result<&VendorClient, ActionError> {
        self.vendor
            .as_ref()
            .ok_or_else(|| ActionError::generic("this integration has no vendor connection"))
    }

    /// How the vendor's list endpoints page.
    pub fn list_pagination(&self) -> &Pagination {
        &self.list_pagination
    }
}

/// Why an action failed. The SDK turns it into `executionStatus` FAILED with one error.
///
/// ```
/// use okta_actions::ActionError;
/// use okta_actions::contracts::ErrorType;
/// let err = ActionError::not_found("no user u-404").with_http_status(404);
/// assert_eq!(err.error_type(), ErrorType::ResourceNotFound);
/// ```
#[derive(Clone, PartialEq)]
pub struct ActionError {
    error_type: ErrorType,
    summary: String,
    code: Option<String>,
    details: Vec<String>,
    http_status: Option<u16>,
    request_id: Option<String>,
}

impl ActionError {
    /// An error of the given type with a one-line summary.
    pub fn new(error_type: ErrorType, summary: impl Into<String>) -> Self {
        ActionError {
            error_type,
            summary: summary.into(),
            code: None,
            details: Vec::new(),
            http_status: None,
            request_id: None,
        }
    }

    /// The resource does not exist (`RESOURCE_NOT_FOUND`).
    pub fn not_found(summary: impl Into<String>) -> Self {
        Self::new(ErrorType::ResourceNotFound, summary)
    }

    /// The tenant's credential was refused (`INVALID_CREDENTIALS`).
    pub fn invalid_credentials(summary: impl Into<String>) -> Self {
        Self::new(ErrorType::InvalidCredentials, summary)
    }

    /// The vendor's rate limit was exhausted (`RATE_LIMIT_EXCEEDED`).
    pub fn rate_limited(summary: impl Into<String>) -> Self {
        Self::new(ErrorType::RateLimitExceeded, summary)
    }

    /// Anything else (`GENERIC_FAILURE`).
    pub fn generic(summary: impl Into<String>) -> Self {
        Self::new(ErrorType::GenericFailure, summary)
    }

    /// Adds the vendor's machine-readable error code.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Adds a detail line.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.details.push(detail.into());
        self
    }

    /// Records the HTTP status the vendor answered with.
    pub fn with_http_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    /// Replaces the summary, keeping the type, code, status, request id and details: rewords a
    /// converted vendor error so that an Okta admin can act on it.
    ///
    /// ```
    /// use okta_actions::ActionError;
    /// let err = ActionError::generic("username_taken").with_code("username_taken").with_http_status(409);
    /// let err = err.with_summary("a user with this userName already exists; link it instead");
    /// assert_eq!(err.summary(), "a user with this userName already exists; link it instead");
    /// assert_eq!((err.code(), err.http_status()), (Some("username_taken"), Some(409)));
    /// ```
    pub fn with_summary(mut self, summary: impl Into<String>) -> Self {
        self.summary = summary.into();
        self
    }

    /// Records the vendor's request id.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// The error's class.
    pub fn error_type(&self) -> ErrorType {
        self.error_type
    }

    /// The one-line summary.
    pub fn summary(&self) -> &str {
        &self.summary
    }

    /// The error's code, e.g. the vendor's `username_taken`, if it has one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The HTTP status, if the error came from an HTTP answer.
    pub fn http_status(&self) -> Option<u16> {
        self.http_status
    }

    /// The contract form of this error. `request_id` fills in the request id when the error has
    /// none of its own (the adapter's id of the call).
    pub fn to_execution_error(&self, request_id: &str) -> ExecutionError {
        ExecutionError {
            code: Some(
                self.code
                    .clone()
                    .unwrap_or_else(|| self.error_type.as_str().to_owned()),
            ),
            summary: Some(self.summary.clone()),
            details: (!self.details.is_empty()).then(|| self.details.clone()),
            http_status_code: self.http_status.map(i64::from),
            request_id: Some(
                self.request_id
                    .clone()
                    .unwrap_or_else(|| request_id.to_owned()),
            ),
            kind: Some(self.error_type),
        }
    }

    /// The contract's failure envelope: `{"executionStatus": {"status": "FAILED", "errors":
    /// [this error]}}`, the one shape every front end answers a failed action with.
    pub fn to_failed_response(&self, request_id: &str) -> ActionResponse<()> {
        ActionResponse::failed(vec![self.to_execution_error(request_id)])
    }
}

impl fmt::Debug for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActionError")
            .field("type", &self.error_type.as_str())
            .field("summary", &self.summary)
            .field("code", &self.code)
            .field("http_status", &self.http_status)
            .field("request_id", &self.request_id)
            .finish()
    }
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error_type.as_str(), self.summary)
    }
}

impl std::error::Error for ActionError {}

/// A failed vendor call as the contract error: the same type, summary, code, details, HTTP
/// status and vendor request id.
impl From<VendorError> for ActionError {
    fn from(err: VendorError) -> Self {
        let mut action = ActionError::new(err.error_type(), err.summary());
        if let Some(code) = err.code() {
            action = action.with_code(code);
        }
        if let Some(status) = err.http_status() {
            action = action.with_http_status(status);
        }
        if let Some(id) = err.vendor_request_id() {
            action = action.with_request_id(id);
        }
        err.details()
            .iter()
            .fold(action, |action, detail| action.with_detail(detail.clone()))
    }
}
