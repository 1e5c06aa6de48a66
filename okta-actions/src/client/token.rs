//! OAuth 2.0 tokens for one tenant: obtained from the token endpoint (client credentials or
//! refresh-token grant), cached, refreshed before expiry, single-flight.

use std::fmt;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use okta_actions_contracts::{ErrorType, Secret};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde::Deserialize;
use tokio::sync::Mutex;
use url::form_urlencoded;

use super::VendorError;
use super::assertion::{AssertionSigner, CLIENT_ASSERTION_TYPE};
use super::credential::sensitive_value;
use super::redact::Redactor;
use crate::auth::ClientAuthMethod;

/// Lifetime assumed when the token response has no `expires_in`.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);

/// The longest a token is cached, whatever `expires_in` says: a day's refresh costs nothing,
/// and an absurd lifetime (`u64::MAX` seconds) cannot overflow the refresh instant.
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// The grant used at the token endpoint.
#[derive(Clone)]
pub(crate) enum Grant {
    /// `grant_type=client_credentials`.
    ClientCredentials,
    /// `grant_type=refresh_token` with the tenant's refresh token.
    RefreshToken(Secret),
}

/// Everything needed to obtain tokens for one tenant.
#[derive(Clone)]
pub(crate) struct TokenSpec {
    pub(crate) token_url: url::Url,
    pub(crate) client_id: String,
    /// The client secret, or the PEM private key for `private_key_jwt`.
    pub(crate) secret: Secret,
    pub(crate) method: ClientAuthMethod,
    pub(crate) scopes: Vec<String>,
    pub(crate) grant: Grant,
}

impl TokenSpec {
    /// The `client_secret_basic` credential: base64 of the form-encoded `id:secret` (RFC 6749
    /// §2.3.1).
    pub(crate) fn basic_header_value(&self) -> String {
        let encode =
            |text: &str| form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
        STANDARD.encode(format!(
            "{}:{}",
            encode(&self.client_id),
            encode(self.secret.expose())
        ))
    }
}

/// How the client proves itself at the token endpoint.
enum ClientAuth {
    SecretBasic,
    SecretPost,
    Jwt(AssertionSigner),
}

/// A cached access token.
struct Cached {
    access: Secret,
    refresh_at: Instant,
}

/// The mutable part: the current access token and, for the refresh-token grant, the current
/// refresh token (servers may rotate it).
struct Slot {
    current: Option<Cached>,
    refresh_token: Option<Secret>,
}

/// One tenant's token cache. [`TokenCache::access_token`] holds an async lock while it fetches,
/// so however many requests find the cache cold or stale, one token request is in flight.
pub(crate) struct TokenCache {
    spec: TokenSpec,
    auth: ClientAuth,
    skew: Duration,
    slot: Mutex<Slot>,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("token_url", &self.spec.token_url.as_str())
            .field("method", &self.spec.method)
            .finish_non_exhaustive()
    }
}

/// The token endpoint's success answer.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: Secret,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
    #[serde(default)]
    refresh_token: Option<Secret>,
}

impl TokenCache {
    /// A cold cache. Fails (`INVALID_CREDENTIALS`) when a `private_key_jwt` key is unusable.
    /// Tokens are refreshed `skew` before they expire (at most half their lifetime early).
    pub(crate) fn new(spec: TokenSpec, skew: Duration) -> Result<Self, VendorError> {
        let auth = match spec.method {
            ClientAuthMethod::ClientSecretBasic => ClientAuth::SecretBasic,
            ClientAuthMethod::ClientSecretPost => ClientAuth::SecretPost,
            ClientAuthMethod::PrivateKeyJwt => ClientAuth::Jwt(
                AssertionSigner::from_pem(&spec.secret)
                    .map_err(VendorError::invalid_credentials)?,
            ),
        };
        let refresh_token = match &spec.grant {
            Grant::ClientCredentials => None,
            Grant::RefreshToken(token) => Some(token.clone()),
        };
        Ok(TokenCache {
            spec,
            auth,
            skew,
            slot: Mutex::new(Slot {
                current: None,
                refresh_token,
            }),
        })
    }

    /// A valid access token: the cached one, or a fresh one from the token endpoint.
    pub(crate) async fn access_token(
        &self,
        http: &reqwest::Client,
        timeout: Duration,
        redactor: &Redactor,
    ) -> Result<Secret, VendorError> {
        let mut slot = self.slot.lock().await;
        if let Some(cached) = &slot.current
            && Instant::now() < cached.refresh_at
        {
            return Ok(cached.access.clone());
        }
        slot.current = None;
        let started = Instant::now();
        let answer = self
            .fetch(http, timeout, slot.refresh_token.as_ref(), redactor)
            .await?;
        let lifetime = answer
            .expires_in
            .as_ref()
            .and_then(|value| match value {
                serde_json::Value::Number(n) => n.as_u64(),
                serde_json::Value::String(s) => s.parse().ok(),
                _ => None,
            })
            .map_or(DEFAULT_LIFETIME, Duration::from_secs)
            .min(MAX_LIFETIME);
        let early = self.skew.min(lifetime / 2);
        tracing::debug!(
            token_url = self.spec.token_url.path(),
            lifetime_s = lifetime.as_secs(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "obtained an access token"
        );
        if let Some(rotated) = answer.refresh_token {
            slot.refresh_token = Some(rotated);
        }
        slot.current = Some(Cached {
            access: answer.access_token.clone(),
            refresh_at: started + lifetime.saturating_sub(early),
        });
        Ok(answer.access_token)
    }

    /// Drops the cached token if it is still `used` (the one the vendor refused), so the next
    /// [`TokenCache::access_token`] fetches a new one; a token already replaced is kept.
    pub(crate) async fn invalidate(&self, used: &Secret) {
        let mut slot = self.slot.lock().await;
        if slot
            .current
            .as_ref()
            .is_some_and(|cached| cached.access == *used)
        {
            slot.current = None;
        }
    }

    /// One request to the token endpoint.
    async fn fetch(
        &self,
        http: &reqwest::Client,
        timeout: Duration,
        refresh_token: Option<&Secret>,
        redactor: &Redactor,
    ) -> Result<TokenResponse, VendorError> {
        let (request, assertion) = self.token_request(http, timeout, refresh_token)?;
        let redactor = match &assertion {
            Some(assertion) => redactor.with(assertion),
            None => redactor.clone(),
        };
        let path = self.spec.token_url.path();
        let context = |err: VendorError| err.with_detail(format!("token endpoint {path}"));
        let response = request
            .send()
            .await
            .map_err(|err| context(VendorError::transport(&err, timeout, &redactor)))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|err| context(VendorError::transport(&err, timeout, &redactor)))?;
        if !(200..300).contains(&status) {
            return Err(context(self.refusal(status, &headers, &body, &redactor)));
        }
        serde_json::from_slice::<TokenResponse>(&body).map_err(|_| {
            context(VendorError::generic(
                "the token endpoint's answer is not JSON with an `access_token`",
            ))
        })
    }

    /// The token request: grant, scopes and client authentication. Also returns the client
    /// assertion, if one was signed, so it can be scrubbed from messages.
    fn token_request(
        &self,
        http: &reqwest::Client,
        timeout: Duration,
        refresh_token: Option<&Secret>,
    ) -> Result<(reqwest::RequestBuilder, Option<Secret>), VendorError> {
        let spec = &self.spec;
        let mut form = form_urlencoded::Serializer::new(String::new());
        match refresh_token {
            Some(token) => form
                .append_pair("grant_type", "refresh_token")
                .append_pair("refresh_token", token.expose()),
            None => form.append_pair("grant_type", "client_credentials"),
        };
        if !spec.scopes.is_empty() {
            form.append_pair("scope", &spec.scopes.join(" "));
        }
        let mut request = http
            .post(spec.token_url.clone())
            .timeout(timeout)
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        let mut assertion = None;
        match &self.auth {
            ClientAuth::SecretBasic => {
                let value = sensitive_value(&format!("Basic {}", spec.basic_header_value()))?;
                request = request.header(AUTHORIZATION, value);
            }
            ClientAuth::SecretPost => {
                form.append_pair("client_id", &spec.client_id)
                    .append_pair("client_secret", spec.secret.expose());
            }
            ClientAuth::Jwt(signer) => {
                let signed = signer
                    .sign(&spec.client_id, spec.token_url.as_str())
                    .map_err(VendorError::invalid_credentials)?;
                form.append_pair("client_id", &spec.client_id)
                    .append_pair("client_assertion_type", CLIENT_ASSERTION_TYPE)
                    .append_pair("client_assertion", signed.expose());
                assertion = Some(signed);
            }
        }
        Ok((request.body(form.finish()), assertion))
    }

    /// Classifies a refused token request: a rejected refresh token is `TOKEN_EXPIRED`, a
    /// rejected client `INVALID_CREDENTIALS`.
    fn refusal(
        &self,
        status: u16,
        headers: &reqwest::header::HeaderMap,
        body: &[u8],
        redactor: &Redactor,
    ) -> VendorError {
        let err = VendorError::from_response(status, headers, body, false, redactor);
        let refresh_refused = matches!(self.spec.grant, Grant::RefreshToken(_))
            && err.code() == Some("invalid_grant");
        let kind = if refresh_refused {
            ErrorType::TokenExpired
        } else if matches!(status, 400 | 401 | 403) {
            ErrorType::InvalidCredentials
        } else {
            err.error_type()
        };
        err.with_type(kind)
    }
}
