//! The integrations the wiring tests describe: (a) every action and capability with two tenant
//! variables and an API-key header; (b) Universal Logout only, with Basic auth; and variations.

use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType};
use okta_actions::contracts::*;
use okta_actions::wiring::WiringOptions;
use okta_actions::{
    ActionContext, ActionError, Integration, IntegrationBuilder, entitlements_action,
    provisioning_action, universal_logout_action,
};
use serde::Deserialize;

macro_rules! handlers {
    ($macro:ident: $($name:ident: $action:ident($input:ident) -> $output:ident;)*) => {$(
        /// Answers with the contract's default output.
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
    get_user_by_user_name: GetUserByUserName(GetUserByUserNameInput) -> GetUserByUserNameOutput;
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

#[derive(Deserialize)]
struct AcmeUser {
    id: String,
    email_address: String,
}

fn to_scim(user: AcmeUser) -> ScimUser {
    let mut scim = ScimUser::new(user.email_address);
    scim.id = Some(user.id);
    scim
}

/// Looks a user up by id in Acme's directory.
#[provisioning_action(GetUserById, vendor = "GET /v2/users/{userId}")]
fn get_user_by_id(user: AcmeUser) -> GetUserByIdOutput {
    GetUserByIdOutput {
        user: to_scim(user),
    }
}

/// Lists Acme's users, one vendor page at a time.
///
/// Deactivated users are listed too, with `active: false`.
#[provisioning_action(ListUsers, vendor = "GET /v2/users")]
fn list_users(user: AcmeUser) -> ScimUser {
    to_scim(user)
}

/// Ends every session and revokes every refresh token of the user.
#[universal_logout_action]
async fn logout(
    _ctx: &ActionContext,
    _input: UniversalLogoutInput,
) -> Result<UniversalLogoutOutput, ActionError> {
    Ok(UniversalLogoutOutput {
        logout_status: LogoutStatus::Success,
    })
}

/// An auth mapping with the given credential; two tenant variables when `variables`.
pub(super) fn mapping(
    auth_type: OinAuthType,
    credential: CredentialMapping,
    variables: bool,
) -> AuthMapping {
    let builder = AuthMapping::builder()
        .auth_type(auth_type)
        .credential(credential);
    let builder = if variables {
        builder
            .tenant_variable("subdomain")
            .tenant_variable("region")
            .base_url("https://{app.subdomain}.{app.region}.acme.example/api")
    } else {
        builder.base_url("https://api.acme.example")
    };
    builder.build().expect("a valid auth mapping")
}

/// Every action and capability, registered without auth.
pub(super) fn all_actions() -> IntegrationBuilder {
    okta_actions::integration! {
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
}

/// (a) Every action and capability; tenant variables `subdomain` and `region`; the API key
/// arrives in `Authorization` and goes to Acme as `X-Api-Key`.
pub(super) fn full() -> Integration {
    all_actions()
        .auth(mapping(
            OinAuthType::Custom,
            CredentialMapping::ApiKeyHeader {
                header: "X-Api-Key".into(),
                scheme: None,
            },
            true,
        ))
        .build()
        .expect("every OIN rule holds")
}

/// The adapter of (a): deployed, no standard Universal Logout endpoint.
pub(super) fn full_options() -> WiringOptions {
    WiringOptions::new().server_url("https://okta-adapter.acme.example")
}

/// (b) Universal Logout only, Basic auth, no tenant variables.
pub(super) fn logout_only() -> Integration {
    Integration::builder("Globex")
        .capability(Capability::UniversalLogout)
        .action(logout)
        .auth(
            AuthMapping::builder()
                .auth_type(OinAuthType::Basic)
                .base_url("https://api.globex.example")
                .credential(CredentialMapping::Basic)
                .build()
                .expect("a valid auth mapping"),
        )
        .build()
        .expect("every OIN rule holds")
}

/// The adapter of (b): URL not set yet (the placeholder), the standard Universal Logout endpoint
/// served too.
pub(super) fn logout_only_options() -> WiringOptions {
    WiringOptions::new().universal_logout_path("/global-token-revocation")
}

/// Provisioning with the required actions and one optional user operation (`DeactivateUser`):
/// no group operations or memberships, no entitlements.
pub(super) fn provisioning_minimum(auth: Option<AuthMapping>) -> Integration {
    let builder = Integration::builder("Initech")
        .capability(Capability::Provisioning)
        .action(list_users)
        .action(get_user_by_id)
        .action(get_user_by_user_name)
        .action(user_schema)
        .action(user_schema_values)
        .action(list_groups)
        .action(get_group_by_id)
        .action(deactivate_user);
    match auth {
        Some(auth) => builder.auth(auth),
        None => builder,
    }
    .build()
    .expect("every OIN rule holds")
}

/// The actions Provisioning requires besides user schema discovery, for tests that bring their
/// own `ListUserSchema` and `ListUserSchemaPropertyValues`.
pub(super) fn provisioning_without_schema(name: &str) -> IntegrationBuilder {
    Integration::builder(name)
        .capability(Capability::Provisioning)
        .action(list_users)
        .action(get_user_by_id)
        .action(get_user_by_user_name)
        .action(list_groups)
        .action(get_group_by_id)
}
