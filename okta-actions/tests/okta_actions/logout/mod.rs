//! The standard Universal Logout endpoint, black-box over loopback sockets: a fake Okta org
//! serves its JWKS, the endpoint is served by `UniversalLogoutConfig::into_router`, and a
//! recording `#[universal_logout_action]` handler answers.

mod accept;
mod body;
mod config;
mod jwks;
mod keys;
mod reject;
pub(crate) mod support;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Value, json};

/// The fixture keys are consistent: each private key's signature verifies with its PEM public
/// key and with its precomputed JWK `n`/`e`, and not with the other key.
#[test]
fn fixture_keys_match_their_jwk_components() {
    let claims = json!({"exp": 4_000_000_000_u64});
    let pairs = [
        (keys::PRIVATE_A, keys::PUBLIC_A, keys::N_A),
        (keys::PRIVATE_B, keys::PUBLIC_B, keys::N_B),
    ];
    for (i, (private, public, n)) in pairs.iter().enumerate() {
        let key = EncodingKey::from_rsa_pem(private.as_bytes()).unwrap();
        let token = jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &key).unwrap();
        let validation = Validation::new(Algorithm::RS256);
        let from_pem = DecodingKey::from_rsa_pem(public.as_bytes()).unwrap();
        let from_jwk = DecodingKey::from_rsa_components(n, keys::E).unwrap();
        assert!(jsonwebtoken::decode::<Value>(&token, &from_pem, &validation).is_ok());
        assert!(jsonwebtoken::decode::<Value>(&token, &from_jwk, &validation).is_ok());
        let (_, _, other_n) = pairs[1 - i];
        let other = DecodingKey::from_rsa_components(other_n, keys::E).unwrap();
        assert!(jsonwebtoken::decode::<Value>(&token, &other, &validation).is_err());
    }
}
