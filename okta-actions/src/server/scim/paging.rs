//! SCIM index paging (`startIndex`, `count`) over the contracts' cursor paging.
//!
//! The contracts page with opaque cursors and give no total. To serve `startIndex=s&count=c`
//! the facade walks the list from the nearest known position: the start, or a cursor it
//! remembered at an earlier offset for the same tenant, credential and resource (Okta imports
//! page by page, so each page resumes where the previous one ended). Cursors are assumed to
//! mark positions independent of the page size. One request makes at most
//! [`ScimConfig::max_pages`](super::ScimConfig::max_pages) contract calls.
//!
//! `totalResults`: when the walk reaches the end of the list, the exact number of resources;
//! otherwise a lower bound, the number of resources seen so far plus one, so that a client
//! that pages "while `startIndex + count - 1 < totalResults`" (as Okta does) asks for the next
//! page, and gets the exact total on the last one.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use okta_actions_contracts::{ListContract, PaginationRequest};

use super::context::Scim;
use super::error::ScimError;

/// One page of resources and what is known of the total.
#[derive(Debug)]
pub(crate) struct Page<T> {
    pub(crate) items: Vec<T>,
    pub(crate) total: usize,
}

/// Which list a cursor belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ListKind {
    Users,
    Groups,
}

type Key = (u64, ListKind, usize);

/// Cursors remembered at offsets, per tenant and list; bounded in size and age.
#[derive(Debug)]
pub(crate) struct CursorCache {
    entries: Mutex<HashMap<Key, (String, Instant)>>,
    capacity: usize,
    ttl: Duration,
}

impl CursorCache {
    pub(crate) fn new(capacity: usize, ttl: Duration) -> Self {
        CursorCache {
            entries: Mutex::new(HashMap::new()),
            capacity,
            ttl,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, (String, Instant)>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The cursor at the largest remembered offset not after `offset`.
    fn nearest(&self, tenant: u64, list: ListKind, offset: usize) -> Option<(usize, String)> {
        let now = Instant::now();
        self.lock()
            .iter()
            .filter(|((t, l, o), (_, at))| {
                *t == tenant && *l == list && *o <= offset && now.duration_since(*at) < self.ttl
            })
            .max_by_key(|((_, _, o), _)| *o)
            .map(|((_, _, o), (cursor, _))| (*o, cursor.clone()))
    }

    fn remember(&self, tenant: u64, list: ListKind, offset: usize, cursor: &str) {
        if self.capacity == 0 {
            return;
        }
        let now = Instant::now();
        let mut entries = self.lock();
        if entries.len() >= self.capacity {
            entries.retain(|_, (_, at)| now.duration_since(*at) < self.ttl);
        }
        if entries.len() >= self.capacity
            && let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, (_, at))| *at)
                .map(|(key, _)| *key)
        {
            entries.remove(&oldest);
        }
        entries.insert((tenant, list, offset), (cursor.to_owned(), now));
    }
}

/// Serves `count` items from `offset` (0-based) of the list action `C`; `input` builds the
/// contract input for one page request. `list` names the list for the cursor cache (`None`
/// for filtered lists, which are not cached). A remembered cursor the handler no longer
/// accepts is dropped and the walk restarts from the beginning.
pub(crate) async fn page<C: ListContract>(
    scim: &Scim,
    list: Option<ListKind>,
    offset: usize,
    count: usize,
    what: &str,
    input: impl Fn(PaginationRequest) -> C::Input,
) -> Result<Page<C::Item>, ScimError> {
    let cached = list.and_then(|list| scim.state.cursors.nearest(scim.tenant_key, list, offset));
    if let Some((position, cursor)) = cached {
        match walk::<C>(
            scim,
            list,
            position,
            Some(cursor),
            offset,
            count,
            what,
            &input,
        )
        .await
        {
            Err(error) if error.status().as_u16() != 401 => {
                tracing::info!(request_id = %scim.request_id, "a remembered cursor failed; walking from the start");
            }
            answer => return answer,
        }
    }
    walk::<C>(scim, list, 0, None, offset, count, what, &input).await
}

#[allow(clippy::too_many_arguments)]
async fn walk<C: ListContract>(
    scim: &Scim,
    list: Option<ListKind>,
    mut position: usize,
    mut cursor: Option<String>,
    offset: usize,
    count: usize,
    what: &str,
    input: &impl Fn(PaginationRequest) -> C::Input,
) -> Result<Page<C::Item>, ScimError> {
    let config = &scim.state.config;
    let mut seen: HashSet<String> = cursor.iter().cloned().collect();
    let mut items = Vec::new();
    let end = offset.saturating_add(count);
    for _ in 0..config.max_pages {
        let request = PaginationRequest {
            cursor: cursor.clone(),
            limit: Some(i64::try_from(config.page_size).unwrap_or(i64::MAX)),
        };
        let (page, next) = C::into_page(scim.call::<C>(input(request), what).await?);
        let len = page.len();
        items.extend(
            page.into_iter()
                .enumerate()
                .filter(|(i, _)| (offset..end).contains(&(position + i)))
                .map(|(_, item)| item),
        );
        position += len;
        let Some(next) = next else {
            return Ok(Page {
                items,
                total: position,
            });
        };
        if !seen.insert(next.clone()) {
            tracing::warn!(
                request_id = %scim.request_id,
                "the list handed back a cursor it had already given; treating the list as ended"
            );
            return Ok(Page {
                items,
                total: position,
            });
        }
        if let Some(list) = list {
            scim.state
                .cursors
                .remember(scim.tenant_key, list, position, &next);
        }
        cursor = Some(next);
        if position >= end {
            return Ok(Page {
                items,
                total: position + 1,
            });
        }
    }
    Err(ScimError::too_many(format!(
        "reaching this page needs more than {} list calls; use a smaller startIndex",
        config.max_pages
    )))
}

/// Every item of the list action `C`, at most `max` of them (`400 tooMany` beyond).
pub(crate) async fn all<C: ListContract>(
    scim: &Scim,
    max: usize,
    what: &str,
    input: impl Fn(PaginationRequest) -> C::Input,
) -> Result<Vec<C::Item>, ScimError> {
    let page = walk::<C>(scim, None, 0, None, 0, max.saturating_add(1), what, &input).await?;
    if page.items.len() > max || page.total > max {
        return Err(ScimError::too_many(format!(
            "{what} has more than {max} entries, more than this service returns at once"
        )));
    }
    Ok(page.items)
}
