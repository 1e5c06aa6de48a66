//! Imports a whole list the way Okta does: page after page until `nextCursor` is absent, checking
//! that every page is contract-valid, within the limit, and that each record comes exactly once.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::caller::{CallError, OktaCaller};
use crate::report::model::{Check, Status};

/// The most pages an import follows before calling the paging endless.
const MAX_PAGES: usize = 10_000;

/// The outcome of one import.
pub(crate) struct Import {
    /// Every record, in order.
    pub(crate) records: Vec<Value>,
    /// The check describing the import.
    pub(crate) check: Check,
}

/// A list action to import.
pub(crate) struct ListCall<'a> {
    /// The action, e.g. `ListUsers`.
    pub(crate) action: &'a str,
    /// The output property with the page's items.
    pub(crate) items: &'a str,
    /// Input properties besides `pagination` (e.g. `groupId`).
    pub(crate) extra: Value,
    /// The field that identifies a record, e.g. `id`.
    pub(crate) key: &'a str,
    /// The page size asked for.
    pub(crate) limit: u64,
}

/// Pages through the list, reporting as check `id` in `group`.
pub(crate) async fn import(
    caller: &OktaCaller,
    id: String,
    group: &str,
    list: &ListCall<'_>,
) -> Import {
    let ListCall {
        action,
        items,
        extra,
        key,
        limit,
    } = list;
    let (action, items, key, limit) = (*action, *items, *key, *limit);
    let mut records = Vec::new();
    let mut seen = HashSet::new();
    let mut cursors = HashSet::new();
    let mut cursor: Option<String> = None;
    let fail = |reason: String, evidence: Vec<String>, records: Vec<Value>| {
        let mut check = Check::new(id.clone(), group, Status::Fail, reason).for_action(action);
        check.evidence = evidence;
        Import { records, check }
    };
    for page in 1..=MAX_PAGES {
        let mut input = extra.clone();
        input["pagination"] = match &cursor {
            Some(c) => json!({"cursor": c, "limit": limit}),
            None => json!({"limit": limit}),
        };
        let answer = match caller.call(action, &input).await {
            Ok(answer) => answer,
            Err(CallError::Transport(reason)) => return fail(reason, Vec::new(), records),
            Err(CallError::Contract { answer, violations }) => {
                let mut evidence = violations;
                evidence.push(format!("page {page}, request {}", answer.request_id));
                return fail(
                    format!("{action} page {page} breaks the contract"),
                    evidence,
                    records,
                );
            }
        };
        if !answer.succeeded() {
            return fail(
                format!("{action} page {page} failed"),
                vec![answer.describe_failure()],
                records,
            );
        }
        let page_items = answer.body[items].as_array().cloned().unwrap_or_default();
        if page_items.len() as u64 > limit {
            return fail(
                format!(
                    "{action} page {page} has {} records, more than the limit {limit}",
                    page_items.len()
                ),
                vec![format!("at `/{items}`: {} items", page_items.len())],
                records,
            );
        }
        for (index, record) in page_items.into_iter().enumerate() {
            if let Some(k) = record[key].as_str()
                && !seen.insert(k.to_owned())
            {
                return fail(
                    format!(
                        "{action} returned record `{k}` twice: paging must return each record exactly once"
                    ),
                    vec![format!(
                        "at `/{items}/{index}/{key}` on page {page} (request {})",
                        answer.request_id
                    )],
                    records,
                );
            }
            records.push(record);
        }
        let next = answer.body["pagination"]["nextCursor"]
            .as_str()
            .filter(|c| !c.is_empty())
            .map(str::to_owned);
        match next {
            None => {
                let check = Check::new(
                    id.clone(),
                    group,
                    Status::Pass,
                    format!(
                        "{action} returned {} records over {page} page(s), each exactly once",
                        records.len()
                    ),
                )
                .for_action(action)
                .with_evidence(format!("limit {limit}"));
                return Import { records, check };
            }
            Some(next) if !cursors.insert(next.clone()) => {
                return fail(
                    format!("{action} returned a cursor it had returned before: paging never ends"),
                    vec![format!(
                        "at `/pagination/nextCursor` on page {page} (request {})",
                        answer.request_id
                    )],
                    records,
                );
            }
            Some(next) => cursor = Some(next),
        }
    }
    fail(
        format!("{action} paging did not end within {MAX_PAGES} pages"),
        vec!["at `/pagination/nextCursor`".to_owned()],
        records,
    )
}
