//! The conformance run: acts as Okta against the adapter (and through it the vendor's test
//! instance), executing every automatable case of Okta's provisioning test plan — the connection
//! test and wrong credentials, schema discovery, imports (complete at any page size), assigning,
//! updating, clearing, reactivating and unassigning users, group push, entitlements — validating
//! every answer against its contract and checking that the vendor's state agrees with what the
//! actions claimed. Check ids map to Okta's case ids in `report/test_plan/okta-test-plan.json`.
//!
//! The run writes to the vendor: it creates users `okta-actions-conformance-<hex>-<n>@example.com`
//! (all left deactivated at the end) and two groups `okta-actions-conformance-<hex>…` (removed at
//! the end). When the integration offers the standard Universal Logout endpoint, an in-process
//! Okta org signs the tokens the adapter verifies.

mod caller;
mod logout;
pub(crate) mod okta_org;
mod paging;
mod scenarios;

use caller::OktaCaller;
use logout::{StandardLogout, run as standard_logout};
use okta_org::{OktaOrg, SUBJECT as ORG_SUBJECT};
use scenarios::run;

use crate::Integration;
use crate::auth::TenantContext;
use crate::report::model::{Check, Status};
use crate::server::logout::{TrustedIssuer, UniversalLogoutConfig};
use crate::server::{Adapter, AdapterConfig};

/// Serves the integration on loopback (output validation off: the run reports violations with
/// their paths itself) and runs the scenarios against it; with the standard Universal Logout
/// endpoint, an in-process Okta org is trusted for `tenant` and its tokens are sent too.
pub(crate) async fn run_against(
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
        Some(endpoint) => match OktaOrg::start().await {
            Ok(org) => {
                let trusted = TrustedIssuer::new(org.issuer(), ORG_SUBJECT, tenant.clone());
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
    let caller = OktaCaller::new(url, tenant);
    let findings = run(integration, &caller, progress).await;
    let mut checks = findings.checks;
    if let Some((endpoint, org)) = &standard {
        progress("conformance.logout.standard");
        let target = StandardLogout {
            endpoint,
            org,
            email: findings.user_name.as_deref(),
        };
        checks.extend(standard_logout(&target, &findings.tag).await);
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
