//! An Okta org for the conformance run, in-process: it publishes its signing key at
//! `{issuer}/oauth2/v1/keys` and signs global-token-revocation JWTs exactly as okta-facts §4
//! describes, so the adapter's standard Universal Logout endpoint is exercised with real RS256
//! signatures and a real JWKS fetch.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::routing::get;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The org's signing key. It protects nothing: the conformance run's adapter is the only party
/// that ever trusts it, and only for the length of one run on loopback.
const KEY_PEM: &str = include_str!("okta-org-key.pem");
/// The key's RSA modulus (base64url), published in the JWKS.
const KEY_N: &str = "r8GpRtS_mg_BwkA6uMAKgz8DEIY_hWX8bWbfTHZude_oVi21JvBibaIFRB1dPhvBNpWiE5LraOXQJQ2gYhfcQMut5LrgEsFPnhSs_v1MfYAsN7yg5tlT9Qgdl5tc3mhIk0Q8kS0Dm3qOFvrz4XFuJsIq8mr0iSSDUInYDkagml_boNJpkVELYDKrjiSV6S6Xe_CYY_BzOWHLh5_YAgJHIeYrOvlvGpmVEoFQWceTMBldHEqkVRZdQ_4GwAduut5uoLmuo6MCC-gJvU0d1HMoczKUssrWQdfC6o9QUKkOxdkWf24oGGdGCYTbuO-8jWLWbrzxPxkE7byikNQtJUgqQQ";
const KID: &str = "okta-actions-conformance";

/// The app whose instance the tokens are for (the JWT `sub`).
pub(crate) const SUBJECT: &str = "0oa-okta-actions-conformance";

/// A running org; stops when dropped.
pub(crate) struct OktaOrg {
    issuer: String,
    server: JoinHandle<()>,
}

impl OktaOrg {
    /// Serves the org's JWKS on 127.0.0.1.
    pub(crate) async fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let issuer = format!("http://{}", listener.local_addr()?);
        let jwks = json!({"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": KID, "n": KEY_N, "e": "AQAB"}]});
        let router = axum::Router::new().route(
            "/oauth2/v1/keys",
            get(move || {
                let jwks = jwks.clone();
                async move { Json(jwks) }
            }),
        );
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Ok(OktaOrg { issuer, server })
    }

    /// The org URL (the JWT `iss`).
    pub(crate) fn issuer(&self) -> &str {
        &self.issuer
    }

    /// A token for the endpoint at `audience`, valid for five minutes either side of now, with
    /// a fresh `jti`.
    pub(crate) fn token(&self, audience: &str) -> Option<String> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
        let claims = json!({
            "iss": self.issuer,
            "sub": SUBJECT,
            "aud": audience,
            "iat": now,
            "nbf": now - 300,
            "exp": now + 300,
            "jti": format!("{:032x}", fastrand::u128(..)),
        });
        sign(&claims)
    }
}

#[cfg(test)]
impl OktaOrg {
    /// `claims` signed with the org's key and header, whatever they say.
    pub(crate) fn sign_claims(&self, claims: &Value) -> Option<String> {
        sign(claims)
    }
}

impl Drop for OktaOrg {
    fn drop(&mut self) {
        self.server.abort();
    }
}

fn sign(claims: &Value) -> Option<String> {
    let mut header = Header::new(Algorithm::RS256);
    header.typ = Some("global-token-revocation+jwt".to_owned());
    header.kid = Some(KID.to_owned());
    let key = EncodingKey::from_rsa_pem(KEY_PEM.as_bytes()).ok()?;
    jsonwebtoken::encode(&header, claims, &key).ok()
}
