//! The media type a request declares for its body.

use axum::http::{HeaderMap, header};

/// The essence of the request's `Content-Type` (`application/json` of
/// `application/json; charset=utf-8`), lowercased; `None` when the header is absent.
pub(crate) fn declared(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?;
    Some(
        value
            .to_str()
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase(),
    )
}
