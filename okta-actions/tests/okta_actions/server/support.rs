//! A small integration served by the adapter, and a vendor on loopback it calls.

use std::time::Duration;

use axum::Json;
use std::collections::HashMap;

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType};
use okta_actions::contracts::*;
use okta_actions::server::{Adapter, AdapterConfig, RunningAdapter};
use okta_actions::{
    ActionContext, ActionError, Integration, IntegrationBuilder, entitlements_action,
    provisioning_action,
};
use serde_json::{Value, json};

use crate::client::support::{fast_config, serve};

/// The API key the loopback vendor accepts.
pub(crate) const GOOD_KEY: &str = "k-good-7f3a";

macro_rules! defaults {
    ($macro:ident: $($name:ident: $action:ident($input:ident) -> $output:ident;)*) => {$(
        /// Returns the default output.
        #[$macro($action)]
        async fn $name(_ctx: &ActionContext, _input: $input) -> Result<$output, ActionError> {
            Ok($output::default())
        }
    )*};
}

defaults! { provisioning_action:
    list_groups: ListGroups(ListGroupsInput) -> ListGroupsOutput;
}

/// No user has a userName the vendor knows.
#[provisioning_action(GetUserByUserName)]
async fn get_user_by_user_name(
    _ctx: &ActionContext,
    input: GetUserByUserNameInput,
) -> Result<GetUserByUserNameOutput, ActionError> {
    Err(ActionError::not_found(format!(
        "no user {}",
        input.user_name
    )))
}

/// The vendor has no groups.
#[provisioning_action(GetGroupById)]
async fn get_group_by_id(
    _ctx: &ActionContext,
    input: GetGroupByIdInput,
) -> Result<GetGroupByIdOutput, ActionError> {
    Err(ActionError::not_found(format!(
        "no group {}",
        input.group_id
    )))
}

/// Okta's base attributes.
#[entitlements_action(ListUserSchema)]
async fn user_schema(
    _ctx: &ActionContext,
    _input: ListUserSchemaInput,
) -> Result<ListUserSchemaOutput, ActionError> {
    let property = |name: &str, external: &str, kind: &str| {
        serde_json::from_value::<SchemaProperty>(json!({
            "name": name, "externalName": external, "propertyType": kind,
            "externalNamespace": SCIM_USER_SCHEMA,
        }))
        .expect("a schema property")
    };
    Ok(ListUserSchemaOutput {
        schema_properties: vec![
            property("userName", "userName", "STRING"),
            property("givenName", "name.givenName", "STRING"),
            property("familyName", "name.familyName", "STRING"),
            property("email", "emails[primary eq true].value", "EMAIL"),
        ],
        ..ListUserSchemaOutput::default()
    })
}

defaults! { entitlements_action:
    user_schema_values: ListUserSchemaPropertyValues(ListUserSchemaPropertyValuesInput) -> ListUserSchemaPropertyValuesOutput;
    entitlement_schema: ListEntitlementSchema(ListEntitlementSchemaInput) -> ListEntitlementSchemaOutput;
    entitlement_values: ListEntitlementSchemaPropertyValues(ListEntitlementSchemaPropertyValuesInput) -> ListEntitlementSchemaPropertyValuesOutput;
}

/// Reads the user from the vendor; a few ids misbehave on purpose.
#[provisioning_action(GetUserById)]
async fn get_user_by_id(
    ctx: &ActionContext,
    input: GetUserByIdInput,
) -> Result<GetUserByIdOutput, ActionError> {
    match input.user_id.as_str() {
        "panic" => panic!("the mapping hit a bug"),
        "slow" => tokio::time::sleep(Duration::from_millis(600)).await,
        "bad-output" => {
            let mut user = ScimUser::new("bad@acme.example");
            user.extra.insert("active".into(), json!("yes"));
            return Ok(GetUserByIdOutput { user });
        }
        _ => {}
    }
    let vendor: Value = ctx
        .vendor()?
        .get(&format!("/users/{}", input.user_id))
        .send_json()
        .await?;
    let mut user = ScimUser::new(vendor["email_address"].as_str().unwrap_or_default());
    user.id = Some(input.user_id);
    Ok(GetUserByIdOutput { user })
}

/// Lists the vendor's users a page at a time, its `attributes` passed through unchecked.
#[provisioning_action(ListUsers)]
async fn list_users(
    ctx: &ActionContext,
    input: ListUsersInput,
) -> Result<ListUsersOutput, ActionError> {
    let page = input.pagination.unwrap_or_default();
    let mut request = ctx
        .vendor()?
        .get("/users")
        .query("limit", &page.limit.unwrap_or(200).to_string());
    if let Some(cursor) = &page.cursor {
        request = request.query("cursor", cursor);
    }
    let body: Value = request.send_json().await?;
    let resources = body["users"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| {
            let mut user = ScimUser::new(u["email_address"].as_str().unwrap_or_default());
            user.id = u["id"].as_str().map(str::to_owned);
            if let Some(attributes) = u["attributes"].as_object() {
                user.extra.extend(attributes.clone());
            }
            user
        })
        .collect();
    Ok(ListUsersOutput {
        resources,
        pagination: Some(PaginationResponse::next(
            body["next"].as_str().map(str::to_owned),
        )),
    })
}

/// The auth mapping: tenant variable `subdomain`, API key in `X-Api-Key`.
fn mapping() -> AuthMapping {
    AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::Custom)
        .base_url("https://{app.subdomain}.vendor.example/api")
        .credential(CredentialMapping::ApiKeyHeader {
            header: "X-Api-Key".into(),
            scheme: None,
        })
        .build()
        .expect("valid mapping")
}

/// The integration as declared, before `build()`.
pub(crate) fn builder() -> IntegrationBuilder {
    okta_actions::integration! {
        name: "Loopback",
        capabilities: [Provisioning, Entitlements],
        actions: [
            get_user_by_id, get_user_by_user_name, list_users, get_group_by_id, list_groups,
            user_schema, user_schema_values, entitlement_schema, entitlement_values,
        ],
    }
    .auth(mapping())
    .vendor_config(fast_config())
    .authping("/me")
}

/// The same integration without `GetUserByUserName`, which Provisioning requires.
pub(crate) fn builder_without_get_user_by_user_name() -> IntegrationBuilder {
    Integration::builder("Loopback")
        .capability(Capability::Provisioning)
        .capability(Capability::Entitlements)
        .action(get_user_by_id)
        .action(list_users)
        .action(get_group_by_id)
        .action(list_groups)
        .action(user_schema)
        .action(user_schema_values)
        .action(entitlement_schema)
        .action(entitlement_values)
        .auth(mapping())
}

/// The integration, calling `vendor` (a template over `subdomain`).
pub(crate) fn integration(vendor: &str) -> Integration {
    builder()
        .build()
        .expect("OIN rules hold")
        .with_vendor_base_url(format!("{vendor}/t/{{app.subdomain}}"))
}

/// How the loopback vendor's user list behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Variant {
    /// 250 users, each once.
    Good,
    /// The second page hands back the first page's cursor.
    EndlessPaging,
    /// The second page starts with the first page's last user.
    DuplicateRecord,
    /// The first user carries `active: "yes"` among its attributes.
    BadOutput,
}

/// The users' list endpoint: offset cursors over `u-0` … `u-249`.
async fn list(variant: Variant, query: HashMap<String, String>) -> Json<Value> {
    const TOTAL: usize = 250;
    let limit: usize = query
        .get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(200);
    let mut start: usize = query
        .get("cursor")
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    if variant == Variant::DuplicateRecord && start > 0 {
        start -= 1;
    }
    let end = (start + limit).min(TOTAL);
    let users: Vec<Value> = (start..end)
        .map(|i| {
            let mut user =
                json!({"id": format!("u-{i}"), "email_address": format!("u-{i}@acme.example")});
            if variant == Variant::BadOutput && i == 0 {
                user["attributes"] = json!({"active": "yes"});
            }
            user
        })
        .collect();
    let next = match variant {
        Variant::EndlessPaging if start > 0 => Some(start),
        _ => (end < TOTAL).then_some(end),
    };
    Json(json!({"users": users, "next": next.map(|n| n.to_string())}))
}

/// A vendor with one tenant, `acme`, and the key [`GOOD_KEY`].
pub(crate) async fn vendor() -> String {
    vendor_with(Variant::Good).await
}

/// A vendor whose user list behaves as `variant`.
pub(crate) async fn vendor_with(variant: Variant) -> String {
    fn authorized(sub: &str, headers: &HeaderMap) -> Result<(), (StatusCode, Json<Value>)> {
        if sub != "acme" {
            return Err((StatusCode::NOT_FOUND, Json(json!({"error": "no tenant"}))));
        }
        match headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
            Some(GOOD_KEY) => Ok(()),
            _ => Err((StatusCode::UNAUTHORIZED, Json(json!({"error": "bad key"})))),
        }
    }
    let router = axum::Router::new()
        .route(
            "/t/{sub}/users/{id}",
            get(
                |Path((sub, id)): Path<(String, String)>, headers: HeaderMap| async move {
                    authorized(&sub, &headers)?;
                    if !(id.starts_with("u-") || id == "slow") {
                        return Err((StatusCode::NOT_FOUND, Json(json!({"error": "no user"}))));
                    }
                    Ok(Json(
                        json!({"id": id, "email_address": format!("{id}@acme.example")}),
                    ))
                },
            ),
        )
        .route(
            "/t/{sub}/users",
            get(
                move |Path(sub): Path<String>,
                      headers: HeaderMap,
                      Query(query): Query<HashMap<String, String>>| async move {
                    authorized(&sub, &headers)?;
                    Ok::<_, (StatusCode, Json<Value>)>(list(variant, query).await)
                },
            ),
        )
        .route(
            "/t/{sub}/me",
            get(|Path(sub): Path<String>, headers: HeaderMap| async move {
                authorized(&sub, &headers).map(|()| Json(json!({"me": "ok"})))
            }),
        );
    serve(router).await
}

/// The adapter for the integration, serving on loopback with `config`.
pub(crate) async fn adapter(config: AdapterConfig) -> RunningAdapter {
    let vendor = vendor().await;
    Adapter::new(integration(&vendor))
        .config(config)
        .bind("127.0.0.1:0")
        .await
        .expect("bind")
}

/// A request to the adapter as Okta's thin flow sends it for tenant `acme`.
pub(crate) fn okta_call(
    adapter: &RunningAdapter,
    action: &str,
    body: &Value,
) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .post(format!("{}/actions/{action}", adapter.url()))
        .header("authorization", format!("Bearer {GOOD_KEY}"))
        .header("x-okta-tenant-subdomain", "acme")
        .json(body)
}

/// The answer's status, `x-request-id` and JSON body.
pub(crate) async fn answer(request: reqwest::RequestBuilder) -> (u16, String, Value) {
    let response = request.send().await.expect("the adapter answers");
    let status = response.status().as_u16();
    let id = response
        .headers()
        .get("x-request-id")
        .expect("every answer carries x-request-id")
        .to_str()
        .unwrap()
        .to_owned();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, id, body)
}

/// The first error of a FAILED body, after checking the envelope and the request id.
pub(crate) fn failed_error<'a>(body: &'a Value, request_id: &str) -> &'a Value {
    assert_eq!(body["executionStatus"]["status"], "FAILED", "{body}");
    let error = &body["executionStatus"]["errors"][0];
    assert_eq!(error["requestId"], request_id, "{body}");
    assert!(
        validators()
            .validate("GetUserById", Direction::Output, body)
            .is_ok(),
        "a failure body is a valid contract output: {body}"
    );
    error
}

/// The error's detail lines.
pub(crate) fn details(error: &Value) -> Vec<&str> {
    error["details"]
        .as_array()
        .map(|d| d.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}
