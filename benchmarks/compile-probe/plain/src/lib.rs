//! The compile-time probe: the 22 action handlers of a typical integration (modelled on the acme
//! example: three declarative reads, the rest imperative), annotated and registered. The
//! unannotated twin (`plain/src/lib.rs`) is this file without the macro lines; the benchmark
//! writes it, so never edit it by hand.
#![allow(missing_docs, dead_code)]

use okta_actions::contracts::{
    ActivateUserInput, AddGroupMembersInput, CreateGroupInput, CreateGroupOutput, CreateUserInput,
    CreateUserOutput, DeactivateUserInput, GetGroupByIdOutput, GetUserByIdOutput,
    GetUserByUserNameOutput, GroupMember, ListEntitlementSchemaInput, ListEntitlementSchemaOutput,
    ListEntitlementSchemaPropertyValuesInput, ListEntitlementSchemaPropertyValuesOutput,
    ListGroupMembersInput, ListGroupMembersOutput, ListGroupsByDisplayNameInput,
    ListGroupsByDisplayNameOutput, ListGroupsInput, ListGroupsOutput, ListUserSchemaInput,
    ListUserSchemaOutput, ListUserSchemaPropertyValuesInput, ListUserSchemaPropertyValuesOutput,
    ListUsersInput, ListUsersOutput, LogoutStatus, PaginationRequest, PaginationResponse,
    PropertyType, RemoveGroupInput, RemoveGroupMembersInput, SchemaProperty, SchemaPropertyValue,
    ScimGroup, ScimUser, UniversalLogoutInput, UniversalLogoutOutput, UpdateGroupInput,
    UpdateGroupOutput, UpdateUserInput, UpdateUserOutput, UpdateUserPasswordInput,
};
use okta_actions::{ActionContext, ActionError};
use serde::Deserialize;
use serde_json::json;

// ----- the vendor's model -----

#[derive(Debug, Clone, Default, Deserialize)]
pub struct VendorUser {
    pub id: String,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub enabled: bool,
    #[serde(default)]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct VendorTeam {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct VendorField {
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    #[serde(default)]
    pub next_cursor: Option<String>,
}

// ----- mapping -----

pub fn user_to_scim(user: VendorUser) -> ScimUser {
    let mut scim = ScimUser::new(user.username);
    scim.id = Some(user.id);
    scim.display_name = Some(format!("{} {}", user.first_name, user.last_name));
    scim.title = user.title;
    scim.active = Some(user.enabled);
    scim
}

pub fn team_to_scim(team: VendorTeam) -> ScimGroup {
    let mut group = ScimGroup::new(team.name);
    group.id = Some(team.id);
    group.description = team.description;
    group
}

fn user_body(user: &ScimUser) -> serde_json::Value {
    json!({
        "username": user.user_name,
        "title": user.title,
        "enabled": user.active.unwrap_or(true),
    })
}

fn team_body(group: &ScimGroup) -> serde_json::Value {
    json!({ "name": group.display_name, "description": group.description })
}

fn field_to_property(field: VendorField) -> SchemaProperty {
    SchemaProperty {
        name: Some(field.key),
        title: Some(field.label),
        property_type: Some(PropertyType::String),
        ..SchemaProperty::default()
    }
}

fn required_id(id: Option<&str>, what: &str) -> Result<String, ActionError> {
    id.filter(|id| !id.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| ActionError::generic(format!("{what} needs an id")).with_http_status(400))
}

async fn page<T: serde::de::DeserializeOwned>(
    ctx: &ActionContext,
    path: &str,
    pagination: Option<&PaginationRequest>,
) -> Result<Page<T>, ActionError> {
    let size = pagination
        .and_then(|p| p.limit)
        .unwrap_or(200)
        .clamp(1, 100);
    let mut request = ctx
        .vendor()?
        .get(path)
        .query("page_size", &size.to_string());
    if let Some(cursor) = pagination.and_then(|p| p.cursor.as_deref()) {
        request = request.query("cursor", cursor);
    }
    Ok(request.send_json().await?)
}

// ----- users -----

pub fn get_user_by_id(user: VendorUser) -> GetUserByIdOutput {
    GetUserByIdOutput {
        user: user_to_scim(user),
    }
}

pub fn get_user_by_user_name(user: VendorUser) -> GetUserByUserNameOutput {
    GetUserByUserNameOutput {
        user: user_to_scim(user),
    }
}

pub async fn list_users(
    ctx: &ActionContext,
    input: ListUsersInput,
) -> Result<ListUsersOutput, ActionError> {
    let page = page::<VendorUser>(ctx, "/users", input.pagination.as_ref()).await?;
    Ok(ListUsersOutput {
        resources: page.data.into_iter().map(user_to_scim).collect(),
        pagination: Some(PaginationResponse::next(page.next_cursor)),
    })
}

pub async fn create_user(
    ctx: &ActionContext,
    input: CreateUserInput,
) -> Result<CreateUserOutput, ActionError> {
    let created: VendorUser = ctx
        .vendor()?
        .post("/users")
        .json(&user_body(&input.user))
        .send_json()
        .await?;
    Ok(CreateUserOutput {
        user: user_to_scim(created),
    })
}

pub async fn update_user(
    ctx: &ActionContext,
    input: UpdateUserInput,
) -> Result<UpdateUserOutput, ActionError> {
    // The benchmark edits the marker below between incremental builds.
    let id = required_id(input.user.id.as_deref(), "UpdateUser probe-edit-0")?;
    let updated: VendorUser = ctx
        .vendor()?
        .patch(&format!("/users/{id}"))
        .json(&user_body(&input.user))
        .send_json()
        .await?;
    Ok(UpdateUserOutput {
        user: user_to_scim(updated),
    })
}

pub async fn update_user_password(
    ctx: &ActionContext,
    input: UpdateUserPasswordInput,
) -> Result<(), ActionError> {
    ctx.vendor()?
        .put(&format!("/users/{}/password", input.user_id))
        .json(&json!({ "password": input.password.expose() }))
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

pub async fn activate_user(
    ctx: &ActionContext,
    input: ActivateUserInput,
) -> Result<(), ActionError> {
    let _: VendorUser = ctx
        .vendor()?
        .post(&format!("/users/{}/enable", input.user_id))
        .send_json()
        .await?;
    Ok(())
}

pub async fn deactivate_user(
    ctx: &ActionContext,
    input: DeactivateUserInput,
) -> Result<(), ActionError> {
    let _: VendorUser = ctx
        .vendor()?
        .post(&format!("/users/{}/disable", input.user_id))
        .send_json()
        .await?;
    Ok(())
}

// ----- groups -----

pub fn get_group_by_id(team: VendorTeam) -> GetGroupByIdOutput {
    GetGroupByIdOutput {
        group: team_to_scim(team),
    }
}

pub async fn list_groups(
    ctx: &ActionContext,
    input: ListGroupsInput,
) -> Result<ListGroupsOutput, ActionError> {
    let page = page::<VendorTeam>(ctx, "/teams", input.pagination.as_ref()).await?;
    Ok(ListGroupsOutput {
        resources: page.data.into_iter().map(team_to_scim).collect(),
        pagination: Some(PaginationResponse::next(page.next_cursor)),
    })
}

pub async fn list_groups_by_display_name(
    ctx: &ActionContext,
    input: ListGroupsByDisplayNameInput,
) -> Result<ListGroupsByDisplayNameOutput, ActionError> {
    let path = format!("/teams?name={}", input.display_name);
    let page = page::<VendorTeam>(ctx, &path, input.pagination.as_ref()).await?;
    Ok(ListGroupsByDisplayNameOutput {
        resources: page.data.into_iter().map(team_to_scim).collect(),
        pagination: Some(PaginationResponse::next(page.next_cursor)),
    })
}

pub async fn create_group(
    ctx: &ActionContext,
    input: CreateGroupInput,
) -> Result<CreateGroupOutput, ActionError> {
    let team: VendorTeam = ctx
        .vendor()?
        .post("/teams")
        .json(&team_body(&input.group))
        .send_json()
        .await?;
    Ok(CreateGroupOutput {
        group: team_to_scim(team),
    })
}

pub async fn update_group(
    ctx: &ActionContext,
    input: UpdateGroupInput,
) -> Result<UpdateGroupOutput, ActionError> {
    let id = required_id(input.group.id.as_deref(), "UpdateGroup")?;
    let team: VendorTeam = ctx
        .vendor()?
        .patch(&format!("/teams/{id}"))
        .json(&team_body(&input.group))
        .send_json()
        .await?;
    Ok(UpdateGroupOutput {
        group: team_to_scim(team),
    })
}

pub async fn remove_group(ctx: &ActionContext, input: RemoveGroupInput) -> Result<(), ActionError> {
    ctx.vendor()?
        .delete(&format!("/teams/{}", input.group_id))
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

pub async fn list_group_members(
    ctx: &ActionContext,
    input: ListGroupMembersInput,
) -> Result<ListGroupMembersOutput, ActionError> {
    let path = format!("/teams/{}/members", input.group_id);
    let page = page::<VendorUser>(ctx, &path, input.pagination.as_ref()).await?;
    Ok(ListGroupMembersOutput {
        resources: page
            .data
            .into_iter()
            .map(|user| GroupMember {
                value: user.id,
                display: Some(format!("{} {}", user.first_name, user.last_name)),
            })
            .collect(),
        pagination: Some(PaginationResponse::next(page.next_cursor)),
    })
}

pub async fn add_group_members(
    ctx: &ActionContext,
    input: AddGroupMembersInput,
) -> Result<(), ActionError> {
    let ids: Vec<&str> = input
        .group_members
        .iter()
        .map(|m| m.value.as_str())
        .collect();
    ctx.vendor()?
        .post(&format!("/teams/{}/members", input.group_id))
        .json(&json!({ "user_ids": ids }))
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

pub async fn remove_group_members(
    ctx: &ActionContext,
    input: RemoveGroupMembersInput,
) -> Result<(), ActionError> {
    let vendor = ctx.vendor()?;
    for member in &input.group_members {
        vendor
            .delete(&format!(
                "/teams/{}/members/{}",
                input.group_id, member.value
            ))
            .send()
            .await?
            .error_for_status()?;
    }
    Ok(())
}

// ----- schema and entitlements -----

pub async fn list_user_schema(
    ctx: &ActionContext,
    input: ListUserSchemaInput,
) -> Result<ListUserSchemaOutput, ActionError> {
    let fields = page::<VendorField>(ctx, "/fields", input.pagination.as_ref()).await?;
    Ok(ListUserSchemaOutput {
        schema_properties: fields.data.into_iter().map(field_to_property).collect(),
        pagination: Some(PaginationResponse::next(fields.next_cursor)),
    })
}

pub async fn list_user_schema_property_values(
    ctx: &ActionContext,
    input: ListUserSchemaPropertyValuesInput,
) -> Result<ListUserSchemaPropertyValuesOutput, ActionError> {
    let fields = page::<VendorField>(ctx, "/fields", input.pagination.as_ref()).await?;
    let values = fields
        .data
        .into_iter()
        .flat_map(|field| {
            let key = field.key;
            field
                .values
                .into_iter()
                .map(move |value| SchemaPropertyValue {
                    id: Some(value.clone()),
                    display_name: Some(value),
                    schema_property_name: Some(key.clone()),
                    ..SchemaPropertyValue::default()
                })
        })
        .collect();
    Ok(ListUserSchemaPropertyValuesOutput {
        schema_property_values: values,
        pagination: Some(PaginationResponse::next(fields.next_cursor)),
    })
}

pub async fn list_entitlement_schema(
    _ctx: &ActionContext,
    _input: ListEntitlementSchemaInput,
) -> Result<ListEntitlementSchemaOutput, ActionError> {
    let role = SchemaProperty {
        name: Some("roles".into()),
        title: Some("Roles".into()),
        property_type: Some(PropertyType::Array),
        ..SchemaProperty::default()
    };
    Ok(ListEntitlementSchemaOutput {
        schema_properties: vec![role],
        pagination: Some(PaginationResponse::next(None)),
    })
}

pub async fn list_entitlement_schema_property_values(
    ctx: &ActionContext,
    input: ListEntitlementSchemaPropertyValuesInput,
) -> Result<ListEntitlementSchemaPropertyValuesOutput, ActionError> {
    let roles = page::<VendorTeam>(ctx, "/roles", input.pagination.as_ref()).await?;
    Ok(ListEntitlementSchemaPropertyValuesOutput {
        schema_property_values: roles
            .data
            .into_iter()
            .map(|role| SchemaPropertyValue {
                id: Some(role.id),
                display_name: Some(role.name),
                schema_property_name: Some("roles".into()),
                description: role.description,
                ..SchemaPropertyValue::default()
            })
            .collect(),
        pagination: Some(PaginationResponse::next(roles.next_cursor)),
    })
}

// ----- Universal Logout -----

pub async fn universal_logout(
    ctx: &ActionContext,
    input: UniversalLogoutInput,
) -> Result<UniversalLogoutOutput, ActionError> {
    let id = input
        .external_user_id
        .ok_or_else(|| ActionError::generic("externalUserId is required").with_http_status(400))?;
    ctx.vendor()?
        .post(&format!("/users/{id}/logout"))
        .send()
        .await?
        .error_for_status()?;
    Ok(UniversalLogoutOutput {
        logout_status: LogoutStatus::Success,
    })
}
