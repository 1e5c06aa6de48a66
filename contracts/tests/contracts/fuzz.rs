//! Property tests of contract input parsing, the adapter's first step on an untrusted body:
//! for every action and any JSON — biased toward the contracts' own property names so that it
//! reaches deep into the schemas — validation never panics, and a body the schema accepts always
//! parses into the typed input (the Rust models and the schemas agree). And of outputs, which
//! the adapter checks only where their type leaves them open: a typed output that says it
//! cannot break its schema (`OpenParts`) never does.
//!
//! `PROPTEST_CASES=1000000 cargo test --release -p okta-actions-contracts --test contracts fuzz`
//! runs a million bodies per target; the default budget is CI's.

use std::sync::LazyLock;

use okta_actions_contracts::{
    ActionResponse, Contract, Direction, EnterpriseUserExtension, GetUserByIdOutput,
    ListUsersOutput, OpenParts, SCIM_USER_SCHEMA, ScimUser, action, schema_files, validators,
};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Every property name the contract schemas use.
static NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    fn collect(value: &Value, names: &mut Vec<String>) {
        match value {
            Value::Object(object) => {
                if let Some(Value::Object(properties)) = object.get("properties") {
                    names.extend(properties.keys().cloned());
                }
                object.values().for_each(|v| collect(v, names));
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, names)),
            _ => {}
        }
    }
    let mut names = Vec::new();
    for (_, text) in schema_files() {
        collect(
            &serde_json::from_str(text).expect("a JSON schema"),
            &mut names,
        );
    }
    names.sort();
    names.dedup();
    names
});

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0..NAMES.len()).prop_map(|i| NAMES[i].clone()),
        1 => "[a-zA-Z_:.]{0,12}",
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,16}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Parses `body` as the typed input of `ident`.
fn parses(ident: &str, body: Value) -> Result<(), String> {
    fn typed<C: Contract>(body: Value) -> Result<(), String> {
        serde_json::from_value::<C::Input>(body)
            .map(drop)
            .map_err(|e| e.to_string())
    }
    macro_rules! by_name {
        ($($name:ident),*) => {
            match ident {
                $(stringify!($name) => typed::<action::$name>(body),)*
                _ => unreachable!("{ident} is not an action"),
            }
        };
    }
    by_name!(
        UniversalLogout,
        CreateUser,
        UpdateUser,
        UpdateUserPassword,
        ActivateUser,
        DeactivateUser,
        GetUserById,
        GetUserByUserName,
        ListUsers,
        CreateGroup,
        UpdateGroup,
        RemoveGroup,
        AddGroupMembers,
        RemoveGroupMembers,
        ListGroupMembers,
        GetGroupById,
        ListGroups,
        ListGroupsByDisplayName,
        ListUserSchema,
        ListEntitlementSchema,
        ListUserSchemaPropertyValues,
        ListEntitlementSchemaPropertyValues
    )
}

proptest! {
    #[test]
    fn fuzz_contract_inputs(index in 0..action::ALL.len(), body in json()) {
        let ident = action::ALL[index];
        if validators().validate(ident, Direction::Input, &body).is_ok() {
            let parsed = parses(ident, body.clone());
            prop_assert!(
                parsed.is_ok(),
                "{ident} accepts {body} but its typed input does not: {parsed:?}"
            );
        }
    }

    #[test]
    fn fuzz_contract_inputs_from_bytes(index in 0..action::ALL.len(), bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        // Whatever a caller sends: not JSON is an error, never a panic.
        if let Ok(body) = serde_json::from_slice::<Value>(&bytes) {
            let ident = action::ALL[index];
            let _ = validators().validate(ident, Direction::Input, &body);
            let _ = parses(ident, body);
        }
    }
}

/// The property above is not vacuous: a good share of generated bodies pass validation, so the
/// typed parse is exercised on them.
#[test]
fn the_generator_reaches_bodies_the_schemas_accept() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = (0..action::ALL.len(), json());
    let mut accepted = 0;
    for _ in 0..2_000 {
        let (index, body) = strategy.new_tree(&mut runner).unwrap().current();
        if validators()
            .validate(action::ALL[index], Direction::Input, &body)
            .is_ok()
        {
            accepted += 1;
        }
    }
    assert!(
        accepted >= 200,
        "only {accepted} of 2000 generated bodies are valid inputs"
    );
}

/// Whether the typed output parsed from `body` (if it parses) satisfies the output schema of
/// `ident` on the wire, unless it says it may not ([`OpenParts::may_break_schema`]): the
/// property that lets the adapter skip checking an output that says it cannot break.
fn closed_output_holds(ident: &str, body: Value) -> Result<bool, String> {
    fn typed<C: Contract>(body: Value) -> Result<bool, String> {
        let Ok(output) = serde_json::from_value::<C::Output>(body) else {
            return Ok(false);
        };
        closed_holds::<C>(&output).map(|()| true)
    }
    macro_rules! by_name {
        ($($name:ident),*) => {
            match ident {
                $(stringify!($name) => typed::<action::$name>(body),)*
                _ => unreachable!("{ident} is not an action"),
            }
        };
    }
    by_name!(
        UniversalLogout,
        CreateUser,
        UpdateUser,
        UpdateUserPassword,
        ActivateUser,
        DeactivateUser,
        GetUserById,
        GetUserByUserName,
        ListUsers,
        CreateGroup,
        UpdateGroup,
        RemoveGroup,
        AddGroupMembers,
        RemoveGroupMembers,
        ListGroupMembers,
        GetGroupById,
        ListGroups,
        ListGroupsByDisplayName,
        ListUserSchema,
        ListEntitlementSchema,
        ListUserSchemaPropertyValues,
        ListEntitlementSchemaPropertyValues
    )
}

/// `Err` when `output` breaks its schema on the wire although it says it cannot.
fn closed_holds<C: Contract>(output: &C::Output) -> Result<(), String> {
    let wire =
        serde_json::to_value(ActionResponse::succeeded(output)).map_err(|e| e.to_string())?;
    match validators().validate(C::IDENT, Direction::Output, &wire) {
        Err(violations) if !output.may_break_schema() => Err(format!(
            "{} output {wire} breaks its schema ({violations:?}) but says it cannot",
            C::IDENT
        )),
        _ => Ok(()),
    }
}

/// A user: the generated attributes over a valid minimum, then entries added to both
/// catch-all maps (keys biased toward the contracts' property names, so that they often name a
/// declared property).
fn user() -> impl Strategy<Value = Option<ScimUser>> {
    let entries = || prop::collection::vec((key(), json()), 0..3);
    (json(), entries(), entries(), any::<bool>()).prop_map(
        |(attributes, extra, enterprise_extra, with_enterprise)| {
            let mut body = match attributes {
                Value::Object(map) => map,
                _ => Map::new(),
            };
            body.insert("schemas".into(), serde_json::json!([SCIM_USER_SCHEMA]));
            body.insert("userName".into(), "ada".into());
            let mut user: ScimUser = serde_json::from_value(Value::Object(body)).ok()?;
            user.extra.extend(extra);
            if with_enterprise {
                user.enterprise
                    .get_or_insert_with(EnterpriseUserExtension::default)
                    .extra
                    .extend(enterprise_extra);
            }
            Some(user)
        },
    )
}

proptest! {
    #[test]
    fn fuzz_closed_outputs_satisfy_their_schemas(index in 0..action::ALL.len(), body in json()) {
        let verdict = closed_output_holds(action::ALL[index], body);
        prop_assert!(verdict.is_ok(), "{verdict:?}");
    }

    #[test]
    fn fuzz_users_break_their_schema_only_through_declared_catch_all_keys(user in user()) {
        if let Some(user) = user {
            let verdict = closed_holds::<action::GetUserById>(&GetUserByIdOutput { user: user.clone() })
                .and_then(|()| closed_holds::<action::ListUsers>(&ListUsersOutput {
                    resources: vec![ScimUser::new("grace"), user],
                    pagination: None,
                }));
            prop_assert!(verdict.is_ok(), "{verdict:?}");
        }
    }
}

/// The properties above are not vacuous: generated users often break their schema through a
/// catch-all entry (and say so), and a share of generated outputs parse and are checked.
#[test]
fn the_output_generators_reach_typed_outputs_and_broken_users() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut broken, mut users) = (0, 0);
    for _ in 0..2_000 {
        let Some(user) = user().new_tree(&mut runner).unwrap().current() else {
            continue;
        };
        users += 1;
        let wire =
            serde_json::to_value(ActionResponse::succeeded(GetUserByIdOutput { user })).unwrap();
        if validators()
            .validate("GetUserById", Direction::Output, &wire)
            .is_err()
        {
            broken += 1;
        }
    }
    assert!(
        users >= 200 && broken >= 50,
        "{users} users, {broken} broken"
    );
    let strategy = (0..action::ALL.len(), json());
    let mut checked = 0;
    for _ in 0..2_000 {
        let (index, body) = strategy.new_tree(&mut runner).unwrap().current();
        if closed_output_holds(action::ALL[index], body).unwrap() {
            checked += 1;
        }
    }
    assert!(
        checked >= 200,
        "only {checked} of 2000 generated outputs parse"
    );
}
