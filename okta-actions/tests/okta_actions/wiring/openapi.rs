//! The OpenAPI document: valid OpenAPI 3.0 by the official schema, every `$ref` resolving, the
//! converted contract schemas judging payloads exactly as the 2020-12 contracts do, and the
//! operations, parameters and security schemes the adapter really has.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use jsonschema::{Draft, Validator};
use okta_actions::Integration;
use okta_actions::auth::{ClientAuthMethod, CredentialMapping, OinAuthType};
use okta_actions::contracts::{Direction, Secret, contracts, validators};
use okta_actions::wiring::{WiringOptions, openapi};
use serde_json::{Value, json};

use super::fixtures::{
    all_actions, full, full_options, logout_only, logout_only_options, mapping,
    provisioning_minimum,
};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: PathBuf) -> Value {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The official OpenAPI 3.0 schema (see tests/fixtures/README.md), compiled once.
fn openapi_3_0() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let schema = read_json(manifest_dir().join("tests/fixtures/openapi-3.0-schema.json"));
        jsonschema::options()
            .with_draft(Draft::Draft4)
            .build(&schema)
            .expect("the OpenAPI 3.0 schema compiles")
    })
}

fn assert_valid_openapi(doc: &Value, what: &str) {
    let errors: Vec<String> = openapi_3_0()
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} is not valid OpenAPI 3.0:\n{}",
        errors.join("\n")
    );
}

/// Every integration shape the tests know, with the options they run with.
fn documents() -> Vec<(&'static str, Value)> {
    let bearer = mapping(OinAuthType::Custom, CredentialMapping::Bearer, true);
    vec![
        (
            "(a) all actions",
            openapi::document(&full(), &full_options()),
        ),
        (
            "(b) Universal Logout only",
            openapi::document(&logout_only(), &logout_only_options()),
        ),
        (
            "provisioning minimum, bearer",
            openapi::document(&provisioning_minimum(Some(bearer)), &WiringOptions::new()),
        ),
        (
            "provisioning minimum, no auth mapping",
            openapi::document(&provisioning_minimum(None), &WiringOptions::new()),
        ),
    ]
}

#[test]
fn the_document_is_valid_openapi_3_0_by_the_official_schema() {
    for (what, doc) in documents() {
        assert_eq!(doc["openapi"], "3.0.3", "{what}");
        assert_valid_openapi(&doc, what);
    }
}

#[test]
fn the_official_schema_rejects_what_3_0_does_not_allow() {
    // The check above would pass vacuously if the validator accepted anything: show it rejects
    // the 2020-12 leftovers the conversion removes, and a missing required field.
    let doc = openapi::document(&logout_only(), &logout_only_options());
    let mut with_comment = doc.clone();
    with_comment["components"]["schemas"]["UniversalLogoutInput"]["$comment"] = json!("2020-12");
    let mut with_const = doc.clone();
    with_const["components"]["schemas"]["UniversalLogoutInput"]["properties"]["oktaUserId"] =
        json!({"const": "x"});
    let mut type_array = doc.clone();
    type_array["components"]["schemas"]["UniversalLogoutInput"]["type"] = json!(["object", "null"]);
    let mut no_info = doc.clone();
    no_info.as_object_mut().unwrap().remove("info");
    for (what, bad) in [
        ("$comment", with_comment),
        ("const", with_const),
        ("type array", type_array),
        ("no info", no_info),
    ] {
        assert!(!openapi_3_0().is_valid(&bad), "{what} was accepted");
    }
}

/// Every `$ref` in `value`, with the JSON pointer of where it is.
fn refs(value: &Value, at: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$ref" {
                    out.push((at.clone(), child.as_str().unwrap_or_default().to_owned()));
                } else {
                    let key = key.replace('~', "~0").replace('/', "~1");
                    refs(child, format!("{at}/{key}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                refs(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_ref_resolves_and_every_component_is_used() {
    for (what, doc) in documents() {
        let mut found = Vec::new();
        refs(&doc, String::new(), &mut found);
        assert!(!found.is_empty(), "{what}");
        let mut used = BTreeSet::new();
        for (at, target) in &found {
            let pointer = target
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{what}: {at}: `{target}` is not local"));
            assert!(
                doc.pointer(pointer).is_some(),
                "{what}: {at}: `{target}` does not resolve"
            );
            used.insert(target.clone());
        }
        for kind in ["schemas", "parameters", "responses", "headers"] {
            for name in doc["components"][kind].as_object().unwrap().keys() {
                let target = format!("#/components/{kind}/{name}");
                assert!(used.contains(&target), "{what}: `{target}` is never used");
            }
        }
    }
}

#[test]
fn shared_contract_shapes_are_components_written_once() {
    let doc = openapi::document(&full(), &full_options());
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    // The 16 shared files, 22 inputs, 22 outputs, and the document's own two shapes.
    let shared = [
        "EnterpriseUserExtension",
        "EntitlementType",
        "ExecutionError",
        "ExecutionStatus",
        "GroupMember",
        "PaginationRequest",
        "PaginationResponse",
        "SchemaProperty",
        "SchemaPropertyValue",
        "ScimAddress",
        "ScimGroup",
        "ScimMultiValuedAttribute",
        "ScimName",
        "ScimServerConfig",
        "ScimUser",
        "ScimUserGroup",
    ];
    for name in shared {
        assert!(schemas.contains_key(name), "{name}");
    }
    assert_eq!(schemas.len(), shared.len() + 2 * 22 + 2);
    let mut found = Vec::new();
    refs(&doc, String::new(), &mut found);
    let scim_user_refs = found
        .iter()
        .filter(|(_, t)| t == "#/components/schemas/ScimUser")
        .count();
    // Create and Update in and out, both Get outputs, the ListUsers items.
    assert_eq!(scim_user_refs, 7);
    // The shape Okta sends ScimUser in is the contract's, not a copy.
    let contract: Value = serde_json::from_str(
        okta_actions::contracts::schema_file("common/scim-user.json").unwrap(),
    )
    .unwrap();
    let ours = schemas["ScimUser"]["properties"].as_object().unwrap();
    let theirs = contract["properties"].as_object().unwrap();
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>()
    );
}

/// A validator of one component schema, resolving `#/components/…` inside the document.
/// OpenAPI 3.0 Schema Objects have draft-04 semantics (a `$ref` ignores its siblings, boolean
/// `exclusiveMinimum`), so they are compiled as draft 4. `format` stays an annotation, as in the
/// contracts' 2020-12 validators.
fn component_validator(doc: &Value, name: &str) -> Validator {
    let schema = json!({
        "$ref": format!("#/components/schemas/{name}"),
        "components": doc["components"].clone()
    });
    jsonschema::options()
        .with_draft(Draft::Draft4)
        .should_validate_formats(false)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The sample the contracts crate keeps for an action's input or output.
fn sample(file: &str) -> Value {
    let name = file.rsplit('/').next().unwrap();
    read_json(manifest_dir().join("../contracts/tests/samples").join(name))
}

/// The sample and variations of it: every value in turn replaced by a number, by an unknown
/// string, and removed.
fn variations(sample: &Value) -> Vec<(String, Value)> {
    fn walk(root: &Value, node: &Value, at: String, out: &mut Vec<(String, Value)>) {
        let children: Vec<(String, &Value)> = match node {
            Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => return,
        };
        for (key, child) in children {
            let path = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
            for (label, replacement) in [("number", json!(7)), ("string", json!("UNKNOWN"))] {
                let mut changed = root.clone();
                *changed.pointer_mut(&path).unwrap() = replacement;
                out.push((format!("{path} := {label}"), changed));
            }
            let mut removed = root.clone();
            match removed.pointer_mut(&at).unwrap() {
                Value::Object(map) => {
                    map.remove(&key);
                }
                Value::Array(items) => {
                    items.remove(key.parse::<usize>().unwrap());
                }
                _ => unreachable!(),
            }
            out.push((format!("{path} removed"), removed));
            walk(root, child, path, out);
        }
    }
    let mut out = vec![("the sample".to_owned(), sample.clone())];
    walk(sample, sample, String::new(), &mut out);
    out
}

#[test]
fn converted_schemas_judge_every_payload_as_the_contracts_do() {
    let doc = openapi::document(&full(), &full_options());
    let mut rejected_total = 0;
    for spec in &contracts().actions {
        for (direction, file, name) in [
            (Direction::Input, &spec.input, spec.input_type()),
            (Direction::Output, &spec.output, spec.output_type()),
        ] {
            let ours = component_validator(&doc, &name);
            let sample = sample(file);
            assert!(
                ours.is_valid(&sample),
                "{name}: the contract sample is rejected"
            );
            let mut rejected = 0;
            for (what, payload) in variations(&sample) {
                let contract = validators()
                    .validate(&spec.ident, direction, &payload)
                    .is_ok();
                assert_eq!(
                    ours.is_valid(&payload),
                    contract,
                    "{name}, {what}: the contract says {}",
                    if contract { "valid" } else { "invalid" }
                );
                rejected += usize::from(!contract);
            }
            if direction == Direction::Input {
                assert!(
                    rejected > 0,
                    "{name}: no variation is invalid, so nothing was proven"
                );
            }
            rejected_total += rejected;
        }
    }
    assert!(
        rejected_total > 500,
        "only {rejected_total} invalid variations"
    );
}

#[test]
fn update_user_requires_the_user_id_and_create_user_does_not() {
    // The one `$ref` with a sibling in the contracts: `{"$ref": scim-user, "required": ["id"]}`.
    let doc = openapi::document(&full(), &full_options());
    let user = json!({"user": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada"}});
    assert!(!component_validator(&doc, "UpdateUserInput").is_valid(&user));
    assert!(component_validator(&doc, "CreateUserInput").is_valid(&user));
    assert_eq!(
        doc["components"]["schemas"]["UpdateUserInput"]["properties"]["user"],
        json!({"allOf": [{"$ref": "#/components/schemas/ScimUser"}, {"required": ["id"]}]})
    );
}

#[test]
fn error_bodies_are_failed_execution_statuses() {
    let doc = openapi::document(&full(), &full_options());
    let failed = component_validator(&doc, "FailedStatus");
    let body = json!({"executionStatus": {"status": "FAILED", "errors": [{
        "code": "INVALID_CREDENTIALS", "summary": "bad key", "httpStatusCode": 401,
        "requestId": "req-1", "type": "INVALID_CREDENTIALS"
    }]}});
    assert!(failed.is_valid(&body));
    assert!(!failed.is_valid(&json!({"executionStatus": {"status": "SUCCEEDED"}})));
    assert!(!failed.is_valid(&json!({})));
    let operation = &doc["paths"]["/actions/CreateUser"]["post"];
    let statuses: Vec<&String> = operation["responses"].as_object().unwrap().keys().collect();
    assert_eq!(statuses, ["200", "400", "401", "413", "415", "500"]);
    for status in ["400", "401", "413", "415", "500"] {
        let response = operation["responses"][status]["$ref"].as_str().unwrap();
        let resolved = doc.pointer(response.strip_prefix('#').unwrap()).unwrap();
        assert_eq!(
            resolved["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/FailedStatus",
            "{status}"
        );
        assert_eq!(
            resolved["headers"]["x-request-id"]["$ref"],
            "#/components/headers/RequestId"
        );
    }
}

#[test]
fn one_operation_per_registered_action_named_and_tagged_from_the_contract() {
    let integration = provisioning_minimum(None);
    let doc = openapi::document(&integration, &WiringOptions::new());
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    assert_eq!(
        paths,
        [
            "/actions/DeactivateUser",
            "/actions/GetGroupById",
            "/actions/GetUserById",
            "/actions/GetUserByUserName",
            "/actions/ListGroups",
            "/actions/ListUserSchema",
            "/actions/ListUserSchemaPropertyValues",
            "/actions/ListUsers",
            "/authping",
            "/health",
        ]
    );
    let get = &doc["paths"]["/actions/GetUserById"]["post"];
    assert_eq!(get["operationId"], "GetUserById");
    assert_eq!(get["summary"], "Provisioning Get User by ID");
    assert_eq!(get["tags"], json!(["Provisioning"]));
    let description = get["description"].as_str().unwrap();
    assert!(
        description.starts_with("Retrieves a user's information by ID from an external system.")
    );
    assert!(description.contains("Looks a user up by id in Acme's directory."));
    assert!(description.contains("Vendor call: `GET /v2/users/{userId}`."));
    assert!(description.contains(
        "OIN Wizard field: Provisioning API Integration Actions › User query › Get user by ID."
    ));
    assert_eq!(
        doc["paths"]["/actions/ListUserSchema"]["post"]["tags"],
        json!(["Entitlement Management"])
    );
    // Without an auth mapping there is no credential to check: no scheme, no 401.
    assert!(doc.get("security").is_none());
    assert!(doc["components"].get("securitySchemes").is_none());
    assert!(get["responses"].get("401").is_none());
    assert!(
        doc["components"]["schemas"]
            .get("CreateUserInput")
            .is_none()
    );
}

#[test]
fn tenant_variables_are_required_headers_on_every_tenant_call() {
    let doc = openapi::document(&full(), &full_options());
    let subdomain = &doc["components"]["parameters"]["tenant_subdomain"];
    assert_eq!(subdomain["name"], "x-okta-tenant-subdomain");
    assert_eq!(subdomain["in"], "header");
    assert_eq!(subdomain["required"], true);
    assert_eq!(
        doc["components"]["parameters"]["tenant_region"]["name"],
        "x-okta-tenant-region"
    );
    let expected = json!([
        {"$ref": "#/components/parameters/tenant_subdomain"},
        {"$ref": "#/components/parameters/tenant_region"},
        {"$ref": "#/components/parameters/RequestId"}
    ]);
    for (path, method) in [("/actions/ListUsers", "post"), ("/authping", "get")] {
        assert_eq!(doc["paths"][path][method]["parameters"], expected, "{path}");
    }
    assert_eq!(
        doc["components"]["parameters"]["RequestId"]["required"],
        false
    );
    assert!(doc["paths"]["/health"]["get"].get("parameters").is_none());
}

#[test]
fn the_security_scheme_is_what_authorization_carries() {
    let scheme = |auth_type, credential| {
        let integration = all_actions()
            .auth(mapping(auth_type, credential, false))
            .build()
            .unwrap();
        let doc = openapi::document(&integration, &WiringOptions::new());
        assert_eq!(doc["security"], json!([{"tenantCredential": []}]));
        assert_eq!(doc["paths"]["/health"]["get"]["security"], json!([]));
        doc["components"]["securitySchemes"]["tenantCredential"].clone()
    };
    let key = scheme(
        OinAuthType::Custom,
        CredentialMapping::ApiKeyHeader {
            header: "Api-Token".into(),
            scheme: Some("Token".into()),
        },
    );
    assert_eq!(
        (&key["type"], &key["in"], &key["name"]),
        (&json!("apiKey"), &json!("header"), &json!("Authorization"))
    );
    assert!(
        key["description"]
            .as_str()
            .unwrap()
            .contains("`Api-Token: Token <key>`")
    );
    let query = scheme(
        OinAuthType::Custom,
        CredentialMapping::ApiKeyQuery {
            param: "api_key".into(),
        },
    );
    assert_eq!(query["type"], "apiKey");
    assert!(
        query["description"]
            .as_str()
            .unwrap()
            .contains("query parameter `api_key`")
    );
    assert_eq!(
        scheme(OinAuthType::Basic, CredentialMapping::Basic)["scheme"],
        "basic"
    );
    assert_eq!(
        scheme(OinAuthType::Custom, CredentialMapping::Bearer)["scheme"],
        "bearer"
    );
    let client = scheme(
        OinAuthType::OAuth2ClientCredentials,
        CredentialMapping::ClientCredentials {
            token_url: "https://auth.acme.example/token".into(),
            method: ClientAuthMethod::ClientSecretPost,
            scopes: vec!["users.read".into(), "users.write".into()],
        },
    );
    assert_eq!(
        client["scheme"], "basic",
        "client id and secret arrive as Basic"
    );
    let text = client["description"].as_str().unwrap();
    assert!(text.contains("`https://auth.acme.example/token`"), "{text}");
    assert!(
        text.contains("`client_secret_post`, scopes `users.read users.write`"),
        "{text}"
    );
    let refresh = scheme(
        OinAuthType::OAuth2AuthorizationCode,
        CredentialMapping::RefreshToken {
            token_url: "https://auth.acme.example/token".into(),
            client_id: "okta-integration".into(),
            client_secret: Secret::new("s3cr3t-never-printed"),
            method: ClientAuthMethod::ClientSecretBasic,
            scopes: vec![],
        },
    );
    assert_eq!(refresh["scheme"], "bearer");
    let text = refresh["description"].as_str().unwrap();
    assert!(
        text.contains("refresh token") && text.contains("`okta-integration`"),
        "{text}"
    );
    assert!(!text.contains("s3cr3t"), "the client secret leaked: {text}");

    let none = all_actions()
        .auth(mapping(OinAuthType::Custom, CredentialMapping::None, true))
        .build()
        .unwrap();
    let doc = openapi::document(&none, &WiringOptions::new());
    assert!(doc.get("security").is_none());
    assert!(doc["components"].get("securitySchemes").is_none());
}

#[test]
fn the_standard_universal_logout_endpoint_only_when_configured_and_served() {
    let doc = openapi::document(&logout_only(), &logout_only_options());
    let operation = &doc["paths"]["/global-token-revocation"]["post"];
    assert_eq!(
        operation["security"],
        json!([{"oktaGlobalTokenRevocationJwt": []}])
    );
    let statuses: Vec<&String> = operation["responses"].as_object().unwrap().keys().collect();
    assert_eq!(statuses, ["204", "400", "401", "403", "404", "422"]);
    for status in statuses {
        assert!(
            operation["responses"][status].get("content").is_none(),
            "{status} has a body"
        );
    }
    let request = component_validator(&doc, "GlobalTokenRevocationRequest");
    assert!(request.is_valid(&json!({"sub_id": {"format": "email", "email": "ada@acme.example"}})));
    assert!(request.is_valid(
        &json!({"sub_id": {"format": "iss_sub", "iss": "https://acme.okta.com", "sub": "00u1"}})
    ));
    assert!(!request.is_valid(&json!({"sub_id": {"format": "email"}})));
    assert!(!request.is_valid(&json!({"sub_id": {"format": "phone", "phone": "+1"}})));
    assert!(!request.is_valid(&json!({})));
    let jwt = &doc["components"]["securitySchemes"]["oktaGlobalTokenRevocationJwt"];
    assert!(
        jwt["description"]
            .as_str()
            .unwrap()
            .contains("`aud` exactly `https://adapter.example.com/global-token-revocation`")
    );

    // Not configured: not described.
    let doc = openapi::document(&logout_only(), &WiringOptions::new());
    assert!(doc["paths"].get("/global-token-revocation").is_none());
    assert!(
        doc["components"]["schemas"]
            .get("GlobalTokenRevocationRequest")
            .is_none()
    );
    // Configured, but no UniversalLogout handler to serve it: not described either.
    let integration: Integration = provisioning_minimum(None);
    let doc = openapi::document(&integration, &logout_only_options());
    assert!(doc["paths"].get("/global-token-revocation").is_none());
}

#[test]
fn server_url_version_and_placeholder() {
    let doc = openapi::document(&full(), &full_options().api_version("2.1.0"));
    assert_eq!(
        doc["servers"],
        json!([{"url": "https://okta-adapter.acme.example", "description": "The adapter"}])
    );
    assert_eq!(doc["info"]["version"], "2.1.0");
    let doc = openapi::document(&full(), &WiringOptions::new());
    assert_eq!(doc["servers"][0]["url"], "https://adapter.example.com");
    assert!(
        doc["servers"][0]["description"]
            .as_str()
            .unwrap()
            .starts_with("Placeholder")
    );
    assert_eq!(
        doc["info"]["version"],
        okta_actions::contracts::CONTRACT_VERSION
    );
    let text = openapi::to_string_pretty(&doc);
    assert!(text.ends_with("}\n"));
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), doc);
}

#[test]
fn snapshot_all_actions_api_key_two_tenant_variables() {
    insta::assert_json_snapshot!(
        "openapi_all_actions",
        openapi::document(&full(), &full_options())
    );
}

#[test]
fn snapshot_universal_logout_only_basic() {
    insta::assert_json_snapshot!(
        "openapi_universal_logout_only",
        openapi::document(&logout_only(), &logout_only_options())
    );
}
