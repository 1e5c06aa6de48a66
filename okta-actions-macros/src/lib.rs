//! The attribute macros of `okta-actions`. Use them through the `okta_actions` crate, which
//! re-exports them; the generated code reaches the runtime only through `okta_actions::__private`.
//!
//! Each macro is a thin entry point: [`action`] parses the attribute and the function, checks them
//! against the contract table of `okta-actions-contracts`, and expands; every problem is
//! collected and reported at once, on the user's own tokens.

use proc_macro::TokenStream;

mod action;
mod integration;
mod suggest;
#[cfg(test)]
mod tests;

use okta_actions_contracts::Capability;

/// Declares a Provisioning action handler: `#[provisioning_action(ListUsers)]` on
/// `async fn(ctx: &ActionContext, input: ListUsersInput) -> Result<ListUsersOutput, ActionError>`.
///
/// With `vendor = "GET /v2/users/{userId}"` the function is instead a pure mapping from the
/// vendor's JSON type to the contract type, and the SDK makes the call.
#[proc_macro_attribute]
pub fn provisioning_action(attr: TokenStream, item: TokenStream) -> TokenStream {
    action::entry(Capability::Provisioning, attr.into(), item.into()).into()
}

/// Declares an Entitlement Management (schema discovery) action handler, e.g.
/// `#[entitlements_action(ListEntitlementSchema)]`.
#[proc_macro_attribute]
pub fn entitlements_action(attr: TokenStream, item: TokenStream) -> TokenStream {
    action::entry(Capability::Entitlements, attr.into(), item.into()).into()
}

/// Declares the Proprietary Universal Logout action handler: `#[universal_logout_action]`.
#[proc_macro_attribute]
pub fn universal_logout_action(attr: TokenStream, item: TokenStream) -> TokenStream {
    action::entry(Capability::UniversalLogout, attr.into(), item.into()).into()
}

/// Declares an integration and checks the OIN required-flow rules at compile time:
///
/// ```ignore
/// let builder = okta_actions::integration! {
///     name: "Acme",
///     capabilities: [Provisioning, UniversalLogout],
///     actions: [list_users, get_user_by_id, /* … */ logout],
/// };
/// ```
///
/// Expands to an `IntegrationBuilder` with the capabilities and actions registered.
#[proc_macro]
pub fn integration(input: TokenStream) -> TokenStream {
    integration::entry(input.into()).into()
}
