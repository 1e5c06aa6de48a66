//! The flow plan: one flow per implemented action in OIN Wizard order, with the field to pick it
//! in and the one card to build; then tenant variables and authentication, the optional actions
//! left out, `_authping`, and the standard Universal Logout endpoint when served.

use okta_actions::auth::{CredentialMapping, OinAuthType};
use okta_actions::wiring::{WiringOptions, plan};

use super::fixtures::{
    full, full_options, logout_only, logout_only_options, mapping, provisioning_minimum,
};

/// The `### n. Title (`Ident`)` headings of the action flows, in order.
fn flows(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.starts_with("### "))
        .map(|l| l.rsplit('`').nth(1).unwrap())
        .collect()
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

#[test]
fn every_implemented_action_gets_a_flow_in_wizard_order() {
    let text = plan::flow_plan(&full(), &full_options());
    assert_eq!(
        flows(&text),
        [
            "ListUsers",
            "GetUserById",
            "GetUserByUserName",
            "ListUserSchema",
            "ListUserSchemaPropertyValues",
            "CreateUser",
            "UpdateUser",
            "UpdateUserPassword",
            "ActivateUser",
            "DeactivateUser",
            "ListGroups",
            "GetGroupById",
            "ListGroupsByDisplayName",
            "CreateGroup",
            "UpdateGroup",
            "RemoveGroup",
            "ListGroupMembers",
            "AddGroupMembers",
            "RemoveGroupMembers",
            "ListEntitlementSchema",
            "ListEntitlementSchemaPropertyValues",
            "UniversalLogout",
        ]
    );
    let list_users = section(&text, "Action flows")
        .split("\n### ")
        .find(|s| s.starts_with("1. "))
        .unwrap();
    for line in [
        "- OIN Wizard field: Provisioning API Integration Actions › User query › **List users** — required",
        "- Event: Actions › Provisioning action contracts › **Provisioning List Users**",
        "- Card: Custom API Action, Request Type `POST`, Relative URL `/actions/ListUsers` (Raw Request URL `https://okta-adapter.acme.example/actions/ListUsers`)",
        "- Headers: `x-okta-tenant-subdomain` = `app.subdomain`, `x-okta-tenant-region` = `app.region` (the connection adds `Authorization`)",
        "- Body: the event's `body`, unchanged",
        "- Handler: `list_users`: Lists Acme's users, one vendor page at a time. (vendor call `GET /v2/users`)",
    ] {
        assert!(
            list_users.contains(line),
            "missing {line:?} in\n{list_users}"
        );
    }
    assert!(text.contains(
        "Provisioning API Integration Actions › Group operations › **Create group** — required: turn on **Enable group operations**, all or none"
    ));
    assert!(text.contains("User operations › **Update user password** — optional"));
    assert!(text.contains("Universal Logout API Integration Actions › **Proprietary** — required"));
    assert!(
        text.contains("- Event: Actions › Universal Logout › **Proprietary Universal Logout**")
    );
}

#[test]
fn optional_actions_left_out_are_listed_and_undeclared_capabilities_are_not() {
    let text = plan::flow_plan(&provisioning_minimum(None), &WiringOptions::new());
    assert_eq!(
        flows(&text),
        [
            "ListUsers",
            "GetUserById",
            "GetUserByUserName",
            "ListUserSchema",
            "ListUserSchemaPropertyValues",
            "DeactivateUser",
            "ListGroups",
            "GetGroupById",
        ]
    );
    assert!(text.contains("User operations › **Deactivate user** — optional"));
    let missing = section(&text, "Optional actions not implemented");
    for ident in [
        "CreateUser",
        "UpdateUser",
        "UpdateUserPassword",
        "ActivateUser",
        "ListGroupsByDisplayName",
        "CreateGroup",
        "UpdateGroup",
        "RemoveGroup",
        "ListGroupMembers",
        "AddGroupMembers",
        "RemoveGroupMembers",
    ] {
        assert!(
            missing.contains(&format!("`{ident}` (")),
            "{ident} not listed in\n{missing}"
        );
    }
    assert!(!missing.contains("but required"));
    assert!(missing.contains("- Leave **Enable group operations** off."));
    assert!(missing.contains("- Leave **Enable group membership** off."));
    for absent in ["ListEntitlementSchema", "UniversalLogout", "Proprietary"] {
        assert!(
            !text.contains(absent),
            "{absent} belongs to an undeclared capability"
        );
    }
    assert!(text.contains("- Adapter: `https://adapter.example.com`\n  (a placeholder"));
    assert!(text.contains("The integration declares no auth mapping"));
}

#[test]
fn the_authentication_section_follows_the_auth_mapping() {
    let text = plan::flow_plan(&full(), &full_options());
    let auth = section(&text, "Tenant variables and authentication");
    for line in [
        "| `subdomain` | Subdomain | `x-okta-tenant-subdomain` = `app.subdomain` |",
        "| `region` | Region | `x-okta-tenant-region` = `app.region` |",
        "**Authentication mode**: **Custom**",
        "the connection sends in `Authorization` the tenant's API key",
        "- the credential parameter to your authentication variable (e.g. `api_key`)",
        "- a connection parameter `region` to tenant variable `region`, so flows can send `app.region`",
        "- Vendor base URL: `https://{app.subdomain}.{app.region}.acme.example/api`",
        "- Credential: the adapter calls the vendor with the key as `X-Api-Key: <key>`",
    ] {
        assert!(auth.contains(line), "missing {line:?} in\n{auth}");
    }
    let basic = plan::flow_plan(&logout_only(), &logout_only_options());
    let auth = section(&basic, "Tenant variables and authentication");
    assert!(auth.contains("- none: the integration declares no tenant variable"));
    assert!(
        auth.contains("**Basic** (the tenant enters `auth_user_name` and `auth_user_password`)")
    );
    assert!(auth.contains("`Basic base64(username:password)`"));
    assert!(auth.contains("- the username parameter to `auth_user_name`"));
    assert!(basic.contains("Universal Logout also needs SSO"));

    let clients = provisioning_minimum(Some(mapping(
        OinAuthType::OAuth2ClientCredentials,
        CredentialMapping::ClientCredentials {
            token_url: "https://{app.subdomain}.acme.example/token".into(),
            method: okta_actions::auth::ClientAuthMethod::ClientSecretBasic,
            scopes: vec![],
        },
        true,
    )));
    let text = plan::flow_plan(&clients, &WiringOptions::new());
    assert!(
        text.contains("whether OIN accepts it is undocumented"),
        "{text}"
    );
}

#[test]
fn authping_and_the_standard_universal_logout_endpoint() {
    let text = plan::flow_plan(&logout_only(), &logout_only_options());
    let authping = section(&text, "`_authping`");
    assert!(authping.contains("`relative_url` `/authping`, `request_method` `GET`"));
    assert!(authping.contains("`200` `{\"status\":\"ok\"}` when Globex accepts"));
    let ulo = section(&text, "Standard Universal Logout");
    assert!(ulo.contains(
        "- **Global token revocation endpoint**: `https://adapter.example.com/global-token-revocation`"
    ));
    assert!(ulo.contains("- **Authentication method**: `SIGNED_JWT`"));
    let without = plan::flow_plan(&logout_only(), &WiringOptions::new());
    assert!(!without.contains("Standard Universal Logout"));
}

#[test]
fn snapshot_all_actions_api_key_two_tenant_variables() {
    insta::assert_snapshot!(
        "plan_all_actions",
        plan::flow_plan(&full(), &full_options())
    );
}

#[test]
fn snapshot_universal_logout_only_basic() {
    insta::assert_snapshot!(
        "plan_universal_logout_only",
        plan::flow_plan(&logout_only(), &logout_only_options())
    );
}
