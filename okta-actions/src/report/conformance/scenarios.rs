//! The scenarios of the conformance run, in Okta's order. Each step whose action the
//! integration does not implement is skipped; each later step that needs an earlier result is
//! skipped with the reason when that result is missing.

use serde_json::{Value, json};

use super::caller::{Answer, CallError, OktaCaller};
use super::paging::{ListCall, import};
use crate::Integration;
use crate::report::model::{Check, Status};

const CORE_USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const CORE_GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

/// The page size the import uses: Okta's default, small enough to cross pages on a test tenant.
const IMPORT_LIMIT: u64 = 100;

/// The state of one run.
struct Run<'a> {
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
struct CreatedUser {
    id: String,
    user_name: String,
}

impl Run<'_> {
    fn implements(&self, action: &str) -> bool {
        self.integration.action(action).is_some()
    }

    fn push(&mut self, check: Check) {
        self.checks.push(check);
    }

    fn skip(&mut self, id: &str, group: &str, action: &str, reason: impl Into<String>) {
        self.push(Check::new(id, group, Status::Skip, reason).for_action(action));
    }

    /// Calls an action as one step: a skip when it is not implemented, a failure with evidence
    /// when the call fails or breaks the contract, and the answer otherwise (`expect_success`
    /// turns a FAILED outcome into a failed check).
    async fn step(
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
    fn verdict(
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

    async fn import_list(
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

    async fn import_users(&mut self) {
        self.import_list("conformance.import.users", "Import users", users_list())
            .await;
    }

    async fn import_groups(&mut self) {
        let list = ListCall {
            action: "ListGroups",
            items: "resources",
            extra: json!({}),
            key: "id",
            limit: IMPORT_LIMIT,
        };
        self.import_list("conformance.import.groups", "Import groups", list)
            .await;
    }

    /// create → get by id → get by username → listed → update → set password → deactivate →
    /// activate.
    async fn user_lifecycle(&mut self) -> Option<CreatedUser> {
        const G: &str = "User lifecycle";
        let user_name = format!("okta-actions-conformance-{}@example.com", self.tag);
        let input = json!({"user": {
            "schemas": [CORE_USER],
            "userName": user_name,
            "name": {"givenName": "Conformance", "familyName": format!("Run {}", self.tag)},
            "displayName": format!("Conformance Run {}", self.tag),
            "emails": [{"value": user_name, "type": "work", "primary": true}],
            "active": true,
            "password": password(),
        }});
        let created = self
            .step("conformance.user.create", G, "CreateUser", input, true)
            .await?;
        let Some(id) = created.body["user"]["id"].as_str().map(str::to_owned) else {
            self.verdict(
                "conformance.user.create",
                G,
                "CreateUser",
                false,
                (String::new(), "CreateUser returned no user id".into()),
                vec!["at `/user/id`: missing".into()],
            );
            return None;
        };
        self.verdict(
            "conformance.user.create",
            G,
            "CreateUser",
            true,
            (format!("created user `{id}`"), String::new()),
            vec![format!("request {}", created.request_id)],
        );
        let user = CreatedUser { id, user_name };

        if let Some(found) = self
            .step(
                "conformance.user.get-by-id",
                G,
                "GetUserById",
                json!({"userId": user.id}),
                true,
            )
            .await
        {
            let same = found.body["user"]["userName"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(&user.user_name));
            self.verdict(
                "conformance.user.get-by-id",
                G,
                "GetUserById",
                same,
                (
                    "the created user reads back by id with its userName".into(),
                    "the created user reads back with another userName".into(),
                ),
                vec![format!(
                    "at `/user/userName` (request {})",
                    found.request_id
                )],
            );
        }
        if let Some(found) = self
            .step(
                "conformance.user.get-by-username",
                G,
                "GetUserByUserName",
                json!({"userName": user.user_name}),
                true,
            )
            .await
        {
            let same = found.body["user"]["id"] == user.id.as_str();
            self.verdict(
                "conformance.user.get-by-username",
                G,
                "GetUserByUserName",
                same,
                (
                    "the created user is found by userName".into(),
                    "looking the created user up by userName returns another id".into(),
                ),
                vec![format!("at `/user/id` (request {})", found.request_id)],
            );
        }
        if let Some(all) = self
            .import_list("conformance.user.listed.paging", G, users_list())
            .await
        {
            let listed = all.iter().any(|u| u["id"] == user.id.as_str());
            self.verdict(
                "conformance.user.listed",
                G,
                "ListUsers",
                listed,
                (
                    format!("the created user is among the {} listed users", all.len()),
                    format!(
                        "the created user `{}` is not among the {} listed users",
                        user.id,
                        all.len()
                    ),
                ),
                Vec::new(),
            );
        }
        self.update_user(&user).await;
        if self
            .step(
                "conformance.user.password",
                G,
                "UpdateUserPassword",
                json!({"userId": user.id, "password": password()}),
                true,
            )
            .await
            .is_some()
        {
            self.verdict(
                "conformance.user.password",
                G,
                "UpdateUserPassword",
                true,
                ("the password was set".into(), String::new()),
                Vec::new(),
            );
        }
        self.lifecycle(
            &user,
            "conformance.user.deactivate",
            "DeactivateUser",
            false,
        )
        .await;
        self.lifecycle(&user, "conformance.user.activate", "ActivateUser", true)
            .await;
        // Leave the conformance user deactivated on the vendor.
        self.lifecycle(
            &user,
            "conformance.user.deactivate-at-end",
            "DeactivateUser",
            false,
        )
        .await;
        Some(user)
    }

    async fn update_user(&mut self, user: &CreatedUser) {
        const G: &str = "User lifecycle";
        const ID: &str = "conformance.user.update";
        if !self.implements("UpdateUser") || !self.implements("GetUserById") {
            self.skip(
                ID,
                G,
                "UpdateUser",
                "`UpdateUser` (and `GetUserById` to read it back) not implemented",
            );
            return;
        }
        let Some(current) = self
            .step(ID, G, "GetUserById", json!({"userId": user.id}), true)
            .await
        else {
            return;
        };
        let mut updated = current.body["user"].clone();
        let family = format!("Updated {}", self.tag);
        updated["name"]["familyName"] = json!(family);
        if self
            .step(ID, G, "UpdateUser", json!({"user": updated}), true)
            .await
            .is_none()
        {
            return;
        }
        if let Some(read) = self
            .step(ID, G, "GetUserById", json!({"userId": user.id}), true)
            .await
        {
            let ok = read.body["user"]["name"]["familyName"] == family.as_str();
            self.verdict(
                ID,
                G,
                "UpdateUser",
                ok,
                (
                    "an update of name.familyName reads back".into(),
                    "UpdateUser succeeded but the user reads back unchanged".into(),
                ),
                vec![format!(
                    "at `/user/name/familyName` (request {})",
                    read.request_id
                )],
            );
        }
    }

    async fn lifecycle(&mut self, user: &CreatedUser, id: &str, action: &str, active: bool) {
        const G: &str = "User lifecycle";
        if self
            .step(id, G, action, json!({"userId": user.id}), true)
            .await
            .is_none()
        {
            return;
        }
        if !self.implements("GetUserById") {
            self.verdict(
                id,
                G,
                action,
                true,
                (format!("{action} succeeded"), String::new()),
                Vec::new(),
            );
            return;
        }
        if let Some(read) = self
            .step(id, G, "GetUserById", json!({"userId": user.id}), true)
            .await
        {
            let ok = read.body["user"]["active"] == active;
            self.verdict(
                id,
                G,
                action,
                ok,
                (
                    format!("after {action} the user reads `active: {active}`"),
                    format!("{action} succeeded but the user does not read `active: {active}`"),
                ),
                vec![format!("at `/user/active` (request {})", read.request_id)],
            );
        }
    }

    /// by display name → create → get → add members → list members → remove members → update →
    /// remove.
    async fn groups(&mut self, user: Option<&CreatedUser>) {
        const G: &str = "Group push";
        let name = format!("okta-actions-conformance-{}", self.tag);
        let created = self.step("conformance.group.create", G, "CreateGroup",
            json!({"group": {"schemas": [CORE_GROUP], "displayName": name, "description": "Created by the okta-actions conformance run"}}), true).await;
        let Some(group_id) = created
            .as_ref()
            .and_then(|c| c.body["group"]["id"].as_str())
            .map(str::to_owned)
        else {
            if created.is_some() {
                self.verdict(
                    "conformance.group.create",
                    G,
                    "CreateGroup",
                    false,
                    (String::new(), "CreateGroup returned no group id".into()),
                    vec!["at `/group/id`: missing".into()],
                );
            }
            return;
        };
        self.verdict(
            "conformance.group.create",
            G,
            "CreateGroup",
            true,
            (format!("created group `{group_id}`"), String::new()),
            Vec::new(),
        );
        if let Some(found) = self
            .step(
                "conformance.group.by-display-name",
                G,
                "ListGroupsByDisplayName",
                json!({"displayName": name, "pagination": {"limit": IMPORT_LIMIT}}),
                true,
            )
            .await
        {
            let ok = found.body["resources"]
                .as_array()
                .is_some_and(|r| r.iter().any(|g| g["id"] == group_id.as_str()));
            self.verdict(
                "conformance.group.by-display-name",
                G,
                "ListGroupsByDisplayName",
                ok,
                (
                    "the created group is found by displayName".into(),
                    "the created group is not found by its displayName".into(),
                ),
                vec![format!("at `/resources` (request {})", found.request_id)],
            );
        }
        if let Some(found) = self
            .step(
                "conformance.group.get-by-id",
                G,
                "GetGroupById",
                json!({"groupId": group_id}),
                true,
            )
            .await
        {
            let ok = found.body["group"]["displayName"] == name.as_str();
            self.verdict(
                "conformance.group.get-by-id",
                G,
                "GetGroupById",
                ok,
                (
                    "the created group reads back by id".into(),
                    "the created group reads back with another displayName".into(),
                ),
                vec![format!(
                    "at `/group/displayName` (request {})",
                    found.request_id
                )],
            );
        }
        if let Some(user) = user {
            self.membership(&group_id, user).await;
        } else {
            self.skip(
                "conformance.group.members",
                G,
                "AddGroupMembers",
                "no user was created to add",
            );
        }
        let renamed = format!("{name}-renamed");
        if self
            .step(
                "conformance.group.update",
                G,
                "UpdateGroup",
                json!({"group": {"schemas": [CORE_GROUP], "id": group_id, "displayName": renamed}}),
                true,
            )
            .await
            .is_some()
            && let Some(read) = self
                .step(
                    "conformance.group.update",
                    G,
                    "GetGroupById",
                    json!({"groupId": group_id}),
                    true,
                )
                .await
        {
            let ok = read.body["group"]["displayName"] == renamed.as_str();
            self.verdict(
                "conformance.group.update",
                G,
                "UpdateGroup",
                ok,
                (
                    "a renamed group reads back with its new displayName".into(),
                    "UpdateGroup succeeded but the group reads back unchanged".into(),
                ),
                vec![format!(
                    "at `/group/displayName` (request {})",
                    read.request_id
                )],
            );
        }
        if self
            .step(
                "conformance.group.remove",
                G,
                "RemoveGroup",
                json!({"groupId": group_id}),
                true,
            )
            .await
            .is_some()
            && let Some(read) = self
                .step(
                    "conformance.group.remove",
                    G,
                    "GetGroupById",
                    json!({"groupId": group_id}),
                    false,
                )
                .await
        {
            let ok = read.error_type() == Some("RESOURCE_NOT_FOUND");
            self.verdict(
                "conformance.group.remove",
                G,
                "RemoveGroup",
                ok,
                (
                    "a removed group reads back RESOURCE_NOT_FOUND".into(),
                    "RemoveGroup succeeded but the group still reads back".into(),
                ),
                vec![format!(
                    "at `/executionStatus/errors/0/type` (request {})",
                    read.request_id
                )],
            );
        }
    }

    async fn membership(&mut self, group_id: &str, user: &CreatedUser) {
        const G: &str = "Group membership";
        let member = json!([{"value": user.id, "display": user.user_name}]);
        let members = ListCall {
            action: "ListGroupMembers",
            items: "resources",
            extra: json!({"groupId": group_id}),
            key: "value",
            limit: IMPORT_LIMIT,
        };
        if self
            .step(
                "conformance.members.add",
                G,
                "AddGroupMembers",
                json!({"groupId": group_id, "groupMembers": member}),
                true,
            )
            .await
            .is_none()
        {
            return;
        }
        if let Some(listed) = self
            .import_list("conformance.members.listed.paging", G, members)
            .await
        {
            let ok = listed.iter().any(|m| m["value"] == user.id.as_str());
            self.verdict(
                "conformance.members.listed",
                G,
                "ListGroupMembers",
                ok,
                (
                    "an added member is listed".into(),
                    format!("the added member `{}` is not listed", user.id),
                ),
                Vec::new(),
            );
        }
        if self
            .step(
                "conformance.members.remove",
                G,
                "RemoveGroupMembers",
                json!({"groupId": group_id, "groupMembers": member}),
                true,
            )
            .await
            .is_none()
        {
            return;
        }
        let members = ListCall {
            action: "ListGroupMembers",
            items: "resources",
            extra: json!({"groupId": group_id}),
            key: "value",
            limit: IMPORT_LIMIT,
        };
        if let Some(listed) = self
            .import_list("conformance.members.removed.paging", G, members)
            .await
        {
            let gone = !listed.iter().any(|m| m["value"] == user.id.as_str());
            self.verdict(
                "conformance.members.removed",
                G,
                "RemoveGroupMembers",
                gone,
                (
                    "a removed member is gone".into(),
                    format!("the removed member `{}` is still listed", user.id),
                ),
                Vec::new(),
            );
        }
    }

    async fn discovery(&mut self, label: &str, group: &str, schema: &str, values: &str) {
        let slug = label.to_ascii_lowercase().replace(' ', "-");
        let properties = ListCall {
            action: schema,
            items: "schemaProperties",
            extra: json!({}),
            key: "name",
            limit: IMPORT_LIMIT,
        };
        let found = self
            .import_list(&format!("conformance.{slug}.properties"), group, properties)
            .await;
        if found.as_ref().is_some_and(Vec::is_empty) {
            self.push(
                Check::new(
                    format!("conformance.{slug}.not-empty"),
                    group,
                    Status::Warn,
                    format!("{schema} returned no properties"),
                )
                .for_action(schema),
            );
        }
        let list = ListCall {
            action: values,
            items: "schemaPropertyValues",
            extra: json!({}),
            key: "",
            limit: IMPORT_LIMIT,
        };
        self.import_list(&format!("conformance.{slug}.values"), group, list)
            .await;
    }

    async fn logout(&mut self, user: Option<&CreatedUser>) {
        const G: &str = "Universal Logout";
        const ID: &str = "conformance.logout.proprietary";
        let Some(user) = user else {
            self.skip(ID, G, "UniversalLogout", "no user was created to log out");
            return;
        };
        let input = json!({"externalUserId": user.id, "externalUserName": user.user_name});
        if let Some(answer) = self.step(ID, G, "UniversalLogout", input, true).await {
            let ok = answer.body["logoutStatus"] == "SUCCESS";
            self.verdict(
                ID,
                G,
                "UniversalLogout",
                ok,
                (
                    "the created user was logged out (`logoutStatus: SUCCESS`)".into(),
                    "UniversalLogout did not answer `logoutStatus: SUCCESS`".into(),
                ),
                vec![format!(
                    "at `/logoutStatus` (request {})",
                    answer.request_id
                )],
            );
        }
    }

    async fn unknown_user(&mut self) {
        const G: &str = "User query";
        const ID: &str = "conformance.user.unknown";
        let id = format!("okta-actions-no-such-user-{}", self.tag);
        if let Some(answer) = self
            .step(ID, G, "GetUserById", json!({"userId": id}), false)
            .await
        {
            let ok = answer.error_type() == Some("RESOURCE_NOT_FOUND");
            self.verdict(
                ID,
                G,
                "GetUserById",
                ok,
                (
                    "an unknown user id is RESOURCE_NOT_FOUND".into(),
                    "an unknown user id must be FAILED with type RESOURCE_NOT_FOUND".into(),
                ),
                vec![format!(
                    "at `/executionStatus/errors/0/type` (request {})",
                    answer.request_id
                )],
            );
        }
    }
}

fn users_list() -> ListCall<'static> {
    ListCall {
        action: "ListUsers",
        items: "resources",
        extra: json!({}),
        key: "id",
        limit: IMPORT_LIMIT,
    }
}

/// A fresh password meeting common complexity rules; never reported.
fn password() -> String {
    format!("Ok!{:016x}aZ", fastrand::u64(..))
}

fn first_path(violations: &[String]) -> String {
    violations
        .first()
        .and_then(|v| v.split('`').nth(1))
        .map(|path| format!("at `{path}`"))
        .unwrap_or_default()
}
