#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

struct Acme;

impl Acme {
    #[provisioning_action(ListUsers)]
    async fn list_users(&self, _input: ListUsersInput) -> Result<ListUsersOutput, ActionError> {
        Ok(ListUsersOutput::default())
    }
}

fn main() {}
