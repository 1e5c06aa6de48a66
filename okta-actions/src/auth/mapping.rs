//! The declared auth mapping: tenant variables, OIN auth type, base-URL template, credential.

use std::fmt;

use okta_actions_contracts::Secret;

use super::template::UrlTemplate;
use super::tenant::TenantVariable;

/// OIN allows at most this many tenant variables per integration.
const MAX_TENANT_VARIABLES: usize = 8;

/// The OIN auth type of an integration (it cannot change after publication).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OinAuthType {
    /// HTTP Basic: `auth_user_name` and `auth_user_password`.
    Basic,
    /// Vendor-defined parameters, for example an API key header.
    Custom,
    /// OAuth 2.0 authorization code (client id and secret are the integration's).
    OAuth2AuthorizationCode,
    /// OAuth 2.0 client credentials. Offered by Integration Builder; whether OIN accepts it is
    /// undocumented, so validation reports flag it as a warning.
    OAuth2ClientCredentials,
}

impl OinAuthType {
    /// A stable name for messages and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            OinAuthType::Basic => "Basic",
            OinAuthType::Custom => "Custom",
            OinAuthType::OAuth2AuthorizationCode => "OAuth2AuthorizationCode",
            OinAuthType::OAuth2ClientCredentials => "OAuth2ClientCredentials",
        }
    }
}

/// How an OAuth 2.0 client authenticates at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientAuthMethod {
    /// `Authorization: Basic base64(client_id:client_secret)`.
    ClientSecretBasic,
    /// `client_id` and `client_secret` in the form body.
    ClientSecretPost,
    /// A signed JWT client assertion (RS256 for RSA keys, ES256 for P-256 keys): `iss` = `sub`
    /// = client id, `aud` = the token URL, a unique `jti`, a short `exp`. The "secret" is then
    /// the PEM private key.
    PrivateKeyJwt,
}

/// How the tenant's credential (the `Authorization` header Okta sends) is applied to vendor
/// calls.
///
/// Where a mapping takes "the key" or "the token" from the `Authorization` value, a leading
/// scheme word (`Bearer k`, `SSWS k`, `ApiKey k`) is dropped and the rest used; a value without
/// a space is used whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialMapping {
    /// The vendor needs no credential.
    None,
    /// The key goes into `header`, after `scheme` and a space when given (`SSWS <key>`).
    ApiKeyHeader {
        /// The header name, for example `X-Api-Key` or `Authorization`.
        header: String,
        /// An optional scheme written before the key, for example `SSWS`.
        scheme: Option<String>,
    },
    /// The key goes into the query parameter `param` of every request.
    ApiKeyQuery {
        /// The query parameter name, for example `api_key`.
        param: String,
    },
    /// The tenant sends `Basic base64(user:password)`; it is forwarded as is.
    Basic,
    /// The tenant sends a bearer token; it is forwarded as `Authorization: Bearer <token>`.
    Bearer,
    /// OAuth 2.0 client credentials. The tenant sends `Basic base64(client_id:secret)` where the
    /// secret is the client secret, or the PEM private key for [`ClientAuthMethod::PrivateKeyJwt`].
    /// Tokens are cached per tenant and credential and refreshed before expiry.
    ClientCredentials {
        /// The token endpoint; may use `{app.<name>}` placeholders like the base URL.
        token_url: String,
        /// How the client authenticates at the token endpoint.
        method: ClientAuthMethod,
        /// The scopes requested (sent space-separated; none sends no `scope`).
        scopes: Vec<String>,
    },
    /// OAuth 2.0 refresh-token grant with the integration's own client. The tenant sends its
    /// refresh token (`Bearer <refresh token>`); access tokens are cached per tenant and
    /// refreshed before expiry, and a rotated refresh token replaces the old one.
    RefreshToken {
        /// The token endpoint; may use `{app.<name>}` placeholders.
        token_url: String,
        /// The integration's OAuth client id.
        client_id: String,
        /// The client secret, or the PEM private key for [`ClientAuthMethod::PrivateKeyJwt`].
        client_secret: Secret,
        /// How the client authenticates at the token endpoint.
        method: ClientAuthMethod,
        /// The scopes requested.
        scopes: Vec<String>,
    },
}

impl CredentialMapping {
    /// A stable name for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            CredentialMapping::None => "None",
            CredentialMapping::ApiKeyHeader { .. } => "ApiKeyHeader",
            CredentialMapping::ApiKeyQuery { .. } => "ApiKeyQuery",
            CredentialMapping::Basic => "Basic",
            CredentialMapping::Bearer => "Bearer",
            CredentialMapping::ClientCredentials { .. } => "ClientCredentials",
            CredentialMapping::RefreshToken { .. } => "RefreshToken",
        }
    }

    /// Whether an integration of `auth_type` may apply its credential this way.
    fn fits(&self, auth_type: OinAuthType) -> bool {
        match auth_type {
            OinAuthType::Basic => matches!(self, CredentialMapping::Basic),
            OinAuthType::Custom => matches!(
                self,
                CredentialMapping::None
                    | CredentialMapping::ApiKeyHeader { .. }
                    | CredentialMapping::ApiKeyQuery { .. }
                    | CredentialMapping::Basic
                    | CredentialMapping::Bearer
            ),
            OinAuthType::OAuth2AuthorizationCode => matches!(
                self,
                CredentialMapping::Bearer | CredentialMapping::RefreshToken { .. }
            ),
            OinAuthType::OAuth2ClientCredentials => {
                matches!(self, CredentialMapping::ClientCredentials { .. })
            }
        }
    }
}

/// A mistake in a declared auth mapping, reported when the integration is declared.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthConfigError {
    /// More than eight tenant variables.
    TooManyVariables {
        /// How many were declared.
        count: usize,
    },
    /// A name that is not lowercase letters, digits and underscores starting with a letter.
    InvalidVariableName {
        /// The offending name.
        name: String,
    },
    /// The same variable declared twice.
    DuplicateVariable {
        /// The repeated name.
        name: String,
    },
    /// A template names a variable that was not declared.
    UndeclaredVariable {
        /// The undeclared name.
        name: String,
        /// The template naming it.
        template: String,
    },
    /// A template that does not parse or is not an absolute http(s) URL.
    MalformedTemplate {
        /// The template.
        template: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A required builder field was not set.
    Missing {
        /// The field: `auth_type`, `base_url` or `credential`.
        field: &'static str,
    },
    /// The credential mapping does not fit the OIN auth type.
    IncompatibleCredential {
        /// The declared auth type.
        auth_type: OinAuthType,
        /// The credential mapping's kind.
        credential: &'static str,
    },
    /// A header name, query parameter or scope that cannot be sent.
    InvalidCredentialMapping {
        /// What is wrong.
        reason: String,
    },
}

impl fmt::Display for AuthConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthConfigError::TooManyVariables { count } => write!(
                f,
                "{count} tenant variables declared; OIN allows at most {MAX_TENANT_VARIABLES}"
            ),
            AuthConfigError::InvalidVariableName { name } => write!(
                f,
                "tenant variable `{name}` is invalid: use lowercase letters, digits and \
                 underscores, starting with a letter"
            ),
            AuthConfigError::DuplicateVariable { name } => {
                write!(f, "tenant variable `{name}` is declared twice")
            }
            AuthConfigError::UndeclaredVariable { name, template } => write!(
                f,
                "template `{template}` uses `app.{name}`, but tenant variable `{name}` is not \
                 declared"
            ),
            AuthConfigError::MalformedTemplate { template, reason } => {
                write!(f, "template `{template}` is malformed: {reason}")
            }
            AuthConfigError::Missing { field } => {
                write!(f, "the auth mapping has no `{field}`")
            }
            AuthConfigError::IncompatibleCredential {
                auth_type,
                credential,
            } => write!(
                f,
                "credential mapping {credential} does not fit OIN auth type {}",
                auth_type.as_str()
            ),
            AuthConfigError::InvalidCredentialMapping { reason } => f.write_str(reason),
        }
    }
}

impl std::error::Error for AuthConfigError {}

/// An integration's auth mapping: tenant variables, OIN auth type, base-URL template and how the
/// tenant's credential is applied. Build it with [`AuthMapping::builder`].
#[derive(Debug, Clone)]
pub struct AuthMapping {
    variables: Vec<TenantVariable>,
    auth_type: OinAuthType,
    base_url: UrlTemplate,
    token_url: Option<UrlTemplate>,
    credential: CredentialMapping,
}

impl AuthMapping {
    /// Starts a declaration.
    pub fn builder() -> AuthMappingBuilder {
        AuthMappingBuilder::default()
    }

    /// The declared tenant variable names, in declaration order.
    pub fn tenant_variables(&self) -> impl Iterator<Item = &str> {
        self.variables.iter().map(TenantVariable::as_str)
    }

    /// The OIN auth type.
    pub fn auth_type(&self) -> OinAuthType {
        self.auth_type
    }

    /// The base-URL template as declared, e.g. `https://{app.subdomain}.acme.example/api`.
    pub fn base_url_template(&self) -> &str {
        self.base_url.as_str()
    }

    /// The base-URL template fit to print in reports, documents and logs: user information
    /// (`user:password@`) and query values other than `{app.<name>}` placeholders are replaced
    /// by `***`, so a secret mistakenly written into the template is not spread further.
    ///
    /// ```
    /// use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType};
    /// let mapping = AuthMapping::builder()
    ///     .tenant_variable("subdomain")
    ///     .auth_type(OinAuthType::Custom)
    ///     .base_url("https://{app.subdomain}.acme.example/api?api_key=abc123&org={app.subdomain}")
    ///     .credential(CredentialMapping::Bearer)
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(
    ///     mapping.base_url_display(),
    ///     "https://{app.subdomain}.acme.example/api?api_key=***&org={app.subdomain}"
    /// );
    /// ```
    pub fn base_url_display(&self) -> String {
        redact_template(self.base_url.as_str())
    }

    /// How the tenant's credential is applied.
    pub fn credential(&self) -> &CredentialMapping {
        &self.credential
    }

    pub(crate) fn variables(&self) -> &[TenantVariable] {
        &self.variables
    }

    pub(crate) fn base_url(&self) -> &UrlTemplate {
        &self.base_url
    }

    pub(crate) fn token_url(&self) -> Option<&UrlTemplate> {
        self.token_url.as_ref()
    }
}

/// Builder of an [`AuthMapping`]; every rule is checked in [`AuthMappingBuilder::build`].
#[derive(Debug, Clone, Default)]
pub struct AuthMappingBuilder {
    variables: Vec<String>,
    auth_type: Option<OinAuthType>,
    base_url: Option<String>,
    credential: Option<CredentialMapping>,
}

impl AuthMappingBuilder {
    /// Declares a tenant variable (`app.<name>` in templates, header `x-okta-tenant-<name>`).
    pub fn tenant_variable(mut self, name: impl Into<String>) -> Self {
        self.variables.push(name.into());
        self
    }

    /// Sets the OIN auth type.
    pub fn auth_type(mut self, auth_type: OinAuthType) -> Self {
        self.auth_type = Some(auth_type);
        self
    }

    /// Sets the base-URL template, e.g. `https://{app.subdomain}.acme.example/api`.
    pub fn base_url(mut self, template: impl Into<String>) -> Self {
        self.base_url = Some(template.into());
        self
    }

    /// Sets how the tenant's credential is applied.
    pub fn credential(mut self, credential: CredentialMapping) -> Self {
        self.credential = Some(credential);
        self
    }

    /// Checks the declaration: at most eight valid, distinct variables; templates that parse
    /// and name only declared variables; a credential mapping that fits the auth type.
    pub fn build(self) -> Result<AuthMapping, AuthConfigError> {
        if self.variables.len() > MAX_TENANT_VARIABLES {
            return Err(AuthConfigError::TooManyVariables {
                count: self.variables.len(),
            });
        }
        let mut variables: Vec<TenantVariable> = Vec::with_capacity(self.variables.len());
        for name in self.variables {
            let variable = TenantVariable::new(name)?;
            if variables.contains(&variable) {
                return Err(AuthConfigError::DuplicateVariable {
                    name: variable.as_str().to_owned(),
                });
            }
            variables.push(variable);
        }
        let auth_type = self
            .auth_type
            .ok_or(AuthConfigError::Missing { field: "auth_type" })?;
        let base_url = self
            .base_url
            .ok_or(AuthConfigError::Missing { field: "base_url" })?;
        let base_url = UrlTemplate::parse(&base_url, &variables)?;
        let credential = self.credential.ok_or(AuthConfigError::Missing {
            field: "credential",
        })?;
        if !credential.fits(auth_type) {
            return Err(AuthConfigError::IncompatibleCredential {
                auth_type,
                credential: credential.kind(),
            });
        }
        let token_url = check_credential(&credential, &variables)?;
        Ok(AuthMapping {
            variables,
            auth_type,
            base_url,
            token_url,
            credential,
        })
    }
}

/// Checks the credential mapping's names and parses its token URL template, if any.
fn check_credential(
    credential: &CredentialMapping,
    variables: &[TenantVariable],
) -> Result<Option<UrlTemplate>, AuthConfigError> {
    let invalid = |reason: String| AuthConfigError::InvalidCredentialMapping { reason };
    match credential {
        CredentialMapping::None | CredentialMapping::Basic | CredentialMapping::Bearer => Ok(None),
        CredentialMapping::ApiKeyHeader { header, scheme } => {
            reqwest::header::HeaderName::from_bytes(header.as_bytes())
                .map_err(|_| invalid(format!("`{header}` is not a valid header name")))?;
            if let Some(scheme) = scheme {
                let token =
                    !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_graphic() && c != ',');
                if !token {
                    return Err(invalid(format!("`{scheme}` is not a valid auth scheme")));
                }
            }
            Ok(None)
        }
        CredentialMapping::ApiKeyQuery { param } => {
            if param.is_empty() || param.contains(['&', '=', '#', ' ']) {
                return Err(invalid(format!("`{param}` is not a valid query parameter")));
            }
            Ok(None)
        }
        CredentialMapping::ClientCredentials {
            token_url, scopes, ..
        } => {
            check_scopes(scopes)?;
            UrlTemplate::parse(token_url, variables).map(Some)
        }
        CredentialMapping::RefreshToken {
            token_url,
            client_id,
            scopes,
            ..
        } => {
            if client_id.is_empty() {
                return Err(invalid("the refresh-token client id is empty".to_owned()));
            }
            check_scopes(scopes)?;
            UrlTemplate::parse(token_url, variables).map(Some)
        }
    }
}

/// OAuth scopes are space-separated on the wire, so a scope cannot be empty or hold a space.
fn check_scopes(scopes: &[String]) -> Result<(), AuthConfigError> {
    match scopes
        .iter()
        .find(|scope| scope.is_empty() || scope.contains(char::is_whitespace))
    {
        Some(scope) => Err(AuthConfigError::InvalidCredentialMapping {
            reason: format!("scope `{scope}` is empty or contains whitespace"),
        }),
        None => Ok(()),
    }
}

/// `https://user:pw@host/p?k=v` → `https://***@host/p?k=***`; `{app.<name>}` query values stay.
fn redact_template(raw: &str) -> String {
    let (scheme, rest) = raw.split_once("://").unwrap_or(("", raw));
    let (before_query, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.find('/') {
        Some(at) => before_query.split_at(at),
        None => (before_query, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((_, host)) => format!("***@{host}"),
        None => authority.to_owned(),
    };
    let mut out = if scheme.is_empty() {
        format!("{authority}{path}")
    } else {
        format!("{scheme}://{authority}{path}")
    };
    if let Some(query) = query {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, value)) if value.starts_with("{app.") && value.ends_with('}') => {
                    format!("{key}={value}")
                }
                Some((key, _)) => format!("{key}=***"),
                None => pair.to_owned(),
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    out
}
