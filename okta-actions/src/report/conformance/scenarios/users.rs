//! Users as Okta assigns, updates, reactivates and unassigns them: C9290, C9334–C9337, C9307,
//! C9309, C9291/C9310, C9301/C9302, C9293, C9300, C9292/C9294, C9311, C9339, C9392/C9393,
//! C9371/C9372.

use serde_json::{Value, json};

use super::attributes::{AttrPath, is_cleared, is_custom, is_user_reference, same_value, sample};
use super::entitlements::{Assignment, Entitlements};
use super::{CreatedUser, Run, Users, password};
use crate::report::model::{Check, Status};

const G: &str = "Users";

/// An attribute the run wrote: the discovered property, where it lives, the value sent.
pub(super) struct Written {
    property: Value,
    path: AttrPath,
    value: Value,
}

impl Run<'_> {
    /// Assigns users as Okta does, and changes them.
    pub(super) async fn users(&mut self, imported: Option<&[Value]>) -> Users {
        let mut users = Users {
            first: self.assign_new_user().await,
            ..Users::default()
        };
        users.second = self.assign_unique_user().await;
        let (full, written) = self.assign_full_user(imported, users.first.as_ref()).await;
        users.full = full;
        self.assign_existing_user(users.first.as_ref()).await;
        self.update_user(users.first.as_ref()).await;
        if let Some(full) = users.full.clone() {
            self.update_full_user(&full, &written).await;
            self.push_empty_values(&full, &written).await;
        } else {
            for id in [
                "conformance.user.custom-update",
                "conformance.entitlements.change",
                "conformance.user.push-empty",
            ] {
                self.skip(
                    id,
                    G,
                    "UpdateUser",
                    self.because(
                        "no user with every attribute was created",
                        "conformance.user.all-attributes",
                    ),
                );
            }
        }
        users.members = self.assign_group().await;
        self.change_password(users.first.as_ref()).await;
        users
    }

    /// C9290, C9301: no match by userName, then CreateUser with a password, then it reads back.
    async fn assign_new_user(&mut self) -> Option<CreatedUser> {
        let mut user = self.new_user(1);
        let user_name = user["userName"].as_str().unwrap_or_default().to_owned();
        if let Some(answer) = self
            .step(
                "conformance.user.lookup-unknown",
                G,
                "GetUserByUserName",
                json!({"userName": user_name}),
                false,
            )
            .await
        {
            let ok = answer.error_type() == Some("RESOURCE_NOT_FOUND");
            self.verdict(
                "conformance.user.lookup-unknown",
                G,
                "GetUserByUserName",
                ok,
                (
                    "an unknown userName is RESOURCE_NOT_FOUND, so Okta creates the user".into(),
                    "an unknown userName must be FAILED with type RESOURCE_NOT_FOUND".into(),
                ),
                vec![format!(
                    "at `/executionStatus/errors/0/type`: {} (request {})",
                    answer.error_type().unwrap_or("none"),
                    answer.request_id
                )],
            );
        }
        user["password"] = json!(password());
        let created = self
            .create("conformance.user.create", G, user.clone())
            .await;
        let Some(created) = created else {
            self.skip(
                "conformance.user.password-on-create",
                G,
                "CreateUser",
                "the user was not created",
            );
            return None;
        };
        self.push(
            Check::new(
                "conformance.user.create",
                G,
                Status::Pass,
                format!("created user `{}`", created.id),
            )
            .for_action("CreateUser"),
        );
        self.push(
            Check::new(
                "conformance.user.password-on-create",
                G,
                Status::Pass,
                "CreateUser accepts a synced password (whether it signs in is the vendor's to test)",
            )
            .for_action("CreateUser"),
        );
        self.read_back(&created, &user).await;
        Some(created)
    }

    /// The created user reads back by id with the mapped username, names and email, and is
    /// found by its userName.
    async fn read_back(&mut self, created: &CreatedUser, sent: &Value) {
        const ID: &str = "conformance.user.read-back";
        let Some(read) = self.read_user(ID, G, &created.id).await else {
            return;
        };
        let mut problems = Vec::new();
        let same_text = |a: &Value, b: &Value, any_case: bool| match (a.as_str(), b.as_str()) {
            (Some(a), Some(b)) if any_case => a.eq_ignore_ascii_case(b),
            (Some(a), Some(b)) => a == b,
            _ => false,
        };
        for (pointer, any_case) in [
            ("/userName", true),
            ("/name/givenName", false),
            ("/name/familyName", false),
        ] {
            let (a, b) = (sent.pointer(pointer), read.pointer(pointer));
            if !same_text(
                a.unwrap_or(&Value::Null),
                b.unwrap_or(&Value::Null),
                any_case,
            ) {
                problems.push(format!("at `/user{pointer}`: sent {a:?}, read {b:?}"));
            }
        }
        let email = AttrPath::Primary(vec!["emails".into()]);
        if !same_text(
            email.get(sent).unwrap_or(&Value::Null),
            email.get(&read).unwrap_or(&Value::Null),
            true,
        ) {
            problems.push(format!(
                "at `/user/emails` (primary): read {:?}",
                email.get(&read)
            ));
        }
        if let Some(found) = self
            .step(
                ID,
                G,
                "GetUserByUserName",
                json!({"userName": created.user_name}),
                true,
            )
            .await
        {
            if found.body["user"]["id"] != created.id.as_str() {
                problems.push(format!(
                    "GetUserByUserName returns id {} for the created user `{}`",
                    found.body["user"]["id"], created.id
                ));
            }
        } else {
            return;
        }
        self.verdict(
            ID,
            G,
            "GetUserById",
            problems.is_empty(),
            (
                "the created user reads back by id and by userName with its username, names and email".into(),
                "the created user does not read back as created".into(),
            ),
            problems,
        );
    }

    /// C9336: a second user with a unique username and email.
    async fn assign_unique_user(&mut self) -> Option<CreatedUser> {
        const ID: &str = "conformance.user.create-unique";
        let user = self.new_user(2);
        let created = self.create(ID, G, user).await?;
        self.push(
            Check::new(
                ID,
                G,
                Status::Pass,
                format!(
                    "a second user with a unique username and email was created (`{}`)",
                    created.id
                ),
            )
            .for_action("CreateUser"),
        );
        Some(created)
    }

    /// C9334, C9392, C9371: a user with every discovered attribute and entitlements.
    async fn assign_full_user(
        &mut self,
        imported: Option<&[Value]>,
        first: Option<&CreatedUser>,
    ) -> (Option<CreatedUser>, Vec<Written>) {
        const ID: &str = "conformance.user.all-attributes";
        if self.schema.properties.is_empty() {
            for id in [
                ID,
                "conformance.user.custom-create",
                "conformance.entitlements.assign",
            ] {
                self.skip(
                    id,
                    G,
                    "CreateUser",
                    self.because(
                        "the user schema was not discovered",
                        "conformance.schema.properties",
                    ),
                );
            }
            return (None, Vec::new());
        }
        let manager = imported
            .and_then(|users| users.first())
            .and_then(|u| u["id"].as_str())
            .map(str::to_owned)
            .or_else(|| first.map(|u| u.id.clone()));
        let mut user = self.new_user(3);
        let mut written = Vec::new();
        let mut unwritable = Vec::new();
        for (property, path) in self.schema.writable() {
            let value = if is_user_reference(&path) {
                manager.clone().map(Value::String)
            } else {
                sample(property, self.schema.allowed(property), &self.tag, 0)
            };
            let Some(value) = value else {
                unwritable.push(path.pointer());
                continue;
            };
            path.set(&mut user, Some(value.clone()));
            if let Some(schema) = path.schema()
                && let Some(schemas) = user["schemas"].as_array_mut()
                && !schemas.iter().any(|s| s == schema)
            {
                schemas.push(json!(schema));
            }
            written.push(Written {
                property: property.clone(),
                path,
                value,
            });
        }
        let assignment = self.entitlements.assignment(0);
        Entitlements::apply(&assignment, &mut user);
        let Some(created) = self.create(ID, G, user).await else {
            for id in [
                "conformance.user.custom-create",
                "conformance.entitlements.assign",
            ] {
                self.skip(
                    id,
                    G,
                    "CreateUser",
                    self.because(
                        "the user with every attribute was not created",
                        "conformance.user.all-attributes",
                    ),
                );
            }
            return (None, written);
        };
        let Some(read) = self.read_user(ID, G, &created.id).await else {
            return (Some(created), written);
        };
        let mismatches = |custom_only: bool| -> Vec<String> {
            written
                .iter()
                .filter(|w| !custom_only || is_custom(&w.property))
                .filter(|w| !same_value(&w.value, w.path.get(&read), &w.property))
                .map(|w| {
                    format!(
                        "at `/user{}`: sent {}, read {}",
                        w.path.pointer(),
                        w.value,
                        w.path
                            .get(&read)
                            .map_or("nothing".to_owned(), Value::to_string)
                    )
                })
                .collect()
        };
        let mut all = mismatches(false);
        all.extend(
            unwritable
                .iter()
                .map(|p| format!("at `/user{p}`: no value of its type to send (not checked)")),
        );
        let failed = mismatches(false);
        self.verdict(
            ID,
            G,
            "CreateUser",
            failed.is_empty(),
            (
                format!(
                    "all {} discovered attribute(s) round-trip on create",
                    written.len()
                ),
                format!(
                    "{} of {} discovered attribute(s) do not read back as created",
                    failed.len(),
                    written.len()
                ),
            ),
            all,
        );
        let custom = written.iter().filter(|w| is_custom(&w.property)).count();
        if custom == 0 {
            self.skip(
                "conformance.user.custom-create",
                G,
                "CreateUser",
                "the vendor declares no custom attributes",
            );
        } else {
            let failed = mismatches(true);
            self.verdict(
                "conformance.user.custom-create",
                G,
                "CreateUser",
                failed.is_empty(),
                (
                    format!("all {custom} custom attribute(s) are stored on create and read back"),
                    "custom attributes do not read back as created".into(),
                ),
                failed,
            );
        }
        self.entitlement_verdict("conformance.entitlements.assign", &assignment, &read);
        (Some(created), written)
    }

    fn entitlement_verdict(&mut self, id: &str, assignment: &Assignment, read: &Value) {
        if assignment.is_empty() {
            self.skip(
                id,
                G,
                "ListEntitlementSchema",
                "no entitlements were discovered",
            );
            return;
        }
        let differences = Entitlements::differences(assignment, read);
        let held: usize = assignment.iter().map(|(_, v)| v.len()).sum();
        self.verdict(
            id,
            G,
            "CreateUser",
            differences.is_empty(),
            (
                format!("the user holds exactly the {held} entitlement value(s) Okta sent"),
                "the user's entitlements are not exactly the ones Okta sent".into(),
            ),
            differences,
        );
    }

    /// C9335: the user already exists: found by userName, then updated, not created again.
    async fn assign_existing_user(&mut self, first: Option<&CreatedUser>) {
        const ID: &str = "conformance.user.existing-linked";
        let Some(first) = first else {
            self.skip(
                ID,
                G,
                "GetUserByUserName",
                self.because(
                    "no user was created to assign again",
                    "conformance.user.create",
                ),
            );
            return;
        };
        let Some(found) = self
            .step(
                ID,
                G,
                "GetUserByUserName",
                json!({"userName": first.user_name}),
                true,
            )
            .await
        else {
            return;
        };
        let mut user = found.body["user"].clone();
        let linked = user["id"] == first.id.as_str();
        let display = format!("Linked {}", self.tag);
        user["displayName"] = json!(display);
        if !linked || !self.update(ID, G, user).await {
            if !linked {
                self.verdict(
                    ID,
                    G,
                    "GetUserByUserName",
                    false,
                    (
                        String::new(),
                        "the existing user is found with another id".into(),
                    ),
                    vec![format!("at `/user/id`: {}", found.body["user"]["id"])],
                );
            }
            return;
        }
        self.verdict(
            ID,
            G,
            "UpdateUser",
            true,
            (
                "an existing user is found by userName and updated in place".into(),
                String::new(),
            ),
            vec![format!("request {}", found.request_id)],
        );
    }

    /// C9291, C9310: a profile change reads back.
    async fn update_user(&mut self, user: Option<&CreatedUser>) {
        const ID: &str = "conformance.user.update";
        let Some(user) = user else {
            self.skip(
                ID,
                G,
                "UpdateUser",
                self.because("no user was created to update", "conformance.user.create"),
            );
            return;
        };
        if !self.needs(ID, G, &["UpdateUser", "GetUserById"]) {
            return;
        }
        let family = json!(format!("Updated {}", self.tag));
        if let Some(ok) = self
            .change_and_read(ID, &user.id, "/name/familyName", &family)
            .await
        {
            self.verdict(
                ID,
                G,
                "UpdateUser",
                ok,
                (
                    "an update of name.familyName reads back".into(),
                    "UpdateUser succeeded but the user reads back unchanged".into(),
                ),
                vec![format!("at `/user/name/familyName`: sent {family}")],
            );
        }
    }

    /// Reads the user, sets `pointer` to `value`, updates and reads back, with failed calls
    /// recorded as check `id`: whether the value reads back, `None` when a call failed.
    async fn change_and_read(
        &mut self,
        id: &str,
        user_id: &str,
        pointer: &str,
        value: &Value,
    ) -> Option<bool> {
        let mut user = self.read_user(id, G, user_id).await?;
        let segments = pointer
            .trim_start_matches('/')
            .split('/')
            .map(str::to_owned);
        AttrPath::Member(segments.collect()).set(&mut user, Some(value.clone()));
        if !self.update(id, G, user).await {
            return None;
        }
        let read = self.read_user(id, G, user_id).await?;
        Some(read.pointer(pointer) == Some(value))
    }

    /// The user as Okta's app profile holds it (see `UserSchema::profile`), read as check `id`.
    async fn read_profile(&mut self, id: &str, user_id: &str) -> Option<Value> {
        let read = self.read_user(id, G, user_id).await?;
        let attributes: Vec<&str> = self
            .entitlements
            .properties
            .iter()
            .map(|(a, _)| a.as_str())
            .collect();
        Some(self.schema.profile(&read, &attributes))
    }

    /// C9393, C9372: custom attributes and entitlements change and read back.
    async fn update_full_user(&mut self, full: &CreatedUser, written: &[Written]) {
        const ID: &str = "conformance.user.custom-update";
        let Some(mut user) = self.read_profile(ID, &full.id).await else {
            return;
        };
        let mut changed = Vec::new();
        for w in written.iter().filter(|w| is_custom(&w.property)) {
            if let Some(value) = sample(&w.property, self.schema.allowed(&w.property), &self.tag, 1)
            {
                w.path.set(&mut user, Some(value.clone()));
                changed.push((w, value));
            }
        }
        let assignment = self.entitlements.assignment(1);
        Entitlements::apply(&assignment, &mut user);
        if !self.update(ID, G, user).await {
            return;
        }
        let Some(read) = self.read_user(ID, G, &full.id).await else {
            return;
        };
        if changed.is_empty() {
            self.skip(
                ID,
                G,
                "UpdateUser",
                "the vendor declares no custom attributes",
            );
        } else {
            let failed: Vec<String> = changed
                .iter()
                .filter(|(w, value)| !same_value(value, w.path.get(&read), &w.property))
                .map(|(w, value)| {
                    format!(
                        "at `/user{}`: sent {value}, read {:?}",
                        w.path.pointer(),
                        w.path.get(&read)
                    )
                })
                .collect();
            self.verdict(
                ID,
                G,
                "UpdateUser",
                failed.is_empty(),
                (
                    format!(
                        "all {} custom attribute(s) change and read back",
                        changed.len()
                    ),
                    "custom attributes do not read back as updated".into(),
                ),
                failed,
            );
        }
        self.entitlement_verdict("conformance.entitlements.change", &assignment, &read);
    }

    /// C9337: optional attributes pushed empty are cleared, not left stale.
    async fn push_empty_values(&mut self, full: &CreatedUser, written: &[Written]) {
        const ID: &str = "conformance.user.push-empty";
        let optional: Vec<&Written> = written
            .iter()
            .filter(|w| w.property["required"] != true && !is_user_reference(&w.path))
            .collect();
        if optional.is_empty() {
            self.skip(
                ID,
                G,
                "UpdateUser",
                "no optional attribute was written to clear",
            );
            return;
        }
        let Some(mut user) = self.read_profile(ID, &full.id).await else {
            return;
        };
        for w in &optional {
            w.path.set(&mut user, None);
        }
        if !self.update(ID, G, user).await {
            return;
        }
        let Some(read) = self.read_user(ID, G, &full.id).await else {
            return;
        };
        let stale: Vec<String> = optional
            .iter()
            .filter(|w| !is_cleared(w.path.get(&read)))
            .map(|w| {
                format!(
                    "at `/user{}`: still {}",
                    w.path.pointer(),
                    w.path.get(&read).map_or_else(String::new, Value::to_string)
                )
            })
            .collect();
        self.verdict(
            ID,
            G,
            "UpdateUser",
            stale.is_empty(),
            (
                format!(
                    "{} optional attribute(s) sent empty are cleared",
                    optional.len()
                ),
                format!(
                    "{} of {} attribute(s) sent empty keep their old value",
                    stale.len(),
                    optional.len()
                ),
            ),
            stale,
        );
    }

    /// C9307, C9309: a group assignment creates every member, and a change from the group
    /// updates each.
    async fn assign_group(&mut self) -> Vec<CreatedUser> {
        const ID: &str = "conformance.user.group-assignment";
        let mut members = Vec::new();
        for n in [4, 5] {
            let user = self.new_user(n);
            if let Some(created) = self.create(ID, G, user).await {
                members.push(created);
            }
        }
        if members.len() < 2 {
            return members;
        }
        let mut exist = 0;
        for member in &members {
            if self.read_user(ID, G, &member.id).await.is_some() {
                exist += 1;
            }
        }
        if exist < members.len() {
            return members;
        }
        self.push(
            Check::new(
                ID,
                G,
                Status::Pass,
                format!("each of {} assigned members was created", members.len()),
            )
            .for_action("CreateUser"),
        );
        const EACH: &str = "conformance.user.update-each-member";
        let family = json!(format!("Group {}", self.tag));
        let mut updated = 0;
        for member in &members {
            match self
                .change_and_read(EACH, &member.id, "/name/familyName", &family)
                .await
            {
                Some(true) => updated += 1,
                Some(false) => {}
                None => return members,
            }
        }
        self.verdict(
            EACH,
            G,
            "UpdateUser",
            updated == members.len(),
            (
                format!(
                    "a change from the group updates each of its {} members",
                    members.len()
                ),
                format!("only {updated} of {} members were updated", members.len()),
            ),
            Vec::new(),
        );
        members
    }

    /// C9302: a changed password is accepted.
    async fn change_password(&mut self, user: Option<&CreatedUser>) {
        const ID: &str = "conformance.user.password";
        let Some(user) = user else {
            self.skip(
                ID,
                G,
                "UpdateUserPassword",
                self.because("no user was created", "conformance.user.create"),
            );
            return;
        };
        if self
            .step(
                ID,
                G,
                "UpdateUserPassword",
                json!({"userId": user.id, "password": password()}),
                true,
            )
            .await
            .is_some()
        {
            self.push(
                Check::new(
                    ID,
                    G,
                    Status::Pass,
                    "a changed password is accepted (whether it signs in is the vendor's to test)",
                )
                .for_action("UpdateUserPassword"),
            );
        }
    }

    /// C9292/C9294, C9293, C9300: deactivate, then reactivate with the same id, attributes and
    /// memberships.
    pub(super) async fn reactivation(
        &mut self,
        users: &Users,
        group: Result<&super::groups::Groups, &String>,
    ) {
        const OFF: &str = "conformance.user.deactivate";
        const ON: &str = "conformance.user.reactivate";
        const KEPT: &str = "conformance.user.reactivate-keeps-memberships";
        let Some(user) = users.first.clone() else {
            for id in [OFF, ON, KEPT] {
                self.skip(
                    id,
                    G,
                    "DeactivateUser",
                    self.because("no user was created", "conformance.user.create"),
                );
            }
            return;
        };
        let Some(before) = self.read_user(OFF, G, &user.id).await else {
            return;
        };
        if !self.set_active(OFF, &user.id, false).await {
            return;
        }
        self.push(
            Check::new(
                OFF,
                G,
                Status::Pass,
                "after DeactivateUser the user reads `active: false`",
            )
            .for_action("DeactivateUser"),
        );
        let Some(read) = self.set_active_and_read(ON, &user.id, true).await else {
            return;
        };
        if read["active"] != true {
            return;
        }
        let ignore = ["active", "meta", "password"];
        let differences: Vec<String> = before
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| !ignore.contains(&k.as_str()))
            .filter(|(k, v)| read.get(k.as_str()) != Some(v))
            .map(|(k, v)| {
                format!(
                    "at `/user/{k}`: was {v}, now {}",
                    read.get(k.as_str())
                        .map_or("nothing".into(), Value::to_string)
                )
            })
            .collect();
        let same_id = read["id"] == user.id.as_str();
        self.verdict(
            ON,
            G,
            "ActivateUser",
            same_id && read["active"] == true && differences.is_empty(),
            (
                "a reactivated user is active again with the same id and attributes".into(),
                if same_id {
                    "a reactivated user is not active with the attributes it had".into()
                } else {
                    "a reactivated user has another id".into()
                },
            ),
            differences,
        );
        let group = match group {
            Ok(group) => group,
            Err(why) => {
                self.skip(
                    KEPT,
                    G,
                    "ListGroupMembers",
                    format!("no group was pushed: {why}"),
                );
                return;
            }
        };
        if let Some(members) = self.members(KEPT, &group.first.id).await {
            self.verdict(
                KEPT,
                G,
                "ActivateUser",
                members.contains(&user.id),
                (
                    "a reactivated user keeps its group membership".into(),
                    "a reactivated user lost its group membership".into(),
                ),
                vec![format!(
                    "group `{}` lists {} member(s)",
                    group.first.id,
                    members.len()
                )],
            );
        }
    }

    /// Deactivates or activates and checks `active` reads back, as check `id`.
    async fn set_active(&mut self, id: &str, user_id: &str, active: bool) -> bool {
        self.set_active_and_read(id, user_id, active)
            .await
            .is_some_and(|read| read["active"] == active)
    }

    async fn set_active_and_read(
        &mut self,
        id: &str,
        user_id: &str,
        active: bool,
    ) -> Option<Value> {
        let action = if active {
            "ActivateUser"
        } else {
            "DeactivateUser"
        };
        self.step(id, G, action, json!({"userId": user_id}), true)
            .await?;
        let read = self.read_user(id, G, user_id).await?;
        if read["active"] != active {
            self.verdict(
                id,
                G,
                action,
                false,
                (
                    String::new(),
                    format!("{action} succeeded but the user does not read `active: {active}`"),
                ),
                vec![format!("at `/user/active`: {}", read["active"])],
            );
        }
        Some(read)
    }

    /// C9339: with provisioning off Okta calls nothing, and the vendor's user stays as it was.
    pub(super) async fn provisioning_disabled(&mut self, users: &Users) {
        const ID: &str = "conformance.settings.provisioning-disabled";
        let Some(user) = users.second.clone() else {
            self.skip(
                ID,
                "Connection",
                "GetUserById",
                self.because("no user was created", "conformance.user.create"),
            );
            return;
        };
        let Some(before) = self.read_user(ID, "Connection", &user.id).await else {
            return;
        };
        // An Okta-side edit with provisioning off makes no call at all.
        let Some(after) = self.read_user(ID, "Connection", &user.id).await else {
            return;
        };
        self.verdict(
            ID,
            "Connection",
            "GetUserById",
            before == after,
            (
                "with provisioning off no action is called and the user reads back unchanged"
                    .into(),
                "the user changed although no action was called: reads are not stable".into(),
            ),
            Vec::new(),
        );
    }

    /// C9311: unassigning a group deactivates each member.
    pub(super) async fn unassign_group(&mut self, users: &Users) {
        const ID: &str = "conformance.user.deactivate-each-member";
        if users.members.is_empty() {
            self.skip(
                ID,
                G,
                "DeactivateUser",
                self.because(
                    "no group members were created",
                    "conformance.user.group-assignment",
                ),
            );
            return;
        }
        let mut off = 0;
        for member in &users.members {
            if self.set_active(ID, &member.id, false).await {
                off += 1;
            }
        }
        self.verdict(
            ID,
            G,
            "DeactivateUser",
            off == users.members.len(),
            (
                format!(
                    "unassigning the group deactivates each of its {} members",
                    users.members.len()
                ),
                format!(
                    "only {off} of {} members were deactivated",
                    users.members.len()
                ),
            ),
            Vec::new(),
        );
    }

    pub(super) async fn unknown_user(&mut self) {
        const ID: &str = "conformance.user.unknown";
        let id = format!("okta-actions-no-such-user-{}", self.tag);
        if let Some(answer) = self
            .step(
                ID,
                "User query",
                "GetUserById",
                json!({"userId": id}),
                false,
            )
            .await
        {
            let ok = answer.error_type() == Some("RESOURCE_NOT_FOUND");
            self.verdict(
                ID,
                "User query",
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
