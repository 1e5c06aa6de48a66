//! One SCIM request: the tenant read from the path and `Authorization`, the action context the
//! handlers run in, where the tenant's resources live, and typed calls of the registered
//! contract actions with their failures mapped onto SCIM errors.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{FromRequestParts, OriginalUri, Path};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use okta_actions_contracts::{Contract, Direction, ErrorType, Secret, validators};
use serde_json::Value;

use super::ScimState;
use super::cursors::tenant_digest;
use super::error::ScimError;
use super::http::ReadParams;
use crate::ActionContext;
use crate::auth::{CredentialMapping, TenantContext};
use crate::handler::Outcome;
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
            .context(request_id.clone(), &tenant)
            .map_err(|error| match error.error_type() {
                ErrorType::InvalidCredentials | ErrorType::TokenExpired => ScimError::unauthorized(
                    "the `Authorization` header carries no usable credential",
                    state.challenge,
                ),
                _ => ScimError::not_found(format!(
                    "no SCIM service for this tenant: {}",
                    error.summary()
                )),
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

    /// Runs the contract action `C` on a typed input: the input is checked against the
    /// contract (`400 invalidValue` naming the attribute), the handler runs under the action
    /// timeout (`504`), its failure is mapped onto SCIM (see [`ScimError::from_action`]) with
    /// `what` naming the resource, and its output is checked against the contract (`500`).
    pub(crate) async fn call<C: Contract>(
        &self,
        input: C::Input,
        what: &str,
    ) -> Result<C::Output, ScimError> {
        let ident = C::IDENT;
        let action = self
            .state
            .integration
            .action(ident)
            .ok_or_else(|| ScimError::not_implemented(ident))?;
        let input = serde_json::to_value(&input).map_err(|e| {
            tracing::error!(action = ident, request_id = %self.request_id, "input does not serialize: {e}");
            ScimError::internal(&self.request_id)
        })?;
        if let Err(violations) = validators().validate(ident, Direction::Input, &input) {
            let details: Vec<String> = violations
                .iter()
                .map(|v| format!("`{}`: {}", attribute_of(&v.path), v.message))
                .collect();
            return Err(ScimError::invalid_value(details.join("; ")));
        }
        let timeout = self.state.config.action_timeout;
        let invocation = tokio::time::timeout(timeout, action.invoke(self.ctx.clone(), input))
            .await
            .map_err(|_| {
                tracing::warn!(action = ident, request_id = %self.request_id, "action timed out");
                ScimError::gateway_timeout(timeout)
            })?;
        match invocation.outcome {
            Outcome::Succeeded => {}
            Outcome::Failed => {
                let error = invocation
                    .error
                    .unwrap_or_else(|| crate::ActionError::generic("the action failed"));
                tracing::info!(action = ident, request_id = %self.request_id, error = %error, "action failed");
                return Err(ScimError::from_action(
                    &error,
                    what,
                    &self.request_id,
                    self.state.challenge,
                ));
            }
            Outcome::InputRejected | Outcome::Panicked => {
                tracing::error!(action = ident, request_id = %self.request_id, error = ?invocation.error, "handler fault");
                return Err(ScimError::internal(&self.request_id));
            }
        }
        if self.state.config.validate_output
            && let Err(violations) =
                validators().validate(ident, Direction::Output, &invocation.body)
        {
            tracing::error!(
                action = ident,
                request_id = %self.request_id,
                violations = ?violations.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "handler output breaks the contract"
            );
            return Err(ScimError::internal(&self.request_id));
        }
        serde_json::from_value::<C::Output>(invocation.body).map_err(|e| {
            tracing::error!(action = ident, request_id = %self.request_id, "output does not parse: {e}");
            ScimError::internal(&self.request_id)
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
