//! An integration: its name, declared capabilities, registered actions (checked against the OIN
//! required-flow rules) and how it reaches the vendor (auth mapping, client settings, list paging).

use std::fmt;

use okta_actions_contracts::{Capability, RequirementViolation, contracts};

use crate::action::{ActionContext, ActionError};
use crate::auth::{AuthConfigError, AuthMapping, TenantContext};
use crate::client::{Pagination, Unbound, VendorConfig, VendorConnector};
use crate::handler::{ActionHandler, HandlerMeta, RegisteredAction};
use crate::observe::Metrics;

/// A vendor's integration: the capabilities it declares to the OIN and the handlers it registers.
///
/// Build one with [`Integration::builder`], or with [`integration!`](crate::integration), which
/// also checks the OIN required-flow rules at compile time.
#[derive(Debug, Clone)]
pub struct Integration {
    name: String,
    capabilities: Vec<Capability>,
    actions: Vec<RegisteredAction>,
    connector: Option<VendorConnector>,
    list_pagination: Pagination,
    authping_path: Option<String>,
    universal_logout_path: Option<String>,
    /// Shared by clones: every front end serving this integration records into it.
    metrics: std::sync::Arc<Metrics>,
}

impl Integration {
    /// Starts declaring an integration.
    pub fn builder(name: impl Into<String>) -> IntegrationBuilder {
        IntegrationBuilder {
            name: name.into(),
            capabilities: Vec::new(),
            actions: Vec::new(),
            auth: None,
            vendor_config: VendorConfig::default(),
            list_pagination: Pagination::None,
            authping_path: None,
            universal_logout_path: None,
        }
    }

    /// The integration's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The declared capabilities.
    pub fn capabilities(&self) -> &[Capability] {
        &self.capabilities
    }

    /// The registered actions, in registration order.
    pub fn actions(&self) -> &[RegisteredAction] {
        &self.actions
    }

    /// The registered action with this identifier.
    pub fn action(&self, ident: &str) -> Option<&RegisteredAction> {
        self.actions.iter().find(|a| a.meta().action == ident)
    }

    /// The Prometheus metrics of the calls made through this integration (and its clones).
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The auth mapping, when the integration declares one.
    pub fn auth(&self) -> Option<&AuthMapping> {
        self.connector.as_ref().map(VendorConnector::mapping)
    }

    /// The vendor connector built from the auth mapping and the vendor client settings.
    pub fn connector(&self) -> Option<&VendorConnector> {
        self.connector.as_ref()
    }

    /// How the vendor's list endpoints page (used by declarative list handlers).
    pub fn list_pagination(&self) -> &Pagination {
        &self.list_pagination
    }

    /// The vendor endpoint the adapter's `/authping` calls to prove a tenant's credential.
    pub fn authping_path(&self) -> Option<&str> {
        self.authping_path.as_deref()
    }

    /// Where the adapter serves the standard Universal Logout endpoint, when the integration
    /// offers it.
    pub fn universal_logout_path(&self) -> Option<&str> {
        self.universal_logout_path.as_deref()
    }

    /// The same integration calling the vendor at a fixed base URL instead of the auth mapping's
    /// template: a test instance of the vendor, or the embedded demo vendor. The vendor client
    /// comes from the auth mapping ([`IntegrationBuilder::auth`]): an integration without one has
    /// no vendor to point elsewhere, and is returned unchanged.
    pub fn with_vendor_base_url(mut self, url: impl Into<String>) -> Self {
        self.connector = self
            .connector
            .map(|connector| connector.with_base_url_override(url));
        self
    }

    /// The same integration sharing each vendor tenant's rate-limit pause through `store`: when
    /// the vendor answers `429` with `Retry-After` (or `X-Rate-Limit-Reset`), every replica
    /// using the same store waits, not only the one that was told. Without a store (the
    /// default) each process keeps its own pause. Each vendor request then reads the pause
    /// from the store first (one round trip). A store that fails is logged and ignored: the
    /// process's own pause still applies. Like [`with_vendor_base_url`](Self::with_vendor_base_url),
    /// it changes nothing for an integration without an auth mapping.
    pub fn with_state_store(mut self, store: std::sync::Arc<dyn crate::state::StateStore>) -> Self {
        self.connector = self
            .connector
            .map(|connector| connector.with_state_store(store));
        self
    }

    /// Like [`with_vendor_base_url`](Self::with_vendor_base_url), but refuses a URL that is not
    /// an http(s) URL template over the declared tenant variables.
    ///
    /// # Errors
    /// Why the URL is unusable.
    pub fn try_with_vendor_base_url(
        mut self,
        url: impl Into<String>,
    ) -> Result<Self, AuthConfigError> {
        self.connector = self
            .connector
            .map(|connector| connector.try_with_base_url_override(url))
            .transpose()?;
        Ok(self)
    }

    /// The context of one call for one tenant: the vendor client bound to the tenant's variables
    /// and credential, and the list paging style.
    ///
    /// # Errors
    /// The auth mapping's verdict on the tenant: a missing tenant variable is `GENERIC_FAILURE`
    /// naming it, a missing or malformed credential `INVALID_CREDENTIALS`. An integration
    /// without an auth mapping gets a context without a vendor client.
    pub fn context(
        &self,
        request_id: impl Into<String>,
        tenant: &TenantContext,
    ) -> Result<ActionContext, ActionError> {
        self.bind(request_id, tenant)
            .map_err(|unbound| unbound.into_error().into())
    }

    /// [`context`](Self::context), saying whose fault a refusal is: the front ends answer a
    /// tenant's mistake, a bad credential and their own configuration differently.
    pub(crate) fn bind(
        &self,
        request_id: impl Into<String>,
        tenant: &TenantContext,
    ) -> Result<ActionContext, Unbound> {
        let context = ActionContext::new(request_id)
            .with_list_pagination(self.list_pagination.clone())
            .with_tenant_tag(crate::observe::tenant_tag(tenant));
        match &self.connector {
            Some(connector) => Ok(context.with_vendor(connector.bind(tenant)?)),
            None => Ok(context),
        }
    }
}

/// Declares an integration step by step; [`build`](Self::build) checks the OIN rules.
#[derive(Debug)]
#[must_use = "call `.build()` to finish the integration"]
pub struct IntegrationBuilder {
    name: String,
    capabilities: Vec<Capability>,
    actions: Vec<RegisteredAction>,
    auth: Option<AuthMapping>,
    vendor_config: VendorConfig,
    list_pagination: Pagination,
    authping_path: Option<String>,
    universal_logout_path: Option<String>,
}

impl IntegrationBuilder {
    /// Declares a capability (Provisioning, Entitlement Management, Universal Logout).
    pub fn capability(mut self, capability: Capability) -> Self {
        if !self.capabilities.contains(&capability) {
            self.capabilities.push(capability);
        }
        self
    }

    /// Registers an action handler, a function annotated with one of the action macros.
    pub fn action<H: ActionHandler>(mut self, handler: H) -> Self {
        self.actions.push(RegisteredAction::new(handler));
        self
    }

    /// Drops the handler registered for `action`, so that another can take its place: a test
    /// double, or a variant of a shared declaration.
    ///
    /// ```
    /// # use okta_actions::{ActionContext, ActionError, Integration, provisioning_action};
    /// # use okta_actions::contracts::{Capability, GetUserByIdInput, GetUserByIdOutput};
    /// /// Always finds nothing.
    /// #[provisioning_action(GetUserById)]
    /// async fn nobody(_: &ActionContext, input: GetUserByIdInput) -> Result<GetUserByIdOutput, ActionError> {
    ///     Err(ActionError::not_found(input.user_id))
    /// }
    /// let builder = Integration::builder("Acme").capability(Capability::Provisioning).action(nobody);
    /// assert_eq!(builder.registered().count(), 1);
    /// assert_eq!(builder.without("GetUserById").registered().count(), 0);
    /// ```
    pub fn without(mut self, action: &str) -> Self {
        self.actions.retain(|a| a.meta().action != action);
        self
    }

    /// Declares how the integration reaches the vendor: tenant variables, OIN auth type,
    /// base-URL template and credential mapping.
    pub fn auth(mut self, mapping: AuthMapping) -> Self {
        self.auth = Some(mapping);
        self
    }

    /// Sets the vendor client's timeouts, retry budget, concurrency cap and limits.
    pub fn vendor_config(mut self, config: VendorConfig) -> Self {
        self.vendor_config = config;
        self
    }

    /// Declares how the vendor's list endpoints page, for the declarative list handlers that
    /// name no paging of their own (a handler's `paging = …` argument takes precedence, and may
    /// also say the vendor's page-size parameter and maximum page size, which this style cannot).
    pub fn list_pagination(mut self, pagination: Pagination) -> Self {
        self.list_pagination = pagination;
        self
    }

    /// Names a cheap, read-only vendor endpoint (a relative URL such as `/me`) that answers 2xx
    /// exactly when the tenant's credential is good; the adapter's `/authping` calls it.
    pub fn authping(mut self, path: impl Into<String>) -> Self {
        self.authping_path = Some(path.into());
        self
    }

    /// Declares that the integration offers the standard Universal Logout endpoint (global token
    /// revocation, which Okta calls directly) at `path`, e.g. `/global-token-revocation`. The
    /// wiring files describe it, the conformance run exercises it, and `serve` mounts it when
    /// given the Okta orgs to trust (see [`crate::server::logout`]).
    pub fn universal_logout_path(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        let path = path.trim_matches('/');
        self.universal_logout_path = Some(format!("/{path}"));
        self
    }

    /// Finishes the integration.
    ///
    /// # Errors
    /// Every OIN required-flow rule the integration breaks: a declared capability missing one of
    /// its required actions, an all-or-none group half implemented, an action registered twice or
    /// outside the declared capabilities.
    pub fn build(self) -> Result<Integration, IntegrationError> {
        let (integration, violations) = self.build_with_violations();
        if violations.is_empty() {
            Ok(integration)
        } else {
            Err(IntegrationError { violations })
        }
    }

    fn finish(self) -> Integration {
        let vendor_config = self.vendor_config;
        Integration {
            name: self.name,
            capabilities: self.capabilities,
            actions: self.actions,
            connector: self
                .auth
                .map(|mapping| VendorConnector::new(mapping, vendor_config)),
            list_pagination: self.list_pagination,
            authping_path: self.authping_path,
            universal_logout_path: self.universal_logout_path,
            metrics: std::sync::Arc::default(),
        }
    }

    /// Finishes the integration even when it breaks OIN rules, returning the violations beside
    /// it: for validation tools, which report every broken rule instead of stopping at the first
    /// build error. Serve only what [`build`](Self::build) accepts.
    pub fn build_with_violations(self) -> (Integration, Vec<RequirementViolation>) {
        let idents: Vec<&str> = self.actions.iter().map(|a| a.meta().action).collect();
        let violations = contracts().check_requirements(&self.capabilities, &idents);
        (self.finish(), violations)
    }

    /// The metadata of the handlers registered so far.
    pub fn registered(&self) -> impl Iterator<Item = &HandlerMeta> {
        self.actions.iter().map(RegisteredAction::meta)
    }
}

/// The OIN rules an integration breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationError {
    violations: Vec<RequirementViolation>,
}

impl IntegrationError {
    /// Every violation.
    pub fn violations(&self) -> &[RequirementViolation] {
        &self.violations
    }
}

impl fmt::Display for IntegrationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the integration breaks the OIN required-flow rules:")?;
        for v in &self.violations {
            write!(f, "\n  - {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for IntegrationError {}
