//! Calls the adapter the way Okta's thin flows do, and judges each answer against the contract.

use okta_actions_contracts::{Direction, validators};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;

use crate::auth::TenantContext;

/// One answered call.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    /// The HTTP status.
    pub(crate) status: u16,
    /// The body (`Null` when it was not JSON).
    pub(crate) body: Value,
    /// The adapter's request id, for evidence.
    pub(crate) request_id: String,
}

impl Answer {
    /// Whether the adapter itself failed (5xx): never an acceptable answer to Okta.
    pub(crate) fn server_error(&self) -> bool {
        self.status >= 500
    }

    /// Whether the credential was refused: HTTP 401/403, or a FAILED outcome of type
    /// `INVALID_CREDENTIALS` or `TOKEN_EXPIRED`.
    pub(crate) fn credential_refused(&self) -> bool {
        matches!(self.status, 401 | 403)
            || matches!(
                self.error_type(),
                Some("INVALID_CREDENTIALS" | "TOKEN_EXPIRED")
            )
    }

    /// Whether the action succeeded.
    pub(crate) fn succeeded(&self) -> bool {
        self.status == 200 && self.body["executionStatus"]["status"] == "SUCCEEDED"
    }

    /// The first error's type, e.g. `RESOURCE_NOT_FOUND`.
    pub(crate) fn error_type(&self) -> Option<&str> {
        self.body["executionStatus"]["errors"][0]["type"].as_str()
    }

    /// A one-line account of a failed call for evidence.
    pub(crate) fn describe_failure(&self) -> String {
        let error = &self.body["executionStatus"]["errors"][0];
        format!(
            "HTTP {} {} {} (request {})",
            self.status,
            error["type"].as_str().unwrap_or("-"),
            error["summary"].as_str().unwrap_or("no summary"),
            self.request_id
        )
    }
}

/// What Okta's connection test made of a credential.
#[derive(Debug, Clone)]
pub(crate) enum Probe {
    /// The credential passed.
    Accepted,
    /// The credential was refused (HTTP 401/403).
    Refused,
    /// Anything else, described.
    Other(String),
}

/// Why a call produced no judgeable answer, or an answer that breaks the contract.
#[derive(Debug, Clone)]
pub(crate) enum CallError {
    /// The adapter could not be reached.
    Transport(String),
    /// The output breaks the contract: one line per JSON path.
    Contract {
        /// The answer.
        answer: Answer,
        /// `at /path: message` lines.
        violations: Vec<String>,
    },
}

/// Okta, as far as the adapter can tell: the tenant's headers on every call.
#[derive(Debug, Clone)]
pub(crate) struct OktaCaller {
    http: reqwest::Client,
    base: String,
    headers: HeaderMap,
}

impl OktaCaller {
    /// A caller for the adapter at `base` on behalf of `tenant`.
    pub(crate) fn new(base: String, tenant: &TenantContext) -> Self {
        let mut headers = HeaderMap::new();
        if let Some(credential) = tenant.authorization()
            && let Ok(mut value) = HeaderValue::from_str(credential.expose())
        {
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        for (name, value) in tenant.variables() {
            let header = HeaderName::try_from(format!("x-okta-tenant-{name}"));
            if let (Ok(header), Ok(value)) = (header, HeaderValue::from_str(value)) {
                headers.insert(header, value);
            }
        }
        // Longer than the adapter's own request timeout, so the adapter's 504 is what we see.
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(90))
            .build()
            .unwrap_or_default();
        OktaCaller {
            http,
            base,
            headers,
        }
    }

    /// The same caller sending `authorization` instead of the tenant's credential.
    pub(crate) fn with_authorization(&self, authorization: &str) -> Self {
        let mut caller = self.clone();
        if let Ok(mut value) = HeaderValue::from_str(authorization) {
            value.set_sensitive(true);
            caller.headers.insert(AUTHORIZATION, value);
        }
        caller
    }

    /// The tenant's credential, when it has one.
    pub(crate) fn authorization(&self) -> Option<&str> {
        self.headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
    }

    /// Runs Okta's connection test: `GET /authping` with this caller's credential.
    pub(crate) async fn authping(&self) -> Probe {
        let response = self
            .http
            .get(format!("{}/authping", self.base))
            .headers(self.headers.clone())
            .send()
            .await;
        match response.map(|r| r.status().as_u16()) {
            Ok(200..=299) => Probe::Accepted,
            Ok(401 | 403) => Probe::Refused,
            Ok(status) => Probe::Other(format!("`/authping` answered HTTP {status}")),
            Err(e) => Probe::Other(format!("`/authping`: the adapter did not answer: {e}")),
        }
    }

    /// Calls `POST /actions/{action}` and validates the output against the contract.
    pub(crate) async fn call(&self, action: &str, input: &Value) -> Result<Answer, CallError> {
        let response = self
            .http
            .post(format!("{}/actions/{action}", self.base))
            .headers(self.headers.clone())
            .json(input)
            .send()
            .await
            .map_err(|e| {
                CallError::Transport(format!("{action}: the adapter did not answer: {e}"))
            })?;
        let status = response.status().as_u16();
        let request_id = response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-")
            .to_owned();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let answer = Answer {
            status,
            body,
            request_id,
        };
        match validators().validate(action, Direction::Output, &answer.body) {
            Ok(()) => Ok(answer),
            Err(violations) => Err(CallError::Contract {
                violations: violations
                    .iter()
                    .map(|v| format!("at `{}`: {}", v.path, v.message))
                    .collect(),
                answer,
            }),
        }
    }
}
