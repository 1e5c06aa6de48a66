//! User query and user operations: Acme users as SCIM users.

use okta_actions::contracts::{
    CreateUserInput, CreateUserOutput, GetUserByIdOutput, GetUserByUserNameOutput, ScimUser,
    UpdateUserInput, UpdateUserOutput, UpdateUserPasswordInput,
};
use okta_actions::{ActionContext, ActionError, provisioning_action};
use serde_json::{Value, json};

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

/// Lists Acme users a page at a time: Okta's `limit` becomes `page_size` (Acme serves at most
/// 100), Okta's cursor is Acme's `next_cursor`, sent back as `cursor`.
#[provisioning_action(
    ListUsers,
    vendor = "GET /users",
    items = "data",
    paging = cursor(next = "next_cursor", param = "cursor", size = "page_size", max = 100)
)]
pub(crate) fn list_users(user: AcmeUser) -> ScimUser {
    user_to_scim(user)
}

/// The body of `POST /users`.
fn new_user(input: &CreateUserInput) -> Value {
    create_body(&input.user)
}

/// Creates an Acme user (`POST /users`, never retried), with password, roles, licences and
/// custom fields when Okta sends them. An `id` on the input is ignored: Acme assigns ids.
#[provisioning_action(CreateUser, vendor = "POST /users", body = new_user, errors = from_vendor)]
pub(crate) fn create_user(created: AcmeUser) -> CreateUserOutput {
    CreateUserOutput {
        user: user_to_scim(created),
    }
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

/// The body of `PUT /users/{id}/password`.
fn new_password(input: &UpdateUserPasswordInput) -> Value {
    json!({"password": input.password.expose()})
}

/// Sets an Acme user's password (`PUT /users/{id}/password`).
#[provisioning_action(
    UpdateUserPassword,
    vendor = "PUT /users/{userId}/password",
    body = new_password,
    errors = from_vendor
)]
pub(crate) fn update_user_password() {}

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

/// Enables an Acme user (`POST /users/{id}/enable`, no body).
#[provisioning_action(ActivateUser, vendor = "POST /users/{userId}/enable")]
pub(crate) fn activate_user() {}

/// Disables an Acme user (`POST /users/{id}/disable`, no body); Acme also ends the user's
/// sessions.
#[provisioning_action(DeactivateUser, vendor = "POST /users/{userId}/disable")]
pub(crate) fn deactivate_user() {}
