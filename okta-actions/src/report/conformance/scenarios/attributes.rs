//! The discovered user schema as Okta uses it: where each attribute lives in a SCIM user, a
//! value of its type to send, and whether a value read back is the one sent. Pure functions.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use serde_json::{Map, Value, json};

use super::{CORE_USER, ENTERPRISE_USER};

/// Where an attribute lives in a SCIM user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum AttrPath {
    /// A (possibly nested) member, e.g. `name.givenName` or the enterprise `department`.
    Member(Vec<String>),
    /// The primary value of a multi-valued attribute, e.g. `emails[primary eq true].value`.
    Primary(Vec<String>),
}

impl AttrPath {
    /// The path of a discovered property: its `externalName` (else `name`) under its
    /// `externalNamespace` (the core schema, or absent, is the user's top level).
    pub(super) fn of(property: &Value) -> Option<AttrPath> {
        let name = property["externalName"]
            .as_str()
            .or_else(|| property["name"].as_str())
            .filter(|n| !n.is_empty())?;
        let mut root = match property["externalNamespace"].as_str() {
            None | Some("") | Some(CORE_USER) => Vec::new(),
            Some(namespace) => vec![namespace.to_owned()],
        };
        if let Some((attribute, rest)) = name.split_once('[') {
            // `emails[primary eq true].value`: Okta's filter form of the primary value.
            if !rest.ends_with("].value") {
                return None;
            }
            root.push(attribute.to_owned());
            return Some(AttrPath::Primary(root));
        }
        root.extend(name.split('.').map(str::to_owned));
        Some(AttrPath::Member(root))
    }

    /// The value at this path of `user`, if any.
    pub(super) fn get<'a>(&self, user: &'a Value) -> Option<&'a Value> {
        match self {
            AttrPath::Member(segments) => segments.iter().try_fold(user, |v, s| v.get(s)),
            AttrPath::Primary(segments) => {
                let values = segments
                    .iter()
                    .try_fold(user, |v, s| v.get(s))?
                    .as_array()?;
                values
                    .iter()
                    .find(|v| v["primary"] == true)
                    .or_else(|| values.first())?
                    .get("value")
            }
        }
    }

    /// Sets the value at this path of `user`, creating objects on the way; `None` removes it.
    pub(super) fn set(&self, user: &mut Value, value: Option<Value>) {
        let (segments, leaf) = match self {
            AttrPath::Member(segments) => (segments.as_slice(), value),
            AttrPath::Primary(segments) => (
                segments.as_slice(),
                value.map(|v| json!([{"value": v, "type": "work", "primary": true}])),
            ),
        };
        let Some((last, parents)) = segments.split_last() else {
            return;
        };
        let mut at = user;
        for segment in parents {
            if !at[segment.as_str()].is_object() {
                if leaf.is_none() {
                    return;
                }
                at[segment.as_str()] = Value::Object(Map::new());
            }
            at = &mut at[segment.as_str()];
        }
        match (at.as_object_mut(), leaf) {
            (Some(object), Some(leaf)) => {
                object.insert(last.clone(), leaf);
            }
            (Some(object), None) => {
                object.remove(last);
            }
            (None, _) => {}
        }
    }

    /// The schema URN the path needs in the user's `schemas`, when it is not the core one.
    pub(super) fn schema(&self) -> Option<&str> {
        let (AttrPath::Member(segments) | AttrPath::Primary(segments)) = self;
        segments
            .first()
            .filter(|s| s.starts_with("urn:"))
            .map(String::as_str)
    }

    /// The path as a JSON pointer, for evidence.
    pub(super) fn pointer(&self) -> String {
        let (AttrPath::Member(segments) | AttrPath::Primary(segments)) = self;
        let mut pointer: String = segments.iter().map(|s| format!("/{s}")).collect();
        if matches!(self, AttrPath::Primary(_)) {
            pointer.push_str("[primary]/value");
        }
        pointer
    }
}

/// Whether `property` is one of the base attributes the run always sets itself (userName,
/// names, email) and so never generates.
pub(super) fn is_base(path: &AttrPath) -> bool {
    matches!(path, AttrPath::Member(s) if matches!(
        s.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
        ["userName"] | ["name", "givenName"] | ["name", "familyName"] | ["password"] | ["active"]
    )) || matches!(path, AttrPath::Primary(s) if s == &["emails"])
}

/// The attributes of the core SCIM user, as the contract's `ScimUser` declares them.
pub(super) static CORE_ATTRIBUTES: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
    okta_actions_contracts::schema_file("common/scim-user.json")
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .and_then(|schema| {
            schema["properties"].as_object().map(|p| {
                p.keys()
                    .filter(|k| !k.starts_with("urn:"))
                    .cloned()
                    .collect()
            })
        })
        .unwrap_or_default()
});

/// Whether the property is a custom attribute of the vendor's: declared so, under a namespace
/// of its own, or at the user's top level under a name the core schema does not have.
pub(super) fn is_custom(property: &Value) -> bool {
    match property["externalNamespace"].as_str() {
        _ if property["schemaName"] == "custom" => true,
        Some(ENTERPRISE_USER) => false,
        None | Some("") | Some(CORE_USER) => AttrPath::of(property).is_some_and(|path| {
            let (AttrPath::Member(s) | AttrPath::Primary(s)) = path;
            s.first()
                .is_some_and(|root| !CORE_ATTRIBUTES.contains(root))
        }),
        Some(_) => true,
    }
}

/// Whether the property references another user (the enterprise `manager`), whose value must
/// be an existing user's id.
pub(super) fn is_user_reference(path: &AttrPath) -> bool {
    matches!(path, AttrPath::Member(s) if s.iter().any(|s| s == "manager"))
}

/// A value of the property's type for the `variant`-th write (0 on create, 1 on update):
/// one of its allowed values when it has any, else a value of its `propertyType` within its
/// bounds. `None` for types the run cannot make up (arrays, objects, patterned strings).
pub(super) fn sample(
    property: &Value,
    allowed: &[String],
    tag: &str,
    variant: usize,
) -> Option<Value> {
    let enumerated: Vec<Value> = property["enumConstraint"]
        .as_array()
        .cloned()
        .filter(|values| !values.is_empty())
        .unwrap_or_else(|| allowed.iter().map(|v| json!(v)).collect());
    if !enumerated.is_empty() {
        return Some(enumerated[(variant + 1) % enumerated.len()].clone());
    }
    let pick = |values: [&str; 2]| Some(json!(values[variant % 2]));
    // SCIM phone numbers are typed STRING, but vendors check their form.
    if property["externalName"]
        .as_str()
        .is_some_and(|n| n.starts_with("phoneNumbers"))
    {
        return pick(["+1 555 0100", "+1 555 0199"]);
    }
    match property["propertyType"].as_str().unwrap_or("STRING") {
        "STRING" if property.get("pattern").is_some() => None,
        "STRING" => {
            let max = property["maxLength"].as_u64().unwrap_or(64) as usize;
            let value = format!("oa-{tag}-{variant}");
            Some(json!(value.chars().take(max.max(1)).collect::<String>()))
        }
        "EMAIL" => Some(json!(format!("oa-{tag}-{variant}@example.com"))),
        "URI" => Some(json!(format!("https://example.com/oa-{tag}-{variant}"))),
        "INTEGER" | "NUMBER" => {
            let min = property["minimum"].as_i64().unwrap_or(1);
            let max = property["maximum"]
                .as_i64()
                .unwrap_or_else(|| min.saturating_add(2))
                .max(min);
            Some(json!(
                min.saturating_add(1)
                    .saturating_add(variant as i64)
                    .min(max)
            ))
        }
        "BOOLEAN" => Some(json!(variant.is_multiple_of(2))),
        "DATE" => pick(["2021-03-04", "2022-05-06"]),
        "LOCALE" => pick(["en-US", "fr-FR"]),
        "TIMEZONE" => pick(["America/New_York", "Europe/Paris"]),
        "COUNTRY_CODE" => pick(["US", "FR"]),
        "LANGUAGE_CODE" => pick(["en", "fr"]),
        _ => None,
    }
}

/// Whether `read` is the value `sent`: equal JSON, with e-mail addresses compared without case
/// and numbers by value.
pub(super) fn same_value(sent: &Value, read: Option<&Value>, property: &Value) -> bool {
    let Some(read) = read else {
        return false;
    };
    match (sent, read) {
        (Value::String(a), Value::String(b)) if property["propertyType"] == "EMAIL" => {
            a.eq_ignore_ascii_case(b)
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        _ => sent == read,
    }
}

/// Whether a value read back counts as cleared: absent, null, empty text or an empty list.
pub(super) fn is_cleared(read: Option<&Value>) -> bool {
    match read {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_okta_s_external_names_and_namespaces() {
        let email = json!({"externalName": "emails[primary eq true].value", "externalNamespace": CORE_USER});
        let path = AttrPath::of(&email).unwrap();
        assert_eq!(path, AttrPath::Primary(vec!["emails".into()]));
        assert!(is_base(&path));
        let mut user = json!({});
        path.set(&mut user, Some(json!("a@example.com")));
        assert_eq!(
            user,
            json!({"emails": [{"value": "a@example.com", "type": "work", "primary": true}]})
        );
        assert_eq!(path.get(&user), Some(&json!("a@example.com")));

        let manager =
            json!({"externalName": "manager.value", "externalNamespace": ENTERPRISE_USER});
        let path = AttrPath::of(&manager).unwrap();
        assert!(is_user_reference(&path));
        assert_eq!(path.schema(), Some(ENTERPRISE_USER));
        path.set(&mut user, Some(json!("u-1")));
        assert_eq!(user[ENTERPRISE_USER]["manager"]["value"], "u-1");
        assert_eq!(path.pointer(), format!("/{ENTERPRISE_USER}/manager/value"));
        path.set(&mut user, None);
        assert_eq!(path.get(&user), None);

        assert!(is_custom(&json!({"name": "favouriteColour"})));
        assert!(!is_custom(&json!({"externalName": "title"})));
        assert!(!is_custom(
            &json!({"externalName": "department", "externalNamespace": ENTERPRISE_USER})
        ));
        let custom = json!({"name": "cost_center", "schemaName": "custom"});
        let path = AttrPath::of(&custom).unwrap();
        assert!(is_custom(&custom));
        assert_eq!(path, AttrPath::Member(vec!["cost_center".into()]));
        assert_eq!(
            AttrPath::of(&json!({"externalName": "x[type eq \"a\"]"})),
            None
        );
    }

    #[test]
    fn samples_respect_types_bounds_and_allowed_values_and_change_on_update() {
        let region = json!({"propertyType": "STRING", "enumConstraint": ["amer", "emea"]});
        assert_eq!(sample(&region, &[], "t", 0), Some(json!("emea")));
        assert_eq!(sample(&region, &[], "t", 1), Some(json!("amer")));
        let listed = json!({"propertyType": "STRING"});
        assert_eq!(
            sample(&listed, &["a".into(), "b".into()], "t", 0),
            Some(json!("b"))
        );
        let level = json!({"propertyType": "INTEGER", "minimum": 1, "maximum": 2});
        assert_eq!(sample(&level, &[], "t", 0), Some(json!(2)));
        assert_eq!(sample(&level, &[], "t", 1), Some(json!(2)));
        let short = json!({"propertyType": "STRING", "maxLength": 3});
        assert_eq!(sample(&short, &[], "tag", 0), Some(json!("oa-")));
        assert_eq!(sample(&json!({"propertyType": "ARRAY"}), &[], "t", 0), None);
        let phone = json!({"propertyType": "STRING", "externalName": "phoneNumbers[primary eq true].value"});
        assert_eq!(sample(&phone, &[], "t", 0), Some(json!("+1 555 0100")));
        assert_eq!(
            sample(
                &json!({"propertyType": "STRING", "pattern": "^x$"}),
                &[],
                "t",
                0
            ),
            None
        );
        assert_ne!(
            sample(&json!({"propertyType": "DATE"}), &[], "t", 0),
            sample(&json!({"propertyType": "DATE"}), &[], "t", 1)
        );
    }

    #[test]
    fn values_compare_as_okta_reads_them() {
        let email = json!({"propertyType": "EMAIL"});
        assert!(same_value(
            &json!("A@x.com"),
            Some(&json!("a@x.com")),
            &email
        ));
        assert!(!same_value(
            &json!("A@x.com"),
            Some(&json!("a@x.com")),
            &json!({})
        ));
        assert!(same_value(&json!(2), Some(&json!(2.0)), &json!({})));
        assert!(!same_value(&json!(2), None, &json!({})));
        assert!(is_cleared(Some(&json!(""))) && is_cleared(None) && is_cleared(Some(&json!([]))));
        assert!(!is_cleared(Some(&json!("x"))));
    }
}
