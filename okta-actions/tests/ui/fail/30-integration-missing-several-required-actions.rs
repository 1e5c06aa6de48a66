#[path = "../integration_stubs.rs"]
mod stubs;
use stubs::*;

fn main() {
    let _ = okta_actions::integration! {
        name: "Acme",
        capabilities: [Provisioning, UniversalLogout],
        actions: [
            list_users,
            get_user_by_id,
            list_groups,
            get_group_by_id,
            user_schema,
            user_schema_values,
        ],
    };
}
