//! Each static credential mapping applied to real requests.

use okta_actions::auth::{CredentialMapping, OinAuthType};
use okta_actions::client::VendorConnector;
use wiremock::matchers::{header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::client::support::{fast_config, mapping, tenant};

async fn connector_for(
    server: &MockServer,
    auth_type: OinAuthType,
    credential: CredentialMapping,
) -> VendorConnector {
    VendorConnector::new(mapping(auth_type, credential), fast_config())
        .with_base_url_override(server.uri())
}

#[tokio::test]
async fn api_key_header_with_a_scheme() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("Authorization", "SSWS key-1"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let credential = CredentialMapping::ApiKeyHeader {
        header: "Authorization".into(),
        scheme: Some("SSWS".into()),
    };
    let client = connector_for(&server, OinAuthType::Custom, credential)
        .await
        .connect(&tenant("SSWS key-1"))
        .unwrap();
    assert_eq!(client.get("/x").send().await.unwrap().status, 200);
}

#[tokio::test]
async fn api_key_header_takes_the_key_from_a_bearer_value() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("X-Api-Key", "key-2"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let credential = CredentialMapping::ApiKeyHeader {
        header: "X-Api-Key".into(),
        scheme: None,
    };
    let client = connector_for(&server, OinAuthType::Custom, credential)
        .await
        .connect(&tenant("Bearer key-2"))
        .unwrap();
    assert_eq!(client.get("/x").send().await.unwrap().status, 200);
    let err = client
        .get("/x")
        .header("x-api-key", "other")
        .send()
        .await
        .unwrap_err();
    assert!(err.summary().contains("managed"), "{err}");
}

#[tokio::test]
async fn api_key_query_parameter() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("api_key", "key-3"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let credential = CredentialMapping::ApiKeyQuery {
        param: "api_key".into(),
    };
    let client = connector_for(&server, OinAuthType::Custom, credential)
        .await
        .connect(&tenant("key-3"))
        .unwrap();
    let response = client
        .get("/users")
        .query("page", "2")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status, 200);
}

#[tokio::test]
async fn basic_is_forwarded_and_bearer_is_normalised() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/basic"))
        .and(header("Authorization", "Basic dXNlcjpwdw=="))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/bearer"))
        .and(header("Authorization", "Bearer raw-token"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let basic = connector_for(&server, OinAuthType::Basic, CredentialMapping::Basic)
        .await
        .connect(&tenant("Basic dXNlcjpwdw=="))
        .unwrap();
    assert_eq!(basic.get("/basic").send().await.unwrap().status, 200);
    let bearer = connector_for(&server, OinAuthType::Custom, CredentialMapping::Bearer)
        .await
        .connect(&tenant("raw-token"))
        .unwrap();
    assert_eq!(bearer.get("/bearer").send().await.unwrap().status, 200);
}

#[tokio::test]
async fn no_credential_sends_no_authorization() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header_exists("Authorization"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = connector_for(&server, OinAuthType::Custom, CredentialMapping::None)
        .await
        .connect(&okta_actions::auth::TenantContext::default())
        .unwrap();
    assert_eq!(client.get("/x").send().await.unwrap().status, 200);
}
