#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

#[derive(serde::Deserialize)]
struct AcmeUser {
    email_address: String,
}

#[provisioning_action(GetUserByUserName, vendor = "GET /v2/users?email={username}", items = "data", first)]
fn find_user(user: AcmeUser) -> GetUserByUserNameOutput {
    GetUserByUserNameOutput { user: ScimUser::new(user.email_address) }
}

fn main() {}
