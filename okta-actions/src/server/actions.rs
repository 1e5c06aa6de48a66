//! `POST /actions/{Ident}`: one contract call, from the raw request to the contract output.
//!
//! The order is fixed so a caller's mistake is reported precisely and nothing reaches the
//! vendor by accident: known action → JSON content type → credential and tenant variables →
//! body parses as JSON → the tenant's vendor connection (no call yet) → the [`dispatch`]
//! pipeline: body satisfies the input schema → handler (under the request timeout) → output
//! satisfies the output schema.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use okta_actions_contracts::{Direction, Violation, contracts};
use serde_json::Value;
use tracing::Instrument;

use super::failure::{Failure, from_connect};
use super::tenant::tenant_context;
use super::{AdapterState, RequestId, media};
use crate::ActionError;
use crate::dispatch::{self, Fault, Limits};

/// Runs one action and answers with its contract output, or a contract-shaped failure.
pub(crate) async fn call(
    State(state): State<Arc<AdapterState>>,
    Extension(request_id): Extension<RequestId>,
    Path(ident): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let span = tracing::info_span!("action", action = %ident, request_id = %request_id.as_str());
    async move {
        let started = Instant::now();
        match run(&state, &request_id, &ident, &headers, body).await {
            Ok(answer) => {
                // The call's own line, with every field, is dispatch's `action call finished`.
                tracing::debug!(
                    status = answer.status,
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "action finished"
                );
                let content_type = [(header::CONTENT_TYPE, "application/json")];
                (StatusCode::OK, content_type, answer.body).into_response()
            }
            Err(failure) => {
                tracing::warn!(
                    status = failure.status().as_u16(),
                    error = %failure.error(),
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "action refused"
                );
                failure.respond(&request_id)
            }
        }
    }
    .instrument(span)
    .await
}

/// A contract answer: its `executionStatus.status` and the response bytes.
struct Answer {
    status: &'static str,
    body: Vec<u8>,
}

async fn run(
    state: &AdapterState,
    request_id: &RequestId,
    ident: &str,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Answer, Failure> {
    let integration = &state.integration;
    if integration.action(ident).is_none() {
        return Err(unknown_action(integration, ident));
    }
    check_content_type(headers)?;
    let tenant = tenant_context(integration, headers)?;
    let body = body.map_err(body_rejection)?;
    let input = parse_json(&body)?;
    let context = integration
        .bind(request_id.as_str(), &tenant)
        .map_err(from_connect)?;
    let limits = Limits {
        timeout: state.config.request_timeout,
        validate_output: state.config.validate_output,
    };
    match dispatch::json(integration, ident, context, input, limits).await {
        Ok(body) => Ok(Answer {
            status: "SUCCEEDED",
            body,
        }),
        // A handler's error is a contract outcome: `200` and the failure envelope.
        Err(Fault::Failed(error)) => Ok(Answer {
            status: "FAILED",
            body: serde_json::to_vec(&error.to_failed_response(request_id.as_str()))
                .unwrap_or_default(),
        }),
        Err(fault) => Err(failure(integration, ident, fault)),
    }
}

/// The answer to a call that produced no contract output.
fn failure(integration: &crate::Integration, ident: &str, fault: Fault) -> Failure {
    match fault {
        Fault::NotImplemented => unknown_action(integration, ident),
        Fault::Input(violations) => contract_violation(ident, Direction::Input, &violations),
        Fault::TimedOut(limit) => Failure::new(
            StatusCode::GATEWAY_TIMEOUT,
            ActionError::generic(format!(
                "the action did not finish within {} ms",
                limit.as_millis()
            )),
        ),
        Fault::Failed(error) | Fault::Crashed(error) => {
            Failure::new(StatusCode::INTERNAL_SERVER_ERROR, error)
        }
        Fault::Output(violations) => contract_violation(ident, Direction::Output, &violations),
    }
}

/// `404` naming the action, whether Okta defines it, and what this adapter serves.
fn unknown_action(integration: &crate::Integration, ident: &str) -> Failure {
    let summary = if contracts().action(ident).is_some() {
        format!("this integration does not implement the Okta action `{ident}`")
    } else {
        format!("`{ident}` is not an Okta API Integration Action")
    };
    let served: Vec<&str> = integration
        .actions()
        .iter()
        .map(|a| a.meta().action)
        .collect();
    Failure::new(StatusCode::NOT_FOUND, ActionError::not_found(summary))
        .with_detail(format!("this adapter serves: {}", served.join(", ")))
}

/// `415` unless the body is declared JSON (`application/json` or `+json`); a missing
/// `Content-Type` is accepted, as the body is parsed as JSON anyway.
fn check_content_type(headers: &HeaderMap) -> Result<(), Failure> {
    let Some(essence) = media::declared(headers) else {
        return Ok(());
    };
    if essence == "application/json" || essence.ends_with("+json") {
        Ok(())
    } else {
        Err(Failure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ActionError::generic(format!(
                "the body must be `application/json`, not `{essence}`"
            )),
        ))
    }
}

/// The body could not be read: too large (`413`) or cut off.
fn body_rejection(rejection: BytesRejection) -> Failure {
    let status = rejection.status();
    let summary = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "the body is larger than this adapter accepts".to_owned()
    } else {
        format!("the body could not be read: {}", rejection.body_text())
    };
    Failure::new(status, ActionError::generic(summary))
}

/// Parses the body as one JSON value; an empty body is an error, not `{}`.
fn parse_json(body: &[u8]) -> Result<Value, Failure> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Failure::bad_request(
            "the body is empty: send the contract input as a JSON object",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        Failure::bad_request(format!(
            "the body is not valid JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
        .with_detail(format!("at ``: {e}"))
    })
}

/// `400` for an input, `500` for an output that breaks the contract: one detail per JSON path.
fn contract_violation(ident: &str, direction: Direction, violations: &[Violation]) -> Failure {
    let (status, side) = match direction {
        Direction::Input => (StatusCode::BAD_REQUEST, "input"),
        Direction::Output => (StatusCode::INTERNAL_SERVER_ERROR, "handler's output"),
    };
    let first = violations
        .first()
        .map(|v| format!(" at `{}`", v.path))
        .unwrap_or_default();
    let mut failure = Failure::new(
        status,
        ActionError::generic(format!("the {side} breaks the {ident} contract{first}")),
    );
    for violation in violations {
        failure = failure.with_detail(format!("at `{}`: {}", violation.path, violation.message));
    }
    failure
}
