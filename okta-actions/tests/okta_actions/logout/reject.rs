//! Every way a token can fail authentication is refused (401, or 403 for another app of a
//! trusted org) before the body is read, and the handler never runs.

use serde_json::json;

use super::keys;
use super::support::{Endpoint, Key, Logs, Okta, TokenBuilder, calls_for, email, now};

/// Sends `token` (built for a fresh endpoint trusting a fresh org) naming a fresh user, and
/// checks the status, the challenge, the logged reason (with the request id, without the
/// token) and that the handler never ran.
async fn refused(
    build: impl FnOnce(TokenBuilder) -> TokenBuilder,
    status: u16,
    challenge: &str,
    reason: &str,
) -> Okta {
    let (logs, _guard) = Logs::capture();
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;
    let user = email("victim");
    let token = build(okta.token(&endpoint)).build();
    let body = json!({"sub_id": {"format": "email", "email": user}});
    let response = endpoint
        .post_raw(Some(&format!("Bearer {token}")), body.to_string())
        .await;
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(response.headers()["www-authenticate"], challenge);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(calls_for(&user).is_empty(), "the handler ran");
    let logs = logs.text();
    let line = logs
        .lines()
        .find(|l| l.contains("universal logout refused"))
        .unwrap_or_else(|| panic!("no refusal logged:\n{logs}"));
    assert!(line.contains(reason), "{line:?} lacks {reason:?}");
    assert!(line.contains(&request_id), "{line:?} lacks the request id");
    let signed_part = token.rsplit('.').nth(1).unwrap();
    assert!(
        !logs.contains(signed_part),
        "the token leaked into the logs"
    );
    okta
}

const INVALID: &str = r#"Bearer error="invalid_token""#;

#[tokio::test]
async fn a_signature_by_another_key_is_refused() {
    refused(
        |t| t.signed_by(Key::B),
        401,
        INVALID,
        "signature does not verify",
    )
    .await;
}

#[tokio::test]
async fn alg_none_is_refused() {
    refused(
        TokenBuilder::unsigned,
        401,
        INVALID,
        "alg `none` is not allowed",
    )
    .await;
}

#[tokio::test]
async fn hs256_keyed_with_the_public_key_is_refused() {
    refused(
        |t| t.hmac(keys::PUBLIC_A.as_bytes()),
        401,
        INVALID,
        "alg `HS256` is not allowed",
    )
    .await;
}

#[tokio::test]
async fn another_asymmetric_alg_is_refused() {
    refused(
        |t| t.header("alg", json!("RS512")),
        401,
        INVALID,
        "alg `RS512` is not allowed",
    )
    .await;
}

#[tokio::test]
async fn a_plain_jwt_typ_is_refused() {
    refused(
        |t| t.header("typ", json!("JWT")),
        401,
        INVALID,
        "typ \"JWT\"",
    )
    .await;
}

#[tokio::test]
async fn a_missing_typ_is_refused() {
    refused(|t| t.without_header("typ"), 401, INVALID, "typ \"(none)\"").await;
}

#[tokio::test]
async fn a_missing_kid_is_refused() {
    refused(|t| t.without_header("kid"), 401, INVALID, "no `kid`").await;
}

#[tokio::test]
async fn a_crit_header_is_refused() {
    refused(|t| t.header("crit", json!(["exp"])), 401, INVALID, "`crit`").await;
}

#[tokio::test]
async fn another_audience_is_refused() {
    refused(
        |t| {
            t.claim(
                "aud",
                json!("https://other.example/global-token-revocation"),
            )
        },
        401,
        INVALID,
        "`aud` is not this endpoint",
    )
    .await;
}

#[tokio::test]
async fn an_untrusted_issuer_is_refused_without_fetching_keys() {
    let okta = refused(
        |t| t.claim("iss", json!("https://evil.okta.example")),
        401,
        INVALID,
        "is not trusted",
    )
    .await;
    assert_eq!(okta.fetches(), 0);
}

#[tokio::test]
async fn a_token_for_another_app_of_a_trusted_org_is_forbidden() {
    refused(
        |t| t.claim("sub", json!("0oa-some-other-app")),
        403,
        r#"Bearer error="insufficient_scope""#,
        "which this endpoint does not serve",
    )
    .await;
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    refused(
        |t| t.claim("exp", json!(now() - 120)),
        401,
        INVALID,
        "has expired",
    )
    .await;
}

#[tokio::test]
async fn a_token_not_yet_valid_is_refused() {
    refused(
        |t| t.claim("nbf", json!(now() + 120)),
        401,
        INVALID,
        "not valid yet",
    )
    .await;
}

#[tokio::test]
async fn a_token_issued_in_the_future_is_refused() {
    refused(
        |t| t.claim("iat", json!(now() + 120)),
        401,
        INVALID,
        "issued in the future",
    )
    .await;
}

#[tokio::test]
async fn a_token_without_iat_is_refused() {
    refused(|t| t.without_claim("iat"), 401, INVALID, "no numeric `iat`").await;
}

#[tokio::test]
async fn a_token_living_longer_than_allowed_is_refused() {
    refused(
        |t| t.claim("exp", json!(now() + 86_400)),
        401,
        INVALID,
        "lives too long",
    )
    .await;
}

#[tokio::test]
async fn a_token_without_jti_is_refused() {
    refused(|t| t.without_claim("jti"), 401, INVALID, "no `jti`").await;
}

#[tokio::test]
async fn a_non_string_jti_is_refused() {
    refused(|t| t.claim("jti", json!(42)), 401, INVALID, "no `jti`").await;
}

#[tokio::test]
async fn a_replayed_jti_is_refused() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;
    let user = email("replayed");

    let token = okta
        .token(&endpoint)
        .claim("jti", json!("same-jti"))
        .build();
    assert_eq!(endpoint.logout_email(&token, &user).await, 204);
    assert_eq!(endpoint.logout_email(&token, &user).await, 401);
    // A new token with the same jti (not just the same bytes) is a replay too.
    let again = okta
        .token(&endpoint)
        .claim("jti", json!("same-jti"))
        .claim("iat", json!(now() - 1))
        .build();
    assert_ne!(again, token);
    assert_eq!(endpoint.logout_email(&again, &user).await, 401);
    assert_eq!(calls_for(&user).len(), 1);
}

#[tokio::test]
async fn a_refused_token_does_not_use_up_its_jti() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;
    let user = email("retried");

    let wrong_sub = okta
        .token(&endpoint)
        .claim("jti", json!("jti-1"))
        .claim("sub", json!("0oa-other"))
        .build();
    assert_eq!(endpoint.logout_email(&wrong_sub, &user).await, 403);
    let right = okta.token(&endpoint).claim("jti", json!("jti-1")).build();
    assert_eq!(endpoint.logout_email(&right, &user).await, 204);
}

#[tokio::test]
async fn a_missing_authorization_header_is_refused() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;
    let user = email("anonymous");

    let body = json!({"sub_id": {"format": "email", "email": user}}).to_string();
    let response = endpoint.post_raw(None, body).await;
    assert_eq!(response.status().as_u16(), 401);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    assert!(calls_for(&user).is_empty());
}

#[tokio::test]
async fn a_non_bearer_or_garbled_credential_is_refused() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;
    let user = email("basic");
    let token = okta.token(&endpoint).build();

    let body = json!({"sub_id": {"format": "email", "email": user}}).to_string();
    for authorization in [
        format!("Basic {token}"),
        format!("DPoP {token}"),
        token.clone(),
        "Bearer ".to_owned(),
        "Bearer not.a-jwt".to_owned(),
        "Bearer a.b.c.d".to_owned(),
        format!("Bearer {}", "x".repeat(20_000)),
    ] {
        let response = endpoint.post_raw(Some(&authorization), body.clone()).await;
        assert_eq!(response.status().as_u16(), 401, "{authorization:.40}");
    }
    assert!(calls_for(&user).is_empty());
    // The well-formed token was never consumed by those attempts.
    assert_eq!(endpoint.logout_email(&token, &user).await, 204);
}

#[tokio::test]
async fn authentication_comes_before_the_body() {
    let okta = Okta::start(&[Key::A]).await;
    let endpoint = Endpoint::trusting(&okta).await;

    let user = email("before-body");
    let named = json!({"sub_id": {"format": "email", "email": user}}).to_string();
    let bad = okta.token(&endpoint).signed_by(Key::B).build();
    for (authorization, body) in [
        (Some(format!("Bearer {bad}")), named),
        (Some(format!("Bearer {bad}")), "{not json".to_owned()),
        (
            Some(format!("Bearer {bad}")),
            r#"{"sub_id":{"format":"opaque"}}"#.to_owned(),
        ),
        (None, "{not json".to_owned()),
    ] {
        let response = endpoint.post_raw(authorization.as_deref(), body).await;
        assert_eq!(response.status().as_u16(), 401);
    }
    // A good token with the same malformed body is a 400: the 401s above were about auth.
    let good = okta.token(&endpoint).build();
    let response = endpoint
        .post_raw(Some(&format!("Bearer {good}")), "{not json")
        .await;
    assert_eq!(response.status().as_u16(), 400);
    assert!(calls_for(&user).is_empty(), "the handler ran");
}
