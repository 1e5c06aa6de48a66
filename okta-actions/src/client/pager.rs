//! Fetching a streaming GET's pages one after the other: the paging style's next page, the
//! card's record limit, and the checks that keep a misbehaving vendor from looping.

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::error::{VendorError, truncate};
use super::page;
use super::pagination::{Pagination, fingerprint, next_link};
use super::retry::HttpMethod;
use super::send::{Prepared, execute};
use super::vendor_client::VendorClient;

/// Where the next page is.
enum Next {
    First,
    Url(url::Url),
    Params(Vec<(String, String)>),
    Done,
}

/// Fetches pages one after the other, applying the record limit.
pub(crate) struct Pager {
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
    /// The longest page so far: the vendor's own page size when it serves fewer than asked.
    longest: u64,
    /// The previous page's fingerprint, to catch a vendor answering the same page again.
    last_page: Option<u32>,
    /// The cursor sent for the current page, to detect a server repeating it.
    last_cursor: Option<String>,
}

impl Pager {
    /// A pager whose first page is `first` (the relative URL and the caller's query) and whose
    /// record limit is `record_limit` (already checked), capped at `MAX_PAGES` pages.
    pub(crate) fn new(
        client: VendorClient,
        pagination: Pagination,
        headers: HeaderMap,
        path: String,
        first: url::Url,
        page_limit: u64,
        record_limit: u64,
    ) -> Self {
        Pager {
            client,
            pagination,
            headers,
            path,
            page_limit,
            remaining: record_limit.min(super::stream::MAX_PAGES * page_limit),
            next: Next::First,
            first,
            pages: 0,
            seen: 0,
            longest: 0,
            last_page: None,
            last_cursor: None,
        }
    }

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

    /// A body that is not JSON, or a record that does not fit the caller's type.
    fn parse_error(
        &self,
        redactor: &super::redact::Redactor,
        err: &serde_json::Error,
    ) -> VendorError {
        let what = if err.is_data() {
            format!("a record does not fit the expected type: {err}")
        } else {
            format!("the answer is not JSON: {err}")
        };
        self.page_error(&truncate(&redactor.scrub(&what)))
    }

    /// The next page's records, or `None` at the end. Once it answers an error or `None`, it
    /// answers `None` from then on.
    pub(crate) async fn next_page<T: DeserializeOwned>(
        &mut self,
    ) -> Result<Option<Vec<T>>, VendorError> {
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
        let cursor_at = match &self.pagination {
            Pagination::BodyCursor { cursor, .. } => Some(cursor.as_str()),
            _ => None,
        };
        let found = match self.pagination.items() {
            Some(items) if !raw.body.iter().all(u8::is_ascii_whitespace) => {
                page::parse::<T>(&raw.body, items, cursor_at)
                    .map_err(|err| self.parse_error(&raw.redactor, &err))?
            }
            _ => None,
        };
        let Some(page::Page {
            mut records,
            cursor,
        }) = found
        else {
            if self.pages == 1 {
                // Not a paginating endpoint: its body is the one record.
                let record = page::whole::<T>(&raw.body)
                    .map_err(|err| self.parse_error(&raw.redactor, &err))?;
                return Ok(Some(vec![record]));
            }
            return Err(self.page_error("the answer has no array of records"));
        };
        // A vendor may cap its pages below the size asked, or ignore the size parameter: only a
        // page shorter than the longest before it (or an empty one) is the last, so a short
        // first page costs one more request rather than the rest of the records.
        let len = records.len() as u64;
        let full_page = len >= self.page_limit.max(1) || len >= self.longest;
        self.longest = self.longest.max(len);
        self.seen += len;
        if records.is_empty() {
            return Ok(None);
        }
        if let Pagination::OffsetLimit {
            offset_param: param,
            ..
        }
        | Pagination::PageNumber {
            page_param: param, ..
        } = &self.pagination
        {
            let print = fingerprint(&raw.body);
            if self.last_page.replace(print) == Some(print) {
                return Err(self.page_error(&format!(
                    "the vendor answered the same records as the page before: it ignores `{param}`"
                )));
            }
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
        if self.pages >= super::stream::MAX_PAGES {
            self.next = Next::Done;
        }
        if records.len() as u64 >= self.remaining {
            records.truncate(usize::try_from(self.remaining).unwrap_or(usize::MAX));
            self.next = Next::Done;
        }
        self.remaining -= records.len() as u64;
        Ok(Some(records))
    }
}
