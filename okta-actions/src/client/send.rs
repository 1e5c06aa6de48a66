//! Sending one prepared request: concurrency cap, rate-limit window, credential, timeout,
//! retries with backoff, token refresh on 401, and tracing (never headers or bodies).

use std::time::{Duration, Instant};

use okta_actions_contracts::Secret;
use reqwest::header::HeaderMap;
use tracing::Instrument as _;

use super::credential;
use super::error::VendorError;
use super::rate_limit::{jitter, retry_after};
use super::redact::Redactor;
use super::retry::{HttpMethod, backoff};
use super::vendor_client::{ClientInner, VendorClient};

/// What every attempt of one request sends.
pub(crate) struct Prepared {
    pub(crate) method: HttpMethod,
    /// The absolute URL, without the credential.
    pub(crate) url: url::Url,
    /// The relative path, for logs.
    pub(crate) path: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) timeout: Duration,
}

/// The vendor's final answer, before it is shaped for the caller.
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    /// A managed token was refreshed after a 401 during this call.
    pub(crate) token_refreshed: bool,
    /// Scrubs the client's secrets and the access token used.
    pub(crate) redactor: Redactor,
}

impl RawResponse {
    /// The classified error when the status is not 2xx.
    pub(crate) fn error(&self) -> Option<VendorError> {
        (!(200..300).contains(&self.status)).then(|| {
            VendorError::from_response(
                self.status,
                &self.headers,
                &self.body,
                self.token_refreshed,
                &self.redactor,
            )
        })
    }
}

/// Sends `request`, retrying as its method and the retry budget allow:
/// - GET, PUT, DELETE: again after a timeout, a connection error, 429 (after `Retry-After` or
///   `X-Rate-Limit-Reset`) or 5xx, with jittered exponential backoff, until the budget is spent;
/// - POST, PATCH: never again, except once after a 401 that made us refresh a managed OAuth
///   token (the vendor refused it before doing anything).
pub(crate) async fn execute(
    client: &VendorClient,
    request: &Prepared,
) -> Result<RawResponse, VendorError> {
    let span = tracing::debug_span!(
        "vendor_request",
        method = request.method.as_str(),
        path = %request.path,
    );
    client.inner.stats.request();
    attempts(&client.inner, request).instrument(span).await
}

async fn attempts(client: &ClientInner, request: &Prepared) -> Result<RawResponse, VendorError> {
    let config = &client.config;
    let started = Instant::now();
    let idempotent = request.method.is_idempotent();
    let within_budget =
        |wait: Duration| started.elapsed().saturating_add(wait) <= config.retry_max_elapsed;
    let mut token_refreshed = false;
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        if let Some(wait) = client.tenant.window.wait_time().await {
            tracing::debug!(
                attempt,
                wait_ms = wait.as_millis() as u64,
                "waiting for the rate-limit window"
            );
            tokio::time::sleep(wait.min(config.retry_max_elapsed)).await;
        }
        let (raw, token) = match attempt_once(client, request, attempt).await {
            Ok(answer) => answer,
            Err(err) => {
                let wait = backoff(config, attempt);
                if idempotent && err.is_retryable() && within_budget(wait) {
                    tracing::debug!(attempt, delay_ms = wait.as_millis() as u64, error = %err, "retrying");
                    client.stats.retry();
                    tokio::time::sleep(wait).await;
                    continue;
                }
                tracing::debug!(attempt, error = %err, "vendor request failed");
                return Err(err);
            }
        };
        client
            .tenant
            .window
            .observe(
                &raw.headers,
                config.slow_down_fraction,
                config.retry_max_elapsed,
            )
            .await;
        match raw.status {
            401 if !token_refreshed => {
                if let (Some(cache), Some(token)) = (&client.tenant.token, &token) {
                    tracing::debug!(
                        attempt,
                        "access token refused: refreshing it and retrying once"
                    );
                    cache.invalidate(token).await;
                    token_refreshed = true;
                    client.stats.retry();
                    continue;
                }
            }
            429 => {
                client.stats.rate_limited();
                // Saturating: the vendor's headers are untrusted numbers.
                let wait = retry_after(&raw.headers)
                    .unwrap_or_else(|| backoff(config, attempt))
                    .saturating_add(jitter(config.retry_base_delay));
                client
                    .tenant
                    .window
                    .pause(wait.min(config.retry_max_elapsed))
                    .await;
                if idempotent && within_budget(wait) {
                    tracing::debug!(
                        attempt,
                        delay_ms = wait.as_millis() as u64,
                        "rate limited: retrying after the window"
                    );
                    client.stats.retry();
                    continue;
                }
            }
            500..=599 => {
                let wait = retry_after(&raw.headers).unwrap_or_else(|| backoff(config, attempt));
                if idempotent && within_budget(wait) {
                    tracing::debug!(
                        attempt,
                        status = raw.status,
                        delay_ms = wait.as_millis() as u64,
                        "retrying"
                    );
                    client.stats.retry();
                    tokio::time::sleep(wait).await;
                    continue;
                }
            }
            _ => {}
        }
        return Ok(RawResponse {
            token_refreshed,
            ..raw
        });
    }
}

/// One attempt: a concurrency permit, the credential, the request and the whole body.
/// Returns the answer and the access token it used, if any.
async fn attempt_once(
    client: &ClientInner,
    request: &Prepared,
    attempt: u32,
) -> Result<(RawResponse, Option<Secret>), VendorError> {
    let _permit = client
        .tenant
        .permits
        .acquire()
        .await
        .map_err(|_| VendorError::generic("the vendor connector is shutting down"))?;
    let token = match &client.tenant.token {
        Some(cache) => Some(
            cache
                .access_token(&client.http, request.timeout, &client.redactor)
                .await?,
        ),
        None => None,
    };
    let redactor = match &token {
        Some(token) => client.redactor.with(token),
        None => client.redactor.clone(),
    };
    let mut url = request.url.clone();
    let mut headers = request.headers.clone();
    credential::apply(&client.credential, token.as_ref(), &mut url, &mut headers)?;
    let mut builder = client
        .http
        .request(request.method.to_reqwest(), url)
        .headers(headers)
        .timeout(request.timeout);
    if let Some(body) = &request.body {
        builder = builder.body(body.clone());
    }
    let sent = Instant::now();
    let transport = |err: reqwest::Error| VendorError::transport(&err, request.timeout, &redactor);
    let mut response = builder.send().await.map_err(transport)?;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > client.config.max_response_bytes {
            return Err(VendorError::generic(format!(
                "the vendor's answer is larger than {} bytes",
                client.config.max_response_bytes
            ))
            .with_status(status));
        }
        body.extend_from_slice(&chunk);
    }
    tracing::debug!(
        attempt,
        status,
        elapsed_ms = sent.elapsed().as_millis() as u64,
        "vendor answered"
    );
    let raw = RawResponse {
        status,
        headers,
        body,
        token_refreshed: false,
        redactor,
    };
    Ok((raw, token))
}
