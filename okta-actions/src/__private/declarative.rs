//! The runtime of declarative handlers: bind the path and query from the input, make the vendor
//! call through the tenant's client (which never retries POST or PATCH), page, map, and turn
//! vendor faults into contract errors.

use futures::future::BoxFuture;
use okta_actions_contracts::{Contract, ListContract};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::pagination::{cursor_text, fingerprint, locate, next_link_in, take_items};
use crate::client::{
    HttpMethod, ListPaging, Pagination, VendorError, VendorRequest, VendorResponse,
};
use crate::handler::IntoBody;
use crate::{ActionContext, ActionError};

/// The page size asked of the vendor when Okta names none (the Custom API Action's default).
const DEFAULT_PAGE_SIZE: i64 = 200;

/// How vendor faults become contract errors: the SDK's classification unless the handler names
/// its own with `errors = path::to::fn`.
pub type ErrorMapping = fn(VendorError) -> ActionError;

/// The SDK's classification of a vendor fault.
pub fn default_errors(error: VendorError) -> ActionError {
    error.into()
}

/// One vendor call of a declarative lookup, search or write.
#[derive(Debug, Clone, Copy)]
pub struct Call {
    /// The method.
    pub method: HttpMethod,
    /// The path (and query) template, `{field}` bound from the input.
    pub path: &'static str,
    /// With `first`: where the list of results is; the first one is mapped, none is
    /// `RESOURCE_NOT_FOUND`.
    pub first: Option<&'static str>,
    /// How vendor faults become contract errors.
    pub errors: ErrorMapping,
}

/// Makes the call (with the body `body` builds, if any), parses the answer as `V` and maps it.
pub fn call_json<'a, I, V, O>(
    ctx: &'a ActionContext,
    call: Call,
    input: I,
    body: impl FnOnce(&I) -> Result<Option<Value>, ActionError> + Send + 'a,
    map: impl FnOnce(V) -> Result<O, ActionError> + Send + 'a,
) -> BoxFuture<'a, Result<O, ActionError>>
where
    I: Serialize + Send + 'a,
    V: DeserializeOwned + Send + 'a,
    O: Send + 'a,
{
    Box::pin(async move {
        let (url, body) = prepare(call.path, &input, body)?;
        let request = request(ctx, &call, &url, body)?;
        let vendor: V = match call.first {
            // A lookup's answer is parsed straight into `V`: no `Value` of it is built.
            None => {
                let (status, answer) = request.send_body().await.map_err(call.errors)?;
                let answer: &[u8] = if answer.iter().all(u8::is_ascii_whitespace) {
                    b"null"
                } else {
                    &answer
                };
                match serde_json::from_slice(answer) {
                    Ok(vendor) => vendor,
                    Err(e) if e.is_data() => return Err(mismatch(ctx, &call, status, None, &e)),
                    // Not JSON: a mapping of a `String` still takes the text as it is.
                    Err(e) => text_answer(answer)
                        .ok_or_else(|| mismatch(ctx, &call, status, Some(&e.to_string()), &e))?,
                }
            }
            Some(items) => {
                let response = request
                    .send()
                    .await
                    .and_then(VendorResponse::error_for_status)
                    .map_err(call.errors)?;
                let first = first_result(&call, items, &response)?;
                serde_json::from_value(first)
                    .map_err(|e| mismatch(ctx, &call, response.status, response.not_json(), &e))?
            }
        };
        map(vendor)
    })
}

/// A text answer as `V`, when `V` takes a string.
fn text_answer<V: DeserializeOwned>(answer: &[u8]) -> Option<V> {
    let text = std::str::from_utf8(answer).ok()?;
    serde_json::from_value(Value::String(text.to_owned())).ok()
}

/// The first result of a search's answer, the array at `items`; none is `RESOURCE_NOT_FOUND`.
fn first_result(call: &Call, items: &str, response: &VendorResponse) -> Result<Value, ActionError> {
    match locate(&response.body, items) {
        Some(Value::Array(found)) => found.first().cloned().ok_or_else(|| {
            ActionError::not_found(format!(
                "the vendor found nothing for {} {}",
                call.method.as_str(),
                call.path
            ))
        }),
        _ => {
            let at = if items.is_empty() {
                "is not an array (name where the results are with `items = \"…\"`)".to_owned()
            } else {
                format!("has no array at `{items}`")
            };
            Err(ActionError::generic(format!(
                "the vendor's answer to {} {} {at}",
                call.method.as_str(),
                call.path
            ))
            .with_http_status(response.status))
        }
    }
}

/// The error of an answer that is not JSON (`not_json` says why) or does not fit the mapping's
/// type.
fn mismatch(
    ctx: &ActionContext,
    call: &Call,
    status: u16,
    not_json: Option<&str>,
    error: &serde_json::Error,
) -> ActionError {
    // serde quotes the values it rejects, and a text answer becomes one string value:
    // say what is wrong without quoting the body, which may echo the credential.
    let summary = match not_json {
        Some(why) => format!(
            "the vendor's answer to {} {} is not JSON: {why}",
            call.method.as_str(),
            call.path
        ),
        None => format!(
            "the vendor's answer to {} {} does not match the mapping's type: {error}",
            call.method.as_str(),
            call.path
        ),
    };
    let summary = match ctx.vendor() {
        Ok(vendor) => vendor.scrub(&summary),
        Err(_) => summary,
    };
    ActionError::generic(summary).with_http_status(status)
}

/// How a status-only write's vendor faults become contract errors: `None` accepts the fault as
/// success (e.g. removing a member who is already gone).
pub type FaultMapping = fn(VendorError) -> Option<ActionError>;

/// The SDK's classification of a vendor fault, which always fails the action.
pub fn default_faults(error: VendorError) -> Option<ActionError> {
    Some(error.into())
}

/// The vendor call of a write whose output is only `executionStatus`.
#[derive(Debug, Clone, Copy)]
pub struct StatusCall {
    /// The method.
    pub method: HttpMethod,
    /// The path (and query) template, `{field}` bound from the input.
    pub path: &'static str,
    /// With `each = "…"`: the input's array; one call per element (or per `batch` elements),
    /// the path and the body built from the input with the array narrowed to them.
    pub each: Option<&'static str>,
    /// With `each`: how many elements one call carries (1 unless `batch = N`).
    pub batch: usize,
    /// How vendor faults become contract errors, or are accepted.
    pub faults: FaultMapping,
}

/// Makes the call (with the body `body` builds, if any), or one call per element (or batch) of
/// `each`, in order, and succeeds when every answer is a 2xx or an accepted fault.
pub fn call_status<'a, I, O>(
    ctx: &'a ActionContext,
    call: StatusCall,
    input: I,
    body: impl Fn(&I) -> Result<Option<Value>, ActionError> + Send + 'a,
) -> BoxFuture<'a, Result<O, ActionError>>
where
    I: Serialize + DeserializeOwned + Send + 'a,
    O: From<()> + Send + 'a,
{
    Box::pin(async move {
        let calls = status_calls(&call, &input, &body)?;
        drop(input);
        let vendor = ctx.vendor()?;
        for (url, body) in calls {
            let mut request = vendor.request(call.method, &url);
            if let Some(body) = &body {
                request = request.json(body);
            }
            let fault = match request.send().await {
                Ok(response) => response.error_for_status().err(),
                Err(error) => Some(error),
            };
            if let Some(error) = fault.and_then(call.faults) {
                return Err(error);
            }
        }
        Ok(O::from(()))
    })
}

/// Each call's bound path and body, worked out before anything is sent.
fn status_calls<I: Serialize + DeserializeOwned>(
    call: &StatusCall,
    input: &I,
    body: impl Fn(&I) -> Result<Option<Value>, ActionError>,
) -> Result<Vec<(String, Option<Value>)>, ActionError> {
    let Some(each) = call.each else {
        let (url, body) = prepare(call.path, input, body)?;
        return Ok(vec![(url, body)]);
    };
    let value = to_value(input)?;
    let elements = match value.get(each) {
        Some(Value::Array(elements)) => elements.clone(),
        _ => Vec::new(),
    };
    elements
        .chunks(call.batch.max(1))
        .map(|chunk| {
            let mut narrowed = value.clone();
            narrowed[each] = if call.batch > 1 {
                Value::Array(chunk.to_vec())
            } else {
                chunk[0].clone()
            };
            let url = bind_path(call.path, &narrowed)?;
            // The body sees the input with the array narrowed to this call's elements.
            narrowed[each] = Value::Array(chunk.to_vec());
            let part: I = serde_json::from_value(narrowed).map_err(|e| {
                ActionError::generic(format!("the input could not be narrowed to `{each}`: {e}"))
            })?;
            Ok((url, body(&part)?))
        })
        .collect()
}

/// The bound path and the JSON body, worked out before anything is awaited.
fn prepare<I: Serialize>(
    path: &str,
    input: &I,
    body: impl FnOnce(&I) -> Result<Option<Value>, ActionError>,
) -> Result<(String, Option<Value>), ActionError> {
    let url = bind_path(path, &to_value(input)?)?;
    Ok((url, body(input)?))
}

/// What `errors = …` names: a function from a vendor fault to the contract's error.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an errors function",
    label = "write `fn name(error: VendorError) -> ActionError`",
    note = "an errors function turns a vendor fault (`okta_actions::client::VendorError`) into the action's error"
)]
pub trait ErrorsFn {
    /// Calls the function.
    fn map(&self, error: VendorError) -> ActionError;
}
impl<F: Fn(VendorError) -> ActionError> ErrorsFn for F {
    fn map(&self, error: VendorError) -> ActionError {
        self(error)
    }
}

/// The JSON a body function builds from the input. The bound reports a body function with the
/// wrong signature once, on its name, with the fix (it borrows the input).
pub fn body_of<'a, I, F, B, M>(body: F, input: &'a I) -> Result<Option<Value>, ActionError>
where
    F: Fn(&'a I) -> B,
    B: IntoBody<M>,
{
    body_json(body(input))
}

/// A body mapping's result as the JSON to send.
pub fn body_json<M, B: IntoBody<M>>(body: B) -> Result<Option<Value>, ActionError> {
    let body = body.into_body()?;
    serde_json::to_value(&body)
        .map(Some)
        .map_err(|e| ActionError::generic(format!("the vendor body could not be serialized: {e}")))
}

fn request(
    ctx: &ActionContext,
    call: &Call,
    url: &str,
    body: Option<Value>,
) -> Result<VendorRequest, ActionError> {
    let mut request = ctx.vendor()?.request(call.method, url);
    if let Some(body) = &body {
        request = request.json(body);
    }
    Ok(request)
}

/// The list handler's own paging (`items`, `paging`), each falling back to the integration's.
#[derive(Debug, Clone, Copy)]
pub struct List {
    /// The path (and query) template, `{field}` bound from the input.
    pub path: &'static str,
    /// Where the records are (`items = "…"`).
    pub items: Option<&'static str>,
    /// The handler's paging style (`paging = …`).
    pub paging: Option<ListPaging>,
    /// How vendor faults become contract errors.
    pub errors: ErrorMapping,
}

/// Where a list's records and next page are, and how a page is asked for.
#[derive(Debug, Clone, Copy)]
struct Plan<'p> {
    style: Style<'p>,
    items: &'p str,
    size: Option<&'p str>,
    max: i64,
    total: Option<Total<'p>>,
}

/// Where the body says how long the list is.
#[derive(Debug, Clone, Copy)]
enum Total<'p> {
    /// The number of records in all (`total = …`).
    Records(&'p str),
    /// The number of pages in all (`pages = …`, page-number style).
    Pages(&'p str),
}

impl Total<'_> {
    /// The attribute's parameter naming it.
    fn parameter(self) -> &'static str {
        match self {
            Total::Records(_) => "total",
            Total::Pages(_) => "pages",
        }
    }

    /// Where it is in the body.
    fn location(&self) -> &str {
        match self {
            Total::Records(at) | Total::Pages(at) => at,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Style<'p> {
    Link,
    Cursor { next: &'p str, param: &'p str },
    Page { param: &'p str, first: u64 },
    Offset { param: &'p str },
}

fn plan<'p>(list: &'p List, fallback: &'p Pagination) -> Result<Plan<'p>, ActionError> {
    let own_items = list.items;
    let max = |max: u32| i64::from(max).clamp(1, DEFAULT_PAGE_SIZE);
    let plan = match list.paging {
        Some(ListPaging::Link { size, max: m }) => Plan {
            style: Style::Link,
            items: "",
            size,
            max: max(m),
            total: None,
        },
        Some(ListPaging::Cursor {
            next,
            param,
            size,
            max: m,
        }) => Plan {
            style: Style::Cursor { next, param },
            items: "",
            size,
            max: max(m),
            total: None,
        },
        Some(ListPaging::Page {
            param,
            size,
            first,
            max: m,
            total,
            pages,
        }) => Plan {
            style: Style::Page { param, first },
            items: "",
            size,
            max: max(m),
            total: pages.map(Total::Pages).or(total.map(Total::Records)),
        },
        Some(ListPaging::Offset {
            param,
            size,
            max: m,
            total,
        }) => Plan {
            style: Style::Offset { param },
            items: "",
            size,
            max: max(m),
            total: total.map(Total::Records),
        },
        Some(ListPaging::Unpaged) => {
            return Err(ActionError::generic(
                "a list with `paging = none` is served by `fetch_all`",
            ));
        }
        None => match fallback {
            Pagination::None => {
                return Err(ActionError::generic(
                    "a declarative list handler needs the vendor's paging style: name it on the \
                     handler (`paging = cursor(..)`, `page(..)`, `offset(..)`, `link(..)` or \
                     `none`) or for every list with `IntegrationBuilder::list_pagination`",
                ));
            }
            Pagination::LinkHeader => Plan {
                style: Style::Link,
                items: "",
                size: Some("limit"),
                max: DEFAULT_PAGE_SIZE,
                total: None,
            },
            Pagination::BodyCursor {
                items,
                cursor,
                param,
            } => Plan {
                style: Style::Cursor {
                    next: cursor,
                    param,
                },
                items,
                size: Some("limit"),
                max: DEFAULT_PAGE_SIZE,
                total: None,
            },
            Pagination::OffsetLimit {
                items,
                offset_param,
                limit_param,
            } => Plan {
                style: Style::Offset {
                    param: offset_param,
                },
                items,
                size: Some(limit_param),
                max: DEFAULT_PAGE_SIZE,
                total: None,
            },
            Pagination::PageNumber {
                items,
                page_param,
                size_param,
                first_page,
            } => Plan {
                style: Style::Page {
                    param: page_param,
                    first: *first_page,
                },
                items,
                size: Some(size_param),
                max: DEFAULT_PAGE_SIZE,
                total: None,
            },
        },
    };
    Ok(Plan {
        items: own_items.unwrap_or(plan.items),
        ..plan
    })
}

/// Calls `GET path` for the page Okta asks for, maps each item, and returns the vendor's next
/// page as the opaque `nextCursor`.
pub fn fetch_page<'a, C, V, F>(
    ctx: &'a ActionContext,
    list: List,
    input: C::Input,
    map: F,
) -> BoxFuture<'a, Result<C::Output, ActionError>>
where
    C: ListContract,
    <C as Contract>::Input: Send,
    V: DeserializeOwned + Send + 'a,
    F: Fn(V) -> Result<C::Item, ActionError> + Send + 'a,
{
    Box::pin(async move {
        let page = C::pagination(&input).cloned().unwrap_or_default();
        let url = bind_path(list.path, &to_value(&input)?)?;
        let plan = plan(&list, ctx.list_pagination())?;
        let asked = page
            .limit
            .unwrap_or(DEFAULT_PAGE_SIZE)
            .clamp(1, DEFAULT_PAGE_SIZE);
        // Without a page-size parameter the vendor's own (its maximum) decides a full page.
        let size = match plan.size {
            Some(_) => asked.min(plan.max),
            None => plan.max,
        };
        let cursor = page.cursor.as_deref().filter(|c| !c.is_empty());
        let position = Position::of(plan.style, cursor)?;
        let vendor = ctx.vendor()?;
        let request = match (plan.style, cursor) {
            // A Link cursor is the vendor's own next URL; only its path is sent back.
            (Style::Link, Some(next)) => vendor.get(
                next.strip_prefix(vendor.base_url().trim_end_matches('/'))
                    .unwrap_or(next),
            ),
            (style, cursor) => {
                let mut request = vendor.get(&url);
                if let Some(param) = plan.size {
                    request = request.query(param, &size.to_string());
                }
                match (style, cursor) {
                    (Style::Cursor { param, .. }, Some(c)) => request.query(param, c),
                    (Style::Offset { param } | Style::Page { param, .. }, _) => {
                        request.query(param, &position.at.to_string())
                    }
                    _ => request,
                }
            }
        };
        let cursor_at = match plan.style {
            Style::Cursor { next, .. } => Some(next),
            _ => None,
        };
        let no_array = |status: u16| {
            ActionError::generic(format!(
                "the vendor's list response has no array at `{}`",
                plan.items
            ))
            .with_http_status(status)
        };
        let mismatch = |e: serde_json::Error| {
            ActionError::generic(format!(
                "the vendor's list item does not match the mapping's type: {e}"
            ))
        };
        let (records, total, next_link, next_cursor, print) = match plan.total {
            // The records straight from the bytes into the vendor's type.
            None => {
                let answer = request
                    .send_page::<V>(plan.items, cursor_at)
                    .await
                    .map_err(list.errors)?;
                let page = match answer.page {
                    Ok(Some(page)) => page,
                    Err(e) if e.is_data() => return Err(mismatch(e)),
                    Ok(None) | Err(_) => return Err(no_array(answer.status)),
                };
                let print = answer.fingerprint;
                (page.records, None, answer.next_link, page.cursor, print)
            }
            // A total beside the records: a second location the one-pass parser does not
            // follow, so the page goes through a `Value`.
            Some(total_at) => {
                let mut response = request
                    .send()
                    .await
                    .map_err(list.errors)?
                    .error_for_status()
                    .map_err(list.errors)?;
                let next_link = next_link_in(
                    response
                        .headers
                        .iter()
                        .filter(|(name, _)| name.eq_ignore_ascii_case("link"))
                        .map(|(_, value)| value.as_str()),
                );
                let total = locate(&response.body, total_at.location())
                    .and_then(Value::as_i64)
                    .map(|n| (total_at, n));
                let next_cursor = cursor_at.and_then(|at| cursor_text(locate(&response.body, at)));
                // Moved out of the body, not cloned: a deep copy of every record of the page.
                let Some(items) = take_items(&mut response.body, plan.items) else {
                    return Err(no_array(response.status));
                };
                // Records differ from page to page, so the first one tells a repeated page.
                let print = fingerprint(&serde_json::to_vec(&items.first()).unwrap_or_default());
                let records = items
                    .into_iter()
                    .map(|item| serde_json::from_value::<V>(item).map_err(mismatch))
                    .collect::<Result<Vec<V>, _>>()?;
                (records, total, next_link, next_cursor, print)
            }
        };
        let next = match plan.style {
            Style::Link => next_link,
            Style::Cursor { .. } => next_cursor,
            Style::Offset { .. } | Style::Page { .. } => {
                position.next(plan.style, records.len(), size, total, print)?
            }
        };
        let mapped = records
            .into_iter()
            .map(&map)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(C::page(mapped, next))
    })
}

/// Where an offset or page-number list stands between Okta's calls, carried in the cursor this
/// SDK issues as `at.longest.seen.print`: the offset or page number to ask for, the longest page
/// so far, the records read so far, and the fingerprint of the last page.
///
/// A page ends the list when it is empty, shorter than both the size asked and the longest page
/// before it, or when `total` is reached: a vendor that serves fewer records a page than asked
/// (below the declared `max`, or ignoring the size parameter) is still read to the end, at the
/// cost of one more call when the first page is short. A page like the one before is an error:
/// the vendor ignores the page or offset parameter, and would otherwise be read forever.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Position {
    at: i64,
    longest: i64,
    seen: i64,
    print: Option<u32>,
}

impl Position {
    /// The first page's position, or the one a cursor this SDK issued names. Every part is a
    /// `u32` in decimal digits: never negative, and small enough that the next cannot overflow.
    fn of(style: Style<'_>, cursor: Option<&str>) -> Result<Position, ActionError> {
        let first = match style {
            Style::Page { first, .. } => i64::try_from(first).unwrap_or(0),
            Style::Offset { .. } => 0,
            // The vendor's own cursor or link, passed on as it is.
            Style::Link | Style::Cursor { .. } => return Ok(Position::default()),
        };
        let Some(cursor) = cursor else {
            return Ok(Position {
                at: first,
                ..Position::default()
            });
        };
        let invalid = || {
            ActionError::generic("the pagination cursor was not issued by this integration")
                .with_code("invalid_cursor")
                .with_http_status(400)
        };
        let parts = cursor
            .split('.')
            .map(|part| match part.bytes().all(|b| b.is_ascii_digit()) {
                true => part.parse::<u32>().map_err(|_| invalid()),
                false => Err(invalid()),
            })
            .collect::<Result<Vec<u32>, _>>()?;
        let part = |i: usize| parts.get(i).copied().map(i64::from);
        let (Some(at), true) = (part(0), parts.len() <= 4) else {
            return Err(invalid());
        };
        Ok(Position {
            at,
            longest: part(1).unwrap_or(0),
            // An offset is the records read.
            seen: part(2).unwrap_or(if matches!(style, Style::Offset { .. }) {
                at
            } else {
                0
            }),
            print: parts.get(3).copied(),
        })
    }

    /// The cursor of the page after one of `count` records (fingerprint `print`), asked at
    /// `size`, or `None` at the end. On a page with records, a repeat of the page before, or a
    /// `total` (where the body said it, and what it said) below what was already read, is an
    /// error naming what to fix; an empty page simply ends the list.
    fn next(
        self,
        style: Style<'_>,
        count: usize,
        size: i64,
        total: Option<(Total<'_>, i64)>,
        print: u32,
    ) -> Result<Option<String>, ActionError> {
        if count == 0 {
            return Ok(None);
        }
        let param = match style {
            Style::Page { param, .. } | Style::Offset { param } => param,
            Style::Link | Style::Cursor { .. } => "",
        };
        if self.print == Some(print) {
            return Err(ActionError::generic(format!(
                "the vendor answered the same records as the page before: it ignores `{param}`"
            )));
        }
        let count = i64::try_from(count).unwrap_or(i64::MAX);
        let seen = self.seen.saturating_add(count);
        let (read, of) = match (total, style) {
            (Some((Total::Pages(_), _)), Style::Page { first, .. }) => (
                self.at - i64::try_from(first).unwrap_or(0) + 1,
                "pages (not of records)",
            ),
            _ => (seen, "records (not of pages)"),
        };
        if let Some((at, total)) = total
            && total < read
        {
            let (location, parameter) = (at.location(), at.parameter());
            return Err(ActionError::generic(format!(
                "the vendor's `{location}` is {total}, below the {read} already read: \
                 `{parameter}` names the number of all {of}"
            )));
        }
        let more =
            (count >= size || count >= self.longest) && total.is_none_or(|(_, total)| read < total);
        let at = match style {
            Style::Offset { .. } => seen,
            _ => self.at + 1,
        };
        let longest = self.longest.max(count);
        Ok(more.then(|| format!("{at}.{longest}.{seen}.{print}")))
    }
}

/// `paging = none`: calls `GET path` once, maps the whole answer to every record, and pages the
/// records for Okta in memory (the cursor is an offset this SDK issued).
pub fn fetch_all<'a, C, V, F>(
    ctx: &'a ActionContext,
    list: List,
    input: C::Input,
    map: F,
) -> BoxFuture<'a, Result<C::Output, ActionError>>
where
    C: ListContract,
    <C as Contract>::Input: Send,
    V: DeserializeOwned + Send + 'a,
    F: FnOnce(V) -> Result<Vec<C::Item>, ActionError> + Send + 'a,
{
    Box::pin(async move {
        let url = bind_path(list.path, &to_value(&input)?)?;
        let answer: V = ctx
            .vendor()?
            .get(&url)
            .send_json()
            .await
            .map_err(list.errors)?;
        crate::paging::page_in_memory::<C>(&input, map(answer)?)
    })
}

fn to_value<I: Serialize>(input: &I) -> Result<Value, ActionError> {
    serde_json::to_value(input)
        .map_err(|e| ActionError::generic(format!("the input could not be read: {e}")))
}

/// Replaces each `{field}` (or `{object.field}`) with the input's value, percent-encoded, in
/// the path and the query alike.
fn bind_path(template: &str, input: &Value) -> Result<String, ActionError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .unwrap_or(rest.len());
        out.push_str(&rest[..open]);
        let field = &rest[open + 1..close];
        let value = field
            .split('.')
            .try_fold(input, |v, key| v.get(key))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                ActionError::generic(format!(
                    "the input has no `{field}` to call the vendor with"
                ))
                .with_http_status(400)
            })?;
        out.extend(
            url::form_urlencoded::byte_serialize(value.as_bytes()).map(|s| s.replace('+', "%20")),
        );
        rest = &rest[(close + 1).min(rest.len())..];
    }
    out.push_str(rest);
    Ok(out)
}
