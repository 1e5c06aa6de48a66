//! The attribute macros of `okta-actions`. Use them through the `okta_actions` crate, which
//! re-exports them; the generated code reaches the runtime only through `okta_actions::__private`.
//!
//! Each macro is a thin entry point: `action` parses the attribute and the function, checks them
//! against the contract table of `okta-actions-contracts`, and expands; every problem is
//! collected and reported at once, on the user's own tokens.

use proc_macro::TokenStream;

mod action;
mod integration;
mod suggest;
#[cfg(test)]
mod tests;

use okta_actions_contracts::Capability;

/// Declares a Provisioning action handler.
///
/// # Imperative form
///
/// `#[provisioning_action(ListUsers)]` on
/// `async fn(ctx: &ActionContext, input: ListUsersInput) -> Result<ListUsersOutput, ActionError>`:
/// the handler calls the vendor itself through `ctx.vendor()`. Actions whose output is only
/// `executionStatus` may return `Result<(), ActionError>`.
///
/// # Declarative form
///
/// With `vendor = "METHOD /path"` the SDK makes the vendor call and the function is a pure
/// mapping of the vendor's answer (a plain `fn`, no `async`). The arguments, after the action's
/// name:
///
/// | argument | what it says | example |
/// |---|---|---|
/// | `vendor = "…"` | the call: `GET`, `POST`, `PUT`, `PATCH` or `DELETE` and a path (and query) whose `{field}`s are bound, percent-encoded, from the contract input (`{userId}`, `{user.id}`, `{userName}` in a query); a field the input does not have is a compile error | `vendor = "GET /users/{userId}"` |
/// | `items = "…"` | lists and searches: where the records are, a field name or a JSON pointer (default: the answer is the array) | `items = "data"`, `items = "/results/items"` |
/// | `paging = …` | lists: the vendor's paging style with its own parameter names (default: the integration's [`IntegrationBuilder::list_pagination`]) | see below |
/// | `first` | a lookup answered by a search: the first record at `items`, or `RESOURCE_NOT_FOUND` when there is none | `first` |
/// | `body = fn` | `POST`/`PUT`/`PATCH`: a pure `fn(&<Action>Input) -> B` building the JSON body, `B: Serialize` or `Result<B, ActionError>` (without it the call has an empty body) | `body = new_user` |
/// | `errors = fn` | a `fn(VendorError) -> ActionError` rewording the vendor's faults (default: the SDK's classification, 404 → `RESOURCE_NOT_FOUND`, 401/403 → invalid credentials, 429 → rate limited); for a write whose output is only `executionStatus` it may return `Option<ActionError>`, `None` accepting the fault as success | `errors = crate::errors::from_vendor` |
/// | `each = "…"` | a write whose output is only `executionStatus`, made once per element of an input array, in order; `{array.field}` in the path is bound from the element, and `body = fn` sees the input with the array narrowed to it; the first fault `errors` does not accept stops it | `each = "groupMembers"` with `vendor = "DELETE /teams/{groupId}/members/{groupMembers.value}"` |
/// | `batch = N` | with `each`: one call per `N` elements, `body = fn` seeing the input with the array narrowed to them | `each = "groupMembers", batch = 100, body = member_ids` |
///
/// Paging styles (`size` is the page-size query parameter, `max` the vendor's largest page,
/// 1..=200, default 200; the page asked for is Okta's `limit` capped at `max`, so a vendor
/// serving 100 a page answers Okta's 200 with 100 records and a `nextCursor`):
///
/// | style | reads the next page from | example |
/// |---|---|---|
/// | `cursor(next, param, size?, max?)` | the body's `next` cursor, sent back as query `param`; none, `null` or `""` ends the list | `paging = cursor(next = "next_cursor", param = "cursor", size = "page_size", max = 100)` |
/// | `page(param, size?, first?, max?, total?, pages?)` | page numbers in `param` from `first` (default 1); continues until an empty page, a page shorter than asked and than the longest before it, `total` records read or `pages` pages read | `paging = page(param = "page", size = "per_page", first = 1, max = 100)` |
/// | `offset(param, size?, max?, total?)` | the records read so far, in `param`; ends as `page` does | `paging = offset(param = "offset", size = "limit", max = 100, total = "total")` |
/// | `link(size?, max?)` | the `Link: <…>; rel="next"` header | `paging = link(size = "limit")` |
/// | `none` | one answer with every record: the mapping takes the whole answer and returns `Vec<Item>`, and the SDK pages it for Okta in memory | `paging = none` |
///
/// The mapping's shape:
///
/// - a lookup, search or write: `fn(vendor: V) -> <Action>Output`, `V: Deserialize`;
/// - a list: `fn(record: V) -> Item` (`ScimUser`, `ScimGroup`, `GroupMember`,
///   `SchemaProperty`, `SchemaPropertyValue`), or with `paging = none`
///   `fn(answer: V) -> Vec<Item>`;
/// - any mapping may return `Result<_, ActionError>` instead, to refuse a record;
/// - a write of an action whose output is only `executionStatus` may map nothing:
///   `fn activate_user() {}` succeeds on any 2xx answer.
///
/// `POST` and `PATCH` are never retried (a timeout or 5xx may mean the vendor acted); `GET`,
/// `PUT` and `DELETE` are retried as the vendor client allows.
///
/// ```ignore
/// // A lookup.
/// #[provisioning_action(GetUserById, vendor = "GET /users/{userId}")]
/// fn get_user(user: AcmeUser) -> GetUserByIdOutput { GetUserByIdOutput { user: to_scim(user) } }
///
/// // A search: the first result, or RESOURCE_NOT_FOUND.
/// #[provisioning_action(GetUserByUserName, vendor = "GET /users?email={userName}", items = "data", first)]
/// fn find_user(user: AcmeUser) -> Result<GetUserByUserNameOutput, ActionError> { /* … */ }
///
/// // A list with the vendor's own paging.
/// #[provisioning_action(ListUsers, vendor = "GET /users", items = "data",
///     paging = page(param = "page", size = "per_page", first = 1, max = 100))]
/// fn list_users(user: AcmeUser) -> ScimUser { to_scim(user) }
///
/// // A write: the body from the input, the answer mapped.
/// fn new_user(input: &CreateUserInput) -> serde_json::Value { json!({"email": input.user.user_name}) }
/// #[provisioning_action(CreateUser, vendor = "POST /users", body = new_user, errors = from_vendor)]
/// fn create_user(created: AcmeUser) -> CreateUserOutput { CreateUserOutput { user: to_scim(created) } }
///
/// // A lifecycle call with an empty body.
/// #[provisioning_action(ActivateUser, vendor = "POST /users/{userId}/enable")]
/// fn activate_user() {}
///
/// // One DELETE per member; a member already gone is not a failure.
/// fn already_removed(error: VendorError) -> Option<ActionError> {
///     (error.code() != Some("member_not_found")).then(|| error.into())
/// }
/// #[provisioning_action(RemoveGroupMembers, vendor = "DELETE /teams/{groupId}/members/{groupMembers.value}",
///     each = "groupMembers", errors = already_removed)]
/// fn remove_group_members() {}
/// ```
///
/// # What it generates, and calling a handler in a unit test
///
/// The function becomes a unit struct of the same name implementing
/// `okta_actions::handler::ActionHandler` (register it with `integration!` or
/// `IntegrationBuilder::action`), so `get_user(..)` no longer calls it (E0618). Its body stays
/// callable as an associated function: `name::handler(&ctx, input).await` for the imperative
/// form, `name::map(vendor_json)` for the declarative one. To run a handler as the adapter
/// does (input validated, `executionStatus` written), use
/// `okta_actions::handler::RegisteredAction::new(name).invoke(ctx, json)`.
///
/// ```ignore
/// #[test]
/// fn maps_an_acme_user() {
///     let out = get_user::map(AcmeUser { id: "u1".into(), email_address: "ada@acme.example".into() });
///     assert_eq!(out.user.id.as_deref(), Some("u1"));
/// }
/// ```
///
/// [`IntegrationBuilder::list_pagination`]: https://docs.rs/okta-actions/latest/okta_actions/struct.IntegrationBuilder.html#method.list_pagination
#[proc_macro_attribute]
pub fn provisioning_action(attr: TokenStream, item: TokenStream) -> TokenStream {
    action::entry(Capability::Provisioning, attr.into(), item.into()).into()
}

/// Declares an Entitlement Management (schema discovery) action handler, e.g.
/// `#[entitlements_action(ListEntitlementSchema)]`. It takes the same arguments as
/// [`macro@provisioning_action`], imperative or declarative, e.g.
/// `#[entitlements_action(ListUserSchema, vendor = "GET /custom-fields", paging = none)]`.
#[proc_macro_attribute]
pub fn entitlements_action(attr: TokenStream, item: TokenStream) -> TokenStream {
    action::entry(Capability::Entitlements, attr.into(), item.into()).into()
}

/// Declares the Proprietary Universal Logout action handler: `#[universal_logout_action]`, or
/// declaratively `#[universal_logout_action(vendor = "POST /users/{externalUserId}/logout")]`
/// with the arguments of [`macro@provisioning_action`]. Its body is callable as
/// `name::handler` (or `name::map`) in tests.
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
