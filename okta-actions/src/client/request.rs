//! [`VendorRequest`]: one Custom API Action call, built then sent.

use std::fmt;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{VendorError, truncate};
use super::response::VendorResponse;
use super::retry::HttpMethod;
use super::send::{Prepared, execute};
use super::vendor_client::VendorClient;

/// A request under construction. Mistakes (a managed header, a body on GET or DELETE, a
/// relative URL without a leading `/`) are reported by [`VendorRequest::send`] before anything
/// is sent.
///
/// ```no_run
/// # async fn demo(client: okta_actions::client::VendorClient) -> Result<(), okta_actions::client::VendorError> {
/// let created = client
///     .post("/api/v1/users")
///     .query("activate", "true")
///     .header("X-Trace", "abc")
///     .json(&serde_json::json!({"profile": {"login": "ada@acme.example"}}))
///     .send()
///     .await?;
/// assert_eq!(created.status, 200);
/// # Ok(())
/// # }
/// ```
pub struct VendorRequest {
    client: VendorClient,
    method: HttpMethod,
    relative_url: String,
    headers: HeaderMap,
    query: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    timeout: Option<Duration>,
    error: Option<VendorError>,
}

impl fmt::Debug for VendorRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.relative_url.split('?').next().unwrap_or_default();
        f.debug_struct("VendorRequest")
            .field("method", &self.method)
            .field("path", &path)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("query_params", &self.query.len())
            .field("has_body", &self.body.is_some())
            .finish_non_exhaustive()
    }
}

impl VendorRequest {
    pub(crate) fn new(client: VendorClient, method: HttpMethod, relative_url: &str) -> Self {
        VendorRequest {
            client,
            method,
            relative_url: relative_url.to_owned(),
            headers: HeaderMap::new(),
            query: Vec::new(),
            body: None,
            timeout: None,
            error: None,
        }
    }

    fn fail(mut self, error: VendorError) -> Self {
        self.error.get_or_insert(error);
        self
    }

    /// Adds a header. `Authorization`, `Content-Type`, `Content-Length`, `Host` and the
    /// credential's own header are managed by the connector: setting one is an error.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.fail(VendorError::generic(format!(
                "`{name}` is not a valid header name"
            )));
        };
        if self.client.is_managed_header(&header) {
            return self.fail(VendorError::generic(format!(
                "header `{name}` is managed by the vendor connector and cannot be set"
            )));
        }
        match HeaderValue::from_str(value) {
            Ok(value) => {
                self.headers.append(header, value);
                self
            }
            Err(_) => self.fail(VendorError::generic(format!(
                "the value of header `{name}` cannot be sent"
            ))),
        }
    }

    /// Adds a query parameter (appended to any query in the relative URL).
    pub fn query(mut self, key: &str, value: &str) -> Self {
        self.query.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Sets a JSON body; only POST, PUT and PATCH take one.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        let method = self.method;
        if !method.allows_body() {
            return self.fail(VendorError::generic(format!(
                "a {} request cannot carry a body (only POST, PUT and PATCH can)",
                method.as_str()
            )));
        }
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some(bytes);
                self
            }
            Err(err) => self.fail(VendorError::generic(format!(
                "the request body cannot be serialized as JSON: {err}"
            ))),
        }
    }

    /// Overrides the connector's per-attempt timeout for this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends the request (retrying as the method allows) and returns the vendor's final answer
    /// whatever its status, like the card: status, headers and body. Errors are for calls with
    /// no usable answer: an invalid request, a timeout, a connection failure, a token that
    /// cannot be obtained. Use [`VendorResponse::error_for_status`] or
    /// [`VendorRequest::send_json`] to turn non-2xx answers into errors.
    pub async fn send(self) -> Result<VendorResponse, VendorError> {
        let (client, prepared) = self.prepare()?;
        execute(&client, &prepared)
            .await
            .map(VendorResponse::from_raw)
    }

    /// Sends a list request and parses a 2xx answer's records at `items` straight into `T`,
    /// with the cursor at `cursor` and the `Link` header's next target: no `Value` of the page
    /// is built (for a page of 100 users, parsing into `Value`s then the records took about
    /// twice the typed parse, BENCHMARKS.md). A non-2xx answer is its classified error.
    pub(crate) async fn send_page<T: DeserializeOwned>(
        self,
        items: &str,
        cursor: Option<&str>,
    ) -> Result<ListAnswer<T>, VendorError> {
        let (client, prepared) = self.prepare()?;
        let raw = execute(&client, &prepared).await?;
        if let Some(error) = raw.error() {
            return Err(error);
        }
        let page = if raw.body.iter().all(u8::is_ascii_whitespace) {
            Ok(None)
        } else {
            super::page::parse::<T>(&raw.body, items, cursor)
        };
        Ok(ListAnswer {
            fingerprint: super::pagination::fingerprint(&raw.body),
            status: raw.status,
            next_link: super::pagination::next_link(&raw.headers),
            page,
        })
    }

    /// Sends the request and answers a 2xx answer's status and body bytes, unparsed (for a
    /// caller that parses them straight into its own type); a non-2xx answer is its classified
    /// error.
    pub(crate) async fn send_body(self) -> Result<(u16, Vec<u8>), VendorError> {
        let (client, prepared) = self.prepare()?;
        let raw = execute(&client, &prepared).await?;
        match raw.error() {
            Some(error) => Err(error),
            None => Ok((raw.status, raw.body)),
        }
    }

    /// Sends the request and parses a 2xx body as `T` (an empty body parses as JSON `null`).
    /// A non-2xx answer is its classified [`VendorError`]; a body that is not the expected JSON
    /// a `GENERIC_FAILURE` saying what is wrong.
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T, VendorError> {
        let method = self.method;
        let path = self.path().to_owned();
        let (client, prepared) = self.prepare()?;
        let raw = execute(&client, &prepared).await?;
        if let Some(error) = raw.error() {
            return Err(error);
        }
        let body: &[u8] = if raw.body.is_empty() {
            b"null"
        } else {
            &raw.body
        };
        serde_json::from_slice(body).map_err(|err| {
            VendorError::generic(truncate(&raw.redactor.scrub(&format!(
                "the answer to {} {path} is not the expected JSON: {err}",
                method.as_str()
            ))))
            .with_status(raw.status)
        })
    }

    fn path(&self) -> &str {
        self.relative_url.split('?').next().unwrap_or_default()
    }

    /// Checks the request and turns it into what every attempt sends.
    fn prepare(self) -> Result<(VendorClient, Prepared), VendorError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut url = self.client.resolve(&self.relative_url)?;
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }
        let mut headers = self.headers;
        if !headers.contains_key(ACCEPT) {
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        }
        let body = match self.body {
            Some(body) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                Some(body)
            }
            // Okta (and others) answer 411 to a POST or PUT without a Content-Length.
            None if self.method.allows_body() => {
                headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
                Some(Vec::new())
            }
            None => None,
        };
        let timeout = self.timeout.unwrap_or(self.client.inner.config.timeout);
        let path = self
            .relative_url
            .split('?')
            .next()
            .unwrap_or_default()
            .to_owned();
        let prepared = Prepared {
            method: self.method,
            url,
            path,
            headers,
            body,
            timeout,
        };
        Ok((self.client, prepared))
    }
}

/// A list answer parsed by [`VendorRequest::send_page`].
pub(crate) struct ListAnswer<T> {
    /// The HTTP status (2xx).
    pub(crate) status: u16,
    /// The `rel="next"` target of the `Link` headers.
    pub(crate) next_link: Option<String>,
    /// The records and cursor; `None` when there is no array at the location (or no body);
    /// an error when the body is not JSON or a record does not fit the type.
    pub(crate) page: Result<Option<super::page::Page<T>>, serde_json::Error>,
    /// The body's fingerprint, to catch a vendor answering the same page again.
    pub(crate) fingerprint: u32,
}
