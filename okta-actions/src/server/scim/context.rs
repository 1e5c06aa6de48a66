//! One SCIM request: the tenant read from the path and `Authorization`, the action context the
//! handlers run in, where the tenant's resources live, and typed calls of the registered
//! contract actions with their failures mapped onto SCIM errors.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{FromRequestParts, OriginalUri, Path};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use okta_actions_contracts::{Contract, Secret};
use serde_json::Value;

use super::ScimState;
use super::cursors::tenant_digest;
use super::error::ScimError;
use super::http::ReadParams;
use crate::ActionContext;
use crate::auth::{CredentialMapping, TenantContext};
use crate::client::Unbound;
use crate::dispatch::{self, Fault, Limits};
use crate::server::RequestId;

/// The route parameter holding a resource id (uppercase: tenant variables are lowercase).
pub(crate) const ID_PARAM: &str = "ResourceId";

/// Everything a SCIM route needs about its request.
pub(crate) struct Scim {
    pub(crate) state: Arc<ScimState>,
    pub(crate) ctx: ActionContext,
    pub(crate) request_id: String,
    /// The tenant's SCIM base as an absolute URL (or absolute path without a host).
    pub(crate) base_url: String,
    /// Identifies the tenant and credential for the cursor store; never printed.
    pub(crate) tenant_key: u64,
    pub(crate) params: ReadParams,
    /// The resource id of `/{Resource}/{id}` routes.
    pub(crate) id: String,
}

impl FromRequestParts<Arc<ScimState>> for Scim {
    type Rejection = ScimError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<ScimState>,
    ) -> Result<Self, Self::Rejection> {
        let request_id = parts
            .extensions
            .get::<RequestId>()
            .map(|id| id.as_str().to_owned())
            .unwrap_or_else(|| RequestId::generate().as_str().to_owned());
        let Path(mut params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| ScimError::not_found("the request path is not a SCIM resource path"))?;
        let id = params.remove(ID_PARAM).unwrap_or_default();
        let variables: Vec<(String, String)> = state
            .base
            .variables
            .iter()
            .filter_map(|name| params.remove(name).map(|value| (name.clone(), value)))
            .collect();
        let authorization = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(Secret::new);
        let needs_credential = state
            .integration
            .auth()
            .is_some_and(|m| !matches!(m.credential(), CredentialMapping::None));
        if needs_credential && authorization.is_none() {
            return Err(ScimError::unauthorized(
                "the request has no `Authorization` header; send the tenant's credential \
                 (`Bearer <token>` or `Basic <credentials>`)",
                state.challenge,
            ));
        }
        let tenant_key = tenant_digest(&variables, authorization.as_ref().map(Secret::expose));
        let tenant = TenantContext::new(variables, authorization);
        let ctx = state
            .integration
            .bind(request_id.clone(), &tenant)
            .map_err(|unbound| match unbound {
                Unbound::Credential(_) => ScimError::unauthorized(
                    "the `Authorization` header carries no usable credential",
                    state.challenge,
                ),
                Unbound::Tenant(error) | Unbound::Configuration(error) => ScimError::not_found(
                    format!("no SCIM service for this tenant: {}", error.summary()),
                ),
            })?;
        let path = parts
            .extensions
            .get::<OriginalUri>()
            .map(|uri| uri.path().to_owned())
            .unwrap_or_else(|| parts.uri.path().to_owned());
        let suffix = parts
            .uri
            .path()
            .trim_end_matches('/')
            .split('/')
            .skip(1)
            .count()
            .saturating_sub(state.base.segments());
        let base_path = strip_segments(&path, suffix);
        let base_url = format!("{}{base_path}", origin(state, &parts.headers));
        Ok(Scim {
            state: Arc::clone(state),
            ctx,
            request_id,
            base_url,
            tenant_key,
            params: ReadParams::parse(parts.uri.query()),
            id,
        })
    }
}

/// `path` without its last `count` segments (and without a trailing `/`).
fn strip_segments(path: &str, count: usize) -> String {
    let mut path = path.trim_end_matches('/');
    for _ in 0..count {
        path = path.rfind('/').map_or("", |i| &path[..i]);
    }
    path.to_owned()
}

/// The scheme and authority of resource locations.
fn origin(state: &ScimState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.config.public_url {
        return url.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']'))
        });
    let Some(host) = host else {
        return String::new();
    };
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(str::trim)
        .filter(|p| matches!(*p, "http" | "https"))
        .unwrap_or("http");
    format!("{scheme}://{host}")
}

impl Scim {
    /// Whether the integration implements an action.
    pub(crate) fn implements(&self, ident: &str) -> bool {
        self.state.integration.action(ident).is_some()
    }

    /// Runs the contract action `C` on a typed input through the [`dispatch`] pipeline: an
    /// input that breaks the contract is `400 invalidValue` naming the attribute, a handler
    /// that runs past the action timeout `504`, its failure is mapped onto SCIM (see
    /// [`ScimError::from_action`]) with `what` naming the resource, and a panic or an output
    /// that breaks the contract `500`.
    pub(crate) async fn call<C: Contract>(
        &self,
        input: C::Input,
        what: &str,
    ) -> Result<C::Output, ScimError> {
        let limits = Limits {
            timeout: self.state.config.action_timeout,
            validate_output: self.state.config.validate_output,
        };
        dispatch::typed::<C>(&self.state.integration, self.ctx.clone(), input, limits)
            .await
            .map_err(|fault| match fault {
                Fault::NotImplemented => ScimError::not_implemented(C::IDENT),
                Fault::Input(violations) => {
                    let details: Vec<String> = violations
                        .iter()
                        .map(|v| format!("`{}`: {}", attribute_of(&v.path), v.message))
                        .collect();
                    ScimError::invalid_value(details.join("; "))
                }
                Fault::TimedOut(limit) => ScimError::gateway_timeout(limit),
                Fault::Failed(error) => {
                    tracing::info!(action = C::IDENT, request_id = %self.request_id, error = %error, "action failed");
                    ScimError::from_action(&error, what, &self.request_id, self.state.challenge)
                }
                Fault::Crashed(_) | Fault::Output(_) => ScimError::internal(&self.request_id),
            })
    }

    /// The absolute location of a resource.
    pub(crate) fn location(&self, endpoint: &str, id: &str) -> String {
        format!("{}/{endpoint}/{}", self.base_url, encode_segment(id))
    }
}

/// A JSON pointer into a contract input (`/user/name/givenName`) as the SCIM attribute it
/// names (`name.givenName`).
fn attribute_of(pointer: &str) -> String {
    let segments: Vec<String> = pointer
        .split('/')
        .skip(2)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    if segments.is_empty() {
        pointer.trim_start_matches('/').to_owned()
    } else {
        segments.join(".")
    }
}

/// Percent-encodes one path segment.
pub(crate) fn encode_segment(segment: &str) -> String {
    url::form_urlencoded::byte_serialize(segment.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// The JSON of a contract value (for models that always serialize).
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(
            strip_segments("/scim/v2/demo/Users/u-1", 2),
            "/scim/v2/demo"
        );
        assert_eq!(strip_segments("/Users", 1), "");
        assert_eq!(attribute_of("/user/name/givenName"), "name.givenName");
        assert_eq!(attribute_of("/user"), "user");
        assert_eq!(encode_segment("a b/c"), "a%20b%2Fc");
    }
}
