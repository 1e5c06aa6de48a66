//! The checks that need no vendor.

use okta_actions::auth::{AuthMapping, ClientAuthMethod, CredentialMapping, OinAuthType};
use okta_actions::report::{Report, Status, validate};
use okta_actions::{Integration, IntegrationBuilder};

use crate::server::support;

fn check<'a>(report: &'a Report, id: &str) -> &'a okta_actions::report::Check {
    report
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id} in {:#?}", report.checks))
}

async fn report_of(builder: IntegrationBuilder) -> Report {
    let (integration, _) = builder.build_with_violations();
    validate(&integration, None, &|_| {}).await
}

#[tokio::test]
async fn a_complete_integration_passes_every_static_check() {
    let report = report_of(support::builder()).await;
    assert!(report.static_checks_pass(), "{:#?}", report.checks);
    assert!(!report.is_ready(), "not ready without a conformance run");
    assert_eq!(
        check(&report, "oin.user-query.GetUserByUserName").status,
        Status::Pass
    );
    assert_eq!(
        check(&report, "oin.user-operations.CreateUser").status,
        Status::Skip
    );
    let types = check(&report, "contract.types.GetUserById");
    assert!(
        types.evidence[0].contains("server/support.rs:"),
        "{types:?}"
    );
    assert_eq!(check(&report, "auth.type").status, Status::Pass);
    assert_eq!(check(&report, "auth.no-static-secret").status, Status::Pass);
    let row = report
        .coverage
        .iter()
        .find(|c| c.action == "GetUserById")
        .unwrap();
    assert!(row.required && row.implemented);
    assert_eq!(row.status, Status::Pass);
    assert!(!report.conformance_run);
}

#[tokio::test]
async fn a_missing_required_action_fails_naming_it_and_its_oin_group() {
    let report = report_of(support::builder_without_get_user_by_user_name()).await;
    assert!(!report.static_checks_pass());
    let missing = check(&report, "oin.user-query.GetUserByUserName");
    assert_eq!(missing.status, Status::Fail);
    assert_eq!(missing.action.as_deref(), Some("GetUserByUserName"));
    assert_eq!(
        missing.reason,
        "`GetUserByUserName` is required by capability `provisioning` (OIN group \"User query\"): implement it"
    );
    let row = report
        .coverage
        .iter()
        .find(|c| c.action == "GetUserByUserName")
        .unwrap();
    assert!(row.required && !row.implemented);
    assert_eq!(row.status, Status::Fail);
}

fn with_credential(auth_type: OinAuthType, credential: CredentialMapping) -> Integration {
    let mapping = AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(auth_type)
        .base_url("https://{app.subdomain}.vendor.example/api")
        .credential(credential)
        .build()
        .unwrap();
    support::builder().auth(mapping).build().unwrap()
}

#[tokio::test]
async fn client_credentials_is_a_warning_and_a_static_client_secret_a_failure() {
    let integration = with_credential(
        OinAuthType::OAuth2ClientCredentials,
        CredentialMapping::ClientCredentials {
            token_url: "https://{app.subdomain}.vendor.example/oauth/token".into(),
            method: ClientAuthMethod::ClientSecretBasic,
            scopes: vec![],
        },
    );
    let report = validate(&integration, None, &|_| {}).await;
    assert_eq!(check(&report, "auth.type").status, Status::Warn);
    assert!(report.static_checks_pass(), "a warning does not block");

    let integration = with_credential(
        OinAuthType::OAuth2AuthorizationCode,
        CredentialMapping::RefreshToken {
            token_url: "https://{app.subdomain}.vendor.example/oauth/token".into(),
            client_id: "okta-oin-client".into(),
            client_secret: okta_actions::contracts::Secret::new("cs-do-not-print-9f2"),
            method: ClientAuthMethod::ClientSecretPost,
            scopes: vec![],
        },
    );
    let report = validate(&integration, None, &|_| {}).await;
    assert_eq!(check(&report, "auth.no-static-secret").status, Status::Fail);
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains("cs-do-not-print-9f2"));
}

#[tokio::test]
async fn a_base_url_carrying_a_key_fails() {
    let mapping = AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::Custom)
        .base_url("https://{app.subdomain}.vendor.example/api?api_key=abc")
        .credential(CredentialMapping::Bearer)
        .build()
        .unwrap();
    let integration = support::builder().auth(mapping).build().unwrap();
    let report = validate(&integration, None, &|_| {}).await;
    let secret = check(&report, "auth.no-static-secret");
    assert_eq!(secret.status, Status::Fail);
    assert!(secret.reason.contains("`api_key`"), "{secret:?}");
    for format in okta_actions::report::Format::ALL {
        let text = okta_actions::report::render(&report, format, &Default::default());
        assert!(
            !text.contains("api_key=abc"),
            "{format} shows the key: {text}"
        );
    }
    let plan = okta_actions::wiring::plan::flow_plan(&integration, &Default::default());
    let openapi = okta_actions::wiring::openapi::document(&integration, &Default::default());
    assert!(!plan.contains("api_key=abc") && !openapi.to_string().contains("api_key=abc"));
}

#[tokio::test]
async fn an_unused_tenant_variable_warns_and_a_plain_http_vendor_fails() {
    let mapping = AuthMapping::builder()
        .tenant_variable("subdomain")
        .tenant_variable("region")
        .auth_type(OinAuthType::Custom)
        .base_url("http://{app.subdomain}.vendor.example/api")
        .credential(CredentialMapping::Bearer)
        .build()
        .unwrap();
    let integration = support::builder().auth(mapping).build().unwrap();
    let report = validate(&integration, None, &|_| {}).await;
    let variables = check(&report, "auth.tenant-variables");
    assert_eq!(variables.status, Status::Warn);
    assert!(variables.reason.contains("`region`"), "{variables:?}");
    assert_eq!(check(&report, "auth.base-url").status, Status::Fail);
}

#[tokio::test]
async fn a_declared_capability_or_logout_endpoint_nothing_serves_fails() {
    use okta_actions::contracts::Capability;
    let report = report_of(
        support::builder()
            .capability(Capability::UniversalLogout)
            .universal_logout_path("/global-token-revocation"),
    )
    .await;
    assert!(!report.static_checks_pass());
    let capability = check(&report, "serving.capability.universal_logout");
    assert_eq!(capability.status, Status::Fail);
    assert!(
        capability.reason.contains("no handler serves"),
        "{capability:?}"
    );
    let endpoint = check(&report, "serving.universal-logout-endpoint");
    assert_eq!(endpoint.status, Status::Fail);
    assert_eq!(
        check(&report, "serving.capability.provisioning").status,
        Status::Pass
    );
}

#[tokio::test]
async fn no_auth_mapping_fails_and_fails_okta_s_set_up_case() {
    let report = report_of(support::builder()).await;
    assert_eq!(check(&report, "auth.declared").status, Status::Pass);
    let (integration, _) = Integration::builder("Bare")
        .capability(okta_actions::contracts::Capability::Provisioning)
        .build_with_violations();
    let report = validate(&integration, None, &|_| {}).await;
    let auth = check(&report, "auth.declared");
    assert_eq!(auth.status, Status::Fail);
    assert_eq!(auth.cases, ["C9298", "C9306"]);
    let setup = report
        .test_plan
        .iter()
        .find(|c| c.ids.contains(&"C9298".to_owned()))
        .unwrap();
    assert_eq!(setup.status, okta_actions::report::CaseStatus::Fail);
}
