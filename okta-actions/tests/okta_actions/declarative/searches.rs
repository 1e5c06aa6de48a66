//! Declarative searches: a query bound from the input, the first result or
//! `RESOURCE_NOT_FOUND`, and mappings that may fail.

use okta_actions::contracts::*;
use okta_actions::handler::RegisteredAction;
use okta_actions::{ActionContext, ActionError, provisioning_action};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::client::support::{client, fast_config};

#[derive(Deserialize)]
struct Member {
    id: u64,
    email: String,
    #[serde(default)]
    suspended: bool,
}

/// Finds a user by email: the first result, or not found.
#[provisioning_action(
    GetUserByUserName,
    vendor = "GET /members?email={userName}&kind=person",
    items = "members",
    first
)]
fn by_email(member: Member) -> Result<GetUserByUserNameOutput, ActionError> {
    if member.suspended {
        return Err(
            ActionError::generic("suspended members cannot be managed").with_code("suspended")
        );
    }
    let mut user = ScimUser::new(member.email);
    user.id = Some(member.id.to_string());
    Ok(GetUserByUserNameOutput { user })
}

/// Finds a user in a vendor whose search answers with a bare array.
#[provisioning_action(GetUserByUserName, vendor = "GET /search?q={userName}", first)]
fn by_bare_array(member: Member) -> GetUserByUserNameOutput {
    GetUserByUserNameOutput {
        user: ScimUser::new(member.email),
    }
}

fn ctx(server: &MockServer) -> ActionContext {
    ActionContext::new("req-search").with_vendor(client(&server.uri(), fast_config()))
}

#[tokio::test]
async fn a_search_binds_the_query_and_maps_the_first_result() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/members"))
        .and(query_param("email", "ada+1@acme.example"))
        .and(query_param("kind", "person"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"members": [
            {"id": 7, "email": "ada+1@acme.example"},
            {"id": 8, "email": "someone-else@acme.example"},
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    let out = RegisteredAction::new(by_email)
        .invoke(ctx(&server), json!({"userName": "ada+1@acme.example"}))
        .await;
    assert_eq!(out.error, None, "{}", out.body);
    assert_eq!(out.body["user"]["id"], "7");
    assert_eq!(out.body["user"]["userName"], "ada+1@acme.example");
}

#[tokio::test]
async fn a_search_with_no_result_is_resource_not_found() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/members"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"members": []})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    for action in [
        RegisteredAction::new(by_email),
        RegisteredAction::new(by_bare_array),
    ] {
        let out = action
            .invoke(ctx(&server), json!({"userName": "nobody@acme.example"}))
            .await;
        assert_eq!(out.body["executionStatus"]["status"], "FAILED");
        assert_eq!(
            out.body["executionStatus"]["errors"][0]["type"],
            "RESOURCE_NOT_FOUND",
            "{}",
            action.meta().handler
        );
    }
}

#[tokio::test]
async fn a_search_of_a_bare_array_takes_its_first_element() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .and(query_param("q", "grace@acme.example"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": 1, "email": "grace@acme.example"}])),
        )
        .mount(&server)
        .await;
    let out = RegisteredAction::new(by_bare_array)
        .invoke(ctx(&server), json!({"userName": "grace@acme.example"}))
        .await;
    assert_eq!(out.error, None, "{}", out.body);
    assert_eq!(out.body["user"]["userName"], "grace@acme.example");
}

#[tokio::test]
async fn a_mapping_that_returns_err_fails_the_action_with_its_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/members"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"members": [{"id": 9, "email": "eve@acme.example", "suspended": true}]}),
        ))
        .mount(&server)
        .await;
    let out = RegisteredAction::new(by_email)
        .invoke(ctx(&server), json!({"userName": "eve@acme.example"}))
        .await;
    let error = out.error.unwrap();
    assert_eq!(error.code(), Some("suspended"));
    assert_eq!(error.summary(), "suspended members cannot be managed");
}

#[test]
fn the_mapping_is_callable_in_a_unit_test() {
    let out = by_email::map(Member {
        id: 3,
        email: "lin@acme.example".into(),
        suspended: false,
    })
    .unwrap();
    assert_eq!(out.user.id.as_deref(), Some("3"));
}

/// Lists members, refusing suspended ones.
#[provisioning_action(
    ListUsers,
    vendor = "GET /members",
    items = "members",
    paging = offset(param = "offset", size = "limit", max = 50)
)]
fn active_members(member: Member) -> Result<ScimUser, ActionError> {
    if member.suspended {
        return Err(ActionError::generic(format!(
            "member {} is suspended",
            member.id
        )));
    }
    Ok(ScimUser::new(member.email))
}

#[tokio::test]
async fn a_list_mapping_that_returns_err_fails_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/members"))
        .and(query_param("offset", "0"))
        .and(query_param("limit", "50"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"members": [
            {"id": 1, "email": "a@acme.example"},
            {"id": 2, "email": "b@acme.example", "suspended": true},
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    let out = RegisteredAction::new(active_members)
        .invoke(ctx(&server), json!({"pagination": {"limit": 200}}))
        .await;
    assert_eq!(out.error.unwrap().summary(), "member 2 is suspended");
}

#[tokio::test]
async fn a_search_answered_with_an_object_says_to_name_the_results() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": []})))
        .mount(&server)
        .await;
    let out = RegisteredAction::new(by_bare_array)
        .invoke(ctx(&server), json!({"userName": "x@acme.example"}))
        .await;
    let summary = out.error.unwrap().summary().to_owned();
    assert!(summary.contains("is not an array"), "{summary}");
    assert!(summary.contains("items = "), "{summary}");
}
