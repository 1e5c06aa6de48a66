#[path = "../integration_stubs.rs"]
mod stubs;
use stubs::*;

fn main() {
    let _ = okta_actions::integration! {
        name: "Acme",
        capabilities: [Entitlements],
        actions: [entitlement_schema, entitlement_values],
    };
}
