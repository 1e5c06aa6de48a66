//! Group query, group operations and group membership: Acme teams as SCIM groups.

use okta_actions::contracts::{
    AddGroupMembersInput, CreateGroupInput, CreateGroupOutput, GetGroupByIdOutput,
    ListGroupMembersInput, ListGroupMembersOutput, ListGroupsByDisplayNameInput,
    ListGroupsByDisplayNameOutput, ListGroupsInput, ListGroupsOutput, PaginationResponse,
    RemoveGroupInput, RemoveGroupMembersInput, UpdateGroupInput, UpdateGroupOutput,
};
use okta_actions::{ActionContext, ActionError, provisioning_action};
use serde_json::json;

use super::fetch_page;
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

/// Lists Acme teams a page at a time (`GET /teams`).
#[provisioning_action(ListGroups)]
pub(crate) async fn list_groups(
    ctx: &ActionContext,
    input: ListGroupsInput,
) -> Result<ListGroupsOutput, ActionError> {
    let page = fetch_page::<AcmeTeam>(ctx, "/teams", input.pagination.as_ref(), &[]).await?;
    Ok(ListGroupsOutput {
        resources: page.data.into_iter().map(team_to_scim).collect(),
        pagination: Some(PaginationResponse::next(page.next_cursor)),
    })
}

/// Finds Acme teams by exact name, ignoring case (`GET /teams?name=`).
#[provisioning_action(ListGroupsByDisplayName)]
pub(crate) async fn list_groups_by_display_name(
    ctx: &ActionContext,
    input: ListGroupsByDisplayNameInput,
) -> Result<ListGroupsByDisplayNameOutput, ActionError> {
    let filter = [("name", input.display_name.as_str())];
    let page = fetch_page::<AcmeTeam>(ctx, "/teams", input.pagination.as_ref(), &filter).await?;
    Ok(ListGroupsByDisplayNameOutput {
        resources: page.data.into_iter().map(team_to_scim).collect(),
        pagination: Some(PaginationResponse::next(page.next_cursor)),
    })
}

/// Creates an Acme team (`POST /teams`).
#[provisioning_action(CreateGroup)]
pub(crate) async fn create_group(
    ctx: &ActionContext,
    input: CreateGroupInput,
) -> Result<CreateGroupOutput, ActionError> {
    let team: AcmeTeam = ctx
        .vendor()?
        .post("/teams")
        .json(&team_body(&input.group))
        .send_json()
        .await
        .map_err(from_vendor)?;
    Ok(CreateGroupOutput {
        group: team_to_scim(team),
    })
}

/// Renames an Acme team and replaces its description (`PATCH /teams/{id}`).
#[provisioning_action(UpdateGroup)]
pub(crate) async fn update_group(
    ctx: &ActionContext,
    input: UpdateGroupInput,
) -> Result<UpdateGroupOutput, ActionError> {
    let id = input
        .group
        .id
        .as_deref()
        .filter(|id| !id.is_empty())
        .ok_or_else(|| {
            ActionError::generic("UpdateGroup needs `group.id`, the Acme team id")
                .with_http_status(400)
        })?;
    let team: AcmeTeam = ctx
        .vendor()?
        .patch(&format!("/teams/{}", segment(id)))
        .json(&team_body(&input.group))
        .send_json()
        .await
        .map_err(from_vendor)?;
    Ok(UpdateGroupOutput {
        group: team_to_scim(team),
    })
}

/// Deletes an Acme team (`DELETE /teams/{id}`).
#[provisioning_action(RemoveGroup)]
pub(crate) async fn remove_group(
    ctx: &ActionContext,
    input: RemoveGroupInput,
) -> Result<(), ActionError> {
    ctx.vendor()?
        .delete(&format!("/teams/{}", segment(&input.group_id)))
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

/// Lists a team's members a page at a time (`GET /teams/{id}/members`).
#[provisioning_action(ListGroupMembers)]
pub(crate) async fn list_group_members(
    ctx: &ActionContext,
    input: ListGroupMembersInput,
) -> Result<ListGroupMembersOutput, ActionError> {
    let path = format!("/teams/{}/members", segment(&input.group_id));
    let page = fetch_page::<AcmeMember>(ctx, &path, input.pagination.as_ref(), &[]).await?;
    Ok(ListGroupMembersOutput {
        resources: page.data.into_iter().map(member_to_scim).collect(),
        pagination: Some(PaginationResponse::next(page.next_cursor)),
    })
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

/// Removes users from a team (`DELETE /teams/{id}/members/{user_id}` each). Removing someone
/// who is not a member, or no longer exists, succeeds: the outcome Okta wants holds.
#[provisioning_action(RemoveGroupMembers)]
pub(crate) async fn remove_group_members(
    ctx: &ActionContext,
    input: RemoveGroupMembersInput,
) -> Result<(), ActionError> {
    let vendor = ctx.vendor()?;
    let team = segment(&input.group_id);
    for member in &input.group_members {
        let answer = vendor
            .delete(&format!("/teams/{team}/members/{}", segment(&member.value)))
            .send()
            .await?;
        match answer.error_for_status() {
            Ok(_) => {}
            Err(err) if matches!(err.code(), Some("member_not_found" | "user_not_found")) => {}
            Err(err) => return Err(err.into()),
        }
    }
    Ok(())
}
