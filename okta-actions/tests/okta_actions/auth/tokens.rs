//! OAuth 2.0 tokens: client credentials (secret basic/post, private_key_jwt), refresh tokens,
//! caching, refresh before expiry, single-flight, and the 401 → refresh → retry rule.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Form, State};
use axum::routing::post;
use axum::{Json, Router};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use okta_actions::auth::{AuthMapping, ClientAuthMethod, CredentialMapping, OinAuthType};
use okta_actions::client::{VendorClient, VendorConfig, VendorConnector};
use okta_actions::contracts::{ErrorType, Secret};
use serde_json::{Value, json};
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::test_key::{PRIVATE_KEY_PEM, PUBLIC_KEY_PEM};
use crate::client::support::{fast_config, serve, tenant};

fn basic(id: &str, secret: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
}

fn client_credentials(
    token_url: &str,
    api: &str,
    method: ClientAuthMethod,
    config: VendorConfig,
) -> VendorConnector {
    let mapping = AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::OAuth2ClientCredentials)
        .base_url("https://{app.subdomain}.vendor.example")
        .credential(CredentialMapping::ClientCredentials {
            token_url: token_url.to_owned(),
            method,
            scopes: vec!["users.read".into(), "users.manage".into()],
        })
        .build()
        .unwrap();
    VendorConnector::new(mapping, config).with_base_url_override(api)
}

fn token(access: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "access_token": access, "token_type": "Bearer", "expires_in": expires_in
    }))
}

/// `GET /users` answered for `times` calls that carry `Bearer <access>`.
async fn users_for(server: &MockServer, access: &str, times: u64) {
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(header("Authorization", format!("Bearer {access}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(times)
        .mount(server)
        .await;
}

/// `n` calls of `GET /users`, each through a new client, as the server builds one per request:
/// the token cache is per tenant.
async fn call_users(connector: &VendorConnector, n: usize) {
    for _ in 0..n {
        let client = connector
            .connect(&tenant(&basic("cid", "csecret")))
            .unwrap();
        assert_eq!(client.get("/users").send().await.unwrap().status, 200);
    }
}

async fn token_requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|request| request.url.path() == "/oauth2/v1/token")
        .count()
}

#[tokio::test]
async fn client_secret_basic_obtains_and_uses_a_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .and(header("Authorization", basic("cid", "csecret").as_str()))
        .and(body_string_contains("grant_type=client_credentials"))
        .and(body_string_contains("scope=users.read+users.manage"))
        .respond_with(token("tok-basic", 3600))
        .expect(1)
        .mount(&server)
        .await;
    users_for(&server, "tok-basic", 3).await;
    let token_url = format!("{}/oauth2/v1/token", server.uri());
    let connector = client_credentials(
        &token_url,
        &server.uri(),
        ClientAuthMethod::ClientSecretBasic,
        fast_config(),
    );
    call_users(&connector, 3).await;
}

#[tokio::test]
async fn an_absurd_expires_in_is_cached_for_a_day_not_a_panic() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(token("tok-forever", u64::MAX))
        .expect(1)
        .mount(&server)
        .await;
    users_for(&server, "tok-forever", 2).await;
    let token_url = format!("{}/oauth2/v1/token", server.uri());
    let connector = client_credentials(
        &token_url,
        &server.uri(),
        ClientAuthMethod::ClientSecretBasic,
        fast_config(),
    );
    call_users(&connector, 2).await;
}

#[tokio::test]
async fn client_secret_post_sends_the_secret_in_the_form() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .and(body_string_contains("client_id=cid"))
        .and(body_string_contains("client_secret=csecret"))
        .respond_with(token("tok-post", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("Authorization", "Bearer tok-post"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let token_url = format!("{}/oauth2/v1/token", server.uri());
    let client = client_credentials(
        &token_url,
        &server.uri(),
        ClientAuthMethod::ClientSecretPost,
        fast_config(),
    )
    .connect(&tenant(&basic("cid", "csecret")))
    .unwrap();
    assert_eq!(client.get("/users").send().await.unwrap().status, 204);
}

/// A token endpoint that accepts only a valid RS256 client assertion.
#[derive(Clone, Default)]
struct JwtEndpoint {
    token_url: Arc<Mutex<String>>,
    jtis: Arc<Mutex<Vec<String>>>,
}

async fn jwt_token(
    State(endpoint): State<JwtEndpoint>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Json<Value>, (axum::http::StatusCode, Json<Value>)> {
    let refuse = |why: &str| {
        (
            axum::http::StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client", "error_description": why})),
        )
    };
    if form.get("grant_type").map(String::as_str) != Some("client_credentials")
        || form.get("client_assertion_type").map(String::as_str)
            != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        || form.get("client_id").map(String::as_str) != Some("svc-app")
        || form.contains_key("client_secret")
    {
        return Err(refuse("bad form"));
    }
    let assertion = form
        .get("client_assertion")
        .ok_or_else(|| refuse("no assertion"))?;
    let key = DecodingKey::from_rsa_pem(PUBLIC_KEY_PEM.as_bytes()).unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    let token_url = endpoint.token_url.lock().unwrap().clone();
    validation.set_audience(&[token_url]);
    validation.set_issuer(&["svc-app"]);
    validation.sub = Some("svc-app".into());
    validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
    let data = jsonwebtoken::decode::<Value>(assertion, &key, &validation)
        .map_err(|err| refuse(&err.to_string()))?;
    let claims = data.claims;
    let lifetime = claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap();
    if lifetime > 300 {
        return Err(refuse("assertion lives too long"));
    }
    let jti = claims["jti"].as_str().ok_or_else(|| refuse("no jti"))?;
    endpoint.jtis.lock().unwrap().push(jti.to_owned());
    Ok(Json(json!({"access_token": "tok-jwt", "expires_in": 3600})))
}

#[tokio::test]
async fn private_key_jwt_signs_a_verifiable_rs256_assertion() {
    let endpoint = JwtEndpoint::default();
    let base = serve(
        Router::new()
            .route("/oauth2/v1/token", post(jwt_token))
            .route(
                "/users",
                axum::routing::get(|headers: axum::http::HeaderMap| async move {
                    let ok = headers.get("authorization").and_then(|v| v.to_str().ok())
                        == Some("Bearer tok-jwt");
                    if ok {
                        axum::http::StatusCode::OK
                    } else {
                        axum::http::StatusCode::UNAUTHORIZED
                    }
                }),
            )
            .with_state(endpoint.clone()),
    )
    .await;
    let token_url = format!("{base}/oauth2/v1/token");
    *endpoint.token_url.lock().unwrap() = token_url.clone();
    let credential = basic("svc-app", PRIVATE_KEY_PEM);
    for _ in 0..2 {
        // Two connectors: two cold caches, two assertions.
        let client = client_credentials(
            &token_url,
            &base,
            ClientAuthMethod::PrivateKeyJwt,
            fast_config(),
        )
        .connect(&tenant(&credential))
        .unwrap();
        let response = client.get("/users").send().await.unwrap();
        assert_eq!(response.status, 200);
    }
    let jtis = endpoint.jtis.lock().unwrap().clone();
    assert_eq!(jtis.len(), 2);
    assert_ne!(jtis[0], jtis[1], "jti must be unique");
}

#[test]
fn an_unusable_private_key_is_refused_without_echoing_it() {
    let connector = client_credentials(
        "https://idp.example/token",
        "https://api.example",
        ClientAuthMethod::PrivateKeyJwt,
        fast_config(),
    );
    let key = "-----BEGIN PRIVATE KEY-----\nbm90LWEta2V5LWNhbmFyeQ==\n-----END PRIVATE KEY-----";
    let err = connector
        .connect(&tenant(&basic("svc-app", key)))
        .unwrap_err();
    assert_eq!(err.error_type(), ErrorType::InvalidCredentials);
    assert!(!err.to_string().contains("bm90LWEta2V5"), "{err}");
}

#[tokio::test]
async fn fifty_concurrent_requests_on_a_cold_cache_make_one_token_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(token("tok-single", 3600).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("Authorization", "Bearer tok-single"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let token_url = format!("{}/oauth2/v1/token", server.uri());
    let connector = client_credentials(
        &token_url,
        &server.uri(),
        ClientAuthMethod::ClientSecretPost,
        fast_config(),
    );
    let calls = (0..50).map(|i| {
        let client: VendorClient = connector
            .connect(&tenant(&basic("cid", "csecret")))
            .unwrap();
        tokio::spawn(async move { client.get(&format!("/users/{i}")).send().await })
    });
    for call in futures::future::join_all(calls).await {
        assert_eq!(call.unwrap().unwrap().status, 200);
    }
    assert_eq!(token_requests(&server).await, 1);
}

#[tokio::test]
async fn tokens_are_refreshed_before_they_expire() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(token("tok-short", 2))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let token_url = format!("{}/oauth2/v1/token", server.uri());
    let config = fast_config().with_token_refresh_skew(Duration::from_secs(1));
    let client = client_credentials(
        &token_url,
        &server.uri(),
        ClientAuthMethod::ClientSecretPost,
        config,
    )
    .connect(&tenant(&basic("cid", "csecret")))
    .unwrap();
    client.get("/a").send().await.unwrap();
    client.get("/b").send().await.unwrap();
    assert_eq!(token_requests(&server).await, 1);
    // Lifetime 2 s, refreshed 1 s early: after 1.2 s the token is due, though not yet expired.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    client.get("/c").send().await.unwrap();
    assert_eq!(token_requests(&server).await, 2);
}

async fn expiring_token_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(token("tok-old", 3600))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(token("tok-new", 3600))
        .mount(&server)
        .await;
    server
}

fn expired() -> ResponseTemplate {
    ResponseTemplate::new(401)
        .insert_header(
            "WWW-Authenticate",
            "Bearer error=\"invalid_token\", error_description=\"The access token expired\"",
        )
        .insert_header("X-Okta-Request-Id", "req-401")
}

#[tokio::test]
async fn a_401_for_an_expired_token_refreshes_once_and_retries_once() {
    let server = expiring_token_server().await;
    Mock::given(method("POST"))
        .and(path("/users"))
        .and(header("Authorization", "Bearer tok-old"))
        .respond_with(expired())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/users"))
        .and(header("Authorization", "Bearer tok-new"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "u1"})))
        .expect(1)
        .mount(&server)
        .await;
    let token_url = format!("{}/oauth2/v1/token", server.uri());
    let client = client_credentials(
        &token_url,
        &server.uri(),
        ClientAuthMethod::ClientSecretBasic,
        fast_config(),
    )
    .connect(&tenant(&basic("cid", "csecret")))
    .unwrap();
    // Even a POST: the vendor refused it at the door, so the one retry repeats nothing.
    let created: Value = client
        .post("/users")
        .json(&json!({"a": 1}))
        .send_json()
        .await
        .unwrap();
    assert_eq!(created["id"], "u1");
    assert_eq!(token_requests(&server).await, 2);
}

#[tokio::test]
async fn a_second_401_is_token_expired() {
    let server = expiring_token_server().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(expired())
        .expect(2)
        .mount(&server)
        .await;
    let token_url = format!("{}/oauth2/v1/token", server.uri());
    let client = client_credentials(
        &token_url,
        &server.uri(),
        ClientAuthMethod::ClientSecretBasic,
        fast_config(),
    )
    .connect(&tenant(&basic("cid", "csecret")))
    .unwrap();
    let err = client.get("/users").send_json::<Value>().await.unwrap_err();
    assert_eq!(err.error_type(), ErrorType::TokenExpired);
    assert_eq!(err.http_status(), Some(401));
    assert_eq!(err.vendor_request_id(), Some("req-401"));
    assert_eq!(token_requests(&server).await, 2);
}

#[tokio::test]
async fn a_refused_client_is_invalid_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"error": "invalid_client", "error_description": "Client authentication failed"}),
        ))
        .mount(&server)
        .await;
    let token_url = format!("{}/oauth2/v1/token", server.uri());
    let client = client_credentials(
        &token_url,
        &server.uri(),
        ClientAuthMethod::ClientSecretPost,
        fast_config(),
    )
    .connect(&tenant(&basic("cid", "wrong")))
    .unwrap();
    let err = client.get("/users").send().await.unwrap_err();
    assert_eq!(err.error_type(), ErrorType::InvalidCredentials);
    assert_eq!(err.code(), Some("invalid_client"));
    assert!(
        err.summary().contains("Client authentication failed"),
        "{err}"
    );
}

fn refresh_connector(token_url: &str, api: &str) -> VendorConnector {
    let mapping = AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::OAuth2AuthorizationCode)
        .base_url("https://{app.subdomain}.vendor.example")
        .credential(CredentialMapping::RefreshToken {
            token_url: token_url.to_owned(),
            client_id: "isv-client".into(),
            client_secret: Secret::new("isv-secret"),
            method: ClientAuthMethod::ClientSecretPost,
            scopes: vec![],
        })
        .build()
        .unwrap();
    VendorConnector::new(mapping, fast_config()).with_base_url_override(api)
}

#[tokio::test]
async fn the_refresh_token_grant_follows_rotation() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=rt-1"))
        .and(body_string_contains("client_id=isv-client"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "at-1", "expires_in": 3600, "refresh_token": "rt-2"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .and(body_string_contains("refresh_token=rt-2"))
        .respond_with(token("at-2", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("Authorization", "Bearer at-1"))
        .respond_with(expired())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("Authorization", "Bearer at-2"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let token_url = format!("{}/oauth2/v1/token", server.uri());
    let client = refresh_connector(&token_url, &server.uri())
        .connect(&tenant("Bearer rt-1"))
        .unwrap();
    assert_eq!(client.get("/me").send().await.unwrap().status, 200);
}

#[tokio::test]
async fn a_rejected_refresh_token_is_token_expired() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/v1/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"error": "invalid_grant", "error_description": "The refresh token is invalid or expired."}),
        ))
        .mount(&server)
        .await;
    let token_url = format!("{}/oauth2/v1/token", server.uri());
    let client = refresh_connector(&token_url, &server.uri())
        .connect(&tenant("Bearer rt-dead"))
        .unwrap();
    let err = client.get("/me").send().await.unwrap_err();
    assert_eq!(err.error_type(), ErrorType::TokenExpired);
    assert_eq!(err.http_status(), Some(400));
}
