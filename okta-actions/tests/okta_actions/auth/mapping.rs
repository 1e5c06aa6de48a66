//! Declaring an auth mapping and binding it to a tenant.

use okta_actions::auth::{
    AuthConfigError, AuthMapping, ClientAuthMethod, CredentialMapping, OinAuthType, TenantContext,
    TenantVariable,
};
use okta_actions::client::{VendorConfig, VendorConnector};
use okta_actions::contracts::{ErrorType, Secret};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn custom(base: &str) -> okta_actions::auth::AuthMappingBuilder {
    AuthMapping::builder()
        .auth_type(OinAuthType::Custom)
        .base_url(base)
        .credential(CredentialMapping::Bearer)
}

#[test]
fn a_valid_mapping_exposes_what_was_declared() {
    let mapping = custom("https://{app.subdomain}.acme.example/{app.region}/api")
        .tenant_variable("subdomain")
        .tenant_variable("region")
        .build()
        .unwrap();
    assert_eq!(
        mapping.tenant_variables().collect::<Vec<_>>(),
        ["subdomain", "region"]
    );
    assert_eq!(mapping.auth_type(), OinAuthType::Custom);
    assert_eq!(
        mapping.base_url_template(),
        "https://{app.subdomain}.acme.example/{app.region}/api"
    );
    assert_eq!(mapping.credential(), &CredentialMapping::Bearer);
}

#[test]
fn at_most_eight_tenant_variables() {
    let mut builder = custom("https://acme.example");
    for i in 0..8 {
        builder = builder.tenant_variable(format!("v{i}"));
    }
    assert!(builder.clone().build().is_ok());
    let err = builder.tenant_variable("v8").build().unwrap_err();
    assert_eq!(err, AuthConfigError::TooManyVariables { count: 9 });
    assert!(err.to_string().contains("at most 8"));
}

#[test]
fn variable_names_follow_the_oin_rule() {
    for bad in [
        "",
        "Subdomain",
        "1st",
        "_x",
        "sub-domain",
        "sub domain",
        "é",
    ] {
        let err = custom("https://acme.example")
            .tenant_variable(bad)
            .build()
            .unwrap_err();
        assert_eq!(
            err,
            AuthConfigError::InvalidVariableName { name: bad.into() },
            "{bad:?}"
        );
    }
    for good in ["a", "subdomain", "api_region_2"] {
        assert!(TenantVariable::new(good).is_ok(), "{good}");
    }
}

#[test]
fn duplicate_variables_are_rejected() {
    let err = custom("https://acme.example")
        .tenant_variable("subdomain")
        .tenant_variable("subdomain")
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        AuthConfigError::DuplicateVariable {
            name: "subdomain".into()
        }
    );
}

#[test]
fn a_template_naming_an_undeclared_variable_is_rejected_by_name() {
    let err = custom("https://{app.subdomain}.{app.region}.acme.example")
        .tenant_variable("subdomain")
        .build()
        .unwrap_err();
    assert!(matches!(&err, AuthConfigError::UndeclaredVariable { name, .. } if name == "region"));
    assert!(err.to_string().contains("`region`"), "{err}");
}

#[test]
fn malformed_templates_are_rejected() {
    for template in [
        "https://{app.subdomain.acme.example",
        "https://app.subdomain}.acme.example",
        "https://{subdomain}.acme.example",
        "https://{app.Sub}.acme.example",
        "acme.example/api",
        "ftp://{app.subdomain}.acme.example",
    ] {
        let err = custom(template)
            .tenant_variable("subdomain")
            .build()
            .unwrap_err();
        assert!(
            matches!(err, AuthConfigError::MalformedTemplate { .. }),
            "{template}: {err}"
        );
    }
}

#[test]
fn missing_fields_and_incompatible_credentials_are_rejected() {
    let err = AuthMapping::builder()
        .base_url("https://acme.example")
        .credential(CredentialMapping::Bearer)
        .build()
        .unwrap_err();
    assert_eq!(err, AuthConfigError::Missing { field: "auth_type" });
    let err = AuthMapping::builder()
        .auth_type(OinAuthType::Basic)
        .base_url("https://acme.example")
        .credential(CredentialMapping::Bearer)
        .build()
        .unwrap_err();
    assert!(
        matches!(err, AuthConfigError::IncompatibleCredential { .. }),
        "{err}"
    );
    let err = AuthMapping::builder()
        .auth_type(OinAuthType::OAuth2ClientCredentials)
        .base_url("https://acme.example")
        .credential(CredentialMapping::ClientCredentials {
            token_url: "https://{app.org}.acme.example/token".into(),
            method: ClientAuthMethod::ClientSecretBasic,
            scopes: vec!["read".into()],
        })
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, AuthConfigError::UndeclaredVariable { name, .. } if name == "org"),
        "{err}"
    );
    let err = custom("https://acme.example")
        .credential(CredentialMapping::ApiKeyHeader {
            header: "Bad Header".into(),
            scheme: None,
        })
        .build()
        .unwrap_err();
    assert!(matches!(
        err,
        AuthConfigError::InvalidCredentialMapping { .. }
    ));
}

#[test]
fn tenant_context_reads_okta_headers_and_hides_the_credential() {
    let tenant = TenantContext::from_headers([
        ("X-Okta-Tenant-Subdomain", "acme"),
        ("x-okta-tenant-region", "eu"),
        ("Authorization", "Bearer canary-ctx-0001"),
        ("Content-Type", "application/json"),
    ]);
    assert_eq!(tenant.variable("subdomain"), Some("acme"));
    assert_eq!(tenant.variable("region"), Some("eu"));
    assert_eq!(tenant.variables().len(), 2);
    assert_eq!(
        tenant.authorization().map(Secret::expose),
        Some("Bearer canary-ctx-0001")
    );
    assert!(!format!("{tenant:?}").contains("canary-ctx-0001"));
}

fn host_port_connector() -> VendorConnector {
    let mapping = AuthMapping::builder()
        .tenant_variable("host")
        .tenant_variable("port")
        .auth_type(OinAuthType::Custom)
        .base_url("http://{app.host}:{app.port}/api")
        .credential(CredentialMapping::Bearer)
        .build()
        .unwrap();
    VendorConnector::new(mapping, VendorConfig::default())
}

#[tokio::test]
async fn the_base_url_is_rendered_from_the_tenant_variables() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/ping"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})))
        .expect(1)
        .mount(&server)
        .await;
    let port = server.address().port().to_string();
    let tenant = TenantContext::new(
        [
            ("host".into(), "127.0.0.1".into()),
            ("port".into(), port.clone()),
        ],
        Some(Secret::new("Bearer t")),
    );
    let client = host_port_connector().connect(&tenant).unwrap();
    assert_eq!(client.base_url(), format!("http://127.0.0.1:{port}/api"));
    let response = client.get("/ping").send().await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.body["ok"], true);
}

#[test]
fn connect_names_a_missing_or_unusable_tenant_variable() {
    let connector = host_port_connector();
    let tenant = TenantContext::new(
        [("host".into(), "127.0.0.1".into())],
        Some(Secret::new("Bearer t")),
    );
    let err = connector.connect(&tenant).unwrap_err();
    assert_eq!(err.error_type(), ErrorType::GenericFailure);
    assert!(err.summary().contains("`port`"), "{err}");
    assert!(err.summary().contains("x-okta-tenant-port"), "{err}");
    for evil in ["evil.example/x?", "a@b", "80#", "..", ""] {
        let tenant = TenantContext::new(
            [("host".into(), evil.into()), ("port".into(), "80".into())],
            Some(Secret::new("Bearer t")),
        );
        let err = connector.connect(&tenant).unwrap_err();
        assert!(err.summary().contains("`host`"), "{evil}: {err}");
    }
}

#[test]
fn connect_requires_a_well_formed_credential() {
    let bearer = host_port_connector();
    let tenant = |auth: Option<&str>| {
        TenantContext::new(
            [("host".into(), "h".into()), ("port".into(), "1".into())],
            auth.map(Secret::new),
        )
    };
    let err = bearer.connect(&tenant(None)).unwrap_err();
    assert_eq!(err.error_type(), ErrorType::InvalidCredentials);
    let err = bearer.connect(&tenant(Some("  "))).unwrap_err();
    assert_eq!(err.error_type(), ErrorType::InvalidCredentials);

    let basic = VendorConnector::new(
        AuthMapping::builder()
            .auth_type(OinAuthType::Basic)
            .base_url("https://acme.example")
            .credential(CredentialMapping::Basic)
            .build()
            .unwrap(),
        VendorConfig::default(),
    );
    for bad in ["Bearer x", "Basic !!!", "Basic Zm9v"] {
        let err = basic.connect(&tenant(Some(bad))).unwrap_err();
        assert_eq!(err.error_type(), ErrorType::InvalidCredentials, "{bad}");
        assert!(err.summary().contains("Basic"), "{err}");
    }
}
