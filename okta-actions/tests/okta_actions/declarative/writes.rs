//! Declarative writes: the body from a pure mapping of the input, the answer mapped by the
//! handler (or ignored for status-only outputs), POST and PATCH sent exactly once whatever
//! happens, and the vendor's errors mapped by the handler's own function.

use std::time::Duration;

use okta_actions::client::VendorError;
use okta_actions::contracts::*;
use okta_actions::handler::RegisteredAction;
use okta_actions::{ActionContext, ActionError, provisioning_action};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::client::support::{client, fast_config};

#[derive(Serialize)]
struct NewMember<'a> {
    email: &'a str,
    given: Option<&'a str>,
}

/// The vendor body of a new user.
fn new_member(input: &CreateUserInput) -> NewMember<'_> {
    NewMember {
        email: &input.user.user_name,
        given: input
            .user
            .name
            .as_ref()
            .and_then(|n| n.given_name.as_deref()),
    }
}

#[derive(Deserialize)]
struct Member {
    id: u64,
    email: String,
}

/// Rewords the vendor's conflicts.
fn conflicts(error: VendorError) -> ActionError {
    match error.http_status() {
        Some(409) => ActionError::generic("the member exists already").with_code("taken"),
        _ => error.into(),
    }
}

/// Creates a member.
#[provisioning_action(CreateUser, vendor = "POST /members", body = new_member, errors = conflicts)]
fn create_user(created: Member) -> CreateUserOutput {
    let mut user = ScimUser::new(created.email);
    user.id = Some(created.id.to_string());
    CreateUserOutput { user }
}

/// The vendor body of a password change, refused when empty.
fn password(input: &UpdateUserPasswordInput) -> Result<Value, ActionError> {
    let password = input.password.expose();
    if password.is_empty() {
        return Err(ActionError::generic("the password is empty").with_http_status(400));
    }
    Ok(json!({ "secret": password }))
}

/// Sets a member's password; the answer does not matter.
#[provisioning_action(UpdateUserPassword, vendor = "PUT /members/{userId}/secret", body = password)]
fn update_password() {}

/// Enables a member: an empty POST.
#[provisioning_action(ActivateUser, vendor = "POST /members/{userId}/enable")]
fn activate_user() {}

/// Deletes a team.
#[provisioning_action(RemoveGroup, vendor = "DELETE /teams/{groupId}")]
fn remove_group() {}

/// Renames a team (`PATCH` on the id inside the input's group).
#[provisioning_action(UpdateGroup, vendor = "PATCH /teams/{group.id}", body = team_name)]
fn update_group(team: Value) -> UpdateGroupOutput {
    let mut group = ScimGroup::new(team["name"].as_str().unwrap_or_default());
    group.id = team["id"].as_str().map(str::to_owned);
    UpdateGroupOutput { group }
}

fn team_name(input: &UpdateGroupInput) -> Value {
    json!({ "name": input.group.display_name })
}

fn ctx(server: &MockServer) -> ActionContext {
    ActionContext::new("req-write").with_vendor(client(&server.uri(), fast_config()))
}

fn create_input() -> Value {
    json!({"user": {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "ada@acme.example",
        "name": {"givenName": "Ada"}
    }})
}

#[tokio::test]
async fn a_post_sends_the_mapped_body_and_maps_the_answer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/members"))
        .and(header("content-type", "application/json"))
        .and(body_json(
            json!({"email": "ada@acme.example", "given": "Ada"}),
        ))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": 41, "email": "ada@acme.example"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let out = RegisteredAction::new(create_user)
        .invoke(ctx(&server), create_input())
        .await;
    assert_eq!(out.error, None, "{}", out.body);
    assert_eq!(out.body["user"]["id"], "41");
}

#[tokio::test]
async fn a_post_is_sent_exactly_once_on_a_5xx_or_a_timeout() {
    for slow in [false, true] {
        let server = MockServer::start().await;
        let answer = if slow {
            ResponseTemplate::new(201)
                .set_delay(Duration::from_secs(3))
                .set_body_json(json!({"id": 1, "email": "a@b.c"}))
        } else {
            ResponseTemplate::new(503)
        };
        Mock::given(method("POST"))
            .respond_with(answer)
            .mount(&server)
            .await;
        let config = fast_config().with_timeout(Duration::from_millis(300));
        let ctx = ActionContext::new("req").with_vendor(client(&server.uri(), config));
        let out = RegisteredAction::new(create_user)
            .invoke(ctx, create_input())
            .await;
        assert_eq!(
            out.body["executionStatus"]["status"], "FAILED",
            "slow: {slow}"
        );
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            1,
            "slow: {slow}"
        );
    }
}

#[tokio::test]
async fn a_put_is_retried_on_a_5xx_as_the_vendor_client_allows() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/members/u%201/secret"))
        .and(body_json(json!({"secret": "s3cret!"})))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let out = RegisteredAction::new(update_password)
        .invoke(
            ctx(&server),
            json!({"userId": "u 1", "password": "s3cret!"}),
        )
        .await;
    assert_eq!(out.error, None, "{}", out.body);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_body_mapping_that_fails_sends_nothing() {
    let server = MockServer::start().await;
    let out = RegisteredAction::new(update_password)
        .invoke(ctx(&server), json!({"userId": "u1", "password": ""}))
        .await;
    assert_eq!(out.error.unwrap().summary(), "the password is empty");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_lifecycle_post_without_a_body_and_a_delete_succeed_on_any_2xx() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/members/u7/enable"))
        .and(header("content-length", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_string("enabled"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/teams/t1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let out = RegisteredAction::new(activate_user)
        .invoke(ctx(&server), json!({"userId": "u7"}))
        .await;
    assert_eq!(
        out.body["executionStatus"]["status"], "SUCCEEDED",
        "{}",
        out.body
    );
    let out = RegisteredAction::new(remove_group)
        .invoke(ctx(&server), json!({"groupId": "t1"}))
        .await;
    assert_eq!(
        out.body["executionStatus"]["status"], "SUCCEEDED",
        "{}",
        out.body
    );
}

#[tokio::test]
async fn a_patch_binds_a_nested_input_field() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/teams/t9"))
        .and(body_json(json!({"name": "Ops"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "t9", "name": "Ops"})))
        .expect(1)
        .mount(&server)
        .await;
    let out = RegisteredAction::new(update_group)
        .invoke(
            ctx(&server),
            json!({"group": {
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                "id": "t9",
                "displayName": "Ops"
            }}),
        )
        .await;
    assert_eq!(out.error, None, "{}", out.body);
    assert_eq!(out.body["group"]["displayName"], "Ops");
}

#[tokio::test]
async fn the_handlers_error_mapping_rewords_vendor_faults() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({"error": "conflict"})))
        .mount(&server)
        .await;
    let out = RegisteredAction::new(create_user)
        .invoke(ctx(&server), create_input())
        .await;
    let error = out.error.unwrap();
    assert_eq!(
        (error.summary(), error.code()),
        ("the member exists already", Some("taken"))
    );
    // Without the mapping, a vendor 404 is the SDK's RESOURCE_NOT_FOUND.
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let out = RegisteredAction::new(remove_group)
        .invoke(ctx(&server), json!({"groupId": "t1"}))
        .await;
    assert_eq!(out.error.unwrap().error_type(), ErrorType::ResourceNotFound);
}

#[test]
fn the_body_and_answer_mappings_are_plain_functions() {
    let input: CreateUserInput = serde_json::from_value(create_input()).unwrap();
    assert_eq!(new_member(&input).email, "ada@acme.example");
    let out = create_user::map(Member {
        id: 2,
        email: "x@y.z".into(),
    });
    assert_eq!(out.user.id.as_deref(), Some("2"));
    update_password::map();
}

#[derive(Deserialize)]
struct Revoked {
    sessions: u32,
}

/// Logs a user out by the vendor's id: an empty POST whose answer is mapped.
#[okta_actions::universal_logout_action(vendor = "POST /members/{externalUserId}/logout")]
fn logout(revoked: Revoked) -> Result<UniversalLogoutOutput, ActionError> {
    let _ = revoked.sessions;
    Ok(UniversalLogoutOutput {
        logout_status: LogoutStatus::Success,
    })
}

#[tokio::test]
async fn universal_logout_can_be_declarative() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/members/m-3/logout"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"sessions": 2})))
        .expect(1)
        .mount(&server)
        .await;
    let out = RegisteredAction::new(logout)
        .invoke(ctx(&server), json!({"externalUserId": "m-3"}))
        .await;
    assert_eq!(out.error, None, "{}", out.body);
    assert_eq!(out.body["logoutStatus"], "SUCCESS");
}

/// Accepts "not a member" as done: the outcome Okta wants holds.
fn already_gone(error: VendorError) -> Option<ActionError> {
    match error.code() {
        Some("not_a_member") => None,
        _ => Some(error.into()),
    }
}

/// Removes members one `DELETE` each.
#[provisioning_action(
    RemoveGroupMembers,
    vendor = "DELETE /teams/{groupId}/members/{groupMembers.value}",
    each = "groupMembers",
    errors = already_gone
)]
fn remove_members() {}

fn members(ids: &[&str]) -> Value {
    json!({"groupId": "t 1", "groupMembers": ids.iter().map(|id| json!({"value": id})).collect::<Vec<_>>()})
}

#[tokio::test]
async fn each_makes_one_call_per_element_and_accepts_the_faults_the_mapping_accepts() {
    let server = MockServer::start().await;
    for id in ["u1", "u%2F2"] {
        Mock::given(method("DELETE"))
            .and(path(format!("/teams/t%201/members/{id}")))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("DELETE"))
        .and(path("/teams/t%201/members/u3"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"error": "not_a_member", "message": "u3 is not a member"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let out = RegisteredAction::new(remove_members)
        .invoke(ctx(&server), members(&["u1", "u/2", "u3"]))
        .await;
    assert_eq!(out.error, None, "{}", out.body);
}

#[tokio::test]
async fn each_stops_at_the_first_fault_the_mapping_does_not_accept() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/teams/t%201/members/u1"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": "forbidden"})))
        .expect(1)
        .mount(&server)
        .await;
    let out = RegisteredAction::new(remove_members)
        .invoke(ctx(&server), members(&["u1", "u2"]))
        .await;
    assert_eq!(out.body["executionStatus"]["status"], "FAILED");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// The ids of the members one call carries.
fn member_ids(input: &AddGroupMembersInput) -> Value {
    json!({"ids": input.group_members.iter().map(|m| m.value.as_str()).collect::<Vec<_>>()})
}

/// Adds members two at a time.
#[provisioning_action(
    AddGroupMembers,
    vendor = "POST /teams/{groupId}/members",
    each = "groupMembers",
    batch = 2,
    body = member_ids
)]
fn add_members() {}

#[tokio::test]
async fn a_batch_sends_the_array_in_chunks_each_post_once() {
    let server = MockServer::start().await;
    for ids in [json!(["u1", "u2"]), json!(["u3", "u4"]), json!(["u5"])] {
        Mock::given(method("POST"))
            .and(path("/teams/t%201/members"))
            .and(body_json(json!({ "ids": ids })))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
    }
    let out = RegisteredAction::new(add_members)
        .invoke(ctx(&server), members(&["u1", "u2", "u3", "u4", "u5"]))
        .await;
    assert_eq!(out.error, None, "{}", out.body);
    let sent: Vec<Value> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(
        sent,
        [
            json!({"ids": ["u1", "u2"]}),
            json!({"ids": ["u3", "u4"]}),
            json!({"ids": ["u5"]})
        ],
        "in order"
    );
    // No members, no call.
    let out = RegisteredAction::new(add_members)
        .invoke(ctx(&server), members(&[]))
        .await;
    assert_eq!(out.error, None, "{}", out.body);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}
