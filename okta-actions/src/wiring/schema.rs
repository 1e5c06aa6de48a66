//! The contracts' JSON Schema 2020-12 files as OpenAPI 3.0 Schema Objects.
//!
//! OpenAPI 3.0 takes an extended subset of JSON Schema draft 5, so the conversion:
//! - turns every relative `$ref` between files into `#/components/schemas/<Name>` and adds the
//!   referenced file once under that name (shared shapes are written once);
//! - wraps a `$ref` that has sibling keywords into `allOf` (3.0 ignores a `$ref`'s siblings, so
//!   `{"$ref": …, "required": ["id"]}` would otherwise lose its `required`);
//! - writes `const` as a one-value `enum`, `examples` as `example`, a `null` in a `type` array as
//!   `nullable`, several types as `anyOf`, numeric `exclusiveMinimum`/`exclusiveMaximum` as
//!   the 3.0 boolean form, boolean schemas as `{}` / `{"not": {}}`;
//! - adds `items: {}` to an array without `items` (3.0 requires it; same meaning);
//! - drops `$schema`, `$comment` and an empty `required`.
//!
//! A keyword with no 3.0 equivalent (`patternProperties`, `prefixItems`, `if`, …) is a bug in
//! the contract data, not a runtime condition: the conversion panics naming it, and the test
//! suite, which converts every contract, finds it first.

use std::collections::BTreeMap;

use okta_actions_contracts::schema_file;
use serde_json::{Map, Value, json};

/// Where component schemas live in the document.
pub(crate) const COMPONENTS: &str = "#/components/schemas/";

/// Keywords copied unchanged (their 2020-12 and 3.0 meanings agree).
const COPIED: &[&str] = &[
    "title",
    "description",
    "format",
    "pattern",
    "default",
    "enum",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "multipleOf",
    "readOnly",
    "writeOnly",
    "deprecated",
];

/// Keywords dropped: annotations 3.0 does not allow, with no effect on validation.
const DROPPED: &[&str] = &["$schema", "$comment"];

/// The component schemas of one document, keyed by component name.
#[derive(Debug, Default)]
pub(crate) struct SchemaSet {
    schemas: BTreeMap<String, Value>,
    /// Component name of every schema file added so far.
    files: BTreeMap<String, String>,
}

impl SchemaSet {
    /// Adds the contract file at `path` (relative to `schemas/`) as component `name`, with every
    /// file it references, and returns the `$ref` to it.
    pub(crate) fn add_file(&mut self, path: &str, name: &str) -> Value {
        if let Some(existing) = self.files.get(path) {
            assert_eq!(
                existing, name,
                "contract file `{path}` added under two component names"
            );
            return reference(name);
        }
        assert!(
            !self.schemas.contains_key(name),
            "two contract files claim component name `{name}`"
        );
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)),
            "`{name}` is not a valid OpenAPI component name"
        );
        self.files.insert(path.to_owned(), name.to_owned());
        // A placeholder first, so a file that references itself (SchemaProperty) terminates.
        self.schemas.insert(name.to_owned(), Value::Null);
        let text = schema_file(path).unwrap_or_else(|| panic!("no contract file `{path}`"));
        let schema: Value = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("contract file `{path}` is not JSON: {e}"));
        let converted = self.convert(path, &schema);
        self.schemas.insert(name.to_owned(), converted);
        reference(name)
    }

    /// Adds a schema written for the document itself (already OpenAPI 3.0).
    pub(crate) fn add_own(&mut self, name: &str, schema: Value) -> Value {
        assert!(
            self.schemas.insert(name.to_owned(), schema).is_none(),
            "component `{name}` defined twice"
        );
        reference(name)
    }

    /// The `$ref` to the component of a shared contract file, adding it when new.
    fn add_referenced(&mut self, path: &str) -> Value {
        match self.files.get(path) {
            Some(name) => reference(name),
            None => {
                let name = component_name(path);
                self.add_file(path, &name)
            }
        }
    }

    /// The component schemas, sorted by name.
    pub(crate) fn into_map(self) -> Map<String, Value> {
        self.schemas.into_iter().collect()
    }

    /// Converts one schema found in the file at `path`.
    fn convert(&mut self, path: &str, schema: &Value) -> Value {
        let object = match schema {
            Value::Bool(true) => return json!({}),
            Value::Bool(false) => return json!({"not": {}}),
            Value::Object(object) => object,
            other => panic!("`{path}`: a schema must be an object or a boolean, found {other}"),
        };
        let mut out = Map::new();
        let mut target = None;
        for (keyword, value) in object {
            let keyword = keyword.as_str();
            match keyword {
                "$ref" => {
                    let text = value
                        .as_str()
                        .unwrap_or_else(|| panic!("`{path}`: `$ref` must be a string"));
                    target = Some(self.add_referenced(&resolve(path, text)));
                }
                k if DROPPED.contains(&k) => {}
                k if COPIED.contains(&k) => {
                    out.insert(k.to_owned(), value.clone());
                }
                "type" => self.convert_type(path, value, &mut out),
                "const" => {
                    out.insert("enum".into(), json!([value]));
                }
                "examples" => {
                    if let Some(first) = value.as_array().and_then(|a| a.first()) {
                        out.insert("example".into(), first.clone());
                    }
                }
                "required" => {
                    if value.as_array().is_some_and(|a| !a.is_empty()) {
                        out.insert("required".into(), value.clone());
                    }
                }
                "properties" => {
                    let properties = value
                        .as_object()
                        .unwrap_or_else(|| panic!("`{path}`: `properties` must be an object"));
                    let converted: Map<String, Value> = properties
                        .iter()
                        .map(|(name, schema)| (name.clone(), self.convert(path, schema)))
                        .collect();
                    out.insert("properties".into(), Value::Object(converted));
                }
                "items" | "not" => {
                    let converted = self.convert(path, value);
                    out.insert(keyword.to_owned(), converted);
                }
                "additionalProperties" => {
                    let converted = match value {
                        Value::Bool(b) => Value::Bool(*b),
                        schema => self.convert(path, schema),
                    };
                    out.insert("additionalProperties".into(), converted);
                }
                "allOf" | "anyOf" | "oneOf" => {
                    let list = value
                        .as_array()
                        .unwrap_or_else(|| panic!("`{path}`: `{keyword}` must be an array"));
                    let converted = list.iter().map(|s| self.convert(path, s)).collect();
                    out.insert(keyword.to_owned(), Value::Array(converted));
                }
                "exclusiveMinimum" | "exclusiveMaximum" => {
                    let bound = if keyword == "exclusiveMinimum" {
                        "minimum"
                    } else {
                        "maximum"
                    };
                    assert!(
                        value.is_number() && !object.contains_key(bound),
                        "`{path}`: numeric `{keyword}` beside `{bound}` has no OpenAPI 3.0 form"
                    );
                    out.insert(bound.to_owned(), value.clone());
                    out.insert(keyword.to_owned(), Value::Bool(true));
                }
                other => panic!(
                    "`{path}` uses JSON Schema keyword `{other}`, which the OpenAPI 3.0 \
                     conversion does not handle"
                ),
            }
        }
        if out.get("type").and_then(Value::as_str) == Some("array") && !out.contains_key("items") {
            out.insert("items".into(), json!({}));
        }
        match target {
            None => Value::Object(out),
            Some(target) if out.is_empty() => target,
            // 3.0 ignores a `$ref`'s siblings: keep them as a second `allOf` branch.
            Some(target) => json!({"allOf": [target, Value::Object(out)]}),
        }
    }

    fn convert_type(&mut self, path: &str, value: &Value, out: &mut Map<String, Value>) {
        match value {
            Value::String(_) => {
                out.insert("type".into(), value.clone());
            }
            Value::Array(types) => {
                let mut names: Vec<&str> = types
                    .iter()
                    .map(|t| {
                        t.as_str()
                            .unwrap_or_else(|| panic!("`{path}`: `type` entries must be strings"))
                    })
                    .collect();
                let nullable = names.contains(&"null");
                names.retain(|t| *t != "null");
                if nullable {
                    out.insert("nullable".into(), Value::Bool(true));
                }
                match names.as_slice() {
                    [] => panic!("`{path}`: `type: [\"null\"]` has no OpenAPI 3.0 form"),
                    [one] => {
                        out.insert("type".into(), json!(one));
                    }
                    many => {
                        let any: Vec<Value> = many.iter().map(|t| json!({"type": t})).collect();
                        out.insert("anyOf".into(), Value::Array(any));
                    }
                }
            }
            other => panic!("`{path}`: `type` must be a string or an array, found {other}"),
        }
    }
}

/// A `$ref` to component `name`.
pub(crate) fn reference(name: &str) -> Value {
    json!({ "$ref": format!("{COMPONENTS}{name}") })
}

/// The path (relative to `schemas/`) a relative `$ref` in the file at `from` points to.
fn resolve(from: &str, reference: &str) -> String {
    assert!(
        !reference.contains('#') && !reference.contains("://"),
        "`{from}`: `$ref` `{reference}` is not a relative file reference"
    );
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop(); // the referring file's name
    for segment in reference.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "`{from}`: `$ref` `{reference}` leaves schemas/"
                );
            }
            name => parts.push(name),
        }
    }
    parts.join("/")
}

/// The component name of a shared file: its `title` (`ScimUser`), else its file stem in
/// PascalCase.
fn component_name(path: &str) -> String {
    let title = schema_file(path)
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .and_then(|schema| schema.get("title")?.as_str().map(str::to_owned));
    title.unwrap_or_else(|| {
        let stem = path.rsplit('/').next().unwrap_or(path);
        let stem = stem.strip_suffix(".json").unwrap_or(stem);
        stem.split(['-', '_', '.'])
            .map(|word| {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_references_resolve_against_the_referring_file() {
        assert_eq!(
            resolve(
                "provisioning/list-users.output.json",
                "../common/scim-user.json"
            ),
            "common/scim-user.json"
        );
        assert_eq!(
            resolve("common/execution-status.json", "execution-error.json"),
            "common/execution-error.json"
        );
        assert_eq!(
            resolve("common/schema-property.json", "./schema-property.json"),
            "common/schema-property.json"
        );
    }

    #[test]
    fn shared_files_are_named_by_title_and_written_once() {
        let mut set = SchemaSet::default();
        set.add_file("provisioning/list-users.output.json", "ListUsersOutput");
        set.add_file(
            "provisioning/get-user-by-id.output.json",
            "GetUserByIdOutput",
        );
        let map = set.into_map();
        let names: Vec<&str> = map.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "EnterpriseUserExtension",
                "ExecutionError",
                "ExecutionStatus",
                "GetUserByIdOutput",
                "ListUsersOutput",
                "PaginationResponse",
                "ScimAddress",
                "ScimMultiValuedAttribute",
                "ScimName",
                "ScimUser",
                "ScimUserGroup",
            ]
        );
        assert_eq!(
            map["ListUsersOutput"]["properties"]["resources"]["items"],
            json!({"$ref": "#/components/schemas/ScimUser"})
        );
        assert!(map["ListUsersOutput"].get("$comment").is_none());
    }

    #[test]
    fn a_ref_with_siblings_keeps_them_in_all_of() {
        let mut set = SchemaSet::default();
        let out = set.convert(
            "provisioning/update-user.input.json",
            &json!({"$ref": "../common/scim-user.json", "required": ["id"]}),
        );
        assert_eq!(
            out,
            json!({"allOf": [{"$ref": "#/components/schemas/ScimUser"}, {"required": ["id"]}]})
        );
    }

    #[test]
    fn keywords_without_a_3_0_spelling_are_rewritten() {
        let mut set = SchemaSet::default();
        let out = set.convert(
            "common/x.json",
            &json!({
                "$comment": "dropped",
                "type": "object",
                "properties": {
                    "kind": {"const": "email"},
                    "note": {"type": ["string", "null"], "examples": ["a", "b"]},
                    "either": {"type": ["string", "integer"]},
                    "count": {"type": "integer", "exclusiveMinimum": 0},
                    "anything": {"type": "array"},
                    "never": false,
                    "always": true
                },
                "required": []
            }),
        );
        assert_eq!(
            out,
            json!({
                "type": "object",
                "properties": {
                    "kind": {"enum": ["email"]},
                    "note": {"type": "string", "nullable": true, "example": "a"},
                    "either": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                    "count": {"type": "integer", "minimum": 0, "exclusiveMinimum": true},
                    "anything": {"type": "array", "items": {}},
                    "never": {"not": {}},
                    "always": {}
                }
            })
        );
    }

    #[test]
    #[should_panic(expected = "`patternProperties`")]
    fn a_keyword_without_a_3_0_equivalent_is_refused_by_name() {
        SchemaSet::default().convert(
            "common/x.json",
            &json!({"type": "object", "patternProperties": {"^a": {}}}),
        );
    }

    #[test]
    fn a_file_without_a_title_is_named_by_its_stem() {
        assert_eq!(component_name("common/no-such-file.json"), "NoSuchFile");
        assert_eq!(component_name("common/scim-user.json"), "ScimUser");
    }
}
