//! Okta's provisioning test plan (69 cases, each with a C-number) as data, and how a report's
//! checks decide each case. `okta-test-plan.json` names, for every automatable case, the checks
//! that decide it; a change to Okta's plan is a change to that file.

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
    /// Every check deciding the case that ran passed.
    Pass,
    /// The case was not executed: the feature is not implemented, or no conformance run took part.
    Skip,
    /// The ISV runs it by hand (or writes the document).
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
    #[serde(default)]
    checks: Vec<String>,
    #[serde(default)]
    steps: Option<String>,
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
            .filter(|case| case.checks.contains(&check.id))
            .flat_map(|case| case.ids.iter().cloned())
            .collect();
    }
}

/// Every case of the plan with its outcome. A case fails when one of its checks failed, and
/// passes when none failed and at least one of its conformance (or document) checks passed: a
/// static check alone can fail a case but never pass one. A document case stays manual until a
/// document was checked.
pub(crate) fn evaluate(checks: &[Check], conformance_run: bool) -> Vec<PlanCase> {
    PLAN.iter()
        .map(|spec| {
            let reviewed =
                spec.kind == CaseKind::Doc && checks.iter().any(|c| spec.checks.contains(&c.id));
            let (status, reason, evidence) = match spec.kind {
                CaseKind::Doc if reviewed => decide(spec, checks, true),
                CaseKind::Manual | CaseKind::Doc => (
                    CaseStatus::Manual,
                    spec.steps.clone().unwrap_or_default(),
                    Vec::new(),
                ),
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

fn decide(
    spec: &CaseSpec,
    checks: &[Check],
    conformance_run: bool,
) -> (CaseStatus, String, Vec<String>) {
    let mut deciding: Vec<&Check> = checks
        .iter()
        .filter(|c| spec.checks.contains(&c.id))
        .collect();
    deciding.sort_by_key(|c| c.status);
    let evidence = deciding
        .iter()
        .map(|c| format!("{} {}: {}", c.status.as_str(), c.id, c.reason))
        .collect();
    if let Some(failed) = deciding.iter().find(|c| c.status == Status::Fail) {
        return (CaseStatus::Fail, failed.reason.clone(), evidence);
    }
    let passed = deciding
        .iter()
        .filter(|c| {
            (c.id.starts_with("conformance.") || c.id.starts_with("doc."))
                && matches!(c.status, Status::Pass | Status::Warn)
        })
        .count();
    if passed > 0 {
        return (
            CaseStatus::Pass,
            format!("{passed} check(s) passed"),
            evidence,
        );
    }
    let reason = if !conformance_run {
        "no conformance run: validate against a vendor instance (--embedded or --vendor-url)"
            .to_owned()
    } else {
        deciding
            .iter()
            .find(|c| c.status == Status::Skip)
            .map(|c| c.reason.clone())
            .unwrap_or_else(|| "the run did not reach this case".to_owned())
    };
    (CaseStatus::Skip, reason, evidence)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn the_plan_has_okta_s_69_cases_each_once_and_55_automatable() {
        let ids: Vec<&String> = PLAN.iter().flat_map(|c| &c.ids).collect();
        assert_eq!(ids.len(), 69);
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 69);
        let auto: usize = PLAN
            .iter()
            .filter(|c| c.kind == CaseKind::Auto)
            .map(|c| c.ids.len())
            .sum();
        assert_eq!(auto, 55);
        for case in PLAN.iter() {
            match case.kind {
                CaseKind::Auto => assert!(
                    case.checks.iter().any(|c| c.starts_with("conformance.")),
                    "{:?} names a conformance check",
                    case.ids
                ),
                _ => assert!(case.steps.is_some(), "{:?} says what is left", case.ids),
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
            14,
            "a reviewed guide is still not an automatable case"
        );
    }

    #[test]
    fn tally_counts_each_c_number_and_checks_carry_their_cases() {
        let plan = evaluate(&[], true);
        let t = tally(&plan);
        assert_eq!((t.automatable, t.manual, t.passed), (55, 14, 0));
        let mut checks = vec![check("conformance.user.update", Status::Pass)];
        tag(&mut checks);
        assert_eq!(checks[0].cases, ["C9291", "C9310"]);
    }
}
