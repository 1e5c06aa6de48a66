#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

/// Not `async` (the macro's error) and a body that names an unknown field (the compiler's):
/// both in the same build.
#[provisioning_action(GetUserById)]
fn get_user(_ctx: &ActionContext, input: GetUserByIdInput) -> Result<GetUserByIdOutput, ActionError> {
    Ok(GetUserByIdOutput { user: ScimUser::new(input.user_name) })
}

fn main() {}
