//! Connecting to an Okta org as a service app (OAuth 2.0 client credentials with
//! `private_key_jwt`, the only client authentication Okta allows service apps), or with a legacy
//! `SSWS` API token, and knowing which scopes the connection holds.

use std::collections::BTreeSet;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use okta_actions::auth::{
    AuthConfigError, AuthMapping, ClientAuthMethod, CredentialMapping, OinAuthType, TenantContext,
};
use okta_actions::client::{VendorClient, VendorConnector};
use okta_actions::contracts::Secret;

use crate::flows::{Flow, FlowError};
use crate::okta_server::TOKEN_PATH;

/// An Okta org URL template for OIN: the tenant variable `subdomain` names the org.
pub const OKTA_ORG_TEMPLATE: &str = "https://{app.subdomain}.okta.com";

/// The auth mapping of a service app connection: base URL `org_url` (a URL, or a template over
/// the tenant variable `subdomain` such as [`OKTA_ORG_TEMPLATE`]), token endpoint
/// `<org_url>/oauth2/v1/token`, client authentication `private_key_jwt`, and the scopes to
/// request.
///
/// Okta issues a client-credentials token only if every requested scope was granted to the
/// app (else `invalid_scope`), so once connected, the requested scopes are the granted ones.
pub fn service_app_mapping(org_url: &str, scopes: &[&str]) -> Result<AuthMapping, AuthConfigError> {
    let org_url = org_url.trim_end_matches('/');
    AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::OAuth2ClientCredentials)
        .base_url(org_url)
        .credential(CredentialMapping::ClientCredentials {
            token_url: format!("{org_url}{TOKEN_PATH}"),
            method: ClientAuthMethod::PrivateKeyJwt,
            scopes: scopes.iter().map(|scope| (*scope).to_owned()).collect(),
        })
        .build()
}

/// The auth mapping of a legacy API token connection: `Authorization: SSWS <token>`.
pub fn api_token_mapping(org_url: &str) -> Result<AuthMapping, AuthConfigError> {
    AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::Custom)
        .base_url(org_url.trim_end_matches('/'))
        .credential(CredentialMapping::ApiKeyHeader {
            header: "Authorization".to_owned(),
            scheme: Some("SSWS".to_owned()),
        })
        .build()
}

/// The tenant of a service app connection: the SDK takes the client id and the PEM private key
/// as `Basic base64(client_id:pem)`, and `subdomain` for org URL templates.
pub fn service_app_tenant(
    client_id: &str,
    private_key_pem: &str,
    subdomain: &str,
) -> TenantContext {
    let credential = format!(
        "Basic {}",
        STANDARD.encode(format!("{client_id}:{private_key_pem}"))
    );
    TenantContext::new(
        [("subdomain".to_owned(), subdomain.to_owned())],
        Some(Secret::new(credential)),
    )
}

/// The tenant of an API token connection.
pub fn api_token_tenant(token: &str, subdomain: &str) -> TenantContext {
    TenantContext::new(
        [("subdomain".to_owned(), subdomain.to_owned())],
        Some(Secret::new(format!("SSWS {token}"))),
    )
}

/// What a connection may do.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Grant {
    /// OAuth 2.0 scopes.
    Scopes(BTreeSet<String>),
    /// An API token: its admin's permissions, no scopes to check.
    ApiToken,
}

/// A tenant-bound Okta client plus the OAuth scopes it was granted. Every flow checks its
/// declared scopes against them before it sends anything.
#[derive(Clone)]
pub struct OktaConnection {
    client: VendorClient,
    grant: Grant,
}

impl fmt::Debug for OktaConnection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OktaConnection")
            .field("client", &self.client)
            .field("grant", &self.grant)
            .finish()
    }
}

impl OktaConnection {
    /// Binds `connector` to `tenant`. The granted scopes are the mapping's requested scopes
    /// (client credentials or refresh token); an `SSWS` API-token mapping has no scopes and is
    /// not scope-checked; any other mapping holds no scopes. Nothing is sent yet: the token is
    /// fetched on the first request.
    pub fn connect(connector: &VendorConnector, tenant: &TenantContext) -> Result<Self, FlowError> {
        let client = connector
            .connect(tenant)
            .map_err(|err| FlowError::Connect(Box::new(err)))?;
        let grant = match connector.mapping().credential() {
            CredentialMapping::ClientCredentials { scopes, .. }
            | CredentialMapping::RefreshToken { scopes, .. } => {
                Grant::Scopes(scopes.iter().cloned().collect())
            }
            CredentialMapping::ApiKeyHeader {
                scheme: Some(scheme),
                ..
            } if scheme.eq_ignore_ascii_case("SSWS") => Grant::ApiToken,
            _ => Grant::Scopes(BTreeSet::new()),
        };
        Ok(OktaConnection { client, grant })
    }

    /// A connection over `client` known to hold `scopes` (for a client built elsewhere).
    pub fn with_scopes<S: Into<String>>(
        client: VendorClient,
        scopes: impl IntoIterator<Item = S>,
    ) -> Self {
        OktaConnection {
            client,
            grant: Grant::Scopes(scopes.into_iter().map(Into::into).collect()),
        }
    }

    /// The vendor client (for Custom API Action calls the flows do not cover).
    pub fn client(&self) -> &VendorClient {
        &self.client
    }

    /// The granted scopes, sorted; `None` for an API token connection.
    pub fn granted_scopes(&self) -> Option<Vec<&str>> {
        match &self.grant {
            Grant::Scopes(scopes) => Some(scopes.iter().map(String::as_str).collect()),
            Grant::ApiToken => None,
        }
    }

    /// Checks, before any request, that the connection holds every scope `flow` declares;
    /// the error names each missing scope.
    pub fn authorize(&self, flow: &Flow) -> Result<(), FlowError> {
        let Grant::Scopes(granted) = &self.grant else {
            return Ok(());
        };
        let missing: Vec<&'static str> = flow
            .scopes
            .iter()
            .copied()
            .filter(|scope| !granted.contains(*scope))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(FlowError::MissingScopes {
                flow: flow.name,
                missing,
                granted: granted.iter().cloned().collect(),
            })
        }
    }
}
