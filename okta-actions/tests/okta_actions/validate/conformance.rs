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
    let report = validate(&integration, Some(&tenant()), &|step| {
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
    // The step that needed the import is skipped naming the check that stopped it.
    let after = check(&report, "conformance.schema.mapped-discoverable");
    assert_eq!(after.status, Status::Skip);
    assert!(
        after
            .reason
            .starts_with("not reached: `conformance.import.users` failed: "),
        "{after:?}"
    );
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

/// Okta's base attributes and one custom attribute, kept at the top level of the user.
#[okta_actions::entitlements_action(ListUserSchema)]
async fn base_and_custom_schema(
    _ctx: &okta_actions::ActionContext,
    _input: okta_actions::contracts::ListUserSchemaInput,
) -> Result<okta_actions::contracts::ListUserSchemaOutput, okta_actions::ActionError> {
    let property = |name: &str, external: &str, kind: &str, required: bool| {
        serde_json::from_value(serde_json::json!({
            "name": name, "externalName": external, "propertyType": kind, "required": required,
        }))
        .expect("a schema property")
    };
    Ok(okta_actions::contracts::ListUserSchemaOutput {
        schema_properties: vec![
            property("userName", "userName", "STRING", true),
            property("givenName", "name.givenName", "STRING", true),
            property("familyName", "name.familyName", "STRING", true),
            property("email", "emails[primary eq true].value", "EMAIL", true),
            property("favouriteColour", "favouriteColour", "STRING", false),
        ],
        pagination: None,
    })
}

/// The run of an integration unlike Acme (`scim::support`'s vendor seeded with `users` users,
/// the user schema answered by `base_and_custom_schema`), with `shape` applied to its builder.
async fn run_unlike_acme(
    users: usize,
    shape: impl FnOnce(okta_actions::IntegrationBuilder) -> okta_actions::IntegrationBuilder,
) -> Report {
    use crate::scim::support::{self as scim, Harness};
    let harness = Harness::start().await;
    harness.seed_users("conf", users);
    let builder = scim::builder()
        .without("ListUserSchema")
        .action(base_and_custom_schema);
    let integration = shape(builder)
        .auth(scim::mapping())
        .authping("/me")
        .build()
        .expect("OIN rules hold")
        .with_vendor_base_url(format!("{}/t/{{app.subdomain}}", harness.vendor()));
    let tenant = TenantContext::new(
        [("subdomain".to_owned(), "conf".to_owned())],
        Some(Secret::new("Bearer conf-api-key")),
    );
    validate(&integration, Some(&tenant), &|_| {}).await
}

/// The test-plan case `id` belongs to.
fn case<'a>(report: &'a Report, id: &str) -> &'a okta_actions::report::PlanCase {
    report
        .test_plan
        .iter()
        .find(|c| c.ids.iter().any(|i| i == id))
        .unwrap_or_else(|| panic!("no case {id}"))
}

/// A second integration unlike Acme — SCIM-shaped records, `at-{offset}` cursors, a bearer
/// token checked by the vendor, a custom attribute without a namespace, no entitlement values —
/// through the whole run: every case it implements passes.
#[tokio::test]
async fn an_integration_unlike_acme_passes_every_case_it_implements() {
    use okta_actions::report::CaseStatus;

    let report = run_unlike_acme(137, |builder| builder).await;
    let failed: Vec<_> = report
        .test_plan
        .iter()
        .filter(|c| c.status == CaseStatus::Fail)
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert!(
        report.is_ready(),
        "{:#?}",
        report
            .checks
            .iter()
            .filter(|c| c.status == Status::Fail)
            .collect::<Vec<_>>()
    );
    let tally = report.plan_tally();
    assert_eq!((tally.automatable, tally.passed), (54, 51), "{tally:?}");
    let skipped: Vec<&str> = report
        .test_plan
        .iter()
        .filter(|c| c.status == CaseStatus::Skip)
        .flat_map(|c| c.ids.iter().map(String::as_str))
        .collect();
    assert_eq!(
        skipped,
        ["C9371", "C9372", "C9373"],
        "only the entitlement values it lacks"
    );
}

/// An integration that cannot push groups (no Group operations, no Group membership): every
/// group-push case is skipped naming every action it lacks, a case whose own check was skipped
/// does not pass on a neighbouring check, and a case that needs a pushed group says why there
/// is none.
#[tokio::test]
async fn without_group_push_the_group_cases_skip_naming_every_missing_action() {
    use okta_actions::report::CaseStatus;

    let missing = [
        "ListGroupsByDisplayName",
        "CreateGroup",
        "UpdateGroup",
        "RemoveGroup",
        "AddGroupMembers",
        "RemoveGroupMembers",
        "ListGroupMembers",
    ];
    let report = run_unlike_acme(12, |builder| {
        missing
            .iter()
            .fold(builder, |builder, action| builder.without(action))
    })
    .await;
    let case = |id: &str| case(&report, id);
    let needs = format!(
        "group push needs {}: not implemented",
        missing.map(|a| format!("`{a}`")).join(", ")
    );
    for id in [
        "C9312", "C9317", "C9315", "C9330", "C9316", "C9333", "C9318", "C9321", "C9322", "C9319",
    ] {
        let case = case(id);
        assert_eq!(case.status, CaseStatus::Skip, "{case:#?}");
        assert!(case.reason.ends_with(&needs), "{id}: {}", case.reason);
    }
    let unlink = case("C9318");
    assert!(
        unlink
            .evidence
            .iter()
            .any(|e| e.starts_with("pass conformance.group.unknown-id")),
        "the neighbouring check passed, and still the case is not a pass: {unlink:#?}"
    );
    let kept = case("C9300");
    assert_eq!(kept.status, CaseStatus::Skip);
    assert_eq!(
        kept.reason,
        format!(
            "conformance.user.reactivate-keeps-memberships skipped: no group was pushed: {needs}"
        )
    );
    assert!(
        report
            .test_plan
            .iter()
            .filter(|c| c.status == CaseStatus::Skip)
            .all(|c| !c.reason.contains("did not run")),
        "every skip names its cause: {:#?}",
        report.test_plan
    );
}

/// An integration that cannot create users: each case that needs a created user says so and
/// names the step that made none, down to the action not implemented.
#[tokio::test]
async fn without_create_user_each_skip_names_the_missing_action() {
    use okta_actions::report::CaseStatus;

    let report = run_unlike_acme(12, |builder| builder.without("CreateUser")).await;
    let case = |id: &str| case(&report, id);
    let password = case("C9302");
    assert_eq!(password.status, CaseStatus::Skip);
    assert_eq!(
        password.reason,
        "conformance.user.password skipped: no user was created: `conformance.user.create` was skipped: `CreateUser` is not implemented"
    );
    for case in report
        .test_plan
        .iter()
        .filter(|c| c.status == CaseStatus::Skip)
    {
        assert!(
            case.reason.contains("not implemented"),
            "{:?}: {}",
            case.ids,
            case.reason
        );
    }
    assert_eq!(
        case("C9303").status,
        CaseStatus::Pass,
        "importing users needs no user of the run's"
    );
}
