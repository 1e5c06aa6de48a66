//! The standard Universal Logout endpoint (global token revocation): Okta calls it directly to
//! log a user out, and the SDK answers it with the integration's `UniversalLogout` handler.
//!
//! Okta sends `POST <endpoint URL>` with `Authorization: Bearer <JWT>` and the body
//! `{"sub_id": {"format": "email", "email": …}}` or
//! `{"sub_id": {"format": "iss_sub", "iss": …, "sub": …}}`. The endpoint:
//!
//! 1. authenticates the JWT before reading the body: header `typ`
//!    `global-token-revocation+jwt`, `alg` RS256 only (never `none` or HMAC), signature by the
//!    org's key from its JWKS (cached by `kid`, refetched once when a new `kid` appears),
//!    `iss` a [`TrustedIssuer`], `aud` the endpoint URL, `exp`/`nbf`/`iat` within the clock
//!    skew, and a `jti` never seen before;
//! 2. maps the subject onto the contract input — `email` → `externalUserName`, `iss_sub` →
//!    `externalUserId` = `sub` (the user's id within the app, as Okta documents it);
//! 3. runs the `UniversalLogout` handler with the vendor connection of the trusted issuer.
//!
//! Okta reads only the status:
//!
//! | status | when |
//! |---|---|
//! | 204 | the handler answered `logoutStatus` SUCCESS |
//! | 400 | the body is not JSON, has no `sub_id`, an unsupported format or a missing member |
//! | 401 | no `Authorization`, not `Bearer`, or a token failing any check above |
//! | 403 | a valid token from a trusted org whose `sub` names an app instance not configured here (another app of the same org) |
//! | 404 | the handler failed with `RESOURCE_NOT_FOUND` |
//! | 422 | `logoutStatus` FAILURE, any other handler error (`INVALID_CREDENTIALS` included: the vendor refusing the tenant's credential is not Okta's authentication failing), or an unusable tenant connection |
//! | 429 | the `jti` replay store is full of unexpired tokens (`Retry-After` given) |
//! | 503 | the [shared replay store](UniversalLogoutConfig::with_replay_store) is unavailable: `{"error":"temporarily_unavailable",…}` with `Retry-After` (the token is not accepted) |
//!
//! Every refusal is logged (`tracing`, warn) with the request id and the reason, never the token.
//! The request id is the adapter's [`RequestId`](crate::server::RequestId) when the router is
//! merged into it, a generated one otherwise, and is echoed in `x-request-id`.
//!
//! ```
//! use std::sync::Arc;
//!
//! use okta_actions::auth::TenantContext;
//! use okta_actions::contracts::{
//!     Capability, LogoutStatus, Secret, UniversalLogoutInput, UniversalLogoutOutput,
//! };
//! use okta_actions::server::logout::{TrustedIssuer, UniversalLogoutConfig};
//! use okta_actions::{ActionContext, ActionError, Integration, universal_logout_action};
//!
//! /// Revokes the user's sessions and refresh tokens.
//! #[universal_logout_action]
//! async fn logout(
//!     _ctx: &ActionContext,
//!     input: UniversalLogoutInput,
//! ) -> Result<UniversalLogoutOutput, ActionError> {
//!     let _who = input.external_user_id.or(input.external_user_name);
//!     Ok(UniversalLogoutOutput { logout_status: LogoutStatus::Success })
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let integration = Integration::builder("Acme")
//!     .capability(Capability::UniversalLogout)
//!     .action(logout)
//!     .build()?;
//! // The vendor connection used when this org logs a user out.
//! let tenant = TenantContext::new([], Some(Secret::new("Bearer acme-api-key")));
//! let router = UniversalLogoutConfig::new("https://api.acme.example/global-token-revocation")
//!     .with_trusted_issuer(TrustedIssuer::new(
//!         "https://customer.okta.com", // the org URL, the JWT `iss`
//!         "0oa1b2c3d4e5f6g7h8i9",      // the app's client id there, the JWT `sub`
//!         tenant,
//!     ))
//!     .into_router(Arc::new(integration))?;
//! // axum::serve(listener, router).await?;
//! # drop(router);
//! # Ok(())
//! # }
//! ```

mod config;
mod endpoint;
mod jwks;
mod replay;
mod subject;
mod verify;

pub use config::{LogoutConfigError, TrustedIssuer, UniversalLogoutConfig};
