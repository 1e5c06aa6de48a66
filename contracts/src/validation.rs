//! Validation of JSON values against the contract schemas (JSON Schema 2020-12), reporting the
//! JSON path of every fault without repeating the offending value (it may be a password).

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, Registry, Resource, ValidationError, Validator};
use serde_json::Value;

use crate::table::{contracts, schema_files};

/// The base URI the embedded files are registered under, so relative `$ref`s resolve offline.
const BASE: &str = "okta-actions:///schemas/";

/// Which side of an action a payload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// The body Okta sends.
    Input,
    /// The body the action returns, `executionStatus` included.
    Output,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::Input => "input",
            Direction::Output => "output",
        })
    }
}

/// One place where a payload breaks its contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The JSON Pointer of the fault (RFC 6901), e.g. `/user/userName`; for a missing property,
    /// the pointer of the property that should be there. Pointers, not dotted paths, because the
    /// enterprise extension's key contains dots.
    pub path: String,
    /// What is wrong, without the offending value.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// Compiled validators for every action's input and output.
///
/// ```
/// use okta_actions_contracts::{validators, Direction};
/// use serde_json::json;
/// let v = validators();
/// assert!(v.validate("GetUserById", Direction::Input, &json!({"userId": "u1"})).is_ok());
/// let faults = v.validate("GetUserById", Direction::Input, &json!({"userId": 7})).unwrap_err();
/// assert_eq!(faults[0].path, "/userId");
/// assert_eq!(faults[0].message, "expected string, found integer");
/// ```
pub struct Validators {
    /// Each action's input and output validators, looked up by `&str` without allocating.
    by_action: HashMap<String, [Validator; 2]>,
}

impl fmt::Debug for Validators {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validators")
            .field("schemas", &(self.by_action.len() * 2))
            .finish()
    }
}

/// The validators, compiled once on first use.
pub fn validators() -> &'static Validators {
    static VALIDATORS: OnceLock<Validators> = OnceLock::new();
    VALIDATORS.get_or_init(|| Validators::compile().expect("the embedded schemas compile"))
}

fn registry() -> &'static Registry<'static> {
    static REGISTRY: OnceLock<Registry<'static>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let resources = schema_files()
            .iter()
            .filter(|(path, _)| *path != "index.json")
            .map(|(path, text)| {
                let contents: Value = serde_json::from_str(text).expect("schemas are JSON");
                (format!("{BASE}{path}"), Resource::from_contents(contents))
            });
        Registry::new()
            .draft(Draft::Draft202012)
            .extend(resources)
            .and_then(|builder| builder.prepare())
            .expect("the embedded schemas register")
    })
}

/// Compiles one embedded schema file (path relative to `schemas/`) with every other file
/// available to its `$ref`s.
///
/// # Errors
/// The file does not exist or is not a valid 2020-12 schema.
pub(crate) fn compile_file(path: &str) -> Result<Validator, String> {
    let text = crate::schema_file(path).ok_or_else(|| format!("no schema file `{path}`"))?;
    let schema: Value = serde_json::from_str(text).map_err(|e| format!("{path}: {e}"))?;
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(registry())
        .with_base_uri(format!("{BASE}{path}"))
        .build(&schema)
        .map_err(|e| format!("{path}: {e}"))
}

impl Validators {
    fn compile() -> Result<Self, String> {
        let mut by_action = HashMap::new();
        for action in &contracts().actions {
            by_action.insert(
                action.ident.clone(),
                [compile_file(&action.input)?, compile_file(&action.output)?],
            );
        }
        Ok(Validators { by_action })
    }

    /// Validates `value` as the input or output of the action `ident`, returning every violation.
    ///
    /// # Errors
    /// The violations, in document order; an unknown action is a single violation at the root.
    pub fn validate(
        &self,
        ident: &str,
        direction: Direction,
        value: &Value,
    ) -> Result<(), Vec<Violation>> {
        let Some([input, output]) = self.by_action.get(ident) else {
            return Err(vec![Violation {
                path: String::new(),
                message: format!("no action named `{ident}`"),
            }]);
        };
        let validator = match direction {
            Direction::Input => input,
            Direction::Output => output,
        };
        // The yes/no check stops at the first fault and builds no errors; the violations are
        // collected only for a payload that breaks the contract.
        if validator.is_valid(value) {
            return Ok(());
        }
        let mut violations: Vec<Violation> = validator.iter_errors(value).map(violation).collect();
        if violations.is_empty() {
            return Ok(());
        }
        violations.sort_by(|a, b| a.path.cmp(&b.path));
        violations.dedup();
        Err(violations)
    }
}

/// Validates `value` against one embedded schema file, e.g. `common/scim-user.json`.
///
/// # Errors
/// The violations, or one violation at the root when the file does not compile.
pub fn validate_file(path: &str, value: &Value) -> Result<(), Vec<Violation>> {
    let validator = compile_file(path).map_err(|message| {
        vec![Violation {
            path: String::new(),
            message,
        }]
    })?;
    let violations: Vec<Violation> = validator.iter_errors(value).map(violation).collect();
    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations)
    }
}

fn violation(error: ValidationError<'_>) -> Violation {
    let mut path = error.instance_path().as_str().to_owned();
    let message = match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            path.push('/');
            path.push_str(&name.replace('~', "~0").replace('/', "~1"));
            "missing required property".to_owned()
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            format!("expected {expected}, found {}", json_type(error.instance()))
        }
        ValidationErrorKind::Enum { options } => format!("expected one of {options}"),
        kind => format!("does not satisfy `{}`", kind.keyword()),
    };
    Violation { path, message }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
