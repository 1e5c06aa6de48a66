//! `/Users`: reads, filters, creates, replaces, patches and deletes, each mapped onto the
//! registered user actions.
//!
//! | SCIM | actions |
//! |---|---|
//! | `GET /Users/{id}` | GetUserById |
//! | `GET /Users` | ListUsers, paged (see [`paging`](super::paging)) |
//! | `GET /Users?filter=userName eq "…"` | GetUserByUserName (`id eq "…"`: GetUserById) |
//! | `GET /Users?filter=…` (any other) | ListUsers, every page, the filter evaluated on each user |
//! | `POST /Users` | GetUserByUserName (duplicate → `409 uniqueness`), then CreateUser |
//! | `PUT /Users/{id}` | GetUserById, then ActivateUser, UpdateUser, UpdateUserPassword, DeactivateUser as the body requires |
//! | `PATCH /Users/{id}` | GetUserById, the operations applied to it, then as for `PUT` |
//! | `DELETE /Users/{id}` | the integration's delete call, else DeactivateUser (Okta never deletes users; the contracts cannot) |

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use okta_actions_contracts::action::{
    ActivateUser, CreateUser, DeactivateUser, GetUserById, GetUserByUserName, ListUsers,
    UpdateUser, UpdateUserPassword,
};
use okta_actions_contracts::{
    ActivateUserInput, CreateUserInput, DeactivateUserInput, GetUserByIdInput,
    GetUserByUserNameInput, ListUsersInput, SCIM_USER_SCHEMA, ScimUser, UpdateUserInput,
    UpdateUserPasswordInput,
};
use serde_json::{Map, Value};

use super::context::{Scim, to_json};
use super::error::ScimError;
use super::extension;
use super::filter::Filter;
use super::http::{json_object, no_content, scim_json};
use super::paging::{self, ListKind};
use super::patch;
use super::resource::{list_response, project, user_from_body, user_resource};

const WHAT: &str = "the user";

/// `GET /Users`: the list, or the users a filter selects.
pub(crate) async fn list(scim: Scim) -> Result<Response, ScimError> {
    let config = &scim.state.config;
    let offset = scim.params.offset()?;
    let count = scim.params.count(config.default_count, config.max_count)?;
    let (resources, total) = match &scim.params.filter {
        Some(filter) => {
            let matches = filtered(&scim, filter).await?;
            let total = matches.len();
            let resources = matches.into_iter().skip(offset).take(count).collect();
            (resources, total)
        }
        None => {
            let page = paging::page::<ListUsers>(
                &scim,
                Some(ListKind::Users),
                offset,
                count,
                "the user list",
                |pagination| ListUsersInput {
                    pagination: Some(pagination),
                },
            )
            .await?;
            let resources = page
                .items
                .iter()
                .map(|user| user_resource(&scim, user, None))
                .collect::<Result<Vec<_>, _>>()?;
            (resources, page.total)
        }
    };
    let resources = resources
        .into_iter()
        .map(|resource| project(&scim.params.projection, resource, SCIM_USER_SCHEMA))
        .collect();
    Ok(scim_json(
        StatusCode::OK,
        &list_response(resources, total, offset),
    ))
}

/// The users a filter selects: the filter is evaluated on candidates, narrowed by a lookup
/// action when an `eq` that must hold allows it (`userName eq "…"`, the case-insensitive
/// lookup Okta relies on: GetUserByUserName; `id eq "…"`: GetUserById), else every user of the
/// list (at most [`ScimConfig::max_pages`](super::ScimConfig::max_pages) contract calls). A
/// malformed filter is `400 invalidFilter`. The matches are answered as the resources the
/// filter was evaluated on, so each is rendered once.
async fn filtered(scim: &Scim, text: &str) -> Result<Vec<Map<String, Value>>, ScimError> {
    let filter = Filter::parse(text).map_err(ScimError::invalid_filter)?;
    let candidates: Vec<ScimUser> =
        if let Some(user_name) = filter.required_eq("userName", SCIM_USER_SCHEMA) {
            find_by_user_name(scim, user_name)
                .await?
                .into_iter()
                .collect()
        } else if let Some(id) = filter.required_eq("id", SCIM_USER_SCHEMA) {
            let found = scim
                .call::<GetUserById>(
                    GetUserByIdInput {
                        user_id: id.to_owned(),
                    },
                    WHAT,
                )
                .await
                .map(|out| out.user);
            optional(found)?.into_iter().collect()
        } else {
            paging::all::<ListUsers>(scim, usize::MAX - 1, "the user list", |pagination| {
                ListUsersInput {
                    pagination: Some(pagination),
                }
            })
            .await?
        };
    let mut matches = Vec::new();
    for user in candidates {
        let resource = Value::Object(user_resource(scim, &user, None)?);
        if filter.matches(&resource)
            && let Value::Object(resource) = resource
        {
            matches.push(resource);
        }
    }
    Ok(matches)
}

/// The user with this userName, if any. userName is caseExact=false (RFC 7643 §4.1.1): when
/// the handler finds nothing for the value as sent, the lowercased value is tried too.
async fn find_by_user_name(scim: &Scim, user_name: &str) -> Result<Option<ScimUser>, ScimError> {
    let mut candidates = vec![user_name.to_owned()];
    let lower = user_name.to_lowercase();
    if lower != user_name {
        candidates.push(lower);
    }
    for candidate in candidates {
        let found = optional(
            scim.call::<GetUserByUserName>(
                GetUserByUserNameInput {
                    user_name: candidate,
                },
                WHAT,
            )
            .await
            .map(|out| out.user),
        )?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

/// `Ok(None)` for a 404.
fn optional<T>(result: Result<T, ScimError>) -> Result<Option<T>, ScimError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(error) if error.status() == StatusCode::NOT_FOUND => Ok(None),
        Err(error) => Err(error),
    }
}

/// `GET /Users/{id}`.
pub(crate) async fn get(scim: Scim) -> Result<Response, ScimError> {
    let user = current(&scim).await?;
    respond(&scim, StatusCode::OK, &user)
}

async fn current(scim: &Scim) -> Result<ScimUser, ScimError> {
    let out = scim
        .call::<GetUserById>(
            GetUserByIdInput {
                user_id: scim.id.clone(),
            },
            WHAT,
        )
        .await?;
    Ok(out.user)
}

fn respond(scim: &Scim, status: StatusCode, user: &ScimUser) -> Result<Response, ScimError> {
    let resource = user_resource(
        scim,
        user,
        Some(&scim.id)
            .filter(|id| !id.is_empty())
            .map(String::as_str),
    )?;
    let location = resource
        .get("meta")
        .and_then(|m| m.get("location"))
        .and_then(Value::as_str)
        .and_then(|l| HeaderValue::from_str(l).ok());
    let mut response = scim_json(
        status,
        &project(&scim.params.projection, resource, SCIM_USER_SCHEMA),
    );
    if let Some(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `POST /Users`: unknown attributes are kept, `groups` (read-only) and a client `id` are
/// ignored. A duplicate userName is found with GetUserByUserName before CreateUser, and a
/// CreateUser failing with HTTP 409 is reported the same way: `409 uniqueness`.
pub(crate) async fn create(
    scim: Scim,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ScimError> {
    let body = json_object(&headers, body)?;
    let mut user = user_from_body(body, &scim.state.extension)?;
    user.id = None;
    if find_by_user_name(&scim, &user.user_name).await?.is_some() {
        return Err(ScimError::uniqueness(
            "a user with this userName already exists",
        ));
    }
    let created = scim
        .call::<CreateUser>(CreateUserInput { user }, WHAT)
        .await?
        .user;
    respond(&scim, StatusCode::CREATED, &created)
}

/// `PUT /Users/{id}`: the body replaces the user.
pub(crate) async fn replace(
    scim: Scim,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ScimError> {
    let body = json_object(&headers, body)?;
    let desired = user_from_body(body, &scim.state.extension)?;
    let current = current(&scim).await?;
    let user = reconcile(&scim, current, desired).await?;
    respond(&scim, StatusCode::OK, &user)
}

/// `PATCH /Users/{id}`: the operations are applied to the current user, then the difference
/// is written as for `PUT`. Answers `200` with the user.
pub(crate) async fn patch(
    scim: Scim,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ScimError> {
    let body = json_object(&headers, body)?;
    let operations = patch::parse_request(&body)?;
    let current = current(&scim).await?;
    let mut resource = match to_json(&current) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    resource.remove("password");
    extension::nest(&mut resource, &scim.state.extension);
    // Paths into the extension resolve even while the user has none of its attributes.
    resource
        .entry(scim.state.extension.clone())
        .or_insert_with(|| Value::Object(Map::new()));
    for operation in &operations {
        patch::apply(&mut resource, operation, SCIM_USER_SCHEMA)?;
    }
    let desired = user_from_body(resource, &scim.state.extension)?;
    let user = reconcile(&scim, current, desired).await?;
    respond(&scim, StatusCode::OK, &user)
}

/// Writes the difference between the current and the desired user: `active` through
/// ActivateUser (first) or DeactivateUser (last), `password` through UpdateUserPassword, any
/// other difference through UpdateUser with the whole desired user. Returns the user as
/// UpdateUser answered (or as it was), or, after a lifecycle or password write to a user with
/// `meta`, as read back, with `active` as set.
async fn reconcile(
    scim: &Scim,
    before: ScimUser,
    mut desired: ScimUser,
) -> Result<ScimUser, ScimError> {
    let id = scim.id.clone();
    desired.id = Some(id.clone());
    let password = desired.password.take();
    let has_password = password.is_some();
    let versioned = before.extra.contains_key("meta");
    let lifecycle = desired
        .active
        .filter(|active| *active != before.active.unwrap_or(true));
    let changed = comparable(&before) != comparable(&desired);
    if lifecycle == Some(true) {
        scim.call::<ActivateUser>(
            ActivateUserInput {
                user_id: id.clone(),
            },
            WHAT,
        )
        .await?;
    }
    let mut user = before;
    if changed {
        user = scim
            .call::<UpdateUser>(UpdateUserInput { user: desired }, WHAT)
            .await?
            .user;
    }
    if let Some(password) = password {
        scim.call::<UpdateUserPassword>(
            UpdateUserPasswordInput {
                user_id: id.clone(),
                password,
            },
            WHAT,
        )
        .await?;
    }
    if lifecycle == Some(false) {
        scim.call::<DeactivateUser>(DeactivateUserInput { user_id: id }, WHAT)
            .await?;
    }
    if (lifecycle.is_some() || has_password) && versioned {
        // Those writes answer no user, and the vendor stamps its users (`lastModified`,
        // `version`): answer the user as stored now (RFC 7644 §3.5.1, §3.5.2). A vendor without
        // timestamps changed nothing else, and is spared the read.
        user = current(scim).await?;
    }
    if let Some(active) = lifecycle {
        user.active = Some(active);
    }
    Ok(user)
}

/// A user without what [`reconcile`] writes separately or never compares.
fn comparable(user: &ScimUser) -> Value {
    let mut value = to_json(user);
    if let Value::Object(map) = &mut value {
        for key in ["password", "active", "meta", "groups", "schemas", "id"] {
            map.remove(key);
        }
    }
    value
}

/// `DELETE /Users/{id}`: the integration's delete call when it configured one, else
/// DeactivateUser (see [`ScimConfig::delete_users_with`](super::ScimConfig::delete_users_with));
/// `204`.
pub(crate) async fn delete(scim: Scim) -> Result<Response, ScimError> {
    if let Some(delete) = &scim.state.config.delete_user {
        let timeout = scim.state.config.action_timeout;
        tokio::time::timeout(timeout, delete.call(scim.ctx.clone(), scim.id.clone()))
            .await
            .map_err(|_| ScimError::gateway_timeout(timeout))?
            .map_err(|error| {
                ScimError::from_action(&error, WHAT, &scim.request_id, scim.state.challenge)
            })?;
        return Ok(no_content());
    }
    scim.call::<DeactivateUser>(
        DeactivateUserInput {
            user_id: scim.id.clone(),
        },
        WHAT,
    )
    .await?;
    Ok(no_content())
}
