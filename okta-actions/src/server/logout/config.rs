//! [`UniversalLogoutConfig`] and [`TrustedIssuer`]: who may call the endpoint and how tokens are
//! checked; validated into the runtime form when the router is built.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use url::Url;

use super::endpoint;
use super::jwks::JwksCache;
use super::replay::{ReplayGuard, ReplayStore};
use super::verify::{App, Org, Verifier};
use crate::Integration;
use crate::auth::TenantContext;
use crate::state::StateStore;

/// The identifier of the action the endpoint dispatches to.
pub(crate) const ACTION: &str = "UniversalLogout";

/// The standard Universal Logout (global token revocation) endpoint: the URL Okta calls, the
/// Okta orgs it trusts, and how their tokens are checked. Every setting but the endpoint URL and
/// the trusted issuers has a default; change them with the `with_*` methods.
///
/// | setting | default |
/// |---|---|
/// | mount path | the path of the endpoint URL |
/// | clock skew allowed on `exp`, `nbf` and `iat` | 30 s |
/// | longest accepted token lifetime (`exp` − now; Okta issues 5-minute tokens) | 10 min |
/// | where `jti` values are remembered | this process's memory |
/// | `jti` values remembered in memory (each until its token expires) | 10 000 |
/// | fall back to memory when the shared replay store fails | no (answer `503`) |
/// | JWKS fetch timeout | 5 s |
/// | least time between two JWKS fetches caused by an unknown `kid` or a failed fetch | 30 s |
/// | JWKS refreshed when older than | 1 h |
///
/// `Debug` shows the settings and tenant variables but never a tenant's credential.
///
/// See the [module documentation](super) for an example and the status codes.
#[derive(Debug, Clone)]
pub struct UniversalLogoutConfig {
    endpoint_url: String,
    mount_path: Option<String>,
    issuers: Vec<TrustedIssuer>,
    clock_skew: Duration,
    max_token_lifetime: Duration,
    replay_capacity: usize,
    replay_store: Option<Arc<dyn StateStore>>,
    replay_fallback: bool,
    jwks_timeout: Duration,
    jwks_refetch_interval: Duration,
    jwks_max_age: Duration,
}

impl UniversalLogoutConfig {
    /// A configuration for the endpoint Okta calls at `endpoint_url`: the exact URL entered as
    /// the "Global token revocation endpoint" in the OIN wizard, which Okta puts in the token's
    /// `aud` (no query, no fragment).
    pub fn new(endpoint_url: impl Into<String>) -> Self {
        UniversalLogoutConfig {
            endpoint_url: endpoint_url.into(),
            mount_path: None,
            issuers: Vec::new(),
            clock_skew: Duration::from_secs(30),
            max_token_lifetime: Duration::from_secs(10 * 60),
            replay_capacity: 10_000,
            replay_store: None,
            replay_fallback: false,
            jwks_timeout: Duration::from_secs(5),
            jwks_refetch_interval: Duration::from_secs(30),
            jwks_max_age: Duration::from_secs(60 * 60),
        }
    }

    /// Serves the endpoint at `path` instead of the endpoint URL's path (for example behind a
    /// proxy that rewrites paths). The token's `aud` must still be the endpoint URL.
    pub fn with_mount_path(mut self, path: impl Into<String>) -> Self {
        self.mount_path = Some(path.into());
        self
    }

    /// Trusts one Okta org's app instance. An org with several instances of the app (each
    /// connected to its own vendor tenant) is added once per instance, with the same issuer.
    pub fn with_trusted_issuer(mut self, issuer: TrustedIssuer) -> Self {
        self.issuers.push(issuer);
        self
    }

    /// The clock skew allowed when checking `exp`, `nbf` and `iat` (whole seconds).
    pub fn with_clock_skew(mut self, skew: Duration) -> Self {
        self.clock_skew = skew;
        self
    }

    /// The longest time before its `exp` a token may still have left when it arrives. Bounds
    /// how long a `jti` must be remembered.
    pub fn with_max_token_lifetime(mut self, lifetime: Duration) -> Self {
        self.max_token_lifetime = lifetime;
        self
    }

    /// How many `jti` values are remembered at once. When every slot holds an unexpired token,
    /// new requests are refused with `429 Too Many Requests` (never accepted unchecked).
    pub fn with_replay_capacity(mut self, capacity: usize) -> Self {
        self.replay_capacity = capacity;
        self
    }

    /// Remembers accepted `jti` values in `store` instead of this process's memory. With a
    /// store the replicas share (Redis), a token accepted by one replica is refused as a
    /// replay by every other. While the store fails the endpoint answers `503 Service
    /// Unavailable` (`{"error":"temporarily_unavailable"}`, `Retry-After: 5`) and accepts no
    /// token, unless [`with_replay_fallback_to_memory`](Self::with_replay_fallback_to_memory)
    /// says otherwise.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use okta_actions::server::logout::UniversalLogoutConfig;
    /// use okta_actions::state::MemoryStateStore;
    ///
    /// let config = UniversalLogoutConfig::new("https://adapter.example.com/global-token-revocation")
    ///     .with_replay_store(Arc::new(MemoryStateStore::default()));
    /// # let _ = config;
    /// ```
    pub fn with_replay_store(mut self, store: Arc<dyn StateStore>) -> Self {
        self.replay_store = Some(store);
        self
    }

    /// While the [shared replay store](Self::with_replay_store) fails, remember `jti` values in
    /// this process's memory instead of answering `503` (off by default). The endpoint stays
    /// up, but a token may then be replayed once against each other replica.
    pub fn with_replay_fallback_to_memory(mut self, on: bool) -> Self {
        self.replay_fallback = on;
        self
    }

    /// The timeout of one JWKS fetch (connect, send and read).
    pub fn with_jwks_timeout(mut self, timeout: Duration) -> Self {
        self.jwks_timeout = timeout;
        self
    }

    /// The least time between two JWKS fetches caused by an unknown `kid` or by a failed fetch,
    /// so that a stream of tokens with unknown keys cannot make the endpoint hammer Okta.
    pub fn with_jwks_refetch_interval(mut self, interval: Duration) -> Self {
        self.jwks_refetch_interval = interval;
        self
    }

    /// How long a fetched JWKS is used before it is fetched again (on the next request).
    pub fn with_jwks_max_age(mut self, max_age: Duration) -> Self {
        self.jwks_max_age = max_age;
        self
    }

    /// The endpoint URL, the expected `aud`.
    pub fn endpoint_url(&self) -> &str {
        &self.endpoint_url
    }

    /// The trusted issuers, in the order they were added.
    pub fn trusted_issuers(&self) -> &[TrustedIssuer] {
        &self.issuers
    }

    /// Checks the configuration and builds the router serving `POST <mount path>`. Mount it in
    /// an existing axum app with [`Router::merge`].
    ///
    /// # Errors
    /// The integration registers no `UniversalLogout` handler; the endpoint URL, mount path, an
    /// issuer or JWKS URL is invalid (issuer and JWKS URLs must be `https`, or `http` on a
    /// loopback host); no issuer is trusted, one is listed twice, or a setting is out of range.
    pub fn into_router(self, integration: Arc<Integration>) -> Result<Router, LogoutConfigError> {
        if integration.action(ACTION).is_none() {
            return Err(LogoutConfigError::MissingHandler);
        }
        let endpoint_url =
            Url::parse(&self.endpoint_url).map_err(|e| LogoutConfigError::InvalidEndpointUrl {
                url: self.endpoint_url.clone(),
                reason: e.to_string(),
            })?;
        check_plain_url(&endpoint_url, false).map_err(|reason| {
            LogoutConfigError::InvalidEndpointUrl {
                url: self.endpoint_url.clone(),
                reason,
            }
        })?;
        let mount_path = self
            .mount_path
            .clone()
            .unwrap_or_else(|| endpoint_url.path().to_owned());
        if !mount_path.starts_with('/') || mount_path.contains(['{', '}', '*', '?', '#']) {
            return Err(LogoutConfigError::InvalidMountPath { path: mount_path });
        }
        if self.replay_capacity == 0 {
            return Err(LogoutConfigError::InvalidSetting {
                setting: "replay_capacity",
                reason: "must be at least 1",
            });
        }
        if self.jwks_timeout.is_zero() {
            return Err(LogoutConfigError::InvalidSetting {
                setting: "jwks_timeout",
                reason: "must be more than zero",
            });
        }
        let orgs = self.orgs()?;
        let verifier = Verifier {
            audience: self.endpoint_url,
            orgs,
            clock_skew: self.clock_skew.as_secs(),
            max_token_lifetime: self.max_token_lifetime.as_secs(),
            replay: match self.replay_store {
                None => ReplayGuard::Memory(ReplayStore::new(self.replay_capacity)),
                Some(store) => ReplayGuard::Shared {
                    store,
                    fallback: self
                        .replay_fallback
                        .then(|| ReplayStore::new(self.replay_capacity)),
                },
            },
        };
        Ok(endpoint::router(&mount_path, verifier, integration))
    }

    /// Groups the trusted issuers by org, sharing one JWKS cache per JWKS URL.
    fn orgs(&self) -> Result<Vec<Org>, LogoutConfigError> {
        if self.issuers.is_empty() {
            return Err(LogoutConfigError::NoTrustedIssuers);
        }
        let client = reqwest::Client::builder()
            .timeout(self.jwks_timeout)
            .connect_timeout(self.jwks_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("okta-actions/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| LogoutConfigError::HttpClient {
                reason: e.to_string(),
            })?;
        let mut caches: HashMap<String, Arc<JwksCache>> = HashMap::new();
        let mut orgs: Vec<Org> = Vec::new();
        for trusted in &self.issuers {
            let issuer = normalize_issuer(&trusted.issuer);
            let url = Url::parse(issuer).map_err(|e| LogoutConfigError::InvalidIssuer {
                issuer: trusted.issuer.clone(),
                reason: e.to_string(),
            })?;
            check_plain_url(&url, true).map_err(|reason| LogoutConfigError::InvalidIssuer {
                issuer: trusted.issuer.clone(),
                reason,
            })?;
            if trusted.subject.is_empty() {
                return Err(LogoutConfigError::InvalidIssuer {
                    issuer: trusted.issuer.clone(),
                    reason: "the subject (the app's client id or app instance id) is empty".into(),
                });
            }
            let jwks_url = trusted.jwks_url();
            let parsed = Url::parse(&jwks_url).map_err(|e| LogoutConfigError::InvalidJwksUrl {
                url: jwks_url.clone(),
                reason: e.to_string(),
            })?;
            check_plain_url(&parsed, true).map_err(|reason| LogoutConfigError::InvalidJwksUrl {
                url: jwks_url.clone(),
                reason,
            })?;
            let app = App {
                subject: trusted.subject.clone(),
                tenant: trusted.tenant.clone(),
            };
            if let Some(org) = orgs.iter_mut().find(|o| o.issuer == issuer) {
                if org.jwks.url() != jwks_url {
                    return Err(LogoutConfigError::InvalidJwksUrl {
                        url: jwks_url,
                        reason: format!(
                            "issuer `{issuer}` is already trusted with JWKS `{}`",
                            org.jwks.url()
                        ),
                    });
                }
                if org.apps.iter().any(|a| a.subject == app.subject) {
                    return Err(LogoutConfigError::DuplicateTrustedIssuer {
                        issuer: issuer.to_owned(),
                        subject: app.subject,
                    });
                }
                org.apps.push(app);
            } else {
                let jwks = Arc::clone(caches.entry(jwks_url.clone()).or_insert_with(|| {
                    Arc::new(JwksCache::new(
                        jwks_url,
                        client.clone(),
                        self.jwks_refetch_interval,
                        self.jwks_max_age,
                    ))
                }));
                orgs.push(Org {
                    issuer: issuer.to_owned(),
                    jwks,
                    apps: vec![app],
                });
            }
        }
        Ok(orgs)
    }
}

/// One Okta org's instance of the app, trusted to log users out of one vendor tenant.
///
/// ```
/// use okta_actions::auth::TenantContext;
/// use okta_actions::contracts::Secret;
/// use okta_actions::server::logout::TrustedIssuer;
///
/// let tenant = TenantContext::new([], Some(Secret::new("Bearer vendor-api-key")));
/// let trusted = TrustedIssuer::new("https://acme.okta.com", "0oa1b2c3d4e5f6g7h8", tenant);
/// assert_eq!(trusted.jwks_url(), "https://acme.okta.com/oauth2/v1/keys");
/// assert!(!format!("{trusted:?}").contains("vendor-api-key"));
/// ```
#[derive(Debug, Clone)]
pub struct TrustedIssuer {
    issuer: String,
    subject: String,
    tenant: TenantContext,
    jwks_url: Option<String>,
}

impl TrustedIssuer {
    /// Trusts tokens whose `iss` is `issuer` (the Okta org URL, e.g. `https://acme.okta.com`)
    /// and whose `sub` is `subject` (the app's client id for OIDC apps, its app instance id for
    /// SAML apps). A logout request from them runs against the vendor connection `tenant`.
    pub fn new(
        issuer: impl Into<String>,
        subject: impl Into<String>,
        tenant: TenantContext,
    ) -> Self {
        TrustedIssuer {
            issuer: issuer.into(),
            subject: subject.into(),
            tenant,
            jwks_url: None,
        }
    }

    /// Fetches the org's signing keys from `url` instead of `{issuer}/oauth2/v1/keys`.
    pub fn with_jwks_url(mut self, url: impl Into<String>) -> Self {
        self.jwks_url = Some(url.into());
        self
    }

    /// The Okta org URL, the expected `iss`.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The app's client id or app instance id, the expected `sub`.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The vendor connection used when this org logs a user out.
    pub fn tenant(&self) -> &TenantContext {
        &self.tenant
    }

    /// Where the org's signing keys are fetched: `{issuer}/oauth2/v1/keys` unless overridden.
    pub fn jwks_url(&self) -> String {
        self.jwks_url
            .clone()
            .unwrap_or_else(|| format!("{}/oauth2/v1/keys", normalize_issuer(&self.issuer)))
    }
}

/// Why a [`UniversalLogoutConfig`] cannot become a router.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LogoutConfigError {
    /// The integration registers no `UniversalLogout` handler to dispatch to.
    MissingHandler,
    /// The endpoint URL is not an absolute `http(s)` URL without query and fragment.
    InvalidEndpointUrl {
        /// The URL as configured.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The mount path does not start with `/` or contains `{`, `}`, `*`, `?` or `#`.
    InvalidMountPath {
        /// The path as configured or taken from the endpoint URL.
        path: String,
    },
    /// No Okta org is trusted: every request would be refused.
    NoTrustedIssuers,
    /// A trusted issuer's URL or subject is invalid.
    InvalidIssuer {
        /// The issuer as configured.
        issuer: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A JWKS URL is invalid, or two entries for one issuer name different JWKS URLs.
    InvalidJwksUrl {
        /// The URL.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The same issuer and subject are trusted twice.
    DuplicateTrustedIssuer {
        /// The issuer.
        issuer: String,
        /// The subject.
        subject: String,
    },
    /// A setting is out of range.
    InvalidSetting {
        /// The setting.
        setting: &'static str,
        /// The rule it breaks.
        reason: &'static str,
    },
    /// The HTTP client that fetches JWKS could not be built.
    HttpClient {
        /// The client library's message.
        reason: String,
    },
}

impl fmt::Display for LogoutConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogoutConfigError::MissingHandler => write!(
                f,
                "the integration registers no `{ACTION}` handler; add one annotated with \
                 `#[universal_logout_action]`"
            ),
            LogoutConfigError::InvalidEndpointUrl { url, reason } => {
                write!(f, "invalid Universal Logout endpoint URL `{url}`: {reason}")
            }
            LogoutConfigError::InvalidMountPath { path } => write!(
                f,
                "invalid mount path `{path}`: it must start with `/` and contain none of `{{`, \
                 `}}`, `*`, `?`, `#`"
            ),
            LogoutConfigError::NoTrustedIssuers => {
                f.write_str("no trusted Okta org: add one with `with_trusted_issuer`")
            }
            LogoutConfigError::InvalidIssuer { issuer, reason } => {
                write!(f, "invalid trusted issuer `{issuer}`: {reason}")
            }
            LogoutConfigError::InvalidJwksUrl { url, reason } => {
                write!(f, "invalid JWKS URL `{url}`: {reason}")
            }
            LogoutConfigError::DuplicateTrustedIssuer { issuer, subject } => write!(
                f,
                "issuer `{issuer}` with subject `{subject}` is trusted twice"
            ),
            LogoutConfigError::InvalidSetting { setting, reason } => {
                write!(f, "invalid `{setting}`: {reason}")
            }
            LogoutConfigError::HttpClient { reason } => {
                write!(f, "cannot build the JWKS HTTP client: {reason}")
            }
        }
    }
}

impl std::error::Error for LogoutConfigError {}

/// The issuer without a trailing `/`, the form both configured and presented issuers are
/// compared in.
pub(crate) fn normalize_issuer(issuer: &str) -> &str {
    issuer.trim_end_matches('/')
}

/// An absolute `http(s)` URL with a host and no query or fragment; with `fetched`, `http` is
/// only allowed on a loopback host (keys must not travel in clear text).
fn check_plain_url(url: &Url, fetched: bool) -> Result<(), String> {
    match url.scheme() {
        "https" => {}
        "http" if !fetched => {}
        "http" if is_loopback(url) => {}
        "http" => return Err("`http` is only allowed on a loopback host; use `https`".into()),
        other => return Err(format!("scheme `{other}` is not http(s)")),
    }
    if url.host().is_none() {
        return Err("it has no host".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("it must have no query and no fragment".into());
    }
    Ok(())
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}
