//! Contract users and groups as SCIM resources and back: `meta` filled, `password` never
//! returned, extension URNs listed in `schemas`, `ref` ↔ `$ref`, read-only attributes dropped
//! from writes, and the list response envelope.

use okta_actions_contracts::{
    Direction, ENTERPRISE_USER_SCHEMA, GroupMember, SCIM_GROUP_SCHEMA, SCIM_USER_SCHEMA, ScimGroup,
    ScimUser, validators,
};
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::context::{Scim, to_json};
use super::error::ScimError;
use super::extension;
use super::path::key_of;
use super::projection::Projection;
use super::schema::canonicalize;

/// The ListResponse message schema URI.
pub(crate) const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/// A user as a SCIM resource (before projection); `fallback_id` fills a missing `id`.
pub(crate) fn user_resource(
    scim: &Scim,
    user: &ScimUser,
    fallback_id: Option<&str>,
) -> Result<Map<String, Value>, ScimError> {
    let mut resource = object(to_json(user));
    resource.remove("password");
    extension::nest(&mut resource, &scim.state.extension);
    rename_key(&mut resource, "groups", "ref", "$ref");
    if let Some(Value::Object(enterprise)) = resource.get_mut(ENTERPRISE_USER_SCHEMA)
        && let Some(Value::Object(manager)) = enterprise.get_mut("manager")
    {
        // The manager is a User of this service: its `$ref` is that user's location.
        let reference = match (manager.remove("ref"), manager.get("value")) {
            (Some(reference), _) => Some(reference),
            (None, Some(Value::String(id))) if !id.is_empty() => {
                Some(json!(scim.location("Users", id)))
            }
            (None, _) => None,
        };
        if let Some(reference) = reference {
            manager.insert("$ref".to_owned(), reference);
        }
    }
    finish(
        scim,
        resource,
        SCIM_USER_SCHEMA,
        "User",
        "Users",
        fallback_id,
    )
}

/// A group as a SCIM resource (before projection), with `members` when given.
pub(crate) fn group_resource(
    scim: &Scim,
    group: &ScimGroup,
    members: Option<&[GroupMember]>,
    fallback_id: Option<&str>,
) -> Result<Map<String, Value>, ScimError> {
    let mut resource = object(to_json(group));
    if let Some(members) = members {
        let members: Vec<Value> = members
            .iter()
            .map(|member| {
                let mut value = json!({
                    "value": member.value,
                    "$ref": scim.location("Users", &member.value),
                    "type": "User",
                });
                if let Some(display) = &member.display {
                    value["display"] = json!(display);
                }
                value
            })
            .collect();
        resource.insert("members".to_owned(), Value::Array(members));
    }
    finish(
        scim,
        resource,
        SCIM_GROUP_SCHEMA,
        "Group",
        "Groups",
        fallback_id,
    )
}

fn finish(
    scim: &Scim,
    mut resource: Map<String, Value>,
    core: &str,
    resource_type: &str,
    endpoint: &str,
    fallback_id: Option<&str>,
) -> Result<Map<String, Value>, ScimError> {
    let id = match resource.get("id").and_then(Value::as_str) {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => match fallback_id {
            Some(id) => {
                resource.insert("id".to_owned(), json!(id));
                id.to_owned()
            }
            None => {
                tracing::error!(request_id = %scim.request_id, "the handler returned a {resource_type} without `id`");
                return Err(ScimError::internal(&scim.request_id));
            }
        },
    };
    let mut schemas: Vec<Value> = vec![json!(core)];
    for key in resource.keys() {
        if key.starts_with("urn:") && resource[key].is_object() && key != core {
            schemas.push(json!(key));
        }
    }
    resource.insert("schemas".to_owned(), Value::Array(schemas));
    let mut meta = match resource.remove("meta") {
        Some(Value::Object(meta)) => meta,
        _ => Map::new(),
    };
    meta.insert("resourceType".to_owned(), json!(resource_type));
    meta.insert("location".to_owned(), json!(scim.location(endpoint, &id)));
    resource.insert("meta".to_owned(), Value::Object(meta));
    Ok(resource)
}

/// A resource as the read asked for it; `schemas` lists the core schema and the extensions
/// the answer still carries.
pub(crate) fn project(projection: &Projection, resource: Map<String, Value>, core: &str) -> Value {
    let mut resource = projection.apply(resource, core);
    // Taken out and put back (the map is sorted: the order stays) rather than copying every key.
    if let Some(Value::Array(mut schemas)) = resource.remove("schemas") {
        schemas.retain(|s| s == core || s.as_str().is_some_and(|s| resource.contains_key(s)));
        resource.insert("schemas".to_owned(), Value::Array(schemas));
    }
    Value::Object(resource)
}

/// The ListResponse envelope (RFC 7644 §3.4.2).
///
/// Serialized straight from the resources: `json!` would copy every resource into a new `Value`
/// (for a page of 200 users that copy and its drop were a quarter of the facade's CPU).
pub(crate) fn list_response(resources: Vec<Value>, total: usize, offset: usize) -> ListResponse {
    ListResponse {
        schemas: [LIST_SCHEMA],
        total_results: total,
        start_index: offset + 1,
        items_per_page: resources.len(),
        resources,
    }
}

/// The body of a list answer.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListResponse {
    schemas: [&'static str; 1],
    total_results: usize,
    start_index: usize,
    items_per_page: usize,
    #[serde(rename = "Resources")]
    resources: Vec<Value>,
}

/// A user body (POST or PUT) as the contract user: the integration's `extension` attributes
/// moved back to the top level, attribute names canonicalised, `meta`, `groups` (read-only)
/// and `$ref`s normalised, `schemas` defaulted to the core schema.
///
/// # Errors
/// `400 invalidValue` when it is not a contract user (e.g. no `userName`).
pub(crate) fn user_from_body(
    mut body: Map<String, Value>,
    extension: &str,
) -> Result<ScimUser, ScimError> {
    extension::flatten(&mut body, extension);
    canonicalize(&mut body, SCIM_USER_SCHEMA);
    body.remove("meta");
    body.remove("groups");
    // Some clients send booleans as strings ("False").
    let active = match body.get("active") {
        Some(Value::String(text)) if text.eq_ignore_ascii_case("true") => Some(true),
        Some(Value::String(text)) if text.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    };
    if let Some(active) = active {
        body.insert("active".to_owned(), Value::Bool(active));
    }
    rename_key(&mut body, "groups", "$ref", "ref");
    if let Some(Value::Object(enterprise)) = body.get_mut(ENTERPRISE_USER_SCHEMA)
        && let Some(Value::Object(manager)) = enterprise.get_mut("manager")
        && let Some(reference) = manager.remove("$ref")
    {
        manager.insert("ref".to_owned(), reference);
    }
    default_schemas(&mut body, SCIM_USER_SCHEMA);
    match body.get("userName") {
        Some(Value::String(name)) if !name.trim().is_empty() => {}
        _ => {
            return Err(ScimError::invalid_value(
                "`userName` is required and must be a non-empty string",
            ));
        }
    }
    let body = Value::Object(body);
    check_shape("CreateUser", "user", &body)?;
    serde_json::from_value(body).map_err(|_| invalid())
}

/// A group body as the contract group and its `members` (absent when the body has none).
///
/// # Errors
/// `400 invalidValue` when it is not a contract group (e.g. no `displayName`) or a member has
/// no `value`.
pub(crate) fn group_from_body(
    mut body: Map<String, Value>,
) -> Result<(ScimGroup, Option<Vec<GroupMember>>), ScimError> {
    canonicalize(&mut body, SCIM_GROUP_SCHEMA);
    body.remove("meta");
    let members = body.remove("members").map(members_from).transpose()?;
    default_schemas(&mut body, SCIM_GROUP_SCHEMA);
    match body.get("displayName") {
        Some(Value::String(name)) if !name.trim().is_empty() => {}
        _ => {
            return Err(ScimError::invalid_value(
                "`displayName` is required and must be a non-empty string",
            ));
        }
    }
    let body = Value::Object(body);
    check_shape("CreateGroup", "group", &body)?;
    let group = serde_json::from_value(body).map_err(|_| invalid())?;
    Ok((group, members))
}

/// Group members from a SCIM value: an array of `{value, display}` (or one such object).
///
/// # Errors
/// `400 invalidValue` for a member without a string `value`.
pub(crate) fn members_from(value: Value) -> Result<Vec<GroupMember>, ScimError> {
    let items = match value {
        Value::Null => Vec::new(),
        Value::Array(items) => items,
        single => vec![single],
    };
    items
        .into_iter()
        .map(|item| {
            let object = item.as_object();
            let field = |name: &str| {
                object
                    .and_then(|o| key_of(o, name).and_then(|k| o.get(&k)))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            match field("value") {
                Some(value) if !value.is_empty() => Ok(GroupMember {
                    value,
                    display: field("display"),
                }),
                _ => Err(ScimError::invalid_value(
                    "each member needs a string `value` (the user's id)",
                )),
            }
        })
        .collect()
}

fn default_schemas(body: &mut Map<String, Value>, core: &str) {
    let valid = body
        .get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| !s.is_empty() && s.iter().all(Value::is_string));
    if !valid {
        body.insert("schemas".to_owned(), json!([core]));
    }
}

fn rename_key(resource: &mut Map<String, Value>, attribute: &str, from: &str, to: &str) {
    if let Some(Value::Array(items)) = resource.get_mut(attribute) {
        for item in items.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(value) = item.remove(from) {
                item.insert(to.to_owned(), value);
            }
        }
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Checks a resource against the contract shape (the create action's input wraps it in
/// `key`); violations name the attribute, never the value.
fn check_shape(action: &str, key: &str, resource: &Value) -> Result<(), ScimError> {
    let input = json!({ key: resource });
    validators()
        .validate(action, Direction::Input, &input)
        .map_err(|violations| {
            let details: Vec<String> = violations
                .iter()
                .map(|v| {
                    let path = v.path.strip_prefix(&format!("/{key}")).unwrap_or(&v.path);
                    let path = path.trim_start_matches('/').replace('/', ".");
                    format!("`{path}`: {}", v.message)
                })
                .collect();
            ScimError::invalid_value(details.join("; "))
        })
}

fn invalid() -> ScimError {
    ScimError::invalid_value("the resource does not have the shape of a SCIM resource")
}
