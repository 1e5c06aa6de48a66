//! The conformance run against a vendor on loopback: a passing run, a vendor that breaks paging,
//! and a handler whose output breaks the contract.

use okta_actions::auth::TenantContext;
use okta_actions::contracts::Secret;
use okta_actions::report::{Report, Status, validate};

use crate::server::support::{self, GOOD_KEY};

fn tenant() -> TenantContext {
    TenantContext::new(
        [("subdomain".to_owned(), "acme".to_owned())],
        Some(Secret::new(format!("Bearer {GOOD_KEY}"))),
    )
}

async fn run(variant: support::Variant) -> Report {
    let vendor = support::vendor_with(variant).await;
    let integration = support::integration(&vendor);
    let steps = std::sync::Mutex::new(Vec::new());
    let report = validate(&integration, &[], Some(&tenant()), &|step| {
        steps.lock().unwrap().push(step.to_owned());
    })
    .await;
    assert!(
        steps
            .lock()
            .unwrap()
            .iter()
            .any(|s| s == "conformance.import.users"),
        "progress hears each step"
    );
    report
}

fn check<'a>(report: &'a Report, id: &str) -> &'a okta_actions::report::Check {
    report
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id} in {:#?}", report.checks))
}

#[tokio::test]
async fn a_well_behaved_vendor_passes_the_run_with_unimplemented_steps_skipped() {
    let report = run(support::Variant::Good).await;
    assert!(report.conformance_run);
    assert!(report.is_ready(), "{:#?}", report.checks);
    let import = check(&report, "conformance.import.users");
    assert_eq!(import.status, Status::Pass);
    assert_eq!(
        import.reason,
        "ListUsers returned 250 records over 2 page(s), each exactly once"
    );
    assert_eq!(
        check(&report, "conformance.user.unknown").status,
        Status::Pass
    );
    assert_eq!(
        check(&report, "conformance.user.create").status,
        Status::Skip
    );
}

#[tokio::test]
async fn a_vendor_that_repeats_a_cursor_fails_naming_the_action_and_the_path() {
    let report = run(support::Variant::EndlessPaging).await;
    assert!(!report.is_ready());
    let import = check(&report, "conformance.import.users");
    assert_eq!(import.status, Status::Fail);
    assert_eq!(import.action.as_deref(), Some("ListUsers"));
    assert!(import.reason.contains("paging never ends"), "{import:?}");
    assert!(
        import.evidence[0].starts_with("at `/pagination/nextCursor` on page 2"),
        "{import:?}"
    );
}

#[tokio::test]
async fn a_vendor_that_repeats_a_record_fails_naming_the_record_path() {
    let report = run(support::Variant::DuplicateRecord).await;
    let import = check(&report, "conformance.import.users");
    assert_eq!(import.status, Status::Fail);
    assert!(import.reason.contains("twice"), "{import:?}");
    assert!(
        import.evidence[0].starts_with("at `/resources/0/id` on page 2"),
        "{import:?}"
    );
}

#[tokio::test]
async fn an_output_that_breaks_the_contract_fails_naming_the_action_and_the_path() {
    let report = run(support::Variant::BadOutput).await;
    let import = check(&report, "conformance.import.users");
    assert_eq!(import.status, Status::Fail);
    assert_eq!(import.reason, "ListUsers page 1 breaks the contract");
    assert!(
        import
            .evidence
            .iter()
            .any(|e| e.starts_with("at `/resources/0/active`")),
        "{import:?}"
    );
    let row = report
        .coverage
        .iter()
        .find(|c| c.action == "ListUsers")
        .unwrap();
    assert_eq!(row.status, Status::Fail);
}
