//! Group query, group operations and group membership: Acme teams as SCIM groups.

use okta_actions::client::VendorError;
use okta_actions::contracts::{
    AddGroupMembersInput, CreateGroupInput, CreateGroupOutput, GetGroupByIdOutput, GroupMember,
    ScimGroup, UpdateGroupInput, UpdateGroupOutput,
};
use okta_actions::{ActionError, provisioning_action};
use serde_json::{Value, json};

use crate::acme::{AcmeMember, AcmeTeam};
use crate::errors::from_vendor;
use crate::mapping::{member_to_scim, team_body, team_to_scim};

/// Reads one Acme team by id.
#[provisioning_action(GetGroupById, vendor = "GET /teams/{groupId}")]
pub(crate) fn get_group_by_id(team: AcmeTeam) -> GetGroupByIdOutput {
    GetGroupByIdOutput {
        group: team_to_scim(team),
    }
}

/// Lists Acme teams a page at a time (`GET /teams`, paged as Acme's users are).
#[provisioning_action(
    ListGroups,
    vendor = "GET /teams",
    items = "data",
    paging = cursor(next = "next_cursor", param = "cursor", size = "page_size", max = 100)
)]
pub(crate) fn list_groups(team: AcmeTeam) -> ScimGroup {
    team_to_scim(team)
}

/// Finds Acme teams by exact name, ignoring case (`GET /teams?name=`).
#[provisioning_action(
    ListGroupsByDisplayName,
    vendor = "GET /teams?name={displayName}",
    items = "data",
    paging = cursor(next = "next_cursor", param = "cursor", size = "page_size", max = 100)
)]
pub(crate) fn list_groups_by_display_name(team: AcmeTeam) -> ScimGroup {
    team_to_scim(team)
}

/// The body of `POST /teams`.
fn new_team(input: &CreateGroupInput) -> Value {
    team_body(&input.group)
}

/// Creates an Acme team (`POST /teams`, never retried).
#[provisioning_action(CreateGroup, vendor = "POST /teams", body = new_team, errors = from_vendor)]
pub(crate) fn create_group(team: AcmeTeam) -> CreateGroupOutput {
    CreateGroupOutput {
        group: team_to_scim(team),
    }
}

/// The body of `PATCH /teams/{id}`: a full replace (no description clears it).
fn team_patch(input: &UpdateGroupInput) -> Value {
    team_body(&input.group)
}

/// Renames an Acme team and replaces its description (`PATCH /teams/{id}`, the id from
/// `group.id`).
#[provisioning_action(
    UpdateGroup,
    vendor = "PATCH /teams/{group.id}",
    body = team_patch,
    errors = from_vendor
)]
pub(crate) fn update_group(team: AcmeTeam) -> UpdateGroupOutput {
    UpdateGroupOutput {
        group: team_to_scim(team),
    }
}

/// Deletes an Acme team (`DELETE /teams/{id}`).
#[provisioning_action(RemoveGroup, vendor = "DELETE /teams/{groupId}")]
pub(crate) fn remove_group() {}

/// Lists a team's members a page at a time (`GET /teams/{id}/members`).
#[provisioning_action(
    ListGroupMembers,
    vendor = "GET /teams/{groupId}/members",
    items = "data",
    paging = cursor(next = "next_cursor", param = "cursor", size = "page_size", max = 100)
)]
pub(crate) fn list_group_members(member: AcmeMember) -> GroupMember {
    member_to_scim(member)
}

/// The body of `POST /teams/{id}/members`: the ids of the members one call carries.
fn member_ids(input: &AddGroupMembersInput) -> Value {
    let ids: Vec<&str> = input
        .group_members
        .iter()
        .map(|m| m.value.as_str())
        .collect();
    json!({ "user_ids": ids })
}

/// Adds users to a team (`POST /teams/{id}/members`, 100 ids per call, each call sent once).
/// Adding a member twice is harmless; an unknown user fails the call and names it.
#[provisioning_action(
    AddGroupMembers,
    vendor = "POST /teams/{groupId}/members",
    each = "groupMembers",
    batch = 100,
    body = member_ids,
    errors = from_vendor
)]
pub(crate) fn add_group_members() {}

/// Accepts Acme's "not a member" and "no such user" when removing a member: the outcome Okta
/// wants holds.
fn already_removed(error: VendorError) -> Option<ActionError> {
    match error.code() {
        Some("member_not_found" | "user_not_found") => None,
        _ => Some(error.into()),
    }
}

/// Removes users from a team (`DELETE /teams/{id}/members/{user_id}` each). Removing someone
/// who is not a member, or no longer exists, succeeds.
#[provisioning_action(
    RemoveGroupMembers,
    vendor = "DELETE /teams/{groupId}/members/{groupMembers.value}",
    each = "groupMembers",
    errors = already_removed
)]
pub(crate) fn remove_group_members() {}
