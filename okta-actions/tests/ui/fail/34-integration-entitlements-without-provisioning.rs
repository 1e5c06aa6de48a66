#![allow(unused_imports)] // a rejected handler's body is dropped, so its imports go unused

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

macro_rules! handler {
    ($name:ident: $action:ident($input:ident) -> $output:ident) => {
        #[provisioning_action($action)]
        async fn $name(_ctx: &ActionContext, _input: $input) -> Result<$output, ActionError> {
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
async fn user_schema(_ctx: &ActionContext, _input: ListUserSchemaInput) -> Result<ListUserSchemaOutput, ActionError> {
    Ok(ListUserSchemaOutput::default())
}

#[entitlements_action(ListUserSchemaPropertyValues)]
async fn user_schema_values(
    _ctx: &ActionContext,
    _input: ListUserSchemaPropertyValuesInput,
) -> Result<ListUserSchemaPropertyValuesOutput, ActionError> {
    Ok(ListUserSchemaPropertyValuesOutput::default())
}

#[universal_logout_action]
async fn logout(_ctx: &ActionContext, _input: UniversalLogoutInput) -> Result<UniversalLogoutOutput, ActionError> {
    Ok(UniversalLogoutOutput::default())
}

#[entitlements_action(ListEntitlementSchema)]
async fn entitlement_schema(
    _ctx: &ActionContext,
    _input: ListEntitlementSchemaInput,
) -> Result<ListEntitlementSchemaOutput, ActionError> {
    Ok(ListEntitlementSchemaOutput::default())
}

#[entitlements_action(ListEntitlementSchemaPropertyValues)]
async fn entitlement_values(
    _ctx: &ActionContext,
    _input: ListEntitlementSchemaPropertyValuesInput,
) -> Result<ListEntitlementSchemaPropertyValuesOutput, ActionError> {
    Ok(ListEntitlementSchemaPropertyValuesOutput::default())
}

fn not_a_handler() {}

fn main() {
    let _ = okta_actions::integration! {
        name: "Acme",
        capabilities: [Entitlements],
        actions: [entitlement_schema, entitlement_values],
    };
}
