//! Validation before OIN submission: the checks, the conformance run that acts as Okta, and the
//! report they produce.
//!
//! [`validate`] runs the checks that need no vendor — the OIN required-flow rules for every
//! declared capability, each handler's contract, the auth mapping — and, given a tenant of a
//! vendor test instance, the conformance run: it serves the integration on loopback and calls it
//! exactly as Okta's thin flows would, following Okta's provisioning test plan.

mod checks;
mod conformance;
mod model;
mod render;

use okta_actions_contracts::{Capability, RequirementViolation, contracts};

pub use model::{Check, Coverage, Report, Status, Tally};
pub use render::{
    Format, ParseFormatError, REPORT_SCHEMA, REPORT_SCHEMA_ID, RenderOptions, render,
};

use crate::Integration;
use crate::auth::TenantContext;
use crate::server::logout::{TrustedIssuer, UniversalLogoutConfig};
use crate::server::{Adapter, AdapterConfig};

/// Validates an integration and returns the report.
///
/// `violations` are the OIN rules the integration breaks, as
/// [`IntegrationBuilder::build_with_violations`](crate::IntegrationBuilder::build_with_violations)
/// returns them. With `conformance`, the tenant whose vendor connection the conformance run uses
/// (its variables and credential), the integration is served on `127.0.0.1` and exercised as
/// Okta would; `progress` hears the id of each conformance step as it starts.
pub async fn validate(
    integration: &Integration,
    violations: &[RequirementViolation],
    conformance: Option<&TenantContext>,
    progress: &(dyn Fn(&str) + Sync),
) -> Report {
    let mut checks = checks::oin_rules(integration, violations);
    checks.extend(checks::handler_contracts(integration));
    checks.extend(checks::auth_mapping(integration));
    if let Some(tenant) = conformance {
        checks.extend(conformance_run(integration, tenant, progress).await);
    }
    let coverage = coverage(integration.capabilities(), &checks, integration);
    Report {
        integration: integration.name().to_owned(),
        sdk_version: env!("CARGO_PKG_VERSION").to_owned(),
        contract_version: contracts().contract_version.clone(),
        capabilities: integration
            .capabilities()
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect(),
        conformance_run: conformance.is_some(),
        checks,
        coverage,
    }
}

/// Serves the integration on loopback (output validation off: the run reports violations with
/// their paths itself) and runs the scenarios against it; with the standard Universal Logout
/// endpoint, an in-process Okta org is trusted for `tenant` and its tokens are sent too.
async fn conformance_run(
    integration: &Integration,
    tenant: &TenantContext,
    progress: &(dyn Fn(&str) + Sync),
) -> Vec<Check> {
    let fail = |reason: String| {
        vec![Check::new(
            "conformance.adapter",
            "Conformance run",
            Status::Fail,
            reason,
        )]
    };
    let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
        Ok(listener) => listener,
        Err(e) => return fail(format!("the adapter could not listen on 127.0.0.1: {e}")),
    };
    let url = match listener.local_addr() {
        Ok(addr) => format!("http://{addr}"),
        Err(e) => return fail(format!("the adapter's address is unknown: {e}")),
    };
    let mut adapter =
        Adapter::new(integration.clone()).config(AdapterConfig::default().validate_output(false));
    let standard = match standard_logout_endpoint(integration, &url) {
        Some(endpoint) => match conformance::OktaOrg::start().await {
            Ok(org) => {
                let trusted =
                    TrustedIssuer::new(org.issuer(), conformance::ORG_SUBJECT, tenant.clone());
                let config = UniversalLogoutConfig::new(&endpoint).with_trusted_issuer(trusted);
                match adapter.universal_logout(config) {
                    Ok(with_logout) => {
                        adapter = with_logout;
                        Some((endpoint, org))
                    }
                    Err(e) => {
                        return fail(format!(
                            "the Universal Logout endpoint cannot be served: {e}"
                        ));
                    }
                }
            }
            Err(e) => {
                return fail(format!(
                    "the test Okta org could not listen on 127.0.0.1: {e}"
                ));
            }
        },
        None => None,
    };
    let running = match adapter.serve(listener) {
        Ok(running) => running,
        Err(e) => return fail(format!("the adapter could not serve: {e}")),
    };
    let caller = conformance::OktaCaller::new(url, tenant);
    let findings = conformance::run(integration, &caller, progress).await;
    let mut checks = findings.checks;
    if let Some((endpoint, org)) = &standard {
        progress("conformance.logout.standard");
        let target = conformance::StandardLogout {
            endpoint,
            org,
            email: findings.user_name.as_deref(),
        };
        checks.extend(conformance::standard_logout(&target, &findings.tag).await);
    }
    // The run is over; an error while stopping cannot change its findings.
    let _ = running.shutdown().await;
    checks
}

/// The standard Universal Logout endpoint's URL on the adapter at `url`, when the integration
/// offers it and has the handler it dispatches to.
fn standard_logout_endpoint(integration: &Integration, url: &str) -> Option<String> {
    let path = integration.universal_logout_path()?;
    integration.action("UniversalLogout")?;
    Some(format!("{url}{path}"))
}

/// One row per Okta action of the declared capabilities (or of an OIN group they activate),
/// with the worst status of the checks about it.
fn coverage(declared: &[Capability], checks: &[Check], integration: &Integration) -> Vec<Coverage> {
    let set = contracts();
    // Capability order, then OIN group order, then the contracts' own order.
    let rank = |action: &&okta_actions_contracts::ActionSpec| {
        let capability = Capability::ALL.iter().position(|c| *c == action.capability);
        let group = set
            .oin_groups
            .iter()
            .position(|g| g.name == action.oin_group);
        (capability, group)
    };
    let mut actions: Vec<&okta_actions_contracts::ActionSpec> = set.actions.iter().collect();
    actions.sort_by_key(rank);
    actions
        .into_iter()
        .filter(|action| {
            declared.contains(&action.capability)
                || set
                    .oin_groups
                    .iter()
                    .any(|g| g.name == action.oin_group && declared.contains(&g.when))
        })
        .map(|action| {
            let about: Vec<Status> = checks
                .iter()
                .filter(|c| c.action.as_deref() == Some(action.ident.as_str()))
                .map(|c| c.status)
                .filter(|s| *s != Status::Skip)
                .collect();
            Coverage {
                action: action.ident.clone(),
                capability: action.capability.as_str().to_owned(),
                oin_group: action.oin_group.clone(),
                required: checks::required(declared, &action.ident),
                implemented: integration.action(&action.ident).is_some(),
                status: about.into_iter().min().unwrap_or(Status::Skip),
            }
        })
        .collect()
}
