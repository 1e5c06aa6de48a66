//! Validation before OIN submission: the checks, the conformance run that acts as Okta, and the
//! report they produce.
//!
//! [`validate`] runs the checks that need no vendor — the OIN required-flow rules for every
//! declared capability, each handler's contract, the auth mapping — and, given a tenant of a
//! vendor test instance, the conformance run: it serves the integration on loopback and calls it
//! exactly as Okta's thin flows would, following Okta's provisioning test plan.

mod checks;
pub(crate) mod conformance;
mod model;
mod render;
mod test_plan;

use okta_actions_contracts::contracts;

pub use checks::configuration_guide;
pub use model::{Check, Coverage, Report, Status, Tally, Verdict};
pub use render::{
    Format, ParseFormatError, REPORT_SCHEMA, REPORT_SCHEMA_ID, RenderOptions, render,
};
pub use test_plan::{CaseKind, CaseStatus, PlanCase, PlanTally};

use crate::Integration;
use crate::auth::TenantContext;

/// Validates an integration and returns the report.
///
/// The OIN rules are the contract set's for the integration's declared capabilities (the ones
/// [`IntegrationBuilder::build`](crate::IntegrationBuilder::build) enforces). With `conformance`, the tenant whose vendor connection the conformance run uses
/// (its variables and credential), the integration is served on `127.0.0.1` and exercised as
/// Okta would; `progress` hears the id of each conformance step as it starts.
pub async fn validate(
    integration: &Integration,
    conformance: Option<&TenantContext>,
    progress: &(dyn Fn(&str) + Sync),
) -> Report {
    let mut checks = checks::oin_rules(integration);
    checks.extend(checks::handler_contracts(integration));
    checks.extend(checks::auth_mapping(integration));
    checks.extend(checks::served(integration));
    if let Some(tenant) = conformance {
        checks.extend(conformance::run_against(integration, tenant, progress).await);
    }
    test_plan::tag(&mut checks);
    let coverage = model::coverage(integration.capabilities(), &checks, integration);
    let test_plan = test_plan::evaluate(&checks, conformance.is_some());
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
        test_plan,
    }
}
