#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

#[provisioning_action(ListUsers)]
async fn list_users(_ctx: &ActionContext, _input: ListUsersInput) -> Result<ListGroupsOutput, ActionError> {
    Ok(ListGroupsOutput::default())
}

fn main() {}
