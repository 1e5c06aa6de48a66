//! PATCH (RFC 7644 §3.5.2) applied to a resource's JSON: `add`, `replace` and `remove` with
//! or without `path`, value filters on multi-valued attributes, URN-qualified paths and the
//! value-object form Okta sends (`{"op":"replace","value":{"active":false}}`).
//!
//! Deliberate leniencies, because Okta and other clients rely on them: `op` compares
//! case-insensitively; a `replace` whose value filter matches nothing adds an element carrying
//! the filter's `eq` values (`emails[type eq "work"].value` on a user without a work email);
//! `remove` of something absent succeeds; `schemas`, `meta` and `groups` (read-only) in a value
//! object are ignored; `id` may be sent only unchanged.

use serde_json::{Map, Value};

use super::error::ScimError;
use super::path::{AttrPath, key_of};
use super::schema::{self, Attribute};
use okta_actions_contracts::ENTERPRISE_USER_SCHEMA;

/// The PatchOp message schema URI.
pub(crate) const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// A PATCH operation kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpKind {
    Add,
    Replace,
    Remove,
}

/// One PATCH operation.
#[derive(Debug, Clone)]
pub(crate) struct Operation {
    pub(crate) op: OpKind,
    pub(crate) path: Option<String>,
    pub(crate) value: Option<Value>,
}

/// Reads a PatchOp message.
///
/// # Errors
/// `invalidSyntax` for a message that is not a PatchOp, `noTarget` for a `remove` without path.
pub(crate) fn parse_request(body: &Map<String, Value>) -> Result<Vec<Operation>, ScimError> {
    if let Some(schemas) = key_of(body, "schemas").and_then(|k| body.get(&k)) {
        let listed = schemas.as_array().is_some_and(|s| {
            s.iter()
                .filter_map(Value::as_str)
                .any(|s| s.eq_ignore_ascii_case(PATCH_SCHEMA))
        });
        if !listed {
            return Err(ScimError::invalid_syntax(format!(
                "a PATCH body must list `{PATCH_SCHEMA}` in `schemas`"
            )));
        }
    }
    let operations = key_of(body, "Operations")
        .and_then(|k| body.get(&k))
        .and_then(Value::as_array)
        .filter(|ops| !ops.is_empty())
        .ok_or_else(|| {
            ScimError::invalid_syntax("a PATCH body needs a non-empty `Operations` array")
        })?;
    operations
        .iter()
        .enumerate()
        .map(|(i, operation)| parse_operation(i, operation))
        .collect()
}

fn parse_operation(index: usize, operation: &Value) -> Result<Operation, ScimError> {
    let object = operation.as_object().ok_or_else(|| {
        ScimError::invalid_syntax(format!("`Operations[{index}]` must be an object"))
    })?;
    let field = |name: &str| key_of(object, name).and_then(|k| object.get(&k).cloned());
    let op = match field("op")
        .as_ref()
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase)
    {
        Some(op) if op == "add" => OpKind::Add,
        Some(op) if op == "replace" => OpKind::Replace,
        Some(op) if op == "remove" => OpKind::Remove,
        _ => {
            return Err(ScimError::invalid_syntax(format!(
                "`Operations[{index}].op` must be `add`, `replace` or `remove`"
            )));
        }
    };
    let path = match field("path") {
        None | Some(Value::Null) => None,
        Some(Value::String(path)) => Some(path),
        Some(_) => {
            return Err(ScimError::invalid_syntax(format!(
                "`Operations[{index}].path` must be a string"
            )));
        }
    };
    let value = field("value");
    match op {
        OpKind::Remove if path.is_none() => Err(ScimError::no_target(format!(
            "`Operations[{index}]`: `remove` needs a `path`"
        ))),
        OpKind::Add | OpKind::Replace if value.is_none() => Err(ScimError::invalid_syntax(
            format!("`Operations[{index}]`: `add` and `replace` need a `value`"),
        )),
        _ => Ok(Operation { op, path, value }),
    }
}

/// Applies one operation to a resource whose core schema is `core`.
///
/// # Errors
/// `invalidPath`, `invalidValue`, `mutability` or `noTarget`, naming the fault.
pub(crate) fn apply(
    resource: &mut Map<String, Value>,
    operation: &Operation,
    core: &str,
) -> Result<(), ScimError> {
    match &operation.path {
        Some(path) => apply_at(resource, operation.op, path, operation.value.clone(), core),
        None => {
            let Some(Value::Object(values)) = &operation.value else {
                return Err(ScimError::invalid_value(
                    "an operation without `path` needs an object `value`",
                ));
            };
            for (key, value) in values {
                apply_at(resource, operation.op, key, Some(value.clone()), core)?;
            }
            Ok(())
        }
    }
}

fn apply_at(
    resource: &mut Map<String, Value>,
    op: OpKind,
    raw: &str,
    value: Option<Value>,
    core: &str,
) -> Result<(), ScimError> {
    let path = AttrPath::parse(raw, core, resource)
        .map_err(|e| ScimError::invalid_path(format!("`{raw}`: {e}")))?;
    if path.extension.is_none() {
        let attribute = path.attribute.as_deref().unwrap_or_default();
        if ["schemas", "meta", "groups"]
            .iter()
            .any(|skip| attribute.eq_ignore_ascii_case(skip))
        {
            return Ok(());
        }
        if attribute.eq_ignore_ascii_case("id") {
            return if op != OpKind::Remove && value.as_ref() == resource.get("id") {
                Ok(())
            } else {
                Err(ScimError::mutability("`id` cannot be changed"))
            };
        }
    }
    let definitions: &[Attribute] = match &path.extension {
        None => &schema::builtin_schema(core).attributes,
        Some(urn) if urn.eq_ignore_ascii_case(ENTERPRISE_USER_SCHEMA) => {
            &schema::builtin_schema(ENTERPRISE_USER_SCHEMA).attributes
        }
        Some(_) => &[],
    };
    let container = match &path.extension {
        None => resource,
        Some(urn) => {
            let key = key_of(resource, urn).unwrap_or_else(|| urn.clone());
            if op == OpKind::Remove && !resource.contains_key(&key) {
                return Ok(());
            }
            if path.attribute.is_none() {
                return set(resource, op, key, value);
            }
            let slot = resource
                .entry(key)
                .or_insert_with(|| Value::Object(Map::new()));
            object_in(slot)
        }
    };
    let attribute = path.attribute.as_deref().unwrap_or_default();
    let definition = schema::find(definitions, attribute);
    let key = key_of(container, attribute)
        .or_else(|| definition.map(|d| d.name.clone()))
        .unwrap_or_else(|| attribute.to_owned());
    let sub_key = |object: &Map<String, Value>, sub: &str| {
        key_of(object, sub)
            .or_else(|| definition.and_then(|d| d.sub(sub)).map(|d| d.name.clone()))
            .unwrap_or_else(|| sub.to_owned())
    };
    match (&path.filter, &path.sub) {
        (None, None) => set(container, op, key, value),
        (None, Some(sub)) => {
            if op == OpKind::Remove && !container.contains_key(&key) {
                return Ok(());
            }
            match container
                .entry(key)
                .or_insert_with(|| Value::Object(Map::new()))
            {
                Value::Object(object) => {
                    let sub = sub_key(object, sub);
                    set(object, op, sub, value)
                }
                Value::Array(items) => {
                    for item in items.iter_mut().filter_map(Value::as_object_mut) {
                        let sub = sub_key(item, sub);
                        set(item, op, sub, value.clone())?;
                    }
                    Ok(())
                }
                other => {
                    if op == OpKind::Remove {
                        return Ok(());
                    }
                    let mut object = Map::new();
                    set(&mut object, op, sub.clone(), value)?;
                    *other = Value::Object(object);
                    Ok(())
                }
            }
        }
        (Some(filter), sub) => {
            match container.get(&key) {
                Some(Value::Array(_)) => {}
                Some(_) => {
                    return Err(ScimError::invalid_path(format!(
                        "`{raw}`: a value filter needs a multi-valued attribute"
                    )));
                }
                None if op == OpKind::Remove => return Ok(()),
                None => {
                    container.insert(key.clone(), Value::Array(Vec::new()));
                }
            }
            let Some(Value::Array(items)) = container.get_mut(&key) else {
                return Ok(());
            };
            let matching: Vec<usize> = (0..items.len())
                .filter(|&i| filter.matches(&items[i]))
                .collect();
            if op == OpKind::Remove {
                match sub {
                    None => {
                        let mut index = 0;
                        items.retain(|_| {
                            let keep = !matching.contains(&index);
                            index += 1;
                            keep
                        });
                    }
                    Some(sub) => {
                        for &i in &matching {
                            if let Some(object) = items[i].as_object_mut()
                                && let Some(k) = key_of(object, sub)
                            {
                                object.remove(&k);
                            }
                        }
                    }
                }
                return Ok(());
            }
            if matching.is_empty() {
                let mut element = Map::new();
                for (name, expected) in filter.equalities() {
                    element.insert(sub_key(&element, name), expected.clone());
                }
                items.push(Value::Object(element));
                let last = items.len() - 1;
                return set_element(&mut items[last], op, sub.as_deref(), value, &sub_key);
            }
            for i in matching {
                set_element(&mut items[i], op, sub.as_deref(), value.clone(), &sub_key)?;
            }
            Ok(())
        }
    }
}

/// Sets a selected element of a multi-valued attribute, or one of its sub-attributes.
fn set_element(
    element: &mut Value,
    op: OpKind,
    sub: Option<&str>,
    value: Option<Value>,
    sub_key: &dyn Fn(&Map<String, Value>, &str) -> String,
) -> Result<(), ScimError> {
    match sub {
        Some(sub) => {
            let object = object_in(element);
            let key = sub_key(object, sub);
            set(object, op, key, value)
        }
        None => match (element, value) {
            (Value::Object(object), Some(Value::Object(values))) => {
                merge(object, values);
                Ok(())
            }
            (element, Some(value)) => {
                *element = value;
                Ok(())
            }
            (_, None) => Ok(()),
        },
    }
}

/// The object in `slot`, which becomes an empty object if it holds anything else.
fn object_in(slot: &mut Value) -> &mut Map<String, Value> {
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    let Value::Object(object) = slot else {
        unreachable!("the slot was made an object above")
    };
    object
}

/// Adds, replaces or removes `key` of `object`.
fn set(
    object: &mut Map<String, Value>,
    op: OpKind,
    key: String,
    value: Option<Value>,
) -> Result<(), ScimError> {
    if op == OpKind::Remove {
        match (object.get_mut(&key), value) {
            // `remove` with a value list (e.g. members) removes the listed values.
            (Some(Value::Array(items)), Some(Value::Array(remove))) => {
                items.retain(|item| !remove.iter().any(|r| same_value(item, r)));
            }
            _ => {
                object.remove(&key);
            }
        }
        return Ok(());
    }
    let value = value.unwrap_or(Value::Null);
    if value.is_null() {
        object.remove(&key);
        return Ok(());
    }
    match (object.get_mut(&key), value) {
        (Some(Value::Object(existing)), Value::Object(values)) => {
            merge(existing, values);
        }
        (Some(Value::Array(existing)), value) if op == OpKind::Add => {
            let values = match value {
                Value::Array(values) => values,
                single => vec![single],
            };
            for value in values {
                if !existing.iter().any(|e| same_value(e, &value)) {
                    existing.push(value);
                }
            }
        }
        (_, value) => {
            object.insert(key, value);
        }
    }
    Ok(())
}

/// Merges sub-attributes into a complex value: named ones replaced (objects merged), `null`
/// ones removed, others kept.
fn merge(existing: &mut Map<String, Value>, values: Map<String, Value>) {
    for (key, value) in values {
        let key = key_of(existing, &key).unwrap_or(key);
        match (existing.get_mut(&key), value) {
            (_, Value::Null) => {
                existing.remove(&key);
            }
            (Some(Value::Object(inner)), Value::Object(values)) => merge(inner, values),
            (_, value) => {
                existing.insert(key, value);
            }
        }
    }
}

/// Two values of a multi-valued attribute are the same when equal, or when both are
/// objects with the same `value`.
fn same_value(a: &Value, b: &Value) -> bool {
    if a == b {
        return true;
    }
    let value_of = |v: &Value| {
        v.as_object()
            .and_then(|o| key_of(o, "value").and_then(|k| o.get(&k).cloned()))
    };
    matches!((value_of(a), value_of(b)), (Some(x), Some(y)) if x == y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use okta_actions_contracts::SCIM_USER_SCHEMA;
    use serde_json::json;

    fn patched(resource: Value, operations: Value) -> Result<Value, ScimError> {
        let mut resource = resource.as_object().cloned().unwrap();
        let body = json!({"schemas": [PATCH_SCHEMA], "Operations": operations});
        for operation in parse_request(body.as_object().unwrap())? {
            apply(&mut resource, &operation, SCIM_USER_SCHEMA)?;
        }
        Ok(Value::Object(resource))
    }

    fn ada() -> Value {
        json!({"id": "u1", "userName": "ada", "active": true,
               "name": {"givenName": "Ada", "familyName": "Lovelace"},
               "emails": [{"value": "ada@home", "type": "home"}]})
    }

    #[test]
    fn okta_user_operations_apply() {
        let user = patched(
            ada(),
            json!([{"op": "replace", "value": {"active": false}}]),
        )
        .unwrap();
        assert_eq!(user["active"], false);
        let user = patched(
            ada(),
            json!([{"op": "Replace", "path": "active", "value": false}]),
        )
        .unwrap();
        assert_eq!(user["active"], false);
        let user = patched(ada(), json!([
            {"op": "replace", "path": "name.givenName", "value": "Augusta"},
            {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "ada@work"},
            {"op": "replace", "value": {"name": {"familyName": "King"}, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Maths"}},
            {"op": "replace", "value": {"password": "s3cret"}}
        ]))
        .unwrap();
        assert_eq!(
            user["name"],
            json!({"givenName": "Augusta", "familyName": "King"})
        );
        assert_eq!(
            user["emails"],
            json!([{"value": "ada@home", "type": "home"}, {"type": "work", "value": "ada@work"}])
        );
        assert_eq!(user[ENTERPRISE_USER_SCHEMA]["department"], "Maths");
        assert_eq!(user["password"], "s3cret");
        let user = patched(user, json!([{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "new@work"}])).unwrap();
        assert_eq!(user["emails"][1]["value"], "new@work");
        assert_eq!(user["emails"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn add_and_remove_on_multi_valued_attributes() {
        let user = patched(
            ada(),
            json!([
                {"op": "add", "path": "emails", "value": [{"value": "x@y", "type": "other"}]},
                {"op": "remove", "path": "emails[type eq \"home\"]"},
                {"op": "remove", "path": "nickName"}
            ]),
        )
        .unwrap();
        assert_eq!(user["emails"], json!([{"value": "x@y", "type": "other"}]));
    }

    #[test]
    fn bad_operations_are_scim_errors() {
        let err = patched(ada(), json!([{"op": "move", "path": "a"}])).unwrap_err();
        assert_eq!(err.scim_type(), Some("invalidSyntax"));
        let err = patched(ada(), json!([{"op": "remove"}])).unwrap_err();
        assert_eq!(err.scim_type(), Some("noTarget"));
        let err = patched(
            ada(),
            json!([{"op": "replace", "path": "emails[type eq]", "value": 1}]),
        )
        .unwrap_err();
        assert_eq!(err.scim_type(), Some("invalidPath"));
        let err = patched(
            ada(),
            json!([{"op": "replace", "path": "id", "value": "other"}]),
        )
        .unwrap_err();
        assert_eq!(err.scim_type(), Some("mutability"));
        let err = patched(ada(), json!([])).unwrap_err();
        assert_eq!(err.scim_type(), Some("invalidSyntax"));
    }
}

/// Property tests: any PATCH body a client sends is read into operations or refused with a SCIM
/// error, and any operation read is applied or refused with one, never a panic.
/// `PROPTEST_CASES=1000000` for a long run (tests/README.md).
#[cfg(test)]
mod fuzz {
    use okta_actions_contracts::SCIM_USER_SCHEMA;
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    /// Paths and values like the ones SCIM clients send, and some that are not.
    fn path() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "active",
                "userName",
                "name.givenName",
                "name",
                "emails",
                "emails[type eq \"work\"]",
                "emails[type eq \"work\"].value",
                "members",
                "members[value eq \"u1\"]",
                "urn:ietf:params:scim:schemas:core:2.0:User:userName",
                "urn:okta-actions:params:scim:schemas:extension:acme:2.0:User:level",
                "urn:okta-actions:params:scim:schemas:extension:acme:2.0:User",
                "id",
                "meta.created",
                "emails[",
                "emails[type eq]",
                "a..b",
                "[x]",
                "",
                ".",
            ])
            .prop_map(str::to_owned),
            "\\PC{0,24}",
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            "\\PC{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop_oneof![path(), Just("value".to_owned()), Just("type".to_owned())],
                    inner,
                    0..4
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn operation() -> impl Strategy<Value = Value> {
        (
            prop_oneof![
                Just(json!("add")),
                Just(json!("Replace")),
                Just(json!("remove")),
                Just(json!("move")),
                Just(json!(1)),
            ],
            prop::option::of(path()),
            prop::option::of(value()),
        )
            .prop_map(|(op, path, value)| {
                let mut operation = serde_json::Map::new();
                operation.insert("op".into(), op);
                if let Some(path) = path {
                    operation.insert("path".into(), json!(path));
                }
                if let Some(value) = value {
                    operation.insert("value".into(), value);
                }
                Value::Object(operation)
            })
    }

    fn body() -> impl Strategy<Value = Value> {
        prop_oneof![
            prop::collection::vec(operation(), 0..5)
                .prop_map(|ops| json!({"schemas": [PATCH_SCHEMA], "Operations": ops})),
            prop::collection::vec(operation(), 0..3).prop_map(|ops| json!({"Operations": ops})),
            value(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn fuzz_patch_bodies(body in body()) {
            let Some(body) = body.as_object() else { return Ok(()); };
            let mut user = json!({
                "id": "u1", "userName": "ada", "active": true,
                "name": {"givenName": "Ada", "familyName": "Lovelace"},
                "emails": [{"value": "ada@home", "type": "home"}],
                "members": [{"value": "u1"}]
            })
            .as_object()
            .cloned()
            .unwrap_or_default();
            if let Ok(operations) = parse_request(body) {
                for operation in &operations {
                    if apply(&mut user, operation, SCIM_USER_SCHEMA).is_err() {
                        break;
                    }
                }
            }
        }
    }
}
