//! The integration's own user attributes under an extension schema URN (RFC 7643 §3.3).
//!
//! The contracts carry a vendor's custom attributes as extra top-level keys of the user (Okta's
//! app profile attributes). SCIM wants every attribute in a declared schema, so the facade
//! serves them in an object under `urn:okta-actions:params:scim:schemas:extension:{name}:2.0:User`
//! (`{name}` from the integration's name), declared in `/Schemas` and in the User resource
//! type's `schemaExtensions`, and accepts them there or, as Okta may send them, at the top
//! level.

use serde_json::{Map, Value};

use super::schema::{builtin_schema, find};
use okta_actions_contracts::SCIM_USER_SCHEMA;

/// Keys of a user that are neither core attributes nor custom ones.
const COMMON: [&str; 4] = ["schemas", "id", "externalId", "meta"];

/// The extension URN of an integration: its name in lowercase, runs of other characters as
/// one `-`.
pub(crate) fn urn(integration: &str) -> String {
    let mut slug = String::new();
    for c in integration.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "integration" } else { slug };
    format!("urn:okta-actions:params:scim:schemas:extension:{slug}:2.0:User")
}

/// Whether a top-level key of a contract user is a custom attribute.
fn is_custom(key: &str) -> bool {
    !key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"))
        && !COMMON.iter().any(|c| c.eq_ignore_ascii_case(key))
        && find(&builtin_schema(SCIM_USER_SCHEMA).attributes, key).is_none()
}

/// Moves the custom attributes of a contract user into the extension object `urn`.
pub(crate) fn nest(user: &mut Map<String, Value>, urn: &str) {
    let custom: Vec<String> = user.keys().filter(|k| is_custom(k)).cloned().collect();
    if custom.is_empty() {
        return;
    }
    let mut extension = Map::new();
    for key in custom {
        if let Some(value) = user.remove(&key) {
            extension.insert(key, value);
        }
    }
    user.insert(urn.to_owned(), Value::Object(extension));
}

/// Moves the attributes of the extension object `urn` (matched case-insensitively) back to the
/// top level of a user, as the contracts carry them; the URN leaves `schemas` too.
pub(crate) fn flatten(user: &mut Map<String, Value>, urn: &str) {
    let keys: Vec<String> = user
        .keys()
        .filter(|k| k.eq_ignore_ascii_case(urn))
        .cloned()
        .collect();
    for key in keys {
        if let Some(Value::Object(extension)) = user.remove(&key) {
            for (name, value) in extension {
                user.insert(name, value);
            }
        }
    }
    if let Some(Value::Array(schemas)) = user.get_mut("schemas") {
        schemas.retain(|s| !s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_urn_is_named_after_the_integration() {
        assert_eq!(
            urn("Acme"),
            "urn:okta-actions:params:scim:schemas:extension:acme:2.0:User"
        );
        assert_eq!(
            urn("  Big Co. HR!"),
            "urn:okta-actions:params:scim:schemas:extension:big-co-hr:2.0:User"
        );
        assert!(urn("***").contains(":integration:"));
    }

    #[test]
    fn custom_attributes_nest_under_the_urn_and_flatten_back() {
        let urn = urn("Acme");
        let original = json!({
            "schemas": [SCIM_USER_SCHEMA], "id": "u1", "userName": "ada", "externalId": "x",
            "region": "emea", "clearance_level": 3, "meta": {"created": "2020-01-01T00:00:00Z"},
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "R"}
        });
        let mut user = original.as_object().cloned().unwrap();
        nest(&mut user, &urn);
        assert_eq!(user[&urn], json!({"region": "emea", "clearance_level": 3}));
        assert!(user.get("region").is_none());
        assert_eq!(user["externalId"], "x");
        assert!(user.contains_key("meta"));
        user.insert(
            "schemas".into(),
            json!([SCIM_USER_SCHEMA, urn.to_uppercase()]),
        );
        let value = user.remove(&urn).unwrap();
        user.insert(urn.to_uppercase(), value);
        flatten(&mut user, &urn);
        assert_eq!(Value::Object(user), original);
    }
}
