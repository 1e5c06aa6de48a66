//! The `attributes` and `excludedAttributes` query parameters (RFC 7644 §3.4.2.5): which
//! attributes a read returns. `id`, `schemas` and `meta` are always returned; paths compare
//! case-insensitively and may be URN-qualified or name a sub-attribute (`name.givenName`).

use serde_json::{Map, Value};

use super::path::{AttrPath, key_of};

/// Attributes returned whatever is asked.
const ALWAYS: [&str; 3] = ["id", "schemas", "meta"];

/// The attributes a read asked for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Projection {
    attributes: Option<Vec<String>>,
    excluded: Vec<String>,
}

fn split(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Projection {
    /// From the raw parameters; when both are sent, `attributes` wins.
    pub(crate) fn new(attributes: Option<&str>, excluded: Option<&str>) -> Self {
        let attributes = attributes.map(split).filter(|a| !a.is_empty());
        let excluded = if attributes.is_some() {
            Vec::new()
        } else {
            excluded.map(split).unwrap_or_default()
        };
        Projection {
            attributes,
            excluded,
        }
    }

    /// Whether the top-level attribute `name` of a resource whose core schema is `core` is
    /// returned (used to skip work, e.g. reading a group's members).
    pub(crate) fn returns(&self, name: &str, core: &str) -> bool {
        let names = |list: &[String]| {
            list.iter().any(|raw| {
                AttrPath::parse(raw, core, &Map::new()).is_ok_and(|p| {
                    p.extension.is_none()
                        && p.attribute.is_some_and(|a| a.eq_ignore_ascii_case(name))
                })
            })
        };
        match &self.attributes {
            Some(attributes) => names(attributes),
            None => !self.excluded.iter().any(|raw| {
                AttrPath::parse(raw, core, &Map::new()).is_ok_and(|p| {
                    p.extension.is_none()
                        && p.sub.is_none()
                        && p.attribute.is_some_and(|a| a.eq_ignore_ascii_case(name))
                })
            }),
        }
    }

    /// The resource as projected.
    pub(crate) fn apply(&self, mut resource: Map<String, Value>, core: &str) -> Map<String, Value> {
        if let Some(attributes) = &self.attributes {
            let mut projected = Map::new();
            for name in ALWAYS {
                if let Some(value) = resource.get(name) {
                    projected.insert(name.to_owned(), value.clone());
                }
            }
            for raw in attributes {
                if let Ok(path) = AttrPath::parse(raw, core, &resource)
                    && path.filter.is_none()
                {
                    copy(&resource, &mut projected, &path);
                }
            }
            return projected;
        }
        for raw in &self.excluded {
            let Ok(path) = AttrPath::parse(raw, core, &resource) else {
                continue;
            };
            remove(&mut resource, &path);
        }
        resource
    }
}

fn copy(source: &Map<String, Value>, target: &mut Map<String, Value>, path: &AttrPath) {
    let (source, target) = match &path.extension {
        None => (source, target),
        Some(extension) => {
            let Some(key) = key_of(source, extension) else {
                return;
            };
            let Some(Value::Object(inner)) = source.get(&key) else {
                return;
            };
            let Some(attribute) = &path.attribute else {
                target.insert(key.clone(), Value::Object(inner.clone()));
                return;
            };
            let Value::Object(out) = target
                .entry(key)
                .or_insert_with(|| Value::Object(Map::new()))
            else {
                return;
            };
            return copy_attribute(inner, out, attribute, path.sub.as_deref());
        }
    };
    if let Some(attribute) = &path.attribute {
        copy_attribute(source, target, attribute, path.sub.as_deref());
    }
}

fn copy_attribute(
    source: &Map<String, Value>,
    target: &mut Map<String, Value>,
    attribute: &str,
    sub: Option<&str>,
) {
    let Some(key) = key_of(source, attribute) else {
        return;
    };
    let value = &source[&key];
    let Some(sub) = sub else {
        target.insert(key, value.clone());
        return;
    };
    match value {
        Value::Object(object) => {
            if let Some(sub_key) = key_of(object, sub) {
                let out = target
                    .entry(key)
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(out) = out {
                    out.insert(sub_key.clone(), object[&sub_key].clone());
                }
            }
        }
        Value::Array(items) => {
            let out = target
                .entry(key)
                .or_insert_with(|| Value::Array(vec![Value::Object(Map::new()); items.len()]));
            if let Value::Array(out) = out {
                for (item, slot) in items.iter().zip(out.iter_mut()) {
                    if let (Value::Object(item), Value::Object(slot)) = (item, slot)
                        && let Some(sub_key) = key_of(item, sub)
                    {
                        slot.insert(sub_key.clone(), item[&sub_key].clone());
                    }
                }
            }
        }
        _ => {}
    }
}

fn remove(resource: &mut Map<String, Value>, path: &AttrPath) {
    let container = match &path.extension {
        None => resource,
        Some(extension) => {
            let Some(key) = key_of(resource, extension) else {
                return;
            };
            if path.attribute.is_none() {
                resource.remove(&key);
                return;
            }
            match resource.get_mut(&key) {
                Some(Value::Object(inner)) => inner,
                _ => return,
            }
        }
    };
    let Some(attribute) = &path.attribute else {
        return;
    };
    let Some(key) = key_of(container, attribute) else {
        return;
    };
    if path.extension.is_none() && ALWAYS.contains(&key.as_str()) {
        return;
    }
    match &path.sub {
        None => {
            container.remove(&key);
        }
        Some(sub) => match container.get_mut(&key) {
            Some(Value::Object(object)) => {
                if let Some(sub_key) = key_of(object, sub) {
                    object.remove(&sub_key);
                }
            }
            Some(Value::Array(items)) => {
                for item in items.iter_mut().filter_map(Value::as_object_mut) {
                    if let Some(sub_key) = key_of(item, sub) {
                        item.remove(&sub_key);
                    }
                }
            }
            _ => {}
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use okta_actions_contracts::{ENTERPRISE_USER_SCHEMA, SCIM_USER_SCHEMA};
    use serde_json::json;

    fn user() -> Map<String, Value> {
        json!({
            "schemas": [SCIM_USER_SCHEMA],
            "id": "u1",
            "userName": "ada",
            "name": {"givenName": "Ada", "familyName": "Lovelace"},
            "emails": [{"value": "a@x", "type": "work"}, {"value": "b@x", "type": "home"}],
            ENTERPRISE_USER_SCHEMA: {"department": "R&D", "costCenter": "C1"},
            "meta": {"resourceType": "User"}
        })
        .as_object()
        .cloned()
        .unwrap()
    }

    #[test]
    fn attributes_select_and_keep_the_always_returned() {
        let projected = Projection::new(Some("USERNAME,name.givenName,emails.value"), None)
            .apply(user(), SCIM_USER_SCHEMA);
        assert_eq!(
            Value::Object(projected),
            json!({
                "schemas": [SCIM_USER_SCHEMA], "id": "u1", "meta": {"resourceType": "User"},
                "userName": "ada", "name": {"givenName": "Ada"},
                "emails": [{"value": "a@x"}, {"value": "b@x"}]
            })
        );
        let projected = Projection::new(
            Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"),
            None,
        )
        .apply(user(), SCIM_USER_SCHEMA);
        assert_eq!(
            projected[ENTERPRISE_USER_SCHEMA],
            json!({"department": "R&D"})
        );
    }

    #[test]
    fn excluded_attributes_are_removed_but_never_id() {
        let projection = Projection::new(None, Some("emails,name.familyName,id"));
        assert!(!projection.returns("emails", SCIM_USER_SCHEMA));
        assert!(projection.returns("name", SCIM_USER_SCHEMA));
        let projected = projection.apply(user(), SCIM_USER_SCHEMA);
        assert!(!projected.contains_key("emails"));
        assert_eq!(projected["name"], json!({"givenName": "Ada"}));
        assert_eq!(projected["id"], "u1");
    }
}
