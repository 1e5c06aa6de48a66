//! The HTTP surface: routes, the credential and rate-limit guard, request ids, and the OAuth
//! token endpoint.

use std::collections::HashMap;
use std::time::Instant;

use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::extract::{Form, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::AcmeVendor;
use crate::error::ApiError;
use crate::model::{LoginInput, MembersInput, PasswordInput, TeamInput, UserInput};
use crate::store::{Credential, GrantKind, OAuthError, PageRequest, Tenant};
use crate::time::{now_secs, rfc3339};

type ApiResult = Result<Response, ApiError>;

/// The header an API key travels in.
const API_KEY_HEADER: &str = "x-api-key";

/// Every route of the vendor.
pub(crate) fn router(vendor: AcmeVendor) -> Router {
    let t = |path: &str| format!("/t/{{subdomain}}/v1{path}");
    let guarded = Router::new()
        .route(&t("/users"), get(list_users).post(create_user))
        .route(&t("/users/by-username/{username}"), get(user_by_username))
        .route(
            &t("/users/{id}"),
            get(get_user).patch(update_user).delete(delete_user),
        )
        .route(&t("/users/{id}/enable"), post(enable_user))
        .route(&t("/users/{id}/disable"), post(disable_user))
        .route(&t("/users/{id}/password"), put(set_password))
        .route(&t("/users/{id}/sessions"), get(list_sessions))
        .route(&t("/users/{id}/logout"), post(logout))
        .route(
            &t("/users/{id}/roles/{grant}"),
            put(grant_role).delete(revoke_role),
        )
        .route(
            &t("/users/{id}/licenses/{grant}"),
            put(grant_license).delete(revoke_license),
        )
        .route(&t("/roles"), get(list_roles))
        .route(&t("/licenses"), get(list_licenses))
        .route(&t("/custom-fields"), get(custom_fields))
        .route(&t("/teams"), get(list_teams).post(create_team))
        .route(
            &t("/teams/{id}"),
            get(get_team).patch(update_team).delete(delete_team),
        )
        .route(
            &t("/teams/{id}/members"),
            get(list_members).post(add_members),
        )
        .route(
            &t("/teams/{id}/members/{user_id}"),
            axum::routing::delete(remove_member),
        )
        .route_layer(middleware::from_fn_with_state(vendor.clone(), guard));
    Router::new()
        .merge(guarded)
        .route(&t("/auth/login"), post(login))
        .route("/oauth/token", post(token))
        .route("/healthz", get(|| async { Json(json!({"status": "ok"})) }))
        .fallback(|| async {
            ApiError::not_found("route_not_found", "no such route in the Acme API")
        })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this route does not accept that method",
            )
        })
        .layer(middleware::from_fn_with_state(vendor.clone(), request_id))
        .with_state(vendor)
}

/// Gives every answer an `X-Request-Id` and logs the request.
async fn request_id(State(vendor): State<AcmeVendor>, request: Request, next: Next) -> Response {
    let id = vendor.next_request_id();
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let started = Instant::now();
    let mut response = next.run(request).await;
    tracing::debug!(
        request_id = %id,
        %method,
        path,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "acme api request"
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// The credential a request carries: `X-Api-Key` first, else `Authorization: Bearer`.
fn credential(headers: &HeaderMap) -> Option<Credential> {
    if let Some(key) = headers.get(API_KEY_HEADER) {
        return Some(Credential::ApiKey(
            key.to_str().unwrap_or_default().to_owned(),
        ));
    }
    let authorization = headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .unwrap_or_default();
    match authorization.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
            Some(Credential::Bearer(token.trim().to_owned()))
        }
        _ => Some(Credential::Unsupported),
    }
}

/// The subdomain of a `/t/{subdomain}/v1/...` path.
fn subdomain_of(path: &str) -> &str {
    path.strip_prefix("/t/")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default()
}

/// Admits a tenant API request: the tenant exists, the credential is valid for it, and the
/// credential's rate-limit bucket has room. Adds `X-RateLimit-*` headers to the answer.
async fn guard(State(vendor): State<AcmeVendor>, request: Request, next: Next) -> Response {
    let subdomain = subdomain_of(request.uri().path()).to_owned();
    let admitted = vendor
        .store()
        .admit(&subdomain, credential(request.headers()), Instant::now());
    let limit = vendor.rate_limit().capacity();
    let mut response = match admitted {
        Ok(admission) => {
            let mut response = next.run(request).await;
            let headers = response.headers_mut();
            headers.insert("x-ratelimit-remaining", admission.remaining.into());
            headers.insert("x-ratelimit-reset", (now_secs() + admission.full_in).into());
            response
        }
        Err(error) => {
            let limited = error.status == StatusCode::TOO_MANY_REQUESTS;
            let mut response = error.into_response();
            if limited {
                response
                    .headers_mut()
                    .insert("x-ratelimit-remaining", 0.into());
            }
            response
        }
    };
    response
        .headers_mut()
        .insert("x-ratelimit-limit", limit.into());
    response
}

// ----- extraction helpers -----

type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

fn params(query: Params) -> Result<HashMap<String, String>, ApiError> {
    query
        .map(|Query(params)| params)
        .map_err(|e| ApiError::bad_request("invalid_query", e.body_text()))
}

fn body<T: DeserializeOwned>(json: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    json.map(|Json(body)| body)
        .map_err(|e| ApiError::bad_request("invalid_body", e.body_text()))
}

fn ok(value: Value) -> ApiResult {
    Ok(Json(value).into_response())
}

fn created(location: String, value: Value) -> ApiResult {
    let mut response = (StatusCode::CREATED, Json(value)).into_response();
    if let Ok(location) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

fn no_content() -> ApiResult {
    Ok(StatusCode::NO_CONTENT.into_response())
}

impl AcmeVendor {
    /// Runs `f` on a tenant's data under the store lock.
    fn read<T>(
        &self,
        subdomain: &str,
        f: impl FnOnce(&Tenant) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        f(self.store().tenant(subdomain)?)
    }

    /// Runs `f` on a tenant's data, mutably, under the store lock.
    fn write<T>(
        &self,
        subdomain: &str,
        f: impl FnOnce(&mut Tenant) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        f(self.store().tenant_mut(subdomain)?)
    }
}

// ----- users -----

async fn list_users(
    State(v): State<AcmeVendor>,
    Path(sub): Path<String>,
    query: Params,
) -> ApiResult {
    let params = params(query)?;
    let page = PageRequest::parse(&params)?;
    let found = v.read(&sub, |t| {
        Ok(t.list_users(
            &page,
            params.get("username").map(String::as_str),
            params.get("email_address").map(String::as_str),
        ))
    })?;
    ok(json!(found))
}

async fn create_user(
    State(v): State<AcmeVendor>,
    Path(sub): Path<String>,
    input: Result<Json<UserInput>, JsonRejection>,
) -> ApiResult {
    let input = body(input)?;
    let (id, user) = v.write(&sub, |t| {
        let id = t.create_user(input, now_secs())?;
        Ok((id.clone(), t.user_json(&id)?))
    })?;
    created(format!("/t/{sub}/v1/users/{id}"), user)
}

async fn user_by_username(
    State(v): State<AcmeVendor>,
    Path((sub, username)): Path<(String, String)>,
) -> ApiResult {
    let user = v.read(&sub, |t| {
        let id = t
            .user_by_username(&username)
            .ok_or_else(|| {
                ApiError::not_found(
                    "user_not_found",
                    format!("no user with username `{username}`"),
                )
            })?
            .id
            .clone();
        t.user_json(&id)
    })?;
    ok(user)
}

async fn get_user(
    State(v): State<AcmeVendor>,
    Path((sub, id)): Path<(String, String)>,
) -> ApiResult {
    ok(v.read(&sub, |t| t.user_json(&id))?)
}

async fn update_user(
    State(v): State<AcmeVendor>,
    Path((sub, id)): Path<(String, String)>,
    input: Result<Json<UserInput>, JsonRejection>,
) -> ApiResult {
    let input = body(input)?;
    ok(v.write(&sub, |t| {
        t.update_user(&id, input, now_secs())?;
        t.user_json(&id)
    })?)
}

async fn delete_user(
    State(v): State<AcmeVendor>,
    Path((sub, id)): Path<(String, String)>,
) -> ApiResult {
    v.write(&sub, |t| t.delete_user(&id))?;
    no_content()
}

async fn set_enabled(v: &AcmeVendor, sub: &str, id: &str, enabled: bool) -> ApiResult {
    ok(v.write(sub, |t| {
        t.set_enabled(id, enabled, now_secs())?;
        t.user_json(id)
    })?)
}

async fn enable_user(
    State(v): State<AcmeVendor>,
    Path((sub, id)): Path<(String, String)>,
) -> ApiResult {
    set_enabled(&v, &sub, &id, true).await
}

async fn disable_user(
    State(v): State<AcmeVendor>,
    Path((sub, id)): Path<(String, String)>,
) -> ApiResult {
    set_enabled(&v, &sub, &id, false).await
}

async fn set_password(
    State(v): State<AcmeVendor>,
    Path((sub, id)): Path<(String, String)>,
    input: Result<Json<PasswordInput>, JsonRejection>,
) -> ApiResult {
    let input = body(input)?;
    v.write(&sub, |t| t.set_password(&id, input.password, now_secs()))?;
    no_content()
}

async fn list_sessions(
    State(v): State<AcmeVendor>,
    Path((sub, id)): Path<(String, String)>,
) -> ApiResult {
    ok(v.read(&sub, |t| t.sessions(&id))?)
}

async fn logout(State(v): State<AcmeVendor>, Path((sub, id)): Path<(String, String)>) -> ApiResult {
    ok(v.write(&sub, |t| t.logout(&id))?)
}

async fn set_grant(
    v: &AcmeVendor,
    path: (String, String, String),
    kind: GrantKind,
    on: bool,
) -> ApiResult {
    let (sub, id, grant) = path;
    v.write(&sub, |t| t.set_grant(kind, &id, &grant, on, now_secs()))?;
    no_content()
}

async fn grant_role(
    State(v): State<AcmeVendor>,
    Path(p): Path<(String, String, String)>,
) -> ApiResult {
    set_grant(&v, p, GrantKind::Role, true).await
}

async fn revoke_role(
    State(v): State<AcmeVendor>,
    Path(p): Path<(String, String, String)>,
) -> ApiResult {
    set_grant(&v, p, GrantKind::Role, false).await
}

async fn grant_license(
    State(v): State<AcmeVendor>,
    Path(p): Path<(String, String, String)>,
) -> ApiResult {
    set_grant(&v, p, GrantKind::License, true).await
}

async fn revoke_license(
    State(v): State<AcmeVendor>,
    Path(p): Path<(String, String, String)>,
) -> ApiResult {
    set_grant(&v, p, GrantKind::License, false).await
}

async fn list_grants(v: &AcmeVendor, sub: &str, query: Params, kind: GrantKind) -> ApiResult {
    let page = PageRequest::parse(&params(query)?)?;
    ok(json!(v.read(sub, |t| Ok(t.list_grants(kind, &page)))?))
}

async fn list_roles(
    State(v): State<AcmeVendor>,
    Path(sub): Path<String>,
    query: Params,
) -> ApiResult {
    list_grants(&v, &sub, query, GrantKind::Role).await
}

async fn list_licenses(
    State(v): State<AcmeVendor>,
    Path(sub): Path<String>,
    query: Params,
) -> ApiResult {
    list_grants(&v, &sub, query, GrantKind::License).await
}

async fn custom_fields(State(v): State<AcmeVendor>, Path(sub): Path<String>) -> ApiResult {
    ok(v.read(&sub, |t| Ok(json!({ "data": t.custom_fields })))?)
}

/// End-user sign-in (no API credential): a new session with a refresh token.
async fn login(
    State(v): State<AcmeVendor>,
    Path(sub): Path<String>,
    input: Result<Json<LoginInput>, JsonRejection>,
) -> ApiResult {
    let input = body(input)?;
    ok(v.write(&sub, |t| t.login(input, now_secs()))?)
}

// ----- teams -----

async fn list_teams(
    State(v): State<AcmeVendor>,
    Path(sub): Path<String>,
    query: Params,
) -> ApiResult {
    let params = params(query)?;
    let page = PageRequest::parse(&params)?;
    ok(json!(v.read(&sub, |t| Ok(t.list_teams(
        &page,
        params.get("name").map(String::as_str)
    )))?))
}

async fn create_team(
    State(v): State<AcmeVendor>,
    Path(sub): Path<String>,
    input: Result<Json<TeamInput>, JsonRejection>,
) -> ApiResult {
    let input = body(input)?;
    let (id, team) = v.write(&sub, |t| {
        let id = t.create_team(input, now_secs())?;
        Ok((id.clone(), t.team_json(&id)?))
    })?;
    created(format!("/t/{sub}/v1/teams/{id}"), team)
}

async fn get_team(
    State(v): State<AcmeVendor>,
    Path((sub, id)): Path<(String, String)>,
) -> ApiResult {
    ok(v.read(&sub, |t| t.team_json(&id))?)
}

async fn update_team(
    State(v): State<AcmeVendor>,
    Path((sub, id)): Path<(String, String)>,
    input: Result<Json<TeamInput>, JsonRejection>,
) -> ApiResult {
    let input = body(input)?;
    ok(v.write(&sub, |t| {
        t.update_team(&id, input, now_secs())?;
        t.team_json(&id)
    })?)
}

async fn delete_team(
    State(v): State<AcmeVendor>,
    Path((sub, id)): Path<(String, String)>,
) -> ApiResult {
    v.write(&sub, |t| t.delete_team(&id))?;
    no_content()
}

async fn list_members(
    State(v): State<AcmeVendor>,
    Path((sub, id)): Path<(String, String)>,
    query: Params,
) -> ApiResult {
    let page = PageRequest::parse(&params(query)?)?;
    ok(json!(v.read(&sub, |t| t.list_members(&id, &page))?))
}

async fn add_members(
    State(v): State<AcmeVendor>,
    Path((sub, id)): Path<(String, String)>,
    input: Result<Json<MembersInput>, JsonRejection>,
) -> ApiResult {
    let input = body(input)?;
    ok(v.write(&sub, |t| t.add_members(&id, input, now_secs()))?)
}

async fn remove_member(
    State(v): State<AcmeVendor>,
    Path((sub, id, user)): Path<(String, String, String)>,
) -> ApiResult {
    v.write(&sub, |t| t.remove_member(&id, &user, now_secs()))?;
    no_content()
}

// ----- OAuth 2.0 client credentials -----

/// The form of `POST /oauth/token`.
#[derive(Deserialize)]
struct TokenForm {
    grant_type: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    scope: Option<String>,
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(json!({"error": self.error, "error_description": self.description})),
        )
            .into_response();
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"acme\""),
            );
        }
        response
    }
}

fn oauth_error(status: StatusCode, error: &'static str, description: &str) -> OAuthError {
    OAuthError {
        status,
        error,
        description: description.to_owned(),
    }
}

/// The client id and secret of `Authorization: Basic base64(id:secret)` (RFC 6749 §2.3.1: each
/// form-urlencoded before encoding).
fn basic_client(headers: &HeaderMap) -> Option<Result<(String, String), OAuthError>> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let malformed = || {
        oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "malformed Basic client authentication",
        )
    };
    let decoded = STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    let Some((id, secret)) = decoded.as_deref().and_then(|d| d.split_once(':')) else {
        return Some(Err(malformed()));
    };
    let unescape = |s: &str| url_decode(s).ok_or_else(malformed);
    Some(unescape(id).and_then(|id| Ok((id, unescape(secret)?))))
}

/// Decodes `application/x-www-form-urlencoded` text (`+` is a space).
fn url_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// `POST /oauth/token`: the client credentials grant with `client_secret_basic` or
/// `client_secret_post`.
async fn token(
    State(v): State<AcmeVendor>,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, OAuthError> {
    let Ok(Form(form)) = form else {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "send an application/x-www-form-urlencoded body",
        ));
    };
    match form.grant_type.as_deref() {
        Some("client_credentials") => {}
        Some(_) => {
            return Err(oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "only grant_type=client_credentials is supported",
            ));
        }
        None => {
            return Err(oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type is required",
            ));
        }
    }
    let posted = form.client_secret.is_some();
    let (client_id, secret) = match (basic_client(&headers), posted) {
        (Some(_), true) => {
            return Err(oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "use one client authentication method, not both",
            ));
        }
        (Some(basic), false) => basic?,
        (None, true) => (
            form.client_id.unwrap_or_default(),
            form.client_secret.unwrap_or_default(),
        ),
        (None, false) => {
            return Err(oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "client authentication is required",
            ));
        }
    };
    let (access_token, expires_in) = v.store().issue_token(&client_id, &secret, Instant::now())?;
    let mut body = json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "issued_at": rfc3339(now_secs()),
    });
    if let Some(scope) = form.scope {
        body["scope"] = json!(scope);
    }
    let mut response = Json(body).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_decoding() {
        assert_eq!(url_decode("a%3Ab+c").as_deref(), Some("a:b c"));
        assert_eq!(url_decode("%zz"), None);
    }

    #[test]
    fn subdomains_come_from_the_path() {
        assert_eq!(subdomain_of("/t/demo/v1/users"), "demo");
        assert_eq!(subdomain_of("/healthz"), "");
    }
}
