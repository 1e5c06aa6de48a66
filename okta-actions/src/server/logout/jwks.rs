//! An Okta org's signing keys (JWKS), fetched over HTTP and cached by `kid`.
//!
//! - The first request fetches the set; it is reused until it is older than the max age.
//! - An unknown `kid` causes one refetch (Okta rotates keys by publishing a new one); after it,
//!   and after a failed fetch, no fetch happens for the refetch interval, so a stream of tokens
//!   with made-up `kid`s cannot make the endpoint hammer the org.
//! - Concurrent misses wait for one fetch rather than each starting their own.
//! - When a refresh fails, the keys already known stay usable.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use jsonwebtoken::DecodingKey;
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, PublicKeyUse};
use serde::Deserialize;

/// The largest JWKS document read.
const MAX_JWKS_BYTES: usize = 256 * 1024;

/// Why no key could be found for a `kid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyError {
    /// The org publishes no usable RS256 key with this `kid`.
    UnknownKid,
    /// The key set could not be fetched and no key with this `kid` is known.
    Unavailable(String),
}

/// The cached key set of one JWKS URL.
pub(crate) struct JwksCache {
    url: String,
    client: reqwest::Client,
    refetch_interval: Duration,
    max_age: Duration,
    state: Mutex<State>,
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    keys: HashMap<String, DecodingKey>,
    loaded_at: Option<Instant>,
    quiet_until: Option<Instant>,
}

impl fmt::Debug for JwksCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwksCache")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl JwksCache {
    pub(crate) fn new(
        url: String,
        client: reqwest::Client,
        refetch_interval: Duration,
        max_age: Duration,
    ) -> Self {
        JwksCache {
            url,
            client,
            refetch_interval,
            max_age,
            state: Mutex::new(State::default()),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// The key with this `kid`, fetching the set when it is missing, stale or lacks the `kid`
    /// (within the refetch limits).
    pub(crate) async fn key(&self, kid: &str) -> Result<DecodingKey, KeyError> {
        if let Some(key) = self.fresh_key(kid) {
            return Ok(key);
        }
        let _one_fetch_at_a_time = self.fetching.lock().await;
        let now = Instant::now();
        let kid_miss = {
            let state = self.lock();
            let fresh = self.is_fresh(&state, now);
            if fresh && let Some(key) = state.keys.get(kid) {
                return Ok(key.clone());
            }
            if state.quiet_until.is_some_and(|until| now < until) {
                return state.keys.get(kid).cloned().ok_or_else(|| {
                    if state.loaded_at.is_some() {
                        KeyError::UnknownKid
                    } else {
                        KeyError::Unavailable("the last fetch failed; not retrying yet".into())
                    }
                });
            }
            fresh
        };
        let fetched = self.fetch().await;
        let mut state = self.lock();
        match fetched {
            Ok(keys) => {
                tracing::debug!(jwks_url = %self.url, keys = keys.len(), "fetched signing keys");
                state.keys = keys;
                state.loaded_at = Some(now);
                if kid_miss || !state.keys.contains_key(kid) {
                    state.quiet_until = Some(now + self.refetch_interval);
                }
                state.keys.get(kid).cloned().ok_or(KeyError::UnknownKid)
            }
            Err(reason) => {
                tracing::warn!(jwks_url = %self.url, %reason, "cannot fetch signing keys");
                state.quiet_until = Some(now + self.refetch_interval);
                state
                    .keys
                    .get(kid)
                    .cloned()
                    .ok_or(KeyError::Unavailable(reason))
            }
        }
    }

    fn fresh_key(&self, kid: &str) -> Option<DecodingKey> {
        let state = self.lock();
        self.is_fresh(&state, Instant::now())
            .then(|| state.keys.get(kid).cloned())
            .flatten()
    }

    fn is_fresh(&self, state: &State, now: Instant) -> bool {
        state
            .loaded_at
            .is_some_and(|at| now.saturating_duration_since(at) < self.max_age)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// GETs the set and keeps its RS256 signing keys that carry a `kid`.
    async fn fetch(&self) -> Result<HashMap<String, DecodingKey>, String> {
        let mut response = self
            .client
            .get(&self.url)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| format!("request failed: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("answered HTTP {}", response.status().as_u16()));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| format!("reading the answer failed: {e}"))?
        {
            if body.len() + chunk.len() > MAX_JWKS_BYTES {
                return Err(format!("the key set is larger than {MAX_JWKS_BYTES} bytes"));
            }
            body.extend_from_slice(&chunk);
        }
        parse_key_set(&body)
    }
}

/// The usable keys of a JWKS document: RSA, for signing, RS256 or no `alg`, with a `kid`.
/// Other keys (encryption keys, other types) are skipped, not errors.
fn parse_key_set(body: &[u8]) -> Result<HashMap<String, DecodingKey>, String> {
    #[derive(Deserialize)]
    struct KeySet {
        keys: Vec<serde_json::Value>,
    }
    let set: KeySet =
        serde_json::from_slice(body).map_err(|e| format!("not a JSON Web Key Set: {e}"))?;
    let mut keys = HashMap::new();
    for value in set.keys {
        let Ok(jwk) = serde_json::from_value::<Jwk>(value) else {
            continue;
        };
        let usable = matches!(jwk.algorithm, AlgorithmParameters::RSA(_))
            && jwk
                .common
                .public_key_use
                .as_ref()
                .is_none_or(|u| *u == PublicKeyUse::Signature)
            && jwk
                .common
                .key_algorithm
                .is_none_or(|a| a == jsonwebtoken::jwk::KeyAlgorithm::RS256);
        let Some(kid) = jwk.common.key_id.clone() else {
            continue;
        };
        if !usable {
            continue;
        }
        if let Ok(key) = DecodingKey::from_jwk(&jwk) {
            keys.insert(kid, key);
        }
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_rsa_signing_keys_with_a_kid_are_kept() {
        let n = "sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw";
        let body = serde_json::json!({"keys": [
            {"kty": "RSA", "kid": "sig", "use": "sig", "alg": "RS256", "n": n, "e": "AQAB"},
            {"kty": "RSA", "kid": "no-alg", "n": n, "e": "AQAB"},
            {"kty": "RSA", "kid": "enc", "use": "enc", "n": n, "e": "AQAB"},
            {"kty": "RSA", "kid": "rs512", "alg": "RS512", "n": n, "e": "AQAB"},
            {"kty": "RSA", "n": n, "e": "AQAB"},
            {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"},
            {"kty": "made-up", "kid": "odd"}
        ]});
        let keys = parse_key_set(body.to_string().as_bytes()).unwrap();
        let mut kids: Vec<_> = keys.keys().map(String::as_str).collect();
        kids.sort_unstable();
        assert_eq!(kids, ["no-alg", "sig"]);
        assert!(parse_key_set(b"{\"no\": []}").is_err());
    }
}
