//! `private_key_jwt` client assertions (RFC 7523): a short-lived JWT signed with the client's key.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use okta_actions_contracts::Secret;
use serde::Serialize;

/// How long an assertion is valid.
const ASSERTION_LIFETIME_SECS: u64 = 300;

/// The assertion type sent with `client_assertion`.
pub(crate) const CLIENT_ASSERTION_TYPE: &str =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    jti: String,
    iat: u64,
    exp: u64,
}

/// Signs client assertions with one private key: RS256 for RSA keys, ES256 for P-256 keys.
#[derive(Clone)]
pub(crate) struct AssertionSigner {
    key: EncodingKey,
    algorithm: Algorithm,
}

impl fmt::Debug for AssertionSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssertionSigner")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl AssertionSigner {
    /// Parses a PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC) and proves it can sign. The
    /// error message never contains key material.
    pub(crate) fn from_pem(pem: &Secret) -> Result<Self, &'static str> {
        let pem = pem.expose().as_bytes();
        let candidates = [
            EncodingKey::from_rsa_pem(pem).map(|key| (key, Algorithm::RS256)),
            EncodingKey::from_ec_pem(pem).map(|key| (key, Algorithm::ES256)),
        ];
        let invalid = "the private key for private_key_jwt is not a valid RSA or P-256 PEM key";
        for (key, algorithm) in candidates.into_iter().flatten() {
            let signer = AssertionSigner { key, algorithm };
            if signer.sign("probe", "https://probe.invalid/token").is_ok() {
                return Ok(signer);
            }
        }
        Err(invalid)
    }

    /// A fresh assertion: `iss` = `sub` = `client_id`, `aud` = `audience` (the token URL), a
    /// unique `jti`, `iat` now and `exp` five minutes later.
    pub(crate) fn sign(&self, client_id: &str, audience: &str) -> Result<Secret, &'static str> {
        let iat = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_secs());
        let claims = Claims {
            iss: client_id,
            sub: client_id,
            aud: audience,
            jti: format!("{:032x}", fastrand::u128(..)),
            iat,
            exp: iat + ASSERTION_LIFETIME_SECS,
        };
        jsonwebtoken::encode(&Header::new(self.algorithm), &claims, &self.key)
            .map(Secret::new)
            .map_err(|_| "the client assertion could not be signed")
    }
}
