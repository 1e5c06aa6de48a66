//! [`VendorClient`]: the vendor API bound to one tenant.

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderName;
use serde_json::Value;

use super::config::VendorConfig;
use super::connector::TenantState;
use super::credential::StaticCredential;
use super::error::VendorError;
use super::pagination::Pagination;
use super::redact::Redactor;
use super::request::VendorRequest;
use super::retry::HttpMethod;
use super::stats::{CallStats, VendorCalls};
use super::stream::{StreamRequest, StreamSummary};

/// What a client holds; shared by its clones, requests and streams.
pub(crate) struct ClientInner {
    pub(crate) http: reqwest::Client,
    pub(crate) config: Arc<VendorConfig>,
    pub(crate) tenant: Arc<TenantState>,
    pub(crate) base_url: url::Url,
    pub(crate) base_text: String,
    pub(crate) credential: StaticCredential,
    pub(crate) redactor: Redactor,
    /// This call's request counts (a client is bound per call).
    pub(crate) stats: CallStats,
}

/// The vendor API bound to one tenant: its rendered base URL and credential, sharing the
/// tenant's token cache, concurrency cap and rate-limit window with every other client of the
/// same tenant. Cheap to clone. `Debug` never shows a secret.
///
/// Requests follow Okta's Custom API Action card: a relative URL starting with `/`, extra
/// headers beside the managed `Authorization`/`Content-Type`, query pairs, a JSON body for
/// POST, PUT and PATCH only; GET, PUT and DELETE are retried on timeouts, connection errors,
/// 429 and 5xx within the retry budget, POST and PATCH never.
#[derive(Clone)]
pub struct VendorClient {
    pub(crate) inner: Arc<ClientInner>,
}

impl fmt::Debug for VendorClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VendorClient")
            .field("base_url", &self.inner.base_text)
            .field("credential", &self.inner.credential.kind())
            .field("oauth", &self.inner.tenant.token.is_some())
            .field("max_concurrency", &self.inner.config.max_concurrency)
            .finish_non_exhaustive()
    }
}

impl VendorClient {
    pub(crate) fn new(
        http: reqwest::Client,
        config: Arc<VendorConfig>,
        tenant: Arc<TenantState>,
        base_url: url::Url,
        credential: StaticCredential,
        redactor: Redactor,
    ) -> Self {
        let base_text = base_url.as_str().trim_end_matches('/').to_owned();
        VendorClient {
            inner: Arc::new(ClientInner {
                http,
                config,
                tenant,
                base_url,
                base_text,
                credential,
                redactor,
                stats: CallStats::default(),
            }),
        }
    }

    /// The tenant's base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_text
    }

    /// A request with any method of the card.
    pub fn request(&self, method: HttpMethod, relative_url: &str) -> VendorRequest {
        VendorRequest::new(self.clone(), method, relative_url)
    }

    /// A `GET` request; `relative_url` must start with `/` and may carry a query.
    pub fn get(&self, relative_url: &str) -> VendorRequest {
        self.request(HttpMethod::Get, relative_url)
    }

    /// A `POST` request (never retried implicitly).
    pub fn post(&self, relative_url: &str) -> VendorRequest {
        self.request(HttpMethod::Post, relative_url)
    }

    /// A `PUT` request.
    pub fn put(&self, relative_url: &str) -> VendorRequest {
        self.request(HttpMethod::Put, relative_url)
    }

    /// A `PATCH` request (never retried implicitly).
    pub fn patch(&self, relative_url: &str) -> VendorRequest {
        self.request(HttpMethod::Patch, relative_url)
    }

    /// A `DELETE` request.
    pub fn delete(&self, relative_url: &str) -> VendorRequest {
        self.request(HttpMethod::Delete, relative_url)
    }

    /// A streaming `GET` (the card's GET(Streaming)): configure it, then take the records as an
    /// async stream ([`StreamRequest::records`]) or fold them into a state
    /// ([`StreamRequest::for_each_with_state`]).
    pub fn stream(&self, relative_url: &str, pagination: Pagination) -> StreamRequest {
        StreamRequest::new(self.clone(), relative_url, pagination)
    }

    /// Streams every record (default limits) into `f` with a caller-supplied state and returns
    /// the state and the number of records streamed.
    pub async fn stream_with_state<S, F>(
        &self,
        relative_url: &str,
        pagination: Pagination,
        state: S,
        f: F,
    ) -> Result<StreamSummary<S>, VendorError>
    where
        F: FnMut(&mut S, Value),
    {
        self.stream(relative_url, pagination)
            .for_each_with_state(state, f)
            .await
    }

    /// The requests, retries and 429s this client (and its clones) has seen: one action call's.
    pub(crate) fn calls(&self) -> VendorCalls {
        self.inner.stats.snapshot()
    }

    /// The absolute URL of `relative_url` (which must start with `/`) under the base URL.
    pub(crate) fn resolve(&self, relative_url: &str) -> Result<url::Url, VendorError> {
        if !relative_url.starts_with('/') {
            return Err(VendorError::generic(format!(
                "the relative URL `{}` must start with `/`",
                self.inner.redactor.scrub(relative_url)
            )));
        }
        let url = url::Url::parse(&format!("{}{relative_url}", self.inner.base_text))
            .ok()
            .filter(|url| self.same_origin(url))
            .ok_or_else(|| {
                VendorError::generic(format!(
                    "the relative URL `{}` does not form a valid URL under the base URL",
                    self.inner.redactor.scrub(relative_url)
                ))
            })?;
        Ok(url)
    }

    /// `text` without the tenant's secrets, cut to an error summary's length: for messages
    /// that quote what the vendor sent.
    pub(crate) fn scrub(&self, text: &str) -> String {
        super::error::truncate(&self.inner.redactor.scrub(text))
    }

    /// Whether `url` is on the tenant's origin (credentials are only ever sent there).
    pub(crate) fn same_origin(&self, url: &url::Url) -> bool {
        url.origin() == self.inner.base_url.origin()
    }

    /// Whether callers may not set `name` themselves.
    pub(crate) fn is_managed_header(&self, name: &HeaderName) -> bool {
        use reqwest::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HOST};
        [AUTHORIZATION, CONTENT_TYPE, CONTENT_LENGTH, HOST].contains(name)
            || self.inner.credential.header_name() == Some(name)
    }
}
