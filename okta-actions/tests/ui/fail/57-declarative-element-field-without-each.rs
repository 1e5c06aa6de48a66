#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

#[derive(serde::Deserialize)]
struct AcmeUser {
    email_address: String,
}

#[provisioning_action(RemoveGroupMembers, vendor = "DELETE /teams/{groupId}/members/{groupMembers.value}")]
fn remove_members() {}

fn main() {}
