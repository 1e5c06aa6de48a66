//! The adapter as an OpenAPI document, for Integration Builder's **API Spec** tab.
//!
//! Uploading it lets Integration Builder generate the authentication configuration, the
//! `httpHelper` flow, `_authping` and the Custom API Action card (Okta: "Upload an OpenAPI spec to
//! an integration project", "Generate authentication from an OpenAPI spec", "Generate core flows
//! from an OpenAPI spec").
//!
//! # Why OpenAPI 3.0
//! Okta's guide "Build an integration with API Integration Actions" says Integration Builder
//! "only supports OAS version 3.0 or later", JSON or YAML. 3.0 is the one version that
//! statement certainly covers and the one every OpenAPI importer reads, so the document is
//! [`OPENAPI_VERSION`] (3.0.3). The contracts are JSON Schema 2020-12, so their schemas are
//! converted to 3.0 Schema Objects (see the `schema` module: `$ref`s become
//! `#/components/schemas/…`, shared shapes appear once, a `$ref` with siblings becomes `allOf`).
//!
//! # What it describes
//! - `POST /actions/{Ident}` per registered action: body = the contract input; `200` = the
//!   contract output with `executionStatus`; `400`, `401`, `413`, `415`, `500` =
//!   `{"executionStatus": {"status": "FAILED", …}}`. `operationId` is the action identifier,
//!   `summary` Okta's title, tags the capability.
//! - `GET /authping` (Integration Builder's `_authping`) and `GET /health`.
//! - The standard Universal Logout endpoint, when configured ([`WiringOptions`]).
//! - Security: the tenant credential in `Authorization` as the auth mapping declares it, and one
//!   required header `x-okta-tenant-<name>` per tenant variable; every response carries
//!   `x-request-id`.

use std::collections::BTreeSet;

use okta_actions_contracts::{ActionSpec, Capability, OinRule, contracts};
use serde_json::{Map, Value, json};

use super::credential::{SchemeKind, credential};
use super::oin::wizard_field;
use super::schema::{SchemaSet, reference};
use super::{WiringOptions, action_path, capability_label, served_universal_logout};
use crate::Integration;
use crate::auth::TENANT_HEADER_PREFIX;
use crate::handler::HandlerMeta;
use crate::server::REQUEST_ID_HEADER;

/// The OpenAPI version of the document.
pub const OPENAPI_VERSION: &str = "3.0.3";

/// The security scheme of the tenant credential Okta's connection sends.
pub const TENANT_CREDENTIAL_SCHEME: &str = "tenantCredential";

/// The security scheme of the JWT Okta signs for the standard Universal Logout endpoint.
pub const GLOBAL_TOKEN_REVOCATION_SCHEME: &str = "oktaGlobalTokenRevocationJwt";

/// The tag of the adapter's own endpoints (health, authping).
const ADAPTER_TAG: &str = "Adapter";

/// The OpenAPI 3.0 document of the integration's adapter.
///
/// Deterministic: the same integration and options give the same document.
///
/// ```
/// use okta_actions::contracts::{UniversalLogoutInput, UniversalLogoutOutput, LogoutStatus};
/// use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType};
/// use okta_actions::wiring::{WiringOptions, openapi};
/// use okta_actions::{ActionContext, ActionError, universal_logout_action};
///
/// #[universal_logout_action]
/// async fn logout(_: &ActionContext, _: UniversalLogoutInput) -> Result<UniversalLogoutOutput, ActionError> {
///     Ok(UniversalLogoutOutput { logout_status: LogoutStatus::Success })
/// }
///
/// let auth = AuthMapping::builder()
///     .tenant_variable("subdomain")
///     .auth_type(OinAuthType::Basic)
///     .base_url("https://{app.subdomain}.acme.example/api")
///     .credential(CredentialMapping::Basic)
///     .build()
///     .unwrap();
/// let integration = okta_actions::integration! {
///     name: "Acme",
///     capabilities: [UniversalLogout],
///     actions: [logout],
/// }
/// .auth(auth)
/// .build()
/// .unwrap();
///
/// let doc = openapi::document(&integration, &WiringOptions::new().server_url("https://okta.acme.example"));
/// assert_eq!(doc["openapi"], "3.0.3");
/// assert_eq!(doc["servers"][0]["url"], "https://okta.acme.example");
/// assert_eq!(doc["components"]["securitySchemes"]["tenantCredential"]["scheme"], "basic");
/// let operation = &doc["paths"]["/actions/UniversalLogout"]["post"];
/// assert_eq!(operation["summary"], "Proprietary Universal Logout");
/// assert_eq!(
///     operation["requestBody"]["content"]["application/json"]["schema"]["$ref"],
///     "#/components/schemas/UniversalLogoutInput"
/// );
/// assert_eq!(doc["components"]["parameters"]["tenant_subdomain"]["name"], "x-okta-tenant-subdomain");
/// ```
pub fn document(integration: &Integration, options: &WiringOptions) -> Value {
    let set = contracts();
    let mut schemas = SchemaSet::default();
    let status = schemas.add_file("common/execution-status.json", "ExecutionStatus");
    schemas.add_own("FailedStatus", failed_status(&status));
    let adapter_status = schemas.add_own(
        "AdapterStatus",
        json!({
            "description": "The adapter's answer to a health or credential check.",
            "type": "object",
            "required": ["status"],
            "properties": {"status": {"type": "string", "enum": ["ok"]}}
        }),
    );

    let auth = integration.auth();
    let tenant_credential = auth.and_then(credential);
    let secured = tenant_credential.is_some();

    let mut parameters = Map::new();
    let mut parameter_refs = Vec::new();
    for name in auth.into_iter().flat_map(|a| a.tenant_variables()) {
        let key = format!("tenant_{name}");
        let mut description = format!(
            "The calling tenant's value of tenant variable `{name}` (`app.{name}` in the OIN \
             Wizard's tenant settings)."
        );
        if let Some(a) = auth.filter(|a| a.base_url_template().contains(&format!("{{app.{name}}}")))
        {
            description.push_str(&format!(
                " The vendor base URL `{}` uses it.",
                a.base_url_display()
            ));
        }
        parameters.insert(
            key.clone(),
            json!({
                "name": format!("{TENANT_HEADER_PREFIX}{name}"),
                "in": "header",
                "required": true,
                "description": description,
                "schema": {"type": "string"}
            }),
        );
        parameter_refs.push(json!({"$ref": format!("#/components/parameters/{key}")}));
    }
    parameters.insert(
        "RequestId".into(),
        json!({
            "name": REQUEST_ID_HEADER,
            "in": "header",
            "required": false,
            "description": "The caller's request id, echoed on the response and written into \
                            every error's `requestId`. Ids longer than 128 characters or with \
                            characters other than printable ASCII are replaced by a generated id.",
            "schema": {"type": "string"}
        }),
    );
    parameter_refs.push(json!({"$ref": "#/components/parameters/RequestId"}));

    let mut paths = Map::new();
    let mut tags = BTreeSet::new();
    for spec in &set.actions {
        let Some(action) = integration.action(&spec.ident) else {
            continue;
        };
        let input = schemas.add_file(&spec.input, &spec.input_type());
        let output = schemas.add_file(&spec.output, &spec.output_type());
        tags.insert(spec.capability);
        let operation =
            action_operation(spec, action.meta(), &parameter_refs, input, output, secured);
        paths.insert(action_path(&spec.ident), json!({"post": operation}));
    }

    let mut authping_responses = Map::new();
    authping_responses.insert(
        "200".into(),
        json_response(
            "The vendor accepted the tenant's credential.",
            &adapter_status,
        ),
    );
    if secured {
        authping_responses.insert(
            "401".into(),
            json!({"$ref": "#/components/responses/Unauthorized"}),
        );
    }
    paths.insert(
        "/authping".into(),
        json!({"get": {
            "operationId": "AuthPing",
            "summary": "Check the tenant's credential (Integration Builder `_authping`)",
            "description": "Calls the vendor with the tenant's credential and tenant variables, \
                            exactly as an action would. Point the `_authping` flow here: `200` \
                            when the vendor accepts the credential, `401` with a FAILED \
                            `executionStatus` otherwise.",
            "tags": [ADAPTER_TAG],
            "parameters": parameter_refs,
            "responses": authping_responses
        }}),
    );
    paths.insert(
        "/health".into(),
        json!({"get": {
            "operationId": "Health",
            "summary": "Liveness check",
            "description": "Unauthenticated; does not call the vendor.",
            "tags": [ADAPTER_TAG],
            "security": [],
            "responses": {"200": json_response("The adapter is running.", &adapter_status)}
        }}),
    );

    let mut security_schemes = Map::new();
    if let (Some(cred), Some(auth)) = (&tenant_credential, auth) {
        let description = format!(
            "The tenant's credential (OIN auth type {}), which Okta's connection sends in \
             `Authorization`: {}. The adapter {}.",
            auth.auth_type().as_str(),
            cred.inbound,
            cred.outbound
        );
        let scheme = match cred.kind {
            SchemeKind::Basic => {
                json!({"type": "http", "scheme": "basic", "description": description})
            }
            SchemeKind::Bearer => {
                json!({"type": "http", "scheme": "bearer", "description": description})
            }
            SchemeKind::ApiKey => json!({
                "type": "apiKey", "in": "header", "name": "Authorization",
                "description": description
            }),
        };
        security_schemes.insert(TENANT_CREDENTIAL_SCHEME.into(), scheme);
    }

    if let Some(path) = served_universal_logout(integration, options) {
        tags.insert(Capability::UniversalLogout);
        let url = format!("{}{path}", options.adapter_url());
        security_schemes.insert(
            GLOBAL_TOKEN_REVOCATION_SCHEME.into(),
            json!({
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "JWT",
                "description": format!(
                    "A JWT the Okta org signs with the key that signs its ID tokens (OIDC) or \
                     SAML assertions: header `typ` `global-token-revocation+jwt`; `iss` the org \
                     URL, `sub` the app's client id (OIDC) or app instance id (SAML), `aud` \
                     exactly `{url}`, a unique `jti`, `iat` now, `nbf` and `exp` five minutes \
                     either side. Okta sends it itself: do not generate an Integration Builder \
                     authentication from this scheme."
                )
            }),
        );
        schemas.add_own(
            "EmailSubjectIdentifier",
            json!({
                "description": "The user by email address (RFC 9493 `email` format), Okta's \
                                default.",
                "type": "object",
                "required": ["format", "email"],
                "properties": {
                    "format": {"type": "string", "enum": ["email"]},
                    "email": {"type": "string"}
                }
            }),
        );
        schemas.add_own(
            "IssSubSubjectIdentifier",
            json!({
                "description": "The user by issuer and subject (RFC 9493 `iss_sub` format), \
                                when provisioning is also on.",
                "type": "object",
                "required": ["format", "iss", "sub"],
                "properties": {
                    "format": {"type": "string", "enum": ["iss_sub"]},
                    "iss": {"type": "string"},
                    "sub": {"type": "string"}
                }
            }),
        );
        let request = schemas.add_own(
            "GlobalTokenRevocationRequest",
            json!({
                "description": "The user to log out of every session and refresh token.",
                "type": "object",
                "required": ["sub_id"],
                "properties": {"sub_id": {"oneOf": [
                    reference("EmailSubjectIdentifier"),
                    reference("IssSubSubjectIdentifier")
                ]}}
            }),
        );
        let empty =
            |description: &str| json!({"description": description, "headers": request_id_header()});
        paths.insert(
            path.to_owned(),
            json!({"post": {
                "operationId": "GlobalTokenRevocation",
                "summary": "Standard Universal Logout (global token revocation)",
                "description": format!(
                    "Okta calls this endpoint itself, without a flow: enter `{url}` as the \
                     **Global token revocation endpoint** in the OIN Wizard. The adapter checks \
                     the JWT first, then runs the `UniversalLogout` handler for the user. Okta \
                     reads only the status; no response has a body."
                ),
                "tags": [capability_label(Capability::UniversalLogout)],
                "security": [{GLOBAL_TOKEN_REVOCATION_SCHEME: []}],
                "requestBody": {
                    "required": true,
                    "content": {"application/json": {"schema": request}}
                },
                "responses": {
                    "204": empty("The user's sessions and refresh tokens are revoked, or revocation has started."),
                    "400": empty("Malformed request, or a subject format the adapter does not support."),
                    "401": empty("Missing or invalid JWT."),
                    "403": empty("The JWT is valid but not allowed to log users out."),
                    "404": empty("No such user."),
                    "422": empty("The user exists but cannot be logged out.")
                }
            }}),
        );
    }

    let mut responses = Map::new();
    let failed = |description: &str| {
        json!({
            "description": description,
            "headers": request_id_header(),
            "content": {"application/json": {"schema": reference("FailedStatus")}}
        })
    };
    responses.insert(
        "BadRequest".into(),
        failed(
            "The body is malformed JSON or breaks the action's input contract; the errors' \
             `details` name the JSON paths at fault.",
        ),
    );
    if secured {
        responses.insert(
            "Unauthorized".into(),
            failed(
                "The tenant's credential is missing or malformed, or the vendor rejected it \
                 (`INVALID_CREDENTIALS`).",
            ),
        );
    }
    responses.insert(
        "PayloadTooLarge".into(),
        failed("The body is larger than the adapter accepts."),
    );
    responses.insert(
        "UnsupportedMediaType".into(),
        failed("The body is not `application/json`."),
    );
    responses.insert(
        "InternalError".into(),
        failed(
            "The handler panicked, or its output broke the action's output contract \
             (`GENERIC_FAILURE`).",
        ),
    );

    let mut tag_list: Vec<Value> = Capability::ALL
        .into_iter()
        .filter(|c| tags.contains(c))
        .map(|c| json!({"name": capability_label(c), "description": tag_description(c)}))
        .collect();
    tag_list.push(json!({
        "name": ADAPTER_TAG,
        "description": "The adapter's own endpoints: liveness and the credential check."
    }));

    let server_description = if options.has_server_url() {
        "The adapter".to_owned()
    } else {
        "Placeholder: generate again with `--adapter-url URL` (or `WiringOptions::server_url`) \
         naming the adapter's public URL before uploading"
            .to_owned()
    };

    let mut components = Map::new();
    components.insert("schemas".into(), Value::Object(schemas.into_map()));
    components.insert("parameters".into(), Value::Object(parameters));
    components.insert("responses".into(), Value::Object(responses));
    components.insert(
        "headers".into(),
        json!({"RequestId": {
            "description": "The request's id: the caller's `x-request-id` when usable, else one \
                            the adapter generated. Every error's `requestId` repeats it.",
            "schema": {"type": "string"}
        }}),
    );
    if !security_schemes.is_empty() {
        components.insert("securitySchemes".into(), Value::Object(security_schemes));
    }

    let mut doc = Map::new();
    doc.insert("openapi".into(), json!(OPENAPI_VERSION));
    doc.insert(
        "info".into(),
        json!({
            "title": format!("{} — Okta API Integration Actions adapter", integration.name()),
            "version": options.version(),
            "description": format!(
                "The adapter that serves {name}'s Okta API Integration Actions (contracts of \
                 {contract}), generated by okta-actions from the integration's declaration.\n\n\
                 Okta runs one Integration Builder flow per action; each flow posts the action's \
                 `body` to `/actions/{{Ident}}` with the tenant's connection and returns the \
                 response body unchanged. The adapter validates the input, calls {name}'s API and \
                 writes `executionStatus`. An action the integration does not register answers \
                 `404`. Every response carries `{REQUEST_ID_HEADER}`.",
                name = integration.name(),
                contract = okta_actions_contracts::CONTRACT_VERSION,
            )
        }),
    );
    doc.insert(
        "servers".into(),
        json!([{"url": options.adapter_url(), "description": server_description}]),
    );
    if secured {
        doc.insert("security".into(), json!([{TENANT_CREDENTIAL_SCHEME: []}]));
    }
    doc.insert("tags".into(), Value::Array(tag_list));
    doc.insert("paths".into(), Value::Object(paths));
    doc.insert("components".into(), Value::Object(components));
    Value::Object(doc)
}

/// The document as pretty-printed JSON with a final newline, ready to upload.
pub fn to_string_pretty(document: &Value) -> String {
    let mut text =
        serde_json::to_string_pretty(document).expect("a serde_json::Value always serializes");
    text.push('\n');
    text
}

/// The operation of one action endpoint.
fn action_operation(
    spec: &ActionSpec,
    meta: &HandlerMeta,
    parameters: &[Value],
    input: Value,
    output: Value,
    secured: bool,
) -> Value {
    let mut description = vec![spec.description.clone()];
    let doc = meta.doc.trim();
    if !doc.is_empty() {
        description.push(doc.to_owned());
    }
    if let Some(call) = meta.vendor_call {
        description.push(format!("Vendor call: `{call}`."));
    }
    description.push(oin_text(spec));

    let mut responses = Map::new();
    responses.insert(
        "200".into(),
        json_response(
            "The action's output. `executionStatus.status` is SUCCEEDED, or FAILED when the \
             action failed at the vendor (its `errors` say why).",
            &output,
        ),
    );
    responses.insert(
        "400".into(),
        json!({"$ref": "#/components/responses/BadRequest"}),
    );
    if secured {
        responses.insert(
            "401".into(),
            json!({"$ref": "#/components/responses/Unauthorized"}),
        );
    }
    for (status, name) in [
        ("413", "PayloadTooLarge"),
        ("415", "UnsupportedMediaType"),
        ("500", "InternalError"),
    ] {
        responses.insert(
            status.into(),
            json!({"$ref": format!("#/components/responses/{name}")}),
        );
    }

    json!({
        "operationId": spec.ident,
        "summary": spec.title,
        "description": description.join("\n\n"),
        "tags": [capability_label(spec.capability)],
        "parameters": parameters,
        "requestBody": {
            "required": true,
            "content": {"application/json": {"schema": input}}
        },
        "responses": responses
    })
}

/// Where the action's flow goes in the OIN Wizard and how its OIN group is required.
fn oin_text(spec: &ActionSpec) -> String {
    let set = contracts();
    let rule = set
        .oin_groups
        .iter()
        .find(|g| g.name == spec.oin_group)
        .map(|g| match g.rule {
            OinRule::AllRequired => format!("required with {}", capability_label(g.when)),
            OinRule::EachOptional => "each action optional".to_owned(),
            OinRule::AllOrNone => "optional, all of the group or none".to_owned(),
        })
        .unwrap_or_else(|| "rule not documented".to_owned());
    let field = wizard_field(&spec.ident)
        .map(|f| f.path())
        .unwrap_or_else(|| spec.title.clone());
    format!(
        "OIN Wizard field: {field}. OIN group \"{}\": {rule}.",
        spec.oin_group
    )
}

/// The executionStatus of every non-200 answer: FAILED, with its errors.
fn failed_status(status: &Value) -> Value {
    json!({
        "description": "The body of every non-200 answer: a FAILED `executionStatus` whose \
                        errors carry the type, summary, HTTP status and request id.",
        "type": "object",
        "required": ["executionStatus"],
        "properties": {"executionStatus": {"allOf": [
            status,
            {
                "type": "object",
                "required": ["status"],
                "properties": {"status": {"type": "string", "enum": ["FAILED"]}}
            }
        ]}}
    })
}

fn json_response(description: &str, schema: &Value) -> Value {
    json!({
        "description": description,
        "headers": request_id_header(),
        "content": {"application/json": {"schema": schema}}
    })
}

fn request_id_header() -> Value {
    json!({REQUEST_ID_HEADER: {"$ref": "#/components/headers/RequestId"}})
}

fn tag_description(capability: Capability) -> &'static str {
    match capability {
        Capability::Provisioning => "Users, groups and group memberships.",
        Capability::Entitlements => {
            "User and entitlement schema discovery. OIN requires the user schema actions for \
             Provisioning and the entitlement schema actions for Entitlement Management."
        }
        Capability::UniversalLogout => {
            "Logging a user out of the vendor: the proprietary action, and the standard global \
             token revocation endpoint when the adapter serves it."
        }
    }
}
