//! SCIM index paging (`startIndex`, `count`) over the contracts' cursor paging.
//!
//! The contracts page with opaque cursors and give no total. To serve `startIndex=s&count=c`
//! the facade walks the list from the nearest known position: the start, or a cursor the
//! [`ScimCursorStore`](super::ScimCursorStore) remembered at an earlier offset for the same
//! tenant, credential and resource (Okta imports page by page, so each page resumes where the
//! previous one ended). Cursors are assumed to mark positions independent of the page size.
//! One request makes at most [`ScimConfig::max_pages`](super::ScimConfig::max_pages) contract
//! calls.
//!
//! `totalResults` is exact: after the page the walk goes on to the end of the list, counting
//! (and remembering the cursors it passes, which later pages resume from). With
//! [`ScimConfig::exact_totals`](super::ScimConfig::exact_totals) off, or when the end lies
//! beyond the call budget, the walk stops after the page and the total is a lower bound, the
//! resources seen so far plus one, so that a client paging "while the total lies beyond this
//! page" (Okta's rule) still asks for the next page.

use std::collections::HashSet;

use okta_actions_contracts::{ListContract, PaginationRequest};

use super::context::Scim;
use super::cursors::CursorList;
use super::error::ScimError;

/// One page of resources and the total.
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

impl ListKind {
    fn key(self, scim: &Scim) -> CursorList {
        let resource = match self {
            ListKind::Users => "Users",
            ListKind::Groups => "Groups",
        };
        CursorList::new(scim.tenant_key, resource)
    }
}

/// Serves `count` items from `offset` (0-based) of the list action `C`; `input` builds the
/// contract input for one page request. `list` names the list for the cursor store (`None`
/// for filtered lists, which are not remembered). A remembered cursor the handler no longer
/// accepts is ignored and the walk restarts from the beginning.
pub(crate) async fn page<C: ListContract>(
    scim: &Scim,
    list: Option<ListKind>,
    offset: usize,
    count: usize,
    what: &str,
    input: impl Fn(PaginationRequest) -> C::Input,
) -> Result<Page<C::Item>, ScimError> {
    let key = list.map(|list| list.key(scim));
    let cached = match &key {
        Some(key) => scim.state.cursors.get(key, offset).await,
        None => None,
    };
    let walk = Walk {
        scim,
        key: key.as_ref(),
        offset,
        count,
        exact: scim.state.config.exact_totals,
        what,
    };
    if let Some((position, cursor)) = cached {
        match walk.run::<C>(position, Some(cursor), &input).await {
            Err(error) if error.status().as_u16() != 401 => {
                tracing::info!(request_id = %scim.request_id, "a remembered cursor failed; walking from the start");
            }
            answer => return answer,
        }
    }
    walk.run::<C>(0, None, &input).await
}

/// One walk along a list: which items to keep and whether to count to the end.
struct Walk<'a> {
    scim: &'a Scim,
    key: Option<&'a CursorList>,
    offset: usize,
    count: usize,
    exact: bool,
    what: &'a str,
}

impl Walk<'_> {
    /// Walks from `position` (where `cursor` starts) until the page is complete and, when
    /// counting exactly, to the end of the list.
    async fn run<C: ListContract>(
        &self,
        mut position: usize,
        mut cursor: Option<String>,
        input: &impl Fn(PaginationRequest) -> C::Input,
    ) -> Result<Page<C::Item>, ScimError> {
        let scim = self.scim;
        let config = &scim.state.config;
        let mut seen: HashSet<String> = cursor.iter().cloned().collect();
        let mut items = Vec::new();
        let end = self.offset.saturating_add(self.count);
        for _ in 0..config.max_pages {
            let request = PaginationRequest {
                cursor: cursor.clone(),
                limit: Some(i64::try_from(config.page_size).unwrap_or(i64::MAX)),
            };
            let (page, next) = C::into_page(scim.call::<C>(input(request), self.what).await?);
            let len = page.len();
            items.extend(
                page.into_iter()
                    .enumerate()
                    .filter(|(i, _)| (self.offset..end).contains(&(position + i)))
                    .map(|(_, item)| item),
            );
            position += len;
            let Some(next) = next.filter(|next| !next.is_empty()) else {
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
            if let Some(key) = self.key {
                scim.state
                    .cursors
                    .put(key, position, next.clone(), config.cursor_ttl)
                    .await;
            }
            cursor = Some(next);
            if position >= end && !self.exact {
                return Ok(Page {
                    items,
                    total: position + 1,
                });
            }
        }
        if position >= end {
            tracing::warn!(
                request_id = %scim.request_id,
                "counting {} needs more than {} list calls; totalResults is a lower bound",
                self.what,
                config.max_pages
            );
            return Ok(Page {
                items,
                total: position + 1,
            });
        }
        Err(ScimError::too_many(format!(
            "serving this request needs more than {} calls reading {}; use a smaller \
             startIndex or a narrower filter",
            config.max_pages, self.what
        )))
    }
}

/// Every item of the list action `C`, at most `max` of them (`400 tooMany` beyond).
pub(crate) async fn all<C: ListContract>(
    scim: &Scim,
    max: usize,
    what: &str,
    input: impl Fn(PaginationRequest) -> C::Input,
) -> Result<Vec<C::Item>, ScimError> {
    let walk = Walk {
        scim,
        key: None,
        offset: 0,
        count: max.saturating_add(1),
        exact: false,
        what,
    };
    let page = walk.run::<C>(0, None, &input).await?;
    if page.items.len() > max || page.total > max {
        return Err(ScimError::too_many(format!(
            "{what} has more than {max} entries, more than this service returns at once"
        )));
    }
    Ok(page.items)
}
