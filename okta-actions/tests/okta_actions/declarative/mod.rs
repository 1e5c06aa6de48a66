//! Declarative handlers against a real vendor server: the path bound from the input, the vendor's
//! JSON mapped, its cursor paging turned into Okta's, and its faults into contract errors.

use okta_actions::client::Pagination;
use okta_actions::contracts::*;
use okta_actions::handler::RegisteredAction;
use okta_actions::{ActionContext, provisioning_action};
use serde::Deserialize;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::client::support::{client, fast_config};

#[derive(Deserialize)]
struct AcmeUser {
    id: String,
    email_address: String,
    is_enabled: bool,
}

fn to_scim(user: AcmeUser) -> ScimUser {
    let mut scim = ScimUser::new(user.email_address);
    scim.id = Some(user.id);
    scim.active = Some(user.is_enabled);
    scim
}

/// Looks a user up by id.
#[provisioning_action(GetUserById, vendor = "GET /v2/users/{userId}")]
fn get_user(user: AcmeUser) -> GetUserByIdOutput {
    GetUserByIdOutput {
        user: to_scim(user),
    }
}

/// Lists users a vendor page at a time.
#[provisioning_action(ListUsers, vendor = "GET /v2/users")]
fn list_users(user: AcmeUser) -> ScimUser {
    to_scim(user)
}

fn context(server: &MockServer) -> ActionContext {
    ActionContext::new("req-decl")
        .with_vendor(client(&server.uri(), fast_config()))
        .with_list_pagination(Pagination::BodyCursor {
            items: "users".into(),
            cursor: "next_cursor".into(),
            param: "cursor".into(),
        })
}

#[tokio::test]
async fn a_lookup_binds_the_path_and_maps_the_vendor_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/u%2042"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"id": "u 42", "email_address": "ada@acme.example", "is_enabled": true}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let action = RegisteredAction::new(get_user);
    let out = action
        .invoke(context(&server), json!({"userId": "u 42"}))
        .await;
    assert_eq!(out.error, None);
    assert_eq!(out.body["user"]["userName"], "ada@acme.example");
    assert_eq!(out.body["user"]["id"], "u 42");
    assert_eq!(out.body["executionStatus"]["status"], "SUCCEEDED");
}

#[tokio::test]
async fn a_missing_user_is_resource_not_found() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/nobody"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "v-77")
                .set_body_json(json!({"error": "not_found", "message": "no user nobody"})),
        )
        .mount(&server)
        .await;
    let out = RegisteredAction::new(get_user)
        .invoke(context(&server), json!({"userId": "nobody"}))
        .await;
    let error = &out.body["executionStatus"]["errors"][0];
    assert_eq!(out.body["executionStatus"]["status"], "FAILED");
    assert_eq!(error["type"], "RESOURCE_NOT_FOUND");
    assert_eq!(error["httpStatusCode"], 404);
    assert_eq!(error["requestId"], "v-77");
}

#[tokio::test]
async fn a_list_pages_through_the_vendor_cursor_exactly_once_each() {
    let server = MockServer::start().await;
    let page = |ids: std::ops::Range<u32>, next: Value| {
        let users: Vec<Value> = ids
            .map(|i| json!({"id": format!("u{i}"), "email_address": format!("u{i}@acme.example"), "is_enabled": i % 2 == 0}))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({"users": users, "next_cursor": next}))
    };
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .and(query_param_is_missing("cursor"))
        .and(query_param("limit", "2"))
        .respond_with(page(0..2, json!("c2")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .and(query_param("cursor", "c2"))
        .respond_with(page(2..4, json!("c4")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .and(query_param("cursor", "c4"))
        .respond_with(page(4..5, Value::Null))
        .expect(1)
        .mount(&server)
        .await;

    let action = RegisteredAction::new(list_users);
    let mut cursor: Option<String> = None;
    let mut seen = Vec::new();
    loop {
        let mut input = json!({"pagination": {"limit": 2}});
        if let Some(c) = &cursor {
            input["pagination"]["cursor"] = json!(c);
        }
        let out = action.invoke(context(&server), input).await;
        assert_eq!(out.error, None, "{}", out.body);
        assert!(
            validators()
                .validate("ListUsers", Direction::Output, &out.body)
                .is_ok()
        );
        for user in out.body["resources"].as_array().unwrap() {
            seen.push(user["id"].as_str().unwrap().to_owned());
        }
        cursor = out.body["pagination"]["nextCursor"]
            .as_str()
            .map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen, ["u0", "u1", "u2", "u3", "u4"]);
}

#[tokio::test]
async fn a_list_without_a_pagination_style_fails_clearly() {
    let server = MockServer::start().await;
    let ctx = ActionContext::new("req").with_vendor(client(&server.uri(), fast_config()));
    let out = RegisteredAction::new(list_users)
        .invoke(ctx, json!({}))
        .await;
    let summary = out.error.unwrap().summary().to_owned();
    assert!(summary.contains("paging style"), "{summary}");
    assert!(summary.contains("`paging = cursor(..)`"), "{summary}");
    assert!(
        summary.contains("IntegrationBuilder::list_pagination"),
        "{summary}"
    );
}

#[tokio::test]
async fn handlers_without_a_vendor_connection_fail_clearly() {
    let out = RegisteredAction::new(get_user)
        .invoke(ActionContext::new("r"), json!({"userId": "u1"}))
        .await;
    assert_eq!(
        out.body["executionStatus"]["errors"][0]["type"],
        "GENERIC_FAILURE"
    );
    assert_eq!(out.body["executionStatus"]["errors"][0]["requestId"], "r");
}

mod paging;
mod searches;
mod writes;

/// Maps a vendor that answers a lookup with plain text (the user name).
#[provisioning_action(GetUserById, vendor = "GET /v2/names/{userId}")]
fn get_user_from_text(name: String) -> GetUserByIdOutput {
    GetUserByIdOutput {
        user: ScimUser::new(name),
    }
}

#[tokio::test]
async fn an_answer_that_is_not_json_is_named_so_without_being_quoted() {
    let server = MockServer::start().await;
    // A vendor's debug page that echoes the request, credential included.
    Mock::given(method("GET"))
        .and(path("/v2/users/u1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string("<html>GET /v2/users/u1 X-Api-Key: k-123"),
        )
        .mount(&server)
        .await;
    let out = RegisteredAction::new(get_user)
        .invoke(context(&server), json!({"userId": "u1"}))
        .await;
    let error = &out.body["executionStatus"]["errors"][0];
    assert_eq!(error["type"], "GENERIC_FAILURE");
    assert_eq!(error["httpStatusCode"], 200);
    let summary = error["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("the vendor's answer to GET /v2/users/{userId} is not JSON"),
        "{summary}"
    );
    let text = out.body.to_string();
    assert!(
        !text.contains("k-123") && !text.contains("<html>"),
        "{text}"
    );
}

#[tokio::test]
async fn a_mapping_of_a_string_still_takes_a_text_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/names/u1"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ada@acme.example"))
        .mount(&server)
        .await;
    let out = RegisteredAction::new(get_user_from_text)
        .invoke(context(&server), json!({"userId": "u1"}))
        .await;
    assert_eq!(out.error, None, "{}", out.body);
    assert_eq!(out.body["user"]["userName"], "ada@acme.example");
}

#[tokio::test]
async fn json_that_does_not_fit_the_mapping_is_named_so() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/users/u1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "u1", "email_address": 7, "is_enabled": true})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users/u2"))
        .respond_with(ResponseTemplate::new(200).set_body_string("  \n"))
        .mount(&server)
        .await;
    let out = RegisteredAction::new(get_user)
        .invoke(context(&server), json!({"userId": "u1"}))
        .await;
    let summary = out.error.expect("the answer does not fit AcmeUser");
    assert!(
        summary.summary().starts_with(
            "the vendor's answer to GET /v2/users/{userId} does not match the mapping's type: \
             invalid type: integer `7`, expected a string"
        ),
        "{}",
        summary.summary()
    );
    assert_eq!(summary.http_status(), Some(200));
    // A blank answer is JSON `null`, which an `AcmeUser` is not.
    let out = RegisteredAction::new(get_user)
        .invoke(context(&server), json!({"userId": "u2"}))
        .await;
    let summary = out
        .error
        .expect("a blank answer is no user")
        .summary()
        .to_owned();
    assert!(
        summary.contains("does not match the mapping's type: invalid type: null"),
        "{summary}"
    );
}
