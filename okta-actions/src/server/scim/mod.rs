//! A SCIM 2.0 service (RFC 7643, RFC 7644) over the integration's registered provisioning
//! handlers, for OIN SCIM provisioning apps: Okta calls it directly, and every SCIM operation
//! becomes one or more contract actions. Build it with [`ScimConfig`].
//!
//! # Tenants and credentials
//! Okta's SCIM client sends no custom headers, so the tenant variables travel in the base
//! path: with `ScimConfig::new("/scim/v2/{subdomain}")` tenant `demo` is served at
//! `/scim/v2/demo/Users`. The `Authorization` header (`Bearer <token>` or `Basic …`, as OIN
//! SCIM apps send it) is the tenant's credential, handed to the auth mapping exactly as the
//! adapter hands it over; without one the answer is `401` with `WWW-Authenticate`, and a
//! credential the vendor refuses (`INVALID_CREDENTIALS`, `TOKEN_EXPIRED`) is `401` too.
//!
//! # Operations
//! | SCIM | contract actions |
//! |---|---|
//! | `GET /ServiceProviderConfig`, `/ResourceTypes[/{name}]`, `/Schemas[/{urn}]` | ListUserSchema, for the vendor's attributes (the User, EnterpriseUser and Group schemas come from the contracts' shapes); other methods `405` |
//! | `GET /Users/{id}` | GetUserById |
//! | `GET /Users?startIndex=&count=` | ListUsers (see *Paging*) |
//! | `GET /Users?filter=userName eq "…"` | GetUserByUserName, as sent, then lowercased (userName is caseExact=false); `id eq "…"`: GetUserById |
//! | `GET /Users?filter=…` (any other RFC 7644 §3.4.2.2 filter: `and`, `or`, `not`, every operator, value paths) | the lookups above when a `userName eq` or `id eq` must hold, else ListUsers, every page; the filter evaluated on each user; a malformed filter, or one nesting groups more than 32 deep, is `400 invalidFilter` |
//! | `POST /Users/.search`, `POST /Groups/.search` | as the `GET` with the SearchRequest's parameters |
//! | `POST /Users` | GetUserByUserName, then CreateUser (see *Duplicates*) |
//! | `PUT /Users/{id}` | GetUserById, then only what changed: ActivateUser (first), UpdateUser (the whole user), UpdateUserPassword (`password`), DeactivateUser (last) |
//! | `PATCH /Users/{id}` | GetUserById, the operations applied to it, then as for `PUT`; answers `200` with the user |
//! | `DELETE /Users/{id}` | the integration's delete call, else DeactivateUser (see *Deletes*) |
//! | `GET /Groups/{id}`, `GET /Groups` | GetGroupById / ListGroups, with ListGroupMembers for `members` unless excluded |
//! | `GET /Groups?filter=displayName eq "…"` | ListGroupsByDisplayName, keeping exact case-insensitive matches |
//! | `GET /Groups?filter=…` (any other) | GetGroupById when an `id eq` must hold, else ListGroups, the filter evaluated on each group; ListGroupMembers when it looks at `members` (`id eq "…" and members.value eq "…"`) |
//! | `POST /Groups` | CreateGroup, then AddGroupMembers |
//! | `PUT /Groups/{id}` | GetGroupById, UpdateGroup when changed, the `members` difference through Add/RemoveGroupMembers |
//! | `PATCH /Groups/{id}` | `members` `add` / `remove` (`members[value eq "…"]` or a value list) / `replace` through the member actions, other attributes through UpdateGroup; answers `200` with the group and its `members`, or `204` for a group with more members than one contract page |
//! | `DELETE /Groups/{id}` | RemoveGroup, `204` |
//! | anything else under the base path | `404` (`/Bulk`, `/Me` and `POST /.search` across resource types: `501`) |
//!
//! An operation whose action the integration does not implement is answered `501`. Reads and
//! writes honour `attributes` and `excludedAttributes`; `id`, `schemas` and `meta` are always
//! returned, `password` never; `meta.resourceType` and `meta.location` are always filled,
//! `meta.created`, `meta.lastModified` and `meta.version` when the handler's resource carries
//! them (a `meta` object among a user's extra attributes). Sorting is not supported
//! (`/ServiceProviderConfig` says so; `sortBy` is ignored). The integration's own user
//! attributes are served under its extension URN (see [`ScimConfig`] and `/Schemas`).
//!
//! # Paging
//! The contracts page with opaque cursors and give no total. `startIndex`/`count` are served
//! by walking the list (contract pages of [`ScimConfig::page_size`]) from the nearest known
//! position: the start, or a cursor remembered at an earlier offset for the same tenant,
//! credential and resource in the [`ScimCursorStore`] (in memory by default; a
//! [`SharedCursorStore`] over Redis lets any replica serve the next page), so Okta's page-by-page import resumes where the
//! previous page ended. `totalResults` is exact on every page: the walk goes on to the end of
//! the list, counting ([`ScimConfig::exact_totals`] turns this off for very large lists). At
//! most [`ScimConfig::max_pages`] contract calls serve one request (`400 tooMany` when the
//! page itself lies beyond). `startIndex` below 1 is 1, a negative `count` is 0, and
//! `count=0` answers the total alone (RFC 7644 §3.4.2.4).
//!
//! # Duplicates
//! `POST /Users` first looks the userName up with GetUserByUserName and answers
//! `409 uniqueness` when it exists; a CreateUser failing with HTTP status 409 (a race, or a
//! vendor matching names the lookup missed) is answered `409 uniqueness` as well.
//!
//! # Deletes
//! Okta never sends `DELETE /Users/{id}`: it deprovisions with `PATCH` (or `PUT`)
//! `active: false` (Okta's SCIM 2.0 reference, *Delete Users*). The contracts have no delete
//! action, so by default a DELETE deactivates the user with DeactivateUser and answers `204`,
//! and the user remains readable with `active: false`, a departure from RFC 7644 §3.6 (a
//! deleted resource answers `404`) that keeps the user reactivatable. An integration whose API
//! deletes users passes that call to [`ScimConfig::delete_users_with`]: a DELETE then deletes,
//! and the user answers `404` afterwards, as §3.6 requires; Okta's deactivation is unchanged.
//!
//! # Answers
//! Every answer is `application/scim+json`; requests may be `application/scim+json` or
//! `application/json`. Errors use `urn:ietf:params:scim:api:messages:2.0:Error` with `status`
//! as a string: `400` `invalidFilter` / `invalidSyntax` / `invalidValue` / `invalidPath` /
//! `noTarget` / `mutability` / `tooMany`, `401`, `404` (unknown id: the handler's
//! `RESOURCE_NOT_FOUND`), `405`, `409 uniqueness`, `413`, `415`, `429`, `500` (a handler's
//! `GENERIC_FAILURE` or panic; the detail names the request id, never internals), `501`,
//! `504`. Every answer carries `x-request-id`.

mod config;
mod context;
mod cursors;
mod deletion;
mod discovery;
mod error;
mod extension;
mod filter;
mod groups;
mod http;
mod paging;
mod patch;
mod path;
mod projection;
mod resource;
mod schema;
mod search;
mod users;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any, get, post};
use tower_http::catch_panic::CatchPanicLayer;

pub use config::{ScimConfig, ScimConfigError};
pub use cursors::{CursorList, MemoryCursorStore, ScimCursorStore, SharedCursorStore};

use self::config::BasePath;
use self::context::ID_PARAM;
use self::error::ScimError;
use super::RequestId;
use crate::Integration;
use crate::auth::CredentialMapping;

/// What every SCIM route shares.
#[derive(Debug)]
pub(crate) struct ScimState {
    pub(crate) integration: Arc<Integration>,
    pub(crate) config: ScimConfig,
    pub(crate) base: BasePath,
    /// The URN of the integration's own user attributes (see [`extension`]).
    pub(crate) extension: String,
    pub(crate) cursors: Arc<dyn ScimCursorStore>,
    /// The `WWW-Authenticate` challenge of a `401`.
    pub(crate) challenge: &'static str,
}

impl ScimConfig {
    /// The SCIM routes for an integration, to serve with `axum::serve` or merge into the
    /// adapter's router ([`Adapter::scim`](crate::server::Adapter::scim)).
    ///
    /// # Errors
    /// Every problem [`check`](Self::check) finds.
    pub fn into_router(self, integration: Arc<Integration>) -> Result<Router, ScimConfigError> {
        let base = self.resolve(&integration)?;
        let challenge = match integration.auth().map(|m| m.credential()) {
            Some(CredentialMapping::Basic | CredentialMapping::ClientCredentials { .. }) => {
                "Basic realm=\"SCIM\""
            }
            _ => "Bearer realm=\"SCIM\"",
        };
        let body_limit = self.body_limit;
        let root = base.route.clone();
        let state = Arc::new(ScimState {
            cursors: Arc::clone(&self.cursors),
            extension: extension::urn(integration.name()),
            integration,
            config: self,
            base,
            challenge,
        });
        let read_only = |route: MethodRouter<Arc<ScimState>>| route.fallback(discovery::read_only);
        let router = Router::new()
            .route(
                &format!("{root}/ServiceProviderConfig"),
                read_only(get(discovery::service_provider_config)),
            )
            .route(
                &format!("{root}/ResourceTypes"),
                read_only(get(discovery::list_resource_types)),
            )
            .route(
                &format!("{root}/ResourceTypes/{{{ID_PARAM}}}"),
                read_only(get(discovery::resource_type)),
            )
            .route(
                &format!("{root}/Schemas"),
                read_only(get(discovery::list_schemas)),
            )
            .route(
                &format!("{root}/Schemas/{{{ID_PARAM}}}"),
                read_only(get(discovery::schema)),
            )
            .route(
                &format!("{root}/Users"),
                get(users::list)
                    .post(users::create)
                    .fallback(|| not_allowed("GET, HEAD, POST")),
            )
            .route(
                &format!("{root}/Users/{{{ID_PARAM}}}"),
                get(users::get)
                    .put(users::replace)
                    .patch(users::patch)
                    .delete(users::delete)
                    .fallback(|| not_allowed("GET, HEAD, PUT, PATCH, DELETE")),
            )
            .route(
                &format!("{root}/Groups"),
                get(groups::list)
                    .post(groups::create)
                    .fallback(|| not_allowed("GET, HEAD, POST")),
            )
            .route(
                &format!("{root}/Groups/{{{ID_PARAM}}}"),
                get(groups::get)
                    .put(groups::replace)
                    .patch(groups::patch)
                    .delete(groups::delete)
                    .fallback(|| not_allowed("GET, HEAD, PUT, PATCH, DELETE")),
            )
            .route(
                &format!("{root}/Users/.search"),
                post(search::users).fallback(|| not_allowed("POST")),
            )
            .route(
                &format!("{root}/Groups/.search"),
                post(search::groups).fallback(|| not_allowed("POST")),
            )
            .route(&format!("{root}/.search"), any(search::across_types))
            .route(&format!("{root}/Me"), any(me))
            .route(&format!("{root}/Bulk"), any(bulk))
            .route(&format!("{root}/{{*rest}}"), any(unknown_endpoint))
            .layer(DefaultBodyLimit::max(body_limit))
            .with_state(state)
            .layer(CatchPanicLayer::custom(panic_response))
            .layer(axum::middleware::from_fn(scim_response));
        Ok(router)
    }
}

/// `405` with the methods the endpoint takes.
async fn not_allowed(allow: &'static str) -> Response {
    let mut response =
        ScimError::method_not_allowed(format!("this endpoint takes {allow}")).into_response();
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

/// `POST /Bulk`: not supported (`/ServiceProviderConfig` says so).
async fn bulk() -> Response {
    ScimError::new(
        axum::http::StatusCode::NOT_IMPLEMENTED,
        None,
        "bulk operations are not supported",
    )
    .into_response()
}

/// `/Me` (RFC 7644 §3.11): the facade has no notion of the authenticated subject.
async fn me() -> Response {
    ScimError::new(
        axum::http::StatusCode::NOT_IMPLEMENTED,
        None,
        "/Me is not supported: the credential is a service's, not a user's",
    )
    .into_response()
}

/// Any other path under the base path.
async fn unknown_endpoint() -> Response {
    ScimError::not_found("no such SCIM endpoint: use /Users, /Groups, /Schemas, /ResourceTypes or /ServiceProviderConfig").into_response()
}

/// A panic outside a handler (handlers' own panics are caught with the request id): `500`.
fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ScimError::internal("unknown").into_response()
}

/// Middleware: gives the request an id when the adapter has not, echoes it, and labels every
/// answer `application/scim+json`.
async fn scim_response(mut request: Request, next: Next) -> Response {
    let id = match request.extensions().get::<RequestId>() {
        Some(id) => id.clone(),
        None => {
            let id = RequestId::generate();
            request.extensions_mut().insert(id.clone());
            id
        }
    };
    let mut response = next.run(request).await;
    http::set_content_type(response.headers_mut());
    if !response.headers().contains_key(super::REQUEST_ID_HEADER)
        && let Ok(value) = HeaderValue::from_str(id.as_str())
    {
        response
            .headers_mut()
            .insert(super::REQUEST_ID_HEADER, value);
    }
    response
}
