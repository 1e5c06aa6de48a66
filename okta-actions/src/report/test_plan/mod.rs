//! Okta's provisioning test plan (69 cases, each with a C-number) as data, and how a report's
//! checks decide each case. `okta-test-plan.json` names, for every automatable case, the checks
//! that decide it; a change to Okta's plan is a change to that file.
//!
//! A case's `checks` are essential: they *are* the case, so it passes only when every one of
//! them ran and passed, and it is skipped (with the skipped check's reason) when one did not
//! run. Its `supporting` checks (a static check of the same action, an import at a second page
//! size, a neighbouring lookup) can fail the case but never pass it, and their skip does not
//! hold it back. A manual or document case with checks stays manual (the run cannot verify it
//! all) unless one of them failed; a document case is decided once a document was checked.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::model::{Check, Status};

/// How a test-plan case is executed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseKind {
    /// The conformance run executes it.
    Auto,
    /// It needs the Okta admin console, single sign-on or an end user.
    Manual,
    /// It is a document check.
    Doc,
}

/// Where the integration stands on one test-plan case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseStatus {
    /// A check deciding the case failed.
    Fail,
    /// Every essential check of the case ran and passed, and no check of it failed.
    Pass,
    /// The case was not executed: an essential check was skipped (the feature is not
    /// implemented, an earlier step failed) or no conformance run took part.
    Skip,
    /// The ISV runs it by hand (or writes the document); checks the run could make about it,
    /// if any, passed and are listed as evidence.
    Manual,
}

impl CaseStatus {
    /// `fail`, `pass`, `skip` or `manual`.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Fail => "fail",
            CaseStatus::Pass => "pass",
            CaseStatus::Skip => "skip",
            CaseStatus::Manual => "manual",
        }
    }
}

/// One row of Okta's test plan: one case, or several Okta runs the same way, and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanCase {
    /// Okta's case ids, e.g. `["C9291", "C9310"]`.
    pub ids: Vec<String>,
    /// The plan's section, e.g. `Group push`.
    pub section: String,
    /// The case's title.
    pub title: String,
    /// How it is executed.
    pub kind: CaseKind,
    /// The outcome.
    pub status: CaseStatus,
    /// One line: why (for a manual case, the steps left to the ISV).
    pub reason: String,
    /// The checks that decided it, as `status id: reason`, failures first.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub evidence: Vec<String>,
}

/// Counts of test-plan cases (each C-number once).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PlanTally {
    /// Cases the conformance run can execute.
    pub automatable: usize,
    /// Automatable cases that passed.
    pub passed: usize,
    /// Automatable cases that failed.
    pub failed: usize,
    /// Automatable cases not executed.
    pub skipped: usize,
    /// Manual and document cases (whatever a document review found).
    pub manual: usize,
}

/// Counts the cases of `plan` by status, each C-number once.
pub(crate) fn tally(plan: &[PlanCase]) -> PlanTally {
    let mut tally = PlanTally::default();
    for case in plan {
        let n = case.ids.len();
        if case.kind != CaseKind::Auto {
            tally.manual += n;
            continue;
        }
        tally.automatable += n;
        match case.status {
            CaseStatus::Pass => tally.passed += n,
            CaseStatus::Fail => tally.failed += n,
            CaseStatus::Skip | CaseStatus::Manual => tally.skipped += n,
        }
    }
    tally
}

#[derive(Deserialize)]
struct PlanFile {
    cases: Vec<CaseSpec>,
}

#[derive(Deserialize)]
struct CaseSpec {
    ids: Vec<String>,
    section: String,
    title: String,
    kind: CaseKind,
    /// The essential checks: the case passes only when every one passed.
    #[serde(default)]
    checks: Vec<String>,
    /// Checks that can fail the case but neither pass it nor hold it back when skipped.
    #[serde(default)]
    supporting: Vec<String>,
    #[serde(default)]
    steps: Option<String>,
}

impl CaseSpec {
    /// Whether the check decides this case, as an essential or a supporting check.
    fn names(&self, id: &str) -> bool {
        self.checks.iter().chain(&self.supporting).any(|c| c == id)
    }
}

static PLAN: LazyLock<Vec<CaseSpec>> = LazyLock::new(|| {
    serde_json::from_str::<PlanFile>(include_str!("okta-test-plan.json"))
        .expect("okta-test-plan.json is well-formed (checked by the unit tests)")
        .cases
});

/// Writes onto each check the Okta case ids it decides.
pub(crate) fn tag(checks: &mut [Check]) {
    for check in checks {
        check.cases = PLAN
            .iter()
            .filter(|case| case.names(&check.id))
            .flat_map(|case| case.ids.iter().cloned())
            .collect();
    }
}

/// Every case of the plan with its outcome. A case fails when one of its checks (essential or
/// supporting) failed; an automatable case passes only when every essential check passed, and
/// is skipped, with the reason of the first essential check that did not pass, otherwise. A
/// static check alone can fail a case but never pass one. A manual case stays manual unless one
/// of its checks failed; a document case stays manual until a document was checked.
pub(crate) fn evaluate(checks: &[Check], conformance_run: bool) -> Vec<PlanCase> {
    PLAN.iter()
        .map(|spec| {
            let reviewed = spec.kind == CaseKind::Doc && checks.iter().any(|c| spec.names(&c.id));
            let (status, reason, evidence) = match spec.kind {
                CaseKind::Doc if reviewed => decide(spec, checks, true),
                CaseKind::Manual | CaseKind::Doc => partly_checked(spec, checks),
                CaseKind::Auto => decide(spec, checks, conformance_run),
            };
            PlanCase {
                ids: spec.ids.clone(),
                section: spec.section.clone(),
                title: spec.title.clone(),
                kind: spec.kind,
                status,
                reason,
                evidence,
            }
        })
        .collect()
}

/// The checks of the report that decide `spec`, failures first, and the evidence lines.
fn deciding<'a>(spec: &CaseSpec, checks: &'a [Check]) -> (Vec<&'a Check>, Vec<String>) {
    let mut deciding: Vec<&Check> = checks.iter().filter(|c| spec.names(&c.id)).collect();
    deciding.sort_by_key(|c| c.status);
    let evidence = deciding
        .iter()
        .map(|c| format!("{} {}: {}", c.status.as_str(), c.id, c.reason))
        .collect();
    (deciding, evidence)
}

/// A manual case the run checks part of: failed when a check failed, else manual with the
/// steps left and what was checked as evidence.
fn partly_checked(spec: &CaseSpec, checks: &[Check]) -> (CaseStatus, String, Vec<String>) {
    let (deciding, evidence) = deciding(spec, checks);
    if let Some(failed) = deciding.iter().find(|c| c.status == Status::Fail) {
        return (CaseStatus::Fail, failed.reason.clone(), evidence);
    }
    (
        CaseStatus::Manual,
        spec.steps.clone().unwrap_or_default(),
        evidence,
    )
}

fn decide(
    spec: &CaseSpec,
    checks: &[Check],
    conformance_run: bool,
) -> (CaseStatus, String, Vec<String>) {
    let (deciding, evidence) = deciding(spec, checks);
    if let Some(failed) = deciding.iter().find(|c| c.status == Status::Fail) {
        return (CaseStatus::Fail, failed.reason.clone(), evidence);
    }
    let runs_here = |id: &str| !id.starts_with("conformance.") || conformance_run;
    for id in &spec.checks {
        if !runs_here(id) {
            return (
                CaseStatus::Skip,
                "no conformance run: validate against a vendor instance (--embedded or --vendor-url)"
                    .to_owned(),
                evidence,
            );
        }
        match deciding.iter().find(|c| &c.id == id) {
            Some(check) if matches!(check.status, Status::Pass | Status::Warn) => {}
            Some(check) => {
                return (
                    CaseStatus::Skip,
                    format!("{id} skipped: {}", check.reason),
                    evidence,
                );
            }
            None => {
                return (
                    CaseStatus::Skip,
                    format!("{id} did not run: the conformance run stopped before it"),
                    evidence,
                );
            }
        }
    }
    let essential = spec.checks.len();
    let reason = if essential == 1 {
        format!("{} passed", spec.checks[0])
    } else {
        format!("all {essential} essential checks passed")
    };
    (CaseStatus::Pass, reason, evidence)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn the_plan_has_okta_s_69_cases_each_once_and_54_automatable() {
        let ids: Vec<&String> = PLAN.iter().flat_map(|c| &c.ids).collect();
        assert_eq!(ids.len(), 69);
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 69);
        let auto: usize = PLAN
            .iter()
            .filter(|c| c.kind == CaseKind::Auto)
            .map(|c| c.ids.len())
            .sum();
        assert_eq!(auto, 54);
        for case in PLAN.iter() {
            match case.kind {
                CaseKind::Auto => assert!(
                    !case.checks.is_empty()
                        && case.checks.iter().all(|c| c.starts_with("conformance.")),
                    "{:?}: its essential checks are conformance checks",
                    case.ids
                ),
                _ => assert!(case.steps.is_some(), "{:?} says what is left", case.ids),
            }
            for supporting in &case.supporting {
                assert!(
                    !case.checks.contains(supporting),
                    "{:?}: {supporting} is essential or supporting, not both",
                    case.ids
                );
            }
        }
    }

    fn check(id: &str, status: Status) -> Check {
        Check::new(id, "g", status, format!("{id} {}", status.as_str()))
    }

    #[test]
    fn a_case_fails_on_any_failed_check_and_passes_only_on_a_conformance_check() {
        let import = |status| {
            let plan = evaluate(
                &[
                    check("paging.declarative.ListUsers", Status::Pass),
                    check("conformance.import.users", status),
                    check("conformance.import.users.complete", Status::Pass),
                    check("conformance.import.users.mapped", Status::Pass),
                ],
                true,
            );
            plan.into_iter()
                .find(|c| c.ids.contains(&"C9303".to_owned()))
                .unwrap()
        };
        assert_eq!(import(Status::Pass).status, CaseStatus::Pass);
        let failed = import(Status::Fail);
        assert_eq!(failed.status, CaseStatus::Fail);
        assert_eq!(failed.reason, "conformance.import.users fail");
        assert!(failed.evidence[0].starts_with("fail conformance.import.users"));
        assert_eq!(import(Status::Skip).status, CaseStatus::Skip);
        let static_only = evaluate(&[check("auth.declared", Status::Pass)], false);
        let setup = static_only
            .iter()
            .find(|c| c.ids.contains(&"C9298".to_owned()))
            .unwrap();
        assert_eq!(setup.status, CaseStatus::Skip);
        assert!(setup.reason.starts_with("no conformance run"));
        let no_auth = evaluate(&[check("auth.declared", Status::Fail)], false);
        assert_eq!(
            no_auth
                .iter()
                .find(|c| c.ids.contains(&"C9298".to_owned()))
                .unwrap()
                .status,
            CaseStatus::Fail
        );
    }

    #[test]
    fn the_guide_case_stays_manual_until_a_guide_is_checked() {
        let guide = |checks: &[Check]| {
            evaluate(checks, true)
                .into_iter()
                .find(|c| c.ids == ["C9299"])
                .unwrap()
        };
        assert_eq!(guide(&[]).status, CaseStatus::Manual);
        assert_eq!(
            guide(&[check("doc.configuration-guide", Status::Pass)]).status,
            CaseStatus::Pass
        );
        let plan = evaluate(&[check("doc.configuration-guide", Status::Fail)], true);
        assert_eq!(
            plan.iter().find(|c| c.ids == ["C9299"]).unwrap().status,
            CaseStatus::Fail
        );
        assert_eq!(
            tally(&plan).manual,
            15,
            "a reviewed guide is still not an automatable case"
        );
    }

    #[test]
    fn tally_counts_each_c_number_and_checks_carry_their_cases() {
        let plan = evaluate(&[], true);
        let t = tally(&plan);
        assert_eq!((t.automatable, t.manual, t.passed), (54, 15, 0));
        let mut checks = vec![check("conformance.user.update", Status::Pass)];
        tag(&mut checks);
        assert_eq!(checks[0].cases, ["C9291", "C9310"]);
    }

    fn case<'a>(plan: &'a [PlanCase], id: &str) -> &'a PlanCase {
        plan.iter().find(|c| c.ids.iter().any(|i| i == id)).unwrap()
    }

    #[test]
    fn a_case_whose_essential_check_skipped_is_skipped_with_its_reason() {
        let unlink = |delete: Status, unknown: Status| {
            let plan = evaluate(
                &[
                    Check::new(
                        "conformance.group.unlink-delete",
                        "g",
                        delete,
                        "no group was pushed: `CreateGroup` not implemented",
                    ),
                    check("conformance.group.unknown-id", unknown),
                ],
                true,
            );
            case(&plan, "C9318").clone()
        };
        let skipped = unlink(Status::Skip, Status::Pass);
        assert_eq!(skipped.status, CaseStatus::Skip);
        assert_eq!(
            skipped.reason,
            "conformance.group.unlink-delete skipped: no group was pushed: `CreateGroup` not implemented"
        );
        assert_eq!(unlink(Status::Pass, Status::Pass).status, CaseStatus::Pass);
        assert_eq!(
            unlink(Status::Pass, Status::Skip).status,
            CaseStatus::Pass,
            "a supporting check's skip does not hold the case back"
        );
        assert_eq!(
            unlink(Status::Pass, Status::Fail).status,
            CaseStatus::Fail,
            "a supporting check's failure fails the case"
        );
        assert_eq!(unlink(Status::Skip, Status::Fail).status, CaseStatus::Fail);
    }

    #[test]
    fn a_case_passes_only_when_every_essential_check_passed() {
        let plan = evaluate(
            &[
                check("conformance.user.lookup-unknown", Status::Pass),
                check("conformance.user.create", Status::Pass),
            ],
            true,
        );
        let assign = case(&plan, "C9290");
        assert_eq!(assign.status, CaseStatus::Skip);
        assert_eq!(
            assign.reason,
            "conformance.user.read-back did not run: the conformance run stopped before it"
        );
        let plan = evaluate(
            &[
                check("conformance.user.lookup-unknown", Status::Pass),
                check("conformance.user.create", Status::Pass),
                check("conformance.user.read-back", Status::Warn),
            ],
            true,
        );
        assert_eq!(case(&plan, "C9290").status, CaseStatus::Pass);
        assert_eq!(case(&plan, "C9290").reason, "all 3 essential checks passed");
    }

    #[test]
    fn password_sync_stays_manual_unless_its_check_failed() {
        let sync = |status| {
            let plan = evaluate(
                &[check("conformance.user.password-on-create", status)],
                true,
            );
            case(&plan, "C9301").clone()
        };
        let passed = sync(Status::Pass);
        assert_eq!(passed.kind, CaseKind::Manual);
        assert_eq!(passed.status, CaseStatus::Manual);
        assert!(passed.reason.starts_with("Sign in to the vendor"));
        assert_eq!(
            passed.evidence,
            ["pass conformance.user.password-on-create: conformance.user.password-on-create pass"]
        );
        assert_eq!(sync(Status::Fail).status, CaseStatus::Fail);
        assert_eq!(sync(Status::Skip).status, CaseStatus::Manual);
    }
}
