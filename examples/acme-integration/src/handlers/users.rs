//! User query and user operations: Acme users as SCIM users.

use okta_actions::contracts::{
    ActivateUserInput, CreateUserInput, CreateUserOutput, DeactivateUserInput, GetUserByIdOutput,
    GetUserByUserNameOutput, ListUsersInput, ListUsersOutput, PaginationResponse, UpdateUserInput,
    UpdateUserOutput, UpdateUserPasswordInput,
};
use okta_actions::{ActionContext, ActionError, provisioning_action};
use serde_json::json;

use super::fetch_page;
use crate::acme::AcmeUser;
use crate::errors::from_vendor;
use crate::mapping::{create_body, segment, update_patch, user_to_scim};

/// Reads one Acme user by id.
#[provisioning_action(GetUserById, vendor = "GET /users/{userId}")]
pub(crate) fn get_user_by_id(user: AcmeUser) -> GetUserByIdOutput {
    GetUserByIdOutput {
        user: user_to_scim(user),
    }
}

/// Reads one Acme user by username (Acme compares usernames case-insensitively).
#[provisioning_action(GetUserByUserName, vendor = "GET /users/by-username/{userName}")]
pub(crate) fn get_user_by_user_name(user: AcmeUser) -> GetUserByUserNameOutput {
    GetUserByUserNameOutput {
        user: user_to_scim(user),
    }
}

/// Lists Acme users a page at a time (`GET /users?page_size=&cursor=`).
#[provisioning_action(ListUsers)]
pub(crate) async fn list_users(
    ctx: &ActionContext,
    input: ListUsersInput,
) -> Result<ListUsersOutput, ActionError> {
    let page = fetch_page::<AcmeUser>(ctx, "/users", input.pagination.as_ref(), &[]).await?;
    Ok(ListUsersOutput {
        resources: page.data.into_iter().map(user_to_scim).collect(),
        pagination: Some(PaginationResponse::next(page.next_cursor)),
    })
}

/// Creates an Acme user (`POST /users`), with password, roles, licences and custom fields when
/// Okta sends them. An `id` on the input is ignored: Acme assigns ids.
#[provisioning_action(CreateUser)]
pub(crate) async fn create_user(
    ctx: &ActionContext,
    input: CreateUserInput,
) -> Result<CreateUserOutput, ActionError> {
    let created: AcmeUser = ctx
        .vendor()?
        .post("/users")
        .json(&create_body(&input.user))
        .send_json()
        .await
        .map_err(from_vendor)?;
    Ok(CreateUserOutput {
        user: user_to_scim(created),
    })
}

/// Replaces an Acme user's profile (`PATCH /users/{id}` with every attribute, `null` for the
/// absent ones), then enables or disables the user when `active` changed.
#[provisioning_action(UpdateUser)]
pub(crate) async fn update_user(
    ctx: &ActionContext,
    input: UpdateUserInput,
) -> Result<UpdateUserOutput, ActionError> {
    let vendor = ctx.vendor()?;
    let id = input
        .user
        .id
        .as_deref()
        .filter(|id| !id.is_empty())
        .ok_or_else(|| {
            ActionError::generic("UpdateUser needs `user.id`, the Acme user id")
                .with_http_status(400)
        })?;
    let path = format!("/users/{}", segment(id));
    let current: AcmeUser = vendor.get(&path).send_json().await?;
    let mut updated: AcmeUser = vendor
        .patch(&path)
        .json(&update_patch(&current, &input.user))
        .send_json()
        .await
        .map_err(from_vendor)?;
    if let Some(active) = input
        .user
        .active
        .filter(|active| *active != updated.is_enabled)
    {
        let lifecycle = if active { "enable" } else { "disable" };
        updated = vendor
            .post(&format!("{path}/{lifecycle}"))
            .send_json()
            .await?;
    }
    Ok(UpdateUserOutput {
        user: user_to_scim(updated),
    })
}

/// Sets an Acme user's password (`PUT /users/{id}/password`).
#[provisioning_action(UpdateUserPassword)]
pub(crate) async fn update_user_password(
    ctx: &ActionContext,
    input: UpdateUserPasswordInput,
) -> Result<(), ActionError> {
    ctx.vendor()?
        .put(&format!("/users/{}/password", segment(&input.user_id)))
        .json(&json!({"password": input.password.expose()}))
        .send()
        .await?
        .error_for_status()
        .map_err(from_vendor)?;
    Ok(())
}

/// Deletes an Acme user (`DELETE /users/{id}`): the SCIM facade's `DELETE /Users/{id}`. Not a
/// contract action (Okta deprovisions by deactivating); see [`crate::scim_config`].
pub(crate) async fn delete_user(ctx: ActionContext, user_id: String) -> Result<(), ActionError> {
    ctx.vendor()?
        .delete(&format!("/users/{}", segment(&user_id)))
        .send()
        .await?
        .error_for_status()
        .map_err(from_vendor)?;
    Ok(())
}

/// Enables an Acme user (`POST /users/{id}/enable`).
#[provisioning_action(ActivateUser)]
pub(crate) async fn activate_user(
    ctx: &ActionContext,
    input: ActivateUserInput,
) -> Result<(), ActionError> {
    lifecycle(ctx, &input.user_id, "enable").await
}

/// Disables an Acme user (`POST /users/{id}/disable`); Acme also ends the user's sessions.
#[provisioning_action(DeactivateUser)]
pub(crate) async fn deactivate_user(
    ctx: &ActionContext,
    input: DeactivateUserInput,
) -> Result<(), ActionError> {
    lifecycle(ctx, &input.user_id, "disable").await
}

async fn lifecycle(ctx: &ActionContext, user_id: &str, action: &str) -> Result<(), ActionError> {
    let _: AcmeUser = ctx
        .vendor()?
        .post(&format!("/users/{}/{action}", segment(user_id)))
        .send_json()
        .await?;
    Ok(())
}
