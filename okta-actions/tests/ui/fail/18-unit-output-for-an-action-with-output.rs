#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

#[provisioning_action(GetUserById)]
async fn get_user(_ctx: &ActionContext, _input: GetUserByIdInput) -> Result<(), ActionError> {
    Ok(())
}

fn main() {}
