#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

/// The missing `;` is reported where it is; the handler itself still exists.
#[provisioning_action(GetUserById)]
async fn get_user(_ctx: &ActionContext, input: GetUserByIdInput) -> Result<GetUserByIdOutput, ActionError> {
    let user = ScimUser::new(input.user_id)
    Ok(GetUserByIdOutput { user })
}

fn main() {
    let _ = okta_actions::Integration::builder("Acme").action(get_user);
}
