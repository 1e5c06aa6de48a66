//! The streaming GET (the card's GET(Streaming)): records page by page, with the card's limits.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::{BoxStream, Stream, StreamExt as _};
use reqwest::header::{ACCEPT, HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

use super::client::VendorClient;
use super::error::{VendorError, truncate};
use super::pagination::{Pagination, cursor_text, locate, next_link, take_items};
use super::retry::HttpMethod;
use super::send::{Prepared, execute};

/// The largest page size (`limit`) and its default.
pub const MAX_PAGE_LIMIT: u64 = 200;
/// The largest record limit, and the default when none is given.
pub const MAX_RECORD_LIMIT: u64 = 1_000_000;
/// The record limit never exceeds this many pages' worth: `5000 × limit`.
pub const MAX_PAGES: u64 = 5000;

/// A streaming GET under construction.
///
/// The card's rules: the page size `limit` is 0..=200 (default 200), set with
/// [`StreamRequest::page_limit`] or a `limit` query pair; the record limit is `None` (all
/// records, up to the default 1,000,000) or 0..=1,000,000 (negative is an error), and never more
/// than `5000 × limit`. An endpoint that does not paginate (`Pagination::None`, or a first
/// answer without the expected array of records) streams exactly one record, its body,
/// whatever the record limit. Only one page is held in memory at a time.
///
/// ```no_run
/// # async fn demo(client: okta_actions::vendor::VendorClient) -> Result<(), okta_actions::vendor::VendorError> {
/// use okta_actions::vendor::Pagination;
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

    /// The records as an async stream. Fails before any request when a limit is out of range,
    /// the relative URL is invalid or a header is refused.
    pub fn records(self) -> Result<RecordStream, VendorError> {
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
        let pager = Pager {
            client: self.client,
            pagination: self.pagination,
            headers,
            path: self
                .relative_url
                .split('?')
                .next()
                .unwrap_or_default()
                .to_owned(),
            page_limit,
            remaining: record_limit.min(MAX_PAGES * page_limit),
            next: Next::First,
            first,
            pages: 0,
            seen: 0,
            last_cursor: None,
        };
        let pages = futures::stream::try_unfold(pager, |mut pager| async move {
            Ok(pager.next_page().await?.map(|page| (page, pager)))
        })
        .boxed();
        Ok(RecordStream {
            pages,
            buffer: Vec::new().into_iter(),
            streamed: 0,
            finished: false,
        })
    }

    /// Streams every record into `f` with a caller-supplied state (the card's helper flow and
    /// its State) and returns the final state and the number of records streamed.
    pub async fn for_each_with_state<S, F>(
        self,
        mut state: S,
        mut f: F,
    ) -> Result<StreamSummary<S>, VendorError>
    where
        F: FnMut(&mut S, Value),
    {
        let mut records = self.records()?;
        while let Some(record) = records.next().await {
            f(&mut state, record?);
        }
        Ok(StreamSummary {
            state,
            records_streamed: records.records_streamed(),
        })
    }
}

/// The records of a streaming GET, one page fetched at a time. Ends after the first error.
pub struct RecordStream {
    pages: BoxStream<'static, Result<Vec<Value>, VendorError>>,
    buffer: std::vec::IntoIter<Value>,
    streamed: u64,
    finished: bool,
}

impl fmt::Debug for RecordStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordStream")
            .field("records_streamed", &self.streamed)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl RecordStream {
    /// The number of records yielded so far (after exhaustion: the card's "Records Streamed").
    pub fn records_streamed(&self) -> u64 {
        self.streamed
    }
}

impl Stream for RecordStream {
    type Item = Result<Value, VendorError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(record) = this.buffer.next() {
                this.streamed += 1;
                return Poll::Ready(Some(Ok(record)));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            match this.pages.poll_next_unpin(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(page))) => this.buffer = page.into_iter(),
                Poll::Ready(Some(Err(error))) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(None) => {
                    this.finished = true;
                    return Poll::Ready(None);
                }
            }
        }
    }
}

/// Where the next page is.
enum Next {
    First,
    Url(url::Url),
    Params(Vec<(String, String)>),
    Done,
}

/// Fetches pages one after the other, applying the record limit.
struct Pager {
    client: VendorClient,
    pagination: Pagination,
    headers: HeaderMap,
    path: String,
    page_limit: u64,
    /// Records still allowed.
    remaining: u64,
    next: Next,
    /// The first page's URL (relative URL + caller's query), without paging parameters.
    first: url::Url,
    pages: u64,
    /// Records received so far (the next offset).
    seen: u64,
    /// The cursor sent for the current page, to detect a server repeating it.
    last_cursor: Option<String>,
}

impl Pager {
    /// The URL of the first page plus the paging parameters in `params`.
    fn with_params(&self, params: &[(String, String)]) -> url::Url {
        let mut url = self.first.clone();
        let limit = (
            self.pagination.limit_param().to_owned(),
            self.page_limit.to_string(),
        );
        let names: Vec<&str> = params
            .iter()
            .map(|(name, _)| name.as_str())
            .chain([limit.0.as_str()])
            .collect();
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(name, _)| !names.contains(&name.as_ref()))
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        url.query_pairs_mut()
            .clear()
            .extend_pairs(kept)
            .extend_pairs(params)
            .extend_pairs([limit]);
        url
    }

    fn first_params(&self) -> Vec<(String, String)> {
        match &self.pagination {
            Pagination::OffsetLimit { offset_param, .. } => {
                vec![(offset_param.clone(), "0".to_owned())]
            }
            Pagination::PageNumber {
                page_param,
                first_page,
                ..
            } => vec![(page_param.clone(), first_page.to_string())],
            _ => Vec::new(),
        }
    }

    fn page_error(&self, what: &str) -> VendorError {
        VendorError::generic(format!("page {} of {}: {what}", self.pages, self.path))
    }

    /// The next page's records, or `None` at the end.
    async fn next_page(&mut self) -> Result<Option<Vec<Value>>, VendorError> {
        let url = match std::mem::replace(&mut self.next, Next::Done) {
            Next::Done => return Ok(None),
            Next::First => match self.pagination {
                Pagination::None => self.first.clone(),
                _ => self.with_params(&self.first_params()),
            },
            Next::Url(url) => url,
            Next::Params(params) => self.with_params(&params),
        };
        self.pages += 1;
        let prepared = Prepared {
            method: HttpMethod::Get,
            url: url.clone(),
            path: self.path.clone(),
            headers: self.headers.clone(),
            body: None,
            timeout: self.client.inner.config.timeout,
        };
        let raw = execute(&self.client, &prepared).await?;
        if let Some(error) = raw.error() {
            return Err(error);
        }
        let mut body: Value = if raw.body.iter().all(u8::is_ascii_whitespace) {
            Value::Null
        } else {
            serde_json::from_slice(&raw.body).map_err(|err| {
                self.page_error(&truncate(
                    &raw.redactor
                        .scrub(&format!("the answer is not JSON: {err}")),
                ))
            })?
        };
        let items = self.pagination.items().and_then(|location| {
            let cursor = match &self.pagination {
                Pagination::BodyCursor { cursor, .. } => cursor_text(locate(&body, cursor)),
                _ => None,
            };
            take_items(&mut body, location).map(|items| (items, cursor))
        });
        let Some((mut records, cursor)) = items else {
            if self.pages == 1 {
                // Not a paginating endpoint: its body is the one record.
                return Ok(Some(vec![body]));
            }
            return Err(self.page_error("the answer has no array of records"));
        };
        let full_page = records.len() as u64 >= self.page_limit.max(1);
        self.seen += records.len() as u64;
        if records.is_empty() {
            return Ok(None);
        }
        self.next = match &self.pagination {
            Pagination::LinkHeader => match next_link(&raw.headers) {
                Some(link) => {
                    let next = url
                        .join(&link)
                        .ok()
                        .filter(|next| self.client.same_origin(next));
                    match next {
                        Some(next) if next != url => Next::Url(next),
                        Some(_) => return Err(self.page_error("the next link repeats the page")),
                        None => {
                            return Err(self.page_error(
                                "the next link leaves the vendor's origin; not followed",
                            ));
                        }
                    }
                }
                None => Next::Done,
            },
            Pagination::BodyCursor { param, .. } => match cursor {
                Some(cursor) if self.last_cursor.as_ref() == Some(&cursor) => {
                    return Err(self.page_error("the next cursor repeats the page's cursor"));
                }
                Some(cursor) => {
                    self.last_cursor = Some(cursor.clone());
                    Next::Params(vec![(param.clone(), cursor)])
                }
                None => Next::Done,
            },
            Pagination::OffsetLimit { offset_param, .. } if full_page => {
                Next::Params(vec![(offset_param.clone(), self.seen.to_string())])
            }
            Pagination::PageNumber {
                page_param,
                first_page,
                ..
            } if full_page => Next::Params(vec![(
                page_param.clone(),
                (first_page + self.pages).to_string(),
            )]),
            _ => Next::Done,
        };
        if records.len() as u64 >= self.remaining {
            records.truncate(usize::try_from(self.remaining).unwrap_or(usize::MAX));
            self.next = Next::Done;
        }
        self.remaining -= records.len() as u64;
        Ok(Some(records))
    }
}
