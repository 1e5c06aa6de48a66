//! The SCIM schemas the facade serves (RFC 7643 §7), built from the contracts' shapes
//! (`common/scim-user.json`, `enterprise-user-extension.json`, `scim-group.json` and the files
//! they reference) with RFC 7643's attribute characteristics, then extended by the
//! integration's `ListUserSchema` properties. The same model gives attribute names their
//! canonical case on the way in.

use std::sync::OnceLock;

use okta_actions_contracts::{
    ENTERPRISE_USER_SCHEMA, PropertyType, SCIM_GROUP_SCHEMA, SCIM_USER_SCHEMA, SchemaProperty,
    schema_file,
};
use serde_json::{Map, Value, json};

/// One attribute definition (RFC 7643 §7).
#[derive(Debug, Clone)]
pub(crate) struct Attribute {
    pub(crate) name: String,
    pub(crate) kind: &'static str,
    pub(crate) multi_valued: bool,
    pub(crate) description: String,
    pub(crate) required: bool,
    pub(crate) case_exact: bool,
    pub(crate) mutability: &'static str,
    pub(crate) returned: &'static str,
    pub(crate) uniqueness: &'static str,
    pub(crate) canonical_values: Vec<Value>,
    /// The resource types a `reference` points at (`external` for URLs elsewhere).
    pub(crate) reference_types: Vec<&'static str>,
    pub(crate) sub_attributes: Vec<Attribute>,
    /// Whether a `ListUserSchema` property maps onto the attribute (or one of its
    /// sub-attributes).
    mapped: bool,
}

impl Attribute {
    fn new(name: &str, kind: &'static str) -> Self {
        Attribute {
            name: name.to_owned(),
            kind,
            multi_valued: false,
            description: String::new(),
            required: false,
            case_exact: false,
            mutability: "readWrite",
            returned: "default",
            uniqueness: "none",
            canonical_values: Vec::new(),
            reference_types: if kind == "reference" {
                vec!["external"]
            } else {
                Vec::new()
            },
            sub_attributes: Vec::new(),
            mapped: false,
        }
    }

    /// The sub-attribute with this name, compared case-insensitively, for changing it.
    fn sub_mut(&mut self, name: &str) -> Option<&mut Attribute> {
        self.sub_attributes
            .iter_mut()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// The sub-attribute with this name, compared case-insensitively.
    pub(crate) fn sub(&self, name: &str) -> Option<&Attribute> {
        find(&self.sub_attributes, name)
    }

    fn to_json(&self) -> Value {
        let mut value = json!({
            "name": self.name,
            "type": self.kind,
            "multiValued": self.multi_valued,
            "description": self.description,
            "required": self.required,
            "mutability": self.mutability,
            "returned": self.returned,
        });
        if matches!(self.kind, "string" | "reference" | "binary") {
            value["caseExact"] = json!(self.case_exact);
            value["uniqueness"] = json!(self.uniqueness);
        }
        if self.kind == "reference" {
            value["referenceTypes"] = json!(self.reference_types);
        }
        if !self.canonical_values.is_empty() {
            value["canonicalValues"] = json!(self.canonical_values);
        }
        if !self.sub_attributes.is_empty() {
            value["subAttributes"] =
                Value::Array(self.sub_attributes.iter().map(Attribute::to_json).collect());
        }
        value
    }
}

/// The attribute with this name in a list, compared case-insensitively.
pub(crate) fn find<'a>(attributes: &'a [Attribute], name: &str) -> Option<&'a Attribute> {
    attributes
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(name))
}

/// One schema (RFC 7643 §7).
#[derive(Debug, Clone)]
pub(crate) struct Schema {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) attributes: Vec<Attribute>,
}

impl Schema {
    /// The schema resource, with `meta` pointing at `{base}/Schemas/{id}`.
    pub(crate) fn to_json(&self, base: &str) -> Value {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "attributes": self.attributes.iter().map(Attribute::to_json).collect::<Vec<_>>(),
            "meta": {"resourceType": "Schema", "location": format!("{base}/Schemas/{}", self.id)},
        })
    }
}

/// The built-in schemas: User, EnterpriseUser, Group.
pub(crate) fn builtin() -> &'static [Schema] {
    static SCHEMAS: OnceLock<Vec<Schema>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        vec![
            Schema {
                id: SCIM_USER_SCHEMA.to_owned(),
                name: "User".to_owned(),
                description: "User Account".to_owned(),
                attributes: from_contract("scim-user.json", user_facts),
            },
            Schema {
                id: ENTERPRISE_USER_SCHEMA.to_owned(),
                name: "EnterpriseUser".to_owned(),
                description: "Enterprise User".to_owned(),
                attributes: from_contract("enterprise-user-extension.json", enterprise_facts),
            },
            Schema {
                id: SCIM_GROUP_SCHEMA.to_owned(),
                name: "Group".to_owned(),
                description: "Group".to_owned(),
                attributes: {
                    let mut attributes = from_contract("scim-group.json", group_facts);
                    attributes.push(members());
                    attributes
                },
            },
        ]
    })
}

/// The built-in schema with this id.
pub(crate) fn builtin_schema(id: &str) -> &'static Schema {
    builtin()
        .iter()
        .find(|s| s.id == id)
        .unwrap_or(&builtin()[0])
}

/// The attributes of a contract shape, with RFC 7643's characteristics applied by `facts`.
fn from_contract(file: &str, facts: fn(&mut Attribute)) -> Vec<Attribute> {
    let Some(schema) = load(file) else {
        return Vec::new();
    };
    let mut attributes = attributes_of(&schema);
    for attribute in &mut attributes {
        facts(attribute);
    }
    attributes
}

fn load(file: &str) -> Option<Value> {
    schema_file(&format!("common/{file}")).and_then(|text| serde_json::from_str(text).ok())
}

fn attributes_of(schema: &Value) -> Vec<Attribute> {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    properties
        .iter()
        .filter(|(name, _)| *name != "schemas" && !name.starts_with("urn:"))
        .map(|(name, property)| {
            let mut attribute = attribute_of(name, property);
            attribute.required = required.contains(&name.as_str());
            attribute
        })
        .collect()
}

fn attribute_of(name: &str, property: &Value) -> Attribute {
    let scim_name = if name == "ref" { "$ref" } else { name };
    let description = property
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let mut attribute = match property.get("type").and_then(Value::as_str) {
        Some("array") => {
            let items = property.get("items").cloned().unwrap_or(Value::Null);
            let mut attribute = attribute_of(scim_name, &items);
            attribute.multi_valued = true;
            attribute
        }
        Some("object") => {
            let mut attribute = Attribute::new(scim_name, "complex");
            attribute.sub_attributes = attributes_of(property);
            attribute
        }
        Some("boolean") => Attribute::new(scim_name, "boolean"),
        Some("integer") => Attribute::new(scim_name, "integer"),
        Some("number") => Attribute::new(scim_name, "decimal"),
        Some(_) if name == "ref" => Attribute::new(scim_name, "reference"),
        Some(_) => Attribute::new(scim_name, "string"),
        None => match property
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|file| load(file.trim_start_matches("../common/")))
        {
            Some(referenced) => {
                let mut attribute = Attribute::new(scim_name, "complex");
                attribute.sub_attributes = attributes_of(&referenced);
                attribute
            }
            None => Attribute::new(scim_name, "string"),
        },
    };
    if !description.is_empty() {
        attribute.description = description;
    }
    attribute
}

/// RFC 7643 §4.1 and §8.7.1 characteristics of the core User attributes.
fn user_facts(attribute: &mut Attribute) {
    match attribute.name.as_str() {
        "id" => id_facts(attribute),
        "externalId" => attribute.case_exact = true,
        "userName" => {
            attribute.required = true;
            attribute.uniqueness = "server";
        }
        "password" => {
            attribute.mutability = "writeOnly";
            attribute.returned = "never";
        }
        "groups" => {
            attribute.mutability = "readOnly";
            for sub in &mut attribute.sub_attributes {
                sub.mutability = "readOnly";
                if sub.kind == "reference" {
                    sub.reference_types = vec!["Group"];
                }
            }
        }
        "profileUrl" => {
            attribute.kind = "reference";
            attribute.reference_types = vec!["external"];
        }
        _ => {}
    }
}

/// RFC 7643 §4.3: the manager is a User.
fn enterprise_facts(attribute: &mut Attribute) {
    if attribute.name == "manager"
        && let Some(reference) = attribute.sub_mut("$ref")
    {
        reference.reference_types = vec!["User"];
    }
}

/// RFC 7643 §4.2 characteristics of the core Group attributes.
fn group_facts(attribute: &mut Attribute) {
    match attribute.name.as_str() {
        "id" => id_facts(attribute),
        "displayName" => attribute.required = true,
        _ => {}
    }
}

fn id_facts(attribute: &mut Attribute) {
    attribute.mutability = "readOnly";
    attribute.returned = "always";
    attribute.case_exact = true;
    attribute.uniqueness = "server";
}

/// `members` of a Group: the contracts manage membership through the member actions, so the
/// attribute is defined here from `group-member.json`, with RFC 7643 §8.7.1's `type` and
/// `$ref`. Members are users (the contracts' member `value` is a user id); `display` is what
/// the service reports, read-only.
fn members() -> Attribute {
    let mut attribute = Attribute::new("members", "complex");
    attribute.multi_valued = true;
    attribute.description = "A list of members of the Group.".to_owned();
    attribute.sub_attributes = load("group-member.json")
        .map(|schema| attributes_of(&schema))
        .unwrap_or_default();
    for sub in &mut attribute.sub_attributes {
        sub.required = false;
        match sub.name.as_str() {
            "value" => {
                sub.mutability = "immutable";
                sub.case_exact = true;
            }
            "display" => sub.mutability = "readOnly",
            _ => {}
        }
    }
    let mut reference = Attribute::new("$ref", "reference");
    reference.mutability = "immutable";
    reference.reference_types = vec!["User"];
    reference.description = "The URI of the member.".to_owned();
    attribute.sub_attributes.push(reference);
    let mut kind = Attribute::new("type", "string");
    kind.mutability = "immutable";
    kind.canonical_values = vec![json!("User")];
    kind.description = "The type of the member: `User`.".to_owned();
    attribute.sub_attributes.push(kind);
    attribute
}

/// The built-in schemas extended by the vendor's `ListUserSchema` properties: a property in
/// the core or enterprise namespace refines the attribute its external name designates
/// (`title`, `name.givenName`, `emails[primary eq true].value`: description, required,
/// canonical values; a required sub-attribute makes its attribute required too) or adds it;
/// a property in another namespace goes into a schema of that id; a property without a
/// namespace is one of the integration's own attributes, in the schema `extension`. The User
/// and EnterpriseUser attributes no property maps are then declared `readOnly` (see
/// [`read_only_unless_mapped`]).
pub(crate) fn with_properties(properties: &[SchemaProperty], extension: &str) -> Vec<Schema> {
    let mut schemas = builtin().to_vec();
    schemas.push(extension_schema(extension));
    for property in properties {
        let Some(name) = property_name(property) else {
            continue;
        };
        let namespace = property
            .external_namespace
            .as_deref()
            .filter(|ns| !ns.is_empty())
            .unwrap_or(extension);
        let index = match schemas
            .iter()
            .position(|s| s.id.eq_ignore_ascii_case(namespace))
        {
            Some(index) => index,
            None => {
                schemas.push(Schema {
                    description: "Extension attributes of the service's users".to_owned(),
                    ..extension_schema(namespace)
                });
                schemas.len() - 1
            }
        };
        merge_path(&mut schemas[index].attributes, name, property);
    }
    for schema in &mut schemas {
        if schema.id == SCIM_USER_SCHEMA || schema.id == ENTERPRISE_USER_SCHEMA {
            read_only_unless_mapped(&mut schema.attributes);
        }
    }
    schemas
}

/// Attributes the facade writes whatever the vendor's schema says: `active` (ActivateUser,
/// DeactivateUser), `password` (UpdateUserPassword), and the identifiers.
const ALWAYS_WRITABLE: [&str; 3] = ["userName", "active", "password"];

/// Declares `readOnly` the attributes no `ListUserSchema` property maps: Okta writes only the
/// attributes of the app's profile, which are these properties, and a service stores no
/// others, so a client learns from `/Schemas` what it can set. Within a mapped complex
/// attribute whose sub-attributes are mapped (`name.givenName`), the others are read-only.
fn read_only_unless_mapped(attributes: &mut [Attribute]) {
    // A reference's `$ref` designates what its `value` does: writable together.
    let value_mapped = attributes.iter().any(|a| a.name == "value" && a.mapped);
    for attribute in attributes {
        if ALWAYS_WRITABLE.contains(&attribute.name.as_str())
            || (value_mapped && attribute.name == "$ref")
        {
            continue;
        }
        if !attribute.mapped {
            make_read_only(attribute);
        } else if attribute.sub_attributes.iter().any(|s| s.mapped) {
            read_only_unless_mapped(&mut attribute.sub_attributes);
        }
    }
}

fn make_read_only(attribute: &mut Attribute) {
    attribute.mutability = "readOnly";
    attribute.required = false;
    for sub in &mut attribute.sub_attributes {
        make_read_only(sub);
    }
}

/// The schema of the integration's own user attributes, before `ListUserSchema` fills it.
pub(crate) fn extension_schema(id: &str) -> Schema {
    Schema {
        id: id.to_owned(),
        name: schema_name(id).to_owned(),
        description: "The service's own user attributes".to_owned(),
        attributes: Vec::new(),
    }
}

/// The name of an extension schema: the segment before its version
/// (`urn:…:extension:acme:2.0:User` → `acme`), else the whole id.
fn schema_name(id: &str) -> &str {
    let segments: Vec<&str> = id.split(':').collect();
    match segments.as_slice() {
        [.., name, version, _] if version.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
            name
        }
        _ => id,
    }
}

/// Merges a property into the attribute its path designates: `attr`, `attr.sub` or
/// `attr[filter].sub` (the filter only picks a value of a multi-valued attribute).
fn merge_path(attributes: &mut Vec<Attribute>, path: &str, property: &SchemaProperty) {
    let top_end = path.find(['.', '[']).unwrap_or(path.len());
    let (top, rest) = path.split_at(top_end);
    let sub = match rest.rfind(']') {
        Some(close) => rest[close + 1..].strip_prefix('.'),
        None => rest.strip_prefix('.'),
    };
    let Some(sub) = sub.filter(|s| !s.is_empty()) else {
        return merge(attributes, top, property);
    };
    let index = match attributes
        .iter()
        .position(|a| a.name.eq_ignore_ascii_case(top))
    {
        Some(index) => index,
        None => {
            attributes.push(Attribute::new(top, "complex"));
            attributes.len() - 1
        }
    };
    let parent = &mut attributes[index];
    parent.mapped = true;
    if property.required == Some(true) {
        parent.required = true;
    }
    merge(&mut parent.sub_attributes, sub, property);
}

fn property_name(property: &SchemaProperty) -> Option<&str> {
    property
        .external_name
        .as_deref()
        .or(property.name.as_deref())
        .filter(|n| !n.is_empty())
}

fn merge(attributes: &mut Vec<Attribute>, name: &str, property: &SchemaProperty) {
    let existing = attributes
        .iter_mut()
        .position(|a| a.name.eq_ignore_ascii_case(name));
    let attribute = match existing {
        Some(index) => &mut attributes[index],
        None => {
            attributes.push(new_attribute(name, property));
            return;
        }
    };
    attribute.mapped = true;
    if let Some(description) = property
        .description
        .as_deref()
        .or(property.title.as_deref())
    {
        attribute.description = description.to_owned();
    }
    if let Some(required) = property.required {
        attribute.required = required;
    }
    if let Some(values) = &property.enum_constraint {
        attribute.canonical_values = values.clone();
    }
    for child in property.properties.iter().flatten() {
        if let Some(child_name) = property_name(child) {
            merge(&mut attribute.sub_attributes, child_name, child);
        }
    }
}

fn new_attribute(name: &str, property: &SchemaProperty) -> Attribute {
    let (kind, multi_valued) = match property.property_type {
        Some(PropertyType::Boolean) => ("boolean", false),
        Some(PropertyType::Integer) => ("integer", false),
        Some(PropertyType::Number) => ("decimal", false),
        // Okta's `date` is an ISO 8601 date, not the xsd:dateTime of SCIM's `dateTime`.
        Some(PropertyType::Date) => ("string", false),
        Some(PropertyType::Uri) => ("reference", false),
        Some(PropertyType::Object) => ("complex", false),
        Some(PropertyType::Array) if property.properties.is_some() => ("complex", true),
        Some(PropertyType::Array) => ("string", true),
        _ => ("string", false),
    };
    let mut attribute = Attribute::new(name, kind);
    attribute.mapped = true;
    attribute.multi_valued = multi_valued;
    attribute.description = property
        .description
        .clone()
        .or_else(|| property.title.clone())
        .unwrap_or_default();
    attribute.required = property.required.unwrap_or(false);
    attribute.canonical_values = property.enum_constraint.clone().unwrap_or_default();
    for child in property.properties.iter().flatten() {
        if let Some(child_name) = property_name(child) {
            attribute
                .sub_attributes
                .push(new_attribute(child_name, child));
        }
    }
    attribute
}

/// Gives the keys of a resource their canonical case (attribute names are case-insensitive,
/// RFC 7643 §2.1): top-level keys by the core schema, the enterprise extension's keys by its
/// schema, sub-attribute keys by their attribute. Unknown keys are kept as sent.
pub(crate) fn canonicalize(resource: &mut Map<String, Value>, core: &str) {
    let core = builtin_schema(core);
    let keys: Vec<String> = resource.keys().cloned().collect();
    for key in keys {
        let (canonical, attributes): (String, Option<&[Attribute]>) =
            if key.eq_ignore_ascii_case(ENTERPRISE_USER_SCHEMA) {
                (
                    ENTERPRISE_USER_SCHEMA.to_owned(),
                    Some(&builtin_schema(ENTERPRISE_USER_SCHEMA).attributes),
                )
            } else if key.eq_ignore_ascii_case("schemas") {
                ("schemas".to_owned(), None)
            } else if let Some(attribute) = find(&core.attributes, &key) {
                (attribute.name.clone(), Some(&attribute.sub_attributes))
            } else {
                (key.clone(), None)
            };
        let Some(mut value) = resource.remove(&key) else {
            continue;
        };
        if let Some(attributes) = attributes.filter(|a| !a.is_empty()) {
            canonicalize_value(&mut value, attributes);
        }
        resource.insert(canonical, value);
    }
}

fn canonicalize_value(value: &mut Value, attributes: &[Attribute]) {
    match value {
        Value::Object(object) => {
            let keys: Vec<String> = object.keys().cloned().collect();
            for key in keys {
                let Some(attribute) = find(attributes, &key) else {
                    continue;
                };
                if let Some(mut inner) = object.remove(&key) {
                    if !attribute.sub_attributes.is_empty() {
                        canonicalize_value(&mut inner, &attribute.sub_attributes);
                    }
                    object.insert(attribute.name.clone(), inner);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                canonicalize_value(item, attributes);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_schema_comes_from_the_contract_with_rfc_characteristics() {
        let user = builtin_schema(SCIM_USER_SCHEMA);
        let user_name = find(&user.attributes, "USERNAME").unwrap();
        assert!(user_name.required);
        assert_eq!(user_name.uniqueness, "server");
        assert!(!user_name.case_exact);
        let emails = find(&user.attributes, "emails").unwrap();
        assert!(emails.multi_valued);
        assert!(emails.sub("value").is_some());
        assert_eq!(
            find(&user.attributes, "password").unwrap().returned,
            "never"
        );
        assert!(find(&user.attributes, "schemas").is_none());
        let manager = find(
            &builtin_schema(ENTERPRISE_USER_SCHEMA).attributes,
            "manager",
        )
        .unwrap();
        assert!(manager.sub("$ref").is_some());
    }

    #[test]
    fn keys_get_their_canonical_case() {
        let mut user = json!({"USERNAME": "a", "name": {"GIVENNAME": "A"}, "emails": [{"VALUE": "x"}], "custom": 1})
            .as_object()
            .cloned()
            .unwrap();
        canonicalize(&mut user, SCIM_USER_SCHEMA);
        assert_eq!(
            Value::Object(user),
            json!({"userName": "a", "name": {"givenName": "A"}, "emails": [{"value": "x"}], "custom": 1})
        );
    }
}
