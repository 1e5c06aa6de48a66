//! Tenant variables (declared names) and the per-call tenant context Okta sends.

use std::collections::BTreeMap;
use std::fmt;

use okta_actions_contracts::Secret;

use super::mapping::AuthConfigError;

/// The prefix of the headers that carry tenant variables: `x-okta-tenant-<name>`.
pub const TENANT_HEADER_PREFIX: &str = "x-okta-tenant-";

/// The name of one tenant variable, validated: lowercase ASCII letters, digits and underscores,
/// starting with a letter (OIN's rule). Used in templates as `app.<name>`.
///
/// ```
/// use okta_actions::auth::TenantVariable;
/// assert_eq!(TenantVariable::new("subdomain").unwrap().header_name(), "x-okta-tenant-subdomain");
/// assert!(TenantVariable::new("Sub-Domain").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TenantVariable(String);

impl TenantVariable {
    /// Validates a tenant variable name.
    pub fn new(name: impl Into<String>) -> Result<Self, AuthConfigError> {
        let name = name.into();
        let mut chars = name.chars();
        let valid = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if valid {
            Ok(TenantVariable(name))
        } else {
            Err(AuthConfigError::InvalidVariableName { name })
        }
    }

    /// The variable's name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The header Okta sends the variable's value in: `x-okta-tenant-<name>`.
    pub fn header_name(&self) -> String {
        format!("{TENANT_HEADER_PREFIX}{}", self.0)
    }
}

impl fmt::Display for TenantVariable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What Okta sends for one tenant on one call: the tenant variables (from the
/// `x-okta-tenant-<name>` headers) and the raw `Authorization` header value (for example
/// `Bearer abc` or `Basic …`). `Debug` shows the variables but never the credential.
///
/// ```
/// use okta_actions::auth::TenantContext;
/// use okta_actions::contracts::Secret;
/// let tenant = TenantContext::new(
///     [("subdomain".to_owned(), "acme".to_owned())],
///     Some(Secret::new("Bearer s3cr3t")),
/// );
/// assert_eq!(tenant.variable("subdomain"), Some("acme"));
/// assert!(!format!("{tenant:?}").contains("s3cr3t"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct TenantContext {
    variables: BTreeMap<String, String>,
    authorization: Option<Secret>,
}

impl TenantContext {
    /// A context from variable name/value pairs and the `Authorization` header value.
    pub fn new(
        variables: impl IntoIterator<Item = (String, String)>,
        authorization: Option<Secret>,
    ) -> Self {
        TenantContext {
            variables: variables.into_iter().collect(),
            authorization,
        }
    }

    /// A context from request headers: every `x-okta-tenant-<name>` header becomes variable
    /// `<name>` (header names compare case-insensitively) and `Authorization` the credential.
    /// Other headers are ignored.
    ///
    /// ```
    /// use okta_actions::auth::TenantContext;
    /// let tenant = TenantContext::from_headers([
    ///     ("X-Okta-Tenant-Subdomain", "acme"),
    ///     ("Authorization", "Bearer t"),
    ///     ("Accept", "application/json"),
    /// ]);
    /// assert_eq!(tenant.variable("subdomain"), Some("acme"));
    /// assert!(tenant.authorization().is_some());
    /// ```
    pub fn from_headers<K: AsRef<str>, V: AsRef<str>>(
        headers: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let mut context = TenantContext::default();
        for (name, value) in headers {
            let name = name.as_ref().to_ascii_lowercase();
            if name == "authorization" {
                context.authorization = Some(Secret::new(value.as_ref()));
            } else if let Some(variable) = name.strip_prefix(TENANT_HEADER_PREFIX) {
                context
                    .variables
                    .insert(variable.to_owned(), value.as_ref().to_owned());
            }
        }
        context
    }

    /// The value of one tenant variable.
    pub fn variable(&self, name: &str) -> Option<&str> {
        self.variables.get(name).map(String::as_str)
    }

    /// Every tenant variable, by name.
    pub fn variables(&self) -> &BTreeMap<String, String> {
        &self.variables
    }

    /// The raw `Authorization` header value, if Okta sent one.
    pub fn authorization(&self) -> Option<&Secret> {
        self.authorization.as_ref()
    }
}
