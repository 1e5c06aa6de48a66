//! The calling tenant, read from the request headers and checked against the auth mapping
//! before any vendor connection is made.

use axum::http::HeaderMap;

use super::failure::Failure;
use crate::Integration;
use crate::auth::{CredentialMapping, TenantContext};

/// The tenant context of a request: every declared tenant variable must be present as its
/// `x-okta-tenant-<name>` header, and a credential must be present unless the mapping needs none.
pub(crate) fn tenant_context(
    integration: &Integration,
    headers: &HeaderMap,
) -> Result<TenantContext, Failure> {
    let tenant = TenantContext::from_headers(
        headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?))),
    );
    let Some(mapping) = integration.auth() else {
        return Ok(tenant);
    };
    if !matches!(mapping.credential(), CredentialMapping::None) && tenant.authorization().is_none()
    {
        return Err(Failure::unauthorized(
            "the request has no `Authorization` header: send the tenant's credential",
        ));
    }
    let missing: Vec<&str> = mapping
        .tenant_variables()
        .filter(|name| tenant.variable(name).is_none())
        .collect();
    if let Some(first) = missing.first() {
        let mut failure = Failure::bad_request(format!(
            "tenant variable `{first}` is missing: send it as header `x-okta-tenant-{first}`"
        ));
        for name in &missing {
            failure = failure.with_detail(format!("missing header `x-okta-tenant-{name}`"));
        }
        return Err(failure);
    }
    Ok(tenant)
}
