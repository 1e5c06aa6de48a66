#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

#[derive(serde::Deserialize)]
struct AcmeUser {
    email_address: String,
}

fn member_ids(input: &AddGroupMembersInput) -> serde_json::Value {
    serde_json::json!({ "ids": input.group_members.iter().map(|m| m.value.clone()).collect::<Vec<_>>() })
}

#[provisioning_action(AddGroupMembers, vendor = "POST /teams/{groupId}/members", batch = 100, body = member_ids)]
fn add_members() {}

fn main() {}
