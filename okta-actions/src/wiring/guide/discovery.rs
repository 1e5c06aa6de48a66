//! User schema discovery for the guide: the integration's own `ListUserSchema` and
//! `ListUserSchemaPropertyValues` handlers, called for one tenant as Okta would, page by page.

use std::collections::HashSet;
use std::fmt;

use okta_actions_contracts::{SchemaProperty, SchemaPropertyValue};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::Integration;
use crate::auth::TenantContext;

/// The action listing the user schema.
const LIST_USER_SCHEMA: &str = "ListUserSchema";
/// The action listing the allowed values of the user schema's properties.
const LIST_USER_SCHEMA_VALUES: &str = "ListUserSchemaPropertyValues";
/// The page size asked for: Okta's largest.
const PAGE_LIMIT: i64 = 200;
/// Pages read before discovery gives up on a list that never ends.
const MAX_PAGES: usize = 1000;

/// What user schema discovery returned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiscoveredSchema {
    /// The `schemaProperties` of every `ListUserSchema` page, in order.
    pub properties: Vec<SchemaProperty>,
    /// The `schemaPropertyValues` of every `ListUserSchemaPropertyValues` page, in order (empty
    /// when the integration does not implement that action).
    pub values: Vec<SchemaPropertyValue>,
}

/// Why user schema discovery failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveryError {
    action: &'static str,
    reason: String,
}

impl DiscoveryError {
    fn new(action: &'static str, reason: impl Into<String>) -> Self {
        DiscoveryError {
            action,
            reason: reason.into(),
        }
    }

    /// The action that failed.
    pub fn action(&self) -> &str {
        self.action
    }
}

impl fmt::Display for DiscoveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "user schema discovery: {}: {}", self.action, self.reason)
    }
}

impl std::error::Error for DiscoveryError {}

/// Runs the integration's `ListUserSchema` (and `ListUserSchemaPropertyValues`, when
/// registered) for `tenant`, following `pagination.nextCursor` until it is absent or empty.
///
/// # Errors
/// The integration does not implement `ListUserSchema`; the tenant cannot be connected; an
/// action answered FAILED, or with items that do not match the contract; a cursor repeated.
pub async fn discover_user_schema(
    integration: &Integration,
    tenant: &TenantContext,
) -> Result<DiscoveredSchema, DiscoveryError> {
    let properties = list_all(integration, tenant, LIST_USER_SCHEMA, "schemaProperties").await?;
    let values = if integration.action(LIST_USER_SCHEMA_VALUES).is_some() {
        list_all(
            integration,
            tenant,
            LIST_USER_SCHEMA_VALUES,
            "schemaPropertyValues",
        )
        .await?
    } else {
        Vec::new()
    };
    Ok(DiscoveredSchema { properties, values })
}

/// Every item of a list action, page by page.
async fn list_all<T: DeserializeOwned>(
    integration: &Integration,
    tenant: &TenantContext,
    ident: &'static str,
    items: &str,
) -> Result<Vec<T>, DiscoveryError> {
    let action = integration
        .action(ident)
        .ok_or_else(|| DiscoveryError::new(ident, "the integration does not implement it"))?;
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    let mut seen = HashSet::new();
    for page in 1..=MAX_PAGES {
        let ctx = integration
            .context(format!("docs-{ident}-{page}"), tenant)
            .map_err(|e| DiscoveryError::new(ident, e.to_string()))?;
        let mut pagination = json!({ "limit": PAGE_LIMIT });
        if let Some(cursor) = &cursor {
            pagination["cursor"] = json!(cursor);
        }
        let invocation = action
            .invoke(ctx, json!({ "pagination": pagination }))
            .await;
        if let Some(error) = invocation.error {
            return Err(DiscoveryError::new(ident, error.to_string()));
        }
        let mut body = invocation.body;
        let found = body.get_mut(items).map(Value::take).unwrap_or(json!([]));
        let found: Vec<T> = serde_json::from_value(found).map_err(|e| {
            DiscoveryError::new(ident, format!("`{items}` does not match the contract: {e}"))
        })?;
        all.extend(found);
        match body["pagination"]["nextCursor"]
            .as_str()
            .filter(|next| !next.is_empty())
        {
            None => return Ok(all),
            Some(next) if !seen.insert(next.to_owned()) => {
                return Err(DiscoveryError::new(
                    ident,
                    "`nextCursor` repeated an earlier cursor, so paging would never end",
                ));
            }
            Some(next) => cursor = Some(next.to_owned()),
        }
    }
    Err(DiscoveryError::new(
        ident,
        format!("still paging after {MAX_PAGES} pages"),
    ))
}
