//! Declarative handlers: the attribute names the vendor call, the function maps its JSON.

use okta_actions::contracts::*;
use okta_actions::provisioning_action;
use serde::Deserialize;

#[derive(Deserialize)]
struct AcmeUser {
    id: String,
    email_address: String,
}

fn to_scim(user: AcmeUser) -> ScimUser {
    let mut scim = ScimUser::new(user.email_address);
    scim.id = Some(user.id);
    scim
}

/// Looks a user up by id.
#[provisioning_action(GetUserById, vendor = "GET /v2/users/{userId}")]
fn get_user(user: AcmeUser) -> GetUserByIdOutput {
    GetUserByIdOutput { user: to_scim(user) }
}

/// Lists users, one vendor page per Okta page.
#[provisioning_action(ListUsers, vendor = "GET /v2/users")]
fn list_users(user: AcmeUser) -> ScimUser {
    to_scim(user)
}

fn main() {
    let mapped = get_user::map(AcmeUser { id: "u1".into(), email_address: "ada@acme.example".into() });
    assert_eq!(mapped.user.id.as_deref(), Some("u1"));
    let item = list_users::map(AcmeUser { id: "u2".into(), email_address: "b@acme.example".into() });
    assert_eq!(item.user_name, "b@acme.example");
    use okta_actions::handler::ActionHandler;
    assert_eq!(<get_user as ActionHandler>::META.vendor_call, Some("GET /v2/users/{userId}"));
}
