#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

#[derive(serde::Deserialize)]
struct AcmeUser {
    email_address: String,
}

#[provisioning_action(AddGroupMembers, vendor = "POST /teams/{groupId}/members/{groupMembers.value}", each = "groupMembers")]
fn add_members(user: AcmeUser) -> AddGroupMembersOutput {
    let _ = user.email_address;
    AddGroupMembersOutput::default()
}

fn main() {}
