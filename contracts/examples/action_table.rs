//! Prints the contract set: every action with its capability, OIN group and schema files, and
//! the OIN required-flow rules.
//!
//! `cargo run -p okta-actions-contracts --example action_table`

use okta_actions_contracts::contracts;

fn main() {
    let set = contracts();
    println!(
        "Okta API Integration Action contracts {} ({} actions)\n",
        set.contract_version,
        set.actions.len()
    );
    println!(
        "{:<38} {:<17} {:<22} input schema",
        "action", "capability", "OIN group"
    );
    for action in &set.actions {
        println!(
            "{:<38} {:<17} {:<22} {}",
            action.ident, action.capability, action.oin_group, action.input
        );
    }
    println!("\nOIN required-flow rules:");
    for group in &set.oin_groups {
        let members: Vec<&str> = set
            .group_actions(&group.name)
            .map(|a| a.ident.as_str())
            .collect();
        println!(
            "  {:<22} when {:<17} {:?}: {}",
            group.name,
            group.when.as_str(),
            group.rule,
            members.join(", ")
        );
    }
}
