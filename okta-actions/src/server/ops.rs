//! Operations endpoints: an unauthenticated health check and an authenticated ping for
//! Integration Builder's `_authping` flow.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::failure::{Failure, from_connect};
use super::tenant::tenant_context;
use super::{AdapterState, RequestId};
use crate::ActionError;
use okta_actions_contracts::ErrorType;

/// `GET /health`: the adapter is up; names the integration and how many actions it serves.
pub(crate) async fn health(State(state): State<Arc<AdapterState>>) -> Json<serde_json::Value> {
    Json(json!({
        "status": "ok",
        "integration": state.integration.name(),
        "actions": state.integration.actions().len(),
    }))
}

/// `GET /authping`: checks the tenant's credential and variables the way an action would, then,
/// when the integration names a vendor endpoint for it, calls that endpoint with the tenant's
/// connection. `verified` says whether the vendor itself accepted the credential.
pub(crate) async fn authping(
    State(state): State<Arc<AdapterState>>,
    Extension(request_id): Extension<RequestId>,
    headers: HeaderMap,
) -> Response {
    let integration = &state.integration;
    let context = tenant_context(integration, &headers).and_then(|tenant| {
        integration
            .bind(request_id.as_str(), &tenant)
            .map_err(from_connect)
    });
    let context = match context {
        Ok(context) => context,
        Err(failure) => return failure.respond(&request_id),
    };
    let Some(path) = integration.authping_path() else {
        return Json(json!({"status": "ok", "verified": false})).into_response();
    };
    let answer = match context.vendor() {
        Ok(vendor) => vendor.get(path).send().await.map_err(ActionError::from),
        Err(error) => Err(error),
    };
    match answer {
        Ok(response) if response.status < 300 => {
            Json(json!({"status": "ok", "verified": true})).into_response()
        }
        Ok(response) if matches!(response.status, 401 | 403) => Failure::unauthorized(format!(
            "the vendor refused the tenant's credential ({} on GET {path})",
            response.status
        ))
        .respond(&request_id),
        Ok(response) => Failure::new(
            StatusCode::BAD_GATEWAY,
            ActionError::generic(format!(
                "the vendor answered {} on GET {path}",
                response.status
            )),
        )
        .respond(&request_id),
        Err(error) => match error.error_type() {
            ErrorType::InvalidCredentials | ErrorType::TokenExpired => {
                Failure::unauthorized(error.summary().to_owned()).respond(&request_id)
            }
            _ => Failure::new(StatusCode::BAD_GATEWAY, error).respond(&request_id),
        },
    }
}
