//! Every declarative form: per-handler paging in each style, a search, fallible mappings, writes
//! with a body, a lifecycle call with none, and the handler's own error mapping.

use okta_actions::contracts::*;
use okta_actions::handler::ActionHandler;
use okta_actions::client::{ListPaging, VendorError};
use okta_actions::{ActionError, entitlements_action, provisioning_action};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct Member {
    id: u64,
    email: String,
}

fn to_scim(member: Member) -> ScimUser {
    let mut user = ScimUser::new(member.email);
    user.id = Some(member.id.to_string());
    user
}

/// Body cursors.
#[provisioning_action(ListUsers, vendor = "GET /members", items = "data",
    paging = cursor(next = "next_cursor", param = "cursor", size = "page_size", max = 100))]
fn by_cursor(member: Member) -> ScimUser {
    to_scim(member)
}

/// Page numbers.
#[provisioning_action(ListUsers, vendor = "GET /members", items = "data",
    paging = page(param = "page", size = "per_page", first = 1, max = 100, total = "total"))]
fn by_page(member: Member) -> Result<ScimUser, ActionError> {
    Ok(to_scim(member))
}

/// Offsets.
#[provisioning_action(ListUsers, vendor = "GET /members", items = "/results/items",
    paging = offset(param = "offset", size = "limit", max = 50))]
fn by_offset(member: Member) -> ScimUser {
    to_scim(member)
}

/// Link headers.
#[provisioning_action(ListGroups, vendor = "GET /teams", paging = link(size = "limit"))]
fn teams(team: Member) -> ScimGroup {
    ScimGroup::new(team.email)
}

/// Everything at once, paged in memory.
#[entitlements_action(ListUserSchema, vendor = "GET /fields", paging = none)]
fn fields(names: Vec<String>) -> Vec<SchemaProperty> {
    names.into_iter().map(|name| SchemaProperty { name: Some(name), ..SchemaProperty::default() }).collect()
}

/// A search: the first result or RESOURCE_NOT_FOUND.
#[provisioning_action(GetUserByUserName, vendor = "GET /members?email={userName}", items = "data", first)]
fn find(member: Member) -> GetUserByUserNameOutput {
    GetUserByUserNameOutput { user: to_scim(member) }
}

#[derive(Serialize)]
struct NewMember<'a> {
    email: &'a str,
}

fn new_member(input: &CreateUserInput) -> NewMember<'_> {
    NewMember { email: &input.user.user_name }
}

fn reword(error: VendorError) -> ActionError {
    error.into()
}

/// A write with a body and its own error mapping.
#[provisioning_action(CreateUser, vendor = "POST /members", body = new_member, errors = reword)]
fn create(member: Member) -> CreateUserOutput {
    CreateUserOutput { user: to_scim(member) }
}

/// A lifecycle call without a body or a mapping.
#[provisioning_action(ActivateUser, vendor = "POST /members/{userId}/enable")]
fn activate() {}

fn main() {
    assert_eq!(
        <by_cursor as ActionHandler>::META.paging,
        Some(ListPaging::Cursor { next: "next_cursor", param: "cursor", size: Some("page_size"), max: 100 })
    );
    assert_eq!(<teams as ActionHandler>::META.vendor_call, Some("GET /teams"));
    assert_eq!(<activate as ActionHandler>::META.vendor_call, Some("POST /members/{userId}/enable"));
    assert_eq!(<fields as ActionHandler>::META.paging, Some(ListPaging::Unpaged));
    assert!(by_page::map(Member { id: 1, email: "a@b.c".into() }).is_ok());
    let _ = (by_offset, find, create);
}
