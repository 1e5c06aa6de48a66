//! Where each action's flow is picked in the OIN Wizard and created in Integration Builder.
//!
//! Field names as Okta's "OIN Wizard: Submit an integration" guide for API Integration Actions
//! lists them (okta-developer-docs, `guides/submit-oin-app/main/wfactions/`:
//! `protocol-properties.md`, `entitlement-management-properties.md`,
//! `universal-logout-properties.md`), in the order the wizard shows them. Integration Builder's
//! event folders are from "Build an integration with API Integration Actions"
//! (`guides/build-api-actions/main`).

use okta_actions_contracts::{ActionSpec, Capability};

/// The OIN Wizard section holding the provisioning flows.
const PROVISIONING: &str = "Provisioning API Integration Actions";
/// The OIN Wizard section holding the entitlement flows.
const ENTITLEMENTS: &str = "Entitlement API Integration Actions";
/// The OIN Wizard section holding the Universal Logout flow.
const UNIVERSAL_LOGOUT: &str = "Universal Logout API Integration Actions";

/// One action's place in the OIN Wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WizardField {
    /// The action identifier.
    pub(crate) ident: &'static str,
    /// The wizard section, e.g. "Provisioning API Integration Actions".
    pub(crate) section: &'static str,
    /// The wizard's sub-heading inside the section, e.g. "User query", when it has one.
    pub(crate) heading: Option<&'static str>,
    /// The field to pick the flow in, e.g. "List users".
    pub(crate) field: &'static str,
}

impl WizardField {
    /// `Section › Heading › Field`.
    pub(crate) fn path(&self) -> String {
        match self.heading {
            Some(heading) => format!("{} › {heading} › {}", self.section, self.field),
            None => format!("{} › {}", self.section, self.field),
        }
    }
}

const fn field(
    ident: &'static str,
    section: &'static str,
    heading: Option<&'static str>,
    field: &'static str,
) -> WizardField {
    WizardField {
        ident,
        section,
        heading,
        field,
    }
}

/// Every action, in the order the OIN Wizard shows its field.
pub(crate) const WIZARD_FIELDS: &[WizardField] = &[
    field("ListUsers", PROVISIONING, Some("User query"), "List users"),
    field(
        "GetUserById",
        PROVISIONING,
        Some("User query"),
        "Get user by ID",
    ),
    field(
        "GetUserByUserName",
        PROVISIONING,
        Some("User query"),
        "Get user by username",
    ),
    field(
        "ListUserSchema",
        PROVISIONING,
        Some("User schema discovery"),
        "List user schema",
    ),
    field(
        "ListUserSchemaPropertyValues",
        PROVISIONING,
        Some("User schema discovery"),
        "List user schema property values",
    ),
    field(
        "CreateUser",
        PROVISIONING,
        Some("User operations"),
        "Create user",
    ),
    field(
        "UpdateUser",
        PROVISIONING,
        Some("User operations"),
        "Update user",
    ),
    field(
        "UpdateUserPassword",
        PROVISIONING,
        Some("User operations"),
        "Update user password",
    ),
    field(
        "ActivateUser",
        PROVISIONING,
        Some("User operations"),
        "Activate user",
    ),
    field(
        "DeactivateUser",
        PROVISIONING,
        Some("User operations"),
        "Deactivate user",
    ),
    field(
        "ListGroups",
        PROVISIONING,
        Some("Group query"),
        "List groups",
    ),
    field(
        "GetGroupById",
        PROVISIONING,
        Some("Group query"),
        "Get group by ID",
    ),
    field(
        "ListGroupsByDisplayName",
        PROVISIONING,
        Some("Group operations"),
        "List groups by display name",
    ),
    field(
        "CreateGroup",
        PROVISIONING,
        Some("Group operations"),
        "Create group",
    ),
    field(
        "UpdateGroup",
        PROVISIONING,
        Some("Group operations"),
        "Update group",
    ),
    field(
        "RemoveGroup",
        PROVISIONING,
        Some("Group operations"),
        "Remove group",
    ),
    field(
        "ListGroupMembers",
        PROVISIONING,
        Some("Group Membership"),
        "List group members",
    ),
    field(
        "AddGroupMembers",
        PROVISIONING,
        Some("Group Membership"),
        "Add group members",
    ),
    field(
        "RemoveGroupMembers",
        PROVISIONING,
        Some("Group Membership"),
        "Remove group members",
    ),
    field(
        "ListEntitlementSchema",
        ENTITLEMENTS,
        None,
        "List entitlement schema",
    ),
    field(
        "ListEntitlementSchemaPropertyValues",
        ENTITLEMENTS,
        None,
        "List entitlement schema property values",
    ),
    field("UniversalLogout", UNIVERSAL_LOGOUT, None, "Proprietary"),
];

/// The wizard field of an action, when Okta's guide names one.
pub(crate) fn wizard_field(ident: &str) -> Option<&'static WizardField> {
    WIZARD_FIELDS.iter().find(|f| f.ident == ident)
}

/// The wizard's switch that enables an all-or-none group, when it has one.
pub(crate) fn group_switch(group: &str) -> Option<&'static str> {
    match group {
        "Group operations" => Some("Enable group operations"),
        "Group membership" => Some("Enable group membership"),
        _ => None,
    }
}

/// The Integration Builder folder whose flows tab creates the action's flow.
pub(crate) fn builder_folder(spec: &ActionSpec) -> &'static str {
    match spec.capability {
        Capability::UniversalLogout => "Actions › Universal Logout",
        Capability::Provisioning | Capability::Entitlements => {
            "Actions › Provisioning action contracts"
        }
    }
}

#[cfg(test)]
mod tests {
    use okta_actions_contracts::contracts;

    use super::*;

    #[test]
    fn every_contract_has_exactly_one_wizard_field() {
        let set = contracts();
        for spec in &set.actions {
            let count = WIZARD_FIELDS
                .iter()
                .filter(|f| f.ident == spec.ident)
                .count();
            assert_eq!(count, 1, "{}", spec.ident);
        }
        assert_eq!(WIZARD_FIELDS.len(), set.actions.len());
    }

    #[test]
    fn wizard_headings_are_the_contracts_oin_groups() {
        for f in WIZARD_FIELDS {
            let spec = contracts().action(f.ident).unwrap();
            if let Some(heading) = f.heading {
                assert!(heading.eq_ignore_ascii_case(&spec.oin_group), "{}", f.ident);
            }
        }
    }
}
