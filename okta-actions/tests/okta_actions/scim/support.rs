//! The vendor behind the SCIM facade: every provisioning and schema discovery action over an
//! in-memory store, one store per tenant (keyed by the tenant's vendor base URL), and a
//! loopback vendor endpoint `/t/{sub}/me` that accepts only `Bearer {sub}-api-key`, so a
//! tenant's credential really is checked. Plus an Okta-like SCIM client.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType};
use okta_actions::contracts::*;
use okta_actions::server::scim::ScimConfig;
use okta_actions::{
    ActionContext, ActionError, Integration, IntegrationBuilder, entitlements_action,
    provisioning_action,
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::client::support::{fast_config, serve};

/// One tenant's data at the vendor.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tenant {
    pub(crate) users: Vec<ScimUser>,
    pub(crate) passwords: HashMap<String, String>,
    pub(crate) groups: Vec<ScimGroup>,
    pub(crate) members: HashMap<String, Vec<GroupMember>>,
    /// Every action called, in order.
    pub(crate) calls: Vec<&'static str>,
    next_id: usize,
}

static STORE: LazyLock<Mutex<HashMap<String, Tenant>>> = LazyLock::new(Mutex::default);

fn with_store<T>(key: &str, f: impl FnOnce(&mut Tenant) -> T) -> T {
    let mut store = STORE.lock().unwrap_or_else(|p| p.into_inner());
    f(store.entry(key.to_owned()).or_default())
}

/// Checks the tenant's credential at the vendor and opens its store; logs the call.
async fn tenant<T>(
    ctx: &ActionContext,
    action: &'static str,
    f: impl FnOnce(&mut Tenant) -> Result<T, ActionError>,
) -> Result<T, ActionError> {
    let vendor = ctx.vendor()?;
    let _: Value = vendor.get("/me").send_json().await?;
    let key = vendor.base_url().to_owned();
    with_store(&key, |tenant| {
        tenant.calls.push(action);
        f(tenant)
    })
}

fn missing(what: &str, id: &str) -> ActionError {
    ActionError::not_found(format!("no {what} {id}")).with_http_status(404)
}

fn window<T: Clone>(
    items: &[T],
    pagination: Option<PaginationRequest>,
) -> (Vec<T>, Option<String>) {
    let pagination = pagination.unwrap_or_default();
    let start: usize = pagination
        .cursor
        .and_then(|c| c.strip_prefix("at-").and_then(|n| n.parse().ok()))
        .unwrap_or(0);
    let limit = usize::try_from(pagination.limit.unwrap_or(100).clamp(1, 200)).unwrap_or(100);
    let end = (start + limit).min(items.len());
    let page = items.get(start..end).map(<[T]>::to_vec).unwrap_or_default();
    (page, (end < items.len()).then(|| format!("at-{end}")))
}

fn user_index(tenant: &Tenant, id: &str) -> Result<usize, ActionError> {
    tenant
        .users
        .iter()
        .position(|u| u.id.as_deref() == Some(id))
        .ok_or_else(|| missing("user", id))
}

fn group_index(tenant: &Tenant, id: &str) -> Result<usize, ActionError> {
    tenant
        .groups
        .iter()
        .position(|g| g.id.as_deref() == Some(id))
        .ok_or_else(|| missing("group", id))
}

/// Lists users, 100 a page unless asked otherwise, cursors `at-{offset}`.
#[provisioning_action(ListUsers)]
async fn list_users(
    ctx: &ActionContext,
    input: ListUsersInput,
) -> Result<ListUsersOutput, ActionError> {
    tenant(ctx, "ListUsers", |t| {
        let (resources, next) = window(&t.users, input.pagination);
        Ok(ListUsersOutput {
            resources,
            pagination: Some(PaginationResponse::next(next)),
        })
    })
    .await
}

/// Reads a user; `panic` panics and `vendor-down` fails with internals in the message.
#[provisioning_action(GetUserById)]
async fn get_user_by_id(
    ctx: &ActionContext,
    input: GetUserByIdInput,
) -> Result<GetUserByIdOutput, ActionError> {
    match input.user_id.as_str() {
        "panic" => panic!("the vendor mapping hit a bug"),
        "vendor-down" => {
            return Err(
                ActionError::generic("db at 10.0.0.7 refused: password=hunter2")
                    .with_http_status(503),
            );
        }
        _ => {}
    }
    tenant(ctx, "GetUserById", |t| {
        let index = user_index(t, &input.user_id)?;
        Ok(GetUserByIdOutput {
            user: t.users[index].clone(),
        })
    })
    .await
}

/// Looks a user up by exact userName (the vendor is case-sensitive here).
#[provisioning_action(GetUserByUserName)]
async fn get_user_by_user_name(
    ctx: &ActionContext,
    input: GetUserByUserNameInput,
) -> Result<GetUserByUserNameOutput, ActionError> {
    tenant(ctx, "GetUserByUserName", |t| {
        t.users
            .iter()
            .find(|u| u.user_name == input.user_name)
            .map(|u| GetUserByUserNameOutput { user: u.clone() })
            .ok_or_else(|| missing("user", &input.user_name))
    })
    .await
}

/// Creates a user; a userName taken in any case is HTTP 409.
#[provisioning_action(CreateUser)]
async fn create_user(
    ctx: &ActionContext,
    input: CreateUserInput,
) -> Result<CreateUserOutput, ActionError> {
    tenant(ctx, "CreateUser", |t| {
        let mut user = input.user;
        if t.users
            .iter()
            .any(|u| u.user_name.eq_ignore_ascii_case(&user.user_name))
        {
            return Err(ActionError::generic("userName taken").with_http_status(409));
        }
        t.next_id += 1;
        let id = format!("u-{}", t.next_id);
        user.id = Some(id.clone());
        user.active = Some(user.active.unwrap_or(true));
        if let Some(password) = user.password.take() {
            t.passwords.insert(id, password.expose().to_owned());
        }
        t.users.push(user.clone());
        Ok(CreateUserOutput { user })
    })
    .await
}

/// Replaces a user.
#[provisioning_action(UpdateUser)]
async fn update_user(
    ctx: &ActionContext,
    input: UpdateUserInput,
) -> Result<UpdateUserOutput, ActionError> {
    tenant(ctx, "UpdateUser", |t| {
        let mut user = input.user;
        let index = user_index(t, user.id.as_deref().unwrap_or_default())?;
        user.password = None;
        t.users[index] = user.clone();
        Ok(UpdateUserOutput { user })
    })
    .await
}

/// Sets a user's password.
#[provisioning_action(UpdateUserPassword)]
async fn update_password(
    ctx: &ActionContext,
    input: UpdateUserPasswordInput,
) -> Result<UpdateUserPasswordOutput, ActionError> {
    tenant(ctx, "UpdateUserPassword", |t| {
        user_index(t, &input.user_id)?;
        t.passwords
            .insert(input.user_id, input.password.expose().to_owned());
        Ok(UpdateUserPasswordOutput {})
    })
    .await
}

/// Sets `active`, stamping the user's `meta.lastModified` when it has one, as vendors do.
fn set_active(t: &mut Tenant, id: &str, active: bool) -> Result<(), ActionError> {
    let index = user_index(t, id)?;
    let user = &mut t.users[index];
    user.active = Some(active);
    if let Some(Value::Object(meta)) = user.extra.get_mut("meta") {
        meta.insert("lastModified".into(), json!(LIFECYCLE_STAMP));
    }
    Ok(())
}

/// The `meta.lastModified` that [`set_active`] writes.
pub(crate) const LIFECYCLE_STAMP: &str = "2030-01-01T00:00:00Z";

/// Activates a user.
#[provisioning_action(ActivateUser)]
async fn activate_user(
    ctx: &ActionContext,
    input: ActivateUserInput,
) -> Result<ActivateUserOutput, ActionError> {
    tenant(ctx, "ActivateUser", |t| {
        set_active(t, &input.user_id, true).map(|()| ActivateUserOutput {})
    })
    .await
}

/// Deactivates a user.
#[provisioning_action(DeactivateUser)]
async fn deactivate_user(
    ctx: &ActionContext,
    input: DeactivateUserInput,
) -> Result<DeactivateUserOutput, ActionError> {
    tenant(ctx, "DeactivateUser", |t| {
        set_active(t, &input.user_id, false).map(|()| DeactivateUserOutput {})
    })
    .await
}

/// The vendor's delete call, for `ScimConfig::delete_users_with`.
pub(crate) async fn delete_user(ctx: ActionContext, id: String) -> Result<(), ActionError> {
    tenant(&ctx, "DeleteUser", |t| {
        let index = user_index(t, &id)?;
        t.users.remove(index);
        Ok(())
    })
    .await
}

/// Lists groups a page at a time.
#[provisioning_action(ListGroups)]
async fn list_groups(
    ctx: &ActionContext,
    input: ListGroupsInput,
) -> Result<ListGroupsOutput, ActionError> {
    tenant(ctx, "ListGroups", |t| {
        let (resources, next) = window(&t.groups, input.pagination);
        Ok(ListGroupsOutput {
            resources,
            pagination: Some(PaginationResponse::next(next)),
        })
    })
    .await
}

/// Reads a group.
#[provisioning_action(GetGroupById)]
async fn get_group_by_id(
    ctx: &ActionContext,
    input: GetGroupByIdInput,
) -> Result<GetGroupByIdOutput, ActionError> {
    tenant(ctx, "GetGroupById", |t| {
        let index = group_index(t, &input.group_id)?;
        Ok(GetGroupByIdOutput {
            group: t.groups[index].clone(),
        })
    })
    .await
}

/// The vendor's group search: a case-insensitive substring match, one group a page.
#[provisioning_action(ListGroupsByDisplayName)]
async fn list_groups_by_name(
    ctx: &ActionContext,
    input: ListGroupsByDisplayNameInput,
) -> Result<ListGroupsByDisplayNameOutput, ActionError> {
    tenant(ctx, "ListGroupsByDisplayName", |t| {
        let wanted = input.display_name.to_lowercase();
        let found: Vec<ScimGroup> = t
            .groups
            .iter()
            .filter(|g| g.display_name.to_lowercase().contains(&wanted))
            .cloned()
            .collect();
        let mut pagination = input.pagination.unwrap_or_default();
        pagination.limit = Some(1);
        let (resources, next) = window(&found, Some(pagination));
        Ok(ListGroupsByDisplayNameOutput {
            resources,
            pagination: Some(PaginationResponse::next(next)),
        })
    })
    .await
}

/// Creates a group.
#[provisioning_action(CreateGroup)]
async fn create_group(
    ctx: &ActionContext,
    input: CreateGroupInput,
) -> Result<CreateGroupOutput, ActionError> {
    tenant(ctx, "CreateGroup", |t| {
        let mut group = input.group;
        t.next_id += 1;
        group.id = Some(format!("g-{}", t.next_id));
        t.groups.push(group.clone());
        Ok(CreateGroupOutput { group })
    })
    .await
}

/// Replaces a group.
#[provisioning_action(UpdateGroup)]
async fn update_group(
    ctx: &ActionContext,
    input: UpdateGroupInput,
) -> Result<UpdateGroupOutput, ActionError> {
    tenant(ctx, "UpdateGroup", |t| {
        let index = group_index(t, input.group.id.as_deref().unwrap_or_default())?;
        t.groups[index] = input.group.clone();
        Ok(UpdateGroupOutput { group: input.group })
    })
    .await
}

/// Deletes a group and its memberships.
#[provisioning_action(RemoveGroup)]
async fn remove_group(
    ctx: &ActionContext,
    input: RemoveGroupInput,
) -> Result<RemoveGroupOutput, ActionError> {
    tenant(ctx, "RemoveGroup", |t| {
        let index = group_index(t, &input.group_id)?;
        t.groups.remove(index);
        t.members.remove(&input.group_id);
        Ok(RemoveGroupOutput {})
    })
    .await
}

/// Adds members (already-members are ignored).
#[provisioning_action(AddGroupMembers)]
async fn add_members(
    ctx: &ActionContext,
    input: AddGroupMembersInput,
) -> Result<AddGroupMembersOutput, ActionError> {
    tenant(ctx, "AddGroupMembers", |t| {
        group_index(t, &input.group_id)?;
        let members = t.members.entry(input.group_id).or_default();
        for member in input.group_members {
            if !members.iter().any(|m| m.value == member.value) {
                members.push(member);
            }
        }
        Ok(AddGroupMembersOutput {})
    })
    .await
}

/// Removes members.
#[provisioning_action(RemoveGroupMembers)]
async fn remove_members(
    ctx: &ActionContext,
    input: RemoveGroupMembersInput,
) -> Result<RemoveGroupMembersOutput, ActionError> {
    tenant(ctx, "RemoveGroupMembers", |t| {
        group_index(t, &input.group_id)?;
        let members = t.members.entry(input.group_id).or_default();
        members.retain(|m| !input.group_members.iter().any(|r| r.value == m.value));
        Ok(RemoveGroupMembersOutput {})
    })
    .await
}

/// Lists a group's members, two a page.
#[provisioning_action(ListGroupMembers)]
async fn list_members(
    ctx: &ActionContext,
    input: ListGroupMembersInput,
) -> Result<ListGroupMembersOutput, ActionError> {
    tenant(ctx, "ListGroupMembers", |t| {
        group_index(t, &input.group_id)?;
        let members = t.members.get(&input.group_id).cloned().unwrap_or_default();
        let mut pagination = input.pagination.unwrap_or_default();
        pagination.limit = Some(2);
        let (resources, next) = window(&members, Some(pagination));
        Ok(ListGroupMembersOutput {
            resources,
            pagination: Some(PaginationResponse::next(next)),
        })
    })
    .await
}

/// The vendor's user attributes, one a page.
#[entitlements_action(ListUserSchema)]
async fn user_schema(
    ctx: &ActionContext,
    input: ListUserSchemaInput,
) -> Result<ListUserSchemaOutput, ActionError> {
    let properties = vec![
        SchemaProperty {
            name: Some("costCenter".into()),
            external_name: Some("costCenter".into()),
            external_namespace: Some(ENTERPRISE_USER_SCHEMA.into()),
            description: Some("Finance cost centre".into()),
            enum_constraint: Some(vec![json!("CC-4100"), json!("CC-4200")]),
            property_type: Some(PropertyType::String),
            ..SchemaProperty::default()
        },
        SchemaProperty {
            name: Some("seatCount".into()),
            external_name: Some("seatCount".into()),
            external_namespace: Some(ACME_SCHEMA.into()),
            description: Some("Seats the user may allocate".into()),
            property_type: Some(PropertyType::Integer),
            required: Some(false),
            ..SchemaProperty::default()
        },
        SchemaProperty {
            name: Some("firstName".into()),
            external_name: Some("name.givenName".into()),
            external_namespace: Some(SCIM_USER_SCHEMA.into()),
            property_type: Some(PropertyType::String),
            required: Some(true),
            ..SchemaProperty::default()
        },
        SchemaProperty {
            name: Some("favouriteColour".into()),
            external_name: Some("favouriteColour".into()),
            description: Some("The vendor's own attribute".into()),
            property_type: Some(PropertyType::String),
            ..SchemaProperty::default()
        },
        SchemaProperty {
            name: Some("startDate".into()),
            external_name: Some("startDate".into()),
            property_type: Some(PropertyType::Date),
            ..SchemaProperty::default()
        },
    ];
    tenant(ctx, "ListUserSchema", |_| {
        let mut pagination = input.pagination.unwrap_or_default();
        pagination.limit = Some(1);
        let (schema_properties, next) = window(&properties, Some(pagination));
        Ok(ListUserSchemaOutput {
            schema_properties,
            pagination: Some(PaginationResponse::next(next)),
        })
    })
    .await
}

/// The URN the facade serves the integration's own attributes under (from its name).
pub(crate) const OWN_SCHEMA: &str =
    "urn:okta-actions:params:scim:schemas:extension:acme-scim:2.0:User";

/// The vendor's own user extension schema URI.
pub(crate) const ACME_SCHEMA: &str = "urn:acme:params:scim:schemas:extension:acme:2.0:User";

macro_rules! defaults {
    ($($name:ident: $action:ident($input:ident) -> $output:ident;)*) => {$(
        /// Returns the default output.
        #[entitlements_action($action)]
        async fn $name(_ctx: &ActionContext, _input: $input) -> Result<$output, ActionError> {
            Ok($output::default())
        }
    )*};
}

defaults! {
    user_schema_values: ListUserSchemaPropertyValues(ListUserSchemaPropertyValuesInput) -> ListUserSchemaPropertyValuesOutput;
    entitlement_schema: ListEntitlementSchema(ListEntitlementSchemaInput) -> ListEntitlementSchemaOutput;
    entitlement_values: ListEntitlementSchemaPropertyValues(ListEntitlementSchemaPropertyValuesInput) -> ListEntitlementSchemaPropertyValuesOutput;
}

/// The auth mapping: tenant variable `subdomain`, a bearer token.
pub(crate) fn mapping() -> AuthMapping {
    AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::Custom)
        .base_url("https://{app.subdomain}.acme.example/api")
        .credential(CredentialMapping::Bearer)
        .build()
        .expect("valid mapping")
}

/// The integration as declared: every provisioning action and the four schema discovery
/// actions, no auth mapping yet.
pub(crate) fn builder() -> IntegrationBuilder {
    okta_actions::integration! {
        name: "Acme SCIM",
        capabilities: [Provisioning, Entitlements],
        actions: [
            create_user, update_user, update_password, activate_user, deactivate_user,
            get_user_by_id, get_user_by_user_name, list_users,
            create_group, update_group, remove_group, add_members, remove_members, list_members,
            get_group_by_id, list_groups, list_groups_by_name,
            user_schema, user_schema_values, entitlement_schema, entitlement_values,
        ],
    }
}

/// The integration with its auth mapping (tenant variable `subdomain`, a bearer token).
pub(crate) fn integration() -> Integration {
    builder()
        .auth(mapping())
        .vendor_config(fast_config())
        .build()
        .expect("the OIN rules hold")
}

/// A running facade and the vendor behind it.
pub(crate) struct Harness {
    /// `http://127.0.0.1:port` of the SCIM facade.
    pub(crate) scim: String,
    /// `http://127.0.0.1:port` of the vendor.
    vendor: String,
}

impl Harness {
    /// The facade for `/scim/v2/{subdomain}` with the default configuration.
    pub(crate) async fn start() -> Harness {
        Self::start_with(|config| config).await
    }

    /// The facade with a configuration adjusted by `adjust`.
    pub(crate) async fn start_with(adjust: impl FnOnce(ScimConfig) -> ScimConfig) -> Harness {
        let vendor_router = axum::Router::new().route(
            "/t/{sub}/me",
            get(|Path(sub): Path<String>, headers: HeaderMap| async move {
                let expected = format!("Bearer {sub}-api-key");
                match headers.get("authorization").and_then(|v| v.to_str().ok()) {
                    Some(got) if got == expected => Ok(Json(json!({"me": sub}))),
                    _ => Err((
                        StatusCode::UNAUTHORIZED,
                        Json(json!({"error": "bad token"})),
                    )),
                }
            }),
        );
        let vendor = serve(vendor_router).await;
        let scim = facade(&vendor, adjust).await;
        Harness { scim, vendor }
    }

    /// Another facade over the same vendor, as a second replica behind a load balancer.
    pub(crate) async fn replica(&self, adjust: impl FnOnce(ScimConfig) -> ScimConfig) -> Harness {
        Harness {
            scim: facade(&self.vendor, adjust).await,
            vendor: self.vendor.clone(),
        }
    }

    /// `http://127.0.0.1:port` of the vendor.
    pub(crate) fn vendor(&self) -> &str {
        &self.vendor
    }

    /// Okta's SCIM client for tenant `sub`, with the tenant's token.
    pub(crate) fn okta(&self, sub: &str) -> Okta {
        Okta {
            base: format!("{}/scim/v2/{sub}", self.scim),
            authorization: Some(format!("Bearer {sub}-api-key")),
        }
    }

    /// Reads or changes tenant `sub`'s data at the vendor directly.
    pub(crate) fn store<T>(&self, sub: &str, f: impl FnOnce(&mut Tenant) -> T) -> T {
        with_store(&format!("{}/t/{sub}", self.vendor), f)
    }

    /// Seeds `n` users `user{i}@acme.example` with ids `seed-{i}`.
    pub(crate) fn seed_users(&self, sub: &str, n: usize) {
        self.store(sub, |t| {
            for i in 0..n {
                let mut user = ScimUser::new(format!("user{i}@acme.example"));
                user.id = Some(format!("seed-{i}"));
                user.active = Some(true);
                t.users.push(user);
            }
        });
    }
}

/// Serves a facade over the vendor at `vendor`; returns its URL.
async fn facade(vendor: &str, adjust: impl FnOnce(ScimConfig) -> ScimConfig) -> String {
    let integration = integration().with_vendor_base_url(format!("{vendor}/t/{{app.subdomain}}"));
    let router = adjust(ScimConfig::new("/scim/v2/{subdomain}"))
        .into_router(Arc::new(integration))
        .expect("valid SCIM config");
    serve(router).await
}

/// A SCIM client sending what Okta sends.
pub(crate) struct Okta {
    /// The tenant's SCIM base URL.
    pub(crate) base: String,
    /// The `Authorization` header, if any.
    pub(crate) authorization: Option<String>,
}

/// A SCIM answer, its content type already checked.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: Value,
}

impl Okta {
    /// The same client with another `Authorization` header (or none).
    pub(crate) fn with_authorization(mut self, authorization: Option<&str>) -> Self {
        self.authorization = authorization.map(str::to_owned);
        self
    }

    /// Sends a request with a raw body and content type.
    pub(crate) async fn raw(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Answer {
        let mut request = client()
            .request(method, format!("{}{path}", self.base))
            .header("user-agent", "Okta SCIM Client 1.0.0")
            .header("accept", "application/scim+json")
            .header("content-type", content_type)
            .body(body);
        if let Some(authorization) = &self.authorization {
            request = request.header("authorization", authorization);
        }
        answer(request).await
    }

    /// Sends a request with an optional JSON body, as `application/scim+json; charset=utf-8`.
    pub(crate) async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let mut request = client()
            .request(method, format!("{}{path}", self.base))
            .header("user-agent", "Okta SCIM Client 1.0.0")
            .header("accept", "application/scim+json");
        if let Some(authorization) = &self.authorization {
            request = request.header("authorization", authorization);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/scim+json; charset=utf-8")
                .body(body.to_string());
        }
        answer(request).await
    }

    pub(crate) async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None).await
    }

    pub(crate) async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(Method::POST, path, Some(body)).await
    }

    pub(crate) async fn put(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PUT, path, Some(body)).await
    }

    pub(crate) async fn patch(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub(crate) async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, None).await
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

async fn answer(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("the facade answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    assert_eq!(
        headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/scim+json"),
        "every answer is application/scim+json (status {status})"
    );
    let bytes = response.bytes().await.expect("body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).expect("the body is JSON")
    };
    Answer {
        status,
        headers,
        body,
    }
}

impl Answer {
    /// Asserts a SCIM error with this status and `scimType`; returns its detail.
    pub(crate) fn assert_error(&self, status: u16, scim_type: Option<&str>) -> String {
        assert_eq!(self.status, status, "{:#}", self.body);
        assert_eq!(
            self.body["schemas"],
            json!(["urn:ietf:params:scim:api:messages:2.0:Error"]),
            "{:#}",
            self.body
        );
        assert_eq!(
            self.body["status"],
            json!(status.to_string()),
            "status is a string: {:#}",
            self.body
        );
        assert_eq!(
            self.body.get("scimType").and_then(Value::as_str),
            scim_type,
            "{:#}",
            self.body
        );
        self.body["detail"].as_str().expect("a detail").to_owned()
    }

    /// Asserts a ListResponse and returns its resources.
    pub(crate) fn assert_list(&self, total: u64, start_index: u64) -> &Vec<Value> {
        assert_eq!(self.status, 200, "{:#}", self.body);
        assert_eq!(
            self.body["schemas"],
            json!(["urn:ietf:params:scim:api:messages:2.0:ListResponse"])
        );
        assert_eq!(self.body["totalResults"], total, "{:#}", self.body);
        assert_eq!(self.body["startIndex"], start_index);
        let resources = self.body["Resources"].as_array().expect("Resources");
        assert_eq!(self.body["itemsPerPage"], resources.len());
        resources
    }
}
