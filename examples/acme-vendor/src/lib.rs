//! Acme: a small but realistic SaaS vendor API that knows nothing of Okta or SCIM.
//!
//! It is the API the example integration (`acme-integration`) maps onto Okta's action
//! contracts, and a test double for the SDK: real HTTP, its own vocabulary, ids, errors,
//! cursor pagination, API keys, OAuth 2.0 client credentials and rate limits.
//!
//! # The API
//! Every tenant route is under `/t/{subdomain}/v1` (in production
//! `https://api.acme.example/t/{subdomain}/v1`) and needs a credential: the tenant's API key in
//! `X-Api-Key`, or an access token from `POST /oauth/token` in `Authorization: Bearer …`.
//!
//! | route | what it does |
//! |---|---|
//! | `GET /users?page_size=&cursor=&username=&email_address=` | users, a page at a time |
//! | `POST /users` | creates a user (201) |
//! | `GET /users/by-username/{username}` | one user by username (case-insensitive) |
//! | `GET`, `PATCH`, `DELETE /users/{id}` | reads, partly updates (`null` clears), deletes (204) |
//! | `POST /users/{id}/enable`, `/disable` | lifecycle; disabling ends every session |
//! | `PUT /users/{id}/password` | sets the password (204); passwords are never returned |
//! | `GET /users/{id}/sessions`, `POST /users/{id}/logout` | sessions; logout ends them all and revokes refresh tokens |
//! | `PUT`, `DELETE /users/{id}/roles/{role}` and `/licenses/{licence}` | grants (204) |
//! | `GET /roles`, `GET /licenses` | the grantable roles and licences, paged |
//! | `GET /custom-fields` | the tenant's custom user fields: key, label, type, allowed values |
//! | `GET /teams?name=`, `POST /teams` | teams, paged; creates a team (201) |
//! | `GET`, `PATCH`, `DELETE /teams/{id}` | one team |
//! | `GET`, `POST /teams/{id}/members` | members, paged; adds up to 100 users at once |
//! | `DELETE /teams/{id}/members/{user_id}` | removes a member (204; 404 `member_not_found`) |
//! | `POST /auth/login` | end-user sign-in (no API credential): a session with a refresh token |
//!
//! Outside the tenant prefix: `POST /oauth/token` (client credentials grant,
//! `client_secret_basic` or `client_secret_post`) and `GET /healthz`.
//!
//! Lists answer `{"data": [...], "next_cursor": "…" | null}`; `page_size` defaults to 25, and a
//! larger value than 100 is clamped to 100 (0 or a non-number is a 400). Cursors are opaque and
//! stable while items are added or removed.
//!
//! Errors are `{"error": {"code", "message", "fields"?}}`: 400 `validation_failed` (with
//! every invalid field), `invalid_body`, `invalid_cursor`; 401 `missing_credentials`,
//! `invalid_api_key`, `invalid_token` (with `WWW-Authenticate`); 404 `tenant_not_found`,
//! `user_not_found`, `team_not_found`, …; 409 `username_taken`, `team_name_taken`; 429
//! `rate_limited` with `Retry-After`. Every answer has an `X-Request-Id`; guarded answers
//! also `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (epoch seconds
//! when the bucket is full again).
//!
//! # Embedding
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use acme_vendor::{AcmeVendor, DEMO_API_KEY, DEMO_TENANT};
//! let running = AcmeVendor::demo().spawn("127.0.0.1:0").await?;
//! assert!(running.tenant_base_url(DEMO_TENANT).ends_with("/t/demo/v1"));
//! # let _ = DEMO_API_KEY;
//! running.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod api;
mod error;
mod model;
mod rate_limit;
mod seed;
mod store;
mod time;

use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::net::{TcpListener, ToSocketAddrs};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use rate_limit::RateLimit;
pub use store::{DEFAULT_PAGE_SIZE, MAX_MEMBERS_PER_CALL, MAX_PAGE_SIZE};

/// The demo tenant's subdomain.
pub const DEMO_TENANT: &str = "demo";
/// The demo tenant's API key.
pub const DEMO_API_KEY: &str = "demo-api-key";
/// The demo tenant's OAuth client id.
pub const DEMO_CLIENT_ID: &str = "demo-client";
/// The demo tenant's OAuth client secret.
pub const DEMO_CLIENT_SECRET: &str = "demo-client-secret";
/// How many users the demo tenant starts with.
pub const DEMO_USERS: usize = 250;
/// How many teams the demo tenant starts with.
pub const DEMO_TEAMS: usize = 12;
/// The seed of the demo tenant's data.
pub const DEMO_SEED: u64 = 20_240_601;
/// Where the production API lives; tenants are under `/t/{subdomain}/v1`.
pub const PRODUCTION_BASE_URL: &str = "https://api.acme.example";

/// One tenant to create: its subdomain, credentials and how much seeded data it starts with.
///
/// ```
/// use acme_vendor::TenantSpec;
/// let globex = TenantSpec::new("globex").api_key("globex-key").users(5).teams(2);
/// assert_eq!(globex.subdomain(), "globex");
/// ```
#[derive(Clone)]
pub struct TenantSpec {
    subdomain: String,
    api_keys: Vec<String>,
    oauth_clients: Vec<(String, String)>,
    users: usize,
    teams: usize,
    seed: u64,
}

impl fmt::Debug for TenantSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TenantSpec")
            .field("subdomain", &self.subdomain)
            .field("api_keys", &self.api_keys.len())
            .field(
                "oauth_clients",
                &self
                    .oauth_clients
                    .iter()
                    .map(|(id, _)| id)
                    .collect::<Vec<_>>(),
            )
            .field("users", &self.users)
            .field("teams", &self.teams)
            .field("seed", &self.seed)
            .finish()
    }
}

impl TenantSpec {
    /// A tenant without credentials or data (seed 1).
    pub fn new(subdomain: impl Into<String>) -> Self {
        TenantSpec {
            subdomain: subdomain.into(),
            api_keys: Vec::new(),
            oauth_clients: Vec::new(),
            users: 0,
            teams: 0,
            seed: 1,
        }
    }

    /// The demo tenant: `demo`, API key [`DEMO_API_KEY`], OAuth client [`DEMO_CLIENT_ID`],
    /// 250 users and 12 teams from [`DEMO_SEED`].
    pub fn demo() -> Self {
        TenantSpec::new(DEMO_TENANT)
            .api_key(DEMO_API_KEY)
            .oauth_client(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)
            .users(DEMO_USERS)
            .teams(DEMO_TEAMS)
            .seed(DEMO_SEED)
    }

    /// Adds an API key.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_keys.push(key.into());
        self
    }

    /// Adds an OAuth client (client credentials grant).
    pub fn oauth_client(mut self, id: impl Into<String>, secret: impl Into<String>) -> Self {
        self.oauth_clients.push((id.into(), secret.into()));
        self
    }

    /// How many users to seed.
    pub fn users(mut self, users: usize) -> Self {
        self.users = users;
        self
    }

    /// How many teams to seed (at most 16).
    pub fn teams(mut self, teams: usize) -> Self {
        self.teams = teams;
        self
    }

    /// The seed of the generated data and ids.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The tenant's subdomain.
    pub fn subdomain(&self) -> &str {
        &self.subdomain
    }

    fn build(self) -> store::Tenant {
        let mut tenant = store::Tenant::new(&self.subdomain, self.seed);
        tenant.api_keys = self.api_keys;
        tenant.oauth_clients = self.oauth_clients.into_iter().collect();
        seed::populate(&mut tenant, self.users, self.teams);
        tenant
    }
}

/// Configures an [`AcmeVendor`]: tenants, rate limit, access-token lifetime.
///
/// ```
/// use std::time::Duration;
/// use acme_vendor::{AcmeVendor, RateLimit, TenantSpec};
/// let vendor = AcmeVendor::builder()
///     .tenant(TenantSpec::demo())
///     .tenant(TenantSpec::new("globex").api_key("globex-key").users(3))
///     .rate_limit(RateLimit::new(100, 10.0))
///     .token_ttl(Duration::from_secs(60))
///     .build();
/// assert_eq!(vendor.tenants(), ["demo", "globex"]);
/// ```
#[derive(Debug, Clone)]
#[must_use = "call `.build()` to get the vendor"]
pub struct AcmeVendorBuilder {
    tenants: Vec<TenantSpec>,
    rate_limit: RateLimit,
    token_ttl: Duration,
}

impl AcmeVendorBuilder {
    /// Adds a tenant.
    pub fn tenant(mut self, tenant: TenantSpec) -> Self {
        self.tenants.push(tenant);
        self
    }

    /// The rate limit of every credential of every tenant (default [`RateLimit::default`]).
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = limit;
        self
    }

    /// How long access tokens from `/oauth/token` last (default one hour).
    pub fn token_ttl(mut self, ttl: Duration) -> Self {
        self.token_ttl = ttl;
        self
    }

    /// The vendor with its tenants seeded.
    pub fn build(self) -> AcmeVendor {
        let tenants = self.tenants.into_iter().map(TenantSpec::build).collect();
        AcmeVendor {
            inner: Arc::new(Inner {
                store: Mutex::new(store::Store::new(tenants, self.rate_limit, self.token_ttl)),
                rate_limit: self.rate_limit,
                requests: AtomicU64::new(0),
            }),
        }
    }
}

struct Inner {
    store: Mutex<store::Store>,
    rate_limit: RateLimit,
    requests: AtomicU64,
}

/// The Acme API: its in-memory data and its axum [`Router`](axum::Router). Clones share the
/// data.
#[derive(Clone)]
pub struct AcmeVendor {
    inner: Arc<Inner>,
}

impl fmt::Debug for AcmeVendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AcmeVendor")
            .field("tenants", &self.tenants())
            .field("rate_limit", &self.inner.rate_limit)
            .finish_non_exhaustive()
    }
}

impl AcmeVendor {
    /// The demo vendor: the [`TenantSpec::demo`] tenant and the default rate limit.
    pub fn demo() -> Self {
        Self::builder().tenant(TenantSpec::demo()).build()
    }

    /// Starts configuring a vendor with no tenants.
    pub fn builder() -> AcmeVendorBuilder {
        AcmeVendorBuilder {
            tenants: Vec::new(),
            rate_limit: RateLimit::default(),
            token_ttl: Duration::from_secs(3600),
        }
    }

    /// The subdomains of every tenant.
    pub fn tenants(&self) -> Vec<String> {
        self.store().tenants.keys().cloned().collect()
    }

    /// The rate limit in force.
    pub fn rate_limit(&self) -> RateLimit {
        self.inner.rate_limit
    }

    /// The API as an axum router, to serve or to nest in another app.
    pub fn router(&self) -> axum::Router {
        api::router(self.clone())
    }

    /// Serves the API on `addr` (e.g. `127.0.0.1:0` for any free port) in a background task.
    ///
    /// # Errors
    /// The address cannot be bound.
    pub async fn spawn(&self, addr: impl ToSocketAddrs) -> std::io::Result<RunningVendor> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let router = self.router();
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        tracing::info!(%addr, "acme vendor API listening");
        Ok(RunningVendor {
            addr,
            vendor: self.clone(),
            stop: Some(stop),
            task: Some(task),
        })
    }

    fn store(&self) -> MutexGuard<'_, store::Store> {
        self.inner
            .store
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn next_request_id(&self) -> String {
        let n = self.inner.requests.fetch_add(1, Ordering::Relaxed);
        format!("acme-req-{n:08x}")
    }
}

/// A vendor served in the background. Dropping it stops the server.
#[derive(Debug)]
pub struct RunningVendor {
    addr: SocketAddr,
    vendor: AcmeVendor,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl RunningVendor {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A tenant's API base URL, `http://127.0.0.1:PORT/t/{subdomain}/v1`.
    pub fn tenant_base_url(&self, subdomain: &str) -> String {
        format!("{}/t/{subdomain}/v1", self.base_url())
    }

    /// The OAuth token endpoint, `http://127.0.0.1:PORT/oauth/token`.
    pub fn token_url(&self) -> String {
        format!("{}/oauth/token", self.base_url())
    }

    /// The vendor being served (its data is shared).
    pub fn vendor(&self) -> &AcmeVendor {
        &self.vendor
    }

    /// Stops accepting connections, lets in-flight requests finish, and waits for the server.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningVendor {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
