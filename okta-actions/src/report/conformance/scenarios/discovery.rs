//! User schema discovery as Okta's profile editor and "Pick Schema Attributes" use it (C9289,
//! C9344, C9345, C9390, C9391), and the proprietary Universal Logout action.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::attributes::{AttrPath, is_base, is_custom};
use super::{CORE_USER, CreatedUser, IMPORT_LIMIT, Run, list_call};

const G: &str = "User schema discovery";

/// The user schema the vendor declared.
#[derive(Debug, Default)]
pub(super) struct UserSchema {
    /// `schemaProperties` of ListUserSchema.
    pub(super) properties: Vec<Value>,
    /// The allowed values of each property, from ListUserSchemaPropertyValues.
    pub(super) values: BTreeMap<String, Vec<String>>,
}

impl UserSchema {
    /// The discovered properties the run can write: not a base attribute, a known path.
    pub(super) fn writable(&self) -> impl Iterator<Item = (&Value, AttrPath)> {
        self.properties.iter().filter_map(|p| {
            let path = AttrPath::of(p)?;
            (!is_base(&path)).then_some((p, path))
        })
    }

    /// The user as Okta's app profile holds it, for an update: the identity and base
    /// attributes, every discovered attribute and the `extra` attributes (entitlements) of
    /// `read`, and nothing the schema does not declare.
    pub(super) fn profile(&self, read: &Value, extra: &[&str]) -> Value {
        let mut user = json!({});
        for key in ["schemas", "id", "externalId", "userName", "active"]
            .into_iter()
            .chain(extra.iter().copied())
        {
            if let Some(value) = read.get(key) {
                user[key] = value.clone();
            }
        }
        let base = [
            AttrPath::Member(vec!["name".into(), "givenName".into()]),
            AttrPath::Member(vec!["name".into(), "familyName".into()]),
            AttrPath::Primary(vec!["emails".into()]),
        ];
        let discovered = self.properties.iter().filter_map(AttrPath::of);
        for path in base.into_iter().chain(discovered) {
            if let Some(value) = path.get(read) {
                path.set(&mut user, Some(value.clone()));
            }
        }
        user
    }

    /// The allowed values of `property`.
    pub(super) fn allowed(&self, property: &Value) -> &[String] {
        property["name"]
            .as_str()
            .and_then(|n| self.values.get(n))
            .map_or(&[], Vec::as_slice)
    }
}

/// Okta's base attributes: `(name, external name, accepted types)`.
const BASE: [(&str, &str, &[&str]); 4] = [
    ("userName", "userName", &["STRING", "EMAIL"]),
    ("givenName", "name.givenName", &["STRING"]),
    ("familyName", "name.familyName", &["STRING"]),
    (
        "email",
        "emails[primary eq true].value",
        &["EMAIL", "STRING"],
    ),
];

impl Run<'_> {
    pub(super) async fn user_schema(&mut self) {
        let list = list_call("ListUserSchema", "name", json!({}), IMPORT_LIMIT);
        let Some(properties) = self
            .import_list("conformance.schema.properties", G, list)
            .await
        else {
            for id in [
                "conformance.schema.base-attributes",
                "conformance.schema.custom-attributes",
            ] {
                self.skip(
                    id,
                    G,
                    "ListUserSchema",
                    self.because(
                        "the user schema was not discovered",
                        "conformance.schema.properties",
                    ),
                );
            }
            return;
        };
        self.base_attributes(&properties);
        let custom: Vec<&str> = properties
            .iter()
            .filter(|p| is_custom(p))
            .filter_map(|p| p["name"].as_str())
            .collect();
        let untyped: Vec<&str> = properties
            .iter()
            .filter(|p| p.get("propertyType").is_none())
            .filter_map(|p| p["name"].as_str())
            .collect();
        self.verdict(
            "conformance.schema.custom-attributes",
            G,
            "ListUserSchema",
            untyped.is_empty(),
            (
                format!(
                    "{} custom attribute(s) discoverable with their types: {}",
                    custom.len(),
                    if custom.is_empty() { "none".to_owned() } else { custom.join(", ") }
                ),
                format!(
                    "attribute(s) without a `propertyType`: {}: Okta's profile editor needs each type",
                    untyped.join(", ")
                ),
            ),
            Vec::new(),
        );
        self.schema.properties = properties;
        self.schema_values().await;
    }

    /// C9344: the base attributes are discoverable with their types.
    fn base_attributes(&mut self, properties: &[Value]) {
        let mut problems = Vec::new();
        for (name, external, types) in BASE {
            let found = properties.iter().find(|p| {
                p["name"] == name
                    || (p["externalName"] == external
                        && matches!(p["externalNamespace"].as_str(), None | Some(CORE_USER)))
            });
            match found {
                None => problems.push(format!("`{name}` ({external}) is not declared")),
                Some(p) if !types.iter().any(|t| p["propertyType"] == *t) => {
                    problems.push(format!(
                        "`{name}` has type {} (expected {})",
                        p["propertyType"],
                        types.join(" or ")
                    ))
                }
                Some(_) => {}
            }
        }
        let ok = problems.is_empty();
        self.verdict(
            "conformance.schema.base-attributes",
            G,
            "ListUserSchema",
            ok,
            (
                "the base attributes userName, givenName, familyName and email are declared with their types".into(),
                format!("Okta's base attributes are incomplete: {}", problems.join("; ")),
            ),
            problems,
        );
    }

    /// C9391: every allowed value names a declared property, and each enumerated property's
    /// values are the ones listed.
    async fn schema_values(&mut self) {
        const ID: &str = "conformance.schema.values";
        let list = list_call("ListUserSchemaPropertyValues", "", json!({}), IMPORT_LIMIT);
        let Some(values) = self.import_list(ID, G, list).await else {
            return;
        };
        let names: BTreeSet<&str> = self
            .schema
            .properties
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        let mut by_property: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut problems = Vec::new();
        for value in &values {
            let property = value["schemaPropertyName"].as_str().unwrap_or_default();
            if !names.contains(property) {
                problems.push(format!(
                    "value `{}` names property `{property}`, which ListUserSchema does not declare",
                    value["id"].as_str().unwrap_or("?")
                ));
            }
            if let Some(id) = value["id"].as_str() {
                by_property
                    .entry(property.to_owned())
                    .or_default()
                    .push(id.to_owned());
            }
        }
        for property in &self.schema.properties {
            let (Some(name), Some(allowed)) = (
                property["name"].as_str(),
                property["enumConstraint"].as_array(),
            ) else {
                continue;
            };
            let declared: BTreeSet<&str> = allowed.iter().filter_map(Value::as_str).collect();
            let listed: BTreeSet<&str> = by_property
                .get(name)
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
            if !listed.is_empty() && declared != listed {
                problems.push(format!(
                    "`{name}` allows {declared:?} but its listed values are {listed:?}"
                ));
            }
        }
        self.verdict(
            &format!("{ID}.consistent"),
            G,
            "ListUserSchemaPropertyValues",
            problems.is_empty(),
            (
                format!(
                    "{} allowed value(s) over {} propert(ies), each naming a declared attribute",
                    values.len(),
                    by_property.len()
                ),
                "the allowed values disagree with the declared attributes".into(),
            ),
            problems,
        );
        self.schema.values = by_property;
    }

    pub(super) async fn logout(&mut self, user: Option<&CreatedUser>) {
        const G: &str = "Universal Logout";
        const ID: &str = "conformance.logout.proprietary";
        let Some(user) = user else {
            self.skip(
                ID,
                G,
                "UniversalLogout",
                self.because("no user was created to log out", "conformance.user.create"),
            );
            return;
        };
        let input = json!({"externalUserId": user.id, "externalUserName": user.user_name});
        if let Some(answer) = self.step(ID, G, "UniversalLogout", input, true).await {
            let ok = answer.body["logoutStatus"] == "SUCCESS";
            self.verdict(
                ID,
                G,
                "UniversalLogout",
                ok,
                (
                    "the created user was logged out (`logoutStatus: SUCCESS`)".into(),
                    "UniversalLogout did not answer `logoutStatus: SUCCESS`".into(),
                ),
                vec![format!(
                    "at `/logoutStatus` (request {})",
                    answer.request_id
                )],
            );
        }
    }
}
