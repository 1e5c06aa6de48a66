//! Okta itself as the vendor: Okta Workflows' help-desk flows (a Help Desk role, password
//! recovery, user and group management) as typed async functions over the `okta-actions` vendor
//! client, plus a local Okta-compatible server to run and test them against.
//!
//! - [`okta_server`]: users, groups, admin roles, lifecycle and recovery endpoints, Link-header
//!   paging, rate-limit buckets with real 429s, Okta's error format, 411 for body-less POST/PUT
//!   without `Content-Length`, and an OAuth 2.0 token endpoint for service apps
//!   (`private_key_jwt`) with per-endpoint scope enforcement.
//! - [`connection`]: the service-app auth mapping and [`OktaConnection`], a vendor client that
//!   knows its granted scopes.
//! - [`flows`]: the flows, each declaring its scopes and checking them before any request.
//! - [`scenario`]: the help-desk scenario `cargo run -p okta-helpdesk` runs.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use okta_helpdesk::flows::{self, NewUser, SupportRoleOutcome};
//! let (_okta, conn) = okta_helpdesk::scenario::demo_org().await?;
//! let ada = flows::create_user(
//!     &conn,
//!     &NewUser::new("Ada", "Lovelace", "ada@example.com", "ada@example.com").role("Support"),
//! )
//! .await?;
//! let outcome = flows::support_role_on_user_created(&conn, &ada.id).await?;
//! assert!(matches!(outcome, SupportRoleOutcome::Support { .. }));
//! # Ok(())
//! # }
//! ```

pub mod connection;
pub mod demo_key;
pub mod flows;
pub mod okta_server;
pub mod scenario;

pub use connection::OktaConnection;
pub use flows::FlowError;
