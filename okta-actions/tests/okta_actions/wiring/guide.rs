//! The configuration guide: the five headings of Okta's test case C9299 in order, features from
//! the registered actions, requirements and steps from the auth mapping, the attributes table
//! from a discovered schema (or the contract's base attributes), no secret, and user schema
//! discovery through the integration's own handlers.

use okta_actions::auth::{
    AuthMapping, ClientAuthMethod, CredentialMapping, OinAuthType, TenantContext,
};
use okta_actions::contracts::*;
use okta_actions::wiring::guide::{
    DiscoveredSchema, REQUIRED_HEADINGS, configuration_guide, discover_user_schema,
    missing_headings,
};
use okta_actions::{
    ActionContext, ActionError, Integration, IntegrationBuilder, entitlements_action,
};
use serde_json::json;

use super::fixtures::{
    full, logout_only, mapping, provisioning_minimum, provisioning_without_schema,
};

/// The `## ` headings, in order.
fn headings(text: &str) -> Vec<&str> {
    text.lines().filter_map(|l| l.strip_prefix("## ")).collect()
}

/// The text of one `## ` section.
fn section<'a>(text: &'a str, heading: &str) -> &'a str {
    let start = text
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("no section {heading}"));
    let rest = &text[start + 1..];
    let end = rest[3..].find("\n## ").map(|i| i + 4).unwrap_or(rest.len());
    &rest[..end]
}

/// The feature names of the Supported Features list.
fn features(text: &str) -> Vec<&str> {
    section(text, "Supported Features")
        .lines()
        .filter_map(|l| l.strip_prefix("- **"))
        .map(|l| l.split("**").next().unwrap())
        .collect()
}

fn property(name: &str, title: &str, kind: PropertyType, required: bool) -> SchemaProperty {
    SchemaProperty {
        name: Some(name.into()),
        title: Some(title.into()),
        external_name: Some(name.into()),
        required: Some(required),
        property_type: Some(kind),
        ..SchemaProperty::default()
    }
}

fn value(property: &str, id: &str, label: &str) -> SchemaPropertyValue {
    SchemaPropertyValue {
        id: Some(id.into()),
        display_name: Some(label.into()),
        schema_property_name: Some(property.into()),
        ..SchemaPropertyValue::default()
    }
}

/// userName, a custom `region` with an enum constraint and one more value discovered apart, an
/// enterprise attribute, an object with a child, and a label holding a `|`.
fn schema() -> DiscoveredSchema {
    let mut region = property("region", "Region", PropertyType::String, false);
    region.enum_constraint = Some(vec![json!("amer"), json!("emea")]);
    region.enum_titles = Some(
        json!({"amer": "Americas", "emea": "Europe"})
            .as_object()
            .unwrap()
            .clone(),
    );
    let mut department = property("department", "Department", PropertyType::String, false);
    department.external_namespace = Some(ENTERPRISE_USER_SCHEMA.into());
    let mut address = property("address", "Address", PropertyType::Object, false);
    address.properties = Some(vec![property("city", "City", PropertyType::String, false)]);
    DiscoveredSchema {
        properties: vec![
            property("userName", "Username", PropertyType::String, true),
            region,
            department,
            address,
            property("cost_center", "Cost | center", PropertyType::Integer, false),
        ],
        values: vec![
            value("region", "emea", "Europe"),
            value("region", "apac", "Asia Pacific"),
        ],
    }
}

#[test]
fn the_five_required_headings_come_in_order_whatever_the_integration() {
    let minimum = provisioning_minimum(None);
    for integration in [full(), logout_only(), minimum] {
        for guide in [
            configuration_guide(&integration, None),
            configuration_guide(&integration, Some(&schema())),
        ] {
            assert_eq!(headings(&guide), REQUIRED_HEADINGS, "{guide}");
            assert!(missing_headings(&guide).is_empty());
            assert!(guide.contains(&format!("\n# Configure {} in Okta\n", integration.name())));
        }
    }
    assert_eq!(
        missing_headings("# Acme\n\n## Supported Features\n## Requirements\n"),
        [
            "Configuration Steps",
            "Attributes and Mapping",
            "Known Issues/Troubleshooting"
        ]
    );
}

#[test]
fn the_attributes_table_lists_every_discovered_attribute() {
    let guide = configuration_guide(&full(), Some(&schema()));
    let attributes = section(&guide, "Attributes and Mapping");
    for row in [
        "| Attribute | Label | Type | Required | Maps to | Allowed values |",
        "| `userName` | Username | string | yes | `userName` |  |",
        "| `region` | Region | string | no | `region` | `amer` (Americas), `emea` (Europe), `apac` (Asia Pacific) |",
        "| `department` | Department | string | no | `department` (enterprise extension) |  |",
        "| `address` | Address | object | no | `address` |  |",
        "| `address.city` | City | string | no | `city` |  |",
        "| `cost_center` | Cost \\| center | integer | no | `cost_center` |  |",
    ] {
        assert!(attributes.contains(row), "missing {row:?} in\n{attributes}");
    }
    assert!(
        attributes.contains("Acme reports these user attributes through user schema discovery")
    );
    assert!(
        !attributes.contains("`givenName`"),
        "only what was discovered"
    );
    assert!(!attributes.contains("TODO: list every attribute"));
}

#[test]
fn declaration_only_lists_the_contract_base_attributes_and_asks_for_the_rest() {
    for guide in [
        configuration_guide(&full(), None),
        configuration_guide(&full(), Some(&DiscoveredSchema::default())),
    ] {
        let attributes = section(&guide, "Attributes and Mapping");
        for row in [
            "| `userName` | Username | string | yes | `userName` |  |",
            "| `givenName` | First name | string | no | `name.givenName` |  |",
            "| `familyName` | Last name | string | no | `name.familyName` |  |",
            "| `email` | Primary email | email | no | `emails[primary eq true].value` |  |",
        ] {
            assert!(attributes.contains(row), "missing {row:?} in\n{attributes}");
        }
        assert_eq!(attributes.matches("\n| `").count(), 4, "{attributes}");
        assert!(attributes.contains("TODO: list every attribute Acme supports"));
        assert!(guide.contains("Generated by okta-actions from the integration's declaration."));
    }
}

#[test]
fn features_and_steps_follow_the_registered_actions() {
    let all = configuration_guide(&full(), None);
    assert_eq!(
        features(&all),
        [
            "Create users",
            "Update user attributes",
            "Deactivate users",
            "Reactivate users",
            "Sync password",
            "Import users",
            "Import groups",
            "Group push",
            "Group membership push",
            "User schema discovery",
            "Entitlement management",
            "Universal Logout",
        ]
    );
    let steps = section(&all, "Configuration Steps");
    assert!(steps.contains(
        "enable **Create Users**, **Update User Attributes**, **Deactivate Users**, **Sync \
         Password** and click **Save**"
    ));
    assert!(steps.contains("**Push Groups**"));
    assert!(steps.contains("under **Entitlement Management**, click **Edit**"));
    assert!(steps.contains("TODO: add the steps that turn on Universal Logout"));

    let minimum = configuration_guide(&provisioning_minimum(None), None);
    assert_eq!(
        features(&minimum),
        [
            "Deactivate users",
            "Import users",
            "Import groups",
            "User schema discovery"
        ]
    );
    let steps = section(&minimum, "Configuration Steps");
    assert!(steps.contains("enable **Deactivate Users** and click **Save**"));
    for absent in ["Push Groups", "Entitlement Management", "Universal Logout"] {
        assert!(!steps.contains(absent), "{absent} in\n{steps}");
    }

    let logout = configuration_guide(&logout_only(), None);
    assert_eq!(features(&logout), ["Universal Logout"]);
    assert!(!logout.contains("**To App**"));
    assert!(!logout.contains("Lifecycle Management"));
    assert!(logout.contains("Single sign-on to Globex through this app"));
}

#[test]
fn requirements_and_steps_follow_the_auth_mapping() {
    let guide = configuration_guide(&full(), None);
    let requirements = section(&guide, "Requirements");
    assert!(
        requirements.contains(
            "- An API key from Acme: Okta connects to Acme with **Custom** authentication."
        )
    );
    assert!(requirements.contains(
        "- The Acme tenant settings of your account: **Subdomain** (`subdomain`), **Region** \
         (`region`)."
    ));
    let steps = section(&guide, "Configuration Steps");
    assert!(steps.contains(
        "   - **Region**: your Acme `region`, as in the address Okta's integration calls, \
         `https://{app.subdomain}.{app.region}.acme.example/api`."
    ));
    assert!(steps.contains(
        "**Configure API Integration** and select **Enable API integration**. Enter an API key from \
         Acme. Click **Save**.\n   - TODO: name the field(s)"
    ));

    let basic = configuration_guide(&logout_only(), None);
    assert!(basic.contains(
        "Enter the username and password of the Globex account Okta should use in **Username** \
         and **Password**."
    ));
    assert!(basic.contains("enter an **Application label**, then click **Done**."));

    let oauth = provisioning_minimum(Some(mapping(
        OinAuthType::OAuth2AuthorizationCode,
        CredentialMapping::Bearer,
        false,
    )));
    let guide = configuration_guide(&oauth, None);
    assert!(guide.contains("Click **Authenticate with Initech** and sign in to Initech"));
    assert!(guide.contains("**OAuth 2.0 (authorization code)** authentication"));

    let none = configuration_guide(&provisioning_minimum(None), None);
    assert!(none.contains("- Nothing from Initech: it needs no credential."));
    assert!(!none.contains("INVALID_CREDENTIALS"));
}

#[test]
fn no_secret_and_no_unredacted_base_url_reach_the_guide() {
    let auth = AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::OAuth2AuthorizationCode)
        .base_url("https://robot:hunter2@{app.subdomain}.acme.example/api?api_key=abc123xyz")
        .credential(CredentialMapping::RefreshToken {
            token_url: "https://login.acme.example/token?secret=tokenurlsecret".into(),
            client_id: "client-id-7788".into(),
            client_secret: Secret::new("client-secret-9911"),
            method: ClientAuthMethod::ClientSecretPost,
            scopes: vec!["users.write".into()],
        })
        .build()
        .unwrap();
    let integration = provisioning_minimum(Some(auth));
    let guide = configuration_guide(&integration, Some(&schema()));
    for secret in [
        "hunter2",
        "robot",
        "abc123xyz",
        "tokenurlsecret",
        "login.acme.example",
        "client-id-7788",
        "client-secret-9911",
    ] {
        assert!(!guide.contains(secret), "{secret} leaked into\n{guide}");
    }
    assert!(guide.contains("`https://***@{app.subdomain}.acme.example/api?api_key=***`"));
}

#[test]
fn every_placeholder_is_a_todo_line() {
    let guide = configuration_guide(&full(), None);
    let todos: Vec<&str> = guide.lines().filter(|l| l.contains("TODO")).collect();
    assert!(todos.len() >= 8, "{todos:#?}");
    for line in todos {
        let text = line.trim_start().trim_start_matches("- ");
        assert!(
            text.starts_with("TODO: ") || line.starts_with("<!--"),
            "{line}"
        );
    }
    assert!(guide.contains(
        "> This integration with Okta is currently under development and is not available to \
         customers yet."
    ));
    let issues = section(&guide, "Known Issues/Troubleshooting");
    assert!(issues.contains("TODO: list the known issues"));
    assert!(issues.contains("- **`RESOURCE_NOT_FOUND`**"));
    assert!(issues.contains("- **`RATE_LIMIT_EXCEEDED`**"));
    assert!(issues.contains("for up to 60 seconds"));
}

#[test]
fn snapshot_full_guide_with_discovered_schema() {
    insta::assert_snapshot!("guide_full", configuration_guide(&full(), Some(&schema())));
}

/// Two pages: userName, then `region`; the cursor is `p2`.
#[entitlements_action(ListUserSchema)]
async fn paged_schema(
    _ctx: &ActionContext,
    input: ListUserSchemaInput,
) -> Result<ListUserSchemaOutput, ActionError> {
    let cursor = input.pagination.and_then(|p| p.cursor);
    Ok(match cursor.as_deref() {
        None => ListUserSchemaOutput {
            schema_properties: vec![property("userName", "Username", PropertyType::String, true)],
            pagination: Some(PaginationResponse::next(Some("p2".into()))),
        },
        Some("p2") => ListUserSchemaOutput {
            schema_properties: vec![property("region", "Region", PropertyType::String, false)],
            pagination: Some(PaginationResponse::next(Some(String::new()))),
        },
        Some(other) => return Err(ActionError::generic(format!("unknown cursor {other}"))),
    })
}

/// One page of the values of `region`.
#[entitlements_action(ListUserSchemaPropertyValues)]
async fn region_values(
    _ctx: &ActionContext,
    _input: ListUserSchemaPropertyValuesInput,
) -> Result<ListUserSchemaPropertyValuesOutput, ActionError> {
    Ok(ListUserSchemaPropertyValuesOutput {
        schema_property_values: vec![value("region", "apac", "Asia Pacific")],
        pagination: None,
    })
}

/// Always answers FAILED.
#[entitlements_action(ListUserSchema)]
async fn failing_schema(
    _ctx: &ActionContext,
    _input: ListUserSchemaInput,
) -> Result<ListUserSchemaOutput, ActionError> {
    Err(ActionError::generic("the vendor's schema endpoint is down"))
}

/// Hands back the same cursor forever.
#[entitlements_action(ListUserSchema)]
async fn endless_schema(
    _ctx: &ActionContext,
    _input: ListUserSchemaInput,
) -> Result<ListUserSchemaOutput, ActionError> {
    Ok(ListUserSchemaOutput {
        schema_properties: vec![],
        pagination: Some(PaginationResponse::next(Some("again".into()))),
    })
}

/// An integration discovering through `paged_schema` and `region_values`.
pub(super) fn paged() -> IntegrationBuilder {
    provisioning_without_schema("Paged")
        .action(paged_schema)
        .action(region_values)
}

/// An integration whose `ListUserSchema` fails.
pub(super) fn failing() -> IntegrationBuilder {
    provisioning_without_schema("Failing")
        .action(failing_schema)
        .action(region_values)
}

fn tenant() -> TenantContext {
    TenantContext::new(Vec::<(String, String)>::new(), None)
}

#[tokio::test]
async fn discovery_runs_the_handlers_page_by_page() {
    let schema = discover_user_schema(&paged().build().unwrap(), &tenant())
        .await
        .unwrap();
    let names: Vec<_> = schema
        .properties
        .iter()
        .map(|p| p.name.as_deref().unwrap())
        .collect();
    assert_eq!(names, ["userName", "region"]);
    assert_eq!(schema.values, [value("region", "apac", "Asia Pacific")]);
    let guide = configuration_guide(&paged().build().unwrap(), Some(&schema));
    assert!(
        guide.contains("| `region` | Region | string | no | `region` | `apac` (Asia Pacific) |")
    );
}

#[tokio::test]
async fn discovery_reports_a_failed_action_and_endless_paging() {
    let error = discover_user_schema(&failing().build().unwrap(), &tenant())
        .await
        .unwrap_err();
    assert_eq!(error.action(), "ListUserSchema");
    assert_eq!(
        error.to_string(),
        "user schema discovery: ListUserSchema: GENERIC_FAILURE: the vendor's schema endpoint is down"
    );

    let endless = provisioning_without_schema("Endless")
        .action(endless_schema)
        .action(region_values)
        .build()
        .unwrap();
    let error = discover_user_schema(&endless, &tenant()).await.unwrap_err();
    assert!(
        error.to_string().contains("`nextCursor` repeated"),
        "{error}"
    );

    let without = provisioning_minimum(None);
    let (bare, _) = Integration::builder("Bare").build_with_violations();
    assert!(discover_user_schema(&without, &tenant()).await.is_ok());
    let error = discover_user_schema(&bare, &tenant()).await.unwrap_err();
    assert!(
        error.to_string().contains("does not implement it"),
        "{error}"
    );
}
