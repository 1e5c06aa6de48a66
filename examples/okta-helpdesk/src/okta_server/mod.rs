//! A local Okta-compatible server for tests and the demo: the slice of the Okta Management API
//! the help-desk flows use, with Okta's behaviour where it matters to a client.
//!
//! | endpoint | scope | notes |
//! |---|---|---|
//! | `POST /oauth2/v1/token` | — | client credentials, `private_key_jwt` only (RS256/ES256, `iss` = `sub` = client id, `aud` = this URL, single-use `jti`); tokens carry exactly the requested scopes, each of which must be granted to the app |
//! | `GET /api/v1/users` | `okta.users.read` | `limit` (≤ 200), `after`, `search`/`filter`, `q`; `Link: <…>; rel="next"` |
//! | `POST /api/v1/users?activate=` | `okta.users.manage` | default schema validation, unique login (E0000001) |
//! | `GET /api/v1/users/{idOrLogin}` | `okta.users.read` | E0000007 when unknown |
//! | `POST /api/v1/users/{id}` | `okta.users.manage` | partial profile update |
//! | `POST /api/v1/users/{id}/lifecycle/{activate,deactivate,reset_password}` | `okta.users.manage` | `sendEmail`; E0000016, E0000038 |
//! | `POST /api/v1/users/{id}/credentials/forgot_password` | `okta.users.manage` | ACTIVE users with a password |
//! | `GET` / `POST /api/v1/users/{id}/roles` | `okta.roles.read` / `okta.roles.manage` | 201; 409 E0000090 when already assigned |
//! | `GET` / `POST /api/v1/groups` | `okta.groups.read` / `okta.groups.manage` | `search=profile.name eq "…"`, `q`, paging |
//! | `GET /api/v1/groups/{gid}`, `GET /api/v1/groups/{gid}/users` | `okta.groups.read` | |
//! | `PUT` / `DELETE /api/v1/groups/{gid}/users/{uid}` | `okta.groups.manage` | 204 |
//!
//! On every request: 411 for a POST or PUT without `Content-Length`; a rate-limit bucket per
//! endpoint with `X-Rate-Limit-Limit/Remaining/Reset` on every answer and 429 E0000047 when it is
//! exhausted; `Authorization: Bearer <token>` (401 E0000011 when unknown or expired) or
//! `SSWS <api token>` (all permissions); 403 E0000006 when the token lacks the endpoint's scope;
//! errors as `{errorCode, errorSummary, errorLink, errorId, errorCauses}`; `X-Okta-Request-Id`.
//! Every request is logged ([`OktaServer::requests`]) so tests can count what reached Okta.

mod auth;
mod errors;
mod limits;
mod routes;
mod store;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use jsonwebtoken::DecodingKey;
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use self::auth::{Authority, ServiceApp};
use self::limits::Limits;
use self::store::{Status, Store};

/// The path of the OAuth 2.0 token endpoint of the org authorization server.
pub const TOKEN_PATH: &str = "/oauth2/v1/token";

/// One request as it reached the server, with the status it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The path, e.g. `/api/v1/users/00u…/roles`.
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// Who the credential names: the service app's client id (also for an expired token),
    /// `SSWS` for a valid API token, `None` for no or an unknown credential (and for the token
    /// endpoint).
    pub principal: Option<String>,
    /// The `Content-Length` header as sent, if any.
    pub content_length: Option<String>,
    /// The status the server answered with.
    pub status: u16,
}

/// What the server's handlers share.
pub(crate) struct Shared {
    pub(crate) base_url: String,
    pub(crate) authority: Authority,
    pub(crate) limits: Limits,
    store: Mutex<Store>,
    log: Mutex<Vec<RecordedRequest>>,
}

impl Shared {
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn token_url(&self) -> String {
        format!("{}{TOKEN_PATH}", self.base_url)
    }

    pub(crate) fn record(&self, request: RecordedRequest) {
        self.log
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(request);
    }
}

/// Configures an [`OktaServer`]: registered service apps and API tokens, token lifetime, rate
/// limits and initial groups.
#[derive(Debug, Clone)]
pub struct OktaServerBuilder {
    apps: Vec<(String, String, Vec<String>)>,
    api_tokens: Vec<String>,
    token_lifetime: Duration,
    window: Duration,
    default_limit: u32,
    limits: HashMap<String, u32>,
    groups: Vec<(String, Option<String>)>,
}

impl Default for OktaServerBuilder {
    fn default() -> Self {
        OktaServerBuilder {
            apps: Vec::new(),
            api_tokens: Vec::new(),
            token_lifetime: Duration::from_secs(3600),
            window: Duration::from_secs(60),
            default_limit: 600,
            limits: HashMap::new(),
            groups: Vec::new(),
        }
    }
}

impl OktaServerBuilder {
    /// Registers a service app: its client id, its public key (PEM, RSA or P-256) that verifies
    /// its client assertions, and the scopes an admin granted it.
    pub fn service_app(
        mut self,
        client_id: &str,
        public_key_pem: &str,
        granted_scopes: &[&str],
    ) -> Self {
        self.apps.push((
            client_id.to_owned(),
            public_key_pem.to_owned(),
            granted_scopes.iter().map(|s| (*s).to_owned()).collect(),
        ));
        self
    }

    /// Accepts `Authorization: SSWS <token>` (a legacy API token, acting with all permissions).
    pub fn api_token(mut self, token: &str) -> Self {
        self.api_tokens.push(token.to_owned());
        self
    }

    /// The lifetime of issued access tokens (`expires_in`; default one hour, like Okta).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// The length of a rate-limit window (default 60 s).
    pub fn rate_limit_window(mut self, window: Duration) -> Self {
        self.window = window;
        self
    }

    /// Requests per window for every endpoint without its own limit (default 600).
    pub fn default_rate_limit(mut self, limit: u32) -> Self {
        self.default_limit = limit;
        self
    }

    /// Requests per window for one endpoint, named `<METHOD> <route>` as routed, e.g.
    /// `GET /api/v1/users/{id}` or `POST /api/v1/users`.
    pub fn rate_limit(mut self, endpoint: &str, limit: u32) -> Self {
        self.limits.insert(endpoint.to_owned(), limit);
        self
    }

    /// Creates a group when the server starts.
    pub fn group(mut self, name: &str, description: &str) -> Self {
        self.groups
            .push((name.to_owned(), Some(description.to_owned())));
        self
    }

    /// Binds `127.0.0.1` on a free port and serves in a background task until the returned
    /// server is dropped. Fails if the port cannot be bound or a public key does not parse.
    pub async fn start(self) -> io::Result<OktaServer> {
        let mut apps = HashMap::new();
        for (client_id, pem, granted) in self.apps {
            let key = DecodingKey::from_rsa_pem(pem.as_bytes())
                .or_else(|_| DecodingKey::from_ec_pem(pem.as_bytes()))
                .map_err(|_| {
                    io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!(
                            "the public key of service app {client_id} is not an RSA or EC PEM key"
                        ),
                    )
                })?;
            let granted: BTreeSet<String> = granted.into_iter().collect();
            apps.insert(client_id, ServiceApp { key, granted });
        }
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let mut store = Store::default();
        for (name, description) in &self.groups {
            store.insert_group(name, description.as_deref());
        }
        let shared = Arc::new(Shared {
            base_url: base_url.clone(),
            authority: Authority::new(
                apps,
                self.api_tokens.into_iter().collect::<HashSet<_>>(),
                self.token_lifetime,
            ),
            limits: Limits::new(self.window, self.default_limit, self.limits),
            store: Mutex::new(store),
            log: Mutex::new(Vec::new()),
        });
        let app = routes::router(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            // The task ends only when the server is dropped (aborted) or the socket fails.
            let _ = axum::serve(listener, app).await;
        });
        Ok(OktaServer { shared, task })
    }
}

/// A running local Okta org. Dropping it stops the server.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// use okta_helpdesk::demo_key::PUBLIC_KEY_PEM;
/// use okta_helpdesk::okta_server::OktaServer;
/// let okta = OktaServer::builder()
///     .service_app("0oa-helpdesk", PUBLIC_KEY_PEM, &["okta.users.read"])
///     .group("Support", "Help desk staff")
///     .start()
///     .await?;
/// println!("Okta at {}, token endpoint {}", okta.base_url(), okta.token_url());
/// # Ok(())
/// # }
/// ```
pub struct OktaServer {
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for OktaServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OktaServer")
            .field("base_url", &self.shared.base_url)
            .finish_non_exhaustive()
    }
}

impl Drop for OktaServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl OktaServer {
    /// Starts configuring a server.
    pub fn builder() -> OktaServerBuilder {
        OktaServerBuilder::default()
    }

    /// The org URL, e.g. `http://127.0.0.1:41234` (no trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The token endpoint's URL (the audience of client assertions).
    pub fn token_url(&self) -> String {
        self.shared.token_url()
    }

    /// Every request received so far, in the order they were answered.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared
            .log
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// How many requests with `method` reached exactly `path`.
    pub fn count(&self, method: &str, path: &str) -> usize {
        self.requests()
            .iter()
            .filter(|request| request.method == method && request.path == path)
            .count()
    }

    /// How many access tokens the token endpoint has issued.
    pub fn tokens_issued(&self) -> usize {
        self.shared.authority.issued()
    }

    /// Expires every access token issued so far, as if its lifetime had passed: the next call
    /// with one gets 401 E0000011 "The token has expired.".
    pub fn expire_tokens(&self) {
        self.shared.authority.expire_tokens();
    }

    /// Adds `count` ACTIVE users directly (no request is logged), with logins
    /// `<prefix><n>@example.com`; returns their ids in list order.
    pub fn seed_users(&self, count: usize, prefix: &str) -> Vec<String> {
        let mut store = self.shared.store();
        (0..count)
            .map(|n| {
                let login = format!("{prefix}{n}@example.com");
                let profile = json!({
                    "login": login, "email": login,
                    "firstName": "Seed", "lastName": format!("User {n}"),
                });
                let Value::Object(profile) = profile else {
                    return String::new();
                };
                store.insert_user(profile, Status::Active, true).id.clone()
            })
            .collect()
    }

    /// A user by id or login, as `GET /api/v1/users/{idOrLogin}` renders it.
    pub fn user(&self, id_or_login: &str) -> Option<Value> {
        self.shared
            .store()
            .find_user(id_or_login)
            .map(|user| user.render(&self.shared.base_url))
    }

    /// How many users exist (every status).
    pub fn user_count(&self) -> usize {
        self.shared.store().users.len()
    }

    /// The admin role types assigned to a user, in assignment order.
    pub fn roles_of(&self, user_id: &str) -> Vec<String> {
        self.shared
            .store()
            .roles
            .get(user_id)
            .into_iter()
            .flatten()
            .map(|role| role.role_type.clone())
            .collect()
    }

    /// The id of the group named `name`.
    pub fn group_id(&self, name: &str) -> Option<String> {
        self.shared
            .store()
            .groups
            .values()
            .find(|group| group.name() == name)
            .map(|group| group.id.clone())
    }

    /// The ids of a group's members.
    pub fn members_of(&self, group_id: &str) -> Vec<String> {
        self.shared
            .store()
            .members
            .get(group_id)
            .into_iter()
            .flatten()
            .cloned()
            .collect()
    }

    /// A user's profile attributes.
    pub fn profile_of(&self, user_id: &str) -> Option<Map<String, Value>> {
        self.shared
            .store()
            .users
            .get(user_id)
            .map(|user| user.profile.clone())
    }
}
