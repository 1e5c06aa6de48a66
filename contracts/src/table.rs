//! The action table: every contract's identity, capability, OIN group and schema files, read from
//! `schemas/index.json`, and the OIN required-flow rules that gate a submission.

use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::files::FILES;

/// The contract set as data: `schemas/index.json` and every schema file it names.
///
/// ```
/// let contracts = okta_actions_contracts::contracts();
/// let list_users = contracts.action("ListUsers").unwrap();
/// assert_eq!(list_users.title, "Provisioning List Users");
/// assert_eq!(list_users.oin_group, "User query");
/// assert!(list_users.input_schema().contains("pagination-request.json"));
/// ```
#[derive(Debug, Deserialize)]
#[non_exhaustive]
pub struct ContractSet {
    /// The date of the Okta documentation state these contracts reproduce.
    pub contract_version: String,
    /// Where the contracts come from.
    pub source: String,
    /// The commit of Okta's documentation the contracts were taken from.
    pub source_commit: String,
    /// The capabilities an integration may declare.
    pub capabilities: Vec<CapabilitySpec>,
    /// The OIN groups and the rule each imposes.
    pub oin_groups: Vec<OinGroupSpec>,
    /// Every action, in Okta's documentation order.
    pub actions: Vec<ActionSpec>,
}

/// The capability an action belongs to, which also names the attribute macro that declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    /// Provisioning: users, groups and memberships.
    Provisioning,
    /// Entitlement Management: the schema discovery actions.
    Entitlements,
    /// Universal Logout: the proprietary logout action.
    UniversalLogout,
}

impl Capability {
    /// Every capability, in declaration order.
    pub const ALL: [Capability; 3] = [
        Capability::Provisioning,
        Capability::Entitlements,
        Capability::UniversalLogout,
    ];

    /// The name used in `index.json` (`provisioning`, `entitlements`, `universal_logout`).
    pub fn as_str(self) -> &'static str {
        match self {
            Capability::Provisioning => "provisioning",
            Capability::Entitlements => "entitlements",
            Capability::UniversalLogout => "universal_logout",
        }
    }

    /// The attribute macro that declares handlers of this capability.
    pub fn macro_name(self) -> &'static str {
        match self {
            Capability::Provisioning => "provisioning_action",
            Capability::Entitlements => "entitlements_action",
            Capability::UniversalLogout => "universal_logout_action",
        }
    }

    /// Parses the `index.json` name of a capability.
    pub fn from_name(name: &str) -> Option<Capability> {
        Capability::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A capability as the OIN Wizard shows it, and the capabilities it depends on.
#[derive(Debug, Deserialize)]
#[non_exhaustive]
pub struct CapabilitySpec {
    /// The capability.
    pub name: Capability,
    /// Its label in the OIN Wizard.
    pub label: String,
    /// Capabilities that must also be declared.
    pub requires: Vec<Capability>,
}

/// How an OIN group's actions are required once its capability is declared (okta-facts §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OinRule {
    /// Every action of the group must be implemented.
    AllRequired,
    /// Each action is optional; Okta calls only those mapped.
    EachOptional,
    /// Optional, but enabling any action of the group requires all of them.
    AllOrNone,
}

/// An OIN group of actions (User query, Group operations, …) and its rule.
#[derive(Debug, Deserialize)]
#[non_exhaustive]
pub struct OinGroupSpec {
    /// The group's name as the OIN Wizard shows it.
    pub name: String,
    /// The capability whose declaration activates the rule.
    pub when: Capability,
    /// The rule.
    pub rule: OinRule,
}

/// One action contract.
#[derive(Debug, Deserialize)]
#[non_exhaustive]
pub struct ActionSpec {
    /// The identifier used in code and URLs, e.g. `ListUsers`.
    pub ident: String,
    /// Okta's title, e.g. "Provisioning List Users".
    pub title: String,
    /// Okta's one-line description.
    pub description: String,
    /// The capability the action belongs to.
    pub capability: Capability,
    /// The OIN group the action belongs to.
    pub oin_group: String,
    /// The input schema's path, relative to `schemas/`.
    pub input: String,
    /// The output schema's path, relative to `schemas/`.
    pub output: String,
    /// Present on list actions: where the items are.
    #[serde(default)]
    pub list: Option<ListSpec>,
}

/// The shape of a cursor-paged list action.
#[derive(Debug, Deserialize)]
#[non_exhaustive]
pub struct ListSpec {
    /// The output property holding the page's items (`resources`, `schemaProperties`, …).
    pub items: String,
}

impl ActionSpec {
    /// The text of the input schema.
    pub fn input_schema(&self) -> &'static str {
        schema_file(&self.input).expect("index.json names an embedded input schema")
    }

    /// The text of the output schema.
    pub fn output_schema(&self) -> &'static str {
        schema_file(&self.output).expect("index.json names an embedded output schema")
    }

    /// The name of the Rust input type, e.g. `ListUsersInput`.
    pub fn input_type(&self) -> String {
        format!("{}Input", self.ident)
    }

    /// The name of the Rust output type, e.g. `ListUsersOutput`.
    pub fn output_type(&self) -> String {
        format!("{}Output", self.ident)
    }

    /// The top-level property names of the input, in schema order.
    pub fn input_properties(&self) -> Vec<String> {
        top_level_properties(self.input_schema())
    }

    /// Whether the output carries nothing but `executionStatus`, so a handler may return `()`.
    pub fn output_is_status_only(&self) -> bool {
        top_level_properties(self.output_schema()) == ["executionStatus"]
    }
}

/// The text of a schema file, by its path relative to `schemas/` (e.g. `common/scim-user.json`).
pub fn schema_file(path: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}

/// Every embedded schema file as `(path relative to schemas/, text)`.
pub fn schema_files() -> &'static [(&'static str, &'static str)] {
    FILES
}

fn top_level_properties(schema: &str) -> Vec<String> {
    #[derive(Deserialize)]
    struct Top {
        #[serde(default)]
        properties: serde_json::Map<String, serde_json::Value>,
    }
    let top: Top = serde_json::from_str(schema).expect("embedded schemas are valid JSON");
    top.properties.keys().cloned().collect()
}

/// The contract set, parsed once from the embedded `index.json`.
pub fn contracts() -> &'static ContractSet {
    static SET: OnceLock<ContractSet> = OnceLock::new();
    SET.get_or_init(|| {
        let index = schema_file("index.json").expect("index.json is embedded");
        serde_json::from_str(index).expect("index.json matches ContractSet")
    })
}

impl ContractSet {
    /// The action with this identifier.
    pub fn action(&self, ident: &str) -> Option<&ActionSpec> {
        self.actions.iter().find(|a| a.ident == ident)
    }

    /// The actions of one OIN group, in documentation order.
    pub fn group_actions<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a ActionSpec> {
        self.actions.iter().filter(move |a| a.oin_group == group)
    }
}
