//! [`VendorResponse`]: the vendor's answer, as the Custom API Action card reports it.

use serde_json::Value;

use super::error::VendorError;
use super::send::RawResponse;

/// The vendor's final answer to a request: status, headers and body. The body is the parsed
/// JSON, `Null` when empty, or a JSON string holding the text when it is not JSON.
#[derive(Debug, Clone)]
pub struct VendorResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers, names lowercase, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Value,
    error: Option<VendorError>,
    /// Why the body is not JSON (the parser's message, which quotes none of the body).
    not_json: Option<String>,
}

impl VendorResponse {
    pub(crate) fn from_raw(raw: RawResponse) -> Self {
        let error = raw.error();
        let headers = raw
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let (body, not_json) = if raw.body.iter().all(u8::is_ascii_whitespace) {
            (Value::Null, None)
        } else {
            match serde_json::from_slice(&raw.body) {
                Ok(body) => (body, None),
                Err(err) => (
                    Value::String(String::from_utf8_lossy(&raw.body).into_owned()),
                    Some(err.to_string()),
                ),
            }
        };
        VendorResponse {
            status: raw.status,
            headers,
            body,
            error,
            not_json,
        }
    }

    /// Why the body is not JSON, when it is not: for callers that need JSON, so that they can
    /// say so without quoting a body that may echo the request and its credential.
    pub(crate) fn not_json(&self) -> Option<&str> {
        self.not_json.as_deref()
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The first value of a header (names compare case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The response itself when the status is 2xx, else its classified [`VendorError`]:
    /// 401/403 `INVALID_CREDENTIALS` (an expired or refused-after-refresh token
    /// `TOKEN_EXPIRED`), 404 `RESOURCE_NOT_FOUND`, 429 `RATE_LIMIT_EXCEEDED`, anything else
    /// `GENERIC_FAILURE`, with the status, the vendor's request id and a summary.
    pub fn error_for_status(self) -> Result<Self, VendorError> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(self),
        }
    }
}
