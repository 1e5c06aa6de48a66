//! The features an integration gives Okta's admins, in the words of Okta's configuration guide
//! examples ("Create users", "Import groups", "Group push"), from the OIN groups of the
//! contracts: a group gives its feature when all its actions are registered; in a group whose
//! actions are each optional (User operations), each action gives its own.

use okta_actions_contracts::contracts;

use crate::Integration;

/// One feature and what gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Feature {
    /// The OIN group that gives it.
    group: &'static str,
    /// The one action that gives it, in a group whose actions are each optional.
    action: Option<&'static str>,
    /// The feature's name, as Okta's guide examples write it.
    pub(super) name: &'static str,
    /// What it does for the admin; `{app}` stands for the integration's name.
    what: &'static str,
    /// The **Provisioning › To App** setting that turns it on, when there is one.
    pub(super) to_app: Option<&'static str>,
}

impl Feature {
    /// What the feature does, for the integration `app`.
    pub(super) fn description(&self, app: &str) -> String {
        self.what.replace("{app}", app)
    }
}

const fn feature(
    group: &'static str,
    action: Option<&'static str>,
    name: &'static str,
    what: &'static str,
    to_app: Option<&'static str>,
) -> Feature {
    Feature {
        group,
        action,
        name,
        what,
        to_app,
    }
}

/// Every feature, in the order a guide lists them.
const FEATURES: &[Feature] = &[
    feature(
        "User operations",
        Some("CreateUser"),
        "Create users",
        "users assigned to the app in Okta are created in {app}.",
        Some("Create Users"),
    ),
    feature(
        "User operations",
        Some("UpdateUser"),
        "Update user attributes",
        "changes to an assigned user's Okta profile are pushed to {app}.",
        Some("Update User Attributes"),
    ),
    feature(
        "User operations",
        Some("DeactivateUser"),
        "Deactivate users",
        "users unassigned from the app or deactivated in Okta are deactivated in {app}.",
        Some("Deactivate Users"),
    ),
    feature(
        "User operations",
        Some("ActivateUser"),
        "Reactivate users",
        "a deactivated {app} user assigned to the app again is reactivated, with the same \
         account.",
        None,
    ),
    feature(
        "User operations",
        Some("UpdateUserPassword"),
        "Sync password",
        "Okta sets the user's {app} password to their Okta password, or to a random one.",
        Some("Sync Password"),
    ),
    feature(
        "User query",
        None,
        "Import users",
        "Okta imports {app}'s users and matches them to Okta users.",
        None,
    ),
    feature(
        "Group query",
        None,
        "Import groups",
        "Okta imports {app}'s groups.",
        None,
    ),
    feature(
        "Group operations",
        None,
        "Group push",
        "Okta groups are created, renamed and removed in {app}.",
        None,
    ),
    feature(
        "Group membership",
        None,
        "Group membership push",
        "Okta adds and removes the members of pushed groups in {app}.",
        None,
    ),
    feature(
        "User schema discovery",
        None,
        "User schema discovery",
        "Okta discovers {app}'s user attributes, custom attributes included, for the app's \
         profile and mappings.",
        None,
    ),
    feature(
        "Entitlements",
        None,
        "Entitlement management",
        "Okta discovers {app}'s entitlements and their values, so that they can be granted and \
         governed in Okta.",
        None,
    ),
    feature(
        "Universal Logout",
        None,
        "Universal Logout",
        "Okta can sign a user out of {app}: it ends the user's sessions.",
        None,
    ),
];

/// The features the integration supports, in guide order: those of its declared capabilities
/// whose group, or whose one action, is registered.
pub(super) fn supported(integration: &Integration) -> Vec<&'static Feature> {
    let set = contracts();
    FEATURES
        .iter()
        .filter(|feature| {
            let Some(group) = set.oin_groups.iter().find(|g| g.name == feature.group) else {
                return false;
            };
            if !integration.capabilities().contains(&group.when) {
                return false;
            }
            match feature.action {
                Some(ident) => integration.action(ident).is_some(),
                None => set
                    .group_actions(group.name.as_str())
                    .all(|a| integration.action(&a.ident).is_some()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use okta_actions_contracts::OinRule;

    use super::*;

    /// Whether a feature covers the whole group or one action of it matches the group's rule.
    fn covers(feature: &Feature, rule: OinRule) -> bool {
        feature.action.is_some() == (rule == OinRule::EachOptional)
    }

    #[test]
    fn every_oin_group_and_every_optional_action_gives_exactly_one_feature() {
        let set = contracts();
        for group in &set.oin_groups {
            let features: Vec<&Feature> =
                FEATURES.iter().filter(|f| f.group == group.name).collect();
            assert!(
                features.iter().all(|f| covers(f, group.rule)),
                "{}",
                group.name
            );
            if group.rule == OinRule::EachOptional {
                for action in set.group_actions(&group.name) {
                    let count = features
                        .iter()
                        .filter(|f| f.action == Some(action.ident.as_str()))
                        .count();
                    assert_eq!(count, 1, "{}", action.ident);
                }
            } else {
                assert_eq!(features.len(), 1, "{}", group.name);
            }
        }
        assert!(
            FEATURES
                .iter()
                .all(|f| set.oin_groups.iter().any(|g| g.name == f.group))
        );
    }
}
