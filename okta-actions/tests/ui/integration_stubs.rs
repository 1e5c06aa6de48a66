//! The handlers the `integration!` fixtures (`fail/29` to `fail/36`) register: one per action
//! of a Provisioning and Entitlements integration, each answering an empty output.

#![allow(dead_code, unused_imports)]

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

macro_rules! handler {
    ($name:ident: $action:ident($input:ident) -> $output:ident) => {
        #[provisioning_action($action)]
        pub async fn $name(_ctx: &ActionContext, _input: $input) -> Result<$output, ActionError> {
            Ok($output::default())
        }
    };
}

handler!(list_users: ListUsers(ListUsersInput) -> ListUsersOutput);
handler!(get_user_by_id: GetUserById(GetUserByIdInput) -> GetUserByIdOutput);
handler!(get_user_by_user_name: GetUserByUserName(GetUserByUserNameInput) -> GetUserByUserNameOutput);
handler!(list_groups: ListGroups(ListGroupsInput) -> ListGroupsOutput);
handler!(get_group_by_id: GetGroupById(GetGroupByIdInput) -> GetGroupByIdOutput);
handler!(create_group: CreateGroup(CreateGroupInput) -> CreateGroupOutput);
handler!(list_groups_by_name: ListGroupsByDisplayName(ListGroupsByDisplayNameInput) -> ListGroupsByDisplayNameOutput);

#[entitlements_action(ListUserSchema)]
pub async fn user_schema(_ctx: &ActionContext, _input: ListUserSchemaInput) -> Result<ListUserSchemaOutput, ActionError> {
    Ok(ListUserSchemaOutput::default())
}

#[entitlements_action(ListUserSchemaPropertyValues)]
pub async fn user_schema_values(
    _ctx: &ActionContext,
    _input: ListUserSchemaPropertyValuesInput,
) -> Result<ListUserSchemaPropertyValuesOutput, ActionError> {
    Ok(ListUserSchemaPropertyValuesOutput::default())
}

#[universal_logout_action]
pub async fn logout(_ctx: &ActionContext, _input: UniversalLogoutInput) -> Result<UniversalLogoutOutput, ActionError> {
    Ok(UniversalLogoutOutput::default())
}

#[entitlements_action(ListEntitlementSchema)]
pub async fn entitlement_schema(
    _ctx: &ActionContext,
    _input: ListEntitlementSchemaInput,
) -> Result<ListEntitlementSchemaOutput, ActionError> {
    Ok(ListEntitlementSchemaOutput::default())
}

#[entitlements_action(ListEntitlementSchemaPropertyValues)]
pub async fn entitlement_values(
    _ctx: &ActionContext,
    _input: ListEntitlementSchemaPropertyValuesInput,
) -> Result<ListEntitlementSchemaPropertyValuesOutput, ActionError> {
    Ok(ListEntitlementSchemaPropertyValuesOutput::default())
}

/// Not annotated: registering it is a mistake.
pub fn not_a_handler() {}
