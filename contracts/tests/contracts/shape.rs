//! A normalised view of a JSON Schema — property names, types, enums and required flags, with
//! `$ref`s resolved — built from three sources (the contract files, the schemars schema of a Rust
//! type and Okta's reference table) so that any two can be compared.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    /// Any JSON value.
    Any,
    /// A scalar of a JSON type, with its enum values and an assertion-relevant format.
    Scalar {
        ty: String,
        enumeration: Option<Vec<Value>>,
        format: Option<String>,
    },
    Array(Box<Shape>),
    Object {
        properties: BTreeMap<String, Shape>,
        required: BTreeSet<String>,
    },
    /// A definition already being expanded on the current path (recursive shapes).
    Cycle(String),
}

/// The formats worth comparing (others, like schemars' `int64`, are annotations of Rust types).
fn relevant_format(format: Option<&str>) -> Option<String> {
    format
        .filter(|f| matches!(*f, "date-time" | "uri"))
        .map(str::to_owned)
}

/// Builds a shape from a schema, resolving `$ref`s with `resolve(current_file, ref) -> (file, schema)`.
pub(crate) struct SchemaWalker<'a> {
    pub(crate) resolve: &'a dyn Fn(&str, &str) -> (String, Value),
}

impl SchemaWalker<'_> {
    pub(crate) fn shape(&self, file: &str, schema: &Value, stack: &mut Vec<String>) -> Shape {
        let schema = match schema {
            Value::Bool(true) => return Shape::Any,
            Value::Object(map) => map,
            other => panic!("unexpected schema {other}"),
        };
        if let Some(Value::String(reference)) = schema.get("$ref") {
            let (target_file, target) = (self.resolve)(file, reference);
            if stack.contains(&target_file) {
                return Shape::Cycle(target_file);
            }
            stack.push(target_file.clone());
            let mut shape = self.shape(&target_file, &target, stack);
            stack.pop();
            // A `required` next to `$ref` tightens the referenced shape.
            if let (Shape::Object { required, .. }, Some(Value::Array(extra))) =
                (&mut shape, schema.get("required"))
            {
                required.extend(extra.iter().filter_map(|v| v.as_str().map(str::to_owned)));
            }
            return shape;
        }
        // schemars writes an enum whose variants carry docs as `oneOf` consts.
        if let Some(Value::Array(alternatives)) = schema.get("oneOf") {
            let consts: Option<Vec<Value>> = alternatives
                .iter()
                .map(|a| a.get("const").cloned())
                .collect();
            let ty = alternatives[0]
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("string");
            return Shape::Scalar {
                ty: ty.to_owned(),
                enumeration: Some(consts.expect("oneOf alternatives are consts")),
                format: None,
            };
        }
        if let Some(Value::Array(alternatives)) = schema.get("anyOf") {
            let non_null: Vec<&Value> = alternatives
                .iter()
                .filter(|a| a.get("type") != Some(&Value::String("null".into())))
                .collect();
            assert_eq!(non_null.len(), 1, "only `T or null` unions are expected");
            return self.shape(file, non_null[0], stack);
        }
        let ty = match schema.get("type") {
            Some(Value::String(t)) => Some(t.clone()),
            Some(Value::Array(types)) => {
                let types: Vec<&str> = types
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|t| *t != "null")
                    .collect();
                assert_eq!(types.len(), 1, "only `T or null` type unions are expected");
                Some(types[0].to_owned())
            }
            _ => None,
        };
        match ty.as_deref() {
            None => Shape::Any,
            Some("object") => {
                let mut properties = BTreeMap::new();
                if let Some(Value::Object(props)) = schema.get("properties") {
                    for (key, sub) in props {
                        properties.insert(key.clone(), self.shape(file, sub, stack));
                    }
                }
                let required = schema
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|r| {
                        r.iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                Shape::Object {
                    properties,
                    required,
                }
            }
            Some("array") => Shape::Array(Box::new(match schema.get("items") {
                Some(items) => self.shape(file, items, stack),
                None => Shape::Any,
            })),
            Some(scalar) => Shape::Scalar {
                ty: scalar.to_owned(),
                enumeration: schema.get("enum").and_then(Value::as_array).cloned(),
                format: relevant_format(schema.get("format").and_then(Value::as_str)),
            },
        }
    }
}

/// Builds the shape of a reference-table property list (`oin-action-contracts.json`).
pub(crate) fn reference_shape(
    definitions: &Value,
    properties: &[Value],
    stack: &mut Vec<String>,
) -> Shape {
    // Rows are flat dot paths; a child row's path is its parent's path + "." + its key. Keys may
    // contain dots (the enterprise URN), so parents are found by path, never by splitting.
    let mut by_path: BTreeMap<String, (Shape, bool)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for row in properties {
        let path = row["path"].as_str().unwrap().to_owned();
        let shape = reference_row(definitions, row, stack);
        by_path.insert(path.clone(), (shape, row["required"].as_bool().unwrap()));
        order.push(path);
    }
    // Attach children to parents, deepest first.
    let mut top = Shape::Object {
        properties: BTreeMap::new(),
        required: BTreeSet::new(),
    };
    for path in order.iter().rev() {
        let row = properties
            .iter()
            .find(|r| r["path"] == path.as_str())
            .unwrap();
        let (shape, required) = by_path.remove(path).unwrap();
        let key = row["key"].as_str();
        let parent_path = match key {
            Some(key) if path.len() > key.len() => {
                Some(path[..path.len() - key.len() - 1].to_owned())
            }
            Some(_) => None,
            None => Some(path.trim_end_matches("[]").to_owned()),
        };
        let parent = match &parent_path {
            Some(p) => &mut by_path.get_mut(p).expect("parent row precedes child").0,
            None => &mut top,
        };
        match (parent, key) {
            (Shape::Array(item), None) => **item = shape,
            (
                Shape::Object {
                    properties,
                    required: req,
                },
                Some(key),
            ) => {
                properties.insert(key.to_owned(), shape);
                if required {
                    req.insert(key.to_owned());
                }
            }
            (parent, _) => panic!("row {path} under {parent:?}"),
        }
    }
    top
}

fn reference_row(definitions: &Value, row: &Value, stack: &mut Vec<String>) -> Shape {
    let ty = row["type"].as_str().unwrap();
    if let Some(reference) = row.get("ref").and_then(Value::as_str) {
        let def = if stack.iter().any(|s| s == reference) {
            Shape::Cycle(reference.to_owned())
        } else {
            stack.push(reference.to_owned());
            let props = definitions[reference]["properties"].as_array().unwrap();
            let shape = reference_shape(definitions, props, stack);
            stack.pop();
            shape
        };
        return if ty == "array" {
            Shape::Array(Box::new(def))
        } else {
            def
        };
    }
    match ty {
        "any" => Shape::Any,
        "object" => Shape::Object {
            properties: BTreeMap::new(),
            required: BTreeSet::new(),
        },
        "array" => Shape::Array(Box::new(Shape::Any)),
        scalar => Shape::Scalar {
            ty: scalar.to_owned(),
            enumeration: row.get("enum").and_then(Value::as_array).cloned(),
            format: relevant_format(row.get("format").and_then(Value::as_str)),
        },
    }
}

/// Every difference between two shapes, as `path: left vs right` lines. Paths are JSON Pointers.
pub(crate) fn differences(left: &Shape, right: &Shape, path: &str, out: &mut Vec<String>) {
    match (left, right) {
        (Shape::Any, Shape::Any) => {}
        (Shape::Cycle(_), Shape::Cycle(_)) => {}
        (Shape::Array(a), Shape::Array(b)) => differences(a, b, &format!("{path}/[]"), out),
        (
            Shape::Object {
                properties: pa,
                required: ra,
            },
            Shape::Object {
                properties: pb,
                required: rb,
            },
        ) => {
            for key in pa.keys().chain(pb.keys()).collect::<BTreeSet<_>>() {
                let sub = format!("{path}/{key}");
                match (pa.get(key), pb.get(key)) {
                    (Some(a), Some(b)) => differences(a, b, &sub, out),
                    (Some(_), None) => out.push(format!("{sub}: only on the left")),
                    (None, Some(_)) => out.push(format!("{sub}: only on the right")),
                    (None, None) => unreachable!(),
                }
                if ra.contains(key) != rb.contains(key) {
                    out.push(format!(
                        "{sub}: required {} vs {}",
                        ra.contains(key),
                        rb.contains(key)
                    ));
                }
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: {} vs {}", describe(a), describe(b))),
    }
}

fn describe(shape: &Shape) -> String {
    match shape {
        Shape::Any => "any".into(),
        Shape::Scalar {
            ty,
            enumeration,
            format,
        } => {
            let mut s = ty.clone();
            if let Some(f) = format {
                s += &format!(" ({f})");
            }
            if let Some(e) = enumeration {
                s += &format!(" enum {}", Value::Array(e.clone()));
            }
            s
        }
        Shape::Array(_) => "array".into(),
        Shape::Object { .. } => "object".into(),
        Shape::Cycle(name) => format!("cycle {name}"),
    }
}
