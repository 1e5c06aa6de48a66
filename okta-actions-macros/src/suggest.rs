//! "Did you mean" suggestions for misspelled names.

/// The candidate closest to `name`, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lowered = name.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lowered, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Verbs an ISV may reach for, and the contracts' verbs for the same operation.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("Delete", &["Deactivate", "Remove"]),
    ("Remove", &["Deactivate"]),
    ("Disable", &["Deactivate"]),
    ("Suspend", &["Deactivate"]),
    ("Enable", &["Activate"]),
    ("Reactivate", &["Activate"]),
    ("Unsuspend", &["Activate"]),
    ("Add", &["Create"]),
    ("New", &["Create"]),
    ("Insert", &["Create"]),
    ("Provision", &["Create"]),
    ("Edit", &["Update"]),
    ("Modify", &["Update"]),
    ("Patch", &["Update"]),
    ("Change", &["Update"]),
    ("Fetch", &["Get"]),
    ("Find", &["Get"]),
    ("Read", &["Get"]),
    ("Lookup", &["Get"]),
    ("Retrieve", &["Get"]),
];

/// The candidate that names the same operation with the contracts' verb: `DeleteUser` →
/// `DeactivateUser`, `DeleteGroup` → `RemoveGroup`.
pub(crate) fn same_operation<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    let verb_end = name
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(name.len(), |(i, _)| i);
    let (verb, rest) = name.split_at(verb_end);
    let (_, verbs) = SYNONYMS
        .iter()
        .find(|(v, _)| v.eq_ignore_ascii_case(verb))?;
    verbs.iter().find_map(|verb| {
        let wanted = format!("{verb}{rest}");
        candidates.clone().into_iter().find(|c| *c == wanted)
    })
}

#[cfg(test)]
mod tests {
    use super::{closest, same_operation};

    #[test]
    fn suggests_the_action_of_the_same_operation_under_the_contracts_verb() {
        let names = [
            "DeactivateUser",
            "ActivateUser",
            "RemoveGroup",
            "CreateUser",
        ];
        assert_eq!(same_operation("DeleteUser", names), Some("DeactivateUser"));
        assert_eq!(same_operation("DeleteGroup", names), Some("RemoveGroup"));
        assert_eq!(same_operation("EnableUser", names), Some("ActivateUser"));
        assert_eq!(same_operation("AddUser", names), Some("CreateUser"));
        assert_eq!(same_operation("DeleteRole", names), None);
        assert_eq!(same_operation("Frobnicate", names), None);
    }

    #[test]
    fn suggests_the_nearest_name_only_when_close() {
        let names = ["ListUsers", "ListGroups", "GetUserById"];
        assert_eq!(closest("ListUser", names), Some("ListUsers"));
        assert_eq!(closest("listusers", names), Some("ListUsers"));
        assert_eq!(closest("GetUserByID", names), Some("GetUserById"));
        assert_eq!(closest("Frobnicate", names), None);
    }
}
