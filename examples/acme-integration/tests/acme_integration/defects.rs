//! The Acme integration with one defect each, validated as an ISV would (`validate`): each must
//! exit 1 and name the Okta test-plan case it breaks, while the rest of the integration stays
//! as good as the real one.

use std::path::PathBuf;

use acme_integration::{AcmeUser, actions, builder, demo_tenant, user_to_scim};
use acme_vendor::AcmeVendor;
use okta_actions::cli::{EXIT_CHECKS_FAILED, IntegrationCli, TestVendor};
use okta_actions::client::Pagination;
use okta_actions::contracts::{
    GetUserByUserNameInput, GetUserByUserNameOutput, ListUsersInput, ListUsersOutput,
    PaginationResponse, ScimGroup,
};
use okta_actions::{ActionContext, ActionError, IntegrationBuilder, provisioning_action};
use serde::Deserialize;
use serde_json::Value;

/// One page of Acme's users at `page_size` (Acme's default 25 when `None`), ending the list
/// unless the page is as long as Okta asked: the defect both list handlers below share.
async fn ending_on_a_short_page(
    ctx: &ActionContext,
    input: ListUsersInput,
    page_size: Option<i64>,
) -> Result<ListUsersOutput, ActionError> {
    let page = input.pagination.unwrap_or_default();
    let limit = page.limit.unwrap_or(200);
    let mut request = ctx.vendor()?.get("/users");
    if let Some(size) = page_size {
        request = request.query("page_size", &size.to_string());
    }
    if let Some(cursor) = &page.cursor {
        request = request.query("cursor", cursor);
    }
    let body: Value = request.send_json().await?;
    let resources: Vec<_> = body["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| serde_json::from_value::<AcmeUser>(u.clone()).ok())
        .map(user_to_scim)
        .collect();
    let next = (i64::try_from(resources.len()).unwrap_or(i64::MAX) >= limit)
        .then(|| body["next_cursor"].as_str().map(str::to_owned))
        .flatten();
    Ok(ListUsersOutput {
        resources,
        pagination: Some(PaginationResponse::next(next)),
    })
}

/// Lists users without passing Okta's page size on, so Acme answers its default 25, and ends
/// the list unless a page is as long as Okta asked: an import reads 25 users.
#[provisioning_action(ListUsers)]
async fn short_pages(
    ctx: &ActionContext,
    input: ListUsersInput,
) -> Result<ListUsersOutput, ActionError> {
    ending_on_a_short_page(ctx, input, None).await
}

/// Lists users at most 20 a page (Okta's page size capped, as a vendor's own maximum would) and
/// ends the list on a page shorter than Okta asked: an import at 200 reads 20 users.
#[provisioning_action(ListUsers)]
async fn capped_pages(
    ctx: &ActionContext,
    input: ListUsersInput,
) -> Result<ListUsersOutput, ActionError> {
    let limit = input
        .pagination
        .as_ref()
        .and_then(|p| p.limit)
        .unwrap_or(200);
    ending_on_a_short_page(ctx, input, Some(limit.min(20))).await
}

/// Looks a user up by userName, sure that it exists: an unknown userName panics.
#[provisioning_action(GetUserByUserName)]
async fn lookup_that_panics(
    ctx: &ActionContext,
    input: GetUserByUserNameInput,
) -> Result<GetUserByUserNameOutput, ActionError> {
    let path = format!("/users/by-username/{}", input.user_name);
    let found: AcmeUser = ctx
        .vendor()?
        .get(&path)
        .send_json()
        .await
        .expect("every userName Okta asks for exists");
    Ok(GetUserByUserNameOutput {
        user: user_to_scim(found),
    })
}

/// An Acme team, as far as a group list needs it.
#[derive(Debug, Deserialize)]
struct Team {
    id: String,
    name: String,
}

/// Lists Acme's teams declaratively.
#[provisioning_action(ListGroups, vendor = "GET /teams")]
fn teams(team: Team) -> ScimGroup {
    let mut group = ScimGroup::new(team.name);
    group.id = Some(team.id);
    group
}

/// Runs `validate` on the integration `build` declares and returns the exit code and report.
async fn validate(
    build: impl Fn() -> IntegrationBuilder + Send + Sync + 'static,
    vendor: &str,
) -> (u8, Value) {
    validate_with(build, &[vendor]).await
}

/// Runs `validate` with `args` (besides the format and output).
async fn validate_with(
    build: impl Fn() -> IntegrationBuilder + Send + Sync + 'static,
    args: &[&str],
) -> (u8, Value) {
    let out: PathBuf = std::env::temp_dir().join(format!(
        "acme-defect-{}-{}.json",
        std::process::id(),
        fastrand_suffix()
    ));
    let cli = IntegrationCli::new(build).embedded_vendor(|| async {
        let vendor = AcmeVendor::demo().spawn("127.0.0.1:0").await?;
        let base_url = format!("{}/t/{{app.subdomain}}/v1", vendor.base_url());
        Ok(TestVendor::new(base_url, demo_tenant(), vendor))
    });
    let mut all = vec!["acme", "validate"];
    all.extend_from_slice(args);
    all.extend(["--format", "json", "--out", out.to_str().unwrap()]);
    let code = cli.run(all).await;
    let report = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    (code, report)
}

fn fastrand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

/// The failed test-plan cases: (case ids, reason).
fn failed_cases(report: &Value) -> Vec<(Vec<String>, String)> {
    report["test_plan"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| {
            let ids = c["ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| id.as_str().unwrap().to_owned())
                .collect();
            (ids, c["reason"].as_str().unwrap().to_owned())
        })
        .collect()
}

fn failed(report: &Value, case: &str) -> String {
    failed_cases(report)
        .into_iter()
        .find(|(ids, _)| ids.iter().any(|id| id == case))
        .map(|(_, reason)| reason)
        .unwrap_or_else(|| panic!("{case} did not fail: {:#?}", failed_cases(report)))
}

#[tokio::test]
async fn the_real_integration_passes_every_automatable_case() {
    let (code, report) = validate(builder, "--embedded").await;
    assert_eq!(code, 0, "{:#?}", failed_cases(&report));
    let tally = &report["test_plan_tally"];
    assert_eq!(tally["automatable"], 54);
    assert_eq!(tally["passed"], 54, "{tally}");
    assert_eq!(tally["manual"], 15);

    // Every check the test plan names is one the run makes (the plan is data: a typo there
    // would leave a case undecided), but for the guide review and a declarative list Acme lacks.
    let made: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let plan: Value = serde_json::from_str(include_str!(
        "../../../../okta-actions/src/report/test_plan/okta-test-plan.json"
    ))
    .unwrap();
    let conditional = [
        "doc.configuration-guide",
        "paging.declarative.ListEntitlementSchemaPropertyValues",
    ];
    for case in plan["cases"].as_array().unwrap() {
        let named = ["checks", "supporting"]
            .into_iter()
            .flat_map(|key| case[key].as_array().into_iter().flatten());
        for check in named {
            let check = check.as_str().unwrap();
            assert!(
                made.contains(&check) || conditional.contains(&check),
                "{} names `{check}`, which the run never makes",
                case["ids"]
            );
        }
    }
}

#[tokio::test]
async fn a_list_that_ends_on_a_short_page_fails_the_import_case() {
    let (code, report) = validate(
        || builder().without("ListUsers").action(short_pages),
        "--embedded",
    )
    .await;
    assert_eq!(code, EXIT_CHECKS_FAILED);
    let reason = failed(&report, "C9303");
    assert!(reason.contains("more than the limit"), "{reason}");
    let cases = failed_cases(&report);
    assert!(
        cases
            .iter()
            .all(|(ids, _)| ids.contains(&"C9303".to_owned())
                || ids.contains(&"C9359".to_owned())
                || ids.contains(&"C9373".to_owned())
                || ids.contains(&"C9305".to_owned())
                || ids.contains(&"C9335".to_owned())),
        "only the import cases fail: {cases:#?}"
    );
}

#[tokio::test]
async fn a_list_that_ends_below_oktas_page_size_fails_the_import_not_create_user() {
    let (code, report) = validate(
        || builder().without("ListUsers").action(capped_pages),
        "--embedded",
    )
    .await;
    assert_eq!(code, EXIT_CHECKS_FAILED);
    let check = |id: &str| {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no check {id}"))
            .clone()
    };
    let paging = check("conformance.import.users.complete");
    assert_eq!(paging["status"], "fail", "{paging}");
    assert!(
        paging.to_string().contains("a page ends the list early"),
        "{paging}"
    );
    // The users the run created are past the 20 imported: whether assigning one again created
    // a second cannot be told, which is not CreateUser's failure.
    let no_duplicate = check("conformance.user.no-duplicate");
    assert_eq!(no_duplicate["status"], "skip", "{no_duplicate}");
    assert!(
        no_duplicate["reason"]
            .as_str()
            .unwrap()
            .contains("the import does not list"),
        "{no_duplicate}"
    );
}

#[tokio::test]
async fn a_lookup_that_panics_on_an_unknown_user_name_fails_the_assign_case() {
    let (code, report) = validate(
        || {
            builder()
                .without("GetUserByUserName")
                .action(lookup_that_panics)
        },
        "--embedded",
    )
    .await;
    assert_eq!(code, EXIT_CHECKS_FAILED);
    let reason = failed(&report, "C9290");
    assert!(reason.contains("HTTP 500"), "{reason}");
}

#[tokio::test]
async fn a_declarative_list_without_a_paging_style_fails_statically() {
    let defective = || {
        builder()
            .without("ListGroups")
            .action(teams)
            .list_pagination(Pagination::None)
    };
    let (code, report) = validate(defective, "--static-only").await;
    assert_eq!(code, EXIT_CHECKS_FAILED);
    let reason = failed(&report, "C9338");
    assert!(reason.contains("names no paging style"), "{reason}");
    assert_eq!(
        failed_cases(&report).len(),
        1,
        "{:#?}",
        failed_cases(&report)
    );
}

#[tokio::test]
async fn an_integration_without_an_auth_mapping_fails_statically() {
    let defective = || {
        actions()
            .authping("/custom-fields")
            .universal_logout_path("/global-token-revocation")
    };
    let (code, report) = validate(defective, "--static-only").await;
    assert_eq!(code, EXIT_CHECKS_FAILED);
    let reason = failed(&report, "C9298");
    assert!(reason.contains("no auth mapping"), "{reason}");
}

#[tokio::test]
async fn an_integration_without_a_connection_test_fails_the_credential_cases() {
    let defective = || {
        actions()
            .auth(acme_integration::auth_mapping())
            .universal_logout_path("/global-token-revocation")
    };
    let (code, report) = validate(defective, "--embedded").await;
    assert_eq!(code, EXIT_CHECKS_FAILED);
    let reason = failed(&report, "C9298");
    assert!(reason.contains("IntegrationBuilder::authping"), "{reason}");
    let reason = failed(&report, "C9340");
    assert!(reason.contains("Okta would enable"), "{reason}");
}

#[tokio::test]
async fn the_configuration_guide_is_checked_for_okta_s_headings() {
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("wiring")
        .join("configuration-guide.md");
    let (code, report) = validate_with(
        builder,
        &["--static-only", "--guide", committed.to_str().unwrap()],
    )
    .await;
    assert_eq!(code, 0, "{:#?}", failed_cases(&report));
    let guide = report["test_plan"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["ids"][0] == "C9299")
        .unwrap();
    assert_eq!(guide["status"], "pass", "{guide}");

    let partial = std::env::temp_dir().join(format!("acme-guide-{}.md", fastrand_suffix()));
    std::fs::write(&partial, "# Supported Features\n\n# Requirements\n").unwrap();
    let (code, report) = validate_with(
        builder,
        &["--static-only", "--guide", partial.to_str().unwrap()],
    )
    .await;
    assert_eq!(code, EXIT_CHECKS_FAILED);
    let reason = failed(&report, "C9299");
    assert!(reason.contains("\"Configuration Steps\""), "{reason}");
}
