#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

use std::rc::Rc;

#[provisioning_action(GetUserById)]
async fn get_user(_ctx: &ActionContext, input: GetUserByIdInput) -> Result<GetUserByIdOutput, ActionError> {
    let cached = Rc::new(input.user_id);
    std::future::ready(()).await;
    let mut user = ScimUser::new("ada@acme.example");
    user.id = Some((*cached).clone());
    Ok(GetUserByIdOutput { user })
}

fn main() {}
