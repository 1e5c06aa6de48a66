//! Pagination styles of the streaming GET, and how each finds a page's records and the next page.

use reqwest::header::{HeaderMap, LINK};
use serde_json::Value;

/// How an endpoint pages. Fields naming where records or cursors are in the body take a JSON
/// pointer (`/data/items`) or a top-level field name (`items`); an empty string is the body
/// itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pagination {
    /// The body is an array of records; the next page is the `Link` header's `rel="next"` URL
    /// (Okta's style). The page size is sent as `limit`.
    LinkHeader,
    /// Records are in `items`; the next cursor is in `cursor` and goes back in query parameter
    /// `param`. A missing, `null` or empty cursor ends the stream.
    BodyCursor {
        /// Where the records are.
        items: String,
        /// Where the next cursor is.
        cursor: String,
        /// The query parameter that sends the cursor back.
        param: String,
    },
    /// Records are in `items`; pages are requested with `offset_param` (0, then the number of
    /// records seen) and `limit_param` (the page size). An empty page, or one shorter than
    /// both the size asked and the longest page before it, ends the stream: a vendor that serves
    /// fewer records a page than asked is still read to the end. A page with the same bytes as
    /// the one before is an error (the vendor ignores `offset_param`).
    OffsetLimit {
        /// Where the records are.
        items: String,
        /// The offset query parameter.
        offset_param: String,
        /// The page-size query parameter.
        limit_param: String,
    },
    /// Records are in `items`; pages are numbered in `page_param` from `first_page`, the page
    /// size is sent in `size_param`. An empty page, or one shorter than both the size asked and
    /// the longest page before it, ends the stream: a vendor that serves fewer records a page
    /// than asked is still read to the end. A page with the same bytes as the one before is an
    /// error (the vendor ignores `page_param`).
    ///
    /// ```
    /// # use okta_actions::client::Pagination;
    /// // GET /api/people?page=1&per_page=100 → {"people": [...], "page": 1, "pages": 5}
    /// let pagination = Pagination::PageNumber {
    ///     items: "people".into(),
    ///     page_param: "page".into(),
    ///     size_param: "per_page".into(),
    ///     first_page: 1,
    /// };
    /// ```
    PageNumber {
        /// Where the records are.
        items: String,
        /// The page-number query parameter.
        page_param: String,
        /// The page-size query parameter.
        size_param: String,
        /// The first page's number (usually 0 or 1).
        first_page: u64,
    },
    /// The endpoint does not paginate: its body is the one record.
    None,
}

impl Pagination {
    /// The query parameter that carries the page size.
    pub(crate) fn limit_param(&self) -> &str {
        match self {
            Pagination::OffsetLimit { limit_param, .. } => limit_param,
            Pagination::PageNumber { size_param, .. } => size_param,
            _ => "limit",
        }
    }

    /// Where the records are (`""` for the body itself).
    pub(crate) fn items(&self) -> Option<&str> {
        match self {
            Pagination::LinkHeader => Some(""),
            Pagination::BodyCursor { items, .. }
            | Pagination::OffsetLimit { items, .. }
            | Pagination::PageNumber { items, .. } => Some(items),
            Pagination::None => None,
        }
    }
}

/// How one declarative list handler pages the vendor, as written in the attribute's
/// `paging = …` argument (see `#[provisioning_action]`). Parameter names are the vendor's own.
///
/// The page size asked of the vendor is Okta's `limit` (default 200) capped at `max`, so a
/// vendor serving at most 100 records a page hands Okta every record, 100 at a time, with a
/// `nextCursor`. Offset and page-number styles end on an empty page, on a page shorter than
/// both the size asked and the longest page before it, or once `total` records are read: a
/// vendor that serves fewer records a page than asked (below `max`, or ignoring the size
/// parameter) is still read to the end, at the cost of one more call when the first page is
/// short. A `total` below the records already read is an error naming `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListPaging {
    /// `paging = link(size = "limit", max = 200)`: the body is the array of records (or the
    /// array at `items`), the next page is the `Link` header's `rel="next"` URL.
    Link {
        /// The page-size query parameter, if the vendor takes one.
        size: Option<&'static str>,
        /// The vendor's largest page size.
        max: u32,
    },
    /// `paging = cursor(next = "next_cursor", param = "cursor", size = "page_size", max = 100)`:
    /// the next cursor is in the body at `next` and goes back in query parameter `param`; a
    /// missing, `null` or empty cursor ends the list.
    Cursor {
        /// Where the next cursor is in the body (a field name or a JSON pointer).
        next: &'static str,
        /// The query parameter that sends the cursor back.
        param: &'static str,
        /// The page-size query parameter, if the vendor takes one.
        size: Option<&'static str>,
        /// The vendor's largest page size.
        max: u32,
    },
    /// `paging = page(param = "page", size = "per_page", first = 1, max = 100)`: pages are
    /// numbered from `first`; ends as described above, or on reaching `total` records or
    /// `pages` pages.
    Page {
        /// The page-number query parameter.
        param: &'static str,
        /// The page-size query parameter, if the vendor takes one.
        size: Option<&'static str>,
        /// The first page's number.
        first: u64,
        /// The vendor's largest page size.
        max: u32,
        /// Where the body says how many records there are in all, if it does.
        total: Option<&'static str>,
        /// Where the body says how many pages there are in all, if it does (instead of `total`).
        pages: Option<&'static str>,
    },
    /// `paging = offset(param = "offset", size = "limit", max = 100)`: records are skipped with
    /// `param` (0, then the records seen); ends as described above, or on reaching `total`.
    Offset {
        /// The offset query parameter.
        param: &'static str,
        /// The page-size query parameter, if the vendor takes one.
        size: Option<&'static str>,
        /// The vendor's largest page size.
        max: u32,
        /// Where the body says how many records there are in all, if it does.
        total: Option<&'static str>,
    },
    /// `paging = none`: the vendor answers with every record at once; the SDK pages them for
    /// Okta in memory, and the mapping takes the whole answer and returns every record.
    Unpaged,
}

impl ListPaging {
    /// One line for reports, e.g. ``body cursors (`next_cursor` sent back as `cursor`, page size `page_size` up to 100)``.
    pub fn describe(&self) -> String {
        let size = |size: &Option<&str>, max: &u32| match size {
            Some(size) => format!(", page size `{size}` up to {max}"),
            None => format!(", {max} records a page"),
        };
        match self {
            ListPaging::Link { size: s, max } => {
                format!("Link rel=\"next\" headers{}", size(s, max))
            }
            ListPaging::Cursor {
                next,
                param,
                size: s,
                max,
            } => format!(
                "body cursors (`{next}` sent back as `{param}`{})",
                size(s, max)
            ),
            ListPaging::Page {
                param,
                size: s,
                first,
                max,
                ..
            } => format!("page numbers (`{param}` from {first}{})", size(s, max)),
            ListPaging::Offset {
                param,
                size: s,
                max,
                ..
            } => format!("offsets (`{param}`{})", size(s, max)),
            ListPaging::Unpaged => {
                "one answer with every record, paged for Okta in memory".to_owned()
            }
        }
    }
}

/// The value at `location`: a JSON pointer, a top-level field, or the body for `""`.
pub(crate) fn locate<'a>(body: &'a Value, location: &str) -> Option<&'a Value> {
    if location.is_empty() || location.starts_with('/') {
        body.pointer(location)
    } else {
        body.get(location)
    }
}

/// Moves the records array at `location` out of `body`.
pub(crate) fn take_items(body: &mut Value, location: &str) -> Option<Vec<Value>> {
    let slot = if location.is_empty() || location.starts_with('/') {
        body.pointer_mut(location)?
    } else {
        body.get_mut(location)?
    };
    match slot.take() {
        Value::Array(items) => Some(items),
        other => {
            *slot = other;
            None
        }
    }
}

/// A cursor value as text; `null`, empty and non-scalar cursors end the stream.
pub(crate) fn cursor_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A fingerprint of a page's bytes, to catch a vendor that answers the same page again
/// (it ignores the page or offset parameter). `DefaultHasher::new` hashes alike in every process
/// of one build, so replicas agree on a fingerprint carried in a cursor.
pub(crate) fn fingerprint(bytes: &[u8]) -> u32 {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    let hash = hasher.finish();
    // Both halves folded in; a cursor part is a u32.
    (hash ^ (hash >> 32)) as u32
}

/// The `rel="next"` target of the `Link` headers, if any.
pub(crate) fn next_link(headers: &HeaderMap) -> Option<String> {
    next_link_in(
        headers
            .get_all(LINK)
            .iter()
            .filter_map(|value| value.to_str().ok()),
    )
}

/// The `rel="next"` target among `Link` header values, if any.
pub(crate) fn next_link_in<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    values.flat_map(|value| value.split(',')).find_map(|link| {
        let (target, params) = link.split_once(';')?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let next = params.split(';').any(|param| {
            param.split_once('=').is_some_and(|(key, value)| {
                key.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            })
        });
        next.then(|| target.to_owned())
    })
}
