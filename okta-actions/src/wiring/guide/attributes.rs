//! The attributes table: every discovered user attribute (name, label, type, required, the
//! vendor attribute it maps to, allowed values), or the contract's base attributes when no
//! schema was discovered.

use std::fmt::Write;

use okta_actions_contracts::{ENTERPRISE_USER_SCHEMA, SchemaProperty, schema_file};
use serde_json::Value;

use super::DiscoveredSchema;

/// Allowed values listed in one cell before the rest are counted.
const MAX_VALUES_SHOWN: usize = 20;

/// The base attributes every user has in the contracts (`common/scim-user.json`), as Okta
/// names them: `(attribute, label, SCIM path, type)`.
pub(super) const BASE_ATTRIBUTES: &[(&str, &str, &str, &str)] = &[
    ("userName", "Username", "userName", "string"),
    ("givenName", "First name", "name.givenName", "string"),
    ("familyName", "Last name", "name.familyName", "string"),
    (
        "email",
        "Primary email",
        "emails[primary eq true].value",
        "email",
    ),
];

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    name: String,
    label: String,
    kind: String,
    required: Option<bool>,
    maps_to: String,
    /// `maps_to` is in the SCIM enterprise user extension.
    enterprise: bool,
    allowed: Vec<String>,
}

/// Writes the table of the discovered attributes, or of the base attributes.
pub(super) fn write_table(out: &mut String, schema: Option<&DiscoveredSchema>) -> std::fmt::Result {
    let rows = match schema {
        Some(schema) => discovered_rows(schema),
        None => base_rows(),
    };
    writeln!(
        out,
        "| Attribute | Label | Type | Required | Maps to | Allowed values |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for row in rows {
        let required = match row.required {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        };
        let maps_to = match (row.maps_to.is_empty(), row.enterprise) {
            (true, _) => String::new(),
            (false, false) => format!("`{}`", cell(&row.maps_to)),
            (false, true) => format!("`{}` (enterprise extension)", cell(&row.maps_to)),
        };
        let allowed = if row.allowed.len() > MAX_VALUES_SHOWN {
            format!(
                "{} and {} more",
                row.allowed[..MAX_VALUES_SHOWN].join(", "),
                row.allowed.len() - MAX_VALUES_SHOWN
            )
        } else {
            row.allowed.join(", ")
        };
        writeln!(
            out,
            "| `{}` | {} | {} | {required} | {maps_to} | {} |",
            cell(&row.name),
            cell(&row.label),
            row.kind,
            cell(&allowed)
        )?;
    }
    Ok(())
}

/// The base attributes, with `required` as the contract says.
fn base_rows() -> Vec<Row> {
    let required: Vec<String> = schema_file("common/scim-user.json")
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .and_then(|schema| serde_json::from_value(schema["required"].clone()).ok())
        .unwrap_or_default();
    BASE_ATTRIBUTES
        .iter()
        .map(|(name, label, path, kind)| Row {
            name: (*name).to_owned(),
            label: (*label).to_owned(),
            kind: (*kind).to_owned(),
            required: Some(required.iter().any(|r| r == path)),
            maps_to: (*path).to_owned(),
            enterprise: false,
            allowed: Vec::new(),
        })
        .collect()
}

/// Every discovered property, object properties flattened to `parent.child`.
fn discovered_rows(schema: &DiscoveredSchema) -> Vec<Row> {
    let mut rows = Vec::new();
    for property in &schema.properties {
        flatten(property, "", schema, &mut rows);
    }
    rows
}

fn flatten(
    property: &SchemaProperty,
    parent: &str,
    schema: &DiscoveredSchema,
    rows: &mut Vec<Row>,
) {
    let own = property.name.clone().unwrap_or_default();
    let name = if parent.is_empty() {
        own
    } else {
        format!("{parent}.{own}")
    };
    let kind = property
        .property_type
        .and_then(|t| serde_json::to_value(t).ok())
        .and_then(|v| v.as_str().map(|s| s.to_lowercase().replace('_', " ")))
        .unwrap_or_default();
    rows.push(Row {
        label: property.title.clone().unwrap_or_default(),
        kind,
        required: property.required,
        maps_to: property.external_name.clone().unwrap_or_default(),
        enterprise: property.external_namespace.as_deref() == Some(ENTERPRISE_USER_SCHEMA),
        allowed: allowed_values(property, &name, schema),
        name: name.clone(),
    });
    for child in property.properties.iter().flatten() {
        flatten(child, &name, schema, rows);
    }
}

/// `` `value` (Title) `` for each value of the property's enum constraint, then each discovered
/// property value of the same name not listed yet.
fn allowed_values(property: &SchemaProperty, name: &str, schema: &DiscoveredSchema) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut shown = Vec::new();
    let mut add = |id: String, title: Option<&str>| {
        if ids.contains(&id) {
            return;
        }
        shown.push(match title.filter(|t| !t.is_empty() && *t != id) {
            Some(title) => format!("`{id}` ({title})"),
            None => format!("`{id}`"),
        });
        ids.push(id);
    };
    for value in property.enum_constraint.iter().flatten() {
        let id = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let title = property
            .enum_titles
            .as_ref()
            .and_then(|titles| titles.get(&id))
            .and_then(Value::as_str);
        add(id, title);
    }
    for value in &schema.values {
        if value.schema_property_name.as_deref() == Some(name)
            && let Some(id) = &value.id
        {
            add(id.clone(), value.display_name.as_deref());
        }
    }
    shown
}

/// Text safe inside a table cell: no line breaks, `|` escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_attributes_are_in_the_user_contract() {
        let user: Value =
            serde_json::from_str(schema_file("common/scim-user.json").unwrap()).unwrap();
        for (_, _, path, _) in BASE_ATTRIBUTES {
            let top = path.split(['.', '[']).next().unwrap();
            assert!(user["properties"][top].is_object(), "{path}");
        }
        let rows = base_rows();
        assert_eq!(rows[0].required, Some(true), "userName is required");
        assert!(rows[1..].iter().all(|r| r.required == Some(false)));
    }
}
