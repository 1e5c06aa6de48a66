//! User schema discovery and entitlements: Acme's user attributes and custom fields, and its
//! roles and licences.

use okta_actions::contracts::{
    ListEntitlementSchemaInput, ListEntitlementSchemaOutput,
    ListEntitlementSchemaPropertyValuesInput, ListEntitlementSchemaPropertyValuesOutput,
    PaginationRequest, PaginationResponse, SchemaProperty, SchemaPropertyValue,
};
use okta_actions::{ActionContext, ActionError, entitlements_action};

use super::fetch_page;
use crate::acme::{AcmeCustomFields, AcmeGrant};
use crate::errors::bad_cursor;
use crate::mapping::{
    GrantCursor, LICENSE_TYPE, LICENSES_PROPERTY, ROLE_TYPE, ROLES_PROPERTY, base_user_properties,
    custom_field_to_property, custom_field_values, entitlement_properties, grant_to_value,
    local_page,
};

/// Acme's built-in user attributes and the tenant's custom fields (`GET /custom-fields`, one
/// answer), paged for Okta by the SDK.
#[entitlements_action(ListUserSchema, vendor = "GET /custom-fields", paging = none)]
pub(crate) fn list_user_schema(fields: AcmeCustomFields) -> Vec<SchemaProperty> {
    let mut properties = base_user_properties();
    properties.extend(fields.data.into_iter().map(custom_field_to_property));
    properties
}

/// The allowed values of the tenant's `enum` custom fields (`GET /custom-fields`), paged for
/// Okta by the SDK.
#[entitlements_action(ListUserSchemaPropertyValues, vendor = "GET /custom-fields", paging = none)]
pub(crate) fn list_user_schema_property_values(
    fields: AcmeCustomFields,
) -> Vec<SchemaPropertyValue> {
    custom_field_values(fields.data)
}

/// The two entitlements Acme grants: roles and licences. (They are fixed by the Acme API, so
/// no call is made; the `scim.entitlementTypes` Okta may send are not needed.)
#[entitlements_action(ListEntitlementSchema)]
pub(crate) async fn list_entitlement_schema(
    _ctx: &ActionContext,
    input: ListEntitlementSchemaInput,
) -> Result<ListEntitlementSchemaOutput, ActionError> {
    let (page, next) =
        local_page(entitlement_properties(), input.pagination.as_ref()).ok_or_else(bad_cursor)?;
    Ok(ListEntitlementSchemaOutput {
        schema_properties: page,
        pagination: Some(PaginationResponse::next(next)),
    })
}

/// Every grantable role (`GET /roles`), then every licence (`GET /licenses`), one Acme page
/// per Okta page; the cursor says which list and where in it.
#[entitlements_action(ListEntitlementSchemaPropertyValues)]
pub(crate) async fn list_entitlement_schema_property_values(
    ctx: &ActionContext,
    input: ListEntitlementSchemaPropertyValuesInput,
) -> Result<ListEntitlementSchemaPropertyValuesOutput, ActionError> {
    let requested = input.pagination.unwrap_or_default();
    let at = GrantCursor::parse(requested.cursor.as_deref().filter(|c| !c.is_empty()))
        .ok_or_else(bad_cursor)?;
    let (path, property, type_name, inner) = match &at {
        GrantCursor::Roles(inner) => ("/roles", ROLES_PROPERTY, ROLE_TYPE, inner),
        GrantCursor::Licenses(inner) => ("/licenses", LICENSES_PROPERTY, LICENSE_TYPE, inner),
    };
    let vendor_page = PaginationRequest {
        cursor: inner.clone(),
        limit: requested.limit,
    };
    let page = fetch_page::<AcmeGrant>(ctx, path, Some(&vendor_page), &[]).await?;
    let next = match (at, page.next_cursor) {
        (GrantCursor::Roles(_), Some(next)) => Some(GrantCursor::Roles(Some(next))),
        (GrantCursor::Roles(_), None) => Some(GrantCursor::Licenses(None)),
        (GrantCursor::Licenses(_), Some(next)) => Some(GrantCursor::Licenses(Some(next))),
        (GrantCursor::Licenses(_), None) => None,
    };
    Ok(ListEntitlementSchemaPropertyValuesOutput {
        schema_property_values: page
            .data
            .into_iter()
            .map(|grant| grant_to_value(grant, property, type_name))
            .collect(),
        pagination: Some(PaginationResponse::next(next.map(|n| n.encode()))),
    })
}
