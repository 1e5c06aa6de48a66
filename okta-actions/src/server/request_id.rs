//! Request ids: accepted from the caller's `x-request-id` when usable, generated otherwise,
//! echoed on the response and written into every error.
//!
//! Why not tower-http's `SetRequestIdLayer`: it keeps whatever id the caller sends (its
//! `MakeRequestId` runs only when the header is absent), while this id is written into contract
//! error bodies and logs, so an over-long or non-printable id must be replaced, not echoed.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// The header that carries the request id, inbound and outbound.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The longest caller-supplied id kept; longer ones are replaced by a generated id.
const MAX_LEN: usize = 128;

/// The id of one adapter request, available to every route as a request extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub(crate) String);

impl RequestId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Takes the caller's id when it is short printable ASCII, else generates one.
    fn from_header(value: Option<&HeaderValue>) -> Self {
        value
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty() && v.len() <= MAX_LEN)
            .filter(|v| v.bytes().all(|b| b.is_ascii_graphic()))
            .map(|v| RequestId(v.to_owned()))
            .unwrap_or_else(Self::generate)
    }

    /// A fresh random id (128 bits, hex), in the style of Okta's `X-Okta-Request-Id`.
    pub(crate) fn generate() -> Self {
        RequestId(format!("{:032x}", fastrand::u128(..)))
    }
}

/// Middleware: attaches the [`RequestId`] to the request and echoes it on the response.
pub(crate) async fn assign(mut request: Request, next: Next) -> Response {
    let id = RequestId::from_header(request.headers().get(REQUEST_ID_HEADER));
    request.extensions_mut().insert(id.clone());
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    response
}
