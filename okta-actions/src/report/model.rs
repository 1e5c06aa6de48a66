//! The validation report: checks with an id, an OIN group, a status, a one-line reason and
//! evidence, plus the capability × action coverage. Every renderer reads only this model.

use okta_actions_contracts::{ActionSpec, Capability, contracts};
use serde::{Deserialize, Serialize};

use super::test_plan::{PlanCase, PlanTally};
use crate::Integration;

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The check failed: the integration is not ready for OIN submission.
    Fail,
    /// The check passed with a caveat a reviewer should read.
    Warn,
    /// The check passed.
    Pass,
    /// The check did not apply (for example, an optional action not implemented).
    Skip,
}

impl Status {
    /// `fail`, `warn`, `pass` or `skip`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fail => "fail",
            Status::Warn => "warn",
            Status::Pass => "pass",
            Status::Skip => "skip",
        }
    }
}

/// One check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// A stable identifier, e.g. `oin.user-query.ListUsers` or `conformance.import-users`.
    pub id: String,
    /// The OIN group or area the check belongs to, e.g. `User query` or `Auth mapping`.
    pub group: String,
    /// The action the check is about, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub action: Option<String>,
    /// The outcome.
    pub status: Status,
    /// One line: why the check has this status.
    pub reason: String,
    /// What the check saw: JSON paths, request ids, counts. Never secrets.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub evidence: Vec<String>,
    /// The Okta test-plan cases the check decides, e.g. `C9334` (filled in by the report).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub cases: Vec<String>,
}

impl Check {
    /// A check with no action and no evidence.
    pub fn new(
        id: impl Into<String>,
        group: impl Into<String>,
        status: Status,
        reason: impl Into<String>,
    ) -> Self {
        Check {
            id: id.into(),
            group: group.into(),
            action: None,
            status,
            reason: reason.into(),
            evidence: Vec::new(),
            cases: Vec::new(),
        }
    }

    /// Names the action the check is about.
    pub fn for_action(mut self, action: impl Into<String>) -> Self {
        self.action = Some(action.into());
        self
    }

    /// Adds one line of evidence.
    pub fn with_evidence(mut self, line: impl Into<String>) -> Self {
        self.evidence.push(line.into());
        self
    }
}

/// One cell row of the coverage matrix: an Okta action and where the integration stands on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// The action identifier.
    pub action: String,
    /// Its capability (`provisioning`, `entitlements`, `universal_logout`).
    pub capability: String,
    /// Its OIN group.
    pub oin_group: String,
    /// Whether the OIN requires it for the declared capabilities.
    pub required: bool,
    /// Whether the integration implements it.
    pub implemented: bool,
    /// The worst status of the checks about this action (`skip` when none ran).
    pub status: Status,
}

/// The report of one validation run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The integration's name.
    pub integration: String,
    /// The okta-actions version that produced the report.
    pub sdk_version: String,
    /// The version of Okta's contracts checked against.
    pub contract_version: String,
    /// The declared capabilities.
    pub capabilities: Vec<String>,
    /// Whether a conformance run against a vendor instance took part.
    pub conformance_run: bool,
    /// Every check, in the order they ran.
    pub checks: Vec<Check>,
    /// Every Okta action of the declared capabilities' contracts, with its coverage.
    pub coverage: Vec<Coverage>,
    /// Every case of Okta's provisioning test plan, with its outcome.
    #[serde(default)]
    pub test_plan: Vec<PlanCase>,
}

/// What a report says about OIN submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A conformance run took part and no check failed: Okta's checks and test plan, as far as
    /// they can be automated, pass.
    Ready,
    /// A check failed.
    NotReady,
    /// No check failed, but no conformance run took part (`validate --static-only`): the static
    /// checks pass, and nothing says yet whether Okta's test plan does. Not ready to submit.
    ConformanceNotRun,
}

impl Verdict {
    /// `ready`, `not_ready` or `conformance_not_run`, as in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::NotReady => "not_ready",
            Verdict::ConformanceNotRun => "conformance_not_run",
        }
    }
}

/// Counts of checks by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Passed checks.
    pub pass: usize,
    /// Warnings.
    pub warn: usize,
    /// Failures.
    pub fail: usize,
    /// Skipped checks.
    pub skip: usize,
}

impl Report {
    /// Whether the integration is ready for OIN submission: a conformance run took part and no
    /// check failed. A report without a conformance run is never ready; see
    /// [`static_checks_pass`](Self::static_checks_pass) for what it does verify.
    pub fn is_ready(&self) -> bool {
        self.verdict() == Verdict::Ready
    }

    /// Whether every check that needs no vendor passed (warnings allowed): the OIN rules, the
    /// handlers' contracts, the auth mapping, what is served, and a checked configuration
    /// guide. This is what a `--static-only` report verifies; it says nothing about the
    /// conformance run.
    pub fn static_checks_pass(&self) -> bool {
        self.checks
            .iter()
            .filter(|c| !c.id.starts_with("conformance."))
            .all(|c| c.status != Status::Fail)
    }

    /// The verdict: ready, not ready (a check failed), or the static checks passed and no
    /// conformance run took part.
    pub fn verdict(&self) -> Verdict {
        if self.checks.iter().any(|c| c.status == Status::Fail) {
            Verdict::NotReady
        } else if self.conformance_run {
            Verdict::Ready
        } else {
            Verdict::ConformanceNotRun
        }
    }

    /// Counts of checks by status.
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for check in &self.checks {
            match check.status {
                Status::Pass => tally.pass += 1,
                Status::Warn => tally.warn += 1,
                Status::Fail => tally.fail += 1,
                Status::Skip => tally.skip += 1,
            }
        }
        tally
    }

    /// The report with one more check, the test plan decided again. For checks made outside
    /// [`validate`](super::validate), such as a review of the configuration guide.
    #[must_use]
    pub fn with_check(mut self, check: Check) -> Self {
        self.checks.push(check);
        super::test_plan::tag(&mut self.checks);
        self.test_plan = super::test_plan::evaluate(&self.checks, self.conformance_run);
        self
    }

    /// Counts of the test plan's cases by outcome.
    pub fn plan_tally(&self) -> PlanTally {
        super::test_plan::tally(&self.test_plan)
    }

    /// The checks ordered failures first, then warnings, passes and skips, stable within each.
    pub fn checks_by_severity(&self) -> Vec<&Check> {
        let mut checks: Vec<&Check> = self.checks.iter().collect();
        checks.sort_by_key(|c| c.status);
        checks
    }
}

/// One row per Okta action of the declared capabilities (or of an OIN group they activate),
/// with the worst status of the checks about it.
pub(crate) fn coverage(
    declared: &[Capability],
    checks: &[Check],
    integration: &Integration,
) -> Vec<Coverage> {
    let set = contracts();
    // Capability order, then OIN group order, then the contracts' own order.
    let rank = |action: &&ActionSpec| {
        let capability = Capability::ALL.iter().position(|c| *c == action.capability);
        let group = set
            .oin_groups
            .iter()
            .position(|g| g.name == action.oin_group);
        (capability, group)
    };
    let mut actions: Vec<&ActionSpec> = set.actions.iter().collect();
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
                required: super::checks::required(declared, &action.ident),
                implemented: integration.action(&action.ident).is_some(),
                status: about.into_iter().min().unwrap_or(Status::Skip),
            }
        })
        .collect()
}
