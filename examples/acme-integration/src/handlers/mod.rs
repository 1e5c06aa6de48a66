//! The 22 action handlers, by OIN group.

pub(crate) mod groups;
pub(crate) mod logout;
pub(crate) mod schema;
pub(crate) mod users;

use okta_actions::contracts::PaginationRequest;
use okta_actions::{ActionContext, ActionError};
use serde::de::DeserializeOwned;

use crate::acme::AcmePage;
use crate::mapping::{cursor, page_size};

/// One page of an Acme list at `path`: Okta's `limit` becomes `page_size` (capped at Acme's
/// 100), Okta's cursor is Acme's `cursor`, and `filters` are extra query pairs.
async fn fetch_page<T: DeserializeOwned>(
    ctx: &ActionContext,
    path: &str,
    pagination: Option<&PaginationRequest>,
    filters: &[(&str, &str)],
) -> Result<AcmePage<T>, ActionError> {
    let mut request = ctx
        .vendor()?
        .get(path)
        .query("page_size", &page_size(pagination).to_string());
    if let Some(cursor) = cursor(pagination) {
        request = request.query("cursor", cursor);
    }
    for (key, value) in filters {
        request = request.query(key, value);
    }
    Ok(request.send_json().await?)
}
