#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

#[provisioning_action(UniversalLogout)]
async fn logout(_ctx: &ActionContext, _input: UniversalLogoutInput) -> Result<UniversalLogoutOutput, ActionError> {
    Ok(UniversalLogoutOutput::default())
}

fn main() {}
