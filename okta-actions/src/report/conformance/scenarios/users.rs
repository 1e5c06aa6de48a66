//! Users: import, the lifecycle Okta drives (create, read back, update, password, deactivate,
//! activate) and the not-found answer Okta relies on.

use serde_json::json;

use super::{CORE_USER, CreatedUser, Run, password, users_list};

impl Run<'_> {
    pub(super) async fn import_users(&mut self) {
        self.import_list("conformance.import.users", "Import users", users_list())
            .await;
    }

    /// create → get by id → get by username → listed → update → set password → deactivate →
    /// activate.
    pub(super) async fn user_lifecycle(&mut self) -> Option<CreatedUser> {
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

    pub(super) async fn update_user(&mut self, user: &CreatedUser) {
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

    pub(super) async fn lifecycle(
        &mut self,
        user: &CreatedUser,
        id: &str,
        action: &str,
        active: bool,
    ) {
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

    pub(super) async fn unknown_user(&mut self) {
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
