//! [`VendorConnector`]: one per integration; binds tenant-scoped [`VendorClient`]s.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use okta_actions_contracts::ErrorType;
use tokio::sync::Semaphore;

use super::config::VendorConfig;
use super::credential::{self, Resolved};
use super::error::VendorError;
use super::rate_limit::{RateWindow, SharedPause};
use super::redact::Redactor;
use super::token::TokenCache;
use super::vendor_client::VendorClient;
use crate::auth::template::{RenderError, UrlTemplate};
use crate::auth::{AuthConfigError, AuthMapping, TenantContext};
use crate::state::StateStore;

/// When the per-tenant state map grows beyond this, entries no client uses are dropped.
const MAX_IDLE_TENANTS: usize = 10_000;

/// What one tenant (one base URL and credential) shares across its clients and calls.
#[derive(Debug)]
pub(crate) struct TenantState {
    /// The per-tenant concurrency cap.
    pub(crate) permits: Semaphore,
    /// The rate-limit window.
    pub(crate) window: RateWindow,
    /// The OAuth token cache, for token-based credentials.
    pub(crate) token: Option<TokenCache>,
}

/// Identifies a tenant's state: its base URL, token URL and raw credential. Never printed.
#[derive(PartialEq, Eq, Hash)]
struct StateKey(String);

struct Shared {
    mapping: AuthMapping,
    config: Arc<VendorConfig>,
    http: reqwest::Client,
    tenants: Mutex<HashMap<StateKey, Arc<TenantState>>>,
}

/// Owns the shared HTTP connection pool and the per-tenant state (token caches, concurrency
/// semaphores, rate-limit windows). Build one per integration; clones are cheap and share
/// everything.
///
/// ```no_run
/// # async fn demo() -> Result<(), okta_actions::client::VendorError> {
/// use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType, TenantContext};
/// use okta_actions::contracts::Secret;
/// use okta_actions::client::{VendorConfig, VendorConnector};
///
/// let mapping = AuthMapping::builder()
///     .tenant_variable("subdomain")
///     .auth_type(OinAuthType::Custom)
///     .base_url("https://{app.subdomain}.acme.example/api")
///     .credential(CredentialMapping::Bearer)
///     .build()
///     .expect("a valid mapping");
/// let connector = VendorConnector::new(mapping, VendorConfig::default());
/// let tenant = TenantContext::new(
///     [("subdomain".to_owned(), "globex".to_owned())],
///     Some(Secret::new("Bearer t0ken")),
/// );
/// let client = connector.connect(&tenant)?;
/// assert_eq!(client.base_url(), "https://globex.acme.example/api");
/// let user: serde_json::Value = client.get("/users/42").send_json().await?;
/// # let _ = user;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct VendorConnector {
    shared: Arc<Shared>,
    base_override: Option<Result<Arc<UrlTemplate>, Arc<str>>>,
    /// Where tenants' rate-limit pauses are shared with other replicas.
    state: Option<Arc<dyn StateStore>>,
}

impl fmt::Debug for VendorConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VendorConnector")
            .field("base_url", &self.shared.mapping.base_url_display())
            .field(
                "base_url_override",
                &self.base_override.as_ref().map(|url| match url {
                    Ok(template) => template.as_str(),
                    Err(raw) => raw,
                }),
            )
            .field("credential", &self.shared.mapping.credential().kind())
            .field("config", &self.shared.config)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

impl VendorConnector {
    /// A connector for an integration's auth mapping.
    pub fn new(mapping: AuthMapping, config: VendorConfig) -> Self {
        let http = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .connect_timeout(config.timeout)
            .redirect(same_origin_redirects())
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        VendorConnector {
            shared: Arc::new(Shared {
                mapping,
                config: Arc::new(config),
                http,
                tenants: Mutex::new(HashMap::new()),
            }),
            base_override: None,
            state: None,
        }
    }

    /// The same connector sharing each tenant's rate-limit pause through `store`, so that a
    /// `429` one replica sees makes every replica wait (see
    /// [`Integration::with_state_store`](crate::Integration::with_state_store)).
    pub fn with_state_store(mut self, store: Arc<dyn StateStore>) -> Self {
        self.state = Some(store);
        self
    }

    /// The same connector with another base URL instead of the mapping's template (a test
    /// instance of the vendor, or the embedded demo vendor). The override may itself name tenant
    /// variables, e.g. `http://127.0.0.1:8080/t/{app.subdomain}/v1`. Token URLs are still
    /// rendered from the mapping. An override that is not an http(s) URL template over declared
    /// variables makes every [`connect`](Self::connect) fail with `GENERIC_FAILURE`.
    pub fn with_base_url_override(mut self, url: impl Into<String>) -> Self {
        let url = url.into();
        let declared = self.shared.mapping.variables();
        self.base_override = Some(
            UrlTemplate::parse(&url, declared)
                .map(Arc::new)
                .map_err(|_| url.into()),
        );
        self
    }

    /// Like [`with_base_url_override`](Self::with_base_url_override), but refuses an override
    /// that is not an http(s) URL template over the declared tenant variables.
    ///
    /// # Errors
    /// Why the override is unusable.
    pub fn try_with_base_url_override(
        mut self,
        url: impl Into<String>,
    ) -> Result<Self, AuthConfigError> {
        let template = UrlTemplate::parse(&url.into(), self.shared.mapping.variables())?;
        self.base_override = Some(Ok(Arc::new(template)));
        Ok(self)
    }

    /// The auth mapping.
    pub fn mapping(&self) -> &AuthMapping {
        &self.shared.mapping
    }

    /// The configuration.
    pub fn config(&self) -> &VendorConfig {
        &self.shared.config
    }

    /// Binds a client to one tenant: renders the base URL from the tenant variables and
    /// resolves how to authenticate. A missing or unusable tenant variable is a
    /// `GENERIC_FAILURE` naming it; a missing or malformed credential `INVALID_CREDENTIALS`.
    pub fn connect(&self, tenant: &TenantContext) -> Result<VendorClient, VendorError> {
        self.bind(tenant).map_err(Unbound::into_error)
    }

    /// [`connect`](Self::connect), saying whose fault a refusal is.
    pub(crate) fn bind(&self, tenant: &TenantContext) -> Result<VendorClient, Unbound> {
        let mapping = &self.shared.mapping;
        let base_url = match &self.base_override {
            Some(Ok(template)) => render(template, tenant).map_err(Unbound::Tenant)?,
            Some(Err(_)) => {
                return Err(Unbound::Configuration(VendorError::generic(
                    "the vendor base URL override is not an absolute http(s) URL template over \
                     the declared tenant variables",
                )));
            }
            None => render(mapping.base_url(), tenant).map_err(Unbound::Tenant)?,
        };
        let token_url = mapping
            .token_url()
            .map(|template| render(template, tenant))
            .transpose()
            .map_err(Unbound::Tenant)?;
        let token_url_text = token_url
            .as_ref()
            .map(url::Url::to_string)
            .unwrap_or_default();
        let resolution =
            credential::resolve(mapping.credential(), tenant.authorization(), token_url).map_err(
                |error| match error.error_type() {
                    ErrorType::InvalidCredentials => Unbound::Credential(error),
                    _ => Unbound::Configuration(error),
                },
            )?;
        let redactor = Redactor::new(resolution.secrets);
        let key = StateKey(format!(
            "{base_url}\n{token_url_text}\n{}",
            resolution.fingerprint.expose()
        ));
        let (static_credential, token_spec) = match resolution.resolved {
            Resolved::Static(credential) => (credential, None),
            Resolved::Token(spec) => (credential::StaticCredential::None, Some(spec)),
        };
        let shared = self
            .state
            .as_ref()
            .map(|store| SharedPause::new(Arc::clone(store), &key.0));
        let state = self
            .tenant_state(key, || {
                let token = token_spec
                    .map(|spec| TokenCache::new(spec, self.shared.config.token_refresh_skew))
                    .transpose()?;
                Ok(TenantState {
                    permits: Semaphore::new(self.shared.config.max_concurrency),
                    window: RateWindow::new(shared),
                    token,
                })
            })
            .map_err(Unbound::Configuration)?;
        Ok(VendorClient::new(
            self.shared.http.clone(),
            Arc::clone(&self.shared.config),
            state,
            base_url,
            static_credential,
            redactor,
        ))
    }

    /// The tenant's shared state, created on first use.
    fn tenant_state(
        &self,
        key: StateKey,
        create: impl FnOnce() -> Result<TenantState, VendorError>,
    ) -> Result<Arc<TenantState>, VendorError> {
        let mut tenants = self
            .shared
            .tenants
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(state) = tenants.get(&key) {
            return Ok(Arc::clone(state));
        }
        if tenants.len() >= MAX_IDLE_TENANTS {
            tenants.retain(|_, state| Arc::strong_count(state) > 1);
        }
        let state = Arc::new(create()?);
        tenants.insert(key, Arc::clone(&state));
        Ok(state)
    }
}

/// Why a tenant could not be bound, by whose fault.
#[derive(Debug)]
pub(crate) enum Unbound {
    /// A tenant variable is missing or unusable: the caller's to fix.
    Tenant(VendorError),
    /// The credential is missing or malformed.
    Credential(VendorError),
    /// The integration's own configuration is unusable for this tenant.
    Configuration(VendorError),
}

impl Unbound {
    /// The error, whoever's fault it is.
    pub(crate) fn into_error(self) -> VendorError {
        match self {
            Unbound::Tenant(error) | Unbound::Credential(error) | Unbound::Configuration(error) => {
                error
            }
        }
    }
}

/// Renders a template for a tenant, naming the variable at fault. The errors carry HTTP status
/// 400 for callers of [`VendorConnector::connect`]: the tenant's variables are theirs to fix.
fn render(template: &UrlTemplate, tenant: &TenantContext) -> Result<url::Url, VendorError> {
    template.render(tenant.variables()).map_err(|err| {
        let error = match err {
            RenderError::Missing(name) => VendorError::generic(format!(
                "tenant variable `{name}` is missing (Okta sends it as header x-okta-tenant-{name})"
            )),
            RenderError::Invalid(name) => VendorError::generic(format!(
                "tenant variable `{name}` cannot be used in a URL: use letters, digits, `-`, `_`, \
             `.` and `~` only"
            )),
            RenderError::NotAUrl(_) => VendorError::generic(format!(
                "`{}` does not render to an absolute http(s) URL for this tenant",
                template.as_str()
            )),
        };
        error.with_status(400)
    })
}

/// Follows up to five redirects, only within the same origin (a credential never leaves it).
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() < 5 && same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}
