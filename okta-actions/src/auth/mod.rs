//! Auth mapping: how a tenant's inbound credential and tenant variables become a vendor
//! connection.
//!
//! An integration declares, once, its tenant variables (at most eight), its OIN auth type, the
//! vendor's base-URL template over `app.<name>` variables and how the tenant's credential is
//! applied to vendor calls ([`CredentialMapping`]). On every call Okta sends the tenant's
//! `Authorization` header and one `x-okta-tenant-<name>` header per variable: a
//! [`TenantContext`]. The vendor connector ([`crate::client::VendorConnector`]) combines both into
//! a tenant-bound client.
//!
//! ```
//! use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType};
//!
//! let mapping = AuthMapping::builder()
//!     .tenant_variable("subdomain")
//!     .auth_type(OinAuthType::Custom)
//!     .base_url("https://{app.subdomain}.acme.example/api")
//!     .credential(CredentialMapping::ApiKeyHeader { header: "X-Api-Key".into(), scheme: None })
//!     .build()
//!     .unwrap();
//! assert_eq!(mapping.tenant_variables().collect::<Vec<_>>(), ["subdomain"]);
//!
//! let err = AuthMapping::builder()
//!     .auth_type(OinAuthType::Custom)
//!     .base_url("https://{app.region}.acme.example")
//!     .credential(CredentialMapping::Bearer)
//!     .build()
//!     .unwrap_err();
//! assert!(err.to_string().contains("`region`"));
//! ```

mod mapping;
pub(crate) mod template;
mod tenant;

pub use mapping::{
    AuthConfigError, AuthMapping, AuthMappingBuilder, ClientAuthMethod, CredentialMapping,
    OinAuthType,
};
pub use tenant::{TENANT_HEADER_PREFIX, TenantContext, TenantVariable};
