//! The Custom API Action's request rules.

use std::time::Duration;

use okta_actions::client::{HttpMethod, VendorConfig};
use okta_actions::contracts::ErrorType;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::support::{client, fast_config};

#[tokio::test]
async fn a_relative_url_must_start_with_a_slash_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let client = client(&server.uri(), fast_config());
    for bad in ["users", "", "https://evil.example/users", "?x=1"] {
        let err = client.get(bad).send().await.unwrap_err();
        assert_eq!(err.error_type(), ErrorType::GenericFailure);
        assert!(err.summary().contains("must start with `/`"), "{err}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn headers_query_and_the_answer_travel() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users"))
        .and(query_param("search", "profile.department eq \"R&D\""))
        .and(query_param("limit", "5"))
        .and(header("X-Trace", "t-1"))
        .and(header("X-Api-Key", "k-123"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Rate-Limit-Remaining", "99")
                .set_body_json(json!([{"id": "u1"}])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&format!("{}/api", server.uri()), fast_config());
    let response = client
        .get("/v1/users?limit=5")
        .query("search", "profile.department eq \"R&D\"")
        .header("X-Trace", "t-1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert!(response.is_success());
    assert_eq!(response.header("x-rate-limit-remaining"), Some("99"));
    assert_eq!(response.body, json!([{"id": "u1"}]));
}

#[tokio::test]
async fn managed_headers_cannot_be_overridden() {
    let server = MockServer::start().await;
    let client = client(&server.uri(), fast_config());
    for name in [
        "Authorization",
        "content-type",
        "Content-Length",
        "X-Api-Key",
    ] {
        let err = client.get("/x").header(name, "v").send().await.unwrap_err();
        assert!(err.summary().contains("managed"), "{name}: {err}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn only_post_put_and_patch_carry_a_json_body() {
    let server = MockServer::start().await;
    for verb in ["POST", "PUT", "PATCH"] {
        Mock::given(method(verb))
            .and(path("/users/1"))
            .and(header("Content-Type", "application/json"))
            .and(body_json(json!({"name": "Ada"})))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"verb": verb})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server.uri(), fast_config());
    for verb in [HttpMethod::Post, HttpMethod::Put, HttpMethod::Patch] {
        let answer: Value = client
            .request(verb, "/users/1")
            .json(&json!({"name": "Ada"}))
            .send_json()
            .await
            .unwrap();
        assert_eq!(answer["verb"], verb.as_str());
    }
    for verb in [HttpMethod::Get, HttpMethod::Delete] {
        let err = client
            .request(verb, "/users/1")
            .json(&json!({"name": "Ada"}))
            .send()
            .await
            .unwrap_err();
        assert!(err.summary().contains("cannot carry a body"), "{err}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn post_and_put_without_a_body_send_content_length_zero() {
    let server = MockServer::start().await;
    Mock::given(header("Content-Length", "0"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server.uri(), fast_config());
    let activated = client
        .post("/users/1/lifecycle/activate")
        .send()
        .await
        .unwrap();
    assert_eq!(activated.status, 204);
    assert_eq!(activated.body, Value::Null);
    assert_eq!(
        client.put("/groups/g/users/u").send().await.unwrap().status,
        204
    );
}

#[tokio::test]
async fn non_json_answers_keep_their_text_and_send_json_names_the_problem() {
    let server = MockServer::start().await;
    Mock::given(path("/text"))
        .respond_with(ResponseTemplate::new(200).set_body_string("plain words"))
        .mount(&server)
        .await;
    Mock::given(path("/broken"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{\"id\": ", "application/json"))
        .mount(&server)
        .await;
    let client = client(&server.uri(), fast_config());
    let text = client.get("/text").send().await.unwrap();
    assert_eq!(text.body, Value::String("plain words".into()));
    let err = client
        .get("/broken")
        .send_json::<Value>()
        .await
        .unwrap_err();
    assert_eq!(err.error_type(), ErrorType::GenericFailure);
    assert_eq!(err.http_status(), Some(200));
    assert!(
        err.summary()
            .contains("GET /broken is not the expected JSON"),
        "{err}"
    );
    let err = client
        .get("/text")
        .send_json::<Vec<u64>>()
        .await
        .unwrap_err();
    assert!(err.summary().contains("not the expected JSON"), "{err}");
}

#[test]
fn the_default_timeout_is_thirty_seconds() {
    assert_eq!(VendorConfig::default().timeout(), Duration::from_secs(30));
    assert_eq!(VendorConfig::default().max_concurrency(), 35);
}

#[tokio::test]
async fn a_post_that_times_out_is_not_sent_twice() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_delay(Duration::from_millis(600)))
        .mount(&server)
        .await;
    let client = client(
        &server.uri(),
        fast_config().with_timeout(Duration::from_millis(150)),
    );
    let err = client
        .post("/payments")
        .json(&json!({"amount": 1}))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.error_type(), ErrorType::GenericFailure);
    assert!(err.summary().contains("within 150 ms"), "{err}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_get_that_times_out_is_retried_and_a_request_timeout_overrides_the_default() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(400)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = client(&server.uri(), fast_config());
    let response = client
        .get("/slow")
        .timeout(Duration::from_millis(100))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
