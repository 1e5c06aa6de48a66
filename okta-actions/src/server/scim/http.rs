//! The HTTP edges of the facade: `application/scim+json` answers, request bodies (content type,
//! size, JSON) and the query parameters RFC 7644 defines for reads.

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::Value;

use super::error::ScimError;
use super::projection::Projection;
use crate::server::media;

/// The SCIM media type (RFC 7644 §8.1).
pub(crate) const SCIM_MEDIA_TYPE: &str = "application/scim+json";

/// A JSON answer with `Content-Type: application/scim+json`.
pub(crate) fn scim_json(status: StatusCode, body: &impl serde::Serialize) -> Response {
    // The bodies are `Value`s and envelopes of them: string keys, no non-finite floats, so
    // serializing cannot fail.
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    set_content_type(response.headers_mut());
    response
}

/// `204 No Content`, still labelled `application/scim+json` like every facade answer.
pub(crate) fn no_content() -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    set_content_type(response.headers_mut());
    response
}

/// Sets `Content-Type: application/scim+json`.
pub(crate) fn set_content_type(headers: &mut HeaderMap) {
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(SCIM_MEDIA_TYPE),
    );
}

/// The request body as one JSON object: `415` unless declared JSON (`application/json`,
/// `application/scim+json` or any `+json`; a missing `Content-Type` is accepted), `413` when
/// too large, `400 invalidSyntax` when not a JSON object.
pub(crate) fn json_object(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<serde_json::Map<String, Value>, ScimError> {
    if let Some(essence) = media::declared(headers) {
        let json =
            essence == "application/json" || essence == "text/json" || essence.ends_with("+json");
        if !json {
            return Err(ScimError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                None,
                format!(
                    "the body must be `application/scim+json` or `application/json`, not `{essence}`"
                ),
            ));
        }
    }
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ScimError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                None,
                "the request body is larger than this service accepts",
            )
        } else {
            ScimError::invalid_syntax("the request body could not be read")
        }
    })?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ScimError::invalid_syntax(
            "the request body is empty; send a JSON object",
        ));
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ScimError::invalid_syntax(
            "the request body must be a JSON object",
        )),
        Err(e) => Err(ScimError::invalid_syntax(format!(
            "the request body is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        ))),
    }
}

/// The query parameters of a SCIM read: `filter`, `startIndex`, `count`, `attributes`,
/// `excludedAttributes` (names compare case-insensitively).
#[derive(Debug, Clone, Default)]
pub(crate) struct ReadParams {
    /// The raw filter expression.
    pub(crate) filter: Option<String>,
    /// The 1-based index of the first result, as sent.
    pub(crate) start_index: Option<String>,
    /// The page size, as sent.
    pub(crate) count: Option<String>,
    /// Which attributes to return.
    pub(crate) projection: Projection,
}

impl ReadParams {
    /// Parses the raw query string.
    pub(crate) fn parse(query: Option<&str>) -> Self {
        let mut params = ReadParams::default();
        let mut attributes = None;
        let mut excluded = None;
        for (name, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let value = value.into_owned();
            match name.to_ascii_lowercase().as_str() {
                "filter" => params.filter = Some(value),
                "startindex" => params.start_index = Some(value),
                "count" => params.count = Some(value),
                "attributes" => attributes = Some(value),
                "excludedattributes" => excluded = Some(value),
                _ => {}
            }
        }
        params.projection = Projection::new(attributes.as_deref(), excluded.as_deref());
        params
    }

    /// The 0-based offset of the first result: `startIndex` − 1; absent or below 1 is the
    /// start (RFC 7644 §3.4.2.4).
    pub(crate) fn offset(&self) -> Result<usize, ScimError> {
        match &self.start_index {
            None => Ok(0),
            Some(raw) => {
                let index: i64 = raw
                    .trim()
                    .parse()
                    .map_err(|_| ScimError::invalid_value("`startIndex` must be an integer"))?;
                Ok(usize::try_from(index.max(1) - 1).unwrap_or(0))
            }
        }
    }

    /// The page size: `count`, else `default`, at most `max`; a negative count is 0.
    pub(crate) fn count(&self, default: usize, max: usize) -> Result<usize, ScimError> {
        match &self.count {
            None => Ok(default.min(max)),
            Some(raw) => {
                let count: i64 = raw
                    .trim()
                    .parse()
                    .map_err(|_| ScimError::invalid_value("`count` must be an integer"))?;
                Ok(usize::try_from(count.max(0)).unwrap_or(usize::MAX).min(max))
            }
        }
    }
}
