#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

#[provisioning_action(GetUserById, vendor = 42)]
fn get_user(user: serde_json::Value) -> GetUserByIdOutput {
    let _ = user;
    GetUserByIdOutput::default()
}

fn main() {}
