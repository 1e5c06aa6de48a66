//! The scenarios of the conformance run, in Okta's order. Each step whose action the
//! integration does not implement is skipped; each later step that needs an earlier result is
//! skipped with the reason when that result is missing.

mod discovery;
mod groups;
mod users;

use serde_json::{Value, json};

use super::caller::{Answer, CallError, OktaCaller};
use super::paging::{ListCall, import};
use crate::Integration;
use crate::report::model::{Check, Status};

pub(super) const CORE_USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub(super) const CORE_GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

/// The page size the import uses: Okta's default, small enough to cross pages on a test tenant.
pub(super) const IMPORT_LIMIT: u64 = 100;

/// The state of one run.
pub(super) struct Run<'a> {
    integration: &'a Integration,
    caller: &'a OktaCaller,
    progress: &'a (dyn Fn(&str) + Sync),
    checks: Vec<Check>,
    tag: String,
}

/// What a run found, and the conformance user's userName when one was created.
pub(crate) struct Findings {
    /// Every check.
    pub(crate) checks: Vec<Check>,
    /// The created user's userName (an email address).
    pub(crate) user_name: Option<String>,
    /// The run's random tag, part of every name it creates.
    pub(crate) tag: String,
}

/// Runs every scenario; `progress` hears the id of each step as it starts.
pub(crate) async fn run(
    integration: &Integration,
    caller: &OktaCaller,
    progress: &(dyn Fn(&str) + Sync),
) -> Findings {
    let mut run = Run {
        integration,
        caller,
        progress,
        checks: Vec::new(),
        tag: format!("{:08x}", fastrand::u32(..)),
    };
    run.import_users().await;
    run.import_groups().await;
    let user = run.user_lifecycle().await;
    run.groups(user.as_ref()).await;
    run.discovery(
        "Provisioning user schema discovery",
        "User schema discovery",
        "ListUserSchema",
        "ListUserSchemaPropertyValues",
    )
    .await;
    run.discovery(
        "Entitlements schema discovery",
        "Entitlements",
        "ListEntitlementSchema",
        "ListEntitlementSchemaPropertyValues",
    )
    .await;
    run.logout(user.as_ref()).await;
    run.unknown_user().await;
    Findings {
        checks: run.checks,
        user_name: user.map(|u| u.user_name),
        tag: run.tag,
    }
}

/// The user the lifecycle created.
pub(super) struct CreatedUser {
    id: String,
    user_name: String,
}

impl Run<'_> {
    pub(super) fn implements(&self, action: &str) -> bool {
        self.integration.action(action).is_some()
    }

    pub(super) fn push(&mut self, check: Check) {
        self.checks.push(check);
    }

    pub(super) fn skip(&mut self, id: &str, group: &str, action: &str, reason: impl Into<String>) {
        self.push(Check::new(id, group, Status::Skip, reason).for_action(action));
    }

    /// Calls an action as one step: a skip when it is not implemented, a failure with evidence
    /// when the call fails or breaks the contract, and the answer otherwise (`expect_success`
    /// turns a FAILED outcome into a failed check).
    pub(super) async fn step(
        &mut self,
        id: &str,
        group: &str,
        action: &str,
        input: Value,
        expect_success: bool,
    ) -> Option<Answer> {
        (self.progress)(id);
        if !self.implements(action) {
            self.skip(id, group, action, format!("`{action}` is not implemented"));
            return None;
        }
        match self.caller.call(action, &input).await {
            Ok(answer) if !expect_success || answer.succeeded() => Some(answer),
            Ok(answer) => {
                let check = Check::new(id, group, Status::Fail, format!("{action} failed"))
                    .for_action(action)
                    .with_evidence(answer.describe_failure());
                self.push(check);
                None
            }
            Err(CallError::Transport(reason)) => {
                self.push(Check::new(id, group, Status::Fail, reason).for_action(action));
                None
            }
            Err(CallError::Contract { answer, violations }) => {
                let mut check = Check::new(
                    id,
                    group,
                    Status::Fail,
                    format!(
                        "{action}'s output breaks the contract {}",
                        first_path(&violations)
                    ),
                )
                .for_action(action);
                check.evidence = violations;
                check
                    .evidence
                    .push(format!("request {}", answer.request_id));
                self.push(check);
                None
            }
        }
    }

    /// Records a consistency verdict: `reasons` is (why it passed, why it failed).
    pub(super) fn verdict(
        &mut self,
        id: &str,
        group: &str,
        action: &str,
        ok: bool,
        reasons: (String, String),
        evidence: Vec<String>,
    ) {
        let (pass, fail) = reasons;
        let (status, reason) = if ok {
            (Status::Pass, pass)
        } else {
            (Status::Fail, fail)
        };
        let mut check = Check::new(id, group, status, reason).for_action(action);
        check.evidence = evidence;
        self.push(check);
    }

    pub(super) async fn import_list(
        &mut self,
        id: &str,
        group: &str,
        list: ListCall<'_>,
    ) -> Option<Vec<Value>> {
        (self.progress)(id);
        if !self.implements(list.action) {
            self.skip(
                id,
                group,
                list.action,
                format!("`{}` is not implemented", list.action),
            );
            return None;
        }
        let outcome = import(self.caller, id.to_owned(), group, &list).await;
        let passed = outcome.check.status == Status::Pass;
        self.push(outcome.check);
        passed.then_some(outcome.records)
    }
}

pub(super) fn users_list() -> ListCall<'static> {
    ListCall {
        action: "ListUsers",
        items: "resources",
        extra: json!({}),
        key: "id",
        limit: IMPORT_LIMIT,
    }
}

/// A fresh password meeting common complexity rules; never reported.
pub(super) fn password() -> String {
    format!("Ok!{:016x}aZ", fastrand::u64(..))
}

fn first_path(violations: &[String]) -> String {
    violations
        .first()
        .and_then(|v| v.split('`').nth(1))
        .map(|path| format!("at `{path}`"))
        .unwrap_or_default()
}
