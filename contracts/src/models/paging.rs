//! Cursor paging on the list actions (`schemas/common/pagination-*.json`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The page Okta asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PaginationRequest {
    /// The `nextCursor` of the previous page; absent for the first page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// The largest number of items to return.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}

/// Where the next page starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaginationResponse {
    /// The cursor of the next page; absent or empty on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl PaginationResponse {
    /// Paging that continues at `cursor`, or ends when it is `None`.
    ///
    /// ```
    /// use okta_actions_contracts::PaginationResponse;
    /// assert!(PaginationResponse::next(None).is_last());
    /// assert!(!PaginationResponse::next(Some("c2".into())).is_last());
    /// ```
    pub fn next(cursor: Option<String>) -> Self {
        PaginationResponse {
            next_cursor: cursor,
        }
    }

    /// Whether this is the last page: the cursor is absent or empty.
    pub fn is_last(&self) -> bool {
        self.next_cursor.as_deref().is_none_or(str::is_empty)
    }
}
