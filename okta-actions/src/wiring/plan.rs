//! The flow plan: what to build in Integration Builder and pick in the OIN Wizard, step by step,
//! as Markdown.
//!
//! The plan lists, in the order the OIN Wizard shows them:
//! 1. one flow per implemented action of the declared capabilities: the OIN Wizard field to pick
//!    it in, the Integration Builder event, and the one card that forwards the event's `body` to
//!    `{adapter}/actions/{Ident}` and returns the response body unchanged;
//! 2. the tenant variables and the authentication settings and mapping;
//! 3. the optional actions the integration does not implement (fields to leave empty);
//! 4. the `_authping` flow, and the standard Universal Logout endpoint when configured.
//!
//! OIN Wizard field names are those of Okta's "OIN Wizard: Submit an integration" guide for
//! API Integration Actions; Integration Builder's names are from "Build an integration with API
//! Integration Actions" and the Workflows help ("Upload an OpenAPI spec…", "Build an
//! _authping flow", "Raw Request").

use std::fmt::Write;

use okta_actions_contracts::{ActionSpec, Capability, OinGroupSpec, OinRule, contracts};

use super::credential::{credential, wizard_mapping, wizard_mode};
use super::oin::{WIZARD_FIELDS, builder_folder, group_switch, wizard_field};
use super::openapi::{GLOBAL_TOKEN_REVOCATION_SCHEME, TENANT_CREDENTIAL_SCHEME};
use super::{
    WiringOptions, action_path, capability_label, served_universal_logout, variable_label,
};
use crate::Integration;
use crate::auth::TENANT_HEADER_PREFIX;

/// The Markdown flow plan of the integration for Integration Builder and the OIN Wizard.
///
/// Deterministic: the same integration and options give the same text.
///
/// ```
/// use okta_actions::contracts::{UniversalLogoutInput, UniversalLogoutOutput, LogoutStatus};
/// use okta_actions::wiring::{WiringOptions, plan};
/// use okta_actions::{ActionContext, ActionError, universal_logout_action};
///
/// /// Revokes the user's sessions.
/// #[universal_logout_action]
/// async fn logout(_: &ActionContext, _: UniversalLogoutInput) -> Result<UniversalLogoutOutput, ActionError> {
///     Ok(UniversalLogoutOutput { logout_status: LogoutStatus::Success })
/// }
///
/// let integration = okta_actions::integration! {
///     name: "Acme",
///     capabilities: [UniversalLogout],
///     actions: [logout],
/// }
/// .build()
/// .unwrap();
/// let text = plan::flow_plan(&integration, &WiringOptions::new().server_url("https://okta.acme.example"));
/// assert!(text.starts_with("# Integration Builder flow plan: Acme\n"));
/// assert!(text.contains("Universal Logout API Integration Actions › **Proprietary**"));
/// assert!(text.contains("`https://okta.acme.example/actions/UniversalLogout`"));
/// assert!(text.contains("## `_authping`"));
/// ```
pub fn flow_plan(integration: &Integration, options: &WiringOptions) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_plan(&mut out, integration, options);
    out
}

/// How an action stands in the OIN rules for this integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Required by a declared capability.
    Required,
    /// Required because the integration enabled its all-or-none group.
    RequiredByGroup,
    /// Optional.
    Optional,
}

impl Need {
    /// The need in words, naming the wizard switch of an enabled all-or-none group.
    fn label(self, group: &str) -> String {
        match self {
            Need::Required => "required".to_owned(),
            Need::RequiredByGroup => match group_switch(group) {
                Some(switch) => format!("required: turn on **{switch}**, all or none"),
                None => "required: the group is all or none".to_owned(),
            },
            Need::Optional => "optional".to_owned(),
        }
    }
}

/// One action of a declared capability, in wizard order.
struct Row<'a> {
    spec: &'a ActionSpec,
    group: Option<&'a OinGroupSpec>,
    implemented: bool,
}

fn rows(integration: &Integration) -> Vec<Row<'static>> {
    let set = contracts();
    let declared = integration.capabilities();
    let mut ordered: Vec<&ActionSpec> = WIZARD_FIELDS
        .iter()
        .filter_map(|f| set.action(f.ident))
        .collect();
    // Actions the wizard table does not know yet (a newer contract set) go last, in contract
    // order.
    ordered.extend(
        set.actions
            .iter()
            .filter(|a| wizard_field(&a.ident).is_none()),
    );
    ordered
        .into_iter()
        .filter_map(|spec| {
            let group = set.oin_groups.iter().find(|g| g.name == spec.oin_group);
            let activated_by = group.map(|g| g.when).unwrap_or(spec.capability);
            declared.contains(&activated_by).then(|| Row {
                spec,
                group,
                implemented: integration.action(&spec.ident).is_some(),
            })
        })
        .collect()
}

fn need(row: &Row<'_>, integration: &Integration) -> Need {
    match row.group.map(|g| g.rule) {
        Some(OinRule::AllRequired) | None => Need::Required,
        Some(OinRule::EachOptional) => Need::Optional,
        Some(OinRule::AllOrNone) => {
            let set = contracts();
            let any = set
                .group_actions(&row.spec.oin_group)
                .any(|a| integration.action(&a.ident).is_some());
            if any {
                Need::RequiredByGroup
            } else {
                Need::Optional
            }
        }
    }
}

fn field_text(spec: &ActionSpec) -> String {
    match wizard_field(&spec.ident) {
        Some(f) => match f.heading {
            Some(heading) => format!("{} › {heading} › **{}**", f.section, f.field),
            None => format!("{} › **{}**", f.section, f.field),
        },
        None => format!(
            "**{}** (Okta's guide names no field for this action yet: the contract title is \
             used)",
            spec.title
        ),
    }
}

fn write_plan(
    out: &mut String,
    integration: &Integration,
    options: &WiringOptions,
) -> std::fmt::Result {
    let name = integration.name();
    let adapter = options.adapter_url();
    let auth = integration.auth();
    let variables: Vec<&str> = auth
        .map(|a| a.tenant_variables().collect())
        .unwrap_or_default();
    let tenant_credential = auth.and_then(credential);
    let rows = rows(integration);
    let declared: Vec<&str> = Capability::ALL
        .into_iter()
        .filter(|c| integration.capabilities().contains(c))
        .map(capability_label)
        .collect();

    writeln!(out, "# Integration Builder flow plan: {name}")?;
    writeln!(out)?;
    writeln!(
        out,
        "Generated by okta-actions from the integration's declaration (contracts of {}). Okta \
         runs every API Integration Action as an Integration Builder flow; here each flow is \
         **one card** that forwards the action's `body` to the adapter and returns the \
         adapter's response body unchanged. The adapter validates the input, calls {name}'s \
         API and writes `executionStatus`, so the flows hold no logic.",
        okta_actions_contracts::CONTRACT_VERSION
    )?;
    writeln!(out)?;
    writeln!(out, "- Adapter: `{adapter}`")?;
    if !options.has_server_url() {
        writeln!(
            out,
            "  (a placeholder: generate again with `--adapter-url URL`, or `WiringOptions::server_url`, naming the adapter's public URL)"
        )?;
    }
    writeln!(
        out,
        "- Capabilities: {}",
        if declared.is_empty() {
            "none declared".to_owned()
        } else {
            declared.join(", ")
        }
    )?;
    writeln!(out)?;

    writeln!(out, "## Setup")?;
    writeln!(out)?;
    writeln!(
        out,
        "1. OIN Wizard: select the capabilities above with **API Integration Actions**, fill \
         **Tenant settings** and **Authentication settings** as in [Tenant variables and \
         authentication](#tenant-variables-and-authentication), then **Save and start building**.{}",
        if integration
            .capabilities()
            .contains(&Capability::UniversalLogout)
        {
            " Universal Logout also needs SSO (OIDC or SAML) in the same submission."
        } else {
            ""
        }
    )?;
    writeln!(
        out,
        "2. Integration Builder › **API Spec** › **Upload spec**: the OpenAPI document \
         (`okta_actions::wiring::openapi::document`), then **Process file**."
    )?;
    if tenant_credential.is_some() {
        writeln!(
            out,
            "3. **API Spec** › **Authentication configuration** › **Generate**: select \
             `{TENANT_CREDENTIAL_SCHEME}` only."
        )?;
    } else {
        writeln!(
            out,
            "3. **API Spec** › **Authentication configuration**: nothing to generate; the vendor \
             needs no credential."
        )?;
    }
    writeln!(
        out,
        "4. **API Spec** › **Core flows** › **Generate flow**: **HTTP Helper** first, then \
         **Authping** and **Custom API Action**."
    )?;
    writeln!(
        out,
        "5. **Authentication** › **Authentication mapping**: map the connection parameters as \
         below (needed even when the authentication was generated from the spec)."
    )?;
    writeln!(
        out,
        "6. Build the action flows below and turn each **ON**; then **Validate and submit** › \
         **Validate flows**."
    )?;
    writeln!(
        out,
        "7. **Continue submission in OIN**: pick each flow in the OIN Wizard field named with it."
    )?;
    writeln!(out)?;

    writeln!(out, "## Action flows")?;
    writeln!(out)?;
    writeln!(
        out,
        "Each flow: the action's folder › **Flows** › **+ New Flow** › **Add event** › the \
         action's event, then one **Custom API Action** card (generated from the API spec; it \
         adds the connection's `Authorization` through `httpHelper`) and a return of its \
         response `body`. With an HTTP **Raw Request** card instead, use the full URL, add \
         `Authorization` from the connection and `Content-Type: application/json` yourself, \
         send the event's `body` through JSON Stringify and return the parsed response `body`."
    )?;
    writeln!(out)?;
    let header_text = tenant_headers(&variables);
    let implemented: Vec<&Row<'_>> = rows.iter().filter(|r| r.implemented).collect();
    if implemented.is_empty() {
        writeln!(out, "No action is implemented.")?;
        writeln!(out)?;
    }
    for (index, row) in implemented.iter().enumerate() {
        let spec = row.spec;
        let meta = integration
            .action(&spec.ident)
            .map(|a| *a.meta())
            .expect("implemented rows are registered");
        let path = action_path(&spec.ident);
        writeln!(out, "### {}. {} (`{}`)", index + 1, spec.title, spec.ident)?;
        writeln!(out)?;
        writeln!(
            out,
            "- OIN Wizard field: {} — {}",
            field_text(spec),
            need(row, integration).label(&spec.oin_group)
        )?;
        writeln!(
            out,
            "- Event: {} › **{}**",
            builder_folder(spec),
            spec.title
        )?;
        writeln!(
            out,
            "- Card: Custom API Action, Request Type `POST`, Relative URL `{path}` (Raw \
             Request URL `{adapter}{path}`)"
        )?;
        writeln!(out, "- Headers: {header_text}")?;
        writeln!(out, "- Body: the event's `body`, unchanged")?;
        writeln!(
            out,
            "- Return: the card's response `body`, unchanged (it carries `executionStatus`)"
        )?;
        // The doc comment's first paragraph, on one line.
        let summary = meta
            .doc
            .split("\n\n")
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut handler = format!("- Handler: `{}`", meta.handler);
        if !summary.is_empty() {
            handler.push_str(&format!(": {summary}"));
        }
        if let Some(call) = meta.vendor_call {
            handler.push_str(&format!(" (vendor call `{call}`)"));
        }
        writeln!(out, "{handler}")?;
        writeln!(out)?;
    }

    writeln!(out, "## Tenant variables and authentication")?;
    writeln!(out)?;
    match auth {
        None => {
            writeln!(
                out,
                "The integration declares no auth mapping: no tenant variables, and the \
                 adapter needs no credential. In the OIN Wizard, choose the authentication mode \
                 your API needs for the flows' connection anyway."
            )?;
            writeln!(out)?;
        }
        Some(auth) => {
            writeln!(out, "OIN Wizard › **Tenant settings**:")?;
            writeln!(out)?;
            if variables.is_empty() {
                writeln!(out, "- none: the integration declares no tenant variable")?;
            } else {
                writeln!(out, "| Name | Label (yours to choose) | Sent as header |")?;
                writeln!(out, "|---|---|---|")?;
                for v in &variables {
                    writeln!(
                        out,
                        "| `{v}` | {} | `{TENANT_HEADER_PREFIX}{v}` = `app.{v}` |",
                        variable_label(v)
                    )?;
                }
            }
            writeln!(out)?;
            writeln!(
                out,
                "OIN Wizard › **Authentication settings** › **Authentication mode**: {}.",
                wizard_mode(auth.auth_type())
            )?;
            writeln!(out)?;
            match &tenant_credential {
                Some(cred) => {
                    writeln!(
                        out,
                        "Integration Builder › **Authentication**: the configuration generated \
                         from `{TENANT_CREDENTIAL_SCHEME}`; the connection sends in \
                         `Authorization` {}.",
                        cred.inbound
                    )?;
                }
                None => {
                    writeln!(
                        out,
                        "Integration Builder › **Authentication**: the vendor needs no \
                         credential; the adapter ignores `Authorization`."
                    )?;
                }
            }
            writeln!(out)?;
            writeln!(out, "Integration Builder › **Authentication mapping**:")?;
            writeln!(out)?;
            if tenant_credential.is_some() {
                writeln!(out, "- {}", wizard_mapping(auth.auth_type()))?;
            }
            for v in &variables {
                writeln!(
                    out,
                    "- a connection parameter `{v}` to tenant variable `{v}`, so flows can send \
                     `app.{v}`"
                )?;
            }
            if tenant_credential.is_none() && variables.is_empty() {
                writeln!(out, "- nothing to map")?;
            }
            writeln!(out)?;
            writeln!(out, "What the adapter does with them:")?;
            writeln!(out)?;
            writeln!(out, "- Vendor base URL: `{}`", auth.base_url_display())?;
            if let Some(cred) = &tenant_credential {
                writeln!(out, "- Credential: the adapter {}", cred.outbound)?;
            }
            writeln!(out)?;
        }
    }

    writeln!(out, "## Optional actions not implemented")?;
    writeln!(out)?;
    let missing: Vec<&Row<'_>> = rows.iter().filter(|r| !r.implemented).collect();
    if missing.is_empty() {
        writeln!(
            out,
            "None: every action of the declared capabilities is implemented."
        )?;
    } else {
        writeln!(
            out,
            "Leave these OIN Wizard fields empty: Okta calls only the flows you pick. Optional \
             operations can be added after publication; published flows can only be replaced, \
             not removed."
        )?;
        writeln!(out)?;
        let mut switches_noted = Vec::new();
        for row in missing {
            let spec = row.spec;
            let status = match need(row, integration) {
                Need::Optional => "not implemented".to_owned(),
                _ => "**not implemented, but required**: the integration cannot be submitted \
                      without it"
                    .to_owned(),
            };
            writeln!(
                out,
                "- {} — `{}` ({}): {status}",
                field_text(spec),
                spec.ident,
                spec.title
            )?;
            if let Some(switch) = group_switch(&spec.oin_group)
                && !switches_noted.contains(&switch)
            {
                switches_noted.push(switch);
            }
        }
        for switch in switches_noted {
            writeln!(out, "- Leave **{switch}** off.")?;
        }
    }
    writeln!(out)?;

    writeln!(out, "## `_authping`")?;
    writeln!(out)?;
    writeln!(
        out,
        "Integration Builder runs `_authping` to check a connection. Generate it from **API \
         Spec** › **Core flows** › **Authping**, or build it by hand: an **If Error** card \
         whose Try calls `httpHelper` with `relative_url` `/authping`, `request_method` `GET`, \
         the action flows' headers and no body (Raw Request URL `{adapter}/authping`)."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "The adapter answers `200` `{{\"status\":\"ok\"}}` when {name} accepts the tenant's \
         credential, and `401` with a FAILED `executionStatus` otherwise."
    )?;
    writeln!(out)?;

    if let Some(path) = served_universal_logout(integration, options) {
        writeln!(out, "## Standard Universal Logout")?;
        writeln!(out)?;
        writeln!(
            out,
            "No flow: Okta calls the adapter directly. OIN Wizard › **Universal logout \
             properties**:"
        )?;
        writeln!(out)?;
        writeln!(
            out,
            "- **Global token revocation endpoint**: `{adapter}{path}`"
        )?;
        writeln!(out, "- **Authentication method**: `SIGNED_JWT`")?;
        writeln!(
            out,
            "- **Subject format**: **Email**, or **Issuer and Subject identifier** when \
             provisioning is also on"
        )?;
        writeln!(out)?;
        writeln!(
            out,
            "The OpenAPI document describes this endpoint with security scheme \
             `{GLOBAL_TOKEN_REVOCATION_SCHEME}`; don't generate an Integration Builder \
             authentication from it."
        )?;
    }
    Ok(())
}

/// The tenant headers every flow sends, or a note that there are none.
fn tenant_headers(variables: &[&str]) -> String {
    if variables.is_empty() {
        "none beyond `Authorization`, which the connection adds".to_owned()
    } else {
        let list: Vec<String> = variables
            .iter()
            .map(|v| format!("`{TENANT_HEADER_PREFIX}{v}` = `app.{v}`"))
            .collect();
        format!("{} (the connection adds `Authorization`)", list.join(", "))
    }
}
