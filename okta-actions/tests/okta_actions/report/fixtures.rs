//! Two reports built by hand: a ready integration and one that fails in the three ways that
//! matter most (a missing required action, an output that breaks the contract, broken paging).
//! Both carry text that every format must escape: `<`, `&`, `"`, `|`, and a terminal escape.

use okta_actions::report::{CaseKind, CaseStatus, Check, Coverage, PlanCase, Report, Status};

fn case(ids: &[&str], section: &str, title: &str, status: CaseStatus, reason: &str) -> PlanCase {
    PlanCase {
        ids: ids.iter().map(|id| (*id).to_owned()).collect(),
        section: section.into(),
        title: title.into(),
        kind: if status == CaseStatus::Manual {
            CaseKind::Manual
        } else {
            CaseKind::Auto
        },
        status,
        reason: reason.into(),
        evidence: Vec::new(),
    }
}

fn coverage(
    action: &str,
    capability: &str,
    oin_group: &str,
    required: bool,
    implemented: bool,
    status: Status,
) -> Coverage {
    Coverage {
        action: action.into(),
        capability: capability.into(),
        oin_group: oin_group.into(),
        required,
        implemented,
        status,
    }
}

/// The provisioning actions (every `capability: provisioning` action of the contract table),
/// with the ones `implemented` covered by a check of `status`, and the others skipped.
fn provisioning(implemented: &[&str], status_of: impl Fn(&str) -> Status) -> Vec<Coverage> {
    [
        ("GetUserById", "User query", true),
        ("GetUserByUserName", "User query", true),
        ("ListUsers", "User query", true),
        ("CreateUser", "User operations", false),
        ("UpdateUser", "User operations", false),
        ("UpdateUserPassword", "User operations", false),
        ("ActivateUser", "User operations", false),
        ("DeactivateUser", "User operations", false),
        ("GetGroupById", "Group query", true),
        ("ListGroups", "Group query", true),
        ("CreateGroup", "Group operations", false),
        ("UpdateGroup", "Group operations", false),
        ("RemoveGroup", "Group operations", false),
        ("ListGroupsByDisplayName", "Group operations", false),
        ("AddGroupMembers", "Group membership", false),
        ("RemoveGroupMembers", "Group membership", false),
        ("ListGroupMembers", "Group membership", false),
    ]
    .into_iter()
    .map(|(action, group, required)| {
        let is_implemented = implemented.contains(&action);
        let status = if is_implemented || required {
            status_of(action)
        } else {
            Status::Skip
        };
        coverage(
            action,
            "provisioning",
            group,
            required,
            is_implemented,
            status,
        )
    })
    .collect()
}

/// A provisioning + Universal Logout integration that is ready, with one warning.
pub(super) fn ready() -> Report {
    let mut checks = vec![Check::new(
        "oin.capabilities",
        "Capabilities",
        Status::Pass,
        "provisioning and universal_logout declared; neither requires another capability",
    )];
    for (action, group) in [
        ("GetUserById", "User query"),
        ("GetUserByUserName", "User query"),
        ("ListUsers", "User query"),
        ("GetGroupById", "Group query"),
        ("ListGroups", "Group query"),
    ] {
        checks.push(
            Check::new(
                format!("oin.required.{action}"),
                group,
                Status::Pass,
                "required action is implemented",
            )
            .for_action(action),
        );
    }
    checks.extend([
        Check::new(
            "oin.all-or-none.group-operations",
            "Group operations",
            Status::Skip,
            "no Group operations action implemented; the group is all-or-none, so none is fine",
        ),
        Check::new(
            "auth.credential-placement",
            "Auth mapping",
            Status::Warn,
            "the credential is sent in the query string (`?api_key=`); vendors & proxies may log it",
        )
        .with_evidence("mapping: GET {base}/v2/users?api_key={{credential}}&limit={count}"),
        Check::new(
            "contract.output.ListUsers",
            "Contract",
            Status::Pass,
            "every ListUsers output matched provisioning/list-users.output.json",
        )
        .for_action("ListUsers")
        .with_evidence("3 responses validated, request ids req-0101 | req-0102 | req-0103"),
        Check::new(
            "conformance.paging.ListUsers",
            "Conformance",
            Status::Pass,
            "followed 3 pages of count=100 to the end; no user seen twice",
        )
        .for_action("ListUsers")
        .with_evidence("startIndex 1 -> 101 -> 201; totalResults 250, received 250"),
        Check::new(
            "conformance.universal-logout",
            "Universal Logout",
            Status::Pass,
            "logging out sub \"ada@acme.example\" ended her 2 vendor sessions",
        )
        .for_action("UniversalLogout")
        .with_evidence("POST /global-token-revocation -> 204"),
    ]);

    let implemented = [
        "GetUserById",
        "GetUserByUserName",
        "ListUsers",
        "CreateUser",
        "UpdateUser",
        "ActivateUser",
        "DeactivateUser",
        "GetGroupById",
        "ListGroups",
    ];
    let mut coverage_rows = provisioning(&implemented, |_| Status::Pass);
    coverage_rows.push(coverage(
        "UniversalLogout",
        "universal_logout",
        "Universal Logout",
        true,
        true,
        Status::Pass,
    ));

    Report {
        integration: "Acme HR".into(),
        sdk_version: "0.1.0".into(),
        contract_version: "2026-06-09".into(),
        capabilities: vec!["provisioning".into(), "universal_logout".into()],
        conformance_run: true,
        checks,
        coverage: coverage_rows,
        test_plan: vec![
            case(
                &["C9290"],
                "Users",
                "Assign a new user",
                CaseStatus::Pass,
                "3 conformance check(s) passed",
            ),
            case(
                &["C9342", "C9343"],
                "Preconditions and settings",
                "Sign in by SWA / SAML",
                CaseStatus::Manual,
                "Sign in to the app from the Okta dashboard as an assigned user.",
            ),
        ],
    }
}

/// A provisioning + entitlements integration that is not ready: ListUsers is missing, GetUserById
/// answers outside the contract, and ListGroups pages forever over the same page.
/// The ready integration validated with `--static-only`: its static checks pass, no conformance
/// check ran, and every automatable case is skipped for want of a conformance run.
pub(super) fn static_only() -> Report {
    let mut report = ready();
    report.conformance_run = false;
    report.checks.retain(|c| !c.id.starts_with("conformance."));
    for case in &mut report.test_plan {
        if case.kind == CaseKind::Auto {
            case.status = CaseStatus::Skip;
            case.reason = "no conformance run: validate against a vendor instance (--embedded or --vendor-url)".into();
            case.evidence.clear();
        }
    }
    report
}

pub(super) fn failing() -> Report {
    let checks = vec![
        Check::new(
            "oin.capabilities",
            "Capabilities",
            Status::Pass,
            "entitlements declared together with the provisioning it requires",
        ),
        Check::new(
            "oin.required.GetUserById",
            "User query",
            Status::Pass,
            "required action is implemented",
        )
        .for_action("GetUserById"),
        Check::new(
            "oin.required.GetUserByUserName",
            "User query",
            Status::Pass,
            "required action is implemented",
        )
        .for_action("GetUserByUserName"),
        Check::new(
            "oin.required.ListUsers",
            "User query",
            Status::Fail,
            "required action ListUsers is not implemented: the OIN requires every User query action",
        )
        .for_action("ListUsers")
        .with_evidence("implemented in User query: GetUserById, GetUserByUserName")
        .with_evidence("register it with Integration::builder().action(list_users)"),
        Check::new(
            "contract.output.GetUserById",
            "Contract",
            Status::Fail,
            "the output of GetUserById breaks the contract in 2 places",
        )
        .for_action("GetUserById")
        .with_evidence(r#"$.user.emails[0].value: "ada<at>acme.example" is not an "email""#)
        .with_evidence(r#"$.user.active: "yes" is not of type "boolean""#)
        .with_evidence("request id: req-7f3a"),
        Check::new(
            "conformance.paging.ListGroups",
            "Conformance",
            Status::Fail,
            "paging never ends: page 2 repeats page 1 & startIndex is ignored | stopped after 2 pages",
        )
        .for_action("ListGroups")
        .with_evidence("page 1: startIndex=1 count=100 -> 100 groups (g-1 .. g-100)")
        .with_evidence("page 2: startIndex=101 count=100 -> the same 100 groups")
        .with_evidence("vendor said: \"<html><script>alert('page')</script>\" \u{1b}[2J"),
        Check::new(
            "auth.base-url",
            "Auth mapping",
            Status::Warn,
            "the vendor base URL is built from tenant variable `subdomain` <no allow-list>",
        )
        .with_evidence("base URL: https://{app.subdomain}.globex.example/api"),
        Check::new(
            "oin.all-or-none.group-membership",
            "Group membership",
            Status::Pass,
            "all 3 Group membership actions are implemented",
        ),
        Check::new(
            "oin.required.ListEntitlementSchema",
            "Entitlements",
            Status::Pass,
            "required action is implemented",
        )
        .for_action("ListEntitlementSchema"),
        Check::new(
            "oin.required.ListEntitlementSchemaPropertyValues",
            "Entitlements",
            Status::Pass,
            "required action is implemented",
        )
        .for_action("ListEntitlementSchemaPropertyValues"),
        Check::new(
            "conformance.user-operations.UpdateUserPassword",
            "Conformance",
            Status::Skip,
            "UpdateUserPassword is optional and not implemented",
        )
        .for_action("UpdateUserPassword"),
    ];

    let implemented = [
        "GetUserById",
        "GetUserByUserName",
        "CreateUser",
        "UpdateUser",
        "GetGroupById",
        "ListGroups",
        "AddGroupMembers",
        "RemoveGroupMembers",
        "ListGroupMembers",
    ];
    let mut coverage_rows = provisioning(&implemented, |action| match action {
        "ListUsers" | "GetUserById" | "ListGroups" => Status::Fail,
        _ => Status::Pass,
    });
    coverage_rows.extend([
        coverage(
            "ListUserSchema",
            "entitlements",
            "User schema discovery",
            true,
            true,
            Status::Pass,
        ),
        coverage(
            "ListUserSchemaPropertyValues",
            "entitlements",
            "User schema discovery",
            true,
            true,
            Status::Pass,
        ),
        coverage(
            "ListEntitlementSchema",
            "entitlements",
            "Entitlements",
            true,
            true,
            Status::Pass,
        ),
        coverage(
            "ListEntitlementSchemaPropertyValues",
            "entitlements",
            "Entitlements",
            true,
            true,
            Status::Pass,
        ),
    ]);

    Report {
        integration: "Globex People & Payroll <EU>".into(),
        sdk_version: "0.1.0".into(),
        contract_version: "2026-06-09".into(),
        capabilities: vec!["provisioning".into(), "entitlements".into()],
        conformance_run: true,
        checks,
        coverage: coverage_rows,
        test_plan: vec![
            {
                let mut failed = case(
                    &["C9303", "C9304"],
                    "Import and profile sourcing",
                    "Import users <all> & \"every\" | one",
                    CaseStatus::Fail,
                    "ListUsers returned record `u-1` twice: paging must return each record exactly once",
                );
                failed.evidence = vec![
                    "fail conformance.import.users: ListUsers returned record `u-1` twice".into(),
                ];
                failed
            },
            case(
                &["C9371"],
                "Entitlements and schema discovery",
                "Assign a user with entitlements",
                CaseStatus::Skip,
                "`CreateUser` is not implemented",
            ),
            case(
                &["C9299"],
                "Preconditions and settings",
                "Configuration guide",
                CaseStatus::Manual,
                "Generate the skeleton with the `docs` command.",
            ),
        ],
    }
}

/// Every string of the report, for checking that a format escaped them all.
pub(super) fn model_strings(report: &Report) -> Vec<String> {
    let mut strings = vec![
        report.integration.clone(),
        report.sdk_version.clone(),
        report.contract_version.clone(),
    ];
    strings.extend(report.capabilities.iter().cloned());
    for check in &report.checks {
        strings.extend([check.id.clone(), check.group.clone(), check.reason.clone()]);
        strings.extend(check.action.iter().cloned());
        strings.extend(check.evidence.iter().cloned());
    }
    for case in &report.test_plan {
        strings.extend([
            case.section.clone(),
            case.title.clone(),
            case.reason.clone(),
        ]);
        strings.extend(case.evidence.iter().cloned());
    }
    for row in &report.coverage {
        strings.extend([
            row.action.clone(),
            row.capability.clone(),
            row.oin_group.clone(),
        ]);
    }
    strings
}

/// The strings of the report that hold a character the format must escape.
pub(super) fn needing_escape(report: &Report, special: &[char]) -> Vec<String> {
    let strings: Vec<String> = model_strings(report)
        .into_iter()
        .filter(|s| s.contains(special))
        .collect();
    assert!(
        !strings.is_empty(),
        "the fixture should hold text that needs escaping"
    );
    strings
}
