//! The harness: a fake Okta org serving its JWKS on loopback (counting fetches), the logout
//! endpoint served on loopback, a recording `UniversalLogout` handler, and a token minter that
//! can break a token in exactly one way.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey};
use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType, TenantContext};
use okta_actions::contracts::{
    Capability, LogoutStatus, Secret, UniversalLogoutInput, UniversalLogoutOutput,
};
use okta_actions::server::logout::{TrustedIssuer, UniversalLogoutConfig};
use okta_actions::server::{Adapter, RunningAdapter};
use okta_actions::{ActionContext, ActionError, Integration, universal_logout_action};
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tracing::subscriber::DefaultGuard;
use tracing_subscriber::util::SubscriberInitExt as _;

use super::keys;

/// The app's client id at the fake org: the `sub` of its tokens.
pub(crate) const CLIENT_ID: &str = "0oa-logout-app";
/// The path Okta calls.
pub(crate) const PATH: &str = "/global-token-revocation";

/// One of the fixture key pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    A,
    B,
}

impl Key {
    pub(crate) fn kid(self) -> &'static str {
        match self {
            Key::A => "key-a",
            Key::B => "key-b",
        }
    }

    pub(crate) fn jwk(self) -> Value {
        let n = match self {
            Key::A => keys::N_A,
            Key::B => keys::N_B,
        };
        json!({"kty": "RSA", "alg": "RS256", "use": "sig", "kid": self.kid(), "n": n, "e": keys::E})
    }

    pub(crate) fn private_pem(self) -> &'static str {
        match self {
            Key::A => keys::PRIVATE_A,
            Key::B => keys::PRIVATE_B,
        }
    }
}

/// A fake Okta org: serves `GET /oauth2/v1/keys` and counts the fetches.
pub(crate) struct Okta {
    /// `http://127.0.0.1:<port>`, the `iss` of its tokens.
    pub(crate) issuer: String,
    jwks: Arc<Jwks>,
}

#[derive(Default)]
struct Jwks {
    keys: Mutex<Vec<Value>>,
    fetches: AtomicUsize,
}

impl Okta {
    /// An org publishing `published`.
    pub(crate) async fn start(published: &[Key]) -> Okta {
        let jwks = Arc::new(Jwks::default());
        let router = Router::new()
            .route("/oauth2/v1/keys", get(serve_jwks))
            .with_state(Arc::clone(&jwks));
        let (listener, base) = bind().await;
        tokio::spawn(async move { axum::serve(listener, router).await });
        let okta = Okta { issuer: base, jwks };
        okta.publish(published);
        okta
    }

    /// Replaces the published keys (a rotation).
    pub(crate) fn publish(&self, published: &[Key]) {
        *self
            .jwks
            .keys
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = published.iter().map(|k| k.jwk()).collect();
    }

    /// How many times the JWKS was fetched.
    pub(crate) fn fetches(&self) -> usize {
        self.jwks.fetches.load(Ordering::SeqCst)
    }

    /// A token from this org for `endpoint`, valid in every respect, signed with key A.
    pub(crate) fn token(&self, endpoint: &Endpoint) -> TokenBuilder {
        TokenBuilder::new(&self.issuer, &endpoint.url)
    }

    /// Trusts this org's app `CLIENT_ID`, logging out from the `acme` tenant.
    pub(crate) fn trusted(&self) -> TrustedIssuer {
        TrustedIssuer::new(&self.issuer, CLIENT_ID, tenant("acme"))
    }
}

async fn serve_jwks(State(jwks): State<Arc<Jwks>>) -> Json<Value> {
    jwks.fetches.fetch_add(1, Ordering::SeqCst);
    let keys = jwks
        .keys
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    Json(json!({ "keys": keys }))
}

/// A loopback listener and its `http://` base URL.
pub(crate) async fn bind() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("local addr");
    (listener, format!("http://{addr}"))
}

/// The vendor connection of tenant `subdomain`: the vendor client's base URL names it.
pub(crate) fn tenant(subdomain: &str) -> TenantContext {
    TenantContext::new(
        [("subdomain".to_owned(), subdomain.to_owned())],
        Some(Secret::new("Bearer tenant-secret-123")),
    )
}

/// The integration under test: the recording handler and a vendor connection per tenant.
pub(crate) fn integration() -> Arc<Integration> {
    let mapping = AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::Custom)
        .base_url("https://{app.subdomain}.vendor.example/api")
        .credential(CredentialMapping::Bearer)
        .build()
        .expect("valid auth mapping");
    Arc::new(
        Integration::builder("Acme")
            .capability(Capability::UniversalLogout)
            .action(record_logout)
            .auth(mapping)
            .build()
            .expect("valid integration"),
    )
}

/// The logout endpoint served on loopback.
pub(crate) struct Endpoint {
    /// The endpoint URL, the `aud` of valid tokens.
    pub(crate) url: String,
    /// Where requests are sent: the endpoint URL, or a replica's own socket behind it.
    target: String,
    client: reqwest::Client,
}

impl Endpoint {
    /// Serves `config(UniversalLogoutConfig::new(url))` for the recording integration.
    pub(crate) async fn start(
        config: impl FnOnce(UniversalLogoutConfig) -> UniversalLogoutConfig,
    ) -> Endpoint {
        let (listener, base) = bind().await;
        let url = format!("{base}{PATH}");
        let router = config(UniversalLogoutConfig::new(&url))
            .into_router(integration())
            .expect("valid logout config");
        tokio::spawn(async move { axum::serve(listener, router).await });
        Endpoint {
            target: url.clone(),
            url,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(20))
                .build()
                .expect("client"),
        }
    }

    /// Another replica behind the same endpoint URL (the same `aud`), served on its own
    /// socket with `config(UniversalLogoutConfig::new(url))`.
    pub(crate) async fn replica(
        &self,
        config: impl FnOnce(UniversalLogoutConfig) -> UniversalLogoutConfig,
    ) -> Endpoint {
        let (listener, base) = bind().await;
        let router = config(UniversalLogoutConfig::new(&self.url))
            .into_router(integration())
            .expect("valid logout config");
        tokio::spawn(async move { axum::serve(listener, router).await });
        Endpoint {
            url: self.url.clone(),
            target: format!("{base}{PATH}"),
            client: self.client.clone(),
        }
    }

    /// The endpoint trusting `okta`, mounted on an [`Adapter`] beside its other routes (so its
    /// answers are counted and `/metrics` is served); the running adapter is returned with it.
    pub(crate) async fn in_adapter(okta: &Okta) -> (Endpoint, RunningAdapter) {
        let (listener, base) = bind().await;
        let url = format!("{base}{PATH}");
        let running = Adapter::new(Arc::unwrap_or_clone(integration()))
            .universal_logout(UniversalLogoutConfig::new(&url).with_trusted_issuer(okta.trusted()))
            .expect("valid logout config")
            .serve(listener)
            .expect("serve");
        let endpoint = Endpoint {
            target: url.clone(),
            url,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(20))
                .build()
                .expect("client"),
        };
        (endpoint, running)
    }

    /// An endpoint trusting `okta`'s app `CLIENT_ID` with default settings.
    pub(crate) async fn trusting(okta: &Okta) -> Endpoint {
        Endpoint::start(|c| c.with_trusted_issuer(okta.trusted())).await
    }

    /// POSTs `body` with `authorization` (the whole header value) to this replica.
    pub(crate) async fn post_raw(
        &self,
        authorization: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        self.post_to(&self.target, authorization, body).await
    }

    /// POSTs `body` with `authorization` to `url`.
    pub(crate) async fn post_to(
        &self,
        url: &str,
        authorization: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .body(body);
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        request.send().await.expect("the endpoint answers")
    }

    /// POSTs `{"sub_id": {"format": "email", "email": email}}` with `Bearer token`; the status.
    pub(crate) async fn logout_email(&self, token: &str, email: &str) -> u16 {
        let body = json!({"sub_id": {"format": "email", "email": email}});
        self.post_raw(Some(&format!("Bearer {token}")), body.to_string())
            .await
            .status()
            .as_u16()
    }
}

/// A user identifier no other test uses.
pub(crate) fn unique(prefix: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::SeqCst))
}

/// A unique email address; its local part steers the handler (see [`record_logout`]).
pub(crate) fn email(local: &str) -> String {
    format!("{}@acme.example", unique(local))
}

pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64
}

/// A JWT as Okta mints it (okta-facts §4), changeable one field at a time.
pub(crate) struct TokenBuilder {
    header: Map<String, Value>,
    claims: Map<String, Value>,
    signer: Signer,
}

enum Signer {
    Rsa(Key),
    Hmac(&'static [u8]),
    Unsigned,
}

impl TokenBuilder {
    fn new(issuer: &str, audience: &str) -> Self {
        let now = now();
        let header =
            json!({"alg": "RS256", "typ": "global-token-revocation+jwt", "kid": Key::A.kid()});
        let claims = json!({
            "iss": issuer, "sub": CLIENT_ID, "aud": audience, "jti": unique("jti"),
            "iat": now, "nbf": now - 300, "exp": now + 300,
        });
        TokenBuilder {
            header: header.as_object().cloned().expect("object"),
            claims: claims.as_object().cloned().expect("object"),
            signer: Signer::Rsa(Key::A),
        }
    }

    /// Sets a header field.
    pub(crate) fn header(mut self, name: &str, value: Value) -> Self {
        self.header.insert(name.to_owned(), value);
        self
    }

    /// Removes a header field.
    pub(crate) fn without_header(mut self, name: &str) -> Self {
        self.header.remove(name);
        self
    }

    /// Sets a claim.
    pub(crate) fn claim(mut self, name: &str, value: Value) -> Self {
        self.claims.insert(name.to_owned(), value);
        self
    }

    /// Removes a claim.
    pub(crate) fn without_claim(mut self, name: &str) -> Self {
        self.claims.remove(name);
        self
    }

    /// Signs with `key` and names it in `kid`.
    pub(crate) fn key(self, key: Key) -> Self {
        self.header("kid", json!(key.kid())).signed_by(key)
    }

    /// Signs with `key` whatever `kid` says.
    pub(crate) fn signed_by(mut self, key: Key) -> Self {
        self.signer = Signer::Rsa(key);
        self
    }

    /// `alg: HS256`, with `secret` as the HMAC key.
    pub(crate) fn hmac(mut self, secret: &'static [u8]) -> Self {
        self.signer = Signer::Hmac(secret);
        self.header("alg", json!("HS256"))
    }

    /// `alg: none` and an empty signature.
    pub(crate) fn unsigned(mut self) -> Self {
        self.signer = Signer::Unsigned;
        self.header("alg", json!("none"))
    }

    /// The compact JWS.
    pub(crate) fn build(self) -> String {
        let part = |map: &Map<String, Value>| {
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(map).expect("json"))
        };
        let message = format!("{}.{}", part(&self.header), part(&self.claims));
        let signature = match self.signer {
            Signer::Rsa(key) => jsonwebtoken::crypto::sign(
                message.as_bytes(),
                &EncodingKey::from_rsa_pem(key.private_pem().as_bytes()).expect("rsa pem"),
                Algorithm::RS256,
            )
            .expect("rs256 signature"),
            Signer::Hmac(secret) => jsonwebtoken::crypto::sign(
                message.as_bytes(),
                &EncodingKey::from_secret(secret),
                Algorithm::HS256,
            )
            .expect("hs256 signature"),
            Signer::Unsigned => String::new(),
        };
        format!("{message}.{signature}")
    }
}

/// One call the handler received.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub(crate) request_id: String,
    pub(crate) input: UniversalLogoutInput,
    /// The vendor client's base URL: which tenant the call ran for.
    pub(crate) vendor_base_url: Option<String>,
}

static CALLS: Mutex<Vec<Call>> = Mutex::new(Vec::new());

/// The calls whose `externalUserName` or `externalUserId` is `id`.
pub(crate) fn calls_for(id: &str) -> Vec<Call> {
    CALLS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .filter(|c| {
            c.input.external_user_name.as_deref() == Some(id)
                || c.input.external_user_id.as_deref() == Some(id)
        })
        .cloned()
        .collect()
}

/// Records the call, then answers by the user identifier: one containing `unknown` is not
/// found, `stuck` is logoutStatus FAILURE, `broken` a generic failure, `refused` a vendor
/// credential refusal, `panics` panics; anyone else is logged out.
#[universal_logout_action]
async fn record_logout(
    ctx: &ActionContext,
    input: UniversalLogoutInput,
) -> Result<UniversalLogoutOutput, ActionError> {
    CALLS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Call {
            request_id: ctx.request_id().to_owned(),
            input: input.clone(),
            vendor_base_url: ctx.vendor().ok().map(|v| v.base_url().to_owned()),
        });
    let id = input
        .external_user_id
        .or(input.external_user_name)
        .unwrap_or_default();
    if id.contains("panics") {
        panic!("the mapping hit a bug for {id}");
    } else if id.contains("unknown") {
        Err(ActionError::not_found(format!("no user {id}")).with_http_status(404))
    } else if id.contains("stuck") {
        Ok(UniversalLogoutOutput {
            logout_status: LogoutStatus::Failure,
        })
    } else if id.contains("broken") {
        Err(ActionError::generic("the vendor is down").with_http_status(503))
    } else if id.contains("refused") {
        Err(
            ActionError::invalid_credentials("the tenant's API key was revoked")
                .with_http_status(401),
        )
    } else {
        Ok(UniversalLogoutOutput {
            logout_status: LogoutStatus::Success,
        })
    }
}

/// Log lines captured on this test's thread (the current-thread runtime also runs the servers'
/// tasks there), while the guard lives.
#[derive(Clone, Default)]
pub(crate) struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    /// Captures every event at debug level and above until the guard is dropped.
    pub(crate) fn capture() -> (Logs, DefaultGuard) {
        let logs = Logs::default();
        let writer = logs.clone();
        let guard = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish()
            .set_default();
        (logs, guard)
    }

    /// Everything captured so far.
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
