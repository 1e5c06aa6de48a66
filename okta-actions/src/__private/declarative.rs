//! The runtime of declarative handlers: bind the path from the input, make the vendor call
//! through the tenant's client, page, map, and turn vendor faults into contract errors.

use futures::future::BoxFuture;
use okta_actions_contracts::{Contract, ListContract};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::vendor::pagination::{locate, next_link_in};
use crate::vendor::{Pagination, VendorResponse};
use crate::{ActionContext, ActionError};

/// The page size asked of the vendor when Okta names none (the Custom API Action's default).
const DEFAULT_PAGE_SIZE: i64 = 200;

/// Calls `GET path` (placeholders bound from the input) and maps the vendor's JSON.
pub fn fetch_one<'a, V, I, O>(
    ctx: &'a ActionContext,
    path: &'static str,
    input: I,
    map: impl Fn(V) -> O + Send + 'a,
) -> BoxFuture<'a, Result<O, ActionError>>
where
    V: DeserializeOwned + Send + 'a,
    I: Serialize + Send + 'a,
    O: Send + 'a,
{
    Box::pin(async move {
        let url = bind_path(path, &to_value(&input)?)?;
        let vendor: V = ctx.vendor()?.get(&url).send_json().await?;
        Ok(map(vendor))
    })
}

/// Calls `GET path` for the page Okta asks for, maps each item, and returns the vendor's next
/// page as the opaque `nextCursor`.
pub fn fetch_page<'a, C, V, F>(
    ctx: &'a ActionContext,
    path: &'static str,
    input: C::Input,
    map: F,
) -> BoxFuture<'a, Result<C::Output, ActionError>>
where
    C: ListContract,
    <C as Contract>::Input: Send,
    V: DeserializeOwned + Send + 'a,
    F: Fn(V) -> C::Item + Send + 'a,
{
    Box::pin(async move {
        let page = C::pagination(&input).cloned().unwrap_or_default();
        let size = page.limit.unwrap_or(DEFAULT_PAGE_SIZE).clamp(1, 200);
        let url = bind_path(path, &to_value(&input)?)?;
        let pagination = ctx.list_pagination();
        if *pagination == Pagination::None {
            return Err(ActionError::generic(
                "a declarative list handler needs the vendor's pagination style (ActionContext::with_list_pagination)",
            ));
        }
        let vendor = ctx.vendor()?;
        let request = match (pagination, page.cursor.as_deref()) {
            // A Link cursor is the vendor's own next URL; only its path is sent back.
            (Pagination::LinkHeader, Some(next)) => vendor.get(
                next.strip_prefix(vendor.base_url().trim_end_matches('/'))
                    .unwrap_or(next),
            ),
            (_, cursor) => {
                let request = vendor
                    .get(&url)
                    .query(pagination_limit_param(pagination), &size.to_string());
                match (pagination, cursor) {
                    (Pagination::BodyCursor { param, .. }, Some(c)) => request.query(param, c),
                    (Pagination::OffsetLimit { offset_param, .. }, c) => {
                        request.query(offset_param, c.unwrap_or("0"))
                    }
                    (
                        Pagination::PageNumber {
                            page_param,
                            first_page,
                            ..
                        },
                        c,
                    ) => {
                        request.query(page_param, &c.map_or(first_page.to_string(), str::to_owned))
                    }
                    _ => request,
                }
            }
        };
        let response = request.send().await?.error_for_status()?;
        let next = next_cursor(pagination, &response, page.cursor.as_deref(), size);
        let items = page_items(pagination, response)?;
        let count = items.len() as i64;
        let mapped = items
            .into_iter()
            .map(|item| serde_json::from_value::<V>(item).map(&map))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| {
                ActionError::generic(format!(
                    "the vendor's list item does not match the mapping's type: {e}"
                ))
            })?;
        // Offset and page-number styles end on a short page.
        let next = next.filter(|_| {
            count == size
                || matches!(
                    pagination,
                    Pagination::BodyCursor { .. } | Pagination::LinkHeader
                )
        });
        Ok(C::page(mapped, next))
    })
}

fn pagination_limit_param(pagination: &Pagination) -> &str {
    match pagination {
        Pagination::OffsetLimit { limit_param, .. } => limit_param,
        _ => "limit",
    }
}

fn next_cursor(
    pagination: &Pagination,
    response: &VendorResponse,
    cursor: Option<&str>,
    size: i64,
) -> Option<String> {
    match pagination {
        Pagination::LinkHeader => next_link_in(
            response
                .headers
                .iter()
                .filter(|(name, _)| name.eq_ignore_ascii_case("link"))
                .map(|(_, value)| value.as_str()),
        ),
        Pagination::BodyCursor { cursor, .. } => match locate(&response.body, cursor)? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        },
        Pagination::OffsetLimit { .. } => {
            let offset: i64 = cursor.and_then(|c| c.parse().ok()).unwrap_or(0);
            Some((offset + size).to_string())
        }
        Pagination::PageNumber { first_page, .. } => {
            let current: u64 = cursor.and_then(|c| c.parse().ok()).unwrap_or(*first_page);
            Some((current + 1).to_string())
        }
        Pagination::None => None,
    }
}

fn page_items(
    pagination: &Pagination,
    response: VendorResponse,
) -> Result<Vec<Value>, ActionError> {
    let location = match pagination {
        Pagination::BodyCursor { items, .. }
        | Pagination::OffsetLimit { items, .. }
        | Pagination::PageNumber { items, .. } => items.as_str(),
        Pagination::LinkHeader | Pagination::None => "",
    };
    match locate(&response.body, location) {
        Some(Value::Array(items)) => Ok(items.clone()),
        _ => Err(ActionError::generic(format!(
            "the vendor's list response has no array at `{location}`"
        ))
        .with_http_status(response.status)),
    }
}

fn to_value<I: Serialize>(input: &I) -> Result<Value, ActionError> {
    serde_json::to_value(input)
        .map_err(|e| ActionError::generic(format!("the input could not be read: {e}")))
}

/// Replaces each `{field}` (or `{object.field}`) with the input's value, percent-encoded.
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
