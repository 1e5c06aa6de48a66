//! The streaming GET (the card's GET(Streaming)): records page by page, with the card's limits.

use std::fmt;

use futures::stream::StreamExt as _;
use reqwest::header::{ACCEPT, HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::VendorError;
use super::pager::Pager;
use super::pagination::Pagination;
use super::prefetch::RecordStream;
use super::vendor_client::VendorClient;

/// The largest page size (`limit`) and its default.
pub const MAX_PAGE_LIMIT: u64 = 200;
/// The largest record limit, and the default when none is given.
pub const MAX_RECORD_LIMIT: u64 = 1_000_000;
/// The record limit never exceeds this many pages' worth (`5000 × limit`), and a stream reads
/// at most this many pages.
pub const MAX_PAGES: u64 = 5000;

/// A streaming GET under construction.
///
/// The card's rules: the page size `limit` is 0..=200 (default 200), set with
/// [`StreamRequest::page_limit`] or a `limit` query pair; the record limit is `None` (all
/// records, up to the default 1,000,000) or 0..=1,000,000 (negative is an error), and never more
/// than `5000 × limit`. An endpoint that does not paginate (`Pagination::None`, or a first
/// answer without the expected array of records) streams exactly one record, its body,
/// whatever the record limit. The next page is fetched while the current one is consumed, never
/// further ahead, so at most two pages are held in memory at a time.
///
/// ```no_run
/// # async fn demo(client: okta_actions::client::VendorClient) -> Result<(), okta_actions::client::VendorError> {
/// use okta_actions::client::Pagination;
/// let summary = client
///     .stream("/api/v1/users", Pagination::LinkHeader)
///     .page_limit(100)
///     .record_limit(Some(10_000))
///     .for_each_with_state(Vec::new(), |ids, user| {
///         ids.extend(user["id"].as_str().map(str::to_owned));
///     })
///     .await?;
/// println!("{} users, ids {:?}", summary.records_streamed, summary.state);
/// # Ok(())
/// # }
/// ```
pub struct StreamRequest {
    client: VendorClient,
    relative_url: String,
    pagination: Pagination,
    headers: HeaderMap,
    query: Vec<(String, String)>,
    page_limit: Option<String>,
    record_limit: Option<i64>,
    error: Option<VendorError>,
}

impl fmt::Debug for StreamRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamRequest")
            .field("path", &self.relative_url.split('?').next())
            .field("pagination", &self.pagination)
            .field("page_limit", &self.page_limit)
            .field("record_limit", &self.record_limit)
            .finish_non_exhaustive()
    }
}

/// What a finished stream reports: the caller's state and the number of records streamed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSummary<S> {
    /// The state after every record went through the callback.
    pub state: S,
    /// The number of records streamed (the card's "Records Streamed").
    pub records_streamed: u64,
}

impl StreamRequest {
    pub(crate) fn new(client: VendorClient, relative_url: &str, pagination: Pagination) -> Self {
        StreamRequest {
            client,
            relative_url: relative_url.to_owned(),
            pagination,
            headers: HeaderMap::new(),
            query: Vec::new(),
            page_limit: None,
            record_limit: None,
            error: None,
        }
    }

    /// Adds a header (managed headers are refused, as for requests).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let header = HeaderName::from_bytes(name.as_bytes()).ok();
        let value = HeaderValue::from_str(value).ok();
        match (header, value) {
            (Some(header), Some(value)) if !self.client.is_managed_header(&header) => {
                self.headers.append(header, value);
            }
            _ => {
                self.error.get_or_insert(VendorError::generic(format!(
                    "header `{name}` is managed by the vendor connector or cannot be sent"
                )));
            }
        }
        self
    }

    /// Adds a query parameter; `limit` sets the page size, as on the card.
    pub fn query(mut self, key: &str, value: &str) -> Self {
        if key == "limit" {
            self.page_limit = Some(value.to_owned());
        } else {
            self.query.push((key.to_owned(), value.to_owned()));
        }
        self
    }

    /// The page size, 0..=200 (default 200).
    pub fn page_limit(mut self, limit: u64) -> Self {
        self.page_limit = Some(limit.to_string());
        self
    }

    /// The most records to stream: `None` for all (up to 1,000,000), else 0..=1,000,000;
    /// negative is an error. Capped at `5000 × page limit`.
    pub fn record_limit(mut self, limit: Option<i64>) -> Self {
        self.record_limit = limit;
        self
    }

    /// The records as an async stream of `serde_json::Value`s; see [`RecordStream`] (the next
    /// page is fetched while this one is consumed). Fails before any request when a limit is
    /// out of range, the relative URL is invalid or a header is refused.
    pub fn records(self) -> Result<RecordStream, VendorError> {
        self.records_as::<Value>()
    }

    /// The records as an async stream of `T`, each deserialised straight from the page's bytes
    /// (no `serde_json::Value` in between, the cheaper parse when the caller has a type for its
    /// records). A record that does not fit `T` ends the stream with an error after the records
    /// of the pages before its own. Fails as [`StreamRequest::records`] does.
    ///
    /// ```no_run
    /// # async fn demo(client: okta_actions::client::VendorClient) -> Result<(), okta_actions::client::VendorError> {
    /// use futures::TryStreamExt as _;
    /// use okta_actions::client::Pagination;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct User {
    ///     id: String,
    ///     status: String,
    /// }
    ///
    /// let active = client
    ///     .stream("/api/v1/users", Pagination::LinkHeader)
    ///     .records_as::<User>()?
    ///     .try_filter(|user| std::future::ready(user.status == "ACTIVE"))
    ///     .try_fold(0u64, |n, _| std::future::ready(Ok(n + 1)))
    ///     .await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn records_as<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> Result<RecordStream<T>, VendorError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let page_limit = match &self.page_limit {
            None => MAX_PAGE_LIMIT,
            Some(text) => text
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|limit| *limit <= MAX_PAGE_LIMIT)
                .ok_or_else(|| {
                    VendorError::generic(format!(
                        "the page limit must be a whole number from 0 to {MAX_PAGE_LIMIT}"
                    ))
                })?,
        };
        let record_limit = match self.record_limit {
            None => MAX_RECORD_LIMIT,
            Some(limit) => u64::try_from(limit)
                .ok()
                .filter(|limit| *limit <= MAX_RECORD_LIMIT)
                .ok_or_else(|| {
                    VendorError::generic(format!(
                        "the record limit must be from 0 to {MAX_RECORD_LIMIT} (got {limit})"
                    ))
                })?,
        };
        let mut first = self.client.resolve(&self.relative_url)?;
        if !self.query.is_empty() {
            first.query_pairs_mut().extend_pairs(&self.query);
        }
        let mut headers = self.headers;
        if !headers.contains_key(ACCEPT) {
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        }
        let path = self
            .relative_url
            .split('?')
            .next()
            .unwrap_or_default()
            .to_owned();
        Ok(RecordStream::new(Pager::new(
            self.client,
            self.pagination,
            headers,
            path,
            first,
            page_limit,
            record_limit,
        )))
    }

    /// Streams every record into `f` with a caller-supplied state (the card's helper flow and
    /// its State) and returns the final state and the number of records streamed.
    pub async fn for_each_with_state<S, F>(
        self,
        state: S,
        f: F,
    ) -> Result<StreamSummary<S>, VendorError>
    where
        F: FnMut(&mut S, Value),
    {
        self.for_each_as(state, f).await
    }

    /// [`StreamRequest::for_each_with_state`] with each record deserialised into `T` (see
    /// [`StreamRequest::records_as`]).
    pub async fn for_each_as<T, S, F>(
        self,
        mut state: S,
        mut f: F,
    ) -> Result<StreamSummary<S>, VendorError>
    where
        T: DeserializeOwned + Send + 'static,
        F: FnMut(&mut S, T),
    {
        let mut records = self.records_as::<T>()?;
        while let Some(record) = records.next().await {
            f(&mut state, record?);
        }
        Ok(StreamSummary {
            state,
            records_streamed: records.records_streamed(),
        })
    }
}
