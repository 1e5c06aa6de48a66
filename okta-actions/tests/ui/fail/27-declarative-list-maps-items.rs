#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

#[derive(serde::Deserialize)]
struct AcmeUser {
    email_address: String,
}

#[provisioning_action(ListUsers, vendor = "GET /v2/users")]
fn list_users(user: AcmeUser) -> ListUsersOutput {
    ListUsersOutput { resources: vec![ScimUser::new(user.email_address)], pagination: None }
}

fn main() {}
