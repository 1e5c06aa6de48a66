//! Every action, imperative handlers, one integration with all three capabilities.

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

macro_rules! handlers {
    ($macro:ident: $($name:ident: $action:ident($input:ident) -> $output:ident;)*) => {$(
        /// A handler returning the default output.
        #[$macro($action)]
        async fn $name(_ctx: &ActionContext, _input: $input) -> Result<$output, ActionError> {
            Ok($output::default())
        }
    )*};
}

handlers! { provisioning_action:
    create_user: CreateUser(CreateUserInput) -> CreateUserOutput;
    update_user: UpdateUser(UpdateUserInput) -> UpdateUserOutput;
    update_password: UpdateUserPassword(UpdateUserPasswordInput) -> UpdateUserPasswordOutput;
    activate_user: ActivateUser(ActivateUserInput) -> ActivateUserOutput;
    deactivate_user: DeactivateUser(DeactivateUserInput) -> DeactivateUserOutput;
    get_user_by_id: GetUserById(GetUserByIdInput) -> GetUserByIdOutput;
    get_user_by_user_name: GetUserByUserName(GetUserByUserNameInput) -> GetUserByUserNameOutput;
    list_users: ListUsers(ListUsersInput) -> ListUsersOutput;
    create_group: CreateGroup(CreateGroupInput) -> CreateGroupOutput;
    update_group: UpdateGroup(UpdateGroupInput) -> UpdateGroupOutput;
    remove_group: RemoveGroup(RemoveGroupInput) -> RemoveGroupOutput;
    add_members: AddGroupMembers(AddGroupMembersInput) -> AddGroupMembersOutput;
    remove_members: RemoveGroupMembers(RemoveGroupMembersInput) -> RemoveGroupMembersOutput;
    list_members: ListGroupMembers(ListGroupMembersInput) -> ListGroupMembersOutput;
    get_group_by_id: GetGroupById(GetGroupByIdInput) -> GetGroupByIdOutput;
    list_groups: ListGroups(ListGroupsInput) -> ListGroupsOutput;
    list_groups_by_name: ListGroupsByDisplayName(ListGroupsByDisplayNameInput) -> ListGroupsByDisplayNameOutput;
}

handlers! { entitlements_action:
    user_schema: ListUserSchema(ListUserSchemaInput) -> ListUserSchemaOutput;
    user_schema_values: ListUserSchemaPropertyValues(ListUserSchemaPropertyValuesInput) -> ListUserSchemaPropertyValuesOutput;
    entitlement_schema: ListEntitlementSchema(ListEntitlementSchemaInput) -> ListEntitlementSchemaOutput;
    entitlement_values: ListEntitlementSchemaPropertyValues(ListEntitlementSchemaPropertyValuesInput) -> ListEntitlementSchemaPropertyValuesOutput;
}

/// Logs a user out.
#[universal_logout_action]
async fn logout(_ctx: &ActionContext, _input: UniversalLogoutInput) -> Result<UniversalLogoutOutput, ActionError> {
    Ok(UniversalLogoutOutput { logout_status: LogoutStatus::Success })
}

fn main() {
    let integration = okta_actions::integration! {
        name: "Acme",
        capabilities: [Provisioning, Entitlements, UniversalLogout],
        actions: [
            create_user, update_user, update_password, activate_user, deactivate_user,
            get_user_by_id, get_user_by_user_name, list_users,
            create_group, update_group, remove_group, add_members, remove_members, list_members,
            get_group_by_id, list_groups, list_groups_by_name,
            user_schema, user_schema_values, entitlement_schema, entitlement_values,
            logout,
        ],
    }
    .build()
    .expect("every OIN rule holds");
    assert_eq!(integration.actions().len(), 22);
    let meta = integration.action("UniversalLogout").unwrap().meta();
    assert_eq!(meta.handler, "logout");
    assert_eq!(meta.doc, "Logs a user out.");
    assert!(meta.file.ends_with("01-all-22-actions.rs"));
}
