//! Wiring the adapter into Okta: the OpenAPI document for Integration Builder's **API Spec** tab
//! ([`openapi::document`]), the step-by-step flow plan ([`plan::flow_plan`]) and the
//! customer-facing configuration guide OIN submission needs ([`guide::configuration_guide`]).
//!
//! Okta runs API Integration Actions as Workflows flows built in Integration Builder; it never
//! calls vendor code directly. With okta-actions each flow is one card that forwards the
//! action's `body` to the adapter's `POST /actions/{Ident}` with the tenant's connection and
//! returns the response unchanged. These two artefacts describe exactly that adapter, from the
//! integration's own declaration, so they cannot drift from the handlers.
//!
//! ```
//! use okta_actions::contracts::{UniversalLogoutInput, UniversalLogoutOutput, LogoutStatus};
//! use okta_actions::wiring::{WiringOptions, openapi, plan};
//! use okta_actions::{ActionContext, ActionError, universal_logout_action};
//!
//! /// Ends every session of the user.
//! #[universal_logout_action]
//! async fn logout(_: &ActionContext, _: UniversalLogoutInput) -> Result<UniversalLogoutOutput, ActionError> {
//!     Ok(UniversalLogoutOutput { logout_status: LogoutStatus::Success })
//! }
//!
//! let integration = okta_actions::integration! {
//!     name: "Acme",
//!     capabilities: [UniversalLogout],
//!     actions: [logout],
//! }
//! .build()
//! .unwrap();
//! let options = WiringOptions::new().server_url("https://okta-adapter.acme.example");
//! let spec = openapi::document(&integration, &options);
//! assert_eq!(spec["paths"]["/actions/UniversalLogout"]["post"]["operationId"], "UniversalLogout");
//! let plan = plan::flow_plan(&integration, &options);
//! assert!(plan.contains("https://okta-adapter.acme.example/actions/UniversalLogout"));
//! ```

mod credential;
pub mod guide;
mod oin;
pub mod openapi;
pub mod plan;
mod schema;

/// The adapter URL written when [`WiringOptions::server_url`] was not set: a placeholder to
/// replace before uploading the document.
pub const PLACEHOLDER_SERVER_URL: &str = "https://adapter.example.com";

/// Where and how the adapter is deployed: what both the OpenAPI document and the flow plan need
/// beyond the integration itself.
///
/// ```
/// use okta_actions::wiring::WiringOptions;
/// let options = WiringOptions::new()
///     .server_url("https://okta-adapter.acme.example/")
///     .universal_logout_path("global-token-revocation");
/// assert_eq!(options.adapter_url(), "https://okta-adapter.acme.example");
/// assert_eq!(options.universal_logout(), Some("/global-token-revocation"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WiringOptions {
    server_url: Option<String>,
    universal_logout_path: Option<String>,
    api_version: Option<String>,
}

impl WiringOptions {
    /// No server URL (the placeholder is written), no standard Universal Logout endpoint, the
    /// contract version as the document version.
    pub fn new() -> Self {
        Self::default()
    }

    /// The adapter's public base URL, the one Okta's flows call (a trailing `/` is dropped).
    pub fn server_url(mut self, url: impl Into<String>) -> Self {
        let url = url.into();
        self.server_url = Some(url.trim_end_matches('/').to_owned());
        self
    }

    /// The path of the adapter's standard Universal Logout (global token revocation) endpoint,
    /// e.g. `/global-token-revocation` (a missing leading `/` is added). Described only when the
    /// integration also registers the `UniversalLogout` action, whose handler serves it.
    pub fn universal_logout_path(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        self.universal_logout_path = Some(if path.starts_with('/') {
            path
        } else {
            format!("/{path}")
        });
        self
    }

    /// The OpenAPI document's `info.version` (default: the contract version).
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = Some(version.into());
        self
    }

    /// The adapter's base URL, or [`PLACEHOLDER_SERVER_URL`] when none was set.
    pub fn adapter_url(&self) -> &str {
        self.server_url.as_deref().unwrap_or(PLACEHOLDER_SERVER_URL)
    }

    /// Whether a real adapter URL was set.
    pub fn has_server_url(&self) -> bool {
        self.server_url.is_some()
    }

    /// The standard Universal Logout path, when set.
    pub fn universal_logout(&self) -> Option<&str> {
        self.universal_logout_path.as_deref()
    }

    /// The document version: the one set, else the contract version.
    pub fn version(&self) -> &str {
        self.api_version
            .as_deref()
            .unwrap_or(okta_actions_contracts::CONTRACT_VERSION)
    }
}

/// The path of an action's endpoint on the adapter.
fn action_path(ident: &str) -> String {
    format!("/actions/{ident}")
}

/// The standard Universal Logout path, when configured and served (the integration registers the
/// `UniversalLogout` handler).
fn served_universal_logout<'a>(
    integration: &crate::Integration,
    options: &'a WiringOptions,
) -> Option<&'a str> {
    options
        .universal_logout()
        .filter(|_| integration.action("UniversalLogout").is_some())
}

/// The capability's label in the OIN Wizard ("Entitlement Management").
fn capability_label(capability: okta_actions_contracts::Capability) -> &'static str {
    okta_actions_contracts::contracts()
        .capabilities
        .iter()
        .find(|c| c.name == capability)
        .map(|c| c.label.as_str())
        .unwrap_or_else(|| capability.as_str())
}

/// A suggested label for a tenant variable: `sub_domain` → "Sub domain".
fn variable_label(variable: &str) -> String {
    let words = variable.replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}
