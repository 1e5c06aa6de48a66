//! okta-actions: build Okta Integration Network API Integration Actions in typed Rust.
//!
//! A handler is an `async fn` annotated with the action it implements; the macro checks it
//! against Okta's contract at compile time:
//!
//! ```
//! use okta_actions::contracts::{GetUserByIdInput, GetUserByIdOutput, ScimUser};
//! use okta_actions::{ActionContext, ActionError, provisioning_action};
//!
//! /// Looks a user up by id.
//! #[provisioning_action(GetUserById)]
//! async fn get_user_by_id(
//!     _ctx: &ActionContext,
//!     input: GetUserByIdInput,
//! ) -> Result<GetUserByIdOutput, ActionError> {
//!     let mut user = ScimUser::new("ada@acme.example");
//!     user.id = Some(input.user_id);
//!     Ok(GetUserByIdOutput { user })
//! }
//! # use okta_actions::handler::ActionHandler;
//! # assert_eq!(<get_user_by_id as ActionHandler>::META.action, "GetUserById");
//! ```

#[doc(hidden)]
pub mod __private;
mod action;
pub mod auth;
#[cfg(feature = "cli")]
pub mod cli;
pub mod client;
mod dispatch;
pub mod handler;
mod integration;
pub mod observe;
pub mod paging;
#[cfg(feature = "cli")]
pub mod report;
pub mod server;
pub mod state;
#[cfg(feature = "testing")]
pub mod testing;
#[cfg(feature = "cli")]
pub mod wiring;

pub use action::{ActionContext, ActionError};
pub use integration::{Integration, IntegrationBuilder, IntegrationError};
pub use okta_actions_macros::{
    entitlements_action, integration, provisioning_action, universal_logout_action,
};

/// Okta's action contracts: the typed models, the action table and validation.
pub mod contracts {
    pub use okta_actions_contracts::*;
}
