//! Groups: import, group push (create, find, rename, remove) and membership.

use serde_json::json;

use super::{CORE_GROUP, CreatedUser, IMPORT_LIMIT, Run};
use crate::report::conformance::paging::ListCall;

impl Run<'_> {
    pub(super) async fn import_groups(&mut self) {
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

    /// by display name → create → get → add members → list members → remove members → update →
    /// remove.
    pub(super) async fn groups(&mut self, user: Option<&CreatedUser>) {
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

    pub(super) async fn membership(&mut self, group_id: &str, user: &CreatedUser) {
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
}
