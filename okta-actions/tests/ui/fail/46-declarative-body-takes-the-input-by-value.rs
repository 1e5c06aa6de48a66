#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

#[derive(serde::Deserialize)]
struct AcmeUser {
    email_address: String,
}

fn new_user(input: CreateUserInput) -> serde_json::Value {
    serde_json::json!({ "email": input.user.user_name })
}

#[provisioning_action(CreateUser, vendor = "POST /v2/users", body = new_user)]
fn create_user(user: AcmeUser) -> CreateUserOutput {
    CreateUserOutput { user: ScimUser::new(user.email_address) }
}

fn main() {}
