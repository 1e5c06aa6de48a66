//! The checks that need no vendor: the OIN required-flow rules, each handler's contract, and the
//! auth mapping.

use okta_actions_contracts::{Capability, OinRule, RuleKind, contracts};

use super::model::{Check, Status};
use crate::Integration;
use crate::auth::{CredentialMapping, OinAuthType};
use crate::client::Pagination;

/// The OIN required-flow rules (okta-facts §2) as the contract set lists them for the declared
/// capabilities: one check per capability dependency and per action of every group they
/// activate, plus one per broken registration rule (duplicates, undeclared capabilities).
pub(crate) fn oin_rules(integration: &Integration) -> Vec<Check> {
    let set = contracts();
    let declared = integration.capabilities();
    let registered: Vec<&str> = integration
        .actions()
        .iter()
        .map(|a| a.meta().action)
        .collect();
    let mut checks = Vec::new();
    for rule in set.capability_rules(declared) {
        let (capability, requires) = (rule.capability, rule.requires);
        checks.push(Check::new(
            format!(
                "oin.capability.{}.requires.{}",
                capability.as_str(),
                requires.as_str()
            ),
            "OIN capabilities",
            if rule.met { Status::Pass } else { Status::Fail },
            if rule.met {
                format!("`{capability}` is declared with `{requires}`, which it requires")
            } else {
                format!("`{capability}` requires capability `{requires}`: declare it too")
            },
        ));
    }
    for rule in set.action_rules(declared) {
        let action = rule.action.as_str();
        let broken = rule.is_broken(&registered);
        let (id, group, status, reason) = match (rule.kind, broken) {
            (RuleKind::Unique | RuleKind::Excluded, false) => continue,
            (RuleKind::Unique, true) => (
                format!("oin.registration.{action}"),
                "OIN capabilities".to_owned(),
                Status::Fail,
                format!("action `{action}` is registered more than once"),
            ),
            (RuleKind::Excluded, true) => (
                format!("oin.registration.{action}"),
                "OIN capabilities".to_owned(),
                Status::Fail,
                format!(
                    "action `{action}` belongs to capability `{}`, which the integration does not declare",
                    rule.capability
                ),
            ),
            (kind, broken) => {
                let (status, reason) = if registered.contains(&action) {
                    (Status::Pass, format!("`{action}` is implemented"))
                } else if broken && kind == RuleKind::Required {
                    (
                        Status::Fail,
                        format!(
                            "`{action}` is required by capability `{}` (OIN group \"{}\"): implement it",
                            rule.capability, rule.group
                        ),
                    )
                } else if broken {
                    (
                        Status::Fail,
                        format!(
                            "OIN group \"{}\" is all or none: implement `{action}` or remove the group's other actions",
                            rule.group
                        ),
                    )
                } else {
                    (
                        Status::Skip,
                        format!("`{action}` is optional and not implemented"),
                    )
                };
                (
                    format!("oin.{}.{action}", slug(&rule.group)),
                    rule.group.clone(),
                    status,
                    reason,
                )
            }
        };
        checks.push(Check::new(id, group, status, reason).for_action(action));
    }
    checks
}

/// One check per registered handler: the macro proved at compile time that its input and output
/// types are the contract's; the check records where the handler is and what it calls.
pub(crate) fn handler_contracts(integration: &Integration) -> Vec<Check> {
    integration
        .actions()
        .iter()
        .map(|action| {
            let meta = action.meta();
            let mut check = Check::new(
                format!("contract.types.{}", meta.action),
                "Contract conformance",
                Status::Pass,
                format!(
                    "`{}` takes and returns the {} contract's types (checked at compile time)",
                    meta.handler, meta.action
                ),
            )
            .for_action(meta.action)
            .with_evidence(format!("{}:{}", meta.file, meta.line));
            if let Some(call) = meta.vendor_call {
                check = check.with_evidence(format!("declarative vendor call: {call}"));
            }
            check
        })
        .collect()
}

/// The auth mapping against the OIN's settings (okta-facts §5).
pub(crate) fn auth_mapping(integration: &Integration) -> Vec<Check> {
    const GROUP: &str = "Auth mapping";
    let Some(mapping) = integration.auth() else {
        return vec![Check::new(
            "auth.declared",
            GROUP,
            Status::Fail,
            "the integration declares no auth mapping: Okta's connection cannot reach the vendor and \
             handlers get no vendor client; declare one with `IntegrationBuilder::auth(AuthMapping::builder()…)`",
        )];
    };
    let mut checks = vec![Check::new(
        "auth.declared",
        GROUP,
        Status::Pass,
        format!(
            "auth mapping declared: OIN auth type `{}`",
            mapping.auth_type().as_str()
        ),
    )];
    let variables: Vec<&str> = mapping.tenant_variables().collect();
    let mut templates = vec![mapping.base_url_template().to_owned()];
    if let CredentialMapping::ClientCredentials { token_url, .. }
    | CredentialMapping::RefreshToken { token_url, .. } = mapping.credential()
    {
        templates.push(token_url.clone());
    }
    let unused: Vec<&str> = variables
        .iter()
        .copied()
        .filter(|name| {
            !templates
                .iter()
                .any(|t| t.contains(&format!("{{app.{name}}}")))
        })
        .collect();
    checks.extend([
        if unused.is_empty() {
            Check::new(
                "auth.tenant-variables",
                GROUP,
                Status::Pass,
                format!("{} tenant variable(s), each used by the vendor URLs", variables.len()),
            )
        } else {
            Check::new(
                "auth.tenant-variables",
                GROUP,
                Status::Warn,
                format!(
                    "tenant variable(s) {} are declared but no vendor URL uses them: Okta will ask every \
                     customer for a value nothing reads",
                    unused.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                ),
            )
        }
        .with_evidence(format!("variables: {}", variables.join(", "))),
        if mapping.base_url_template().starts_with("https://") {
            Check::new(
                "auth.base-url",
                GROUP,
                Status::Pass,
                "the vendor is reached over https, at a template naming only declared tenant variables",
            )
        } else {
            Check::new(
                "auth.base-url",
                GROUP,
                Status::Fail,
                "the vendor base URL is not https: tenant credentials would cross the network in clear text",
            )
        }
        .with_evidence(format!("template: {}", mapping.base_url_display())),
    ]);
    let credential = mapping.credential();
    let auth_type = mapping.auth_type();
    checks.push(match auth_type {
        OinAuthType::OAuth2ClientCredentials => Check::new(
            "auth.type",
            GROUP,
            Status::Warn,
            "OAuth 2.0 client credentials: Integration Builder offers it, but the OIN documents only \
             Basic, Custom and Authorization Code; confirm with Okta before submission",
        ),
        _ => Check::new(
            "auth.type",
            GROUP,
            Status::Pass,
            format!("OIN auth type `{}` with credential mapping `{}`", auth_type.as_str(), credential.kind()),
        ),
    });
    checks.push(static_secret(
        credential,
        auth_type,
        mapping.base_url_template(),
    ));
    checks
}

/// Whether what is declared can be served: every declarative list needs the vendor's paging
/// style, its own (`paging = …`) or the integration's (without one Okta's import would end
/// after the first page), every declared capability
/// needs a handler, and the standard Universal Logout endpoint needs the action it dispatches to.
pub(crate) fn served(integration: &Integration) -> Vec<Check> {
    const GROUP: &str = "Serving";
    let set = contracts();
    let mut checks = Vec::new();
    for action in integration.actions() {
        let meta = action.meta();
        let (Some(call), Some(_)) = (
            meta.vendor_call,
            set.action(meta.action).and_then(|a| a.list.as_ref()),
        ) else {
            continue;
        };
        let id = format!("paging.declarative.{}", meta.action);
        let check = match (meta.paging, integration.list_pagination()) {
            (Some(own), _) => Check::new(
                id,
                GROUP,
                Status::Pass,
                format!(
                    "`{}` pages the vendor with {}",
                    meta.handler,
                    own.describe()
                ),
            ),
            (None, Pagination::None) => Check::new(
                id,
                GROUP,
                Status::Fail,
                format!(
                    "`{}` is a declarative list but the integration names no paging style: every \
                     call fails before reaching the vendor; name the vendor's style on the \
                     handler (`paging = cursor(..)`, `page(..)`, `offset(..)`, `link(..)` or \
                     `none`) or for every list with `IntegrationBuilder::list_pagination`",
                    meta.handler
                ),
            ),
            (None, style) => Check::new(
                id,
                GROUP,
                Status::Pass,
                format!(
                    "`{}` pages the vendor with {}",
                    meta.handler,
                    describe(style)
                ),
            ),
        };
        checks.push(
            check
                .for_action(meta.action)
                .with_evidence(format!("declarative vendor call: {call}"))
                .with_evidence(format!("{}:{}", meta.file, meta.line)),
        );
    }
    for capability in integration.capabilities() {
        let served = integration
            .actions()
            .iter()
            .filter(|a| a.meta().capability == *capability)
            .count();
        checks.push(if served == 0 {
            Check::new(
                format!("serving.capability.{}", capability.as_str()),
                GROUP,
                Status::Fail,
                format!(
                    "capability `{capability}` is declared but no handler serves its contracts: register \
                     its actions or remove the capability"
                ),
            )
        } else {
            Check::new(
                format!("serving.capability.{}", capability.as_str()),
                GROUP,
                Status::Pass,
                format!("capability `{capability}` is served by {served} handler(s)"),
            )
        });
    }
    if let Some(path) = integration.universal_logout_path()
        && integration.action("UniversalLogout").is_none()
    {
        checks.push(
            Check::new(
                "serving.universal-logout-endpoint",
                GROUP,
                Status::Fail,
                format!(
                    "the standard Universal Logout endpoint `{path}` is declared but no `UniversalLogout` \
                     handler is registered for it to call"
                ),
            )
            .for_action("UniversalLogout"),
        );
    }
    checks
}

/// Okta's configuration guide (test-plan case C9299) has the five headings Okta requires.
///
/// ```
/// use okta_actions::report::{Status, configuration_guide};
/// let check = configuration_guide("# Supported Features\n# Requirements\n");
/// assert_eq!(check.status, Status::Fail);
/// assert!(check.reason.contains("Configuration Steps"));
/// ```
pub fn configuration_guide(markdown: &str) -> Check {
    let missing = crate::wiring::guide::missing_headings(markdown);
    let (status, reason) = if missing.is_empty() {
        (
            Status::Pass,
            "the configuration guide has every heading Okta requires".to_owned(),
        )
    } else {
        (
            Status::Fail,
            format!(
                "the configuration guide lacks Okta's required heading(s) {}: generate the skeleton with `docs`",
                missing
                    .iter()
                    .map(|h| format!("\"{h}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    };
    Check::new(
        "doc.configuration-guide",
        "Configuration guide",
        status,
        reason,
    )
}

/// A paging style in one line, e.g. ``body cursors (`next_cursor` sent back as `cursor`)``.
fn describe(pagination: &Pagination) -> String {
    match pagination {
        Pagination::LinkHeader => "Link rel=\"next\" headers".to_owned(),
        Pagination::BodyCursor { cursor, param, .. } => {
            format!("body cursors (`{cursor}` sent back as `{param}`)")
        }
        Pagination::OffsetLimit {
            offset_param,
            limit_param,
            ..
        } => format!("offsets (`{offset_param}`, `{limit_param}`)"),
        Pagination::PageNumber { page_param, .. } => format!("page numbers (`{page_param}`)"),
        Pagination::None => "no paging".to_owned(),
    }
}

/// No secret may live in the integration's own configuration: the OIN maps every connection
/// parameter from the tenant's connection.
fn static_secret(credential: &CredentialMapping, auth_type: OinAuthType, base_url: &str) -> Check {
    const ID: &str = "auth.no-static-secret";
    const GROUP: &str = "Auth mapping";
    let lowered = base_url.to_ascii_lowercase();
    let after_scheme = lowered
        .split_once("://")
        .map_or(lowered.as_str(), |(_, rest)| rest);
    let host_part = after_scheme.split('/').next().unwrap_or_default();
    if host_part.contains('@') {
        return Check::new(
            ID,
            GROUP,
            Status::Fail,
            "the base-URL template carries user information (`user:password@`): map the credential instead",
        );
    }
    for key in [
        "api_key=",
        "apikey=",
        "token=",
        "secret=",
        "password=",
        "key=",
    ] {
        if lowered.contains(key) {
            return Check::new(
                ID,
                GROUP,
                Status::Fail,
                format!(
                    "the base-URL template carries a `{}` query parameter: map the credential instead",
                    key.trim_end_matches('=')
                ),
            );
        }
    }
    if let CredentialMapping::RefreshToken { .. } = credential {
        return Check::new(
            ID,
            GROUP,
            Status::Fail,
            format!(
                "the OAuth client secret is part of the integration's configuration; with OIN auth type `{}` \
                 the client id and secret come from the connection (`auth.client_id`, `auth.client_secret`)",
                auth_type.as_str()
            ),
        );
    }
    Check::new(
        ID,
        GROUP,
        Status::Pass,
        "no secret in the integration's configuration: the credential comes from each tenant's connection",
    )
}

/// `User query` → `user-query`.
pub(crate) fn slug(name: &str) -> String {
    name.to_ascii_lowercase().replace(' ', "-")
}

/// Whether the OIN requires `ident` for the declared capabilities (its group is `all_required`).
pub(crate) fn required(capabilities: &[Capability], ident: &str) -> bool {
    let set = contracts();
    let Some(action) = set.action(ident) else {
        return false;
    };
    set.oin_groups.iter().any(|group| {
        group.name == action.oin_group
            && capabilities.contains(&group.when)
            && group.rule == OinRule::AllRequired
    })
}
