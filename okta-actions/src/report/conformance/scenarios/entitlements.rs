//! Entitlement management (C9370–C9373): the entitlement types and every value, complete at
//! any page size, and the exact sets a user holds after create, update and import.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::{IMPORT_LIMIT, Run, SMALL_LIMIT, list_call, values_of};

const G: &str = "Entitlements";

/// Entitlement values to give a user: per user attribute, the value records.
pub(super) type Assignment = Vec<(String, Vec<Value>)>;

/// The entitlements the vendor declared.
#[derive(Debug, Default)]
pub(super) struct Entitlements {
    /// Per entitlement property: the user attribute holding it (its `externalName`) and its
    /// values (`{id, displayName, typeName}` records).
    pub(super) properties: Vec<(String, Vec<Value>)>,
}

impl Entitlements {
    /// The sets a user is given: on create (`variant` 0) the last value of each property; on
    /// update (1) that one removed and the first (and second) added.
    pub(super) fn assignment(&self, variant: usize) -> Assignment {
        self.properties
            .iter()
            .filter(|(_, values)| !values.is_empty())
            .map(|(attribute, values)| {
                let chosen = match variant {
                    0 => vec![values[values.len() - 1].clone()],
                    _ => values
                        .iter()
                        .take(values.len().saturating_sub(1).min(2))
                        .cloned()
                        .collect(),
                };
                (attribute.clone(), chosen)
            })
            .collect()
    }

    /// Writes `assignment` onto a SCIM user, as Okta sends entitlements.
    pub(super) fn apply(assignment: &Assignment, user: &mut Value) {
        for (attribute, values) in assignment {
            user[attribute.as_str()] = values
                .iter()
                .map(|v| json!({"value": v["id"], "display": v["displayName"], "type": v["typeName"]}))
                .collect();
        }
    }

    /// The differences between `assignment` and what `user` holds, one line each.
    pub(super) fn differences(assignment: &Assignment, user: &Value) -> Vec<String> {
        assignment
            .iter()
            .filter_map(|(attribute, values)| {
                let expected: BTreeSet<String> = values
                    .iter()
                    .filter_map(|v| v["id"].as_str().map(str::to_owned))
                    .collect();
                let held = values_of(&user[attribute.as_str()]);
                (held != expected).then(|| {
                    format!("at `/{attribute}`: holds {held:?}, expected exactly {expected:?}")
                })
            })
            .collect()
    }
}

impl Run<'_> {
    /// C9370: the entitlement types, and every value at Okta's page size and at a small one.
    pub(super) async fn entitlement_discovery(&mut self) {
        let types = list_call("ListEntitlementSchema", "name", json!({}), IMPORT_LIMIT);
        let Some(types) = self
            .import_list("conformance.entitlements.types", G, types)
            .await
        else {
            return;
        };
        let values = list_call(
            "ListEntitlementSchemaPropertyValues",
            "",
            json!({}),
            IMPORT_LIMIT,
        );
        let Some(values) = self
            .import_list("conformance.entitlements.values", G, values)
            .await
        else {
            return;
        };
        const ID: &str = "conformance.entitlements.values.complete";
        let small = list_call(
            "ListEntitlementSchemaPropertyValues",
            "",
            json!({}),
            SMALL_LIMIT,
        );
        let Some(again) = self.import_list(&format!("{ID}.paging"), G, small).await else {
            return;
        };
        let key = |v: &Value| {
            format!(
                "{}/{}",
                v["schemaPropertyName"].as_str().unwrap_or_default(),
                v["id"].as_str().unwrap_or_default()
            )
        };
        let first: BTreeSet<String> = values.iter().map(key).collect();
        let second: BTreeSet<String> = again.iter().map(key).collect();
        let names: BTreeSet<&str> = types.iter().filter_map(|t| t["name"].as_str()).collect();
        let mut problems: Vec<String> = values
            .iter()
            .filter(|v| !names.contains(v["schemaPropertyName"].as_str().unwrap_or_default()))
            .map(|v| format!("value `{}` names no listed entitlement type", key(v)))
            .collect();
        if first.len() != values.len() {
            problems.push(format!(
                "{} values but {} distinct (property, id) pairs",
                values.len(),
                first.len()
            ));
        }
        if first != second {
            problems.push(format!(
                "{} values at page size {IMPORT_LIMIT} but {} at page size {SMALL_LIMIT}: a page ends early or repeats",
                first.len(),
                second.len()
            ));
        }
        self.verdict(
            ID,
            G,
            "ListEntitlementSchemaPropertyValues",
            problems.is_empty(),
            (
                format!(
                    "{} entitlement type(s) and {} value(s), the same at page sizes {IMPORT_LIMIT} and {SMALL_LIMIT}",
                    types.len(),
                    values.len()
                ),
                "the entitlement values are not complete and consistent".into(),
            ),
            problems,
        );
        let mut by_property: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
        for value in &values {
            if let Some(p) = value["schemaPropertyName"].as_str() {
                by_property.entry(p).or_default().push(value.clone());
            }
        }
        self.entitlements.properties = types
            .iter()
            .filter_map(|t| {
                let name = t["name"].as_str()?;
                let attribute = t["externalName"].as_str().unwrap_or(name).to_owned();
                Some((attribute, by_property.remove(name).unwrap_or_default()))
            })
            .collect();
    }
}
