#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

#[derive(serde::Deserialize)]
struct AcmeUser {
    email_address: String,
}

fn no_body(_input: &RemoveGroupInput) -> serde_json::Value {
    serde_json::Value::Null
}

#[provisioning_action(RemoveGroup, vendor = "DELETE /teams/{groupId}", body = no_body)]
fn remove_group() {}

fn main() {}
