//! Group query, group operations and group membership: Acme teams as SCIM groups.

use okta_actions::contracts::{
    AddGroupMembersInput, CreateGroupInput, CreateGroupOutput, GetGroupByIdOutput, GroupMember,
    ScimGroup, UpdateGroupInput, UpdateGroupOutput,
};
use okta_actions::vendor::VendorError;
use okta_actions::{ActionContext, ActionError, provisioning_action};
use serde_json::{Value, json};

use crate::acme::{AcmeMember, AcmeTeam, MAX_MEMBERS_PER_CALL};
use crate::errors::from_vendor;
use crate::mapping::{member_to_scim, segment, team_body, team_to_scim};

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

/// Adds users to a team (`POST /teams/{id}/members`, 100 ids per call). Adding a member twice
/// is harmless; an unknown user fails the call and names it.
#[provisioning_action(AddGroupMembers)]
pub(crate) async fn add_group_members(
    ctx: &ActionContext,
    input: AddGroupMembersInput,
) -> Result<(), ActionError> {
    let vendor = ctx.vendor()?;
    let path = format!("/teams/{}/members", segment(&input.group_id));
    let ids: Vec<&str> = input
        .group_members
        .iter()
        .map(|m| m.value.as_str())
        .collect();
    for chunk in ids.chunks(MAX_MEMBERS_PER_CALL) {
        vendor
            .post(&path)
            .json(&json!({ "user_ids": chunk }))
            .send()
            .await?
            .error_for_status()
            .map_err(from_vendor)?;
    }
    Ok(())
}

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
