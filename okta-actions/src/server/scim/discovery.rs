//! Discovery (RFC 7644 §4): `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`. Read-only:
//! any other method is `405`. The User schema carries the integration's `ListUserSchema`
//! properties when it implements that action.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use okta_actions_contracts::action::ListUserSchema;
use okta_actions_contracts::{ListUserSchemaInput, SCIM_GROUP_SCHEMA, SCIM_USER_SCHEMA};
use serde_json::{Value, json};

use super::context::Scim;
use super::error::ScimError;
use super::http::scim_json;
use super::paging;
use super::resource::list_response;
use super::schema::{self, Schema};
use crate::auth::CredentialMapping;

/// At most this many `ListUserSchema` properties are read.
const MAX_PROPERTIES: usize = 10_000;

/// `GET /ServiceProviderConfig`.
pub(crate) async fn service_provider_config(scim: Scim) -> Response {
    let basic = scim.state.integration.auth().is_some_and(|m| {
        matches!(
            m.credential(),
            CredentialMapping::Basic | CredentialMapping::ClientCredentials { .. }
        )
    });
    let scheme = if basic {
        json!({
            "type": "httpbasic",
            "name": "HTTP Basic",
            "description": "Authentication with the tenant's credentials in an HTTP Basic header",
            "specUri": "https://www.rfc-editor.org/info/rfc7617",
            "primary": true,
        })
    } else {
        json!({
            "type": "oauthbearertoken",
            "name": "OAuth Bearer Token",
            "description": "Authentication with the tenant's token in a Bearer header",
            "specUri": "https://www.rfc-editor.org/info/rfc6750",
            "primary": true,
        })
    };
    let body = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": scim.state.config.max_count},
        "changePassword": {"supported": scim.implements("UpdateUserPassword")},
        "sort": {"supported": false},
        "etag": {"supported": false},
        "authenticationSchemes": [scheme],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{}/ServiceProviderConfig", scim.base_url),
        },
    });
    scim_json(StatusCode::OK, &body)
}

/// The schemas served: the built-in ones, extended by `ListUserSchema` when implemented.
async fn schemas(scim: &Scim) -> Result<Vec<Schema>, ScimError> {
    if !scim.implements("ListUserSchema") {
        let mut schemas = schema::builtin().to_vec();
        schemas.push(schema::extension_schema(&scim.state.extension));
        return Ok(schemas);
    }
    let properties = paging::all::<ListUserSchema>(scim, MAX_PROPERTIES, "the user schema", |p| {
        ListUserSchemaInput {
            scim: None,
            pagination: Some(p),
        }
    })
    .await?;
    Ok(schema::with_properties(&properties, &scim.state.extension))
}

fn resource_types(scim: &Scim, schemas: &[Schema]) -> Vec<Value> {
    let extensions: Vec<Value> = schemas
        .iter()
        .filter(|s| s.id != SCIM_USER_SCHEMA && s.id != SCIM_GROUP_SCHEMA)
        .map(|s| json!({"schema": s.id, "required": false}))
        .collect();
    let resource_type = |id: &str, endpoint: &str, description: &str, schema: &str| {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": id,
            "name": id,
            "endpoint": endpoint,
            "description": description,
            "schema": schema,
            "meta": {
                "resourceType": "ResourceType",
                "location": format!("{}/ResourceTypes/{id}", scim.base_url),
            },
        })
    };
    let mut user = resource_type("User", "/Users", "User Account", SCIM_USER_SCHEMA);
    user["schemaExtensions"] = Value::Array(extensions);
    let mut group = resource_type("Group", "/Groups", "Group", SCIM_GROUP_SCHEMA);
    group["schemaExtensions"] = json!([]);
    vec![user, group]
}

/// `GET /ResourceTypes`.
pub(crate) async fn list_resource_types(scim: Scim) -> Result<Response, ScimError> {
    let schemas = schemas(&scim).await?;
    let types = resource_types(&scim, &schemas);
    let total = types.len();
    Ok(scim_json(StatusCode::OK, &list_response(types, total, 0)))
}

/// `GET /ResourceTypes/{name}`.
pub(crate) async fn resource_type(scim: Scim) -> Result<Response, ScimError> {
    let schemas = schemas(&scim).await?;
    resource_types(&scim, &schemas)
        .into_iter()
        .find(|t| t["id"] == scim.id.as_str())
        .map(|t| scim_json(StatusCode::OK, &t))
        .ok_or_else(|| ScimError::not_found(format!("no resource type `{}`", scim.id)))
}

/// `GET /Schemas`.
pub(crate) async fn list_schemas(scim: Scim) -> Result<Response, ScimError> {
    let schemas: Vec<Value> = schemas(&scim)
        .await?
        .iter()
        .map(|s| s.to_json(&scim.base_url))
        .collect();
    let total = schemas.len();
    Ok(scim_json(StatusCode::OK, &list_response(schemas, total, 0)))
}

/// `GET /Schemas/{urn}`.
pub(crate) async fn schema(scim: Scim) -> Result<Response, ScimError> {
    schemas(&scim)
        .await?
        .iter()
        .find(|s| s.id.eq_ignore_ascii_case(&scim.id))
        .map(|s| scim_json(StatusCode::OK, &s.to_json(&scim.base_url)))
        .ok_or_else(|| ScimError::not_found(format!("no schema `{}`", scim.id)))
}

/// Any method but GET on a discovery endpoint: `405` with `Allow: GET`.
pub(crate) async fn read_only() -> Response {
    let mut response =
        ScimError::method_not_allowed("discovery endpoints are read-only: use GET").into_response();
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
}
