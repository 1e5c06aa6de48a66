//! The routes, the gate every request passes (411, rate limit, authentication, scope, request
//! log, rate-limit headers) and the handlers.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{MatchedPath, Path, Query, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde_json::{Map, Value, json};

use super::auth::authorize;
use super::errors::{ApiError, length_required, random_token};
use super::store::{ROLE_TYPES, RoleRecord, Search, Status, validate_profile};
use super::{RecordedRequest, Shared, TOKEN_PATH};

type ApiResult = Result<Response, ApiError>;
type Params = Query<HashMap<String, String>>;

/// The API: users, lifecycle, credentials, roles, groups, memberships and the token endpoint.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(TOKEN_PATH, post(token))
        .route("/api/v1/users", get(list_users).post(create_user))
        .route("/api/v1/users/{id}", get(get_user).post(update_user))
        .route("/api/v1/users/{id}/lifecycle/{operation}", post(lifecycle))
        .route(
            "/api/v1/users/{id}/credentials/forgot_password",
            post(forgot_password),
        )
        .route(
            "/api/v1/users/{id}/roles",
            get(list_roles).post(assign_role),
        )
        .route("/api/v1/groups", get(list_groups).post(create_group))
        .route("/api/v1/groups/{gid}", get(get_group))
        .route("/api/v1/groups/{gid}/users", get(list_members))
        .route(
            "/api/v1/groups/{gid}/users/{uid}",
            put(add_member).delete(remove_member),
        )
        .fallback(unknown_path)
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), gate))
        .with_state(shared)
}

/// Every request: 411 for a POST or PUT without `Content-Length` (Okta's edge), then the
/// endpoint's rate-limit bucket (429 when exhausted), then authentication and the endpoint's
/// scope. Every answer carries `X-Rate-Limit-*` and `X-Okta-Request-Id`; every request is
/// logged with its final status.
async fn gate(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|matched| matched.as_str().to_owned());
    let headers = request.headers();
    let content_length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let chunked = headers.contains_key(header::TRANSFER_ENCODING);
    let principal = shared.authority.identify(headers);
    let bucket = format!("{method} {}", route.as_deref().unwrap_or("*"));
    let needs_length =
        matches!(method, Method::POST | Method::PUT) && content_length.is_none() && !chunked;
    // A 411 comes from Okta's edge: the API never sees the request, so it costs no quota.
    let quota = if needs_length {
        shared.limits.peek(&bucket)
    } else {
        shared.limits.take(&bucket)
    };
    let mut response = if needs_length {
        length_required()
    } else if !quota.allowed {
        ApiError::rate_limited().into_response()
    } else if route.as_deref() == Some(TOKEN_PATH) {
        next.run(request).await
    } else {
        match shared.authority.principal(request.headers()) {
            Err(err) => err.into_response(),
            Ok(who) => {
                match route
                    .as_deref()
                    .map(|route| authorize(&who, &method, route))
                {
                    Some(Err(err)) => err.into_response(),
                    Some(Ok(())) | None => next.run(request).await,
                }
            }
        }
    };
    let out = response.headers_mut();
    for (name, value) in [
        ("x-rate-limit-limit", quota.limit.to_string()),
        ("x-rate-limit-remaining", quota.remaining.to_string()),
        ("x-rate-limit-reset", quota.reset.to_string()),
        ("x-okta-request-id", random_token(27)),
    ] {
        if let Ok(value) = HeaderValue::from_str(&value) {
            out.insert(HeaderName::from_static(name), value);
        }
    }
    shared.record(RecordedRequest {
        method: method.to_string(),
        path,
        query,
        principal,
        content_length,
        status: response.status().as_u16(),
    });
    response
}

async fn token(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    shared.authority.token(&shared.token_url(), &body)
}

async fn unknown_path(request: Request) -> ApiError {
    ApiError::not_found(request.uri().path(), "Path")
}

/// The body as a JSON object (E0000003 otherwise).
fn object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(ApiError::malformed_body()),
    }
}

/// A query flag such as `activate` or `sendEmail` (Okta's default when absent).
fn flag(params: &HashMap<String, String>, name: &str, default: bool) -> bool {
    params
        .get(name)
        .map_or(default, |value| value.eq_ignore_ascii_case("true"))
}

/// One page of a list: `limit` (default and maximum per endpoint) items after the `after`
/// cursor, with `Link: <…>; rel="self"` and, when more remain, `Link: <…>; rel="next"`.
fn paginate(
    base: &str,
    path: &str,
    params: &HashMap<String, String>,
    items: Vec<(String, Value)>,
    (default_limit, max_limit): (usize, usize),
) -> ApiResult {
    let limit = match params.get("limit") {
        None => default_limit,
        Some(text) => text
            .trim()
            .parse::<usize>()
            .map_err(|_| {
                ApiError::validation("limit", &["limit: must be a positive number".to_owned()])
            })?
            .clamp(1, max_limit),
    };
    let after = params.get("after").cloned().unwrap_or_default();
    let mut page: Vec<(String, Value)> = items
        .into_iter()
        .filter(|(id, _)| after.is_empty() || id.as_str() > after.as_str())
        .take(limit + 1)
        .collect();
    let more = page.len() > limit;
    page.truncate(limit);
    let link = |after: Option<&str>| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in params {
            if key != "after" && key != "limit" {
                query.append_pair(key, value);
            }
        }
        if let Some(after) = after {
            query.append_pair("after", after);
        }
        query.append_pair("limit", &limit.to_string());
        format!("{base}{path}?{}", query.finish())
    };
    let mut response =
        axum::Json(page.iter().map(|(_, item)| item).collect::<Vec<_>>()).into_response();
    let headers = response.headers_mut();
    let current = (!after.is_empty()).then_some(after.as_str());
    let mut links = vec![format!("<{}>; rel=\"self\"", link(current))];
    if more && let Some((last, _)) = page.last() {
        links.push(format!("<{}>; rel=\"next\"", link(Some(last))));
    }
    for value in links {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.append(header::LINK, value);
        }
    }
    Ok(response)
}

/// A `search` (or `filter`) parameter, if any.
fn search(params: &HashMap<String, String>) -> Result<Option<Search>, ApiError> {
    params
        .get("search")
        .or_else(|| params.get("filter"))
        .map(|text| Search::parse(text))
        .transpose()
}

async fn list_users(State(shared): State<Arc<Shared>>, Query(params): Params) -> ApiResult {
    let search = search(&params)?;
    let q = params.get("q").map(|q| q.to_lowercase());
    let base = &shared.base_url;
    let items = {
        let store = shared.store();
        store
            .users
            .values()
            .map(|user| (user, user.render(base)))
            .filter(|(user, rendered)| match (&search, &q) {
                (Some(search), _) => search.matches(rendered),
                (None, Some(q)) => ["firstName", "lastName", "email", "login"]
                    .iter()
                    .filter_map(|key| user.profile.get(*key).and_then(Value::as_str))
                    .any(|value| value.to_lowercase().starts_with(q)),
                // Without a search, Okta lists every user that is not DEPROVISIONED.
                (None, None) => user.status != Status::Deprovisioned,
            })
            .map(|(user, rendered)| (user.id.clone(), rendered))
            .collect()
    };
    paginate(base, "/api/v1/users", &params, items, (200, 200))
}

async fn create_user(
    State(shared): State<Arc<Shared>>,
    Query(params): Params,
    body: Bytes,
) -> ApiResult {
    let body = object(&body)?;
    let profile = match body.get("profile") {
        Some(Value::Object(profile)) => profile.clone(),
        _ => {
            return Err(ApiError::validation(
                "profile",
                &["profile: The field cannot be left blank".to_owned()],
            ));
        }
    };
    let has_password = body
        .get("credentials")
        .and_then(|credentials| credentials.pointer("/password/value"))
        .and_then(Value::as_str)
        .is_some_and(|password| !password.is_empty());
    let group_ids: Vec<String> = body
        .get("groupIds")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|id| id.as_str().map(str::to_owned))
        .collect();
    let mut store = shared.store();
    validate_profile(&store, &profile, None)?;
    if let Some(unknown) = group_ids.iter().find(|id| !store.groups.contains_key(*id)) {
        return Err(ApiError::validation(
            "groupIds",
            &[format!("groupIds: group {unknown} does not exist")],
        ));
    }
    let status = match (flag(&params, "activate", true), has_password) {
        (false, _) => Status::Staged,
        (true, true) => Status::Active,
        (true, false) => Status::Provisioned,
    };
    let user = store.insert_user(profile, status, has_password);
    let (id, rendered) = (user.id.clone(), user.render(&shared.base_url));
    for group in group_ids {
        store.members.entry(group).or_default().insert(id.clone());
    }
    Ok(axum::Json(rendered).into_response())
}

async fn get_user(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> ApiResult {
    let store = shared.store();
    let user = store
        .find_user(&id)
        .ok_or_else(|| ApiError::not_found(&id, "User"))?;
    Ok(axum::Json(user.render(&shared.base_url)).into_response())
}

/// Partial update: the attributes sent replace the stored ones (`null` removes one).
async fn update_user(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = object(&body)?;
    let mut store = shared.store();
    let user = store
        .find_user(&id)
        .ok_or_else(|| ApiError::not_found(&id, "User"))?;
    let (id, old_login) = (user.id.clone(), user.login().to_owned());
    let mut profile = user.profile.clone();
    if let Some(Value::Object(changes)) = body.get("profile") {
        for (key, value) in changes {
            if value.is_null() {
                profile.remove(key);
            } else {
                profile.insert(key.clone(), value.clone());
            }
        }
    }
    validate_profile(&store, &profile, Some(&id))?;
    let user = store.user_mut(&id)?;
    user.profile = profile;
    user.last_updated = SystemTime::now();
    store.reindex_login(&old_login, &id);
    let rendered = store.user_mut(&id)?.render(&shared.base_url);
    Ok(axum::Json(rendered).into_response())
}

/// `activate` (STAGED or DEPROVISIONED users), `deactivate`, `reset_password` (to RECOVERY).
/// With `sendEmail=false`, activation and reset answer with the one-time link instead of
/// emailing it.
async fn lifecycle(
    State(shared): State<Arc<Shared>>,
    Path((id, operation)): Path<(String, String)>,
    Query(params): Params,
) -> ApiResult {
    let base = shared.base_url.clone();
    let mut store = shared.store();
    let user = store.user_mut(&id)?;
    let body = match operation.as_str() {
        "activate" => {
            if !matches!(user.status, Status::Staged | Status::Deprovisioned) {
                return Err(ApiError::already_active());
            }
            user.set_status(if user.has_password {
                Status::Active
            } else {
                Status::Provisioned
            });
            user.activated = user.status_changed;
            if flag(&params, "sendEmail", true) {
                json!({})
            } else {
                let token = random_token(20);
                json!({"activationUrl": format!("{base}/welcome/{token}"), "activationToken": token})
            }
        }
        "deactivate" => {
            if user.status != Status::Deprovisioned {
                user.set_status(Status::Deprovisioned);
            }
            json!({})
        }
        "reset_password" => {
            if matches!(user.status, Status::Staged | Status::Deprovisioned) {
                return Err(ApiError::wrong_status(user.status.as_str()));
            }
            user.set_status(Status::Recovery);
            reset_link(&base, flag(&params, "sendEmail", true))
        }
        _ => return Err(ApiError::not_found(&operation, "Lifecycle operation")),
    };
    Ok(axum::Json(body).into_response())
}

/// The forgot-password flow for an ACTIVE user with a password; the status does not change.
async fn forgot_password(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(params): Params,
) -> ApiResult {
    let mut store = shared.store();
    let user = store.user_mut(&id)?;
    if user.status != Status::Active || !user.has_password {
        return Err(ApiError::wrong_status(user.status.as_str()));
    }
    let body = reset_link(&shared.base_url, flag(&params, "sendEmail", true));
    Ok(axum::Json(body).into_response())
}

fn reset_link(base: &str, send_email: bool) -> Value {
    if send_email {
        json!({})
    } else {
        json!({"resetPasswordUrl": format!("{base}/reset_password/{}", random_token(20))})
    }
}

async fn list_roles(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> ApiResult {
    let mut store = shared.store();
    store.user_mut(&id)?;
    let roles: Vec<Value> = store
        .roles
        .get(&id)
        .into_iter()
        .flatten()
        .map(|role| role.render(&shared.base_url, &id))
        .collect();
    Ok(axum::Json(roles).into_response())
}

/// `{"type": "HELP_DESK_ADMIN"}` → 201 with the assignment; 409 E0000090 when the user has it.
async fn assign_role(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = object(&body)?;
    let role_type = body.get("type").and_then(Value::as_str).unwrap_or_default();
    if !ROLE_TYPES.iter().any(|(kind, _)| *kind == role_type) {
        return Err(ApiError::validation(
            "type",
            &[format!("type: '{role_type}' is not a valid role type")],
        ));
    }
    let mut store = shared.store();
    store.user_mut(&id)?;
    if store
        .roles
        .get(&id)
        .is_some_and(|roles| roles.iter().any(|role| role.role_type == role_type))
    {
        return Err(ApiError::duplicate_role(role_type));
    }
    let role = RoleRecord {
        id: store.next_id("ra1"),
        role_type: role_type.to_owned(),
        created: SystemTime::now(),
    };
    let rendered = role.render(&shared.base_url, &id);
    store.roles.entry(id).or_default().push(role);
    Ok((StatusCode::CREATED, axum::Json(rendered)).into_response())
}

async fn list_groups(State(shared): State<Arc<Shared>>, Query(params): Params) -> ApiResult {
    let search = search(&params)?;
    let q = params.get("q").map(|q| q.to_lowercase());
    let base = &shared.base_url;
    let items = {
        let store = shared.store();
        store
            .groups
            .values()
            .map(|group| (group, group.render(base)))
            .filter(|(group, rendered)| {
                search
                    .as_ref()
                    .is_none_or(|search| search.matches(rendered))
                    && q.as_ref()
                        .is_none_or(|q| group.name().to_lowercase().starts_with(q))
            })
            .map(|(group, rendered)| (group.id.clone(), rendered))
            .collect()
    };
    paginate(base, "/api/v1/groups", &params, items, (10_000, 10_000))
}

async fn create_group(State(shared): State<Arc<Shared>>, body: Bytes) -> ApiResult {
    let body = Value::Object(object(&body)?);
    let name = body
        .pointer("/profile/name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .ok_or_else(|| {
            ApiError::validation("name", &["name: The field cannot be left blank".to_owned()])
        })?;
    let description = body.pointer("/profile/description").and_then(Value::as_str);
    let mut store = shared.store();
    if store
        .groups
        .values()
        .any(|group| group.name().eq_ignore_ascii_case(name))
    {
        return Err(ApiError::validation(
            "name",
            &[
                "name: An object with this field already exists in the current organization"
                    .to_owned(),
            ],
        ));
    }
    let rendered = store
        .insert_group(name, description)
        .render(&shared.base_url);
    Ok(axum::Json(rendered).into_response())
}

async fn get_group(State(shared): State<Arc<Shared>>, Path(gid): Path<String>) -> ApiResult {
    let store = shared.store();
    let group = store
        .groups
        .get(&gid)
        .ok_or_else(|| ApiError::not_found(&gid, "UserGroup"))?;
    Ok(axum::Json(group.render(&shared.base_url)).into_response())
}

async fn list_members(
    State(shared): State<Arc<Shared>>,
    Path(gid): Path<String>,
    Query(params): Params,
) -> ApiResult {
    let base = &shared.base_url;
    let items = {
        let store = shared.store();
        if !store.groups.contains_key(&gid) {
            return Err(ApiError::not_found(&gid, "UserGroup"));
        }
        store
            .members
            .get(&gid)
            .into_iter()
            .flatten()
            .filter_map(|uid| store.users.get(uid))
            .map(|user| (user.id.clone(), user.render(base)))
            .collect()
    };
    let path = format!("/api/v1/groups/{gid}/users");
    paginate(base, &path, &params, items, (1000, 10_000))
}

/// Adds a member (204, also when already a member: PUT is idempotent).
async fn add_member(
    State(shared): State<Arc<Shared>>,
    Path((gid, uid)): Path<(String, String)>,
) -> ApiResult {
    let mut store = shared.store();
    membership_exists(&mut store, &gid, &uid)?;
    store.members.entry(gid.clone()).or_default().insert(uid);
    touch_group(&mut store, &gid);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Removes a member (204, also when not a member).
async fn remove_member(
    State(shared): State<Arc<Shared>>,
    Path((gid, uid)): Path<(String, String)>,
) -> ApiResult {
    let mut store = shared.store();
    membership_exists(&mut store, &gid, &uid)?;
    if let Some(members) = store.members.get_mut(&gid) {
        members.remove(&uid);
    }
    touch_group(&mut store, &gid);
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn membership_exists(
    store: &mut super::store::Store,
    gid: &str,
    uid: &str,
) -> Result<(), ApiError> {
    if !store.groups.contains_key(gid) {
        return Err(ApiError::not_found(gid, "UserGroup"));
    }
    store.user_mut(uid).map(|_| ())
}

fn touch_group(store: &mut super::store::Store, gid: &str) {
    if let Some(group) = store.groups.get_mut(gid) {
        group.last_membership_updated = SystemTime::now();
    }
}
