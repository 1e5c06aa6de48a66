//! The scenarios of the conformance run: Okta's provisioning test plan, case by case, in the
//! order an admin meets them. Each step whose action the integration does not implement is
//! skipped; each later step that needs an earlier result is skipped with the reason when that
//! result is missing. Check ids are stable: `test_plan/okta-test-plan.json` maps them to
//! Okta's case ids.

mod attributes;
mod connection;
mod discovery;
mod entitlements;
mod groups;
mod imports;
mod users;

use serde_json::{Value, json};

use super::caller::{Answer, CallError, OktaCaller};
use super::paging::{ListCall, import};
use crate::Integration;
use crate::report::model::{Check, Status};
pub(super) use okta_actions_contracts::{
    ENTERPRISE_USER_SCHEMA as ENTERPRISE_USER, SCIM_GROUP_SCHEMA as CORE_GROUP,
    SCIM_USER_SCHEMA as CORE_USER,
};

/// The page size of Okta's imports: its maximum.
pub(super) const IMPORT_LIMIT: u64 = 200;

/// The page size of the completeness import: below any vendor's default page size, so a
/// handler that ignores Okta's `limit` hands back more than asked, and one that ends the list
/// on a page shorter than asked is caught against the import at [`IMPORT_LIMIT`].
pub(super) const SMALL_LIMIT: u64 = 10;

/// The state of one run.
pub(super) struct Run<'a> {
    integration: &'a Integration,
    caller: &'a OktaCaller,
    progress: &'a (dyn Fn(&str) + Sync),
    checks: Vec<Check>,
    tag: String,
    /// The discovered user schema, when discovery succeeded.
    schema: discovery::UserSchema,
    /// The discovered entitlements, when discovery succeeded.
    entitlements: entitlements::Entitlements,
    /// Every user the run created, deactivated at the end.
    created: Vec<String>,
}

/// What a run found, and the conformance user's userName when one was created.
pub(crate) struct Findings {
    /// Every check.
    pub(crate) checks: Vec<Check>,
    /// The first created user's userName (an email address).
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
        schema: discovery::UserSchema::default(),
        entitlements: entitlements::Entitlements::default(),
        created: Vec::new(),
    };
    // Each scenario, then the checks of the test plan it did not reach, skipped with the
    // earlier check that stopped it.
    let mark = run.mark();
    run.connection().await;
    run.not_reached(mark, &reach::CONNECTION, "Connection");
    let mark = run.mark();
    run.user_schema().await;
    run.not_reached(mark, &reach::USER_SCHEMA, "User schema discovery");
    let mark = run.mark();
    run.entitlement_discovery().await;
    run.not_reached(mark, &reach::ENTITLEMENTS, "Entitlements");
    let mark = run.mark();
    let first_import = run.import_users().await;
    run.not_reached(mark, &reach::IMPORT_USERS, "Import users");
    run.import_groups().await;
    let mark = run.mark();
    let users = run.users(first_import.as_deref()).await;
    run.not_reached(mark, &reach::USERS, "Users");
    let groups = run.group_push(&users, first_import.as_deref()).await;
    let mark = run.mark();
    run.reactivation(&users, groups.as_ref()).await;
    run.not_reached(mark, &reach::REACTIVATION, "Users");
    run.provisioning_disabled(&users).await;
    let mark = run.mark();
    run.user_imports(&users).await;
    run.not_reached(mark, &reach::USER_IMPORTS, "Import users");
    run.unassign_group(&users).await;
    let mark = run.mark();
    run.group_removal(&users, groups.as_ref()).await;
    run.not_reached(mark, &reach::GROUP_REMOVAL, "Group push");
    run.unknown_user().await;
    run.logout(users.first.as_ref()).await;
    run.deactivate_created().await;
    Findings {
        checks: run.checks,
        user_name: users.first.map(|u| u.user_name),
        tag: run.tag,
    }
}

/// The test-plan checks of each scenario with early exits, for [`Run::not_reached`].
mod reach {
    pub(super) const CONNECTION: [&str; 4] = [
        "conformance.connection.authping",
        "conformance.credential.wrong",
        "conformance.credential.wrong-writes-nothing",
        "conformance.credential.rotated",
    ];
    pub(super) const USER_SCHEMA: [&str; 5] = [
        "conformance.schema.properties",
        "conformance.schema.base-attributes",
        "conformance.schema.custom-attributes",
        "conformance.schema.values",
        "conformance.schema.values.consistent",
    ];
    pub(super) const ENTITLEMENTS: [&str; 3] = [
        "conformance.entitlements.types",
        "conformance.entitlements.values",
        "conformance.entitlements.values.complete",
    ];
    pub(super) const IMPORT_USERS: [&str; 2] = [
        "conformance.import.users",
        "conformance.schema.mapped-discoverable",
    ];
    pub(super) const USERS: [&str; 15] = [
        "conformance.user.lookup-unknown",
        "conformance.user.create",
        "conformance.user.password-on-create",
        "conformance.user.read-back",
        "conformance.user.create-unique",
        "conformance.user.all-attributes",
        "conformance.user.custom-create",
        "conformance.entitlements.assign",
        "conformance.user.existing-linked",
        "conformance.user.update",
        "conformance.user.custom-update",
        "conformance.entitlements.change",
        "conformance.user.push-empty",
        "conformance.user.group-assignment",
        "conformance.user.update-each-member",
    ];
    pub(super) const REACTIVATION: [&str; 3] = [
        "conformance.user.deactivate",
        "conformance.user.reactivate",
        "conformance.user.reactivate-keeps-memberships",
    ];
    pub(super) const USER_IMPORTS: [&str; 6] = [
        "conformance.import.users.complete",
        "conformance.import.users.mapped",
        "conformance.import.deactivated-inactive",
        "conformance.user.no-duplicate",
        "conformance.entitlements.import",
        "conformance.import.update-imported",
    ];
    pub(super) const GROUP_REMOVAL: [&str; 1] = ["conformance.group.unlink-delete"];
}

/// A user the run created.
#[derive(Debug, Clone)]
pub(super) struct CreatedUser {
    pub(super) id: String,
    pub(super) user_name: String,
}

/// The users the run created, by role; `None` where creation failed or was skipped.
#[derive(Default)]
pub(super) struct Users {
    /// Assigned first, with the base attributes and a password (C9290).
    pub(super) first: Option<CreatedUser>,
    /// A second unique user (C9336).
    pub(super) second: Option<CreatedUser>,
    /// Created with every discovered attribute and entitlements (C9334).
    pub(super) full: Option<CreatedUser>,
    /// Created by a group assignment (C9307).
    pub(super) members: Vec<CreatedUser>,
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

    /// The number of checks recorded so far: where a scenario starts, for
    /// [`stopped_by`](Self::stopped_by) and [`not_reached`](Self::not_reached).
    pub(super) fn mark(&self) -> usize {
        self.checks.len()
    }

    /// What stopped a scenario that started at `mark`: the first check since that failed, or
    /// else the first one skipped, with its reason.
    pub(super) fn stopped_by(&self, mark: usize) -> Option<String> {
        let since = &self.checks[mark.min(self.checks.len())..];
        let failed = since.iter().find(|c| c.status == Status::Fail);
        if let Some(check) = failed {
            return Some(format!("`{}` failed: {}", check.id, check.reason));
        }
        since
            .iter()
            .find(|c| c.status == Status::Skip)
            .map(|c| format!("`{}` was skipped: {}", c.id, c.reason))
    }

    /// Records as skipped each of `ids` that a scenario started at `mark` did not reach,
    /// naming the earlier check that stopped it. An id left out because nothing stopped the
    /// scenario (it does not apply) stays unrecorded.
    pub(super) fn not_reached(&mut self, mark: usize, ids: &[&str], group: &str) {
        let Some(cause) = self.stopped_by(mark) else {
            return;
        };
        for id in ids {
            if !self.checks.iter().any(|c| c.id == *id) {
                self.push(Check::new(
                    *id,
                    group,
                    Status::Skip,
                    format!("not reached: {cause}"),
                ));
            }
        }
    }

    /// `what` is missing, and why: the reason check `id` (the step that would have made it)
    /// failed or was skipped, e.g. "no user was created: `conformance.user.create` was
    /// skipped: `CreateUser` is not implemented".
    pub(super) fn because(&self, what: &str, id: &str) -> String {
        let cause = self
            .checks
            .iter()
            .rev()
            .find(|c| c.id == id && matches!(c.status, Status::Fail | Status::Skip));
        match cause {
            Some(c) if c.status == Status::Fail => format!("{what}: `{id}` failed: {}", c.reason),
            Some(c) => format!("{what}: `{id}` was skipped: {}", c.reason),
            None => what.to_owned(),
        }
    }

    /// Skips `id` unless every one of `actions` is implemented; true when they all are.
    pub(super) fn needs(&mut self, id: &str, group: &str, actions: &[&str]) -> bool {
        (self.progress)(id);
        let missing: Vec<&str> = actions
            .iter()
            .copied()
            .filter(|a| !self.implements(a))
            .collect();
        if let Some(first) = missing.first() {
            let names: Vec<String> = missing.iter().map(|a| format!("`{a}`")).collect();
            self.skip(
                id,
                group,
                first,
                format!("{} not implemented", names.join(", ")),
            );
            return false;
        }
        true
    }

    /// Calls an action as one step: a skip when it is not implemented, a failure with evidence
    /// when the call fails, breaks the contract or the adapter answers 5xx, and the answer
    /// otherwise (`expect_success` turns a FAILED outcome into a failed check).
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
            Ok(answer) if answer.server_error() => {
                let check = Check::new(
                    id,
                    group,
                    Status::Fail,
                    format!(
                        "{action} answered HTTP {}: the adapter failed instead of answering Okta",
                        answer.status
                    ),
                )
                .for_action(action)
                .with_evidence(answer.describe_failure());
                self.push(check);
                None
            }
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

    /// Records a verdict: `reasons` is (why it passed, why it failed).
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

    /// Reads a user by id as step `id`: its SCIM record.
    pub(super) async fn read_user(
        &mut self,
        id: &str,
        group: &str,
        user_id: &str,
    ) -> Option<Value> {
        self.step(id, group, "GetUserById", json!({"userId": user_id}), true)
            .await
            .map(|answer| answer.body["user"].clone())
    }

    /// Creates `user` as step `id` and returns its id; a failure names what is missing.
    pub(super) async fn create(
        &mut self,
        id: &str,
        group: &str,
        user: Value,
    ) -> Option<CreatedUser> {
        let user_name = user["userName"].as_str().unwrap_or_default().to_owned();
        let created = self
            .step(id, group, "CreateUser", json!({"user": user}), true)
            .await?;
        let Some(user_id) = created.body["user"]["id"].as_str().map(str::to_owned) else {
            self.verdict(
                id,
                group,
                "CreateUser",
                false,
                (String::new(), "CreateUser returned no user id".into()),
                vec![format!(
                    "at `/user/id`: missing (request {})",
                    created.request_id
                )],
            );
            return None;
        };
        self.created.push(user_id.clone());
        Some(CreatedUser {
            id: user_id,
            user_name,
        })
    }

    /// Updates a user to `user` (a whole SCIM record, as Okta sends it) as step `id`.
    pub(super) async fn update(&mut self, id: &str, group: &str, user: Value) -> bool {
        self.step(id, group, "UpdateUser", json!({"user": user}), true)
            .await
            .is_some()
    }

    /// A new user with the base attributes Okta always maps: `n` tells users of one run apart.
    /// A new user with the base attributes Okta always maps and a value for every attribute
    /// the vendor's schema marks required, as Okta's app profile would hold them; `n` tells
    /// users of one run apart.
    pub(super) fn new_user(&self, n: usize) -> Value {
        let user_name = format!("okta-actions-conformance-{}-{n}@example.com", self.tag);
        let mut user = json!({
            "schemas": [CORE_USER],
            "userName": user_name,
            "name": {"givenName": "Conformance", "familyName": format!("Run {} {n}", self.tag)},
            "displayName": format!("Conformance Run {} {n}", self.tag),
            "emails": [{"value": user_name, "type": "work", "primary": true}],
            "active": true,
        });
        for (property, path) in self.schema.writable() {
            if property["required"] != true || attributes::is_user_reference(&path) {
                continue;
            }
            if let Some(value) =
                attributes::sample(property, self.schema.allowed(property), &self.tag, 0)
            {
                path.set(&mut user, Some(value));
                if let Some(schema) = path.schema()
                    && let Some(schemas) = user["schemas"].as_array_mut()
                    && !schemas.iter().any(|s| s == schema)
                {
                    schemas.push(json!(schema));
                }
            }
        }
        user
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

    /// Leaves every user the run created deactivated, as an unassignment in Okta would.
    async fn deactivate_created(&mut self) {
        if !self.implements("DeactivateUser") {
            return;
        }
        for id in std::mem::take(&mut self.created) {
            // Best effort: each user was checked on its way; a failure here is no new finding.
            let _ = self
                .caller
                .call("DeactivateUser", &json!({"userId": id}))
                .await;
        }
    }
}

/// The list call of `action` with the items key its contract names, `key` identifying records.
pub(super) fn list_call<'a>(
    action: &'a str,
    key: &'a str,
    extra: Value,
    limit: u64,
) -> ListCall<'a> {
    let items = okta_actions_contracts::contracts()
        .action(action)
        .and_then(|a| a.list.as_ref())
        .map_or("resources", |l| l.items.as_str());
    ListCall {
        action,
        items,
        extra,
        key,
        limit,
    }
}

/// A fresh password meeting common complexity rules; never reported.
pub(super) fn password() -> String {
    format!("Ok!{:016x}aZ", fastrand::u64(..))
}

/// `value` of each entry of a multi-valued attribute, e.g. the ids in `roles`.
pub(super) fn values_of(attribute: &Value) -> std::collections::BTreeSet<String> {
    attribute
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["value"].as_str().map(str::to_owned))
        .collect()
}

fn first_path(violations: &[String]) -> String {
    violations
        .first()
        .and_then(|v| v.split('`').nth(1))
        .map(|path| format!("at `{path}`"))
        .unwrap_or_default()
}
