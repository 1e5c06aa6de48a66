//! The contract set's tests: the files, the samples, the Rust models and Okta's reference agree.

mod fuzz;
mod shape;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use okta_actions_contracts::*;
use serde_json::{Value, json};
use shape::{SchemaWalker, Shape, differences, reference_shape};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn kebab(ident: &str) -> String {
    let mut out = String::new();
    for (i, c) in ident.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn sample(ident: &str, direction: Direction) -> Value {
    let path = crate_dir().join(format!("tests/samples/{}.{direction}.json", kebab(ident)));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `$body` once per action with `C` bound to the action's marker type.
macro_rules! for_each_action {
    ($f:ident) => {{
        use okta_actions_contracts::action::*;
        $f::<UniversalLogout>();
        $f::<CreateUser>();
        $f::<UpdateUser>();
        $f::<UpdateUserPassword>();
        $f::<ActivateUser>();
        $f::<DeactivateUser>();
        $f::<GetUserById>();
        $f::<GetUserByUserName>();
        $f::<ListUsers>();
        $f::<CreateGroup>();
        $f::<UpdateGroup>();
        $f::<RemoveGroup>();
        $f::<AddGroupMembers>();
        $f::<RemoveGroupMembers>();
        $f::<ListGroupMembers>();
        $f::<GetGroupById>();
        $f::<ListGroups>();
        $f::<ListGroupsByDisplayName>();
        $f::<ListUserSchema>();
        $f::<ListEntitlementSchema>();
        $f::<ListUserSchemaPropertyValues>();
        $f::<ListEntitlementSchemaPropertyValues>();
        okta_actions_contracts::action::ALL.len()
    }};
}

#[test]
fn index_lists_all_22_actions_with_their_files() {
    let set = contracts();
    assert_eq!(set.actions.len(), 22);
    assert_eq!(set.contract_version, CONTRACT_VERSION);
    let count = |cap| set.actions.iter().filter(|a| a.capability == cap).count();
    assert_eq!(count(Capability::Provisioning), 17);
    assert_eq!(count(Capability::Entitlements), 4);
    assert_eq!(count(Capability::UniversalLogout), 1);
    let idents: BTreeSet<&str> = set.actions.iter().map(|a| a.ident.as_str()).collect();
    assert_eq!(idents, action::ALL.iter().copied().collect());
    let groups: BTreeSet<&str> = set.oin_groups.iter().map(|g| g.name.as_str()).collect();
    for a in &set.actions {
        assert!(
            groups.contains(a.oin_group.as_str()),
            "{}: unknown group",
            a.ident
        );
        assert!(a.title.starts_with("Provisioning") || a.title.starts_with("Proprietary"));
        let folder = a.capability.as_str();
        assert_eq!(a.input, format!("{folder}/{}.input.json", kebab(&a.ident)));
        assert_eq!(
            a.output,
            format!("{folder}/{}.output.json", kebab(&a.ident))
        );
        assert!(
            a.input_schema()
                .contains(&format!("\"{} (input)\"", a.title))
        );
        assert!(
            a.output_schema()
                .contains(&format!("\"{} (output)\"", a.title))
        );
        assert_eq!(a.list.is_some(), a.ident.starts_with("List"), "{}", a.ident);
    }
}

#[test]
fn embedded_files_are_exactly_the_schemas_folder() {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                out.insert(
                    path.strip_prefix(root)
                        .unwrap()
                        .to_str()
                        .unwrap()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let root = crate_dir().join("schemas");
    let mut on_disk = BTreeSet::new();
    walk(&root, &root, &mut on_disk);
    let embedded: BTreeSet<String> = schema_files().iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(embedded, on_disk);
    for (path, text) in schema_files() {
        assert_eq!(
            *text,
            std::fs::read_to_string(root.join(path)).unwrap(),
            "{path}"
        );
    }
}

#[test]
fn every_schema_is_a_valid_2020_12_schema_and_compiles() {
    for (path, text) in schema_files() {
        if *path == "index.json" {
            continue;
        }
        let schema: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{path}"
        );
        assert!(
            jsonschema::meta::is_valid(&schema),
            "{path} is not a valid schema"
        );
        // Compiling resolves every relative `$ref`; a dangling one fails here.
        validate_file(path, &json!({})).ok();
    }
    // Compiling every action's validators resolves every `$ref` of every action.
    let _ = validators();
}

#[test]
fn samples_validate_and_round_trip_through_the_rust_types() {
    fn check<C: Contract>() {
        let input = sample(C::IDENT, Direction::Input);
        let output = sample(C::IDENT, Direction::Output);
        for (direction, value) in [(Direction::Input, &input), (Direction::Output, &output)] {
            assert_ne!(
                value,
                &json!({}),
                "{} {direction} sample is empty",
                C::IDENT
            );
            if let Err(violations) = validators().validate(C::IDENT, direction, value) {
                panic!("{} {direction} sample: {violations:?}", C::IDENT);
            }
        }
        let typed: C::Input = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            input,
            "{} input",
            C::IDENT
        );
        let typed: ActionResponse<C::Output> = serde_json::from_value(output.clone()).unwrap();
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            output,
            "{} output",
            C::IDENT
        );
    }
    let actions = for_each_action!(check);
    assert_eq!(actions, 22);
}

#[test]
fn unknown_properties_of_extensible_objects_round_trip() {
    let user = json!({
        "schemas": [SCIM_USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
        "userName": "ada@acme.example",
        "favouriteColour": "teal",
        "nested": {"any": ["shape", 1, true]},
        ENTERPRISE_USER_SCHEMA: {"department": "R&D", "badgeColour": "blue"}
    });
    let typed: ScimUser = serde_json::from_value(user.clone()).unwrap();
    assert_eq!(typed.extra["favouriteColour"], "teal");
    assert_eq!(
        typed.enterprise.as_ref().unwrap().extra["badgeColour"],
        "blue"
    );
    assert_eq!(serde_json::to_value(&typed).unwrap(), user);
    assert!(validate_file("common/scim-user.json", &user).is_ok());
}

#[test]
fn passwords_never_appear_in_debug_output() {
    let input: CreateUserInput = serde_json::from_value(json!({
        "user": {"schemas": [SCIM_USER_SCHEMA], "userName": "ada", "password": "canary-Tr0ub4dor"}
    }))
    .unwrap();
    let printed = format!("{input:?} {input:#?}");
    assert!(!printed.contains("canary-Tr0ub4dor"), "{printed}");
    let input = UpdateUserPasswordInput {
        user_id: "u1".into(),
        password: Secret::new("canary-Tr0ub4dor"),
    };
    assert!(!format!("{input:?}").contains("canary"));
    assert_eq!(
        serde_json::to_value(&input).unwrap()["password"],
        "canary-Tr0ub4dor"
    );
}

fn contract_walker() -> impl Fn(&str, &str) -> (String, Value) {
    |file: &str, reference: &str| {
        let dir = Path::new(file).parent().unwrap_or(Path::new(""));
        let mut parts: Vec<&str> = dir
            .to_str()
            .unwrap()
            .split('/')
            .filter(|p| !p.is_empty())
            .collect();
        for segment in reference.split('/') {
            match segment {
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        let target = parts.join("/");
        let text =
            schema_file(&target).unwrap_or_else(|| panic!("{file}: dangling $ref {reference}"));
        (target, serde_json::from_str(text).unwrap())
    }
}

fn contract_shape(file: &str) -> Shape {
    let resolve = contract_walker();
    let walker = SchemaWalker { resolve: &resolve };
    let schema: Value = serde_json::from_str(schema_file(file).unwrap()).unwrap();
    walker.shape(file, &schema, &mut vec![file.to_owned()])
}

fn rust_shape<T: schemars::JsonSchema>() -> Shape {
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    let defs = schema.get("$defs").cloned().unwrap_or(json!({}));
    let resolve = move |_: &str, reference: &str| {
        let name = reference
            .strip_prefix("#/$defs/")
            .expect("schemars refs point into $defs");
        (name.to_owned(), defs[name].clone())
    };
    let walker = SchemaWalker { resolve: &resolve };
    walker.shape("", &schema, &mut Vec::new())
}

/// Where a contract is deliberately stricter than the Rust type that carries it; the schema
/// enforces these at runtime (input and output validation).
const RUST_TYPE_REFINEMENTS: &[(&str, &str)] = &[
    // One ScimUser type serves creates (no id yet) and updates (id names the target).
    ("UpdateUser input", "/user/id: required true vs false"),
];

#[test]
fn rust_types_agree_with_their_contracts_in_both_directions() {
    fn check<C: Contract>() {
        let spec = contracts().action(C::IDENT).unwrap();
        for (label, contract, rust) in [
            (
                "input",
                contract_shape(&spec.input),
                rust_shape::<C::Input>(),
            ),
            (
                "output",
                contract_shape(&spec.output),
                rust_shape::<ActionResponse<C::Output>>(),
            ),
        ] {
            let mut diffs = Vec::new();
            differences(&contract, &rust, "", &mut diffs);
            let context = format!("{} {label}", C::IDENT);
            diffs.retain(|d| !RUST_TYPE_REFINEMENTS.contains(&(context.as_str(), d.as_str())));
            assert!(
                diffs.is_empty(),
                "{context}: contract (left) vs Rust (right):\n{}",
                diffs.join("\n")
            );
        }
    }
    let actions = for_each_action!(check);
    assert_eq!(actions, 22);
}

/// The readings this contract set takes where Okta's reference is inconsistent or silent; each
/// is also written in the schema's `$comment`.
const READINGS_OF_THE_REFERENCE: &[(&str, &str)] = &[
    ("CreateUser input", "/user: required true vs false"),
    ("UpdateUser input", "/user: required true vs false"),
    ("CreateGroup input", "/group: required true vs false"),
    ("UpdateGroup input", "/group: required true vs false"),
    ("CreateUser input", "/user/id: required false vs true"),
    ("CreateUser output", "/user/id: required false vs true"),
    ("UpdateUser output", "/user/id: required false vs true"),
    ("GetUserById output", "/user/id: required false vs true"),
    (
        "GetUserByUserName output",
        "/user/id: required false vs true",
    ),
    (
        "ListUsers output",
        "/resources/[]/id: required false vs true",
    ),
    ("CreateUser input", "/user/schemas/[]: string vs any"),
    ("UpdateUser input", "/user/schemas/[]: string vs any"),
    ("CreateUser output", "/user/schemas/[]: string vs any"),
    ("UpdateUser output", "/user/schemas/[]: string vs any"),
    ("GetUserById output", "/user/schemas/[]: string vs any"),
    (
        "GetUserByUserName output",
        "/user/schemas/[]: string vs any",
    ),
    (
        "ListUsers output",
        "/resources/[]/schemas/[]: string vs any",
    ),
    ("CreateGroup input", "/group/schemas/[]: string vs any"),
    ("UpdateGroup input", "/group/schemas/[]: string vs any"),
    ("CreateGroup output", "/group/schemas/[]: string vs any"),
    ("UpdateGroup output", "/group/schemas/[]: string vs any"),
    ("GetGroupById output", "/group/schemas/[]: string vs any"),
    (
        "ListGroups output",
        "/resources/[]/schemas/[]: string vs any",
    ),
    (
        "ListGroupsByDisplayName output",
        "/resources/[]/schemas/[]: string vs any",
    ),
];

#[test]
fn contracts_hold_every_property_of_okta_reference_and_nothing_more() {
    let reference: Value =
        serde_json::from_str(&std::fs::read_to_string(crate_dir().join("reference.json")).unwrap())
            .unwrap();
    let definitions = &reference["definitions"];
    let mut unexplained = Vec::new();
    let mut used_readings = BTreeSet::new();
    for action in reference["actions"].as_array().unwrap() {
        let ident = action["ident"].as_str().unwrap();
        let spec = contracts().action(ident).unwrap();
        assert_eq!(spec.title, action["title"], "{ident}");
        assert_eq!(spec.capability.as_str(), action["capability"], "{ident}");
        for (label, file) in [("input", &spec.input), ("output", &spec.output)] {
            let rows = action[label]["properties"].as_array().unwrap();
            let okta = reference_shape(definitions, rows, &mut Vec::new());
            let mut diffs = Vec::new();
            differences(&contract_shape(file), &okta, "", &mut diffs);
            let context = format!("{ident} {label}");
            for d in diffs {
                if READINGS_OF_THE_REFERENCE.contains(&(context.as_str(), d.as_str())) {
                    used_readings.insert((context.clone(), d));
                } else {
                    unexplained.push(format!("{context}: {d}"));
                }
            }
        }
    }
    assert!(
        unexplained.is_empty(),
        "contract (left) vs reference (right):\n{}",
        unexplained.join("\n")
    );
    let stale: Vec<_> = READINGS_OF_THE_REFERENCE
        .iter()
        .filter(|(c, d)| !used_readings.contains(&(c.to_string(), d.to_string())))
        .collect();
    assert!(
        stale.is_empty(),
        "listed readings that no longer apply: {stale:?}"
    );
}

#[test]
fn invalid_payloads_are_rejected_with_the_path_at_fault() {
    let cases: &[(&str, Direction, Value, &str, &str)] = &[
        (
            "GetUserById",
            Direction::Input,
            json!({}),
            "/userId",
            "missing required property",
        ),
        (
            "GetUserById",
            Direction::Input,
            json!({"userId": 42}),
            "/userId",
            "expected string, found integer",
        ),
        (
            "ListUsers",
            Direction::Input,
            json!({"pagination": {"limit": "200"}}),
            "/pagination/limit",
            "expected integer, found string",
        ),
        (
            "CreateUser",
            Direction::Input,
            json!({"user": {"schemas": []}}),
            "/user/userName",
            "missing required property",
        ),
        (
            "UpdateUser",
            Direction::Input,
            json!({"user": {"schemas": [], "userName": "a"}}),
            "/user/id",
            "missing required property",
        ),
        (
            "CreateUser",
            Direction::Input,
            json!({"user": {"schemas": [], "userName": "a", "active": "yes"}}),
            "/user/active",
            "expected boolean, found string",
        ),
        (
            "CreateUser",
            Direction::Input,
            json!({"user": {"schemas": [], "userName": "a", ENTERPRISE_USER_SCHEMA: {"manager": {"value": 7}}}}),
            "/user/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/manager/value",
            "expected string, found integer",
        ),
        (
            "AddGroupMembers",
            Direction::Input,
            json!({"groupId": "g1", "groupMembers": [{"display": "x"}]}),
            "/groupMembers/0/value",
            "missing required property",
        ),
        (
            "UniversalLogout",
            Direction::Output,
            json!({"logoutStatus": "SUCCEEDED"}),
            "/logoutStatus",
            "expected one of [\"SUCCESS\",\"FAILURE\"]",
        ),
        (
            "ActivateUser",
            Direction::Output,
            json!({"executionStatus": {"status": "OK"}}),
            "/executionStatus/status",
            "expected one of [\"SUCCEEDED\",\"FAILED\"]",
        ),
        (
            "ActivateUser",
            Direction::Output,
            json!({"executionStatus": {"errors": [{"type": "TIMEOUT"}]}}),
            "/executionStatus/errors/0/type",
            "expected one of [\"RESOURCE_NOT_FOUND\",\"RATE_LIMIT_EXCEEDED\",\"INVALID_CREDENTIALS\",\"TOKEN_EXPIRED\",\"GENERIC_FAILURE\"]",
        ),
        (
            "ListUserSchema",
            Direction::Input,
            json!({"scim": {"baseUri": "https://x", "authMode": "basic", "entitlementTypes": []}}),
            "/scim/authMode",
            "expected one of [\"header\",\"bearer\",\"oauth\"]",
        ),
        (
            "ListEntitlementSchema",
            Direction::Output,
            json!({"schemaProperties": [{"properties": [{"propertyType": "TEXT"}]}]}),
            "/schemaProperties/0/properties/0/propertyType",
            "expected one of [\"STRING\"",
        ),
    ];
    for (ident, direction, value, path, message) in cases {
        let violations = validators()
            .validate(ident, *direction, value)
            .expect_err(ident);
        assert!(
            violations
                .iter()
                .any(|v| v.path == *path && v.message.starts_with(message)),
            "{ident} {direction} {value}: expected `{path}: {message}`, got {violations:?}"
        );
    }
    // A wrongly typed password is reported without its value.
    let violations = validators()
        .validate(
            "UpdateUserPassword",
            Direction::Input,
            &json!({"userId": "u1", "password": 31337}),
        )
        .unwrap_err();
    assert!(
        violations.iter().all(|v| !v.to_string().contains("31337")),
        "{violations:?}"
    );
    assert!(
        validators()
            .validate("NoSuchAction", Direction::Input, &json!({}))
            .is_err()
    );
}

#[test]
fn oin_required_flow_rules() {
    let set = contracts();
    let provisioning_core = [
        "ListUsers",
        "GetUserById",
        "GetUserByUserName",
        "ListUserSchema",
        "ListUserSchemaPropertyValues",
        "ListGroups",
        "GetGroupById",
    ];
    assert!(
        set.check_requirements(&[Capability::Provisioning], &provisioning_core)
            .is_empty()
    );

    let without_by_username: Vec<&str> = provisioning_core
        .iter()
        .copied()
        .filter(|a| *a != "GetUserByUserName")
        .collect();
    let violations = set.check_requirements(&[Capability::Provisioning], &without_by_username);
    assert_eq!(violations.len(), 1);
    assert_eq!(
        violations[0].to_string(),
        "capability `provisioning` requires `GetUserByUserName` (OIN group \"User query\")"
    );

    let mut partial_group_ops = provisioning_core.to_vec();
    partial_group_ops.extend(["CreateGroup", "ListGroupsByDisplayName"]);
    let violations = set.check_requirements(&[Capability::Provisioning], &partial_group_ops);
    assert_eq!(
        violations[0].to_string(),
        "OIN group \"Group operations\" is all or none: add `UpdateGroup`, `RemoveGroup` or remove the group's other actions"
    );

    let mut with_user_ops = provisioning_core.to_vec();
    with_user_ops.push("DeactivateUser");
    assert!(
        set.check_requirements(&[Capability::Provisioning], &with_user_ops)
            .is_empty()
    );

    let violations = set.check_requirements(
        &[Capability::Entitlements],
        &[
            "ListEntitlementSchema",
            "ListEntitlementSchemaPropertyValues",
        ],
    );
    assert!(
        violations.contains(&RequirementViolation::MissingCapability {
            capability: Capability::Entitlements,
            requires: Capability::Provisioning,
        })
    );

    let violations = set.check_requirements(
        &[Capability::UniversalLogout],
        &["UniversalLogout", "UniversalLogout", "ListUsers"],
    );
    assert!(violations.contains(&RequirementViolation::Duplicate {
        action: "UniversalLogout".into()
    }));
    assert!(
        violations.contains(&RequirementViolation::UndeclaredCapability {
            action: "ListUsers".into(),
            capability: Capability::Provisioning,
        })
    );
}
