//! Authenticates a global token revocation request: the `Authorization: Bearer <JWT>` that Okta
//! signs with its org key (okta-facts §4). Every check runs before the body is read.
//!
//! Order: credential shape → JOSE header (`typ`, `alg`, `kid`, no `crit`) → unverified `iss`
//! picks a trusted org (and so its JWKS) → signature → `aud`, `exp`, `nbf` (with skew) →
//! `iat`, lifetime, `jti` → `sub` names a trusted app of that org (else 403) → `jti` replay.
//! The replay store is consulted last so that a token refused for another reason does not use
//! up its `jti`.

use std::fmt;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::HeaderValue;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};
use serde::Deserialize;
use serde_json::Value;

use super::config::normalize_issuer;
use super::jwks::{JwksCache, KeyError};
use super::replay::{Admission, ReplayGuard};
use crate::auth::TenantContext;

/// The JWT `typ` Okta sends (compared case-insensitively, with or without `application/`, as
/// RFC 7515 §4.1.9 allows).
const TOKEN_TYPE: &str = "global-token-revocation+jwt";
/// The longest bearer token looked at; Okta's are about 1 KiB.
const MAX_TOKEN_BYTES: usize = 8 * 1024;
/// The longest `jti` remembered.
const MAX_JTI_BYTES: usize = 256;

/// The runtime form of the configuration: trusted orgs and how to check their tokens.
#[derive(Debug)]
pub(crate) struct Verifier {
    /// The endpoint URL, the only accepted `aud`.
    pub(crate) audience: String,
    pub(crate) orgs: Vec<Org>,
    /// Seconds.
    pub(crate) clock_skew: u64,
    /// Seconds.
    pub(crate) max_token_lifetime: u64,
    pub(crate) replay: ReplayGuard,
}

/// A trusted Okta org: its issuer (without trailing `/`), keys and app instances.
#[derive(Debug)]
pub(crate) struct Org {
    pub(crate) issuer: String,
    pub(crate) jwks: Arc<JwksCache>,
    pub(crate) apps: Vec<App>,
}

/// One app instance of an org: the expected `sub` and the vendor connection it logs out from.
#[derive(Debug)]
pub(crate) struct App {
    pub(crate) subject: String,
    pub(crate) tenant: TenantContext,
}

/// An authenticated caller.
#[derive(Debug)]
pub(crate) struct Caller<'a> {
    pub(crate) issuer: &'a str,
    pub(crate) app: &'a App,
}

/// Why a request is refused before its body is looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// No credential at all (401, `WWW-Authenticate: Bearer`).
    MissingCredential,
    /// A credential that does not authenticate (401, `error="invalid_token"`).
    InvalidToken(String),
    /// A valid token from a trusted org, minted for an app instance this endpoint does not
    /// serve (403, `error="insufficient_scope"`).
    Forbidden(String),
    /// The replay store is full of live tokens (429 with `Retry-After`).
    Busy {
        /// Seconds.
        retry_after: u64,
    },
    /// The shared replay store cannot tell whether the token was used before (503).
    Unavailable,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::MissingCredential => f.write_str("no Authorization header"),
            Rejection::InvalidToken(reason) | Rejection::Forbidden(reason) => f.write_str(reason),
            Rejection::Busy { retry_after } => write!(
                f,
                "the jti replay store is full of unexpired tokens (retry in {retry_after} s)"
            ),
            Rejection::Unavailable => {
                f.write_str("the shared jti replay store is unavailable; the token is not accepted")
            }
        }
    }
}

fn invalid(reason: impl Into<String>) -> Rejection {
    Rejection::InvalidToken(reason.into())
}

/// The JOSE header fields that matter here.
#[derive(Deserialize)]
struct JoseHeader {
    alg: Option<String>,
    typ: Option<String>,
    kid: Option<String>,
    crit: Option<Value>,
}

/// The claims checked after the signature (exp, nbf and aud are checked by `jsonwebtoken`).
#[derive(Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    exp: u64,
    iat: Option<Value>,
    jti: Option<Value>,
}

impl Verifier {
    /// Authenticates the `Authorization` header value.
    pub(crate) async fn verify(
        &self,
        authorization: Option<&HeaderValue>,
    ) -> Result<Caller<'_>, Rejection> {
        let token = bearer_token(authorization)?;
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(_signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid(
                "the bearer token is not a compact JWS (three parts)",
            ));
        };

        let header: JoseHeader = decode_part(header)
            .ok_or_else(|| invalid("the JWT header is not a JSON object of the expected shape"))?;
        if header.crit.is_some() {
            return Err(invalid(
                "the JWT header has `crit` extensions, none are supported",
            ));
        }
        match header.alg.as_deref() {
            Some("RS256") => {}
            Some(alg) => {
                return Err(invalid(format!(
                    "JWT alg `{alg}` is not allowed (RS256 only)"
                )));
            }
            None => return Err(invalid("the JWT header has no `alg`")),
        }
        let typ_ok = header.typ.as_deref().is_some_and(|typ| {
            let typ = typ.to_ascii_lowercase();
            typ.strip_prefix("application/").unwrap_or(&typ) == TOKEN_TYPE
        });
        if !typ_ok {
            return Err(invalid(format!(
                "JWT typ {:?} is not `{TOKEN_TYPE}`",
                header.typ.as_deref().unwrap_or("(none)")
            )));
        }
        let kid = header
            .kid
            .filter(|kid| !kid.is_empty())
            .ok_or_else(|| invalid("the JWT header has no `kid`"))?;

        // The issuer is read before the signature is checked only to choose whose keys check it.
        let unverified: Value =
            decode_part(payload).ok_or_else(|| invalid("the JWT payload is not a JSON object"))?;
        let claimed_issuer = unverified
            .get("iss")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("the JWT has no `iss`"))?;
        let org = self
            .orgs
            .iter()
            .find(|org| org.issuer == normalize_issuer(claimed_issuer))
            .ok_or_else(|| invalid(format!("issuer {claimed_issuer:?} is not trusted")))?;

        let key = org.jwks.key(&kid).await.map_err(|e| match e {
            KeyError::UnknownKid => invalid(format!(
                "no signing key `{kid}` in the JWKS of {}",
                org.issuer
            )),
            KeyError::Unavailable(reason) => invalid(format!(
                "the signing keys of {} are unavailable: {reason}",
                org.issuer
            )),
        })?;

        let mut validation = Validation::new(Algorithm::RS256);
        validation.leeway = self.clock_skew;
        validation.validate_nbf = true;
        validation.set_audience(&[&self.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
        let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
            .map_err(|e| invalid(describe(e.kind())))?
            .claims;
        if normalize_issuer(&claims.iss) != org.issuer {
            return Err(invalid("the JWT `iss` changed between reads"));
        }

        let now = unix_now();
        // RFC 7519 §4.1.4: now must be before `exp`; `jsonwebtoken` also accepts the very second
        // `exp + leeway` (found by `fuzz_signed_claims`).
        if claims.exp.saturating_add(self.clock_skew) <= now {
            return Err(invalid("the JWT has expired (`exp`)"));
        }
        let iat = claims
            .iat
            .as_ref()
            .and_then(Value::as_f64)
            .ok_or_else(|| invalid("the JWT has no numeric `iat`"))?;
        if iat > (now + self.clock_skew) as f64 {
            return Err(invalid("the JWT was issued in the future (`iat`)"));
        }
        if claims.exp > now + self.max_token_lifetime + self.clock_skew {
            return Err(invalid(format!(
                "the JWT lives too long (`exp` more than {} s ahead)",
                self.max_token_lifetime
            )));
        }
        let jti = match &claims.jti {
            Some(Value::String(jti)) if !jti.is_empty() && jti.len() <= MAX_JTI_BYTES => jti,
            Some(Value::String(jti)) if !jti.is_empty() => {
                return Err(invalid(format!(
                    "the JWT `jti` is longer than {MAX_JTI_BYTES} bytes"
                )));
            }
            _ => return Err(invalid("the JWT has no `jti`")),
        };

        let app = org
            .apps
            .iter()
            .find(|app| app.subject == claims.sub)
            .ok_or_else(|| {
                Rejection::Forbidden(format!(
                    "the token of {} is for app {:?}, which this endpoint does not serve",
                    org.issuer, claims.sub
                ))
            })?;

        match self
            .replay
            .admit(&org.issuer, jti, claims.exp + self.clock_skew, now)
            .await
        {
            Admission::Fresh => Ok(Caller {
                issuer: &org.issuer,
                app,
            }),
            Admission::Replayed => Err(invalid("the JWT `jti` was already used")),
            Admission::Full { retry_after } => Err(Rejection::Busy { retry_after }),
            Admission::Unavailable => Err(Rejection::Unavailable),
        }
    }
}

/// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
fn bearer_token(authorization: Option<&HeaderValue>) -> Result<&str, Rejection> {
    let value = authorization.ok_or(Rejection::MissingCredential)?;
    let value = value
        .to_str()
        .map_err(|_| invalid("the Authorization header is not ASCII"))?;
    let (scheme, token) = value
        .trim()
        .split_once(' ')
        .ok_or_else(|| invalid("the Authorization header is not `Bearer <token>`"))?;
    if !scheme.eq_ignore_ascii_case("Bearer") {
        return Err(invalid(format!(
            "the Authorization scheme is {scheme:?}, not Bearer"
        )));
    }
    let token = token.trim();
    if token.is_empty() {
        return Err(invalid("the bearer token is empty"));
    }
    if token.len() > MAX_TOKEN_BYTES {
        return Err(invalid(format!(
            "the bearer token is longer than {MAX_TOKEN_BYTES} bytes"
        )));
    }
    Ok(token)
}

/// A base64url JSON part of a compact JWS.
fn decode_part<T: serde::de::DeserializeOwned>(part: &str) -> Option<T> {
    let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// A log line for a `jsonwebtoken` refusal.
fn describe(kind: &ErrorKind) -> String {
    match kind {
        ErrorKind::InvalidSignature => "the JWT signature does not verify".into(),
        ErrorKind::ExpiredSignature => "the JWT has expired (`exp`)".into(),
        ErrorKind::ImmatureSignature => "the JWT is not valid yet (`nbf`)".into(),
        ErrorKind::InvalidAudience => "the JWT `aud` is not this endpoint's URL".into(),
        ErrorKind::MissingRequiredClaim(claim) => format!("the JWT has no `{claim}`"),
        ErrorKind::InvalidAlgorithm => "the JWT algorithm does not match the key".into(),
        ErrorKind::Json(e) => format!("the JWT claims are malformed: {e}"),
        other => format!("the JWT is invalid: {other:?}"),
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Property tests of token parsing, the endpoint's first contact with an untrusted caller: any
/// `Authorization` value, any JOSE header, and any claims signed with a trusted org's real key
/// end in a `Rejection` or, only when every claim holds, an authenticated caller; never a panic.
///
/// `PROPTEST_CASES=1000000 cargo test --release -p okta-actions --lib fuzz_` runs a million
/// tokens per target; the default budget is CI's.
#[cfg(all(test, feature = "cli"))]
mod fuzz {
    use std::time::Duration;

    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::report::conformance::okta_org::{OktaOrg, SUBJECT};

    const AUDIENCE: &str = "https://adapter.example.com/global-token-revocation";

    struct Fixture {
        runtime: tokio::runtime::Runtime,
        org: OktaOrg,
        verifier: Verifier,
    }

    fn fixture() -> Fixture {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let org = runtime.block_on(OktaOrg::start()).unwrap();
        let jwks = JwksCache::new(
            format!("{}/oauth2/v1/keys", org.issuer()),
            reqwest::Client::new(),
            Duration::from_secs(3600),
            Duration::from_secs(3600),
        );
        let verifier = Verifier {
            audience: AUDIENCE.to_owned(),
            orgs: vec![Org {
                issuer: org.issuer().to_owned(),
                jwks: Arc::new(jwks),
                apps: vec![App {
                    subject: SUBJECT.to_owned(),
                    tenant: TenantContext::default(),
                }],
            }],
            clock_skew: 30,
            max_token_lifetime: 3600,
            replay: ReplayGuard::Memory(super::super::replay::ReplayStore::new(1 << 20)),
        };
        Fixture {
            runtime,
            org,
            verifier,
        }
    }

    fn verify(fixture: &Fixture, authorization: &str) -> Result<(), Rejection> {
        let header = HeaderValue::from_str(authorization).ok();
        fixture
            .runtime
            .block_on(fixture.verifier.verify(header.as_ref()))
            .map(drop)
    }

    fn part(value: &Value) -> String {
        URL_SAFE_NO_PAD.encode(value.to_string())
    }

    /// A claim value: usually the right one, sometimes anything.
    fn claim(right: Value) -> impl Strategy<Value = Value> {
        prop_oneof![
            3 => Just(right),
            1 => Just(Value::Null),
            1 => any::<i64>().prop_map(Value::from),
            1 => "\\PC{0,24}".prop_map(Value::String),
        ]
    }

    #[test]
    fn a_token_is_refused_from_the_second_its_expiry_plus_the_skew_is_reached() {
        let f = fixture();
        let now = unix_now() as i64;
        let claims = json!({
            "iss": f.org.issuer(), "sub": SUBJECT, "aud": AUDIENCE,
            "iat": now - 60, "exp": now - 30, "jti": "boundary",
        });
        let token = f.org.sign_claims(&claims).unwrap();
        let refused = verify(&f, &format!("Bearer {token}")).unwrap_err();
        assert!(refused.to_string().contains("expired"), "{refused}");
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn fuzz_authorization_values(value in "\\PC{0,64}|Bearer [A-Za-z0-9._~+/=-]{0,400}") {
            thread_local!(static FIXTURE: Fixture = fixture());
            FIXTURE.with(|f| {
                prop_assert!(verify(f, &value).is_err());
                Ok(())
            })?;
        }

        #[test]
        fn fuzz_jose_headers(
            alg in claim(json!("RS256")),
            typ in claim(json!("global-token-revocation+jwt")),
            kid in claim(json!("okta-actions-conformance")),
            crit in prop::option::of(claim(json!(["exp"]))),
            payload in "[A-Za-z0-9_-]{0,64}",
            signature in "[A-Za-z0-9_-]{0,64}",
        ) {
            thread_local!(static FIXTURE: Fixture = fixture());
            let mut header = json!({"alg": alg, "typ": typ, "kid": kid});
            if let Some(crit) = crit {
                header["crit"] = crit;
            }
            let token = format!("Bearer {}.{payload}.{signature}", part(&header));
            FIXTURE.with(|f| {
                prop_assert!(verify(f, &token).is_err());
                Ok(())
            })?;
        }

        #[test]
        fn fuzz_signed_claims(
            iss in any::<bool>(),
            sub in claim(json!(SUBJECT)),
            aud in claim(json!(AUDIENCE)),
            iat in -7200_i64..7200,
            exp in -7200_i64..7200,
            nbf in prop::option::of(-7200_i64..7200),
            jti in claim(json!("a-jti")),
        ) {
            thread_local!(static FIXTURE: Fixture = fixture());
            FIXTURE.with(|f| {
                let now = unix_now() as i64;
                let issuer = if iss { json!(f.org.issuer()) } else { json!("https://evil.example") };
                let jti = match jti {
                    Value::String(s) => json!(format!("{s}-{:032x}", fastrand::u128(..))),
                    other => other,
                };
                let mut claims = json!({
                    "iss": issuer, "sub": sub, "aud": aud, "iat": now + iat, "exp": now + exp, "jti": jti,
                });
                if let Some(nbf) = nbf {
                    claims["nbf"] = json!(now + nbf);
                }
                let token = f.org.sign_claims(&claims).unwrap();
                let outcome = verify(f, &format!("Bearer {token}"));
                if outcome.is_ok() {
                    prop_assert!(iss && claims["sub"] == SUBJECT && claims["aud"] == AUDIENCE);
                    // The verifier reads the clock after this test did: upper bounds get slack.
                    prop_assert!(exp > -30 && iat <= 32 && nbf.is_none_or(|n| n <= 32));
                    prop_assert!(claims["jti"].is_string());
                }
                Ok(())
            })?;
        }
    }
}
