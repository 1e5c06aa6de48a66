//! The Acme integration: how Acme (the `acme-vendor` API) implements Okta's API Integration
//! Actions with okta-actions — Provisioning, Entitlement Management and Universal Logout, all 22
//! actions.
//!
//! Eighteen of the 22 handlers are *declarative*: the attribute names the Acme call (with its
//! paging, body and error mapping) and the function is a pure mapping. The other four make
//! several different calls, or none, and are `async fn`s.
//!
//! | OIN group | action | Acme call |
//! |---|---|---|
//! | User query | GetUserById *(declarative)* | `GET /users/{userId}` |
//! | | GetUserByUserName *(declarative)* | `GET /users/by-username/{userName}` |
//! | | ListUsers *(declarative)* | `GET /users?page_size=&cursor=` |
//! | User schema discovery | ListUserSchema *(declarative)* | `GET /custom-fields` + the built-in attributes |
//! | | ListUserSchemaPropertyValues *(declarative)* | `GET /custom-fields` (allowed values of `enum` fields) |
//! | User operations | CreateUser *(declarative)* | `POST /users` |
//! | | UpdateUser | `GET` + `PATCH /users/{id}`, then `POST …/enable` or `…/disable` if `active` changed |
//! | | UpdateUserPassword *(declarative)* | `PUT /users/{id}/password` |
//! | | ActivateUser, DeactivateUser *(declarative)* | `POST /users/{id}/enable`, `…/disable` |
//! | Group query | GetGroupById *(declarative)* | `GET /teams/{groupId}` |
//! | | ListGroups *(declarative)* | `GET /teams?page_size=&cursor=` |
//! | Group operations | ListGroupsByDisplayName *(declarative)* | `GET /teams?name=` |
//! | | CreateGroup, UpdateGroup, RemoveGroup *(declarative)* | `POST /teams`, `PATCH`, `DELETE /teams/{id}` |
//! | Group membership | ListGroupMembers *(declarative)* | `GET /teams/{id}/members` |
//! | | AddGroupMembers *(declarative)* | `POST /teams/{id}/members` (100 ids per call) |
//! | | RemoveGroupMembers *(declarative)* | `DELETE /teams/{id}/members/{userId}` each |
//! | Entitlements | ListEntitlementSchema | none: roles and licences |
//! | | ListEntitlementSchemaPropertyValues | `GET /roles`, then `GET /licenses` |
//! | Universal Logout | UniversalLogout | (`GET /users/by-username/…`) `POST /users/{id}/logout` |
//!
//! Mapping: Acme users are SCIM users (department, employee number and manager in the
//! enterprise extension; roles in `roles`, licences in `entitlements`; custom fields as extra
//! attributes under their Acme keys); teams are SCIM groups. Okta's opaque cursor is Acme's
//! `next_cursor`; Okta's `limit` (up to 200) becomes Acme's `page_size`, capped at Acme's
//! maximum of 100, so a page may be shorter than asked while `nextCursor` says more follow.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use serde_json::json;
//! let (integration, _vendor) = acme_integration::demo().await?;
//! let ctx = integration.context("req-1", &acme_integration::demo_tenant()).unwrap();
//! let out = integration
//!     .action("ListUsers")
//!     .unwrap()
//!     .invoke(ctx, json!({"pagination": {"limit": 2}}))
//!     .await;
//! assert_eq!(out.body["executionStatus"]["status"], "SUCCEEDED");
//! assert_eq!(out.body["resources"].as_array().unwrap().len(), 2);
//! # Ok(())
//! # }
//! ```

mod acme;
mod errors;
mod handlers;
mod mapping;

use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType, TenantContext};
use okta_actions::client::VendorConfig;
use okta_actions::server::scim::ScimConfig;
use okta_actions::{Integration, IntegrationBuilder};

pub use acme_vendor;

/// The integration's Acme user model and its SCIM mapping, public so that a hand-written route
/// (the adapter benchmark's baseline in `benchmarks/`) can do exactly what `GetUserById` and
/// `ListUsers` do.
pub use crate::acme::AcmeUser;
/// See [`AcmeUser`].
pub use crate::mapping::user_to_scim;

use crate::handlers::{groups, logout, schema, users};

/// The integration's name in the OIN catalogue.
pub const NAME: &str = "Acme";

/// The Acme API of a tenant, over the tenant variable `subdomain`.
pub const BASE_URL_TEMPLATE: &str = "https://api.acme.example/t/{app.subdomain}/v1";

/// Where `serve` mounts the SCIM 2.0 facade: Okta's SCIM client sends no custom headers, so
/// the tenant variable is a path segment (tenant `demo` at `/scim/v2/demo`).
pub const SCIM_BASE_PATH: &str = "/scim/v2/{subdomain}";

/// The SCIM 2.0 facade `serve` mounts at [`SCIM_BASE_PATH`]: Acme can delete users, so a SCIM
/// `DELETE /Users/{id}` deletes (RFC 7644 §3.6: the user answers `404` afterwards), while
/// Okta's deprovisioning (`active: false`) deactivates as always.
pub fn scim_config() -> ScimConfig {
    ScimConfig::new(SCIM_BASE_PATH).delete_users_with(users::delete_user)
}

/// The header Acme reads its API key from.
pub const API_KEY_HEADER: &str = "X-Api-Key";

/// How a tenant's connection reaches Acme: tenant variable `subdomain`, OIN auth type Custom,
/// the tenant's API key (sent by the thin flow as `Authorization: Bearer <key>`) forwarded in
/// `X-Api-Key` without the scheme word.
pub fn auth_mapping() -> AuthMapping {
    AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::Custom)
        .base_url(BASE_URL_TEMPLATE)
        .credential(CredentialMapping::ApiKeyHeader {
            header: API_KEY_HEADER.into(),
            scheme: None,
        })
        .build()
        .expect("the Acme auth mapping is well-formed (checked by the unit tests)")
}

/// The Acme integration, calling the production API. Use
/// [`Integration::with_vendor_base_url`] (or [`for_vendor`]) to call another instance.
pub fn integration() -> Integration {
    builder()
        .build()
        .expect("the Acme integration meets the OIN rules (checked at compile time)")
}

/// The Acme integration as declared, before [`IntegrationBuilder::build`]: what the command
/// line (`okta_actions::cli`) takes.
pub fn builder() -> IntegrationBuilder {
    actions()
        .auth(auth_mapping())
        // Okta's connection test (`_authping` → the adapter's `/authping`) asks Acme for
        // something cheap that only a valid API key may read.
        .authping("/custom-fields")
        // Okta also calls the standard Universal Logout endpoint (global token revocation) directly.
        .universal_logout_path("/global-token-revocation")
        // Each declarative list names Acme's paging itself (`paging = cursor(..)`).
        .vendor_config(
            VendorConfig::default()
                .with_user_agent(concat!("acme-integration/", env!("CARGO_PKG_VERSION"))),
        )
}

/// Acme's 22 handlers under its three capabilities (the OIN rules checked at compile time),
/// without how Acme is reached: [`builder`] adds the auth mapping, the connection test, the
/// Universal Logout path.
pub fn actions() -> IntegrationBuilder {
    okta_actions::integration! {
        name: NAME,
        capabilities: [Provisioning, Entitlements, UniversalLogout],
        actions: [
            users::get_user_by_id,
            users::get_user_by_user_name,
            users::list_users,
            users::create_user,
            users::update_user,
            users::update_user_password,
            users::activate_user,
            users::deactivate_user,
            schema::list_user_schema,
            schema::list_user_schema_property_values,
            groups::get_group_by_id,
            groups::list_groups,
            groups::list_groups_by_display_name,
            groups::create_group,
            groups::update_group,
            groups::remove_group,
            groups::list_group_members,
            groups::add_group_members,
            groups::remove_group_members,
            schema::list_entitlement_schema,
            schema::list_entitlement_schema_property_values,
            logout::universal_logout,
        ],
    }
}

/// The integration calling a running Acme vendor (a test or demo instance) instead of
/// production: `http://127.0.0.1:PORT/t/{app.subdomain}/v1`.
pub fn for_vendor(vendor: &acme_vendor::RunningVendor) -> Integration {
    integration().with_vendor_base_url(format!("{}/t/{{app.subdomain}}/v1", vendor.base_url()))
}

/// The embedded demo: the Acme demo vendor (tenant `demo`, 250 users, 12 teams) served on a
/// free port of 127.0.0.1, and the integration calling it. The vendor stops when the returned
/// handle is dropped.
///
/// # Errors
/// No local port could be bound.
pub async fn demo() -> std::io::Result<(Integration, acme_vendor::RunningVendor)> {
    let vendor = acme_vendor::AcmeVendor::demo().spawn("127.0.0.1:0").await?;
    Ok((for_vendor(&vendor), vendor))
}

/// What Okta's thin flow sends for the demo tenant: its API key as `Authorization: Bearer …`
/// and the tenant variable `subdomain` as `x-okta-tenant-subdomain`.
pub fn demo_tenant() -> TenantContext {
    TenantContext::from_headers([
        (
            "authorization",
            format!("Bearer {}", acme_vendor::DEMO_API_KEY).as_str(),
        ),
        ("x-okta-tenant-subdomain", acme_vendor::DEMO_TENANT),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_auth_mapping_and_integration_are_declared() {
        let mapping = auth_mapping();
        assert_eq!(
            mapping.tenant_variables().collect::<Vec<_>>(),
            ["subdomain"]
        );
        assert_eq!(mapping.auth_type(), OinAuthType::Custom);
        assert_eq!(mapping.base_url_template(), BASE_URL_TEMPLATE);
        let integration = integration();
        assert_eq!(integration.actions().len(), 22);
        assert_eq!(integration.name(), NAME);
    }
}
