#![allow(unused_imports)] // every fixture imports the same names and uses some

use okta_actions::contracts::*;
use okta_actions::{ActionContext, ActionError, entitlements_action, provisioning_action, universal_logout_action};

#[provisioning_action(ListEntitlementSchema)]
async fn entitlement_schema(
    _ctx: &ActionContext,
    _input: ListEntitlementSchemaInput,
) -> Result<ListEntitlementSchemaOutput, ActionError> {
    Ok(ListEntitlementSchemaOutput::default())
}

fn main() {}
