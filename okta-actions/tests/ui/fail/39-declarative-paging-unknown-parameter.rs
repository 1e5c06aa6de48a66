#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

#[derive(serde::Deserialize)]
struct AcmeUser {
    email_address: String,
}

#[provisioning_action(ListUsers, vendor = "GET /v2/users", items = "data", paging = page(param = "page", sise = "per_page", max = 100))]
fn list_users(user: AcmeUser) -> ScimUser {
    ScimUser::new(user.email_address)
}

fn main() {}
