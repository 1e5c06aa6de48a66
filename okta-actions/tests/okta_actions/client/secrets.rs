//! Canary secrets never appear in logs (TRACE level), errors, or any `Debug`/`Display` output.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use okta_actions::ActionError;
use okta_actions::auth::{AuthMapping, ClientAuthMethod, CredentialMapping, OinAuthType};
use okta_actions::client::{Pagination, VendorConnector};
use okta_actions::contracts::Secret;
use serde_json::{Value, json};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::util::SubscriberInitExt as _;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::support::{fast_config, mapping, tenant};

const API_KEY: &str = "CANARY-apikey-5e1f0c";
const CLIENT_SECRET: &str = "CANARY-clientsecret-77aa";
const ACCESS_TOKEN: &str = "CANARY-accesstoken-91b2";
const REFRESHED_TOKEN: &str = "CANARY-refreshedtoken-3c4d";
const REFRESH_SECRET: &str = "CANARY-isvsecret-0e0e";
const CANARIES: [&str; 5] = [
    API_KEY,
    CLIENT_SECRET,
    ACCESS_TOKEN,
    REFRESHED_TOKEN,
    REFRESH_SECRET,
];

/// A `MakeWriter` into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything shown is appended here and checked at the end.
#[derive(Default)]
struct Shown(String);

impl Shown {
    fn debug(&mut self, value: &impl std::fmt::Debug) {
        self.0.push_str(&format!("{value:?}\n{value:#?}\n"));
    }
    fn both(&mut self, value: &(impl std::fmt::Debug + std::fmt::Display)) {
        self.debug(value);
        self.0.push_str(&format!("{value}\n"));
    }
}

async fn api_key_paths(server: &MockServer, shown: &mut Shown) {
    // The key goes in the query string: transport errors must not quote the URL.
    let credential = CredentialMapping::ApiKeyQuery {
        param: "api_key".into(),
    };
    let connector = VendorConnector::new(mapping(OinAuthType::Custom, credential), fast_config())
        .with_base_url_override(server.uri());
    shown.debug(&connector);
    let client = connector
        .connect(&tenant(&format!("Bearer {API_KEY}")))
        .unwrap();
    shown.debug(&client);
    shown.debug(
        &client
            .get(&format!("/ok?token={API_KEY}"))
            .header("X-Other", "1"),
    );
    shown.debug(&client.stream("/ok", Pagination::LinkHeader));

    let ok = client.get("/ok").send().await.unwrap();
    assert_eq!(ok.status, 200);
    for url in ["/echo", "/flaky", "/slow"] {
        let err = client
            .get(url)
            .timeout(Duration::from_millis(200))
            .send_json::<Value>()
            .await
            .unwrap_err();
        shown.both(&err);
        shown.debug(&ActionError::from(err));
    }
    let err = client.get("no-slash").send().await.unwrap_err();
    shown.both(&err);
    let summary = client
        .stream("/records", Pagination::LinkHeader)
        .for_each_with_state((), |_, _| {})
        .await
        .unwrap();
    assert_eq!(summary.records_streamed, 2);

    // A refused connection with the key in the URL.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let credential = CredentialMapping::ApiKeyQuery {
        param: "api_key".into(),
    };
    let refused = VendorConnector::new(
        mapping(OinAuthType::Custom, credential),
        fast_config().with_retry_max_elapsed(Duration::from_millis(100)),
    )
    .with_base_url_override(closed)
    .connect(&tenant(API_KEY))
    .unwrap();
    let err = refused.get("/x").send().await.unwrap_err();
    shown.both(&err);
}

async fn oauth_paths(server: &MockServer, shown: &mut Shown) {
    let mapping = AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::OAuth2ClientCredentials)
        .base_url("https://{app.subdomain}.vendor.example")
        .credential(CredentialMapping::ClientCredentials {
            token_url: format!("{}/token", server.uri()),
            method: ClientAuthMethod::ClientSecretBasic,
            scopes: vec![],
        })
        .build()
        .unwrap();
    shown.debug(&mapping);
    let connector =
        VendorConnector::new(mapping, fast_config()).with_base_url_override(server.uri());
    let credential = format!("Basic {}", STANDARD.encode(format!("cid:{CLIENT_SECRET}")));
    let tenant = tenant(&credential);
    shown.debug(&tenant);
    let client = connector.connect(&tenant).unwrap();
    shown.debug(&client);
    // 401 (expired) → refresh → 200.
    assert_eq!(client.get("/me").send().await.unwrap().status, 200);
    // The vendor echoes the token in an error: scrubbed.
    let err = client
        .get("/echo-token")
        .send_json::<Value>()
        .await
        .unwrap_err();
    shown.both(&err);

    let refresh = AuthMapping::builder()
        .auth_type(OinAuthType::OAuth2AuthorizationCode)
        .base_url("https://vendor.example")
        .credential(CredentialMapping::RefreshToken {
            token_url: format!("{}/token", server.uri()),
            client_id: "isv".into(),
            client_secret: Secret::new(REFRESH_SECRET),
            method: ClientAuthMethod::ClientSecretPost,
            scopes: vec![],
        })
        .build()
        .unwrap();
    shown.debug(&refresh);
    shown.debug(&VendorConnector::new(refresh, fast_config()));
}

async fn canary_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/echo"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "errorCode": "E0000004", "errorSummary": format!("Invalid API key {API_KEY}"),
            "errorCauses": [{"errorSummary": format!("key {API_KEY} revoked")}]
        })))
        .mount(&server)
        .await;
    Mock::given(path("/flaky"))
        .respond_with(
            ResponseTemplate::new(503).set_body_string(format!("upstream said {API_KEY}")),
        )
        .mount(&server)
        .await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(500)))
        .mount(&server)
        .await;
    Mock::given(path("/ok"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(path("/records"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": 1}, {"id": 2}])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": ACCESS_TOKEN, "expires_in": 3600})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": REFRESHED_TOKEN, "expires_in": 3600})),
        )
        .mount(&server)
        .await;
    Mock::given(path("/me"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("WWW-Authenticate", "Bearer error=\"invalid_token\""),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/me"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(path("/echo-token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "bad_request", "error_description": format!("token {REFRESHED_TOKEN} lacks scope")
        })))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn canary_secrets_never_show() {
    let logs = Captured::default();
    let writer = logs.clone();
    let _guard = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
        .set_default();

    let server = canary_server().await;
    let mut shown = Shown::default();
    api_key_paths(&server, &mut shown).await;
    oauth_paths(&server, &mut shown).await;

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("vendor_request"),
        "tracing captured the requests"
    );
    assert!(
        logs.contains("obtained an access token"),
        "and the token refresh"
    );
    assert!(shown.0.contains("[redacted]") || shown.0.contains("Redactor"));
    for canary in CANARIES {
        assert!(
            !logs.contains(canary),
            "{canary} leaked into the logs:\n{logs}"
        );
        assert!(
            !shown.0.contains(canary),
            "{canary} leaked into output:\n{}",
            shown.0
        );
    }
    // The vendor's own words survive around the scrubbed secret.
    assert!(
        shown.0.contains("Invalid API key [redacted]"),
        "{}",
        shown.0
    );
    assert!(
        shown.0.contains("token [redacted] lacks scope"),
        "{}",
        shown.0
    );
}
