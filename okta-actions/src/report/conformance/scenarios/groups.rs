//! Group push as Okta drives it (C9312/C9332, C9317, C9315, C9330, C9316, C9333, C9321/C9331,
//! C9322, C9319/C9320/C9328/C9329, C9318/C9327): find by displayName, create, link with and
//! without rename, push now, unlink and leave, link again, unlink and delete.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{CORE_GROUP, CreatedUser, IMPORT_LIMIT, Run, Users, list_call};
use crate::report::conformance::caller::Answer;
use crate::report::conformance::paging::import;
use crate::report::model::Status;

const G: &str = "Group push";

/// What Okta calls to push groups: find by name, create, rename, remove, and manage members
/// (the OIN groups Group operations and Group membership, and GetGroupById).
const GROUP_PUSH_ACTIONS: [&str; 8] = [
    "ListGroupsByDisplayName",
    "CreateGroup",
    "UpdateGroup",
    "RemoveGroup",
    "AddGroupMembers",
    "RemoveGroupMembers",
    "ListGroupMembers",
    "GetGroupById",
];

/// The test-plan checks of group push but removal.
const PUSH_CHECKS: [&str; 10] = [
    "conformance.group.lookup-unknown",
    "conformance.group.push-create",
    "conformance.group.push-empty",
    "conformance.group.link-rename",
    "conformance.group.link-no-rename",
    "conformance.group.push-now",
    "conformance.group.remove-member",
    "conformance.group.unlink-leave",
    "conformance.group.relink",
    "conformance.group.resume-push",
];

/// A group the run pushed.
#[derive(Debug, Clone)]
pub(super) struct PushedGroup {
    pub(super) id: String,
    pub(super) name: String,
}

/// The groups the run pushed: one with members, one created empty.
pub(super) struct Groups {
    pub(super) first: PushedGroup,
    pub(super) second: PushedGroup,
}

impl Run<'_> {
    /// Every member id of a group, all pages; failures recorded as check `id`.
    pub(super) async fn members(&mut self, id: &str, group_id: &str) -> Option<BTreeSet<String>> {
        self.all_records(
            id,
            G,
            "ListGroupMembers",
            "value",
            json!({"groupId": group_id}),
        )
        .await
        .map(|records| {
            records
                .iter()
                .filter_map(|m| m["value"].as_str().map(str::to_owned))
                .collect()
        })
    }

    /// Every record of a list action at Okta's page size; a failed or broken paging is recorded
    /// as check `id` (a good one is not: the caller judges the records).
    pub(super) async fn all_records(
        &mut self,
        id: &str,
        group: &str,
        action: &str,
        key: &str,
        extra: Value,
    ) -> Option<Vec<Value>> {
        if !self.needs(id, group, &[action]) {
            return None;
        }
        let list = list_call(action, key, extra, IMPORT_LIMIT);
        let outcome = import(self.caller, id.to_owned(), group, &list).await;
        if outcome.check.status == Status::Pass {
            Some(outcome.records)
        } else {
            self.push(outcome.check);
            None
        }
    }

    /// A group and its member ids, read as check `id`.
    async fn read_group(&mut self, id: &str, group_id: &str) -> Option<(Answer, BTreeSet<String>)> {
        let read = self
            .step(id, G, "GetGroupById", json!({"groupId": group_id}), true)
            .await?;
        let members = self.members(id, group_id).await?;
        Some((read, members))
    }

    /// The groups named exactly `name`, through ListGroupsByDisplayName.
    async fn by_name(&mut self, id: &str, name: &str) -> Option<Vec<String>> {
        let answer = self
            .step(
                id,
                G,
                "ListGroupsByDisplayName",
                json!({"displayName": name, "pagination": {"limit": IMPORT_LIMIT}}),
                false,
            )
            .await?;
        if answer.error_type() == Some("RESOURCE_NOT_FOUND") {
            return Some(Vec::new());
        }
        if !answer.succeeded() {
            self.verdict(
                id,
                G,
                "ListGroupsByDisplayName",
                false,
                (String::new(), "ListGroupsByDisplayName failed".into()),
                vec![answer.describe_failure()],
            );
            return None;
        }
        Some(
            answer.body["resources"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|g| g["displayName"] == name)
                .filter_map(|g| g["id"].as_str().map(str::to_owned))
                .collect(),
        )
    }

    async fn create_group(&mut self, id: &str, name: &str) -> Option<PushedGroup> {
        let group = json!({"group": {"schemas": [CORE_GROUP], "displayName": name}});
        let created = self.step(id, G, "CreateGroup", group, true).await?;
        match created.body["group"]["id"].as_str() {
            Some(group_id) => Some(PushedGroup {
                id: group_id.to_owned(),
                name: name.to_owned(),
            }),
            None => {
                self.verdict(
                    id,
                    G,
                    "CreateGroup",
                    false,
                    (String::new(), "CreateGroup returned no group id".into()),
                    vec![format!(
                        "at `/group/id`: missing (request {})",
                        created.request_id
                    )],
                );
                None
            }
        }
    }

    async fn change_members(
        &mut self,
        id: &str,
        action: &str,
        group_id: &str,
        users: &[&CreatedUser],
    ) -> bool {
        if users.is_empty() {
            return true;
        }
        let members: Vec<Value> = users
            .iter()
            .map(|u| json!({"value": u.id, "display": u.user_name}))
            .collect();
        self.step(
            id,
            G,
            action,
            json!({"groupId": group_id, "groupMembers": members}),
            true,
        )
        .await
        .is_some()
    }

    /// Okta's "push now": read the members, then add and remove until they equal `target`.
    async fn push_now(
        &mut self,
        id: &str,
        group_id: &str,
        target: &[&CreatedUser],
    ) -> Option<BTreeSet<String>> {
        let current = self.members(id, group_id).await?;
        let wanted: BTreeSet<&str> = target.iter().map(|u| u.id.as_str()).collect();
        let extra: Vec<CreatedUser> = current
            .iter()
            .filter(|m| !wanted.contains(m.as_str()))
            .map(|m| CreatedUser {
                id: m.clone(),
                user_name: String::new(),
            })
            .collect();
        let missing: Vec<&CreatedUser> = target
            .iter()
            .copied()
            .filter(|u| !current.contains(&u.id))
            .collect();
        let extra: Vec<&CreatedUser> = extra.iter().collect();
        if !self
            .change_members(id, "RemoveGroupMembers", group_id, &extra)
            .await
            || !self
                .change_members(id, "AddGroupMembers", group_id, &missing)
                .await
        {
            return None;
        }
        self.members(id, group_id).await
    }

    fn members_verdict(
        &mut self,
        id: &str,
        action: &str,
        held: &BTreeSet<String>,
        expected: &[&CreatedUser],
        pass: &str,
    ) {
        let expected: BTreeSet<String> = expected.iter().map(|u| u.id.clone()).collect();
        self.verdict(
            id,
            G,
            action,
            *held == expected,
            (
                pass.to_owned(),
                "the group's members are not exactly the ones Okta pushed".into(),
            ),
            if *held == expected {
                vec![format!("{} member(s)", held.len())]
            } else {
                vec![format!("members {held:?}, expected exactly {expected:?}")]
            },
        );
    }

    /// Pushes two groups through every group-push case but removal, or says why no group was
    /// pushed: the actions group push needs that are not implemented, or the check that
    /// stopped it. Each case not reached is skipped with that reason.
    pub(super) async fn group_push(
        &mut self,
        users: &Users,
        imported: Option<&[Value]>,
    ) -> Result<Groups, String> {
        let missing: Vec<&str> = GROUP_PUSH_ACTIONS
            .into_iter()
            .filter(|a| !self.implements(a))
            .collect();
        if let Some(first) = missing.first() {
            let names: Vec<String> = missing.iter().map(|a| format!("`{a}`")).collect();
            let reason = format!("group push needs {}: not implemented", names.join(", "));
            for id in PUSH_CHECKS {
                (self.progress)(id);
                self.skip(id, G, first, reason.clone());
            }
            return Err(reason);
        }
        let mark = self.mark();
        let pushed = self.push_groups(users, imported).await;
        self.not_reached(mark, &PUSH_CHECKS, G);
        pushed.ok_or_else(|| {
            self.stopped_by(mark)
                .unwrap_or_else(|| "group push stopped early".to_owned())
        })
    }

    /// The groups of [`group_push`](Self::group_push), `None` when a step stopped it.
    async fn push_groups(&mut self, users: &Users, imported: Option<&[Value]>) -> Option<Groups> {
        let imported: Vec<CreatedUser> = imported
            .unwrap_or_default()
            .iter()
            .filter_map(|u| {
                Some(CreatedUser {
                    id: u["id"].as_str()?.to_owned(),
                    user_name: u["userName"].as_str().unwrap_or_default().to_owned(),
                })
            })
            .take(4)
            .collect();
        let pool: Vec<&CreatedUser> = [users.first.as_ref(), users.second.as_ref()]
            .into_iter()
            .flatten()
            .chain(users.members.iter())
            .chain(users.full.as_ref())
            .chain(imported.iter())
            .collect();
        if pool.len() < 4 {
            for id in PUSH_CHECKS {
                self.skip(
                    id,
                    G,
                    "AddGroupMembers",
                    self.because(
                        "fewer than four users were created to push",
                        "conformance.user.create",
                    ),
                );
            }
            return None;
        }
        let (a, b, c, d) = (pool[0], pool[1], pool[2], pool[3]);
        let name = format!("okta-actions-conformance-{}", self.tag);
        const UNKNOWN: &str = "conformance.group.lookup-unknown";
        let found = self.by_name(UNKNOWN, &name).await?;
        self.verdict(
            UNKNOWN,
            G,
            "ListGroupsByDisplayName",
            found.is_empty(),
            (
                "an unknown displayName finds no group, so Okta creates it".into(),
                "a displayName no group has finds a group".into(),
            ),
            found,
        );

        const CREATE: &str = "conformance.group.push-create";
        let first = self.create_group(CREATE, &name).await?;
        if !self
            .change_members(CREATE, "AddGroupMembers", &first.id, &[a, b])
            .await
        {
            return None;
        }
        let held = self.members(CREATE, &first.id).await?;
        self.members_verdict(
            CREATE,
            "AddGroupMembers",
            &held,
            &[a, b],
            "a pushed group exists with exactly its members",
        );

        const EMPTY: &str = "conformance.group.push-empty";
        let second = self.create_group(EMPTY, &format!("{name}-empty")).await?;
        let (read, held) = self.read_group(EMPTY, &second.id).await?;
        let named = read.body["group"]["displayName"] == second.name.as_str();
        self.verdict(
            EMPTY,
            G,
            "CreateGroup",
            named && held.is_empty(),
            (
                "an empty pushed group exists with no members".into(),
                "an empty pushed group does not read back empty with its name".into(),
            ),
            vec![format!(
                "{} member(s), displayName {}",
                held.len(),
                read.body["group"]["displayName"]
            )],
        );

        let mut first = first;
        self.link_rename(&mut first, [a, b, c]).await;
        self.link_without_rename(&second, a).await;

        const NOW: &str = "conformance.group.push-now";
        let held = self.push_now(NOW, &first.id, &[a, d]).await?;
        self.members_verdict(
            NOW,
            "AddGroupMembers",
            &held,
            &[a, d],
            "push now leaves exactly Okta's members",
        );

        const REMOVE: &str = "conformance.group.remove-member";
        if self
            .change_members(REMOVE, "RemoveGroupMembers", &first.id, &[d])
            .await
            && let Some(held) = self.members(REMOVE, &first.id).await
        {
            self.members_verdict(
                REMOVE,
                "RemoveGroupMembers",
                &held,
                &[a],
                "a removed member is gone, the others stay",
            );
        }

        self.unlink_and_leave(&second).await;

        const RELINK: &str = "conformance.group.relink";
        if self.link(RELINK, &second).await
            && self
                .change_members(RELINK, "AddGroupMembers", &second.id, &[b])
                .await
            && let Some(held) = self.members(RELINK, &second.id).await
        {
            self.members_verdict(
                RELINK,
                "AddGroupMembers",
                &held,
                &[a, b],
                "linked again, old members kept and new ones added",
            );
        }

        const RESUME: &str = "conformance.group.resume-push";
        if let Some(held) = self.push_now(RESUME, &second.id, &[b, c]).await {
            self.members_verdict(
                RESUME,
                "AddGroupMembers",
                &held,
                &[b, c],
                "resumed push leaves exactly Okta's members",
            );
        }
        self.import_groups_complete(&[&first, &second]).await;
        Some(Groups { first, second })
    }

    /// Okta links a pushed group to the app group of the same name: it must be found exactly
    /// once by its displayName, else the failure is recorded as check `id`.
    async fn link(&mut self, id: &str, group: &PushedGroup) -> bool {
        let Some(found) = self.by_name(id, &group.name).await else {
            return false;
        };
        let once = found == [group.id.clone()];
        if !once {
            self.verdict(
                id,
                G,
                "ListGroupsByDisplayName",
                false,
                (
                    String::new(),
                    "the pushed group is not found exactly once by its displayName".into(),
                ),
                found,
            );
        }
        once
    }

    /// C9315: found by name, renamed, members added; no second group appears.
    async fn link_rename(&mut self, group: &mut PushedGroup, members: [&CreatedUser; 3]) {
        const ID: &str = "conformance.group.link-rename";
        if !self.link(ID, group).await {
            return;
        }
        let renamed = format!("{}-renamed", group.name);
        let update =
            json!({"group": {"schemas": [CORE_GROUP], "id": group.id, "displayName": renamed}});
        if self
            .step(ID, G, "UpdateGroup", update, true)
            .await
            .is_none()
            || !self
                .change_members(ID, "AddGroupMembers", &group.id, &members[2..])
                .await
        {
            return;
        }
        let Some((read, held)) = self.read_group(ID, &group.id).await else {
            return;
        };
        let Some(by_new_name) = self.by_name(ID, &renamed).await else {
            return;
        };
        let expected: BTreeSet<String> = members.iter().map(|u| u.id.clone()).collect();
        let mut problems = Vec::new();
        if read.body["group"]["displayName"] != renamed.as_str() {
            problems.push(format!(
                "at `/group/displayName`: {}",
                read.body["group"]["displayName"]
            ));
        }
        if held != expected {
            problems.push(format!("members {held:?}, expected exactly {expected:?}"));
        }
        if by_new_name != [group.id.clone()] {
            problems.push(format!(
                "groups named `{renamed}`: {by_new_name:?} (a duplicate group?)"
            ));
        }
        self.verdict(
            ID,
            G,
            "UpdateGroup",
            problems.is_empty(),
            (
                "a linked group is renamed and keeps old and new members, with no duplicate".into(),
                "linking with rename did not leave one renamed group with old and new members"
                    .into(),
            ),
            problems,
        );
        group.name = renamed;
    }

    /// C9330: found by name, members added, name untouched.
    async fn link_without_rename(&mut self, group: &PushedGroup, member: &CreatedUser) {
        const ID: &str = "conformance.group.link-no-rename";
        if !self.link(ID, group).await
            || !self
                .change_members(ID, "AddGroupMembers", &group.id, &[member])
                .await
        {
            return;
        }
        let Some((read, held)) = self.read_group(ID, &group.id).await else {
            return;
        };
        let ok = read.body["group"]["displayName"] == group.name.as_str()
            && held == BTreeSet::from([member.id.clone()]);
        self.verdict(
            ID,
            G,
            "AddGroupMembers",
            ok,
            (
                "a linked group keeps its name and gains the new member".into(),
                "linking without rename changed the name or the members".into(),
            ),
            vec![format!(
                "displayName {}, members {held:?}",
                read.body["group"]["displayName"]
            )],
        );
    }

    /// C9321/C9331: unlinking and leaving the group calls nothing; group and members stay.
    async fn unlink_and_leave(&mut self, group: &PushedGroup) {
        const ID: &str = "conformance.group.unlink-leave";
        let Some((before, members_before)) = self.read_group(ID, &group.id).await else {
            return;
        };
        let Some((after, members_after)) = self.read_group(ID, &group.id).await else {
            return;
        };
        self.verdict(
            ID,
            G,
            "GetGroupById",
            before.body["group"] == after.body["group"] && members_before == members_after,
            (
                "unlinked and left: no action is called and the group and its members stay".into(),
                "the group changed although no action was called".into(),
            ),
            Vec::new(),
        );
    }

    /// C9318/C9327: unlink and delete removes the group, not its users; an unknown group id is
    /// RESOURCE_NOT_FOUND.
    pub(super) async fn group_removal(&mut self, users: &Users, groups: Result<&Groups, &String>) {
        const ID: &str = "conformance.group.unlink-delete";
        if let Ok(groups) = groups {
            let mut problems = Vec::new();
            for group in [&groups.first, &groups.second] {
                if self
                    .step(ID, G, "RemoveGroup", json!({"groupId": group.id}), true)
                    .await
                    .is_none()
                {
                    return;
                }
                let Some(read) = self
                    .step(ID, G, "GetGroupById", json!({"groupId": group.id}), false)
                    .await
                else {
                    return;
                };
                if read.error_type() != Some("RESOURCE_NOT_FOUND") {
                    problems.push(format!(
                        "group `{}` still reads back (request {})",
                        group.id, read.request_id
                    ));
                }
            }
            for user in [users.first.as_ref(), users.second.as_ref()]
                .into_iter()
                .flatten()
            {
                if self.read_user(ID, G, &user.id).await.is_none() {
                    return;
                }
            }
            self.verdict(
                ID,
                G,
                "RemoveGroup",
                problems.is_empty(),
                (
                    "removed groups read back RESOURCE_NOT_FOUND and their users still exist"
                        .into(),
                    "RemoveGroup succeeded but the group still reads back".into(),
                ),
                problems,
            );
        } else if let Err(why) = groups {
            (self.progress)(ID);
            self.skip(ID, G, "RemoveGroup", format!("no group was pushed: {why}"));
        }
        const UNKNOWN: &str = "conformance.group.unknown-id";
        let id = format!("okta-actions-no-such-group-{}", self.tag);
        if let Some(answer) = self
            .step(
                UNKNOWN,
                "Group query",
                "GetGroupById",
                json!({"groupId": id}),
                false,
            )
            .await
        {
            self.verdict(
                UNKNOWN,
                "Group query",
                "GetGroupById",
                answer.error_type() == Some("RESOURCE_NOT_FOUND"),
                (
                    "an unknown group id is RESOURCE_NOT_FOUND".into(),
                    "an unknown group id must be FAILED with type RESOURCE_NOT_FOUND".into(),
                ),
                vec![format!(
                    "at `/executionStatus/errors/0/type` (request {})",
                    answer.request_id
                )],
            );
        }
    }
}
