//! [`VendorError`]: a failed vendor call, classified into the contract's error types.

use std::error::Error as _;
use std::fmt;
use std::time::Duration;

use okta_actions_contracts::ErrorType;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, WWW_AUTHENTICATE};
use serde_json::Value;

use super::redact::Redactor;

/// Headers vendors put their request id in, most specific first.
const REQUEST_ID_HEADERS: [&str; 5] = [
    "x-okta-request-id",
    "x-request-id",
    "request-id",
    "x-correlation-id",
    "x-amzn-requestid",
];

/// Summaries longer than this are cut (at a character boundary) and end in `…`.
const MAX_SUMMARY_CHARS: usize = 300;

/// A failed vendor call, already classified: the contract error type, the HTTP status and the
/// vendor's request id when there was an answer, and a short summary (the vendor's own message
/// for Okta-style `{errorCode, errorSummary}`, OAuth `{error, error_description}` and common
/// `{message}` bodies). Every text is scrubbed of the tenant's secrets, so `Display` and `Debug`
/// are safe to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorError {
    error_type: ErrorType,
    summary: String,
    code: Option<String>,
    details: Vec<String>,
    http_status: Option<u16>,
    request_id: Option<String>,
    retryable: bool,
}

impl VendorError {
    /// An error of the given type with a summary (for handlers that detect a failure themselves).
    pub fn new(error_type: ErrorType, summary: impl Into<String>) -> Self {
        VendorError {
            error_type,
            summary: summary.into(),
            code: None,
            details: Vec::new(),
            http_status: None,
            request_id: None,
            retryable: false,
        }
    }

    /// A `GENERIC_FAILURE` with a summary.
    pub(crate) fn generic(summary: impl Into<String>) -> Self {
        Self::new(ErrorType::GenericFailure, summary)
    }

    /// An `INVALID_CREDENTIALS` with a summary.
    pub(crate) fn invalid_credentials(summary: impl Into<String>) -> Self {
        Self::new(ErrorType::InvalidCredentials, summary)
    }

    /// The contract error type.
    pub fn error_type(&self) -> ErrorType {
        self.error_type
    }

    /// A one-line summary.
    pub fn summary(&self) -> &str {
        &self.summary
    }

    /// The vendor's machine-readable error code (`errorCode`, OAuth `error`), if it sent one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// Further detail lines (Okta `errorCauses`, the request that failed).
    pub fn details(&self) -> &[String] {
        &self.details
    }

    /// The HTTP status the vendor answered with, if it answered.
    pub fn http_status(&self) -> Option<u16> {
        self.http_status
    }

    /// The vendor's request id (`X-Okta-Request-Id`, `X-Request-Id`, … or Okta's `errorId`).
    pub fn vendor_request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Whether an idempotent request may be tried again after this error.
    pub(crate) fn is_retryable(&self) -> bool {
        self.retryable
    }

    pub(crate) fn retryable(mut self) -> Self {
        self.retryable = true;
        self
    }

    pub(crate) fn with_type(mut self, error_type: ErrorType) -> Self {
        self.error_type = error_type;
        self
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    pub(crate) fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.details.push(detail.into());
        self
    }

    /// A transport failure: timeout, refused connection, dropped connection, unreadable body.
    /// Always retryable (the caller decides whether the method allows it).
    pub(crate) fn transport(err: &reqwest::Error, timeout: Duration, redactor: &Redactor) -> Self {
        let summary = if err.is_timeout() {
            format!(
                "the vendor did not answer within {} ms",
                timeout.as_millis()
            )
        } else if err.is_connect() {
            format!("could not connect to the vendor: {}", chain(err))
        } else {
            format!("the connection to the vendor failed: {}", chain(err))
        };
        Self::generic(truncate(&redactor.scrub(&summary))).retryable()
    }

    /// Classifies a non-success answer. `token_refreshed` says a managed token was already
    /// refreshed once for this call, so another 401 means the token cannot be renewed.
    pub(crate) fn from_response(
        status: u16,
        headers: &HeaderMap,
        body: &[u8],
        token_refreshed: bool,
        redactor: &Redactor,
    ) -> Self {
        let parsed: Option<Value> = serde_json::from_slice(body).ok();
        let described = parsed.as_ref().map(describe).unwrap_or_default();
        let error_type = match status {
            401 if token_refreshed || signals_expired_token(headers, parsed.as_ref()) => {
                ErrorType::TokenExpired
            }
            401 | 403 => ErrorType::InvalidCredentials,
            404 => ErrorType::ResourceNotFound,
            429 => ErrorType::RateLimitExceeded,
            _ => ErrorType::GenericFailure,
        };
        let reason = StatusCode::from_u16(status)
            .ok()
            .and_then(|code| code.canonical_reason())
            .unwrap_or("");
        let mut summary = described
            .summary
            .unwrap_or_else(|| format!("the vendor answered HTTP {status} {reason}"));
        if status == 401 && token_refreshed {
            summary = format!("the access token was refused again after a refresh: {summary}");
        }
        let request_id = REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| headers.get(*name)?.to_str().ok())
            .map(str::to_owned)
            .or(described.error_id);
        VendorError {
            error_type,
            summary: truncate(&redactor.scrub(&summary)),
            code: described.code.map(|code| truncate(&redactor.scrub(&code))),
            details: described
                .details
                .iter()
                .map(|detail| truncate(&redactor.scrub(detail)))
                .collect(),
            http_status: Some(status),
            request_id: request_id.map(|id| truncate(&redactor.scrub(&id))),
            retryable: status >= 500 || status == 429,
        }
    }
}

impl fmt::Display for VendorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error_type.as_str(), self.summary)?;
        if let Some(status) = self.http_status {
            write!(f, " (HTTP {status})")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [vendor request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for VendorError {}

/// What an error body says, in the shapes vendors commonly use.
#[derive(Default)]
struct Described {
    summary: Option<String>,
    code: Option<String>,
    details: Vec<String>,
    error_id: Option<String>,
}

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Okta `{errorCode, errorSummary, errorId, errorCauses[]}`, OAuth `{error, error_description}`,
/// `{error: {message, code}}`, `{message, code}`, RFC 7807 / SCIM `{title, detail}`,
/// `{errors: [{message}]}`.
fn describe(body: &Value) -> Described {
    let field = |name: &str| text(body.get(name));
    if let Some(summary) = field("errorSummary") {
        let details = body
            .get("errorCauses")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|cause| text(cause.get("errorSummary")))
            .collect();
        return Described {
            summary: Some(summary),
            code: field("errorCode"),
            details,
            error_id: field("errorId"),
        };
    }
    if let Some(nested) = body.get("error").filter(|e| e.is_object()) {
        return Described {
            summary: text(nested.get("message")),
            code: text(nested.get("code")),
            ..Described::default()
        };
    }
    if let Some(error) = field("error") {
        let summary = match field("error_description").or_else(|| field("message")) {
            Some(description) => format!("{error}: {description}"),
            None => error.clone(),
        };
        return Described {
            summary: Some(summary),
            code: Some(error),
            ..Described::default()
        };
    }
    let first_error = body
        .get("errors")
        .and_then(Value::as_array)
        .and_then(|errors| errors.first())
        .and_then(|first| text(first.get("message")));
    let summary = field("message")
        .or_else(|| match (field("title"), field("detail")) {
            (Some(title), Some(detail)) => Some(format!("{title}: {detail}")),
            (title, detail) => detail.or(title),
        })
        .or(first_error);
    Described {
        summary,
        code: field("code").or_else(|| field("scimType")),
        ..Described::default()
    }
}

/// A 401 that says the token (rather than the whole credential) is bad or expired.
fn signals_expired_token(headers: &HeaderMap, body: Option<&Value>) -> bool {
    let header = headers
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| {
            let value = value.to_ascii_lowercase();
            value.contains("invalid_token") || value.contains("expired")
        });
    let body = body.is_some_and(|body| {
        text(body.get("errorCode")).as_deref() == Some("E0000011")
            || matches!(
                text(body.get("error")).as_deref(),
                Some("invalid_token" | "token_expired" | "expired_token")
            )
    });
    header || body
}

/// The messages of an error and its sources, joined with `: `.
fn chain(err: &reqwest::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        let message = inner.to_string();
        if !out.contains(&message) {
            out.push_str(": ");
            out.push_str(&message);
        }
        source = inner.source();
    }
    out
}

/// Cuts `text` to [`MAX_SUMMARY_CHARS`] characters.
pub(crate) fn truncate(text: &str) -> String {
    match text.char_indices().nth(MAX_SUMMARY_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
