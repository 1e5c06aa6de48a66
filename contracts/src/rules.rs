//! The OIN required-flow rules (okta-facts §2) as one list of data, derived from `index.json`,
//! and the one test that decides each: [`ContractSet::check_requirements`] collects the broken
//! ones, the validation report renders every one as a check, and the `integration!` macro turns
//! each into a `const` assertion that calls the same [`broken`] at compile time.

use std::fmt;

use crate::table::{Capability, ContractSet, OinRule};

/// What a rule asks of the registered actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// The action must be registered: its group is all-required.
    Required,
    /// The action must be registered as soon as another action of its group is.
    AllOrNone,
    /// The action may be registered or not.
    Optional,
    /// The action may be registered at most once.
    Unique,
    /// The action may not be registered: the capability it needs is not declared.
    Excluded,
}

/// One rule about one action, for an integration declaring some capabilities.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ActionRule {
    /// What the rule asks.
    pub kind: RuleKind,
    /// The action.
    pub action: String,
    /// The action's OIN group.
    pub group: String,
    /// The capability that activates the group (for `Excluded`, the one to declare).
    pub capability: Capability,
    /// The group's actions (what `AllOrNone` looks at).
    pub members: Vec<String>,
}

impl ActionRule {
    /// Whether the registered actions break the rule.
    pub fn is_broken(&self, registered: &[&str]) -> bool {
        let members: Vec<&str> = self.members.iter().map(String::as_str).collect();
        broken(self.kind, &self.action, &members, registered)
    }
}

/// A capability that needs another one declared beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CapabilityRule {
    /// The declared capability.
    pub capability: Capability,
    /// The capability it needs.
    pub requires: Capability,
    /// Whether that one is declared too.
    pub met: bool,
}

impl ContractSet {
    /// Checks an integration's declared capabilities and registered actions against the OIN
    /// required-flow rules. Returns every violation, in a stable order; empty means the
    /// integration may be submitted as far as the rules go.
    ///
    /// ```
    /// use okta_actions_contracts::{contracts, Capability, RequirementViolation};
    /// let violations = contracts().check_requirements(&[Capability::UniversalLogout], &["UniversalLogout"]);
    /// assert!(violations.is_empty());
    /// let violations = contracts().check_requirements(&[Capability::UniversalLogout], &[]);
    /// assert!(matches!(&violations[0], RequirementViolation::MissingActions { missing, .. } if missing == &["UniversalLogout"]));
    /// ```
    pub fn check_requirements(
        &self,
        capabilities: &[Capability],
        actions: &[&str],
    ) -> Vec<RequirementViolation> {
        let mut violations: Vec<RequirementViolation> = self
            .capability_rules(capabilities)
            .into_iter()
            .filter(|rule| !rule.met)
            .map(|rule| RequirementViolation::MissingCapability {
                capability: rule.capability,
                requires: rule.requires,
            })
            .collect();
        let broken: Vec<ActionRule> = self
            .action_rules(capabilities)
            .into_iter()
            .filter(|rule| rule.is_broken(actions))
            .collect();
        for rule in &broken {
            match rule.kind {
                RuleKind::Unique => violations.push(RequirementViolation::Duplicate {
                    action: rule.action.clone(),
                }),
                RuleKind::Excluded => violations.push(RequirementViolation::UndeclaredCapability {
                    action: rule.action.clone(),
                    capability: rule.capability,
                }),
                _ => {}
            }
        }
        for group in &self.oin_groups {
            let missing: Vec<String> = broken
                .iter()
                .filter(|r| r.group == group.name)
                .filter(|r| matches!(r.kind, RuleKind::Required | RuleKind::AllOrNone))
                .map(|r| r.action.clone())
                .collect();
            if !missing.is_empty() {
                violations.push(RequirementViolation::MissingActions {
                    group: group.name.clone(),
                    capability: group.when,
                    rule: group.rule,
                    missing,
                });
            }
        }
        violations
    }

    /// The capability dependencies of the declared `capabilities`, met or not.
    pub fn capability_rules(&self, capabilities: &[Capability]) -> Vec<CapabilityRule> {
        self.capabilities
            .iter()
            .filter(|spec| capabilities.contains(&spec.name))
            .flat_map(|spec| {
                spec.requires.iter().map(|requires| CapabilityRule {
                    capability: spec.name,
                    requires: *requires,
                    met: capabilities.contains(requires),
                })
            })
            .collect()
    }

    /// The rules about actions for an integration declaring `capabilities`, in a stable order:
    /// one per action of every group the capabilities activate (`Required`, `AllOrNone` or
    /// `Optional`, group by group), then for each action `Unique`, and `Excluded` when the
    /// capability that activates its group is not declared.
    ///
    /// ```
    /// use okta_actions_contracts::{Capability, RuleKind, contracts};
    /// let rules = contracts().action_rules(&[Capability::UniversalLogout]);
    /// let logout = rules.iter().find(|r| r.action == "UniversalLogout" && r.kind == RuleKind::Required).unwrap();
    /// assert!(logout.is_broken(&[]));
    /// assert!(!logout.is_broken(&["UniversalLogout"]));
    /// let list_users = rules.iter().find(|r| r.action == "ListUsers" && r.kind == RuleKind::Excluded).unwrap();
    /// assert!(list_users.is_broken(&["ListUsers"]));
    /// ```
    pub fn action_rules(&self, capabilities: &[Capability]) -> Vec<ActionRule> {
        let mut rules = Vec::new();
        for group in &self.oin_groups {
            if !capabilities.contains(&group.when) {
                continue;
            }
            let members: Vec<String> = self
                .group_actions(&group.name)
                .map(|a| a.ident.clone())
                .collect();
            let kind = match group.rule {
                OinRule::AllRequired => RuleKind::Required,
                OinRule::AllOrNone => RuleKind::AllOrNone,
                OinRule::EachOptional => RuleKind::Optional,
            };
            rules.extend(members.iter().map(|action| ActionRule {
                kind,
                action: action.clone(),
                group: group.name.clone(),
                capability: group.when,
                members: members.clone(),
            }));
        }
        for spec in &self.actions {
            let activating = self
                .oin_groups
                .iter()
                .find(|g| g.name == spec.oin_group)
                .map_or(spec.capability, |g| g.when);
            let rule = |kind| ActionRule {
                kind,
                action: spec.ident.clone(),
                group: spec.oin_group.clone(),
                capability: activating,
                members: Vec::new(),
            };
            rules.push(rule(RuleKind::Unique));
            if !capabilities.contains(&activating) {
                rules.push(rule(RuleKind::Excluded));
            }
        }
        rules
    }
}

/// An OIN required-flow rule an integration breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequirementViolation {
    /// A declared capability needs another capability.
    MissingCapability {
        /// The declared capability.
        capability: Capability,
        /// The capability it needs.
        requires: Capability,
    },
    /// A group's rule needs actions the integration lacks.
    MissingActions {
        /// The OIN group.
        group: String,
        /// The capability that activates the rule.
        capability: Capability,
        /// The rule.
        rule: OinRule,
        /// The group's actions that are missing.
        missing: Vec<String>,
    },
    /// An action belongs to a capability the integration does not declare.
    UndeclaredCapability {
        /// The action.
        action: String,
        /// Its capability.
        capability: Capability,
    },
    /// An action is registered more than once.
    Duplicate {
        /// The action.
        action: String,
    },
}

impl fmt::Display for RequirementViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequirementViolation::MissingCapability {
                capability,
                requires,
            } => write!(
                f,
                "capability `{capability}` requires capability `{requires}` to be declared too"
            ),
            RequirementViolation::MissingActions {
                group,
                capability,
                rule,
                missing,
            } => {
                let list = missing
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                match rule {
                    OinRule::AllOrNone => write!(
                        f,
                        "OIN group \"{group}\" is all or none: add {list} or remove the group's other actions"
                    ),
                    _ => write!(
                        f,
                        "capability `{capability}` requires {list} (OIN group \"{group}\")"
                    ),
                }
            }
            RequirementViolation::UndeclaredCapability { action, capability } => write!(
                f,
                "action `{action}` belongs to capability `{capability}`, which the integration does not declare"
            ),
            RequirementViolation::Duplicate { action } => {
                write!(f, "action `{action}` is registered more than once")
            }
        }
    }
}

/// Whether the `registered` action names break the rule `kind` about `action` (in a group of
/// `members`). A `const fn`, so that `integration!` decides a rule at compile time with the same
/// test the runtime uses.
pub const fn broken(kind: RuleKind, action: &str, members: &[&str], registered: &[&str]) -> bool {
    match kind {
        RuleKind::Required => !contains(registered, action),
        RuleKind::AllOrNone => any(registered, members) && !contains(registered, action),
        RuleKind::Optional => false,
        RuleKind::Unique => count(registered, action) > 1,
        RuleKind::Excluded => contains(registered, action),
    }
}

/// Where a per-entry rule is broken: the message of `messages` (pairs of an action and what to
/// say about it) for the `index`th of the `registered` action names, if the rule `kind` is broken
/// at that entry. `Unique` is broken at each repeat of an earlier entry, `Excluded` at an action's
/// first entry; every other kind is decided for the whole list by [`broken`]. It is broken at some
/// entry exactly when [`broken`] says so, and lets `integration!` underline the entry to change.
pub const fn broken_at(
    kind: RuleKind,
    messages: &[(&str, &'static str)],
    registered: &[&str],
    index: usize,
) -> Option<&'static str> {
    let action = registered[index];
    let (earlier, _) = registered.split_at(index);
    let repeat = contains(earlier, action);
    let applies = match kind {
        RuleKind::Unique => repeat,
        RuleKind::Excluded => !repeat,
        RuleKind::Required | RuleKind::AllOrNone | RuleKind::Optional => false,
    };
    if !applies {
        return None;
    }
    let mut i = 0;
    while i < messages.len() {
        if str_eq(messages[i].0, action) {
            return Some(messages[i].1);
        }
        i += 1;
    }
    None
}

/// Whether `action` is among the `registered` action names.
pub const fn is_registered(registered: &[&str], action: &str) -> bool {
    contains(registered, action)
}

const fn contains(list: &[&str], item: &str) -> bool {
    count(list, item) > 0
}

/// How many times `item` occurs in `list`.
const fn count(list: &[&str], item: &str) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < list.len() {
        if str_eq(list[i], item) {
            n += 1;
        }
        i += 1;
    }
    n
}

/// Whether any of `items` occurs in `list`.
const fn any(list: &[&str], items: &[&str]) -> bool {
    let mut i = 0;
    while i < items.len() {
        if contains(list, items[i]) {
            return true;
        }
        i += 1;
    }
    false
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_decided_at_compile_time_as_at_run_time() {
        const REGISTERED: &[&str] = &["A", "B", "B"];
        const _: () = assert!(broken(RuleKind::Required, "C", &[], REGISTERED));
        const _: () = assert!(broken(RuleKind::AllOrNone, "C", &["A", "C"], REGISTERED));
        const _: () = assert!(!broken(RuleKind::AllOrNone, "C", &["D", "C"], REGISTERED));
        const _: () = assert!(broken(RuleKind::Unique, "B", &[], REGISTERED));
        const _: () = assert!(!broken(RuleKind::Unique, "A", &[], REGISTERED));
        const _: () = assert!(broken(RuleKind::Excluded, "A", &[], REGISTERED));
        assert!(!broken(RuleKind::Optional, "C", &[], REGISTERED));
        assert!(!broken(RuleKind::Required, "A", &[], REGISTERED));
    }

    #[test]
    fn a_per_entry_rule_is_broken_at_the_entry_to_change_and_only_where_broken_says() {
        const REGISTERED: &[&str] = &["A", "B", "", "B", "", "B"];
        let messages = [("A", "about A"), ("B", "about B")];
        let at = |kind| -> Vec<Option<&str>> {
            (0..REGISTERED.len())
                .map(|i| broken_at(kind, &messages, REGISTERED, i))
                .collect()
        };
        // Each repeat of B, not its first entry; a repeated unnamed entry has no message.
        assert_eq!(
            at(RuleKind::Unique),
            [None, None, None, Some("about B"), None, Some("about B")]
        );
        // The first entry of each action, once.
        assert_eq!(
            at(RuleKind::Excluded),
            [Some("about A"), Some("about B"), None, None, None, None]
        );
        for kind in [RuleKind::Required, RuleKind::AllOrNone, RuleKind::Optional] {
            assert!(at(kind).iter().all(Option::is_none));
        }
        for (kind, action) in [(RuleKind::Unique, "A"), (RuleKind::Unique, "B")] {
            let somewhere = (0..REGISTERED.len())
                .any(|i| broken_at(kind, &[(action, "")], REGISTERED, i).is_some());
            assert_eq!(somewhere, broken(kind, action, &[], REGISTERED), "{action}");
        }
    }
}
